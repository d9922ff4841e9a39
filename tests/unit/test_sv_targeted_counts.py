"""Targeted read-pair counts (alwgs.sv.targeted_counts) on BAMs aligned by the real bwa mem +
samtools: a hand-built reference with a unique "anchor" gene and two nearly identical tandem
arrays on two contigs (only the last unit of each an annotated copy of the partner, as DUX4 in
the D4Z4 array), reads simulated from it, and chimeric pairs anchor <-> array unit whose array
mates bwa can only place with MAPQ 0, on any unit. The partner region counted is the arrays
found from the sequence (alwgs.sv.partner_regions). Also the knowledge file's checks and the
supported count's way into the lesions and ICC."""

import random
import re
import runpy
import shutil
import subprocess
from dataclasses import replace
from types import SimpleNamespace

import pysam
import pytest
from alwgs.interpret.knowledge import load_tiers, load_who_icc
from alwgs.interpret.lesions import fusion_lesions
from alwgs.interpret.who_icc import classify
from alwgs.report.context.structural import fusion_section, targeted_limitations
from alwgs.sv.fusions import FUSION_COLUMNS
from alwgs.sv.genes import Gene, GeneIndex, read_genes
from alwgs.sv.known_fusions import (
    KnownFusion,
    TargetedRearrangement,
    check_targeted,
    knowledge_paths,
    read_known_fusions,
    read_targeted_rearrangements,
)
from alwgs.sv.normal_support import poisson_cdf
from alwgs.sv.partner_regions import ARRAY, HOMOLOGOUS, PartnerRegion, find, partner_genes
from alwgs.sv.targeted_counts import (
    COLUMNS,
    NOT_SUPPORTED,
    SUPPORTED,
    Settings,
    count,
    evaluate,
    fusion_row,
    p_at_least,
    place,
    read_table,
    supported_rows,
    write_table,
)
from interp_fixtures import KNOWLEDGE, context

needs_tools = pytest.mark.skipif(
    shutil.which("bwa") is None or shutil.which("samtools") is None,
    reason="bwa and samtools needed",
)

RL, INSERT = 100, 350
UNIT = 1000  # one repeat unit (the D4Z4 stand-in)
ROW = TargetedRearrangement("ANCH::REP", "ANCH", "REP", r"^REP(L[0-9]+)?$", 30, 200, "test")
KNOWN = KnownFusion("ANCH", "REP", "enhancer", "B-ALL", "ins(4;14)", 0, "test")
SETTINGS = Settings(min_fragments=5, max_p=0.001, distant_bp=1_000_000, alpha=0.05)


def _seq(rng, n):
    return "".join(rng.choice("ACGT") for _ in range(n))


def _revcomp(s):
    return s[::-1].translate(str.maketrans("ACGT", "TGCA"))


def build_reference():
    """chrA: unique, gene ANCH at 20,001-40,000. chrB: 6 identical units at 15,001-21,000,
    the last one annotated (REPL1). chrC: 4 units of the same with 2 substitutions each at
    12,001-16,000, the last one annotated (REP). chrD: unique sequence where the anchor's
    other distant mates land."""
    rng = random.Random(18)
    unit = _seq(rng, UNIT)
    variant = list(unit)
    for i in (250, 750):
        variant[i] = "A" if unit[i] != "A" else "C"
    unit_c = "".join(variant)
    contigs = {
        "chrA": _seq(rng, 60_000),
        "chrB": _seq(rng, 15_000) + unit * 6 + _seq(rng, 15_000),
        "chrC": _seq(rng, 12_000) + unit_c * 4 + _seq(rng, 12_000),
        "chrD": _seq(rng, 80_000),
    }
    genes = [
        ("chrA", 20_001, 40_000, "ANCH", "+"),
        ("chrB", 15_001 + 5 * UNIT, 15_000 + 6 * UNIT, "REPL1", "+"),
        ("chrC", 12_001 + 3 * UNIT, 12_000 + 4 * UNIT, "REP", "+"),
    ]
    # a gene whose name only contains the pattern's letters: not a copy
    genes.append(("chrD", 5_001, 6_000, "XREP1", "+"))
    return contigs, unit, genes


