"""Hand-made fixtures of the annotation and interpretation tests: a two-exon gene on a small
contig (with its Ensembl-style GFF3), VCF writers, and lesion builders."""

from __future__ import annotations

from pathlib import Path

import pysam
from alwgs.interpret.model import Context, Lesion

REPO = Path(__file__).resolve().parents[2]
KNOWLEDGE = REPO / "config" / "knowledge"
PANEL = REPO / "config" / "panels" / "leukemia_genes.tsv"
# The shipped interpretation knowledge, by load_knowledge key (config/config.yaml).
KNOWLEDGE_FILES = {
    "tiers": "amp_tiers.yaml",
    "eln": "eln2022.yaml",
    "eln2024": "eln2024.yaml",
    "who_icc": "who_icc2022.yaml",
    "germline": "germline_predisposition.yaml",
    "focal_genes": "focal_deletions.tsv",
    "oncogenicity": "oncogenicity.yaml",
    "gene_roles": "gene_roles.tsv",
    "functional_domains": "functional_domains.tsv",
    "hotspot_counts": "hotspot_counts.tsv",
    "hotspots": "hotspots.tsv",
    "karyotype_rules": "karyotype.yaml",
}


def shipped_knowledge() -> dict[str, Path]:
    """load_knowledge paths of the shipped knowledge files and panel."""
    return {k: KNOWLEDGE / v for k, v in KNOWLEDGE_FILES.items()} | {"panel": PANEL}


# 1-10 upstream, 11-20 5' UTR, 21-40 CDS (c.1-20), 41-60 intron, 61-85 CDS (c.21-45),
# 86-100 3' UTR, then A's. Protein M A K R W Q E E L L G S T P *.
CDS = "ATGGCTAAACGTTGGCAGGAAGAACTGCTGGGTTCTACTCCTTAA"
CONTIG = (
    "TTTTTTTTTT"
    + "CCGCCGCCGC"
    + CDS[:20]
    + "GTAAGTCCCCCCCCCCCCAG"
    + CDS[20:]
    + "CCCTAGCCCTGAACC"
    + "A" * 50
)
GFF3 = "\n".join(
    "\t".join(f)
    for f in [
        [
            "chrP",
            "t",
            "gene",
            "11",
            "100",
            ".",
            "+",
            ".",
            "ID=gene:GENE;Name=GENE;biotype=protein_coding",
        ],
        [
            "chrP",
            "t",
            "mRNA",
            "11",
            "100",
            ".",
            "+",
            ".",
            "ID=transcript:GENE-201;Parent=gene:GENE;Name=GENE-201;biotype=protein_coding;"
            "tag=MANE_Select",
        ],
        ["chrP", "t", "exon", "11", "40", ".", "+", ".", "Parent=transcript:GENE-201"],
        ["chrP", "t", "five_prime_UTR", "11", "20", ".", "+", ".", "Parent=transcript:GENE-201"],
        ["chrP", "t", "CDS", "21", "40", ".", "+", "0", "ID=CDS:P1;Parent=transcript:GENE-201"],
        ["chrP", "t", "exon", "61", "100", ".", "+", ".", "Parent=transcript:GENE-201"],
        ["chrP", "t", "CDS", "61", "85", ".", "+", "1", "ID=CDS:P1;Parent=transcript:GENE-201"],
        ["chrP", "t", "three_prime_UTR", "86", "100", ".", "+", ".", "Parent=transcript:GENE-201"],
    ]
)


def write_reference(folder: Path) -> tuple[Path, Path]:
    fasta = folder / "ref.fa"
    fasta.write_text(f">chrP\n{CONTIG}\n")
    pysam.faidx(str(fasta))
    gff3 = folder / "genes.gff3"
    gff3.write_text("##gff-version 3\n" + GFF3 + "\n")
    return fasta, gff3


SOMATIC_HEADER = [
    '##INFO=<ID=T_DP,Number=1,Type=Integer,Description="Tumor depth">',
    '##INFO=<ID=T_AO,Number=1,Type=Integer,Description="Tumor alt reads">',
    '##INFO=<ID=T_VAF,Number=1,Type=Float,Description="Tumor VAF">',
    '##INFO=<ID=N_VAF,Number=1,Type=Float,Description="Normal VAF">',
    '##INFO=<ID=POP_AF,Number=A,Type=Float,Description="Population allele frequency">',
    '##INFO=<ID=GERMLINE_VAF,Number=0,Type=Flag,Description="Germline-like VAF">',
    '##INFO=<ID=ITD,Number=0,Type=Flag,Description="ITD">',
    '##INFO=<ID=ITD_VAF,Number=1,Type=Float,Description="ITD VAF">',
    '##INFO=<ID=ITD_ALT,Number=1,Type=Integer,Description="ITD reads">',
    '##INFO=<ID=ITD_TARGET,Number=1,Type=String,Description="ITD target">',
    '##INFO=<ID=CLNSIG,Number=.,Type=String,Description="ClinVar significance">',
    '##INFO=<ID=CLNREVSTAT,Number=.,Type=String,Description="ClinVar review status">',
    '##FILTER=<ID=GermlineSuspect,Description="Looks germline">',
    '##FILTER=<ID=LowVAF,Description="Low VAF">',
    '##FILTER=<ID=NormalSupport,Description="Seen in the normal">',
    '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
    '##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allele depths">',
]


