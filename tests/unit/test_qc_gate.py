"""QC gate: rules file validation, per-sample evaluation and the batch table."""

import csv
from pathlib import Path

import pytest
import yaml
from alwgs.contig_roles import ContigRoles
from alwgs.qc import gate

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "qc"


def rule(id_, metric, op, warn, fail, applies_to="all"):
    return {
        "id": id_, "metric": metric, "applies_to": applies_to, "op": op, "warn": warn,
        "fail": fail, "unit": "", "description": f"{id_} test rule", "source": "test",
    }  # fmt: skip


RULES = [
    rule("percent_mapped", "percent_mapped", "min", 97, 95),
    rule("duplicate_rate", "duplicate_rate", "max", 0.3, 0.4),
    rule("mean_depth_tumor", "mean_depth", "min", 60, 40, "tumor"),
    rule("mean_depth_normal", "mean_depth", "min", 25, 15, "normal"),
    rule("mean_insert_size", "mean_insert_size", "min", 250, 150),
    rule("sex_check", "sex_check", "match", None, None),
    rule("identity", "identity", "max", 0.02, 0.05, "tumor"),
]

GOOD = {
    "percent_mapped": 99.1,
    "duplicate_rate": 0.12,
    "mean_depth": 92.0,
    "mean_insert_size": 380.0,
    "sex_check": {"declared": "male", "inferred": "male", "x_ratio": 0.5, "y_ratio": 0.2},
    "identity": {"status": "PASS", "discordance": 0.001, "normal": "N1", "best_match": "N1"},
}
TUMOR = {"sample": "T1", "type": "tumor", "sex": "male"}
NORMAL = {"sample": "N1", "type": "normal", "sex": "male"}


def check(result, rule_id):
    return next(c for c in result["checks"] if c["id"] == rule_id)


def write_rules(tmp_path, rules, **top):
    doc = {"version": "t", "source_note": "test", "rules": rules, **top}
    path = tmp_path / "qc.yaml"
    path.write_text(yaml.safe_dump(doc))
    return path


# ---------------------------------------------------------------------------- evaluate
def test_pass():
    res = gate.evaluate(TUMOR, GOOD, RULES)
    assert res["status"] == "PASS"
    assert res["reasons"] == []
    assert res["sample"] == "T1" and res["type"] == "tumor"
    assert [c["status"] for c in res["checks"]] == ["PASS"] * 6
    c = check(res, "percent_mapped")
    assert c == {
        "id": "percent_mapped", "metric": "percent_mapped", "value": 99.1, "warn": 97,
        "fail": 95, "status": "PASS", "description": "percent_mapped test rule", "source": "test",
    }  # fmt: skip


def test_warn_with_reason():
    res = gate.evaluate(TUMOR, {**GOOD, "percent_mapped": 96.0, "duplicate_rate": 0.35}, RULES)
    assert res["status"] == "WARN"
    assert res["reasons"] == [
        "percent_mapped 96 < 97 (warn)",
        "duplicate_rate 0.35 > 0.3 (warn)",
    ]


def test_fail_with_reasons():
    metrics = {**GOOD, "percent_mapped": 91.2, "duplicate_rate": 0.45, "mean_insert_size": 200.0}
    res = gate.evaluate(TUMOR, metrics, RULES)
    assert res["status"] == "FAIL"
    assert res["reasons"] == [
        "percent_mapped 91.2 < 95 (fail)",
        "duplicate_rate 0.45 > 0.4 (fail)",
        "mean_insert_size 200 < 250 (warn)",
    ]
    assert check(res, "mean_insert_size")["status"] == "WARN"


@pytest.mark.parametrize(
    ("metric", "value", "status"),
    [
        ("percent_mapped", 95.0, "WARN"),  # "mapped >= 95 %": 95 itself is not a failure
        ("percent_mapped", 97.0, "PASS"),
        ("duplicate_rate", 0.4, "WARN"),  # "duplicates <= 40 %"
        ("duplicate_rate", 0.3, "PASS"),
    ],
)
def test_thresholds_themselves_pass(metric, value, status):
    res = gate.evaluate(TUMOR, {**GOOD, metric: value}, RULES)
    assert check(res, metric)["status"] == status


def test_missing_metric_is_na_and_listed():
    metrics = {k: v for k, v in GOOD.items() if k != "mean_insert_size"}
    metrics["duplicate_rate"] = float("nan")
    res = gate.evaluate(TUMOR, metrics, RULES)
    assert res["status"] == "PASS"
    assert check(res, "mean_insert_size")["status"] == "NA"
    assert check(res, "mean_insert_size")["value"] is None
    assert check(res, "duplicate_rate")["status"] == "NA"


