"""Cost model of a human tumor/normal pair (issue 17): section `costmodel` of bench/run_bench.py.

The old `cost` section scaled core-seconds per Gbase measured on the 1.92-Mb demo genome to a
human pair. Per-base alignment cost grows with the reference (index size, cache misses,
repeats), so that undercounts. Here:

1. Synthetic references of 4, 40 and 400 Mb (human-like repeat content, `synthetic_reference`)
   and one read set per reference (same number of 150-bp pairs and error model, drawn from
   it); `bwa index` once each, then `bwa mem -t {THREADS} -K 100000000 -Y` (CPU seconds per Gbase of
   reads, minus a 2,000-pair run that measures the index load), `samtools fixmate | sort`,
   `samtools markdup`, `samtools stats`, `mosdepth`, CNV bin coverage (scripts/cnv_coverage.py)
   on the result.
2. The ci demo pair (P01-T 90x, P01-N 30x, 1.92 Mb): the same alignment steps, fastp,
   freebayes with the tumor downsampled to 30/60/90x, bcftools germline calls of the normal,
   delly and tiddit.
3. Fits (bwa: log and power law in reference size; per-BAM steps: a*Gbases + b*Mb; freebayes:
   linear in tumor depth), extrapolated to GRCh38 and set beside published human figures
   (ANCHORS, each with its source).
4. Per job of a one-pair batch (the Snakemake job graph of the ci pair with human chunking),
   low/mid/high CPU hours, written to bench/cost_model.tsv; wall time on 1 node of 32 cores
   and on 20 such nodes from alwgs.schedule (critical path first list scheduling).

Every row says measured / fitted / quoted / modelled in its unit.
"""

from __future__ import annotations

import csv
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

import numpy as np
import yaml

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(REPO / "scripts"))
from alwgs.intake.tool_options import freebayes_args  # noqa: E402
from alwgs.schedule import Job, schedule  # noqa: E402
from alwgs.sim.dna import BASES, mutate, random_dna, revcomp, seeded  # noqa: E402
from alwgs.sim.genome import _texture  # noqa: E402
from alwgs.sim.reads import fragments, read_names, sequence_errors, write_fastq  # noqa: E402
from timing import Run, timed  # noqa: E402

WORK = BENCH / "work" / "costmodel"
TSV = BENCH / "cost_model.tsv"
SEED = 17
REF_MB = (4, 40, 400)
PAIRS = 400_000
TINY_PAIRS = 2_000
THREADS = 2  # threads of every measured command (the machine has 2 cores)
HUMAN_MB = 3100.0  # GRCh38 primary assembly, rounded
HUMAN_CALLABLE_MB = 2900.0  # N-free sequence freebayes is run over
TUMOR_X, NORMAL_X = 90, 30
TUMOR_UNITS = 2  # read groups of the 90x tumor (the ci pair has 2; a 45x lane pair each)
BIN_SIZE = 5000  # cnv.bin_size of config/config.yaml (human)

# Repeat families of the synthetic references: name, consensus length, share of the genome
# written, fragment length range, divergence from the consensus (uniform in the range).
# Human (GRCh38, RepeatMasker): ~50% repeats: Alu ~10%, L1 ~17%, LTR ~8%, DNA ~3%, simple
# and low complexity ~3%, segmental duplications ~5%. Copies overlap, so the masked share
# comes out lower than the sum (reported per reference).
FAMILIES = (
    ("alu", 300, 0.10, (250, 300), (0.02, 0.20)),
    ("l1", 6000, 0.17, (300, 6000), (0.02, 0.20)),
    ("ltr", 800, 0.08, (200, 800), (0.05, 0.25)),
    ("dna", 1200, 0.03, (200, 1200), (0.10, 0.25)),
)
SIMPLE_SHARE = 0.03
SEGDUP_SHARE = 0.05

# Published human figures, each per Gbase of reads (30x of GRCh38 ~ 93 Gbases).
ANCHORS = {
    "bwa_mem": [
        (
            "bwa-mem2 GitHub issue #16 (2019): bwa mem, 30x NA12878, -t 36 on a c5.9xlarge "
            "(36 vCPU): 4 h 12 min = 151 vCPU-h",
            151.2 * 3600 / 93,
        ),
        (
            "mpiBWA (Jarlier et al., F1000Research 2020, PMC7429925): a 300X genome aligned "
            "and sorted in < 9 h on 128 cores = < 1152 core-h",
            9 * 128 * 3600 / 930,
        ),
    ],
    "mosdepth": [
        (
            "mosdepth README / Debian package description (Pedersen & Quinlan 2018): "
            "per-base depth ~25 min of CPU time for a 30X genome",
            25 * 60 / 93,
        ),
    ],
}


def sh(cmd: str) -> list[str]:
    return ["bash", "-c", f"set -o pipefail; {cmd}"]


# --- inputs ---------------------------------------------------------------------------------


def _simple_repeat(rng) -> str:
    unit = ["A", "T", "CA", "AT", "AG", "GT", "CAG", "AAT", "GGC", "TTTA", "AAAG"][
        int(rng.integers(0, 11))
    ]
    return (unit * 100)[: int(rng.integers(20, 200))]


