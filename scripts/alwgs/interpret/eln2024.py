"""ELN 2024 genetic risk of AML for less-intensive therapy (Döhner et al., Blood 2024, Table 1):
the second, labelled risk output beside ELN 2022. Its rules are config/knowledge/eln2024.yaml,
read by the same engine as ELN 2022 (eln.classify: markers, footnote modifiers, not
assessable); this link adds the applicability of the table to the sample's therapy context."""

from __future__ import annotations

from alwgs.interpret import eln as eln_engine
from alwgs.interpret.model import Context


def classify(rules: dict, ctx: Context) -> dict:
    """The `eln2024` object (the shape of `eln2022`) plus `therapy_context`."""
    head = {"therapy_context": ctx.therapy_context}
    blocked = rules["not_applicable_when"]
    if ctx.diagnosis in rules["applies_to"] and ctx.therapy_context in blocked["therapy_context"]:
        return head | {
            "guideline": rules["guideline"],
            "year": rules["year"],
            "version": rules["version"],
            "group": "not_applicable",
            "rule_id": "ELN24-PRIOR-HMA",
            "reason": " ".join(blocked["description"].split()),
            "decided_by": [],
            "markers": [],
            "exceptions": [],
            "notes": [],
            "missing_inputs": [],
        }
    result = head | eln_engine.classify(rules, ctx)
    made_for = rules["made_for"]
    if (
        ctx.diagnosis in rules["applies_to"]
        and ctx.therapy_context not in made_for["therapy_context"]
    ):
        result["notes"] = [
            {"rule_id": "ELN24-CONTEXT", "text": " ".join(made_for["note"].split()), "lesions": []}
        ] + result["notes"]
    return result
