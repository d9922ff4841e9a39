"""Bench section "split": the alignment of one ci tumor (P01-T, two read groups) with
alignment.split_read_pairs off and on (each unit cut into 4 chunks), on 2 cores.

Read QC runs first, untimed; then the target results/align/P01-T.bam (bwa, or split + bwa
per chunk, then merge and markdup) runs under /usr/bin/time -v, and the alignment jobs' own
seconds and CPU seconds are summed from their benchmark files. The two duplicate-marked BAMs
are then compared read by read: same reads, duplicates marked, share of primary records with
the identical alignment (bwa estimates the insert size per batch of reads, and chunks move
the batch boundaries).

Also a command line: python bench/align_split.py compare A.bam B.bam
"""

from __future__ import annotations

import csv
import gzip
import json
import math
import shutil
import sys
from pathlib import Path

import pysam
import yaml

SAMPLE = "P01-T"
CHUNKS = 4
# rules of the alignment stage (their benchmark files), with and without the split
ALIGN_RULES = ("bwa_mem", "split_reads", "bwa_mem_chunk", "merge_units", "markdup")


def _primary(path: Path) -> dict[tuple[str, bool], tuple]:
    """(name, is read 1) -> alignment of the primary record (duplicate flag apart) and the
    duplicate flag."""
    out = {}
    with pysam.AlignmentFile(str(path)) as bam:
        for r in bam.fetch(until_eof=True):
            if r.is_secondary or r.is_supplementary:
                continue
            aln = (r.flag & ~0x400, r.reference_id, r.reference_start, r.cigarstring,
                   r.mapping_quality, r.next_reference_id, r.next_reference_start,
                   r.template_length)  # fmt: skip
            out[(r.query_name, r.is_read1)] = (aln, r.is_duplicate)
    return out


def compare(a: Path, b: Path) -> dict:
    """What differs between two duplicate-marked BAMs of the same reads (a: unsplit)."""
    ra, rb = _primary(a), _primary(b)
    common = ra.keys() & rb.keys()
    same = sum(ra[k][0] == rb[k][0] for k in common)
    same_pos = sum(ra[k][0][1:3] == rb[k][0][1:3] for k in common)
    return {
        "records_a": len(ra),
        "records_b": len(rb),
        "same_reads": ra.keys() == rb.keys(),
        "duplicates_a": sum(v[1] for v in ra.values()),
        "duplicates_b": sum(v[1] for v in rb.values()),
        "duplicate_flag_differs": sum(ra[k][1] != rb[k][1] for k in common),
        "identical_alignment": same / len(common) if common else 1.0,
        "identical_position": same_pos / len(common) if common else 1.0,
        "records_differing": len(common) - same,
        "position_differing": len(common) - same_pos,
    }


def stage_benchmarks(batch_dir: Path) -> dict[str, tuple[int, float, float]]:
    """Per alignment rule: jobs, summed seconds and summed CPU seconds (benchmark files)."""
    out = {}
    for rule in ALIGN_RULES:
        files = sorted((batch_dir / "benchmarks" / rule).rglob("*.tsv"))
        s = cpu = 0.0
        for f in files:
            with open(f) as fh:
                row = next(csv.DictReader(fh, delimiter="\t"))
            s += float(row["s"])
            cpu += float(row["cpu_time"]) if row["cpu_time"] not in ("", "NA") else math.nan
        if files:
            out[rule] = (len(files), s, cpu)
    return out


def unit_pairs(units_tsv: Path, sample: str) -> dict[str, int]:
    """Read pairs of each unit of the sample (4 lines a record), to cut it into CHUNKS."""
    with open(units_tsv) as fh:
        rows = [r for r in csv.DictReader(fh, delimiter="\t") if r["sample"] == sample]
    counts = {}
    for row in rows:
        with gzip.open(row["fq1"], "rb") as fq:
            counts[row["unit"]] = sum(1 for _ in fq) // 4
    return counts


