"""Issue 12, each case as the issue states it: the input, the command, and what must (not) happen."""

from __future__ import annotations

import gzip
import json
import os

import pytest

from tests.hardening.harness import assert_clean, run_qe

GOOD_JUNIT = '<?xml version="1.0"?><testsuite name="s" tests="1"><testcase classname="c" name="good"/></testsuite>'
GOOD_COB = (
    '<?xml version="1.0"?><coverage line-rate="1" branch-rate="0" lines-covered="1" lines-valid="1" version="7">'
    '<packages><package name="p"><classes><class name="a" filename="a.py"><lines><line number="1" hits="1"/></lines>'
    "</class></classes></package></packages></coverage>"
)


@pytest.mark.parametrize("encoding", ["UTF-9", "shift_jis", "utf-7", "utf-32", "idna"])
def test_1_xml_encoding_tests(tmp_path, encoding):
    (tmp_path / "bad.xml").write_text(
        f'<?xml version="1.0" encoding="{encoding}"?><testsuite tests="1"><testcase classname="c" name="n"/></testsuite>'  # noqa: E501
    )
    (tmp_path / "good.xml").write_text(GOOD_JUNIT)
    out = run_qe("tests", "bad.xml", "good.xml", "--format", "json", cwd=tmp_path)
    assert_clean(out, (3,))
    assert "bad.xml" in out.stderr and json.loads(out.stdout)["totals"]["tests"] == 1


@pytest.mark.parametrize("encoding", ["UTF-9", "shift_jis", "utf-7", "utf-32", "idna"])
def test_1_xml_encoding_coverage(tmp_path, encoding):
    (tmp_path / "bad.xml").write_text(
        GOOD_COB.replace('<?xml version="1.0"?>', f'<?xml version="1.0" encoding="{encoding}"?>')
    )
    (tmp_path / "good.xml").write_text(GOOD_COB)
    out = run_qe("coverage", "bad.xml", "good.xml", "--format", "json", cwd=tmp_path)
    assert_clean(out, (3,))


@pytest.mark.parametrize("value", ["1e309", "inf", "9" * 5000])
def test_2_junit_tests_count(tmp_path, value):
    (tmp_path / "r.xml").write_text(f'<testsuite tests="{value}"><testcase classname="c" name="n"/></testsuite>')
    assert_clean(run_qe("tests", "r.xml", cwd=tmp_path))


def test_5_huge_declared_count(tmp_path):
    (tmp_path / "r.xml").write_text(
        '<testsuite tests="1000000000" skipped="999999999"><testcase classname="c" name="n"/></testsuite>'
    )
    assert_clean(run_qe("tests", "r.xml", cwd=tmp_path, timeout=10))


@pytest.mark.parametrize("body", ["a.go:1.1,100000000.2 1 1", "a.go:-5.1,3.2 1 1"])
def test_6_go_cover(tmp_path, body):
    (tmp_path / "c.out").write_text("mode: set\n" + body + "\n")
    assert_clean(run_qe("coverage", "c.out", cwd=tmp_path))


def test_7_deep_path(tmp_path):
    deep = "/".join(["d"] * 20000) + "/a.py"
    (tmp_path / "c.xml").write_text(GOOD_COB.replace('filename="a.py"', f'filename="{deep}"'))
    for fmt in ("json", "markdown"):
        assert_clean(run_qe("coverage", "c.xml", "--format", fmt, cwd=tmp_path))


def test_8_sparse_sarif(tmp_path):
    with open(tmp_path / "big.sarif", "wb") as f:
        f.write(b'{"version":"2.1.0","runs":[')
        f.truncate(2 << 30)
    assert_clean(run_qe("findings", "big.sarif", cwd=tmp_path))


def test_8_dev_zero(tmp_path):
    assert_clean(run_qe("findings", "/dev/zero", "--input-format", "flake8", cwd=tmp_path))


def test_8_gzip_bomb(tmp_path):
    with gzip.open(tmp_path / "bomb.json", "wb", compresslevel=9) as f:
        chunk = b" " * (1 << 20)
        for _ in range(3000):
            f.write(chunk)
    assert_clean(run_qe("findings", "bomb.json", cwd=tmp_path))


def test_9_alias_bomb(tmp_path):
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for i, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[i]
        lines.append(f"{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]")
    (tmp_path / ".qe.yml").write_text("\n".join(lines) + "\n")
    (tmp_path / "r.xml").write_text(GOOD_JUNIT)
    out = run_qe("gate", "--tests", "r.xml", "--no-discover", cwd=tmp_path)
    assert_clean(out, (3,))


def test_10_stdin(tmp_path):
    out = run_qe("coverage", "/dev/stdin", "--format", "json", cwd=tmp_path, stdin=GOOD_COB.encode())
    assert_clean(out, (0,))


def test_11_newline_name(tmp_path):
    name = "x\n::error::pwned.xml"
    (tmp_path / name).write_text("<not xml")
    out = run_qe("tests", name, cwd=tmp_path)
    assert_clean(out)
    assert not any(line.lstrip().startswith("::") for line in out.stderr.splitlines()), out.stderr


@pytest.mark.parametrize("prefix", ["\u00a0", "\u3000", "\u2003", "\u1680", ""])
def test_12_unicode_whitespace_commands(tmp_path, prefix):
    msg = f"{prefix}::error::owned"
    (tmp_path / "r.xml").write_text(
        f'<testsuite><testcase classname="c" name="n"><failure message="x">line\n{msg}\nzz ##[add-mask]s</failure></testcase></testsuite>'  # noqa: E501
    )
    for fmt in ("text", "markdown", "json"):
        out = run_qe("tests", "r.xml", "--format", fmt, cwd=tmp_path)
        for line in (out.stdout + out.stderr).splitlines():
            assert not line.lstrip(" \t\u00a0\u3000\u2003\u1680").startswith("::error"), (fmt, line)
            assert "##[" not in line, (fmt, line)


def test_17_nan(tmp_path):
    (tmp_path / "c.xml").write_text(GOOD_COB)
    out = run_qe("gate", "--coverage", "c.xml", "--no-discover", "--min-coverage", "nan", "--json", cwd=tmp_path)
    assert_clean(out, (3,))


def test_minor_lcov_negative(tmp_path):
    (tmp_path / "l.info").write_text("SF:a.py\nDA:-5,1\nend_of_record\n")
    assert_clean(run_qe("coverage", "l.info", cwd=tmp_path), (3,))


def test_minor_symlink_loop(tmp_path):
    os.symlink(tmp_path / "loop", tmp_path / "loop")
    out = run_qe("tests", "loop", cwd=tmp_path)
    assert "no such file" not in out.stderr, out.stderr
