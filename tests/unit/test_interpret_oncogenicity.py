"""The oncogenicity link (ClinGen/CGC/VICC SOP, Horak et al., Genet Med 2022;24:986): one case
per evidence code, the class boundaries, real variants whose expected class is worked out by hand
from the SOP's points (written next to each case), the codes that cannot be evaluated, the
knowledge files' checks, and the chain end to end: a TP53 DNA-binding-domain hotspot missense
without ClinVar makes ELN 2022 adverse and ICC "AML with mutated TP53"."""

import copy
import dataclasses

import pytest
import yaml
from alwgs.interpret.conditions import evaluate
from alwgs.interpret.knowledge import load_knowledge
from alwgs.interpret.model import Call, Context
from alwgs.interpret.oncogenicity import EVALUATORS, _class_of, classify_call, summary
from alwgs.interpret.oncogenicity_kb import (
    CODES,
    IMPLEMENTED,
    load_counts,
    load_domains,
    load_roles,
    load_rules,
)
from alwgs.interpret.protein import parse_hgvsp, protein_change
from alwgs.interpret.report import SampleInfo
from interp_fixtures import KNOWLEDGE, mut, shipped_knowledge
from test_intake import intake_error, make_batch
from test_interpret_lesions import rec, run, write_sample

KB = load_knowledge(shipped_knowledge()).oncogenicity
NO_DOMAINS = dataclasses.replace(KB, domains=[])  # to see hotspot codes OM1 would exclude
TWO_STARS = "criteria_provided,_multiple_submitters,_no_conflicts"
ONE_STAR = "criteria_provided,_single_submitter"


def call(gene, consequence, hgvsp="", pos=None, **kw):
    return Call(
        "chr1",
        1,
        "A",
        "T",
        [],
        gene=gene,
        consequence=consequence,
        hgvsp=hgvsp,
        protein_start=pos,
        **kw,
    )


def codes_of(onc):
    return [c["code"] for c in onc.codes]


# ------------------------------------------------------------------------------ one per code
def _op2_kb():
    rules = copy.deepcopy(KB.rules)
    rules["parameters"]["single_gene_etiology"] = [{"gene": "RB1", "diagnosis": "AML"}]
    return dataclasses.replace(KB, rules=rules)


# (code, call, knowledge, sources): the code applies to the call
CODE_CASES = [
    ("OVS1", call("TP53", "stop_gained", "p.(Arg196Ter)", 196), KB, {}),
    (
        "OS1",
        call("TP53", "missense", "p.(Arg248Gln)", 248, clnsig=["Pathogenic"], clnrevstat=TWO_STARS),
        KB,
        {},
    ),
    ("OS2", call("RUNX1", "missense", "p.(Arg201Gln)", 201), KB, {}),
    ("OS3", call("TP53", "missense", "p.(Arg248Gln)", 248), KB, {}),
    ("OM1", call("RUNX1", "missense", "p.(Arg162Lys)", 162), KB, {}),
    ("OM2", call("CEBPA", "inframe_insertion", "p.(Lys313dup)", 313), KB, {}),
    ("OM3", call("IDH2", "missense", "p.(Arg140Gln)", 140), NO_DOMAINS, {}),
    ("OP2", call("RB1", "stop_gained", "p.(Arg251Ter)", 251), _op2_kb(), {}),
    ("OP3", call("FLT3", "missense", "p.(Asp835Tyr)", 835), NO_DOMAINS, {}),
    ("OP4", call("ABL1", "missense", "p.(Ala50Thr)", 50), KB, {}),
    ("SBVS1", call("TET2", "missense", "p.(Ile1762Val)", 1762, pop_af=0.3), KB, {}),
    ("SBS1", call("TET2", "missense", "p.(Ile1762Val)", 1762, pop_af=0.02), KB, {}),
    (
        "SBS2",
        call("DNMT3A", "missense", "p.(Val2Leu)", 2, clnsig=["Benign"], clnrevstat=ONE_STAR),
        KB,
        {},
    ),
    ("SBP2", call("TP53", "synonymous", "p.(Arg213=)", 213), KB, {}),
]