def test_na_first_check_does_not_become_sample_status():
    metrics = {k: v for k, v in GOOD.items() if k != "percent_mapped"}
    res = gate.evaluate(TUMOR, metrics, RULES)
    assert res["checks"][0]["status"] == "NA"
    assert res["status"] == "PASS"


def test_all_na_is_warn():
    res = gate.evaluate(TUMOR, {}, RULES)
    assert res["status"] == "WARN"
    assert res["reasons"] == ["no QC metric could be evaluated (warn)"]


def test_tumor_only_rules_not_applied_to_normal():
    metrics = {**GOOD, "mean_depth": 30.0}
    normal = gate.evaluate(NORMAL, metrics, RULES)
    assert normal["status"] == "PASS"
    ids = [c["id"] for c in normal["checks"]]
    assert "mean_depth_tumor" not in ids and "identity" not in ids
    assert "mean_depth_normal" in ids
    tumor = gate.evaluate(TUMOR, metrics, RULES)
    assert tumor["status"] == "FAIL"
    assert tumor["reasons"] == ["mean_depth 30 < 40 (fail)"]
    assert "mean_depth_normal" not in [c["id"] for c in tumor["checks"]]


@pytest.mark.parametrize(
    ("declared", "inferred", "status", "reasons"),
    [
        ("male", "male", "PASS", []),
        ("male", "female", "FAIL", ["sex_check declared male, inferred female (fail)"]),
        ("female", "ambiguous", "WARN", ["sex_check declared female, inferred ambiguous (warn)"]),
        ("unknown", "female", "PASS", []),
    ],
)
def test_sex_check(declared, inferred, status, reasons):
    metrics = {**GOOD, "sex_check": {"declared": declared, "inferred": inferred}}
    res = gate.evaluate({**TUMOR, "sex": declared}, metrics, RULES)
    assert check(res, "sex_check")["status"] == status
    assert check(res, "sex_check")["value"] == inferred
    assert res["status"] == status and res["reasons"] == reasons


def test_sex_check_declared_sex_comes_from_sample_sheet():
    res = gate.evaluate({**TUMOR, "sex": "female"}, {**GOOD, "sex_check": "male"}, RULES)
    assert res["reasons"] == ["sex_check declared female, inferred male (fail)"]
    # the metric's own "declared" is used only when the sheet says unknown
    metrics = {**GOOD, "sex_check": {"declared": "female", "inferred": "male"}}
    assert gate.evaluate(TUMOR, metrics, RULES)["status"] == "PASS"
    res = gate.evaluate({**TUMOR, "sex": "unknown"}, metrics, RULES)
    assert res["reasons"] == ["sex_check declared female, inferred male (fail)"]


def test_identity_fail_names_normal_and_best_match():
    ident = {"status": "FAIL", "discordance": 0.31, "normal": "N9", "best_match": "N1"}
    res = gate.evaluate(TUMOR, {**GOOD, "identity": ident}, RULES)
    assert res["status"] == "FAIL"
    assert res["reasons"] == ["identity 0.31 > 0.05 with normal N9, best match N1 (fail)"]
    assert check(res, "identity")["value"] == pytest.approx(0.31)


def test_identity_at_the_pairs_own_sites_names_no_best_match():
    ident = {"status": "PASS", "discordance": 0.021, "normal": "N1", "best_match": None}
    res = gate.evaluate(TUMOR, {**GOOD, "identity": ident}, RULES)
    assert res["reasons"] == ["identity 0.021 > 0.02 with normal N1 (warn)"]


def test_identity_threshold_comes_from_the_rule_not_the_verdict():
    # pair_check ran with a looser limit; the gate's rule decides
    ident = {"status": "PASS", "discordance": 0.03, "normal": "N1", "best_match": "N1"}
    res = gate.evaluate(TUMOR, {**GOOD, "identity": ident}, RULES)
    assert check(res, "identity")["status"] == "WARN"


def test_identity_without_enough_sites_warns_not_assessed():
    # never a silent pass: a pair the check could not judge makes the tumor WARN, with why
    ident = {
        "status": "NOT_ASSESSED",
        "reason": "only 3 informative sites (minimum 50)",
        "discordance": 0.0,
        "sites": 3,
        "normal": "N1",
        "best_match": None,
    }
    res = gate.evaluate(TUMOR, {**GOOD, "identity": ident}, RULES)
    c = check(res, "identity")
    assert c["status"] == "WARN" and c["value"] is None
    assert c["not_assessed"] == "only 3 informative sites (minimum 50)"
    assert res["status"] == "WARN"
    assert res["reasons"] == ["identity not assessed: only 3 informative sites (minimum 50) (warn)"]
    # an identity.json of an older run said NA: also not assessed, not a pass
    old = {"status": "NA", "note": "no population database: no common SNP sites"}
    res = gate.evaluate(TUMOR, {**GOOD, "identity": old}, RULES)
    assert check(res, "identity")["status"] == "WARN" and res["status"] == "WARN"


