"""The germline section: which predisposition genes the matched normal screened, its findings,
and the confirmation requests of a tumor-only analysis."""

from __future__ import annotations

import yaml

from alwgs.report import inputs as rd
from alwgs.report.context.values import reads_text
from alwgs.report.labels import NOT_AVAILABLE, pct


def germline_genes(path: str | None) -> list[str]:
    """The predisposition genes of the germline rules file ([] when it is absent)."""
    p = rd.present(path)
    if p is None:
        return []
    data = yaml.safe_load(p.read_text()) or {}
    return [g["gene"] for g in data.get("genes", []) if "gene" in g]


def germline_section(interp: dict, genes: list[str], normal_coverage: list[dict] | None) -> dict:
    """Findings of the matched normal (or tumor-only confirmation requests). A predisposition
    gene without a row in the normal's coverage table, or marked NOT_ASSESSED there (no
    transcript in the reference annotation, not in the panel), was not screened."""
    paired = interp.get("mode") == "paired"
    if normal_coverage is not None:
        covered = {r["gene"] for r in normal_coverage if r["status"] != "NOT_ASSESSED"}
        screened = [g for g in genes if g in covered]
        not_screened = [g for g in genes if g not in covered]
    else:
        screened, not_screened = list(genes), []
    findings = []
    for g in interp.get("germline", []):
        ev = _first_evidence(g)
        findings.append(
            {
                "gene": g.get("gene"),
                "sample": g.get("sample"),
                "variant": ev.get("variant", ""),
                "hgvsc": ev.get("hgvsc") or NOT_AVAILABLE,
                "hgvsp": ev.get("hgvsp") or "no protein change",
                "genotype": ev.get("genotype") or NOT_AVAILABLE,
                "vaf_text": pct(ev.get("vaf")),
                "reads_text": reads_text(ev),
                "clinvar": (ev.get("clinvar") or "not in ClinVar").replace("_", " "),
                "classification": g.get("classification", ""),
                "category": g.get("category", ""),
                "rule_id": g.get("rule_id"),
                "recommendation": g.get("recommendation", ""),
            }
        )
    confirm = []
    for g in interp.get("germline_confirmation", []):
        ev = _first_evidence(g)
        confirm.append(
            {
                "gene": g.get("gene"),
                "variant": ev.get("variant", ""),
                "hgvsc": ev.get("hgvsc") or NOT_AVAILABLE,
                "hgvsp": ev.get("hgvsp") or "no protein change",
                "vaf_text": pct(ev.get("vaf")),
                "reason": g.get("reason", ""),
            }
        )
    return {
        "assessed": paired,
        "normal": interp.get("matched_normal"),
        "genes": screened,
        "genes_not_screened": not_screened,
        "findings": findings,
        "confirmation": confirm,
    }


def _first_evidence(item: dict) -> dict:
    """The first evidence of a germline item: a list for findings, one dict for a tumor-only
    confirmation request (as alwgs.interpret.germline writes it; a no-database batch stopped
    here on a tumor-only GATA2 frameshift when only lists were read)."""
    ev = item.get("evidence") or {}
    if isinstance(ev, list):
        return ev[0] if ev else {}
    return ev
