"""Link 2 of the interpretation chain: the oncogenicity of each somatic call. Its place is kept
for the points-based ClinGen/CGC/VICC oncogenicity classification (Horak et al., Genet Med
2022;24:986-998), which will sit between reading the calls and tiering them. Until then every
call passes through marked NOT_CLASSIFIED; nothing of this link reaches the JSON."""

from __future__ import annotations

from dataclasses import dataclass

from alwgs.interpret.model import Call
from alwgs.interpret.variants import Variants

NOT_CLASSIFIED = "not yet classified"


@dataclass
class AssessedCall:
    call: Call
    oncogenicity: str = NOT_CLASSIFIED


@dataclass
class Assessed:
    calls: list[AssessedCall]  # in VCF order


def assess(variants: Variants) -> Assessed:
    """Every call, not yet classified."""
    return Assessed([AssessedCall(call) for call in variants.calls])
