"""Tumor-only small-variant accuracy with and without a panel of normals (the numbers of README
"Panel of normals"): the somatic filter (scripts/somatic_filter.py) run again on each tumor-only
sample's raw freebayes calls of a finished batch, once per configuration, and scored against
the truth like the accuracy table (alwgs.accuracy.small_variants).

    python -m alwgs.accuracy.tumor_only --batch BATCH_DIR --samples SAMPLES.tsv \
        --reference-dir DIR --truth-dir DIR --panel PANEL.vcf.gz --out TSV [--no-population]

Rows keep the accuracy table's columns (sample, class, vaf_bin, tp, fp, fn, recall,
precision); vaf_bin carries the configuration: `germline_p` (this filter, no panel),
`germline_p+pon` (with the panel), and with --no-population the same two without the
population database (`..._nopop`) and, to show what the panel does alone, the filters without
the germline ones, without (`none_nopop`) and with the panel (`pon_only_nopop`). The panel
must not hold the normal of a scored patient (leave-one-patient-out): a normal of the same
patient id stops the run."""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
from pathlib import Path
from types import SimpleNamespace

import yaml

from alwgs.accuracy.model import DEFAULT_VAF_BINS, MAIN_COLUMNS
from alwgs.accuracy.small_variants import score_small_variants
from alwgs.accuracy.tables import read_samples
from alwgs.pon.panel import read_panel

REPO = Path(__file__).resolve().parents[3]  # scripts/alwgs/accuracy/ -> the repository


def _filter(sample, purity, sex, raw, cns, ref_dir, pon, population, out, filters):
    sys.path.insert(0, str(REPO / "scripts"))
    import somatic_filter  # the rule script itself, not a copy of its steps

    ref = Path(ref_dir)
    male = sex == "male"
    sm = SimpleNamespace(
        input=SimpleNamespace(
            vcf=str(raw),
            ref=str(ref / "genome.fa"),
            gff3=str(ref / "genes.gff3"),
            population=str(ref / "population_af.vcf.gz") if population else [],
            panel_of_normals=str(pon) if pon else [],
            copy_number=str(cns) if cns.is_file() else [],
            germline_model=str(REPO / "config/filters/tumor_only_germline.yaml"),
        ),
        output=SimpleNamespace(vcf=str(out)),
        log=[f"{out}.log"],
        params=SimpleNamespace(
            tumor=sample,
            normal="",
            purity=purity,
            filters=str(filters),
            panel=str(REPO / "config/panels/leukemia_genes.tsv"),
            normal_cn={"chrX": 1 if male else 2, "chrY": 1 if male else 0},
        ),
    )
    somatic_filter.main(sm)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--batch", required=True, help="finished batch folder (results/ below it)")
    p.add_argument("--samples", required=True, help="samples.tsv of the batch")
    p.add_argument(
        "--reference-dir", required=True, help="genome.fa(.fai), genes.gff3, population_af"
    )
    p.add_argument("--truth-dir", required=True)
    p.add_argument("--panel", required=True, help="panel of normals (alwgs pon build)")
    p.add_argument("--out", required=True)
    p.add_argument("--no-population", action="store_true", help="also without the database")
    args = p.parse_args(argv)
    with open(args.samples, newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    purity = {r["sample"]: float(r["purity"]) if r.get("purity") else None for r in rows}
    samples = read_samples(Path(args.samples))
    paired = {s.patient for s in samples if s.type == "normal"}
    tumor_only = [s for s in samples if s.type == "tumor" and s.patient not in paired]
    normal_patient = {s.sample: s.patient for s in samples if s.type == "normal"}
    in_panel = {n["ID"] for n in read_panel(args.panel).normals}
    for s in tumor_only:
        own = [n for n in in_panel if normal_patient.get(n) == s.patient]
        if own:
            sys.exit(f"{args.panel}: holds {own[0]}, a normal of patient {s.patient} (scored)")
    shipped = REPO / "config/filters/small_variants.yaml"
    configs = [("germline_p", None, True, shipped), ("germline_p+pon", args.panel, True, shipped)]
    if args.no_population:
        configs += [
            ("germline_p_nopop", None, False, shipped),
            ("germline_p+pon_nopop", args.panel, False, shipped),
        ]
    results = Path(args.batch) / "results"
    out_rows = []
    with tempfile.TemporaryDirectory() as tmp:
        if args.no_population:
            # What the panel does alone: the shipped filters without the germline ones.
            doc = yaml.safe_load(shipped.read_text())
            doc["filters"] = [f for f in doc["filters"] if not f["name"].startswith("Germline")]
            bare = Path(tmp) / "filters_without_germline.yaml"
            bare.write_text(yaml.safe_dump(doc, sort_keys=False))
            configs += [
                ("none_nopop", None, False, bare),
                ("pon_only_nopop", args.panel, False, bare),
            ]
        for s in tumor_only:
            raw = results / "small_variants" / f"{s.sample}.freebayes.raw.vcf.gz"
            cns = results / "cnv" / f"{s.sample}.call.cns"
            truth = Path(args.truth_dir) / f"{s.sample}.small_variants.vcf"
            for label, pon, population, filters in configs:
                out = Path(tmp) / f"{s.sample}.{label}.vcf.gz"
                _filter(s.sample, purity.get(s.sample), s.sex, raw, cns, args.reference_dir,
                        pon, population, out, filters)  # fmt: skip
                res = score_small_variants(s.sample, truth, out, DEFAULT_VAF_BINS, lambda _: None)
                for cls in ("snv", "indel"):
                    c = res[cls].bins["all"]
                    rec = c.tp / (c.tp + c.fn) if c.tp + c.fn else None
                    prec = c.tp / (c.tp + c.fp) if c.tp + c.fp else None
                    defined = rec is not None and prec is not None
                    f1 = 2 * c.tp / (2 * c.tp + c.fp + c.fn) if defined else None
                    out_rows.append([s.sample, cls, label, c.tp, c.fp, c.fn,
                                     "NA" if rec is None else f"{rec:.4f}",
                                     "NA" if prec is None else f"{prec:.4f}",
                                     "NA" if f1 is None else f"{f1:.4f}"])  # fmt: skip
    head = list(MAIN_COLUMNS)
    text = "\n".join("\t".join(map(str, r)) for r in [head, *out_rows]) + "\n"
    Path(args.out).write_text(text)
    print(text, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
