"""Clinical interpretation: AMP/ASCO/CAP tiers, ELN 2022 risk, WHO/ICC 2022 entities and
germline predisposition, each one engine over its rules in config/knowledge/."""