def test_identity_without_a_normal_does_not_apply():
    # a tumor-only sample has no pair: the check does not apply (NA), status unchanged
    metrics = {k: v for k, v in GOOD.items() if k != "identity"}
    res = gate.evaluate(TUMOR, metrics, RULES)
    assert check(res, "identity")["status"] == "NA" and res["status"] == "PASS"


def test_identity_settings_from_the_thresholds_file(tmp_path):
    assert gate.load_identity_settings(ROOT / "config" / "qc.yaml") == {
        "min_sites": 50,
        "min_depth": 10,
        "germline_min_fraction": 0.3,
    }
    doc = yaml.safe_load((ROOT / "config" / "qc.yaml").read_text())
    doc["identity"]["min_sites"] = 0
    bad = tmp_path / "qc.yaml"
    bad.write_text(yaml.safe_dump(doc))
    with pytest.raises(ValueError, match="identity: field 'min_sites' must be an integer >= 1"):
        gate.load_rules(bad)
    doc["identity"] = {"min_site": 40}
    bad.write_text(yaml.safe_dump(doc))
    with pytest.raises(ValueError, match="identity: unknown field 'min_site'"):
        gate.load_rules(bad)
    del doc["identity"]  # a lab's own copy without the block: the defaults
    bad.write_text(yaml.safe_dump(doc))
    assert gate.load_identity_settings(bad)["min_sites"] == 50


def test_non_numeric_metric_raises():
    with pytest.raises(ValueError, match="percent_mapped"):
        gate.evaluate(TUMOR, {**GOOD, "percent_mapped": "lots"}, RULES)


# ---------------------------------------------------------------------------- load_rules
def test_shipped_config_loads_with_required_rules():
    rules = {r["id"]: r for r in gate.load_rules(ROOT / "config" / "qc.yaml")}
    expected = {
        "percent_mapped": ("all", "min", 97, 95),
        "percent_properly_paired": ("all", "min", 95, 90),
        "duplicate_rate": ("all", "max", 0.3, 0.4),
        "percent_q30": ("all", "min", 80, 70),
        "mean_depth_tumor": ("tumor", "min", 60, 40),
        "mean_depth_normal": ("normal", "min", 25, 15),
        "pct_genome_20x_tumor": ("tumor", "min", 90, 80),
        "mean_insert_size": ("all", "min", 250, 150),
        "sex_check": ("all", "match", None, None),
        "identity": ("tumor", "max", 0.02, 0.05),
    }
    assert set(rules) == set(expected)
    for rid, (applies_to, op, warn, fail) in expected.items():
        r = rules[rid]
        assert (r["applies_to"], r["op"], r["warn"], r["fail"]) == (applies_to, op, warn, fail)
        assert r["source"].strip()


@pytest.mark.parametrize(
    ("index", "change", "message"),
    [
        (2, {"op": "between"}, r"rules\[2\] \(mean_depth_tumor\): field 'op'"),
        (0, {"warn": "high"}, r"rules\[0\] \(percent_mapped\): field 'warn'"),
        (1, {"fail": True}, r"rules\[1\] \(duplicate_rate\): field 'fail'"),
        (4, {"applies_to": "blood"}, r"rules\[4\] \(mean_insert_size\): field 'applies_to'"),
        (0, {"warn": 90}, r"rules\[0\] \(percent_mapped\): field 'warn' \(90\) must be >= fail"),
        (1, {"warn": None, "fail": None}, r"rules\[1\] \(duplicate_rate\): field 'warn'"),
        (5, {"warn": 1}, r"rules\[5\] \(sex_check\): field 'warn' must be null"),
        (3, {"source": ""}, r"rules\[3\] \(mean_depth_normal\): field 'source'"),
    ],
)
def test_malformed_rule_names_index_and_field(tmp_path, index, change, message):
    rules = [dict(r) for r in RULES]
    rules[index].update(change)
    with pytest.raises(ValueError, match=message):
        gate.load_rules(write_rules(tmp_path, rules))


