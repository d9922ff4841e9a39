"""Batch deliverables: the delivery plan (layout, exactly the listed files), md5
checksums that `md5sum -c` accepts, and the batch summary rows."""

import shutil
import subprocess

import pytest
from alwgs.report.batch import (
    DELIVERY_LAYOUT,
    checksum_lines,
    delivery_plan,
    summary_rows,
    write_summary,
)
from alwgs.report.context import build_context
from report_fixtures import META, SETTINGS, interpretation, write_batch

ROOT = "results/delivery/b1"


def test_delivery_plan_layout():
    plan = delivery_plan(["P1-T", "P2-T"], ["P1-N"], ROOT)
    dests = [d for _, d in plan]
    assert len(dests) == len(set(dests))
    assert all(d.startswith(ROOT + "/") for d in dests)
    assert f"{ROOT}/reports/P1-T.html" in dests and f"{ROOT}/reports/P2-T.igv.html" in dests
    assert f"{ROOT}/variants/P1-N.germline.vcf.gz" in dests
    assert f"{ROOT}/variants/P1-T.germline.vcf.gz" not in dests
    assert f"{ROOT}/coverage/P1-N.genes.tsv" in dests
    assert f"{ROOT}/batch_summary.tsv" in dests and f"{ROOT}/qc/multiqc_report.html" in dests
    per_tumor = sum(
        1 for entries in DELIVERY_LAYOUT.values() for _, w in entries if w in ("tumor", "all")
    )
    per_normal = sum(
        1 for entries in DELIVERY_LAYOUT.values() for _, w in entries if w in ("normal", "all")
    )
    per_batch = sum(1 for entries in DELIVERY_LAYOUT.values() for _, w in entries if w == "batch")
    assert len(plan) == 2 * per_tumor + per_normal + per_batch
    assert ("results/report/P1-T.pdf", f"{ROOT}/reports/P1-T.pdf") in plan


def test_checksums(tmp_path):
    files = []
    for i, (_, dest) in enumerate(delivery_plan(["T"], [], ROOT)[:3]):
        (tmp_path / dest).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / dest).write_text(f"content {i}\n")
        files.append(tmp_path / dest)
    lines = checksum_lines(tmp_path / ROOT, files)
    assert all("  " in line and not line.split("  ")[1].startswith("/") for line in lines)
    (tmp_path / ROOT / "md5sums.txt").write_text("\n".join(lines) + "\n")
    if shutil.which("md5sum"):
        ok = subprocess.run(
            ["md5sum", "-c", "md5sums.txt"], cwd=tmp_path / ROOT, capture_output=True
        )
        assert ok.returncode == 0, ok.stdout
        files[0].write_text("changed\n")
        bad = subprocess.run(
            ["md5sum", "-c", "md5sums.txt"], cwd=tmp_path / ROOT, capture_output=True
        )
        assert bad.returncode != 0


@pytest.fixture
def report(tmp_path):
    return build_context(write_batch(tmp_path), SETTINGS, META)


def test_summary_rows(report, tmp_path):
    samples = [
        {"sample": "S1-T", "patient": "S1", "type": "tumor", "diagnosis": "AML"},
        {"sample": "S1-N", "patient": "S1", "type": "normal", "diagnosis": "AML"},
        {"sample": "S2-T", "patient": "S2", "type": "tumor", "diagnosis": "B-ALL"},
    ]
    qc = {
        "S1-T": {"status": "PASS", "reasons": []},
        "S1-N": {"status": "WARN", "reasons": ["a", "b"]},
    }
    coverage = {
        "S1-T": [
            {"gene": "A", "status": "INSUFFICIENT"},
            {"gene": "B", "status": "NOT_ASSESSED"},
            {"gene": "C", "status": "PASS"},
        ]
    }
    rows = {r["sample"]: r for r in summary_rows(samples, qc, {"S1-T": report}, coverage)}
    t = rows["S1-T"]
    assert (t["qc_status"], t["eln2022_group"], t["eln2022_rule"]) == (
        "PASS",
        "adverse",
        "ELN-ADV-7",
    )
    assert t["key_lesions"].startswith("NPM1 p.(Trp288CysfsTer12) (tier I); FLT3-ITD (tier I)")
    assert (t["coverage_insufficient_genes"], t["coverage_not_assessed_genes"]) == ("A", "B")
    assert t["germline"] == "none" and t["report"] == "reports/S1-T.html"
    n = rows["S1-N"]
    assert (n["qc_status"], n["qc_reasons"], n["report_status"]) == (
        "WARN",
        "a; b",
        "matched normal of S1-T",
    )
    assert n["coverage_insufficient_genes"] == "not assessed" and n["eln2022_group"] == ""
    missing = rows["S2-T"]
    assert (missing["qc_status"], missing["report_status"]) == ("not assessed", "report missing")
    write_summary(list(rows.values()), tmp_path / "s.tsv")
    lines = (tmp_path / "s.tsv").read_text().splitlines()
    assert len(lines) == 4 and all(
        len(line.split("\t")) == len(lines[0].split("\t")) for line in lines
    )


def test_summary_tumor_only_germline_column(tmp_path):
    interp = interpretation(mode="tumor_only", matched_normal=None)
    interp["germline_confirmation"] = [{"gene": "TP53", "evidence": [{}]}]
    ctx = build_context(write_batch(tmp_path, interp), SETTINGS, META)
    samples = [{"sample": "S1-T", "patient": "S1", "type": "tumor", "diagnosis": "AML"}]
    row = summary_rows(samples, {}, {"S1-T": ctx}, {})[0]
    assert row["germline"] == "confirm: TP53"