def synthetic_reference(mb: float, seed: int, fasta: Path, reads_prefix: Path, pairs: int):
    """A reference of `mb` Mb with human-like repeat families, and `pairs` read pairs drawn
    from it (the simulator's read model: ~350-bp inserts, quality-calibrated errors, 5%
    duplicates). Returns (masked share, read bases)."""
    fam_rng = seeded(seed, "costmodel", "families")  # the same families at every size
    families = [(name, random_dna(fam_rng, n, 0.42)) for name, n, *_ in FAMILIES]
    rng = seeded(seed, "costmodel", f"{mb}")
    n_contigs = max(4, math.ceil(mb / 25))
    length = int(mb * 1e6 / n_contigs)
    masked = 0
    r1s, r2s = [], []
    with open(fasta, "wb") as fh:
        for c in range(n_contigs):
            arr = BASES[_texture(rng, length)].copy()
            mask = np.zeros(length, dtype=bool)

            def put(seq: str, pos: int, arr=arr, mask=mask):
                arr[pos : pos + len(seq)] = np.frombuffer(seq.encode(), dtype=np.uint8)
                mask[pos : pos + len(seq)] = True

            for (_, share, (lo, hi), (dlo, dhi)), (_, cons) in zip(
                (f[1:] for f in FAMILIES), families, strict=True
            ):
                placed = 0
                while placed < share * length:
                    size = int(rng.integers(lo, min(hi, len(cons)) + 1))
                    off = int(rng.integers(0, len(cons) - size + 1))
                    seq = mutate(rng, cons[off : off + size], float(rng.uniform(dlo, dhi)))
                    put(
                        seq if rng.random() < 0.5 else revcomp(seq),
                        int(rng.integers(0, length - size)),
                    )
                    placed += size
            placed = 0
            while placed < SIMPLE_SHARE * length:
                seq = mutate(rng, _simple_repeat(rng), 0.03)
                put(seq, int(rng.integers(0, length - len(seq))))
                placed += len(seq)
            placed = 0
            while placed < SEGDUP_SHARE * length:  # copies within the contig, 1-5% diverged
                size = int(rng.integers(5_000, 50_000))
                src = int(rng.integers(0, length - size))
                seq = mutate(
                    rng, arr[src : src + size].tobytes().decode(), float(rng.uniform(0.01, 0.05))
                )
                put(seq, int(rng.integers(0, length - size)))
                mask[src : src + size] = True
                placed += size
            masked += int(mask.sum())
            seq = arr.tobytes()
            fh.write(f">syn{c + 1}\n".encode())
            fh.write(b"\n".join(seq[i : i + 80] for i in range(0, length, 80)) + b"\n")
            r1, r2 = fragments(rng, seq.decode(), 2 * 150 * pairs / (n_contigs * length), 0.05)
            r1s.append(r1)
            r2s.append(r2)
    r1, r2 = np.concatenate(r1s), np.concatenate(r2s)
    order = rng.permutation(len(r1))  # a sequencer's order, not the genome's
    r1, r2 = r1[order], r2[order]
    bases = 0
    for n, suffix in ((len(r1), ""), (TINY_PAIRS, ".tiny")):
        names = read_names("COSTMDL", 1, n)
        for mate, reads in ((1, r1[:n]), (2, r2[:n])):
            seqs, quals = sequence_errors(rng, reads, mate)
            write_fastq(Path(f"{reads_prefix}{suffix}_R{mate}.fastq.gz"), names, seqs, quals, mate)
            bases += seqs.size if not suffix else 0
    return masked / (n_contigs * length), bases


def prepare_reference(mb: float, pairs: int, index: bool = True) -> dict:
    """Reference and reads of one size, then its bwa index (timed), each reused when the
    parameters match (the generation is not a measurement; the index is, once)."""
    d = WORK / f"ref{mb:g}"
    stamp = json.loads(json.dumps({
        "mb": mb, "pairs": pairs, "seed": SEED, "families": FAMILIES, "simple": SIMPLE_SHARE,
        "segdup": SEGDUP_SHARE, "version": 1,
    }))  # fmt: skip
    made, stamp_path = d / "generated.json", d / "stamp.json"
    if not (made.exists() and json.loads(made.read_text()).get("stamp") == stamp):
        shutil.rmtree(d, ignore_errors=True)
        d.mkdir(parents=True)
        masked, bases = synthetic_reference(mb, SEED, d / "genome.fa", d / "reads", pairs)
        subprocess.run(["samtools", "faidx", str(d / "genome.fa")], check=True)
        made.write_text(json.dumps({"stamp": stamp, "masked": masked, "bases": bases}))
    info = json.loads(made.read_text())
    if not index:
        return info
    if stamp_path.exists() and json.loads(stamp_path.read_text()).get("stamp") == stamp:
        return json.loads(stamp_path.read_text())
    run = timed(["bwa", "index", str(d / "genome.fa")], log=d / "bwa_index.log")
    info["index"] = run.__dict__
    stamp_path.write_text(json.dumps(info))
    return info


# --- measurements ---------------------------------------------------------------------------


class Measure:
    """Runs commands under /usr/bin/time -v and keeps (metric, Run) for bench/runs.tsv."""

    def __init__(self, b):
        self.b = b

    def __call__(self, metric: str, cmd: list[str], log: Path, env=None) -> Run:
        run = timed(cmd, env=env, log=log)
        self.b.record(f"costmodel.{metric}", 1, run)
        return run


def bins_bed(fai: Path, out: Path) -> Path:
    """Even bins of BIN_SIZE over each contig (what cnvkit target --split gives on an N-free
    genome)."""
    with open(out, "w") as fh:
        for line in fai.read_text().splitlines():
            name, length = line.split("\t")[:2]
            for s in range(0, int(length), BIN_SIZE):
                fh.write(f"{name}\t{s}\t{min(s + BIN_SIZE, int(length))}\t-\n")
    return out


def align(m: Measure, key: str, ref: Path, fq1: str, fq2: str, out: Path, rg: str) -> dict:
    """bwa mem alone (SAM to a file), then fixmate | sort as the bwa_mem rule pipes them."""
    sam = out.with_suffix(".sam")
    bwa = m(
        f"{key}.bwa_mem",
        sh(f"bwa mem -t {THREADS} -K 100000000 -Y -R '{rg}' {ref} {fq1} {fq2} > {sam}"),
        out.with_suffix(".bwa.log"),
    )
    sort = m(
        f"{key}.fixmate_sort",
        sh(
            f"samtools fixmate -m -u {sam} - | samtools sort -@ {THREADS} -m 512M"
            f" -T {out}.tmp -o {out} -"
        ),
        out.with_suffix(".sort.log"),
    )
    sam.unlink()
    return {"bwa": bwa, "sort": sort}


