"""Parsers of samtools stats / mosdepth / fastp output, and the sex check.

Expected numbers were read off the fixtures (tests/data/qc, real tool output on a toy genome).
"""

import json
from pathlib import Path

import pytest
from alwgs.contig_roles import ContigRoles
from alwgs.qc import metrics, sex

DATA = Path(__file__).resolve().parents[1] / "data" / "qc"


# ---------------------------------------------------------------------------- samtools stats
def test_samtools_stats_real_output():
    m = metrics.parse_samtools_stats(DATA / "toy_tumor.samtools_stats.txt")
    assert m["total_reads"] == 8000
    assert m["mapped_reads"] == 7850
    assert m["percent_mapped"] == pytest.approx(98.125)
    assert m["percent_properly_paired"] == pytest.approx(7584 / 8000 * 100)
    assert m["duplicate_rate"] == pytest.approx(604 / 8000)
    assert m["mean_insert_size"] == pytest.approx(311.1)
    assert m["insert_size_sd"] == pytest.approx(57.9)
    assert m["error_rate"] == pytest.approx(8.314244e-03)
    assert set(m) == {
        "total_reads",
        "mapped_reads",
        "percent_mapped",
        "percent_properly_paired",
        "duplicate_rate",
        "mean_insert_size",
        "insert_size_sd",
        "error_rate",
    }


def test_samtools_stats_properly_paired_agrees_with_samtools_own_percentage():
    # samtools prints its own rounded percentage: an independent check of the denominator
    lines = (DATA / "toy_tumor.samtools_stats.txt").read_text().splitlines()
    own = next(x for x in lines if x.startswith("SN\tpercentage of properly paired reads"))
    m = metrics.parse_samtools_stats(DATA / "toy_tumor.samtools_stats.txt")
    assert round(m["percent_properly_paired"], 1) == float(own.split("\t")[2])


def test_samtools_stats_empty_bam_gives_none_not_zero(tmp_path):
    text = (DATA / "toy_tumor.samtools_stats.txt").read_text()
    for label, value in (("raw total sequences", "8000"), ("reads mapped", "7850")):
        text = text.replace(f"SN\t{label}:\t{value}", f"SN\t{label}:\t0")
    path = tmp_path / "empty.stats"
    path.write_text(text)
    m = metrics.parse_samtools_stats(path)
    assert m["total_reads"] == 0
    assert m["percent_mapped"] is None
    assert m["duplicate_rate"] is None


def test_samtools_stats_rejects_other_files(tmp_path):
    path = tmp_path / "x.txt"
    path.write_text("SN\treads mapped:\t10\n")
    with pytest.raises(ValueError, match="raw total sequences|total_reads"):
        metrics.parse_samtools_stats(path)


# ---------------------------------------------------------------------------- mosdepth
def test_mosdepth_summary_skips_region_rows():
    m = metrics.parse_mosdepth_summary(DATA / "toy_tumor.by1000.mosdepth.summary.txt")
    assert m["mean_depth"] == pytest.approx(35.96)
    assert m["per_chrom"] == {"chr1": 40.65, "chr2": 41.38, "chrX": 20.49, "chrY": 22.17}
    assert m["lengths"] == {"chr1": 9000, "chr2": 6000, "chrX": 3500, "chrY": 1500}


def test_mosdepth_summary_keeps_a_contig_named_like_a_region(tmp_path):
    path = tmp_path / "s.mosdepth.summary.txt"
    path.write_text(
        "chrom\tlength\tbases\tmean\tmin\tmax\n"
        "chr1\t100\t1000\t10.00\t0\t20\n"
        "chr1_region\t100\t1000\t10.00\t0\t20\n"
        "decoy_region\t50\t100\t2.00\t0\t5\n"
        "total\t150\t1100\t7.33\t0\t20\n"
    )
    m = metrics.parse_mosdepth_summary(path)
    assert m["per_chrom"] == {"chr1": 10.0, "decoy_region": 2.0}
    assert m["mean_depth"] == pytest.approx(7.33)


def test_mosdepth_summary_rejects_other_files():
    with pytest.raises(ValueError, match="not a mosdepth summary"):
        metrics.parse_mosdepth_summary(DATA / "toy_tumor.mosdepth.global.dist.txt")


def test_mosdepth_dist_total_rows():
    m = metrics.parse_mosdepth_dist(DATA / "toy_tumor.mosdepth.global.dist.txt")
    # "total 20 0.88" and "total 30 0.73" in the file
    assert m == {"pct_genome_20x": pytest.approx(88.0), "pct_genome_30x": pytest.approx(73.0)}


