"""The webhook payload GitHub saved for this run (`GITHUB_EVENT_PATH`), read in one place.

Most readers only look something up in it (a pull request number, the default branch, a fork's head), so an
unreadable file is the same as no event; a command whose result depends on the event asks for `strict`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from qe_actions.errors import UsageError


def event_payload(env: Mapping[str, str], strict: bool = False) -> dict[str, Any]:
    """The payload as a dict; {} outside Actions or when it is not a JSON object. An unreadable file is {} too,
    or with `strict` one usage line naming it."""
    path = env.get("GITHUB_EVENT_PATH")
    if not path:
        return {}
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError) as exc:
        if strict:
            raise UsageError(f"GITHUB_EVENT_PATH {path}: not readable JSON ({type(exc).__name__})") from None
        return {}
    return data if isinstance(data, dict) else {}
