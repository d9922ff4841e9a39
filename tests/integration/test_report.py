"""The clinical reports and batch deliverables of the ci batch (issue 7), checked as a reader
sees them: every report rendered in headless Chromium with its ELN group and planted lesions
visible, every PDF turned into pages and text, the read-review pages opened with the network
blocked, the delivery folder verified with md5sum -c. A QC FAIL sample and a sample without a
reportable lesion are rendered from modified copies of real outputs.

The checks live in report_checks.py so they run on any finished batch directory."""

import copy
import json
from pathlib import Path

import pytest
import yaml
from report_checks import (
    check_batch_summary,
    check_delivery,
    check_igv_page,
    check_report_html,
    check_report_json,
    check_report_pdf,
    load_truths,
    render_variant,
    report_inputs,
)
from snakemake_runs import run_snakemake

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def reported(repo_root: Path, ci_batch: Path, ci_config: Path) -> Path:
    """The ci batch brought up to date: a batch finished before the report stage existed gets
    its reports, delivery and a new status file (their inputs are then newer)."""
    # Snakemake leaves an existing status file alone when only inputs it never had are
    # missing: force it, which makes every missing report and deliverable.
    run = run_snakemake(
        repo_root, ci_config, "results/batch_status.json", "--forcerun", "batch_status"
    )
    assert run.returncode == 0, run.stderr[-5000:]
    return ci_batch


@pytest.fixture(scope="module")
def truths(ci_data: Path) -> dict:
    return load_truths(ci_data / "truth")


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("report_screens")


@pytest.fixture(scope="module")
def settings(repo_root: Path, ci_data: Path) -> dict:
    """The report settings the ci batch ran with: config/config.yaml's, then the demo's own."""
    report = yaml.safe_load((repo_root / "config" / "config.yaml").read_text())["report"]
    demo = yaml.safe_load((ci_data / "batch.yaml").read_text()).get("report") or {}
    return {**report, **demo}


def test_every_report_shows_the_eln_group_and_each_planted_lesion(reported, truths, shots):
    for sample, truth in truths.items():
        check_report_html(reported, sample, truth, shots)
        check_report_json(reported, sample, truth)


def test_every_pdf_has_a4_pages_with_the_same_content(reported, truths, shots):
    for sample, truth in truths.items():
        assert check_report_pdf(reported, sample, truth, shots) >= 2


def test_read_review_pages_work_offline(reported, truths, shots):
    for sample in truths:
        check_igv_page(reported, sample, shots)


def test_batch_summary_delivery_and_status(reported, truths):
    check_batch_summary(reported, truths)
    delivered = check_delivery(reported)
    for sample in truths:
        for kind in ("html", "pdf", "report.json", "igv.html"):
            assert f"reports/{sample}.{kind}" in delivered


def p01(reported, repo_root, ci_data):
    cache = ci_data / "reference" / "genome.fa.alwgs_cache"
    return report_inputs(reported, "P01-T", "P01-N", repo_root, cache)


def test_qc_fail_report_says_so_at_the_top(reported, repo_root, ci_data, shots, tmp_path, settings):
    inputs = p01(reported, repo_root, ci_data)
    gate = json.loads(Path(inputs.qc_tumor).read_text())
    gate["status"] = "FAIL"
    gate["reasons"] = ["mean_depth 31.2 < 40 (fail)"]
    for check in gate["checks"]:
        if check["metric"] == "mean_depth":
            check.update(value=31.2, status="FAIL")
    inputs.qc_tumor = str(tmp_path / "P01-T.fail.qc.json")
    Path(inputs.qc_tumor).write_text(json.dumps(gate))
    text, pdf = render_variant(inputs, shots, "P01-T-qcfail", settings)
    banner = text.find("QC FAIL for P01-T: Mean depth 31.2 < 40 (fail)")
    assert 0 <= banner < text.find("1. Sample and analysis"), text[:600]
    assert "Report provisional (QC FAIL)" in text
    assert "QC FAIL for P01-T" in pdf and "provisional" in pdf


def test_report_without_reportable_lesion(reported, repo_root, ci_data, shots, tmp_path, settings):
    inputs = p01(reported, repo_root, ci_data)
    interp = json.loads(Path(inputs.interpretation).read_text())
    empty = copy.deepcopy(interp)
    empty["lesions"] = []
    empty["variants"] = [v for v in interp["variants"] if v["tier"] in ("III", "IV")]
    empty["eln2022"].update(group="intermediate", rule_id="ELN-INT-OTHER", decided_by=[])
    empty["who2022"].update(entity=None, lesions=[])
    empty["icc2022"].update(entity=None, lesions=[])
    inputs.interpretation = str(tmp_path / "P01-T.empty.json")
    Path(inputs.interpretation).write_text(json.dumps(empty))
    itd = tmp_path / "empty.itd.tsv"
    itd.write_text(Path(inputs.itd).read_text().splitlines()[0] + "\n")
    inputs.itd = str(itd)
    text, pdf = render_variant(inputs, shots, "P01-T-empty", settings)
    assert "No reportable lesion was found" in text and "No reportable lesion was found" in pdf
    assert "No tier I variant." in text and "No tier II variant." in text
    assert "FLT3-ITD: not detected" in text
    assert "NPM1 p.(Trp288CysfsTer12)" not in text
