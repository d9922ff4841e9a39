"""Counting a karyotype's abnormalities as ISCN lists them, and the karyotype-level complex
and monosomal flags (config/knowledge/karyotype.yaml: counting, complex, monosomal).

One pure function, ``count_abnormalities``, serves every source of a karyotype: the one the
copy-number stage derives from events and SV junctions (karyotype.py) and one parsed from an
ISCN string given with findings made elsewhere. Each abnormality is one item of the ISCN
string: a trisomy, a deletion named by its bands, a balanced translocation, an inversion, and
an unbalanced derivative chromosome (der(5)t(5;17)(q31;q21): loss of 5q distal to the break
and gain of 17q distal to the other) are one abnormality each, not one per arm they change.

The subtype exclusions of the guideline definitions (class-defining recurrent lesions for the
complex karyotype, core-binding-factor AML for the monosomal one) need the fusion calls and
are applied by the interpretation (alwgs.interpret.eln); the flags here are the karyotype's
own.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

NUMERICAL = "numerical"
STRUCTURAL = "structural"
# type of an abnormality: what it is counted and described as
TYPES = (
    "gain",  # +8 (numerical)
    "loss",  # -7 (numerical)
    "deletion",  # del(5q), del(5)(q21.3q34)
    "duplication",  # dup(1q), dup(1)(q21q32)
    "translocation",  # balanced t(9;22)(q34.1;q11.2)
    "inversion",  # inv(3)(q21.3q26.2)
    "derivative",  # unbalanced der(5)t(5;17)(q31;q21)
    "dicentric",  # dic(5;17)(q11.2;p11.2)
    "isochromosome",  # i(17q), idic(X)(q13)
    "other",  # add, ins, r, mar, ...
)
SEX_CHROMOSOMES = {"X", "Y"}
_PREFIX = (
    ("der(", "derivative"),
    ("dic(", "dicentric"),
    ("idic(", "isochromosome"),
    ("i(", "isochromosome"),
    ("del(", "deletion"),
    ("dup(", "duplication"),
    ("t(", "translocation"),
    ("inv(", "inversion"),
)
_DESCRIPTION = {
    "gain": "numerical: gain of one chromosome {chrom}",
    "loss": "numerical: loss of one chromosome {chrom}",
    "deletion": "deletion",
    "duplication": "duplication",
    "translocation": "balanced translocation",
    "inversion": "inversion",
    "derivative": "unbalanced derivative",
    "dicentric": "dicentric chromosome",
    "isochromosome": "isochromosome",
    "other": "structural abnormality",
}


def _get(record, key: str, default=None):
    if isinstance(record, Mapping):
        return record.get(key, default)
    return getattr(record, key, default)


def abnormality_type(record) -> str:
    """The record's ``type`` when it gives one, else read from its ISCN id: a numerical
    abnormality is a gain (+8) or a loss (-7); a structural one by its prefix (der, dic, i,
    idic, del, dup, t, inv), else other."""
    given = _get(record, "type")
    if given:
        if given not in TYPES:
            raise ValueError(f"abnormality {_get(record, 'id')!r}: unknown type {given!r}")
        return given
    text = str(_get(record, "id", "")).strip()
    if _get(record, "kind") == NUMERICAL:
        return "loss" if text.startswith("-") else "gain"
    bare = text.lstrip("+-")
    for prefix, kind in _PREFIX:
        if bare.startswith(prefix):
            return kind
    return "other"


def _short(iscn: str) -> str:
    """der(5)t(5;17)(q31;q21) -> der(5)t(5;17): the name without its breakpoints."""
    return re.sub(r"\([pq][^()]*\)$", "", iscn)


def counted_as(record, kind: str, count: int) -> str:
    """How the record was counted, for karyotype.json and the report, e.g. '1 (unbalanced
    derivative der(5)t(5;17): loss of 5q31->5qter and gain of 17q21.31->17qter)'."""
    text = _DESCRIPTION[kind].format(chrom=_get(record, "chrom", ""))
    if kind in ("derivative", "dicentric"):
        text += f" {_short(str(_get(record, 'id', '')))}"
        changes = list(_get(record, "changes") or [])
        if changes:
            text += ": " + " and ".join(changes)
        if count == 1:
            text += "; one abnormality, not one per chromosome arm it changes"
    elif kind in ("deletion", "duplication") and _get(record, "bands"):
        text += f" of {_get(record, 'chrom', '')}{_get(record, 'bands')}"
    return f"{count} ({text})"