def write_reference(folder, contigs, genes):
    fa = folder / "ref.fa"
    with open(fa, "w") as fh:
        for name, s in contigs.items():
            fh.write(f">{name}\n" + "".join(s[i : i + 60] + "\n" for i in range(0, len(s), 60)))
    gff = folder / "genes.gff3"
    with open(gff, "w") as fh:
        fh.write("##gff-version 3\n")
        for chrom, start, end, name, strand in genes:
            fh.write(
                f"{chrom}\ttest\tgene\t{start}\t{end}\t.\t{strand}\t.\t"
                f"ID=gene:{name};Name={name};biotype=protein_coding\n"
            )
    subprocess.run(["bwa", "index", str(fa)], check=True, capture_output=True)
    pysam.faidx(str(fa))
    return fa, gff


def _pair(frag):
    """(read1, read2) of a fragment, read1 forward, read2 the reverse strand."""
    return frag[:RL], _revcomp(frag[-RL:])


def simulate(contigs, unit, seed, depth=8, chimeric=0, duplicates=0, distant=20):
    """Pairs at `depth` over every contig; `chimeric` fragments joining an anchor read (inside
    ANCH, reading towards the junction) to a read of the unit (each of the first `duplicates`
    also sequenced a second time: the same sequence under another name); `distant` pairs
    anchor <-> chrD (the background of distant mates)."""
    rng = random.Random(seed)
    pairs = []
    for name, s in contigs.items():
        n = len(s) * depth // (2 * RL)
        for i in range(n):
            # inserts of 300-400 bp: few chance duplicates among the background pairs
            size = rng.randrange(INSERT - 50, INSERT + 51)
            start = rng.randrange(0, len(s) - size)
            frag = s[start : start + size]
            if rng.random() < 0.5:
                frag = _revcomp(frag)
            pairs.append((f"{name}_{i}", *_pair(frag)))
    anchor = contigs["chrA"]
    for i in range(chimeric):
        a = rng.randrange(28_000, 32_000)
        u = rng.randrange(0, UNIT - RL)
        r1, r2 = anchor[a : a + RL], _revcomp(unit[u : u + RL])
        pairs.append((f"chim_{i}", r1, r2))
        if i < duplicates:
            pairs.append((f"chimdup_{i}", r1, r2))
    for i in range(distant):
        a = rng.randrange(21_000, 39_000)
        d = rng.randrange(10_000, 70_000)
        pairs.append((f"dist_{i}", anchor[a : a + RL], _revcomp(contigs["chrD"][d : d + RL])))
    return pairs


def align(folder, fa, pairs, name):
    r1, r2 = folder / f"{name}_1.fq", folder / f"{name}_2.fq"
    q = "I" * RL
    with open(r1, "w") as f1, open(r2, "w") as f2:
        for n, a, b in pairs:
            f1.write(f"@{n}/1\n{a}\n+\n{q}\n")
            f2.write(f"@{n}/2\n{b}\n+\n{q}\n")
    bam = folder / f"{name}.bam"
    # the pipeline's order: bwa mem, fixmate -m, coordinate sort, markdup
    subprocess.run(
        f"set -o pipefail; bwa mem -t 1 -R '@RG\\tID:{name}\\tSM:{name}' {fa} {r1} {r2} 2>/dev/null"
        f" | samtools fixmate -m - - | samtools sort -o {folder / name}.sorted.bam -"
        f" && samtools markdup -s {folder / name}.sorted.bam {bam} 2>/dev/null"
        f" && samtools index {bam}",
        shell=True,
        check=True,
        executable="/bin/bash",
    )
    return bam


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    if shutil.which("bwa") is None or shutil.which("samtools") is None:
        pytest.skip("bwa and samtools needed")
    folder = tmp_path_factory.mktemp("targeted")
    contigs, unit, genes = build_reference()
    fa, gff = write_reference(folder, contigs, genes)
    index = GeneIndex(read_genes(gff))
    lengths = {k: len(v) for k, v in contigs.items()}
    with pysam.FastaFile(str(fa)) as fasta:
        regions, _, _ = find(ROW, partner_genes(ROW, index, lengths), fasta)
    target = place(ROW, index, lengths, regions)
    bams = {
        "tumor": align(folder, fa, simulate(contigs, unit, 1, chimeric=16, duplicates=4), "tumor"),
        "normal": align(folder, fa, simulate(contigs, unit, 2), "normal"),
        "plain": align(folder, fa, simulate(contigs, unit, 3), "plain"),
        # the same chimeras in the normal at the tumor's rate: the normal explains the tumor
        "germline": align(folder, fa, simulate(contigs, unit, 4, chimeric=16), "germline"),
    }
    return {
        "folder": folder,
        "fa": fa,
        "target": target,
        "regions": regions,
        # the annotated copies alone: the region counted before the arrays were found
        "copies_only": place(ROW, index, lengths),
        "bams": bams,
    }


