"""Rule script: tiddit on one BAM (a tumor or its matched normal). Its exit status is not
trusted alone: exit 0 without a VCF fails the job; the known stop of tiddit 3.5.2 when no
candidate has split-read support (nothing to call) gives a header-only VCF that says so."""

import shlex
import shutil
import subprocess
from pathlib import Path

from alwgs.sv.callers import empty_vcf, tiddit_command, tiddit_outcome


def main(sm) -> None:
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
        if outcome == "no_candidates":
            note = (
                "tiddit 3.5.2 stopped on an empty percentile: no candidate SV with split-read"
                " support in this BAM; no tiddit calls"
            )
            with open(sm.input.fai) as fh:
                contigs = {f[0]: int(f[1]) for f in (ln.split("\t") for ln in fh) if len(f) > 1}
            vcf.write_text(empty_vcf(sm.params.sample, contigs, note))
            log.write(f"NOTE: {note}\n")
        elif outcome != "ok":
            raise SystemExit(
                f"tiddit failed on {sm.input.aln} ({outcome}, exit {code}): see {sm.log[0]}"
            )
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__" and "snakemake" in globals():
    main(snakemake)  # noqa: F821 (injected by Snakemake)
