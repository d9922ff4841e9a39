"""Rule script: tiddit on one BAM (a tumor or its matched normal). Its exit status is not
trusted alone (alwgs.sv.callers.tiddit_outcome): exit 0 without a VCF fails the job; the two
known stops of tiddit 3.5.2 on an empty percentile (measuring the library; in its scoring
step, which loses the candidates it had) give a header-only VCF that says the sample of this
BAM was not assessed by tiddit, and why (alwgs.sv.callers.tiddit_failure). Any other failure
fails the job."""

import shlex
import shutil
import subprocess
from pathlib import Path

from alwgs.not_assessed import NotAssessed
from alwgs.sv.callers import (
    contig_lengths,
    empty_vcf,
    tiddit_command,
    tiddit_failure,
    tiddit_outcome,
)


def main(sm) -> None:
    sample = sm.params.sample
    vcf = Path(sm.output.vcf)
    prefix = str(vcf.with_suffix(""))
    workdir = Path(f"{prefix}_tiddit")
    shutil.rmtree(workdir, ignore_errors=True)  # tiddit refuses to reuse it (a retry)
    cmd = tiddit_command(sm.input.aln, sm.input.ref, prefix, sm.threads)
    with open(sm.log[0], "w") as log:
        log.write(f"$ {shlex.join(cmd)}\n")
        log.flush()
        code = subprocess.run(cmd, stdout=log, stderr=subprocess.STDOUT).returncode
        log.flush()
        outcome = tiddit_outcome(code, vcf, Path(sm.log[0]).read_text(errors="replace"))
        log.write(f"tiddit exit status {code}: {outcome}\n")
        failure = tiddit_failure(outcome, sample)
        if failure is not None:
            note = f"not assessed: {failure.reason}"
            meta = [
                f'##alwgs_sv_note="{note}"',
                NotAssessed("sv", "tiddit", sample, failure.reason).line(),
            ]
        elif outcome != "ok":
            raise SystemExit(
                f"tiddit failed on {sm.input.aln} ({outcome}, exit {code}): see {sm.log[0]}"
            )
        if outcome != "ok":
            vcf.write_text(empty_vcf(sample, contig_lengths(sm.input.fai), meta))
            log.write(f"NOTE: {note}\n")
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__" and "snakemake" in globals():
    main(snakemake)  # noqa: F821 (injected by Snakemake)
