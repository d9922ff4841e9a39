"""The structure of reference.gff3 at intake: every exon inside its transcript, every CDS inside
an exon of its transcript. An annotation edited by hand, merged from two releases or lifted
between builds can break this silently, and variant consequences (coding or not, the codon,
the HGVS protein change) are then computed from a CDS that is not in the transcript's mRNA.

Fed one feature at a time by gff3._check_gff3 during its single pass. Parents and children
are matched within a group of features that ends at a '###' line (GFF3: all forward
references resolved; Ensembl and GENCODE write one after each gene), at a change of seqid (a
feature and its parent share a seqid), or at the next top-level feature (a gene) once every
exon and CDS so far has found its parent, so memory stays that of about one gene. A child
whose parent is not in its group is not checked here (never wrongly rejected).
"""

from __future__ import annotations

from alwgs.intake.errors import IntakeError

EXON = b"exon"
CDS = b"CDS"


def _value(attributes: bytes, key: bytes) -> bytes:
    """The value of key (b"ID=", b"Parent=") in a GFF3 attribute column, b"" without it."""
    at = attributes.find(key)
    while at > 0 and attributes[at - 1] not in b"; ":
        at = attributes.find(key, at + 1)
    if at < 0:
        return b""
    end = attributes.find(b";", at)
    return attributes[at + len(key) : end if end >= 0 else len(attributes)].strip()


class _Structure:
    """Exons and CDS of one group of features, checked against their parents at flush()."""

    def __init__(self, given: str) -> None:
        self.given = given
        self.first: tuple[int, str, str] | None = None  # line, field, message
        self._reset()

    def _reset(self) -> None:
        self.spans: dict[bytes, tuple[int, int, int, bytes]] = {}  # ID -> start, end, line, type
        self.exons_of: dict[bytes, list[tuple[int, int, int]]] = {}  # parent -> start, end, line
        self.cds_of: dict[bytes, list[tuple[int, int, int]]] = {}

    def _start(self, number: int, text: bytes) -> int:
        try:
            return int(text)
        except ValueError:
            raise IntakeError(
                self.given, number, "start", f"'{text.decode(errors='replace')}' is not a position"
            ) from None

    def add(self, number: int, kind: bytes, start_text: bytes, end: int, rest: bytes) -> None:
        """One feature line: its type, start (as written), end and the columns after end."""
        attributes = rest[rest.rfind(b"\t") + 1 :]
        parents = _value(attributes, b"Parent=")
        if kind == EXON or kind == CDS:
            if parents:
                part = (self._start(number, start_text), end, number)
                for parent in parents.split(b","):
                    if kind == EXON:
                        self.exons_of.setdefault(parent, []).append(part)
                    elif not self._in_last_exon(parent, part):
                        self.cds_of.setdefault(parent, []).append(part)  # checked at flush
            return
        if not parents and self.exons_of and all(p in self.spans for p in self.exons_of):
            self.flush()  # a new gene, and every exon so far has its transcript
        identifier = _value(attributes, b"ID=")
        if identifier:
            self.spans[identifier] = (self._start(number, start_text), end, number, kind)

    def _in_last_exon(self, parent: bytes, part: tuple[int, int, int]) -> bool:
        """Whether a CDS lies in the exon of its transcript read last: the usual order
        (exon, then its CDS), settled without keeping the CDS."""
        exons = self.exons_of.get(parent)
        return bool(exons) and exons[-1][0] <= part[0] and part[1] <= exons[-1][1]

    def flush(self) -> None:
        """Check the group's exons and CDS (keeping the first problem), then forget them."""
        if not self.exons_of and not self.cds_of:
            self.spans.clear()
            return
        problems: list[tuple[int, str, str]] = []
        for parent, exons in self.exons_of.items():
            span = self.spans.get(parent)
            if span is None:
                continue
            first, last, line, kind = span
            for start, end, number in exons:
                if start < first or end > last:
                    problems.append(
                        (
                            number,
                            "start" if start < first else "end",
                            f"exon {start:,}-{end:,} lies outside its"
                            f" {_text(kind)} '{_text(parent)}'"
                            f" ({first:,}-{last:,}, line {line}): the annotation's structure is"
                            " broken; use the annotation as released",
                        )
                    )
        for parent, parts in self.cds_of.items():
            exons = self.exons_of.get(parent)
            if not exons:
                continue
            for start, end, number in parts:
                if any(a <= start and end <= b for a, b, _ in exons):
                    continue
                starts_in_exon = any(a <= start <= b for a, b, _ in exons)
                spans = sorted((a, b) for a, b, _ in exons)
                shown = ", ".join(f"{a:,}-{b:,}" for a, b in spans[:4])
                more = f" and {len(spans) - 4} more" if len(spans) > 4 else ""
                problems.append(
                    (
                        number,
                        "end" if starts_in_exon else "start",
                        f"CDS {start:,}-{end:,} of '{_text(parent)}' lies in none of its exons"
                        f" ({shown}{more}): the annotation's structure is broken; use the"
                        " annotation as released",
                    )
                )
        self._reset()
        if problems and self.first is None:
            self.first = min(problems)

    def check(self) -> None:
        """Raise the first problem found (after the file's other checks: a GFF3 of another
        reference is the likelier cause, and is named first)."""
        self.flush()
        if self.first is not None:
            number, field, message = self.first
            raise IntakeError(self.given, number, field, message)


def _text(value: bytes) -> str:
    return value.decode(errors="replace")
