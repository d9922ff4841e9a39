"""Unit tests of the demo simulator's model (scripts/alwgs/sim): indel normalisation, cell
genomes and their events, expected VAFs, gene models, GFF3 phases, cytobands and arms.

Hand-made sequences carry their expected answers in comments; the mini genome is the `tiny`
scale built with the generator's default seed (the same genome as the `ci` scale).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import numpy as np
import pytest
from alwgs.sim.catalog import CHROMOSOMES, CLINVAR_HOTSPOTS, GENE_BY_NAME, GENES
from alwgs.sim.cells import CellGenome, Population, SmallVariant, expected_vaf, materialize
from alwgs.sim.dna import CODON_TABLE, revcomp, translate
from alwgs.sim.generate import SEED
from alwgs.sim.genome import Genome, build_genome
from alwgs.sim.patients import (
    build_clones,
    define_patients,
    plant_germline_deletion,
    populations,
)
from alwgs.sim.reference_files import cytobands, write_cytobands, write_gff3
from alwgs.sim.scales import SCALES
from alwgs.sim.variants import cds_duplication, codon_change, left_align


@pytest.fixture(scope="module")
def genome() -> Genome:
    return build_genome(SEED, SCALES["tiny"])


# --------------------------------------------------------------------------- left_align


def _apply(seq: str, pos: int, ref: str, alt: str) -> str:
    assert seq[pos : pos + len(ref)] == ref, f"REF {ref} does not match the sequence at {pos}"
    return seq[:pos] + alt + seq[pos + len(ref) :]


@pytest.mark.parametrize(
    "seq, pos, ref, alt, expected",
    [
        # 0123456: one T inserted after the last T of the run TTTT -> anchored on the A (1).
        ("GATTTTC", 5, "T", "TT", (1, "A", "AT")),
        # an insertion that is not in a repeat stays where it is.
        ("GATTTTC", 5, "T", "TG", (5, "T", "TG")),
        # 01234567: CA inserted after the last A of CACACA (6) -> rotates back to the G (0).
        ("GCACACAT", 6, "A", "ACA", (0, "G", "GCA")),
        # 0123456: one T of the run deleted at its end (ref TT at 4) -> anchored on the A (1).
        ("GATTTTC", 4, "TT", "T", (1, "AT", "A")),
        # 01234567: the last CA of CACACA deleted (ref ACA at 4) -> GCA deleted to G at 0.
        ("GCACACAT", 4, "ACA", "A", (0, "GCA", "G")),
        # 0123456789A: last CGT of ACGTCGTCGTA deleted (ref TCGT at 6) -> A at 0 anchors CGT.
        ("ACGTCGTCGTA", 6, "TCGT", "T", (0, "ACGT", "A")),
        # a deletion outside any repeat does not move.
        ("ACGTAGCT", 3, "TAG", "T", (3, "TAG", "T")),
        # SNVs pass through untouched.
        ("ACGTAGCT", 3, "T", "G", (3, "T", "G")),
    ],
)
def test_left_align_hand_made(seq, pos, ref, alt, expected):
    got = left_align(seq, pos, ref, alt)
    assert got == expected, f"left_align({seq}, {pos}, {ref}, {alt}) = {got}, want {expected}"
    # the normalised record describes the same haplotype as the input record
    assert _apply(seq, *got) == _apply(seq, pos, ref, alt)


def _leftmost(seq: str, hap: str, ref_len: int, alt_len: int) -> int:
    """Brute force: smallest anchor position of an indel of this size giving `hap`."""
    for p in range(len(seq)):
        if alt_len > ref_len:  # insertion after p
            ins = hap[p + 1 : p + alt_len]
            if seq[: p + 1] + ins + seq[p + 1 :] == hap:
                return p
        elif seq[: p + 1] + seq[p + ref_len :] == hap:
            return p
    raise AssertionError("no representation found")


def test_left_align_is_leftmost_and_keeps_the_haplotype():
    rng = np.random.default_rng(7)
    for trial in range(400):
        unit = "".join(rng.choice(list("ACGT"), int(rng.integers(1, 4))))
        seq = (
            "".join(rng.choice(list("ACGT"), 6))
            + unit * int(rng.integers(2, 6))
            + "".join(rng.choice(list("ACGT"), 6))
        )
        pos = int(rng.integers(1, len(seq) - 5))
        size = int(rng.integers(1, 4))
        if trial % 2:
            ref, alt = seq[pos : pos + size + 1], seq[pos]
        else:
            ref, alt = seq[pos], seq[pos] + "".join(rng.choice(list("ACGT"), size))
        hap = _apply(seq, pos, ref, alt)
        p, r, a = left_align(seq, pos, ref, alt)
        assert _apply(seq, p, r, a) == hap, f"{seq} {pos} {ref}>{alt}: haplotype changed"
        assert len(r) == len(ref) and len(a) == len(alt) and r[0] == a[0]
        assert p == _leftmost(seq, hap, len(ref), len(alt)), (
            f"{seq} {pos} {ref}>{alt}: left_align gave {p}, leftmost is "
            f"{_leftmost(seq, hap, len(ref), len(alt))}"
        )


# --------------------------------------------------------------------------- CellGenome

LENGTHS = {"chrA": 100, "chrB": 50, "chrX": 80, "chrY": 40}


def _pieces(g: CellGenome, chrom: str, hap: int) -> list[list]:
    return [der for der in g.chromosomes if any(c == chrom and h == hap for c, h, _, _ in der)]


def test_germline_copies_by_sex():
    male = CellGenome.germline(LENGTHS, "male")
    female = CellGenome.germline(LENGTHS, "female")
    for chrom, m, f in (("chrA", 2, 2), ("chrB", 2, 2), ("chrX", 1, 2), ("chrY", 1, 0)):
        assert male.copies_at(chrom, 10) == m, f"male {chrom}"
        assert female.copies_at(chrom, 10) == f, f"female {chrom}"
    assert sorted(map(tuple, male.chromosomes)) == sorted(
        [
            (("chrA", 0, 0, 100),),
            (("chrA", 1, 0, 100),),
            (("chrB", 0, 0, 50),),
            (("chrB", 1, 0, 50),),
            (("chrX", 0, 0, 80),),
            (("chrY", 0, 0, 40),),
        ]
    )


def test_lose_and_gain():
    g = CellGenome.germline(LENGTHS, "female")
    g.lose("chrA", 1)
    assert g.copies_at("chrA", 50) == 1
    assert g.copies_at("chrA", 50, hap=1) == 0 and g.copies_at("chrA", 50, hap=0) == 1
    assert _pieces(g, "chrA", 1) == []
    with pytest.raises(ValueError):
        g.lose("chrA", 1)  # nothing left to lose
    g.gain("chrB", 0)
    assert g.copies_at("chrB", 0) == 3 and g.copies_at("chrB", 49, hap=0) == 2
    assert _pieces(g, "chrB", 0) == [[("chrB", 0, 0, 50)], [("chrB", 0, 0, 50)]]
    assert g.copies_at("chrB", 50) == 0  # half-open end


def test_fixed_yield_keeps_the_read_count_of_normal_cells():
    """A near-haploid tumor is sequenced to the reads the lab ordered: per copy it gets
    about twice the depth, so its mean depth over the reference stays the scale's depth."""
    from alwgs.sim.generate import yield_factor

    normal = CellGenome.germline(LENGTHS, "female")
    haploid = normal.copy()
    for chrom in ("chrA", "chrB", "chrX"):
        haploid.lose(chrom, 1)
    assert haploid.length() * 2 == normal.length() == 2 * (100 + 50 + 80)
    pops = [Population("normal", 0.2, normal, ()), Population("founder", 0.8, haploid, ())]
    factor = yield_factor(pops)
    assert factor == pytest.approx(460 / (0.2 * 460 + 0.8 * 230))
    # reads drawn = per-copy depth x weighted DNA: the same as from normal cells alone
    assert factor * (0.2 * 460 + 0.8 * 230) == pytest.approx(460)
    assert yield_factor([Population("normal", 1.0, normal, ())]) == 1.0


