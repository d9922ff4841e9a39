"""Copy-number events: level (chromosome / arm / focal), noise handling, snapping to SV
breakpoints, sex chromosomes, cnLOH."""

from dataclasses import replace

import pytest
from alwgs.cnv.baf import Snp
from alwgs.cnv.events import (
    EVENT_COLUMNS,
    absorb_short,
    baseline_cn,
    call_events,
    infer_sex,
    read_cns,
    read_events,
    write_events,
)
from alwgs.cnv.svtable import Sv
from alwgs.contig_roles import ContigRoles
from cnv_fixtures import LENGTH, ROLES, SETTINGS, bins, cytobands, neutral_genome, seg

GENES = {"chr9": [(24_000, 26_000, "CDKN2A"), (70_000, 80_000, "ABL1")]}


def run(segments, sex="female", settings=SETTINGS, **kw):
    kw.setdefault("roles", ROLES)
    return call_events(segments, bins(), cytobands(), sex, settings, **kw)


def with_chrom(sex, chrom, pieces):
    """The neutral genome with ``chrom`` replaced by segments (start, end, cn[, log2])."""
    return neutral_genome(sex, skip=(chrom,)) + [seg(chrom, *p) for p in pieces]


def test_neutral_genome_gives_no_event():
    assert run(neutral_genome("female")) == []
    assert run(neutral_genome("male"), sex="male") == []


def test_whole_chromosome_loss_and_gain():
    events = run(with_chrom("female", "chr7", [(0, LENGTH, 1)]) + [])
    assert [(e.event, e.level, e.type, e.start, e.end, e.copy_number) for e in events] == [
        ("-7", "chromosome", "loss", 0, LENGTH, 1)
    ]
    gain = run(with_chrom("female", "chr8", [(0, LENGTH, 3)]))
    assert [(e.event, e.level, e.type) for e in gain] == [("+8", "chromosome", "gain")]


def test_arm_level_loss_keeps_interstitial_edges():
    # 60% of the q arm's bins (q arm 55-100 kb has 45 bins; 60-87 kb = 27 bins)
    events = run(
        with_chrom("female", "chr5", [(0, 60_000, 2), (60_000, 87_000, 1), (87_000, LENGTH, 2)])
    )
    assert len(events) == 1
    e = events[0]
    assert (e.event, e.level, e.arm, e.start, e.end) == ("del(5q)", "arm", "q", 60_000, 87_000)


def test_terminal_arm_loss_reaches_the_telomere():
    events = run(with_chrom("female", "chr17", [(0, 45_000, 1), (55_000, LENGTH, 2)]))
    assert [(e.event, e.start, e.end) for e in events] == [("del(17p)", 0, 45_000)]


def test_arm_gain_is_named_dup():
    events = run(with_chrom("female", "chr1", [(0, 55_000, 2), (55_000, LENGTH, 3)]))
    assert [(e.event, e.level, e.end) for e in events] == [("dup(1q)", "arm", LENGTH)]


def test_focal_loss_is_named_by_band_and_lists_genes():
    events = run(
        with_chrom("female", "chr9", [(0, 20_000, 2), (20_000, 30_000, 0), (30_000, LENGTH, 2)]),
        genes=GENES,
    )
    assert [(e.event, e.level, e.copy_number, e.genes) for e in events] == [
        ("del(9)(p13)", "focal", 0, ["CDKN2A"])
    ]


def test_arm_and_chromosome_events_list_only_panel_genes():
    events = run(with_chrom("female", "chr9", [(0, LENGTH, 1)]), genes=GENES, panel={"ABL1"})
    assert events[0].genes == ["ABL1"]


def test_fraction_thresholds_come_from_settings():
    # 82 of chr9's 90 bins lost: chromosome-level at 0.9, not at 0.95 (then both arms >= 0.5)
    pieces = [(0, 8_000, 2), (8_000, LENGTH, 1)]
    assert run(with_chrom("female", "chr9", pieces))[0].level == "chromosome"
    strict = replace(SETTINGS, chromosome_fraction=0.95)
    event = run(with_chrom("female", "chr9", pieces), settings=strict)[0]
    assert (event.level, event.event) == ("arm", "del(9)(p22q34)")
    # 60% of an arm: arm-level at 0.5, focal at 0.7
    arm = [(0, 60_000, 2), (60_000, 87_000, 1), (87_000, LENGTH, 2)]
    assert run(with_chrom("female", "chr5", arm))[0].level == "arm"
    assert (
        run(with_chrom("female", "chr5", arm), settings=replace(SETTINGS, arm_fraction=0.7))[
            0
        ].level
        == "focal"
    )


