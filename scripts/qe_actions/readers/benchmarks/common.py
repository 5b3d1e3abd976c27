"""What the benchmark readers share: time units, direction from a unit, and checked access to JSON values."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from qe_actions.errors import InputError

# A rate: "ops/sec", "items/s", "req/s", "1/s", "per second", "MB/s", "GB/s"...
_RATE = re.compile(r"(/\s*(s|sec|second)\b|per\s+second|\bops\b|\bhz\b|throughput)", re.IGNORECASE)


def bigger_is_better(unit: str) -> bool:
    """Throughput units (anything per second, ops, Hz) are better when bigger; times and sizes when smaller."""
    return bool(_RATE.search(unit))


def number(value: Any, path: str, where: str) -> float:
    """A finite JSON number, else an InputError naming the file and the field."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise InputError(path, f"{where}: expected a finite number, got {str(value)[:40]!r}")
    return float(value)


def numbers(values: Any, path: str, where: str) -> list[float]:
    """A JSON list of finite numbers."""
    if not isinstance(values, list):
        raise InputError(path, f"{where}: expected a list of numbers")
    return [number(v, path, f"{where}[{i}]") for i, v in enumerate(values)]


def text(value: Any, path: str, where: str) -> str:
    """A non-empty JSON string."""
    if not isinstance(value, str) or not value:
        raise InputError(path, f"{where}: expected a name")
    return value


def objects(value: Any, path: str, where: str) -> list[Mapping[str, Any]]:
    """A JSON list of objects."""
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise InputError(path, f"{where}: expected a list of objects")
    return value
