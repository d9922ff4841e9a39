"""Rule script: the batch status file, written last (it depends on the delivery checksums),
naming each sample's QC status, its report and the newest delivery version's folder."""

import csv
import datetime
import json

from alwgs.report.delivery import current_folder


def main(
    gate_tsv: str,
    samples: list[str],
    tumors: list[str],
    reference: dict,
    delivery_root: str,
    deliveries: str,
    out_path: str,
) -> None:
    # the newest delivery version (a folder below delivery_root, never changed once written)
    folder = current_folder(deliveries)
    with open(gate_tsv) as fh:
        qc = {row["sample"]: row["status"] for row in csv.DictReader(fh, delimiter="\t")}
    status = {
        "status": "complete",
        "finished": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "samples": {
            s: {"qc": qc.get(s, "NA"), **({"report": f"reports/{s}.html"} if s in tumors else {})}
            for s in samples
        },
        "qc_fail": sorted(s for s, v in qc.items() if v == "FAIL"),
        "reference": reference.get("build", "unknown"),
        # the reference bundle's id ("" when the batch named its reference files itself)
        "reference_bundle": reference.get("bundle_id") or "",
        "delivery": f"{delivery_root}/{folder}",
        "delivery_version": int(folder.removeprefix("v")),
    }
    with open(out_path, "w") as fh:
        json.dump(status, fh, indent=2, sort_keys=True)


if __name__ == "__main__" and "snakemake" in globals():
    sm = snakemake  # noqa: F821 (injected by Snakemake)
    main(
        sm.input.gate,
        sm.params.samples,
        sm.params.tumors,
        sm.params.reference,
        sm.params.delivery_root,
        sm.input.deliveries,
        sm.output[0],
    )
