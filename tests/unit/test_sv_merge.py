"""Merging the callers' junctions, soft filters and the sv.tsv table."""

from alwgs import par
from alwgs.sv.merge import apply_filters, merge_calls, read_sv_table, write_sv_table
from alwgs.sv.vcf_breakends import Breakends

RANKS = {"chr5": 4, "chr9": 8, "chr11": 10, "chr22": 21, "chrX": 22, "chrY": 23}
# GRCh38's PARs (config/reference/par.tsv)
GRCH38_PARS = par.from_config(
    [
        {"name": "PAR1", "x": "chrX:10001-2781479", "y": "chrY:10001-2781479"},
        {"name": "PAR2", "x": "chrX:155701383-156030895", "y": "chrY:56887903-57217415"},
    ]
)


def bnd(c1, p1, s1, c2, p2, s2, caller="delly", split=10, pairs=10, known=True):
    return Breakends(c1, p1, s1, c2, p2, s2, caller, f"{caller}{p1}", split, pairs,
                     strands_known=known)  # fmt: skip


def test_same_deletion_from_two_callers_is_one_event_with_largest_support():
    events = merge_calls(
        [
            bnd("chr5", 28669, "+", "chr5", 57139, "-", "delly", split=20, pairs=26),
            bnd("chr5", 28670, "+", "chr5", 57139, "-", "tiddit", split=29, pairs=24),
        ],
        500,
        RANKS,
    )
    assert len(events) == 1
    e = events[0]
    assert e.callers == ["delly", "tiddit"]
    assert (e.split_reads, e.paired_reads) == (29, 26)
    assert (e.pos1, e.svtype, e.id) == (28669, "DEL", "SV0001")  # delly's breakpoint


def test_coordinates_follow_the_configured_caller_order():
    calls = [
        bnd("chr5", 28669, "+", "chr5", 57139, "-", "delly"),
        bnd("chr5", 28700, "+", "chr5", 57100, "-", "tiddit"),
    ]
    assert merge_calls(calls, 500, RANKS, ["tiddit", "delly"])[0].pos1 == 28700


def test_different_types_at_the_same_place_stay_apart():
    events = merge_calls(
        [
            bnd("chr5", 1000, "+", "chr5", 9000, "-"),  # deletion
            bnd("chr5", 1000, "-", "chr5", 9000, "+"),  # tandem duplication
        ],
        500,
        RANKS,
    )
    assert sorted(e.svtype for e in events) == ["DEL", "DUP"]


def test_far_breakpoints_stay_apart():
    events = merge_calls(
        [
            bnd("chr5", 1000, "+", "chr5", 9000, "-"),
            bnd("chr5", 1000, "+", "chr5", 9501, "-", "tiddit"),
        ],
        500,
        RANKS,
    )
    assert len(events) == 2
    assert [e.callers for e in events] == [["delly"], ["tiddit"]]


def test_a_bnd_written_from_each_end_is_one_event():
    events = merge_calls(
        [
            bnd("chr9", 165085, "+", "chr22", 32884, "-", "tiddit", known=False),
            bnd("chr22", 32884, "-", "chr9", 165085, "+", "tiddit", known=False),
        ],
        500,
        RANKS,
    )
    assert len(events) == 1
    assert (events[0].chrom1, events[0].chrom2) == ("chr9", "chr22")


def test_reciprocal_junctions_stay_two_events_and_tiddit_joins_the_matching_one():
    events = merge_calls(
        [
            bnd("chr22", 32883, "+", "chr9", 165085, "-", "delly"),
            bnd("chr22", 32884, "-", "chr9", 165084, "+", "delly"),
            bnd("chr9", 165085, "+", "chr22", 32884, "-", "tiddit", split=49, known=False),
        ],
        500,
        RANKS,
    )
    assert len(events) == 2
    by_strand = {(e.strand1, e.strand2): e for e in events}
    assert by_strand[("+", "-")].callers == ["delly", "tiddit"]
    assert by_strand[("+", "-")].split_reads == 49
    assert by_strand[("-", "+")].callers == ["delly"]


def test_unoriented_call_joins_a_nearby_junction_even_with_other_strands():
    # An inverted translocation (+ +): tiddit writes it as + - anyway.
    events = merge_calls(
        [
            bnd("chr9", 5000, "+", "chr22", 8000, "+", "delly"),
            bnd("chr9", 5010, "+", "chr22", 8010, "-", "tiddit", known=False),
        ],
        500,
        RANKS,
    )
    assert len(events) == 1
    assert (events[0].strand1, events[0].strand2) == ("+", "+")
    assert events[0].callers == ["delly", "tiddit"]


