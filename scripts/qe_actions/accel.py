"""The optional C extension (`qe_actions._junitfast`): one place decides whether it is used.

`pip install` builds it when a C compiler is at hand; the actions, which run our code from their checkout
without installing it, build it into the runner's tool cache and name the file in `QE_JUNITFAST`. Without
it everything works the same in pure Python, only slower on large JUnit files. `QE_PURE_PYTHON=1` turns it
off (to compare, or to rule it out).
"""

from __future__ import annotations

import importlib.util
import os
import sys
from types import ModuleType

_NAME = "qe_actions._junitfast"


def junitfast() -> ModuleType | None:
    """The extension module, or None when it is not built or `QE_PURE_PYTHON` is set."""
    if os.environ.get("QE_PURE_PYTHON"):
        return None
    try:
        from qe_actions import _junitfast
    except ImportError:
        return _load_built(os.environ.get("QE_JUNITFAST", ""))
    return _junitfast


def _load_built(path: str) -> ModuleType | None:
    """The extension from a file built outside the package (see the module docstring), if it loads."""
    if _NAME in sys.modules:
        return sys.modules[_NAME]
    if not path or not os.path.isfile(path):
        return None
    spec = importlib.util.spec_from_file_location(_NAME, path)
    if spec is None or spec.loader is None:
        return None
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except ImportError:
        return None  # built for another Python, or pyexpat's C API differs: the pure-Python path reads
    sys.modules[_NAME] = module
    return module
