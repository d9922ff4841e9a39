"""Rule script: one sample's QC gate (metrics from the tool outputs, rules from config)."""

import json

from alwgs.contig_roles import ContigRoles
from alwgs.qc.gate import collect_metrics, evaluate, load_rules


def contig_lengths(fai: str) -> dict[str, int]:
    with open(fai) as fh:
        return {f[0]: int(f[1]) for f in (line.split("\t") for line in fh)}


def main(inp, info: dict, rules_path: str, out_path: str, roles: dict) -> None:
    with open(inp.identity) as fh:
        identity = json.load(fh)["pairs"].get(info["sample"])
    metrics = collect_metrics(
        samtools_stats=inp.stats,
        mosdepth_summary=inp.summary,
        mosdepth_dist=inp.dist,
        fastp_jsons=list(inp.fastp),
        declared_sex=info["sex"],
        identity=identity,
        contig_lengths=contig_lengths(inp.fai),
        roles=ContigRoles.from_config(roles),
    )
    result = evaluate(info, metrics, load_rules(rules_path))
    result["rules_file"] = rules_path
    with open(out_path, "w") as fh:
        json.dump(result, fh, indent=2, sort_keys=True, default=str)


if __name__ == "__main__" and "snakemake" in globals():
    sm = snakemake  # noqa: F821 (injected by Snakemake)
    main(sm.input, sm.params.info, sm.params.rules, sm.output[0], sm.params.roles)
