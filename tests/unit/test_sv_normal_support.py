"""Somatic status of an SV junction from the matched normal's reads (alwgs.sv.normal_support),
on pysam-built BAMs shaped like real ones: a thin normal (3x, 8x) with and without split and
discordant support, a soft-clipped split read without SA tag, duplicates, low-MAPQ reads,
supplementary records. Counts, depth, power and label are asserted exactly."""

import math

import pysam
import pytest
from alwgs.sv.normal_support import (
    FUSION_STATUS_COLUMNS,
    GERMLINE,
    NOT_ASSESSABLE,
    SOMATIC,
    STATUS_COLUMNS,
    Junction,
    Settings,
    assess,
    combined,
    count_support,
    insert_window,
    label,
    poisson_cdf,
)

READ = 100
LENGTHS = {"chr1": 12000, "chr2": 8000}
# chr1:10000 (+, the sequence left of it) joined to chr2:5000 (-, the sequence right of it).
BND = Junction("chr1", 10000, "+", "chr2", 5000, "-")


class Bam:
    """Records of one sample, written as a sorted, indexed BAM."""

    def __init__(self):
        self.header = pysam.AlignmentHeader.from_dict(
            {
                "HD": {"VN": "1.6", "SO": "coordinate"},
                "SQ": [{"SN": c, "LN": n} for c, n in LENGTHS.items()],
            }
        )
        self.records = []
        self.fragments = []  # (chrom, start0, end0) of every counted read, for depth by hand

    def read(self, name, chrom, start, cigar, reverse, mate, flags=0, mapq=60, tags=(), seq=None):
        """One record; start 0-based; mate = (chrom, start, reverse) or None."""
        a = pysam.AlignedSegment(self.header)
        a.query_name = name
        a.reference_name = chrom
        a.reference_start = start
        a.cigarstring = cigar
        length = sum(int(n) for n, op in _ops(cigar) if op in "MIS=X")
        a.query_sequence = seq or "A" * length
        a.query_qualities = pysam.qualitystring_to_array("I" * length)
        a.mapping_quality = mapq
        a.flag = flags | (16 if reverse else 0)
        if mate:
            a.flag |= 1 | (32 if mate[2] else 0)
            a.next_reference_name = mate[0]
            a.next_reference_start = mate[1]
        for k, v in tags:
            a.set_tag(k, v)
        self.records.append(a)
        return a

    def pair(self, name, c1, s1, c2, s2, flags=0, mapq=60, cig1=f"{READ}M", tags1=()):
        """read1 forward at (c1, s1), read2 reverse at (c2, s2)."""
        proper = 2 if c1 == c2 and 0 < s2 - s1 < 1000 else 0
        tlen = s2 + READ - s1 if proper else 0
        r1 = self.read(name, c1, s1, cig1, False, (c2, s2, True), flags | proper | 64, mapq, tags1)
        r2 = self.read(name, c2, s2, f"{READ}M", True, (c1, s1, False), flags | proper | 128, mapq)
        r1.template_length, r2.template_length = tlen, -tlen
        return r1, r2

    def background(self, step, inserts=(300,)):
        """Ordinary pairs every `step` bp on both chromosomes: 2*READ/step reads over each
        base (exactly, for a step dividing READ)."""
        for chrom, n in LENGTHS.items():
            for k, s in enumerate(range(0, n - 400, step)):
                insert = inserts[k % len(inserts)]
                self.pair(f"bg_{chrom}_{s}", chrom, s, chrom, s + insert - READ)

    def write(self, path):
        tmp = str(path) + ".unsorted.bam"
        with pysam.AlignmentFile(tmp, "wb", header=self.header) as out:
            for r in self.records:
                out.write(r)
        pysam.sort("-o", str(path), tmp)
        pysam.index(str(path))
        return str(path)


def _ops(cigar):
    n = ""
    for ch in cigar:
        if ch.isdigit():
            n += ch
        else:
            yield n, ch
            n = ""


