"""The job that turns a BAM/CRAM unit back into a FASTQ pair (scripts/bam_to_fastq.py), run
with the real samtools on small coordinate-sorted files: which reads and qualities it keeps,
the read group it selects, and the files it refuses with the sheet, line and file named."""

import gzip
import json
from pathlib import Path

import bam_to_fastq
import pysam
import pytest
from alwgs.qc import bam_reads
from alwgs.qc.bam_reads import ReadCounts, counts_problem
from test_intake_bam import ONE_RG, PAIRS, write_aligned, write_reference

WHERE = {"sheet": "runs/units.tsv", "line": 7, "bam": "archive/p2.bam"}


class Names(dict):
    """Snakemake's named lists, as far as the script uses them."""

    __getattr__ = dict.__getitem__


def run_job(tmp_path: Path, aln: Path, read_group: str = "", ref: str = "", max_fraction=0.01):
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    sm = Names(
        input=Names(aln=str(aln), **({"ref": ref} if ref else {})),
        output=Names(
            fq1=str(out / "U1_R1.fastq.gz"),
            fq2=str(out / "U1_R2.fastq.gz"),
            json=str(out / "U1.bam_to_fastq.json"),
        ),
        log=[str(out / "U1.log")],
        threads=2,
        params=Names(
            read_group=read_group,
            format="cram" if ref else "bam",
            where=WHERE,
            max_orphan_fraction=max_fraction,
        ),
    )
    bam_to_fastq.main(sm)
    return sm


def fastq(path: str) -> list[tuple[str, str, str]]:
    lines = gzip.decompress(Path(path).read_bytes()).decode().splitlines()
    return [(lines[i][1:], lines[i + 1], lines[i + 3]) for i in range(0, len(lines), 4)]


def rewrite(source: Path, target: Path, edit) -> Path:
    """A copy of a BAM whose records pass through edit (which returns a list of records)."""
    with pysam.AlignmentFile(str(source)) as src:
        with pysam.AlignmentFile(str(target), "wb", header=src.header) as out:
            for record in src:
                for new in edit(record):
                    out.write(new)
    return target


@pytest.fixture
def aligned(tmp_path: Path) -> tuple[Path, str]:
    sequence = write_reference(tmp_path / "ref.fa")
    return write_aligned(tmp_path / "aligned.bam", sequence, [ONE_RG]), sequence


def test_primary_reads_with_original_qualities_become_the_pair(tmp_path, aligned):
    """A secondary and a supplementary copy are left out; OQ replaces recalibrated QUAL."""
    bam, _ = aligned

    def edit(record):
        out = [record]
        if record.query_name == "pair3":
            record.set_tag("OQ", "#" * record.query_length)  # instrument qualities
        if record.query_name == "pair5" and record.is_read1:
            for flag in (0x100, 0x800):
                copy = pysam.AlignedSegment.fromstring(record.to_string(), record.header)
                copy.flag = record.flag | flag
                out.append(copy)
        return out

    sm = run_job(tmp_path, rewrite(bam, tmp_path / "edited.bam", edit))

    r1, r2 = fastq(sm.output.fq1), fastq(sm.output.fq2)
    assert len(r1) == len(r2) == PAIRS
    assert [n for n, _, _ in r1] == [n for n, _, _ in r2]  # mates in the same order
    assert len({n for n, _, _ in r1}) == PAIRS  # no read twice
    assert all("/" not in n for n, _, _ in r1)  # names as in the file (-n)
    quals = {n: q for n, _, q in r1}
    assert quals["pair3"] == "#" * 50 and quals["pair4"] == "I" * 50
    record = json.loads(Path(sm.output.json).read_text())
    assert record == {
        "bam": "archive/p2.bam",
        "read_group": "",
        "format": "bam",
        "reads": 2 * PAIRS,
        "read_pairs": PAIRS,
        "singletons": 0,
        "unpaired": 0,
        "orphan_fraction": 0.0,
        "qualities": "OQ where present, else QUAL",
        "excluded": "secondary and supplementary records",
    }


def test_mates_beyond_the_collate_buffer_still_pair(tmp_path, aligned, monkeypatch):
    """collate -f holds COLLATE_READS reads while waiting for mates; the others go through
    its temporary files and must pair all the same."""
    monkeypatch.setattr(bam_reads, "COLLATE_READS", 2)
    sm = run_job(tmp_path, aligned[0])
    assert "-r 2 " in Path(sm.log[0]).read_text()
    r1, r2 = fastq(sm.output.fq1), fastq(sm.output.fq2)
    assert len(r1) == len(r2) == PAIRS
    assert [n for n, _, _ in r1] == [n for n, _, _ in r2]
    assert json.loads(Path(sm.output.json).read_text())["singletons"] == 0