def test_copy_is_independent():
    g = CellGenome.germline(LENGTHS, "female")
    h = g.copy()
    h.delete("chrA", 0, 10, 20)
    h.lose("chrB", 0)
    assert g.copies_at("chrA", 15) == 2 and g.copies_at("chrB", 5) == 2
    assert h.copies_at("chrA", 15) == 1 and h.copies_at("chrB", 5) == 1


def test_delete_interstitial_and_terminal():
    g = CellGenome.germline(LENGTHS, "female")
    g.delete("chrA", 0, 20, 30)
    assert _pieces(g, "chrA", 0) == [[("chrA", 0, 0, 20), ("chrA", 0, 30, 100)]]
    assert [g.copies_at("chrA", p) for p in (19, 20, 29, 30)] == [2, 1, 1, 2]
    g.delete("chrB", 1, 0, 10)  # terminal: no empty piece is left behind
    assert _pieces(g, "chrB", 1) == [[("chrB", 1, 10, 50)]]
    assert [g.copies_at("chrB", p, hap=1) for p in (0, 9, 10)] == [0, 0, 1]
    with pytest.raises(ValueError, match="crosses a junction"):
        g.delete("chrA", 0, 10, 40)  # 20-30 is already a junction on hap 0


def test_tandem_duplicate():
    g = CellGenome.germline(LENGTHS, "female")
    g.tandem_duplicate("chrA", 1, 40, 60)
    assert _pieces(g, "chrA", 1) == [
        [("chrA", 1, 0, 60), ("chrA", 1, 40, 60), ("chrA", 1, 60, 100)]
    ]
    assert [g.copies_at("chrA", p) for p in (39, 40, 59, 60)] == [2, 3, 3, 2]
    assert g.copies_at("chrA", 50, hap=1) == 2 and g.copies_at("chrA", 50, hap=0) == 1


