"""Naming by bands on GRCh38: a loss or gain G-banding sees (cnv.banding_min_bp, 5 Mb) is a
karyotype abnormality named by its ISCN breakpoint bands whatever share of the arm it covers,
and the guidelines read a band-named deletion of 5q, 7q, 17p, 12p, 20q, 11q or 13q as that
arm's lesion (karyotype.yaml arm_lesions). Smaller changes stay focal. Real hg38 bands."""

import hashlib
from dataclasses import replace

import pytest
from alwgs.cnv.cytobands import Cytobands
from alwgs.cnv.events import call_events
from grch38_fixtures import (
    BANDS,
    CYTOBAND_FILE,
    MB,
    ROLES,
    RULES,
    SETTINGS,
    bins,
    call,
    genome,
    interpret,
    karyotype,
    knowledge,
    length,
)

BIOFRAME_MD5 = "10e09944ec21f3aca84d5a3ef12232e3"


@pytest.fixture(scope="module")
def kb():
    return knowledge()


def only(events):
    (e,) = events
    return e


def test_vendored_cytobands_are_bioframes_file_byte_for_byte():
    assert hashlib.md5(CYTOBAND_FILE.read_bytes()).hexdigest() == BIOFRAME_MD5
    # its header row is skipped; 24 chromosomes, 5q starts at 48.8 Mb (end of p11, acen)
    assert len(BANDS.chromosomes()) == 24
    assert BANDS.centromere("chr5") == 48_800_000
    assert BANDS.band_at("chr5", 106_000_000) == "q21.3"


def test_a_malformed_band_row_names_its_line(tmp_path):
    bad = tmp_path / "bands.tsv"
    bad.write_text("chrom\tstart\tend\tband\tstain\nchr1\t0\tx\tp36.33\tgneg\n")
    with pytest.raises(ValueError, match="line 2: start and end must be whole numbers"):
        Cytobands.from_file(bad)


def test_the_56_mb_interstitial_5q_deletion_is_named_by_its_bands():
    # 106.0-162.5 Mb: 56.5 Mb, 43% of 5q (132.7 Mb): below arm_fraction, but banding sees it
    e = only(call(genome(changes={"chr5": [(106_000_000, 162_500_000, 1)]})))
    assert (e.event, e.level, e.type, e.arm) == ("del(5)(q21.3q34)", "band", "loss", "q")
    assert (e.end - e.start) / (length("chr5") - BANDS.centromere("chr5")) == pytest.approx(
        0.4257, abs=1e-3
    )
    kar = karyotype([e])
    assert kar["karyotype"] == "46,XX,del(5)(q21.3q34)"
    (abn,) = kar["abnormalities"]
    assert (abn["type"], abn["bands"], abn["count"]) == ("deletion", "q21.3q34", 1)
    assert abn["counted_as"] == "1 (deletion of 5q21.3q34)"


def test_the_band_named_5q_deletion_is_eln_del5q_and_mr_cytogenetics(tmp_path, kb):
    events = call(genome(changes={"chr5": [(106_000_000, 162_500_000, 1)]}))
    ctx, eln, who_icc = interpret(tmp_path, events, karyotype(events), kb=kb)
    lesion = next(le for le in ctx.lesions if le.id == "del(5)(q21.3q34)")
    assert (lesion.kind, lesion.chrom, lesion.extent, lesion.change) == ("cna", "5", "q", "loss")
    assert "counts as del(5q)" in lesion.notes[0] and "arm_lesions" in lesion.notes[0]
    assert (eln["group"], eln["rule_id"]) == ("adverse", "ELN-ADV-5")
    assert eln["decided_by"][0]["lesions"] == ["del(5)(q21.3q34)"]
    assert who_icc["who2022"]["entity"] == "AML, myelodysplasia-related"
    assert who_icc["icc2022"]["entity"] == (
        "AML with myelodysplasia-related cytogenetic abnormalities"
    )


def test_terminal_deletions_are_named_by_their_one_breakpoint():
    q = only(call(genome(changes={"chr5": [(131_500_000, length("chr5"), 1)]})))
    assert (q.event, q.level, q.end) == ("del(5)(q31.1)", "band", length("chr5"))
    p = only(call(genome(changes={"chr9": [(0, 16_000_000, 1)]})))
    assert (p.event, p.level, p.start) == ("del(9)(p22.3)", "band", 0)


