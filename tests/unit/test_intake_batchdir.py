"""batch_dir at intake: not a system or top-level directory, not inside the repository (but
for its git-ignored batches/ folder), not the reference cache, not a finished batch of other
samples."""

import json
import os

import pytest
from alwgs.intake import load_batch
from alwgs.intake.batchdir import _check_batch_place
from test_intake import REPO, intake_error, make_batch, where


def finished(batch_dir, samples) -> None:
    (batch_dir / "results").mkdir(parents=True)
    status = {"status": "complete", "samples": {s: {"qc": "PASS"} for s in samples}}
    (batch_dir / "results" / "batch_status.json").write_text(json.dumps(status))


@pytest.mark.bad_input
@pytest.mark.parametrize("place", ["/", "/usr/local/batch1", "/etc/alwgs", "/tmp", "~"])
def test_batch_dir_in_the_system(tmp_path, place):
    config = make_batch(tmp_path)
    config["batch_dir"] = place
    err = intake_error(tmp_path, config)
    assert where(err) == ("config", None, "batch_dir")
    assert (
        "is inside the system directory" in err.message
        or "is a top-level or home directory: give the batch a folder of its own below it"
        in err.message
    ), err.message


@pytest.mark.bad_input
@pytest.mark.parametrize("place", [".", "scripts/out", "batches"])
def test_batch_dir_inside_the_repository(tmp_path, place):
    config = make_batch(tmp_path)
    config["batch_dir"] = os.path.abspath(REPO / place)
    err = intake_error(tmp_path, config)
    assert where(err) == ("config", None, "batch_dir")
    assert err.message == (
        f"'{config['batch_dir']}' is inside the alwgs repository ({os.path.realpath(REPO)}):"
        " results go outside the code, or in a folder below its batches/ folder"
    )


def test_batch_dir_below_the_repository_batches_folder_passes():
    _check_batch_place("batches/run1", str(REPO / "batches" / "run1"))
    _check_batch_place("bench/work/x", str(REPO / "bench" / "work" / "x"))


@pytest.mark.bad_input
@pytest.mark.parametrize("inside", ["", "/sub"])
def test_batch_dir_that_is_the_reference_cache(tmp_path, inside):
    """The issue's case: batch_dir = cache_dir hung forever 'waiting for another batch'."""
    config = make_batch(tmp_path)
    config["reference"]["cache_dir"] = "cache"
    config["batch_dir"] = "cache" + inside
    err = intake_error(tmp_path, config)
    assert where(err) == ("config", None, "batch_dir")
    assert err.message.endswith(
        f"is the reference cache or inside it (reference.cache_dir {tmp_path}/cache), which"
        " batches share: give the batch its own folder"
    )


@pytest.mark.bad_input
def test_batch_dir_linked_to_the_reference_cache(tmp_path):
    config = make_batch(tmp_path)
    config["reference"]["cache_dir"] = "cache"
    (tmp_path / "cache").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "cache")
    config["batch_dir"] = "link"
    err = intake_error(tmp_path, config)
    assert "is the reference cache or inside it" in err.message


@pytest.mark.bad_input
def test_batch_dir_of_another_finished_batch(tmp_path):
    """The issue's case: a new batch pointed at a finished batch_dir exited 0, analysing
    nothing."""
    config = make_batch(tmp_path)
    finished(tmp_path / "out", ["Q1-T", "Q1-N"])
    err = intake_error(tmp_path, config)
    assert where(err) == ("config", None, "batch_dir")
    assert err.message == (
        f"'out' ({tmp_path}/out) holds the finished results of another batch"
        " (results/batch_status.json: it analysed Q1-N, Q1-T, which batch/samples.tsv lacks;"
        " batch/samples.tsv adds P1-N, P1-T, P2-T): give this batch its own batch_dir"
    )


@pytest.mark.bad_input
def test_batch_dir_with_an_unreadable_status(tmp_path):
    config = make_batch(tmp_path)
    (tmp_path / "out" / "results").mkdir(parents=True)
    (tmp_path / "out" / "results" / "batch_status.json").write_text("{not json")
    err = intake_error(tmp_path, config)
    assert "holds a results/batch_status.json that cannot be read" in err.message


def test_the_same_batch_finished_passes(tmp_path):
    config = make_batch(tmp_path)
    finished(tmp_path / "out", ["P2-T", "P1-N", "P1-T"])
    load_batch(config, tmp_path)
