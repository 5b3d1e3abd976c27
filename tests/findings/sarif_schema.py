"""Validation against the official OASIS SARIF 2.1.0 schema (see data/README.md for where the file comes from)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def validate_sarif(log: dict) -> None:
    """Raise unless `log` is valid SARIF 2.1.0, with `uri`/`uri-reference` formats checked (rfc3986-validator)."""
    checker = jsonschema.FormatChecker()
    assert "uri-reference" in checker.checkers, "rfc3986-validator (test extra) is needed to check URIs"
    jsonschema.Draft4Validator(SCHEMA, format_checker=checker).validate(log)
