"""Benchmark section `guard` (issue 17, bounded calling): the freebayes job of the calling chunk
that holds a synthetic pathological region, without and with the depth guard.

The pair P01-T/P01-N of a demo batch (ci scale: 90x tumor, 30x normal) is aligned with bwa mem
directly. Into the tumor goes a collapsed-repeat-like pile: `PILE_BP` bp of one contig at
`PILE_X` x the tumor's median depth, read from `PARALOGS` diverged copies of the region
(each with its own substitutions and small indels, as the paralogs a collapsed repeat
gathers) plus random sequencing errors, aligned with bwa like every other read. Then, as the
workflow does: mosdepth (-n --fast-mode -Q 20 --by window_bp), the depth guard rule script
(scripts/depth_guard.py) and the freebayes command of rules/small_variants.smk on:

- no_guard: the reference chunk holding the pile (rule callable_regions' chunks), without
  --skip-coverage (the workflow before issue 17);
- cap_only: the same chunk with the guard's --skip-coverage (a region the windows missed);
- guarded: the guard's chunk next to the pile (the pile itself removed) with --skip-coverage.

Each freebayes run is capped by `timeout`; a capped run is reported as "> timeout".
"""

from __future__ import annotations

import gzip
import random
import subprocess
from pathlib import Path
from types import SimpleNamespace

import yaml

PILE_X = 50  # the pile's depth, x the tumor's median
PILE_BP = 4000
PARALOGS = 8
PARALOG_DIVERGENCE = 0.03  # substitutions per base of each paralog (indels a tenth of it)
ERROR_RATE = 0.005  # sequencing errors per base of each read
READ_LEN, INSERT = 150, 350
TIMEOUT_S = 600
SEED = 17


def sh(cmd: str, log: Path) -> None:
    with open(log, "a") as fh:
        fh.write(f"$ {cmd}\n")
        fh.flush()
        subprocess.run(["bash", "-o", "pipefail", "-c", cmd], check=True, stderr=fh, stdout=fh)


def read_fasta(path: Path) -> dict[str, str]:
    seqs: dict[str, list[str]] = {}
    name = ""
    for line in path.read_text().splitlines():
        if line.startswith(">"):
            name = line[1:].split()[0]
            seqs[name] = []
        else:
            seqs[name].append(line.strip().upper())
    return {k: "".join(v) for k, v in seqs.items()}


def mutate(seq: str, rate: float, rng: random.Random) -> str:
    """Substitutions at `rate` per base and 1-3 bp insertions/deletions at rate / 10."""
    out, i = [], 0
    while i < len(seq):
        r = rng.random()
        if r < rate:
            out.append(rng.choice([b for b in "ACGT" if b != seq[i]]))
        elif r < rate * 1.05:
            i += rng.randint(1, 3)  # deletion
            continue
        elif r < rate * 1.1:
            out.append(seq[i] + "".join(rng.choice("ACGT") for _ in range(rng.randint(1, 3))))
        else:
            out.append(seq[i])
        i += 1
    return "".join(out)


def revcomp(s: str) -> str:
    return s[::-1].translate(str.maketrans("ACGTN", "TGCAN"))


def write_pile(region: str, depth: float, out_prefix: Path, rng: random.Random) -> int:
    """Read pairs of the pile (FASTQ R1/R2); returns the number of pairs."""
    paralogs = [mutate(region, PARALOG_DIVERGENCE, rng) for _ in range(PARALOGS)]
    pairs = int(depth * len(region) / (2 * READ_LEN))
    q = "I" * READ_LEN
    with (
        gzip.open(f"{out_prefix}_R1.fastq.gz", "wt") as r1,
        gzip.open(f"{out_prefix}_R2.fastq.gz", "wt") as r2,
    ):
        for n in range(pairs):
            src = rng.choice(paralogs)
            start = rng.randint(0, max(0, len(src) - INSERT))
            frag = src[start : start + INSERT]
            a = mutate(frag[:READ_LEN], ERROR_RATE, rng)[:READ_LEN].ljust(READ_LEN, "A")
            b = mutate(revcomp(frag)[:READ_LEN], ERROR_RATE, rng)[:READ_LEN].ljust(READ_LEN, "A")
            r1.write(f"@pile{n}/1\n{a}\n+\n{q}\n")
            r2.write(f"@pile{n}/2\n{b}\n+\n{q}\n")
    return pairs