def test_translocate_is_balanced():
    g = CellGenome.germline(LENGTHS, "female")
    g.translocate("chrA", 0, 40, "chrB", 0, 10)
    ders = [der for der in g.chromosomes if len(der) == 2]
    assert ders == [
        [("chrA", 0, 0, 40), ("chrB", 0, 10, 50)],  # der(A) = A[:40] + B[10:]
        [("chrB", 0, 0, 10), ("chrA", 0, 40, 100)],  # der(B) = B[:10] + A[40:]
    ]
    assert len(g.chromosomes) == 6  # chrA, chrB hap 1, chrX x2 and the two derivatives
    assert [("chrA", 0, 0, 100)] not in g.chromosomes and [("chrB", 0, 0, 50)] not in g.chromosomes
    for chrom, n in LENGTHS.items():
        if chrom in ("chrA", "chrB"):
            assert all(g.copies_at(chrom, p) == 2 for p in range(n)), chrom
    # a later event on a derivative works on the piece that holds the position
    g.delete("chrA", 0, 60, 70)
    assert g.chromosomes[-1] == [("chrB", 0, 0, 10), ("chrA", 0, 40, 60), ("chrA", 0, 70, 100)]
    with pytest.raises(ValueError):
        g.delete("chrB", 0, 5, 15)  # crosses the translocation junction at B:10


# --------------------------------------------------------------------------- materialize

REF = {"chrA": "AAAACCCCGGGGTTTTACGT", "chrB": "GATTACAGAT"}
#          0123456789012345678 9


def _vmap(variants):
    out = defaultdict(list)
    for v in sorted(variants, key=lambda v: v.pos):
        out[(v.chrom, v.hap)].append(v)
    return out


