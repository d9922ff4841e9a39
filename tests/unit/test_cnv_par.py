"""Pseudoautosomal regions in copy number (alwgs.par, alwgs.cnv.par_copy): two copies in
either sex, a PAR1 deletion a loss to one copy, an intact male PAR no gain, the rest of a
male's X unchanged, the Y copy of a PAR left out, and the karyotype never reading a PAR
change as an X chromosome or arm change.

The fixture genome (cnv_fixtures.py): every chromosome 100 kb, p arm 0-45 kb, 1-kb bins.
PAR1 is chrX:1-30000 (two thirds of Xp: by its share of the arm alone it would be an arm
event), PAR2 chrX:90001-100000; the Y copies at the same offsets of chrY."""

import math
from dataclasses import replace
from pathlib import Path

import pytest
from alwgs.cnv.events import baseline_cn, call_events, infer_sex
from alwgs.cnv.karyotype import build, load_rules
from alwgs.cnv.par_copy import copy_number, reference_offset, split_par
from alwgs.par import check, from_config, parse_region
from cnv_fixtures import LENGTH, ROLES, SETTINGS, bins, cytobands, neutral_genome, seg

PAR = [
    {"name": "PAR1", "x": "chrX:1-30000", "y": "chrY:1-30000"},
    {"name": "PAR2", "x": "chrX:90001-100000", "y": "chrY:90001-100000"},
]
PAR_ROLES = replace(ROLES, par=from_config(PAR))
# genes inside PAR1 (as CSF2RA and IL3RA lie between CRLF2 and P2RY8 on GRCh38 Xp22.33)
GENES = {"chrX": [(12_000, 13_000, "CSF2RA"), (14_000, 15_000, "IL3RA"), (60_000, 61_000, "G")]}
RULES = load_rules(Path(__file__).resolve().parents[2] / "config/knowledge/karyotype.yaml")


def x_bins(log2_at) -> dict:
    """.cnr bins of chrX with log2_at(start) as their log2."""
    return {"chrX": [(s, e, log2_at(s), 1.0) for s, e in bins()["chrX"]]}


def x_segments(pieces) -> list:
    """CNVkit's segments of X: (start, end, cn, log2)."""
    return [seg("chrX", s, e, cn, log2) for s, e, cn, log2 in pieces]


def run(segments, sex, roles=PAR_ROLES, **kw):
    return call_events(segments, bins(), cytobands(), sex, SETTINGS, genes=GENES, roles=roles, **kw)


def summary(events):
    return [(e.event, e.level, e.type, e.copy_number, e.start, e.end) for e in events]


# Male, reference of his own (male) normal: CNVkit shifted the normal's whole X by +1, PAR
# included, so the reference holds +1 in the PAR; his intact PAR reads -1 like his X.
MALE_REF = x_bins(lambda s: 1.0 if s < 30_000 or s >= 90_000 else 0.0)


def test_reference_offset_is_what_the_reference_holds_in_the_par():
    assert reference_offset(MALE_REF, PAR_ROLES) == pytest.approx(1.0)
    assert reference_offset(x_bins(lambda s: 0.0), PAR_ROLES) == 0.0  # female or flat
    assert reference_offset({}, PAR_ROLES) == 0.0


def test_male_intact_par_is_not_a_gain():
    male = neutral_genome("male", skip=("chrX",))
    # against his male normal: the whole X one segment at -1, one copy
    paired = x_segments([(0, LENGTH, 1, -1.0)])
    offset = reference_offset(MALE_REF, PAR_ROLES)
    cnr = x_bins(lambda s: -1.0)
    assert run(male + paired, "male", bin_log2=cnr, par_offset=offset) == []
    # against a flat (or female) reference: PAR1 reads 0 and CNVkit calls it 2 copies
    flat = x_segments([(0, 30_000, 2, 0.0), (30_000, 90_000, 1, -1.0), (90_000, LENGTH, 2, 0.0)])
    cnr = x_bins(lambda s: 0.0 if s < 30_000 or s >= 90_000 else -1.0)
    assert run(male + flat, "male", bin_log2=cnr) == []
    # without reference.par the same sample reads as gains of X (the old behaviour)
    old = run(male + flat, "male", roles=ROLES)
    assert [e.type for e in old] == ["gain", "gain"]


