"""Numbers from untrusted text: one bounded parser for report integers, one finite check for every threshold.

A report's line, column or count is a small whole number; a pull request can put 5,000 digits there (Python
refuses to convert more than 4,300: a ValueError) or `nan` in a threshold (every comparison false, and a
bare `NaN` in our JSON). Both end here as one clear problem instead.
"""

from __future__ import annotations

import argparse
import math
import sys

MAX_REPORT_INT = 2**31 - 1  # no real report has a line, column or count beyond this
_MAX_DIGITS = len(str(MAX_REPORT_INT))
MAX_THRESHOLD = 10**12  # a threshold or min_changed_lines beyond this is a typo or an attack, never a policy


class NumberError(ValueError):
    """A number out of range in a report; the caller names the file (it becomes that file's problem line)."""


def shown(text: str) -> str:
    """A number as the message shows it: short ones whole, long ones by their head and length."""
    text = text.strip()
    return text if len(text) <= 24 else f"{text[:12]}... ({len(text)} characters)"


def report_int(text: str, what: str = "number") -> int:
    """A whole number of a report (line, column, count) from its decimal text; NumberError beyond MAX_REPORT_INT."""
    digits = text.strip()
    if not digits.isdecimal():
        raise NumberError(f"{what} {shown(text)!r} is not a whole number")
    significant = digits.lstrip("0")
    if len(significant) > _MAX_DIGITS or int(significant or "0") > MAX_REPORT_INT:
        raise NumberError(f"{what} {shown(digits)} is out of range (at most {MAX_REPORT_INT})")
    return int(significant or "0")


def bounded(value: int, what: str = "number") -> int:
    """An already parsed report integer (a JSON number), refused beyond MAX_REPORT_INT."""
    if value > MAX_REPORT_INT:
        raise NumberError(f"{what} {_int_text(value)} is out of range (at most {MAX_REPORT_INT})")
    return value


def _int_text(value: int) -> str:
    """A big integer for a message without converting all of it (str() refuses more than 4,300 digits)."""
    if value.bit_length() < 200:
        return shown(str(value))
    return f"an integer of about {int(value.bit_length() * math.log10(2)) + 1} digits"


def json_number_problem(exc: ValueError) -> str | None:
    """The problem line for Python's refusal of a huge integer in `json.loads` (None for other errors)."""
    if "integer string conversion" not in str(exc):
        return None
    return f"has an integer of more than {sys.get_int_max_str_digits()} digits"


def finite_problem(value: object) -> str | None:
    """Why a threshold number is unusable (not finite, or absurdly large), else None; bools are not numbers."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return f"{value!r} is not a finite number"
    if abs(value) > MAX_THRESHOLD:
        return (
            f"{_int_text(value) if isinstance(value, int) else repr(value)} is out of range (at most {MAX_THRESHOLD})"
        )
    return None


def _cli_number(text: str, kind: type) -> float | int:
    candidate = text.strip()
    if len(candidate) > 40:
        raise argparse.ArgumentTypeError(f"{shown(candidate)!r} is too long for a number")
    try:
        value = kind(candidate)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{candidate!r} is not {'a number' if kind is float else 'a whole number'}"
        ) from None
    if isinstance(value, float) and not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"{candidate!r} is not a finite number")
    problem = finite_problem(value)
    if problem:
        raise argparse.ArgumentTypeError(problem)
    return value


def finite_float(text: str) -> float:
    """argparse `type=` for a threshold: a finite number (`nan`, `inf` and 1e999 are usage errors, exit 3)."""
    return float(_cli_number(text, float))


def percent(text: str) -> float:
    """argparse `type=` for a percentage threshold: a finite number from 0 to 100."""
    value = finite_float(text)
    if not 0.0 <= value <= 100.0:
        raise argparse.ArgumentTypeError(f"{value:g} is not a percentage from 0 to 100")
    return value


def bounded_int(text: str) -> int:
    """argparse `type=` for a count threshold: a whole number of at most a few digits."""
    return int(_cli_number(text, int))
