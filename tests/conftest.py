"""Shared fixtures: the in-repository corpus of real tools' reports (tests/corpus) and small helpers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
MANIFEST_PARTS = CORPUS / "manifest.d"


def corpus_path(*parts: str) -> Path:
    """A file of tests/corpus; a missing one is a failure (the corpus ships with the repository)."""
    target = CORPUS.joinpath(*parts)
    assert target.exists(), f"{target} is missing from the repository's corpus"
    return target


# Older tests name the corpus by its first home (../shared/corpus); both spellings resolve in tests/.
def shared_path(*parts: str) -> Path:
    """`shared_path("corpus", ...)`: the same file inside tests/corpus."""
    if parts and parts[0] == "corpus":
        return corpus_path(*parts[1:])
    return corpus_path(*parts)


def corpus_manifest(name: str = "manifest.json") -> list[dict]:
    """Entries of a corpus manifest. `manifest.json` also takes every `manifest.d/*.json` part (one per tool)."""
    doc = json.loads(corpus_path(name).read_text(encoding="utf-8"))
    entries = list(doc["entries"] if isinstance(doc, dict) else doc)
    if name == "manifest.json" and MANIFEST_PARTS.is_dir():
        for part in sorted(MANIFEST_PARTS.glob("*.json")):
            entries.extend(json.loads(part.read_text(encoding="utf-8")))
    return entries


@pytest.fixture
def shared_dir() -> Path:
    return CORPUS.parent
