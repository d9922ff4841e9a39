"""Alignment split (alignment.split_read_pairs, rules/align_split.smk) on the tiny demo's
P01-T (two read groups of ~11,600 pairs): with 4,000 pairs a chunk each unit is aligned as 3
chunks, and the chunks are merged before duplicate marking.

The split run's duplicate-marked BAM must hold every read pair that passed fastp exactly once,
mark duplicates whose copies were aligned in different chunks, and mark as many duplicates as
the unsplit run of the same reads up to the few pairs whose alignment moves with bwa's batch
boundaries (bench/README.md "Alignment split" has the measured difference)."""

import gzip
import json
import shutil
from collections import defaultdict
from pathlib import Path

import pysam
import pytest
from snakemake_runs import run_snakemake
from tiny_batches import subset_batch

pytestmark = pytest.mark.integration

SAMPLE = "P01-T"
PAIRS_PER_CHUNK = 4000
ROOT = "batches/test-align-split"


def make_batch(repo_root: Path, tiny_data: Path, name: str, split: int) -> Path:
    # its own index cache: other tests rebuild the shared one
    return subset_batch(
        repo_root,
        tiny_data,
        repo_root / ROOT / name,
        lambda sample: sample == SAMPLE,
        f"{ROOT}/cache",
        edit=lambda config: config.setdefault("alignment", {}).update(split_read_pairs=split),
        truth_dir="",
    )


@pytest.fixture(scope="module")
def runs(repo_root: Path, tiny_data: Path) -> dict:
    shutil.rmtree(repo_root / ROOT, ignore_errors=True)
    out = {}
    for name, split in (("off", 0), ("on", PAIRS_PER_CHUNK)):
        folder = make_batch(repo_root, tiny_data, name, split)
        done = run_snakemake(
            repo_root,
            folder / "batch.yaml",
            f"results/align/{SAMPLE}.bam",
        )
        assert done.returncode == 0, done.stderr[-4000:]
        out[name] = folder / "run"
    out["units"] = {
        row.split("\t")[1]: row.split("\t")[3]
        for row in (folder / "units.tsv").read_text().splitlines()[1:]
    }
    return out


def primary_pairs(bam_path: Path) -> dict[str, list[pysam.AlignedSegment]]:
    pairs = defaultdict(list)
    with pysam.AlignmentFile(str(bam_path)) as bam:
        for r in bam.fetch(until_eof=True):
            if not (r.is_secondary or r.is_supplementary):
                pairs[r.query_name].append(r)
    return pairs


def test_each_unit_was_aligned_in_chunks(runs):
    run = runs["on"]
    for unit in runs["units"]:
        log = (run / "logs" / "split_reads" / SAMPLE / f"{unit}.log").read_text()
        counts = [int(n) for n in log.split("pairs per chunk: ")[1].rstrip(")\n").split(", ")]
        assert len(counts) >= 3
        assert all(n == PAIRS_PER_CHUNK for n in counts[:-1]) and 0 < counts[-1] <= PAIRS_PER_CHUNK
        assert len(
            list((run / "benchmarks" / "bwa_mem_chunk" / SAMPLE / unit).glob("*.tsv"))
        ) == len(counts)
    # temporary files are gone: chunk FASTQs, chunk BAMs, trimmed FASTQs; no per-unit bwa job
    assert not (run / "results" / "align" / SAMPLE).exists()
    assert not list((run / "results" / "read_qc" / SAMPLE).glob("*.fastq.gz"))
    assert not (run / "benchmarks" / "bwa_mem").exists()


def test_every_pair_that_passed_fastp_is_there_once(runs):
    pairs = primary_pairs(runs["on"] / "results" / "align" / f"{SAMPLE}.bam")
    kept = 0
    for unit in runs["units"]:
        fastp = json.loads(
            (runs["on"] / "results" / "read_qc" / SAMPLE / f"{unit}.fastp.json").read_text()
        )
        kept += fastp["summary"]["after_filtering"]["total_reads"] // 2
    assert len(pairs) == kept
    assert all(sorted(r.is_read1 for r in reads) == [False, True] for reads in pairs.values())
    assert pairs.keys() == primary_pairs(runs["off"] / "results" / "align" / f"{SAMPLE}.bam").keys()


def chunk_of(runs: dict, names: set[str]) -> dict[str, tuple[str, int]]:
    """Read name -> (unit, chunk): its rank among the unit's reads that passed fastp (fastp
    keeps the order), by PAIRS_PER_CHUNK."""
    out = {}
    for unit, fq1 in runs["units"].items():
        rank = 0
        with gzip.open(fq1, "rt") as fh:
            for i, line in enumerate(fh):
                if i % 4 == 0:
                    name = line[1:].split()[0]
                    if name in names:
                        out[name] = (unit, rank // PAIRS_PER_CHUNK)
                        rank += 1
    return out


def test_duplicates_are_marked_across_chunks(runs):
    on = primary_pairs(runs["on"] / "results" / "align" / f"{SAMPLE}.bam")
    chunk = chunk_of(runs, set(on))
    # copies of one fragment: read 1 at the same place, strand and insert
    sets = defaultdict(list)
    for name, reads in on.items():
        r1 = next(r for r in reads if r.is_read1)
        if not r1.is_unmapped and not r1.mate_is_unmapped:
            key = (
                r1.reference_id,
                r1.reference_start,
                r1.is_reverse,
                r1.next_reference_start,
                r1.template_length,
            )
            sets[key].append((chunk[name], r1.is_duplicate))
    across = [
        members
        for members in sets.values()
        if any(dup for _, dup in members)
        and {c for c, dup in members if dup} - {c for c, dup in members if not dup}
    ]
    assert across, "no duplicate was marked against a copy in another chunk"
    dups = {}
    for name in ("off", "on"):
        stats = (runs[name] / "results" / "align" / f"{SAMPLE}.markdup.txt").read_text()
        dups[name] = int(stats.split("DUPLICATE PAIR: ")[1].split()[0])
    # Per-chunk marking would lose most duplicates (2 of 3 copies fall in another chunk);
    # moved alignments change a few pairs at most.
    assert dups["off"] > 1000
    assert abs(dups["on"] - dups["off"]) <= 0.01 * dups["off"], dups
