"""alwgs benchmark: regenerates bench/results.tsv (summary) and bench/runs.tsv (every repeat).

./alwgs bench [--quick] [--only cohort,overhead,scaling,batch,streaming,cost,guard,split,costmodel]
              [--merge]

Sections (bench/README.md says how each number is measured and how to read it):
  cohort     wall, CPU, core-hours and peak RSS of the validation cohort's run, read from a
             finished batches/cohort (never rerun here: not_measured without one; bench/cohort.py)
  overhead   the workflow against bench/bare_pipeline.py's plain script, one tumor/normal pair
  scaling    freebayes scatter/gather with 1/4/16 chunks on 2 cores, and 4 chunks on 1 core
  batch      dry run (job graph) of sheets of 1, 24 and 96 samples: wall time and peak RSS
  streaming  annotation + interpretation + report of a 1-million-record somatic VCF
  cost       CPU per Gbase of input by stage, from a finished batch's benchmark files
  guard      freebayes on the chunk of a synthetic pathological pile, without/with the depth
             guard (bench/guard.py)
  split      alignment of one tumor with alignment.split_read_pairs off and on (4 chunks a
             unit), and how the two BAMs differ (bench/align_split.py)
  costmodel  per-base cost vs reference size and depth, fitted and anchored to published
             human figures; human pair CPU-hours and wall times (bench/cost_model.py)
Scratch goes to bench/work/ (gitignored). Timings are whole processes under /usr/bin/time -v.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import gzip
import json
import os
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import yaml

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
WORK = BENCH / "work"
sys.path.insert(0, str(BENCH))
import align_split  # noqa: E402
import cohort as cohort_section  # noqa: E402
import cost_model  # noqa: E402
from bare_pipeline import script as bare_script  # noqa: E402
from bare_pipeline import snakemake_targets  # noqa: E402
from guard import guard  # noqa: E402
from timing import Run, load1, machine, summary, timed  # noqa: E402

VENV = REPO / ".venv/bin"
ENV = dict(
    os.environ,
    PATH=f"{VENV}:{os.environ['PATH']}",
    PYTHONPATH=str(REPO / "scripts"),
)
TUMOR, NORMAL = "P01-T", "P01-N"
COST_BATCH = REPO / "batches/test-ci"  # read only
STREAM_BATCH = REPO / "batches/dev-report"  # read only: the other inputs of interpretation
COHORT_BATCH = REPO / "batches/cohort"  # read only: ./alwgs cohort runs it
STREAM_TEMPLATE = COST_BATCH / f"results/small_variants/{TUMOR}.somatic.vcf.gz"
HUMAN_GBASES = 3.1 * (90 + 30)  # a 90x tumor + 30x normal human genome pair
HUMAN_GENOME_MB = 3100.0
SECTIONS = [
    "cohort",
    "cost",
    "batch",
    "streaming",
    "overhead",
    "scaling",
    "guard",
    "split",
    "costmodel",
]  # fast first


class Bench:
    def __init__(self, quick: bool):
        self.quick = quick
        self.repeats = 1 if quick else 3
        self.rows: list[list] = []  # metric, value, unit, goal
        self.runs: list[list] = []  # metric, repeat, wall_s, cpu_s, max_rss_mb, load1

    def add(self, metric: str, value, unit: str, goal: str = "") -> None:
        if isinstance(value, float):
            value = f"{value:.3g}" if abs(value) < 100 else f"{value:.0f}"
        self.rows.append([metric, value, unit, goal])
        print(f"  {metric}\t{value}\t{unit}\t{goal}", flush=True)

    def record(self, metric: str, repeat: int, run: Run) -> Run:
        self.runs.append(
            [metric, repeat, f"{run.wall_s:.2f}", f"{run.cpu_s:.2f}",
             f"{run.max_rss_kb / 1024:.0f}", f"{run.load1:.2f}"]
        )  # fmt: skip
        return run

    def add_runs(self, metric: str, runs: list[Run], goal: str = "", rss: bool = False) -> float:
        wall, spread = summary([r.wall_s for r in runs])
        self.add(f"{metric}.wall", wall, "s", goal)
        if len(runs) > 1:
            self.add(f"{metric}.wall_spread", spread, "s (max-min)")
        self.add(f"{metric}.cpu", summary([r.cpu_s for r in runs])[0], "s (user+sys)")
        if rss:
            self.add(f"{metric}.max_rss", summary([r.max_rss_kb / 1024 for r in runs])[0], "MiB")
        self.add(f"{metric}.load1", summary([r.load1 for r in runs])[0], "1-min load at start")
        return wall


# --- inputs --------------------------------------------------------------------------------


def demo_data(b: Bench, scale: str) -> Path:
    """The demo generator's batch (reused when its stamp matches; timed when written)."""
    out = REPO / "demo/data" / scale
    cmd = [str(VENV / "python"), "-m", "alwgs.sim", "--scale", scale, "--out", str(out)]
    log = WORK / f"generate_{scale}.log"
    run = timed(cmd, cwd=REPO, env=ENV, log=log)
    if "wrote" in log.read_text():
        b.record(f"generate.{scale}", 1, run)
        b.add(f"generate.{scale}.wall", run.wall_s, "s")
    return out


