"""Tumor-only germline probability (alwgs.variants.germline): expected VAFs at given purity
and copy number, the posterior, the priors and the CNVkit segment lookup."""

import math

import pytest
import yaml
from alwgs import par
from alwgs.variants.germline import (
    CopyNumber,
    Locus,
    Model,
    expected_vafs,
    germline_probability,
    load_model,
    prior_germline,
)

SHIPPED = "config/filters/tumor_only_germline.yaml"


def test_expected_vafs_diploid():
    exp = expected_vafs(0.6, Locus(2, 2))
    assert exp["het"] == [pytest.approx(0.5)]  # (0.6*1 + 0.4*1) / 2
    assert exp["somatic"] == [pytest.approx(0.3)]  # 0.6*1 / 2
    assert exp["hom"] == [1.0]


def test_expected_vafs_gain_and_loss():
    # trisomy at purity 0.8: total copies 0.8*3 + 0.2*2 = 2.8
    exp = expected_vafs(0.8, Locus(3, 2))
    assert exp["het"] == [pytest.approx((0.8 + 0.2) / 2.8), pytest.approx((1.6 + 0.2) / 2.8)]
    assert exp["somatic"] == [pytest.approx(0.8 / 2.8), pytest.approx(1.6 / 2.8)]
    # deletion to one copy at purity 0.9: a germline het kept (0.9+0.1)/1.1 or lost 0.1/1.1
    exp = expected_vafs(0.9, Locus(1, 2))
    assert exp["het"] == [pytest.approx(0.1 / 1.1), pytest.approx(1.0 / 1.1)]
    assert exp["somatic"] == [pytest.approx(0.9 / 1.1)]
    # allele-specific copies from BAF (cnLOH: 2 + 0): the het is on 0 or 2 tumor copies
    exp = expected_vafs(0.5, Locus(2, 2, major=2, minor=0))
    assert exp["het"] == [pytest.approx(0.25), pytest.approx(0.75)]
    assert exp["somatic"] == [pytest.approx(0.25), pytest.approx(0.5)]  # may be on both


def test_expected_vafs_male_x():
    exp = expected_vafs(0.7, Locus(1, 1))
    assert exp["het"] == []  # one X: no heterozygous germline allele
    assert exp["somatic"] == [pytest.approx(0.7)]


def test_priors():
    m = Model()
    assert prior_germline(m, None, False) == pytest.approx(1.5e-3 / (1.5e-3 + 1e-6))
    assert prior_germline(m, None, True) == pytest.approx(5e-6 / 6e-6)
    carrier = 1 - (1 - 1e-4) ** 2
    assert prior_germline(m, 1e-4, True) == pytest.approx(carrier / (carrier + 1e-6))


@pytest.mark.parametrize(
    ("ao", "dp", "purity", "cls"),
    [
        (50, 100, 0.6, "germline"),  # het at 0.5, somatic expected 0.3
        (30, 100, 0.6, "somatic"),  # clonal somatic at purity/2
        (10, 100, 0.6, "somatic"),  # subclonal
        (100, 100, 0.6, "germline"),  # homozygous
        (45, 100, 0.9, "uncertain"),  # purity 0.9: somatic 0.45 and germline 0.5 overlap
    ],
)
def test_posterior_classes(ao, dp, purity, cls):
    call = germline_probability(ao, dp, purity, Locus(), Model(), None, True)
    assert call.cls == cls, call


def test_posterior_by_hand():
    """One purity, diploid, no subclonal share: the posterior is the prior odds times the
    binomial likelihood ratio of 0.5 (het; no hom) against purity/2, computed here by hand."""
    m = Model(homozygous_share=0.0, clonal_share=1.0, read_error=0.0)
    ao, dp, purity = 40, 90, 0.7
    lr = (0.5**ao * 0.5 ** (dp - ao)) / (0.35**ao * 0.65 ** (dp - ao))
    prior = 5e-6 / 6e-6
    odds = prior / (1 - prior) * lr
    call = germline_probability(ao, dp, purity, Locus(), m, None, True)
    assert call.p_germline == pytest.approx(odds / (1 + odds), rel=1e-9)
    assert call.expected == {"het": 0.5, "somatic": 0.35}


def test_copy_number_changes_the_answer():
    """VAF 0.33 at purity 0.9: a het on one of three tumor copies of a trisomy fits it; a
    diploid somatic clonal allele (0.45) does not, nor does a diploid het (0.5)."""
    m = Model()
    diploid = germline_probability(33, 100, 0.9, Locus(2, 2), m, None, True)
    trisomy = germline_probability(33, 100, 0.9, Locus(3, 2), m, None, True)
    assert trisomy.p_germline > diploid.p_germline


def test_low_depth_or_no_alt_gives_none():
    assert germline_probability(5, 9, 0.6, Locus(), Model()) is None
    assert germline_probability(0, 60, 0.6, Locus(), Model()) is None
    assert germline_probability(5, 10, 0.6, Locus(), Model()) is not None


def test_without_purity_averages_the_grid():
    call = germline_probability(50, 100, None, Locus(), Model(), None, True)
    assert call.cls == "germline" and call.expected == {}
    low = germline_probability(8, 100, None, Locus(), Model(), None, True)
    assert low.p_germline < 1e-3