@pytest.mark.parametrize("code,c,kb,sources", CODE_CASES, ids=[c[0] for c in CODE_CASES])
def test_each_code_applies(code, c, kb, sources):
    onc = classify_call(c, kb, sources, "AML")
    assert code in codes_of(onc), summary(onc)
    entry = next(x for x in onc.codes if x["code"] == code)
    assert entry["points"] == KB.rules["codes"][code]["points"] and entry["detail"]


def test_every_code_the_engine_applies_has_a_case():
    assert {c[0] for c in CODE_CASES} == IMPLEMENTED == set(EVALUATORS)
    assert set(CODES) - IMPLEMENTED == {"OM4", "OP1", "SBP1"}


@pytest.mark.parametrize(
    "code,c",
    [
        ("OVS1", call("NPM1", "frameshift", "p.(Trp288CysfsTer12)", 288)),  # an oncogene
        ("OS1", call("TP53", "missense", "p.(Arg248Gln)", 248, clnsig=["Pathogenic"])),  # 0 stars
        ("OS2", call("RUNX1", "missense", "p.(Arg201Trp)", 201)),  # another change
        ("OS3", call("TP53", "missense", "p.(Arg248Glu)", 248)),  # no sample with R248E
        ("OM1", call("TP53", "missense", "p.(Pro36Ser)", 36)),  # outside the core domain
        ("OM2", call("MLLT3", "inframe_deletion", "p.(Lys50del)", 50, protein_end=50)),  # no role
        ("OP4", call("TET2", "missense", "p.(Ile1762Val)", 1762, pop_af=0.002)),
        ("SBS1", call("TET2", "missense", "p.(Ile1762Val)", 1762, pop_af=0.01)),  # not above 1%
        (
            "SBS2",
            call("DNMT3A", "missense", clnsig=["Benign"], clnrevstat="no_assertion_provided"),
        ),
        ("SBP2", call("TP53", "synonymous&splice_region", "p.(Arg213=)", 213)),
    ],
    ids=lambda x: x if isinstance(x, str) else "",
)
def test_a_code_does_not_apply_outside_its_criterion(code, c):
    assert code not in codes_of(classify_call(c, KB, {}, "AML"))


# ------------------------------------------------------------------------------ classes
@pytest.mark.parametrize(
    "points,expected",
    [
        (17, "oncogenic"),
        (10, "oncogenic"),
        (9, "likely_oncogenic"),
        (6, "likely_oncogenic"),
        (5, "uncertain_significance"),
        (0, "uncertain_significance"),
        (-1, "likely_benign"),
        (-6, "likely_benign"),
        (-7, "benign"),
        (-16, "benign"),
    ],
)
def test_class_boundaries(points, expected):
    # Horak 2022 / Tavtigian 2020 point scale: >= 10, 6..9, 0..5, -1..-6, <= -7.
    assert _class_of(points, KB.rules["classes"]) == expected