def test_mosdepth_dist_depth_above_maximum_is_zero_and_custom_depths():
    # the toy tumor's maximum depth is 64x
    m = metrics.parse_mosdepth_dist(DATA / "toy_tumor.mosdepth.global.dist.txt", depths=(0, 500))
    assert m == {"pct_genome_0x": pytest.approx(100.0), "pct_genome_500x": 0.0}


def test_mosdepth_dist_restricted_to_contigs_is_length_weighted():
    lengths = {"chr1": 9000, "chr2": 6000}
    m = metrics.parse_mosdepth_dist(
        DATA / "toy_tumor.mosdepth.global.dist.txt", contigs=["chr1", "chr2"], lengths=lengths
    )
    # chr1 20x 0.98, chr2 20x 0.96; chr1 30x 0.93, chr2 30x 0.91
    assert m["pct_genome_20x"] == pytest.approx(100 * (0.98 * 9000 + 0.96 * 6000) / 15000)
    assert m["pct_genome_30x"] == pytest.approx(100 * (0.93 * 9000 + 0.91 * 6000) / 15000)
    with pytest.raises(ValueError, match="lengths"):
        metrics.parse_mosdepth_dist(DATA / "toy_tumor.mosdepth.global.dist.txt", contigs=["chr1"])


# ---------------------------------------------------------------------------- fastp
def test_fastp_json_real_output():
    m = metrics.parse_fastp_json(DATA / "toy_tumor.fastp.json")
    assert m["percent_q30"] == pytest.approx(79.2941)
    assert m["reads_before"] == 8000
    assert m["reads_after"] == 8000
    assert m["percent_adapter_trimmed"] == pytest.approx(266 / 8000 * 100)
    assert m["fastp_duplication_rate"] == pytest.approx(0.016)
    assert m["bases_after"] == 794398
    assert m["q30_bases_after"] == 629911


def test_fastp_json_without_adapter_or_duplication_sections(tmp_path):
    report = json.loads((DATA / "toy_tumor.fastp.json").read_text())
    del report["adapter_cutting"], report["duplication"]
    path = tmp_path / "f.json"
    path.write_text(json.dumps(report))
    m = metrics.parse_fastp_json(path)
    assert m["percent_adapter_trimmed"] is None
    assert m["fastp_duplication_rate"] is None
    assert m["percent_q30"] == pytest.approx(79.2941)


def test_combine_fastp_pools_bases_not_rates():
    a = {
        "percent_q30": 90.0, "reads_before": 100, "reads_after": 100, "bases_after": 9000,
        "q30_bases_after": 8100, "percent_adapter_trimmed": 10.0, "fastp_duplication_rate": 0.1,
    }  # fmt: skip
    b = {
        "percent_q30": 50.0, "reads_before": 300, "reads_after": 290, "bases_after": 1000,
        "q30_bases_after": 500, "percent_adapter_trimmed": 2.0, "fastp_duplication_rate": None,
    }  # fmt: skip
    m = metrics.combine_fastp([a, b])
    assert m["percent_q30"] == pytest.approx(100 * 8600 / 10000)  # a mean of rates gives 70
    assert m["reads_before"] == 400 and m["reads_after"] == 390
    assert m["percent_adapter_trimmed"] == pytest.approx((10 * 100 + 2 * 300) / 400)
    assert m["fastp_duplication_rate"] == pytest.approx(0.1)  # only unit a reported one


# ---------------------------------------------------------------------------- sex check
TOY_ROLES = ContigRoles(("chr1", "chr2"), "chrX", "chrY")
ENSEMBL_ROLES = ContigRoles(("1", "2"), "X", "Y")


def test_sex_male_from_real_mosdepth_summary():
    s = metrics.parse_mosdepth_summary(DATA / "toy_tumor.by1000.mosdepth.summary.txt")
    res = sex.infer_sex(s["per_chrom"], TOY_ROLES, lengths=s["lengths"])
    auto = (40.65 * 9000 + 41.38 * 6000) / 15000
    assert res["inferred"] == "male"
    assert res["x_ratio"] == pytest.approx(20.49 / auto)
    assert res["y_ratio"] == pytest.approx(22.17 / auto)


def test_sex_female_from_real_mosdepth_summary_without_chry_row():
    s = metrics.parse_mosdepth_summary(DATA / "toy_unrelated_female.mosdepth.summary.txt")
    assert "chrY" not in s["per_chrom"]  # mosdepth leaves out a contig with no reads
    res = sex.infer_sex(s["per_chrom"], TOY_ROLES, lengths=s["lengths"])
    assert res["inferred"] == "female"
    assert res["y_ratio"] is None
    # with the reference's lengths the unread chrY is a measured 0x
    res = sex.infer_sex(s["per_chrom"], TOY_ROLES, lengths={**s["lengths"], "chrY": 1500})
    assert res["inferred"] == "female"
    assert res["y_ratio"] == 0.0


