"""Unit tests of the cohort's plain genes (alwgs.sim.cohort_genes.PLAIN_GENES) and of the
patients that use them (alwgs.sim.cohort_plain): real placement of each gene, the real codon
at each clinically named codon, truth that names entities and lesion ids the knowledge files
know, and planted events that make the fusion each truth names (5' gene then 3' gene, in
sense, on one derivative chromosome)."""

from __future__ import annotations

import csv

import pytest
import yaml
from alwgs.sim.catalog import CHROMOSOMES, COHORT_CHROMOSOMES, GENE_BY_NAME
from alwgs.sim.cohort_genes import PLAIN_GENES
from alwgs.sim.cohort_plain import define_plain
from alwgs.sim.dna import CODON_TABLE, revcomp
from alwgs.sim.generate import SEED
from alwgs.sim.genome import build_genome
from alwgs.sim.patients import build_clones
from alwgs.sim.reference_files import cytobands
from alwgs.sim.scales import SCALES
from alwgs.sim.truth import write_sv
from sim_fixtures import KNOWLEDGE, cohort_genome, derivatives, exon_seq, knowledge_tsv

# The task's list (GRCh38 chromosome, band, strand), stated independently of the specs.
EXPECTED = {
    "TCF3": ("chr19", "p13.3", "-"),
    "PBX1": ("chr1", "q23.3", "+"),
    "AFF1": ("chr4", "q21.3", "+"),
    "EP300": ("chr22", "q13.2", "+"),
    "ZNF384": ("chr12", "p13.31", "-"),
    "MEF2D": ("chr1", "q22", "-"),
    "BCL9": ("chr1", "q21.2", "+"),
    "NUP98": ("chr11", "p15.4", "-"),
    "NSD1": ("chr5", "q35.3", "+"),
    "STIL": ("chr1", "p33", "-"),
    "TAL1": ("chr1", "p33", "-"),
    "NOTCH1": ("chr9", "q34.3", "-"),
    "FBXW7": ("chr4", "q31.3", "-"),
    "TLX3": ("chr5", "q35.1", "+"),
    "BCL11B": ("chr14", "q32.2", "-"),
    "CEBPE": ("chr14", "q11.2", "-"),
    "ZEB2": ("chr2", "q22.3", "-"),
    "SET": ("chr9", "q34.11", "+"),
    "PAX5": ("chr9", "p13.2", "-"),
    "AUTS2": ("chr7", "q11.22", "+"),
}
# Clinically named codons: (gene, codon) -> (real codon, amino acid)
NAMED = {
    ("PAX5", 80): ("CCG", "P"),
    ("FBXW7", 465): ("CGT", "R"),
    ("FBXW7", 505): ("CGC", "R"),
    ("NOTCH1", 1601): ("CTG", "L"),
}


@pytest.fixture(scope="module")
def genome():
    return cohort_genome()


@pytest.fixture(scope="module")
def patients(genome):
    out = define_plain(genome)
    for p in out:
        build_clones(p, genome)
    return out


def _band_key(band: str) -> tuple:
    """q22.12 < q22.3: the digits after the dot are sub-bands, compared digit by digit."""
    major, _, minor = band[1:].partition(".")
    return int(major), minor


# --------------------------------------------------------------------------- genes


def test_every_plain_gene_has_its_real_chromosome_band_strand_and_arm(genome):
    assert {s.name for s in PLAIN_GENES} == set(EXPECTED)
    chroms = {**CHROMOSOMES, **COHORT_CHROMOSOMES}
    bands = cytobands(genome)
    for spec in PLAIN_GENES:
        chrom, band, strand = EXPECTED[spec.name]
        assert (spec.chrom, spec.band, spec.strand) == (chrom, band, strand), spec.name
        # the real position lies on the band's arm of the real chromosome
        assert (spec.position_mb < chroms[chrom][1]) == (band[0] == "p"), spec.name
        m = genome.gene(spec.name)
        assert m.spec is spec
        contig = genome.contigs[chrom]
        assert contig.arm_of(m.start) == contig.arm_of(m.end - 1) == band[0], spec.name
        # the mini genome's cytoband at the gene (its middle) is the gene's real band
        mid = m.start + m.span // 2
        (hit,) = [r for r in bands if r[0] == chrom and r[1] <= mid < r[2]]
        assert hit[3] == band, spec.name


