"""Panel-gene coverage: the exon BED (coding parts, splice pad, exon numbering by strand) and
the per-exon/per-gene fractions at the depth floor from mosdepth's output files."""

import gzip

import pytest
from alwgs.report.coverage import exon_regions, gene_table, panel_bed, read_exon_coverage

PLUS = {
    "gene": "G1",
    "chrom": "chr1",
    "strand": "+",
    "transcript": "G1-201",
    "exons": "101-200,301-400,501-600",
    "cds": "151-200,301-400,501-550",
}
MINUS = {**PLUS, "gene": "G2", "strand": "-", "transcript": "G2-201"}
NONCODING = {**PLUS, "gene": "G3", "cds": ""}


def test_plus_strand_coding_parts_padded_at_exon_intron_boundaries():
    rows = exon_regions(PLUS, pad=2)
    # exon 1: CDS 151-200, padded only at its 3' splice side; exon 2 whole, padded both
    # sides; exon 3: CDS 501-550 padded at its 5' splice side only (0-based BED starts)
    assert rows == [
        ("chr1", 150, 202, "G1|G1-201|1"),
        ("chr1", 298, 402, "G1|G1-201|2"),
        ("chr1", 498, 550, "G1|G1-201|3"),
    ]


def test_minus_strand_exons_numbered_from_the_right():
    names = [r[3] for r in exon_regions(MINUS, pad=0)]
    assert names == ["G2|G2-201|3", "G2|G2-201|2", "G2|G2-201|1"]


def test_noncoding_gene_keeps_whole_exons():
    rows = exon_regions(NONCODING, pad=0)
    assert [(r[1], r[2]) for r in rows] == [(100, 200), (300, 400), (500, 600)]


def test_panel_bed_keeps_panel_genes_sorted():
    rows = panel_bed(
        [MINUS, PLUS, {**PLUS, "gene": "OTHER"}], {"G1": "myeloid", "G2": "lymphoid"}, 0
    )
    assert {r[3].split("|")[0] for r in rows} == {"G1", "G2"}
    assert rows == sorted(rows, key=lambda r: (r[0], r[1], r[2]))


def _write_gz(path, lines):
    with gzip.open(path, "wt") as fh:
        fh.write("\n".join(lines) + "\n")


@pytest.fixture
def mosdepth(tmp_path):
    thresholds = tmp_path / "s.thresholds.bed.gz"
    regions = tmp_path / "s.regions.bed.gz"
    _write_gz(
        thresholds,
        [
            "#chrom\tstart\tend\tregion\t15X\t20X",
            "chr1\t150\t202\tG1|G1-201|1\t52\t52",
            "chr1\t298\t402\tG1|G1-201|2\t104\t50",  # half the exon below 20x
            "chr1\t498\t550\tG1|G1-201|3\t52\t52",
            "chr2\t0\t100\tG2|G2-201|1\t10\t0",
        ],
    )
    _write_gz(
        regions,
        [
            "chr1\t150\t202\tG1|G1-201|1\t40.0",
            "chr1\t298\t402\tG1|G1-201|2\t20.0",
            "chr1\t498\t550\tG1|G1-201|3\t40.0",
            "chr2\t0\t100\tG2|G2-201|1\t5.0",
        ],
    )
    return thresholds, regions


def test_gene_table_fractions_status_and_failed_exons(mosdepth):
    exons = read_exon_coverage(*mosdepth, min_depth=20)
    assert [(e.gene, e.exon, e.bases, e.covered) for e in exons][:2] == [
        ("G1", 1, 52, 52),
        ("G1", 2, 104, 50),
    ]
    panel = {"G1": "myeloid", "G2": "lymphoid,germline", "G9": "germline"}
    rows = {r["gene"]: r for r in gene_table("s", exons, panel, 20, 0.9)}
    g1 = rows["G1"]
    # 154 of 208 bases >= 20x = 74.0%: the gene fails, and exon 2 (48.1%) is named
    assert (g1["bases"], g1["pct_at_min_depth"], g1["status"]) == (208, 74.0, "INSUFFICIENT")
    assert g1["failed_exons"] == "exon 2 (48.1%)"
    assert g1["mean_depth"] == 30.0  # length-weighted
    assert rows["G2"]["pct_at_min_depth"] == 0.0 and rows["G2"]["panels"] == "lymphoid,germline"
    assert rows["G9"]["status"] == "NOT_ASSESSED"  # in the panel, no transcript
    assert list(rows) == sorted(rows)


def test_lower_floor_passes(mosdepth):
    exons = read_exon_coverage(*mosdepth, min_depth=15)
    rows = {r["gene"]: r for r in gene_table("s", exons, {"G1": "myeloid"}, 15, 0.9)}
    assert rows["G1"]["status"] == "PASS" and rows["G1"]["failed_exons"] == ""
    assert "G2" not in rows  # not in the panel


def test_missing_threshold_column_is_an_error(mosdepth):
    with pytest.raises(ValueError, match="30X"):
        read_exon_coverage(*mosdepth, min_depth=30)