# ------------------------------------------------------------------------------ real variants
# (case, call, class, codes): expected from the SOP by hand. OP1 (computational evidence) is
# never counted offline, so a variant one point short of "oncogenic" stays "likely oncogenic".
REAL = [
    (
        "TP53 R248Q, no ClinVar: functional (OS2) + hotspot 1239/652 (OS3) + absent (OP4)",
        call("TP53", "missense", "p.(Arg248Gln)", 248),
        "likely_oncogenic",
        ["OS2", "OS3", "OP4"],
    ),
    (
        "TP53 Y220C: OS2 + OS3 (371 at Y220, 315 Y220C) + OP4",
        call("TP53", "missense", "p.(Tyr220Cys)", 220),
        "likely_oncogenic",
        ["OS2", "OS3", "OP4"],
    ),
    (
        "TP53 R175H, ClinVar conflicting: ClinVar gives nothing; OS2 + OS3 + OP4",
        call(
            "TP53",
            "missense",
            "p.(Arg175His)",
            175,
            clnsig=["Conflicting_classifications_of_pathogenicity"],
            clnrevstat="criteria_provided,_conflicting_classifications",
        ),
        "likely_oncogenic",
        ["OS2", "OS3", "OP4"],
    ),
    (
        "TP53 R248Q with ClinVar pathogenic (2 stars): OS1 + OS2 + OP4 (OS3 not with OS1)",
        call("TP53", "missense", "p.(Arg248Gln)", 248, clnsig=["Pathogenic"], clnrevstat=TWO_STARS),
        "likely_oncogenic",
        ["OS1", "OS2", "OP4"],
    ),
    (
        "TP53 nonsense: null variant in a tumor suppressor (OVS1) + OP4",
        call("TP53", "stop_gained", "p.(Trp91Ter)", 91),
        "likely_oncogenic",
        ["OVS1", "OP4"],
    ),
    (
        "TP53 R196*: OVS1 + OS3 (324 samples at R196, 297 R196*) + OP4",
        call("TP53", "stop_gained", "p.(Arg196Ter)", 196),
        "oncogenic",
        ["OVS1", "OS3", "OP4"],
    ),
    (
        "TP53 novel core-domain missense: OM1 + OP4 only",
        call("TP53", "missense", "p.(Ala119Asp)", 119),
        "uncertain_significance",
        ["OM1", "OP4"],
    ),
    (
        "RUNX1 R201Q, no ClinVar: VCEP functional (OS2) + RHD (OM1) + OP4",
        call("RUNX1", "missense", "p.(Arg201Gln)", 201),
        "likely_oncogenic",
        ["OS2", "OM1", "OP4"],
    ),
    (
        "RUNX1 R162K, no ClinVar: RHD (OM1) + OP4; no count or study shipped",
        call("RUNX1", "missense", "p.(Arg162Lys)", 162),
        "uncertain_significance",
        ["OM1", "OP4"],
    ),
    (
        "synonymous: SBP2 -1 + OP4 +1",
        call("TP53", "synonymous", "p.(Arg213=)", 213),
        "uncertain_significance",
        ["OP4", "SBP2"],
    ),
    (
        "common population variant: SBVS1 (SBS1 not with SBVS1)",
        call("TET2", "missense", "p.(Ile1762Val)", 1762, pop_af=0.3),
        "benign",
        ["SBVS1"],
    ),
    (
        "NPM1 W288Cfs*12: OS2 + OM1 (exon 12) + OP4; NPM1 is an oncogene, no OVS1",
        call("NPM1", "frameshift", "p.(Trp288CysfsTer12)", 288),
        "likely_oncogenic",
        ["OS2", "OM1", "OP4"],
    ),
    (
        "FLT3 D835Y: OS2 + OM1 (activation loop) + OP4; OP3 (9 samples) not with OM1",
        call("FLT3", "missense", "p.(Asp835Tyr)", 835),
        "likely_oncogenic",
        ["OS2", "OM1", "OP4"],
    ),
    (
        "IDH2 R140Q: OS2 + OM1 + OP4; OM3 (39/31) not with OM1",
        call("IDH2", "missense", "p.(Arg140Gln)", 140),
        "likely_oncogenic",
        ["OS2", "OM1", "OP4"],
    ),
    (
        "novel missense outside any domain: OP4 only",
        call("ABL1", "missense", "p.(Ala50Thr)", 50),
        "uncertain_significance",
        ["OP4"],
    ),
    (
        "CEBPA bZIP in-frame insertion: OS2 + OM1 + OM2 + OP4",
        call("CEBPA", "inframe_insertion", "p.(Lys313dup)", 313),
        "likely_oncogenic",
        ["OS2", "OM1", "OM2", "OP4"],
    ),
    (
        "DNMT3A R882H: OS2 + OS3 (68 at R882, 40 R882H) + OP4",
        call("DNMT3A", "missense", "p.(Arg882His)", 882),
        "likely_oncogenic",
        ["OS2", "OS3", "OP4"],
    ),
]


@pytest.mark.parametrize("case,c,cls,codes", REAL, ids=[r[0].split(":")[0] for r in REAL])
def test_real_variants(case, c, cls, codes):
    onc = classify_call(c, KB, {}, "AML")
    assert (onc.cls, codes_of(onc)) == (cls, codes), summary(onc)
    assert onc.points == sum(KB.rules["codes"][x]["points"] for x in codes)


def test_a_code_left_out_for_a_stronger_one_is_reported():
    c = call("TP53", "missense", "p.(Arg248Gln)", 248, clnsig=["Pathogenic"], clnrevstat=TWO_STARS)
    onc = classify_call(c, KB, {}, "AML")
    excluded = {e["code"]: e["counted_by"] for e in onc.excluded}
    assert excluded == {"OS3": ["OS1"], "OM1": ["OS1"]}


