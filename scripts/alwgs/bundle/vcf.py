"""ClinVar and gnomAD VCFs of a bundle, with bcftools: checked against the FASTA (contig
lengths of the ##contig lines, a ##reference of the other build, positions inside contigs,
REF alleles of a sample of records), renamed to the FASTA's contigs, reduced to the INFO
fields the pipeline reads, without the contigs the FASTA lacks (counted), bgzipped and
indexed; and the identity site list drawn from gnomAD."""

from __future__ import annotations

import re
import shlex
import subprocess
from collections.abc import Callable
from pathlib import Path

from alwgs.bundle.errors import BundleError

# What each database keeps (annotation.smk reads CLNSIG/CLNREVSTAT and INFO/AF).
CLINVAR_INFO = ("CLNSIG", "CLNREVSTAT")
GNOMAD_INFO = ("AF",)
_CONTIG_LINE = re.compile(r"^##contig=<.*?\bID=([^,>]+).*?\blength=(\d+)")
_OTHER_BUILD = {
    "GRCh38": re.compile(r"GRCh37|hg19|b37|hs37", re.I),
    "GRCh37": re.compile(r"GRCh38|hg38", re.I),
}


def _run(script: str, label: str, what: str) -> str:
    """A bash pipeline (pipefail); its stdout, or a BundleError with bcftools' message."""
    done = subprocess.run(
        ["bash", "-c", "set -euo pipefail; " + script], capture_output=True, text=True, check=False
    )
    if done.returncode:
        lines = [ln for ln in done.stderr.splitlines() if ln.strip()]
        raise BundleError(
            label, f"{what} failed: {lines[-1] if lines else 'exit ' + str(done.returncode)}"
        )
    return done.stdout


def _q(path) -> str:
    return shlex.quote(str(path))


def _first_lines(command: list[str], n: int) -> list[str]:
    """The first n lines a command prints; it is stopped after them (a shell 'head' would
    make it fail with SIGPIPE under pipefail)."""
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    ) as proc:
        lines = []
        for line in proc.stdout:
            lines.append(line.rstrip("\n"))
            if len(lines) >= n:
                break
        proc.kill()
    return lines


def indexed_copy(source: Path, work: Path, label: str) -> Path:
    """source itself when it has a .tbi/.csi index, else a bgzipped, indexed copy in work."""
    for suffix in (".tbi", ".csi"):
        if Path(str(source) + suffix).is_file():
            return source
    copy = work / (source.name.removesuffix(".gz").removesuffix(".bgz") + ".indexed.vcf.gz")
    _run(
        f"bcftools view {_q(source)} -Oz -o {_q(copy)} && tabix -p vcf {_q(copy)}",
        label,
        "indexing",
    )
    return copy


def contig_counts(vcf: Path, label: str) -> dict[str, int]:
    """Records per contig, from the index."""
    out = {}
    for line in _run(f"bcftools index -s {_q(vcf)}", label, "reading the index").splitlines():
        name, _length, count = line.split("\t")
        out[name] = int(count)
    return out


def _header_lines(vcf: Path, label: str) -> list[str]:
    """The '##' lines of a (b)gzipped or plain VCF as written in the file, so that a message
    names the file's own line."""
    import gzip

    with open(vcf, "rb") as fh:
        gzipped = fh.read(2) == b"\x1f\x8b"
    lines = []
    try:
        with (gzip.open if gzipped else open)(vcf, "rt", errors="replace") as fh:
            for line in fh:
                if not line.startswith("##"):
                    break
                lines.append(line.rstrip("\n"))
    except (OSError, EOFError) as exc:
        raise BundleError(label, f"cannot be read ({exc})") from None
    return lines


def check_header(
    vcf: Path, label: str, lengths: dict[str, int], to_fasta: Callable, build: str
) -> None:
    """##contig lengths of the FASTA's contigs and ##reference against the FASTA's build."""
    for number, line in enumerate(_header_lines(vcf, label), start=1):
        if found := _CONTIG_LINE.match(line):
            contig = to_fasta(found.group(1))
            length = int(found.group(2))
            if contig in lengths and length != lengths[contig]:
                raise BundleError(
                    label,
                    f"contig {found.group(1)} is declared {length:,} bp, contig {contig} of the"
                    f" FASTA is {lengths[contig]:,} bp: the VCF belongs to another build",
                    number,
                    "contig",
                )
        elif line.startswith("##reference=") and build in _OTHER_BUILD:
            if _OTHER_BUILD[build].search(line):
                raise BundleError(
                    label,
                    f"{line.strip()} names another build than the FASTA's {build}",
                    number,
                    "reference",
                )


