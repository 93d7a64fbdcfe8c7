"""conftest.py -- the kit's own tests start their session server from any folder (the fixture is built in)."""

import tempfile

import pytest


@pytest.fixture(scope="session")
def zoho_mock_options():
    return {"cwd": tempfile.gettempdir()}
