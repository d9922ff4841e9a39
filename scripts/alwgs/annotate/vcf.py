"""Streaming annotator: reads the bcftools annotate | csq output (ClinVar and BCSQ in INFO),
reports one gene per record on its preferred transcript with HGVS c./p., marks hotspots and
panels, and writes the annotated VCF and a flat TSV, one record at a time.

INFO added: GENE, TRANSCRIPT, TRANSCRIPT_CHOICE, CONSEQUENCE, HGVSc, HGVSp, PROTEIN_START,
PROTEIN_END, HOTSPOT, PANELS. One ``##alwgs_annotation=<ID=...>`` header line per source states
whether it was used and which file and version it was.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pysam

from alwgs.annotate import bcsq
from alwgs.annotate.evidence import allele_evidence
from alwgs.annotate.hgvs import Hgvs, Sequence, describe
from alwgs.annotate.hotspots import Hotspots
from alwgs.annotate.transcripts import Transcript

INFO_HEADER = [
    (
        "GENE",
        "1",
        "String",
        "Gene reported for the record (a panel gene first, then the most severe consequence)",
    ),
    ("TRANSCRIPT", "1", "String", "Preferred transcript of GENE"),
    (
        "TRANSCRIPT_CHOICE",
        "1",
        "String",
        "Why this transcript: listed, MANE_Select, Ensembl_canonical or longest_cds",
    ),
    ("CONSEQUENCE", "1", "String", "bcftools csq consequence on TRANSCRIPT"),
    ("HGVSc", "1", "String", "HGVS coding DNA change on TRANSCRIPT"),
    ("HGVSp", "1", "String", "HGVS predicted protein change on TRANSCRIPT"),
    ("PROTEIN_START", "1", "Integer", "First protein residue affected"),
    ("PROTEIN_END", "1", "Integer", "Last protein residue affected"),
    ("HOTSPOT", "1", "String", "Hotspot ID (config/knowledge/hotspots.tsv)"),
    ("PANELS", ".", "String", "Gene panels of GENE (myeloid, lymphoid, germline)"),
]
TSV_COLUMNS = [
    "sample",
    "chrom",
    "pos",
    "ref",
    "alt",
    "filter",
    "gene",
    "transcript",
    "transcript_choice",
    "consequence",
    "hgvsc",
    "hgvsp",
    "protein_start",
    "protein_end",
    "vaf",
    "alt_reads",
    "depth",
    "normal_vaf",
    "genotype",
    "pop_af",
    "clnsig",
    "clnrevstat",
    "hotspot",
    "panels",
    "itd",
]


def _clean(value) -> str:
    return str(value).replace('"', "'").replace(">", ")").replace("<", "(").replace("\n", " ")


def source_lines(sources: dict[str, dict]) -> list[str]:
    lines = []
    for name, meta in sources.items():
        fields = [f"ID={name}"] + [f'{k}="{_clean(v)}"' for k, v in meta.items()]
        lines.append(f"##alwgs_annotation=<{','.join(fields)}>")
    return lines


def _info_value(key: str, value):
    """VCF 4.2 INFO strings allow no whitespace, ';' or '='; commas separate list values."""
    if key == "PANELS":
        return tuple(value.split(","))
    if isinstance(value, str):
        return value.replace(" ", "_").replace(";", ":").replace("=", ":").replace(",", "|")
    return value


def _value(rec, key) -> str:
    if key not in rec.info:
        return ""
    v = rec.info[key]
    items = v if isinstance(v, tuple) else (v,)
    return ",".join(
        "" if x is None else f"{x:.6g}" if isinstance(x, float) else str(x) for x in items
    )


class Annotator:
    def __init__(
        self,
        models: dict[tuple[str, str], Transcript],
        fasta,
        hotspots: Hotspots,
        panels: dict[str, set[str]],
    ):
        self.models, self.fasta, self.hotspots, self.panels = models, fasta, hotspots, panels
        self._seq: dict[str, Sequence] = {}

    def seq(self, chrom: str) -> Sequence:
        if chrom not in self._seq:
            self._seq = {chrom: Sequence(self.fasta, chrom)}  # one contig at a time
        return self._seq[chrom]

    def annotate(self, rec) -> dict:
        """Fields added to one record (also the TSV columns they map to)."""
        entries = bcsq.parse(rec.info.get("BCSQ") if "BCSQ" in rec.info else None)
        gene = bcsq.primary_gene(entries, set(self.panels))
        out: dict = {"gene": gene or ""}
        if not gene:
            return out
        model = self.models.get((gene, rec.chrom))
        entry = bcsq.choose(entries, gene, model.transcript if model else None)
        out["consequence"] = entry.consequence if entry else ""
        out["panels"] = ",".join(sorted(self.panels.get(gene, ())))
        h = Hgvs()
        if model is not None:
            out["transcript"], out["transcript_choice"] = model.transcript, model.choice
            if rec.alts:
                h = describe(model, self.seq(rec.chrom), rec.pos, rec.ref, rec.alts[0])
            if entry is not None and entry.transcript and entry.transcript != model.transcript:
                # csq saw a consequence only on another transcript: on the preferred one the
                # allele lies in an intron or UTR.
                out["consequence"] = model.region(rec.pos)
            if (
                not h.p
                and entry is not None
                and {"splice_acceptor", "splice_donor"} & set(entry.terms)
            ):
                h.p = "p.?"
        out["hgvsc"], out["hgvsp"] = h.c, h.p
        start = h.protein_start or (entry.aa_start if entry else None)
        end = h.protein_end or start
        out["protein_start"], out["protein_end"] = start, end
        terms = entry.terms if entry else ()
        spot = self.hotspots.match(gene, terms, start, end)
        out["hotspot"] = spot.id if spot else ""
        return out


def annotate_vcf(
    vcf_in: str,
    vcf_out: str,
    tsv_out: str,
    sample: str,
    annotator: Annotator,
    sources: dict[str, dict],
) -> int:
    """Stream vcf_in to a bgzipped vcf_out (+ tabix index) and tsv_out; returns the records."""
    n = 0
    # The csq output is an unindexed stream; keep htslib from reporting the missing index.
    verbosity = pysam.set_verbosity(0)
    src = pysam.VariantFile(vcf_in)
    pysam.set_verbosity(verbosity)
    with src:
        for key, number, kind, text in INFO_HEADER:
            if key not in src.header.info:
                src.header.add_line(
                    f'##INFO=<ID={key},Number={number},Type={kind},Description="{text}">'
                )
        for line in source_lines(sources):
            src.header.add_line(line)
        with (
            pysam.VariantFile(vcf_out, "wz", header=src.header) as out,
            open(tsv_out, "w", newline="") as fh,
        ):
            w = csv.writer(fh, delimiter="\t", lineterminator="\n")
            w.writerow(TSV_COLUMNS)
            for rec in src:
                fields = annotator.annotate(rec)
                for key, value in (
                    ("GENE", fields.get("gene")),
                    ("TRANSCRIPT", fields.get("transcript")),
                    ("TRANSCRIPT_CHOICE", fields.get("transcript_choice")),
                    ("CONSEQUENCE", fields.get("consequence")),
                    ("HGVSc", fields.get("hgvsc")),
                    ("HGVSp", fields.get("hgvsp")),
                    ("PROTEIN_START", fields.get("protein_start")),
                    ("PROTEIN_END", fields.get("protein_end")),
                    ("HOTSPOT", fields.get("hotspot")),
                    ("PANELS", fields.get("panels")),
                ):
                    if value not in (None, ""):
                        rec.info[key] = _info_value(key, value)
                out.write(rec)
                ev = allele_evidence(rec, sample)
                row = {
                    "sample": sample,
                    "chrom": rec.chrom,
                    "pos": rec.pos,
                    "ref": rec.ref,
                    "alt": ",".join(rec.alts or ()),
                    "filter": ";".join(rec.filter.keys()) or ".",
                    **{k: fields.get(k, "") for k in TSV_COLUMNS[6:14]},
                    "vaf": ev["vaf"],
                    "alt_reads": ev["alt_reads"],
                    "depth": ev["depth"],
                    "normal_vaf": ev["normal_vaf"],
                    "genotype": ev["genotype"],
                    "pop_af": _value(rec, "POP_AF"),
                    "clnsig": _value(rec, "CLNSIG"),
                    "clnrevstat": _value(rec, "CLNREVSTAT"),
                    "hotspot": fields.get("hotspot", ""),
                    "panels": fields.get("panels", ""),
                    "itd": "yes" if "ITD" in rec.info else "",
                }
                w.writerow(["" if row[c] is None else row[c] for c in TSV_COLUMNS])
                n += 1
    pysam.tabix_index(str(vcf_out), preset="vcf", force=True)
    return n


def database_version(path: str | Path) -> str:
    """What a database file says about its version (VCF ##fileDate/##source, GFF3 #! lines)."""
    path = str(path)
    keys = (
        "##fileDate=",
        "##source=",
        "##reference=",
        "#!genome-build",
        "#!genome-version",
        "# version:",
    )
    found = []
    if path.endswith((".vcf.gz", ".vcf", ".bcf")):
        with pysam.VariantFile(path) as vf:
            lines = str(vf.header).splitlines()
    else:
        import gzip

        opener = gzip.open if path.endswith(".gz") else open
        lines = []
        with opener(path, "rt") as fh:
            for line in fh:
                if not line.startswith("#"):
                    break
                lines.append(line.rstrip("\n"))
    for line in lines:
        if line.startswith(keys):
            found.append(line.lstrip("#!").strip())
    return "; ".join(found[:3]) or "not stated in the file"
