"""Link 4 of the interpretation chain: the sample's lesions from each input: tiered small variants
and ITDs (annotated somatic VCF), fusions and PTDs (results/sv/<s>.fusions.tsv), chromosome,
arm and band-named copy-number events and focal deletions of configured genes
(results/cnv/<s>.events.tsv). A loss named by its bands (del(5)(q21.3q34)) is the arm-level
lesion a guideline names when karyotype.yaml arm_lesions lists its arm (del(5q)).
Karyotype-level lesions (complex, monosomal, ploidy, iAMP21) come from the ELN and WHO/ICC
engines, which own their definitions."""

from __future__ import annotations

import re
from dataclasses import dataclass

from alwgs.annotate.hotspots import Hotspots
from alwgs.interpret import eln as eln_engine
from alwgs.interpret import who_icc as who_icc_engine
from alwgs.interpret.model import Assessment, Context, Lesion, SampleInfo, norm_chrom
from alwgs.interpret.oncogenicity_kb import CLASSES
from alwgs.interpret.tiers import ORDER, Tiered, TieredCall
from alwgs.sv.normal_support import FUSION_STATUS_COLUMNS
from alwgs.sv.targeted_counts import CALLER as TARGETED

AMP = ("AMP/ASCO/CAP", 2017)
_ARM = re.compile(r"\(\d*[XY]?\d*([pq])")


@dataclass(frozen=True)
class LesionRules:
    """The part of the knowledge this link reads."""

    tiers: dict  # amp_tiers.yaml: the tier entry of each kind of structural lesion
    hotspots: Hotspots  # the lesion names of hotspots
    focal: dict  # focal_deletions.tsv
    eln: dict  # eln2022.yaml: complex and monosomal karyotype
    who_icc: dict  # who_icc2022.yaml: derived lesions (ploidy groups, iAMP21)
    karyotype: dict  # karyotype.yaml: arm_lesions (band-named losses read as an arm's)


@dataclass
class Lesions:
    """The link's output: the lesions and what rule conditions see besides them (diagnosis,
    karyotype, events, blasts), with the rows that are listed but are not lesions."""

    context: Context
    structural_variants: list[dict]  # fusion rows that are not lesions (tier III)
    copy_number: list[dict]  # every events.tsv row


def find_lesions(
    tiered: Tiered,
    info: SampleInfo,
    fusions: list[dict],
    events: list[dict],
    karyotype: dict,
    rules: LesionRules,
    assessment: Assessment | None = None,
) -> Lesions:
    """fusions, events, karyotype: the rows of fusions.tsv and events.tsv and karyotype.json;
    assessment: what was assessed (default: everything)."""
    lesions = mutation_lesions(tiered.lesion_calls(), rules.hotspots)
    sv_lesions, other_sv = fusion_lesions(fusions, rules.tiers)
    cn_lesions, copy_number = cna_lesions(
        events, rules.tiers, rules.focal, info.diagnosis, rules.karyotype.get("arm_lesions") or []
    )
    ctx = Context(
        diagnosis=info.diagnosis,
        lesions=lesions + sv_lesions + cn_lesions,
        karyotype=karyotype,
        events=events,
        blasts=info.purity,
        therapy_context=info.therapy_context,
        assessment=assessment or Assessment(),
    )
    why = ctx.assessment.whole("copy_number")
    if why:  # a focal deletion not found is not absent when copy number was not assessed
        found = ctx.lesion_ids()
        for gene, spec in rules.focal.items():
            if gene != "_meta" and spec["lesion"] not in found:
                ctx.undetermined[spec["lesion"]] = [f"copy number not assessed ({why})"]
    karyo_entry = rules.tiers["structural"]["karyotype"]
    ctx.lesions += eln_engine.karyotype_lesions(rules.eln, ctx, karyo_entry)
    ctx.lesions += who_icc_engine.derived_lesions(rules.who_icc, ctx, karyo_entry)
    return Lesions(ctx, other_sv, copy_number)


