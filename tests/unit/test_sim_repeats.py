"""The cohort genome's hard places (sim/repeat_loci.py): D4Z4-like arrays at 4q35/10q26, the
IGH locus with switch-like repeats, PAR1 shared by X and Y; and the patients planted in them
(sim/cohort_ball_repeats.py). One check aligns simulated reads with bwa mem."""

from __future__ import annotations

import csv
import re
import subprocess
from pathlib import Path

import numpy as np
import pytest
from alwgs.sim import reads
from alwgs.sim.cells import CellGenome, SmallVariant, materialize
from alwgs.sim.cohort_ball_repeats import define_ball_repeats
from alwgs.sim.dna import seeded, translate
from alwgs.sim.generate import SEED
from alwgs.sim.genome import TELOMERE_N, build_genome
from alwgs.sim.patients import build_clones
from alwgs.sim.reference_files import write_fasta, write_gff3
from alwgs.sim.repeat_loci import IGH_CONSTANT, ORF_AA, UNIT_5P
from alwgs.sim.scales import SCALES
from alwgs.sim.truth import write_germline, write_sv
from sim_fixtures import cohort_genome

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def genome():
    return cohort_genome()


def _units(genome, chrom):
    block = genome.block(f"D4Z4_{chrom}")
    seq = genome.contigs[chrom].seq
    out = []
    for a, b, label in block.repeats:
        if label.startswith("unit"):
            out.append(seq[block.start + a : block.start + b])
    return out


def _identity(x: str, y: str) -> float:
    a, b = np.frombuffer(x.encode(), np.uint8), np.frombuffer(y.encode(), np.uint8)
    return float(np.mean(a == b))


def test_d4z4_arrays_are_homologous_like_4q35_and_10q26(genome):
    u4, u10 = _units(genome, "chr4"), _units(genome, "chr10")
    assert len(u4) == 11 and len(u10) == 10
    assert {len(u) for u in u4 + u10} == {3300}
    cross = [_identity(x, y) for x in u4 for y in u10]
    # the real arrays: 98-99% identical between 4q35 and 10q26
    assert 0.98 <= min(cross) and max(cross) <= 0.99, (min(cross), max(cross))
    within = [_identity(u4[0], y) for y in u4[1:]] + [_identity(u10[0], y) for y in u10[1:]]
    assert min(within) >= 0.995
    for u in u4 + u10:  # every unit carries the DUX4-like ORF
        protein = translate(u[UNIT_5P : UNIT_5P + 3 * ORF_AA + 3])
        assert protein.startswith("M") and protein.endswith("*") and "*" not in protein[:-1]


def test_dux4_is_the_telomeric_unit_of_the_4q35_array(genome):
    dux4, homolog = genome.gene("DUX4"), genome.gene("DUX4L10")
    assert (dux4.spec.chrom, dux4.strand, homolog.spec.chrom) == ("chr4", "+", "chr10")
    assert len(dux4.protein()) == ORF_AA + 1
    block = genome.block("D4Z4_chr4")
    last = max((a for a, b, lab in block.repeats if lab.startswith("unit")))
    assert dux4.cds_to_genome(1) == block.start + last + UNIT_5P
    # near the q telomere, as real DUX4 (190.17 of 190.2 Mb)
    assert genome.contigs["chr4"].length - block.end < 20_000
    assert genome.contigs["chr4"].masked[block.start + last : block.start + last + 3300].all()


def test_igh_segments_follow_hgnc_names_and_order(genome, tmp_path):
    rows = [
        r
        for r in csv.DictReader(
            (ln for ln in open(ROOT / "config/knowledge/gene_loci.tsv") if not ln.startswith("#")),
            delimiter="\t",
        )
    ]
    pattern = re.compile(next(r["member_pattern"] for r in rows if r["locus"] == "IGH"))
    igh = genome.block("IGH")
    members = [m for m, _ in igh.members]
    assert {m.name for m in members} >= set(IGH_CONSTANT) | {"IGHJ6", "IGHD1-1", "IGHV6-1"}
    assert all(pattern.fullmatch(m.name) for m in members)
    assert all(m.strand == "-" and m.spec.chrom == "chr14" for m in members)
    starts = {m.name: m.start for m in members}
    order = ["IGHA2", "IGHE", "IGHG4", "IGHG2", "IGHA1", "IGHG1", "IGHG3", "IGHD", "IGHM"]
    order += ["IGHJ6", "IGHJ1", "IGHD7-27", "IGHD1-1", "IGHV6-1", "IGHV1-2"]
    assert [starts[n] for n in order] == sorted(starts[n] for n in order)
    assert genome.contigs["chr14"].length - igh.end < 20_000  # at the q telomere
    write_gff3(genome, tmp_path / "g.gff3")
    gff = (tmp_path / "g.gff3").read_text()
    assert "ID=gene:IGHM;Name=IGHM;biotype=IG_C_gene" in gff
    assert "ID=gene:IGHV6-1;Name=IGHV6-1;biotype=IG_V_gene" in gff
    assert "ID=gene:CRLF2;Name=CRLF2;biotype=protein_coding" in gff


