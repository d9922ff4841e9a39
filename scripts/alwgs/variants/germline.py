"""Tumor-only: the probability that a variant is germline rather than somatic, from its alt and
total reads, the sample's purity and the tumor's local copy number (model and priors in
config/filters/tumor_only_germline.yaml).

Expected VAF with purity p, tumor copy number C and normal copy number Cn (2; 1 on a male X/Y):
  germline heterozygous: (p*m + (1-p)*1) / (p*C + (1-p)*Cn), m tumor copies carrying it
                         (the minor/major allele copy numbers when CNVkit gave them, else 1..C-1)
  germline homozygous:   1
  somatic:               f * p*m / (p*C + (1-p)*Cn), clonal f=1 with m in 1..C-1 (1..C after
                         LOH), or subclonal f < 1 on one copy
The posterior weighs binomial likelihoods by a prior odds of germline : somatic per base.
"""

from __future__ import annotations

import bisect
import csv
import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from ..par import ParRegion, x_region_at

MODEL_KEYS = (
    "germline_rate_absent_from_database",
    "germline_rate_without_database",
    "somatic_rate",
    "homozygous_share",
    "clonal_share",
    "subclonal_fractions",
    "purity_grid",
    "read_error",
    "min_depth",
    "class_threshold",
)


@dataclass(frozen=True)
class Model:
    germline_rate_absent_from_database: float = 5e-6
    germline_rate_without_database: float = 1.5e-3
    somatic_rate: float = 1e-6
    homozygous_share: float = 0.38
    clonal_share: float = 0.5
    subclonal_fractions: tuple[float, ...] = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
    purity_grid: tuple[float, ...] = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
    read_error: float = 0.005
    min_depth: int = 10
    class_threshold: float = 0.9
    version: str = ""


def load_model(path: str | Path) -> Model:
    """Read the model file; a missing or out-of-range value names the file and field."""
    doc = yaml.safe_load(Path(path).read_text()) or {}
    values = {}
    for key in MODEL_KEYS:
        if key not in doc:
            raise ValueError(f"{path}: missing field '{key}'")
        value = doc[key]
        if isinstance(value, list):
            if not value or not all(isinstance(x, int | float) and 0 < x <= 1 for x in value):
                raise ValueError(f"{path}: field '{key}' must be a list of numbers in (0, 1]")
            value = tuple(float(x) for x in value)
        elif not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
            raise ValueError(f"{path}: field '{key}' must be a number >= 0, got {value!r}")
        values[key] = value
    for key in ("homozygous_share", "clonal_share", "read_error", "class_threshold"):
        if not 0 <= values[key] <= 1:
            raise ValueError(f"{path}: field '{key}' must be within [0, 1]")
    if values["class_threshold"] < 0.5:
        raise ValueError(f"{path}: field 'class_threshold' must be >= 0.5")
    return Model(**values, version=str(doc.get("version", "")))


def _binom_loglik(ao: int, dp: int, vaf: float, err: float) -> float:
    # The read error turns a true fraction v into an observed one; it keeps 0 and 1 finite.
    p = vaf * (1 - err) + (1 - vaf) * err
    p = min(max(p, 1e-9), 1 - 1e-9)
    return ao * math.log(p) + (dp - ao) * math.log(1 - p)


def _mean_lik(ao: int, dp: int, vafs: list[float], err: float) -> float:
    """Log of the mean likelihood over equally likely VAFs (log-sum-exp)."""
    logs = [_binom_loglik(ao, dp, v, err) for v in vafs]
    top = max(logs)
    return top + math.log(sum(math.exp(x - top) for x in logs) / len(logs))


def _mix(a: float, wa: float, b: float, wb: float) -> float:
    """log(wa*e^a + wb*e^b) for log-likelihoods a, b."""
    terms = [(x, w) for x, w in ((a, wa), (b, wb)) if w > 0]
    top = max(x for x, _ in terms)
    return top + math.log(sum(w * math.exp(x - top) for x, w in terms))


@dataclass(frozen=True)
class Locus:
    """Copy number at a variant: tumor total (cn), allele-specific major/minor when known, and
    the normal cells' copy number (2, or 1 on a male X/Y)."""

    cn: int = 2
    normal_cn: int = 2
    major: int | None = None
    minor: int | None = None


def expected_vafs(purity: float, locus: Locus) -> dict[str, list[float]]:
    """Expected VAFs of each hypothesis at one purity (lists: the equally likely cases)."""
    c, cn = max(locus.cn, 0), max(locus.normal_cn, 1)
    total = purity * c + (1 - purity) * cn
    if total <= 0:
        return {"het": [], "hom": [1.0], "somatic": []}
    if locus.major is not None and locus.minor is not None:
        copies = sorted({locus.minor, locus.major})
    elif c >= 2:
        copies = list(range(1, c))
    else:
        copies = [0, c]  # one tumor copy or none: the allele kept it or lost it
    het = [] if cn < 2 else [(purity * m + (1 - purity)) / total for m in copies]
    # A somatic allele arises on one copy and may be gained with it: 1..C-1 tumor copies (all C
    # only when the allele copies say the other parent's copy is gone, as in LOH).
    top = locus.major if locus.major is not None and locus.minor == 0 else max(c - 1, 1)
    somatic = [purity * m / total for m in range(1, max(top, 1) + 1)] if c > 0 else []
    return {"het": het, "hom": [1.0], "somatic": somatic}


@dataclass
class Call:
    """GERMLINE_P and its class (germline / somatic / uncertain), with what it rests on."""

    p_germline: float
    cls: str
    prior: float
    expected: dict[str, float] = field(default_factory=dict)


