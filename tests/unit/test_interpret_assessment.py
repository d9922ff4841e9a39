"""What was assessed (model.Assessment) read from the workflow's files, and the interpretation
of a sample whose inputs were not all assessed: a QC FAIL sample, a gene without coverage, SV
callers and copy number that could not run. Not assessable is an answer, never a default."""

import json

import pytest
from alwgs.interpret.assessment import from_workflow
from alwgs.interpret.chain import interpret
from alwgs.interpret.knowledge import load_knowledge
from alwgs.interpret.model import SampleInfo
from alwgs.not_assessed import NotAssessed
from interp_fixtures import shipped_knowledge
from test_interpret_lesions import rec, write_sample


@pytest.fixture(scope="module")
def kb():
    return load_knowledge(shipped_knowledge())


COVERAGE = ["sample", "gene", "status"]


def coverage(folder, rows):
    path = folder / "T.genes.tsv"
    path.write_text("\t".join(COVERAGE) + "\n" + "".join(f"T\t{g}\t{s}\n" for g, s in rows))
    return str(path)


def run(folder, kb, info, coverage_tsv=None):
    return interpret(
        info,
        kb,
        str(folder / "T.somatic.vcf.gz"),
        str(folder / "T.fusions.tsv"),
        str(folder / "T.events.tsv"),
        str(folder / "T.karyotype.json"),
        str(folder / "T.qc.json"),
        None,
        coverage_tsv=coverage_tsv,
    )


def prepend(path, lines):
    path.write_text("".join(f"{line}\n" for line in lines) + path.read_text())


def test_from_workflow_reads_every_source(tmp_path):
    write_sample(tmp_path, "T", [], [], [], {"not_assessable": [{"region": "21p", "reason": "r"}]})
    prepend(tmp_path / "T.fusions.tsv", [NotAssessed("sv", "all", "T", "no caller ran").line()])
    prepend(tmp_path / "T.events.tsv", [NotAssessed("cnv", "cnvkit", "T", "too thin").line()])
    cov = coverage(tmp_path, [("TP53", "INSUFFICIENT"), ("UBTF", "NOT_ASSESSED"), ("NPM1", "PASS")])
    a = from_workflow(
        {"status": "WARN", "reasons": ["x"]},
        str(tmp_path / "T.fusions.tsv"),
        str(tmp_path / "T.events.tsv"),
        json.loads((tmp_path / "T.karyotype.json").read_text()),
        cov,
    )
    assert a.qc_status == "WARN" and not a.failed
    assert [e["analysis"] for e in a.not_assessed] == [
        "structural_variants",
        "copy_number",
        "copy_number",
    ]
    assert a.whole("structural_variants") and a.whole("copy_number")
    assert a.region("21", ["p"]) and a.region("22", ["p"]) is None
    assert a.genes_not_covered == ["TP53", "UBTF"]
    assert a.gene("UBTF") == "not in the reference annotation" and a.gene("NPM1") is None


def test_qc_fail_sample_reads_not_assessable_never_a_default(tmp_path, kb):
    """The issue's case: QC FAIL at ~7x with every panel gene insufficient got ELN intermediate
    and WHO 'AML, defined by differentiation'."""
    write_sample(tmp_path, "T", [], [], [], {"karyotype": "46,XY", "chromosome_count": 46})
    (tmp_path / "T.qc.json").write_text(
        json.dumps({"status": "FAIL", "reasons": ["mean depth 7.1x below 30x (fail)"]})
    )
    cov = coverage(tmp_path, [("TP53", "INSUFFICIENT"), ("NPM1", "INSUFFICIENT")])
    result = run(tmp_path, kb, SampleInfo("T", "P", "AML", "male", 0.5, None), cov)
    for key in ("eln2022", "eln2024"):
        assert result[key]["group"] == "not_assessable", key
        assert any("QC FAIL" in w for w in result[key]["missing_inputs"])
    assert result["who2022"]["entity"] == result["icc2022"]["entity"] == "not_assessable"
    assert result["assessment"]["qc_status"] == "FAIL"
    assert result["assessment"]["genes_not_covered"] == ["NPM1", "TP53"]


def test_tp53_found_decides_adverse_while_sv_was_not_assessed(tmp_path, kb):
    somatic = [rec(1000, "TP53", "stop_gained", 0.46)]
    write_sample(tmp_path, "T", somatic, [], [], {"karyotype": "46,XX", "chromosome_count": 46})
    prepend(tmp_path / "T.fusions.tsv", [NotAssessed("sv", "all", "T", "delly: no pairs").line()])
    result = run(tmp_path, kb, SampleInfo("T", "P", "AML", "female", 0.5, None))
    assert result["eln2022"]["group"] == "adverse"
    assert result["eln2024"]["group"] == "adverse"
    assert any("structural variants not assessed" in w for w in result["eln2022"]["missing_inputs"])
    # ICC: AML with mutated TP53 ranks below the recurrent fusions, which could not be excluded
    assert result["icc2022"]["entity"] == "not_assessable"
    assert "AML with mutated TP53" in result["icc2022"]["possible_entities"]


def test_nothing_found_with_everything_assessed_keeps_the_default(tmp_path, kb):
    write_sample(tmp_path, "T", [], [], [], {"karyotype": "46,XX", "chromosome_count": 46})
    cov = coverage(tmp_path, [("TP53", "PASS")])
    result = run(tmp_path, kb, SampleInfo("T", "P", "AML", "female", 0.5, None), cov)
    assert (result["eln2022"]["group"], result["eln2022"]["rule_id"]) == (
        "intermediate",
        "ELN-INT-OTHER",
    )
    assert result["icc2022"]["entity"] == "AML, not otherwise specified"
    assert result["eln2024"]["group"] == "favorable"