def test_par1_deletion_is_a_loss_to_one_copy_in_a_male():
    male = neutral_genome("male", skip=("chrX",))
    # 10-20 kb lost on one copy: 1 copy of 2 reads log2 -2 against the male reference
    cnr = x_bins(lambda s: -2.0 if 10_000 <= s < 20_000 else -1.0)
    cns = x_segments([(0, 10_000, 1, -1.0), (10_000, 20_000, 0, -2.0), (20_000, LENGTH, 1, -1.0)])
    events = run(male + cns, "male", bin_log2=cnr, par_offset=1.0)
    assert summary(events) == [("del(X)(p22)/del(Y)(p22)", "focal", "loss", 1, 10_000, 20_000)]
    assert events[0].genes == ["CSF2RA", "IL3RA"]
    assert "pseudoautosomal (PAR1)" in events[0].note and "X copy from the Y" in events[0].note
    # CNVkit's own call said 0 copies (a homozygous loss): the PAR's copy number is re-read
    assert events[0].log2 == pytest.approx(-1.0)


def test_par1_deletion_is_a_loss_to_one_copy_in_a_female():
    female = neutral_genome("female", skip=("chrX",))
    cnr = x_bins(lambda s: -1.0 if 10_000 <= s < 20_000 else 0.0)
    cns = x_segments([(0, 10_000, 2, 0.0), (10_000, 20_000, 1, -1.0), (20_000, LENGTH, 2, 0.0)])
    events = run(female + cns, "female", bin_log2=cnr)
    assert summary(events) == [("del(X)(p22)/del(Y)(p22)", "focal", "loss", 1, 10_000, 20_000)]


def test_par1_deletion_at_half_purity_is_called_as_an_autosome_would_be():
    # flat reference, male, blasts 50%: (0.5 * 1 + 0.5 * 2) / 2 copies -> log2 -0.415; CNVkit's
    # X rule (one copy expected in the normal cells) would call it 2 copies
    male = neutral_genome("male", skip=("chrX",))
    low = math.log2(0.75)
    cnr = x_bins(lambda s: low if 10_000 <= s < 20_000 else (-1.0 if 30_000 <= s < 90_000 else 0.0))
    cns = x_segments(
        [(0, 10_000, 2, 0.0), (10_000, 20_000, 2, low), (20_000, 30_000, 2, 0.0)]
        + [(30_000, 90_000, 1, -1.0), (90_000, LENGTH, 2, 0.0)]
    )
    events = run(male + cns, "male", bin_log2=cnr, purity=0.5)
    assert summary(events) == [("del(X)(p22)/del(Y)(p22)", "focal", "loss", 1, 10_000, 20_000)]


def test_a_whole_par_change_is_focal_never_an_arm_or_chromosome_event_of_x():
    female = neutral_genome("female", skip=("chrX",))
    # PAR1 is 2/3 of Xp: lost whole, classify alone would say del(Xp)
    cns = x_segments([(0, 30_000, 1, -1.0), (30_000, LENGTH, 2, 0.0)])
    cnr = x_bins(lambda s: -1.0 if s < 30_000 else 0.0)
    assert [(e.event, e.level) for e in run(female + cns, "female", roles=ROLES)] == [
        ("del(Xp)", "arm")
    ]
    events = run(female + cns, "female", bin_log2=cnr)
    assert [(e.event, e.level, e.start, e.end) for e in events] == [
        ("del(X)(p22p13)/del(Y)(p22p13)", "focal", 0, 30_000)
    ]


def test_non_par_x_of_a_male_keeps_its_one_copy_baseline():
    assert baseline_cn("chrX", "male", PAR_ROLES) == 1
    assert baseline_cn("chrX", "male", PAR_ROLES, par=True) == 2
    assert baseline_cn("chrX", "female", PAR_ROLES, par=True) == 2
    male = neutral_genome("male", skip=("chrX",))
    # 60-80 kb of his single X lost (0 copies), PAR intact against his male normal
    cnr = x_bins(lambda s: -6.0 if 60_000 <= s < 80_000 else -1.0)
    cns = x_segments([(0, 60_000, 1, -1.0), (60_000, 80_000, 0, -6.0), (80_000, LENGTH, 1, -1.0)])
    events = run(male + cns, "male", bin_log2=cnr, par_offset=1.0)
    assert [(e.event, e.type, e.copy_number, e.start, e.end) for e in events] == [
        ("del(X)(q21)", "loss", 0, 60_000, 80_000)
    ]
    assert "pseudoautosomal" not in events[0].note


def test_y_copy_of_a_par_is_left_out_of_events_and_sex():
    # masked Y PARs: no reads there, CNVkit reads 0 copies over them
    y = [seg("chrY", 0, 30_000, 0, -8.0), seg("chrY", 30_000, 90_000, 1, 0.0)]
    y.append(seg("chrY", 90_000, LENGTH, 0, -8.0))
    male = neutral_genome("male", skip=("chrY",)) + y
    assert run(male, "male", bin_log2=x_bins(lambda s: -1.0), par_offset=1.0) == []
    assert [e.type for e in run(male, "male", roles=ROLES)] == ["loss", "loss"]
    # a Y whose PAR copies are most of it: counting them would make the male a female
    big = replace(ROLES, par=from_config([{"x": "chrX:1-60000", "y": "chrY:1-60000"}]))
    y = [seg("chrY", 0, 60_000, 0, -8.0), seg("chrY", 60_000, LENGTH, 1, 0.0)]
    assert infer_sex(y, ROLES) == "female"
    assert infer_sex(y, big) == "male"


