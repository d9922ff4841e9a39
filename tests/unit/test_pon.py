"""./alwgs pon build / extend on hand-made finished batches: per-allele counts (normals with the
allele, normals assessed), the header naming each normal, versioned extension that leaves the
old panel alone, and the refusals (normal already in the panel, unfinished batch, no normals,
another reference)."""

import json
from pathlib import Path

import pysam
import pytest
from alwgs.pon.cli import main, versioned_name
from alwgs.pon.panel import read_panel

CONTIGS = {"chr1": 1000, "chr2": 800}
HEADER = [
    '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
    '##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allele depths">',
]


def write_pair_vcf(path: Path, tumor: str, normal: str, rows, contigs=CONTIGS) -> None:
    """rows: (chrom, pos, ref, alt, tumor AD, normal AD) of a normalised joint call."""
    header = pysam.VariantHeader()
    for name, length in contigs.items():
        header.contigs.add(name, length=length)
    for line in HEADER:
        header.add_line(line)
    for s in (tumor, normal):
        header.add_sample(s)
    with pysam.VariantFile(str(path), "wz", header=header) as out:
        for chrom, pos, ref, alt, t_ad, n_ad in rows:
            rec = out.new_record(contig=chrom, start=pos - 1, alleles=(ref, alt))
            rec.samples[tumor]["AD"] = t_ad
            rec.samples[normal]["AD"] = n_ad
            out.write(rec)
    pysam.tabix_index(str(path), preset="vcf", force=True)


def write_bam(path: Path, start: int, depth: int, contigs=CONTIGS) -> None:
    """`depth` reads of 60 bases from `start` (0-based) on chr1, mapping quality 60."""
    header = {"HD": {"VN": "1.6", "SO": "coordinate"},
              "SQ": [{"SN": n, "LN": ln} for n, ln in contigs.items()]}  # fmt: skip
    with pysam.AlignmentFile(str(path), "wb", header=header) as out:
        for i in range(depth):
            read = pysam.AlignedSegment()
            read.query_name = f"r{i}"
            read.query_sequence = "A" * 60
            read.flag = 0
            read.reference_id = 0
            read.reference_start = start
            read.mapping_quality = 60
            read.cigarstring = "60M"
            read.query_qualities = pysam.qualitystring_to_array("I" * 60)
            out.write(read)
    pysam.index(str(path))


def make_batch(root: Path, name: str, pairs: dict, status="complete", contigs=CONTIGS) -> Path:
    """pairs: normal -> (tumor, rows, read depth over chr1:81-140)."""
    batch = root / name
    (batch / "results" / "small_variants").mkdir(parents=True)
    (batch / "results" / "align").mkdir(parents=True)
    samples = {}
    for normal, (tumor, rows, depth) in pairs.items():
        vcf = batch / "results" / "small_variants" / f"{tumor}.snv_indel.vcf.gz"
        write_pair_vcf(vcf, tumor, normal, rows, contigs)
        write_bam(batch / "results" / "align" / f"{normal}.bam", 80, depth, contigs)
        samples[normal] = {"qc": "PASS"}
        samples[tumor] = {"qc": "PASS"}
    (batch / "results" / "batch_status.json").write_text(
        json.dumps(
            {"status": status, "delivery": f"results/delivery/{name}/v1", "samples": samples}
        )  # fmt: skip
    )
    return batch


ROWS_A = [
    ("chr1", 100, "A", "G", (10, 10), (8, 2)),  # in N1 with 2 reads: counted
    ("chr1", 110, "C", "T", (10, 10), (9, 1)),  # 1 read: not enough to count
    ("chr1", 120, "G", "GA", (20, 0), (6, 6)),  # an indel only the normal has
]
ROWS_B = [
    ("chr1", 100, "A", "G", (10, 10), (3, 2)),  # same allele in N2 (thin normal)
    ("chr1", 100, "A", "T", (10, 10), (0, 5)),  # another allele at the same position
]


@pytest.fixture
def batches(tmp_path):
    a = make_batch(tmp_path, "batch-a", {"N1": ("T1", ROWS_A, 12)})
    b = make_batch(tmp_path, "batch-b", {"N2": ("T2", ROWS_B, 5)})
    return a, b


def sites(path):
    with pysam.VariantFile(str(path)) as fh:
        return {
            (r.chrom, r.pos, r.ref, r.alts[0]): (
                r.info["PON_N"],
                r.info["PON_ASSESSED"],
                r.info["PON_MAX_VAF"],
            )
            for r in fh
        }