def prior_germline(model: Model, pop_af: float | None, has_database: bool) -> float:
    """Prior probability that an allele seen in the tumor is germline, per base."""
    if pop_af is not None and pop_af > 0:
        carrier = 1 - (1 - min(pop_af, 1.0)) ** 2
    elif has_database:
        carrier = model.germline_rate_absent_from_database
    else:
        carrier = model.germline_rate_without_database
    return carrier / (carrier + model.somatic_rate)


def homozygous_share(model: Model, pop_af: float | None) -> float:
    if pop_af is not None and 0 < pop_af < 1:
        return pop_af / (2 - pop_af)  # Hardy-Weinberg: q^2 / (q^2 + 2q(1-q))
    return model.homozygous_share


def germline_probability(
    ao: int,
    dp: int,
    purity: float | None,
    locus: Locus,
    model: Model,
    pop_af: float | None = None,
    has_database: bool = False,
) -> Call | None:
    """Posterior probability of germline; None when the depth is too low to tell."""
    if dp < max(model.min_depth, 1) or ao <= 0:
        return None
    err = model.read_error
    h = homozygous_share(model, pop_af)
    purities = [purity] if purity else list(model.purity_grid)
    germ_logs, som_logs = [], []
    first: dict[str, list[float]] = {}
    for p in purities:
        exp = expected_vafs(p, locus)
        first = first or exp
        hom = _mean_lik(ao, dp, exp["hom"], err)
        germ = _mix(_mean_lik(ao, dp, exp["het"], err), 1 - h, hom, h) if exp["het"] else hom
        if exp["somatic"]:
            clonal = _mean_lik(ao, dp, exp["somatic"], err)
            sub = _mean_lik(ao, dp, [f * exp["somatic"][0] for f in model.subclonal_fractions], err)
            som = _mix(clonal, model.clonal_share, sub, 1 - model.clonal_share)
        else:
            som = -math.inf
        germ_logs.append(germ)
        som_logs.append(som)
    germ = _log_mean(germ_logs)
    som = _log_mean(som_logs)
    prior = prior_germline(model, pop_af, has_database)
    if som == -math.inf:
        post = 1.0
    else:
        log_odds = math.log(prior) - math.log1p(-prior) + germ - som
        post = 1 / (1 + math.exp(-log_odds)) if log_odds > -700 else 0.0
    cls = (
        "germline"
        if post >= model.class_threshold
        else "somatic"
        if post <= 1 - model.class_threshold
        else "uncertain"
    )
    expected = {
        "het": round(first["het"][0], 3) if first.get("het") and purity else None,
        "somatic": round(first["somatic"][0], 3) if first.get("somatic") and purity else None,
    }
    return Call(post, cls, prior, {k: v for k, v in expected.items() if v is not None})


def _log_mean(logs: list[float]) -> float:
    finite = [x for x in logs if x != -math.inf]
    if not finite:
        return -math.inf
    top = max(finite)
    return top + math.log(sum(math.exp(x - top) for x in finite) / len(logs))


class CopyNumber:
    """Segments of a CNVkit call file (results/cnv/<tumor>.call.cns): the tumor copy number
    (and major/minor allele copies when BAF gave them) at a position; 2 outside segments."""

    def __init__(
        self,
        path: str | Path | None,
        normal_cn: dict[str, int] | None = None,
        pars: Sequence[ParRegion] = (),
    ):
        self.normal_cn = normal_cn or {}
        # A male's X PARs read two copies (Y's PAR reads map there: alwgs.par), so the normal
        # cells hold 2 copies of a PAR variant's locus, not the X's 1.
        self.pars = tuple(pars)
        self.segments: dict[str, list[tuple[int, int, Locus]]] = {}
        if not path:
            return
        with open(path, newline="") as fh:
            for n, row in enumerate(csv.DictReader(fh, delimiter="\t"), start=2):
                try:
                    chrom, start, end = row["chromosome"], int(row["start"]), int(row["end"])
                    cn = int(float(row["cn"]))
                except (KeyError, TypeError, ValueError) as err:
                    raise ValueError(f"{path}: line {n}: chromosome/start/end/cn: {err}") from None
                major = _int_or_none(row.get("cn1"))
                minor = _int_or_none(row.get("cn2"))
                if major is not None and minor is not None:
                    major, minor = max(major, minor), min(major, minor)
                    if major + minor != cn:
                        major = minor = None  # allele copies that do not add up are not used
                locus = Locus(cn, self.normal_cn.get(chrom, 2), major, minor)
                self.segments.setdefault(chrom, []).append((start, end, locus))
        for segs in self.segments.values():
            segs.sort(key=lambda s: s[0])
        self._starts = {c: [s[0] for s in segs] for c, segs in self.segments.items()}

    def at(self, chrom: str, pos0: int) -> tuple[Locus, bool]:
        """The locus at a 0-based position and whether a segment covered it."""
        segs = self.segments.get(chrom, [])
        i = bisect.bisect_right(self._starts.get(chrom, []), pos0) - 1 if segs else -1
        normal = self.normal_at(chrom, pos0)
        if i >= 0 and segs[i][0] <= pos0 < segs[i][1]:
            locus = segs[i][2]
            return (locus if locus.normal_cn == normal else replace(locus, normal_cn=normal)), True
        return Locus(normal, normal), False

    def normal_at(self, chrom: str, pos0: int) -> int:
        """The normal cells' copies at a 0-based position: the contig's, 2 inside a PAR."""
        normal = self.normal_cn.get(chrom, 2)
        if normal == 1 and x_region_at(self.pars, chrom, pos0, pos0 + 1) is not None:
            return 2
        return normal


def _int_or_none(text) -> int | None:
    try:
        return int(float(text))
    except (TypeError, ValueError):
        return None
