"""The knowledge files: the shipped set loads with its sources and versions; a malformed rule is
rejected with the file and the rule named, and stops the batch at intake."""

import copy

import pytest
import yaml
from alwgs.interpret.knowledge import (
    load_eln,
    load_focal,
    load_germline,
    load_knowledge,
    load_tiers,
    load_who_icc,
)
from interp_fixtures import KNOWLEDGE, KNOWLEDGE_FILES, shipped_knowledge
from test_intake import intake_error, make_batch

FILES = KNOWLEDGE_FILES


def shipped_paths():
    return shipped_knowledge()


def test_shipped_set_loads_with_source_and_version():
    kb = load_knowledge(shipped_paths())
    versions = kb.versions()
    for name in FILES:
        assert versions[name]["version"] and versions[name]["source"], name
    assert kb.eln["year"] == 2022 and kb.tiers["year"] == 2017
    assert "Dohner" in kb.eln["source"] and "Li MM" in kb.tiers["source"]
    assert "Arber" in kb.who_icc["source"] and "Khoury" in kb.who_icc["source"]


def _doc(name):
    return yaml.safe_load((KNOWLEDGE / FILES[name]).read_text())


def _rule(doc, key, rid):
    return next(r for r in doc[key] if r["id"] == rid)


def _eln_unknown_key(d):
    _rule(d, "markers", "ELN-ADV-TP53")["when"] = {"mutated": "TP53", "vaf_min": 0.1}


def _eln_bad_group(d):
    _rule(d, "markers", "ELN-FAV-NPM1")["group"] = "good"


def _eln_unknown_hotspot(d):
    _rule(d, "markers", "ELN-FAV-CEBPA-BZIP")["when"]["hotspot"] = "HS-NOPE"


def _eln_modifier_unknown_marker(d):
    _rule(d, "modifiers", "ELN-EXC-T911")["if_markers"] = [{"ids": ["ELN-NOPE"]}]


def _eln_duplicate_id(d):
    d["markers"][1]["id"] = d["markers"][0]["id"]


def _eln_bad_cna(d):
    _rule(d, "markers", "ELN-ADV-7")["when"]["cna"]["extent"] = ["arm"]


def _tiers_unknown_class(d):
    _rule(d, "rules", "AMP-T1-ONCOGENIC-GUIDELINE")["when"]["consequence_class"] = ["nonsense"]


def _tiers_no_level(d):
    del _rule(d, "rules", "AMP-T1-ONCOGENIC-GUIDELINE")["level"]


def _tiers_unknown_oncogenicity(d):
    _rule(d, "rules", "AMP-T2-ONCOGENIC")["when"]["oncogenicity"] = ["pathogenic"]


def _tiers_default_last(d):
    d["rules"].append({"id": "AMP-X", "tier": "III", "description": "x", "when": {"itd": True}})


def _who_last_has_condition(d):
    d["classifications"]["AML"]["icc2022"][-1]["when"] = {"mutated": "TP53"}


def _who_bad_blasts(d):
    d["classifications"]["AML"]["who2022"][0]["min_blasts"] = 20


def _who_unreadable_abnormality(d):
    _rule(d, "derived_lesions", "WHOICC-LES-IDIC-X-Q13")["when"] = {"abnormality": "idic(X)(q13"}


def _who_bad_abnormality_count(d):
    _rule(d, "derived_lesions", "WHO-LES-COMPLEX-KARYOTYPE")["when"] = {
        "abnormality_count": {"min": 0}
    }


def _germline_bad_mechanism(d):
    d["genes"][0]["mechanism"] = "dominant"


def _germline_finding_without_classification(d):
    del _rule(d, "rules", "GL-CLINVAR-PLP")["classification"]


