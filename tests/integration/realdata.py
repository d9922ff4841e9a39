"""The real reads of tests/data/realdata/sarek_chr22_window as a batch (README there): the
batch config of the window without a bundle, and the settings of config/config.yaml that a
40-kb reference cannot keep. Shared by the real-data integration tests (thin samples, BAM
input, the end-to-end real batch), so that they run on the same settings."""

from __future__ import annotations

from pathlib import Path

WINDOW = Path("tests/data/realdata/sarek_chr22_window")  # relative to the repo root
BUILD = "GRCh38 chr22:16570000-16610000"
DATABASES = ("population_af", "clinvar", "panel_of_normals", "identity_sites")


def window_settings() -> dict:
    """The analysis settings that differ from config/config.yaml's GRCh38 defaults for a
    40,001-bp reference, each sized to the reference, none to the reads or to a call."""
    return {
        "cnv": {
            # 5-kb bins (GRCh38) would cut the window into 8 bins, one min_bins segment at
            # best; 500-bp bins give 80, and a 20x sample still puts ~60 reads in each.
            "bin_size": 500,
            # N runs cut out of the bins: no larger than a bin (config/config.yaml); the
            # window has no N, so this changes no bin here.
            "access_min_gap": 100,
            # Kept at the GRCh38 value on purpose: a 40-kb slice holds far less callable
            # sequence than any chromosome arm, so a change over it is never named -N/+N or
            # del/dup(arm) (level not_assessable), as a lab's slice of GRCh38 must not be.
            "min_callable_bp": 7_000_000,
        },
        # 100 chunks of ~29 Mb suit GRCh38; of 40 kb they would be 400-bp freebayes jobs,
        # pure scheduling overhead. Two chunks: one per core of the CI machine.
        "small_variants": {"chunks": 2},
    }


def batch_config(
    batch_dir: str | Path,
    samples: str | Path,
    units: str | Path,
    reference_dir: str | Path,
    cache_dir: str | Path,
    roles: dict | None = None,
) -> dict:
    """Every key a batch of the window needs, without a bundle: its own sheets, the window's
    FASTA, GFF3 and cytobands in ``reference_dir`` (genome.fa, genes.gff3, cytobands.tsv),
    an index cache outside the repository's test data, no database and no truth (so no
    value comes from elsewhere), the window settings, and the contig roles when given
    (reference.autosomes, chrX, chrY)."""
    ref = Path(reference_dir)
    return {
        "batch_dir": str(batch_dir),
        "samples": str(samples),
        "units": str(units),
        "reference": {
            "fasta": str(ref / "genome.fa"),
            "gff3": str(ref / "genes.gff3"),
            "cytobands": str(ref / "cytobands.tsv"),
            "build": BUILD,
            "cache_dir": str(cache_dir),
            **(roles or {}),
        },
        # A real batch without a bundle uses no database: the report says "not used".
        "databases": {name: "" for name in DATABASES},
        "truth_dir": "",  # no truth: no accuracy step
        **window_settings(),
    }
