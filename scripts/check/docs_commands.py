#!/usr/bin/env python3
"""Runs every command README.md and docs/*.md show (their ```sh blocks), in order, on the bundled
sample, the way a reader would paste them — and fails naming the file, line and output of any
command that does not exit 0.

Usage (from the repository root, after `swift build -c release`):
  python3 scripts/check/docs_commands.py [--bin .build/release] [--list] [--keep]

Each command runs in a fresh workspace (a temporary folder with configs/, data/, Tests/, scripts/
and dashboards/ of this checkout, its own storage/ and reports/), with `.build/release/` and a
bare `brain` or `prodcore-runner` pointing at --bin. `brain status`, `brain stop` and `curl …/metrics`
run while a `brain start --speed 60` of the workspace is going (the script starts one when needed
and ends it with Ctrl-C before the next other command).
A few commands are not run, each for the reason SKIPPED gives (a system install, a server that
runs until stopped, a benchmark); --list prints every command and what happens to it."""
import argparse
import glob
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LINKED = ["data", "Tests", "scripts", "dashboards"]
# Copied, not linked: commands change them (brain research promote writes the registry and the enable map).
COPIED = ["configs", "research_lab"]

# (pattern, reason): commands these match are listed but not run.
SKIPPED = [
    (r"^swift build", "the build itself: this script runs after it (--bin)"),
    (r"^scripts/test\.sh", "the test command: it runs this script's checks itself, not the other way round"),
    (r"^sudo |systemctl", "installs into the system (Grafana provisioning)"),
    (r"^prometheus ", "a server that runs until stopped (ObservabilityTests runs one against a real session)"),
    (r"fake-exchange .*&$", "a background server; LiveSessionTests and LiveFeedAgainstFakeExchangeTests run it with brain start --feed live"),
    (r"--feed live", "needs the fake exchange above and 12 market days at 600× (~28 min); LiveSessionTests run live sessions against it"),
    (r"report reproduce RUN_ID", "reproduces the live session above (LiveSessionTests reproduce theirs)"),
    (r"report delete RUN_ID", "a placeholder for the runs you choose to delete (the README runs `brain report delete 2`)"),
]
# Exit statuses other than 0 a command may end with on the sample, and why.
ACCEPTED = [
    (r"research gate research_lab/", {1}, "the shipped candidates fail the gate on two months of data (too few trades)"),
    (r"research promote .*needs its passing gate|research promote research_lab/ema_cross_btc_1h.yaml --regimes bullish,range ", {1},
     "so no passing gate report exists to promote on"),
]
# Run while a brain session of the workspace is going.
DURING_SESSION = [r"^brain status", r"^brain stop", r"^curl "]


def commands():
    """(file, line, command) of every command line in the sh blocks, continuations joined."""
    found = []
    for path in ["README.md"] + sorted(glob.glob("docs/*.md")):
        lines = open(os.path.join(ROOT, path), encoding="utf-8").read().split("\n")
        inside, pending, start = False, "", 0
        for number, line in enumerate(lines, 1):
            if line.startswith("```"):
                inside = line.strip() in ("```sh", "```bash") and not inside
                continue
            if not inside:
                continue
            text = line.rstrip()
            if not pending:
                start = number
            if text.endswith("\\"):
                pending += text[:-1].strip() + " "
                continue
            command = (pending + text.strip()).strip()
            pending = ""
            # A comment follows two spaces or more (`brain start   # …`); a line of its own is one too.
            command = "" if command.startswith("#") else re.sub(r"\s{2,}#.*$", "", command)
            if command:
                found.append((path, start, command))
    return found


def skipped(command):
    return next((reason for pattern, reason in SKIPPED if re.search(pattern, command)), None)


def localized(command, bin_dir):
    command = command.replace(".build/release/", bin_dir + "/")
    return re.sub(r"(^|[;&|]\s*)(brain|prodcore-runner) ", lambda m: f"{m.group(1)}{bin_dir}/{m.group(2)} ", command)


