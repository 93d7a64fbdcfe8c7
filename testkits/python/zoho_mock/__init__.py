"""zoho_mock -- zoho-mock for Python test suites: start on a free port, reset, scenarios, journal, stop.

Standard library only::

    from zoho_mock import start

    with start(scenarios=["rate_limit.lua"], seed=42) as zoho:
        req = urllib.request.Request(
            f"{zoho.base_url}/items?organization_id={zoho.organization_id}",
            headers={"Authorization": f"Zoho-oauthtoken {zoho.token}"})
        ...

With pytest, the ``zoho_mock`` fixture (zoho_mock/pytest_plugin.py) gives one
server per session, reset before each test.
"""

from __future__ import annotations

import atexit
import collections
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Callable, Iterable, Optional, Union

__all__ = ["start", "ZohoMock", "ZohoMockError"]

# The first line zoho-mock prints: "zoho-mock 0.1.0 listening on http://127.0.0.1:41234 (fixtures built-in)".
READY_LINE = re.compile(r"^zoho-mock \S+ listening on (http://\S+) \(fixtures (.*)\)$")
OUTPUT_KEPT = 64 * 1024  # the server's last output, for error messages

_running: "set[subprocess.Popen]" = set()


@atexit.register
def _kill_forgotten() -> None:
    for proc in list(_running):
        proc.kill()


class ZohoMockError(Exception):
    """An admin call that failed (status, Zoho's code and message), or a server that did not start."""

    def __init__(self, message: str, status: Optional[int] = None, code: Optional[int] = None):
        super().__init__(message)
        self.status = status
        self.code = code


class _Clock:
    def __init__(self, mock: "ZohoMock"):
        self._mock = mock

    def advance(self, by: Union[str, int, float], organization_id: Optional[str] = None) -> Any:
        """Moves the clock forward by an ISO 8601 duration ("P1D", "PT2H", "P1M") or seconds;
        what fell due runs (recurring counts, background actions). Default: every organization."""
        body: dict = {"advance": by} if isinstance(by, str) else {"advance_seconds": by}
        if organization_id:
            body["organization_id"] = organization_id
        r = self._mock._admin("PUT", "/__admin/clock", body)
        return r.get("clock", r.get("clocks"))

    def set(self, now: str, frozen: Optional[bool] = None, organization_id: Optional[str] = None) -> Any:
        """Sets the instant ("2025-07-01T09:00:00+0530"; forward only), frozen or running."""
        body: dict = {"now": now}
        if frozen is not None:
            body["frozen"] = frozen
        if organization_id:
            body["organization_id"] = organization_id
        r = self._mock._admin("PUT", "/__admin/clock", body)
        return r.get("clock", r.get("clocks"))

    def get(self, organization_id: Optional[str] = None) -> dict:
        """The clock of an organization (default: the mock's organization_id)."""
        org = urllib.parse.quote(organization_id or self._mock.organization_id)
        return self._mock._admin("GET", f"/__admin/clock?organization_id={org}")["clock"]