def section(b, data: Path, helpers: dict) -> None:
    """Run the section into Bench b; helpers: run_bench's write_sheets, batch_config,
    snakemake, prepare_reference and timed, and its WORK folder."""
    work = helpers["WORK"] / "split"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    helpers["prepare_reference"](data, [4])
    sheets = helpers["write_sheets"](data, "split", {SAMPLE: SAMPLE})
    # CHUNKS chunks of the input's largest unit (fastp only drops pairs: at most CHUNKS)
    pairs_of = unit_pairs(sheets[1], SAMPLE)
    units = list(pairs_of)
    per_chunk = math.ceil(max(pairs_of.values()) / CHUNKS)
    settings_of = {"off": 0, "on": per_chunk}
    runs: dict[str, list] = {"off": [], "on": []}
    for r in range(1, b.repeats + 1):
        # alternate which runs first, as the overhead section does (load drifts)
        for kind in ("off", "on") if r % 2 else ("on", "off"):
            batch_dir = work / f"{kind}_{r}"
            cfg = helpers["batch_config"](f"split_{kind}_{r}", batch_dir, data, sheets)
            settings = yaml.safe_load(cfg.read_text())
            settings.setdefault("alignment", {})["split_read_pairs"] = settings_of[kind]
            cfg.write_text(yaml.safe_dump(settings, sort_keys=False))
            # read QC first, untimed: its trimmed pairs (temp, kept as targets) are then the
            # input of the timed run, which is the alignment alone (and Snakemake's start-up)
            trimmed = [
                f"results/read_qc/{SAMPLE}/{unit}_R{mate}.fastq.gz"
                for unit in units
                for mate in (1, 2)
            ]
            helpers["timed"](
                helpers["snakemake"](cfg, 2, trimmed), cwd=helpers["REPO"], env=helpers["ENV"],
                log=work / f"{kind}_{r}_read_qc.log",
            )  # fmt: skip
            target = [f"results/align/{SAMPLE}.bam"]  # relative to batch_dir
            run = helpers["timed"](
                helpers["snakemake"](cfg, 2, target), cwd=helpers["REPO"], env=helpers["ENV"],
                log=work / f"{kind}_{r}.log",
            )  # fmt: skip
            runs[kind].append(b.record(f"split.{kind}.align", r, run))
    bams = {}
    for kind in ("off", "on"):
        b.add_runs(f"split.{kind}.align", runs[kind], rss=True)
        last = work / f"{kind}_{b.repeats}"
        for rule, (jobs, s, cpu) in stage_benchmarks(last).items():
            b.add(f"split.{kind}.{rule}.jobs", jobs, "jobs")
            b.add(f"split.{kind}.{rule}.s", s, "s (sum over jobs, last repeat)")
            b.add(f"split.{kind}.{rule}.cpu", cpu, "s (sampled, sum over jobs, last repeat)")
        bams[kind] = last / f"results/align/{SAMPLE}.bam"
    diff = compare(bams["off"], bams["on"])
    b.add("split.read_pairs_per_chunk", per_chunk, "pairs")
    b.add("split.same_reads", int(diff["same_reads"]), "1 = same primary reads")
    b.add("split.duplicates.off", diff["duplicates_a"], "records")
    b.add("split.duplicates.on", diff["duplicates_b"], "records")
    b.add("split.duplicate_flag_differs", diff["duplicate_flag_differs"], "records")
    b.add("split.primary_records", diff["records_a"], "records (unsplit run)")
    b.add("split.records_differing", diff["records_differing"], "primary records, any field")
    b.add("split.position_differing", diff["position_differing"], "primary records")
    share = f"{diff['identical_alignment']:.5f}"  # 3 digits would round it to 1
    b.add("split.identical_alignment", share, "fraction of primary records")


def main(argv: list[str]) -> int:
    if len(argv) == 3 and argv[0] == "compare":
        print(json.dumps(compare(Path(argv[1]), Path(argv[2])), indent=2))
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
