"""The depth guard of small-variant calling: regions from mosdepth-shaped window tables, the
exclusion BED, depth-weighted calling chunks and the VCF header text."""

import gzip

import pytest
from alwgs.intake.errors import IntakeError
from alwgs.intake.exclude_bed import check_exclude_bed
from alwgs.variants.depth_guard import (
    Guard,
    depth_weighted_chunks,
    guard_regions,
    merge,
    panel_genes_hit,
    read_windows,
    skip_coverage,
    subtract,
    threshold,
)


def windows(chrom, depths, size=1000):
    """mosdepth --by rows: consecutive windows of `size` bp with these mean depths."""
    return [(chrom, i * size, (i + 1) * size, float(d)) for i, d in enumerate(depths)]


def test_read_windows_reads_mosdepth_regions_bed_gz(tmp_path):
    path = tmp_path / "s.regions.bed.gz"
    with gzip.open(path, "wt") as fh:
        fh.write("chr1\t0\t1000\t31.52\nchr1\t1000\t1700\t0.00\n")
    assert read_windows(path) == [("chr1", 0, 1000, 31.52), ("chr1", 1000, 1700, 0.0)]
    (tmp_path / "bad.bed").write_text("chr1\t0\t1000\n")
    with pytest.raises(ValueError, match="line 1"):
        read_windows(tmp_path / "bad.bed")


def test_threshold_and_skip_coverage_from_the_multiple():
    assert threshold(20, 30) == 600
    assert threshold(20, 0) == 20  # a sample without reads: still a finite guard
    # freebayes counts the reads of all samples at a position: the medians add up
    assert skip_coverage(20, [90, 30]) == 2400
    assert skip_coverage(20, [90]) == 1800


def test_windows_above_the_multiple_of_the_median_are_skipped_and_merged():
    t = windows("c1", [30, 30, 601, 900, 30, 30, 30, 30])
    n = windows("c1", [30, 30, 30, 30, 30, 30, 650, 30])
    regions = guard_regions(
        {"tumor": t, "normal": n}, {"tumor": 600, "normal": 600}, [("c1", 0, 8000)]
    )
    got = [(r.chrom, r.start, r.end, r.reason) for r in regions]
    # 600 itself is not above the threshold; two adjacent tumor windows are one region
    assert got == [("c1", 2000, 4000, "tumor_depth"), ("c1", 6000, 7000, "normal_depth")]
    assert regions[0].max_depth == {"tumor": 900.0}
    # each sample by its own threshold: the normal's 650 passes a 700 limit
    regions = guard_regions(
        {"tumor": t, "normal": n}, {"tumor": 600, "normal": 700}, [("c1", 0, 8000)]
    )
    assert [(r.start, r.end) for r in regions] == [(2000, 4000)]


def test_nothing_is_skipped_when_no_window_exceeds_the_threshold():
    t = windows("c1", [30, 45, 120, 30])  # a 4x amplicon is far below 20x the median
    assert guard_regions({"tumor": t}, {"tumor": 600}, [("c1", 0, 4000)]) == []


def test_exclusion_bed_joins_touching_depth_windows_and_is_clipped_to_callable():
    t = windows("c1", [30, 900, 30, 30])
    regions = guard_regions(
        {"tumor": t},
        {"tumor": 600},
        [("c1", 500, 3500), ("c2", 0, 1000)],
        merge([("c1", 2000, 2500), ("c2", 900, 5000), ("c3", 0, 10)]),
    )
    got = [(r.chrom, r.start, r.end, r.reason) for r in regions]
    # c1: the window 1000-2000 touches the excluded 2000-2500: one region with both reasons;
    # c2: clipped at the callable end; c3: not callable, nothing to skip
    assert got == [("c1", 1000, 2500, "tumor_depth+exclude_bed"), ("c2", 900, 1000, "exclude_bed")]


def test_high_depth_outside_callable_sequence_is_not_reported():
    t = windows("c1", [900, 30])
    assert guard_regions({"tumor": t}, {"tumor": 600}, [("c1", 1000, 2000)]) == []