def test_switch_regions_are_pentamer_tandem_repeats(genome):
    igh = genome.block("IGH")
    seq = genome.contigs["chr14"].seq
    a, b = igh.repeat("Smu")
    assert b - a == 3000
    # '-' strand locus: GAGCT/GGGCT on the transcript are AGCTC/AGCCC on the plus strand
    s = seq[a:b]
    hits = len(re.findall("(?=AGCTC|AGCCC)", s))
    assert hits * 5 / len(s) > 0.5
    assert genome.contigs["chr14"].masked[a:b].all()
    emu = igh.repeat("Emu")
    assert emu[1] <= a or emu[0] >= b
    assert genome.gene("IGHJ6").start > emu[1] > emu[0] >= b  # J, Emu, Smu, IGHM downward
    assert genome.gene("IGHM").end <= a


def test_par1_is_sequence_on_x_and_n_on_y(genome, tmp_path):
    par = genome.par_end
    assert par > 0
    for name in ("CRLF2", "CSF2RA", "IL3RA", "P2RY8"):
        m = genome.gene(name)
        assert m.spec.chrom == "chrX" and m.end <= par
    write_fasta(genome, tmp_path / "g.fa")
    seqs, name = {}, None
    for line in (tmp_path / "g.fa").read_text().splitlines():
        if line.startswith(">"):
            name = line[1:]
            seqs[name] = []
        else:
            seqs[name].append(line)
    x, y = "".join(seqs["chrX"]), "".join(seqs["chrY"])
    assert set(y[:par]) == {"N"} and y[par] != "N"
    assert x[TELOMERE_N:par].count("N") < 0.01 * par
    assert genome.par_regions() == [("chrX", TELOMERE_N + 1, par), ("chrY", TELOMERE_N + 1, par)]
    # ci and tiny genomes have none of it
    ci = build_genome(SEED, SCALES["tiny"])
    assert ci.par_end == 0 and not any(c.blocks for c in ci.contigs.values())


def test_male_par1_reads_come_from_x_and_y(genome):
    lengths = {n: c.length for n, c in genome.contigs.items()}
    par = genome.par_end
    male = CellGenome.germline(lengths, "male", par)
    female = CellGenome.germline(lengths, "female", par)
    mid = par // 2
    assert male.copies_at("chrX", mid) == 2 and male.copies_at("chrX", par + 5000) == 1
    assert female.copies_at("chrX", mid) == 2 and female.copies_at("chrY", par + 10) == 0
    reference = {n: c.seq for n, c in genome.contigs.items()}
    y = next(d for d in male.chromosomes if any(p[0] == "chrY" for p in d))
    y_seq = materialize(y, reference, {})
    assert y_seq[:par] == reference["chrX"][:par]  # the Y's PAR1 is X's sequence
    assert y_seq[par:] == reference["chrY"][par:]
    # reads drawn from the Y cover its PAR1 (they will align to chrX's)
    r1, _ = reads.fragments(seeded(1, "y"), y_seq, 2.0)
    assert len(r1) > 0
    # -Y still works on a Y that begins with chrX's PAR1
    male.lose("chrY", 0)
    assert male.copies_at("chrX", mid) == 1


def test_germline_truth_of_a_male_par1_site_is_diploid(genome, tmp_path):
    v = SmallVariant("chrX", 20_000, genome.contigs["chrX"].seq[20_000], "A", 0, "germline", "SNV")
    w = SmallVariant("chrX", genome.par_end + 20_000, "C", "A", 0, "germline", "SNV")
    copies = {n: 2 for n in genome.contigs} | {"chrX": 1, "chrY": 1}
    write_germline(genome, [v, w], copies, "B21", tmp_path / "g.vcf")
    gts = [
        ln.split("\t")[-1] for ln in (tmp_path / "g.vcf").read_text().splitlines() if ln[0] != "#"
    ]
    assert gts == ["0/1", "1"]


