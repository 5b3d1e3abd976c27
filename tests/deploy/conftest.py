"""Fixtures for the deploy tests: the fake GitHub server (tests/github) with a gate check run to seed."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "github"))
sys.path.insert(0, str(HERE))

from fake_github import FakeGitHub  # noqa: E402


@pytest.fixture
def fake():
    """A fake GitHub API on 127.0.0.1 (repository octo/repo, token `test-token`); every request is checked
    against GitHub's REST description."""
    with FakeGitHub() as server:
        yield server
    assert server.state.violations == [], server.state.violations
