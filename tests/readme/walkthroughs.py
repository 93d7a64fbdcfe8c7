#!/usr/bin/python3
"""walkthroughs.py -- README's curl walkthroughs, run as written against a fresh zoho-mock each:
every Zoho answer they print has code 0 (or a refusal the walkthrough shows on purpose), and
every `figures ...  # "..."` line prints what its comment says."""
import json
import os
import re
import socket
import subprocess
import sys
import time

# Section heading -> the refusals its walkthrough shows on purpose (Zoho codes).
WALKTHROUGHS = {
    "## A first session": [],
    "## Items and warehouses": [],
    "## Contacts and sales": [],
    "## Order to cash": [4251],
    "## Stock counts": [],
    "## Stock: which document moves which figure": [],
    "## Procure to pay": [4251],
}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(port, proc, deadline=10.0):
    end = time.time() + deadline
    while time.time() < end:
        if proc.poll() is not None:
            raise SystemExit("zoho-mock exited at start")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.02)
    raise SystemExit("zoho-mock did not listen")


def block_of(readme, heading):
    at = readme.index(heading + "\n")
    rest = readme[at + len(heading):]
    end = rest.find("\n## ")
    section = rest if end < 0 else rest[:end]
    m = re.search(r"```sh\n(.*?)```", section, re.S)
    if not m:
        raise SystemExit(f"{heading}: no sh block")
    return m.group(1)


def answers(text):
    """Every JSON object with a "code" the walkthrough printed, in order."""
    dec = json.JSONDecoder()
    found, i = [], 0
    while True:
        i = text.find('{"code":', i)
        if i < 0:
            return found
        try:
            obj, end = dec.raw_decode(text, i)
            found.append(obj)
            i = end
        except ValueError:
            i += 1


def expected_figures(script):
    """The quoted expectations of `figures ID  # "..."` lines, in order ("..." in them matches anything)."""
    out = []
    for line in script.splitlines():
        m = re.match(r'\s*figures \S+\s+# (".*)$', line)
        if m:
            want = m.group(1)
            want = re.sub(r":[^\"]*$", "", want).strip()     # "... 0: as before" -> "... 0"
            out.append(want)
    return out


def main(binary):
    readme = open("README.md", encoding="utf-8").read()
    failures, ran = [], 0
    for heading, allowed in WALKTHROUGHS.items():
        script = block_of(readme, heading)
        port = free_port()
        script_here = script.replace("127.0.0.1:8080", f"127.0.0.1:{port}")
        proc = subprocess.Popen([os.path.abspath(binary), "--port", str(port), "--quiet"], stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, cwd="/tmp")
        try:
            wait_ready(port, proc)
            run = subprocess.run(["bash", "-c", script_here], capture_output=True, text=True, timeout=120,
                                 cwd=subprocess.check_output(["mktemp", "-d"], text=True).strip())
        finally:
            proc.terminate()
            proc.wait(timeout=30)
        ran += 1
        if run.returncode != 0:
            failures.append(f"{heading}: exit {run.returncode}: {run.stderr.strip()[:300]}")
        for a in answers(run.stdout):
            if a.get("code") != 0 and a.get("code") not in allowed:
                failures.append(f"{heading}: answer {json.dumps(a)[:300]}")
        wants = expected_figures(script)
        # A figures line may follow an answer printed without a newline.
        lines = run.stdout.replace('}"', '}\n"').splitlines()
        figure_lines = [l for l in lines if re.match(r'^"[A-Z][^"]*" "', l)]
        for k, want in enumerate(wants):
            if k >= len(figure_lines):
                failures.append(f"{heading}: figures line {k + 1} printed nothing (expected {want})")
                continue
            pattern = re.escape(want).replace(re.escape("..."), ".*")
            if not re.fullmatch(pattern, figure_lines[k].strip()):
                failures.append(f"{heading}: figures line {k + 1}: {figure_lines[k].strip()!r}, expected {want!r}")
        print(f"{heading[3:]}: {len(answers(run.stdout))} answers, {len(wants)} figures checked")
    for f in failures:
        print("FAIL " + f)
    print(f"{ran} walkthroughs, {len(failures)} problems")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
