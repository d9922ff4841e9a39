"""Session fixtures shared by all tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
CI_DATA = Path("demo/data/ci")  # relative to the repo root, as in the batch configs


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def ci_data(repo_root: Path) -> Path:
    """<repo>/demo/data/ci: the ci-scale demo batch. The generator skips the work when the
    folder already holds a batch of the same code, scale and seed (GENERATOR.sha256), so every
    test (and the workflow integration tests) reuses the same data."""
    env = dict(os.environ, PYTHONPATH=str(repo_root / "scripts"))
    subprocess.run(
        [sys.executable, "-m", "alwgs.sim", "--scale", "ci", "--out", str(CI_DATA)],
        cwd=repo_root,
        env=env,
        check=True,
    )
    return repo_root / CI_DATA


@pytest.fixture(scope="session")
def tiny_data(repo_root: Path) -> Path:
    """<repo>/demo/data/tiny: the ci genome and events at 4x/2x depth (~60 MB), for tests that
    run the workflow on bad input or under faults and need speed more than depth."""
    env = dict(os.environ, PYTHONPATH=str(repo_root / "scripts"))
    subprocess.run(
        [sys.executable, "-m", "alwgs.sim", "--scale", "tiny", "--out", "demo/data/tiny"],
        cwd=repo_root,
        env=env,
        check=True,
        capture_output=True,
    )
    return repo_root / "demo/data/tiny"