def bam_steps(m: Measure, key: str, ref: Path, bam: Path, bins: Path) -> dict[str, Run]:
    """The per-BAM steps of the pipeline with 2 threads: markdup, stats, mosdepth, CNV
    coverage (the rules' commands, reference and thresholds)."""
    md = bam.with_name(bam.stem + ".md.bam")
    runs = {
        "markdup": m(
            f"{key}.markdup",
            sh(
                f"samtools markdup -@ {THREADS} -f {md}.stats --reference {ref}"
                " --output-fmt bam"
                f" --write-index {bam} {md}##idx##{md}.bai"
            ),
            md.with_suffix(".log"),
        )
    }
    runs["samtools_stats"] = m(
        f"{key}.samtools_stats",
        sh(f"samtools stats -@ {THREADS} --reference {ref} {md} > {md}.stats.txt"),
        md.with_suffix(".stats.log"),
    )
    runs["mosdepth"] = m(
        f"{key}.mosdepth",
        [
            "mosdepth",
            "-n",
            "--fast-mode",
            "-Q",
            "20",
            "-t",
            str(THREADS),
            "-f",
            str(ref),
            str(md.with_suffix("")),
            str(md),
        ],
        md.with_suffix(".mosdepth.log"),
    )
    # rule cnv_coverage's job: mosdepth over the bins, then CNVkit's .cnn (bench/runs.tsv rows
    # before this command measured `cnvkit.py coverage -q 20 -p 2`, the rule's former command)
    runs["cnv_coverage"] = m(
        f"{key}.cnv_coverage",
        [
            "python",
            str(REPO / "scripts/cnv_coverage.py"),
            "--aln",
            str(md),
            "--bins",
            str(bins),
            "--ref",
            str(ref),
            "--min-mapq",
            "20",
            "--threads",
            str(THREADS),
            "--out",
            str(md.with_suffix(".cnn")),
            "--log",
            str(md.with_suffix(".cnv_coverage.log")),
        ],
        md.with_suffix(".cnv.log"),
        env=_env(),
    )
    return runs


def _env():
    venv = REPO / ".venv/bin"
    return dict(os.environ, PATH=f"{venv}:{os.environ['PATH']}", OMP_NUM_THREADS=str(THREADS))


def per_gbase(run: Run, tiny: Run | None, gbases: float, tiny_gbases: float = 0.0) -> float:
    """CPU seconds per Gbase; with a tiny run of the same command, its cost (index load,
    start-up) is subtracted so that what is left grows with reads only."""
    if tiny is None:
        return run.cpu_s / gbases
    return (run.cpu_s - tiny.cpu_s) / (gbases - tiny_gbases)


def downsample(bam: Path, out: Path, fraction: float) -> None:
    """samtools view -s keeps whole pairs (same read name hash), indexed."""
    frac = f"{SEED}.{round(fraction * 1000):03d}"
    idx = f"{out}##idx##{out}.bai"
    cmd = ["samtools", "view", "-b", "-s", frac, "--write-index", "-o", idx, str(bam)]
    subprocess.run(cmd, check=True)


def slope(points: list[tuple[float, Run]]) -> float:
    """CPU seconds per Gbase between two runs of a tool on different read counts (the
    start-up cancels); the plain ratio of the larger run if the slope is not positive."""
    (g1, r1), (g2, r2) = sorted(points, key=lambda p: p[0])
    if r2.cpu_s > r1.cpu_s and g2 > g1:
        return (r2.cpu_s - r1.cpu_s) / (g2 - g1)
    return r2.cpu_s / g2


def fastq_bases(path: Path) -> int:
    out = subprocess.run(
        sh(f"gzip -dc {path} | awk 'NR%4==2 {{n+=length($0)}} END {{print n}}'"),
        check=True,
        capture_output=True,
        text=True,
    )
    return int(out.stdout.strip())


# --- fits -----------------------------------------------------------------------------------


def fit_log(x, y):
    """y = a + b*log10(x), least squares: (a, b, relative residuals)."""
    lx = np.log10(np.asarray(x, float))
    b, a = np.polyfit(lx, y, 1)
    pred = a + b * lx
    return float(a), float(b), [float(r) for r in (np.asarray(y) - pred) / pred]


def fit_power(x, y):
    """y = c * x**k, least squares in log-log: (c, k, relative residuals)."""
    k, lc = np.polyfit(np.log10(np.asarray(x, float)), np.log10(np.asarray(y, float)), 1)
    pred = 10**lc * np.asarray(x, float) ** k
    return float(10**lc), float(k), [float(r) for r in (np.asarray(y) - pred) / pred]


def fit_reads_genome(points):
    """cpu_s = a*Gbases + b*Mb + c (non-negative least squares): per Gbase of reads, per Mb
    of reference (a per-genome pass: arrays per contig, bins, indexes) and a start-up
    constant (start-up, Python imports). Returns (a, b, c, relative residuals)."""
    A = np.array([[g, mb, 1.0] for g, mb, _ in points], float)
    y = np.array([c for *_, c in points], float)
    best = None
    for cols in ([0, 1, 2], [0, 1], [0, 2], [0]):
        coef, *_ = np.linalg.lstsq(A[:, cols], y, rcond=None)
        if (coef < 0).any():
            continue
        full = np.zeros(3)
        full[cols] = coef
        err = float(((A @ full - y) ** 2).sum())
        if best is None or err < best[1]:
            best = (full, err)
    a, b, c = best[0]
    pred = A @ best[0]
    return float(a), float(b), float(c), [float(r) for r in (y - pred) / pred]


# --- the section ----------------------------------------------------------------------------