class ZohoMock:
    """A running zoho-mock. Attributes: url (the server's root), base_url (where
    https://www.zohoapis.com/inventory/v1 would be), accounts_url (where
    https://accounts.zoho.com would be), token and organization_id (a full-access
    token of the fixture's first organization), organization_ids, fixtures
    ("built-in" or the file), process."""

    def __init__(self, proc: subprocess.Popen, url: str, fixtures: str, output: "collections.deque[str]",
                 readers: "list[threading.Thread]", tmp: Optional[str]):
        self.process = proc
        self._readers = readers
        self.url = url
        self.base_url = f"{url}/inventory/v1"
        self.accounts_url = url
        self.fixtures = fixtures
        self.clock = _Clock(self)
        self._output = output
        self._tmp = tmp
        self._added: list = []  # scenarios activated through scenario(): reset() deactivates them
        health = self._admin("GET", "/__admin/health")
        credentials = health.get("credentials") or {}
        self.token: Optional[str] = credentials.get("token")
        self.organization_id: Optional[str] = credentials.get("organization_id")
        self.organization_ids: list = health.get("organization_ids", [])

    # ---------------------------------------------------------------- admin

    def _admin(self, method: str, path: str, body: Any = None, expect: Iterable[int] = (200,),
               content_type: str = "application/json") -> dict:
        data = None
        headers = {}
        if body is not None:
            data = (body if isinstance(body, str) else json.dumps(body)).encode()
            headers["Content-Type"] = content_type
        req = urllib.request.Request(self.url + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=30) as res:
                status, text = res.status, res.read().decode()
        except urllib.error.HTTPError as e:
            status, text = e.code, e.read().decode()
        try:
            parsed = json.loads(text)
        except ValueError:
            parsed = None
        if status not in expect:
            message = parsed.get("message", text) if isinstance(parsed, dict) else text
            code = parsed.get("code") if isinstance(parsed, dict) else None
            raise ZohoMockError(f"{method} {path}: {status} {message}", status, code)
        return parsed if isinstance(parsed, dict) else {}

    def reset(self, organization_id: Optional[str] = None, clock: Optional[str] = None) -> None:
        """A fresh server between tests: the fixture's data, ids and clocks come back, scenarios
        activated with scenario() go, those given to start() start over, the journal is emptied.
        organization_id: only that organization's data; clock: restored clocks start frozen there."""
        while self._added:
            name, org = self._added.pop()
            q = f"?organization_id={urllib.parse.quote(org)}" if org else ""
            self._admin("DELETE", f"/__admin/scenarios/{urllib.parse.quote(name)}{q}", expect=(200, 404))
        q = f"?organization_id={urllib.parse.quote(organization_id)}" if organization_id else ""
        self._admin("POST", f"/__admin/reset{q}", {"clock": clock} if clock else None)
        self._admin("DELETE", "/__admin/requests")

    def scenario(self, name_or_text: str, organization_id: Optional[str] = None,
                 name: Optional[str] = None) -> dict:
        """Activates a scenario until the next reset(): a file ending in .lua (read here when it
        exists, else the name of a built-in example: "flaky_then_ok.lua"), or Lua source.
        Returns the scenario as GET /__admin/scenarios lists it."""
        looks_like_file = re.fullmatch(r"[^\s()]+\.lua", name_or_text) is not None
        on_disk = looks_like_file and os.path.isfile(name_or_text)
        if not looks_like_file or on_disk:
            if on_disk:
                with open(name_or_text, encoding="utf-8") as f:
                    source = f.read()
            else:
                source = name_or_text
            query = {}
            if name or on_disk:
                query["name"] = name or os.path.basename(name_or_text)
            if organization_id:
                query["organization_id"] = organization_id
            qs = f"?{urllib.parse.urlencode(query)}" if query else ""
            r = self._admin("POST", f"/__admin/scenarios{qs}", source, (201,), "text/x-lua")
        else:
            body = {"file": name_or_text}
            if organization_id:
                body["organization_id"] = organization_id
            r = self._admin("POST", "/__admin/scenarios", body, (201,))
        s = r["scenario"]
        self._added.append((s["name"], s.get("organization_id")))
        return s

    def requests(self, method: Optional[str] = None, path: Union[str, "re.Pattern[str]", None] = None,
                 status: Optional[int] = None, organization_id: Optional[str] = None,
                 where: Optional[Callable[[dict], bool]] = None) -> list:
        """The requests the server answered (the last 1000, admin calls excluded), oldest first.
        path: a string where * matches anything, or a compiled regular expression."""
        entries = list(reversed(self._admin("GET", "/__admin/requests")["requests"]))
        if isinstance(path, str):
            path = re.compile("^" + ".*".join(re.escape(p) for p in path.split("*")) + "$")
        return [e for e in entries
                if (method is None or e["method"] == method.upper())
                and (path is None or path.search(e["path"]))
                and (status is None or e["status"] == status)
                and (organization_id is None or e["organization_id"] == organization_id)
                and (where is None or where(e))]

    def output(self) -> str:
        """The server's last output (scenario logs, errors)."""
        return "".join(self._output)

    # ------------------------------------------------------------ lifecycle

    def stop(self, timeout: float = 5.0) -> None:
        """Stops the server (SIGTERM, then SIGKILL after timeout) and removes its temporary files."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        _running.discard(self.process)
        for r in self._readers:  # they end with the process's output
            r.join(timeout)
        for stream in (self.process.stdout, self.process.stderr):
            if stream:
                stream.close()
        if self._tmp:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None

    def __enter__(self) -> "ZohoMock":
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _drain(stream, output: "collections.deque[str]", first_line: Optional[Callable[[Optional[str]], None]]) -> None:
    """Reads the server's output to its end, so that it never blocks on a full pipe, keeping
    the last OUTPUT_KEPT characters; first_line gets stdout's first line (None if none)."""
    for line in iter(stream.readline, ""):
        output.append(line)
        while sum(len(x) for x in output) > OUTPUT_KEPT and len(output) > 1:
            output.popleft()
        if first_line:
            first_line(line.rstrip("\n"))
            first_line = None
    if first_line:
        first_line(None)


