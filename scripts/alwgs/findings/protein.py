"""HGVS protein changes and consequence terms as findings files give them.

A protein change (p.Arg248Gln, p.R248Q, p.(Arg248Gln), p.Trp288CysfsTer12, p.W288Cfs*12,
p.Pro95_Arg102del, p.Asp835del, p.Arg882His, p.Gln61=, p.Met1?, p.*394Trpext*?) gives the
protein positions the hotspot list matches on, the 3-letter spelling the report prints and, when
the file gives no consequence, the consequence it implies. Consequences are Sequence Ontology
terms (as VEP writes them); they are mapped to the bcftools csq terms the knowledge files use
(alwgs.annotate.bcsq.SEVERITY), which are accepted as they are too."""

from __future__ import annotations

import re
from dataclasses import dataclass

from alwgs.annotate.bcsq import SEVERITY
from alwgs.annotate.hgvs import THREE

# One-letter to three-letter amino acids: the annotation's table (alwgs.annotate.hgvs), plus the
# one-letter spellings a findings file may use for a stop (X) and selenocysteine (U).
AA3 = THREE | {"X": "Ter", "U": "Sec"}
_THREE = set(AA3.values())
# Sequence Ontology term -> bcftools csq term (VEP's terms; the csq ones pass unchanged).
SO_TO_CSQ = {
    "missense_variant": "missense",
    "frameshift_variant": "frameshift",
    "stop_gained": "stop_gained",
    "stop_lost": "stop_lost",
    "start_lost": "start_lost",
    "inframe_deletion": "inframe_deletion",
    "inframe_insertion": "inframe_insertion",
    "protein_altering_variant": "inframe_altering",
    "splice_acceptor_variant": "splice_acceptor",
    "splice_donor_variant": "splice_donor",
    "splice_region_variant": "splice_region",
    "splice_donor_region_variant": "splice_region",
    "splice_donor_5th_base_variant": "splice_region",
    "splice_polypyrimidine_tract_variant": "splice_region",
    "synonymous_variant": "synonymous",
    "stop_retained_variant": "stop_retained",
    "start_retained_variant": "start_retained",
    "coding_sequence_variant": "coding_sequence",
    "incomplete_terminal_codon_variant": "coding_sequence",
    "5_prime_UTR_variant": "5_prime_utr",
    "3_prime_UTR_variant": "3_prime_utr",
    "intron_variant": "intron",
    "non_coding_transcript_exon_variant": "non_coding",
    "non_coding_transcript_variant": "non_coding",
    "intergenic_variant": "intergenic",
    "upstream_gene_variant": "upstream",
    "downstream_gene_variant": "downstream",
    "feature_elongation": "feature_elongation",
}
CSQ_TERMS = set(SEVERITY) | {"upstream", "downstream"}
_RESIDUE = r"(?:[A-Z][a-z]{2}|[A-Z*])"
_CHANGE = re.compile(
    rf"^p\.\(?(?P<aa1>{_RESIDUE})(?P<pos1>\d+)"
    rf"(?:_(?P<aa2>{_RESIDUE})(?P<pos2>\d+))?"
    r"(?P<rest>.*?)\)?$"
)


class ProteinError(ValueError):
    pass


@dataclass(frozen=True)
class ProteinChange:
    text: str  # 3-letter, no parentheses: p.Arg248Gln
    start: int | None
    end: int | None
    implied: str  # the csq consequence the change implies ('' when it implies none)


def _three(text: str, one_letter: bool) -> str:
    """Residues of an HGVS protein change in 3-letter form (Ter for * and X). In 1-letter text
    every capital is a residue; the lower-case words (fs, del, ins, dup, ext) stay."""
    if not one_letter:
        return text.replace("*", "Ter")
    return "".join(AA3.get(ch, ch) if ch.isupper() or ch == "*" else ch for ch in text)


def parse_protein(text: str) -> ProteinChange:
    """The positions and implied consequence of an HGVS p. change; ProteinError when the text
    is not one."""
    raw = text.strip()
    if raw in ("p.?", "p.(?)"):
        return ProteinChange("p.?", None, None, "")
    if raw in ("p.=", "p.(=)"):
        return ProteinChange("p.=", None, None, "synonymous")
    if raw in ("p.0", "p.(0)", "p.0?"):
        return ProteinChange(raw.replace("(", "").replace(")", ""), None, None, "start_lost")
    m = _CHANGE.match(raw)
    if not m:
        raise ProteinError(
            f"'{text}' is not an HGVS protein change (e.g. p.Arg248Gln, p.R248Q, "
            "p.Trp288CysfsTer12, p.Pro95_Arg102del)"
        )
    start = int(m.group("pos1"))
    end = int(m.group("pos2")) if m.group("pos2") else start
    if end < start:
        raise ProteinError(f"'{text}': the range ends before it starts")
    aa1 = m.group("aa1")
    one = len(aa1) == 1
    rest = _three(m.group("rest"), one)
    first = _three(aa1, one)
    second = f"_{_three(m.group('aa2'), one)}{end}" if m.group("pos2") else ""
    three = f"p.{first}{start}{second}{rest}"
    return ProteinChange(three, start, end, _implied(first, start, rest))


def _implied(first: str, start: int, rest3: str) -> str:
    """The csq consequence an HGVS protein change (3-letter) implies."""
    if "fs" in rest3:
        return "frameshift"
    if "ext" in rest3 or first == "Ter":
        return "stop_lost"
    if rest3 == "=":
        return "synonymous"
    if start == 1 and first == "Met" and rest3 in ("?", ""):
        return "start_lost"
    if rest3.startswith("delins"):
        return "inframe_altering"
    if rest3.startswith("del"):
        return "inframe_deletion"
    if rest3.startswith(("ins", "dup")):
        return "inframe_insertion"
    if rest3 == "Ter":
        return "stop_gained"
    if rest3 in _THREE:
        return "missense"
    return ""


def csq_terms(text: str) -> list[str]:
    """'missense_variant&splice_region_variant' -> ['missense', 'splice_region'];
    ValueError naming an unknown term."""
    out = []
    for term in (t.strip() for t in text.replace(",", "&").split("&")):
        if not term:
            continue
        if term in SO_TO_CSQ:
            out.append(SO_TO_CSQ[term])
        elif term in CSQ_TERMS:
            out.append(term)
        else:
            raise ValueError(
                f"'{term}' is not a Sequence Ontology consequence term this format reads (e.g."
                " missense_variant, frameshift_variant, stop_gained, inframe_deletion,"
                " splice_donor_variant)"
            )
    return list(dict.fromkeys(out))
