"""Rule script: tumor/normal identity (see alwgs.qc.identity). With a site list: genotypes of
every sample there, a discordance matrix and each pair's check with its best match. Without
one: each paired tumor against its normal at the sites of their own joint calls. A pair with
too few informative sites is "not assessed", with the count and the minimum."""

import json

from alwgs.qc.gate import load_identity_settings, load_rules
from alwgs.qc.identity import genotype_discordance, pair_check, pair_site_discordance

SOURCES = {
    "identity_sites": "site list (databases.identity_sites)",
    "population_af": "common SNPs of the population database (AF 0.05-0.95)",
    "pair": "the pair's own joint calls (no site list, no population database)",
}


def max_discordance(rules_path: str) -> float:
    rule = next(r for r in load_rules(rules_path) if r["id"] == "identity")
    return float(rule["fail"])


def main(source, genotypes, pair_vcfs, pairs, rules_path, out_path, log_path):
    settings = load_identity_settings(rules_path)
    limit = max_discordance(rules_path)
    result = {
        "max_discordance": limit,
        "source": source,
        "sites_from": SOURCES[source],
        "settings": settings,
        "pairs": {},
        "matrix": {},
    }
    if source == "pair":
        for tumor, normal in pairs.items():
            entry = pair_site_discordance(
                pair_vcfs[tumor],
                tumor,
                normal,
                settings["min_depth"],
                settings["germline_min_fraction"],
            )
            check = pair_check(
                {(tumor, normal): entry}, tumor, normal, limit, settings["min_sites"]
            )
            # only the pair was compared: no other sample can be the best match
            result["pairs"][tumor] = {
                **check,
                "best_match": None,
                "discordant": entry["discordant"],
            }
    else:
        disc = genotype_discordance(genotypes, settings["min_depth"])
        result["matrix"] = {f"{a}|{b}": v for (a, b), v in sorted(disc.items())}
        for tumor, normal in pairs.items():
            result["pairs"][tumor] = pair_check(disc, tumor, normal, limit, settings["min_sites"])
    for check in result["pairs"].values():
        check["source"] = source
    with open(out_path, "w") as fh:
        json.dump(result, fh, indent=2, sort_keys=True)
    with open(log_path, "w") as log:
        log.write(f"sites: {SOURCES[source]}\n")
        for tumor, c in sorted(result["pairs"].items()):
            value = "NA" if c["discordance"] is None else f"{c['discordance']:.4f}"
            why = f" ({c['reason']})" if c.get("reason") else ""
            log.write(
                f"{tumor} vs {c['normal']}: {c['status']}{why}; discordance {value} at"
                f" {c['sites']} informative sites\n"
            )


if __name__ == "__main__" and "snakemake" in globals():
    sm = snakemake  # noqa: F821 (injected by Snakemake)
    main(
        sm.params.source,
        sm.input.genotypes[0] if sm.input.genotypes else None,
        # pair mode: one joint-call VCF per paired tumor, in the order of params.pairs
        dict(zip(sm.params.pairs, sm.input.pair_vcfs, strict=True))
        if sm.params.source == "pair"
        else {},
        sm.params.pairs,
        sm.input.rules,
        sm.output[0],
        sm.log[0],
    )