def test_missing_field_and_duplicate_id(tmp_path):
    rules = [dict(r) for r in RULES]
    del rules[6]["unit"]
    with pytest.raises(ValueError, match=r"rules\[6\] \(identity\): field 'unit' is missing"):
        gate.load_rules(write_rules(tmp_path, rules))
    rules = [dict(r) for r in RULES] + [dict(RULES[0])]
    with pytest.raises(ValueError, match=r"rules\[7\]: field 'id' 'percent_mapped' is not unique"):
        gate.load_rules(write_rules(tmp_path, rules))


def test_missing_top_level_keys(tmp_path):
    path = tmp_path / "qc.yaml"
    path.write_text(yaml.safe_dump({"version": "1", "rules": RULES}))
    with pytest.raises(ValueError, match="source_note"):
        gate.load_rules(path)


def test_loaded_rules_evaluate_like_the_literal_ones(tmp_path):
    rules = gate.load_rules(write_rules(tmp_path, RULES))
    metrics = {**GOOD, "percent_mapped": 91.2}
    assert gate.evaluate(TUMOR, metrics, rules) == gate.evaluate(TUMOR, metrics, RULES)


# ---------------------------------------------------------------------------- batch table
def test_write_batch_table(tmp_path):
    results = [
        gate.evaluate(TUMOR, {**GOOD, "percent_mapped": 91.2, "duplicate_rate": 0.45}, RULES),
        gate.evaluate(NORMAL, {"percent_mapped": 99.0, "mean_depth": 31.5}, RULES),
    ]
    path = tmp_path / "qc.tsv"
    gate.write_batch_table(results, path)
    with open(path) as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    header = path.read_text().splitlines()[0].split("\t")
    assert header[:4] == ["sample", "type", "status", "reasons"]
    assert header[4:] == [
        "percent_mapped", "duplicate_rate", "mean_depth", "mean_insert_size", "sex_check",
        "identity",
    ]  # fmt: skip
    tumor, normal = rows
    assert (tumor["sample"], tumor["type"], tumor["status"]) == ("T1", "tumor", "FAIL")
    assert tumor["reasons"] == "percent_mapped 91.2 < 95 (fail); duplicate_rate 0.45 > 0.4 (fail)"
    assert tumor["sex_check"] == "male" and tumor["identity"] == "0.001"
    assert (normal["status"], normal["mean_depth"], normal["mean_insert_size"]) == (
        "PASS",
        "31.5",
        "NA",
    )
    assert normal["identity"] == "NA"


# ---------------------------------------------------------------------------- end to end
def test_collect_metrics_from_real_tool_output_and_gate():
    m = gate.collect_metrics(
        samtools_stats=DATA / "toy_tumor.samtools_stats.txt",
        mosdepth_summary=DATA / "toy_tumor.by1000.mosdepth.summary.txt",
        mosdepth_dist=DATA / "toy_tumor.mosdepth.global.dist.txt",
        fastp_jsons=[DATA / "toy_tumor.fastp.json"],
        declared_sex="male",
        roles=ContigRoles(("chr1", "chr2"), "chrX", "chrY"),
    )
    assert m["percent_mapped"] == pytest.approx(98.125)
    assert m["mean_depth"] == pytest.approx(35.96)
    assert m["pct_genome_20x"] == pytest.approx(88.0)
    assert m["percent_q30"] == pytest.approx(79.2941)
    assert m["sex_check"]["declared"] == "male" and m["sex_check"]["inferred"] == "male"
    rules = gate.load_rules(ROOT / "config" / "qc.yaml")
    res = gate.evaluate(TUMOR, m, rules)
    # toy depth is far below the human-genome thresholds; Q30 79.3 is below 80
    assert res["status"] == "FAIL"
    assert "mean_depth 35.96 < 40 (fail)" in res["reasons"]
    assert "percent_q30 79.29 < 80 (warn)" in res["reasons"]
    assert "pct_genome_20x 88 < 90 (warn)" in res["reasons"]
    assert check(res, "sex_check")["status"] == "PASS"
    assert check(res, "identity")["status"] == "NA"


def test_sex_check_without_contig_roles_is_a_visible_warning():
    """Unknown roles (no autosomes or no X declared) never crash the gate and never pass
    silently: the check is WARN with 'not assessed' and the reason."""
    m = gate.collect_metrics(
        mosdepth_summary=DATA / "toy_tumor.by1000.mosdepth.summary.txt", declared_sex="male"
    )
    assert m["sex_check"]["inferred"] is None
    res = gate.evaluate(TUMOR, m, [r for r in RULES if r["id"] == "sex_check"])
    sex_check = check(res, "sex_check")
    assert (sex_check["status"], sex_check["value"]) == ("WARN", "not assessed")
    assert res["status"] == "WARN"
    assert res["reasons"][0].startswith("sex_check not assessed: the autosomes of the reference")