def align(ref: Path, units: list[tuple[str, str]], sample: str, bam: Path, log: Path) -> None:
    parts = []
    for i, (fq1, fq2) in enumerate(units):
        part = bam.with_suffix(f".{i}.bam")
        rg = f"@RG\\tID:{sample}.{i}\\tSM:{sample}\\tPL:ILLUMINA\\tLB:{sample}-lib1"
        sh(
            f"bwa mem -t 2 -R '{rg}' {ref} {fq1} {fq2} 2>/dev/null"
            f" | samtools sort -@ 1 -o {part} -",
            log,
        )
        parts.append(str(part))
    sh(f"samtools merge -f -o {bam} {' '.join(parts)} && samtools index {bam}", log)
    sh(f"rm -f {' '.join(parts)}", log)


def mosdepth(bam: Path, prefix: Path, ref: Path, window: int, log: Path) -> None:
    # the command of rules/alignment_qc.smk
    sh(f"mosdepth -n --fast-mode -Q 20 --by {window} -t 2 -f {ref} {prefix} {bam}", log)


def run_guard(work: Path, name: str, ref: Path, data: Path, settings: dict, chunks: int):
    """scripts/depth_guard.py's main, as the rule calls it (its outputs under work/name)."""
    import depth_guard_rule  # noqa: F401  (scripts/depth_guard.py, see guard())

    out = work / name
    out.mkdir(exist_ok=True)
    sm = SimpleNamespace(
        input=SimpleNamespace(
            callable=str(work / "callable.bed"),
            fai=f"{ref}.fai",
            tumor_depth=str(work / f"{name}.T.mosdepth.global.dist.txt"),
            tumor_windows=str(work / f"{name}.T.regions.bed.gz"),
            normal_depth=str(work / "N.mosdepth.global.dist.txt"),
            normal_windows=str(work / "N.regions.bed.gz"),
            exclude_bed=[],
            gff3=str(data / "reference/genes.gff3"),
            panel=str(Path(__file__).resolve().parents[1] / "config/panels/leukemia_genes.tsv"),
        ),
        params=SimpleNamespace(
            max_depth_x_median=settings["max_depth_x_median"],
            window_bp=settings["window_bp"],
            max_listed=settings["max_listed_regions"],
        ),
        output=SimpleNamespace(
            json=str(out / "guard.json"),
            bed=str(out / "skipped.bed"),
            header=str(out / "header.txt"),
            freebayes_options=str(out / "freebayes_options.txt"),
            chunks=[str(out / f"chunk_{i:03d}.bed") for i in range(chunks)],
        ),
        log=[str(out / "guard.log")],
    )
    depth_guard_rule.main(sm)
    return out