def test_short_segment_is_noise():
    events = run(
        with_chrom("female", "chr9", [(0, 20_000, 2), (20_000, 25_000, 1), (25_000, LENGTH, 2)])
    )
    assert events == []
    # the same 5 bins are an event once min_bins allows it
    events = run(
        with_chrom("female", "chr9", [(0, 20_000, 2), (20_000, 25_000, 1), (25_000, LENGTH, 2)]),
        settings=replace(SETTINGS, min_bins=5),
    )
    assert [e.event for e in events] == ["del(9)(p13)"]


def test_weak_change_is_dropped():
    pieces = [(0, 20_000, 2), (20_000, 40_000, 1, -0.1), (40_000, LENGTH, 2)]
    assert run(with_chrom("female", "chr9", pieces)) == []
    pieces = [(0, 20_000, 2), (20_000, 40_000, 1, -0.3), (40_000, LENGTH, 2)]
    assert len(run(with_chrom("female", "chr9", pieces))) == 1


def test_ragged_edges_join_the_event():
    # HMM often cuts a homozygous deletion's partial edge bins off as one-copy pieces
    pieces = [
        (0, 18_000, 2),
        (18_000, 20_000, 1),
        (20_000, 35_000, 0),
        (35_000, 38_000, 1),
        (38_000, LENGTH, 2),
    ]
    events = run(with_chrom("female", "chr9", pieces))
    assert [(e.start, e.end, e.copy_number, e.bins) for e in events] == [(18_000, 38_000, 0, 20)]


def test_long_nested_segments_stay_separate():
    pieces = [(0, 10_000, 2), (10_000, 20_000, 1), (20_000, 30_000, 0), (30_000, 40_000, 1)]
    events = run(with_chrom("female", "chr9", pieces + [(40_000, LENGTH, 2)]))
    assert [(e.start, e.end, e.copy_number) for e in events] == [
        (10_000, 20_000, 1),
        (20_000, 30_000, 0),
        (30_000, 40_000, 1),
    ]


def test_absorb_short_prefers_neighbour_changing_the_same_way():
    segs = [
        seg("chr9", 0, 30_000, 3),
        seg("chr9", 30_000, 33_000, 1),
        seg("chr9", 33_000, LENGTH, 1),
    ]
    out = absorb_short(segs, 2, 8)
    assert [(s.start, s.end, s.cn) for s in out] == [(0, 30_000, 3), (30_000, LENGTH, 1)]


def test_male_x_at_one_copy_is_normal_but_female_x_at_one_copy_is_a_loss():
    assert baseline_cn("chrX", "male", ROLES) == 1
    assert baseline_cn("chrY", "female", ROLES) is None
    assert run(neutral_genome("male"), sex="male") == []
    events = run(with_chrom("female", "chrX", [(0, LENGTH, 1)]))
    assert [e.event for e in events] == ["-X"]
    lost_y = run(with_chrom("male", "chrY", [(0, LENGTH, 0, -5.0)]), sex="male")
    assert [e.event for e in lost_y] == ["-Y"]


def test_female_y_is_not_assessed():
    segments = neutral_genome("female", skip=("chrY",)) + [seg("chrY", 0, LENGTH, 3, 1.0)]
    assert run(segments) == []


# SV snapping ------------------------------------------------------------------------------


def deletion_pieces():
    return [(0, 20_000, 2), (20_000, 30_000, 1), (30_000, LENGTH, 2)]


def sv(id_, svtype, pos1, pos2, chrom="chr9", filt="PASS"):
    strands = {"DEL": ("+", "-"), "DUP": ("-", "+")}[svtype]
    return Sv(id_, svtype, chrom, pos1, strands[0], chrom, pos2, strands[1], filt)


def test_loss_snaps_to_a_deletion_within_the_window():
    svs = [sv("SV1", "DEL", 20_700, 29_101)]
    events = run(with_chrom("female", "chr9", deletion_pieces()), svs=svs)
    assert [(e.start, e.end, e.sv_support) for e in events] == [(20_700, 29_100, "SV1")]


def test_no_snap_beyond_the_window_or_to_the_wrong_type():
    far = [sv("SV1", "DEL", 25_000, 29_101)]  # 5 kb = 5 bins away, window is 4 bins
    events = run(with_chrom("female", "chr9", deletion_pieces()), svs=far)
    assert (events[0].start, events[0].sv_support) == (20_000, ".")
    dup = [sv("SV2", "DUP", 20_700, 29_100)]
    events = run(with_chrom("female", "chr9", deletion_pieces()), svs=dup)
    assert events[0].sv_support == "."


