"""The ci demo batch through intake, read QC, alignment and the QC gate, checked against the
simulator's truth (depth, sex, patients) rather than against the pipeline's own output."""

import csv
import gzip
import json
from pathlib import Path

import pysam
import pytest
from alwgs.qc.identity import genotype_discordance, pair_check
from alwgs.sim.scales import SCALES

pytestmark = pytest.mark.integration


def samples(ci_data: Path) -> list[dict]:
    with open(ci_data / "samples.tsv") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def gate(ci_batch: Path, sample: str) -> dict:
    return json.loads((ci_batch / "results" / "qc" / "gate" / f"{sample}.qc.json").read_text())


def non_n_lengths(fasta: Path) -> dict[str, int]:
    lengths: dict[str, int] = {}
    with open(fasta) as fh:
        for line in fh:
            if line.startswith(">"):
                name = line[1:].strip()
                lengths[name] = 0
            else:
                lengths[name] += len(line.strip()) - line.count("N")
    return lengths


def copies(chrom: str, sex: str) -> int:
    """Germline copies of a contig: what the simulated depth is spread over."""
    if chrom == "chrY":
        return 1 if sex == "male" else 0
    if chrom == "chrX":
        return 1 if sex == "male" else 2
    return 2


def test_batch_status_lists_every_sample(ci_batch, ci_data):
    status = json.loads((ci_batch / "results" / "batch_status.json").read_text())
    assert status["status"] == "complete"
    assert set(status["samples"]) == {s["sample"] for s in samples(ci_data)}


def test_at_least_99_percent_of_reads_map(ci_batch, ci_data):
    for s in samples(ci_data):
        mapped = gate(ci_batch, s["sample"])["metrics"]["percent_mapped"]
        assert mapped >= 99.0, f"{s['sample']}: {mapped}% mapped"


def test_depth_matches_simulated_depth(ci_batch, ci_data):
    """Aligned bases equal what the simulated depth puts on the sequenced (non-N) genome, within
    10%: depth/2 per germline copy, so a male's X and Y count once (duplicates included, as
    simulated)."""
    scale = SCALES["ci"]
    lengths = non_n_lengths(ci_data / "reference" / "genome.fa")
    for s in samples(ci_data):
        stats = (ci_batch / "results" / "qc" / f"{s['sample']}.samtools_stats.txt").read_text()
        line = next(x for x in stats.splitlines() if x.startswith("SN\tbases mapped (cigar):"))
        depth = scale.tumor_depth if s["type"] == "tumor" else scale.normal_depth
        expected = sum(depth / 2 * copies(c, s["sex"]) * n for c, n in lengths.items())
        ratio = int(line.split("\t")[2]) / expected
        assert abs(ratio - 1) <= 0.10, f"{s['sample']}: {ratio:.3f} of the simulated bases"


def test_sex_check_matches_declared_sex(ci_batch, ci_data):
    for s in samples(ci_data):
        check = next(c for c in gate(ci_batch, s["sample"])["checks"] if c["id"] == "sex_check")
        assert check["value"] == s["sex"] and check["status"] == "PASS", f"{s['sample']}: {check}"


def test_every_tumor_pairs_with_its_own_normal(ci_batch, ci_data):
    identity = json.loads((ci_batch / "results/qc/identity/identity.json").read_text())
    pairs = {s["sample"]: s["patient"] for s in samples(ci_data)}
    tumors_with_normal = [
        s["sample"]
        for s in samples(ci_data)
        if s["type"] == "tumor" and f"{s['patient']}-N" in pairs
    ]
    assert sorted(identity["pairs"]) == sorted(tumors_with_normal)
    for tumor, check in identity["pairs"].items():
        assert check["status"] == "PASS", f"{tumor}: {check}"
        assert check["best_match"] == check["normal"], f"{tumor}: {check}"


def test_a_swapped_normal_is_flagged(ci_batch):
    disc = genotype_discordance(ci_batch / "results/qc/identity/genotypes.vcf.gz")
    swapped = pair_check(disc, "P01-T", "P03-N", max_discordance=0.05)
    assert swapped["status"] == "FAIL", swapped
    assert swapped["best_match"] == "P01-N", swapped


def test_read_groups_are_complete(ci_batch, ci_data):
    for s in samples(ci_data):
        with pysam.AlignmentFile(str(ci_batch / "results" / "align" / f"{s['sample']}.bam")) as bam:
            groups = bam.header.to_dict()["RG"]
        assert len(groups) == (2 if s["type"] == "tumor" else 1), s["sample"]
        for rg in groups:
            assert {"ID", "SM", "LB", "PL", "PU"} <= set(rg), rg
            assert rg["SM"] == s["sample"] and rg["PL"] == "ILLUMINA"


def test_duplicates_are_marked_near_the_simulated_rate(ci_batch, ci_data):
    """The simulator makes ~10% PCR duplicates; markdup must see them (not 0, not most)."""
    for s in samples(ci_data):
        rate = gate(ci_batch, s["sample"])["metrics"]["duplicate_rate"]
        assert 0.06 <= rate <= 0.16, f"{s['sample']}: duplicate rate {rate}"


def test_gate_table_and_multiqc(ci_batch, ci_data):
    with open(ci_batch / "results/qc/qc_gate.tsv") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    assert {r["sample"] for r in rows} == {s["sample"] for s in samples(ci_data)}
    assert all(r["status"] in {"PASS", "WARN", "FAIL"} for r in rows)
    html = (ci_batch / "results/qc/multiqc/multiqc_report.html").read_text()
    assert "alwgs_qc_gate" in html and "fastp" in html and "mosdepth" in html


def test_fastp_trimmed_the_short_insert_adapters(ci_batch):
    """~2% of fragments are shorter than a read: their adapters must be cut."""
    with open(ci_batch / "results/read_qc/P01-N/L1.fastp.json") as fh:
        report = json.load(fh)
    trimmed = report["adapter_cutting"]["adapter_trimmed_reads"]
    total = report["summary"]["before_filtering"]["total_reads"]
    assert 0.01 <= trimmed / total <= 0.10, (trimmed, total)


def test_accuracy_table_has_the_contract_columns(ci_batch):
    with open(ci_batch / "results/accuracy/accuracy.tsv") as fh:
        header = fh.readline().rstrip("\n").split("\t")
    assert header == ["sample", "class", "vaf_bin", "tp", "fp", "fn", "recall", "precision", "f1"]


def _mtimes(batch: Path) -> dict:
    return {p: p.stat().st_mtime_ns for p in (batch / "results").rglob("*") if p.is_file()}


def test_a_finished_batch_is_not_rerun(repo_root, ci_config, ci_batch):
    import subprocess

    before = _mtimes(ci_batch)
    run = subprocess.run(
        [str(repo_root / "alwgs"), "run", "--config", str(ci_config)],
        cwd=repo_root,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "nothing to do" in run.stdout
    assert _mtimes(ci_batch) == before


def test_fastq_inputs_are_untouched(ci_data):
    manifest = (ci_data / "MANIFEST.sha256").read_text()
    assert "fastq/P01-T_L1_R1.fastq.gz" in manifest
    with gzip.open(ci_data / "fastq" / "P01-T_L1_R1.fastq.gz", "rt") as fh:
        assert fh.readline().startswith("@SIM:")
