"""Issue 12's cases not fixed yet are expected failures (strict: a fixed case fails until its name is removed)."""

from __future__ import annotations

import pytest

# Node names of tests/hardening/test_issue_repro.py still failing; each fix removes its names from this set.
NOT_YET_FIXED = {}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.module.__name__.endswith("test_issue_repro") and item.name in NOT_YET_FIXED:
            item.add_marker(pytest.mark.xfail(strict=True, reason="issue 12: not fixed yet"))