def test_codes_without_offline_evidence_say_not_evaluated():
    onc = classify_call(call("TP53", "missense", "p.(Arg248Gln)", 248), KB, {}, "AML")
    reasons = {n["code"]: n["reason"] for n in onc.not_evaluated}
    assert set(reasons) == {"OM4", "OP1", "SBP1"}
    assert "computational predictor" in reasons["OP1"]


def test_an_unused_database_makes_its_codes_not_evaluated():
    unused = {"population_af": {"used": "no"}, "clinvar": {"used": "no"}}
    c = call("TP53", "missense", "p.(Arg248Gln)", 248, clnsig=["Pathogenic"], clnrevstat=TWO_STARS)
    onc = classify_call(c, KB, unused, "AML")
    assert codes_of(onc) == ["OS2", "OS3"] and onc.cls == "likely_oncogenic"
    missing = {n["code"] for n in onc.not_evaluated}
    assert {"OS1", "OP4", "SBVS1", "SBS1", "SBS2"} <= missing


def test_per_change_counts_missing_is_said():
    onc = classify_call(call("DNMT3A", "missense", "p.(Arg736His)", 736), KB, {}, "AML")
    assert any("no per-change counts" in n["reason"] for n in onc.not_evaluated)
    assert not {"OS3", "OM3", "OP3"} & set(codes_of(onc))


# ------------------------------------------------------------------------------ protein text
@pytest.mark.parametrize(
    "text,residue,substitution,position",
    [
        ("p.(Arg248Gln)", "R248", "R248Q", 248),
        ("p.R248Q", "R248", "R248Q", 248),
        ("ENSP00000269305.4:p.(Tyr220Cys)", "Y220", "Y220C", 220),
        ("p.(Trp288CysfsTer12)", "W288", "", 288),
        ("p.(Arg196Ter)", "R196", "", 196),
        ("p.(Arg213=)", "R213", "", 213),
        ("p.(Lys313_Val314insGlnLys)", "K313", "", 313),
        ("p.?", "", "", None),
        ("", "", "", None),
    ],
)
def test_protein_change_of_hgvs_text(text, residue, substitution, position):
    p = parse_hgvsp(text)
    assert (p.residue, p.substitution, p.position) == (residue, substitution, position)


def test_annotation_position_wins_over_the_text():
    assert protein_change("p.(Arg248Gln)", 249, None).position == 249


# ------------------------------------------------------------------------------ "mutated"
@pytest.mark.parametrize(
    "lesion,counts",
    [
        (mut("TP53", oncogenicity="likely_oncogenic"), True),
        (mut("TP53", oncogenicity="oncogenic"), True),
        (mut("TP53", oncogenicity="uncertain_significance"), False),
        (mut("IKZF1", oncogenicity="uncertain_significance", hotspot="HS-IKZF1-N159"), True),
    ],
    ids=["likely oncogenic", "oncogenic", "VUS", "VUS at a named hotspot"],
)
def test_mutated_counts_oncogenic_lesions_and_named_hotspots(lesion, counts):
    ok, ids = evaluate({"mutated": lesion.genes[0]}, Context("AML", [lesion]))
    assert ok is counts and ids == ([lesion.id] if counts else [])


# ------------------------------------------------------------------------------ the chain
@pytest.fixture(scope="module")
def kb():
    return load_knowledge(shipped_knowledge())


def test_tp53_hotspot_without_clinvar_is_adverse_and_icc_tp53(tmp_path, kb):
    somatic = [
        rec(1000, "TP53", "missense", 0.46, HGVSp="p.(Arg248Gln)", PROTEIN_START=248),
        rec(2000, "TP53", "missense", 0.2, HGVSp="p.(Ala119Asp)", PROTEIN_START=119),  # VUS
    ]
    write_sample(tmp_path, "T", somatic, [], [], {"karyotype": "46,XY", "abnormalities": []})
    result = run(tmp_path, kb, "T", SampleInfo("T", "P", "AML", "male", 0.5, None))
    assert result["eln2022"]["group"] == "adverse"
    assert result["icc2022"]["entity"] == "AML with mutated TP53"
    tp53 = next(le for le in result["lesions"] if le["id"] == "TP53_mut")
    assert tp53["oncogenicity"] == "likely_oncogenic" and len(tp53["evidence"]) == 1
    ev = tp53["evidence"][0]["oncogenicity"]
    assert [c["code"] for c in ev["codes"]] == ["OS2", "OS3", "OP4"] and ev["points"] == 9
    by_pos = {v["pos"]: v for v in result["variants"]}
    assert by_pos[1000]["tier_rule"] == "AMP-T1-ONCOGENIC-GUIDELINE"
    assert by_pos[2000]["oncogenicity"]["class"] == "uncertain_significance"
    assert (by_pos[2000]["tier"], by_pos[2000]["lesion"]) == ("III", False)
    assert {"oncogenicity", "gene_roles", "functional_domains", "hotspot_counts"} <= set(
        result["knowledge"]
    )


