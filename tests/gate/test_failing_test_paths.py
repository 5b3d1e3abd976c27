"""Failing tests are placed at tracked files: package paths and class names resolve inside the checkout."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from qe_actions.gate import adapt_tests
from qe_actions.gate.failing_test_paths import class_name_paths, failing_test_locator
from qe_actions.load.tests import load_tests
from qe_actions.paths import Checkout, find_checkout
from tests.conftest import corpus_path


def _checkout(*tracked: str) -> Checkout:
    return Checkout(root="/repo", tracked=frozenset(tracked))


def test_class_names_imply_their_files() -> None:
    assert class_name_paths("tests.test_cart.TestCart")[:3] == [
        "tests/test_cart/TestCart.py",
        "tests/test_cart.py",
        "tests.py",
    ]
    assert "calc/CalculatorTest.java" in class_name_paths("calc.CalculatorTest$Division")
    assert class_name_paths("./test/cart.spec.js") == ["test/cart.spec.js"]
    assert class_name_paths("") == [] and class_name_paths("Cart suite adds items") == []


def test_a_package_path_from_a_stack_trace_maps_to_the_tracked_file() -> None:
    locate = failing_test_locator(_checkout("src/test/java/calc/CalculatorTest.java", "README.md"), "/repo")
    assert locate("calc/CalculatorTest.java", "calc.CalculatorTest") == "src/test/java/calc/CalculatorTest.java"


def test_without_a_file_the_class_name_finds_a_unique_tracked_file() -> None:
    locate = failing_test_locator(_checkout("src/test/java/calc/CalculatorTest.java", "tests/test_cart.py"), "/repo")
    assert locate(None, "calc.CalculatorTest") == "src/test/java/calc/CalculatorTest.java"
    assert locate(None, "tests.test_cart.TestCart") == "tests/test_cart.py"
    assert locate(None, "nowhere.Missing") is None


def test_two_equally_good_files_are_not_guessed_between() -> None:
    locate = failing_test_locator(_checkout("a/calc/CalculatorTest.java", "b/calc/CalculatorTest.java"), "/repo")
    assert locate(None, "calc.CalculatorTest") is None


def test_junit5_failures_are_annotated_at_the_tracked_test_file(tmp_path: Path) -> None:
    project = tmp_path / "calc"
    shutil.copytree(corpus_path("projects", "junit5-calc"), project)
    subprocess.run(["git", "init", "-q", str(project)], check=True)
    subprocess.run(["git", "-C", str(project), "add", "."], check=True)
    summary = load_tests([str(corpus_path("junit", "junit5-calc.xml"))])
    view = adapt_tests.tests_view(summary, failing_test_locator(find_checkout(str(project)), str(project)))
    assert view.failing_tests, "the JUnit 5 sample has failing tests"
    paths = {row.path for row in view.failing_tests}
    assert paths <= {"src/test/java/calc/CalculatorTest.java", "src/test/java/calc/LedgerDbTest.java"}, paths
    assert all(row.line for row in view.failing_tests if row.path == "src/test/java/calc/CalculatorTest.java")
