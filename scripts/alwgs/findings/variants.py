"""Variants of a findings file as the calls the interpretation chain reads (alwgs.interpret.model
Call): the consequence in bcftools csq terms, the protein positions of the HGVS p. change and
the hotspot matched on them by the annotation stage's own code (alwgs.annotate.hotspots), the
panels of the gene, VAF (an ITD's allelic ratio converted), ClinVar and population AF as given.
A call carries no coordinates unless the file gives them; its label names it in the report."""

from __future__ import annotations

from alwgs.annotate.hotspots import Hotspots
from alwgs.findings.protein import ProteinError, csq_terms, parse_protein
from alwgs.interpret.model import Call

# Consequence of a tandem duplication of a coding target when the file gives none.
ITD_CONSEQUENCE = "inframe_insertion"


class VariantError(ValueError):
    """A variant that cannot be read; `field` is the key at fault."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(message)


def clinvar_terms(text: str | None) -> list[str]:
    """ClinVar significance as CLNSIG writes it: 'Likely pathogenic' -> ['Likely_pathogenic'];
    '|' or ',' separate several."""
    out = []
    for item in str(text or "").replace("|", ",").split(","):
        item = "_".join(item.strip().split())
        if item and item != ".":
            out.append(item)
    return out


def _vaf(entry: dict) -> float | None:
    if entry.get("vaf") is not None:
        return float(entry["vaf"])
    ratio = entry.get("allelic_ratio")
    return None if ratio is None else float(ratio) / (1.0 + float(ratio))


def to_call(
    entry: dict,
    hotspots: Hotspots,
    panels: dict[str, set[str]],
    itd_targets: dict[str, str],
    germline: bool = False,
) -> Call:
    """The Call of one variant entry (type small or ITD; a PTD is a fusion row)."""
    gene = entry["gene"]
    itd = entry.get("type") == "ITD"
    if itd and germline:
        raise VariantError("type", "a germline variant cannot be an ITD")
    change = None
    if entry.get("hgvsp"):
        try:
            change = parse_protein(entry["hgvsp"])
        except ProteinError as err:
            raise VariantError("hgvsp", str(err)) from None
    if not itd and not entry.get("hgvsp") and not entry.get("hgvsc"):
        raise VariantError("hgvsp", "a variant needs hgvsp or hgvsc")
    if entry.get("consequence"):
        try:
            terms = csq_terms(entry["consequence"])
        except ValueError as err:
            raise VariantError("consequence", str(err)) from None
    elif itd:
        terms = [ITD_CONSEQUENCE]
    elif change is not None and change.implied:
        terms = [change.implied]
    else:
        raise VariantError(
            "consequence", "give the consequence: the variant's HGVS does not imply one"
        )
    start = change.start if change else None
    end = change.end if change else None
    spot = hotspots.match(gene, terms, start, end) if not itd else None
    vaf, depth = _vaf(entry), entry.get("depth")
    alt_reads = entry.get("alt_reads")
    if alt_reads is None and vaf is not None and depth is not None:
        alt_reads = round(vaf * depth)
    hgvsp = change.text if change else ""
    described = " ".join(x for x in (gene, entry.get("hgvsc"), hgvsp) if x)
    if itd:
        length = entry.get("length")
        described = f"{gene} ITD" + (f" {length} bp" if length else "")
    genotype = entry.get("genotype") or ("0/1" if germline else "")
    return Call(
        chrom=str(entry.get("chrom") or ""),
        pos=int(entry.get("pos") or 0),
        ref=str(entry.get("ref") or ""),
        alt=str(entry.get("alt") or ""),
        filters=[],
        gene=gene,
        transcript=entry.get("transcript") or "",
        consequence="&".join(terms),
        hgvsc=entry.get("hgvsc") or "",
        hgvsp=hgvsp,
        protein_start=start,
        protein_end=end,
        hotspot=spot.id if spot else "",
        panels=sorted(panels.get(gene, ())),
        vaf=vaf,
        alt_reads=alt_reads,
        depth=depth,
        normal_vaf=None,
        genotype=genotype,
        pop_af=entry.get("population_af"),
        clnsig=clinvar_terms(entry.get("clinvar")),
        clnrevstat="_".join(str(entry.get("clinvar_review") or "").split()),
        itd=itd,
        itd_target=(itd_targets.get(gene) or f"{gene}-ITD") if itd else "",
        label="" if entry.get("chrom") and entry.get("pos") else described,
    )
