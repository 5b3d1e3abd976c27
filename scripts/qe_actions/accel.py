"""The optional C extension (`qe_actions._junitfast`): one place decides whether it is used.

`pip install` builds it when a C compiler is at hand (the actions install our package into their cached venv
with pip, so they get it the same way). Without it everything works the same in pure Python, only slower on
large JUnit files. `QE_PURE_PYTHON=1` turns it off (to compare, or to rule it out).
"""

from __future__ import annotations

import importlib
import os
from types import ModuleType


def junitfast() -> ModuleType | None:
    """The extension module, or None when it is not built or `QE_PURE_PYTHON` is set."""
    if os.environ.get("QE_PURE_PYTHON"):
        return None
    try:
        return importlib.import_module("qe_actions._junitfast")
    except ImportError:
        return None
