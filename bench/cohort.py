"""Bench section "cohort": what the validation cohort's run cost, read from a finished
batches/cohort (./alwgs cohort). The benchmark never runs the cohort (hours on this machine):
without a finished batch (results/batch_status.json) the section is `cohort.not_measured`.

  wall        the wall time of the ./alwgs cohort invocation that finished the batch, from
              <batch_dir>/cohort_runs.tsv (the command appends one row per invocation), plus
              the earlier invocations since the previous finished one (a run resumed after a
              stop); not measured when the batch was not run by ./alwgs cohort
  CPU time    the sum of the jobs' benchmark files' cpu_time (Snakemake samples it with
              psutil: short jobs are undercounted)
  core-hours  the sum over jobs of wall seconds x the threads the job's rule was given (the
              rule's `threads:` in rules/*.smk, resolved through the batch's resources.yaml,
              at most the run's --cores, as Snakemake caps them)
  peak RSS    the largest max_rss of one job, and which benchmark file
  per sample  CPU time, core-hours and wall time divided by the batch's samples

Also a command line: python bench/cohort.py BATCH_DIR (prints the rows).
"""

from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent

_RULE = re.compile(r"^(?:rule|checkpoint) (\w+):")
_BENCH = re.compile(r'^\s+"(benchmarks/[^"]+)"')
_THREADS = re.compile(r"^\s+threads:\s*(?:(\d+)|res\(\"(\w+)\",\s*\"threads\"\))")


def rule_table(rules_dir: Path) -> list[tuple[re.Pattern, str, str]]:
    """(benchmark path pattern, rule, threads: a number or the resources.yaml key) of every
    rule of rules/*.smk with a benchmark directive."""
    out = []
    for smk in sorted(rules_dir.glob("*.smk")):
        rule, bench, threads, expect_bench = None, None, "1", False
        lines = smk.read_text().splitlines() + ["rule _end:"]
        for line in lines:
            m = _RULE.match(line)
            if m:
                if rule and bench:
                    out.append((_pattern(bench), rule, threads))
                rule, bench, threads, expect_bench = m.group(1), None, "1", False
                continue
            if line.strip() == "benchmark:":
                expect_bench = True
                continue
            b = _BENCH.match(line)
            if expect_bench and b:
                bench, expect_bench = b.group(1), False
            t = _THREADS.match(line)
            if t:
                threads = t.group(1) or t.group(2)
    return out


def _pattern(path: str) -> re.Pattern:
    parts = re.split(r"(\{[^}]+\})", path.removeprefix("benchmarks/"))
    return re.compile("".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts))


def job_threads(rel: str, rules, resources: dict) -> tuple[str, int]:
    """(rule, threads) of one benchmark file (path below benchmarks/)."""
    default = int((resources.get("default") or {}).get("threads", 1))
    for pattern, rule, threads in rules:
        if pattern.fullmatch(rel):
            if threads.isdigit():
                return rule, int(threads)
            return rule, int((resources.get(threads) or {}).get("threads", default))
    return "unknown", default


def jobs(batch: Path, rules, resources: dict) -> list[dict]:
    """One dict per benchmark file: rel, rule, threads, s, cpu_s, max_rss_mib."""
    out = []
    for p in sorted((batch / "benchmarks").rglob("*.tsv")):
        with open(p) as fh:
            rows = list(csv.DictReader(fh, delimiter="\t"))
        if not rows:
            continue
        rel = str(p.relative_to(batch / "benchmarks"))
        rule, threads = job_threads(rel, rules, resources)
        last = rows[-1]
        out.append(
            {
                "rel": rel,
                "rule": rule,
                "threads": threads,
                "s": float(last["s"]),
                "cpu_s": float(last.get("cpu_time") or 0),
                "max_rss_mib": float(last["max_rss"])
                if last.get("max_rss") not in ("", "-")
                else 0,
            }
        )
    return out


def run_cores(batch: Path) -> int | None:
    """The --cores of the last invocation that ran jobs (cohort_runs.tsv), None without one."""
    path = batch / "cohort_runs.tsv"
    if not path.exists():
        return None
    with open(path) as fh:
        ran = [r for r in csv.DictReader(fh, delimiter="\t") if r["ran_jobs"] == "yes"]
    return int(ran[-1]["cores"]) if ran else None