def run(
    b, ci: Path, batch_config, write_sheets, snakemake, quick: bool = False, sizes=None, pairs=None
) -> None:
    print("[bench] costmodel: per-base cost vs reference size and depth", flush=True)
    WORK.mkdir(parents=True, exist_ok=True)
    m = Measure(b)
    sizes = sizes or ((4, 40) if quick else REF_MB)
    pairs = pairs or (100_000 if quick else PAIRS)
    out: dict = {"ref": {}, "ci": {}}
    # 1. reference size
    for mb in sizes:
        info = prepare_reference(mb, pairs)
        d = WORK / f"ref{mb:g}"
        fa = d / "genome.fa"
        idx = info["index"]
        b.add(
            f"costmodel.ref{mb}mb.masked", info["masked"], "share of bases in repeats (synthetic)"
        )
        b.add(
            f"costmodel.ref{mb}mb.bwa_index.cpu",
            idx["user_s"] + idx["sys_s"],
            "s user+sys (measured)",
        )
        b.add(f"costmodel.ref{mb}mb.bwa_index.max_rss", idx["max_rss_kb"] / 1024, "MiB (measured)")
        rg = f"@RG\\tID:syn{mb}\\tSM:syn{mb}"
        full = align(
            m, f"ref{mb}mb", fa, d / "reads_R1.fastq.gz", d / "reads_R2.fastq.gz", d / "aln.bam", rg
        )
        tiny = align(
            m,
            f"ref{mb}mb.tiny",
            fa,
            d / "reads.tiny_R1.fastq.gz",
            d / "reads.tiny_R2.fastq.gz",
            d / "tiny.bam",
            rg,
        )
        gb = info["bases"] / 1e9
        tiny_gb = gb * TINY_PAIRS / pairs
        bins = bins_bed(Path(f"{fa}.fai"), d / "bins.bed")
        steps = bam_steps(m, f"ref{mb}mb", fa, d / "aln.bam", bins)
        out["ref"][mb] = {
            "gbases": gb,
            "bwa": full["bwa"],
            "bwa_tiny": tiny["bwa"],
            "sort": full["sort"],
            "steps": steps,
            "tiny_gb": tiny_gb,
            "index_cpu": idx["user_s"] + idx["sys_s"],
        }
        per = per_gbase(full["bwa"], tiny["bwa"], gb, tiny_gb)
        out["ref"][mb]["bwa_per_gb"] = per
        b.add(f"costmodel.ref{mb}mb.reads", gb, "Gbases (synthetic, 2x150)")
        b.add(
            f"costmodel.ref{mb}mb.bwa_mem.cpu_s_per_gbase",
            per,
            "CPU-s/Gbase (measured, index load subtracted)",
        )
        b.add(
            f"costmodel.ref{mb}mb.bwa_mem.index_load",
            tiny["bwa"].cpu_s,
            "CPU-s of a 2,000-pair run (measured)",
        )
        b.add(
            f"costmodel.ref{mb}mb.bwa_mem.parallel",
            full["bwa"].cpu_s / (THREADS * full["bwa"].wall_s),
            "CPU / (2 x wall) (measured)",
        )
        b.add(
            f"costmodel.ref{mb}mb.bwa_mem.max_rss", full["bwa"].max_rss_kb / 1024, "MiB (measured)"
        )
    # 2. the ci pair: real depth, variants, tumor and normal
    ci_out = measure_ci(b, m, ci)
    out["ci"] = ci_out
    model = fit_and_extrapolate(b, out, sizes)
    jobs = job_estimates(b, model)
    write_tsv(jobs)
    wall_times(b, jobs, ci, batch_config, write_sheets, snakemake)


