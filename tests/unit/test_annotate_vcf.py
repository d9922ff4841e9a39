"""The annotation chain of rules/annotation.smk on a hand-made gene: bcftools annotate (ClinVar)
| bcftools csq, then the streaming annotator (preferred transcript, HGVS, hotspot, panels)."""

import csv
import subprocess

import pysam
import pytest
from alwgs.annotate.hotspots import load_hotspots
from alwgs.annotate.transcripts import choose_transcripts, read_models
from alwgs.annotate.vcf import TSV_COLUMNS, Annotator, annotate_vcf, source_lines
from interp_fixtures import CONTIG, write_reference, write_vcf


def _hotspots(tmp_path):
    path = tmp_path / "hotspots.tsv"
    path.write_text(
        "# version: t1\n# source: test\n"
        "id\tgene\tfirst_codon\tlast_codon\tconsequences\tlesion\ttier\tlevel\tdiseases\t"
        "label\tsource\n"
        "HS-GENE-A2\tGENE\t2\t2\tmissense\tGENE_A2\tI\tA\tany\tGENE A2\ttest\n"
    )
    return load_hotspots(path)


@pytest.fixture
def annotated(tmp_path):
    fasta, gff3 = write_reference(tmp_path)
    contigs = {"chrP": len(CONTIG)}
    som = write_vcf(
        tmp_path / "somatic.vcf.gz",
        [
            {
                "chrom": "chrP",
                "pos": 24,
                "ref": "G",
                "alt": "A",
                "info": {"T_VAF": 0.41, "T_AO": 41, "T_DP": 100, "N_VAF": 0.0},
                "fmt": {"TUM": {"GT": (0, 1), "AD": (59, 41)}},
            },
            {
                "chrom": "chrP",
                "pos": 50,
                "ref": "C",
                "alt": "T",
                "filter": ["LowVAF"],
                "info": {"T_VAF": 0.02, "T_AO": 2, "T_DP": 100, "POP_AF": (0.123456789,)},
            },
            {
                "chrom": "chrP",
                "pos": 64,
                "ref": "A",
                "alt": "ACTG",
                "info": {"ITD": True, "ITD_VAF": 0.25, "ITD_ALT": 20, "ITD_TARGET": "GENE-ITD"},
                "fmt": {"TUM": {"GT": (0, 1), "AD": (60, 20)}},
            },
            {
                "chrom": "chrP",
                "pos": 130,
                "ref": "A",
                "alt": "G",
                "info": {"T_VAF": 0.3, "T_AO": 30, "T_DP": 100},
            },
        ],
        ["TUM"],
        contigs,
    )
    clinvar = tmp_path / "clinvar.vcf.gz"
    header = pysam.VariantHeader()
    header.contigs.add("chrP", length=len(CONTIG))
    header.add_line('##INFO=<ID=CLNSIG,Number=.,Type=String,Description="sig">')
    header.add_line('##INFO=<ID=CLNREVSTAT,Number=.,Type=String,Description="rev">')
    header.add_line("##fileDate=20260101")
    with pysam.VariantFile(str(clinvar), "wz", header=header) as out:
        for pos, ref, alt, sig in ((24, "G", "A", "Pathogenic"), (24, "G", "C", "Benign")):
            rec = out.new_record(contig="chrP", start=pos - 1, alleles=(ref, alt))
            rec.info["CLNSIG"] = (sig,)
            rec.info["CLNREVSTAT"] = ("criteria_provided", "_single_submitter")
            out.write(rec)
    pysam.tabix_index(str(clinvar), preset="vcf", force=True)
    bcf = tmp_path / "csq.bcf"
    # The command of rule annotate_csq.
    subprocess.run(
        f"bcftools annotate -a {clinvar} -c INFO/CLNSIG,INFO/CLNREVSTAT --pair-logic exact -Ou"
        f" {som} | bcftools csq -f {fasta} -g {gff3} -s - -l -Ob -o {bcf}",
        shell=True,
        check=True,
        capture_output=True,
    )
    chosen, _ = choose_transcripts(gff3, {})
    annotator = Annotator(
        read_models(gff3, chosen),
        pysam.FastaFile(str(fasta)),
        _hotspots(tmp_path),
        {"GENE": {"myeloid", "germline"}},
    )
    sources = {
        "clinvar": {"used": "yes", "file": "clinvar.vcf.gz"},
        "population_af": {"used": "no", "note": "not configured"},
    }
    out_vcf, out_tsv = tmp_path / "ann.vcf.gz", tmp_path / "ann.tsv"
    n = annotate_vcf(str(bcf), str(out_vcf), str(out_tsv), "TUM", annotator, sources)
    with open(out_tsv) as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    return n, out_vcf, rows


def test_every_record_streams_through(annotated):
    n, out_vcf, rows = annotated
    assert n == 4 and len(rows) == 4
    assert (out_vcf.parent / (out_vcf.name + ".tbi")).exists()
    assert list(rows[0]) == TSV_COLUMNS


def test_coding_variant_gets_preferred_transcript_hgvs_clinvar_and_hotspot(annotated):
    _, out_vcf, rows = annotated
    with pysam.VariantFile(str(out_vcf)) as vf:
        rec = next(r for r in vf if r.pos == 24)
        assert rec.info["GENE"] == "GENE" and rec.info["TRANSCRIPT"] == "GENE-201"
        assert rec.info["TRANSCRIPT_CHOICE"] == "MANE_Select"
        assert rec.info["CONSEQUENCE"] == "missense"
        assert (rec.info["HGVSc"], rec.info["HGVSp"]) == ("c.4G>A", "p.(Ala2Thr)")
        assert rec.info["HOTSPOT"] == "HS-GENE-A2"
        assert rec.info["PANELS"] == ("germline", "myeloid")
        # ClinVar matched on the exact allele (the G>C entry is Benign and must not leak).
        assert rec.info["CLNSIG"] == ("Pathogenic",)
    row = rows[0]
    assert (row["vaf"], row["alt_reads"], row["depth"]) == ("0.41", "41", "100")
    assert row["clnsig"] == "Pathogenic"
    assert row["clnrevstat"] == "criteria_provided,_single_submitter"


def test_intron_itd_and_intergenic_rows(annotated):
    _, _, rows = annotated
    intron, itd, intergenic = rows[1], rows[2], rows[3]
    assert (intron["consequence"], intron["hgvsc"], intron["hgvsp"]) == ("intron", "c.20+10C>T", "")
    assert intron["filter"] == "LowVAF" and intron["pop_af"] == "0.123457"
    assert itd["itd"] == "yes" and itd["hgvsc"] == "c.28_30dup" and itd["vaf"] == "0.25"
    assert itd["consequence"] == "inframe_insertion" and itd["alt_reads"] == "20"
    assert intergenic["gene"] == "" and intergenic["hgvsc"] == ""


def test_header_states_each_source_used_or_not(annotated):
    _, out_vcf, _ = annotated
    with pysam.VariantFile(str(out_vcf)) as vf:
        lines = [str(r) for r in vf.header.records if r.key == "alwgs_annotation"]
    assert any("ID=clinvar" in x and 'used="yes"' in x for x in lines)
    assert any("ID=population_af" in x and 'used="no"' in x for x in lines)


def test_source_lines_escape_header_breaking_characters():
    (line,) = source_lines({"x": {"note": 'a "quoted" <value>'}})
    assert line == "##alwgs_annotation=<ID=x,note=\"a 'quoted' (value)\">"
