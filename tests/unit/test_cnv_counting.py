"""Counting abnormalities as ISCN lists them: an unbalanced derivative chromosome (a
translocation junction joining a terminal loss to a terminal gain) is one abnormality, a
balanced translocation one, an inversion one, numerical ones each; ELN 2022 complex (>= 3
unrelated, not trisomies only, no class-defining lesion) and monosomal karyotype (Breems
2008, CBF AML excluded). GRCh38 bands and real-shaped events and junctions."""

import copy

import pytest
from alwgs.cnv.counting import abnormality_type, count_abnormalities
from alwgs.cnv.svtable import Sv
from grch38_fixtures import RULES, call, genome, interpret, karyotype, knowledge, length


@pytest.fixture(scope="module")
def kb():
    return knowledge()


def bnd(sv_id, c1, p1, c2, p2, filt="PASS"):
    return Sv(sv_id, "BND", c1, p1, "+", c2, p2, "-", filt)


# der(6)t(6;10)(q23.2;q24.31): 6q lost distal to 131.0 Mb, 10q gained distal to 100.5 Mb, the
# junction a few kb from where the bins put the edges
DER_CHANGES = {
    "chr6": [(131_000_000, length("chr6"), 1)],
    "chr10": [(100_500_000, length("chr10"), 3)],
}
DER_JUNCTION = bnd("SV7", "chr6", 131_020_001, "chr10", 100_480_001)


def with_der(**extra):
    return genome("female", DER_CHANGES | extra)


def test_junction_of_two_terminal_changes_is_one_derivative():
    events = call(with_der(chr8=[(0, length("chr8"), 3)]), svs=[DER_JUNCTION])
    der = [e for e in events if e.chrom in ("chr6", "chr10")]
    # both edges moved to the junction, which they name
    assert [(e.event, e.start, e.end, e.sv_support) for e in der] == [
        ("del(6)(q23.2)", 131_020_001, length("chr6"), "SV7"),
        ("dup(10)(q24.31)", 100_480_001, length("chr10"), "SV7"),
    ]
    kar = karyotype(events, svs=[DER_JUNCTION])
    assert kar["karyotype"] == "47,XX,der(6)t(6;10)(q23.2;q24.31),+8"
    assert kar["abnormality_count"] == 2 and not kar["complex"]
    d = kar["abnormalities"][0]
    assert (d["type"], d["source"], d["bands"], d["count"]) == (
        "derivative",
        "cnv+sv",
        "q23.2;q24.31",
        1,
    )
    assert d["changes"] == ["loss of 6q23.2\u21926qter", "gain of 10q24.31\u219210qter"]
    assert d["counted_as"] == (
        "1 (unbalanced derivative der(6)t(6;10): loss of 6q23.2\u21926qter and gain of"
        " 10q24.31\u219210qter; one abnormality, not one per chromosome arm it changes)"
    )


def test_trisomy_and_one_unbalanced_derivative_is_not_complex(tmp_path, kb):
    events = call(with_der(chr8=[(0, length("chr8"), 3)]), svs=[DER_JUNCTION])
    ctx, eln, _ = interpret(tmp_path, events, karyotype(events, svs=[DER_JUNCTION]), kb=kb)
    assert "complex_karyotype" not in ctx.lesion_ids()
    assert (eln["group"], eln["rule_id"]) == ("intermediate", "ELN-INT-OTHER")


def test_without_the_junction_the_two_changes_are_two_abnormalities():
    events = call(with_der(chr8=[(0, length("chr8"), 3)]))
    kar = karyotype(events)
    assert kar["karyotype"] == "47,XX,del(6)(q23.2),+8,dup(10)(q24.31)"
    assert kar["abnormality_count"] == 3 and kar["complex"]


def test_derivative_and_two_others_is_complex(tmp_path, kb):
    changes = {"chr8": [(0, length("chr8"), 3)], "chr21": [(0, length("chr21"), 3)]}
    events = call(with_der(**changes), svs=[DER_JUNCTION])
    kar = karyotype(events, svs=[DER_JUNCTION])
    assert kar["karyotype"] == "48,XX,der(6)t(6;10)(q23.2;q24.31),+8,+21"
    assert kar["abnormality_count"] == 3 and kar["complex"]
    ctx, eln, _ = interpret(tmp_path, events, kar, kb=kb)
    assert "complex_karyotype" in ctx.lesion_ids()
    assert (eln["group"], eln["rule_id"]) == ("adverse", "ELN-ADV-CK")
    (ck,) = [le for le in ctx.lesions if le.id == "complex_karyotype"]
    assert ck.evidence[0]["detail"].startswith(
        "3 abnormalities: der(6)t(6;10)(q23.2;q24.31) [counted 1"
    )