def test_merge_and_subtract():
    assert merge([("a", 5, 10), ("a", 0, 5), ("a", 20, 30), ("a", 25, 26)]) == [
        ("a", 0, 10),
        ("a", 20, 30),
    ]
    assert subtract([("a", 0, 100), ("b", 0, 10)], [("a", 10, 20), ("a", 90, 200)]) == [
        ("a", 0, 10),
        ("a", 20, 90),
        ("b", 0, 10),
    ]


def per_base_weight(chunk, tables):
    """The weight of a chunk computed base by base (an independent oracle)."""
    total = 0
    for c, s, e in chunk:
        for pos in range(s, e):
            d = sum(dep for rows in tables.values() for wc, ws, we, dep in rows
                    if wc == c and ws <= pos < we)  # fmt: skip
            total += int(round(d)) + 1
    return total


def test_depth_weighted_chunks_cover_every_base_once_and_balance_weight():
    tables = {
        "tumor": windows("c1", [10, 10, 200, 10, 10, 10, 10, 10], size=100)
        + windows("c2", [10, 10, 10, 10], size=100),
        "normal": windows("c1", [10] * 8, size=100) + windows("c2", [10] * 4, size=100),
    }
    callable_ = [("c1", 0, 250), ("c1", 300, 800), ("c2", 50, 400)]
    chunks = depth_weighted_chunks(callable_, tables, 4)
    assert len(chunks) == 4 and all(chunks)
    bases = [(c, p) for chunk in chunks for c, s, e in chunk for p in range(s, e)]
    expected = [(c, p) for c, s, e in callable_ for p in range(s, e)]
    assert bases == expected  # every callable base exactly once, in order
    weights = [per_base_weight(ch, tables) for ch in chunks]
    share = sum(weights) / 4
    # each chunk within one base's weight (the heaviest base: 211) of an equal share
    assert all(abs(w - share) <= 211 for w in weights), weights
    # the deep window makes its chunk short in bases: balanced by depth, not by bases
    assert sum(e - s for c, s, e in chunks[0]) < sum(e - s for c, s, e in chunks[-1])


def test_depth_weighted_chunks_never_leave_a_chunk_empty():
    tables = {"tumor": windows("c1", [5000, 0, 0], size=2)}
    chunks = depth_weighted_chunks([("c1", 0, 6)], tables, 4)
    assert all(chunks)
    assert [iv for ch in chunks for iv in ch][0][1] == 0
    assert sum(e - s for ch in chunks for _, s, e in ch) == 6
    with pytest.raises(ValueError, match="cannot fill 4"):
        depth_weighted_chunks([("c1", 0, 3)], tables, 4)


def test_uniform_depth_gives_equal_bases():
    tables = {"tumor": windows("c1", [30] * 10)}
    chunks = depth_weighted_chunks([("c1", 0, 10_000)], tables, 4)
    assert [sum(e - s for _, s, e in ch) for ch in chunks] == [2500] * 4


def test_header_lines_state_rule_threshold_and_regions():
    t = windows("c1", [30, 900, 30, 800, 30])
    regions = guard_regions({"tumor": t}, {"tumor": 600}, [("c1", 0, 5000)], [("c1", 4500, 4600)])
    g = Guard(20, 1000, {"tumor": 30}, regions, "cfg/black list.bed", ["RUNX1"])
    lines = g.header_lines(max_listed=2)
    head = lines[0]
    assert head.startswith("##alwgs_depth_guard=<") and head.endswith(">")
    fields = dict(kv.split("=", 1) for kv in head[len("##alwgs_depth_guard=<") : -1].split(","))
    assert fields["max_depth_x_median"] == "20"
    assert fields["tumor_median_depth"] == "30"
    assert fields["tumor_max_window_depth"] == "600"
    assert fields["freebayes_skip_coverage"] == "600"
    assert fields["skipped_regions"] == "3"
    assert fields["listed_regions"] == "2"
    assert fields["skipped_bp"] == "2100"
    assert fields["panel_genes_skipped"] == "RUNX1"
    assert fields["exclude_bed"] == "black list.bed"
    assert lines[1:] == [
        "##alwgs_depth_guard_region=<ID=skip1,chrom=c1,start=1001,end=2000,"
        "reason=tumor_depth,tumor_max_window_depth=900.0>",
        "##alwgs_depth_guard_region=<ID=skip2,chrom=c1,start=3001,end=4000,"
        "reason=tumor_depth,tumor_max_window_depth=800.0>",
    ]
    assert Guard(20, 1000, {"tumor": 30}, []).header_lines()[0].count("skipped_bp=0") == 1