def write_sheets(data: Path, name: str, samples: dict[str, str]) -> tuple[Path, Path]:
    """samples.tsv/units.tsv of some samples of a generated batch (new name -> source name),
    FASTQ paths absolute. Source names may repeat (the batch-size sheets)."""
    d = WORK / "sheets" / name
    d.mkdir(parents=True, exist_ok=True)
    with open(data / "samples.tsv") as fh:
        src_samples = {r["sample"]: r for r in csv.DictReader(fh, delimiter="\t")}
    with open(data / "units.tsv") as fh:
        src_units = list(csv.DictReader(fh, delimiter="\t"))
    s_rows, u_rows = [], []
    for new, old in samples.items():
        row = dict(src_samples[old])
        patient = new.rsplit("-", 1)[0]
        s_rows.append(row | {"sample": new, "patient": patient})
        for u in src_units:
            if u["sample"] == old:
                fq = {k: str((data / u[k]).resolve()) for k in ("fq1", "fq2")}
                u_rows.append(u | fq | {"sample": new, "library": f"{new}-lib1"})
    for path, rows in ((d / "samples.tsv", s_rows), (d / "units.tsv", u_rows)):
        with open(path, "w", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=list(rows[0]), delimiter="\t", lineterminator="\n")
            w.writeheader()
            w.writerows(rows)
    return d / "samples.tsv", d / "units.tsv"


def batch_config(name: str, batch_dir: Path, data: Path, sheets, chunks: int = 4) -> Path:
    """A batch config over the demo's own (data/batch.yaml: its settings, roles, databases
    and resources; config/config.yaml holds human-genome defaults), without its truth."""
    cfg = yaml.safe_load((data / "batch.yaml").read_text())
    cfg.update({"batch_dir": str(batch_dir), "samples": str(sheets[0]), "units": str(sheets[1])})
    for key in ("fasta", "gff3", "cytobands"):
        cfg["reference"][key] = str((REPO / cfg["reference"][key]).resolve())
    for key in cfg.get("databases") or {}:
        cfg["databases"][key] = str((REPO / cfg["databases"][key]).resolve())
    # the benchmark's own index cache: no job of another batch shares it
    cfg["reference"]["cache_dir"] = str(WORK / "cache" / data.name)
    cfg["resources"] = str((REPO / cfg["resources"]).resolve())
    cfg["truth_dir"] = ""
    cfg["small_variants"] = {**cfg.get("small_variants", {}), "chunks": chunks}
    path = WORK / "configs" / f"{name}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(cfg, sort_keys=False))
    return path


def snakemake(config: Path, cores: int, targets: list[str], *extra: str) -> list[str]:
    """The command ./alwgs run gives Snakemake (targets before any option that takes a list)."""
    return [
        str(VENV / "snakemake"), *targets, "--snakefile", str(REPO / "Snakefile"),
        "--configfile", str(config), "--cores", str(cores),
        "--workflow-profile", str(REPO / "config/profiles/local"),
        "--rerun-triggers", "mtime", "params", "input", *extra,
    ]  # fmt: skip


def prepare_reference(data: Path, chunk_counts: list[int]) -> Path:
    """Index the reference and cut the calling chunks once, untimed (a batch reuses them)."""
    cache = WORK / "cache" / data.name
    sheets = write_sheets(data, "pair", {TUMOR: TUMOR, NORMAL: NORMAL})
    for n in chunk_counts:
        cfg = batch_config(f"prep_{n}", WORK / "prep", data, sheets, n)
        targets = [str(cache / f"genome.fa{e}") for e in (".bwt", ".fai")]
        targets += [str(cache / "genome.dict"), str(cache / f"chunks_{n}/chunk_000.bed")]
        timed(snakemake(cfg, 2, targets), cwd=REPO, env=ENV, log=WORK / f"prep_{n}.log")
    return cache


