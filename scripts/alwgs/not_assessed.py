"""Not assessed as a first-class result: an analysis that could not run on a sample says so,
with the true reason and the sample it concerns, in the header of the outputs it would have
written, so every later step carries it instead of reading an empty output as "nothing found".

One header line per analysis (and caller) that did not run, the same in VCFs and TSV tables:

    ##alwgs_not_assessed=<analysis=sv,caller=delly,sample=P01-T,reason="...">

analysis: what was not done (sv, identity, ...); caller: the tool whose result is missing, or
`all` when no tool of the analysis could run (the analysis as a whole is not assessed);
sample: the sample the failure is about (a tumor's SV result can be missing because of its
matched normal; the line then names the normal); reason: the tool's own message, classified
(docs/CONTRACTS.md, "Not assessed")."""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

KEY = "alwgs_not_assessed"
ALL = "all"
_FIELDS = re.compile(r'(\w+)=("(?:[^"\\]|\\.)*"|[^,>]*)')


@dataclass(frozen=True)
class NotAssessed:
    analysis: str
    caller: str
    sample: str
    reason: str

    @property
    def whole(self) -> bool:
        """The analysis as a whole (no tool of it could run), not one caller of several."""
        return self.caller == ALL

    def line(self) -> str:
        reason = self.reason.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
        return (
            f"##{KEY}=<analysis={self.analysis},caller={self.caller},"
            f'sample={self.sample},reason="{reason}">'
        )

    def text(self) -> str:
        """One sentence for people: 'delly on P01-T: <reason>'."""
        who = "" if self.whole else f"{self.caller} "
        return f"{who}on {self.sample}: {self.reason}"

    def to_json(self) -> dict:
        return {
            "analysis": self.analysis,
            "caller": self.caller,
            "sample": self.sample,
            "reason": self.reason,
        }


def parse_line(line: str) -> NotAssessed | None:
    """The entry of one `##alwgs_not_assessed=<...>` header line, else None."""
    prefix = f"##{KEY}=<"
    line = line.rstrip("\n")
    if not line.startswith(prefix) or not line.endswith(">"):
        return None
    fields = {}
    for key, value in _FIELDS.findall(line[len(prefix) : -1]):
        if value.startswith('"'):
            value = re.sub(r"\\(.)", r"\1", value[1:-1])
        fields[key] = value
    try:
        return NotAssessed(
            fields["analysis"], fields["caller"], fields["sample"], fields.get("reason", "")
        )
    except KeyError:
        raise ValueError(f"malformed {KEY} line: {line}") from None


def _open(path: Path):
    with open(path, "rb") as fh:
        gz = fh.read(2) == b"\x1f\x8b"
    return gzip.open(path, "rt") if gz else open(path)


def read(path: str | Path | None) -> list[NotAssessed]:
    """The entries in the leading `##` lines of a VCF or TSV (plain or gzipped); [] when the
    file is absent or has none."""
    if not path or not Path(path).is_file():
        return []
    out = []
    with _open(Path(path)) as fh:
        for line in fh:
            if not line.startswith("##"):
                break
            entry = parse_line(line)
            if entry is not None:
                out.append(entry)
    return out


def unique(entries: Iterable[NotAssessed]) -> list[NotAssessed]:
    """Entries in first-seen order without repeats."""
    return list(dict.fromkeys(entries))


def whole_analysis(
    analysis: str, sample: str, entries: list[NotAssessed], callers: list[str], label: str = ""
) -> NotAssessed | None:
    """The entry that marks `analysis` of `sample` as not assessed as a whole, when every one
    of its `callers` has an entry (None when at least one caller ran)."""
    missing = {e.caller for e in entries if e.analysis == analysis}
    if not callers or not set(callers) <= missing:
        return None
    reasons = "; ".join(e.text() for e in entries if e.analysis == analysis and not e.whole)
    return NotAssessed(
        analysis, ALL, sample, f"no {label or analysis} caller could run ({reasons})"
    )