def start(fixtures: Union[str, os.PathLike, dict, None] = None, scenarios: Iterable[str] = (),
          seed: Optional[int] = None, binary: Optional[str] = None, args: Iterable[str] = (),
          cwd: Optional[str] = None, timeout: float = 10.0) -> ZohoMock:
    """Starts zoho-mock on a free port of 127.0.0.1 and waits until it answers.

    fixtures: a file, or the fixture itself as a dict (written to a temporary file); default
    the binary's built-in fixture. scenarios: files, or names of built-in examples
    ("rate_limit.lua"; `zoho-mock scenarios` lists them). seed: the scenarios' zoho.random seed.
    binary: the executable; default $ZOHO_MOCK_BIN, else zoho-mock on the PATH.
    """
    binary = binary or os.environ.get("ZOHO_MOCK_BIN") or "zoho-mock"
    argv = [binary, "--port", "0", "--quiet"]
    tmp = None
    if isinstance(fixtures, dict):
        tmp = tempfile.mkdtemp(prefix="zoho-mock-")
        path = os.path.join(tmp, "fixtures.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(fixtures, f)
        argv += ["--fixtures", path]
    elif fixtures is not None:
        argv += ["--fixtures", os.fspath(fixtures)]
    if isinstance(scenarios, str):
        scenarios = [scenarios]
    for s in scenarios:
        argv += ["--scenario", s]
    if seed is not None:
        argv += ["--seed", str(seed)]
    argv += list(args)
    try:
        proc = subprocess.Popen(argv, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
    except OSError as e:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
        raise ZohoMockError(f"cannot run {binary} ({e.strerror}): pass binary=, set ZOHO_MOCK_BIN, "
                            "or put zoho-mock on the PATH") from e
    _running.add(proc)
    output: "collections.deque[str]" = collections.deque()
    first: "list[Optional[str]]" = []
    ready = threading.Event()

    def got_first(line: Optional[str]) -> None:
        first.append(line)
        ready.set()

    readers = [threading.Thread(target=_drain, args=(proc.stdout, output, got_first), daemon=True),
               threading.Thread(target=_drain, args=(proc.stderr, output, None), daemon=True)]
    for r in readers:
        r.start()

    def fail(message: str, with_output: bool = True) -> ZohoMockError:
        """Ends the process; the error, followed by what the server printed."""
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        for r in readers:
            r.join(timeout)
        for stream in (proc.stdout, proc.stderr):
            stream.close()
        _running.discard(proc)
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
        return ZohoMockError(message + ("".join(output).strip() if with_output else ""))

    if not ready.wait(timeout):
        raise fail(f"zoho-mock did not print its ready line within {timeout} s:\n")
    match = READY_LINE.match(first[0]) if first[0] is not None else None
    if not match:
        if first[0] is None:  # stdout ended: the server exited, its message is on stderr
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                pass
            raise fail(f"zoho-mock exited (status {proc.returncode}) before listening: ")
        raise fail(f"zoho-mock printed an unexpected first line: {first[0]}", with_output=False)
    try:
        return ZohoMock(proc, match.group(1), match.group(2), output, readers, tmp)
    except Exception:
        fail("", with_output=False)
        raise
