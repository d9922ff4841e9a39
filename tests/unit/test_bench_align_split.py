"""bench/align_split.py's comparison of two duplicate-marked BAMs (no timing here)."""

import importlib.util
from pathlib import Path

import pysam

_spec = importlib.util.spec_from_file_location(
    "bench_align_split", Path(__file__).resolve().parents[2] / "bench" / "align_split.py"
)
align_split = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(align_split)


def write_bam(path: Path, pairs: list[tuple[str, int, int, bool]]) -> Path:
    """Pairs (name, pos of read 1, pos of read 2, duplicate) on chr1, plus a supplementary."""
    header = {"HD": {"VN": "1.6", "SO": "unsorted"}, "SQ": [{"SN": "chr1", "LN": 10000}]}
    with pysam.AlignmentFile(str(path), "wb", header=header) as out:
        for name, pos1, pos2, dup in pairs:
            for first, pos, mate in ((True, pos1, pos2), (False, pos2, pos1)):
                r = pysam.AlignedSegment(out.header)
                r.query_name, r.reference_id, r.reference_start = name, 0, pos
                r.cigarstring, r.mapping_quality, r.query_sequence = "10M", 60, "ACGTACGTAC"
                r.next_reference_id, r.next_reference_start = 0, mate
                r.flag = 1 | 2 | (64 if first else 128) | (0x400 if dup else 0)
                out.write(r)
        extra = pysam.AlignedSegment(out.header)
        extra.query_name, extra.reference_id, extra.reference_start = pairs[0][0], 0, 5000
        extra.cigarstring, extra.query_sequence, extra.flag = "10M", "ACGTACGTAC", 1 | 64 | 2048
        out.write(extra)
    return path


def test_compare_counts_moved_records_and_duplicate_flags(tmp_path):
    a = write_bam(
        tmp_path / "a.bam",
        [("p1", 100, 300, False), ("p2", 100, 300, True), ("p3", 700, 900, False)],
    )
    b = write_bam(
        tmp_path / "b.bam",
        [("p1", 100, 300, False), ("p2", 100, 300, False), ("p3", 700, 950, False)],
    )
    diff = align_split.compare(a, b)
    assert diff["records_a"] == diff["records_b"] == 6  # the supplementary is left out
    assert diff["same_reads"]
    assert (diff["duplicates_a"], diff["duplicates_b"], diff["duplicate_flag_differs"]) == (2, 0, 2)
    # p3: read 2 moved (position), read 1 keeps its position but its mate field changed
    assert diff["position_differing"] == 1
    assert diff["records_differing"] == 2
    assert diff["identical_alignment"] == 4 / 6


def test_compare_sees_missing_reads(tmp_path):
    a = write_bam(tmp_path / "a.bam", [("p1", 100, 300, False), ("p2", 400, 600, False)])
    b = write_bam(tmp_path / "b.bam", [("p1", 100, 300, False)])
    diff = align_split.compare(a, b)
    assert not diff["same_reads"]
    assert (diff["records_a"], diff["records_b"]) == (4, 2)
