"""The accuracy harness's driver: where the truth and outputs of a sample are, every class of
one tumor scored in CLASSES order (``score_sample``), and ``run`` over a batch writing the main,
details and metrics tables (the germline classes of each normal as well, when the reference is
given). Scoring rules: the package docstring and each class's module."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from alwgs.accuracy import germline
from alwgs.accuracy.classification import score_classification, score_karyotype
from alwgs.accuracy.cna import DEFAULT_CNA_TOLERANCE, score_cna
from alwgs.accuracy.itd import (
    METRIC_COLUMNS,
    EmitMetric,
    Itd,
    MetricRow,
    metrics_path_for,
    score_itd,
)
from alwgs.accuracy.model import (
    CLASSES,
    DEFAULT_VAF_BINS,
    DETAIL_COLUMNS,
    MAIN_COLUMNS,
    ClassResult,
    DetailRow,
    Emit,
    Sample,
)
from alwgs.accuracy.reads import reads_allelic_ratio, sample_fastqs
from alwgs.accuracy.small_variants import score_small_variants
from alwgs.accuracy.sv import DEFAULT_SV_TOLERANCE, score_sv
from alwgs.accuracy.sv_status import score_sv_status
from alwgs.accuracy.tables import details_path_for, read_samples, summary_text, table_rows


@dataclass
class Paths:
    """Where the truth and the pipeline outputs of one sample are."""

    truth_dir: Path
    results_dir: Path
    # Optional: units.tsv and reference FASTA, to measure what the reads realise (ITD ratio).
    units: Path | None = None
    reference: Path | None = None

    def truth(self, sample: str, cls: str) -> Path:
        d = self.truth_dir
        if cls in ("snv", "indel"):
            plain = d / f"{sample}.small_variants.vcf"
            gz = d / f"{sample}.small_variants.vcf.gz"
            return plain if plain.exists() or not gz.exists() else gz
        name = {
            "itd": "itd.tsv",
            "sv": "sv.bedpe",
            "sv_status": "sv.bedpe",
            "cna": "cna.bed",
            "karyotype": "clinical.yaml",
            "classification": "clinical.yaml",
        }[cls]
        return d / f"{sample}.{name}"

    def calls(self, sample: str, cls: str) -> Path:
        rel = {
            "snv": f"results/small_variants/{sample}.somatic.vcf.gz",
            "indel": f"results/small_variants/{sample}.somatic.vcf.gz",
            "itd": f"results/small_variants/{sample}.itd.vcf.gz",
            "sv": f"results/sv/{sample}.fusions.tsv",
            "sv_status": f"results/sv/{sample}.sv.tsv",
            "cna": f"results/cnv/{sample}.events.tsv",
            "karyotype": f"results/cnv/{sample}.karyotype.json",
            "classification": f"results/interpretation/{sample}.json",
        }[cls]
        return self.results_dir / rel


def score_sample(
    s: Sample,
    paths: Paths,
    emit: Emit,
    vaf_thresholds: Iterable[float] = DEFAULT_VAF_BINS,
    sv_tolerance: int = DEFAULT_SV_TOLERANCE,
    cna_tolerance: float = DEFAULT_CNA_TOLERANCE,
    emit_metric: EmitMetric | None = None,
    paired: bool = True,
) -> dict[str, ClassResult]:
    """All classes of one tumor sample, in CLASSES order (paired: it has a matched normal);
    numeric errors go to ``emit_metric`` (the metrics table)."""
    name = s.sample

    def checked(cls: str, fn: Callable[[], object]):
        # A corrupt output must fail the harness loudly, but with the file in the message.
        try:
            return fn()
        except (OSError, ValueError, KeyError, yaml.YAMLError) as e:
            raise RuntimeError(
                f"accuracy: cannot score {cls} of {name} "
                f"(truth {paths.truth(name, cls)}, calls {paths.calls(name, cls)}): {e}"
            ) from e

    out: dict[str, ClassResult] = {}
    out.update(
        checked(
            "snv",
            lambda: score_small_variants(
                name, paths.truth(name, "snv"), paths.calls(name, "snv"), vaf_thresholds, emit
            ),
        )
    )
    reads_ar = None
    if paths.units and paths.reference and paths.units.exists() and paths.reference.exists():
        fastqs = sample_fastqs(paths.units, name)

        def reads_ar(t: Itd):
            return reads_allelic_ratio(paths.reference, fastqs, t.chrom, t.pos, t.insertion)

    out["itd"] = checked(
        "itd",
        lambda: score_itd(
            name, paths.truth(name, "itd"), paths.calls(name, "itd"), emit, reads_ar, emit_metric
        ),
    )
    out["sv"] = checked(
        "sv",
        lambda: score_sv(
            name, paths.truth(name, "sv"), paths.calls(name, "sv"), sv_tolerance, emit
        ),
    )
    out["sv_status"] = checked(
        "sv_status",
        lambda: score_sv_status(
            name,
            paths.truth(name, "sv"),
            paths.calls(name, "sv_status"),
            paired,
            sv_tolerance,
            emit,
        ),
    )
    out["cna"] = checked(
        "cna",
        lambda: score_cna(
            name, s.sex, paths.truth(name, "cna"), paths.calls(name, "cna"), cna_tolerance, emit
        ),
    )
    out["karyotype"] = checked(
        "karyotype",
        lambda: score_karyotype(
            name, paths.truth(name, "karyotype"), paths.calls(name, "karyotype"), emit
        ),
    )
    out["classification"] = checked(
        "classification",
        lambda: score_classification(
            name, paths.truth(name, "classification"), paths.calls(name, "classification"), emit
        ),
    )
    return {cls: out[cls] for cls in CLASSES}


def run(
    truth_dir: str | Path,
    results_dir: str | Path,
    samples_tsv: str | Path,
    out: str | Path,
    details_out: str | Path | None = None,
    vaf_thresholds: Iterable[float] = DEFAULT_VAF_BINS,
    sv_tolerance: int = DEFAULT_SV_TOLERANCE,
    cna_tolerance: float = DEFAULT_CNA_TOLERANCE,
    units_tsv: str | Path | None = None,
    reference: str | Path | None = None,
) -> tuple[dict[str, dict[str, ClassResult]], str]:
    """Score every tumor of ``samples_tsv``; write both TSVs; return (results, summary).

    With ``units_tsv`` and ``reference`` the ITD details also give the allelic ratio the
    reads realise (alwgs.accuracy.reads)."""
    vaf_thresholds = tuple(vaf_thresholds)
    out = Path(out)
    details_out = Path(details_out) if details_out else details_path_for(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    details_out.parent.mkdir(parents=True, exist_ok=True)
    paths = Paths(
        Path(truth_dir),
        Path(results_dir),
        Path(units_tsv) if units_tsv else None,
        Path(reference) if reference else None,
    )
    sheet = read_samples(Path(samples_tsv))
    tumors = [s for s in sheet if s.type == "tumor"]
    with_normal = {s.patient for s in sheet if s.type == "normal"}

    all_results: dict[str, dict[str, ClassResult]] = {}
    # Write to temporary names and rename at the end, so a failed run leaves no table that
    # looks complete (Snakemake would otherwise see a half-written output).
    tmp_out = out.with_name(out.name + ".tmp")
    tmp_details = details_out.with_name(details_out.name + ".tmp")
    metrics_out = metrics_path_for(out)
    tmp_metrics = metrics_out.with_name(metrics_out.name + ".tmp")
    with (
        open(tmp_out, "w", newline="") as fo,
        open(tmp_details, "w", newline="") as fd,
        open(tmp_metrics, "w", newline="") as fm,
    ):
        main = csv.writer(fo, delimiter="\t", lineterminator="\n")
        det = csv.writer(fd, delimiter="\t", lineterminator="\n")
        met = csv.writer(fm, delimiter="\t", lineterminator="\n")
        main.writerow(MAIN_COLUMNS)
        det.writerow(DETAIL_COLUMNS)
        met.writerow(METRIC_COLUMNS)

        def emit(row: DetailRow) -> None:
            det.writerow(row.fields())

        def emit_metric(row: MetricRow) -> None:
            met.writerow(row.fields())

        for s in tumors:
            res = score_sample(
                s,
                paths,
                emit,
                vaf_thresholds,
                sv_tolerance,
                cna_tolerance,
                emit_metric,
                paired=s.patient in with_normal,
            )
            all_results[s.sample] = res
            main.writerows(table_rows(s.sample, res, vaf_thresholds))
        if paths.reference and paths.reference.exists():
            # Germline calls of each normal, filtered and bare, by repeat context (the
            # contexts are read from the reference).
            for s in read_samples(Path(samples_tsv)):
                if s.type == "normal":
                    res = germline.score_normal(
                        s.sample,
                        s.patient,
                        paths.truth_dir,
                        paths.results_dir,
                        paths.reference,
                        emit,
                    )
                    main.writerows(germline.table_rows(s.sample, res))
    tmp_out.replace(out)
    tmp_details.replace(details_out)
    tmp_metrics.replace(metrics_out)
    return all_results, summary_text(all_results)
