"""Fixtures for the publishing tests: the fake GitHub server (started per test on a random port)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fake_github import FakeGitHub  # noqa: E402


@pytest.fixture
def fake():
    """A fake GitHub API on 127.0.0.1 with repository octo/repo and token `test-token`."""
    with FakeGitHub() as server:
        yield server
    # Every request the test caused was checked against GitHub's REST description.
    assert server.state.violations == [], server.state.violations
