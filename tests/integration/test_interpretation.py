"""Annotation and interpretation of the ci batch: the demo truth clinical reading (ELN 2022
group, defining lesions, germline findings, karyotype) reproduced exactly, as the accuracy
harness scores it (issue 6)."""

import csv
import json
from pathlib import Path

import pytest
from snakemake_runs import run_snakemake

pytestmark = pytest.mark.integration


def tumors(ci_data: Path) -> list[str]:
    with open(ci_data / "samples.tsv") as fh:
        return [r["sample"] for r in csv.DictReader(fh, delimiter="\t") if r["type"] == "tumor"]


@pytest.fixture(scope="session")
def interpreted(repo_root: Path, ci_batch: Path, ci_config: Path, ci_data: Path) -> Path:
    """Interpretation JSONs of every tumor, then the accuracy table scored again with them."""
    targets = [f"results/interpretation/{s}.json" for s in tumors(ci_data)]
    run = run_snakemake(
        repo_root, ci_config, *targets, "results/accuracy/accuracy.tsv", "--forcerun", "accuracy"
    )
    assert run.returncode == 0, run.stderr[-5000:]
    return ci_batch


def test_classification_reproduces_the_truth_exactly(interpreted):
    with open(interpreted / "results/accuracy/accuracy.tsv") as fh:
        rows = [r for r in csv.DictReader(fh, delimiter="\t") if r["class"] == "classification"]
    assert len(rows) == 6
    for r in rows:
        assert (r["fp"], r["fn"], r["recall"]) == ("0", "0", "1.0000"), r
    with open(interpreted / "results/accuracy/accuracy.details.tsv") as fh:
        bad = [
            d
            for d in csv.DictReader(fh, delimiter="\t")
            if d["class"] == "classification" and d["status"] != "TP"
        ]
    assert not bad, bad


def test_lesions_carry_evidence_rule_and_guideline(interpreted, ci_data):
    for sample in tumors(ci_data):
        result = json.loads((interpreted / f"results/interpretation/{sample}.json").read_text())
        assert result["knowledge"]["eln"]["version"]
        assert result["annotation_sources"]["clinvar"]["used"] == "yes"
        for lesion in result["lesions"]:
            assert lesion["evidence"] and lesion["rule_id"] and lesion["guideline"], lesion
            assert lesion["tier"] in ("I", "II") and lesion["year"], lesion
        if result["eln2022"]["group"] in ("favorable", "adverse"):
            assert result["eln2022"]["decided_by"], sample


def test_npm1_hgvs_on_the_preferred_transcript(interpreted):
    result = json.loads((interpreted / "results/interpretation/P01-T.json").read_text())
    npm1 = next(le for le in result["lesions"] if le["id"] == "NPM1_mut")
    assert npm1["evidence"][0]["hgvsc"] == "c.860_863dup"
    assert npm1["evidence"][0]["hgvsp"] == "p.(Trp288CysfsTer12)"