def split_fragment(bam, name, flags=0):
    """A fragment across the junction: read1 forward chr1 9951-10000 then 50 clipped bases
    aligned (SA) at chr2 5000-5049, with a supplementary record there; read2 reverse at chr2
    5201-5300."""
    bam.pair(
        name,
        "chr1",
        9950,
        "chr2",
        5200,
        flags,
        cig1="50M50S",
        tags1=[("SA", "chr2,5000,+,50S50M,60,0;")],
    )
    bam.read(name, "chr2", 4999, "50H50M", False, ("chr2", 5200, True), flags | 1 | 64 | 2048)


def discordant_fragment(bam, name, s1, s2, flags=0, mapq=60):
    """read1 forward chr1 left of 10000, read2 reverse chr2 right of 5000: no split."""
    bam.pair(name, "chr1", s1, "chr2", s2, flags, mapq)


def tumor_bam(tmp_path):
    """~20 fragments per position plus 10 split and 10 discordant fragments of BND."""
    bam = Bam()
    bam.background(10)
    for i in range(10):
        split_fragment(bam, f"t_split{i}")
        discordant_fragment(bam, f"t_disc{i}", 9700 + 10 * i, 5050 + 10 * i)
    return bam.write(tmp_path / "tumor.bam")


def mean_depth(bam, chrom, pos, strand, window=100):
    """Mean read depth over the `window` bp on the joined side of 1-based pos, by hand from
    the records (usable reads only)."""
    lo, hi = (pos - window, pos) if strand == "+" else (pos - 1, pos - 1 + window)
    bases = 0
    for r in bam.records:
        if r.flag & (256 | 512 | 1024 | 2048) or r.mapping_quality < 20:
            continue
        if r.reference_name == chrom:
            bases += max(0, min(r.reference_end, hi) - max(r.reference_start, lo))
    return bases / window


def depths(bam):
    return mean_depth(bam, "chr1", 10000, "+"), mean_depth(bam, "chr2", 5000, "-")


def test_tumor_counts_and_depth(tmp_path):
    bam = Bam()
    bam.background(10)
    for i in range(10):
        split_fragment(bam, f"t_split{i}")
        discordant_fragment(bam, f"t_disc{i}", 9700 + 10 * i, 5050 + 10 * i)
    path = bam.write(tmp_path / "t.bam")
    with pysam.AlignmentFile(path) as aln:
        window, _ = insert_window(aln, Settings())
        sup = count_support(aln, BND, window, Settings())
    assert window == 300  # every insert 300 bp: MAD 0
    assert (sup.split, sup.discordant, sup.fragments) == (10, 10, 20)
    # chr1:9901-10000: 20 background reads per base, plus 10 split reads over its last 50 bp;
    # chr2:5000-5099: 20, plus discordant mates over 49+39+29+19+9 of its bases
    assert (sup.depth1, sup.depth2) == depths(bam)
    assert (sup.depth1, sup.depth2) == (25.0, 21.45)


def normal_bam(tmp_path, step, support=False):
    bam = Bam()
    bam.background(step)
    if support:
        split_fragment(bam, "n_split")  # split read with SA (and a discordant mate)
        # soft-clipped only, no SA: reverse read starting at chr2:5000, 30 clipped bases
        bam.read("n_clip", "chr2", 4999, "30S70M", True, ("chr1", 9850, False), 1 | 128)
        bam.read("n_clip", "chr1", 9850, f"{READ}M", False, ("chr2", 4999, True), 1 | 64)
        discordant_fragment(bam, "n_disc1", 9700, 5100)
        discordant_fragment(bam, "n_disc2", 9750, 5150)
        discordant_fragment(bam, "n_disc1", 9700, 5100, flags=1024)  # its duplicate
        discordant_fragment(bam, "n_dup_only", 9720, 5120, flags=1024)
        discordant_fragment(bam, "n_lowmq", 9730, 5130, mapq=5)
        bam.read("n_secondary", "chr1", 9740, f"{READ}M", False, ("chr2", 5140, True), 1 | 256)
    return bam, bam.write(tmp_path / f"normal_{step}_{support}.bam")