def test_genes_keep_real_order_and_bands_run_from_centromere_to_telomere(genome):
    for name, contig in genome.contigs.items():
        for arm in "pq":
            genes = [m for m in contig.genes if contig.arm_of(m.start) == arm]
            by_place = [m.name for m in sorted(genes, key=lambda m: m.start)]
            by_real = [m.name for m in sorted(genes, key=lambda m: m.spec.position_mb)]
            assert by_place == by_real, name
            keys = [_band_key(m.spec.band) for m in sorted(genes, key=lambda m: m.start)]
            # p bands fall towards the centromere, q bands rise away from it
            assert keys == sorted(keys, reverse=(arm == "p")), (name, arm, by_place)


def test_named_codons_hold_the_real_codon_in_the_generated_gene(genome):
    for (gene, codon), (real, aa) in NAMED.items():
        m = genome.gene(gene)
        assert m.spec.codons[codon] == real
        cds = m.transcript[m.cds_start_tx : m.cds_start_tx + m.cds_len]
        assert cds[3 * (codon - 1) : 3 * codon] == real, (gene, codon)
        assert CODON_TABLE[real] == aa and m.protein()[codon - 1] == aa, (gene, codon)
        # and on the contig: the codon read off the genome on the gene's strand
        pos = [m.cds_to_genome(3 * (codon - 1) + k + 1) for k in range(3)]
        seq = genome.contigs[m.spec.chrom].seq
        read = "".join(seq[q] if m.strand == "+" else revcomp(seq[q]) for q in pos)
        assert read == real, (gene, codon)


def test_cohort_pax5_replaces_the_catalog_spec_and_only_at_cohort_scale(genome):
    assert genome.gene("PAX5").spec.codons == {80: "CCG"}
    catalog = GENE_BY_NAME["PAX5"]
    cohort = genome.gene("PAX5").spec
    for field in ("chrom", "position_mb", "strand", "band", "protein_length", "exons"):
        assert getattr(cohort, field) == getattr(catalog, field), field
    tiny = build_genome(SEED, SCALES["tiny"])
    assert tiny.gene("PAX5").spec is catalog
    assert not {s.name for s in PLAIN_GENES} - {"PAX5"} & set(tiny.genes)


# --------------------------------------------------------------------------- truth


def _entities(group: str, classification: str) -> set[str]:
    doc = yaml.safe_load((KNOWLEDGE / "who_icc2022.yaml").read_text())
    return {e["entity"] for e in doc["classifications"][group][classification]}


def test_truth_names_existing_entities_and_lesion_ids(patients):
    fusions = {f"{r['gene5']}::{r['gene3']}" for r in knowledge_tsv("known_fusions.tsv")}
    focal = {r["lesion"] for r in knowledge_tsv("focal_deletions.tsv")}
    genes = {r["gene"] for r in knowledge_tsv("gene_roles.tsv")}
    ids = [p.id for p in patients]
    assert len(set(ids)) == len(ids)
    for p in patients:
        c = p.clinical
        prefix = {"AML": "A", "B-ALL": "B", "T-ALL": "T"}[p.diagnosis]
        assert p.id.startswith(prefix) and c["group"] == p.diagnosis
        assert c["who2022"] in _entities(p.diagnosis, "who2022"), p.id
        assert c["icc2022"] in _entities(p.diagnosis, "icc2022"), p.id
        assert (c["eln2022"] is None) == (p.diagnosis != "AML"), p.id
        assert c["eln2022"] in (None, "favorable", "intermediate", "adverse")
        assert c["hard"] and c["germline_findings"] == []
        for lesion in c["defining_lesions"]:
            if "::" in lesion:
                assert lesion in fusions, (p.id, lesion)
            elif lesion.endswith("_del"):
                assert lesion in focal, (p.id, lesion)
            elif lesion.endswith("_mut"):
                assert lesion[: -len("_mut")] in genes, (p.id, lesion)
            else:
                assert lesion == "FLT3_ITD", (p.id, lesion)
    # only the expression-defined PAX5alt needs RNA, and it says what DNA shows
    rna = [p for p in patients if p.clinical["needs_rna"]]
    assert [p.clinical["icc2022"] for p in rna] == ["B-ALL with PAX5 alteration"]
    assert "PAX5::AUTS2" in rna[0].clinical["needs_rna"]


