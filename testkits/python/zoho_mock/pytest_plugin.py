"""pytest_plugin.py -- pytest fixtures for zoho-mock: one server per session, reset before each test.

Enable it in a conftest.py::

    pytest_plugins = ["zoho_mock.pytest_plugin"]

then::

    def test_lists_items(zoho_mock):
        ...  # zoho_mock.base_url, .token, .organization_id, .scenario(...), .requests(...)

Override ``zoho_mock_options`` (session scope) to choose the fixtures, start-up
scenarios, seed or binary: it returns the keyword arguments of zoho_mock.start.
"""

from __future__ import annotations

import pytest

from zoho_mock import ZohoMock, start


@pytest.fixture(scope="session")
def zoho_mock_options() -> dict:
    """The keyword arguments of zoho_mock.start (fixtures, scenarios, seed, binary, args, cwd)."""
    return {}


@pytest.fixture(scope="session")
def zoho_mock_server(zoho_mock_options: dict):
    """One zoho-mock for the whole session, stopped at its end."""
    mock = start(**zoho_mock_options)
    try:
        yield mock
    finally:
        mock.stop()


@pytest.fixture
def zoho_mock(zoho_mock_server: ZohoMock) -> ZohoMock:
    """The session's zoho-mock, reset: the fixture's data, no scenario but the start-up ones,
    an empty journal."""
    zoho_mock_server.reset()
    return zoho_mock_server
