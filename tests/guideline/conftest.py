"""One test per case of the guideline case table (ids = case ids), over one set of knowledge
loaded once per session."""

from __future__ import annotations

import pytest
from cases_runner import load_cases, resources


def pytest_generate_tests(metafunc):
    if "case" in metafunc.fixturenames:
        cases = load_cases()
        metafunc.parametrize("case", cases, ids=[c.id for c in cases])


@pytest.fixture(scope="session")
def knowledge():
    return resources()
