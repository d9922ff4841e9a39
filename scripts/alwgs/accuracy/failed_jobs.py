"""Jobs of a batch that failed and were not redone since: read from Snakemake's own logs
(``<batch_dir>/.snakemake/log/*.snakemake.log``), so a table over a batch run with
``--keep-going`` can say which patient was not run and why.

A log's ``Error in rule NAME:`` block names the job's ``output:`` and ``log:`` files. A failed
job whose outputs all exist now was redone later (a restart, a later run) and is not listed. A
job belongs to every sample whose name is a whole path component or file-name stem of one of
its outputs or logs (``results/align/P01-T.bam``, ``logs/fastq_check/P01-T/L1.log``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

_ERROR = re.compile(r"^Error in rule (\S+?):\s*$")
_FIELD = re.compile(r"^\s+(output|log): (.*)$")


@dataclass(frozen=True)
class FailedJob:
    rule: str
    outputs: tuple[str, ...]
    logs: tuple[str, ...]

    def mentions(self, sample: str) -> bool:
        """Is `sample` a whole component of one of the job's file paths?"""
        pattern = re.compile(rf"(?:^|[/.]){re.escape(sample)}(?=$|[/.])")
        return any(pattern.search(p) for p in self.outputs + self.logs)

    def describe(self) -> str:
        return f"{self.rule} ({self.logs[0]})" if self.logs else self.rule


def _paths(text: str) -> tuple[str, ...]:
    text = text.split(" (check log file", 1)[0]
    return tuple(p.strip() for p in text.split(",") if p.strip())


def parse_log(text: str) -> list[FailedJob]:
    """Every ``Error in rule`` block of one Snakemake log, in order."""
    jobs: list[FailedJob] = []
    lines = text.splitlines()
    for i, line in enumerate(lines):
        m = _ERROR.match(line)
        if not m:
            continue
        fields: dict[str, tuple[str, ...]] = {}
        for follow in lines[i + 1 :]:
            if not follow.startswith((" ", "\t")):
                break
            f = _FIELD.match(follow)
            if f:
                fields[f.group(1)] = _paths(f.group(2))
        jobs.append(FailedJob(m.group(1), fields.get("output", ()), fields.get("log", ())))
    return jobs


def failed_jobs(batch_dir: Path) -> list[FailedJob]:
    """Failed jobs of every Snakemake log of the batch whose outputs are not all there now,
    without repeats (a job retried and failed again is listed once)."""
    out: list[FailedJob] = []
    for log in sorted((Path(batch_dir) / ".snakemake" / "log").glob("*.snakemake.log")):
        for job in parse_log(log.read_text(errors="replace")):
            done = job.outputs and all((Path(batch_dir) / p).exists() for p in job.outputs)
            if not done and job not in out:
                out.append(job)
    return out


def failed_for(jobs: list[FailedJob], samples: list[str]) -> list[FailedJob]:
    """The failed jobs that belong to any of `samples` (a tumor and its normal)."""
    return [j for j in jobs if any(j.mentions(s) for s in samples if s)]
