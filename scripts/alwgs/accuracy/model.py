"""What the accuracy harness counts: the classes, the counts of one class of one sample (by
bin), a details-table row, a sample of samples.tsv, and the VAF bins of the small variants."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

CLASSES = ("snv", "indel", "itd", "sv", "sv_status", "cna", "karyotype", "classification")
DEFAULT_VAF_BINS = (0.25, 0.10, 0.05)

MAIN_COLUMNS = ("sample", "class", "vaf_bin", "tp", "fp", "fn", "recall", "precision", "f1")
DETAIL_COLUMNS = ("sample", "class", "status", "key", "truth_value", "called_value", "note")

ALL = "all"


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0


@dataclass
class ClassResult:
    """Counts of one class of one sample; ``bins`` maps vaf_bin -> Counts ('all' always)."""

    bins: dict[str, Counts] = field(default_factory=lambda: {ALL: Counts()})
    missing: bool = False

    def add(self, kind: str, vbin: str | None) -> None:
        # Every item counts in 'all'; binned classes also count it in its own bin.
        for b in (ALL, vbin) if vbin and vbin != ALL else (ALL,):
            c = self.bins.setdefault(b, Counts())
            setattr(c, kind, getattr(c, kind) + 1)


@dataclass
class DetailRow:
    sample: str
    cls: str
    status: str
    key: str
    truth_value: str = ""
    called_value: str = ""
    note: str = ""

    def fields(self) -> list[str]:
        return [
            self.sample,
            self.cls,
            self.status,
            self.key,
            self.truth_value,
            self.called_value,
            self.note,
        ]


Emit = Callable[[DetailRow], None]


@dataclass
class Sample:
    sample: str
    patient: str
    type: str
    sex: str
    diagnosis: str


def bin_label(t: float) -> str:
    # Two decimals reads naturally for the default thresholds (0.10, 0.05); finer thresholds
    # keep their own precision so that two bins never get the same label.
    return f"{t:.2f}" if abs(t - round(t, 2)) < 1e-12 else f"{t:g}"


def vaf_bin_labels(thresholds: Iterable[float]) -> list[str]:
    """Labels of the VAF bins, highest first: ['>=0.25', '0.10-0.25', '0.05-0.10', '<0.05']."""
    ts = sorted({float(t) for t in thresholds}, reverse=True)
    if not ts:
        return []
    labels = [f">={bin_label(ts[0])}"]
    for hi, lo in zip(ts, ts[1:], strict=False):
        labels.append(f"{bin_label(lo)}-{bin_label(hi)}")
    labels.append(f"<{bin_label(ts[-1])}")
    return labels


def vaf_bin(vaf: float | None, thresholds: Iterable[float]) -> str | None:
    """The bin label of ``vaf`` (lower bound inclusive); None when there is no VAF."""
    if vaf is None or (isinstance(vaf, float) and math.isnan(vaf)):
        return None
    ts = sorted({float(t) for t in thresholds}, reverse=True)
    if not ts:
        return None
    labels = vaf_bin_labels(ts)
    for i, t in enumerate(ts):
        if vaf >= t:
            return labels[i]
    return labels[-1]
