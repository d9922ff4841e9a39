"""Rule script: one tumor's interpretation JSON (lesions, tiers, ELN 2022, WHO/ICC 2022,
germline) from the annotated VCFs, fusions, copy-number events, karyotype and QC gate."""

import json

from alwgs.interpret.knowledge import load_knowledge
from alwgs.interpret.report import SampleInfo, interpret


def main(sm) -> None:
    kb = load_knowledge(
        {
            key: sm.input[key]
            for key in (
                "tiers",
                "eln",
                "who_icc",
                "germline",
                "focal_genes",
                "hotspots",
                "panel",
                "karyotype_rules",
            )
        }
    )
    info = SampleInfo(
        sample=sm.params.info["sample"],
        patient=sm.params.info["patient"],
        diagnosis=sm.params.diagnosis,
        sex=sm.params.info["sex"],
        purity=sm.params.purity,
        normal=sm.params.normal or None,
    )
    result = interpret(
        info,
        kb,
        sm.input.somatic,
        sm.input.fusions,
        sm.input.events,
        sm.input.karyotype,
        sm.input.qc,
        sm.input.germline_vcf[0] if sm.input.germline_vcf else None,
    )
    with open(sm.output[0], "w") as fh:
        json.dump(result, fh, indent=1)
        fh.write("\n")
    with open(sm.log[0], "w") as log:
        eln = result["eln2022"]
        log.write(
            f"{info.sample}: ELN 2022 {eln['group'] or 'null'} ({eln['rule_id']});"
            f" lesions {', '.join(le['id'] for le in result['lesions']) or 'none'};"
            f" germline {', '.join(g['id'] for g in result['germline']) or 'none'}\n"
        )


if __name__ == "__main__" and "snakemake" in globals():
    main(snakemake)  # noqa: F821 (injected by Snakemake)