# ------------------------------------------------------------------ placing the target
def read_genes_from(genes):
    return [Gene(n, c, s, e, st, "protein_coding") for c, s, e, n, st in genes]


def test_partner_copies_are_the_matching_genes_with_margin():
    contigs, _, genes = build_reference()
    index = GeneIndex(read_genes_from(genes))
    lengths = {k: len(v) for k, v in contigs.items()}
    t = place(ROW, index, lengths)
    assert (t.anchor.chrom, t.anchor.start, t.anchor.end) == ("chrA", 20_000, 40_000)
    # each annotated unit widened by the margin; XREP1 is no copy; no regions given: the
    # copies are what is counted
    assert [(r.chrom, r.start, r.end, r.label) for r in t.copies] == [
        ("chrB", 20_000 - 200, 21_000 + 200, "REPL1"),
        ("chrC", 15_000 - 200, 16_000 + 200, "REP"),
    ]
    assert t.regions == t.copies and t.partner_bp == 2 * 1_400
    missing = place(replace(ROW, partner_pattern="^NONE$"), index, lengths)
    assert missing.anchor is None and "no gene of the annotation" in missing.why_not
    absent = place(replace(ROW, anchor="NOPE"), index, lengths)
    assert absent.anchor is None and "anchor NOPE" in absent.why_not


def test_a_homolog_inside_the_anchor_is_left_out_and_no_region_is_an_error():
    contigs, _, genes = build_reference()
    index = GeneIndex(read_genes_from(genes))
    lengths = {k: len(v) for k, v in contigs.items()}
    array = PartnerRegion("ANCH::REP", "chrB", 14_800, 21_200, ARRAY, ("REPL1",), 1_000, 6.0)
    inside = PartnerRegion("ANCH::REP", "chrA", 25_000, 27_000, HOMOLOGOUS, (), 1_000, 2.0)
    t = place(ROW, index, lengths, [array, inside])
    assert [(r.chrom, r.start, r.end) for r in t.regions] == [("chrB", 14_800, 21_200)]
    assert t.notes == [
        "left out (inside the anchor): homologous chrA:25001-27000 (2.0 units of 1,000 bp)"
    ]
    with pytest.raises(
        ValueError, match="ANCH::REP: annotated partner copies but no partner region"
    ):
        place(ROW, index, lengths, [])


@needs_tools
def test_the_partner_region_is_both_arrays_found_from_the_sequence(world):
    t = world["target"]
    # every unit of both arrays (+ margin), though only the last unit of each is annotated
    assert [(r.chrom, r.start, r.end) for r in t.regions] == [
        ("chrB", 15_000 - 200, 21_000 + 200),
        ("chrC", 12_000 - 200, 16_000 + 200),
    ]
    assert t.partner_bp == 6_400 + 4_400
    assert t.region_text() == (
        "REPL1 array chrB:14801-21200 (6.0 units of 1,000 bp)"
        " + REP array chrC:11801-16200 (4.0 units of 1,000 bp)"
    )