def expected_power(tumor_frag, tumor_depth, normal_depth, k=1):
    lam = tumor_frag / tumor_depth * normal_depth
    return lam, 1 - sum(math.exp(-lam) * lam**i / math.factorial(i) for i in range(k + 1))


def test_8x_normal_without_support_is_somatic(tmp_path):
    bam, normal = normal_bam(tmp_path, 25)  # 8 fragments over each position
    (st,) = assess([BND], tumor_bam(tmp_path), normal, Settings())
    assert (st.normal.fragments, st.normal.depth1, st.normal.depth2) == (0, 8.0, 8.0)
    # 20 fragments at depth (25 + 21.45) / 2 in the tumor
    lam, power = expected_power(20, 23.225, 8)
    assert st.expected == pytest.approx(lam) == pytest.approx(6.88913, abs=1e-5)
    assert st.power == pytest.approx(power) == pytest.approx(0.99196, abs=1e-5)
    assert st.label == SOMATIC
    v = st.values()
    assert v["status_reason"] == "0 of 6.9 expected supporting fragments in the normal, power 0.99"
    assert (v["normal_fragments"], v["normal_depth"], v["power"]) == ("0", "8.0", "0.992")
    assert list(v) == STATUS_COLUMNS


def test_fusion_status_columns_are_status_columns_closing_the_fusion_table():
    from alwgs.sv.fusions import FUSION_COLUMNS

    assert set(FUSION_STATUS_COLUMNS) < set(STATUS_COLUMNS)
    assert FUSION_COLUMNS[-len(FUSION_STATUS_COLUMNS) :] == list(FUSION_STATUS_COLUMNS)
    assert FUSION_STATUS_COLUMNS[0] == "somatic_status" and len(FUSION_COLUMNS) == 24


def test_3x_normal_without_support_is_not_assessable(tmp_path):
    bam, normal = normal_bam(tmp_path, 67)  # 3x: 2 * 100 / 67 reads per base
    (st,) = assess([BND], tumor_bam(tmp_path), normal, Settings())
    depth = sum(depths(bam)) / 2
    assert st.normal.depth == depth == pytest.approx(2.91)
    lam, power = expected_power(20, 23.225, depth)
    assert st.power == pytest.approx(power) == pytest.approx(0.71392, abs=1e-5)
    assert st.normal.fragments == 0
    assert st.label == NOT_ASSESSABLE
    assert "depth 2.9" in st.reason and "power 0.71 < 0.95" in st.reason


def test_normal_with_split_and_discordant_support_is_germline(tmp_path):
    bam, normal = normal_bam(tmp_path, 25, support=True)
    (st,) = assess([BND], tumor_bam(tmp_path), normal, Settings())
    # split: the SA read and the soft-clipped read (whose pair is discordant too); discordant:
    # the two plain pairs; duplicates, the MAPQ-5 pair and the secondary record not counted.
    assert (st.normal.split, st.normal.discordant, st.normal.fragments) == (2, 2, 4)
    # 8 background reads per base; chr1: + the split read (50 bp) and the clipped read's mate
    # (50 bp); chr2: + the clipped read (70 bp); duplicates, MAPQ 5, secondary not counted
    assert (st.normal.depth1, st.normal.depth2) == depths(bam) == (9.0, 8.7)
    assert st.expected == pytest.approx(20 / 23.225 * 8.85)
    assert st.label == GERMLINE
    assert st.reason.startswith("4 supporting fragment(s) in the normal (2 split, 2 discordant)")