def test_materialize_applies_variants_per_haplotype_and_piece():
    snv = SmallVariant("chrA", 2, "A", "T", 0, "founder", "SNV")
    dele = SmallVariant("chrA", 7, "CGG", "C", 0, "founder", "INDEL")  # deletes GG at 8-9
    ins = SmallVariant("chrA", 13, "T", "TAA", 0, "founder", "INDEL")  # AA after 13
    other_hap = SmallVariant("chrA", 5, "C", "G", 1, "founder", "SNV")
    vmap = _vmap([snv, dele, ins, other_hap])
    assert materialize([("chrA", 0, 0, 20)], REF, vmap) == "AATACCCCGGTTAATTACGT"
    assert materialize([("chrA", 1, 0, 20)], REF, vmap) == "AAAACGCCGGGGTTTTACGT"
    # tandem duplication of 4-10 (CCCCGG): the deletion of GG 8-9 is carried by both copies
    dup = [("chrA", 0, 0, 10), ("chrA", 0, 4, 10), ("chrA", 0, 10, 20)]
    assert materialize(dup, REF, vmap) == "AATACCCC" + "CCCC" + "GGTTAATTACGT"
    # translocation der(A) = A[:12] + B[3:]: variants right of the break are not on it
    der = [("chrA", 0, 0, 12), ("chrB", 0, 3, 10)]
    assert materialize(der, REF, vmap) == "AATACCCCGG" + "TACAGAT"
    # a variant whose REF straddles the end of a piece is dropped, not half-applied
    assert materialize([("chrA", 0, 6, 9)], REF, vmap) == "CCG"


# --------------------------------------------------------------------------- expected_vaf


def _pops(tumor: CellGenome, purity: float, sub_fraction: float | None = None):
    lengths = {"chrA": 1000, "chrB": 1000}
    normal = Population("normal", 1 - purity, CellGenome.germline(lengths, "female"), ())
    if sub_fraction is None:
        return [normal, Population("founder", purity, tumor, ("founder",))]
    return [
        normal,
        Population("founder", purity * (1 - sub_fraction), tumor, ("founder",)),
        Population("sub1", purity * sub_fraction, tumor, ("founder", "sub1")),
    ]


def _tumor():
    return CellGenome.germline({"chrA": 1000, "chrB": 1000}, "female")


def test_expected_vaf_het_snv_diploid():
    v = SmallVariant("chrA", 500, "A", "T", 0, "founder", "SNV")
    assert expected_vaf(v, _pops(_tumor(), 0.8)) == pytest.approx(0.4)


def test_expected_vaf_loh_by_deletion_of_the_other_haplotype():
    t = _tumor()
    t.delete("chrA", 0, 400, 600)  # one-copy deletion of hap 0
    on_kept = SmallVariant("chrA", 500, "A", "T", 1, "founder", "SNV")
    on_lost = SmallVariant("chrA", 500, "A", "T", 0, "founder", "SNV")
    outside = SmallVariant("chrA", 700, "A", "T", 1, "founder", "SNV")
    pops = _pops(t, 0.8)
    # alt 0.8 * 1 copy; total 0.2 * 2 + 0.8 * 1 = 1.2
    assert expected_vaf(on_kept, pops) == pytest.approx(0.8 / 1.2)
    assert expected_vaf(on_lost, pops) == pytest.approx(0.0)
    assert expected_vaf(outside, pops) == pytest.approx(0.4)
    germ = SmallVariant("chrA", 500, "A", "T", 1, "germline", "SNV")
    # germline het on the kept haplotype: (0.2 * 1 + 0.8 * 1) / 1.2
    assert expected_vaf(germ, pops) == pytest.approx(1.0 / 1.2)


def test_expected_vaf_subclone_and_gain():
    sub = SmallVariant("chrA", 500, "A", "T", 0, "sub1", "SNV")
    # 40% of the tumor cells (purity 0.8) carry sub1: 0.32 * 1 / 2
    assert expected_vaf(sub, _pops(_tumor(), 0.8, 0.4)) == pytest.approx(0.16)
    t = _tumor()
    t.gain("chrB", 1)
    on_gained = SmallVariant("chrB", 10, "A", "T", 1, "founder", "SNV")
    # alt 0.8 * 2; total 0.2 * 2 + 0.8 * 3 = 2.8
    assert expected_vaf(on_gained, _pops(t, 0.8)) == pytest.approx(1.6 / 2.8)