def test_gain_is_named_dup_with_its_bands_and_whole_arms_keep_their_short_names():
    dup = only(call(genome(changes={"chr1": [(145_000_000, 205_000_000, 3)]})))
    assert (dup.event, dup.level) == ("dup(1)(q21.1q32.1)", "band")
    # >= arm_fraction of the arm, and the whole chromosome: named as before
    arm = only(call(genome(changes={"chr5": [(80_000_000, 181_000_000, 1)]})))
    assert (arm.event, arm.level) == ("del(5q)", "arm")
    whole = only(call(genome(changes={"chr7": [(0, length("chr7"), 1)]})))
    assert (whole.event, whole.level) == ("-7", "chromosome")


def test_below_banding_resolution_stays_focal_with_its_genes_not_in_the_karyotype():
    genes = {"chr9": [(21_967_752, 21_995_301, "CDKN2A"), (22_002_903, 22_009_313, "CDKN2B")]}
    segments = genome(changes={"chr9": [(20_500_000, 25_400_000, 1)]})
    small = call_events(segments, bins(), BANDS, "female", SETTINGS, genes=genes, roles=ROLES)
    e = only(small)
    assert (e.event, e.level, e.genes) == ("del(9)(p21.3)", "focal", ["CDKN2A", "CDKN2B"])
    assert karyotype(small)["karyotype"] == "46,XX"
    # 100 kb more reaches 5 Mb: an interstitial deletion within one band names it twice
    big = only(call(genome(changes={"chr9": [(20_500_000, 25_500_000, 1)]})))
    assert (big.event, big.level) == ("del(9)(p21.3p21.3)", "band")
    assert karyotype([big])["karyotype"] == "46,XX,del(9)(p21.3p21.3)"


def test_a_band_named_9p_deletion_still_deletes_cdkn2a(tmp_path, kb):
    genes = {"chr9": [(21_967_752, 21_995_301, "CDKN2A"), (22_002_903, 22_009_313, "CDKN2B")]}
    segments = genome(changes={"chr9": [(16_000_000, 30_000_000, 1)]})
    events = call_events(segments, bins(), BANDS, "female", SETTINGS, genes=genes, roles=ROLES)
    e = only(events)
    # every gene listed, as when it was focal: the interpretation reads them
    assert (e.event, e.level, e.genes) == ("del(9)(p21.1p22.3)", "band", ["CDKN2A", "CDKN2B"])
    ctx, _, _ = interpret(tmp_path, events, karyotype(events), diagnosis="B-ALL", kb=kb)
    assert {"del(9)(p21.1p22.3)", "CDKN2A_del", "CDKN2B_del"} <= ctx.lesion_ids()


def test_banding_threshold_is_a_setting():
    segments = genome(changes={"chr5": [(106_000_000, 162_500_000, 1)]})
    assert SETTINGS.banding_min_bp == 5 * MB
    coarse = replace(SETTINGS, banding_min_bp=60 * MB)
    assert only(call(segments, settings=coarse)).level == "focal"


def test_p_arm_interstitial_names_the_band_nearer_the_centromere_first():
    # 12p: ETV6 region deletions are written del(12)(p12p13) in the literature
    assert BANDS.iscn_breakpoints("chr12", 10_000_000, 19_000_000) == "p12.3p13.2"
    assert BANDS.iscn_breakpoints("chr5", 106_000_000, 162_500_000) == "q21.3q34"
    assert BANDS.iscn_breakpoints("chr9", 0, 16_000_000) == "p22.3"
    assert BANDS.iscn_breakpoints("chr5", 131_500_000, length("chr5")) == "q31.1"


ARM_CASES = [
    # (case, chrom, start, end, extent the guideline rules read, the arm lesion)
    ("7q interstitial", "chr7", 100_000_000, 140_000_000, "q", "del(7q)"),
    ("17p terminal", "chr17", 0, 10_000_000, "p", "abn(17p)"),
    ("12p interstitial", "chr12", 10_000_000, 20_000_000, "p", "del(12p)"),
    ("20q interstitial", "chr20", 40_000_000, 50_000_000, "q", "del(20q)"),
    ("11q terminal", "chr11", 110_000_000, None, "q", "del(11q)"),
    ("13q interstitial", "chr13", 40_000_000, 60_000_000, "q", "del(13q)"),
    ("3p: no guideline names it", "chr3", 60_000_000, 80_000_000, "", None),
]


@pytest.mark.parametrize(
    "case,chrom,start,end,extent,arm_lesion", ARM_CASES, ids=[c[0] for c in ARM_CASES]
)
def test_band_named_losses_are_the_arm_lesion_the_guidelines_name(
    tmp_path, kb, case, chrom, start, end, extent, arm_lesion
):
    events = call(genome(changes={chrom: [(start, end or length(chrom), 1)]}))
    e = only(events)
    assert e.level == "band", e
    ctx, _, _ = interpret(tmp_path, events, karyotype(events), kb=kb)
    (lesion,) = [le for le in ctx.lesions if le.kind == "cna"]
    assert (lesion.id, lesion.extent) == (e.event, extent)
    if arm_lesion:
        assert f"counts as {arm_lesion}" in lesion.notes[0]
    else:
        assert "no guideline rule reads" in lesion.notes[0]


