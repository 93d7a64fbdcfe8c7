"""server.py -- the zoho-mock process of the soak: started on a free loopback port, its RSS and open files sampled, stopped"""
import os
import re
import signal
import subprocess
import threading
import time

READY = re.compile(r"listening on http://127\.0\.0\.1:(\d+) ")


class Server:
    def __init__(self, binary, threads):
        self.proc = subprocess.Popen([binary, "--port", "0", "--quiet", "--threads", str(threads)],
                                     stdin=subprocess.DEVNULL,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        m = READY.search(line)
        if not m:
            self.proc.kill()
            raise SystemExit(f"soak: {binary} did not start: {line!r} {self.proc.stderr.read()[:500]}")
        self.port = int(m.group(1))
        self.pid = self.proc.pid
        # Drain both pipes so the server never blocks on a full one.
        self.stderr_tail = []
        threading.Thread(target=self._drain, args=(self.proc.stdout, None), daemon=True).start()
        threading.Thread(target=self._drain, args=(self.proc.stderr, self.stderr_tail), daemon=True).start()

    @staticmethod
    def _drain(pipe, keep):
        for line in pipe:
            if keep is not None:
                keep.append(line)
                del keep[:-50]

    def rss_kb(self):
        with open(f"/proc/{self.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0

    def open_files(self):
        return len(os.listdir(f"/proc/{self.pid}/fd"))

    def alive(self):
        return self.proc.poll() is None

    def stop(self):
        """SIGTERM, then the exit code (the server stops cleanly: 0)."""
        if self.alive():
            self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return self.proc.wait()


class Sampler(threading.Thread):
    """RSS (kB) and open files every `every` seconds, with the time since start."""

    def __init__(self, server, every=0.5):
        super().__init__(daemon=True)
        self.server, self.every = server, every
        self.samples = []        # (seconds, rss_kb, fds)
        self.stopping = threading.Event()
        self.t0 = time.monotonic()

    def run(self):
        while not self.stopping.is_set() and self.server.alive():
            try:
                self.samples.append((time.monotonic() - self.t0, self.server.rss_kb(), self.server.open_files()))
            except OSError:
                break
            self.stopping.wait(self.every)

    def stop(self):
        self.stopping.set()
        self.join()