def test_patient_populations_and_planted_vafs(genome):
    patients = {p.id: p for p in define_patients(genome)}
    for p in patients.values():
        build_clones(p, genome)
        pops = populations(p, genome, tumor=True)
        assert sum(x.weight for x in pops) == pytest.approx(1.0), p.id
        assert all(x.weight >= 0 for x in pops), p.id
    vafs = {}
    for pid in ("P01", "P03"):
        p = patients[pid]
        pops = populations(p, genome, tumor=True)
        vafs.update({v.label: expected_vaf(v, pops) for v in p.somatic})
    assert vafs["DNMT3A p.R882H"] == pytest.approx(0.4)  # founder het, purity 0.8, diploid
    assert vafs["FLT3-ITD 102 bp"] == pytest.approx(0.8 * 0.62 / 2)  # sub1 share 0.62
    # TP53 R248Q on hap 1 with del(17p) of hap 0, purity 0.7: 0.7 / (0.3 * 2 + 0.7)
    assert vafs["TP53 p.R248Q"] == pytest.approx(0.7 / 1.3)


def test_germline_deletion_is_in_tumor_and_normal_and_clear_of_germline_variants(genome):
    p06 = {p.id: p for p in define_patients(genome)}["P06"]
    build_clones(p06, genome)
    plant_germline_deletion(p06, genome, [])
    (free,) = p06.germline_structural
    # a germline SNV inside that window pushes the deletion elsewhere
    snv = SmallVariant(free["chrom"], free["start"] + 100, "A", "G", 1, "germline", "SNV")
    build_clones(p06, genome)
    plant_germline_deletion(p06, genome, [snv])
    (ev,) = p06.germline_structural
    assert (ev["hap"], ev["end"] - ev["start"], ev["status"]) == (0, 2500, "germline")
    assert ev["start"] != free["start"]
    assert not (ev["chrom"] == snv.chrom and ev["start"] - 100 <= snv.pos < ev["end"] + 100)
    chrom = ev["chrom"]
    c = genome.contigs[chrom]
    assert chrom != "chr11"  # P06's KMT2A-PTD chromosome
    assert not c.masked[ev["start"] - 400 : ev["end"] + 400].any()
    assert all(
        g.end + 5000 <= ev["start"] - 400 or ev["end"] + 400 <= g.start - 5000 for g in c.genes
    )
    mid = (ev["start"] + ev["end"]) // 2
    for pop in populations(p06, genome, tumor=True):  # normal cells and every clone
        assert pop.genome.copies_at(chrom, mid, 0) == 0, pop.name
        assert pop.genome.copies_at(chrom, mid, 1) == 1, pop.name
        assert pop.genome.copies_at(chrom, ev["start"] - 1, 0) == 1, pop.name
    (normal,) = populations(p06, genome, tumor=False)
    assert normal.genome.copies_at(chrom, mid) == 1


# --------------------------------------------------------------------------- gene models


def test_named_codons_are_translated(genome):
    # spot checks with the real residues
    for gene, codon, aa in (("DNMT3A", 882, "R"), ("FLT3", 835, "D"), ("TP53", 248, "R")):
        assert genome.gene(gene).protein()[codon - 1] == aa, f"{gene} {codon}"
    for spec in GENES:
        m = genome.gene(spec.name)
        protein = m.protein()
        assert len(protein) == spec.protein_length + 1, spec.name
        assert protein[0] == "M", f"{spec.name}: no start codon"
        assert protein[-1] == "*", f"{spec.name}: no stop codon"
        assert "*" not in protein[:-1], f"{spec.name}: internal stop at {protein.index('*') + 1}"
        for codon, real in spec.codons.items():
            assert protein[codon - 1] == CODON_TABLE[real], (
                f"{spec.name} codon {codon}: {protein[codon - 1]}, want {CODON_TABLE[real]}"
            )