def extract(
    source: Path,
    target: Path,
    *,
    label: str,
    keep_info: tuple[str, ...],
    view_args: str,
    fasta: Path,
    lengths: dict[str, int],
    to_fasta: Callable,
    build: str,
    work: Path,
    ref_check: dict,
) -> dict:
    """source -> target (bgzipped, indexed, FASTA contig names and ##contig lines, only
    keep_info, only records passing view_args); returns what was renamed and dropped.
    ref_check: records_per_contig and max_mismatch_fraction of the REF allele check."""
    vcf = indexed_copy(source, work, label)
    check_header(vcf, label, lengths, to_fasta, build)
    counts = contig_counts(vcf, label)
    names = {name: to_fasta(name) for name in counts}
    dropped = sorted(n for n, c in names.items() if c is None)
    if len(dropped) == len(names):
        shown = ", ".join(list(names)[:3])
        raise BundleError(label, f"no record is on a contig of the FASTA (VCF contigs: {shown})")
    renames = work / f"{target.name}.rename.txt"
    renames.write_text("".join(f"{a}\t{b}\n" for a, b in names.items() if b and a != b))
    fai = fasta.parent / "cache" / "genome.fa.fai"
    raw = work / f"{target.name}.raw.vcf.gz"
    info = ",".join(f"INFO/{k}" for k in keep_info)
    drop = f"-t ^{','.join(dropped)}" if dropped else ""
    _run(
        f"bcftools annotate --no-version --rename-chrs {_q(renames)} -x ^{info} {_q(vcf)} -Ou"
        f" | bcftools view --no-version {drop} {view_args} -Oz -o {_q(raw)}"
        f" && bcftools reheader --fai {_q(fai)} -o {_q(target)} {_q(raw)}"
        f" && tabix -f -p vcf {_q(target)}",
        label,
        "extraction",
    )
    raw.unlink()
    _check_positions(target, label, lengths)
    _check_ref_alleles(target, label, fasta, ref_check)
    kept = sum(contig_counts(target, label).values())
    return {
        "file": source.name,
        "kept": kept,
        "dropped": sum(counts[n] for n in dropped),
        "renamed": {a: b for a, b in names.items() if b and a != b},
        "dropped_contigs": dropped,
    }


def _check_positions(vcf: Path, label: str, lengths: dict[str, int]) -> None:
    regions = ",".join(f"{c}:{lengths[c] + 1}-" for c in contig_counts(vcf, label))
    if not regions:
        return
    beyond = _first_lines(["bcftools", "view", "-H", "-r", regions, str(vcf)], 1)
    if beyond:
        chrom, pos = beyond[0].split("\t")[:2]
        raise BundleError(
            label,
            f"a record at {chrom}:{int(pos):,} lies beyond the end of contig {chrom}"
            f" ({lengths[chrom]:,} bp): the VCF belongs to another build",
        )


def _check_ref_alleles(vcf: Path, label: str, fasta: Path, settings: dict) -> None:
    """REF of the first records of every contig against the FASTA."""
    import pysam

    reference = pysam.FastaFile(str(fasta.parent / "cache" / "genome.fa"))
    checked, wrong, example = 0, 0, ""
    for contig in contig_counts(vcf, label):
        query = ["bcftools", "query", "-r", contig, "-f", "%POS\t%REF\n", str(vcf)]
        for row in _first_lines(query, int(settings["records_per_contig"])):
            pos, ref = row.split("\t")
            start = int(pos) - 1
            seq = reference.fetch(contig, start, start + len(ref)).upper()
            checked += 1
            if seq != ref.upper() and "N" not in seq:
                wrong += 1
                example = example or f"{contig}:{pos} REF {ref}, FASTA {seq}"
    if checked and wrong > float(settings["max_mismatch_fraction"]) * checked:
        raise BundleError(
            label,
            f"REF alleles of {wrong} of {checked} records checked differ from the FASTA (e.g."
            f" {example}): the VCF belongs to another build",
        )


def identity_sites(
    population_af: Path, target: Path, spacing: int, min_af: float, max_af: float, label: str
) -> dict:
    """Biallelic SNPs of the population VCF with min_af <= AF <= max_af, at least ``spacing``
    bp apart on a contig, bgzipped and indexed: the identity check's site list."""
    select = (
        f"bcftools view --no-version -v snps -m2 -M2"
        f" -i 'INFO/AF>={float(min_af)} && INFO/AF<={float(max_af)}' {_q(population_af)}"
    )
    thin = (
        "awk -v s=" + str(int(spacing)) + ' \'BEGIN{FS=OFS="\\t"} /^#/ {print; next}'
        " $1 != c || $2 - p >= s {print; c = $1; p = $2}'"
    )
    _run(
        f"{select} | {thin} | bgzip -c > {_q(target)} && tabix -f -p vcf {_q(target)}",
        label,
        "identity site selection",
    )
    sites = sum(contig_counts(target, label).values())
    return {"sites": sites, "spacing": spacing, "af_range": [min_af, max_af]}
