"""Pure helpers of the benchmark: /usr/bin/time -v output, medians and spread, the machine.

No Snakemake and no tool here, so tests/unit/test_bench_timing.py can check them."""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

TIME_V = "/usr/bin/time"


@dataclass(frozen=True)
class Run:
    """One whole-process measurement (GNU time -v) and the load when it started."""

    wall_s: float
    user_s: float
    sys_s: float
    max_rss_kb: int
    load1: float
    exit_status: int

    @property
    def cpu_s(self) -> float:
        return self.user_s + self.sys_s


def _clock(text: str) -> float:
    """GNU time's elapsed wall clock: h:mm:ss or m:ss.ss."""
    seconds = 0.0
    for part in text.strip().split(":"):
        seconds = seconds * 60 + float(part)
    return seconds


def parse_time_v(text: str, load1: float = float("nan")) -> Run:
    """The fields of `/usr/bin/time -v` we use, from its report (the last lines of stderr)."""
    fields = {}
    for line in text.splitlines():
        key, sep, value = line.strip().rpartition(": ")
        if sep:
            fields[key] = value
    try:
        return Run(
            wall_s=_clock(fields["Elapsed (wall clock) time (h:mm:ss or m:ss)"]),
            user_s=float(fields["User time (seconds)"]),
            sys_s=float(fields["System time (seconds)"]),
            max_rss_kb=int(fields["Maximum resident set size (kbytes)"]),
            load1=load1,
            exit_status=int(fields.get("Exit status", "0")),
        )
    except KeyError as err:
        raise ValueError(f"not a /usr/bin/time -v report: {err} missing") from None


def summary(values: list[float]) -> tuple[float, float]:
    """Median and spread (max - min) of repeated measurements."""
    if not values:
        raise ValueError("no measurement")
    return statistics.median(values), max(values) - min(values)


def load1() -> float:
    return os.getloadavg()[0]


def timed(cmd: list[str], cwd: Path | None = None, env=None, log: Path | None = None) -> Run:
    """Run cmd under /usr/bin/time -v (whole process tree: RSS is the largest process's)."""
    load = load1()
    report = Path(log or "/dev/null").with_suffix(".time") if log else None
    tmp = report or Path(f"/tmp/alwgs_bench_{os.getpid()}_{time.monotonic_ns()}.time")
    with open(log or os.devnull, "w") as out:
        done = subprocess.run(
            [TIME_V, "-v", "-o", str(tmp), *cmd], cwd=cwd, env=env, stdout=out, stderr=out
        )
    run = parse_time_v(tmp.read_text(), load)
    if report is None:
        tmp.unlink()
    if done.returncode != 0:
        # names only: the message may end up in the committed table (no machine paths)
        what = " ".join(Path(c).name for c in cmd[:3])
        raise RuntimeError(f"benchmark command failed (exit {done.returncode}): {what}")
    return run


def machine() -> str:
    """CPU model, logical cores and RAM from /proc (no host name, no path)."""
    model = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = re.sub(r"\s+", " ", line.split(":", 1)[1]).strip()
            break
    mem_kb = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            mem_kb = int(line.split()[1])
    return f"{model}; {os.cpu_count()} cores; {mem_kb / 1024**2:.0f} GiB RAM"
