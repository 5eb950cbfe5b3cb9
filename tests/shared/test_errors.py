"""The error catalog: one code per class, stable, and a JSON-safe problem shape."""

from __future__ import annotations

import pytest

from shared import errors


def test_every_error_class_is_in_the_catalog_under_its_own_code():
    catalog = errors.catalog()
    assert catalog["qr.tampered"] is errors.QrTampered
    assert catalog["hazard.illegal_transition"] is errors.IllegalTransition
    assert all(cls.code == code for code, cls in catalog.items())
    assert len(catalog) == len({cls.__name__ for cls in catalog.values()})


@pytest.mark.parametrize(
    ("cls", "parent"),
    [
        (errors.QrForeignTenant, errors.QrError),
        (errors.QrError, errors.InvalidInput),
        (errors.BadRiskFactor, errors.InvalidInput),
        (errors.NotPermitted, errors.DomainError),
    ],
)
def test_the_hierarchy_lets_callers_catch_a_whole_family(cls, parent):
    assert issubclass(cls, parent)


def test_a_problem_carries_code_message_and_details():
    problem = errors.BadRiskFactor("L=4 is not a standard value", factor="L").as_problem()
    assert problem == {
        "code": "risk.bad_factor",
        "message": "L=4 is not a standard value",
        "details": {"factor": "L"},
    }
