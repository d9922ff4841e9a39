"""Snakemake started on a batch directly, for fixtures that need targets or --forcerun."""

import os
import subprocess
from pathlib import Path


def run_snakemake(repo_root: Path, config: Path, *args: str) -> subprocess.CompletedProcess:
    """Snakemake on a batch as ./alwgs run starts it (local profile, its rerun triggers, 2 cores),
    for fixtures that bring a finished batch up to date with targets ./alwgs run has no flag
    for. Put targets before --forcerun: it takes every word that follows it."""
    cmd = [
        str(repo_root / ".venv/bin/snakemake"),
        "--snakefile",
        str(repo_root / "Snakefile"),
        "--configfile",
        str(config),
        "--cores",
        "2",
        "--rerun-triggers",
        "mtime",
        "params",
        "input",
        "--workflow-profile",
        str(repo_root / "config/profiles/local"),
        *args,
    ]
    env = dict(os.environ, PATH=f"{repo_root / '.venv/bin'}:{os.environ.get('PATH', '')}")
    return subprocess.run(cmd, cwd=repo_root, capture_output=True, text=True, env=env)
