"""Benchmark: our streaming JUnit reader vs junitparser vs a bare expat parse (the floor), in one run.

    python bench/bench_junit.py                 # ~100 MB pytest-style file
    python bench/bench_junit.py --size 1G       # a 1 GB file (needs ~1 GB of disk)
    python bench/bench_junit.py --profile minimal --size 200M

Each contender runs in its own process (so peak RSS is its own), reads the same file, and reports its parse
time; the table prints time and peak RSS, and ratios: ours / floor and junitparser / ours. Contenders: the
floor; qe as installed (with its C extension when built) and qe in pure Python (`QE_PURE_PYTHON=1`);
junitparser computing what `qe tests` reports (counts, total time, failing tests with message and location,
the slowest ten), and junitparser only counting cases (less work than ours, shown for completeness).
Profiles: `pytest` is what pytest writes with `-o junit_family=xunit1` for a real suite (dotted module and
class names, descriptive test names, some parametrised, file and line attributes; 2% failing with a traceback
and captured output, 3% skipped, a few xfail); `minimal` is pytest's default output for one trivially
parametrised test (73 bytes a case, as in the corpus's 100k file): the worst case for any reader that does
work per test, since the floor does almost none.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))

_AREAS = ("api", "models", "services", "integration", "unit", "cli", "storage", "billing")
_NOUNS = (
    "orders",
    "invoices",
    "customers",
    "payments",
    "shipments",
    "carts",
    "coupons",
    "accounts",
    "sessions",
    "reports",
    "webhooks",
    "refunds",
    "products",
    "inventory",
    "tax_rules",
    "exports",
)
_ASPECTS = ("validation", "permissions", "serialization", "pagination", "caching", "retries", "queries")
_VERBS = ("create", "update", "delete", "list", "reject", "merge", "export", "import", "recalculate", "archive")
_PARAMS = ("", "", "[postgres]", "[sqlite]", "[eu-west-postgres]", "[us-east-mysql-8]", "[empty]", "[unicode-\u00e9]")
_TRACE = (
    "self = &lt;tests.{area}.test_{noun}_{aspect}.Test{Noun} object at 0x7f3a2c1d9e50&gt;\n\n"
    "    def test_{verb}_{noun}(self, client, db):\n        response = client.post('/{noun}', json=payload({i}))\n"
    "&gt;       assert response.status_code == 201\nE       assert 422 == 201\n"
    "E        +  where 422 = &lt;Response [422]&gt;.status_code\n\ntests/{area}/test_{noun}_{aspect}.py:{line}: AssertionError"  # noqa: E501
)


def _pytest_case(i: int) -> str:
    """One test case as pytest (junit_family=xunit1) writes it for a real suite."""
    area, noun, aspect = _AREAS[i % 8], _NOUNS[(i // 8) % 16], _ASPECTS[(i // 128) % 7]
    verb, param = _VERBS[(i * 7) % 10], _PARAMS[(i * 3) % 8]
    module = f"tests.{area}.test_{noun}_{aspect}"
    owner = f"{module}.Test{noun.title().replace('_', '')}" if i % 5 < 2 else module
    line = 12 + (i * 13) % 480
    name = f"test_{verb}_{noun}_{aspect}_{i // 896}{param}"
    seconds = ((i * 2654435761) % 10007) / 10007 * (0.9 if i % 40 else 4.0)
    head = (
        f'<testcase classname="{owner}" name="{name}" file="tests/{area}/test_{noun}_{aspect}.py" '
        f'line="{line}" time="{seconds:.3f}"'
    )
    if i % 50 == 7:
        trace = _TRACE.format(
            area=area, noun=noun, Noun=noun.title().replace("_", ""), aspect=aspect, verb=verb, i=i, line=line
        )
        return (
            f'{head}><failure message="assert 422 == 201&#10; +  where 422 = &lt;Response [422]&gt;.status_code">'
            f"{trace}</failure><system-out>--------------------------------- Captured Out ---------------------------------\n"  # noqa: E501
            f"POST /{noun} 422 {{'detail': 'invalid {aspect}'}}\n</system-out></testcase>"
        )
    if i % 33 == 5:
        return (
            f'{head}><skipped type="pytest.skip" message="requires a running broker">'
            f"tests/{area}/test_{noun}_{aspect}.py:{line}: requires a running broker</skipped></testcase>"
        )
    if i % 211 == 3:
        return f'{head}><skipped type="pytest.xfail" message="known issue #{i % 900}" /></testcase>'
    return head + " />"


def _minimal_case(i: int) -> str:
    if i % 1000 == 999:
        return (
            f'<testcase classname="test_large" name="test_case[{i}]" time="0.000"><failure message="AssertionError: value {i}'  # noqa: E501
            f' hit the failure bucket">i = {i}\nE   AssertionError: value {i} hit the failure bucket</failure></testcase>'  # noqa: E501
        )
    return f'<testcase classname="test_large" name="test_case[{i}]" time="0.000" />'


def generate(path: str, size: int, profile: str) -> int:
    """Write a pytest-style JUnit file of about `size` bytes; returns the number of test cases."""
    make = _pytest_case if profile == "pytest" else _minimal_case
    head = '<?xml version="1.0" encoding="utf-8"?><testsuites name="pytest tests"><testsuite name="pytest" errors="0">'
    written, count = 0, 0
    with open(path, "w", encoding="utf-8") as out:
        out.write(head)
        while written < size:
            block = "".join(make(i) for i in range(count, count + 10_000))
            out.write(block)
            written += len(block)
            count += 10_000
        out.write("</testsuite></testsuites>\n")
    return count


# -- contenders (each runs in a child process: `bench_junit.py --child NAME FILE`) ----------------------
def _child_ours(path: str) -> dict:
    from qe_actions.accel import junitfast
    from qe_actions.load.tests import load_tests

    summary = load_tests([path])
    return {"tests": summary.totals.tests, "failed": summary.totals.failed, "c_extension": junitfast() is not None}


def _child_junitparser(path: str) -> dict:
    """What `qe tests` reports, computed with junitparser: counts by outcome, total time, each failing test's
    id, message and location, the ten slowest tests. This is the comparison the target is about."""
    import heapq

    from junitparser import Error, Failure, JUnitXml, Skipped

    tests = failed = errors = skipped = 0
    seconds = 0.0
    failures: list[tuple[str, str, str | None, str | None]] = []
    slowest: list[tuple[float, int, str]] = []
    for suite in JUnitXml.fromfile(path):
        for case in suite:
            tests += 1
            seconds += case.time or 0.0
            results = case.result
            problem = next((r for r in results if isinstance(r, (Failure, Error))), None)
            if problem is not None:
                failed += isinstance(problem, Failure)
                errors += isinstance(problem, Error)
                failures.append(
                    (
                        f"{case.classname}::{case.name}",
                        problem.message or "",
                        case._elem.get("file"),
                        case._elem.get("line"),
                    )
                )
            elif any(isinstance(r, Skipped) for r in results):
                skipped += 1
            entry = (case.time or 0.0, tests, f"{case.classname}::{case.name}")
            if len(slowest) < 10:
                heapq.heappush(slowest, entry)
            elif entry > slowest[0]:
                heapq.heapreplace(slowest, entry)
    return {"tests": tests, "failed": failed + errors}


def _child_junitparser_count(path: str) -> dict:
    """junitparser doing less than we do: it only counts cases and looks at their result types."""
    from junitparser import Error, Failure, JUnitXml, Skipped

    tests = failed = 0
    for suite in JUnitXml.fromfile(path):
        for case in suite:
            tests += 1
            failed += any(isinstance(r, (Failure, Error)) for r in case.result)
            _ = any(isinstance(r, Skipped) for r in case.result)
    return {"tests": tests, "failed": failed}


def _child_floor(path: str) -> dict:
    from xml.parsers import expat

    parser = expat.ParserCreate()
    with open(path, "rb") as stream:
        parser.ParseFile(stream)
    return {"tests": None, "failed": None}


def _child_ours_pure(path: str) -> dict:
    os.environ["QE_PURE_PYTHON"] = "1"
    return _child_ours(path)


CHILDREN = {
    "floor (bare expat)": _child_floor,
    "qe (ours)": _child_ours,
    "qe, pure Python": _child_ours_pure,
    "junitparser": _child_junitparser,
    "junitparser, count": _child_junitparser_count,
}


def _run_child(name: str, path: str) -> dict:
    start = time.perf_counter()
    result = CHILDREN[name](path)
    result["seconds"] = time.perf_counter() - start
    return result


def measure(name: str, path: str, repeat: int) -> dict:
    """Best parse time over `repeat` runs, and the largest peak RSS, each run in a fresh process."""
    best: dict | None = None
    peak_kb = 0
    for _ in range(repeat):
        proc = subprocess.Popen([sys.executable, __file__, "--child", name, path], stdout=subprocess.PIPE, text=True)
        out, _ = proc.communicate()
        if proc.returncode != 0:
            raise SystemExit(f"{name} failed with exit code {proc.returncode}")
        result = json.loads(out)
        peak_kb = max(peak_kb, result.pop("maxrss_kb"))
        if best is None or result["seconds"] < best["seconds"]:
            best = result
    assert best is not None
    best["peak_mb"] = peak_kb / 1024
    return best


def _parse_size(text: str) -> int:
    units = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    return int(float(text[:-1]) * units[text[-1].upper()]) if text[-1].upper() in units else int(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="100M", help="file size to generate: 100M (default), 1G, ...")
    parser.add_argument("--profile", choices=("pytest", "minimal"), default="pytest")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip", action="append", default=[], help="leave a contender out (e.g. junitparser at 1G)")
    parser.add_argument("--file", help="use this JUnit file instead of generating one")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="qe-bench-") as tmp:
        path = args.file or os.path.join(tmp, "junit.xml")
        if not args.file:
            cases = generate(path, _parse_size(args.size), args.profile)
            print(f"generated {os.path.getsize(path) / 1e6:.0f} MB, {cases} test cases ({args.profile} profile)")
        results = {name: measure(name, path, args.repeat) for name in CHILDREN if name not in args.skip}
    print(f"{'contender':<20} {'seconds':>8} {'peak RSS MB':>12} {'tests':>9}")
    for name, r in results.items():
        print(f"{name:<20} {r['seconds']:8.2f} {r['peak_mb']:12.0f} {str(r['tests']):>9}")
    ours, floor = results["qe (ours)"], results["floor (bare expat)"]
    if not ours.get("c_extension"):
        print("note: the C extension is not built here, so 'qe (ours)' ran in pure Python")
    print(f"ours / floor time: {ours['seconds'] / floor['seconds']:.2f} x (target <= 2.5)")
    if "qe, pure Python" in results:
        print(
            f"pure Python / floor time: {results['qe, pure Python']['seconds'] / floor['seconds']:.2f} x (without the C extension)"  # noqa: E501
        )
    if "junitparser" in results:
        jp = results["junitparser"]
        print(
            f"junitparser / ours time: {jp['seconds'] / ours['seconds']:.2f} x (target >= 2.5; junitparser computing the same summary)"  # noqa: E501
        )
        print(f"junitparser / ours peak RSS: {jp['peak_mb'] / ours['peak_mb']:.1f} x")
        assert jp["tests"] == ours["tests"], "junitparser and qe disagree on the number of tests"
    if "junitparser, count" in results:
        count = results["junitparser, count"]
        print(
            f"junitparser counting only / ours time: {count['seconds'] / ours['seconds']:.2f} x (it does less work than we do)"  # noqa: E501
        )


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        import resource

        outcome = _run_child(sys.argv[2], sys.argv[3])
        outcome["maxrss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(json.dumps(outcome))
    else:
        main()