def test_population_af_raises_the_prior():
    m = Model()
    novel = germline_probability(42, 100, 0.85, Locus(), m, None, True)
    known = germline_probability(42, 100, 0.85, Locus(), m, 5e-4, True)
    assert known.p_germline > novel.p_germline


def test_shipped_model_loads():
    m = load_model(SHIPPED)
    assert m.version and 0.5 <= m.class_threshold <= 1
    assert math.isclose(m.somatic_rate, 1e-6)


def test_model_errors_name_the_field(tmp_path):
    doc = yaml.safe_load(open(SHIPPED))
    del doc["somatic_rate"]
    path = tmp_path / "m.yaml"
    path.write_text(yaml.safe_dump(doc))
    with pytest.raises(ValueError, match="missing field 'somatic_rate'"):
        load_model(path)
    doc = yaml.safe_load(open(SHIPPED)) | {"purity_grid": [0.5, 1.5]}
    path.write_text(yaml.safe_dump(doc))
    with pytest.raises(ValueError, match="'purity_grid'"):
        load_model(path)
    doc = yaml.safe_load(open(SHIPPED)) | {"class_threshold": 0.3}
    path.write_text(yaml.safe_dump(doc))
    with pytest.raises(ValueError, match="'class_threshold'"):
        load_model(path)


def test_copy_number_segments(tmp_path):
    cns = tmp_path / "t.call.cns"
    cns.write_text(
        "chromosome\tstart\tend\tgene\tlog2\tbaf\tcn\tcn1\tcn2\tdepth\n"
        "chr1\t300\t5000\t-\t0\t0.5\t2\t1\t1\t80\n"
        "chr1\t5000\t9000\t-\t0.58\t\t3\t\t\t120\n"
        "chrX\t300\t9000\t-\t0\t\t1\t\t\t40\n"
        "chr2\t300\t900\t-\t0\t0.1\t2\t0\t2\t80\n"  # cnLOH, minor written first
        "chr2\t900\t1900\t-\t0\t0.1\t3\t1\t1\t80\n"  # copies that do not add up
    )
    cn = CopyNumber(cns, {"chrX": 1})
    assert cn.at("chr1", 4999) == (Locus(2, 2, 1, 1), True)
    assert cn.at("chr1", 5000) == (Locus(3, 2, None, None), True)
    assert cn.at("chr1", 100) == (Locus(2, 2), False)  # outside segments: normal copies
    assert cn.at("chrX", 400) == (Locus(1, 1, None, None), True)
    assert cn.at("chr2", 10) == (Locus(2, 2), False)
    assert cn.at("chr2", 400) == (Locus(2, 2, major=2, minor=0), True)
    assert cn.at("chr2", 1000) == (Locus(3, 2, None, None), True)
    # A male's X PAR reads two copies in the normal cells (Y's PAR reads map to X)
    pars = par.from_config([{"name": "PAR1", "x": "chrX:1-1000", "y": "chrY:1-1000"}])
    male = CopyNumber(cns, {"chrX": 1, "chrY": 1}, pars)
    assert male.at("chrX", 400) == (Locus(1, 2, None, None), True)
    assert male.at("chrX", 999) == (Locus(1, 2, None, None), True)
    assert male.at("chrX", 1000) == (Locus(1, 1, None, None), True)  # past PAR1
    assert male.at("chrX", 100) == (Locus(2, 2), False)  # PAR, outside segments
    assert male.at("chrX", 20000) == (Locus(1, 1), False)
    female = CopyNumber(cns, {"chrX": 2, "chrY": 0}, pars)
    assert female.at("chrX", 400) == (Locus(1, 2, None, None), True)
    bad = tmp_path / "bad.cns"
    bad.write_text("chromosome\tstart\tend\tcn\nchr1\t1\tx\t2\n")
    with pytest.raises(ValueError, match="line 2"):
        CopyNumber(bad)


def test_interpretation_reads_the_class_and_probability(tmp_path):
    """The interpretation's calls (and so the report rows) carry GERMLINE_P / GERMLINE_CLASS."""
    from alwgs.interpret.inputs import read_calls
    from interp_fixtures import write_vcf

    extra = [
        '##INFO=<ID=GERMLINE_P,Number=1,Type=Float,Description="P germline">',
        '##INFO=<ID=GERMLINE_CLASS,Number=1,Type=String,Description="class">',
    ]
    records = [
        {"chrom": "chr1", "pos": 100, "ref": "A", "alt": "G",
         "info": {"T_DP": 80, "T_AO": 20, "T_VAF": 0.25, "GERMLINE_P": 0.002,
                  "GERMLINE_CLASS": "somatic"}, "fmt": {"T": {"AD": (60, 20)}}},
        {"chrom": "chr1", "pos": 200, "ref": "C", "alt": "T",
         "info": {"T_DP": 80, "T_AO": 20, "T_VAF": 0.25}, "fmt": {"T": {"AD": (60, 20)}}},
    ]  # fmt: skip
    path = write_vcf(tmp_path / "t.vcf.gz", records, ["T"], {"chr1": 1000}, extra)
    calls = {c.pos: c for c in read_calls(path, "T")}
    assert calls[100].germline_class == "somatic"
    assert calls[100].germline_p == pytest.approx(0.002)
    assert calls[100].evidence()["germline_class"] == "somatic"
    assert calls[200].germline_p is None and "germline_class" not in calls[200].evidence()