def test_guideline_readings_of_band_named_losses(tmp_path, kb):
    # any 17p loss banding sees is ELN -17/abn(17p)
    events = call(genome(changes={"chr17": [(0, 10_000_000, 1)]}))
    _, eln, _ = interpret(tmp_path, events, karyotype(events), kb=kb)
    assert (eln["group"], eln["rule_id"]) == ("adverse", "ELN-ADV-17")
    # a 7q deletion is MR cytogenetics in WHO and ICC, but not ELN -7
    events = call(genome(changes={"chr7": [(100_000_000, 140_000_000, 1)]}))
    _, eln, who_icc = interpret(tmp_path, events, karyotype(events), kb=kb)
    assert eln["group"] == "intermediate" and eln["rule_id"] == "ELN-INT-OTHER"
    assert who_icc["icc2022"]["entity"] == (
        "AML with myelodysplasia-related cytogenetic abnormalities"
    )
    # 20q: ICC only; 11q: WHO only
    events = call(genome(changes={"chr20": [(40_000_000, 50_000_000, 1)]}))
    _, _, who_icc = interpret(tmp_path, events, karyotype(events), kb=kb)
    assert who_icc["icc2022"]["entity"].startswith("AML with myelodysplasia-related cytogenetic")
    assert who_icc["who2022"]["entity"] == "AML, defined by differentiation"
    events = call(genome(changes={"chr11": [(110_000_000, length("chr11"), 1)]}))
    _, _, who_icc = interpret(tmp_path, events, karyotype(events), kb=kb)
    assert who_icc["who2022"]["entity"] == "AML, myelodysplasia-related"
    assert who_icc["icc2022"]["entity"] == "AML, not otherwise specified"


def test_an_unlisted_arm_is_no_guideline_lesion(tmp_path, kb):
    events = call(genome(changes={"chr3": [(60_000_000, 80_000_000, 1)]}))
    ctx, eln, who_icc = interpret(tmp_path, events, karyotype(events), kb=kb)
    assert eln["rule_id"] == "ELN-INT-OTHER" and eln["markers"] == []
    assert who_icc["icc2022"]["entity"] == "AML, not otherwise specified"


def test_arm_lesions_rows_are_checked(tmp_path):
    import yaml
    from alwgs.cnv.karyotype import load_rules

    doc = yaml.safe_load((CYTOBAND_FILE.parents[1] / "knowledge/karyotype.yaml").read_text())
    doc["arm_lesions"][0]["arm"] = "x"
    bad = tmp_path / "karyotype.yaml"
    bad.write_text(yaml.safe_dump(doc))
    with pytest.raises(ValueError, match=r"arm_lesions\[0\]: arm must be p or q"):
        load_rules(bad)
    assert {r["lesion"] for r in RULES["arm_lesions"]} == {
        "del(5q)",
        "del(7q)",
        "abn(17p)",
        "del(12p)",
        "del(20q)",
        "del(11q)",
        "del(13q)",
    }


SEGMENTS = [
    # (segment called elsewhere: chrom, start, end, copies) -> (event, level)
    (("chr5", 100_000_000, 156_500_000, 1), ("del(5)(q21.1q33.3)", "band")),
    (("chr9", 21_900_000, 22_000_000, 0), ("del(9)(p21.3)", "focal")),
    (("chr7", 0, 159_345_973, 1), ("-7", "chromosome")),
    (("chr13", 18_000_000, 114_364_328, 1), ("-13", "chromosome")),
    (("chr17", 0, 20_000_000, 1), ("del(17p)", "arm")),
    (("chr21", 5_000_000, 12_000_000, 3), ("gain(21p)", "not_assessable")),
    (("chr8", 0, 145_138_636, 3), ("+8", "chromosome")),
]


@pytest.mark.parametrize("segment,expected", SEGMENTS, ids=[s[1][0] for s in SEGMENTS])
def test_segments_called_elsewhere_are_named_like_our_events(segment, expected):
    """Findings of another pipeline give segments without bins: the bands with unique
    sequence stand in for them (13p and 21p hold none), the rest is the same naming."""
    from alwgs.cnv.events import segment_event

    e = segment_event(*segment, "male", BANDS, SETTINGS, ROLES)
    assert (e.event, e.level) == expected
    assert segment_event("chr5", 0, 10 * MB, 2, "male", BANDS, SETTINGS, ROLES) is None
