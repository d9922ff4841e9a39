"""Lesions from each input: tiered small variants and ITDs (annotated somatic VCF), fusions and
PTDs (results/sv/<s>.fusions.tsv), arm/chromosome copy-number events and focal deletions of
configured genes (results/cnv/<s>.events.tsv). Karyotype-level lesions (complex, monosomal,
ploidy) come from the ELN and WHO/ICC engines, which own their definitions."""

from __future__ import annotations

import re

from alwgs.annotate.hotspots import Hotspots
from alwgs.interpret.model import Call, Lesion, norm_chrom
from alwgs.interpret.tiers import ORDER, Tier

AMP = ("AMP/ASCO/CAP", 2017)
_ARM = re.compile(r"\(\d*[XY]?\d*([pq])")


def mutation_lesions(tiered: list[tuple[Call, Tier]], hotspots: Hotspots) -> list[Lesion]:
    """One lesion per id (gene_mut, a hotspot's lesion name, or the ITD target) with every
    reportable call of it as evidence; tier and rule are those of its best call."""
    by_id: dict[str, Lesion] = {}
    for call, tier in tiered:
        spot = hotspots.by_id(call.hotspot) if call.hotspot else None
        if call.itd:
            lid = call.itd_target.replace("-", "_") if call.itd_target else f"{call.gene}_ITD"
            kind = "itd"
        else:
            lid = spot.lesion if spot else f"{call.gene}_mut"
            kind = "mutation"
        ev = call.evidence() | {"tier": tier.tier, "level": tier.level, "tier_rule": tier.rule_id}
        lesion = by_id.get(lid)
        if lesion is None:
            lesion = by_id[lid] = Lesion(
                id=lid,
                kind=kind,
                genes=(call.gene,),
                tier=tier.tier,
                level=tier.level,
                rule_id=tier.rule_id,
                guideline=AMP[0],
                year=AMP[1],
                description=tier.description,
            )
        elif ORDER[tier.tier] < ORDER[lesion.tier]:
            lesion.tier, lesion.level, lesion.rule_id = tier.tier, tier.level, tier.rule_id
            lesion.description = tier.description
        lesion.evidence.append(ev)
        if spot:
            lesion.features.add(spot.id)
        if call.vaf is not None and (lesion.vaf is None or call.vaf > lesion.vaf):
            lesion.vaf = call.vaf
        if "GermlineSuspect" in call.filters:
            lesion.notes.append(
                f"{call.hgvsc or call.pos}: germline-like in a tumor-only sample (GermlineSuspect);"
                " confirm on a non-hematopoietic sample"
            )
    return list(by_id.values())


def _genes_of(row: dict) -> tuple[str, str]:
    name = row.get("fusion", "")
    if "::" in name:
        a, b = name.split("::", 1)
        return a, b
    return row.get("gene5", ""), row.get("gene3", "")


def _structural(entry: dict, lesion_id: str, kind: str, genes: tuple, evidence: dict) -> Lesion:
    return Lesion(
        id=lesion_id,
        kind=kind,
        genes=genes,
        tier=entry["tier"],
        level=entry.get("level"),
        rule_id=entry["id"],
        guideline=AMP[0],
        year=AMP[1],
        description=" ".join(entry["description"].split()),
        evidence=[evidence],
    )


def fusion_lesions(rows: list[dict], tiers: dict) -> tuple[list[Lesion], list[dict]]:
    """Fusion and PTD lesions, and the other rows (listed as tier III structural variants)."""
    structural = tiers["structural"]
    driver_genes = set(structural["rearranged_gene"]["genes"])
    lesions: dict[str, Lesion] = {}
    others: list[dict] = []
    for row in rows:
        name = row.get("fusion", "")
        ev = {
            "source": "sv",
            **{
                k: row.get(k, "")
                for k in (
                    "chrom1",
                    "pos1",
                    "chrom2",
                    "pos2",
                    "gene5",
                    "gene3",
                    "fusion",
                    "event",
                    "known",
                    "orientation_ok",
                    "mechanism",
                    "callers",
                    "split_reads",
                    "paired_reads",
                    "sv_ids",
                )
            },
        }
        if row.get("event") == "PTD" or name.endswith("-PTD"):
            gene = row.get("gene5") or name[: -len("-PTD")]
            lid, kind, genes, entry = f"{gene}_PTD", "ptd", (gene,), structural["ptd"]
        else:
            g5, g3 = _genes_of(row)
            if row.get("known") == "yes":
                entry = structural["known_fusion"]
            elif row.get("orientation_ok") == "yes" and {g5, g3} & driver_genes:
                entry = structural["rearranged_gene"]
            else:
                others.append(ev | {"tier": "III", "tier_rule": "AMP-T3-SV"})
                continue
            lid, kind, genes = name or f"{g5}::{g3}", "fusion", (g5, g3)
        if lid in lesions:
            lesions[lid].evidence.append(ev)
            continue
        lesion = lesions[lid] = _structural(entry, lid, kind, genes, ev)
        if kind == "fusion" and row.get("orientation_ok") == "no":
            lesion.notes.append(
                "the joined ends cannot make the 5'->3' chimeric transcript in this call; review"
                " the junctions"
            )
    return list(lesions.values()), others


def _extent(row: dict) -> str:
    if row.get("level") == "chromosome":
        return "chromosome"
    arm = (row.get("arm") or "").strip()
    if arm in ("p", "q"):
        return arm
    m = _ARM.search(row.get("event", ""))
    return m.group(1) if m else ""


def cna_lesions(
    rows: list[dict], tiers: dict, focal: dict, diagnosis: str
) -> tuple[list[Lesion], list[dict]]:
    """Arm/chromosome gains and losses (id = the event string) and focal deletions of the
    configured genes (<GENE>_del); every row is also returned for the copy-number listing."""
    structural = tiers["structural"]
    lesions: dict[str, Lesion] = {}
    listing = []
    for row in rows:
        ev = {
            "source": "cnv",
            **{
                k: row.get(k, "")
                for k in (
                    "chrom",
                    "start",
                    "end",
                    "copy_number",
                    "event",
                    "level",
                    "type",
                    "arm",
                    "genes",
                    "log2",
                    "baf",
                    "bins",
                    "sv_support",
                )
            },
        }
        listing.append(ev)
        level, change = row.get("level"), row.get("type")
        if level in ("chromosome", "arm") and change in ("loss", "gain") and row.get("event"):
            lid = row["event"]
            if lid in lesions:
                lesions[lid].evidence.append(ev)
                continue
            lesion = _structural(structural["arm_cna"], lid, "cna", (), ev)
            lesion.chrom, lesion.extent, lesion.change = (
                norm_chrom(row.get("chrom")),
                _extent(row),
                change,
            )
            lesions[lid] = lesion
        elif level == "focal" and change == "loss":
            genes = [g for g in (row.get("genes") or "").split(",") if g and g != "."]
            for gene in genes:
                spec = focal.get(gene)
                if not spec or gene == "_meta":
                    continue
                if "any" not in spec["diseases"] and diagnosis not in spec["diseases"]:
                    continue
                lid = spec["lesion"]
                if lid in lesions:
                    lesions[lid].evidence.append(ev)
                    continue
                lesions[lid] = _structural(
                    structural["focal_deletion"], lid, "focal_deletion", (gene,), ev
                )
                lesions[lid].notes.append(f"focal_deletions.tsv: {spec['source']}")
    return list(lesions.values()), listing
