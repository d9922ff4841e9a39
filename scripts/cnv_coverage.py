"""Rule script: a sample's CNVkit bin coverage (.targetcoverage.cnn) from one mosdepth pass over
the bins, the same depth per bin as `cnvkit.py coverage` without its per-base pileup
(alwgs.cnv.bin_coverage says how the two agree)."""

import os
import shlex
import subprocess
import tempfile
from pathlib import Path

from alwgs.cnv.bin_coverage import (
    coverage_rows,
    mosdepth_command,
    mosdepth_env,
    read_bins,
    read_region_means,
    regions_file,
    write_cnn,
)


def main(sm) -> None:
    out = Path(sm.output[0])
    out.parent.mkdir(parents=True, exist_ok=True)
    bins = read_bins(sm.input.bins)
    env = mosdepth_env()
    # mosdepth's own files (summary, distributions, regions) are scratch: next to the output,
    # removed afterwards
    with (
        open(sm.log[0], "w") as log,
        tempfile.TemporaryDirectory(dir=out.parent, prefix=f".{out.name}.") as tmp,
    ):
        prefix = str(Path(tmp) / "bins")
        cmd = mosdepth_command(
            sm.input.aln, sm.input.bins, prefix, sm.input.ref, int(sm.params.min_mapq), sm.threads
        )
        log.write(f"$ {' '.join(f'{k}={v}' for k, v in env.items())} {shlex.join(cmd)}\n")
        log.flush()
        done = subprocess.run(cmd, stderr=log, env=dict(os.environ, **env))
        if done.returncode != 0:
            raise SystemExit(f"mosdepth failed (exit {done.returncode}); see {sm.log[0]}")
        rows = coverage_rows(bins, read_region_means(regions_file(prefix)), sm.input.bins)
        write_cnn(rows, out)
        empty = sum(1 for row in rows if row[4] == 0)
        log.write(f"{len(rows)} bins ({empty} without reads) written to {out}\n")


def from_command_line(argv=None) -> None:
    """The same job without Snakemake (bench/bare_pipeline.py and bench/cost_model.py run it
    so): the rule's inputs, params and output as options."""
    import argparse
    from types import SimpleNamespace

    ap = argparse.ArgumentParser(description=__doc__)
    for name in ("aln", "bins", "ref", "out", "log"):
        ap.add_argument(f"--{name}", required=True)
    ap.add_argument("--min-mapq", type=int, required=True)
    ap.add_argument("--threads", type=int, default=1)
    a = ap.parse_args(argv)
    main(
        SimpleNamespace(
            input=SimpleNamespace(aln=a.aln, bins=a.bins, ref=a.ref),
            params=SimpleNamespace(min_mapq=a.min_mapq),
            output=[a.out],
            log=[a.log],
            threads=a.threads,
        )
    )


if __name__ == "__main__":
    if "snakemake" in globals():
        main(snakemake)  # noqa: F821 (injected by Snakemake)
    else:
        from_command_line()
