"""The one place that writes output files: atomically, or to stdout for `-`; and the one JSON encoder (strict JSON)."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from qe_actions.errors import QeError


def write_text(path: str, text: str) -> None:
    """Write `text` to `path` (or stdout for `-`) so that no reader ever sees half a file."""
    if path == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def dump_json(document: Any, **options: Any) -> str:
    """`json.dumps` that never writes `NaN` or `Infinity` (not JSON: consumers reject the whole document); a
    non-finite number reaching output is refused as one line, not written."""
    try:
        return json.dumps(document, allow_nan=False, **options)
    except ValueError as exc:
        raise QeError(f"cannot write JSON: {exc}") from None


def use_colour(stream: object = None) -> bool:
    """Colour only on a terminal and never when NO_COLOR is set (https://no-color.org)."""
    if os.environ.get("NO_COLOR", "") != "":
        return False
    stream = stream if stream is not None else sys.stdout
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())
