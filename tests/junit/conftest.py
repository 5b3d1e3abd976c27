"""Every JUnit test runs twice: with the C hot path (when it is built) and in pure Python.

Both readings must give the same results, so the same assertions hold for both; `test_fastpath.py` compares
the two directly and is not doubled. Where the extension is expected (`QE_EXPECT_EXTENSION=1`, set by
`.ci/run`), its runs fail instead of skipping when it is missing, so CI cannot pass on the pure-Python half alone.
"""

from __future__ import annotations

import os

import pytest

from qe_actions.accel import junitfast

EXPECTED = os.environ.get("QE_EXPECT_EXTENSION") == "1"


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "reader_kind" in metafunc.fixturenames and not metafunc.module.__name__.endswith("test_fastpath"):
        missing = junitfast() is None and not EXPECTED
        skip = pytest.mark.skipif(missing, reason="the C extension is not built here")
        c_path = pytest.param("c-extension", marks=skip)
        metafunc.parametrize("reader_kind", ["pure-python", c_path], indirect=True)


@pytest.fixture(autouse=True)
def reader_kind(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    kind = getattr(request, "param", "as installed")
    if kind == "pure-python":
        monkeypatch.setenv("QE_PURE_PYTHON", "1")
    elif kind == "c-extension":
        monkeypatch.delenv("QE_PURE_PYTHON", raising=False)
        if junitfast() is None:
            pytest.fail("QE_EXPECT_EXTENSION=1 but qe_actions._junitfast is not built (no C compiler at install?)")
    return kind
