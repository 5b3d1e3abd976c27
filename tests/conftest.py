"""Shared fixtures: where `../shared` is (skipping with a reason when it is absent) and small helpers."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("QE_SHARED_DIR", ROOT.parent / "shared"))


def shared_path(*parts: str) -> Path:
    """A path inside ../shared, or a skip (with the reason) when that folder is not beside the checkout."""
    target = SHARED.joinpath(*parts)
    if not target.exists():
        pytest.skip(f"{target} is absent: the shared corpus is not beside this checkout")
    return target


def corpus_manifest(name: str = "manifest.json") -> list[dict]:
    """Entries of a corpus manifest, or [] when ../shared is absent (parametrised tests then skip)."""
    path = SHARED / "corpus" / name
    if not path.exists():
        return []
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture
def shared_dir() -> Path:
    return shared_path()
