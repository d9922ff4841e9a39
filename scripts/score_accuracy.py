"""Score a batch's pipeline outputs against a truth set (scoring rules: alwgs/accuracy/).

Command line:
    python scripts/score_accuracy.py --truth-dir DIR --results-dir BATCH_DIR \
        --samples SAMPLES_TSV --out TSV [--details TSV] [--vaf-bins 0.25,0.10,0.05] \
        [--sv-tolerance 500] [--cna-tolerance 0.10] [--units UNITS_TSV --reference FASTA]

As a Snakemake ``script:`` the values come from the ``snakemake`` object:
    input:  samples (else params.samples); truth_dir / results_dir may be inputs or params
    params: truth_dir (required), results_dir (default "." = the batch directory, which is the
            working directory of the workflow), vaf_bins, sv_tolerance, cna_tolerance
    output: first output (or output.tsv) = main table; output.details (or the second output)
            = details table, else <stem>.details.tsv next to the main table; units and
            reference (inputs or params) add the ITD ratio realised in the reads
    log:    when given, the summary table is written there as well as to stdout
"""

import argparse
import sys
from pathlib import Path

try:
    from alwgs.accuracy import (
        DEFAULT_CNA_TOLERANCE,
        DEFAULT_SV_TOLERANCE,
        DEFAULT_VAF_BINS,
        run,
    )
except ImportError:  # run from elsewhere than scripts/ without PYTHONPATH
    _here = globals().get("snakemake")
    sys.path.insert(0, str(getattr(_here, "scriptdir", None) or Path(__file__).resolve().parent))
    from alwgs.accuracy import (  # noqa: E402
        DEFAULT_CNA_TOLERANCE,
        DEFAULT_SV_TOLERANCE,
        DEFAULT_VAF_BINS,
        run,
    )


def parse_bins(text: str | list | tuple | None) -> tuple[float, ...]:
    """'0.25,0.10,0.05' (or a list of numbers) -> (0.25, 0.1, 0.05)."""
    if text is None or text == "":
        return DEFAULT_VAF_BINS
    items = text.split(",") if isinstance(text, str) else list(text)
    bins = tuple(float(x) for x in items if str(x).strip())
    if not bins or any(not 0 < b <= 1 for b in bins):
        raise ValueError(f"--vaf-bins must be comma-separated values in (0, 1]: {text!r}")
    return bins


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    p.add_argument("--truth-dir", required=True, help="truth directory (e.g. the demo's DIR/truth)")
    p.add_argument("--results-dir", required=True, help="batch directory holding results/")
    p.add_argument("--samples", required=True, help="samples.tsv of the batch")
    p.add_argument("--out", required=True, help="main accuracy table (TSV)")
    p.add_argument("--details", default=None, help="details TSV (default <stem>.details.tsv)")
    p.add_argument(
        "--vaf-bins",
        default=",".join(str(b) for b in DEFAULT_VAF_BINS),
        help="VAF bin thresholds for snv/indel (default 0.25,0.10,0.05)",
    )
    p.add_argument("--sv-tolerance", type=int, default=DEFAULT_SV_TOLERANCE, help="bp")
    p.add_argument(
        "--cna-tolerance",
        type=float,
        default=DEFAULT_CNA_TOLERANCE,
        help="allowed start/end error as a fraction of the truth segment length",
    )
    p.add_argument("--units", default=None, help="units.tsv (ITD ratio realised in the reads)")
    p.add_argument("--reference", default=None, help="reference FASTA (with --units)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        bins = parse_bins(args.vaf_bins)
    except ValueError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    _, summary = run(
        args.truth_dir,
        args.results_dir,
        args.samples,
        args.out,
        args.details,
        bins,
        args.sv_tolerance,
        args.cna_tolerance,
        args.units,
        args.reference,
    )
    sys.stdout.write(summary)
    return 0


def _pick(sm, name: str, default=None):
    """A named value from snakemake.input, then snakemake.params; ``default`` if absent."""
    for section in (sm.input, sm.params):
        value = getattr(section, name, None) if hasattr(section, name) else None
        if value is not None and not callable(value):
            return value
    return default


def main_snakemake(sm) -> None:
    truth_dir = _pick(sm, "truth_dir")
    if not truth_dir:
        raise ValueError("score_accuracy: params.truth_dir is required (config truth_dir)")
    samples = _pick(sm, "samples") or sm.input[0]
    out = getattr(sm.output, "tsv", None) or sm.output[0]
    details = getattr(sm.output, "details", None) or (sm.output[1] if len(sm.output) > 1 else None)
    _, summary = run(
        truth_dir,
        _pick(sm, "results_dir", "."),
        samples,
        out,
        details,
        parse_bins(_pick(sm, "vaf_bins")),
        int(_pick(sm, "sv_tolerance", DEFAULT_SV_TOLERANCE)),
        float(_pick(sm, "cna_tolerance", DEFAULT_CNA_TOLERANCE)),
        _pick(sm, "units"),
        _pick(sm, "reference"),
    )
    sys.stdout.write(summary)
    if len(sm.log):
        Path(sm.log[0]).write_text(summary)


if __name__ == "__main__":
    if "snakemake" in globals():
        main_snakemake(globals()["snakemake"])
    else:
        sys.exit(main())
