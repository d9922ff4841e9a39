"""Caller-level steps: delly command lines, the classified stops of delly and tiddit on thin
or odd data (each names the sample it is about), and germline subtraction of tiddit's tumor
calls with its calls in the matched normal."""

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from .merge import near, same_junction
from .vcf_breakends import Breakends, _open, record_breakends


@dataclass(frozen=True)
class CallerFailure:
    """A known stop of a caller on the data of one sample: the analysis of that sample is not
    assessed (or falls back), the batch goes on. Anything not classified here is a real error
    and fails the job."""

    caller: str
    kind: str
    sample: str  # "" when the tool's message does not say which sample
    reason: str


# delly 1.1.6 stops with this when a sample has too few usable read pairs to estimate its
# insert-size distribution (TOOLING.md: fewer than ~1000); it names the BAM as given.
DELLY_LIBRARY = re.compile(
    r"Sample has not enough data to estimate library parameters!(?:\s*File:\s*(\S+))?"
)


def delly_failure(log_text: str, bams: Mapping[str, str]) -> CallerFailure | None:
    """delly's stop on a sample too thin to estimate library parameters, with the sample it
    names (`bams`: each BAM path given to delly -> its sample). Without a file in the message
    the sample is the only BAM's, else "" (unknown). None when the log shows no such stop, or
    names a file delly was not given."""
    found = DELLY_LIBRARY.search(log_text)
    if found is None:
        return None
    path = found.group(1)
    if path is None:
        sample = next(iter(bams.values())) if len(bams) == 1 else ""
    else:
        by_name = {Path(p).name: s for p, s in bams.items()}
        sample = bams.get(path) or by_name.get(Path(path).name)
        if sample is None:
            return None
    return CallerFailure("delly", "library_parameters", sample, delly_reason(sample))


def delly_reason(sample: str) -> str:
    return (
        f"delly could not estimate the library parameters (insert size) of {sample}: too few"
        " usable read pairs (delly: 'Sample has not enough data to estimate library"
        " parameters')"
    )


def delly_call(ref: str, out_bcf: str, bams: Sequence[str]) -> list[str]:
    return ["delly", "call", "-g", ref, "-o", out_bcf, *bams]


def delly_somatic_filter(
    in_bcf: str, out_bcf: str, samples_tsv: str, max_normal_af: float
) -> list[str]:
    """delly's somatic filter: PASS sites, ALT support in the tumor, at most max_normal_af
    ALT support in the control (delly -c)."""
    return [
        "delly", "filter", "-f", "somatic", "-p", "-c", str(max_normal_af),
        "-s", samples_tsv, "-o", out_bcf, in_bcf,
    ]  # fmt: skip


def delly_samples_tsv(tumor: str, normal: str) -> str:
    """delly's sample file: names as in the BAM read groups (SM = sample ID)."""
    return f"{tumor}\ttumor\n{normal}\tcontrol\n"


def germline_match(
    call: Breakends, normal: Iterable[Breakends], distance: int, max_normal_af: float
) -> Breakends | None:
    """The normal's record of the same junction carrying more than max_normal_af of its
    reads (a record without read counts counts as germline), else None. Strands are compared
    only where both records measured them."""
    for n in normal:
        oriented = call.strands_known and n.strands_known
        if same_junction(call, n, distance) if oriented else near(call, n, distance):
            if n.alt_fraction is None or n.alt_fraction > max_normal_af:
                return n
    return None


def split_germline(
    vcf: str | Path,
    normal: Sequence[Breakends],
    contig_rank: dict[str, int],
    distance: int,
    max_normal_af: float,
    caller: str = "tiddit",
    sample: str | None = None,
) -> tuple[list[str], list[str], list[str]]:
    """(header lines, kept data lines sorted by position, dropped data lines) of a tumor VCF:
    a record is dropped when the normal has the same junction."""
    header, kept, dropped, samples = [], [], [], []
    normal = [n.ordered(contig_rank) for n in normal]
    with _open(vcf) as fh:
        for line in fh:
            if line.startswith("#"):
                header.append(line.rstrip("\n"))
                if not line.startswith("##"):
                    samples = line.rstrip("\n").split("\t")[9:]
                continue
            if not line.strip():
                continue
            bnd = record_breakends(line, caller, samples, sample)
            if bnd is not None and germline_match(
                bnd.ordered(contig_rank), normal, distance, max_normal_af
            ):
                dropped.append(line.rstrip("\n"))
            else:
                kept.append(line.rstrip("\n"))
    big = len(contig_rank)

    def key(line: str) -> tuple:
        chrom, pos = line.split("\t", 2)[:2]
        return (contig_rank.get(chrom, big), chrom, int(pos))

    return header, sorted(kept, key=key), dropped


