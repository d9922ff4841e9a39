"""The condition language of the knowledge files, checked at load time and evaluated by one
engine for every rule set.

Lesion conditions (ELN, WHO/ICC) look at the sample's lesions:
    fusion: [A, B]              a fusion lesion joining A and B (either order)
    rearranged: GENE            any fusion lesion with GENE (+ except_partners: [..]); PTDs are not
    mutated: GENE               a small-variant lesion of GENE that is oncogenic or likely
                                oncogenic (Horak 2022 SOP), or at a hotspot of hotspots.tsv
                                (+ min_vaf, hotspot, min_variants, hgvsp: p.His1038Arg, the
                                protein change of one of its calls, residues: [first, last], a
                                call whose protein position lies in that span)
    itd: GENE | ptd: GENE       a tandem duplication lesion of GENE
    cna: {chrom, change, extent}  an arm/chromosome copy-number lesion
    deleted: GENE               a focal deletion lesion of GENE (+ max_copies: n, e.g. 0 for a
                                homozygous deletion)
    lesion: ID                  a lesion with this id
    chromosome_count: {min, max}          karyotype.json chromosome_count in range
    abnormality: ISCN                     an abnormality of karyotype.json written as ISCN
                                          names it, at any band resolution (idic(X)(q13)
                                          is also idic(X)(q13.1); findings.iscn.same_abnormality)
    abnormality_count: {min}              karyotype.json abnormalities, counted as the file
                                          records each (ISCN: a derivative once), >= min
    masked_hypodiploid: {min, max}        karyotype.json masked_hypodiploidy detected (a doubled
                                          hypodiploid clone), its hypodiploid_count in range
    copy_number: {chrom, min_copies, genes[, level]}  an events.tsv row (any level but
                                          not_assessable, or the level given) with that many
                                          copies
    all: [..] | any: [..] | not: {..}
Evaluation returns (holds, ids of the lesions that made it hold). `evaluate3` answers in three
values: True (holds on the lesions found), False (cannot hold: the inputs it reads were
assessed), None (not found, but an input it reads was not assessed: ctx.assessment); with the
reasons of the unknown (Kleene logic: all/any/not propagate "unknown").

Variant conditions (AMP tiers, germline) look at one call; all keys must hold:
    population_af_min, clinvar (pathogenic|benign), clinvar_min_stars, hotspot (bool), itd (bool),
    gene_in: [..], gene_set: name, consequence_class: [..], mechanism: [..],
    oncogenicity: [classes]  (the call's class of the oncogenicity link)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from alwgs.findings.iscn import IscnError, parse_aberration, same_abnormality
from alwgs.interpret.model import Call, Context, Lesion, norm_chrom
from alwgs.interpret.oncogenicity_kb import CLASSES, ONCOGENIC

LESION_KEYS = {
    "all",
    "any",
    "not",
    "fusion",
    "rearranged",
    "mutated",
    "itd",
    "ptd",
    "cna",
    "lesion",
    "deleted",
    "chromosome_count",
    "masked_hypodiploid",
    "copy_number",
    "abnormality",
    "abnormality_count",
}
MODIFIERS = {
    "rearranged": {"except_partners"},
    "mutated": {"min_vaf", "hotspot", "min_variants", "hgvsp", "residues"},
    "deleted": {"max_copies"},
}
CNA_CHANGES = {"loss", "gain"}
CNA_EXTENTS = {"chromosome", "p", "q"}
VARIANT_KEYS = {
    "population_af_min",
    "clinvar",
    "clinvar_min_stars",
    "hotspot",
    "itd",
    "gene_in",
    "gene_set",
    "consequence_class",
    "mechanism",
    "oncogenicity",
}


class ConditionError(ValueError):
    pass


# --------------------------------------------------------------------------- lesion conditions
def check_lesion_condition(cond, hotspot_ids: set[str] | None = None, where: str = "when") -> None:
    """Raise ConditionError naming the offending key when a condition is malformed."""
    if not isinstance(cond, dict):
        raise ConditionError(f"{where}: must be a mapping, got {type(cond).__name__}")
    if not cond:
        return
    primary = [k for k in cond if k in LESION_KEYS]
    if len(primary) != 1:
        unknown = sorted(set(cond) - LESION_KEYS - set().union(*MODIFIERS.values()))
        if unknown:
            raise ConditionError(
                f"{where}: unknown condition key '{unknown[0]}'"
                f" (known: {', '.join(sorted(LESION_KEYS))})"
            )
        raise ConditionError(f"{where}: needs exactly one of {', '.join(sorted(LESION_KEYS))}")
    key = primary[0]
    extra = set(cond) - {key}
    allowed = MODIFIERS.get(key, set())
    if extra - allowed:
        bad = sorted(extra - allowed)[0]
        raise ConditionError(f"{where}: key '{bad}' is not allowed with '{key}'")
    value = cond[key]
    if key in ("all", "any"):
        if not isinstance(value, list) or not value:
            raise ConditionError(f"{where}.{key}: must be a non-empty list")
        for i, sub in enumerate(value):
            check_lesion_condition(sub, hotspot_ids, f"{where}.{key}[{i}]")
    elif key == "not":
        check_lesion_condition(value, hotspot_ids, f"{where}.not")
    elif key == "fusion":
        if not (
            isinstance(value, list) and len(value) == 2 and all(isinstance(g, str) for g in value)
        ):
            raise ConditionError(f"{where}.fusion: must be a list of two gene names")
    elif key in ("rearranged", "mutated", "itd", "ptd", "lesion", "deleted"):
        if not isinstance(value, str) or not value:
            raise ConditionError(f"{where}.{key}: must be a gene name or id")
    elif key == "cna":
        _check_mapping(value, {"chrom", "change", "extent"}, f"{where}.cna")
        if value.get("change") not in CNA_CHANGES:
            raise ConditionError(f"{where}.cna.change: must be one of loss, gain")
        ext = value.get("extent")
        if not isinstance(ext, list) or not ext or set(ext) - CNA_EXTENTS:
            raise ConditionError(f"{where}.cna.extent: must be a list within chromosome, p, q")
    elif key in ("chromosome_count", "masked_hypodiploid"):
        _check_mapping(value, {"min", "max"}, f"{where}.{key}")
    elif key == "abnormality":
        try:
            parse_aberration(str(value))
        except IscnError as err:
            raise ConditionError(f"{where}.abnormality: not an ISCN abnormality: {err}") from None
    elif key == "abnormality_count":
        _check_mapping(value, {"min"}, f"{where}.abnormality_count")
        if not isinstance(value["min"], int) or value["min"] < 1:
            raise ConditionError(f"{where}.abnormality_count.min: must be an integer >= 1")
    elif key == "copy_number":
        keys = {"chrom", "min_copies", "genes"} | ({"level"} & set(value or {}))
        _check_mapping(value, keys, f"{where}.copy_number")
    if "min_vaf" in cond and not (
        isinstance(cond["min_vaf"], int | float) and 0 <= cond["min_vaf"] <= 1
    ):
        raise ConditionError(f"{where}.min_vaf: must be a number in [0, 1]")
    if "min_variants" in cond and not (
        isinstance(cond["min_variants"], int) and cond["min_variants"] >= 1
    ):
        raise ConditionError(f"{where}.min_variants: must be an integer >= 1")
    span = cond.get("residues")
    if "residues" in cond and not (
        isinstance(span, list)
        and len(span) == 2
        and all(isinstance(v, int) and v >= 1 for v in span)
        and span[0] <= span[1]
    ):
        raise ConditionError(f"{where}.residues: must be [first, last], protein positions")
    if "hotspot" in cond and hotspot_ids is not None and cond["hotspot"] not in hotspot_ids:
        raise ConditionError(f"{where}.hotspot: '{cond['hotspot']}' is not an id of hotspots.tsv")
    if "except_partners" in cond and not isinstance(cond["except_partners"], list):
        raise ConditionError(f"{where}.except_partners: must be a list of genes")
    if "max_copies" in cond and not (
        isinstance(cond["max_copies"], int) and cond["max_copies"] >= 0
    ):
        raise ConditionError(f"{where}.max_copies: must be an integer >= 0")


def _check_mapping(value, keys: set[str], where: str) -> None:
    if not isinstance(value, dict) or set(value) != keys:
        raise ConditionError(f"{where}: must be a mapping with exactly {', '.join(sorted(keys))}")


def _of(ctx: Context, kind: str) -> list[Lesion]:
    return [le for le in ctx.lesions if le.kind == kind]


def evaluate(cond: dict, ctx: Context) -> tuple[bool, list[str]]:
    """Does the condition hold for the context, and which lesions made it hold."""
    if not cond:
        return True, []
    key = next(k for k in cond if k in LESION_KEYS)
    value = cond[key]
    if key == "all":
        used: list[str] = []
        for sub in value:
            ok, ids = evaluate(sub, ctx)
            if not ok:
                return False, []
            used += [i for i in ids if i not in used]
        return True, used
    if key == "any":
        used, hit = [], False
        for sub in value:
            ok, ids = evaluate(sub, ctx)
            if ok:
                hit = True
                used += [i for i in ids if i not in used]
        return hit, used
    if key == "not":
        ok, _ = evaluate(value, ctx)
        return not ok, []
    found: list[Lesion] = []
    if key == "fusion":
        found = [le for le in _of(ctx, "fusion") if set(le.genes) == set(value)]
    elif key == "rearranged":
        skip = set(cond.get("except_partners", []))
        found = [
            le
            for le in _of(ctx, "fusion")
            if value in le.genes and not (set(le.genes) - {value}) & skip
        ]
    elif key == "mutated":
        found = [
            le for le in _of(ctx, "mutation") if le.genes[:1] == (value,) and counts_as_mutated(le)
        ]
        if "min_vaf" in cond:
            found = [le for le in found if le.vaf is not None and le.vaf >= cond["min_vaf"]]
        if "hotspot" in cond:
            found = [le for le in found if cond["hotspot"] in le.features]
        if "min_variants" in cond:
            found = [le for le in found if len(le.evidence) >= cond["min_variants"]]
        if "hgvsp" in cond:
            want = _protein(cond["hgvsp"])
            found = [
                le for le in found if any(_protein(ev.get("hgvsp")) == want for ev in le.evidence)
            ]
        if "residues" in cond:
            first, last = cond["residues"]
            found = [
                le
                for le in found
                if any(
                    (pos := _protein_position(ev.get("hgvsp"))) is not None and first <= pos <= last
                    for ev in le.evidence
                )
            ]
    elif key in ("itd", "ptd"):
        found = [le for le in _of(ctx, key) if le.genes[:1] == (value,)]
    elif key == "cna":
        chrom = norm_chrom(value["chrom"])
        found = [
            le
            for le in _of(ctx, "cna")
            if le.chrom == chrom and le.change == value["change"] and le.extent in value["extent"]
        ]
    elif key == "lesion":
        found = [le for le in ctx.lesions if le.id == value]
    elif key == "deleted":
        found = [le for le in _of(ctx, "focal_deletion") if le.genes[:1] == (value,)]
        if "max_copies" in cond:
            found = [le for le in found if _min_copies(le) <= cond["max_copies"]]
    elif key == "chromosome_count":
        n = ctx.karyotype.get("chromosome_count")
        return (isinstance(n, int) and value["min"] <= n <= value["max"]), []
    elif key == "masked_hypodiploid":
        masked = ctx.karyotype.get("masked_hypodiploidy") or {}
        n = masked.get("hypodiploid_count")
        detected = masked.get("status") == "detected" and isinstance(n, int)
        return (detected and value["min"] <= n <= value["max"]), []
    elif key == "copy_number":
        return _copy_number(value, ctx), []
    elif key == "abnormality":
        return bool(abnormalities_named(ctx.karyotype, value)), []
    elif key == "abnormality_count":
        n = abnormality_count(ctx.karyotype)
        return (n is not None and n >= value["min"]), []
    return bool(found), [le.id for le in found]


def item_count(item: dict) -> int:
    """What one abnormality of karyotype.json adds to the count: its ``count`` as the file
    records it (alwgs.cnv.counting: an unbalanced derivative is one abnormality, not one per
    arm it changes), 1 when not given."""
    try:
        return int(item.get("count", 1))
    except (TypeError, ValueError):
        return 1


def abnormality_count(karyotype: dict) -> int | None:
    """The karyotype's abnormalities counted as ISCN counts them (item_count of each listed
    abnormality; the file's abnormality_count when it lists none); None without either."""
    items = karyotype.get("abnormalities")
    if isinstance(items, list):
        return sum(item_count(a) for a in items)
    n = karyotype.get("abnormality_count")
    return n if isinstance(n, int) else None


