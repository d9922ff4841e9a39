"""The validation cohort's hardest detections, kept in CI (issue 18; docs/COHORT.md).

The `cohort-ci` scale writes three of the cohort's patients with the cohort's genome and the
very reads the full cohort has for them (sim/scales.py):
  B03  masked (doubled) hypodiploid: 54 chromosomes that look hyperdiploid; only the
       whole-chromosome LOH of 19 chromosomes shows the near-haploid origin;
  B20  IGH::DUX4: DUX4 inserted from a D4Z4-like tandem array whose reads map at MAPQ 0, found
       by the targeted read-pair count, not by a resolved junction;
  B27  P2RY8::CRLF2 from a PAR1 deletion on a male's Y (chrY's PAR1 is N in the reference).
The batch runs to the interpretation JSONs and is scored by the accuracy harness
(alwgs.accuracy.entities), the same scoring as the cohort's table: each defining lesion and the
WHO/ICC entity must be found. The truth is read here, by the harness only.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from alwgs.accuracy.entities import score_batch

DATA = "demo/data/cohort-ci"
BATCH = "batches/test-cohort-ci"


@pytest.fixture(scope="module")
def hard_batch(repo_root: Path) -> Path:
    env = dict(os.environ, PYTHONPATH=str(repo_root / "scripts"))
    subprocess.run(
        [sys.executable, "-m", "alwgs.sim", "--scale", "cohort-ci", "--out", DATA],
        cwd=repo_root,
        env=env,
        check=True,
        capture_output=True,
    )
    config = yaml.safe_load((repo_root / DATA / "batch.yaml").read_text())
    config["batch_dir"] = BATCH
    cfg_path = repo_root / "batches" / "test-cohort-ci.yaml"
    cfg_path.parent.mkdir(exist_ok=True)
    cfg_path.write_text(yaml.safe_dump(config))
    samples = (repo_root / DATA / "samples.tsv").read_text().splitlines()[1:]
    targets = [
        f"results/interpretation/{row.split(chr(9))[0]}.json"
        for row in samples
        if row.split("\t")[2] == "tumor"
    ]
    run = subprocess.run(
        [str(repo_root / "alwgs"), "run", "--config", str(cfg_path), "--cores", "2", "--update"]
        + ["--", *targets],
        cwd=repo_root,
        capture_output=True,
        text=True,
        env=dict(os.environ),
    )
    batch = repo_root / BATCH
    missing = [t for t in targets if not (batch / t).exists()]
    assert not missing, (missing, run.stdout[-3000:], run.stderr[-5000:])
    return batch


@pytest.fixture(scope="module")
def scored(repo_root: Path, hard_batch: Path) -> dict:
    data = repo_root / DATA
    patients = score_batch(hard_batch, data / "truth", data / "samples.tsv")
    return {p.sample: p for p in patients}


def test_the_hard_patients_are_the_cohort_ones(repo_root: Path, hard_batch: Path):
    """cohort-ci holds exactly B03, B20 and B27, each with its truth (a scale edit that drops
    one would otherwise pass silently)."""
    rows = (repo_root / DATA / "samples.tsv").read_text().splitlines()[1:]
    tumors = sorted(r.split("\t")[0] for r in rows if r.split("\t")[2] == "tumor")
    assert tumors == ["B03-T", "B20-T", "B27-T"]


@pytest.mark.parametrize("sample", ["B03-T", "B20-T", "B27-T"])
def test_every_defining_lesion_and_entity_is_found(scored: dict, sample: str):
    p = scored[sample]
    assert not p.not_run, p.not_run
    missed = [
        f"{u.unit}: expected {u.expected}, got {u.reported!r} ({u.reason})"
        for u in p.units
        if not u.found
    ]
    assert not missed, f"{sample} ({p.entity}): " + "; ".join(missed)
    units = {u.unit for u in p.units}
    assert {"who2022", "icc2022"} <= units


def test_igh_dux4_rests_on_the_targeted_count_and_says_so(hard_batch: Path):
    """IGH::DUX4 is not a resolved junction: its evidence is the targeted read-pair count, and
    the interpretation says which partner region was counted."""
    doc = json.loads((hard_batch / "results/interpretation/B20-T.json").read_text())
    text = json.dumps(doc)
    assert "IGH::DUX4" in {les["id"] for les in doc["lesions"]}
    assert "targeted read count" in text
