"""Tool options of the config (small_variants.freebayes): an allow-list of options and value
types, checked at intake before any job, so no free text reaches a shell."""

import os
import subprocess
import sys

import pytest
import yaml
from alwgs.intake import load_batch
from alwgs.intake.tool_options import (
    FREEBAYES_OPTIONS,
    FREEBAYES_SHORT,
    check_tool_options,
    freebayes_args,
)
from alwgs.sim import demo_settings
from test_intake import REPO, intake_error, make_batch, where

SHIPPED = yaml.safe_load((REPO / "config/config.yaml").read_text(encoding="utf-8"))


def with_freebayes(config: dict, options: str) -> dict:
    config["small_variants"]["freebayes"] = options
    return config


def test_command_substitution_is_rejected_at_intake(tmp_path):
    marker = tmp_path / "injected"
    config = with_freebayes(make_batch(tmp_path), f"--pooled-continuous $(touch {marker})")
    err = intake_error(tmp_path, config)
    assert where(err) == ("config", None, "small_variants.freebayes")
    assert "rejected '$(touch'" in err.message
    assert not marker.exists()


def test_cli_rejects_the_injection_before_anything_is_created(tmp_path):
    """./alwgs run checks the batch file with python -m alwgs.intake first."""
    marker = tmp_path / "injected"
    config = with_freebayes(make_batch(tmp_path), f"--min-alternate-count 3;touch {marker}")
    (tmp_path / "batch.yaml").write_text(yaml.safe_dump(config))
    env = dict(os.environ, ALWGS_LAUNCH_DIR=str(tmp_path), PYTHONPATH=str(REPO / "scripts"))
    done = subprocess.run(
        [sys.executable, "-m", "alwgs.intake", "batch.yaml"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1
    assert done.stderr.strip() == (
        "alwgs input error: config, field 'small_variants.freebayes': rejected '3;touch':"
        " the value of --min-alternate-count must be a whole number >= 0"
    )
    assert not marker.exists()
    assert not (tmp_path / "out").exists()  # batch_dir: nothing created


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ("--vcf x.vcf", "rejected '--vcf': not an option of freebayes this config may set"),
        ("--targets other.bed", "rejected '--targets': not an option of freebayes"),
        ("--gvcf", "rejected '--gvcf': not an option of freebayes"),
        ("--min-alternat-count 3", "did you mean --min-alternate-count?"),
        ("; rm -rf x", "rejected ';': not an option of freebayes"),
        ("--theta `id`", "rejected '`id`': the value of --theta must be a number >= 0"),
        ("-F 0.05", "rejected '-F': write the long name --min-alternate-fraction"),
        (
            "--min-alternate-fraction=0.05",
            "write the value as the next word ('--min-alternate-fraction 0.05')",
        ),
        ("--min-alternate-fraction 1.5", "must be a number from 0 to 1"),
        ("--min-alternate-count -3", "rejected '-3': the value of --min-alternate-count"),
        ("--min-alternate-count 2.5", "must be a whole number >= 0"),
        ("--min-alternate-count", "rejected '--min-alternate-count': needs a value"),
        ("--min-base-quality --pooled-continuous", "'--min-base-quality': needs a value"),
        ("--reference-quality 100", "two whole numbers >= 0 joined by a comma"),
        ("--ploidy 2 --ploidy 4", "rejected '--ploidy': given twice"),
        ("--pooled-continuous 'x y'", "rejected ''x': not an option of freebayes"),
        (
            "--skip-coverage 500",
            "rejected '--skip-coverage': set by the workflow from "
            "small_variants.depth_guard.max_depth_x_median",
        ),
    ],
)
def test_allow_list_rejects(tmp_path, options, message):
    err = intake_error(tmp_path, with_freebayes(make_batch(tmp_path), options))
    assert where(err) == ("config", None, "small_variants.freebayes")
    assert message in err.message


def test_shipped_default_is_allowed_and_passed_word_by_word(tmp_path):
    shipped = SHIPPED["small_variants"]["freebayes"]
    assert freebayes_args(shipped) == [
        "--pooled-continuous",
        "--min-alternate-fraction",
        "0.03",
        "--min-alternate-count",
        "3",
        "--min-mapping-quality",
        "20",
        "--min-base-quality",
        "20",
        "--use-best-n-alleles",
        "4",
    ]
    # A batch that leaves the key out runs with the default, and intake accepts it.
    config = make_batch(tmp_path)
    assert "freebayes" not in config["small_variants"]
    assert load_batch(config, tmp_path).config["small_variants"]["freebayes"] == shipped


def test_demo_settings_pass(tmp_path):
    """The demo and the real-data test batches use the shipped options; whatever the demo's
    settings give for small_variants is checked like a batch's."""
    config = make_batch(tmp_path)
    config["small_variants"].update(demo_settings.ANALYSIS.get("small_variants", {}))
    load_batch(config, tmp_path)


def test_every_allowed_option_with_a_valid_value(tmp_path):
    sample = {"flag": [], "int": ["3"], "fraction": ["0.05"], "number": ["1e-3"]}
    sample["int_pair"] = ["100,60"]
    words = [w for opt, kind in FREEBAYES_OPTIONS.items() for w in [opt, *sample[kind]]]
    assert freebayes_args(" ".join(words)) == words
    assert load_batch(with_freebayes(make_batch(tmp_path), "\n".join(words)), tmp_path)
    # Every short name points at an allowed long one.
    assert set(FREEBAYES_SHORT.values()) <= set(FREEBAYES_OPTIONS)


def test_empty_options_are_allowed():
    assert freebayes_args("") == []


def test_a_bad_default_names_config_yaml():
    """A value the batch config does not set came from config/config.yaml."""
    cfg = {"small_variants": {"freebayes": "--vcf x"}}
    with pytest.raises(Exception) as info:
        check_tool_options(cfg, {"small_variants": {"chunks": 4}})
    assert str(info.value).startswith(
        "config/config.yaml, field 'small_variants.freebayes': rejected '--vcf'"
    )


def test_the_rule_check_rejects_what_intake_rejects():
    """The freebayes rule builds its arguments with freebayes_args: an unchecked value stops
    there too."""
    with pytest.raises(ValueError, match=r"rejected '\$\(touch'"):
        freebayes_args("$(touch x)")


def test_report_methods_read_the_checked_options():
    from alwgs.report.methods import _freebayes_floor

    text = " ".join(freebayes_args(SHIPPED["small_variants"]["freebayes"]))
    assert _freebayes_floor(text) == "minimum alternate fraction 0.03, minimum 3 alternate reads"
