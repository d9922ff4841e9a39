"""The guideline case table: every case's findings through the same chain as the workflow,
each expected key compared with the output (tests/guideline/cases_runner.py)."""

from __future__ import annotations

from cases_runner import run_case


def test_case(case, knowledge):
    outcome = run_case(case, knowledge)
    assert outcome.checks or outcome.error, f"case {case.id}: no expected key to check"
    assert outcome.ok, outcome.report()
