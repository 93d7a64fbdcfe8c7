"""client.py -- one keep-alive HTTP client of the soak: calls, retries of asked-for faults, error tally by kind"""
import http.client
import json
import threading
import time

V1 = "/inventory/v1"


class Tally:
    """Requests and errors by kind, shared by every client (thread-safe)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.requests = 0
        self.kinds = {}         # kind -> count
        self.failures = []      # what broke an invariant, first ones kept

    def count(self, kind=None):
        with self.lock:
            self.requests += 1
            if kind:
                self.kinds[kind] = self.kinds.get(kind, 0) + 1

    def fail(self, text):
        with self.lock:
            self.kinds["failure"] = self.kinds.get("failure", 0) + 1
            if len(self.failures) < 20:
                self.failures.append(text)


class Refused(Exception):
    """A call the server answered with an error the flow did not expect."""


class Client:
    """A keep-alive connection for one organization. A fault the scenario
    asked for (marked X-Soak-Fault, or a broken connection in the faulted
    organization) is counted and retried: it happened before the model ran.
    Anything else malformed is a failure."""

    RETRIES = 8
    IDLE_SECONDS = 2.0          # well inside the server's --idle-timeout (5 s)

    def __init__(self, port, org, token, tally, faulted):
        self.port, self.org, self.token = port, org, token
        self.tally, self.faulted = tally, faulted
        self.conn = None
        self.used = 0.0

    def _connect(self):
        # A connection idle for long may be closed by the server at any moment: a new one.
        if self.conn is not None and time.monotonic() - self.used > self.IDLE_SECONDS:
            self._drop()
        self.used = time.monotonic()
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        return self.conn

    def _drop(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def close(self):
        self._drop()

    def _once(self, method, url, body):
        """(status, headers, text) or raises OSError / HTTPException."""
        conn = self._connect()
        headers = {"Authorization": "Zoho-oauthtoken " + self.token}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        conn.request(method, url, body=data, headers=headers)
        res = conn.getresponse()
        text = res.read()
        if res.getheader("Connection", "").lower() == "close":
            self._drop()
        return res.status, res, text

    def call(self, method, path, body=None, query=""):
        """METHOD /inventory/v1<path>?organization_id=...&query: (status, JSON).
        Raises Refused when the answer is not JSON with a code."""
        url = f"{V1}{path}?organization_id={self.org}" + (f"&{query}" if query else "")
        for _ in range(self.RETRIES):
            try:
                status, res, text = self._once(method, url, body)
            except (OSError, http.client.HTTPException) as e:
                self._drop()
                if self.faulted:
                    self.tally.count("scenario: connection broken")
                    continue
                self.tally.count("connection error")
                self.tally.fail(f"{method} {url}: connection error {e!r} in an organization without faults")
                raise Refused(f"{method} {path}: {e!r}")
            fault = res.getheader("X-Soak-Fault")
            if fault:
                if not self.faulted:
                    self.tally.fail(f"{method} {url}: a fault ({fault}) outside the faulted organization")
                self.tally.count("scenario: " + fault)
                continue
            try:
                answer = json.loads(text)
            except ValueError:
                self.tally.count("malformed")
                self.tally.fail(f"{method} {url}: {status} not JSON: {text[:200]!r}")
                raise Refused(f"{method} {path}: not JSON")
            if not isinstance(answer, dict) or not isinstance(answer.get("code"), int) \
                    or not isinstance(answer.get("message"), str):
                self.tally.count("malformed")
                self.tally.fail(f"{method} {url}: {status} without code and message: {text[:200]!r}")
                raise Refused(f"{method} {path}: wrong shape")
            if (status < 300) != (answer["code"] == 0):
                self.tally.count("malformed")
                self.tally.fail(f"{method} {url}: status {status} with code {answer['code']}")
            self.tally.count(None if status < 300 else f"http {status} code {answer['code']}")
            return status, answer
        self.tally.fail(f"{method} {url}: still faulted after {self.RETRIES} tries")
        raise Refused(f"{method} {path}: faulted {self.RETRIES} times")

    def ok(self, method, path, body=None, query=""):
        """The answer of a call that must succeed; a refusal is a failure."""
        status, answer = self.call(method, path, body, query)
        if status >= 300:
            self.tally.fail(f"{method} {path}?{query} {json.dumps(body)[:300] if body else ''}: {status} {answer}")
            raise Refused(f"{method} {path}: {status} {answer.get('message')}")
        return answer