def test_igh_dux4_and_p2ry8_crlf2_patients(genome, tmp_path):
    b20, b21 = define_ball_repeats(genome)
    build_clones(b20, genome)
    build_clones(b21, genome)
    ins = b20.structural[0]
    _, _, a, b = ins["source"]
    block = genome.block("D4Z4_chr4")
    assert block.start < a < b < block.end and 3300 < b - a < 6600  # 1-2 units
    dux4 = genome.gene("DUX4")
    cds_end = dux4.cds_to_genome(dux4.cds_len)
    assert dux4.cds_to_genome(1) < b < cds_end  # the ORF truncated at its 3' end
    emu = genome.block("IGH").repeat("Emu")
    assert emu[0] < ins["at"][2] < emu[1]
    t = b20.tumor_cells["founder"]
    assert t.copies_at("chr4", a + 10) == 3 and t.copies_at("chr4", a - 10) == 2
    assert b20.tumor_cells["sub1"].copies_at("chr21", b20.structural[1]["start"] + 10) == 1
    assert b20.tumor_cells["founder"].copies_at("chr21", b20.structural[1]["start"] + 10) == 2
    # P2RY8::CRLF2 on the Y of a male: chrX PAR1 between CRLF2 and P2RY8 intron 1 at 1 copy
    d = b21.structural[0]
    assert b21.sex == "male" and d["hap"] == 1
    csf2ra = genome.gene("CSF2RA")
    assert b21.tumor_cells["founder"].copies_at("chrX", csf2ra.start) == 1
    assert b21.tumor_cells["founder"].copies_at("chrX", genome.gene("CRLF2").start) == 2
    write_sv(b20.structural + b21.structural, tmp_path / "sv.bedpe")
    rows = (tmp_path / "sv.bedpe").read_text().splitlines()[1:]
    assert [r.split("\t")[10] for r in rows] == ["IGH::DUX4", ".", "P2RY8::CRLF2"]
    assert rows[0].split("\t")[:4] == ["chr14", str(ins["at"][2]), "chr4", str(a + 1)]
    for p in (b20, b21):
        assert p.clinical["group"] == "B-ALL" and p.clinical["defining_lesions"]


@pytest.mark.skipif(subprocess.run(["which", "bwa"], capture_output=True).returncode, reason="bwa")
def test_bwa_gives_d4z4_array_reads_mapq_0(genome, tmp_path):
    """2,000 read pairs from inside the 4q35 array, aligned with bwa mem to the cohort
    reference: as on GRCh38, nearly all get MAPQ 0 (every unit, and 10q26's, fits them)."""
    write_fasta(genome, tmp_path / "ref.fa")
    subprocess.run(["bwa", "index", str(tmp_path / "ref.fa")], check=True, capture_output=True)
    block = genome.block("D4Z4_chr4")
    lo = min(a for a, _, lab in block.repeats if lab.startswith("unit"))
    hi = max(b for _, b, lab in block.repeats if lab.startswith("unit"))
    seq = genome.contigs["chr4"].seq[block.start + lo : block.start + hi]
    r1, r2 = reads.fragments(seeded(7, "d4z4"), seq, 2 * 2000 * 150 / len(seq) * 2, dup_rate=0)
    r1, r2 = r1[:2000, :150], r2[:2000, :150]
    names = reads.read_names("FCD4Z4", 1, len(r1))
    for mate, mat in ((1, r1), (2, r2)):
        q = np.full(mat.shape, 35, np.uint8)
        reads.write_fastq(tmp_path / f"r{mate}.fq.gz", names, mat, q, mate)
    sam = subprocess.run(
        ["bwa", "mem", "-t", "1", str(tmp_path / "ref.fa")]
        + [str(tmp_path / "r1.fq.gz"), str(tmp_path / "r2.fq.gz")],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    mapq = [
        int(f[4])
        for f in (ln.split("\t") for ln in sam.splitlines() if not ln.startswith("@"))
        if not int(f[1]) & 0x904
    ]
    zero = sum(q == 0 for q in mapq) / len(mapq)
    print(f"D4Z4 reads: {len(mapq)} primary alignments, MAPQ 0: {zero:.3f}")
    assert len(mapq) == 4000
    assert zero > 0.8


def test_cohort_batch_config_states_par1(genome, tmp_path):
    import yaml
    from alwgs.sim.generate import _batch_config

    _batch_config(tmp_path, SCALES["cohort"], list(genome.contigs), genome.par_regions())
    ref = yaml.safe_load((tmp_path / "batch.yaml").read_text())["reference"]
    end = genome.par_end
    assert ref["par"] == [{"name": "PAR1", "x": f"chrX:301-{end}", "y": f"chrY:301-{end}"}]
    _batch_config(tmp_path, SCALES["tiny"], list(genome.contigs))
    assert "par" not in yaml.safe_load((tmp_path / "batch.yaml").read_text())["reference"]
