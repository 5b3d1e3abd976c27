"""The percentage rule (never 100% unless exactly 100) and threshold comparison, as the README documents them."""

from __future__ import annotations

import pytest

from qe_actions.model.coverage import Counts, meets
from qe_actions.render.coverage_common import directory_counts, percent_text
from qe_actions.model.coverage import FileCoverage


@pytest.mark.parametrize(("value", "shown"), [
    (100.0, "100.00%"), (99.999, "99.99%"), (99.995, "99.99%"), (99.994, "99.99%"), (80.597, "80.60%"),
    (0.0, "0.00%"), (0.004, "0.01%"), (0.006, "0.01%"), (None, "n/a"), (50.0, "50.00%"),
])
def test_percent_text(value: float | None, shown: str) -> None:
    assert percent_text(value) == shown


def test_thresholds_follow_coverage_py() -> None:
    assert meets(79.996, 80.0)  # shown as 80.00%, so it meets 80
    assert not meets(79.994, 80.0)
    assert not meets(99.999, 100.0) and meets(100.0, 100.0)
    assert not meets(None, 10.0) and meets(None, 10.0, none_passes=True)


def test_directories_include_everything_below_them() -> None:
    files = {
        "src/a/x.py": FileCoverage("src/a/x.py", Counts(1, 2)),
        "src/b.py": FileCoverage("src/b.py", Counts(3, 4, 1, 2, True)),
        "top.py": FileCoverage("top.py", Counts(5, 5)),
    }
    dirs = directory_counts(files)
    assert list(dirs) == ["src", "src/a"]
    assert dirs["src"] == Counts(4, 6, 1, 2, True)
    assert dirs["src/a"] == Counts(1, 2)