# ------------------------------------------------------------------ counting on bwa BAMs
@needs_tools
def test_counts_mapq0_mates_once_and_leaves_duplicates_out(world):
    t = world["target"]
    bam = str(world["bams"]["tumor"])
    with pysam.AlignmentFile(bam) as aln:
        c = count(aln, t, SETTINGS.distant_bp)
        mates = {
            r.query_name: r
            for chrom in ("chrB", "chrC")
            for r in aln.fetch(chrom)
            if r.query_name.startswith("chim") and not (r.is_secondary or r.is_supplementary)
        }
        dup_flagged = {
            r.query_name for r in aln.fetch("chrA") if r.is_duplicate and r.query_name[:4] == "chim"
        }
    # 16 chimeric fragments, 4 sequenced twice. markdup flags a twin only when bwa put both
    # MAPQ-0 mates on the same copy; the others are recognised by the count: each once.
    assert len(dup_flagged) + c.duplicates == 4
    assert c.n == 16
    assert len(c.fragments & dup_flagged) == 0
    assert sum(n.startswith("chim_") or n.startswith("chimdup_") for n in c.fragments) == 16
    assert all(n.startswith(("chim_", "chimdup_")) for n in c.fragments)
    # every counted fragment's partner mate sits in the array with MAPQ 0 (6 identical units)
    assert {mates[n].mapping_quality for n in c.fragments} == {0}
    # ... on any unit: the annotated units alone hold only some of them
    with pysam.AlignmentFile(bam) as aln:
        narrow = count(aln, world["copies_only"], SETTINGS.distant_bp)
    assert narrow.n < 10 and narrow.fragments < c.fragments
    # the background pairs to chrD are distant fragments, not support; both kinds are distant
    # (an unflagged twin too: a slightly higher background, never a lower one)
    assert len(c.distant) == 16 + 20 + c.duplicates
    assert 7 < c.depth < 9  # simulated at 8x


@needs_tools
def test_qc_fail_and_secondary_reads_are_not_counted(world, tmp_path):
    t = world["target"]
    src = str(world["bams"]["tumor"])
    out = tmp_path / "flagged.bam"
    changed = []
    with pysam.AlignmentFile(src) as aln, pysam.AlignmentFile(out, "wb", template=aln) as dst:
        for r in aln:
            if r.reference_name == "chrA" and r.query_name in ("chim_5", "chim_6") and r.is_read1:
                r.is_qcfail = r.query_name == "chim_5"
                r.is_secondary = r.query_name == "chim_6"
                changed.append(r.query_name)
            dst.write(r)
    pysam.index(str(out))
    assert sorted(changed) == ["chim_5", "chim_6"]
    with pysam.AlignmentFile(str(out)) as aln:
        c = count(aln, t, SETTINGS.distant_bp)
    assert c.n == 14 and not {"chim_5", "chim_6"} & c.fragments


@needs_tools
def test_anchor_mapq_floor_applies_to_the_anchor_mate(world):
    t = world["target"]
    with pysam.AlignmentFile(str(world["bams"]["tumor"])) as aln:
        # no read has MAPQ above 60: nothing is counted
        strict = replace(t, row=replace(t.row, min_anchor_mapq=61))
        assert count(aln, strict, SETTINGS.distant_bp).n == 0


@needs_tools
def test_paired_tumor_is_supported_and_somatic(world, tmp_path):
    b = world["bams"]
    (res,) = evaluate([world["target"]], str(b["tumor"]), str(b["normal"]), SETTINGS)
    assert res.decision == SUPPORTED
    assert res.tumor.n == 16 and res.normal.n == 0
    # background: 36 distant fragments (+ unflagged twins) x 10,800 bp of copies / 204,000 bp
    assert res.expected == pytest.approx((36 + res.tumor.duplicates) * 10_800 / 204_000)
    assert res.p_value < 1e-8
    assert res.somatic_status == "somatic" and res.power > 0.99
    out = tmp_path / "t.tsv"
    write_table([res], out)
    (row,) = read_table(out)
    assert list(row) == COLUMNS
    assert row["decision"] == SUPPORTED and row["tumor_fragments"] == "16"
    assert row["anchor_chrom"] == "chrA" and 28_000 <= int(row["anchor_pos"]) <= 32_000
    assert row["partner_chrom"] in ("chrB", "chrC")
    assert row["partner_copies"] == "REPL1@chrB:19801-21200;REP@chrC:14801-16200"
    assert row["partner_regions"].startswith("REPL1 array chrB:14801-21200 (6.0 units")
    assert row["partner_bp"] == "10800"
    assert "in the REP partner region (REPL1 array chrB:14801-21200" in row["reason"]
    assert "landing in 10,800 bp (the partner region) at random" in row["reason"]


@needs_tools
def test_tumor_only_is_supported_without_a_somatic_status(world):
    (res,) = evaluate([world["target"]], str(world["bams"]["tumor"]), None, SETTINGS)
    assert res.decision == SUPPORTED
    assert res.somatic_status == "not_assessable" and "no matched normal" in res.reason


