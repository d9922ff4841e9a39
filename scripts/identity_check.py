"""Rule script: tumor/normal identity from genotypes at common SNP sites (see alwgs.qc.identity)."""

import json

from alwgs.qc.gate import load_rules
from alwgs.qc.identity import genotype_discordance, pair_check


def max_discordance(rules_path: str) -> float:
    rule = next(r for r in load_rules(rules_path) if r["id"] == "identity")
    return float(rule["fail"])


def main(genotypes, pairs, rules_path, out_path):
    result = {"max_discordance": max_discordance(rules_path), "pairs": {}, "matrix": {}}
    if not genotypes:
        for tumor, normal in pairs.items():
            result["pairs"][tumor] = {
                "status": "NA",
                "normal": normal,
                "note": "no population database: no common SNP sites",
            }
    else:
        disc = genotype_discordance(genotypes)
        result["matrix"] = {f"{a}|{b}": v for (a, b), v in sorted(disc.items())}
        for tumor, normal in pairs.items():
            result["pairs"][tumor] = pair_check(disc, tumor, normal, result["max_discordance"])
    with open(out_path, "w") as fh:
        json.dump(result, fh, indent=2, sort_keys=True)


if __name__ == "__main__" and "snakemake" in globals():
    sm = snakemake  # noqa: F821 (injected by Snakemake)
    main(sm.input[0] if len(sm.input) else None, sm.params.pairs, sm.params.rules, sm.output[0])
