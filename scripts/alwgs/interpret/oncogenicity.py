"""Link 2 of the interpretation chain: the oncogenicity of each somatic call by the points-based
ClinGen/CGC/VICC standard operating procedure (Horak et al., Genet Med 2022;24:986-998), as
config/knowledge/oncogenicity.yaml writes it down. Each call gets the evidence codes that apply
(with their points and what made them apply), the codes that could not be evaluated (and why),
the codes left out because a stronger code counts the same observation, and the class the sum of
points gives. ClinVar is one line of evidence here (OS1, SBS2), not the verdict; the tiers and the
ELN/WHO/ICC "mutated" rules read the class."""

from __future__ import annotations

from dataclasses import dataclass, field

from alwgs.interpret.conditions import clinvar_stars
from alwgs.interpret.model import Call
from alwgs.interpret.oncogenicity_kb import ONCOGENIC, OncogenicityKnowledge
from alwgs.interpret.protein import ProteinChange, csq_terms, protein_change
from alwgs.interpret.variants import Variants

__all__ = ["ONCOGENIC", "Assessed", "AssessedCall", "Oncogenicity", "assess", "classify_call"]


@dataclass
class Oncogenicity:
    cls: str
    points: int
    codes: list[dict]  # applied: {code, points, detail}
    not_evaluated: list[dict] = field(default_factory=list)  # {code, reason}
    excluded: list[dict] = field(default_factory=list)  # {code, points, detail, counted_by}

    @property
    def code_names(self) -> list[str]:
        return [c["code"] for c in self.codes]

    def to_json(self) -> dict:
        return {
            "class": self.cls,
            "points": self.points,
            "codes": self.codes,
            "not_evaluated": self.not_evaluated,
            "excluded": self.excluded,
        }


@dataclass
class AssessedCall:
    call: Call
    oncogenicity: Oncogenicity


@dataclass
class Assessed:
    calls: list[AssessedCall]  # in VCF order


def assess(variants: Variants, kb: OncogenicityKnowledge, diagnosis: str = "") -> Assessed:
    """Every call with its oncogenicity; variants.sources says whether the population and
    ClinVar annotations were used (a code that reads an unused source is not evaluated)."""
    return Assessed(
        [
            AssessedCall(call, classify_call(call, kb, variants.sources, diagnosis))
            for call in variants.calls
        ]
    )


def _used(sources: dict, name: str) -> bool:
    """A source the annotation declares unused; a source not declared at all (findings made
    elsewhere carry the values themselves) counts as used."""
    if name not in sources:
        return True
    return (sources.get(name) or {}).get("used", "yes") == "yes"


@dataclass(frozen=True)
class _Facts:
    call: Call
    terms: set[str]
    protein: ProteinChange
    role: str
    population_used: bool
    clinvar_used: bool
    diagnosis: str


def classify_call(
    call: Call, kb: OncogenicityKnowledge, sources: dict | None = None, diagnosis: str = ""
) -> Oncogenicity:
    rules = kb.rules
    facts = _Facts(
        call=call,
        terms=csq_terms(call.consequence),
        protein=protein_change(call.hgvsp, call.protein_start, call.protein_end),
        role=kb.role(call.gene),
        population_used=_used(sources or {}, "population_af"),
        clinvar_used=_used(sources or {}, "clinvar"),
        diagnosis=diagnosis,
    )
    raw: dict[str, str] = {}  # code -> detail, for every code whose criterion holds
    not_evaluated: list[dict] = []
    for code, spec in rules["codes"].items():
        if spec.get("evaluated", True) is False:
            not_evaluated.append({"code": code, "reason": " ".join(spec["reason"].split())})
            continue
        detail, missing = EVALUATORS[code](facts, kb)
        if missing:
            not_evaluated.append({"code": code, "reason": missing})
        elif detail:
            raw[code] = detail

    applied: dict[str, bool] = {}

    def holds(code: str) -> bool:
        if code not in applied:
            others = rules["codes"][code].get("not_with", [])
            applied[code] = code in raw and not any(holds(o) for o in others)
        return applied[code]

    codes, excluded = [], []
    for code, spec in rules["codes"].items():
        if code not in raw:
            continue
        entry = {"code": code, "points": spec["points"], "detail": raw[code]}
        if holds(code):
            codes.append(entry)
        else:
            by = [o for o in spec.get("not_with", []) if holds(o)]
            excluded.append(entry | {"counted_by": by})
    points = sum(c["points"] for c in codes)
    return Oncogenicity(_class_of(points, rules["classes"]), points, codes, not_evaluated, excluded)


