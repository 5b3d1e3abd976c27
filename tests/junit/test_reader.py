"""Reader behaviour on small files written here: reconciliation, bounds, merging across files, globs."""

from __future__ import annotations

from pathlib import Path

from qe_actions.load.tests import load_tests
from qe_actions.readers.tests.junit import OUTPUT_LIMIT, parse_duration


def write(tmp: Path, name: str, text: str) -> str:
    path = tmp / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return str(path)


def case(name: str, body: str = "", cls: str = "pkg.Mod") -> str:
    return f'<testcase classname="{cls}" name="{name}" time="0.1">{body}</testcase>'


def suite(*cases: str, **attrs: object) -> str:
    extra = " ".join(f'{k}="{v}"' for k, v in attrs.items())
    return f'<testsuite name="s" {extra}>{"".join(cases)}</testsuite>'


def test_mocha_style_unlisted_pending_tests_are_counted_as_skipped(tmp_path: Path) -> None:
    # mocha-junit-reporter: pending tests are left out, and only the root's skipped count says so
    path = write(
        tmp_path, "m.xml", f'<testsuites tests="4" skipped="2">{suite(case("a"), case("b"), tests=4)}</testsuites>'
    )
    summary = load_tests([path])
    assert (summary.totals.tests, summary.totals.passed, summary.totals.skipped) == (4, 2, 2)
    assert any("counts 4 tests but lists 2" in note for note in summary.notes)


def test_unlisted_tests_no_skipped_count_proves_are_not_invented(tmp_path: Path) -> None:
    # pytest 9 subtests (suite tests=12, skipped=0) and a failed mocha hook (no skipped count): nothing left out
    pytest9 = write(tmp_path, "p.xml", suite(case("a"), case("b", "<failure/><failure/>"), tests=12, skipped=0))
    hook = write(
        tmp_path,
        "h.xml",
        f'<testsuites tests="3" skipped="0">{suite(case("hook", "<failure/>"), tests=3)}</testsuites>',
    )
    summary = load_tests([pytest9, hook])
    t = summary.totals
    assert (t.tests, t.passed, t.failed, t.skipped, t.extra_failed) == (3, 1, 3, 0, 1)
    assert sum("not counted" in note for note in summary.notes) == 2


def test_jest_style_uncounted_todo_is_counted_as_skipped(tmp_path: Path) -> None:
    body = suite(case("a"), case("todo"), case("c", "<skipped/>"), tests=2, skipped=1, failures=0)
    summary = load_tests([write(tmp_path, "j.xml", f"<testsuites>{body}</testsuites>")])
    assert (summary.totals.tests, summary.totals.passed, summary.totals.skipped) == (3, 1, 2)
    assert any("does not count" in note for note in summary.notes)


def test_wrong_or_missing_counts_never_lose_listed_cases(tmp_path: Path) -> None:
    # tests="0" and no attributes at all: the listed cases are what counts, nothing is reclassified.
    zero = write(tmp_path, "zero.xml", suite(case("a"), case("b", "<failure/>"), tests=0))
    bare = write(tmp_path, "bare.xml", f"<testsuite>{case('c')}</testsuite>")
    summary = load_tests([zero, bare])
    assert (summary.totals.tests, summary.totals.passed, summary.totals.failed) == (3, 2, 1)
    assert summary.notes == ()


def test_same_test_in_several_files_is_one_test_with_runs(tmp_path: Path) -> None:
    ok = write(tmp_path, "py310/junit.xml", suite(case("t1"), case("t2"), case("t3", "<skipped/>")))
    bad = write(
        tmp_path,
        "py311/junit.xml",
        suite(case("t1", '<failure message="boom">trace</failure>'), case("t2"), case("t3")),
    )
    worse = write(
        tmp_path,
        "py312/junit.xml",
        suite(case("t1", '<failure message="boom again"/>'), case("t2", "<error/>"), case("t3", "<skipped/>")),
    )
    summary = load_tests([ok, bad, worse])
    t = summary.totals
    assert (t.tests, t.runs, t.flaky, t.passed, t.failed, t.errors, t.skipped) == (3, 9, 2, 1, 0, 0, 0)
    flaky = {f.id.name: f for f in summary.flaky}
    assert (flaky["t1"].runs_failed, flaky["t1"].runs_total) == (2, 3)
    assert flaky["t1"].message == "boom"  # the first failing run's evidence
    assert (flaky["t2"].runs_failed, flaky["t2"].runs_total) == (1, 3)