# --- sections ------------------------------------------------------------------------------


def overhead(b: Bench, data: Path, cache: Path) -> Path:
    print(f"[bench] overhead: {TUMOR}/{NORMAL} of {data.name}", flush=True)
    sheets = write_sheets(data, "pair", {TUMOR: TUMOR, NORMAL: NORMAL})
    with open(sheets[1]) as fh:
        units = defaultdict(list)
        for u in csv.DictReader(fh, delimiter="\t"):
            units[u["sample"]].append((u["unit"], u["fq1"], u["fq2"], u["library"]))
    base = WORK / "overhead"
    shutil.rmtree(base, ignore_errors=True)
    base.mkdir(parents=True)
    text = bare_script(REPO, cache, TUMOR, NORMAL, units, 4, data)
    (base / "bare_pipeline.sh").write_text(text)
    smk_runs, bare_runs, dry_runs = [], [], []
    last = base
    for r in range(1, b.repeats + 1):
        order = ("bare", "smk") if r % 2 else ("smk", "bare")
        for kind in order:
            d = base / f"{kind}_{r}"
            if kind == "bare":
                d.mkdir()
                run = timed(["bash", str(base / "bare_pipeline.sh")], cwd=d, env=ENV,
                            log=base / f"bare_{r}.log")  # fmt: skip
                bare_runs.append(b.record("overhead.bare", r, run))
            else:
                cfg = batch_config(f"overhead_{r}", d, data, sheets)
                targets = snakemake_targets(TUMOR, NORMAL)
                run = timed(snakemake(cfg, 2, targets), cwd=REPO, env=ENV,
                            log=base / f"smk_{r}.log")  # fmt: skip
                smk_runs.append(b.record("overhead.snakemake", r, run))
                # start-up and job graph alone: a dry run of the finished targets
                dry = timed(snakemake(cfg, 2, targets, "-n"), cwd=REPO, env=ENV,
                            log=base / f"dry_{r}.log")  # fmt: skip
                dry_runs.append(b.record("overhead.snakemake_dry_run", r, dry))
                last = d
    bases = sum(
        json.loads(p.read_text())["summary"]["before_filtering"]["total_bases"]
        for p in (last / "results/read_qc").glob("*/*.fastp.json")
    )
    b.add("overhead.input", bases / 1e6, "Mbases", "")
    b.add("overhead.reference", fasta_mb(data / "reference/genome.fa"), "Mb", "")
    smk = b.add_runs("overhead.snakemake", smk_runs)
    bare = b.add_runs("overhead.bare_script", bare_runs)
    ratios = [s.wall_s / a.wall_s for s, a in zip(smk_runs, bare_runs, strict=True)]
    med, spread = summary(ratios)
    b.add("overhead.ratio", med, "workflow/bare wall", "<=1.05")
    if len(ratios) > 1:
        b.add("overhead.ratio_spread", spread, "max-min")
    cpu = [s.cpu_s / a.cpu_s for s, a in zip(smk_runs, bare_runs, strict=True)]
    b.add("overhead.cpu_ratio", summary(cpu)[0], "workflow/bare user+sys")
    b.add_runs("overhead.startup_dry_run", dry_runs)
    b.add("overhead.difference", smk - bare, "s wall (median workflow - median bare)")
    jobs = job_seconds(last)
    b.add("overhead.jobs", len(jobs), "Snakemake jobs")
    b.add("overhead.job_wall_sum", sum(jobs.values()), "s (benchmark s of every job)")
    b.add("overhead.outputs_identical", identical_calls(base, b.repeats), "1 = same calls")
    return last


def fasta_mb(path: Path) -> float:
    fai = Path(str(path) + ".fai")
    if fai.exists():
        return sum(int(ln.split("\t")[1]) for ln in fai.read_text().splitlines()) / 1e6
    return sum(len(ln) for ln in path.read_text().splitlines() if not ln.startswith(">")) / 1e6