@needs_tools
def test_no_chimeras_is_not_supported(world):
    b = world["bams"]
    (res,) = evaluate([world["target"]], str(b["plain"]), str(b["normal"]), SETTINGS)
    assert res.tumor.n == 0 and res.decision == NOT_SUPPORTED
    assert res.values()["somatic_status"] == "."


@needs_tools
def test_a_normal_with_the_same_pairs_explains_the_tumor(world):
    b = world["bams"]
    (res,) = evaluate([world["target"]], str(b["tumor"]), str(b["germline"]), SETTINGS)
    assert res.tumor.n == 16 and res.normal.n == 16
    assert res.expected_from_normal == pytest.approx(16 * res.tumor.depth / res.normal.depth)
    assert res.p_value > 0.1 and res.decision == NOT_SUPPORTED


@needs_tools
def test_too_few_fragments_are_not_supported(world):
    strict = replace(SETTINGS, min_fragments=17)
    (res,) = evaluate([world["target"]], str(world["bams"]["tumor"]), None, strict)
    assert res.decision == NOT_SUPPORTED and "fewer than 17" in res.reason


def test_a_small_p_is_not_rounded_to_zero():
    # 1 - cdf loses everything below ~1e-16: 18 fragments at 0.565 expected printed p 0
    assert p_at_least(18, 0.565) == pytest.approx(3.1495e-21, rel=1e-4)
    assert p_at_least(40, 0.01) > 0
    for k, lam in [(3, 0.111), (5, 2.0), (2, 3.0), (11, 9.9), (10, 9.9)]:
        assert p_at_least(k, lam) == pytest.approx(1 - poisson_cdf(k - 1, lam), rel=1e-9)
    assert p_at_least(0, 1.0) == 1.0 and p_at_least(1, 0.0) == 0.0


class _Namedlist(list):
    """Stand-in for snakemake.io.Namedlist: a list whose items also have names."""

    def __init__(self, **named):
        super().__init__(named.values())
        for k, v in named.items():
            setattr(self, k, v)

    def get(self, key, default=None):
        return getattr(self, key, default)


@needs_tools
def _run(repo_root, script, sm):
    runpy.run_path(
        str(repo_root / "scripts" / script), init_globals={"snakemake": sm}, run_name="__main__"
    )


@needs_tools
def test_rule_scripts_find_the_regions_then_count_in_them(world, repo_root, tmp_path):
    targeted = tmp_path / "targeted.tsv"
    targeted.write_text(
        HEAD + "ANCH::REP\tANCH\tREP\t^REP(L[0-9]+)?$\t30\t200\tX\n"
        "ANCH::NONE\tANCH\tNONE\t^NONE$\t30\t200\tX\n"
    )
    loci = tmp_path / "loci.tsv"
    loci.write_text("# version: 1\n# source: X\nlocus\tmember_pattern\tsource\nIGH\tIGHV.*\tX\n")
    gff3, fa = str(world["folder"] / "genes.gff3"), str(world["fa"])
    regions, regions_log = tmp_path / "regions.tsv", tmp_path / "regions.log"
    sm = SimpleNamespace(
        input=_Namedlist(gff3=gff3, targeted=str(targeted), ref=fa, fai=f"{fa}.fai"),
        output=_Namedlist(tsv=str(regions)),
        log=[str(regions_log)],
    )
    _run(repo_root, "sv_partner_regions.py", sm)
    text = regions_log.read_text()
    assert "copy REPL1 chrB:20001-21000: tandem unit 1,000 bp" in text
    assert "homologous stretch chrC:12001-16000 (4,000 bp, k-mer fraction 0.98" in text
    assert "partner region (10,800 bp): REPL1 array chrB:14801-21200" in text
    assert "ANCH::NONE: no gene of the annotation matches '^NONE$'" in text
    out, log = tmp_path / "t.tsv", tmp_path / "t.log"
    b = world["bams"]
    sm = SimpleNamespace(
        input=_Namedlist(
            aln=[str(b["tumor"]), str(b["normal"])],
            gff3=gff3,
            targeted=str(targeted),
            gene_loci=str(loci),
            regions=str(regions),
            ref=fa,
        ),
        output=_Namedlist(tsv=str(out)),
        params=_Namedlist(tumor="T", normal="N", settings={"min_fragments": 5}, alpha=0.05),
        log=[str(log)],
    )
    _run(repo_root, "sv_targeted_counts.py", sm)
    rows = {r["name"]: r for r in read_table(out)}
    assert rows["ANCH::REP"]["decision"] == SUPPORTED
    assert rows["ANCH::REP"]["tumor_fragments"] == "16"
    assert rows["ANCH::REP"]["somatic_status"] == "somatic"
    assert rows["ANCH::NONE"]["decision"] == "not_assessed"
    text = log.read_text()
    assert "partner copy REPL1 chrB:19801-21200" in text
    assert "counted: REP array chrC:11801-16200 (4.0 units of 1,000 bp)" in text
    assert "no gene of the annotation matches '^NONE$'" in text


