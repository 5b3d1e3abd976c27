"""Report files made once per session by real pytest and coverage.py runs, shared by the act tests."""

from __future__ import annotations

import pytest

from tests.actions.repo import real_reports


@pytest.fixture(scope="session")
def failing_reports(tmp_path_factory):
    """junit.xml (one failed test, xunit1 with file and line) and coverage.xml of the changed project."""
    return real_reports(tmp_path_factory.mktemp("failing"), failing=True)


@pytest.fixture(scope="session")
def passing_reports(tmp_path_factory):
    """The same project with every test passing."""
    return real_reports(tmp_path_factory.mktemp("passing"), failing=False)