def job_seconds(batch: Path) -> dict[str, float]:
    out = {}
    for p in (batch / "benchmarks").rglob("*.tsv"):
        rows = list(csv.DictReader(open(p), delimiter="\t"))
        if rows:
            out[str(p.relative_to(batch / "benchmarks"))] = float(rows[-1]["s"])
    return out


def identical_calls(base: Path, r: int) -> int:
    """The bare script and the workflow wrote the same freebayes records (sanity check)."""

    def body(d: Path) -> list[str]:
        path = d / f"results/small_variants/{TUMOR}.freebayes.raw.vcf.gz"
        with gzip.open(path, "rt") as fh:
            return [ln for ln in fh if not ln.startswith("#")]

    return int(body(base / f"bare_{r}") == body(base / f"smk_{r}"))


def scaling(b: Bench, data: Path, batch: Path) -> None:
    """freebayes scatter/gather on a batch whose alignments exist: only the calls are redone."""
    print("[bench] scaling: freebayes chunks and cores", flush=True)
    sheets = WORK / "sheets/pair/samples.tsv", WORK / "sheets/pair/units.tsv"
    combos = [(1, 2), (4, 2), (4, 1)] + ([] if b.quick else [(16, 2)])
    raw = f"results/small_variants/{TUMOR}.freebayes.raw.vcf.gz"
    wall = {}
    for chunks, cores in combos:
        cfg = batch_config(f"scaling_{chunks}", batch, data, sheets, chunks)
        runs, longest = [], []
        for r in range(1, b.repeats + 1):
            for suffix in ("", ".tbi"):
                (batch / (raw + suffix)).unlink(missing_ok=True)
            shutil.rmtree(batch / f"benchmarks/freebayes/{TUMOR}", ignore_errors=True)
            run = timed(snakemake(cfg, cores, [raw]), cwd=REPO, env=ENV,
                        log=WORK / f"scaling_{chunks}_{cores}_{r}.log")  # fmt: skip
            runs.append(b.record(f"scaling.chunks{chunks}.cores{cores}", r, run))
            chunk_s = [
                v for k, v in job_seconds(batch).items() if k.startswith(f"freebayes/{TUMOR}/")
            ]
            longest.append(max(chunk_s) / (sum(chunk_s) / len(chunk_s)))
        wall[(chunks, cores)] = b.add_runs(f"scaling.chunks{chunks}.cores{cores}", runs)
        b.add(
            f"scaling.chunks{chunks}.cores{cores}.imbalance",
            summary(longest)[0],
            "longest/mean chunk",
        )
    for chunks, cores in combos:
        if (chunks, cores) != (1, 2):
            b.add(
                f"scaling.speedup.chunks{chunks}.cores{cores}",
                wall[(1, 2)] / wall[(chunks, cores)],
                "x vs 1 chunk on 2 cores",
            )
    b.add("scaling.speedup.cores2_vs_1", wall[(4, 1)] / wall[(4, 2)], "x (4 chunks)", "~2")


def batch_size(b: Bench, ci: Path) -> None:
    print("[bench] batch size: dry runs", flush=True)
    fq = WORK / "batchsize/fastq"
    fq.mkdir(parents=True, exist_ok=True)
    for n in (1, 24, 96):
        names = {}
        for i in range(n):
            if n == 1:
                names["B001-T"] = TUMOR
            else:  # pairs: tumor + matched normal
                names[f"B{i // 2 + 1:03d}-{'TN'[i % 2]}"] = (TUMOR, NORMAL)[i % 2]
        sheets = write_sheets(ci, f"batch{n}", names)
        # one FASTQ pair behind every unit: a dry run only checks that the files exist
        rows = list(csv.DictReader(open(sheets[1]), delimiter="\t"))
        for u in rows:
            for k in ("fq1", "fq2"):
                link = fq / f"{u['sample']}_{u['unit']}_{k}.fastq.gz"
                link.unlink(missing_ok=True)
                link.symlink_to(u[k])
                u[k] = str(link)
        with open(sheets[1], "w", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=list(rows[0]), delimiter="\t", lineterminator="\n")
            w.writeheader()
            w.writerows(rows)
        d = WORK / f"batchsize/b{n}"
        shutil.rmtree(d, ignore_errors=True)
        cfg = batch_config(f"batch{n}", d, ci, sheets)
        runs = []
        for r in range(1, b.repeats + 1):
            run = timed(snakemake(cfg, 2, [], "-n"), cwd=REPO, env=ENV,
                        log=WORK / f"batchsize_{n}_{r}.log")  # fmt: skip
            runs.append(b.record(f"batch.samples{n}.dry_run", r, run))
        jobs = dry_run_jobs(WORK / f"batchsize_{n}_1.log")
        b.add(f"batch.samples{n}.jobs", jobs, "jobs in the graph")
        b.add_runs(f"batch.samples{n}.dry_run", runs, "<10 s" if n == 96 else "", rss=True)