# ------------------------------------------------------------- into fusions and ICC
def supported_row(**kw):
    row = dict.fromkeys(COLUMNS, ".") | {
        "name": "IGH::DUX4",
        "anchor": "IGH",
        "partner": "DUX4",
        "partner_regions": "DUX4 array chr4:190100001-190190000 (2.0 units of 3,300 bp)",
        "min_anchor_mapq": "30",
        "tumor_fragments": "16",
        "normal_fragments": "0",
        "normal_depth": "30.0",
        "expected_from_normal": "0",
        "expected": "0.12",
        "p_value": "1e-30",
        "decision": SUPPORTED,
        "somatic_status": "somatic",
        "expected_normal_fragments": "8.00",
        "power": "1.000",
        "anchor_chrom": "chr14",
        "anchor_pos": "105600000",
        "partner_chrom": "chr4",
        "partner_pos": "190180000",
        "reason": "somatic: normal 0 of 8.0 expected",
    }
    return row | kw


def test_supported_count_becomes_the_known_fusion_and_icc_dux4_entity():
    known = {k.name: k for k in read_known_fusions(KNOWLEDGE / "known_fusions.tsv").rows}
    frow = fusion_row(supported_row(), known["IGH::DUX4"], FUSION_COLUMNS)
    assert list(frow) == FUSION_COLUMNS
    assert (frow["gene5"], frow["gene3"], frow["fusion"]) == ("IGH", "DUX4", "IGH::DUX4")
    assert (frow["chrom1"], frow["chrom2"]) == ("chr14", "chr4")
    assert frow["callers"] == "targeted_count" and frow["paired_reads"] == "16"
    assert "junction not resolved" in frow["note"] and "p 1e-30" in frow["note"]
    assert "<-> DUX4 region DUX4 array chr4:190100001-190190000 (2.0 units" in frow["note"]
    tiers = load_tiers(KNOWLEDGE / "amp_tiers.yaml")
    (lesion,), others = fusion_lesions([frow], tiers)
    assert not others
    assert lesion.id == "IGH::DUX4" and lesion.genes == ("IGH", "DUX4")
    assert lesion.evidence[0]["evidence"] == "targeted read count"
    assert any("breakpoints, the orientation" in n for n in lesion.notes)
    out = classify(load_who_icc(KNOWLEDGE / "who_icc2022.yaml"), context("B-ALL", [lesion]))
    assert out["icc2022"]["entity"] == "B-ALL with DUX4 rearrangement"


def test_only_supported_counts_no_caller_names_join_the_fusions():
    known = {k.name: k for k in read_known_fusions(KNOWLEDGE / "known_fusions.tsv").rows}
    weak = supported_row(decision=NOT_SUPPORTED)
    notes = []
    assert supported_rows([weak], [], known, FUSION_COLUMNS, notes) == []
    (added,) = supported_rows([supported_row()], [], known, FUSION_COLUMNS, notes)
    assert added["fusion"] == "IGH::DUX4" and not notes
    caller_row = dict(added, callers="delly")
    assert supported_rows([supported_row()], [caller_row], known, FUSION_COLUMNS, notes) == []
    assert notes == ["IGH::DUX4: a junction of the callers names it; the count not added"]


