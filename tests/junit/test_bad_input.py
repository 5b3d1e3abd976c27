"""Bad input: one clear line naming the file and the problem, nothing expanded or read, good files still used."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from qe_actions.cli import main
from qe_actions.load.tests import load_tests

GOOD = '<testsuite name="s" tests="1"><testcase classname="c" name="ok" time="0.1"/></testsuite>'


def _problems(tmp_path: Path, name: str, content: bytes) -> list[str]:
    bad = tmp_path / name
    bad.write_bytes(content)
    good = tmp_path / "good.xml"
    good.write_text(GOOD)
    summary = load_tests([str(bad), str(good)])
    assert summary.totals.tests == 1, "the good file beside the bad one is still read"
    return [p.line() for p in summary.problems]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            b'<testsuite name="s">\n  <testcase name="a">\n</testsuite>',
            "malformed XML at line 3, column 3: mismatched tag",
        ),
        (b'<testsuite name="s"><testcase name="a"/>', "file ends early at line 1 (truncated?)"),
        (b"", "empty file, or no XML element in it"),
        (b"   \n\n", "empty file, or no XML element in it"),
        (b'<?xml version="1.0"?><coverage line-rate="1"/>', "not a JUnit test report: the root element is <coverage>"),
        (bytes(range(256)) * 4, "malformed XML at line 1, column 1: not well-formed (invalid token)"),
        # errors after the first document are placed in the file, not in the document where expat restarted
        (
            b'<testsuite name="s">\n<testcase name="a"/>\n</testsuite>\n\n<![CDATA[x]]>\n',
            "malformed XML at line 5, column 1: syntax error",
        ),
        (
            b'<testsuite name="s"/>\n<testsuite name="t">\n  <testcase name="b"/>  <x>\n</testsuite>',
            "malformed XML at line 4, column 3: mismatched tag",
        ),
        (
            b'<testsuite name="s"/>  <testsuite name="t"><x></testsuite>',
            "malformed XML at line 1, column 49: mismatched tag",
        ),
    ],
)
def test_bad_files_become_one_line_problems(tmp_path: Path, content: bytes, expected: str) -> None:
    lines = _problems(tmp_path, "bad.xml", content)
    assert len(lines) == 1
    assert lines[0].startswith(str(tmp_path / "bad.xml") + ": ")
    assert expected in lines[0]


def test_billion_laughs_is_refused_without_expanding(tmp_path: Path) -> None:
    levels = ['<!ENTITY l0 "lol">'] + [f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10)]
    bomb = f'<?xml version="1.0"?><!DOCTYPE t [{"".join(levels)}]><testsuite name="&l9;"/>'.encode()
    lines = _problems(tmp_path, "bomb.xml", bomb)
    assert lines == [f"{tmp_path / 'bomb.xml'}: declares the entity 'l0'; entity declarations are refused for safety"]


def test_external_entity_is_refused_and_nothing_is_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    xxe = (
        f'<?xml version="1.0"?><!DOCTYPE t [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<testsuite name="s"><testcase classname="c" name="n"><failure message="&x;"/></testcase></testsuite>'
    ).encode()
    lines = _problems(tmp_path, "xxe.xml", xxe)
    assert len(lines) == 1 and "entity declarations are refused" in lines[0]
    assert "TOP-SECRET-VALUE" not in lines[0]


def test_external_dtd_reference_is_not_fetched_and_file_is_read(tmp_path: Path) -> None:
    doc = b'<?xml version="1.0"?><!DOCTYPE testsuite SYSTEM "http://127.0.0.1:9/never.dtd">' + GOOD.encode()
    path = tmp_path / "dtd.xml"
    path.write_bytes(doc)
    assert load_tests([str(path)]).totals.tests == 1


def test_directory_and_missing_file(tmp_path: Path) -> None:
    summary = load_tests([str(tmp_path), str(tmp_path / "nope.xml"), str(tmp_path / "*.none")])
    lines = [p.line() for p in summary.problems]
    assert lines == [
        f"{tmp_path}: is a directory, not a report file (give a glob such as DIR/**/*.xml)",
        f"{tmp_path / 'nope.xml'}: no such file",
        f"{tmp_path / '*.none'}: no file matched this pattern",
    ]


@pytest.mark.skipif(not os.path.exists("/proc/self/mem"), reason="needs Linux /proc to make a read fail")
def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A read that fails (EIO) is one problem line; root reads any mode, so the failure is made here.
    import builtins
    import errno

    (tmp_path / "r.xml").write_text(GOOD)
    real_open = builtins.open

    def failing_open(file, *args, **kwargs):  # type: ignore[no-untyped-def]
        if str(file).endswith("r.xml"):
            raise OSError(errno.EIO, "Input/output error")
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", failing_open)
    summary = load_tests(["r.xml"], cwd=tmp_path)
    assert [p.line() for p in summary.problems] == ["r.xml: cannot be read (Input/output error)"]


def test_kernel_pseudo_file_is_refused() -> None:
    # /proc/self/environ would put the job's environment (the token) into a problem line (issue 12).
    summary = load_tests(["/proc/self/mem", "/proc/self/environ"])
    assert [p.line() for p in summary.problems] == [
        f"/proc/self/{name}: is a kernel pseudo-file (/proc, /sys), not a report file" for name in ("mem", "environ")
    ]


def test_cli_reports_each_bad_file_once_and_exits_3(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "good.xml").write_text(GOOD)
    (tmp_path / "bad.xml").write_text("<testsuite>")
    code = main(["tests", str(tmp_path / "good.xml"), str(tmp_path / "bad.xml"), "--json"])
    out, err = capsys.readouterr()
    assert code == 3
    assert err.splitlines() == [f"qe tests: {tmp_path / 'bad.xml'}: file ends early at line 1 (truncated?)"]
    assert '"tests": 1' in out


def test_no_traceback_from_the_real_command(tmp_path: Path) -> None:
    (tmp_path / "bad.xml").write_bytes(b"\xff\xfe\x00garbage")
    result = subprocess.run(
        [sys.executable, "-m", "qe_actions", "tests", str(tmp_path / "bad.xml")], capture_output=True, text=True
    )
    assert result.returncode == 3
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1 and str(tmp_path / "bad.xml") in result.stderr