def measure_ci(b, m: Measure, ci: Path) -> dict:
    d = WORK / "ci"
    d.mkdir(parents=True, exist_ok=True)
    ref = d / "genome.fa"
    if not Path(f"{ref}.bwt").exists():
        shutil.copy(ci / "reference/genome.fa", ref)
        subprocess.run(["samtools", "faidx", str(ref)], check=True)
        subprocess.run(["bwa", "index", str(ref)], check=True, capture_output=True)
    units = list(csv.DictReader(open(ci / "units.tsv"), delimiter="\t"))
    qc = yaml.safe_load((REPO / "config/config.yaml").read_text())["read_qc"]
    res: dict = {"gbases": {}, "bwa": [], "sort": [], "fastp": []}
    bams: dict[str, list[Path]] = {"P01-T": [], "P01-N": []}
    for u in units:
        if u["sample"] not in bams:
            continue
        fq1, fq2 = ci / u["fq1"], ci / u["fq2"]
        key = f"ci.{u['sample']}.{u['unit']}"
        o1, o2 = d / f"{key}_R1.fq.gz", d / f"{key}_R2.fq.gz"
        fastp = m(
            f"{key}.fastp",
            [
                "fastp",
                "-i",
                str(fq1),
                "-I",
                str(fq2),
                "-o",
                str(o1),
                "-O",
                str(o2),
                "--adapter_sequence",
                qc["adapter_r1"],
                "--adapter_sequence_r2",
                qc["adapter_r2"],
                "--cut_tail",
                "--cut_tail_mean_quality",
                str(qc["cut_tail_quality"]),
                "--length_required",
                str(qc["min_length"]),
                "--dont_eval_duplication",
                "--compression",
                "1",
                "--thread",
                str(THREADS),
                "--json",
                str(d / f"{key}.json"),
                "--html",
                str(d / f"{key}.html"),
            ],
            d / f"{key}.fastp.log",
        )
        gb = (
            json.loads((d / f"{key}.json").read_text())["summary"]["before_filtering"][
                "total_bases"
            ]
            / 1e9
        )
        gb_after = fastq_bases(o1) / 1e9 + fastq_bases(o2) / 1e9
        sm = u["sample"]
        rg = f"@RG\\tID:{sm}.{u['unit']}\\tSM:{sm}\\tLB:{sm}-lib1\\tPL:ILLUMINA"
        bam = d / f"{key}.bam"
        a = align(m, key, ref, o1, o2, bam, rg)
        res["fastp"].append((gb, fastp))
        res["bwa"].append((gb_after, a["bwa"]))
        res["sort"].append((gb_after, a["sort"]))
        res["gbases"][u["sample"]] = res["gbases"].get(u["sample"], 0) + gb_after
        bams[u["sample"]].append(bam)
    merged = d / "P01-T.merged.bam"
    res["merge"] = m(
        "ci.P01-T.merge_units",
        [
            "samtools",
            "merge",
            "-@",
            str(THREADS),
            "-f",
            "-o",
            str(merged),
            *map(str, bams["P01-T"]),
        ],
        d / "merge.log",
    )
    normal = d / "P01-N.merged.bam"
    shutil.copy(bams["P01-N"][0], normal)
    bins = bins_bed(Path(f"{ref}.fai"), d / "bins.bed")
    res["steps"] = {
        s: bam_steps(m, f"ci.{s}", ref, p, bins) for s, p in (("P01-T", merged), ("P01-N", normal))
    }
    t_md, n_md = d / "P01-T.merged.md.bam", d / "P01-N.merged.md.bam"
    # freebayes with the tumor at 30/60/90x (samtools view -s keeps whole pairs), normal 30x
    cfg = yaml.safe_load((REPO / "config/config.yaml").read_text())
    fb_args = " ".join(freebayes_args(cfg["small_variants"]["freebayes"]))
    res["freebayes"] = {}
    for depth in (30, 60, 90):
        t = t_md if depth == 90 else d / f"P01-T.{depth}x.bam"
        if depth != 90:
            downsample(t_md, t, depth / 90)
        res["freebayes"][depth] = m(
            f"ci.freebayes.tumor{depth}x",
            sh(f"freebayes -f {ref} {fb_args} {t} {n_md} > {d}/fb{depth}.vcf"),
            d / f"fb{depth}.log",
        )
    # Two runs of each caller at different read counts: the slope is the cost per Gbase with
    # the start-up (index and library scans, Python imports) taken out.
    n_half = d / "P01-N.15x.bam"
    downsample(n_md, n_half, 0.5)
    gb_t, gb_n = res["gbases"]["P01-T"], res["gbases"]["P01-N"]
    res["germline"] = [
        (
            gb,
            m(
                f"ci.germline_normal.{name}",
                sh(
                    f"bcftools mpileup -f {ref} -a AD,DP,SP,ADF,ADR -q 20 -Q 20 -Ou {bam}"
                    " | bcftools call -mv -Ou"
                    f" | bcftools norm -f {ref} -m -both -Oz -o {d}/germ_{name}.vcf.gz"
                ),
                d / f"germline_{name}.log",
            ),
        )
        for name, bam, gb in (("normal30x", n_md, gb_n), ("normal15x", n_half, gb_n / 2))
    ]
    res["delly"] = [
        (
            gb,
            m(
                f"ci.delly.{name}",
                ["delly", "call", "-g", str(ref), "-o", str(d / f"delly_{name}.bcf"), str(t),
                 str(n_md)],
                d / f"delly_{name}.log",
                env=_env(),
            ),
        )
        for name, t, gb in (
            ("tumor90x", t_md, gb_t + gb_n),
            ("tumor30x", d / "P01-T.30x.bam", gb_t / 3 + gb_n),
        )
    ]  # fmt: skip
    # tiddit 3.5 stops on a thin BAM (alwgs.sv.callers.tiddit_outcome): its CPU is counted
    # whatever the exit status, which the log keeps. It reuses the intermediate files of an
    # earlier run with the same prefix, so they are removed first.
    res["tiddit"] = []
    for s, p, gb in (("P01-T", t_md, gb_t), ("P01-N", n_md, gb_n)):
        shutil.rmtree(d / f"tiddit_{s}_tiddit", ignore_errors=True)
        cmd = (
            f"tiddit --sv --bam {p} --ref {ref} -o {d}/tiddit_{s}"
            f" --skip_assembly --threads {THREADS}; echo exit $?"
        )
        res["tiddit"].append((gb, m(f"ci.tiddit.{s}", sh(cmd), d / f"tiddit_{s}.log")))
    res["mb"] = (
        sum(int(ln.split("\t")[1]) for ln in Path(f"{ref}.fai").read_text().splitlines()) / 1e6
    )
    return res


