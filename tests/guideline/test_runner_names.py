"""The case runner equates an entity name with its official abbreviations and spelling only
(cases_runner.norm_name); every other difference of wording fails."""

from __future__ import annotations

import pytest
from cases_runner import Check


@pytest.mark.parametrize(
    "expected,got",
    [
        ("Acute myeloid leukaemia with NPM1 mutation", "AML with NPM1 mutation"),
        ("Acute myeloid leukaemia, myelodysplasia-related", "AML, myelodysplasia-related"),
        ("Acute promyelocytic leukaemia with PML::RARA fusion", "APL with PML::RARA fusion"),
        (
            "B-lymphoblastic leukaemia/lymphoma with BCR::ABL1 fusion",
            "B-ALL with BCR::ABL1 fusion",
        ),
        ("T-lymphoblastic leukaemia/lymphoma, NOS", "T-ALL, NOS"),
        ("MDS/AML with mutated TP53", "MDS/acute myeloid leukemia with mutated TP53"),
        ("AML  with mutated NPM1", "aml with mutated npm1"),
    ],
)
def test_official_abbreviations_and_spelling_match(expected, got):
    assert Check("who2022", expected, got, "").ok


@pytest.mark.parametrize(
    "expected,got",
    [
        ("T-ALL with TLX3 rearrangement", "T-ALL with TLX3 rearrangement (provisional)"),
        ("AML, not otherwise specified", "AML, NOS"),
        ("Acute myeloid leukaemia with NPM1 mutation", "AML with mutated NPM1"),
        ("B-ALL with iAMP21", "ALL with iAMP21"),
        ("Acute myeloid leukaemia with NPM1 mutation", "AMLx with NPM1 mutation"),
    ],
)
def test_other_wording_still_differs(expected, got):
    assert not Check("icc2022", expected, got, "").ok


def test_only_entity_names_are_read_so():
    assert not Check("eln2022", "AML", "acute myeloid leukemia", "").ok


@pytest.mark.parametrize(
    "expected,got,ok",
    [
        (
            "requires RNA: B-ALL, ETV6::RUNX1-like",
            "requires RNA: B-ALL, BCR::ABL1-like, NOS; B-ALL, ETV6::RUNX1-like"
            " (otherwise B-ALL, NOS)",
            True,
        ),
        (
            "requires RNA: B-ALL with PAX5 alteration",
            "requires RNA: B-ALL, ETV6::RUNX1-like (otherwise B-ALL, NOS)",
            False,
        ),
        ("requires RNA: B-ALL with PAX5 alteration", "B-ALL with PAX5 alteration", False),
        ("B-ALL, NOS", "requires RNA: B-ALL, ETV6::RUNX1-like (otherwise B-ALL, NOS)", False),
    ],
)
def test_requires_rna_names_the_expected_candidate(expected, got, ok):
    assert Check("icc2022", expected, got, "").ok is ok