def guard(b, data: Path, work: Path, env: dict, timed, timeout_s: int = TIMEOUT_S) -> None:
    """Measure the section; rows go to `b` (run_bench.Bench) under guard.*."""
    import importlib.util
    import json
    import sys

    from alwgs.intake.tool_options import freebayes_args
    from alwgs.regions import non_n_runs, split_chunks, write_bed

    repo = Path(__file__).resolve().parents[1]
    spec = importlib.util.spec_from_file_location(
        "depth_guard_rule", repo / "scripts/depth_guard.py"
    )
    sys.modules["depth_guard_rule"] = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(sys.modules["depth_guard_rule"])

    cfg = yaml.safe_load((repo / "config/config.yaml").read_text())["small_variants"]
    demo = yaml.safe_load((data / "batch.yaml").read_text())
    chunks = (demo.get("small_variants") or {}).get("chunks", cfg["chunks"])
    settings = cfg["depth_guard"]
    window = settings["window_bp"]
    work.mkdir(parents=True, exist_ok=True)
    log = work / "guard.log"
    log.write_text("")
    ref = work / "genome.fa"
    if not Path(f"{ref}.bwt").exists():
        sh(f"cp {data / 'reference/genome.fa'} {ref} && samtools faidx {ref}", log)
        sh(f"bwa index {ref} 2>/dev/null", log)
    units = {}
    with open(data / "units.tsv") as fh:
        head = fh.readline().rstrip("\n").split("\t")
        for line in fh:
            row = dict(zip(head, line.rstrip("\n").split("\t"), strict=False))
            units.setdefault(row["sample"], []).append(
                (str(data / row["fq1"]), str(data / row["fq2"]))
            )
    runs = list(non_n_runs(ref, cfg["min_callable_run"]))
    write_bed(runs, work / "callable.bed")
    for sample, name in (("P01-T", "clean.T"), ("P01-N", "N")):
        bam = work / f"{name}.bam"
        if not bam.exists():
            align(ref, units[sample], sample, bam, log)
        mosdepth(bam, work / name, ref, window, log)
    from alwgs.variants.power import bed_bases, fai_bases, median_depth

    genome, callable_bases = fai_bases(f"{ref}.fai"), bed_bases(work / "callable.bed")
    t_median = median_depth(work / "clean.T.mosdepth.global.dist.txt", genome, callable_bases)
    b.add("guard.tumor_median_depth", t_median, "x (mosdepth, MAPQ >= 20)")
    # The clean pair: what the guard skips on the demo (its accuracy rests on this being 0).
    clean = run_guard(work, "clean", ref, data, settings, chunks)
    b.add("guard.demo_skipped_bp", json.loads((clean / "guard.json").read_text())["skipped_bp"],
          "bp skipped on the demo pair P01 (no pile)")  # fmt: skip
    # The pile: the middle of the longest callable run (a position chosen from the reference
    # alone, no demo truth).
    chrom, s, e = max(runs, key=lambda r: r[2] - r[1])
    start = (s + e) // 2 - PILE_BP // 2
    seq = read_fasta(ref)[chrom][start : start + PILE_BP]
    rng = random.Random(SEED)
    pairs = write_pile(seq, PILE_X * t_median, work / "pile", rng)
    b.add("guard.pile", f"{chrom}:{start + 1}-{start + PILE_BP}", f"{PILE_BP} bp, {pairs} pairs "
          f"at {PILE_X}x the median, {PARALOGS} paralogs")  # fmt: skip
    pile_bam = work / "pile.bam"
    align(ref, [(f"{work}/pile_R1.fastq.gz", f"{work}/pile_R2.fastq.gz")], "P01-T", pile_bam, log)
    sh(f"samtools merge -f -o {work}/T.bam {work}/clean.T.bam {pile_bam}"
       f" && samtools index {work}/T.bam", log)  # fmt: skip
    mosdepth(work / "T.bam", work / "pile.T", ref, window, log)
    guarded = run_guard(work, "pile", ref, data, settings, chunks)
    doc = json.loads((guarded / "guard.json").read_text())
    b.add("guard.pile_skipped_bp", doc["skipped_bp"], f"bp in {doc['skipped_regions']} region(s)")
    skip = (guarded / "freebayes_options.txt").read_text().split()
    b.add("guard.skip_coverage", int(skip[1]), "reads (freebayes --skip-coverage)")

    def holding(chunk_files, pos):
        for path in chunk_files:
            for line in Path(path).read_text().splitlines():
                c, cs, ce = line.split("\t")[:3]
                if c == chrom and int(cs) <= pos < int(ce):
                    return path
        return None

    old_dir = work / "old_chunks"
    old_dir.mkdir(exist_ok=True)
    old_files = []
    for i, chunk in enumerate(split_chunks(runs, chunks)):
        write_bed(chunk, old_dir / f"chunk_{i:03d}.bed")
        old_files.append(old_dir / f"chunk_{i:03d}.bed")
    old_chunk = holding(old_files, start + PILE_BP // 2)
    new_files = sorted(guarded.glob("chunk_*.bed"))
    # the guard removed the pile: its chunk is the one holding the base just before it
    new_chunk = holding(new_files, start - 1) or holding(new_files, start + PILE_BP)
    extra = freebayes_args(cfg["freebayes"])
    bams = [str(work / "T.bam"), str(work / "N.bam")]

    def freebayes(name: str, bed: Path, cap: list[str]) -> None:
        out = work / f"fb_{name}.vcf"
        cmd = ["timeout", str(timeout_s), "freebayes", "-f", str(ref), "-t", str(bed), *extra,
               *cap, *bams]  # fmt: skip
        status = work / f"fb_{name}.status"
        # the exit status goes to a file, so a run killed by timeout is measured, not raised
        script = " ".join(cmd) + f" > {out}; echo $? > {status}"
        run = timed(["bash", "-c", script], env=env, log=work / f"fb_{name}.log")
        b.record(f"guard.{name}", 1, run)
        bases = sum(int(x.split("\t")[2]) - int(x.split("\t")[1])
                    for x in Path(bed).read_text().splitlines())  # fmt: skip
        code = int(status.read_text())
        if code not in (0, 124):
            raise RuntimeError(f"freebayes ({name}) failed with exit {code}")
        if code == 124:
            b.add(f"guard.{name}.wall", f"> {timeout_s}", "s (timeout: killed)",
                  f"chunk {Path(bed).name}, {bases} bp")  # fmt: skip
            return
        b.add(f"guard.{name}.wall", run.wall_s, "s", f"chunk {Path(bed).name}, {bases} bp")
        b.add(f"guard.{name}.max_rss", run.max_rss_kb / 1024, "MiB")
        calls = sum(1 for line in out.read_text().splitlines() if not line.startswith("#"))
        b.add(f"guard.{name}.records", calls, "freebayes records")

    freebayes("no_guard", old_chunk, [])
    freebayes("cap_only", old_chunk, skip)
    freebayes("guarded", new_chunk, skip)
    clean_pair(b, work, ref, old_files, sorted(clean.glob("chunk_*.bed")), extra, env, timed)


def clean_pair(b, work: Path, ref: Path, old_files, new_files, extra, env, timed) -> None:
    """The demo pair without the pile, every chunk: the reference chunks (before issue 17)
    against the guard's depth-balanced ones with --skip-coverage. The records must be the same
    (the guard skips nothing there); the longest job over the mean job says how balanced the
    chunks are; the guard's chunks run once more without --skip-coverage to price the cap
    (freebayes counts coverage per aligned base when it is set)."""
    cap = (work / "clean" / "freebayes_options.txt").read_text().split()
    bams = [str(work / "clean.T.bam"), str(work / "N.bam")]
    found = {}
    runs = (("before", old_files, []), ("guarded", new_files, cap), ("nocap", new_files, []))
    cpu = {}
    for name, files, opts in runs:
        walls, cpus, records = [], [], set()
        for bed in files:
            out = work / f"clean_{name}_{Path(bed).stem}.vcf"
            cmd = ["freebayes", "-f", str(ref), "-t", str(bed), *extra, *opts, *bams]
            run = timed(["bash", "-c", " ".join(cmd) + f" > {out}"], env=env,
                        log=work / f"clean_{name}.log")  # fmt: skip
            b.record(f"guard.clean.{name}.{Path(bed).stem}", 1, run)
            walls.append(run.wall_s)
            cpus.append(run.cpu_s)
            for line in out.read_text().splitlines():
                if not line.startswith("#"):
                    f = line.split("\t")
                    records.add((f[0], f[1], f[3], f[4]))
        found[name] = records
        cpu[name] = sum(cpus)
        if name == "nocap":  # the guard's chunks without --skip-coverage: the cap's own cost
            continue
        mean = sum(walls) / len(walls)
        b.add(f"guard.clean.{name}.chunk_wall_max", max(walls), "s (longest chunk job)")
        b.add(f"guard.clean.{name}.imbalance", max(walls) / mean, "longest/mean chunk job, wall")
        b.add(f"guard.clean.{name}.imbalance_cpu", max(cpus) / (sum(cpus) / len(cpus)),
              "longest/mean chunk job, user+sys")  # fmt: skip
        b.add(f"guard.clean.{name}.cpu", sum(cpus), "s user+sys, all chunks")
        b.add(f"guard.clean.{name}.records", len(records), "freebayes records, all chunks")
    b.add("guard.clean.skip_coverage_cpu", cpu["guarded"] / cpu["nocap"],
          "user+sys with / without --skip-coverage, same chunks")  # fmt: skip
    same = found["before"] & found["guarded"]
    b.add("guard.clean.records_differing", len(found["before"] ^ found["guarded"]),
          f"records in one call set only ({len(same)} in both)")  # fmt: skip