BAD = [
    ("eln", _eln_unknown_key, "ELN-ADV-TP53", "vaf_min"),
    ("eln", _eln_bad_group, "ELN-FAV-NPM1", "group"),
    ("eln", _eln_unknown_hotspot, "ELN-FAV-CEBPA-BZIP", "HS-NOPE"),
    ("eln", _eln_modifier_unknown_marker, "ELN-EXC-T911", "ELN-NOPE"),
    ("eln", _eln_duplicate_id, "ELN-FAV-RUNX1-RUNX1T1", "twice"),
    ("eln", _eln_bad_cna, "ELN-ADV-7", "extent"),
    ("tiers", _tiers_unknown_class, "AMP-T1-ONCOGENIC-GUIDELINE", "consequence_class"),
    ("tiers", _tiers_no_level, "AMP-T1-ONCOGENIC-GUIDELINE", "level"),
    ("tiers", _tiers_unknown_oncogenicity, "AMP-T2-ONCOGENIC", "oncogenicity"),
    ("tiers", _tiers_default_last, "AMP-X", "last rule"),
    ("who_icc", _who_last_has_condition, "ICC-AML-NOS", "no condition"),
    ("who_icc", _who_bad_blasts, "WHO-AML-PML-RARA", "min_blasts"),
    ("who_icc", _who_unreadable_abnormality, "WHOICC-LES-IDIC-X-Q13", "not an ISCN abnormality"),
    ("who_icc", _who_bad_abnormality_count, "WHO-LES-COMPLEX-KARYOTYPE", "abnormality_count.min"),
    ("germline", _germline_bad_mechanism, "genes[0]", "mechanism"),
    ("germline", _germline_finding_without_classification, "GL-CLINVAR-PLP", "classification"),
]


@pytest.mark.parametrize("name,edit,rule,needle", BAD, ids=[f"{b[0]}-{b[1].__name__}" for b in BAD])
def test_malformed_rule_names_file_and_rule(tmp_path, name, edit, rule, needle):
    doc = copy.deepcopy(_doc(name))
    edit(doc)
    paths = shipped_paths()
    paths[name] = tmp_path / FILES[name]
    paths[name].write_text(yaml.safe_dump(doc, sort_keys=False))
    with pytest.raises(ValueError) as err:
        load_knowledge(paths)
    message = str(err.value)
    assert str(paths[name]) in message and rule in message and needle in message


@pytest.mark.parametrize("loader", [load_tiers, load_eln, load_who_icc, load_germline])
def test_missing_source_is_rejected(tmp_path, loader):
    name = {
        load_tiers: "tiers",
        load_eln: "eln",
        load_who_icc: "who_icc",
        load_germline: "germline",
    }[loader]
    doc = _doc(name)
    del doc["source"]
    path = tmp_path / "k.yaml"
    path.write_text(yaml.safe_dump(doc))
    with pytest.raises(ValueError, match="'source'"):
        loader(path)


def test_focal_genes_reject_an_unknown_disease(tmp_path):
    path = tmp_path / "f.tsv"
    path.write_text(
        "# version: 1\n# source: x\ngene\tlesion\tdiseases\tsource\nIKZF1\tIKZF1_del\tCLL\tx\n"
    )
    with pytest.raises(ValueError, match="line 4, column 'diseases'"):
        load_focal(path)


@pytest.mark.bad_input
def test_a_malformed_rule_stops_the_batch_at_intake(tmp_path):
    config = make_batch(tmp_path)
    path = tmp_path / "config/knowledge/eln2022.yaml"
    doc = yaml.safe_load(path.read_text())
    _eln_bad_group(doc)
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    err = intake_error(tmp_path, config)
    assert err.file == "config/knowledge/eln2022.yaml"
    assert "ELN-FAV-NPM1" in str(err) and "group" in str(err)


@pytest.mark.bad_input
def test_a_reference_between_files_is_checked_at_intake(tmp_path):
    config = make_batch(tmp_path)
    path = tmp_path / "config/knowledge/hotspots.tsv"
    path.write_text(path.read_text().replace("HS-CEBPA-BZIP", "HS-CEBPA-B"))
    err = intake_error(tmp_path, config)
    assert err.field == "interpretation" and "HS-CEBPA-BZIP" in str(err)