def fit_and_extrapolate(b, out: dict, sizes) -> dict:
    """The fits and their human values (CPU-s per Gbase, or per job where stated)."""
    model: dict = {}
    ci = out["ci"]
    xs = list(sizes)
    ys = [out["ref"][mb]["bwa_per_gb"] for mb in xs]
    la, lb, lres = fit_log(xs, ys)
    pc, pk, pres = fit_power(xs, ys)
    log_h, pow_h = la + lb * math.log10(HUMAN_MB), pc * HUMAN_MB**pk
    b.add("costmodel.fit.bwa_mem.log.a", la, "CPU-s/Gbase (fitted: a + b*log10(Mb))")
    b.add("costmodel.fit.bwa_mem.log.b", lb, "CPU-s/Gbase per decade (fitted)")
    b.add("costmodel.fit.bwa_mem.log.max_residual", max(map(abs, lres)), "relative (fitted)")
    b.add("costmodel.fit.bwa_mem.power.c", pc, "CPU-s/Gbase at 1 Mb (fitted: c*Mb^k)")
    b.add("costmodel.fit.bwa_mem.power.k", pk, "exponent (fitted)")
    b.add("costmodel.fit.bwa_mem.power.max_residual", max(map(abs, pres)), "relative (fitted)")
    b.add("costmodel.human.bwa_mem.log_fit", log_h, "CPU-s/Gbase at 3100 Mb (fitted, extrapolated)")
    b.add(
        "costmodel.human.bwa_mem.power_fit", pow_h, "CPU-s/Gbase at 3100 Mb (fitted, extrapolated)"
    )
    # bwa index (bwtsw): CPU vs reference size, power law, to GRCh38; the bwa manual's figure
    ic, ik, ires = fit_power(xs, [out["ref"][mb]["index_cpu"] for mb in xs])
    b.add("costmodel.fit.bwa_index.power.k", ik, "exponent of CPU-s vs Mb (fitted)")
    b.add("costmodel.fit.bwa_index.max_residual", max(map(abs, ires)), "relative (fitted)")
    b.add("costmodel.human.bwa_index.cpu_h", ic * HUMAN_MB**ik / 3600,
          "CPU-h at 3100 Mb, 1 thread (fitted, extrapolated)")  # fmt: skip
    b.add("costmodel.anchor.bwa_index.1", 3.0, "h (quoted)")
    b.add("costmodel.anchor.bwa_index.1.source", "quoted",
          "bwa manual (bio-bwa.sourceforge.net/bwa.shtml, quoted in lh3/bwa issue #310): "
          "indexing the human genome takes 3 hours with bwtsw")  # fmt: skip
    ci_bwa = sum(r.cpu_s for _, r in ci["bwa"]) / sum(g for g, _ in ci["bwa"])
    b.add("costmodel.ci.bwa_mem.cpu_s_per_gbase", ci_bwa, "CPU-s/Gbase, ci pair 1.92 Mb (measured)")
    anchors = ANCHORS["bwa_mem"]
    for i, (src, val) in enumerate(anchors, 1):
        b.add(f"costmodel.anchor.bwa_mem.{i}", val, "CPU-s/Gbase (quoted)")
        b.add(f"costmodel.anchor.bwa_mem.{i}.source", "quoted", src)
        b.add(f"costmodel.anchor.bwa_mem.{i}.ratio_to_log_fit", val / log_h, "anchor / fit")
        b.add(f"costmodel.anchor.bwa_mem.{i}.ratio_to_power_fit", val / pow_h, "anchor / fit")
    # human data first: mid = median of the anchors; the fits (synthetic references) and the
    # anchors together set the range
    values = [log_h, pow_h, *(v for _, v in anchors)]
    model["bwa_mem"] = (min(values), statistics.median(v for _, v in anchors), max(values))
    # growth of per-base alignment work from the demo genome to 3100 Mb in the synthetic
    # series: a proxy for how much a large, repetitive genome slows the callers too (their
    # work grows with mismapped reads and candidate sites); their high estimate uses it
    model["complexity"] = max(1.0, max(log_h, pow_h) / ci_bwa)
    b.add(
        "costmodel.human.complexity_factor",
        model["complexity"],
        "fitted bwa per Gbase at 3100 Mb / ci 1.92 Mb (fitted; callers' high)",
    )
    # fixmate+sort, fastp, merge: per Gbase, no reference term (all runs pooled)
    sort_pts = [(g, r.cpu_s) for g, r in ci["sort"]] + [
        (v["gbases"], v["sort"].cpu_s) for v in out["ref"].values()
    ]
    model["fixmate_sort"] = sum(c for _, c in sort_pts) / sum(g for g, _ in sort_pts)
    model["fastp"] = sum(r.cpu_s for _, r in ci["fastp"]) / sum(g for g, _ in ci["fastp"])
    model["merge_units"] = ci["merge"].cpu_s / ci["gbases"]["P01-T"]
    for k in ("fixmate_sort", "fastp", "merge_units"):
        b.add(f"costmodel.{k}.cpu_s_per_gbase", model[k], "CPU-s/Gbase (measured)")
    # per-BAM steps: a*Gbases + b*Mb over the ci BAMs and the synthetic ones
    for step in ("markdup", "samtools_stats", "mosdepth", "cnv_coverage"):
        pts = [(ci["gbases"][s], ci["mb"], ci["steps"][s][step].cpu_s) for s in ("P01-T", "P01-N")]
        pts += [(v["gbases"], mb, v["steps"][step].cpu_s) for mb, v in out["ref"].items()]
        a, bb, c0, res = fit_reads_genome(pts)
        model[step] = (a, bb)
        b.add(f"costmodel.fit.{step}.per_gbase", a, "CPU-s/Gbase (fitted: a*Gbases + b*Mb + c)")
        b.add(f"costmodel.fit.{step}.per_mb", bb, "CPU-s/Mb of reference (fitted)")
        b.add(f"costmodel.fit.{step}.constant", c0, "CPU-s per run (fitted start-up)")
        b.add(f"costmodel.fit.{step}.max_residual", max(map(abs, res)), "relative (fitted)")
    for i, (src, val) in enumerate(ANCHORS["mosdepth"], 1):
        mine = model["mosdepth"][0] + model["mosdepth"][1] * HUMAN_MB / (NORMAL_X * 3.1)
        b.add(f"costmodel.anchor.mosdepth.{i}", val, "CPU-s/Gbase (quoted, per-base output)")
        b.add(f"costmodel.anchor.mosdepth.{i}.source", "quoted", src)
        b.add(f"costmodel.anchor.mosdepth.{i}.ratio_to_fit", val / mine, "anchor / fit (30x)")
    # freebayes: CPU-s per Mb of genome vs tumor depth (normal 30x), linear
    depths = sorted(ci["freebayes"])
    per_mb = [ci["freebayes"][x].cpu_s / ci["mb"] for x in depths]
    k, c0 = np.polyfit(depths, per_mb, 1)
    pred = [c0 + k * x for x in depths]
    for x, y in zip(depths, per_mb, strict=True):
        b.add(
            f"costmodel.ci.freebayes.tumor{x}x", y, "CPU-s per Mb of genome, normal 30x (measured)"
        )
    b.add("costmodel.fit.freebayes.per_mb_at_0x", float(c0), "CPU-s/Mb (fitted: a + b*tumor depth)")
    b.add(
        "costmodel.fit.freebayes.per_mb_per_x", float(k), "CPU-s/Mb per x of tumor depth (fitted)"
    )
    b.add(
        "costmodel.fit.freebayes.max_residual",
        max(abs((y - p) / p) for y, p in zip(per_mb, pred, strict=True)),
        "relative (fitted)",
    )
    model["freebayes_per_mb"] = float(c0 + k * TUMOR_X)
    model["germline_per_gb"] = slope(ci["germline"])
    model["delly_per_gb"] = slope(ci["delly"])
    # tiddit stops in its scoring step on the ci BAMs (the known stop of
    # alwgs.sv.callers.tiddit_failure), so only its BAM pass is measured; the larger run's
    # plain ratio (start-up included) is used, an overestimate of that pass
    big = max(ci["tiddit"], key=lambda p: p[0])
    model["tiddit_per_gb"] = big[1].cpu_s / big[0]
    for k2, unit in (
        ("germline_per_gb", "normal (measured: slope of 2 runs)"),
        ("delly_per_gb", "pair (measured: slope of 2 runs)"),
        ("tiddit_per_gb", "sample (measured: ratio, BAM pass only)"),
    ):
        b.add(
            f"costmodel.ci.{k2.replace('_per_gb', '')}.cpu_s_per_gbase",
            model[k2],
            f"CPU-s/Gbase of the {unit}",
        )
    return model


