"""Batches of a few samples of the tiny demo, for the workflow tests that run their own batch
(faults, reruns, the alignment split): one writer of their sheets and config."""

from collections.abc import Callable
from pathlib import Path

import yaml


def subset_batch(
    repo_root: Path,
    tiny_data: Path,
    folder: Path,
    keep: Callable[[str], bool],
    cache_dir: str,
    edit: Callable[[dict], None] | None = None,
    **settings,
) -> Path:
    """folder/ (created; it must not exist): samples.tsv and units.tsv of the tiny demo's
    samples whose name `keep` accepts (FASTQ paths made absolute), and batch.yaml running them
    in folder/run with the reference cache `cache_dir`. `settings` replace top-level config
    keys (e.g. truth_dir=""), and `edit` may change the config before it is written."""
    folder.mkdir(parents=True)
    samples = (tiny_data / "samples.tsv").read_text().splitlines()
    units = (tiny_data / "units.tsv").read_text().splitlines()
    (folder / "samples.tsv").write_text(
        "\n".join([samples[0]] + [r for r in samples[1:] if keep(r.split("\t")[0])]) + "\n"
    )
    rows = [r.split("\t") for r in units[1:] if keep(r.split("\t")[0])]
    for row in rows:
        row[3:5] = [str((tiny_data / f).resolve()) for f in row[3:5]]
    (folder / "units.tsv").write_text("\n".join([units[0]] + ["\t".join(r) for r in rows]) + "\n")
    config = yaml.safe_load((tiny_data / "batch.yaml").read_text())
    relative = folder.relative_to(repo_root)
    config.update(
        batch_dir=f"{relative}/run",
        samples=f"{relative}/samples.tsv",
        units=f"{relative}/units.tsv",
        **settings,
    )
    config["reference"]["cache_dir"] = cache_dir
    if edit:
        edit(config)
    (folder / "batch.yaml").write_text(yaml.safe_dump(config))
    return folder
