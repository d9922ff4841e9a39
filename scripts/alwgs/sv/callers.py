"""Caller-level steps: delly command lines with the thin-normal fallback, and germline
subtraction of tiddit's tumor calls with its calls in the matched normal."""

from collections.abc import Iterable, Sequence
from pathlib import Path

from .merge import near, same_junction
from .vcf_breakends import Breakends, _open, record_breakends

# delly 1.1.6 stops with this when a sample has too few usable alignments (a thin normal);
# the tumor is then called alone (TOOLING.md).
DELLY_THIN_SAMPLE = "not enough data to estimate library parameters"


def delly_thin_sample(log_text: str) -> bool:
    return DELLY_THIN_SAMPLE in log_text


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


# The traceback of tiddit 3.5.2 when no candidate has split reads (see tiddit_outcome).
TIDDIT_EMPTY_PERCENTILE = (
    "generated clusters in",
    "tiddit_variant",
    "in percentile",
    "IndexError: cannot do a non-empty take from an empty axes",
)


def tiddit_command(bam: str, ref: str, prefix: str, threads: int) -> list[str]:
    # --skip_assembly: fermi2 is not packaged; without it tiddit exits 0 but writes no VCF.
    return [
        "tiddit", "--sv", "--bam", bam, "--ref", ref, "-o", prefix,
        "--skip_assembly", "--threads", str(threads),
    ]  # fmt: skip


def tiddit_outcome(returncode: int, vcf: Path, log_text: str) -> str:
    """How a tiddit run ended:
    ok             exit 0 and a VCF with a #CHROM line;
    no_vcf         exit 0 without a VCF (e.g. assembly tools missing): a failure;
    no_candidates  tiddit 3.5.2 stopped in numpy.percentile of an empty list. It takes
                   percentiles of the split-read and read-pair ratios of all its candidates
                   after the VCF header is written, so it stops when no candidate has split-read
                   (or pair) support: a BAM with nothing to call (TOOLING.md; fixed upstream
                   later by a percentile that accepts an empty list);
    crashed        any other non-zero exit: a failure."""
    has_vcf = vcf.exists() and any(
        line.startswith("#CHROM") for line in vcf.read_text(errors="replace").splitlines()
    )
    if returncode == 0:
        return "ok" if has_vcf else "no_vcf"
    if all(s in log_text for s in TIDDIT_EMPTY_PERCENTILE):
        return "no_candidates"
    return "crashed"


def empty_vcf(sample: str, contigs: dict[str, int], note: str) -> str:
    """A header-only VCF for a caller that produced no records, with the reason."""
    lines = ["##fileformat=VCFv4.2", f'##alwgs_sv_note="{note}"']
    lines += [f"##contig=<ID={c},length={n}>" for c, n in contigs.items()]
    lines.append("\t".join("#CHROM POS ID REF ALT QUAL FILTER INFO FORMAT".split() + [sample]))
    return "\n".join(lines) + "\n"