# tiddit 3.5.2 stops on numpy.percentile of an empty list in two places (TOOLING.md):
# - library statistics (tiddit_stats.statistics): no mapped, inward, same-contig read pair of
#   MAPQ >= 20 to measure the insert size on, so nothing can be called;
# - scoring (tiddit_variant.main, after "generated clusters in"): it takes percentiles of four
#   lists of read ratios of the candidates it scores, one per kind of evidence, and stops when
#   any list is empty. That is not "no candidate": on a ci tumor with one candidate supported
#   by read pairs alone the lists held 2, 2, 0 and 0 entries (numpy.percentile made to accept
#   an empty list, measured 2026-12), so tiddit stopped and lost that candidate. Fixed upstream
#   later by a percentile that accepts an empty list.
_EMPTY_TAKE = "IndexError: cannot do a non-empty take from an empty axes"
TIDDIT_LIBRARY_STOP = ("tiddit_stats.py", "in statistics", "percentile", _EMPTY_TAKE)
TIDDIT_SCORING_STOP = ("generated clusters in", "tiddit_variant", "in percentile", _EMPTY_TAKE)


def tiddit_command(bam: str, ref: str, prefix: str, threads: int) -> list[str]:
    # --skip_assembly: fermi2 is not packaged; without it tiddit exits 0 but writes no VCF.
    return [
        "tiddit", "--sv", "--bam", bam, "--ref", ref, "-o", prefix,
        "--skip_assembly", "--threads", str(threads),
    ]  # fmt: skip


def tiddit_outcome(returncode: int, vcf: Path, log_text: str) -> str:
    """How a tiddit run ended:
    ok                  exit 0 and a VCF with a #CHROM line;
    no_vcf              exit 0 without a VCF (e.g. assembly tools missing): a failure;
    library_statistics  stopped measuring the library: no usable read pair (see above);
    scoring_stop        stopped in its scoring step, before writing calls (see above);
    crashed             any other non-zero exit: a failure."""
    has_vcf = vcf.exists() and any(
        line.startswith("#CHROM") for line in vcf.read_text(errors="replace").splitlines()
    )
    if returncode == 0:
        return "ok" if has_vcf else "no_vcf"
    if all(s in log_text for s in TIDDIT_LIBRARY_STOP):
        return "library_statistics"
    if all(s in log_text for s in TIDDIT_SCORING_STOP):
        return "scoring_stop"
    return "crashed"


def tiddit_failure(outcome: str, sample: str) -> CallerFailure | None:
    """The classified stop of a tiddit outcome on the BAM of `sample` (None for ok and for
    real errors). Either stop leaves no tiddit result for the sample: not assessed on a tumor,
    and on a normal its germline SVs cannot be subtracted."""
    if outcome == "library_statistics":
        return CallerFailure(
            "tiddit",
            outcome,
            sample,
            f"tiddit could not measure the library (insert size) of {sample}: no usable read"
            " pair (mapped, inward, same contig, MAPQ >= 20); tiddit 3.5.2 stopped on an empty"
            " percentile",
        )
    if outcome == "scoring_stop":
        return CallerFailure(
            "tiddit",
            outcome,
            sample,
            f"tiddit 3.5.2 stopped in its scoring step without writing calls for {sample}: one"
            " kind of read evidence (e.g. split reads) was missing from every candidate and it"
            " takes a percentile of that empty list; the candidates it had are lost",
        )
    return None


def empty_vcf(samples: str | Sequence[str], contigs: dict[str, int], meta: Sequence[str]) -> str:
    """A header-only VCF (no records) for a caller that wrote none, with the `##` lines that
    say why (alwgs_sv_mode, alwgs_sv_note, alwgs_not_assessed)."""
    names = [samples] if isinstance(samples, str) else list(samples)
    lines = ["##fileformat=VCFv4.2", *meta]
    lines += [f"##contig=<ID={c},length={n}>" for c, n in contigs.items()]
    lines.append("\t".join("#CHROM POS ID REF ALT QUAL FILTER INFO FORMAT".split() + names))
    return "\n".join(lines) + "\n"


def contig_lengths(fai: str | Path) -> dict[str, int]:
    with open(fai) as fh:
        return {f[0]: int(f[1]) for f in (ln.split("\t") for ln in fh) if len(f) > 1}
