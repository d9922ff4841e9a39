"""Pure helpers of the benchmark harness (bench/timing.py): no timing is asserted here."""

import importlib.util
import sys
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location(
    "bench_timing", Path(__file__).resolve().parents[2] / "bench" / "timing.py"
)
timing = importlib.util.module_from_spec(_spec)
sys.modules["bench_timing"] = timing  # dataclasses look the module up
_spec.loader.exec_module(timing)

REPORT = """\tCommand being timed: "bash bare_pipeline.sh"
\tUser time (seconds): 101.52
\tSystem time (seconds): 7.31
\tPercent of CPU this job got: 181%
\tElapsed (wall clock) time (h:mm:ss or m:ss): 1:00:59.87
\tMaximum resident set size (kbytes): 1654720
\tExit status: 0
"""


def test_parse_time_v_reads_wall_cpu_and_rss():
    run = timing.parse_time_v(REPORT, load1=1.5)
    assert run.wall_s == pytest.approx(3659.87)
    assert run.cpu_s == pytest.approx(108.83)
    assert run.max_rss_kb == 1654720
    assert run.load1 == 1.5 and run.exit_status == 0


def test_parse_time_v_short_clock_and_missing_field():
    short = REPORT.replace("1:00:59.87", "0:04.07")
    assert timing.parse_time_v(short).wall_s == pytest.approx(4.07)
    with pytest.raises(ValueError, match="Maximum resident"):
        timing.parse_time_v(REPORT.replace("Maximum resident", "Peak"))


def test_summary_is_median_and_spread():
    assert timing.summary([3.0, 1.0, 10.0]) == (3.0, 9.0)
    assert timing.summary([2.0, 4.0]) == (3.0, 2.0)
    with pytest.raises(ValueError):
        timing.summary([])


def test_machine_has_no_host_name():
    text = timing.machine()
    assert "cores" in text and "GiB RAM" in text
    assert Path("/etc/hostname").exists() is False or (
        Path("/etc/hostname").read_text().strip() not in text
    )
