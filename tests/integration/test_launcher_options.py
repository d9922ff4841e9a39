"""`./alwgs run` options and the batch config file, checked before anything runs: an option
without its value, cores that are not a whole number, a mistyped profile, a config that is
not YAML or not a mapping. Each stops with one line and exit 2 (options) or 1 (config); none
reaches Snakemake or prints a traceback."""

import os
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.bad_input


def alwgs(repo_root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(repo_root / "alwgs"), *args],
        cwd=repo_root,
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=120,
    )


@pytest.fixture
def config(tmp_path: Path) -> Path:
    """A config file that exists (options are checked before it is read)."""
    path = tmp_path / "batch.yaml"
    path.write_text("batch_dir: out\n")
    return path


@pytest.mark.parametrize(
    ("args", "message"),
    [
        # The case: "$2: unbound variable".
        (["--cores"], "alwgs run: --cores needs a value"),
        (["--cores", "--force"], "alwgs run: --cores needs a value"),
        (["--cores", "two"], "alwgs run: --cores must be a whole number of at least 1, got 'two'"),
        (["--cores", "0"], "alwgs run: --cores must be a whole number of at least 1, got '0'"),
        (["--cores", "2.5"], "alwgs run: --cores must be a whole number of at least 1, got '2.5'"),
        # The case: ran silently without any profile.
        (
            ["--profile", "lcoal"],
            "alwgs run: --profile 'lcoal' is not a profile (profiles: local, slurm; in"
            " config/profiles)",
        ),
        (
            ["--profile", "../profiles/local"],
            "alwgs run: --profile '../profiles/local' is not a profile (profiles: local, slurm;"
            " in config/profiles)",
        ),
        (["--profile"], "alwgs run: --profile needs a value"),
    ],
)
def test_bad_run_option(repo_root, config, args, message):
    result = alwgs(repo_root, "run", "--config", str(config), *args)
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip() == message
    assert result.stdout == ""


def test_config_without_a_value(repo_root):
    result = alwgs(repo_root, "run", "--config")
    assert (result.returncode, result.stderr.strip()) == (2, "alwgs run: --config needs a value")


def test_demo_cores_without_a_value(repo_root):
    result = alwgs(repo_root, "demo", "--cores")
    assert (result.returncode, result.stderr.strip()) == (2, "alwgs demo: --cores needs a value")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("batch_dir: out\nsamples: [a, b\n", " line 3: invalid YAML: expected ',' or ']'"),
        ("batch_dir: out\n  samples: x\n", " line 2: invalid YAML: mapping values are not"),
        ("- batch_dir\n- out\n", ": must be a YAML mapping of config keys"),
        ("just text\n", ": must be a YAML mapping of config keys"),
    ],
    ids=["unclosed-list", "bad-indent", "a-list", "a-string"],
)
def test_config_that_is_not_a_yaml_mapping(repo_root, tmp_path, text, message):
    """The issue's case: an invalid or non-mapping YAML config gave a Python traceback."""
    path = tmp_path / "batch.yaml"
    path.write_text(text)
    result = alwgs(repo_root, "run", "--config", str(path))
    assert result.returncode == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"alwgs input error: {path}{message}"), lines
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()