class Workspace:
    def __init__(self, bin_dir, keep):
        self.path = tempfile.mkdtemp(prefix="crupto-docs-")
        self.bin_dir, self.keep, self.session = bin_dir, keep, None
        for name in LINKED:
            os.symlink(os.path.join(ROOT, name), os.path.join(self.path, name))
        for name in COPIED:
            shutil.copytree(os.path.join(ROOT, name), os.path.join(self.path, name), symlinks=True)
        self.env = dict(os.environ, BRAIN=f"{bin_dir}/brain", PATH=f"{bin_dir}:{os.environ['PATH']}")

    def run(self, command, timeout=900):
        # As a user's shell runs it: a pipe's status is its last command's (`curl … | head` is fine).
        return subprocess.run(["bash", "-c", command], cwd=self.path, env=self.env, capture_output=True,
                              text=True, timeout=timeout)

    def ensure_session(self):
        if self.session and self.session.poll() is None:
            return
        self.session = subprocess.Popen([f"{self.bin_dir}/brain", "start", "--speed", "60"], cwd=self.path, env=self.env,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        status = os.path.join(self.path, "storage/run/brain.json")
        for _ in range(300):
            if os.path.exists(status) and '"running"' in open(status).read():
                time.sleep(1.5)  # the runner's metrics are up by its first decision point
                return
            time.sleep(0.1)
        raise RuntimeError("the background brain start did not come up within 30 s")

    def end_session(self):
        """Ctrl-C to the background session, as a user ends it before going on."""
        if self.session and self.session.poll() is None:
            self.session.send_signal(signal.SIGINT)
            self.session.wait(timeout=60)

    def close(self):
        self.end_session()
        if self.keep:
            print(f"workspace kept: {self.path}")
        else:
            shutil.rmtree(self.path, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", default=".build/release", help="folder of brain and prodcore-runner")
    parser.add_argument("--list", action="store_true", help="print every command and what would happen to it")
    parser.add_argument("--keep", action="store_true", help="keep the workspace")
    options = parser.parse_args()
    bin_dir = os.path.abspath(os.path.join(ROOT, options.bin))
    found = commands()
    if options.list:
        for path, line, command in found:
            reason = skipped(command)
            print(f"{path}:{line}: {'SKIP' if reason else 'RUN '} {command}" + (f"\n    ({reason})" if reason else ""))
        return 0
    for program in ("brain", "prodcore-runner"):
        if not os.access(f"{bin_dir}/{program}", os.X_OK):
            sys.exit(f"no {bin_dir}/{program}: build first (swift build -c release) or pass --bin")
    workspace = Workspace(bin_dir, options.keep)
    failures, ran, skips = [], 0, []
    try:
        for path, line, command in found:
            reason = skipped(command)
            if reason:
                skips.append((path, line, command, reason))
                continue
            if any(re.search(pattern, command) for pattern in DURING_SESSION):
                workspace.ensure_session()
            else:
                workspace.end_session()
            started = time.monotonic()
            result = workspace.run(localized(command, bin_dir))
            ran += 1
            seconds = time.monotonic() - started
            accepted = next((reason for pattern, codes, reason in ACCEPTED if re.search(pattern, command) and result.returncode in codes), None)
            state = "ok" if result.returncode == 0 else f"ok, exit {result.returncode}: {accepted}" if accepted else f"FAILED (exit {result.returncode})"
            print(f"{path}:{line}: {state} in {seconds:.1f} s: {command}", flush=True)
            if result.returncode != 0 and not accepted:
                failures.append((path, line, command, (result.stdout + result.stderr)[-2000:]))
    finally:
        workspace.close()
    print(f"\n{ran} commands ran, {len(failures)} failed; {len(skips)} not run:")
    for path, line, command, reason in skips:
        print(f"  {path}:{line}: {command}\n      {reason}")
    for path, line, command, output in failures:
        print(f"\nFAILED {path}:{line}: {command}\n{output}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