# Parallel efficiency assumed for a human job on its threads (CPU / (threads x wall)): bwa
# scales well; samtools markdup/stats and mosdepth only decompress/compress in extra threads;
# delly runs one thread per sample (2 here). Assumptions, stated in bench/README.md.
EFFICIENCY = {
    "bwa_mem": 0.85,
    "fastp": 0.7,
    "merge_units": 0.5,
    "markdup": 0.4,
    "samtools_stats": 0.4,
    "mosdepth": 0.4,
    # mosdepth over the bins since rule cnv_coverage runs it (0.6 was for cnvkit.py coverage's
    # process pool; bench/cost_model.tsv keeps 0.6 until the section is rerun)
    "cnv_coverage": 0.4,
    "delly": 0.9,
    "tiddit": 0.5,
}
MEASURED_MARGIN = 1.5  # high = 1.5 x for a step measured here only (machine, load, content)


def job_estimates(b, model: dict) -> list[dict]:
    """One row per job kind of the pair: rule, what the job covers, CPU hours low/mid/high."""
    gb_t, gb_n = TUMOR_X * HUMAN_MB / 1000, NORMAL_X * HUMAN_MB / 1000
    gb_unit = gb_t / TUMOR_UNITS
    cx = model["complexity"]
    rows = []

    def add(rule, job, low, mid, high, basis):
        rows.append(
            {
                "rule": rule,
                "job": job,
                "cpu_h_low": low / 3600,
                "cpu_h_mid": mid / 3600,
                "cpu_h_high": high / 3600,
                "efficiency": EFFICIENCY.get(rule, 1.0),
                "basis": basis,
            }
        )

    for who, gb in (("tumor unit (45x)", gb_unit), ("normal unit (30x)", gb_n)):
        lo, mid, hi = model["bwa_mem"]
        s = model["fixmate_sort"] * gb
        add(
            "bwa_mem",
            who,
            lo * gb + s,
            mid * gb + s,
            hi * gb + s * MEASURED_MARGIN,
            "bwa: fitted vs reference size + quoted anchors; fixmate|sort measured",
        )
        f = model["fastp"] * gb
        add("fastp", who, f, f, f * MEASURED_MARGIN, "measured per Gbase (ci)")
    mu = model["merge_units"] * gb_t
    add("merge_units", "tumor (2 units)", mu, mu, mu * MEASURED_MARGIN, "measured per Gbase (ci)")
    for rule in ("markdup", "samtools_stats", "mosdepth", "cnv_coverage"):
        a, per_mb = model[rule]
        for who, gb in (("tumor 90x", gb_t), ("normal 30x", gb_n)):
            v = a * gb + per_mb * HUMAN_MB
            add(rule, who, v, v, v * MEASURED_MARGIN, "fitted a*Gbases + b*Mb (ci + synthetic)")
    fb = model["freebayes_per_mb"] * HUMAN_CALLABLE_MB / 100  # one of 100 chunks
    add(
        "freebayes",
        "one of 100 chunks (29 Mb), tumor 90x + normal 30x",
        fb,
        fb * math.sqrt(cx),
        fb * cx,
        "fitted vs depth (ci); high x complexity factor",
    )
    g = model["germline_per_gb"] * gb_n
    add(
        "germline_normal",
        "normal 30x",
        g,
        g * math.sqrt(cx),
        g * cx,
        "measured per Gbase (ci); high x complexity factor",
    )
    dl = model["delly_per_gb"] * (gb_t + gb_n)
    add(
        "delly",
        "tumor 90x + normal 30x",
        dl,
        dl * math.sqrt(cx),
        dl * cx,
        "measured per Gbase (ci); high x complexity factor",
    )
    for who, gb in (("tumor 90x", gb_t), ("normal 30x", gb_n)):
        t = model["tiddit_per_gb"] * gb
        add(
            "tiddit",
            who,
            t,
            t * math.sqrt(cx),
            t * cx,
            "measured per Gbase (ci; BAM pass only: tiddit stops before scoring); high x cx",
        )
    for r in rows:
        b.add(
            f"costmodel.human.{r['rule']}.{re.sub(r'[^a-z0-9]+', '_', r['job']).strip('_')}",
            r["cpu_h_mid"],
            f"CPU-h mid, {r['cpu_h_low']:.3g}-{r['cpu_h_high']:.3g} (modelled)",
        )
    return rows


def write_tsv(rows: list[dict]) -> None:
    res = yaml.safe_load((REPO / "config/resources.yaml").read_text())
    with open(TSV, "w", newline="") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(
            [
                "rule",
                "job",
                "cpu_h_low",
                "cpu_h_mid",
                "cpu_h_high",
                "efficiency",
                "threads",
                "wall_h_high",
                "basis",
            ]
        )
        for r in rows:
            t = res.get(r["rule"], {}).get("threads", res["default"]["threads"])
            wall = r["cpu_h_high"] / (t * r["efficiency"])
            w.writerow(
                [
                    r["rule"],
                    r["job"],
                    f"{r['cpu_h_low']:.3f}",
                    f"{r['cpu_h_mid']:.3f}",
                    f"{r['cpu_h_high']:.3f}",
                    r["efficiency"],
                    t,
                    f"{wall:.2f}",
                    r["basis"],
                ]
            )