def write_vcf(
    path: Path,
    records: list[dict],
    samples: list[str],
    contigs: dict[str, int],
    extra_header: list[str] | None = None,
) -> Path:
    """records: chrom, pos, ref, alt, filter (list), info (dict), fmt {sample: {GT, AD}}.
    Writes bgzipped + tabix-indexed when path ends with .gz."""
    header = pysam.VariantHeader()
    for name, length in contigs.items():
        header.contigs.add(name, length=length)
    for line in SOMATIC_HEADER + (extra_header or []):
        header.add_line(line)
    for s in samples:
        header.add_sample(s)
    mode = "wz" if str(path).endswith(".gz") else "w"
    with pysam.VariantFile(str(path), mode, header=header) as out:
        for r in sorted(records, key=lambda r: (r["chrom"], r["pos"])):
            rec = out.new_record(
                contig=r["chrom"], start=r["pos"] - 1, alleles=(r["ref"], r["alt"])
            )
            for f in r.get("filter", ["PASS"]):
                rec.filter.add(f)
            for k, v in (r.get("info") or {}).items():
                rec.info[k] = v
            for s in samples:
                for k, v in (r.get("fmt") or {}).get(s, {}).items():
                    rec.samples[s][k] = v
            out.write(rec)
    if mode == "wz":
        pysam.tabix_index(str(path), preset="vcf", force=True)
    return path


# ------------------------------------------------------------------------------ lesions
def mut(
    gene: str,
    vaf: float = 0.4,
    hotspot: str | None = None,
    n: int = 1,
    lid: str | None = None,
    oncogenicity: str = "oncogenic",
    hgvsp: str | None = None,
) -> Lesion:
    """A small-variant lesion; oncogenicity: its class (Horak 2022), oncogenic unless a test
    asks for another (the classifications count oncogenic/likely oncogenic or hotspot ones);
    hgvsp: the protein change of its calls (rules may name one, or a span of residues)."""
    return Lesion(
        id=lid or f"{gene}_mut",
        kind="mutation",
        genes=(gene,),
        tier="I",
        vaf=vaf,
        features={hotspot} if hotspot else set(),
        evidence=[
            {"variant": f"{gene}:{i}", "vaf": vaf} | ({"hgvsp": hgvsp} if hgvsp else {})
            for i in range(n)
        ],
        oncogenicity=oncogenicity,
    )


def itd(gene: str = "FLT3") -> Lesion:
    return Lesion(
        id=f"{gene}_ITD",
        kind="itd",
        genes=(gene,),
        tier="I",
        vaf=0.3,
        evidence=[{"variant": f"{gene} ITD"}],
    )


def fusion(a: str, b: str) -> Lesion:
    return Lesion(
        id=f"{a}::{b}", kind="fusion", genes=(a, b), tier="II", evidence=[{"fusion": f"{a}::{b}"}]
    )


def ptd(gene: str) -> Lesion:
    return Lesion(
        id=f"{gene}_PTD", kind="ptd", genes=(gene,), tier="II", evidence=[{"fusion": f"{gene}-PTD"}]
    )


def cna(event: str, chrom: str, change: str, extent: str) -> Lesion:
    return Lesion(
        id=event,
        kind="cna",
        chrom=chrom,
        change=change,
        extent=extent,
        tier="II",
        evidence=[{"event": event}],
    )


def karyo(lid: str) -> Lesion:
    return Lesion(id=lid, kind="karyotype", tier="II", evidence=[{"karyotype": "x"}])


def context(
    diagnosis: str,
    lesions: list[Lesion],
    blasts: float | None = 0.5,
    karyotype: dict | None = None,
    events: list[dict] | None = None,
) -> Context:
    return Context(
        diagnosis=diagnosis,
        lesions=list(lesions),
        karyotype=karyotype or {},
        events=events or [],
        blasts=blasts,
    )
