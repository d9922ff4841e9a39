"""ISCN-like karyotype: order, chromosome count, sex chromosomes, translocation and
inversion naming, complex and monosomal karyotype, ploidy groups."""

from pathlib import Path

import pytest
from alwgs.cnv.events import Event
from alwgs.cnv.karyotype import build, load_rules, ploidy_group
from alwgs.cnv.svtable import Sv
from alwgs.contig_roles import ContigRoles
from cnv_fixtures import LENGTH, ROLES, cytobands

RULES = load_rules(Path(__file__).resolve().parents[2] / "config/knowledge/karyotype.yaml")


def ev(chrom, cn, level="chromosome", kind=None, name=None, start=0, end=LENGTH):
    kind = kind or ("loss" if cn < 2 else "gain" if cn > 2 else "cnloh")
    name = name or f"{'-' if kind == 'loss' else '+'}{chrom[3:]}"
    return Event(chrom, start, end, cn, name, level, kind, "pq")


def bnd(id_, c1, p1, c2, p2, filt="PASS"):
    return Sv(id_, "BND", c1, p1, "+", c2, p2, "-", filt)


def karyotype(events, svs=(), sex="male", inv_fraction=0.05, roles=ROLES):
    return build(list(events), list(svs), cytobands(), sex, RULES, inv_fraction, roles)


def test_complex_monosomal_example_in_iscn_order():
    events = [
        ev("chr17", 1, "arm", "loss", "del(17p)", 0, 45_000),
        ev("chr8", 3),
        ev("chr5", 1, "arm", "loss", "del(5q)", 60_000, 87_000),
        ev("chr7", 1),
    ]
    doc = karyotype(events)
    assert doc["karyotype"] == "46,XY,del(5q),-7,+8,del(17p)"
    assert doc["chromosome_count"] == 46
    assert doc["abnormality_count"] == 4
    assert doc["complex"] is True
    assert doc["monosomal"] is True
    assert doc["autosomal_monosomies"] == ["7"]
    assert [(a["id"], a["kind"], a["source"]) for a in doc["abnormalities"]][:2] == [
        ("del(5q)", "structural", "cnv"),
        ("-7", "numerical", "cnv"),
    ]


def test_no_abnormality():
    doc = karyotype([], sex="female")
    assert doc["karyotype"] == "46,XX"
    assert (doc["complex"], doc["monosomal"], doc["ploidy_group"]) == (False, False, "near-diploid")


def test_focal_events_and_cnloh_stay_out():
    events = [
        ev("chr9", 0, "focal", "loss", "del(9)(p13)", 20_000, 30_000),
        ev("chr17", 2, "arm", "cnloh", "cnLOH(17p)", 0, 45_000),
    ]
    assert karyotype(events, sex="female")["karyotype"] == "46,XX"


def test_reciprocal_translocation_is_one_entry_lower_chromosome_first():
    svs = [bnd("SV3", "chr9", 70_001, "chr22", 30_001), bnd("SV4", "chr22", 30_000, "chr9", 70_000)]
    doc = karyotype([], svs, sex="female")
    assert doc["karyotype"] == "46,XX,t(9;22)(q21;p13)"
    assert doc["abnormalities"] == [
        {
            "id": "t(9;22)(q21;p13)",
            "kind": "structural",
            "chrom": "9",
            "source": "sv",
            "type": "translocation",
            "bands": "q21;p13",
            "changes": [],
            "count": 1,
            "counted_as": "1 (balanced translocation)",
        }
    ]


def test_junctions_across_a_band_boundary_are_one_translocation():
    # the second junction lies 2 bp away, on the other side of the p22/p13 boundary of chr22
    svs = [bnd("SV1", "chr9", 70_001, "chr22", 20_000), bnd("SV2", "chr22", 20_002, "chr9", 70_000)]
    assert karyotype([], svs, sex="female")["karyotype"] == "46,XX,t(9;22)(q21;p22)"


def test_filtered_and_intrachromosomal_bnd_are_ignored():
    svs = [
        bnd("SV1", "chr9", 70_000, "chr22", 30_000, filt="MinSupport"),
        bnd("SV2", "chr9", 10, "chr9", 90_000),
    ]
    assert karyotype(svs=svs, events=[], sex="female")["karyotype"] == "46,XX"


def test_sex_chromosome_named_first_in_translocation():
    doc = karyotype([], [bnd("SV1", "chr1", 90_000, "chrX", 10_000)], sex="female")
    assert doc["karyotype"] == "46,XX,t(X;1)(p22;q34)"