def run_wall(batch: Path) -> tuple[float, str] | None:
    """(wall seconds, what) of the ./alwgs cohort invocations that produced the finished batch:
    the last one that ran jobs and finished it, plus those before it since the previous
    finished one. None without cohort_runs.tsv or such a row."""
    path = batch / "cohort_runs.tsv"
    if not path.exists():
        return None
    with open(path) as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    done = [
        i for i, r in enumerate(rows) if r["ran_jobs"] == "yes" and r["batch_finished"] == "yes"
    ]
    if not done:
        return None
    last = done[-1]
    first = last
    while first > 0 and rows[first - 1]["batch_finished"] != "yes":
        first -= 1
    part = [r for r in rows[first : last + 1] if r["ran_jobs"] == "yes"]
    wall = sum(float(r["wall_s"]) for r in part)
    r = rows[last]
    what = (
        f"./alwgs cohort --cores {r['cores']}, started {part[0]['start_utc']}, commit {r['commit']}"
    )
    if len(part) > 1:
        what += f", {len(part)} invocations (resumed)"
    return wall, what


def measure(batch: Path, resources_yaml: Path | None = None) -> list[tuple[str, object, str]]:
    """The section's rows (metric, value, unit) for a finished batch; ValueError otherwise."""
    status = batch / "results" / "batch_status.json"
    if not status.exists():
        raise ValueError(
            f"no finished {batch.parent.name}/{batch.name} (results/batch_status.json): run"
            " ./alwgs cohort first (the benchmark never runs it)"
        )
    info = json.loads(status.read_text())
    n = len(info.get("samples") or {})
    tumors = sum(1 for v in (info.get("samples") or {}).values() if "report" in v)
    if resources_yaml is None:
        resources_yaml = REPO / "demo/data" / batch.name / "resources.yaml"
    resources = yaml.safe_load(resources_yaml.read_text()) if resources_yaml.exists() else {}
    js = jobs(batch, rule_table(REPO / "rules"), resources or {})
    cores = run_cores(batch)
    if cores:  # Snakemake gives a job at most --cores threads
        for j in js:
            j["threads"] = min(j["threads"], cores)
    if not js or not n:
        raise ValueError(f"{batch.name} has no benchmark files or no samples")
    src = f"finished {info.get('finished', '?')}; read, not rerun"
    rows: list[tuple[str, object, str]] = [
        ("cohort.samples", n, f"samples ({tumors} tumors) of {batch.name}, {src}"),
        ("cohort.jobs", len(js), "jobs with a benchmark file"),
    ]
    wall = run_wall(batch)
    if wall:
        rows.append(("cohort.wall", wall[0], f"s ({wall[1]})"))
        rows.append(("cohort.per_sample.wall", wall[0] / n, "s of the run's wall per sample"))
    else:
        rows.append(
            ("cohort.wall_not_measured", 1, "the batch was not run by ./alwgs cohort (no"
             " cohort_runs.tsv row that finished it)")
        )  # fmt: skip
    cpu = sum(j["cpu_s"] for j in js)
    core_h = sum(j["s"] * j["threads"] for j in js) / 3600
    peak = max(js, key=lambda j: j["max_rss_mib"])
    unknown = sum(1 for j in js if j["rule"] == "unknown")
    rows += [
        ("cohort.cpu", cpu, "CPU-s (sum of the jobs' benchmark cpu_time, sampled)"),
        ("cohort.cpu_hours", cpu / 3600, "CPU-hours"),
        (
            "cohort.core_hours",
            core_h,
            "core-hours (job wall x its rule's threads, at most the run's --cores)"
            + (f"; {unknown} jobs of no known rule at default threads" if unknown else ""),
        ),
        ("cohort.max_rss", peak["max_rss_mib"], f"MiB (largest job: {peak['rel']})"),
        ("cohort.per_sample.cpu", cpu / n, "CPU-s per sample"),
        ("cohort.per_sample.core_hours", core_h / n, "core-hours per sample"),
    ]
    return rows


def section(b, batch: Path) -> None:
    """Run the section into Bench b (run_bench.py)."""
    print(f"[bench] cohort: reading {batch} (never rerun here)", flush=True)
    for metric, value, unit in measure(batch):
        b.add(metric, value, unit)


if __name__ == "__main__":
    for row in measure(Path(sys.argv[1])):
        print(*row, sep="\t")
