"""Issue 12 cases 3, 4, 9 and 17: huge integers in findings reports and the policy, hostile policy structure
(deep nesting, complex keys, alias bombs, size) and non-finite thresholds end as one line and exit 3."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from qe_actions.gate.policy_file import PolicyError, load_policy
from qe_actions.load.findings import load_findings
from qe_actions.numbers import MAX_REPORT_INT, NumberError, finite_float, report_int
from tests.hardening.harness import assert_clean, run_qe

HUGE = "9" * 5000  # over Python's 4,300-digit conversion limit
CORPUS = Path(__file__).resolve().parent.parent / "corpus"
GOOD_COB = (
    '<?xml version="1.0"?><coverage line-rate="1" branch-rate="0" lines-covered="1" lines-valid="1" version="7">'
    '<packages><package name="p"><classes><class name="a" filename="a.py"><lines><line number="1" hits="1"/>'
    "</lines></class></classes></package></packages></coverage>"
)


def _sarif(start_line: str) -> str:
    return (
        '{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[{"ruleId":"a","message":{"text":"m"},'
        '"locations":[{"physicalLocation":{"artifactLocation":{"uri":"a.py"},"region":{"startLine":'
        + start_line
        + "}}}]}]}]}"
    )


# One hostile file per reader family the issue names: (file name, content).
HUGE_NUMBER_FILES = {
    "sarif-json": ("huge.sarif", _sarif(HUGE)),
    "sarif-in-range-but-too-big": ("big.sarif", _sarif("9" * 4000)),
    "shellcheck-json": (
        "huge.json",
        '{"comments":[{"file":"a.sh","line":' + HUGE + ',"column":1,"level":"warning","code":2086,"message":"m"}]}',
    ),
    "workflow-command": ("huge.log", f"::error file=a.py,line={HUGE}::message\n"),
    "flake8": ("huge-flake8.txt", f"a.py:{HUGE}:1: E501 line too long\n"),
    "flake8-count": ("count-flake8.txt", f"a.py:1:1: E501 line too long\n{HUGE}\n"),
    "shellcheck-gcc": ("huge-gcc.txt", f"a.sh:{HUGE}:1: warning: quote this [SC2086]\n"),
    "checkstyle": (
        "huge.xml",
        f'<checkstyle><file name="a.py"><error line="{HUGE}" severity="error" message="m" '
        'source="x"/></file></checkstyle>',
    ),
    "mypy-json": (
        "huge-mypy.json",
        '{"file":"a.py","line":' + HUGE + ',"column":0,"message":"m","hint":null,'
        '"code":"x","severity":"error"}\n{"file":"a.py","line":1,"column":0,"message":"m",'
        '"hint":null,"code":"x","severity":"error"}\n',
    ),
    "ruff-concise": (
        "huge-ruff.txt",
        f"a.py:{HUGE}:1: F401 [*] `os` imported but unused\nFound 1 error.\n[*] 1 fixable with the `--fix` option.\n",
    ),
}


@pytest.mark.parametrize("kind", sorted(HUGE_NUMBER_FILES))
def test_3_huge_report_number_is_that_files_problem(tmp_path, kind):
    """The bad file is one problem line naming it; a good file given with it is still read."""
    name, content = HUGE_NUMBER_FILES[kind]
    (tmp_path / name).write_text(content)
    good = CORPUS / "sarif" / "ruff-greet.sarif"
    summary = load_findings([name, str(good)], cwd=str(tmp_path))
    assert [p.path for p in summary.problems] == [name], summary.problems
    message = summary.problems[0].message
    assert "out of range" in message or "digits" in message, message
    assert len(message) < 200 and "\n" not in message
    assert summary.files == (str(good),) and summary.findings


def test_3_huge_report_number_end_to_end(tmp_path):
    name, content = HUGE_NUMBER_FILES["flake8"]
    (tmp_path / name).write_text(content)
    out = run_qe("findings", name, cwd=tmp_path)
    assert_clean(out, (3,))
    assert f"{name}: line/column" in out.stderr and "out of range" in out.stderr


def test_3_largest_report_number_still_reads(tmp_path):
    (tmp_path / "ok.txt").write_text(f"a.py:{MAX_REPORT_INT}:1: E501 line too long\n")
    summary = load_findings("ok.txt", cwd=str(tmp_path))
    assert not summary.problems and summary.findings[0].line == MAX_REPORT_INT


def test_3_report_int_bounds():
    assert report_int("0042") == 42
    assert report_int(str(MAX_REPORT_INT)) == MAX_REPORT_INT
    for bad in (str(MAX_REPORT_INT + 1), HUGE, "0" * 100 + "1" * 11):
        with pytest.raises(NumberError, match="out of range"):
            report_int(bad)
    with pytest.raises(NumberError, match="not a whole number"):
        report_int("1e3")


def _policy(tmp_path: Path, text: str, name: str = ".qe.yml") -> Path:
    (tmp_path / name).write_text(text)
    return tmp_path / name


def _condition(threshold: str, min_lines: str = "") -> str:
    extra = f"      min_changed_lines: {min_lines}\n" if min_lines else ""
    return f"gate:\n  conditions:\n    - metric: coverage\n      operator: '>='\n      threshold: {threshold}\n{extra}"


@pytest.mark.parametrize(
    "text, problem",
    [
        (_condition(HUGE), r"^\.qe\.yml: line 5: the number 999999999999\.\.\. \(5000 characters\) is too long$"),
        (_condition("50", HUGE), r"^\.qe\.yml: line 6: the number .* is too long$"),
        (f"gate:\n  min_changed_lines: {HUGE}\n", r"^\.qe\.yml: line 2: the number .* is too long$"),
        (f"gate:\n  min_changed_lines: 0x{HUGE}\n", r"^\.qe\.yml: line 2: the number .* is too long$"),
        (
            _condition("1" + "0" * 30),
            r"threshold: 100000000000\.\.\. \(31 characters\) is out of range \(at most 1000000000000\)$",
        ),
    ],
    ids=["threshold", "min_changed_lines-condition", "min_changed_lines", "hex", "30-digits"],
)
def test_3_huge_policy_integer(tmp_path, text, problem):
    _policy(tmp_path, text)
    with pytest.raises(PolicyError, match=problem):
        load_policy(None, tmp_path)


def test_3_huge_pyproject_integer(tmp_path):
    _policy(tmp_path, f"[tool.qe]\ngate = {{min_changed_lines = {HUGE}}}\n", "pyproject.toml")
    with pytest.raises(
        PolicyError, match=r"^pyproject\.toml: not valid TOML: has an integer of more than 4300 digits$"
    ):
        load_policy(None, tmp_path)


@pytest.mark.parametrize(
    "text, problem",
    [
        ("gate: " + "[" * 5000 + "]" * 5000 + "\n", r"^\.qe\.yml: line 1: nested more than 32 levels deep$"),
        ("gate: " + "{a: " * 5000 + "1" + "}" * 5000 + "\n", r"^\.qe\.yml: line 1: nested more than 32 levels deep$"),
        ("".join(" " * i + "a:\n" for i in range(100)), r"^\.qe\.yml: line 32: nested more than 32 levels deep$"),
        ("? [a, b]\n: 1\n", r"^\.qe\.yml: line 1: a key must be a plain name, not a list or a mapping$"),
        ("? {a: 1}\n: 1\n", r"^\.qe\.yml: line 1: a key must be a plain name, not a list or a mapping$"),
        ("1: x\ngate: {}\n", r"^\.qe\.yml: line 1: a key must be a name, got 1$"),
        ("gate: {}\ngate: {}\n", r"^\.qe\.yml: line 2: key 'gate' appears twice$"),
        ("a: &a [*a]\n", r"^\.qe\.yml: line 1: an alias refers to the value that contains it"),
    ],
    ids=["lists", "maps", "block-maps", "complex-list-key", "complex-map-key", "int-key", "duplicate", "recursive"],
)
def test_4_hostile_policy_structure(tmp_path, text, problem):
    _policy(tmp_path, text)
    with pytest.raises(PolicyError, match=problem):
        load_policy(None, tmp_path)


@pytest.mark.parametrize(
    "text, problem",
    [
        ("[tool.qe]\nx = " + "[" * 5000 + "]" * 5000 + "\n", r"^pyproject\.toml: not valid TOML: nested too deeply$"),
        (
            "[tool.qe]\nx = " + "[" * 40 + "]" * 40 + "\n",
            r"^pyproject\.toml: tool\.qe\.x\[0\]\[0\]\.\.\.: nested more than 32",
        ),
        (
            "[tool.qe]\ngate = {min_changed_lines = nan}\n",
            r"^pyproject\.toml: tool\.qe\.gate\.min_changed_lines: nan is not a finite",
        ),
        (
            "[tool.qe]\ngate = {min_changed_lines = 0x" + "f" * 5000 + "}\n",
            r"min_changed_lines: an integer of about 6021 digits is out",
        ),
    ],
    ids=["deep", "depth-bound", "nan", "huge-hex"],
)
def test_4_hostile_pyproject(tmp_path, text, problem):
    _policy(tmp_path, text, "pyproject.toml")
    with pytest.raises(PolicyError, match=problem):
        load_policy(None, tmp_path)


def test_4_merge_keys_still_work(tmp_path):
    _policy(
        tmp_path,
        "gate:\n  conditions:\n    - &c {metric: coverage, operator: '>=', threshold: 50}\n"
        "    - <<: *c\n      metric: diff_coverage\n      threshold: 70\n",
    )
    policy = load_policy(None, tmp_path)
    assert [(c.metric, c.threshold) for c in policy.conditions] == [("coverage", 50), ("diff_coverage", 70)]


def _alias_bomb() -> str:
    """Nine levels of nine aliases inside a value the schema walks (`inputs.tests`): 9**9 strings once expanded;
    before the fix validation ran for 106 s and 2.5 GB."""
    chain = ['&a ["x","x","x","x","x","x","x","x","x"]']
    for prev, name in zip("abcdefgh", "bcdefghi"):
        chain.append(f"&{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    return "inputs:\n  tests: [" + ", ".join(chain) + "]\n"


def test_9_alias_bomb_is_refused_before_validation(tmp_path):
    assert len(_alias_bomb()) < 500  # 9**9 values once expanded
    _policy(tmp_path, _alias_bomb())
    started = time.monotonic()
    with pytest.raises(PolicyError, match=r"^\.qe\.yml: line 2: aliases expand to more than 10000 values"):
        load_policy(None, tmp_path)
    assert time.monotonic() - started < 2


def test_9_alias_bomb_end_to_end(tmp_path):
    _policy(tmp_path, _alias_bomb())
    (tmp_path / "c.xml").write_text(GOOD_COB)
    started = time.monotonic()
    out = run_qe("gate", "--coverage", "c.xml", "--no-discover", cwd=tmp_path, timeout=15)
    assert_clean(out, (3,))
    assert "aliases expand to more than" in out.stderr
    assert time.monotonic() - started < 10


def test_9_deep_aliases_and_large_file(tmp_path):
    nested = "a: &a " + "[" * 20 + "]" * 20 + "\nb: &b " + "[*a, " * 20 + "]" * 20 + "\n"
    _policy(tmp_path, nested)
    with pytest.raises(PolicyError, match=r"aliases nest more than 32 levels deep"):
        load_policy(None, tmp_path)
    _policy(tmp_path, "# " + "x" * (256 << 10) + "\n")
    with pytest.raises(PolicyError, match=r"^\.qe\.yml: larger than 262144 bytes"):
        load_policy(None, tmp_path)


@pytest.mark.parametrize("value", [".nan", ".NaN", ".inf", "-.inf", "1.0e+999"])
def test_17_policy_threshold_must_be_finite(tmp_path, value):
    _policy(tmp_path, _condition(value))
    with pytest.raises(PolicyError, match=r"^\.qe\.yml: gate\.conditions\[0\]\.threshold: .* is not a finite number$"):
        load_policy(None, tmp_path)


def test_17_nan_policy_end_to_end_writes_no_nan(tmp_path):
    _policy(tmp_path, _condition(".nan"))
    (tmp_path / "c.xml").write_text(GOOD_COB)
    out = run_qe("gate", "--coverage", "c.xml", "--no-discover", "--format", "json", cwd=tmp_path)
    assert_clean(out, (3,))
    assert "NaN" not in out.stdout and "threshold: nan is not a finite number" in out.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("gate", "--coverage", "c.xml", "--no-discover", "--min-coverage", "nan"),
        ("gate", "--coverage", "c.xml", "--no-discover", "--min-coverage", "inf"),
        ("gate", "--coverage", "c.xml", "--no-discover", "--min-diff-coverage", "1e999"),
        ("gate", "--coverage", "c.xml", "--no-discover", "--max-test-failures", HUGE),
        ("coverage", "c.xml", "--fail-under", "nan"),
        ("coverage", "c.xml", "--fail-under-diff=-inf", "--diff-file", "d.diff"),
    ],
    ids=["gate-nan", "gate-inf", "gate-1e999", "gate-huge-int", "coverage-nan", "coverage-diff-inf"],
)
def test_17_cli_thresholds_must_be_finite(tmp_path, args):
    (tmp_path / "c.xml").write_text(GOOD_COB)
    out = run_qe(*args, cwd=tmp_path)
    assert_clean(out, (3,))
    assert out.stdout == ""
    last = out.stderr.strip().splitlines()[-1]  # argparse's usage, then the one error line
    assert "error: argument --" in last and ("not a finite number" in last or "too long" in last), out.stderr


def test_17_finite_float():
    assert finite_float(" 80.5 ") == 80.5
    for bad in ("nan", "inf", "-Infinity", "1e999", "x", "1" * 50):
        with pytest.raises(Exception, match="finite|not a number|too long"):
            finite_float(bad)


def test_17_gate_json_is_strict_json(tmp_path):
    (tmp_path / "c.xml").write_text(GOOD_COB)
    out = run_qe("gate", "--coverage", "c.xml", "--no-discover", "--min-coverage", "50", "--json", cwd=tmp_path)
    assert_clean(out, (0, 2))

    def refuse(name: str) -> None:
        raise AssertionError(f"non-standard JSON constant {name}")

    json.loads(out.stdout, parse_constant=refuse)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -float("inf")])
def test_17_no_json_writer_writes_nan(value):
    """Every JSON we write goes through `output.dump_json` (render.escape.json_text uses it): a non-finite
    number that slipped past the input checks is one clean error, never a bare `NaN` in the file."""
    from qe_actions.errors import QeError
    from qe_actions.output import dump_json
    from qe_actions.render.escape import json_text

    for encode in (dump_json, json_text):
        with pytest.raises(QeError, match=r"^cannot write JSON: Out of range float values are not JSON compliant"):
            encode({"threshold": value})
    assert dump_json({"threshold": 1.5}) == '{"threshold": 1.5}'


@pytest.mark.parametrize("value", ["150", "-5", "100.01"])
def test_a_gate_percentage_outside_0_to_100_is_a_usage_error(tmp_path: Path, value: str) -> None:
    (tmp_path / "c.xml").write_text(
        '<coverage line-rate="1" branch-rate="0" lines-covered="1" lines-valid="1" version="7"><packages/></coverage>'
    )
    out = run_qe("gate", "--coverage", "c.xml", "--no-discover", "--min-coverage", value, cwd=tmp_path)
    assert_clean(out, (3,))
    assert "0 to 100" in out.stderr


def test_a_hunk_header_with_huge_numbers_is_ignored_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "c.xml").write_text(
        '<coverage line-rate="1" branch-rate="0" lines-covered="1" lines-valid="1" version="7"><packages/></coverage>'
    )
    (tmp_path / "change.diff").write_text(
        "diff --git a/a.py b/a.py\n--- a/a.py\n+++ b/a.py\n@@ -1 +" + "9" * 5000 + ",1 @@\n+x\n"
    )
    out = run_qe("coverage", "c.xml", "--diff-file", "change.diff", "--format", "json", cwd=tmp_path)
    assert_clean(out, (0, 2))


def test_the_diff_file_is_read_within_the_report_bound(tmp_path: Path) -> None:
    (tmp_path / "c.xml").write_text(
        '<coverage line-rate="1" branch-rate="0" lines-covered="1" lines-valid="1" version="7"><packages/></coverage>'
    )
    with open(tmp_path / "big.diff", "wb") as handle:
        handle.truncate(3 << 20)
    out = run_qe("coverage", "c.xml", "--diff-file", "big.diff", cwd=tmp_path, env={"QE_MAX_REPORT_MB": "1"})
    assert_clean(out, (3,))
    assert "too large" in out.stderr