def test_clinvar_hotspots_change_the_named_residue(genome):
    for gene, codon, alt_codon, hgvs, _ in CLINVAR_HOTSPOTS:
        m = genome.gene(gene)
        v = codon_change(genome, gene, codon, alt_codon, hap=0, clone="-")
        seq = genome.contigs[m.spec.chrom].seq
        mutated = seq[: v.pos] + v.alt + seq[v.pos + 1 :]
        cds = _cds_from_contig(m, mutated)
        ref_aa, alt_aa = hgvs[2], hgvs[-1]
        assert int(hgvs[3:-1]) == codon
        assert m.protein()[codon - 1] == ref_aa, f"{gene} {hgvs}: reference residue"
        assert translate(cds)[codon - 1] == alt_aa, f"{gene} {hgvs}: mutated residue"


def test_npm1_type_a_duplication_is_the_named_frameshift(genome):
    v = cds_duplication(genome, "NPM1", 860, 863, "INDEL", hap=0, clone="founder")
    m = genome.gene("NPM1")
    assert m.strand == "+" and len(v.alt) - len(v.ref) == 4, v
    seq = genome.contigs["chr5"].seq
    mutated = seq[: v.pos] + v.alt + seq[v.pos + len(v.ref) :]
    # splice the mutated contig: exons right of the insertion move by 4 bases
    exons = [(s + 4 * (s > v.pos), e + 4 * (e > v.pos)) for s, e in m.exon_genomic()]
    tx = "".join(mutated[s:e] for s, e in exons)
    protein = translate(tx[m.cds_start_tx :]).split("*")[0] + "*"
    # p.W288Cfs*12: residues 1-287 unchanged, C at 288, the stop is the 12th new codon
    assert protein[:287] == m.protein()[:287]
    assert protein[287:] == "CLAVEEVSLRK*", protein[280:]


def _cds_from_contig(m, contig_seq: str) -> str:
    parts = []
    for s, e in m.exon_genomic():
        parts.append(contig_seq[s:e])
    tx = "".join(parts) if m.strand == "+" else "".join(revcomp(p) for p in parts)
    return tx[m.cds_start_tx : m.cds_start_tx + m.cds_len]


def _parse_gff3(path: Path) -> dict[str, dict[str, list[tuple]]]:
    """transcript ID -> feature type -> [(start, end, strand, phase)] (1-based, closed)."""
    out: dict[str, dict[str, list[tuple]]] = defaultdict(lambda: defaultdict(list))
    for line in path.read_text().splitlines():
        if line.startswith("#"):
            continue
        chrom, _, kind, start, end, _, strand, phase, attrs = line.split("\t")
        a = dict(kv.split("=", 1) for kv in attrs.split(";"))
        key = a["ID"] if kind in ("gene", "mRNA") else a["Parent"]
        out[key][kind].append((chrom, int(start), int(end), strand, phase))
    return out


def test_gff3_exons_and_cds_phases(genome, tmp_path):
    path = tmp_path / "genes.gff3"
    write_gff3(genome, path)
    gff = _parse_gff3(path)
    for spec in GENES:
        m = genome.gene(spec.name)
        contig = genome.contigs[spec.chrom].seq
        feats = gff[f"transcript:{spec.name}-201"]
        (gene_row,) = gff[f"gene:{spec.name}"]["gene"]
        assert gene_row[:4] == (spec.chrom, m.start + 1, m.end, spec.strand), spec.name
        exons = sorted(feats["exon"], key=lambda r: r[1], reverse=spec.strand == "-")
        assert len(exons) == spec.exons, spec.name
        for a, b in zip(exons, exons[1:], strict=False):  # introns between exons
            assert (a[2] < b[1]) if spec.strand == "+" else (b[2] < a[1]), spec.name
        cds = sorted(feats["CDS"], key=lambda r: r[1], reverse=spec.strand == "-")
        done, seq = 0, ""
        for chrom, s, e, strand, phase in cds:
            assert chrom == spec.chrom and strand == spec.strand
            assert any(x[1] <= s and e <= x[2] for x in exons), f"{spec.name}: CDS outside exon"
            assert int(phase) == (3 - done % 3) % 3, (
                f"{spec.name} CDS {s}-{e}: phase {phase} after {done} coding bases"
            )
            piece = contig[s - 1 : e]
            seq += piece if strand == "+" else revcomp(piece)
            # the phase-th base starts a codon: same frame as the transcript model
            done += e - s + 1
        assert done == m.cds_len, spec.name
        assert translate(seq) == m.protein(), f"{spec.name}: GFF3 CDS does not encode the model"
        # UTRs flank the CDS on the right side of the transcript
        utr5, utr3 = feats["five_prime_UTR"], feats["three_prime_UTR"]
        assert utr5 and utr3, spec.name
        if spec.strand == "+":
            assert max(r[2] for r in utr5) < cds[0][1] and cds[-1][2] < min(r[1] for r in utr3)
        else:
            assert min(r[1] for r in utr5) > cds[0][2] and cds[-1][1] > max(r[2] for r in utr3)