def test_large_inversion_enters_small_does_not():
    big = Sv("SV1", "INV", "chr1", 10_000, "+", "chr1", 90_000, "+")
    small = Sv("SV2", "INV", "chr5", 60_000, "+", "chr5", 62_000, "+")
    both_junctions = [big, Sv("SV3", "INV", "chr1", 10_001, "-", "chr1", 90_001, "-"), small]
    doc = karyotype([], both_junctions, sex="female")
    assert doc["karyotype"] == "46,XX,inv(1)(p22q34)"


def test_numerical_before_structural_within_a_chromosome():
    doc = karyotype([ev("chr9", 3)], [bnd("SV1", "chr9", 70_000, "chr22", 30_000)], sex="female")
    assert doc["karyotype"] == "47,XX,+9,t(9;22)(q21;p13)"


def test_sex_chromosome_abnormalities_come_first_and_are_not_monosomies():
    doc = karyotype([ev("chrY", 0, kind="loss", name="-Y"), ev("chr8", 3)])
    assert doc["karyotype"] == "46,X,-Y,+8"
    assert doc["sex_chromosomes"] == "X"
    assert doc["autosomal_monosomies"] == []
    assert doc["monosomal"] is False


def test_copies_beyond_one_are_counted():
    doc = karyotype([ev("chr8", 4), ev("chr7", 0)], sex="female")
    assert doc["karyotype"] == "46,XX,-7,-7,+8,+8"
    doc = karyotype([ev("chr8", 4)], sex="female")
    assert doc["chromosome_count"] == 48


def test_monosomal_rules():
    two = karyotype([ev("chr5", 1), ev("chr7", 1)], sex="female")
    assert (two["monosomal"], two["autosomal_monosomies"]) == (True, ["5", "7"])
    one = karyotype([ev("chr7", 1)], sex="female")
    assert one["monosomal"] is False
    with_structural = karyotype(
        [ev("chr7", 1)], [bnd("SV1", "chr9", 70_000, "chr22", 30_000)], sex="female"
    )
    assert with_structural["monosomal"] is True
    with_gain = karyotype([ev("chr7", 1), ev("chr8", 3)], sex="female")
    assert with_gain["monosomal"] is False  # a trisomy is not structural


def test_complex_needs_three_and_excludes_trisomy_only_hyperdiploidy():
    assert karyotype([ev("chr7", 1), ev("chr8", 3)], sex="female")["complex"] is False
    trisomies = karyotype([ev("chr1", 3), ev("chr8", 3), ev("chr9", 3)], sex="female")
    assert (trisomies["chromosome_count"], trisomies["complex"]) == (49, False)
    mixed = karyotype(
        [ev("chr8", 3), ev("chr9", 3), ev("chr5", 1, "arm", "loss", "del(5q)", 60_000, 87_000)],
        sex="female",
    )
    assert mixed["complex"] is True


def test_unknown_sex_leaves_the_field_out():
    assert karyotype([ev("chr8", 3)], sex="unknown")["karyotype"] == "47,+8"


@pytest.mark.parametrize(
    "count,group",
    [
        (20, None),
        (24, "near-haploid"),
        (29, "near-haploid"),
        (35, "low hypodiploid"),
        (43, "high hypodiploid"),
        (44, "near-diploid"),
        (50, "near-diploid"),
        (51, "high hyperdiploid"),
        (67, "high hyperdiploid"),
        (68, "near-triploid+"),
    ],
)
def test_ploidy_groups(count, group):
    assert ploidy_group(count, RULES["ploidy_groups"]) == group


def test_high_hyperdiploid_from_events():
    gains = [ev(c, 3) for c in ("chr1", "chr5", "chr7", "chr8", "chr9", "chr17")]
    gains.append(ev("chrX", 3))
    doc = karyotype(gains, sex="female")
    assert doc["chromosome_count"] == 53
    assert doc["ploidy_group"] == "high hyperdiploid"
    assert doc["karyotype"].startswith("53,XX,+X,+1,+5")


def test_rules_file_missing_section_is_an_error(tmp_path):
    bad = tmp_path / "k.yaml"
    bad.write_text("complex: {min_abnormalities: 3}\n")
    with pytest.raises(ValueError, match="monosomal"):
        load_rules(bad)


def test_declared_sex_chromosome_is_named_x_whatever_its_contig_name():
    """ISCN names the declared X 'X' (and counts it as a sex chromosome) even when its contig
    is called otherwise, e.g. on a reference whose contigs are seq1..seqN."""
    roles = ContigRoles(("chr1", "chr5", "chr7"), "chr22", "")
    doc = karyotype([ev("chr22", 1, name="-22")], sex="female", roles=roles)
    assert doc["karyotype"] == "45,X,-X"
    assert doc["autosomal_monosomies"] == []
