"""Rule script: events.tsv + callable.tsv + SV table -> results/cnv/<tumor>.karyotype.json.
When the SV table says no SV caller could run on the tumor, the JSON says translocations and
inversions were not assessed (key not_assessed), so a karyotype without them does not read as
normal; when copy number was not assessed, neither is the karyotype."""

import json

from alwgs import not_assessed
from alwgs.cnv.callable_sequence import read_units
from alwgs.cnv.cytobands import Cytobands
from alwgs.cnv.events import infer_sex, read_cns, read_events
from alwgs.cnv.karyotype import build, load_rules
from alwgs.cnv.plan import optional_input
from alwgs.cnv.svtable import read_sv_table
from alwgs.contig_roles import ContigRoles


def main(inp, out_path: str, log_path: str, params) -> None:
    sv_table = optional_input(inp.sv)
    roles = ContigRoles.from_config(params.roles)
    cnv_missing = [e for e in not_assessed.read(inp.events) if e.analysis == "cnv"]
    if cnv_missing:  # no copy number, so no karyotype: never a normal-looking "46,XY"
        doc = {
            "karyotype": None,
            "chromosome_count": None,
            "sex_chromosomes": None,
            "abnormalities": [],
            "abnormality_count": None,
            "complex": None,
            "monosomal": None,
            "autosomal_monosomies": [],
            "ploidy_group": None,
            "masked_hypodiploidy": {"status": "not_assessed", "reason": "copy number not assessed"},
            "not_assessable": [],
            "not_assessed": [{**e.to_json(), "analysis": "karyotype"} for e in cnv_missing],
        }
        with open(log_path, "w") as log:
            log.write(f"karyotype not assessed: {cnv_missing[0].text()}\n")
        with open(out_path, "w") as out:
            json.dump(doc, out, indent=2)
            out.write("\n")
        return
    with open(log_path, "w") as log:
        sex = params.sex
        if sex not in ("male", "female"):
            sex = infer_sex(read_cns(inp.call), roles)
            log.write(f"sex not given in samples.tsv; inferred from Y copy number: {sex}\n")
        if not sv_table:
            log.write("no SV table (cnv.sv_breakpoints false): no translocations/inversions\n")
        doc = build(
            read_events(inp.events),
            read_sv_table(sv_table) if sv_table else [],
            Cytobands.from_file(inp.cytobands),
            sex,
            load_rules(inp.rules),
            params.inversion_min_fraction,
            roles,
            read_units(inp.callable),
            loh_not_assessed=params.loh_not_assessed or None,
        )
        method = getattr(params, "loh_method", "")
        if method:  # how LOH was called: a matched normal's BAF or the heterozygosity deficit
            doc["masked_hypodiploidy"]["loh_method"] = method
        whole = [e for e in not_assessed.read(sv_table) if e.analysis == "sv" and e.whole]
        if whole:
            doc["not_assessed"] = [
                {**e.to_json(), "analysis": "translocations_inversions"} for e in whole
            ]
            log.write(f"translocations/inversions not assessed: {whole[0].text()}\n")
        log.write(f"{doc['karyotype']}\n")
        for a in doc["abnormalities"]:
            log.write(f"{a['id']}: counted {a['counted_as']}\n")
        masked = doc["masked_hypodiploidy"]
        log.write(f"masked hypodiploidy: {masked['status']} ({masked.get('reason', '')})\n")
        for u in doc["not_assessable"]:
            log.write(f"not assessable: {u['region']} ({u['reason']})\n")
    with open(out_path, "w") as out:
        json.dump(doc, out, indent=2)
        out.write("\n")


if __name__ == "__main__" and "snakemake" in globals():
    sm = snakemake  # noqa: F821 (injected by Snakemake)
    main(sm.input, sm.output[0], sm.log[0], sm.params)
