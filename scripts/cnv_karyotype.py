"""Rule script: events.tsv + callable.tsv + SV table -> results/cnv/<tumor>.karyotype.json."""

import json

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
        )
        log.write(f"{doc['karyotype']}\n")
        for u in doc["not_assessable"]:
            log.write(f"not assessable: {u['region']} ({u['reason']})\n")
    with open(out_path, "w") as out:
        json.dump(doc, out, indent=2)
        out.write("\n")


if __name__ == "__main__" and "snakemake" in globals():
    sm = snakemake  # noqa: F821 (injected by Snakemake)
    main(sm.input, sm.output[0], sm.log[0], sm.params)