def test_duplicates_alone_give_no_support(tmp_path):
    bam = Bam()
    bam.background(25)
    discordant_fragment(bam, "d1", 9700, 5100, flags=1024)
    discordant_fragment(bam, "d2", 9710, 5110, flags=1024)
    with pysam.AlignmentFile(bam.write(tmp_path / "d.bam")) as aln:
        sup = count_support(aln, BND, 359, Settings())
    assert sup.fragments == 0


def test_one_fragment_is_tumor_in_normal_not_germline(tmp_path):
    bam = Bam()
    bam.background(25)
    discordant_fragment(bam, "tin", 9700, 5100)
    (st,) = assess([BND], tumor_bam(tmp_path), bam.write(tmp_path / "n.bam"), Settings())
    assert st.normal.fragments == 1
    assert st.label == SOMATIC  # max_normal_fragments 1: a few leukemic cells in the normal
    (strict,) = assess(
        [BND], tumor_bam(tmp_path), str(tmp_path / "n.bam"), Settings(max_normal_fragments=0)
    )
    # allowed none: 1 fragment, 10% of the tumor's signal gives 0.64 expected: P(>=1) 0.47
    assert strict.label == NOT_ASSESSABLE
    assert "tumor cells in the normal" in strict.reason


def test_ordinary_pairs_across_a_small_deletion_are_not_support(tmp_path):
    bam = Bam()
    bam.background(10)
    deletion = Junction("chr1", 10000, "+", "chr1", 10150, "-")  # 150 bp, inside one insert
    with pysam.AlignmentFile(bam.write(tmp_path / "n.bam")) as aln:
        sup = count_support(aln, deletion, 359, Settings())
    assert sup.fragments == 0
    assert sup.depth1 == 20.0


def test_tumor_only_and_no_tumor_support():
    (st,) = assess([BND], "unused.bam", None, Settings())
    assert (st.label, st.reason) == (NOT_ASSESSABLE, "no matched normal")
    assert st.values()["power"] == "."
    from alwgs.sv.normal_support import Support

    st = label(Support(depth1=10, depth2=10), Support(depth1=30, depth2=30), Settings())
    assert st.label == NOT_ASSESSABLE
    assert st.reason.startswith("no supporting fragment found in the tumor")


def test_poisson_cdf():
    assert poisson_cdf(0, 3.0) == pytest.approx(math.exp(-3))
    assert poisson_cdf(1, 3.0) == pytest.approx(4 * math.exp(-3))
    assert poisson_cdf(0, 0.0) == 1.0


def test_combined_status_of_two_junctions():
    som = {c: "." for c in STATUS_COLUMNS} | {"somatic_status": SOMATIC, "power": "0.990"}
    na = {c: "." for c in STATUS_COLUMNS} | {"somatic_status": NOT_ASSESSABLE, "power": "0.600"}
    ger = {c: "." for c in STATUS_COLUMNS} | {"somatic_status": GERMLINE, "power": "0.999"}
    assert combined([na, som])["somatic_status"] == SOMATIC
    assert combined([som, ger])["somatic_status"] == GERMLINE
    assert combined([na])["somatic_status"] == NOT_ASSESSABLE
    assert combined([])["status_reason"] == "the SV table carries no somatic status"


def test_settings_reject_unknown_keys():
    with pytest.raises(ValueError, match="unknown key"):
        Settings.from_config({"alpha": 0.05, "alfa": 0.1})