def abnormalities_named(karyotype: dict, iscn: str) -> list[str]:
    """The ids of karyotype.json's abnormalities that are the abnormality `iscn` names (at any
    band resolution); an id the ISCN parser cannot read matches nothing."""
    listed = parse_aberration(iscn)
    out = []
    for item in karyotype.get("abnormalities") or []:
        text = str(item.get("id", "")) if isinstance(item, dict) else ""
        try:
            given = parse_aberration(text)
        except IscnError:
            continue
        if same_abnormality(given, listed) and text not in out:
            out.append(text)
    return out


def _protein(hgvsp) -> str:
    """'p.(His1038Arg)', 'ENSP...:p.His1038Arg' and 'p.His1038Arg' compare equal."""
    text = str(hgvsp or "").split(":")[-1]
    return text.replace("(", "").replace(")", "").removeprefix("p.")


def _protein_position(hgvsp) -> int | None:
    """The first protein position of an HGVS protein change ('p.Gln305Ter' -> 305; None for
    none, e.g. 'p.?' or 'p.=')."""
    m = re.search(r"[A-Za-z*](\d+)", _protein(hgvsp))
    return int(m.group(1)) if m else None


def _min_copies(le: Lesion) -> float:
    """The lowest copy number of a focal deletion's evidence rows (inf when none is given)."""
    values = []
    for ev in le.evidence:
        try:
            values.append(float(ev.get("copy_number")))
        except (TypeError, ValueError):
            continue
    return min(values, default=float("inf"))