def test_snap_prefers_pass_then_closest():
    svs = [
        sv("CLOSE_FILTERED", "DEL", 20_100, 30_001, filt="MinSupport"),
        sv("FAR", "DEL", 21_500, 28_501),
        sv("NEAR", "DEL", 20_500, 29_501),
    ]
    events = run(with_chrom("female", "chr9", deletion_pieces()), svs=svs)
    assert events[0].sv_support == "NEAR"


def test_gain_snaps_to_tandem_duplication():
    pieces = [(0, 60_000, 2), (60_000, 75_000, 3), (75_000, LENGTH, 2)]
    svs = [sv("SV9", "DUP", 59_201, 75_600)]
    events = run(with_chrom("female", "chr9", pieces), svs=svs)
    assert [(e.start, e.end, e.type, e.sv_support) for e in events] == [
        (59_200, 75_600, "gain", "SV9")
    ]


# cnLOH ------------------------------------------------------------------------------------


def snps(chrom, start, end, baf, step=1_000):
    return [Snp(chrom, p + 1, baf, 60) for p in range(start, end, step)]


def test_cnloh_run_in_a_two_copy_segment():
    het = snps("chr17", 0, 45_000, 0.52, 500) + snps("chr17", 56_000, 100_000, 0.5, 500)
    het = [replace(s, baf=0.88) if s.pos < 40_000 else s for s in het]
    events = run(neutral_genome("female"), snps=het)
    assert [(e.type, e.level, e.event, e.copy_number) for e in events] == [
        ("cnloh", "arm", "cnLOH(17p)", 2)
    ]
    assert events[0].baf == pytest.approx(0.88)


def test_balanced_snps_and_single_outliers_give_no_cnloh():
    het = snps("chr17", 0, 100_000, 0.5, 500)
    het[10] = replace(het[10], baf=0.98)
    het[30] = replace(het[30], baf=0.02)
    assert run(neutral_genome("female"), snps=het) == []


def test_imbalance_inside_a_loss_is_not_cnloh():
    het = snps("chr7", 0, 100_000, 0.85, 500)
    events = run(with_chrom("female", "chr7", [(0, LENGTH, 1)]), snps=het)
    assert [e.type for e in events] == ["loss"]
    assert events[0].baf == pytest.approx(0.85)


def test_cnloh_can_be_switched_off_while_baf_is_kept():
    het = snps("chr17", 0, 45_000, 0.88, 500)
    assert run(neutral_genome("female"), snps=het, cnloh_snps=[]) == []


# Readers, writers -------------------------------------------------------------------------


def test_infer_sex_from_y_copy_number():
    assert infer_sex(neutral_genome("male"), ROLES) == "male"
    assert infer_sex(neutral_genome("female"), ROLES) == "female"
    assert infer_sex(neutral_genome("female", skip=("chrY",)), ROLES) == "unknown"
    # no Y declared: nothing to infer from, whatever the contigs are called
    assert infer_sex(neutral_genome("male")) == "unknown"


def test_sex_chromosomes_come_from_roles_not_names():
    """Without declared X/Y every contig is two-copy: a male's chrX at one copy is then a
    loss, not a baseline the name would have suggested. Declared under another name, the X
    gets the haploid baseline of a male."""
    male = neutral_genome("male", skip=("chrY",))
    assert [e.event for e in run(male, sex="male", roles=ContigRoles())] == ["-X"]
    assert baseline_cn("chrX", "male") == 2
    renamed = ContigRoles(ROLES.autosomes, "chr22", "")
    assert baseline_cn("chr22", "male", renamed) == 1
    assert baseline_cn("chrX", "male", renamed) == 2


def test_read_cns_and_events_round_trip(tmp_path):
    cns = tmp_path / "t.call.cns"
    cns.write_text(
        "chromosome\tstart\tend\tgene\tlog2\tbaf\tcn\tcn1\tcn2\tdepth\tnbaf\tprobes\tweight\n"
        "chr7\t300\t99700\t-\t-0.98\t0.1\t1\t1\t0\t50\t30\t90\t88\n"
        "chrX\t300\t99700\t-\t-0.01\t\t2\t\t\t80\t0\t90\t88\n"
    )
    segments = read_cns(cns)
    assert [(s.chrom, s.cn, s.bins) for s in segments] == [("chr7", 1, 90), ("chrX", 2, 90)]
    events = run(neutral_genome("female", skip=("chr7", "chrX")) + segments)
    out = tmp_path / "events.tsv"
    write_events(events, out)
    assert out.read_text().splitlines()[0].split("\t") == EVENT_COLUMNS
    back = read_events(out)
    assert [(e.event, e.start, e.end, e.copy_number, e.log2) for e in back] == [
        ("-7", 0, LENGTH, 1, pytest.approx(-0.98))
    ]