def test_panel_genes_hit_by_skipped_regions():
    regions = guard_regions({"tumor": windows("c1", [900, 30])}, {"tumor": 600}, [("c1", 0, 2000)])
    spans = [("c1", 990, 1500, "RUNX1"), ("c1", 1000, 1500, "NPM1"), ("c2", 0, 10, "FLT3")]
    assert panel_genes_hit(regions, spans) == ["RUNX1"]


def test_exclude_bed_checked_at_intake(tmp_path):
    lengths = {"chr1": 1000}
    good = tmp_path / "ok.bed"
    good.write_text("# blacklist\nchr1\t0\t10\tname\n")
    assert check_exclude_bed(str(good), "ok.bed", lengths) == 1
    for text, field, line in (
        ("chr2\t0\t10\n", "chrom", 1),
        ("chr1\t0\tx\n", "end", 1),
        ("#c\nchr1\t10\t5\n", "end", 2),
        ("chr1\t0\t1001\n", "end", 1),
    ):
        bad = tmp_path / "bad.bed"
        bad.write_text(text)
        with pytest.raises(IntakeError) as err:
            check_exclude_bed(str(bad), "bad.bed", lengths)
        assert (err.value.file, err.value.row, err.value.field) == ("bad.bed", line, field)


def test_report_limitation_names_skipped_regions_and_panel_genes(tmp_path):
    from alwgs.report.context.depth_guard import depth_guard_limitations

    t = windows("c1", [30, 900, 30])
    regions = guard_regions({"tumor": t}, {"tumor": 600}, [("c1", 0, 3000)])
    path = tmp_path / "guard.json"
    Guard(20, 1000, {"tumor": 30}, regions, None, ["RUNX1"]).write_json(path)
    [text] = depth_guard_limitations(path)
    assert "1 region(s), 1,000 bp" in text and "20x" in text
    assert "c1:1,001-2,000 (tumor depth)" in text
    assert "panel genes: RUNX1" in text and "600 reads" in text
    Guard(20, 1000, {"tumor": 30}, []).write_json(path)
    assert depth_guard_limitations(path) == []
    assert "not available" in depth_guard_limitations(tmp_path / "missing.json")[0]


def test_exclude_bed_is_made_absolute_and_checked_by_load_batch(tmp_path):
    from alwgs.intake import load_batch
    from test_intake import intake_error, make_batch, where

    config = make_batch(tmp_path)
    assert load_batch(config, tmp_path).config["small_variants"]["depth_guard"] == {
        "max_depth_x_median": 20,
        "window_bp": 1000,
        "exclude_bed": None,
        "max_listed_regions": 100,
    }
    contig = (tmp_path / "ref/genome.fa").read_text().split()[0][1:]
    (tmp_path / "black.bed").write_text(f"{contig}\t0\t10\n")
    config["small_variants"]["depth_guard"] = {"exclude_bed": "black.bed"}
    guard = load_batch(config, tmp_path).config["small_variants"]["depth_guard"]
    assert guard["exclude_bed"] == str(tmp_path / "black.bed")
    config["small_variants"]["depth_guard"] = {"exclude_bed": "missing.bed"}
    err = intake_error(tmp_path, config)
    assert where(err) == ("config", None, "small_variants.depth_guard.exclude_bed")
    (tmp_path / "bad.bed").write_text("chrUn\t0\t10\n")
    config["small_variants"]["depth_guard"] = {"exclude_bed": "bad.bed"}
    assert where(intake_error(tmp_path, config)) == ("bad.bed", 1, "chrom")
