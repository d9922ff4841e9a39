"""Rule script: tiddit's tumor calls as bgzipped, indexed VCF; with a matched normal, calls
also found in the normal (germline SVs) are removed, and the log lists them. A tumor tiddit
could not assess stays not assessed (header-only VCF, same reason); a normal tiddit could not
assess leaves the tumor's calls unfiltered, and the header says so, naming the normal."""

from pathlib import Path

import pysam
from alwgs import not_assessed
from alwgs.not_assessed import NotAssessed
from alwgs.sv.callers import split_germline
from alwgs.sv.vcf_breakends import contig_ranks, read_vcf


def vcf_notes(path: str) -> list[str]:
    """The values of the ##alwgs_sv_note lines of a plain VCF."""
    with open(path) as fh:
        return [
            line.rstrip("\n").split("=", 1)[1] for line in fh if line.startswith("##alwgs_sv_note=")
        ]


def main(sm) -> None:
    ranks = contig_ranks(sm.input.fai)
    tumor = sm.params.tumor
    normal_name = sm.params.normal or None
    tumor_missing = not_assessed.read(sm.input.tumor)
    normal_missing = not_assessed.read(sm.input.normal[0]) if sm.input.normal else []
    normal = list(read_vcf(sm.input.normal[0], "tiddit")) if sm.input.normal else []
    header, kept, dropped = split_germline(
        sm.input.tumor,
        normal,
        ranks,
        sm.params.merge_distance,
        sm.params.max_normal_af,
        sample=tumor,
    )
    entries = list(tumor_missing)
    if tumor_missing:
        mode = "not_assessed"
        note = "not assessed: " + "; ".join(e.reason for e in tumor_missing)
    elif normal_missing:
        mode = "tumor_only_fallback"
        reasons = "; ".join(e.reason for e in normal_missing)
        note = (
            f"{reasons}; tumor calls not filtered against the normal's calls"
            " (somatic status from the normal's reads)"
        )
        entries += [
            NotAssessed("sv_germline_filter", "tiddit", normal_name, e.reason)
            for e in normal_missing
        ]
    elif normal_name:
        mode = "paired"
        note = f"{len(dropped)} record(s) also called in the matched normal removed"
    else:
        mode, note = "tumor_only", "no matched normal; somatic status not assessable"
    # The tumor BAM's own notes stay (e.g. why tiddit wrote no record); its not-assessed
    # lines are written again below with those of this step.
    header = [h for h in header if not h.startswith(f"##{not_assessed.KEY}=")]
    normal_notes = [
        f'##alwgs_sv_note="matched normal {normal_name}: {n.strip(chr(34))}"'
        for n in (vcf_notes(sm.input.normal[0]) if sm.input.normal and not normal_missing else [])
    ]
    meta = [
        f"##alwgs_sv_mode=<caller=tiddit,mode={mode},normal={normal_name or '.'}>",
        f'##alwgs_sv_note="{note}"',
        *normal_notes,
        *(e.line() for e in entries),
    ]
    plain = Path(sm.output.vcf).with_suffix("")  # tabix_index adds .gz
    with open(plain, "w") as out:
        out.write("\n".join(header[:-1] + meta + header[-1:] + kept) + "\n")
    pysam.tabix_index(str(plain), preset="vcf", force=True)
    with open(sm.log[0], "w") as log:
        log.write(f"mode: {mode}; {len(kept)} record(s) kept, {len(dropped)} germline\n")
        log.write(f"note: {note}\n")
        for line in dropped:
            log.write("germline: " + "\t".join(line.split("\t")[:8]) + "\n")


if __name__ == "__main__" and "snakemake" in globals():
    main(snakemake)  # noqa: F821 (injected by Snakemake)