# ------------------------------------------------------------------ three-valued evaluation
def evaluate3(cond: dict, ctx: Context) -> tuple[bool | None, list[str], list[str]]:
    """(True | False | None, lesion ids that made it hold, why it is unknown). A leaf that is not
    found is unknown when the input it reads was not assessed (ctx.assessment) or, for a lesion
    id, when the engine deriving it could not decide (ctx.undetermined)."""
    if not cond:
        return True, [], []
    key = next(k for k in cond if k in LESION_KEYS)
    value = cond[key]
    if key in ("all", "any"):
        parts = [evaluate3(sub, ctx) for sub in value]
        values = [v for v, _, _ in parts]
        decisive = False if key == "all" else True
        if decisive in values:
            if key == "all":
                return False, [], []
            used = _union(ids for v, ids, _ in parts if v)
            return True, used, []
        if None in values:
            return None, [], _union(why for v, _, why in parts if v is None)
        used = _union(ids for _, ids, _ in parts)
        return (key == "all"), used, []
    if key == "not":
        v, _, why = evaluate3(value, ctx)
        return (None if v is None else not v), [], why
    ok, ids = evaluate(cond, ctx)
    if ok:
        return True, ids, []
    why = missing_input(cond, ctx)
    return (None, [], [why]) if why else (False, [], [])


