"""The gate report JSON (`qe-report/1`) as publishing reads it: checked field by field, since a report can
come from a fork's artifact and is then untrusted data."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qe_actions.errors import InputError
from qe_actions.model.report import REPORT_SCHEMA
from qe_actions.render.annotations import Annotation  # the type the gate writes them from
from qe_actions.verdict import Verdict

LEVELS = ("notice", "warning", "failure")
MAX_REPORT_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class GateReport:
    """The parts of a gate report that publishing uses; `raw` keeps the whole document for bundles."""

    gate_id: str
    verdict: str
    exit_code: int
    title: str
    markdown: str
    totals: Mapping[str, Any]
    conditions: tuple[Mapping[str, Any], ...]
    annotations: tuple[Annotation, ...]
    raw: Mapping[str, Any]


def _str(data: Mapping[str, Any], key: str, where: str, default: str | None = None) -> str:
    value = data.get(key, default)
    if not isinstance(value, str):
        raise ValueError(f"{where}{key} must be a string")
    return value


def _line(value: Any, fallback: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 1 else fallback


def _annotation(item: Any, index: int) -> Annotation:
    where = f"annotations[{index}]."
    if not isinstance(item, dict):
        raise ValueError(f"annotations[{index}] must be an object")
    level = _str(item, "level", where)
    if level not in LEVELS:
        raise ValueError(f"{where}level must be one of {', '.join(LEVELS)}")
    start = _line(item.get("start_line"), 1)
    return Annotation(
        path=_str(item, "path", where, ""),
        start_line=start,
        end_line=max(start, _line(item.get("end_line"), start)),
        level=level,
        title=_str(item, "title", where, "") if item.get("title") is not None else "",
        message=_str(item, "message", where),
        raw_details=_str(item, "raw_details", where, "") if item.get("raw_details") is not None else "",
    )


def parse_report(data: Any) -> GateReport:
    """A checked GateReport from the decoded JSON; raises ValueError naming the first bad field."""
    if not isinstance(data, dict):
        raise ValueError("the report is not a JSON object")
    if data.get("schema") != REPORT_SCHEMA:
        raise ValueError(f"schema is {str(data.get('schema'))[:40]!r}, expected {REPORT_SCHEMA!r}")
    verdict = _str(data, "verdict", "")
    if verdict not in {v.value for v in Verdict}:
        raise ValueError(f"verdict must be one of {', '.join(v.value for v in Verdict)}")
    exit_code = data.get("exit_code", Verdict(verdict).exit_code)
    if exit_code not in (0, 1, 2, 3) or isinstance(exit_code, bool):
        raise ValueError("exit_code must be 0, 1, 2 or 3")
    totals = data.get("totals") or {}
    conditions = data.get("conditions") or []
    annotations = data.get("annotations") or []
    if not isinstance(totals, dict):
        raise ValueError("totals must be an object")
    if not isinstance(conditions, list) or not all(isinstance(c, dict) for c in conditions):
        raise ValueError("conditions must be a list of objects")
    if not isinstance(annotations, list):
        raise ValueError("annotations must be a list")
    return GateReport(
        gate_id=_str(data, "gate_id", "", "qe"),
        verdict=verdict,
        exit_code=int(exit_code),
        title=_str(data, "title", "", ""),
        markdown=_str(data, "markdown", "", ""),
        totals=totals,
        conditions=tuple(conditions),
        annotations=tuple(_annotation(item, i) for i, item in enumerate(annotations)),
        raw=data,
    )


def load_report(path: str) -> GateReport:
    """Read and check a saved report; any problem is an InputError naming the file."""
    file = Path(path)
    try:
        if file.stat().st_size > MAX_REPORT_BYTES:
            raise InputError(path, f"larger than {MAX_REPORT_BYTES // (1024 * 1024)} MiB; not a gate report")
        data = json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise InputError(path, f"not readable JSON ({type(exc).__name__})") from None
    try:
        return parse_report(data)
    except ValueError as exc:
        raise InputError(path, f"not a gate report: {exc}") from None