def dry_run_jobs(log: Path) -> int:
    for line in log.read_text().splitlines()[::-1]:
        if line.startswith("total"):
            return int(line.split()[1])
    return -1


def streaming(b: Bench, records: int) -> None:
    print(f"[bench] streaming: {records} records", flush=True)
    work = WORK / "stream"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    ref = REPO / "demo/data/ci/reference"
    vcf = work / f"{TUMOR}.somatic.vcf.gz"
    subprocess.run(
        [str(VENV / "python"), str(BENCH / "stream_vcf.py"), "--template", str(STREAM_TEMPLATE),
         "--fasta", str(ref / "genome.fa"), "--records", str(records), "--out", str(vcf)],
        check=True, env=ENV, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    n = sum(1 for ln in gzip.open(vcf, "rt") if not ln.startswith("#"))
    b.add("stream.records", n, "VCF records")
    csq = (
        f"bcftools annotate -a {ref}/clinvar.vcf.gz -c INFO/CLNSIG,INFO/CLNREVSTAT"
        f" --pair-logic exact -Ou {vcf} | bcftools csq -f {ref}/genome.fa.alwgs_cache/genome.fa"
        f" -g {ref}/genes.gff3 -s - -l -Ob -o {work}/{TUMOR}.somatic.csq.bcf"
    )
    steps = {
        "annotate_csq": ["bash", "-c", f"set -o pipefail; {csq}"],
        **{
            s: [str(VENV / "python"), str(BENCH / "stream_steps.py"), s, str(work),
                str(STREAM_BATCH)]
            for s in ("annotate", "interpret", "report_html", "report_pdf")
        },
    }  # fmt: skip
    total_wall, peak = [], []
    per: dict[str, list[Run]] = {s: [] for s in steps}
    failed: dict[str, str] = {}
    for r in range(1, b.repeats + 1):
        done = []
        for step, cmd in steps.items():
            if failed:  # a later step needs the earlier one's output
                break
            try:
                run = timed(cmd, cwd=REPO, env=ENV, log=work / f"{step}_{r}.out")
            except RuntimeError as err:
                failed[step] = f"{err}; see bench/work/stream/{step}_{r}.out"
                print(f"  {step}: not measured ({failed[step]})", flush=True)
                break
            done.append(b.record(f"stream.{step}", r, run))
            per[step].append(run)
        if done:
            total_wall.append(sum(x.wall_s for x in done))
            peak.append(max(x.max_rss_kb for x in done) / 1024)
    for step, runs in per.items():
        if runs:
            b.add_runs(f"stream.{step}", runs, rss=True)
        else:
            b.add(f"stream.{step}.not_measured", 1, failed.get(step, "an earlier step failed"))
    b.add("stream.total.wall", summary(total_wall)[0], "s")
    b.add("stream.peak_rss", summary(peak)[0], "MiB (largest step)", "<=1024")


STAGES = {  # benchmark folder or file part -> stage, and what its work grows with
    "fastp": ("read_qc", "reads"),
    "bwa_mem": ("align", "reads"),
    "merge_units": ("align", "reads"),
    "markdup": ("align", "reads"),
    "samtools_stats": ("alignment_qc", "reads"),
    "mosdepth": ("alignment_qc", "reads"),
    "identity": ("alignment_qc", "reads"),
    "freebayes": ("small_variants", "reads"),
    "gather_freebayes": ("small_variants", "genome"),
    "somatic_filter": ("small_variants", "genome"),
    "germline_normal": ("small_variants", "reads"),
    "itd": ("itd", "targets"),
    "delly": ("sv", "reads"),
    "tiddit": ("sv", "reads"),
    "sv_other": ("sv", "genome"),
    "coverage": ("cnv_coverage", "reads"),
    "cnv_other": ("cnv", "genome"),
    "annotation": ("annotation", "genome"),
    "interpretation": ("interpretation", "genome"),
    "report": ("report", "genome"),
    "other": ("batch", "genome"),
}


def stage_of(rel: str) -> str:
    top, name = rel.split("/", 1)[0], rel.rsplit("/", 1)[-1]
    if top == "sv":
        return name.split(".")[1] if name.split(".")[1] in ("delly", "tiddit") else "sv_other"
    if top == "cnv":
        return "coverage" if name.endswith(".coverage.tsv") else "cnv_other"
    return top if top in STAGES else "other"


def cost(b: Bench, batch: Path) -> None:
    """CPU per Gbase of input by stage, from a finished batch's per-job benchmark files."""
    print(f"[bench] cost per genome from {batch.name}", flush=True)
    # the threads the batch ran with: the demo's resources (demo/data/<scale>/resources.yaml)
    res = yaml.safe_load((REPO / "demo/data/ci/resources.yaml").read_text())
    gbases = (
        sum(
            json.loads(p.read_text())["summary"]["before_filtering"]["total_bases"]
            for p in (batch / "results/read_qc").glob("*/*.fastp.json")
        )
        / 1e9
    )
    n_samples = len(list((batch / "results/read_qc").iterdir()))
    genome_mb = fasta_mb(REPO / "demo/data/ci/reference/genome.fa")
    cpu, core = defaultdict(float), defaultdict(float)
    rule_of = {"coverage": "cnv_coverage", "identity": "identity_check"}
    for p in (batch / "benchmarks").rglob("*.tsv"):
        rel = str(p.relative_to(batch / "benchmarks"))
        rows = list(csv.DictReader(open(p), delimiter="\t"))
        if not rows:
            continue
        key = stage_of(rel)
        rule = rule_of.get(key, key)
        threads = res.get(rule, {}).get("threads", res["default"]["threads"])
        cpu[key] += float(rows[-1]["cpu_time"])
        core[key] += float(rows[-1]["s"]) * threads
    b.add("cost.input", gbases, "Gbases (fastp input)")
    b.add("cost.samples", n_samples, "samples")
    total_core = total_cpu = est = 0.0
    for key in sorted(core, key=lambda k: -core[k]):
        _, grows = STAGES[key]
        per_gb = core[key] / gbases
        b.add(f"cost.{key}.core_s_per_gbase", per_gb, f"core-s/Gbase ({grows})")
        if grows == "reads":
            hours = per_gb * HUMAN_GBASES / 3600
        elif grows == "genome":  # per sample, grows with the genome, not the depth
            hours = core[key] / n_samples * 2 * HUMAN_GENOME_MB / genome_mb / 3600
        else:  # fixed target regions
            hours = core[key] / n_samples * 2 / 3600
        est += hours
        total_core += core[key]
        total_cpu += cpu[key]
    b.add("cost.total.core_s_per_gbase", total_core / gbases, "core-s/Gbase")
    b.add("cost.total.cpu_s_per_gbase", total_cpu / gbases, "CPU-s/Gbase (sampled)")
    b.add("cost.estimate.human_90x_30x", est, "core-hours (ESTIMATE)")


def write(b: Bench, out: Path, start: float, quick: bool) -> None:
    date = datetime.date.today().isoformat()
    mach = machine()
    with open(out, "w", newline="") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(["metric", "value", "unit", "goal", "date", "machine"])
        w.writerow(["run.mode", "quick" if quick else "full", "", "", date, mach])
        w.writerow(["run.repeats", b.repeats, "", "", date, mach])
        w.writerow(["run.load1_at_start", f"{start:.2f}", "1-min load", "", date, mach])
        for row in b.rows:
            w.writerow([*row, date, mach])
    with open(out.with_name(out.name.replace("results", "runs")), "w", newline="") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(["metric", "repeat", "wall_s", "cpu_s", "max_rss_mib", "load1_at_start"])
        w.writerows(b.runs)


# Metric prefixes of each section: --merge replaces exactly these rows of the committed table.
PREFIXES = {
    "cohort": ("cohort.",),
    "cost": ("cost.",),
    "batch": ("batch.",),
    "streaming": ("stream.",),
    "overhead": ("overhead.",),
    "scaling": ("scaling.",),
    "guard": ("guard.",),
    "split": ("split.",),
    "costmodel": ("costmodel.",),
}


def merge(b: Bench, sections: list[str], start: float) -> Path:
    """Replace the rows of `sections` in bench/results.tsv and bench/runs.tsv, keep the rest
    (with their own dates), and say in run.rerun_sections which sections were rerun when."""
    date, mach = datetime.date.today().isoformat(), machine()
    prefixes = tuple(p for s in sections for p in PREFIXES[s]) + tuple(
        f"{s}.not_measured" for s in sections
    )
    out = BENCH / "results.tsv"
    rows = list(csv.reader(out.open(), delimiter="\t")) if out.exists() else [[]]
    header, kept = rows[0] or ["metric", "value", "unit", "goal", "date", "machine"], rows[1:]
    kept = [r for r in kept if not r[0].startswith(prefixes)]
    note = f"{','.join(sections)} rerun {date} with --merge (load {start:.2f} at start)"
    rerun = [r for r in kept if r[0] == "run.rerun_sections"]
    kept = [r for r in kept if r[0] != "run.rerun_sections"]
    text = "; ".join([*(r[2] for r in rerun), note])
    # the sections column keeps every section ever rerun, in the order of SECTIONS
    done = {x for r in rerun for x in r[1].split(",") if x} | set(sections)
    sections = [x for x in SECTIONS if x in done]
    head = [r for r in kept if r[0].startswith("run.")]
    body = [r for r in kept if not r[0].startswith("run.")]
    with open(out, "w", newline="") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(header)
        w.writerows(head)
        w.writerow(["run.rerun_sections", ",".join(sections), text, "", date, mach])
        w.writerows(body)
        for row in b.rows:
            w.writerow([*row, date, mach])
    runs = BENCH / "runs.tsv"
    old = list(csv.reader(runs.open(), delimiter="\t")) if runs.exists() else [[]]
    with open(runs, "w", newline="") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(
            old[0] or ["metric", "repeat", "wall_s", "cpu_s", "max_rss_mib", "load1_at_start"]
        )
        w.writerows(r for r in old[1:] if not r[0].startswith(prefixes))
        w.writerows(b.runs)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="1 repeat, fewer settings, 100k records")
    ap.add_argument("--only", default=",".join(SECTIONS))
    ap.add_argument(
        "--merge",
        action="store_true",
        help="with --only: replace those sections' rows in bench/results.tsv, keep the others",
    )
    args = ap.parse_args(argv)
    only = [s for s in SECTIONS if s in args.only.split(",")]
    WORK.mkdir(parents=True, exist_ok=True)
    b = Bench(args.quick)
    start = load1()
    # only a full run of every section (or --merge of some) replaces the committed table
    full = not args.quick and len(only) == len(SECTIONS)
    name = "results.tsv" if full else f"results{'.quick' if args.quick else ''}.partial.tsv"
    out = BENCH / name if full else WORK / name
    ci = demo_data(b, "ci")
    last = None
    for section in only:
        try:
            if section == "cohort":
                cohort_section.section(b, COHORT_BATCH)
            elif section == "cost":
                cost(b, COST_BATCH)
            elif section == "batch":
                batch_size(b, ci)
            elif section == "streaming":
                streaming(b, 100_000 if args.quick else 1_000_000)
            elif section == "overhead":
                cache = prepare_reference(ci, [1, 4] if args.quick else [1, 4, 16])
                last = overhead(b, ci, cache)
            elif section == "scaling" and last is not None:
                scaling(b, ci, last)
            elif section == "guard":
                guard(b, ci, WORK / "guard", ENV, timed)
            elif section == "split":
                helpers = dict(
                    WORK=WORK, REPO=REPO, ENV=ENV, timed=timed, snakemake=snakemake,
                    write_sheets=write_sheets, batch_config=batch_config,
                    prepare_reference=prepare_reference,
                )  # fmt: skip
                align_split.section(b, ci, helpers)
            elif section == "costmodel":
                cost_model.run(b, ci, batch_config, write_sheets, snakemake, args.quick)
        except Exception as err:  # one failed section must not lose the others
            print(f"[bench] {section}: not measured: {err}", flush=True)
            b.add(f"{section}.not_measured", 1, str(err)[:120].replace("\t", " "))
        write(b, out, start, args.quick)
    if args.merge and not args.quick and not full:
        out = merge(b, only, start)
    print(f"[bench] wrote {out.relative_to(REPO)}")
    print(out.read_text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
