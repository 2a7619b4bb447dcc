"""Run one Stanza script as a child process: logged, niced, thread-limited, time-capped.

A child process per step keeps torch's thread pool and memory private to that step, lets
two steps train side by side on separate cores, and lets a wall-clock cap stop a trainer
without losing the best-on-dev model it has already saved.
"""

import logging
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RunResult:
    returncode: int
    timed_out: bool
    seconds: float


def run_module(
    module: str,
    args: list[str],
    *,
    env: dict[str, str],
    log_file: Path,
    minutes: float | None = None,
    cwd: Path | None = None,
) -> RunResult:
    """``python -m module args``, output appended to ``log_file``.

    On reaching ``minutes`` the child gets SIGINT, then SIGTERM, then SIGKILL; the caller
    decides whether a saved model makes that acceptable.
    """
    command = [sys.executable, "-m", module, *args]
    log_file.parent.mkdir(parents=True, exist_ok=True)
    log.info("running %s (log %s)", " ".join(command), log_file)
    start = time.monotonic()
    with log_file.open("a", encoding="utf-8") as out:
        out.write(f"\n### {time.strftime('%Y-%m-%d %H:%M:%S')} {' '.join(command)}\n")
        out.flush()
        child = subprocess.Popen(
            command,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=cwd,
            start_new_session=True,
        )
        timeout = None if minutes is None else minutes * 60
        timed_out = False
        try:
            child.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            log.warning("%s reached its %.0f min cap; stopping it", module, minutes or 0)
            _stop(child)
    seconds = time.monotonic() - start
    return RunResult(child.returncode, timed_out, seconds)


def _stop(child: "subprocess.Popen[bytes]") -> None:
    for sig, grace in ((signal.SIGINT, 30), (signal.SIGTERM, 15), (signal.SIGKILL, 5)):
        try:
            os.killpg(child.pid, sig)
        except ProcessLookupError:
            return
        try:
            child.wait(timeout=grace)
            return
        except subprocess.TimeoutExpired:
            continue