def test_copy_number_is_cnvkits_autosomal_rule():
    assert [copy_number(v, None) for v in (-3.0, -1.0, 0.0, 0.3, 1.0)] == [0, 1, 2, 3, 4]
    assert copy_number(math.log2(0.75), 0.5) == 1  # one copy in half the cells
    assert copy_number(0.0, 0.5) == 2
    assert copy_number(math.log2(0.5), 1.0) == 1


def test_split_without_bin_log2_keeps_the_segment_log2():
    roles = PAR_ROLES
    out = split_par([seg("chrX", 0, LENGTH, 1, -1.0)], roles, None, 1.0, None)
    assert [(s.start, s.end, s.par, s.cn) for s in out] == [
        (0, 30_000, "PAR1", 2),
        (30_000, 90_000, "", 1),
        (90_000, LENGTH, "PAR2", 2),
    ]
    assert sum(s.bins for s in out) == seg("chrX", 0, LENGTH, 1).bins
    # no PAR declared: unchanged
    assert split_par([seg("chrX", 0, LENGTH, 1)], ROLES, None, 1.0, None)[0].par == ""


def test_karyotype_of_a_par_change_is_not_an_x_change():
    male = neutral_genome("male", skip=("chrX",))
    cnr = x_bins(lambda s: -2.0 if 10_000 <= s < 20_000 else -1.0)
    cns = x_segments([(0, 10_000, 1, -1.0), (10_000, 20_000, 0, -2.0), (20_000, LENGTH, 1, -1.0)])
    events = run(male + cns, "male", bin_log2=cnr, par_offset=1.0)
    kt = build(events, [], cytobands(), "male", RULES, 0.3, PAR_ROLES)
    assert kt["karyotype"] == "46,XY"  # focal: below what banding sees
    # large enough for banding (band level): listed by its bands on X and Y, never -X/+X
    banding = replace(SETTINGS, banding_min_bp=5_000)
    big = call_events(
        male + cns,
        bins(),
        cytobands(),
        "male",
        banding,
        roles=PAR_ROLES,
        bin_log2=cnr,
        par_offset=1.0,
    )
    kt = build(big, [], cytobands(), "male", RULES, 0.3, PAR_ROLES)
    assert kt["karyotype"] == "46,XY,del(X)(p22p22)/del(Y)(p22p22)"
    assert kt["chromosome_count"] == 46


@pytest.mark.bad_input
def test_par_config_checks():
    lengths = {"chrX": 100_000, "chrY": 100_000, "chr1": 100_000}
    assert check(PAR, lengths, "chrX", "chrY") == []
    assert parse_region("chrX:10,001-2,781,479").start == 10_000
    problems = check([{"x": "chrX:1-30000"}, {"x": "chrX:20000-40000"}], lengths, "chrX", "")
    assert problems == [("reference.par.1.x", "'chrX:20000-40000' overlaps reference.par.0.x")]
    problems = check([{"x": "chrX:1-30000", "y": "chrY:1-3"}], lengths, "chrX", "")
    assert problems[0][0] == "reference.par.0.y" and "reference.chrY is empty" in problems[0][1]


def test_a_female_deletion_through_a_par_edge_is_one_change_of_x():
    female = neutral_genome("female", skip=("chrX",))
    # 0-40 kb lost on one X: PAR1 (0-30 kb) and 10 kb beyond it, 40 of Xp's 45 kb
    cns = x_segments([(0, 40_000, 1, -1.0), (40_000, LENGTH, 2, 0.0)])
    cnr = x_bins(lambda s: -1.0 if s < 40_000 else 0.0)
    events = run(female + cns, "female", bin_log2=cnr)
    assert [(e.event, e.level, e.start, e.end, e.copy_number) for e in events] == [
        ("del(Xp)", "arm", 0, 40_000, 1)
    ]
    assert "pseudoautosomal" not in events[0].note
    # a male's: one copy of two left in PAR1, none of one beyond it: two events
    male = neutral_genome("male", skip=("chrX",))
    cns = x_segments([(0, 40_000, 0, -3.0), (40_000, LENGTH, 1, -1.0)])
    cnr = x_bins(lambda s: -2.0 if s < 30_000 else (-6.0 if s < 40_000 else -1.0))
    events = run(male + cns, "male", bin_log2=cnr, par_offset=1.0)
    assert [(e.start, e.end, e.copy_number) for e in events] == [
        (0, 30_000, 1),
        (30_000, 40_000, 0),
    ]