def _union(lists) -> list[str]:
    out: list[str] = []
    for items in lists:
        out += [i for i in items if i not in out]
    return out


def missing_input(cond: dict, ctx: Context) -> str | None:
    """Why a leaf condition that does not hold on the lesions found might still hold: the input
    it reads was not assessed (None when it was)."""
    a = ctx.assessment
    key = next(k for k in cond if k in LESION_KEYS)
    value = cond[key]
    if key in ("fusion", "rearranged", "ptd"):
        why = a.whole("structural_variants")
        what = "::".join(value) if key == "fusion" else f"{value} {key}"
        return f"{what}: structural variants not assessed ({why})" if why else None
    if key in ("mutated", "itd"):
        analysis = "small_variants" if key == "mutated" else "itd"
        why = a.whole(analysis)
        label = f"{value} mutation" if key == "mutated" else f"{value}-ITD"
        if why:
            return f"{label}: {analysis.replace('_', ' ')} not assessed ({why})"
        gene = a.gene(value)
        return f"{label}: {value} not assessable ({gene})" if gene else None
    if key == "cna":
        why = a.whole("copy_number")
        name = f"{value['change']} of {value['chrom']} ({'/'.join(value['extent'])})"
        if why:
            return f"{name}: copy number not assessed ({why})"
        region = a.region(value["chrom"], value["extent"])
        return f"{name}: copy number not assessable ({region})" if region else None
    if key == "lesion":
        why = ctx.undetermined.get(value)
        return f"{value}: {'; '.join(why)}" if why else None
    if key in ("abnormality", "abnormality_count"):
        # the karyotype's abnormalities come from copy number (unbalanced) and the structural
        # variants (balanced): either not assessed, and one not found may still be there
        whys = [
            f"{name} not assessed ({why})"
            for name, why in (
                ("copy number", a.whole("copy_number")),
                ("structural variants", a.whole("structural_variants")),
            )
            if why
        ]
        what = value if key == "abnormality" else f">= {value['min']} karyotype abnormalities"
        return f"{what}: {'; '.join(whys)}" if whys else None
    if key in ("deleted", "chromosome_count", "copy_number"):
        why = a.whole("copy_number")
        what = f"{value} deletion" if key == "deleted" else key.replace("_", " ")
        return f"{what}: copy number not assessed ({why})" if why else None
    return None  # pragma: no cover