def test_tp53_core_domain_vus_alone_is_not_mutated_tp53(tmp_path, kb):
    somatic = [rec(1000, "TP53", "missense", 0.46, HGVSp="p.(Ala119Asp)", PROTEIN_START=119)]
    write_sample(tmp_path, "V", somatic, [], [], {"karyotype": "46,XY", "abnormalities": []})
    result = run(tmp_path, kb, "V", SampleInfo("V", "P", "AML", "male", 0.5, None))
    assert result["lesions"] == [] and result["eln2022"]["group"] != "adverse"
    assert result["icc2022"]["entity"] != "AML with mutated TP53"


def test_runx1_runt_domain_missense_without_clinvar_is_adverse(tmp_path, kb):
    somatic = [rec(1000, "RUNX1", "missense", 0.4, HGVSp="p.(Arg201Gln)", PROTEIN_START=201)]
    write_sample(tmp_path, "R", somatic, [], [], {"karyotype": "46,XY", "abnormalities": []})
    result = run(tmp_path, kb, "R", SampleInfo("R", "P", "AML", "male", 0.5, None))
    assert result["eln2022"]["group"] == "adverse"
    assert result["icc2022"]["entity"] == "AML with myelodysplasia-related gene mutations"


# ------------------------------------------------------------------------------ the files
def _rules_doc():
    return yaml.safe_load((KNOWLEDGE / "oncogenicity.yaml").read_text())


def _bad_points(d):
    d["codes"]["SBS1"]["points"] = 4


def _code_missing(d):
    del d["codes"]["OP3"]


def _cycle(d):
    d["codes"]["OS1"]["not_with"] = ["OM1"]


def _class_order(d):
    d["classes"][1]["min"] = 12


def _fe_without_source(d):
    del d["functional_evidence"][0]["source"]


def _fe_bad_change(d):
    d["functional_evidence"][0]["changes"] = ["Arg248Gln"]


def _om4_evaluated(d):
    d["codes"]["OM4"]["evaluated"] = True


def _unknown_term(d):
    d["parameters"]["null_consequences"].append("nonsense")


@pytest.mark.parametrize(
    "edit,needle",
    [
        (_bad_points, "codes.SBS1"),
        (_code_missing, "codes"),
        (_cycle, "cycle"),
        (_class_order, "classes[1]"),
        (_fe_without_source, "'source'"),
        (_fe_bad_change, "changes"),
        (_om4_evaluated, "codes.OM4"),
        (_unknown_term, "nonsense"),
    ],
    ids=lambda x: getattr(x, "__name__", x),
)
def test_malformed_oncogenicity_yaml_is_rejected(tmp_path, edit, needle):
    doc = _rules_doc()
    edit(doc)
    path = tmp_path / "oncogenicity.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    with pytest.raises(ValueError) as err:
        load_rules(path)
    assert str(path) in str(err.value) and needle in str(err.value)


HEAD = "# version: 1\n# source: X = a source\n"