def _class_of(points: int, classes: list[dict]) -> str:
    for row in classes:
        if row.get("min") is None or points >= row["min"]:
            return row["class"]
    raise AssertionError("the last class has no minimum")  # pragma: no cover


# ------------------------------------------------------------------------------ the codes
# Each evaluator returns (detail, missing): detail is what made the code apply ('' = it does
# not apply); missing is why it could not be evaluated for this call ('' = it was).


def _params(kb: OncogenicityKnowledge) -> dict:
    return kb.rules["parameters"]


def _has(facts: _Facts, kb: OncogenicityKnowledge, group: str) -> set[str]:
    return facts.terms & set(_params(kb)[group])


def _ovs1(facts: _Facts, kb: OncogenicityKnowledge) -> tuple[str, str]:
    hit = _has(facts, kb, "null_consequences")
    if hit and facts.role in ("tumor_suppressor", "both"):
        source = kb.roles[facts.call.gene]["source"]
        return f"{'&'.join(sorted(hit))} in {facts.call.gene}, {facts.role} ({source})", ""
    return "", ""


def _clinvar(facts: _Facts, kb: OncogenicityKnowledge, which: str, min_key: str) -> str:
    names = set(kb.clinvar[which]) & set(facts.call.clnsig)
    if not names:
        return ""
    stars = clinvar_stars(facts.call.clnrevstat, kb.clinvar["review_stars"])
    need = _params(kb)["clinvar"][min_key]
    if stars < need:
        return ""
    review = facts.call.clnrevstat or "no review status"
    return f"ClinVar {','.join(sorted(names))} ({review}, {stars} star(s))"


def _os1(facts: _Facts, kb: OncogenicityKnowledge) -> tuple[str, str]:
    if not facts.clinvar_used:
        return "", "ClinVar was not used by the annotation"
    return _clinvar(facts, kb, "pathogenic", "os1_min_stars"), ""


def _functional(facts: _Facts, kb: OncogenicityKnowledge, effect: str) -> str:
    p = facts.protein
    for e in kb.rules.get("functional_evidence") or []:
        if e["gene"] != facts.call.gene or e["effect"] != effect:
            continue
        missense = bool(_has(facts, kb, "missense_consequences"))
        if "changes" in e:
            hit = missense and p.substitution in e["changes"]
        elif "residues" in e:
            hit = missense and p.residue in e["residues"]
        else:
            hit = (
                p.position is not None
                and e["first"] <= p.position <= e["last"]
                and bool(facts.terms & set(e["consequences"]))
            )
        if hit:
            return f"{e['id']}: {' '.join(e['source'].split())}"
    return ""


def _os2(facts: _Facts, kb: OncogenicityKnowledge) -> tuple[str, str]:
    return _functional(facts, kb, "oncogenic"), ""


def _same_change(facts: _Facts, kb: OncogenicityKnowledge):
    """(row, same-change count) of a call at a counted residue whose consequence is one of
    parameters.hotspot_consequences (a missense change, or a nonsense change counted as '*'
    like cancerhotspots.org counts it); (row, None) when the row has no per-change breakdown;
    (None, None) when there is no counted row."""
    p = facts.protein
    if not _has(facts, kb, "hotspot_consequences") or not p.change:
        return None, None
    row = kb.counts.get((facts.call.gene, p.position))
    if row is None or row.count is None:
        return None, None
    if row.residue != p.residue:  # another reference amino acid: another numbering
        return None, None
    if row.changes is None:
        return row, None
    return row, row.changes.get(p.alt, 0)


def _hotspot_code(facts: _Facts, kb: OncogenicityKnowledge, strong: bool | None) -> tuple[str, str]:
    """strong True: OS3; False: OM3; None: OP3."""
    row, same = _same_change(facts, kb)
    if row is None:
        return "", ""
    if same is None:
        return "", f"hotspot_counts.tsv has no per-change counts at {row.gene} {row.residue}"
    hot = _params(kb)["hotspot"]
    big = row.count >= hot["strong_min_residue"]
    enough = same >= hot["min_same_change"]
    if strong is None:
        ok = 1 <= same < hot["min_same_change"]
    else:
        ok = enough and big == strong
    if not ok:
        return "", ""
    return (
        f"{row.gene} {row.residue}: {row.count} samples at the residue, {same} with"
        f" {facts.protein.change} ({row.source}){_truncation_caution(facts, row)}",
        "",
    )


