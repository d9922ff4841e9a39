"""Rule script: the first job of a BAM/CRAM unit turns its reads back into a FASTQ pair
(alwgs.qc.bam_reads says which reads and why). The pair then takes the path of a FASTQ unit
(fastq_check, fastp, bwa). A file that samtools cannot read to the end, or whose reads are not
whole pairs, fails this unit with the sheet, line and file named; the read counts are kept."""

import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from alwgs.intake import IntakeError
from alwgs.qc.bam_reads import conversion_commands, counts_problem, processed_reads, read_counts


def run_pipe(commands: list[list[str]], tmp: Path, env: dict, log) -> str:
    """Run commands piped into each other; return the last one's stderr. Raises RuntimeError
    naming the first command that failed and its last message."""
    processes, errors = [], []
    upstream = None
    for i, cmd in enumerate(commands):
        log.write(f"$ {shlex.join(cmd)}\n")
        err = open(tmp / f"stderr.{i}", "w+")
        last = i == len(commands) - 1
        proc = subprocess.Popen(
            cmd,
            stdin=upstream,
            stdout=subprocess.DEVNULL if last else subprocess.PIPE,
            stderr=err,
            env=env,
        )
        if upstream is not None:
            upstream.close()  # the next process owns the pipe now
        upstream = proc.stdout
        processes.append(proc)
        errors.append(err)
    log.flush()
    codes = [p.wait() for p in processes]
    texts = []
    for err in errors:
        err.seek(0)
        texts.append(err.read())
        err.close()
    for cmd, text in zip(commands, texts, strict=True):
        if text:
            log.write(f"[{shlex.join(cmd[:2])}] {text}")
    for cmd, code, text in zip(commands, codes, texts, strict=True):
        if code != 0:
            lines = [ln for ln in text.splitlines() if ln.strip()]
            detail = lines[-1] if lines else "no message"
            raise RuntimeError(f"samtools {cmd[1]} stopped (exit {code}): {detail}")
    return texts[-1]


def readable_reference(reference: str, tmp: Path) -> str:
    """The FASTA as samtools may read it: a link in the job's folder when it has no .fai, so
    that samtools builds the index there rather than in the lab's reference folder."""
    if not reference or os.path.exists(reference + ".fai"):
        return reference
    link = tmp / "reference.fa"
    link.symlink_to(os.path.abspath(reference))
    return str(link)


def main(sm) -> None:
    where = sm.params.where
    rg = sm.params.read_group
    out_json = Path(sm.output.json)
    tmp = Path(tempfile.mkdtemp(dir=out_json.parent, prefix=f".tmp_{out_json.stem}_"))
    selected = f", read group '{rg}'" if rg else ""
    try:
        with open(sm.log[0], "w") as log:
            log.write(
                f"converting {where['bam']}{selected} ({where['sheet']} line {where['line']})\n"
            )
            # An htslib without a reference it needs looks it up by MD5 in REF_PATH, which
            # defaults to the EBI server: an empty local folder keeps the job offline.
            env = dict(os.environ, REF_PATH=str(tmp / "%s"), REF_CACHE=str(tmp / "%s"))
            singletons, unpaired = str(tmp / "singletons.fastq.gz"), str(tmp / "unpaired.fastq.gz")
            commands = conversion_commands(
                sm.input.aln,
                rg,
                readable_reference(sm.input.get("ref", ""), tmp),
                str(tmp / "collate"),
                sm.output.fq1,
                sm.output.fq2,
                singletons,
                unpaired,
                sm.threads,
            )
            try:
                stderr = run_pipe(commands, tmp, env, log)
                counts = read_counts(processed_reads(stderr), sm.output.fq1, singletons, unpaired)
                problem = counts_problem(counts, sm.params.max_orphan_fraction)
            except RuntimeError as err:
                problem = f"cannot be read to the end ({err})"
            if problem:
                message = str(
                    IntakeError(
                        where["sheet"],
                        where["line"],
                        "bam",
                        f"'{where['bam']}'{selected}: {problem}",
                    )
                )
                log.write(f"alwgs data error: {message}\n")
                log.flush()
                for path in (sm.output.fq1, sm.output.fq2):
                    Path(path).unlink(missing_ok=True)
                sys.exit(f"alwgs data error: {message}")
            log.write(
                f"{counts.read_pairs} read pairs; {counts.singletons} mates without their"
                f" partner and {counts.unpaired} unpaired reads left out\n"
            )
        record = {
            "bam": where["bam"],
            "read_group": rg,
            "format": sm.params.format,
            **counts.as_dict(),
            "qualities": "OQ where present, else QUAL",
            "excluded": "secondary and supplementary records",
        }
        with open(out_json, "w") as fh:
            json.dump(record, fh, indent=2)
            fh.write("\n")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__" and "snakemake" in globals():
    main(snakemake)  # noqa: F821 (injected by Snakemake)