def test_all_runs_failing_is_failed_not_flaky(tmp_path: Path) -> None:
    a = write(tmp_path, "a.xml", suite(case("t", "<failure/>")))
    b = write(tmp_path, "b.xml", suite(case("t", "<failure/>")))
    summary = load_tests([a, b])
    assert (summary.totals.tests, summary.totals.failed, summary.totals.flaky) == (1, 1, 0)
    assert summary.failing[0].runs_failed == 2 and summary.failing[0].runs_total == 2


def test_globs_recurse_and_exclude(tmp_path: Path) -> None:
    write(tmp_path, "a/TEST-one.xml", suite(case("one")))
    write(tmp_path, "a/b/TEST-two.xml", suite(case("two")))
    write(tmp_path, "a/b/ignored/TEST-three.xml", suite(case("three")))
    summary = load_tests(["**/TEST-*.xml", "!**/ignored/**"], cwd=tmp_path)
    assert sorted(summary.files) == ["a/TEST-one.xml", "a/b/TEST-two.xml"]
    assert summary.totals.tests == 2


def test_huge_system_out_is_bounded_and_cdata_kept(tmp_path: Path) -> None:
    noise = "x" * (OUTPUT_LIMIT * 50)
    body = f'<failure message="m"><![CDATA[<not markup> & raw]]></failure><system-out><![CDATA[{noise}]]></system-out>'
    summary = load_tests([write(tmp_path, "big.xml", suite(case("t", body)))])
    failure = summary.failures[0]
    assert failure.details == "<not markup> & raw"
    assert len(failure.stdout) < OUTPUT_LIMIT + 100
    assert f"{OUTPUT_LIMIT * 49} more characters not kept" in failure.stdout


def test_markup_nested_in_failure_text_does_not_break_the_case(tmp_path: Path) -> None:
    body = '<failure message="m">before<stackTrace>inner</stackTrace>after</failure>'
    summary = load_tests([write(tmp_path, "nested.xml", suite(case("t", body), case("u")))])
    assert summary.failures[0].details == "beforeinnerafter"
    assert summary.totals.tests == 2


def test_parse_duration_tolerates_locales_and_garbage() -> None:
    assert parse_duration("1,234.5") == 1234.5
    assert parse_duration("") == 0.0
    assert parse_duration(None) == 0.0
    assert parse_duration("n/a") == 0.0
    assert parse_duration("0.25") == 0.25


def test_a_testcase_nested_in_a_testcase_is_read_as_part_of_it(tmp_path: Path) -> None:
    """Not valid JUnit, but a generator bug must not cost a traceback; the outer case stands, the inner is content.
    The outer case here also has more attributes than the C path keeps, so Python holds it while it is open."""
    many = " ".join(f'a{i}="x"' for i in range(40))
    inner = '<testcase classname="c" name="inner"/>'
    text = (
        f'<testsuite name="s"><testcase classname="c" name="outer" {many}>{inner}</testcase>'
        f'<testcase classname="c" name="plain" {many}/>'
        f'<testcase classname="c" name="broken" time="0.2">{inner}<failure message="boom"/></testcase></testsuite>'
    )
    summary = load_tests([write(tmp_path, "nested.xml", text)])
    assert (summary.totals.tests, summary.totals.passed, summary.totals.failed) == (3, 2, 1)
    assert [f.id.name for f in summary.failures] == ["broken"]
    assert summary.failures[0].message == "boom"


def test_nan_and_inf_times_count_as_zero_not_poison_the_total(tmp_path: Path) -> None:
    cases = "".join(
        f'<testcase classname="c" name="t{i}" time="{t}"/>'
        for i, t in enumerate(["nan", "inf", "-inf", "1e999", "0.5", "NaN"])
    )
    failing = '<testcase classname="c" name="f" time="nan"><failure message="x"/></testcase>'
    summary = load_tests([write(tmp_path, "t.xml", f'<testsuite name="s">{cases}{failing}</testsuite>')])
    assert summary.totals.duration == 0.5
    assert summary.failures[0].duration == 0.0
    assert parse_duration("nan") == parse_duration("inf") == parse_duration("-inf") == 0.0


def test_slowest_ties_keep_the_order_the_file_lists_them(tmp_path: Path) -> None:
    times = [("big", 5)] + [(f"t{i}", 1) for i in range(12)]
    cases = "".join(f'<testcase classname="c" name="{n}" time="{t}"/>' for n, t in times)
    summary = load_tests([write(tmp_path, "t.xml", f'<testsuite name="s">{cases}</testsuite>')])
    assert [s.id.name for s in summary.slowest] == ["big"] + [f"t{i}" for i in range(9)]