def test_unoriented_call_alone_stays_with_its_strands():
    events = merge_calls(
        [bnd("chr9", 5010, "+", "chr22", 8010, "-", "tiddit", known=False)], 500, RANKS
    )
    assert (events[0].strand1, events[0].strand2, events[0].callers) == ("+", "-", ["tiddit"])


def test_events_are_sorted_and_numbered_in_reference_order():
    events = merge_calls(
        [
            bnd("chr22", 100, "+", "chr22", 5000, "-"),
            bnd("chr5", 100, "+", "chr5", 5000, "-"),
        ],
        500,
        RANKS,
    )
    assert [(e.id, e.chrom1) for e in events] == [("SV0001", "chr5"), ("SV0002", "chr22")]


def test_filters():
    [small] = merge_calls([bnd("chr5", 1000, "+", "chr5", 1500, "-", split=1, pairs=2)], 500, RANKS)
    assert apply_filters(small, 1000, 5, 2) == "MinSize;MinSupport;MinSplitReads"
    assert apply_filters(small, 100, 3, 1) == "PASS"
    [dup] = merge_calls([bnd("chr11", 1000, "-", "chr11", 1500, "+")], 500, RANKS)
    dup.genes1, dup.genes2 = ["KMT2A"], ["KMT2A"]
    assert apply_filters(dup, 1000, 5, 0) == "PASS"  # intragenic duplication: size exempt
    dup.genes2 = ["OTHER"]
    assert apply_filters(dup, 1000, 5, 0) == "MinSize"
    [tra] = merge_calls([bnd("chr9", 10, "+", "chr22", 20, "-")], 500, RANKS)
    assert apply_filters(tra, 10**9, 5, 0) == "PASS"  # no size between chromosomes


def test_a_par_edge_junction_of_x_and_y_is_filtered_as_constitutional():
    """A male's fragments across Y's PAR1 edge: the PAR mate maps to X (Y's PAR is masked),
    the other to Y just past the edge. Either end order, either PAR, within 1 kb of the edge."""
    [par1] = merge_calls([bnd("chrX", 2781400, "+", "chrY", 2781600, "-")], 500, RANKS)
    assert apply_filters(par1, 1000, 5, 2, GRCH38_PARS) == "ParBoundary"
    assert apply_filters(par1, 1000, 5, 2) == "PASS"  # no PARs configured: kept
    [par2] = merge_calls([bnd("chrX", 155701500, "-", "chrY", 56887800, "+")], 500, RANKS)
    assert apply_filters(par2, 1000, 5, 2, GRCH38_PARS) == "ParBoundary"
    # X's PAR1 edge joined to a place on Y far from its edge: a real event, kept
    [far] = merge_calls([bnd("chrX", 2781400, "+", "chrY", 12000000, "-")], 500, RANKS)
    assert apply_filters(far, 1000, 5, 2, GRCH38_PARS) == "PASS"
    # the PAR1 deletion of P2RY8::CRLF2 (inside X's PAR1): kept
    [crlf2] = merge_calls([bnd("chrX", 1200000, "+", "chrX", 1500000, "-")], 500, RANKS)
    assert apply_filters(crlf2, 1000, 5, 2, GRCH38_PARS) == "PASS"


def test_sv_table_round_trip(tmp_path):
    events = merge_calls(
        [
            bnd("chr9", 165084, "+", "chr22", 32884, "-", "delly"),
            bnd("chr9", 165085, "+", "chr22", 32884, "-", "tiddit"),
        ],
        500,
        RANKS,
    )
    events[0].genes1, events[0].genes2 = ["ABL1"], ["BCR"]
    path = tmp_path / "sv.tsv"
    write_sv_table(events, path)
    header = path.read_text().splitlines()[0].split("\t")
    assert header == [
        "id", "svtype", "chrom1", "pos1", "strand1", "chrom2", "pos2", "strand2", "callers",
        "split_reads", "paired_reads", "filter", "genes1", "genes2",
    ]  # fmt: skip
    back = read_sv_table(path)
    assert back == events
    assert path.read_text().splitlines()[1].split("\t")[8] == "delly,tiddit"