def count_abnormalities(abnormalities: Sequence, rules: Mapping) -> dict:
    """Count the abnormalities of one karyotype as ISCN lists them, and say whether the
    karyotype is complex and monosomal.

    ``abnormalities``: one record per item of the ISCN karyotype (after the chromosome number
    and sex chromosomes), each a mapping or an object with
        id      the ISCN text: "+8", "-7", "del(5)(q21.3q34)", "t(9;22)(q34.1;q11.2)",
                "der(5)t(5;17)(q31;q21)"; a chromosome gained twice is two records ("+8",
                "+8"), as ISCN writes it
        kind    "numerical" (whole-chromosome gain or loss) or "structural"
        chrom   ISCN name of the chromosome it sorts under ("5", "X"); for a numerical one
                the chromosome gained or lost
        type    optional, one of TYPES; read from id when absent (der( -> derivative, ...)
        changes optional, for a derivative: the copy-number changes it makes, in words
        bands   optional, the breakpoint bands ("q21.3q34")
    ``rules``: config/knowledge/karyotype.yaml as loaded by karyotype.load_rules (sections
    counting, complex, monosomal).

    Returns a dict with
        items                 per record: id, kind, chrom, type, count (what it adds to the
                              abnormality count: counting.weights of its type, 1 by default)
                              and counted_as (text, e.g. "1 (balanced translocation)")
        abnormality_count     sum of the counts
        complex               >= complex.min_abnormalities, unless every record is a
                              numerical gain (hyperdiploidy of trisomies/polysomies only)
        complex_reason        one line saying why or why not
        autosomal_monosomies  chromosomes (not X or Y) with a numerical loss, ISCN order
        monosomal             >= monosomal.min_autosomal_monosomies of them, or
                              monosomal.monosomies_with_structural with a structural one
    Pure: no file is read and the records are not changed."""
    weights = (rules.get("counting") or {}).get("weights") or {}
    items = []
    for rec in abnormalities:
        kind = abnormality_type(rec)
        count = int(weights.get(kind, 1))
        items.append(
            {
                "id": str(_get(rec, "id", "")),
                "kind": _get(rec, "kind")
                or (NUMERICAL if kind in ("gain", "loss") else STRUCTURAL),
                "chrom": str(_get(rec, "chrom", "")),
                "type": kind,
                "count": count,
                "counted_as": counted_as(rec, kind, count),
            }
        )
    total = sum(i["count"] for i in items)
    c_rules, m_rules = rules["complex"], rules["monosomal"]
    gains_only = bool(items) and all(i["type"] == "gain" for i in items)
    minimum = int(c_rules["min_abnormalities"])
    complex_ = total >= minimum and not (c_rules.get("exclude_numerical_gains_only") and gains_only)
    if total < minimum:
        reason = f"{total} abnormalities, fewer than {minimum}"
    elif not complex_:
        reason = (
            f"{total} abnormalities, all numerical gains (hyperdiploid, trisomies or polysomies"
            " only): not complex"
        )
    else:
        reason = f"{total} abnormalities (>= {minimum})"
    monosomies = sorted(
        {i["chrom"] for i in items if i["type"] == "loss"} - SEX_CHROMOSOMES, key=iscn_rank
    )
    structural = [i for i in items if i["kind"] == STRUCTURAL]
    monosomal = len(monosomies) >= int(m_rules["min_autosomal_monosomies"]) or (
        len(monosomies) >= int(m_rules["monosomies_with_structural"]) and bool(structural)
    )
    return {
        "items": items,
        "abnormality_count": total,
        "complex": complex_,
        "complex_reason": reason,
        "autosomal_monosomies": monosomies,
        "monosomal": monosomal,
    }


def iscn_rank(name: str) -> tuple[int, int, str]:
    """Sort key of an ISCN chromosome name: X, Y first, then 1..22, then anything else."""
    if name.upper() in SEX_CHROMOSOMES:
        return (0, 0 if name.upper() == "X" else 1, "")
    if name.isdigit():
        return (1, int(name), "")
    return (2, 0, name)