def test_a_balanced_translocation_with_the_same_chromosomes_is_not_a_derivative():
    # the junction but no copy-number change at it: t(6;10), one abnormality
    kar = karyotype(call(genome("female")), svs=[DER_JUNCTION])
    assert kar["karyotype"] == "46,XX,t(6;10)(q23.2;q24.31)"
    assert kar["abnormalities"][0]["counted_as"] == "1 (balanced translocation)"


def test_a_filtered_junction_makes_no_derivative():
    junction = bnd("SV7", "chr6", 131_020_001, "chr10", 100_480_001, "MinSupport")
    events = call(genome("female", DER_CHANGES), svs=[junction])
    assert all(e.sv_support == "." for e in events)
    assert karyotype(events, svs=[junction])["abnormality_count"] == 2


def test_two_terminal_losses_at_one_junction_are_a_dicentric():
    changes = {
        "chr5": [(131_500_000, length("chr5"), 1)],
        "chr17": [(0, 10_000_000, 1)],
    }
    junction = bnd("SV9", "chr5", 131_500_001, "chr17", 10_000_001)
    events = call(genome("female", changes), svs=[junction])
    kar = karyotype(events, svs=[junction])
    (dic,) = kar["abnormalities"]
    assert dic["id"].startswith("dic(5;17)(q31.1;p13") and dic["count"] == 1
    assert dic["type"] == "dicentric"


def test_three_trisomies_only_is_not_complex(tmp_path, kb):
    changes = {c: [(0, length(c), 3)] for c in ("chr4", "chr6", "chr10")}
    events = call(genome("female", changes))
    kar = karyotype(events)
    assert kar["karyotype"] == "49,XX,+4,+6,+10"
    assert kar["abnormality_count"] == 3 and not kar["complex"]
    assert "numerical gains" in kar["complex_reason"]
    ctx, eln, _ = interpret(tmp_path, events, kar, kb=kb)
    assert "complex_karyotype" not in ctx.lesion_ids() and eln["group"] == "intermediate"


MONOSOMAL = [
    ("two autosomal monosomies", {"chr5": "loss", "chr7": "loss"}, True),
    ("one monosomy and a derivative", {"chr7": "loss", "der": True}, True),
    ("one monosomy alone", {"chr7": "loss"}, False),
]


@pytest.mark.parametrize("case,spec,expected", MONOSOMAL, ids=[m[0] for m in MONOSOMAL])
def test_monosomal_karyotype(tmp_path, kb, case, spec, expected):
    changes = {c: [(0, length(c), 1)] for c, kind in spec.items() if c.startswith("chr")}
    svs = [DER_JUNCTION] if spec.get("der") else []
    if spec.get("der"):
        changes |= DER_CHANGES
    events = call(genome("female", changes), svs=svs)
    kar = karyotype(events, svs=svs)
    assert kar["monosomal"] is expected, kar
    ctx, _, _ = interpret(tmp_path, events, kar, kb=kb)
    assert ("monosomal_karyotype" in ctx.lesion_ids()) is expected


def test_loss_of_y_is_no_monosomy():
    events = call(
        genome("male", {"chrY": [(0, length("chrY"), 0)], "chr7": [(0, length("chr7"), 1)]}),
        sex="male",
    )
    kar = karyotype(events, sex="male")
    assert kar["karyotype"] == "44,X,-Y,-7"
    assert kar["autosomal_monosomies"] == ["7"] and not kar["monosomal"]


# ---------------------------------------------------------------- the pure counting function
def test_counts_records_parsed_from_an_iscn_string():
    """What the ISCN-string parser of findings made elsewhere passes: id, kind, chrom."""
    records = [
        {"id": "+8", "kind": "numerical", "chrom": "8"},
        {"id": "der(5)t(5;17)(q31;q21)", "kind": "structural", "chrom": "5"},
    ]
    out = count_abnormalities(records, RULES)
    assert out["abnormality_count"] == 2 and not out["complex"]
    assert [i["type"] for i in out["items"]] == ["gain", "derivative"]
    assert out["items"][1]["counted_as"] == (
        "1 (unbalanced derivative der(5)t(5;17); one abnormality, not one per chromosome arm it"
        " changes)"
    )
    assert records[1] == {"id": "der(5)t(5;17)(q31;q21)", "kind": "structural", "chrom": "5"}
    more = records + [{"id": "-7", "kind": "numerical", "chrom": "7"}]
    out = count_abnormalities(more, RULES)
    assert out["complex"] and out["monosomal"] and out["autosomal_monosomies"] == ["7"]