def test_the_report_prints_the_count_and_its_limitation():
    known = {k.name: k for k in read_known_fusions(KNOWLEDGE / "known_fusions.tsv").rows}
    frow = fusion_row(supported_row(), known["IGH::DUX4"], FUSION_COLUMNS)
    interp = {"lesions": [{"id": "IGH::DUX4", "kind": "fusion", "tier": "I"}]}
    (shown,) = fusion_section(interp, [frow], [], [])["rows"]
    assert shown["tier"] == "I" and shown["paired_reads"] == 16
    assert shown["callers"].startswith("targeted_count (targeted read count: 16 fragments IGH")
    assert "normal 0" in shown["callers"] and "p 1e-30" in shown["callers"]
    assert shown["somatic_status_text"].startswith("somatic (0 of 8.00 expected")
    (limit,) = targeted_limitations([frow])
    assert limit.startswith("IGH::DUX4 rests on a targeted read-pair count (16 fragments")
    assert "not resolved" in limit
    assert targeted_limitations([dict(frow, callers="delly")]) == []


# ------------------------------------------------------------------ knowledge file
def test_shipped_targeted_rows_name_known_fusions(repo_root):
    targeted = read_targeted_rearrangements(
        repo_root / "config/knowledge/targeted_rearrangements.tsv"
    )
    known = read_known_fusions(repo_root / "config/knowledge/known_fusions.tsv")
    check_targeted(targeted, known)
    (row,) = targeted.rows
    assert (row.name, row.anchor, row.partner) == ("IGH::DUX4", "IGH", "DUX4")
    rx = re.compile(row.partner_pattern)
    assert all(rx.search(n) for n in ("DUX4", "DUX4L1", "DUX4L9"))
    assert not any(rx.search(n) for n in ("DUX4C", "DUXA", "IGH", "XDUX4"))


HEAD = (
    "# version: 1\n# source: X\n"
    "name\tanchor\tpartner\tpartner_pattern\tmin_anchor_mapq\tmargin_bp\tsource\n"
)


@pytest.mark.parametrize(
    "line,message",
    [
        ("IGH-DUX4\tIGH\tDUX4\t^DUX4$\t30\t0\tX", "line 4: name 'IGH-DUX4' is not GENE5::GENE3"),
        ("IGH::DUX4\tIGK\tDUX4\t^DUX4$\t30\t0\tX", "line 4: anchor IGK and partner DUX4"),
        ("IGH::DUX4\tIGH\tDUX4\t^DUX4(\t30\t0\tX", "line 4: partner_pattern"),
        ("IGH::DUX4\tIGH\tDUX4\t^DUXA$\t30\t0\tX", "does not match the partner DUX4"),
        ("IGH::DUX4\tIGH\tDUX4\t.*\t30\t0\tX", "also matches the anchor IGH"),
        ("IGH::DUX4\tIGH\tDUX4\t^DUX4$\tx\t0\tX", "line 4: min_anchor_mapq 'x'"),
        ("IGH::DUX4\tIGH\tDUX4\t^DUX4$\t30\t-1\tX", "line 4: margin_bp '-1'"),
        ("IGH::DUX4\tIGH\tDUX4\t^DUX4$\t30\t0\t", "line 4: source is empty"),
    ],
)
def test_bad_rows_name_file_line_and_field(tmp_path, line, message):
    path = tmp_path / "t.tsv"
    path.write_text(HEAD + line + "\n")
    with pytest.raises(ValueError, match=re.escape(message)):
        read_targeted_rearrangements(path)


def test_a_row_not_on_the_known_list_stops_the_batch(tmp_path, repo_root):
    path = tmp_path / "t.tsv"
    path.write_text(HEAD + "DUX4::IGH\tIGH\tDUX4\t^DUX4$\t30\t0\tX\n")
    sv = {
        "known_fusions": "config/knowledge/known_fusions.tsv",
        "ptd_genes": "config/knowledge/ptd_genes.tsv",
        "gene_loci": "config/knowledge/gene_loci.tsv",
        "targeted_rearrangements": str(path),
    }
    with pytest.raises(ValueError, match=r"sv.targeted_rearrangements: .*line 4: name DUX4::IGH"):
        knowledge_paths(sv, repo_root)
    ok = dict(sv, targeted_rearrangements="config/knowledge/targeted_rearrangements.tsv")
    assert knowledge_paths(ok, repo_root)["targeted_rearrangements"].endswith(
        "targeted_rearrangements.tsv"
    )
