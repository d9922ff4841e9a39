"""One step of the streaming benchmark, run the way its rule runs it: the rule script's main()
with the inputs, outputs and params the rule would give (a stand-in for the `snakemake`
object). The repository's batches provide the other inputs (read only).

python bench/stream_steps.py annotate|interpret|report_html|report_pdf WORK SOURCE_BATCH
"""

from __future__ import annotations

import csv
import importlib.util
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
TUMOR, NORMAL = "P01-T", "P01-N"


class NS(dict):
    """Attribute and key access, as Snakemake's input/output/params objects give."""

    def __getattr__(self, key):
        try:
            return self[key]
        except KeyError:
            raise AttributeError(key) from None


def rule_script(name: str):
    spec = importlib.util.spec_from_file_location(name, REPO / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def config() -> dict:
    return yaml.safe_load((REPO / "config/config.yaml").read_text())


def sm(inp: dict, out: dict, params: dict, log: Path, **extra) -> NS:
    return NS(input=NS(inp), output=NS(out), params=NS(params), log=[str(log)], threads=1, **extra)


def main(step: str, work: Path, batch: Path) -> None:
    sys.path.insert(0, str(REPO / "scripts"))
    cfg = config()
    data = REPO / "demo/data/ci/reference"
    ref = data / "genome.fa.alwgs_cache/genome.fa"
    res = batch / "results"
    kn = REPO / "config/knowledge"
    if step == "annotate":
        ann = cfg["annotation"]
        rule_script("annotate_variants").main(
            sm(
                {
                    "bcf": str(work / f"{TUMOR}.somatic.csq.bcf"),
                    "transcripts": str(res / "annotation/preferred_transcripts.tsv"),
                    "ref": str(ref),
                    "gff3": str(data / "genes.gff3"),
                    "hotspots": str(REPO / ann["hotspots"]),
                    "panel": str(REPO / cfg["small_variants"]["panel"]),
                },
                {
                    "vcf": str(work / f"{TUMOR}.somatic.ann.vcf.gz"),
                    "tsv": str(work / f"{TUMOR}.somatic.ann.tsv"),
                },
                {
                    "sample": TUMOR,
                    "transcripts": str(REPO / ann["transcripts"]),
                    "clinvar": str(data / "clinvar.vcf.gz"),
                    "population": str(data / "population_af.vcf.gz"),
                },
                work / "annotate.log",
            )
        )
    elif step == "interpret":
        with open(REPO / "demo/data/ci/samples.tsv") as fh:
            row = {r["sample"]: r for r in csv.DictReader(fh, delimiter="\t")}[TUMOR]
        ic = cfg["interpretation"]
        rule_script("interpret_sample").main(
            sm(
                {
                    "somatic": str(work / f"{TUMOR}.somatic.ann.vcf.gz"),
                    "germline_vcf": [str(res / f"annotation/{NORMAL}.germline.vcf.gz")],
                    "fusions": str(res / f"sv/{TUMOR}.fusions.tsv"),
                    "events": str(res / f"cnv/{TUMOR}.events.tsv"),
                    "karyotype": str(res / f"cnv/{TUMOR}.karyotype.json"),
                    "qc": str(res / f"qc/gate/{TUMOR}.qc.json"),
                    "tiers": str(REPO / ic["tiers"]),
                    "eln": str(REPO / ic["eln"]),
                    "who_icc": str(REPO / ic["who_icc"]),
                    "germline": str(REPO / ic["germline"]),
                    "focal_genes": str(REPO / ic["focal_genes"]),
                    **{
                        key: str(REPO / ic[key])
                        for key in (
                            "oncogenicity",
                            "gene_roles",
                            "functional_domains",
                            "hotspot_counts",
                        )
                    },
                    "hotspots": str(REPO / cfg["annotation"]["hotspots"]),
                    "panel": str(REPO / cfg["small_variants"]["panel"]),
                },
                {0: str(work / f"{TUMOR}.interpretation.json")},
                {
                    "info": {
                        "sample": TUMOR,
                        "type": "tumor",
                        "sex": row["sex"],
                        "patient": row["patient"],
                    },
                    "diagnosis": row["diagnosis"],
                    "purity": float(row["purity"]) if row["purity"].strip() else None,
                    "normal": NORMAL,
                },
                work / "interpret.log",
            )
        )
    elif step == "report_html":
        report_html(cfg, work, res, ref, kn)
    elif step == "report_pdf":
        rule_script("report_pdf").main(
            sm(
                {"html": str(work / f"{TUMOR}.html")},
                {0: str(work / f"{TUMOR}.pdf")},
                {},
                work / "report_pdf.log",
            )
        )
    else:
        raise SystemExit(f"unknown step {step}")


def report_html(cfg: dict, work: Path, res: Path, ref: Path, kn: Path) -> None:
    """As rules/report.smk's report_html gives it (other inputs from a finished batch)."""
    templates = REPO / "scripts/alwgs/report/templates"
    inp = {
        "interpretation": str(work / f"{TUMOR}.interpretation.json"),
        "qc_tumor": str(res / f"qc/gate/{TUMOR}.qc.json"),
        "qc_normal": [str(res / f"qc/gate/{NORMAL}.qc.json")],
        "itd": str(res / f"small_variants/{TUMOR}.itd.tsv"),
        "itd_targets": str(res / "small_variants/itd/targets.bed"),
        "fusions": str(res / f"sv/{TUMOR}.fusions.tsv"),
        "sv_table": str(res / f"sv/{TUMOR}.sv.tsv"),
        "sv_vcfs": [str(res / f"sv/{TUMOR}.{c}.vcf.gz") for c in cfg["sv"]["callers"]],
        "events": str(res / f"cnv/{TUMOR}.events.tsv"),
        "karyotype": str(res / f"cnv/{TUMOR}.karyotype.json"),
        "cnv_plot": str(res / f"cnv/{TUMOR}.cnv.png"),
        "coverage_tumor": str(res / f"report/coverage/{TUMOR}.genes.tsv"),
        "coverage_normal": [str(res / f"report/coverage/{NORMAL}.genes.tsv")],
        "igv_sites": str(res / f"report/igv/{TUMOR}.sites.bed"),
        "versions": str(res / "versions.tsv"),
        "fai": str(ref) + ".fai",
        "seq_dict": str(ref.parent / "genome.dict"),
        "germline_rules": str(REPO / cfg["interpretation"]["germline"]),
        "qc_rules": str(REPO / cfg["qc"]["thresholds"]),
        "filters": str(REPO / cfg["small_variants"]["filters"]),
        "panel": str(REPO / cfg["small_variants"]["panel"]),
        "known_fusions": str(REPO / cfg["sv"]["known_fusions"]),
        "ptd_genes": str(REPO / cfg["sv"]["ptd_genes"]),
        "gene_loci": str(REPO / cfg["sv"]["gene_loci"]),
        "targeted_rearrangements": str(REPO / cfg["sv"]["targeted_rearrangements"]),
        "karyotype_rules": str(REPO / cfg["cnv"]["karyotype_rules"]),
        "template": str(templates / "report.html.j2"),
        "css": str(templates / "report.css"),
    }
    params = {
        "settings": cfg["report"],
        "repo": str(REPO),
        "knowledge": {
            "qc_rules": "QC thresholds",
            "filters": "small-variant filters",
            "panel": "gene panel",
            "known_fusions": "known fusions",
            "ptd_genes": "PTD genes",
            "gene_loci": "gene loci",
            "targeted_rearrangements": "targeted rearrangements",
            "karyotype_rules": "karyotype rules",
        },
        "meta": {
            "batch": "bench-stream",
            "reference": {"build": "alwgs-mini-ci", "fasta": "genome.fa", "gff3": "genes.gff3"},
            "itd_targets": [t["name"] for t in cfg["itd"]["targets"]],
            "cnv_reference_note": f"paired normal {NORMAL}",
        },
        "method_config": {
            k: cfg[k]
            for k in ("read_qc", "alignment", "small_variants", "itd", "sv", "cnv", "report")
        },
    }
    out = {"html": str(work / f"{TUMOR}.html"), "json": str(work / f"{TUMOR}.report.json")}
    rule_script("report_html").main(
        sm(inp, out, params, work / "report_html.log", wildcards=NS(sample=TUMOR))
    )


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]).resolve(), Path(sys.argv[3]).resolve())