def counts_as_mutated(le: Lesion) -> bool:
    """A small-variant lesion counts as "mutated" for the classifications when its best call is
    oncogenic or likely oncogenic by the oncogenicity SOP, or when it sits at a hotspot of
    hotspots.tsv (its features: the positions the classifications name, e.g. IKZF1 N159)."""
    return le.oncogenicity in ONCOGENIC or bool(le.features)


def _copy_number(value: dict, ctx: Context) -> bool:
    chrom, genes = norm_chrom(value["chrom"]), set(value["genes"])
    for row in ctx.events:
        if row.get("level") == "not_assessable":  # too little callable sequence to judge
            continue
        try:
            cn = float(row.get("copy_number", "nan"))
        except ValueError:
            continue
        row_genes = {g for g in str(row.get("genes", "")).split(",") if g and g != "."}
        if (
            norm_chrom(row.get("chrom")) == chrom
            and cn >= value["min_copies"]
            and genes & row_genes
            and row.get("level") == value.get("level", row.get("level"))
        ):
            return True
    return False


# --------------------------------------------------------------------------- variant conditions
def check_variant_condition(cond, known: dict, where: str = "when") -> None:
    """known: {'gene_sets': set, 'consequence_classes': set, 'mechanisms': set}."""
    if not isinstance(cond, dict):
        raise ConditionError(f"{where}: must be a mapping")
    for key, value in cond.items():
        if key not in VARIANT_KEYS:
            raise ConditionError(
                f"{where}: unknown condition key '{key}' (known: {', '.join(sorted(VARIANT_KEYS))})"
            )
        if key in ("hotspot", "itd") and not isinstance(value, bool):
            raise ConditionError(f"{where}.{key}: must be true or false")
        if key == "oncogenicity" and (not isinstance(value, list) or set(value) - set(CLASSES)):
            raise ConditionError(
                f"{where}.oncogenicity: must be a list within {', '.join(CLASSES)}"
            )
        if key == "clinvar" and value not in ("pathogenic", "benign"):
            raise ConditionError(f"{where}.clinvar: must be pathogenic or benign")
        if key in ("population_af_min", "clinvar_min_stars") and not isinstance(value, int | float):
            raise ConditionError(f"{where}.{key}: must be a number")
        if key == "gene_in" and not isinstance(value, list):
            raise ConditionError(f"{where}.gene_in: must be a list of genes")
        if key == "gene_set" and value not in known.get("gene_sets", set()):
            raise ConditionError(f"{where}.gene_set: '{value}' is not a gene set of amp_tiers.yaml")
        if key in ("consequence_class", "mechanism"):
            pool = known.get("consequence_classes" if key == "consequence_class" else "mechanisms")
            if not isinstance(value, list) or set(value) - set(pool or ()):
                raise ConditionError(
                    f"{where}.{key}: must be a list within {', '.join(sorted(pool or ()))}"
                )