def test_reverse_strand_mates_are_written_as_sequenced(tmp_path, aligned):
    bam, sequence = aligned
    sm = run_job(tmp_path, bam)
    pairs = {n: s for n, s, _ in fastq(sm.output.fq2)}
    with pysam.AlignmentFile(str(bam)) as src:
        mate2 = next(r for r in src if r.query_name == "pair0" and r.is_read2)
    # Stored reverse-complemented on the forward strand; the FASTQ has the read as sequenced.
    assert mate2.is_reverse
    rc = mate2.query_sequence[::-1].translate(str.maketrans("ACGT", "TGCA"))
    assert pairs["pair0"] == rc


def test_one_read_group_of_several(tmp_path):
    groups = [{"ID": "fc:1", "SM": "x", "LB": "a"}, {"ID": "fc:2", "SM": "x", "LB": "b"}]
    sequence = write_reference(tmp_path / "ref.fa")
    bam = write_aligned(tmp_path / "two.bam", sequence, groups)
    sm = run_job(tmp_path, bam, read_group="fc:2")
    names = [n for n, _, _ in fastq(sm.output.fq1)]
    # write_aligned gives pairs to the groups in turn: the odd pairs are fc:2's.
    assert names and sorted(names) == sorted(f"pair{i}" for i in range(1, PAIRS, 2))
    assert json.loads(Path(sm.output.json).read_text())["read_group"] == "fc:2"
    assert "read group 'fc:2'" in Path(sm.log[0]).read_text()


def test_cram_with_a_reference_without_index(tmp_path):
    sequence = write_reference(tmp_path / "ref" / "old.fa")
    cram = write_aligned(
        tmp_path / "p2.cram", sequence, [ONE_RG], cram_reference=tmp_path / "ref" / "old.fa"
    )
    (tmp_path / "ref" / "old.fa.fai").unlink()  # written by pysam when encoding
    sm = run_job(tmp_path, cram, ref=str(tmp_path / "ref" / "old.fa"))
    assert len(fastq(sm.output.fq1)) == PAIRS
    # samtools indexed the FASTA in the job's own folder, not in the lab's reference folder.
    assert sorted(p.name for p in (tmp_path / "ref").iterdir()) == ["old.fa"]


@pytest.mark.bad_input
def test_mates_missing_beyond_the_threshold_stop_the_unit(tmp_path, aligned):
    bam, _ = aligned
    dropped = {"pair1", "pair2", "pair7"}

    def edit(record):
        return [] if record.query_name in dropped and record.is_read2 else [record]

    cut = rewrite(bam, tmp_path / "region.bam", edit)
    with pytest.raises(SystemExit) as info:
        run_job(tmp_path, cut)
    message = (
        "alwgs data error: runs/units.tsv line 7, field 'bam': 'archive/p2.bam': 3 of 77 primary"
        " reads (3.90%) have no mate in the file (3 mates without their partner, 0 unpaired);"
        " at most 1% is accepted (bam_input.max_orphan_fraction): the file lacks reads"
        " (filtered by region or mapping, or cut short), give the complete file"
    )
    assert str(info.value) == message
    assert message in Path(tmp_path / "out/U1.log").read_text()
    assert not list((tmp_path / "out").glob("*.fastq.gz"))
    assert not (tmp_path / "out/U1.bam_to_fastq.json").exists()

    # Under a looser threshold the pairs are kept and the orphans counted.
    sm = run_job(tmp_path, cut, max_fraction=0.05)
    record = json.loads(Path(sm.output.json).read_text())
    assert (record["read_pairs"], record["singletons"], record["reads"]) == (PAIRS - 3, 3, 77)
    assert len(fastq(sm.output.fq1)) == PAIRS - 3


@pytest.mark.bad_input
def test_file_cut_short_stops_the_unit(tmp_path):
    sequence = write_reference(tmp_path / "ref.fa")
    full = write_aligned(tmp_path / "full.bam", sequence, [ONE_RG], n=3000).read_bytes()
    cut = tmp_path / "cut.bam"
    cut.write_bytes(full[: len(full) // 2])
    with pytest.raises(SystemExit) as info:
        run_job(tmp_path, cut)
    text = str(info.value)
    assert text.startswith(
        "alwgs data error: runs/units.tsv line 7, field 'bam': 'archive/p2.bam': cannot be read"
        " to the end (samtools collate stopped (exit 1): "
    ), text


def test_counts_problem_wording():
    assert counts_problem(ReadCounts(0, 0, 0, 0), 0.01) == "holds no primary reads"
    assert counts_problem(ReadCounts(10, 0, 0, 10), 0.01).startswith(
        "holds no read pairs (10 reads without a mate)"
    )
    assert counts_problem(ReadCounts(1000, 495, 10, 0), 0.01) is None  # exactly 1%
