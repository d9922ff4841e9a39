"""The command line python -m alwgs.intake BATCH.yaml, run by ./alwgs run: the batch checked
as the workflow will check it, before anything is created."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from alwgs.intake.batch import load_batch
from alwgs.intake.errors import IntakeError
from alwgs.intake.yamltext import _parse_yaml


def merged_config(batch_file: str | os.PathLike) -> dict:
    """The batch config file as data. config/config.yaml is laid under it by load_config (with
    the files it names taken from the repository), as the workflow does."""
    try:
        text = Path(batch_file).read_text(encoding="utf-8")
    except OSError as exc:
        raise IntakeError(batch_file, None, None, f"cannot be read ({exc.strerror})") from None
    data = _parse_yaml(text, batch_file)
    if not isinstance(data, dict):
        raise IntakeError(batch_file, None, None, "must be a YAML mapping of config keys")
    return data


def main(argv: list[str]) -> int:
    """python -m alwgs.intake BATCH.yaml: check the batch as the workflow will, before
    anything is created; print its batch_dir, reference cache_dir, truth_dir (empty without
    one) and umask, one per line."""
    if len(argv) != 1:
        print("usage: python -m alwgs.intake BATCH.yaml", file=sys.stderr)
        return 2
    base_dir = Path(os.environ.get("ALWGS_LAUNCH_DIR", os.getcwd()))
    try:
        config = merged_config(argv[0])
        batch = load_batch(config, base_dir)
    except IntakeError as err:
        print(f"alwgs input error: {err}", file=sys.stderr)
        return 1
    print(batch.config["batch_dir"])
    print(batch.config["reference"]["cache_dir"])
    print(batch.config["truth_dir"])
    print(batch.config["umask"])
    return 0