def test_every_truth_fusion_is_planted_and_written_to_the_sv_truth(patients, tmp_path):
    for p in patients:
        planted = {ev.get("fusion") for ev in p.structural}
        path = tmp_path / f"{p.id}.sv.bedpe"
        write_sv(p.structural, path)
        rows = list(csv.DictReader(path.read_text().lstrip("#").splitlines(), delimiter="\t"))
        for lesion in (x for x in p.clinical["defining_lesions"] if "::" in x):
            assert lesion in planted, (p.id, lesion)
            assert [r["fusion"] for r in rows].count(lesion) == 1, (p.id, lesion)


# --------------------------------------------------------------------------- events


@pytest.mark.parametrize(
    "pid, gene5, gene3",
    [
        ("B21", "TCF3", "PBX1"),
        ("B22", "KMT2A", "AFF1"),
        ("B23", "EP300", "ZNF384"),
        ("B24", "MEF2D", "BCL9"),
        ("B26", "PAX5", "AUTS2"),
        ("A21", "NUP98", "NSD1"),
        ("T01", "STIL", "TAL1"),
        ("T03", "SET", "NUP214"),
    ],
)
def test_the_event_makes_the_chimeric_gene_in_sense(genome, patients, pid, gene5, gene3):
    """One derivative carries, on one strand, gene5's first exon before gene3's last exon:
    the 5'->3' chimeric gene (a junction of the wrong orientation would put them on
    opposite strands or in the other order)."""
    (p,) = [x for x in patients if x.id == pid]
    first = exon_seq(genome, gene5, 0)
    last = exon_seq(genome, gene3, -1)
    found = []
    for seq in derivatives(genome, p):
        for strand in (seq, revcomp(seq)):
            i, j = strand.find(first), strand.find(last)
            if i >= 0 and j > i:
                found.append(j - i)
    assert found, f"{pid}: no {gene5}::{gene3} chimeric gene in sense"
    # the reference itself never holds it (genes apart, or opposite strands)
    for c in genome.contigs.values():
        for strand in (c.seq, revcomp(c.seq)):
            i, j = strand.find(first), strand.find(last)
            assert not (i >= 0 and j > i and j - i <= min(found)), pid


def test_stil_tal1_deletion_keeps_stil_exon_1_and_tal1(genome, patients):
    (p,) = [x for x in patients if x.id == "T01"]
    (ev,) = p.structural
    cells = p.tumor_cells["founder"]
    stil, tal1 = genome.gene("STIL"), genome.gene("TAL1")
    exons = stil.exon_genomic()
    # STIL exon 1 (its highest coordinates, minus strand) kept, every other exon deleted
    for a, b in exons[:1]:
        assert all(cells.copies_at("chr1", q, 0) == 1 for q in range(a, b))
    for a, b in exons[1:]:
        assert all(cells.copies_at("chr1", q, 0) == 0 for q in range(a, b))
    # TAL1 untouched, its breakpoint within the known-fusion flank (5 kb) upstream of TAL1
    assert all(cells.copies_at("chr1", q, 0) == 1 for q in range(tal1.start, tal1.end))
    assert tal1.end < ev["start"] <= tal1.end + 5000
    # the deletion spans kilobases (the copy-number stage needs >= 8 bins of 500 bp)
    assert ev["end"] - ev["start"] > 10_000
    a, b = stil.intron_genomic(0)  # STIL intron 1
    assert a <= ev["end"] < b


def test_pax5_p80r_is_hemizygous_over_a_deleted_second_allele(genome, patients):
    (p,) = [x for x in patients if x.id == "B25"]
    (v,) = p.somatic
    cells = p.tumor_cells["founder"]
    assert v.hap == 0 and cells.copies_at("chr9", v.pos, 0) == 1
    assert cells.copies_at("chr9", v.pos, 1) == 0
    m = genome.gene("PAX5")
    codon = [m.cds_to_genome(3 * 79 + k + 1) for k in range(3)]
    seq = genome.contigs["chr9"].seq
    # PAX5 is on the minus strand: each base of the codon is the complement of the contig's
    mutant = "".join(revcomp(v.alt if q == v.pos else seq[q]) for q in codon)
    assert CODON_TABLE[mutant] == "R" and mutant == "CGG"


def test_breakpoints_lie_in_unmasked_sequence(genome, patients):
    for p in patients:
        for ev in p.structural:
            points = [ev[k][::2] for k in ("a", "b") if k in ev]
            if ev["kind"] in ("delete", "invert"):
                points += [(ev["chrom"], ev["start"]), (ev["chrom"], ev["end"])]
            for chrom, pos in points:
                assert not genome.contigs[chrom].masked[pos - 100 : pos + 100].any(), (
                    p.id,
                    chrom,
                    pos,
                )
