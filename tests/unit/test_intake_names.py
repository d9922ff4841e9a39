"""Sample and patient IDs at intake: patients spelt two ways, IDs too long, and IDs whose file
names collide (X and X.merged; IDs differing only by case)."""

import pytest
from alwgs.intake import load_batch
from alwgs.intake.names import MAX_SAMPLE_ID
from test_intake import SAMPLES, UNITS, intake_error, make_batch, where, with_row

SAMPLES_TSV = "batch/samples.tsv"


def renamed(old: str, new: str) -> tuple[list[list[str]], list[list[str]]]:
    """The sheets with sample old renamed new (in samples.tsv and units.tsv)."""
    samples = [[new if c == old else c for c in r] for r in SAMPLES]
    units = [[new if c == old else c for c in r] for r in UNITS]
    return samples, units


@pytest.mark.bad_input
def test_patient_spelt_in_two_cases_names_both_rows(tmp_path):
    """The issue's case: P01 on the tumor row, p01 on the normal row silently dropped the
    matched normal. Now both rows are named."""
    config = make_batch(tmp_path, samples=with_row(SAMPLES, 1, 1, "p1"))
    err = intake_error(tmp_path, config)
    assert where(err) == (SAMPLES_TSV, 3, "patient")
    assert err.message == (
        "'p1' differs from patient 'P1' of sample 'P1-T' (line 2) only by case: write one"
        " patient ID the same way on every row (they are not paired as written)"
    )


@pytest.mark.bad_input
def test_sample_id_too_long(tmp_path):
    long_id = "P2-" + "T" * 257  # 260 characters, as in the issue
    samples, units = renamed("P2-T", long_id)
    err = intake_error(tmp_path, make_batch(tmp_path, samples=samples, units=units))
    assert where(err) == (SAMPLES_TSV, 4, "sample")
    assert err.message.startswith("'P2-TTTTTTTTTTTTTTTTT...' is 260 characters long, at most 64")


def test_sample_id_of_the_longest_length_passes(tmp_path):
    samples, units = renamed("P2-T", "P" * MAX_SAMPLE_ID)
    load_batch(make_batch(tmp_path, samples=samples, units=units), tmp_path)


@pytest.mark.bad_input
def test_sample_id_that_is_another_followed_by_a_suffix(tmp_path):
    """'X' and 'X.merged': X's merged BAM results/align/X.merged.bam is X.merged's name."""
    samples, units = renamed("P2-T", "P1-T.merged")
    err = intake_error(tmp_path, make_batch(tmp_path, samples=samples, units=units))
    assert where(err) == (SAMPLES_TSV, 4, "sample")
    assert err.message == (
        "'P1-T.merged' is sample 'P1-T' (line 2) followed by '.merged': file names of one would"
        " be taken for files of the other (e.g. P1-T.merged.bam); rename one of them"
    )


@pytest.mark.bad_input
def test_sample_ids_that_differ_only_by_case(tmp_path):
    samples, units = renamed("P2-T", "p1-t")
    err = intake_error(tmp_path, make_batch(tmp_path, samples=samples, units=units))
    assert where(err) == (SAMPLES_TSV, 4, "sample")
    assert err.message == (
        "'p1-t' differs from 'P1-T' (line 2) only by case: on a case-insensitive file system"
        " their files are the same files"
    )


@pytest.mark.bad_input
def test_sample_id_ending_with_a_dot(tmp_path):
    samples, units = renamed("P2-T", "P2-T.")
    err = intake_error(tmp_path, make_batch(tmp_path, samples=samples, units=units))
    assert where(err) == (SAMPLES_TSV, 4, "sample")
    assert "ends with '.'" in err.message


def test_ids_with_dots_that_are_not_another_sample_pass(tmp_path):
    samples, units = renamed("P2-T", "P2.T.1")
    load_batch(make_batch(tmp_path, samples=samples, units=units), tmp_path)
