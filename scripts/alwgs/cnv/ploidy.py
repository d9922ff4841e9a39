"""Chromosome-number group of a karyotype (ALL), and masked (doubled) hypodiploidy.

A hypodiploid clone (near-haploid 24-31, low hypodiploid 32-39 chromosomes) often doubles
its chromosomes. The doubled clone has 50-78 chromosomes and can be the only one seen, so
the karyotype reads hyperdiploid (Carroll et al., Cancer Genet 2019;238:62-68: "masked
hypodiploidy"). Doubling leaves a trace that true high hyperdiploidy lacks: every chromosome
that was single in the hypodiploid clone is now two identical copies, a whole-chromosome
loss of heterozygosity (LOH; Onodera et al., Genes Chromosomes Cancer 1992;4:331-336; Safavi
& Paulsson, Blood 2017;129:420-423), while the chromosomes gained in high hyperdiploidy keep
both parental alleles (Paulsson et al., Blood 2003;102:3010-3015). So a hyperdiploid count
with whole-chromosome LOH of several chromosomes is read as the hypodiploid clone it came
from (config/knowledge/karyotype.yaml, masked_hypodiploidy).

The LOH evidence is what the copy-number stage calls (events.tsv): whole-chromosome
copy-neutral LOH (cnLOH(N), a chromosome at two copies with one parent's alleles) and
whole-chromosome gains whose B-allele fraction shows one parent only (copy-gain LOH). With
a matched normal it comes from BAF runs at the normal's heterozygous SNPs; without one,
from the heterozygosity deficit of whole chromosomes at common SNPs (alwgs.cnv.heterozygosity,
cnv.tumor_only_loh; its rows' note names the method, a gain it found gets it in its note).
Without either the check is "not assessed", with the reason, and high hyperdiploidy cannot
be told from a doubled hypodiploid clone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from alwgs.contig_roles import UNKNOWN, ContigRoles

from .cytobands import chrom_name
from .heterozygosity import METHOD as HET_DEFICIT  # the note of its events.tsv rows


def ploidy_group(count: int | None, groups: list[dict]) -> str | None:
    """Name of the group whose inclusive [min, max] holds the count; None outside all."""
    if count is None:
        return None
    for g in groups:
        if g["min"] <= count <= g["max"]:
            return g["name"]
    return None


def _get(event, key: str):
    if isinstance(event, Mapping):
        return event.get(key)
    return getattr(event, key, None)


def _number(value) -> float | None:
    try:
        return None if value in (None, "", ".") else float(value)
    except (TypeError, ValueError):
        return None


def masked_hypodiploidy(
    events: Sequence,
    chromosome_count: int,
    sex: str,
    rules: Mapping,
    roles: ContigRoles = UNKNOWN,
    loh_not_assessed: str | None = None,
) -> dict:
    """Is this karyotype a doubled hypodiploid clone? ``events``: events.tsv rows (Event
    objects or mappings with chrom, level, type, copy_number, baf); ``rules``: karyotype.yaml
    (sections masked_hypodiploidy and ploidy_groups); ``loh_not_assessed``: why LOH could
    not be called, None when it was.

    Returns {status: detected | not_detected | not_assessed | not_applicable, reason,
    observed_count, loh_chromosomes (whole-chromosome LOH: cnLOH or copy-gain LOH, with how
    it was seen), heterozygous_gains (whole-chromosome gains that kept both alleles, with
    their BAF), min_loh_chromosomes, and, when detected, hypodiploid_count (the observed
    count halved: the clone before doubling), count_from_heterozygosity (44 less the
    autosomes with LOH, plus the sex chromosomes: each autosome with LOH was single before
    doubling, each one without was a pair; it assumes every autosome had SNPs to show LOH),
    group (ploidy group of hypodiploid_count) and, when the two counts fall in different
    groups, a note}."""
    cfg = rules["masked_hypodiploidy"]
    groups = rules["ploidy_groups"]
    minimum = int(cfg["min_chromosome_count"])
    needed = int(cfg["min_whole_chromosome_loh"])
    gain_loh = float(cfg["gain_loh_min_major_allele_fraction"])
    out: dict = {
        "status": "not_applicable",
        "observed_count": chromosome_count,
        "min_chromosome_count": minimum,
        "min_loh_chromosomes": needed,
        "loh_chromosomes": [],
        "heterozygous_gains": [],
        "rules_version": str(rules.get("version", "")),
    }
    if chromosome_count is None or chromosome_count < minimum:
        out["reason"] = (
            f"{chromosome_count} chromosomes: below {minimum}, no doubled clone to unmask"
        )
        return out
    if loh_not_assessed:
        out["status"] = "not_assessed"
        out["reason"] = (
            f"loss of heterozygosity not assessed ({loh_not_assessed}): a doubled hypodiploid"
            " clone cannot be told from high hyperdiploidy"
        )
        return out
    loh, het = {}, {}
    for e in events:
        if _get(e, "level") != "chromosome":
            continue
        chrom = _get(e, "chrom")
        # A male's X and Y are single: no heterozygosity to lose.
        if sex == "male" and (roles.is_x(chrom) or roles.is_y(chrom)):
            continue
        name = "X" if roles.is_x(chrom) else "Y" if roles.is_y(chrom) else chrom_name(chrom)
        baf = _number(_get(e, "baf"))
        kind = _get(e, "type")
        note = str(_get(e, "note") or "")
        deficit = note[note.find(HET_DEFICIT) :] if HET_DEFICIT in note else ""
        if kind == "cnloh" and deficit:
            # relative copy number: one parent's chromosome at the genome's main copy state
            loh[name] = f"copy-neutral LOH (one parent's chromosome only; {deficit})"
        elif kind == "cnloh":
            loh[name] = "copy-neutral LOH (two copies of one parent's chromosome)"
        elif kind == "gain" and deficit:
            loh[name] = f"copy-gain LOH ({_get(e, 'copy_number')} copies; {deficit})"
        elif kind == "gain" and baf is not None:
            copies = _get(e, "copy_number")
            if baf >= gain_loh:
                loh[name] = f"copy-gain LOH ({copies} copies, B-allele fraction {baf:.2f})"
            else:
                het[name] = f"{copies} copies, B-allele fraction {baf:.2f}"
    out["loh_chromosomes"] = [{"chrom": c, "evidence": t} for c, t in loh.items()]
    out["heterozygous_gains"] = [{"chrom": c, "evidence": t} for c, t in het.items()]
    if len(loh) < needed:
        out["status"] = "not_detected"
        out["reason"] = (
            f"{len(loh)} chromosome(s) with whole-chromosome LOH, fewer than {needed}: not a"
            " doubled hypodiploid clone"
        )
        return out
    halved = chromosome_count // 2
    autosomes_loh = [c for c in loh if c not in ("X", "Y")]
    # Sex chromosomes before doubling: a female's X was single when it shows LOH, else a
    # pair; a male's (hemizygous, LOH cannot be seen) is taken as one, as in a haploid set.
    sex_part = (1 if "X" in loh else 2) if sex == "female" else 1
    from_het = 44 - len(autosomes_loh) + sex_part
    out |= {
        "status": "detected",
        "hypodiploid_count": halved,
        "count_from_heterozygosity": from_het,
        "group": ploidy_group(halved, groups),
        "reason": (
            f"{chromosome_count} chromosomes with whole-chromosome LOH of {len(loh)}"
            f" ({', '.join(loh)}): a doubled hypodiploid clone of about {halved} chromosomes"
        ),
    }
    if ploidy_group(from_het, groups) != out["group"]:
        out["note"] = (
            f"the count from the chromosomes that kept heterozygosity ({from_het}) falls in"
            f" another group ({ploidy_group(from_het, groups)}) than the halved count"
            f" ({halved}); review the karyotype"
        )
    return out