@pytest.mark.parametrize(
    ("x", "y", "expected"),
    [
        (15.0, 6.0, "male"),  # GRCh38-like male: Y ~0.2 because half of chrY is N gap
        (30.0, 0.9, "female"),  # female with a little mismapping onto Y (0.03)
        (15.0, 0.3, "ambiguous"),  # X 0.5 but no Y: male with -Y or female with -X
        (21.0, 0.3, "ambiguous"),  # X 0.7: partial loss of one X in a female tumor
        (30.0, 6.0, "ambiguous"),  # XXY
        (15.0, 2.1, "ambiguous"),  # Y 0.07: between the female and male Y cut-offs
    ],
)
def test_sex_calls(x, y, expected):
    per_chrom = {"1": 30.0, "2": 30.0, "X": x, "Y": y, "MT": 3000.0}
    res = sex.infer_sex(per_chrom, ENSEMBL_ROLES, 30.0)
    assert res["inferred"] == expected
    assert res["x_ratio"] == pytest.approx(x / 30)


def test_sex_without_y_contig_never_confirms_male():
    roles = ContigRoles(("chr1",), "chrX", "")
    assert sex.infer_sex({"chr1": 30.0, "chrX": 15.0}, roles)["inferred"] == "ambiguous"
    assert sex.infer_sex({"chr1": 30.0, "chrX": 30.0}, roles)["inferred"] == "female"


def test_sex_leaves_the_pseudoautosomal_regions_out():
    """A small genome whose PAR is 40% of X and Y: a male's X reads 0.5 * 0.6 + 1.0 * 0.4 =
    0.7 of the autosomes (his PAR has two copies) and his masked Y 0.6 * 0.5; counted as
    they are, his X looks like a female's partial loss. Without the PARs: 0.5 and 0.5."""
    from alwgs.par import from_config

    par = from_config([{"x": "chrX:1-40000", "y": "chrY:1-40000"}])
    roles = ContigRoles(("chr1",), "chrX", "chrY", par)
    lengths = {"chr1": 100_000, "chrX": 100_000, "chrY": 100_000}
    male = {"chr1": 30.0, "chrX": 21.0, "chrY": 9.0}
    plain = sex.infer_sex(male, ContigRoles(("chr1",), "chrX", "chrY"), lengths=lengths)
    assert plain["inferred"] == "ambiguous" and plain["x_ratio"] == pytest.approx(0.7)
    res = sex.infer_sex(male, roles, lengths=lengths)
    assert res["inferred"] == "male"
    assert (res["x_ratio"], res["y_ratio"]) == (pytest.approx(0.5), pytest.approx(0.5))
    female = {"chr1": 30.0, "chrX": 30.0, "chrY": 0.3}
    assert sex.infer_sex(female, roles, lengths=lengths)["inferred"] == "female"


def test_roles_not_names_decide_which_contig_is_x():
    """A reference whose contigs are not named 1..N/chrN (e.g. seq1, seq2, seqX) works when
    its roles are declared, and names alone never make a contig X or an autosome."""
    per_chrom = {"seq1": 30.0, "seq2": 30.0, "seqX": 15.0, "seqY": 6.0, "chrX": 30.0}
    roles = ContigRoles(("seq1", "seq2"), "seqX", "seqY")
    assert sex.infer_sex(per_chrom, roles)["inferred"] == "male"


@pytest.mark.parametrize(
    ("roles", "reason"),
    [
        (ContigRoles((), "chrX", "chrY"), "autosomes of the reference are not known"),
        (ContigRoles(("demo20",), "", ""), "no X chromosome declared"),
        (ContigRoles(("demo20",), "chrX", ""), "'chrX' is not in the reference"),
        (ContigRoles(("chr1",), "demo20", ""), "no declared autosome"),
    ],
)
def test_sex_not_assessed_says_why_and_never_raises(roles, reason):
    """The issue's case: one contig named demo20, no X. The check is not assessed, with the
    reason, instead of 'ValueError: no autosomes (1..N or chr1..chrN)'."""
    res = sex.infer_sex({"demo20": 20.0}, roles, lengths={"demo20": 40001})
    assert res["inferred"] is None
    assert reason in res["not_assessed"]


def test_autosome_mean_is_length_weighted_and_ignores_other_contigs():
    per_chrom = {"chr1": 40.0, "chr2": 20.0, "chrX": 1.0, "chrM": 5000.0, "chrUn_x": 900.0}
    roles = ContigRoles(("chr1", "chr2"), "chrX", "")
    assert sex.autosome_mean(per_chrom, roles) == pytest.approx(30.0)
    assert sex.autosome_mean(per_chrom, roles, {"chr1": 300, "chr2": 100}) == pytest.approx(35.0)
    with pytest.raises(ValueError, match="autosome"):
        sex.autosome_mean({"chrX": 1.0}, roles)