# --- wall time from the job graph -----------------------------------------------------------

NOMINAL_H = 0.05  # CPU hours of a job of a rule the model does not cover (small steps)


def dag_jobs(dot: str) -> tuple[dict[str, dict], list[tuple[str, str]]]:
    """Nodes (id -> rule and wildcards) and edges of `snakemake --dag` output."""
    nodes, edges = {}, []
    for line in dot.splitlines():
        mnode = re.match(r'\s*(\d+)\[label = "([^"]*)"', line)
        if mnode:
            parts = mnode.group(2).split("\\n")
            wc = dict(p.split(": ", 1) for p in parts[1:] if ": " in p)
            nodes[mnode.group(1)] = {"rule": parts[0], **wc}
            continue
        medge = re.match(r"\s*(\d+) -> (\d+)", line)
        if medge:
            edges.append((medge.group(1), medge.group(2)))
    return nodes, edges


def tumor_jobs(nodes, edges) -> set[str]:
    """The tumor's per-sample jobs. `snakemake --dag` labels jobs by rule only, so the tumor
    is found from the graph: its merge_units job has the most bwa_mem parents (2 units vs
    the normal's 1); its units' jobs are that job's ancestors, its BAM consumers the
    children of its markdup."""
    parents: dict[str, list[str]] = {n: [] for n in nodes}
    children: dict[str, list[str]] = {n: [] for n in nodes}
    for a, z in edges:
        parents[z].append(a)
        children[a].append(z)
    merges = [n for n in nodes if nodes[n]["rule"] == "merge_units"]
    if not merges:
        return set()
    merge = max(merges, key=lambda n: sum(nodes[p]["rule"] == "bwa_mem" for p in parents[n]))
    tumor, todo = {merge}, [merge]
    while todo:  # per-unit ancestors: bwa_mem <- fastp <- fastq_check / bam_to_fastq
        for p in parents[todo.pop()]:
            if nodes[p]["rule"] in ("bwa_mem", "fastp", "fastq_check", "bam_to_fastq"):
                tumor.add(p)
                todo.append(p)
    for md in children[merge]:
        if nodes[md]["rule"] == "markdup":
            tumor.add(md)
            tumor.update(children[md])
    return tumor


def job_cpu_hours(nodes, edges, rows: list[dict], level: str) -> dict[str, tuple[float, float]]:
    """(CPU hours, parallel efficiency) of every job: the model's row for its rule (a rule
    with a tumor and a normal row, bench/cost_model.tsv, takes the tumor's for tumor jobs),
    or NOMINAL_H for a rule the model does not cover."""
    by_rule: dict[str, list[dict]] = {}
    for r in rows:
        by_rule.setdefault(r["rule"], []).append(r)
    tumor = tumor_jobs(nodes, edges)
    out = {}
    for nid, node in nodes.items():
        cands = by_rule.get(node["rule"])
        if cands:
            pick = cands[0] if nid in tumor or len(cands) == 1 else cands[-1]
            out[nid] = (pick[f"cpu_h_{level}"], pick["efficiency"])
        else:
            out[nid] = (NOMINAL_H, 1.0)
    return out


def graph(nodes, edges, rows: list[dict], level: str, cores: int) -> list[Job]:
    """Jobs of the pair with wall hours on their threads (config/resources.yaml, capped at a
    node's cores): CPU hours / (threads x efficiency; 1 for one thread)."""
    res = yaml.safe_load((REPO / "config/resources.yaml").read_text())
    deps: dict[str, list[str]] = {n: [] for n in nodes}
    for a, z in edges:
        deps[z].append(a)
    cpu = job_cpu_hours(nodes, edges, rows, level)
    jobs = []
    for nid, node in nodes.items():
        rule = node["rule"]
        threads = min(cores, res.get(rule, {}).get("threads", res["default"]["threads"]))
        cpu_h, eff = cpu[nid]
        eff = eff if threads > 1 else 1.0
        jobs.append(Job(nid, cpu_h / (threads * eff), threads, tuple(deps[nid])))
    return jobs


def wall_times(b, rows, ci: Path, batch_config, write_sheets, snakemake) -> None:
    sheets = write_sheets(ci, "pair", {"P01-T": "P01-T", "P01-N": "P01-N"})
    cfg = batch_config("costmodel_dag", WORK / "dag_batch", ci, sheets, 100)
    venv = REPO / ".venv/bin"
    env = dict(os.environ, PATH=f"{venv}:{os.environ['PATH']}", PYTHONPATH=str(REPO / "scripts"))
    dot = subprocess.run(
        snakemake(cfg, 2, [], "--dag"),
        cwd=REPO,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    nodes, edges = dag_jobs(dot)
    b.add(
        "costmodel.dag.jobs", len(nodes), "jobs of one pair, 100 freebayes chunks (snakemake --dag)"
    )
    modelled = {r["rule"] for r in rows}
    other = [n for n in nodes.values() if n["rule"] not in modelled]
    b.add("costmodel.dag.jobs_not_modelled", len(other),
          f"jobs counted at {NOMINAL_H} CPU-h each (small steps; modelled)")  # fmt: skip
    for level in ("low", "mid", "high"):
        total = sum(c for c, _ in job_cpu_hours(nodes, edges, rows, level).values())
        b.add(
            f"costmodel.human.pair.cpu_h.{level}",
            total,
            "CPU-h, every job of a 90x+30x pair (modelled)",
        )
        for name, nodes_n in (("1node32", 1), ("20nodes32", 20)):
            s = schedule(graph(nodes, edges, rows, level, 32), nodes_n, 32)
            b.add(
                f"costmodel.human.pair.wall.{name}.{level}",
                s.makespan_h,
                f"h wall, {nodes_n} x 32 cores, list schedule (modelled)",
            )
            b.add(
                f"costmodel.human.pair.critical_path.{name}.{level}",
                s.critical_path_h,
                "h, longest dependency chain (modelled)",
            )