def clinvar_stars(revstat: str, stars: dict[str, int]) -> int:
    text = revstat.strip()
    if text in stars:
        return stars[text]
    return max((v for k, v in stars.items() if k and k in text), default=0)


@dataclass(frozen=True)
class VariantFacts:
    """What variant conditions read besides the call itself: the gene sets and consequence
    classes of amp_tiers.yaml (as sets), its ClinVar lists and review stars, and for germline
    rules each gene's mechanism. Built once per sample from the knowledge, not once per call."""

    gene_sets: dict[str, set[str]]
    classes: dict[str, set[str]]
    clinvar: dict
    mechanism: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, tiers: dict, mechanism: dict[str, str] | None = None) -> VariantFacts:
        """tiers: amp_tiers.yaml as loaded; mechanism: gene -> mechanism (germline rules)."""
        return cls(
            gene_sets={k: set(v) for k, v in (tiers.get("gene_sets") or {}).items()},
            classes={k: set(v) for k, v in tiers["consequence_classes"].items()},
            clinvar=tiers["clinvar"],
            mechanism=dict(mechanism or {}),
        )


def variant_holds(
    cond: dict, call: Call, facts: VariantFacts, hotspot: bool = False, oncogenicity: str = ""
) -> bool:
    """Do all keys of the condition hold for the call; hotspot: the call is at a hotspot;
    oncogenicity: the call's class ('' when it has none)."""
    for key, value in cond.items():
        if key == "population_af_min":
            if call.pop_af is None or call.pop_af < value:
                return False
        elif key == "clinvar":
            names = set(facts.clinvar[value])
            if not names & set(call.clnsig):
                return False
        elif key == "clinvar_min_stars":
            if clinvar_stars(call.clnrevstat, facts.clinvar["review_stars"]) < value:
                return False
        elif key == "hotspot":
            if bool(hotspot) != value:
                return False
        elif key == "itd":
            if call.itd != value:
                return False
        elif key == "gene_in":
            if call.gene not in value:
                return False
        elif key == "gene_set":
            if call.gene not in facts.gene_sets[value]:
                return False
        elif key == "consequence_class":
            terms = set().union(*(facts.classes[c] for c in value))
            if not call.terms & terms:
                return False
        elif key == "mechanism":
            if facts.mechanism.get(call.gene) not in value:
                return False
        elif key == "oncogenicity":
            if oncogenicity not in value:
                return False
    return True
