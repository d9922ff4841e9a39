"""The guideline case table is well formed (tests/guideline/check_cases.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

HERE = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("guideline_check_cases", HERE / "check_cases.py")
check_cases = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check_cases)


def test_cases_are_well_formed():
    errs, counts = check_cases.check_all()
    assert not errs, "\n".join(errs)
    assert sum(counts.values()) >= 170


def test_a_malformed_case_is_caught():
    vocab = check_cases.load_vocabulary()
    bad = {
        "alwgs_findings": 1,
        "case": "BAD CASE",
        "sample": {"diagnosis": "AML"},
        "expected": {
            "eln2022": "poor",
            "who2022": "AML with mutated NPM1 (misspelt)",
            "tiers": {"TP53 p.Arg248Gln": "I"},
            "risk": "x",
        },
    }
    errs = " | ".join(check_cases.check_case(bad, "t", vocab))
    for part in ("safe characters", "source", "'poor'", "entities.yaml", "no variant", "'risk'"):
        assert part in errs
