"""Which planned cell a report belongs to, and how a failure that differs between cells is described."""

from __future__ import annotations

from qe_actions.matrix.cells import CellResult, cell_of, describe, matrix_facts

CELLS = [
    {"cell": f"py{py}-{os}", "python": py, "os": os, "shard": 1, "shards": 1, "test_count": 3}
    for py in ("3.10", "3.12")
    for os in ("ubuntu-latest", "windows-latest")
]


def test_a_report_belongs_to_the_deepest_folder_named_like_a_cell() -> None:
    names = [c["cell"] for c in CELLS]
    assert cell_of("merged/py3.10-ubuntu-latest/junit.xml", names) == "py3.10-ubuntu-latest"
    assert cell_of("merged\\py3.12-windows-latest\\sub\\junit.xml", names) == "py3.12-windows-latest"
    assert cell_of("merged/junit.xml", names) is None
    assert cell_of("py3.10-ubuntu-latest.xml", names) is None, "the file name is not a folder"


def test_failures_are_described_by_python_by_os_or_by_cell() -> None:
    by = {c["cell"]: c for c in CELLS}
    assert describe([by["py3.10-ubuntu-latest"], by["py3.10-windows-latest"]], CELLS) == "fails on python 3.10"
    assert describe([by["py3.10-windows-latest"], by["py3.12-windows-latest"]], CELLS) == "fails on os windows-latest"
    assert describe([by["py3.10-windows-latest"]], CELLS) == "fails in py3.10-windows-latest"


def test_facts_name_missing_and_short_cells_and_leave_flaky_tests_alone() -> None:
    ok = CellResult(tests=3, failing=frozenset(), flaky=frozenset())
    results = {
        "py3.10-ubuntu-latest": CellResult(tests=3, failing=frozenset({"t.a", "t.b"}), flaky=frozenset({"t.b"})),
        "py3.10-windows-latest": CellResult(tests=2, failing=frozenset({"t.a"}), flaky=frozenset()),
        "py3.12-ubuntu-latest": ok,
    }
    facts = matrix_facts(CELLS, results, ["stray.xml"])
    assert facts.missing == ("py3.10-windows-latest", "py3.12-windows-latest")
    assert "cell py3.10-windows-latest: incomplete, 2 of 3 planned tests reported" in facts.rows
    assert "cell py3.10-ubuntu-latest: 3 tests, 1 failing, 1 flaky" in facts.rows
    # t.a fails on both 3.10 cells that reported and passes on 3.12; t.b is flaky inside a cell: not a difference
    assert facts.differences == {"t.a": "fails on python 3.10"}
    assert facts.unassigned == ("stray.xml",)