# --------------------------------------------------------------------------- cytobands, arms


def test_cytobands_cover_each_contig_with_one_acen_pair(genome, tmp_path):
    path = tmp_path / "cytobands.tsv"
    write_cytobands(genome, path)
    rows = [line.split("\t") for line in path.read_text().splitlines()]
    assert [tuple(r) for r in rows] == [tuple(map(str, r)) for r in cytobands(genome)]
    by_chrom = defaultdict(list)
    for chrom, start, end, band, stain in rows:
        by_chrom[chrom].append((int(start), int(end), band, stain))
    assert list(by_chrom) == list(genome.contigs), "contig order differs from the FASTA"
    for name, c in genome.contigs.items():
        bands = by_chrom[name]
        assert bands[0][0] == 0 and bands[-1][1] == c.length, f"{name}: ends not covered"
        for a, b in zip(bands, bands[1:], strict=False):
            assert a[1] == b[0], f"{name}: gap or overlap between {a} and {b}"
        assert all(s < e for s, e, _, _ in bands), name
        acen = [i for i, b in enumerate(bands) if b[3] == "acen"]
        assert len(acen) == 2 and acen[1] == acen[0] + 1, f"{name}: acen bands {acen}"
        p_cen, q_cen = bands[acen[0]], bands[acen[1]]
        assert p_cen[2].startswith("p") and q_cen[2].startswith("q"), name
        assert (p_cen[0], q_cen[1]) == (c.cen_start, c.cen_end), name
        assert all(b[2].startswith("p") for b in bands[: acen[0]]), name
        assert all(b[2].startswith("q") for b in bands[acen[1] + 1 :]), name


def test_genes_lie_on_their_real_arm_and_band(genome):
    bands = cytobands(genome)
    for spec in GENES:
        m = genome.gene(spec.name)
        c = genome.contigs[spec.chrom]
        real_arm = "p" if spec.position_mb < CHROMOSOMES[spec.chrom][1] else "q"
        assert spec.band[0] == real_arm, f"catalog: {spec.name} band {spec.band} vs position"
        assert c.arm_of(m.start) == real_arm and c.arm_of(m.end - 1) == real_arm, (
            f"{spec.name} at {spec.chrom}:{m.start}-{m.end} is not on {real_arm} "
            f"(centromere {c.cen_start}-{c.cen_end})"
        )
        assert m.end <= c.cen_start or m.start >= c.cen_end, f"{spec.name} in the centromere"
        hit = {b[3] for b in bands if b[0] == spec.chrom and b[1] < m.end and b[2] > m.start}
        assert hit == {spec.band}, f"{spec.name}: bands {hit}, real band {spec.band}"
    # genes keep their real order along each contig
    for name, c in genome.contigs.items():
        by_pos = sorted(c.genes, key=lambda g: g.start)
        assert [g.name for g in by_pos] == [
            g.name for g in sorted(c.genes, key=lambda g: GENE_BY_NAME[g.name].position_mb)
        ], name