def _truncation_caution(facts: _Facts, row) -> str:
    """Horak 2022 Table 2 (OS3, OM3): 'use caution with hotspots driven by truncating somatic
    variants'. Said on a missense call at a residue whose most frequent change is a stop."""
    stops = row.changes.get("*", 0)
    if facts.protein.alt == "*" or not stops or stops < max(row.changes.values()):
        return ""
    return (
        f"; caution: the residue is a hotspot of nonsense changes ({stops} of {row.count}"
        " samples), the SOP asks to weigh a missense change there with care"
    )


def _om1(facts: _Facts, kb: OncogenicityKnowledge) -> tuple[str, str]:
    d = kb.domain_of(facts.call.gene, facts.protein.position, facts.terms)
    if d is None:
        return "", ""
    return f"{d.gene} {d.name} (residues {d.first}-{d.last}; {d.source})", ""


def _om2(facts: _Facts, kb: OncogenicityKnowledge) -> tuple[str, str]:
    inframe = _has(facts, kb, "inframe_consequences")
    if inframe and facts.role:
        return f"{'&'.join(sorted(inframe))} in {facts.call.gene}, {facts.role}", ""
    stop = _has(facts, kb, "stop_loss_consequences")
    if stop and facts.role in ("tumor_suppressor", "both"):
        return f"stop_lost in {facts.call.gene}, {facts.role}", ""
    return "", ""


def _op2(facts: _Facts, kb: OncogenicityKnowledge) -> tuple[str, str]:
    for pair in _params(kb)["single_gene_etiology"]:
        if pair["gene"] == facts.call.gene and pair["diagnosis"] == facts.diagnosis:
            return f"{facts.call.gene} in {facts.diagnosis}", ""
    return "", ""


def _population(facts: _Facts) -> tuple[float | None, str]:
    if not facts.population_used:
        return None, "the population allele-frequency database was not used by the annotation"
    return facts.call.pop_af, ""


def _op4(facts: _Facts, kb: OncogenicityKnowledge) -> tuple[str, str]:
    af, missing = _population(facts)
    if missing:
        return "", missing
    if af is None:
        return "absent from the population database", ""
    if af <= _params(kb)["population"]["absent_at_most"]:
        return f"population AF {af:g}", ""
    return "", ""


def _above(facts: _Facts, kb: OncogenicityKnowledge, key: str) -> tuple[str, str]:
    af, missing = _population(facts)
    if missing:
        return "", missing
    limit = _params(kb)["population"][key]
    if af is not None and af > limit:
        return f"population AF {af:g} > {limit:g}", ""
    return "", ""


def _sbs2(facts: _Facts, kb: OncogenicityKnowledge) -> tuple[str, str]:
    functional = _functional(facts, kb, "no_effect")
    if functional:
        return functional, ""
    if not facts.clinvar_used:
        return "", "ClinVar was not used by the annotation"
    return _clinvar(facts, kb, "benign", "sbs2_min_stars"), ""


def _sbp2(facts: _Facts, kb: OncogenicityKnowledge) -> tuple[str, str]:
    silent = _has(facts, kb, "synonymous_consequences")
    if silent and "splice_region" not in facts.terms:
        return f"{'&'.join(sorted(silent))}, not in a splice region", ""
    return "", ""


EVALUATORS = {
    "OVS1": _ovs1,
    "OS1": _os1,
    "OS2": _os2,
    "OS3": lambda f, kb: _hotspot_code(f, kb, True),
    "OM1": _om1,
    "OM2": _om2,
    "OM3": lambda f, kb: _hotspot_code(f, kb, False),
    "OP2": _op2,
    "OP3": lambda f, kb: _hotspot_code(f, kb, None),
    "OP4": _op4,
    "SBVS1": lambda f, kb: _above(f, kb, "very_strong_above"),
    "SBS1": lambda f, kb: _above(f, kb, "strong_above"),
    "SBS2": _sbs2,
    "SBP2": _sbp2,
}


def summary(onc: Oncogenicity | dict | None) -> str:
    """'likely oncogenic (9 points: OS2, OS3, OP4)', for reports and notes."""
    if onc is None:
        return ""
    data = onc.to_json() if isinstance(onc, Oncogenicity) else onc
    codes = ", ".join(c["code"] for c in data.get("codes", [])) or "no code"
    return f"{data['class'].replace('_', ' ')} ({data['points']} points: {codes})"