def test_junctions_of_one_event_tested_together():
    """The old ci batch's BCR::ABL1 junctions against its normal thinned to 8x: 0 fragments
    where 3.9 and 3.7 were expected, power 0.90 and 0.89 alone; together 7.6 expected."""

    def junction(expected, frags="0", power="0.900"):
        return {c: "." for c in STATUS_COLUMNS} | {
            "somatic_status": NOT_ASSESSABLE,
            "normal_split": "0",
            "normal_discordant": frags,
            "normal_fragments": frags,
            "normal_depth": "6.5",
            "expected_normal_fragments": expected,
            "power": power,
        }

    rows = [junction("3.90"), junction("3.70", power="0.890")]
    assert combined(rows)["somatic_status"] == NOT_ASSESSABLE  # without settings: each alone
    both = combined(rows, Settings())
    assert both["somatic_status"] == SOMATIC
    assert both["power"] == f"{1 - poisson_cdf(1, 7.6):.3f}" == "0.996"
    assert both["status_reason"] == (
        "0 of 7.6 expected supporting fragments in the normal over the event's 2 junctions,"
        " power 0.99"
    )
    rows = [junction("3.90", frags="1"), junction("3.70", frags="1")]  # 2 > max 1
    assert combined(rows, Settings())["somatic_status"] == NOT_ASSESSABLE
    rows = [junction("1.00"), junction("1.00")]  # 2.0 expected: power 0.59
    assert combined(rows, Settings())["somatic_status"] == NOT_ASSESSABLE


def reference(tmp_path):
    """A random reference of the two contigs, indexed; its sequences by name."""
    import random

    rng = random.Random(7)
    seqs = {c: "".join(rng.choice("ACGT") for _ in range(n)) for c, n in LENGTHS.items()}
    path = tmp_path / "ref.fa"
    path.write_text("".join(f">{c}\n{s}\n" for c, s in seqs.items()))
    pysam.faidx(str(path))
    return str(path), seqs


@pytest.mark.parametrize("clip_from, counted", [("chr1", 1), ("elsewhere", 0), (None, 1)])
def test_soft_clip_counts_when_it_reads_as_the_partner(tmp_path, clip_from, counted):
    """A reverse read starting at chr2:5000 with 30 clipped bases, in an ordinary pair: with
    the reference, it is split-read support only when the clip is chr1:9971-10000 (the
    sequence joined there); without one (None), any clip at the breakpoint counts."""
    fa, seqs = reference(tmp_path)
    clip = seqs["chr1"][9970:10000] if clip_from == "chr1" else seqs["chr2"][3000:3030]
    bam = Bam()
    bam.background(25)
    bam.read("clip", "chr2", 4999, "30S70M", True, ("chr2", 4800, False), 1 | 128,
             seq=clip + seqs["chr2"][4999:5069])  # fmt: skip
    bam.read("clip", "chr2", 4800, f"{READ}M", False, ("chr2", 4999, True), 1 | 64)
    path = bam.write(tmp_path / "n.bam")
    with pysam.AlignmentFile(path) as aln, pysam.FastaFile(fa) as fasta:
        sup = count_support(aln, BND, 300, Settings(), None if clip_from is None else fasta)
    assert (sup.split, sup.fragments) == (counted, counted)


def test_right_clip_at_the_plus_breakpoint_reads_as_the_partner(tmp_path):
    """A forward read ending at chr1:10000 (70M30S): its clip is chr2:5000-5029 when it
    crosses the junction; shifted 5 bp (microhomology, imprecise call) it still matches."""
    fa, seqs = reference(tmp_path)
    bam = Bam()
    bam.background(25)
    for name, clip in (("good", seqs["chr2"][4999:5029]), ("shift", seqs["chr2"][5004:5034])):
        bam.read(name, "chr1", 9930, "70M30S", False, ("chr1", 10150, True), 1 | 64,
                 seq=seqs["chr1"][9930:10000] + clip)  # fmt: skip
    bam.read("bad", "chr1", 9930, "70M30S", False, ("chr1", 10150, True), 1 | 64,
             seq=seqs["chr1"][9930:10000] + seqs["chr1"][500:530])  # fmt: skip
    with pysam.AlignmentFile(bam.write(tmp_path / "n.bam")) as aln, pysam.FastaFile(fa) as fasta:
        sup = count_support(aln, BND, 300, Settings(), fasta)
    assert sup.names == {"good", "shift"}