def test_types_are_read_from_iscn_ids():
    cases = {
        "t(9;22)(q34.1;q11.2)": "translocation",
        "inv(3)(q21.3q26.2)": "inversion",
        "del(5)(q21.3q34)": "deletion",
        "dup(1)(q21q32)": "duplication",
        "der(1;7)(q10;p10)": "derivative",
        "dic(5;17)(q11.2;p11.2)": "dicentric",
        "i(17)(q10)": "isochromosome",
        "idic(X)(q13)": "isochromosome",
        "add(12)(p13)": "other",
    }
    for iscn, kind in cases.items():
        assert abnormality_type({"id": iscn, "kind": "structural"}) == kind, iscn
    assert abnormality_type({"id": "-7", "kind": "numerical"}) == "loss"
    with pytest.raises(ValueError, match="unknown type"):
        abnormality_type({"id": "x", "type": "fusion"})


def test_the_derivative_weight_is_data():
    rules = copy.deepcopy(RULES)
    rules["counting"]["weights"]["derivative"] = 2  # the IPSS-R / ISCN 2024 convention
    records = [
        {"id": "+8", "kind": "numerical", "chrom": "8"},
        {"id": "der(5)t(5;17)(q31;q21)", "kind": "structural", "chrom": "5"},
    ]
    out = count_abnormalities(records, rules)
    assert out["abnormality_count"] == 3 and out["complex"]
    assert out["items"][1]["counted_as"].startswith("2 (unbalanced derivative der(5)t(5;17)")


def test_eln_counts_each_abnormality_as_karyotype_json_records_it(kb):
    from alwgs.interpret.eln import karyotype_lesions
    from interp_fixtures import context

    tier = kb.tiers["structural"]["karyotype"]
    items = [
        {"id": "+8", "kind": "numerical", "chrom": "8", "count": 1},
        {"id": "der(5)t(5;17)(q31;q21)", "kind": "structural", "chrom": "5", "count": 1},
    ]
    kar = {"karyotype": "47,XY,+8,der(5)t(5;17)(q31;q21)", "abnormalities": items}
    assert karyotype_lesions(kb.eln, context("AML", [], karyotype=kar), tier) == []
    items[1]["count"] = 2
    found = karyotype_lesions(kb.eln, context("AML", [], karyotype=kar), tier)
    assert [le.id for le in found] == ["complex_karyotype"]


CLASS_DEFINING = [
    # (fusion, excludes a complex karyotype) - ELN 2017 Table 5 footnote list, kept by ELN 2022
    (("RUNX1", "RUNX1T1"), True),
    (("CBFB", "MYH11"), True),
    (("MLLT3", "KMT2A"), True),
    (("KMT2A", "AFF1"), True),
    (("DEK", "NUP214"), True),
    (("GATA2", "MECOM"), True),
    (("BCR", "ABL1"), True),
    (("KAT6A", "CREBBP"), False),
    (("MECOM", "RUNX1"), False),
]


@pytest.mark.parametrize(
    "genes,excludes", CLASS_DEFINING, ids=["::".join(c[0]) for c in CLASS_DEFINING]
)
def test_class_defining_lesions_exclude_complex_karyotype(kb, genes, excludes):
    from alwgs.interpret.eln import karyotype_lesions
    from interp_fixtures import context, fusion

    tier = kb.tiers["structural"]["karyotype"]
    items = [
        {"id": "t(1;2)(p36;q37)", "kind": "structural", "chrom": "1", "count": 1},
        {"id": "+8", "kind": "numerical", "chrom": "8", "count": 1},
        {"id": "del(9)(q21.3q22.33)", "kind": "structural", "chrom": "9", "count": 1},
    ]
    kar = {"karyotype": "47,XY,t(1;2)(p36;q37),+8,del(9)(q21.3q22.33)", "abnormalities": items}
    found = karyotype_lesions(kb.eln, context("AML", [fusion(*genes)], karyotype=kar), tier)
    assert ("complex_karyotype" in {le.id for le in found}) is not excludes
