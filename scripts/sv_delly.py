"""Rule script: delly on a tumor. With a matched normal: joint call, then delly's somatic
filter; tumor alone otherwise. delly stops when a sample is too thin to estimate its library
parameters, and names that sample's BAM:
- the matched normal: the tumor is called alone (delly's germline filter not applied; each
  junction's somatic status then comes from the normal's reads, sv_normal_support), said in
  the log, the VCF header and a not-assessed line for the normal's germline filter;
- the tumor: delly's result is not assessed; the job writes a header-only VCF that says so
  and why, and the batch goes on.
Any other failure of delly fails the job."""

import os
import shlex
import shutil
import subprocess
import tempfile
from pathlib import Path

from alwgs.not_assessed import NotAssessed
from alwgs.sv.callers import (
    CallerFailure,
    contig_lengths,
    delly_call,
    delly_failure,
    delly_reason,
    delly_samples_tsv,
    delly_somatic_filter,
    empty_vcf,
)

THREADS = {"OMP_NUM_THREADS": "1"}  # delly parallelises over samples with OpenMP


def run(cmd: list[str], log) -> tuple[int, str]:
    log.write(f"$ {shlex.join(cmd)}\n")
    log.flush()
    env = dict(os.environ, **THREADS)
    done = subprocess.run(cmd, capture_output=True, text=True, errors="replace", env=env)
    log.write(done.stdout + done.stderr)
    log.flush()
    return done.returncode, done.stdout + done.stderr


def check(cmd: list[str], log) -> None:
    code, _ = run(cmd, log)
    if code != 0:
        raise SystemExit(f"{cmd[0]} {cmd[1]} failed (exit {code}); see the log")


def classified(code: int, text: str, bams: dict[str, str], log_path: str) -> CallerFailure:
    """The classified stop behind a failed delly call; any other failure ends the job."""
    failure = delly_failure(text, bams)
    if failure is None:
        raise SystemExit(f"delly call failed (exit {code}); see {log_path}")
    return failure


def call(sm, tmp: Path, log) -> tuple[str, str, str, list[NotAssessed], str | None]:
    """(calls BCF or "", mode, note, not-assessed entries, normal) of one tumor."""
    tumor, normal = sm.params.tumor, sm.params.normal or None
    bams = dict(zip(sm.input.aln, [tumor, normal] if normal else [tumor], strict=True))
    tumor_bam = sm.input.aln[0]
    raw = str(tmp / "call.bcf")
    if normal:
        code, text = run(delly_call(sm.input.ref, raw, sm.input.aln), log)
        if code == 0:
            samples = tmp / "samples.tsv"
            samples.write_text(delly_samples_tsv(tumor, normal))
            calls = str(tmp / "somatic.bcf")
            check(delly_somatic_filter(raw, calls, str(samples), sm.params.max_normal_af), log)
            return calls, "paired", f"somatic filter against {normal}", [], normal
        failure = classified(code, text, bams, sm.log[0])
        log.write(f"NOTE: {failure.reason}\n")
        if failure.sample != tumor:
            # The normal was named, or no sample was: the tumor alone tells which one it is.
            code, text = run(delly_call(sm.input.ref, raw, [tumor_bam]), log)
            if code == 0:
                reason = delly_reason(normal)
                note = f"{reason}; tumor called alone (somatic status from the normal's reads)"
                entry = NotAssessed("sv_germline_filter", "delly", normal, reason)
                return raw, "tumor_only_fallback", note, [entry], normal
            failure = classified(code, text, {tumor_bam: tumor}, sm.log[0])
    else:
        code, text = run(delly_call(sm.input.ref, raw, [tumor_bam]), log)
        if code == 0:
            return raw, "tumor_only", "no matched normal", [], None
        failure = classified(code, text, {tumor_bam: tumor}, sm.log[0])
    entry = NotAssessed("sv", "delly", failure.sample, failure.reason)
    return "", "not_assessed", f"not assessed: {failure.reason}", [entry], normal


def main(sm) -> None:
    THREADS["OMP_NUM_THREADS"] = str(sm.threads)
    tumor = sm.params.tumor
    out_vcf = Path(sm.output.vcf)
    tmp = Path(tempfile.mkdtemp(dir=out_vcf.parent, prefix=f".tmp_delly_{tumor}_"))
    try:
        with open(sm.log[0], "w") as log:
            calls, mode, note, missing, normal = call(sm, tmp, log)
            meta = [
                f"##alwgs_sv_mode=<caller=delly,mode={mode},normal={normal or '.'}>",
                f'##alwgs_sv_note="{note}"',
                *(entry.line() for entry in missing),
            ]
            header = tmp / "header.txt"
            header.write_text("\n".join(meta) + "\n")
            if not calls:  # not assessed: a valid VCF without records that says why
                calls = str(tmp / "empty.vcf")
                Path(calls).write_text(empty_vcf(tumor, contig_lengths(sm.input.fai), []))
            check(
                ["bcftools", "annotate", "-h", str(header), "-Oz", "-o", str(out_vcf), calls],
                log,
            )
            check(["tabix", "-f", "-p", "vcf", str(out_vcf)], log)
            log.write(f"mode: {mode}\n")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__" and "snakemake" in globals():
    main(snakemake)  # noqa: F821 (injected by Snakemake)
