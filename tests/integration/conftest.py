"""Fixtures of the workflow integration tests: one ci-scale batch run shared by the session."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

TEST_BATCH = "batches/test-ci"


def run_alwgs(repo_root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(repo_root / "alwgs"), *args],
        cwd=repo_root,
        capture_output=True,
        text=True,
        check=check,
        env=dict(os.environ),
    )


@pytest.fixture(scope="session")
def ci_batch(repo_root: Path, ci_data: Path) -> Path:
    """The ci demo batch run through the whole workflow once (reused if already finished)."""
    config = yaml.safe_load((ci_data / "batch.yaml").read_text())
    config["batch_dir"] = TEST_BATCH
    cfg_path = repo_root / "batches" / "test-ci.yaml"
    cfg_path.parent.mkdir(exist_ok=True)
    cfg_path.write_text(yaml.safe_dump(config))
    batch = repo_root / TEST_BATCH
    # A batch run on data of another generator version is stale: start it afresh.
    stamp = (ci_data / "GENERATOR.sha256").read_text()
    ran_on = batch / "GENERATOR.sha256"
    if batch.exists() and (not ran_on.exists() or ran_on.read_text() != stamp):
        shutil.rmtree(batch)
    batch.mkdir(parents=True, exist_ok=True)
    ran_on.write_text(stamp)
    # --update: a batch kept from an earlier session is brought up to date with this code's
    # params (a finished batch is otherwise only reported out of date).
    run = run_alwgs(
        repo_root, "run", "--config", str(cfg_path), "--cores", "2", "--update", check=False
    )
    assert (batch / "results" / "batch_status.json").exists(), (
        run.stdout[-3000:] + run.stderr[-5000:]
    )
    return batch


@pytest.fixture(scope="session")
def ci_config(repo_root: Path, ci_batch: Path) -> Path:
    return repo_root / "batches" / "test-ci.yaml"