def test_build_counts_and_header(tmp_path, batches, capsys):
    out = tmp_path / "panel.vcf.gz"
    assert main(["build", "--out", str(out), *map(str, batches)]) == 0
    assert Path(f"{out}.tbi").is_file()
    got = sites(out)
    # N1 has 12 reads at chr1:81-140 (assessed, min depth 8), N2 5 (not assessed)
    assert got == {
        ("chr1", 100, "A", "G"): (2, 1, pytest.approx(0.4)),
        ("chr1", 100, "A", "T"): (1, 1, pytest.approx(1.0)),
        ("chr1", 120, "G", "GA"): (1, 1, pytest.approx(0.5)),
    }
    panel = read_panel(out)
    assert panel.version == 1
    assert [(n["ID"], n["batch"], n["added"]) for n in panel.normals] == [
        ("N1", "batch-a", "1"),
        ("N2", "batch-b", "1"),
    ]
    assert all(n["digest"].startswith("sha256:") and len(n["digest"]) == 71 for n in panel.normals)
    assert panel.contigs == CONTIGS
    assert "version 1, 2 normals, 3 alleles" in capsys.readouterr().out


def test_extend_makes_a_new_version_and_leaves_the_old_one(tmp_path, batches):
    a, b = batches
    first = tmp_path / "panel.vcf.gz"
    assert main(["build", "--out", str(first), str(a)]) == 0
    before = first.read_bytes()
    assert sites(first)[("chr1", 100, "A", "G")] == (1, 1, pytest.approx(0.2))
    assert main(["extend", "--panel", str(first), str(b)]) == 0
    second = tmp_path / "panel.v2.vcf.gz"
    assert first.read_bytes() == before  # never rewritten in place
    panel = read_panel(second)
    assert panel.version == 2 and [n["added"] for n in panel.normals] == ["1", "2"]
    # extending gives the counts a build from both batches gives
    both = tmp_path / "both.vcf.gz"
    assert main(["build", "--out", str(both), str(a), str(b)]) == 0
    assert sites(second) == sites(both)


def test_extend_refuses_a_normal_already_in_the_panel(tmp_path, batches, capsys):
    a, _ = batches
    first = tmp_path / "panel.vcf.gz"
    assert main(["build", "--out", str(first), str(a)]) == 0
    capsys.readouterr()
    assert main(["extend", "--panel", str(first), str(a)]) == 2
    err = capsys.readouterr().err
    assert "N1 of batch batch-a is already in the panel" in err and "same input digest" in err
    assert not (tmp_path / "panel.v2.vcf.gz").exists()
    # the same sample id from another batch (other input) is refused too: it would weigh double
    other = make_batch(tmp_path, "batch-c", {"N1": ("T9", ROWS_B, 12)})
    assert main(["extend", "--panel", str(first), str(other)]) == 2
    assert "same sample id" in capsys.readouterr().err


def test_build_never_overwrites(tmp_path, batches, capsys):
    out = tmp_path / "panel.vcf.gz"
    assert main(["build", "--out", str(out), str(batches[0])]) == 0
    assert main(["build", "--out", str(out), str(batches[0])]) == 2
    assert "exists; a panel is never overwritten" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("unfinished", "field 'status' is 'running', not 'complete'"),
        ("no_status", "not a finished batch (no results/batch_status.json)"),
        ("tumor_only", "no normals"),
        ("no_bam", "no indexed BAM of normal N3"),
        ("other_reference", "reference differs"),
    ],
)
def test_bad_input_stops_before_any_work(tmp_path, batches, capsys, setup, message):
    if setup == "unfinished":
        bad = make_batch(tmp_path, "bad", {"N3": ("T3", ROWS_A, 12)}, status="running")
    elif setup == "no_status":
        bad = make_batch(tmp_path, "bad", {"N3": ("T3", ROWS_A, 12)})
        (bad / "results" / "batch_status.json").unlink()
    elif setup == "tumor_only":
        bad = make_batch(tmp_path, "bad", {})
    elif setup == "no_bam":
        bad = make_batch(tmp_path, "bad", {"N3": ("T3", ROWS_A, 12)})
        (bad / "results" / "align" / "N3.bam").unlink()
    else:
        contigs = {"chr1": 1000, "chr2": 900}
        bad = make_batch(tmp_path, "bad", {"N3": ("T3", ROWS_A, 12)}, contigs=contigs)
    out = tmp_path / "panel.vcf.gz"
    assert main(["build", "--out", str(out), str(batches[0]), str(bad)]) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_versioned_name():
    assert versioned_name("lab/pon.vcf.gz", 2) == "lab/pon.v2.vcf.gz"
    assert versioned_name("lab/pon.v2.vcf.gz", 3) == "lab/pon.v3.vcf.gz"
