"""Rule script: delly on a tumor. With a matched normal: joint call, then delly's somatic
filter; tumor alone otherwise. When delly cannot use a thin normal it stops ("not enough data
to estimate library parameters"): the tumor is then called alone, and the log and a VCF header
line say so, instead of failing the batch."""

import os
import shlex
import shutil
import subprocess
import tempfile
from pathlib import Path

from alwgs.sv.callers import delly_call, delly_samples_tsv, delly_somatic_filter, delly_thin_sample

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


def main(sm) -> None:
    THREADS["OMP_NUM_THREADS"] = str(sm.threads)
    tumor, normal = sm.params.tumor, sm.params.normal or None
    tumor_bam = sm.input.aln[0]
    out_vcf = Path(sm.output.vcf)
    tmp = Path(tempfile.mkdtemp(dir=out_vcf.parent, prefix=f".tmp_delly_{tumor}_"))
    try:
        with open(sm.log[0], "w") as log:
            raw = str(tmp / "call.bcf")
            calls, mode, note = raw, "tumor_only", "no matched normal"
            if normal:
                code, text = run(delly_call(sm.input.ref, raw, sm.input.aln), log)
                if code == 0:
                    samples = tmp / "samples.tsv"
                    samples.write_text(delly_samples_tsv(tumor, normal))
                    calls = str(tmp / "somatic.bcf")
                    check(
                        delly_somatic_filter(raw, calls, str(samples), sm.params.max_normal_af),
                        log,
                    )
                    mode, note = "paired", f"somatic filter against {normal}"
                elif delly_thin_sample(text):
                    mode = "tumor_only_fallback"
                    note = (
                        f"matched normal {normal} has too few alignments for delly to estimate"
                        " library parameters; tumor called alone, germline SVs not removed"
                    )
                    log.write(f"NOTE: {note}\n")
                else:
                    raise SystemExit(f"delly call failed (exit {code}); see the log")
            if mode != "paired":
                check(delly_call(sm.input.ref, raw, [tumor_bam]), log)
            header = tmp / "header.txt"
            header.write_text(
                f"##alwgs_sv_mode=<caller=delly,mode={mode},normal={normal or '.'}>\n"
                f'##alwgs_sv_note="{note}"\n'
            )
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