@pytest.mark.parametrize(
    "loader,text,needle",
    [
        (
            load_roles,
            "# version: 1\n# source: x\ngene\trole\tcgc_role\tsource\nTP53\tTSG\tTSG\tx\n",
            "line 4, column 'role'",
        ),
        (
            load_domains,
            "# version: 1\n# source: x\ngene\tdomain\tfirst\tlast\tconsequences\tsource\n"
            "TP53\tcore\t292\t102\tmissense\tx\n",
            "line 4: range 292-102",
        ),
        (
            load_domains,
            "# version: 1\n# source: x\ngene\tdomain\tfirst\tlast\tconsequences\tsource\n"
            "TP53\tcore\t102\t292\tmisense\tx\n",
            "column 'consequences'",
        ),
        (
            load_counts,
            HEAD + "gene\tresidue\tresidue_count\tchanges\tmyeloid\tlymphoid\tsource\tnote\n"
            "TP53\tR248\t10\tQ:652\tNA\tNA\tX\t\n",
            "line 4, column 'changes'",
        ),
        (
            load_counts,
            HEAD + "gene\tresidue\tresidue_count\tchanges\tmyeloid\tlymphoid\tsource\tnote\n"
            "TP53\tR248\tNA\t\tNA\tNA\tX\t\n",
            "column 'note'",
        ),
        (
            load_counts,
            HEAD + "gene\tresidue\tresidue_count\tchanges\tmyeloid\tlymphoid\tsource\tnote\n"
            "TP53\tR248\t1239\tQ:652\tNA\tNA\tY\t\n",
            "column 'source'",
        ),
        (
            load_counts,
            HEAD + "gene\tresidue\tresidue_count\tchanges\tmyeloid\tlymphoid\tsource\tnote\n"
            "TP53\tArg248\t1239\tQ:652\tNA\tNA\tX\t\n",
            "column 'residue'",
        ),
    ],
    ids=["role", "domain range", "domain term", "counts sum", "NA note", "source id", "residue"],
)
def test_malformed_table_is_rejected_with_file_line_and_column(tmp_path, loader, text, needle):
    path = tmp_path / "t.tsv"
    path.write_text(text)
    with pytest.raises(ValueError) as err:
        loader(path)
    assert str(path) in str(err.value) and needle in str(err.value)


def test_shipped_counts_are_consistent():
    counts, meta = load_counts(KNOWLEDGE / "hotspot_counts.tsv")
    assert meta["version"] and any(s.startswith("CH-V2") for s in meta["sources"])
    r248 = counts[("TP53", 248)]
    assert (r248.count, r248.changes["Q"], r248.changes["W"]) == (1239, 652, 509)
    # a residue without a citable count gives none, and says why
    npm1 = counts[("NPM1", 288)]
    assert npm1.count is None and npm1.note


@pytest.mark.bad_input
def test_a_malformed_oncogenicity_file_stops_the_batch_at_intake(tmp_path):
    config = make_batch(tmp_path)
    path = tmp_path / "config/knowledge/gene_roles.tsv"
    path.write_text(path.read_text().replace("TP53\tboth", "TP53\tsuppressor"))
    err = intake_error(tmp_path, config)
    assert err.file == "config/knowledge/gene_roles.tsv" and "role" in str(err)


# ------------------------------------------------------------------------------ nonsense hotspots
def test_a_nonsense_change_at_a_nonsense_hotspot_counts_as_its_change():
    # cancerhotspots.org v2: TP53 R213 521 samples, 431 R213*: OVS1 8 + OS3 4 + OP4 1 = 13
    onc = classify_call(call("TP53", "stop_gained", "p.Arg213Ter", 213), KB, {}, "AML")
    assert codes_of(onc) == ["OVS1", "OS3", "OP4"] and onc.cls == "oncogenic"
    detail = next(c["detail"] for c in onc.codes if c["code"] == "OS3")
    assert "521 samples at the residue, 431 with R213*" in detail and "caution" not in detail


def test_a_nonsense_change_where_no_stop_was_counted_gets_no_hotspot_code():
    onc = classify_call(call("TP53", "stop_gained", "p.Arg248Ter", 248), KB, {}, "AML")
    assert codes_of(onc) == ["OVS1", "OP4"]  # R248: Q, W, L, G, P counted, no '*'


def test_a_missense_at_a_nonsense_hotspot_carries_the_sops_caution():
    onc = classify_call(call("TP53", "missense", "p.Arg213Gln", 213), KB, {}, "AML")
    detail = next(c["detail"] for c in onc.codes if c["code"] == "OS3")
    assert "46 with R213Q" in detail and "caution" in detail and "431 of 521" in detail


def test_which_consequences_are_looked_up_in_the_counts_is_data():
    rules = copy.deepcopy(KB.rules)
    rules["parameters"]["hotspot_consequences"] = ["missense"]
    kb = dataclasses.replace(KB, rules=rules)
    onc = classify_call(call("TP53", "stop_gained", "p.Arg213Ter", 213), kb, {}, "AML")
    assert codes_of(onc) == ["OVS1", "OP4"] and onc.cls == "likely_oncogenic"
