# mock.py -- a zoho-mock process started for the conformance walk, and a keep-alive HTTP client to it
"""Starts `zoho-mock --port 0 --quiet`, reads the port from its first line,
and talks to it over one keep-alive connection (reopened when the server
closes it). Standard library only."""

import http.client
import json
import os
import subprocess
import tempfile
import time
import urllib.parse


class Answer:
    """One HTTP answer: status, lower-cased headers, raw bytes, and the
    parsed JSON body (None when it is not JSON)."""

    def __init__(self, status, headers, data):
        self.status = status
        self.headers = headers
        self.data = data
        self.json = None
        if self.content_type().startswith("application/json") or data[:1] in (b"{", b"["):
            try:
                self.json = json.loads(data.decode("utf-8"))
            except (UnicodeDecodeError, ValueError):
                self.json = None

    def content_type(self):
        return self.headers.get("content-type", "")

    def code(self):
        """Zoho's `code`, or None when the body has none."""
        if isinstance(self.json, dict):
            return self.json.get("code")
        return None

    def message(self):
        if isinstance(self.json, dict) and isinstance(self.json.get("message"), str):
            return self.json["message"]
        return ""


class ServerDied(Exception):
    pass


class Mock:
    """A fresh zoho-mock on a free port; stop() ends it."""

    def __init__(self, binary, fixtures, workdir=None, extra=()):
        self.stderr = tempfile.TemporaryFile(dir=os.environ.get("TMPDIR"))
        args = [binary, "--port", "0", "--quiet", "--threads", "2"] + list(extra)
        if fixtures:
            args += ["--fixtures", fixtures]
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=self.stderr, cwd=workdir)
        line = self.proc.stdout.readline().decode("utf-8", "replace")
        marker = "listening on http://"
        if marker not in line:
            self.proc.wait(timeout=10)
            raise ServerDied("%s did not start: %s%s" % (binary, line.strip(), self.stderr_text()))
        hostport = line.split(marker, 1)[1].split()[0].rstrip("/")
        self.host, port = hostport.rsplit(":", 1)
        self.port = int(port)
        self.conn = None

    def stderr_text(self):
        self.stderr.seek(0)
        return self.stderr.read().decode("utf-8", "replace")

    def alive(self):
        return self.proc.poll() is None

    def stop(self):
        """Ends the server (SIGTERM, then waits); returns its exit code."""
        if self.conn:
            self.conn.close()
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc.stdout.close()
        return self.proc.returncode

    def request(self, method, path, query=None, headers=None, body=None):
        """Sends one request; body is bytes (headers say its type) or None.
        Returns an Answer; raises ServerDied when the process is gone."""
        url = path
        if query:
            url += ("&" if "?" in path else "?") + urllib.parse.urlencode(query)
        hdrs = dict(headers or {})
        for attempt in range(2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
            try:
                self.conn.request(method, url, body=body, headers=hdrs)
                r = self.conn.getresponse()
                data = r.read()
                answer = Answer(r.status, {k.lower(): v for k, v in r.getheaders()}, data)
                if (r.getheader("connection") or "").lower() == "close":
                    self.conn.close()
                    self.conn = None
                return answer
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = None
                if not self.alive():
                    break
                time.sleep(0.05 * (attempt + 1))
        raise ServerDied("zoho-mock stopped answering at %s %s (exit %s)%s"
                         % (method, path, self.proc.poll(), "\n" + self.stderr_text()[-4000:]))

    def admin(self, method, path, payload=None):
        body = json.dumps(payload).encode() if payload is not None else None
        return self.request(method, path, headers={"Content-Type": "application/json"} if body else {}, body=body)
