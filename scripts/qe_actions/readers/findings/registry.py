"""The findings formats we read, one line each: its name (the CLI's `--input-format` word), how it is recognised
and how it is read. A new format is one module (or one `JsonLint` declaration) and one line here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from qe_actions.readers.findings import bandit, eslint, qe_json, ruff_text, shellcheck
from qe_actions.readers.findings.checkstyle import read_checkstyle
from qe_actions.readers.findings.common import ReadResult
from qe_actions.readers.findings.flake8 import read_flake8
from qe_actions.readers.findings.json_lint import (
    HADOLINT,
    PYLINT,
    RUFF,
    SHELLCHECK,
    looks_like_hadolint,
    looks_like_pylint,
    looks_like_ruff,
)
from qe_actions.readers.findings.mypy import read_mypy_json, read_mypy_text
from qe_actions.readers.findings.sarif import sarif_findings
from qe_actions.readers.findings.workflow_commands import read_workflow_commands


def _is_sarif(data: Any) -> bool:
    return isinstance(data, dict) and isinstance(data.get("runs"), list) and ("version" in data or "$schema" in data)


@dataclass(frozen=True, slots=True)
class ReaderSpec:
    """One findings format. `json` readers take the parsed document and are recognised by `detect` on it, tried in
    the order below (most specific first); `text` readers take the text (told apart line by line in `detect.py`);
    `xml` readers take the file path and stream it."""

    name: str
    kind: Literal["json", "text", "xml"]
    read: Callable[..., ReadResult]
    detect: Callable[[Any], bool] | None = None


READERS: tuple[ReaderSpec, ...] = (
    ReaderSpec("sarif", "json", sarif_findings, _is_sarif),
    ReaderSpec("qe-json", "json", qe_json.read_qe_json, qe_json.looks_like),
    ReaderSpec("bandit-json", "json", bandit.read_bandit_json, bandit.looks_like),
    ReaderSpec("shellcheck-json", "json", SHELLCHECK.read, shellcheck.looks_like_json),
    ReaderSpec("eslint-json", "json", eslint.read_eslint_json, eslint.looks_like),
    ReaderSpec("ruff-json", "json", RUFF.read, looks_like_ruff),
    ReaderSpec("pylint-json", "json", PYLINT.read, looks_like_pylint),
    ReaderSpec("hadolint-json", "json", HADOLINT.read, looks_like_hadolint),
    ReaderSpec("github-commands", "text", read_workflow_commands),
    ReaderSpec("shellcheck-gcc", "text", shellcheck.read_shellcheck_gcc),
    *(ReaderSpec(name, "text", reader) for name, reader in ruff_text.READERS.items()),
    ReaderSpec("flake8", "text", read_flake8),
    ReaderSpec("mypy", "text", read_mypy_text),
    ReaderSpec("mypy-json", "text", read_mypy_json),
    ReaderSpec("checkstyle", "xml", read_checkstyle),
)
NAMES: tuple[str, ...] = tuple(spec.name for spec in READERS)
BY_NAME: dict[str, ReaderSpec] = {spec.name: spec for spec in READERS}


def names_of(kind: str) -> tuple[str, ...]:
    """The format names of one kind (json, text or xml), in registry order."""
    return tuple(spec.name for spec in READERS if spec.kind == kind)
