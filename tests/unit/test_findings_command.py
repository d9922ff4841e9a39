"""./alwgs interpret --findings FILE --out DIR end to end: the interpretation JSON and the report
(HTML, PDF, JSON) of each case, written through the workflow's report code; earlier results
are kept; a bad file stops with file, line and field before anything is written."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CASES = """\
- alwgs_findings: 1
  case: CMD-1
  source: command test (ELN 2022 Table 6, adverse -7)
  sample: {diagnosis: AML, blasts: 0.4, sex: male, qc: PASS}
  assessed: {structural_variants: false, genes_not_covered: [CEBPA]}
  variants:
    - {gene: NPM1, hgvsp: p.W288Cfs*12, vaf: 0.4}
  karyotype: "45,XY,-7[20]"
- alwgs_findings: 1
  case: CMD-2
  sample: {diagnosis: AML, blasts: 0.3, sex: female}
  fusions:
    - {five_prime: RUNX1, three_prime: RUNX1T1}
"""


def alwgs(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PATH=f"{REPO / '.venv' / 'bin'}:{os.environ.get('PATH', '')}")
    return subprocess.run(
        [str(REPO / "alwgs"), "interpret", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("interpret")
    (folder / "cases.yaml").write_text(CASES)
    # relative paths are read from where the command is typed
    done = alwgs("--findings", "cases.yaml", "--out", "out", cwd=folder)
    return folder, done


def test_writes_the_interpretation_and_the_report_of_each_case(run):
    folder, done = run
    assert done.returncode == 0, done.stderr
    out = folder / "out"
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(
        f"CMD-{n}.{kind}"
        for n in (1, 2)
        for kind in ("interpretation.json", "html", "pdf", "report.json")
    )
    assert (out / "CMD-1.pdf").read_bytes()[:5] == b"%PDF-"
    assert "CMD-1: ELN 2022 adverse" in done.stdout
    assert "CMD-2: ELN 2022 favorable" in done.stdout


def test_html_shows_the_eln_group_and_what_was_not_assessed(run):
    folder, _ = run
    html = (folder / "out" / "CMD-1.html").read_text()
    assert '<div class="eln-group">Adverse</div>' in html
    assert "not assessed: findings given externally (no reads)" in html
    assert "Not assessed:</strong> structural variants and fusions of CMD-1" in html
    assert "Karyotype (given in the findings file)" in html
    assert "CEBPA" in html  # genes_not_covered in the coverage section
    report = json.loads((folder / "out" / "CMD-1.report.json").read_text())
    sha = hashlib.sha256((folder / "cases.yaml").read_bytes()).hexdigest()
    assert report["origin"]["sha256"] == sha
    assert sha in " ".join(report["methods"]["steps"])
    knowledge = {k["name"] for k in report["methods"]["knowledge"]}
    assert {"ELN 2022 genetic risk", "karyotype rearrangements", "cytobands (GRCh38)"} <= knowledge
    assert report["coverage"]["blocks"][0]["not_assessable"] == ["CEBPA"]
    interp = json.loads((folder / "out" / "CMD-1.interpretation.json").read_text())
    assert interp["eln2022"]["group"] == "adverse" and interp["findings"]["case"] == "CMD-1"


def test_earlier_results_are_kept(run):
    folder, _ = run
    before = (folder / "out" / "CMD-2.html").read_bytes()
    again = alwgs("--findings", "cases.yaml", "--out", "out", "--no-pdf", cwd=folder)
    assert again.returncode == 1
    assert "exists: earlier results are not overwritten (--force)" in again.stderr
    assert (folder / "out" / "CMD-2.html").read_bytes() == before
    forced = alwgs("--findings", "cases.yaml", "--out", "out", "--no-pdf", "--force", cwd=folder)
    assert forced.returncode == 0, forced.stderr


def test_a_bad_file_stops_before_anything_is_written(tmp_path):
    bad = CASES.replace("p.W288Cfs*12", "W288Cfs")
    (tmp_path / "bad.yaml").write_text(bad)
    done = alwgs("--findings", "bad.yaml", "--out", "out", cwd=tmp_path)
    assert done.returncode == 1
    assert "alwgs input error: bad.yaml line 7, field 'variants[0].hgvsp'" in done.stderr
    assert not (tmp_path / "out").exists()
