"""Every JUnit test runs twice: with the C hot path (when it is built) and in pure Python.

Both readings must give the same results, so the same assertions hold for both; `test_fastpath.py` compares
the two directly and is not doubled.
"""

from __future__ import annotations

import pytest

from qe_actions.accel import junitfast


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "reader_kind" in metafunc.fixturenames and not metafunc.module.__name__.endswith("test_fastpath"):
        built = junitfast() is not None
        c_path = pytest.param("c-extension", marks=pytest.mark.skipif(not built, reason="the C extension is not built here"))
        metafunc.parametrize("reader_kind", ["pure-python", c_path], indirect=True)


@pytest.fixture(autouse=True)
def reader_kind(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    kind = getattr(request, "param", "as installed")
    if kind == "pure-python":
        monkeypatch.setenv("QE_PURE_PYTHON", "1")
    elif kind == "c-extension":
        monkeypatch.delenv("QE_PURE_PYTHON", raising=False)
    return kind
