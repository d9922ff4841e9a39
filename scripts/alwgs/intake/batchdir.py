"""Where a batch writes (batch_dir): not into the code, the shared reference cache or the
system, and not into the folder of another batch.

Each of these passed before: batch_dir set to the reference cache hung forever "waiting for
another batch" (the batch lock and the cache lock are then one file); batch_dir set to the
repository or '/' would mix results, logs and .snakemake with code or system files; a new batch
pointed at a finished batch_dir ended with "nothing to do", exit 0, having analysed nothing.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from alwgs.intake.errors import IntakeError, _shown

# System trees no batch writes below, and folders a batch may be below but never be itself.
SYSTEM_TREES = ("/usr", "/etc", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/boot", "/dev")
SYSTEM_TREES += ("/proc", "/sys", "/run", "/var/lib", "/var/log", "/var/run")
SHARED_ROOTS = ("/", "/home", "/tmp", "/var", "/var/tmp", "/opt", "/srv", "/mnt", "/media")
SHARED_ROOTS += ("/root",)
# The repository this code runs from (scripts/alwgs/intake/ is three folders below it).
REPO_ROOT = Path(__file__).resolve().parents[3]
# Folders of the repository where batches may live (git-ignored): the demo's and the tests'
# batches, and the benchmark's scratch.
REPO_SCRATCH = ("batches", "bench/work")


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _check_batch_place(given: str, batch_dir: str) -> None:
    """batch_dir (absolute) against the system and the repository, with links resolved."""
    real = Path(os.path.realpath(batch_dir))
    shown = _shown(given, batch_dir)

    def bad(message: str) -> IntakeError:
        return IntakeError("config", None, "batch_dir", f"{shown} {message}")

    for tree in SYSTEM_TREES:
        if _inside(real, Path(os.path.realpath(tree))):
            raise bad(f"is inside the system directory {tree}: give the batch its own folder")
    roots = {*SHARED_ROOTS, os.path.expanduser("~")}
    if any(real == Path(os.path.realpath(root)) for root in roots):
        raise bad(
            "is a top-level or home directory: give the batch a folder of its own below it"
            " (results/, logs/ and .snakemake/ are written into batch_dir)"
        )
    repo = Path(os.path.realpath(REPO_ROOT))
    scratch = [repo / folder for folder in REPO_SCRATCH]
    if _inside(real, repo) and not any(folder in real.parents for folder in scratch):
        raise bad(
            f"is inside the alwgs repository ({repo}): results go outside the code, or in a"
            f" folder below its {REPO_SCRATCH[0]}/ folder"
        )


def _check_batch_not_cache(given: str, batch_dir: str, cache_dir: str) -> None:
    """Compared with links resolved: a link to the cache is the cache."""
    real = Path(os.path.realpath(batch_dir))
    cache = Path(os.path.realpath(cache_dir))
    if _inside(real, cache):
        raise IntakeError(
            "config",
            None,
            "batch_dir",
            f"{_shown(given, batch_dir)} is the reference cache or inside it"
            f" (reference.cache_dir {cache_dir}), which batches share: give the batch its own"
            " folder",
        )


def _check_batch_owner(given: str, batch_dir: str, samples: list[str], sheet: str) -> None:
    """A batch_dir with a finished batch (results/batch_status.json) of other samples belongs
    to another batch: this one would be called finished without a job run, or --force would
    mix its results into the other's."""
    status = Path(batch_dir) / "results" / "batch_status.json"
    if not status.is_file():
        return
    shown = _shown(given, batch_dir)
    try:
        finished = sorted(json.loads(status.read_text(encoding="utf-8"))["samples"])
    except (OSError, ValueError, KeyError, TypeError):
        raise IntakeError(
            "config",
            None,
            "batch_dir",
            f"{shown} holds a results/batch_status.json that cannot be read: it is not the"
            " folder of a batch alwgs finished; give this batch its own batch_dir",
        ) from None
    if finished == sorted(samples):
        return
    theirs = sorted(set(finished) - set(samples))
    ours = sorted(set(samples) - set(finished))

    def listed(ids: list[str]) -> str:
        return ", ".join(ids[:3]) + (f" and {len(ids) - 3} more" if len(ids) > 3 else "")

    differs = []
    if theirs:
        differs.append(f"it analysed {listed(theirs)}, which {sheet} lacks")
    if ours:
        differs.append(f"{sheet} adds {listed(ours)}")
    raise IntakeError(
        "config",
        None,
        "batch_dir",
        f"{shown} holds the finished results of another batch (results/batch_status.json:"
        f" {'; '.join(differs)}): give this batch its own batch_dir",
    )