def mutation_lesions(tiered: list[TieredCall], hotspots: Hotspots) -> list[Lesion]:
    """One lesion per id (gene_mut, a hotspot's lesion name, or the ITD target) with every
    reportable call of it as evidence (each with its oncogenicity codes); tier and rule are
    those of its best call, its oncogenicity the most oncogenic class of its calls."""
    by_id: dict[str, Lesion] = {}
    for item in tiered:
        call, tier, onc = item.call, item.tier, item.oncogenicity
        spot = hotspots.by_id(call.hotspot) if call.hotspot else None
        if call.itd:
            lid = call.itd_target.replace("-", "_") if call.itd_target else f"{call.gene}_ITD"
            kind = "itd"
        else:
            lid = spot.lesion if spot else f"{call.gene}_mut"
            kind = "mutation"
        ev = call.evidence() | {"tier": tier.tier, "level": tier.level, "tier_rule": tier.rule_id}
        if onc is not None:
            ev["oncogenicity"] = onc.to_json()
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
        if onc is not None and (
            not lesion.oncogenicity or CLASSES.index(onc.cls) < CLASSES.index(lesion.oncogenicity)
        ):
            lesion.oncogenicity = onc.cls
        if spot:
            lesion.features.add(spot.id)
        if call.vaf is not None and (lesion.vaf is None or call.vaf > lesion.vaf):
            lesion.vaf = call.vaf
        if "GermlineSuspect" in call.filters:
            lesion.notes.append(
                f"{call.hgvsc or call.pos}: germline-like in a tumor-only sample (GermlineSuspect);"
                " confirm on a non-hematopoietic sample"
            )
        if "RepeatIndelReview" in call.filters:
            lesion.notes.append(
                f"{call.hgvsc or call.pos}: indel at under 20% of reads in a long homopolymer or"
                " tandem repeat, where polymerase slippage makes such reads (RepeatIndelReview);"
                " review the reads and the matched normal before reporting"
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
                    *FUSION_STATUS_COLUMNS,
                )
                # Somatic-status fields of a fusions.tsv row; rows made elsewhere (findings
                # files) have none, and their evidence then has none.
                if k in row or k not in FUSION_STATUS_COLUMNS
            },
        }
        targeted = row.get("callers") == TARGETED
        if targeted:
            # No junction: the lesion rests on read pairs anchor <-> partner copies
            # (alwgs.sv.targeted_counts); the evidence says so and carries the numbers.
            ev["evidence"] = "targeted read count"
            ev["note"] = row.get("note", "")
        if row.get("somatic_status") == "germline":
            # The normal's reads carry the junction: an inherited rearrangement, not a lesion
            # of the leukemia (alwgs.sv.normal_support), whatever its genes.
            others.append(ev | {"tier": "III", "tier_rule": "GERMLINE-SV"})
            continue
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
        if targeted:
            lesion.notes.append(
                f"{row.get('note', '')}: the partner lies in a repeat whose reads have no"
                " unique place, so the breakpoints, the orientation and which copy was moved are"
                " not known; confirm by RNA (fusion transcript, expression) or a junction assay"
            )
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


def arm_lesion(row: dict, arm_lesions: list[dict]) -> dict | None:
    """The arm_lesions row (karyotype.yaml) a band-level loss or gain counts as: same
    chromosome, change and an arm the event lies on (p, q; p first for one across the
    centromere); None when none is listed."""
    chrom = norm_chrom(row.get("chrom"))
    arms = [a for a in (row.get("arm") or "") if a in "pq"] or [_extent(row)]
    for arm in arms:
        for spec in arm_lesions:
            if (
                norm_chrom(spec["chrom"]) == chrom
                and spec["arm"] == arm
                and spec["change"] == row.get("type")
            ):
                return spec
    return None


def cna_lesions(
    rows: list[dict], tiers: dict, focal: dict, diagnosis: str, arm_lesions: list[dict]
) -> tuple[list[Lesion], list[dict]]:
    """Chromosome, arm and band-level gains and losses (id = the event string) and focal
    deletions of the configured genes (<GENE>_del); every row is also returned for the
    copy-number listing. A band-level change (G-banding sees it, del(5)(q21.3q34)) has the
    arm of its ``arm_lesions`` row (karyotype.yaml) as extent, so the guideline conditions read
    it as that arm's lesion (del(5q)); without a row it has no extent, and no arm rule reads
    it."""
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
                    "callable_bp",
                    "note",
                )
            },
        }
        listing.append(ev)
        level, change = row.get("level"), row.get("type")
        # A not_assessable row (too little callable sequence on its chromosome or arm, see
        # alwgs.cnv.callable_sequence) matches neither branch: it is listed, never a lesion.
        if (
            level in ("chromosome", "arm", "band")
            and change in ("loss", "gain")
            and row.get("event")
        ):
            lid = row["event"]
            if lid in lesions:
                lesions[lid].evidence.append(ev)
            else:
                lesion = _structural(structural["arm_cna"], lid, "cna", (), ev)
                extent = _extent(row)
                if level == "band":
                    spec = arm_lesion(row, arm_lesions)
                    extent = spec["arm"] if spec else ""
                    lesion.notes.append(_band_note(row, spec))
                lesion.chrom, lesion.extent, lesion.change = (
                    norm_chrom(row.get("chrom")),
                    extent,
                    change,
                )
                lesions[lid] = lesion
        # A band-level loss was focal before it was named by its bands: the configured genes
        # it removes (a 9p deletion of several Mb over CDKN2A) are still deleted genes.
        if level in ("focal", "band") and change == "loss":
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


def _band_note(row: dict, spec: dict | None) -> str:
    """Why a band-named change is or is not read as its arm's lesion."""
    name = row.get("event", "")
    if spec:
        return (
            f"{name}: a {spec['change']} banding sees, named by its bands, counts as"
            f" {spec['lesion']} ({spec.get('guidelines') or 'guideline arm lesion'};"
            " config/knowledge/karyotype.yaml arm_lesions)"
        )
    return (
        f"{name}: a {row.get('type')} banding sees, named by its bands; no guideline rule reads"
        " this arm's change (config/knowledge/karyotype.yaml arm_lesions)"
    )
