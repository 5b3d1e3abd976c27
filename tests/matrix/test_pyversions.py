"""Python versions from pyproject.toml: requires-python (any patch of 3.Y) ∩ classifiers ∩ what setup-python offers."""

from __future__ import annotations

from pathlib import Path

import pytest

from qe_actions.cli import main
from qe_actions.errors import UsageError
from qe_actions.matrix.inputs import read_pyproject
from qe_actions.matrix.pyversions import (
    allows,
    parse_available,
    parse_specifier,
    poetry_specifier,
    supported_versions,
)

LAYOUTS = Path(__file__).parent / "pyprojects"
AVAILABLE = ("3.10", "3.11", "3.12", "3.13")


def versions(name: str, available: tuple[str, ...] = AVAILABLE) -> tuple[str, ...]:
    return supported_versions(read_pyproject(str(LAYOUTS / name)), available).versions


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        (">=3.8.1", ["3.8", "3.9", "3.10", "3.11", "3.12", "3.13", "3.14", "3.15"]),  # naive contains() drops 3.8
        (">=3.9,!=3.10.*", ["3.9", "3.11", "3.12", "3.13", "3.14", "3.15"]),  # nox keeps 3.10
        (">=3.9,<3.13", ["3.9", "3.10", "3.11", "3.12"]),  # nox ignores the cap
        (">3.9", ["3.9", "3.10", "3.11", "3.12", "3.13", "3.14", "3.15"]),  # 3.9.1 > 3.9
        ("==3.12.*", ["3.12"]),
        ("~=3.10", ["3.10", "3.11", "3.12", "3.13", "3.14", "3.15"]),
        ("~=3.10.4", ["3.10"]),
        (">=3.10,<3.12.3", ["3.10", "3.11", "3.12"]),
        ("!=3.12.0,==3.12.*", ["3.12"]),  # 3.12.1 and later
        ("==3.12.0,!=3.12.0", []),
    ],
)
def test_any_patch_of_a_minor_version_satisfies(spec: str, expected: list[str]) -> None:
    """The anchor's table of edge cases (candidates 3.7-3.15), evaluated as 'some 3.Y.z satisfies'."""
    clauses = parse_specifier(spec)
    assert [f"3.{m}" for m in range(7, 16) if allows(clauses, f"3.{m}")] == expected


def test_poetry_constraints_become_pep440() -> None:
    assert poetry_specifier("^3.9") == [[(">=", "3.9"), ("<", "4")]]
    assert poetry_specifier("~3.10") == [[(">=", "3.10"), ("<", "3.11")]]
    assert poetry_specifier(">=3.9,<3.12 || ^3.13") == [[(">=", "3.9"), ("<", "3.12")], [(">=", "3.13"), ("<", "4")]]


def test_hatch_layout_with_dynamic_version_uses_its_classifiers_within_the_available_versions() -> None:
    found = supported_versions(read_pyproject(str(LAYOUTS / "hatch-dynamic-version.toml")), AVAILABLE)
    assert found.versions == ("3.10", "3.11", "3.12", "3.13")
    assert any("left out 3.9, 3.14" in note for note in found.notes)
    # newer versions when configured
    assert versions("hatch-dynamic-version.toml", parse_available("3.9-3.14"))[-1] == "3.14"


def test_poetry_layout_without_classifiers_takes_every_version_its_python_allows() -> None:
    assert versions("poetry-caret.toml") == ("3.11", "3.12", "3.13")


def test_requires_python_alone_with_a_patch_floor_and_an_exclusion() -> None:
    assert versions("setuptools-no-classifiers.toml") == ("3.10", "3.12", "3.13")


def test_dynamic_requires_python_is_not_read_and_the_classifiers_decide() -> None:
    found = supported_versions(read_pyproject(str(LAYOUTS / "dynamic-requires-python.toml")), AVAILABLE)
    assert found.versions == ("3.12", "3.13")
    assert "requires-python is dynamic (set by the build backend): not read" in found.notes


def test_classifiers_that_disagree_with_requires_python_are_an_error_naming_both() -> None:
    with pytest.raises(UsageError, match=r"classifiers name Python 3\.10, which requires-python '>=3\.11' excludes"):
        versions("disagreeing.toml")


def test_no_released_version_and_no_version_at_all_are_clear_errors() -> None:
    with pytest.raises(UsageError, match=r"no released Python version to test: the project allows none"):
        versions("old-only.toml")
    with pytest.raises(UsageError, match="names no Python version"):
        versions("nothing.toml")


def test_qe_matrix_exits_3_with_one_line_on_a_bad_pyproject(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["matrix", "--pyproject", str(LAYOUTS / "disagreeing.toml"), "--format", "json"]) == 3
    err = capsys.readouterr().err
    assert err.startswith("qe matrix: the classifiers name Python 3.10") and err.count("\n") == 1
    assert main(["matrix", "--pyproject", str(LAYOUTS / "missing.toml")]) == 3
    assert "no such file" in capsys.readouterr().err
    assert main(["matrix", "--available", "3.13-3.10"]) == 3


def test_qe_matrix_json_on_real_layouts_and_several_oses(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    code = main(
        [
            "matrix",
            "--pyproject",
            str(LAYOUTS / "poetry-caret.toml"),
            "--os",
            "ubuntu-latest,macos-14",
            "--format",
            "json",
        ]
    )
    assert code == 0
    doc = json.loads(capsys.readouterr().out)
    assert [(c["python"], c["os"], c["cell"]) for c in doc["include"]] == [
        ("3.11", "ubuntu-latest", "py3.11-ubuntu-latest"),
        ("3.11", "macos-14", "py3.11-macos-14"),
        ("3.12", "ubuntu-latest", "py3.12-ubuntu-latest"),
        ("3.12", "macos-14", "py3.12-macos-14"),
        ("3.13", "ubuntu-latest", "py3.13-ubuntu-latest"),
        ("3.13", "macos-14", "py3.13-macos-14"),
    ]
    assert main(["matrix", "--os", "ubuntu latest"]) == 3
