"""GFF3 structure at intake: exons inside their transcript, CDS inside an exon of theirs."""

import pytest
from alwgs.intake import load_batch
from test_intake import GFF3, intake_error, make_batch, where

GFF3_TSV = "ref/genes.gff3"
# Placed after the mRNA (line 4), before the chr2 gene: a contig's features come together.
EXONS = (
    "chr1\tx\texon\t1\t4\t.\t+\t.\tParent=transcript:T1\n"  # line 5
    "chr1\tx\texon\t7\t10\t.\t+\t.\tParent=transcript:T1\n"  # line 6
    "chr1\tx\tCDS\t2\t4\t.\t+\t0\tID=CDS:P1;Parent=transcript:T1\n"  # line 7
    "chr1\tx\tCDS\t7\t9\t.\t+\t2\tID=CDS:P1;Parent=transcript:T1\n"  # line 8
)


def with_structure(tmp_path, text: str, gff3: str = GFF3) -> dict:
    config = make_batch(tmp_path)
    lines = gff3.splitlines(keepends=True)
    (tmp_path / GFF3_TSV).write_text("".join(lines[:4]) + text + "".join(lines[4:]))
    return config


def test_exons_and_cds_inside_their_transcript_pass(tmp_path):
    load_batch(with_structure(tmp_path, EXONS), tmp_path)


def test_children_before_their_parent_and_groups_ended_by_three_hashes_pass(tmp_path):
    """GFF3 allows a parent after its children within a group ('###' ends one)."""
    lines = GFF3.splitlines(keepends=True)
    text = "".join(lines[:3]) + EXONS + lines[3] + "###\n" + lines[4]
    config = make_batch(tmp_path)
    (tmp_path / GFF3_TSV).write_text(text)
    load_batch(config, tmp_path)


@pytest.mark.bad_input
def test_cds_outside_its_exons(tmp_path):
    """The issue's case: a GFF3 whose CDS lies outside its exon passed silently."""
    config = with_structure(tmp_path, EXONS.replace("CDS\t7\t9", "CDS\t5\t6"))
    err = intake_error(tmp_path, config)
    assert where(err) == (GFF3_TSV, 8, "start")
    assert err.message == (
        "CDS 5-6 of 'transcript:T1' lies in none of its exons (1-4, 7-10): the annotation's"
        " structure is broken; use the annotation as released"
    )


@pytest.mark.bad_input
def test_cds_running_past_the_end_of_its_exon(tmp_path):
    config = with_structure(tmp_path, EXONS.replace("CDS\t2\t4", "CDS\t2\t6"))
    err = intake_error(tmp_path, config)
    assert where(err) == (GFF3_TSV, 7, "end")
    assert err.message.startswith("CDS 2-6 of 'transcript:T1' lies in none of its exons")


@pytest.mark.bad_input
def test_exon_outside_its_transcript(tmp_path):
    config = with_structure(tmp_path, EXONS, GFF3.replace("mRNA\t1\t10", "mRNA\t1\t8"))
    err = intake_error(tmp_path, config)
    assert where(err) == (GFF3_TSV, 6, "end")
    assert err.message == (
        "exon 7-10 lies outside its mRNA 'transcript:T1' (1-8, line 4): the annotation's"
        " structure is broken; use the annotation as released"
    )


@pytest.mark.bad_input
def test_start_that_is_not_a_number(tmp_path):
    config = with_structure(tmp_path, EXONS.replace("exon\t1\t4", "exon\tone\t4"))
    err = intake_error(tmp_path, config)
    assert where(err) == (GFF3_TSV, 5, "start")
    assert err.message == "'one' is not a position"


@pytest.mark.bad_input
def test_another_naming_is_named_before_the_structure(tmp_path):
    """A GFF3 of another reference is the likelier cause: its message comes first."""
    config = with_structure(tmp_path, EXONS.replace("CDS\t7\t9", "CDS\t5\t6"))
    path = tmp_path / GFF3_TSV
    path.write_text(path.read_text().replace("chr", ""))
    err = intake_error(tmp_path, config)
    assert where(err) == (GFF3_TSV, 3, "seqid")
