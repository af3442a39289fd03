#!/usr/bin/env python3
"""Crash soak: one `brain start` run undisturbed, then the same run while its prodcore-runner is
killed with SIGKILL from outside at random moments (start-up included); the disturbed run must
end with the digest and every stored table and report number of the undisturbed one.

Usage (from the repository root, after `swift build -c release`):
  scripts/soak/crash_soak.py [--kills 50] [--brain-kills 0] [--seed 1] [--bin .build/release]
                             [--work DIR] [-- BRAIN START FLAGS…]

The kills fall at random points of the run's progress, spread over all of it (uniform in the
undisturbed run's decision points, then a random 0–0.3 s more), so they hit early and late inputs,
resumes from the start and from later snapshots, and a runner still starting after the last kill.
Default flags: the bundled sample, 5m decision points (17,000 decisions).
  scripts/soak/crash_soak.py --kills 50 -- --data ../shared/data/binance/spot --from 2022-01-01 --to 2022-04-30 --decision-interval 5m

The soak's brain config allows 100 restarts in 6 s (the shipped one allows 3 in 10 minutes: a
real crash loop should stop the brain; a soak is one on purpose), so the backoff stays short. Prints the kills
survived and the runs lost; exit 0 only when every kill was survived and the runs are equal.

--brain-kills N also kills the brain N times (evenly among the runner kills) and starts a new one
with `brain start --resume RUN_ID`, which reattaches to the runner left behind (or resumes the
run when that one is gone too) and replays the agents' journal (storage/brain/run-N.journal): the
run must end exactly as the undisturbed one, as after a runner kill."""
import argparse
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
from compare_runs import compare  # noqa: E402

DEFAULT_FLAGS = ["--decision-interval", "5m"]


def children(pid):
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as file:
                found += [int(child) for child in file.read().split()]
    except FileNotFoundError:
        pass
    return found


def runner_of(brain, folder):
    """The brain's runner: its child, or (reattached after a brain kill) the one its status names."""
    runners = children(brain.pid)
    if runners:
        return runners[0]
    try:
        pid = json.load(open(f"{folder}/run/brain.json")).get("runner_pid")
        if pid and b"prodcore-runner" in open(f"/proc/{pid}/cmdline", "rb").read():
            return pid
    except (OSError, ValueError):
        pass
    return None


def decisions_of(folder):
    """Decision points the brain has answered, by its status file (it carries over brain restarts)."""
    try:
        return json.load(open(f"{folder}/run/brain.json")).get("decisions", 0)
    except (OSError, ValueError):
        return 0


def restart_brain(brain, command, folder, errors):
    """kill -9 of the brain, then `brain start --resume RUN_ID` (the run id from its status file)."""
    status_file = f"{folder}/run/brain.json"
    run_id = None
    try:
        run_id = json.load(open(status_file)).get("run_id")
    except (OSError, ValueError):
        pass
    brain.kill()
    brain.wait()
    resume = ["--resume", str(run_id)] if run_id else []
    # --resume takes the run's stored settings: drop the flags that chose them.
    base = command[:command.index("--runner-metrics-port") + 2] if resume else command
    return subprocess.Popen(base + resume, stdout=subprocess.PIPE, stderr=errors, text=True)


def soak_config(work):
    text = open("configs/brain.yaml").read()
    text = re.sub(r"max_restarts: \d+", "max_restarts: 100", text)
    text = re.sub(r"restart_window_minutes: [\d.]+", "restart_window_minutes: 0.1", text)
    path = os.path.join(work, "brain.yaml")
    open(path, "w").write(text)
    return path


def start_command(binaries, config, folder, flags):
    return [os.path.join(binaries, "brain"), "start", "--json", "--config", config, "--db", f"{folder}/crupto.db",
            "--reports", f"{folder}/reports", "--socket", f"{folder}/run/prodcore.sock", "--metrics-port", "0",
            "--runner-metrics-port", "0"] + flags


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kills", type=int, default=50)
    parser.add_argument("--brain-kills", type=int, default=0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--bin", default=".build/release")
    parser.add_argument("--work", default=None)
    parser.add_argument("flags", nargs="*")
    options = parser.parse_args()
    flags = options.flags or DEFAULT_FLAGS
    work = options.work or tempfile.mkdtemp(prefix="crupto-soak-")
    os.makedirs(work, exist_ok=True)
    config = soak_config(work)
    rng = random.Random(options.seed)

    started = time.monotonic()
    undisturbed = subprocess.run(start_command(options.bin, config, f"{work}/undisturbed", flags), capture_output=True, text=True)
    if undisturbed.returncode != 0:
        sys.exit(f"the undisturbed run failed: {undisturbed.stderr[-2000:]}")
    expected = json.loads(undisturbed.stdout)
    print(f"undisturbed: run {expected['run_id']} digest {expected['digest'][:16]}… in {time.monotonic() - started:.1f} s", flush=True)

    started = time.monotonic()
    errors = open(f"{work}/disturbed.err", "w")
    folder = f"{work}/disturbed"
    command = start_command(options.bin, config, folder, flags)
    brain = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=errors, text=True)
    # Where each kill falls, as decision points of the run; brain kills evenly among runner kills.
    total = expected["decisions"]
    points = sorted(int(rng.uniform(0, 0.98) * total) for _ in range(options.kills + options.brain_kills))
    every = (options.kills + options.brain_kills) // options.brain_kills if options.brain_kills else None
    schedule = [("brain" if every and (index + 1) % every == 0 and index // every < options.brain_kills else "runner", point)
                for index, point in enumerate(points)]
    kills, brain_kills = 0, 0
    for victim, point in schedule:
        while brain.poll() is None and decisions_of(folder) < point:
            time.sleep(0.005)
        if brain.poll() is not None:
            break
        time.sleep(rng.uniform(0, 0.3))
        if victim == "brain":
            brain = restart_brain(brain, command, folder, errors)
            brain_kills += 1
            continue
        runner = None
        while brain.poll() is None and not runner:
            runner = runner_of(brain, folder)
            time.sleep(0.002)
        try:
            os.kill(runner, signal.SIGKILL)
            kills += 1
        except (ProcessLookupError, TypeError):
            pass
    output, _ = brain.communicate()
    elapsed = time.monotonic() - started
    if brain.returncode != 0:
        print(f"kills survived {kills - 1}/{kills}, runs lost 1: brain exited {brain.returncode} (see {work}/disturbed.err)")
        sys.exit(1)
    result = json.loads(output)
    differences, counts = compare(f"{work}/undisturbed/crupto.db", expected["run_id"], f"{work}/disturbed/crupto.db", result["run_id"])
    if result["digest"] != expected["digest"]:
        differences.insert(0, f"digest {result['digest']} vs {expected['digest']}")
    print(f"disturbed: {kills} runner kills, {result['restarts']} restarts by the last brain, {brain_kills} brain kills, "
          f"{elapsed:.1f} s, digest {result['digest'][:16]}…")
    for line in differences:
        print("  " + line)
    print(f"compared: " + ", ".join(f"{name} {count}" for name, count in counts.items()))
    lost = 1 if differences or result.get("state") != "finished" else 0
    print(f"kills survived {kills if not lost else 0}/{kills}, runs lost {lost}")
    if options.brain_kills:
        print(f"brain kills survived {brain_kills if not lost else 0}/{brain_kills}")
    if kills < options.kills:
        print(f"note: the run ended after {kills} of {options.kills} kills: give it a longer period")
    if not lost and not options.work:
        shutil.rmtree(work)
    sys.exit(1 if lost or (not brain_kills and result["restarts"] < kills) else 0)


if __name__ == "__main__":
    main()
