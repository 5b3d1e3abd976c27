"""Issue 12 cases 1, 2, 5, 8, 10 and the symlink minor: XML encodings, hostile counts, size bounds, streams, links."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from qe_actions import reportfile
from qe_actions.errors import InputError, UsageError
from qe_actions.globs import expand
from qe_actions.load.tests import RunCollector, load_tests, summarise
from qe_actions.readers.tests.junit import read_junit
from qe_actions.readers.tests.junit_parts import int_attr
from tests.hardening.harness import assert_clean, run_qe

JUNIT = '<testsuite name="s" tests="1"><testcase classname="c" name="n"/></testsuite>'
COBERTURA = (
    '<coverage line-rate="1" branch-rate="0" lines-covered="1" lines-valid="1" version="7"><packages>'
    '<package name="p"><classes><class name="a" filename="a.py"><lines><line number="1" hits="1"/></lines>'
    "</class></classes></package></packages></coverage>"
)
JACOCO = (
    '<report name="r"><package name="p"><sourcefile name="A.java"><line nr="1" mi="0" ci="1" mb="0" cb="0"/>'
    "</sourcefile></package></report>"
)
CLOVER = '<coverage generated="1" clover="4"><project><file name="a.php" path="a.php"><line num="1" count="1" type="stmt"/></file></project></coverage>'  # noqa: E501
CHECKSTYLE = '<checkstyle version="8"><file name="a.py"><error line="1" severity="error" message="m" source="x"/></file></checkstyle>'  # noqa: E501
BAD_ENCODINGS = ["UTF-9", "shift_jis", "utf-7", "utf-32", "idna"]


@pytest.fixture(autouse=True)
def _fresh_streams():
    """Each test sees special files anew (a FIFO made here may reuse a deleted one's inode)."""
    reportfile.forget_streams()
    yield
    reportfile.forget_streams()


def _declare(body: str, encoding: str) -> bytes:
    return f'<?xml version="1.0" encoding="{encoding}"?>{body}'.encode("ascii")


def _read_coverage(path: str):
    from qe_actions.readers.coverage.detect import detect, read_report

    return read_report(path, detect(path))


def _read_checkstyle(path: str):
    from qe_actions.readers.findings.checkstyle import read_checkstyle
    from qe_actions.readers.findings.common import ReadContext

    return read_checkstyle(path, ReadContext(os.path.dirname(path)))


# -- case 1: an encoding pyexpat cannot use is one line about that file, in every XML reader -------------------
@pytest.mark.parametrize("encoding", BAD_ENCODINGS)
@pytest.mark.parametrize(
    ("body", "read"),
    [
        (JUNIT, lambda p: read_junit(p, RunCollector)),
        (COBERTURA, _read_coverage),
        (JACOCO, _read_coverage),
        (CLOVER, _read_coverage),
        (CHECKSTYLE, _read_checkstyle),
    ],
    ids=["junit", "cobertura", "jacoco", "clover", "checkstyle"],
)
def test_unusable_declared_encoding_is_an_input_error(tmp_path, body, read, encoding):
    path = tmp_path / "r.xml"
    path.write_bytes(_declare(body, encoding))
    with pytest.raises(InputError, match="encoding"):
        read(str(path))


@pytest.mark.parametrize("pure", [True, False], ids=["pure", "fast"])
def test_bad_encoding_of_a_second_document_is_an_input_error(tmp_path, monkeypatch, pure):
    if pure:
        monkeypatch.setenv("QE_PURE_PYTHON", "1")
    path = tmp_path / "r.xml"
    path.write_bytes(JUNIT.encode() + b"\n" + _declare(JUNIT, "shift_jis"))
    with pytest.raises(InputError, match="shift_jis"):
        read_junit(str(path), RunCollector)


@pytest.mark.parametrize("encoding", ["ISO-8859-1", "latin-1", "cp1252", "windows-1252", "US-ASCII"])
def test_one_byte_encodings_are_still_read(tmp_path, encoding):
    path = tmp_path / "r.xml"
    path.write_bytes(_declare(JUNIT, encoding))
    assert summarise(read_junit(str(path), RunCollector)).totals.tests == 1


def test_bad_encoding_end_to_end_keeps_the_good_file(tmp_path):
    (tmp_path / "bad.xml").write_bytes(_declare(JUNIT, "idna"))
    (tmp_path / "good.xml").write_text(JUNIT)
    out = run_qe("tests", "bad.xml", "good.xml", cwd=tmp_path)
    assert_clean(out, (3,))
    assert "bad.xml: declares the encoding 'idna'" in out.stderr and "1 test: 1 passed" in out.stdout


# -- case 2: counts that are no number a runner writes -----------------------------------------------------
@pytest.mark.parametrize("value", ["1e309", "inf", "-inf", "nan", "9" * 5000, "1e16", "x"])
def test_absurd_counts_are_ignored(value):
    assert int_attr({"tests": value}, "tests") is None


@pytest.mark.parametrize("value", [("3", 3), ("3.0", 3), (" 7 ", 7), ("0", 0)])
def test_plain_counts_are_read(value):
    assert int_attr({"tests": value[0]}, "tests") == value[1]


@pytest.mark.parametrize("value", ["1e309", "inf", "9" * 5000])
def test_absurd_suite_count_reads_the_listed_cases(tmp_path, value):
    path = tmp_path / "r.xml"
    path.write_text(
        f'<testsuites tests="{value}" skipped="{value}"><testsuite tests="{value}" skipped="{value}">'
        '<testcase classname="c" name="n"/></testsuite></testsuites>'
    )
    assert summarise(read_junit(str(path), RunCollector)).totals.tests == 1


# -- case 5: unlisted tests are counted, never enumerated ---------------------------------------------------
def test_a_billion_unlisted_tests_are_counted_at_once(tmp_path):
    path = tmp_path / "r.xml"
    path.write_text('<testsuite tests="1000000000" skipped="999999999"><testcase classname="c" name="n"/></testsuite>')
    started = time.monotonic()
    totals = summarise(read_junit(str(path), RunCollector)).totals
    assert time.monotonic() - started < 2
    assert (totals.tests, totals.skipped, totals.passed, totals.runs) == (1_000_000_000, 999_999_999, 1, 1_000_000_000)


def test_unlisted_tests_of_two_files_add_up(tmp_path):
    for name in ("a.xml", "b.xml"):
        (tmp_path / name).write_text('<testsuite tests="3" skipped="2"><testcase classname="c" name="n"/></testsuite>')
    totals = load_tests(["a.xml", "b.xml"], cwd=tmp_path).totals
    assert (totals.tests, totals.skipped, totals.passed, totals.runs) == (5, 4, 1, 6)


# -- case 8: whole-file reads stop at the bound; decompressed bytes count -----------------------------------
@pytest.fixture
def one_mb(monkeypatch):
    monkeypatch.setenv("QE_MAX_REPORT_MB", "1")
    return 1 << 20


def test_a_file_at_the_bound_is_read(tmp_path, one_mb):
    path = tmp_path / "r.txt"
    path.write_bytes(b"x" * one_mb)
    assert len(reportfile.read_report_text(str(path))) == one_mb


def test_a_file_over_the_bound_is_too_large(tmp_path, one_mb):
    path = tmp_path / "r.txt"
    path.write_bytes(b"x" * (one_mb + 1))
    with pytest.raises(InputError, match=r"too large: more than 1 MB \(raise the bound with QE_MAX_REPORT_MB\)"):
        reportfile.read_report_text(str(path))


def test_a_sparse_file_is_refused_before_reading(tmp_path, one_mb):
    path = tmp_path / "big.sarif"
    with open(path, "wb") as handle:
        handle.write(b'{"runs":[')
        handle.truncate(8 << 30)
    started = time.monotonic()
    with pytest.raises(InputError, match="too large"):
        reportfile.read_report_bytes(str(path))
    assert time.monotonic() - started < 1


def test_a_gzip_bomb_stops_at_the_bound(tmp_path, one_mb):
    path = tmp_path / "bomb.json"
    with gzip.open(path, "wb") as handle:
        handle.write(b" " * (64 << 20))
    assert path.stat().st_size < one_mb
    with pytest.raises(InputError, match="too large"):
        reportfile.read_report_bytes(str(path))


def test_dev_zero_is_too_large(one_mb):
    with pytest.raises(InputError, match="too large"):
        reportfile.read_report_bytes("/dev/zero")


@pytest.mark.parametrize("raw", ["0", "-1", "lots", "inf", "nan"])
def test_a_bad_bound_is_a_usage_error(monkeypatch, raw):
    monkeypatch.setenv("QE_MAX_REPORT_MB", raw)
    with pytest.raises(UsageError, match="QE_MAX_REPORT_MB"):
        reportfile.max_report_bytes()


def test_the_bound_is_raised_by_the_variable(tmp_path, monkeypatch):
    path = tmp_path / "r.txt"
    path.write_bytes(b"x" * (3 << 20))
    monkeypatch.setenv("QE_MAX_REPORT_MB", "2.5")
    with pytest.raises(InputError, match="more than 2.5 MB"):
        reportfile.read_report_bytes(str(path))
    monkeypatch.setenv("QE_MAX_REPORT_MB", "4")
    assert len(reportfile.read_report_bytes(str(path))) == 3 << 20


@pytest.mark.parametrize("command", ["findings", "coverage"])
def test_gzip_bomb_end_to_end_is_bounded(tmp_path, command):
    with gzip.open(tmp_path / "bomb.json", "wb", compresslevel=1) as handle:
        handle.write(b"{")
        chunk = b" " * (1 << 20)
        for _ in range(100):
            handle.write(chunk)
    out = run_qe(command, "bomb.json", cwd=tmp_path, env={"QE_MAX_REPORT_MB": "64"})
    assert_clean(out, (3,))
    assert "bomb.json: too large: more than 64 MB" in out.stderr


# -- case 10: a stream is read once; a FIFO nobody writes to ends ------------------------------------------
@pytest.mark.parametrize(("command", "body"), [("tests", JUNIT), ("coverage", COBERTURA), ("findings", CHECKSTYLE)])
def test_stdin_is_read_once(tmp_path, command, body):
    out = run_qe(command, "/dev/stdin", cwd=tmp_path, stdin=body.encode())
    assert_clean(out, (0, 1, 2))
    assert "empty" not in out.stderr


def test_gzip_on_stdin(tmp_path):
    out = run_qe("tests", "/dev/stdin", cwd=tmp_path, stdin=gzip.compress(JUNIT.encode()))
    assert_clean(out, (0,))
    assert "1 test: 1 passed" in out.stdout


def test_process_substitution(tmp_path):
    (tmp_path / "r.xml").write_text(JUNIT)
    script = f"exec {sys.executable} -m qe_actions tests <(cat r.xml)"
    proc = subprocess.run(["bash", "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=30)
    assert proc.returncode == 0, proc.stderr
    assert "1 test: 1 passed" in proc.stdout


def test_fifo_with_no_writer_ends(tmp_path, monkeypatch):
    monkeypatch.setenv("QE_STREAM_WAIT_SECONDS", "0.3")
    fifo = tmp_path / "f.xml"
    os.mkfifo(fifo)
    started = time.monotonic()
    with pytest.raises(InputError, match="no data arrived for 0.3 s"):
        read_junit(str(fifo), RunCollector)
    assert time.monotonic() - started < 2  # waited once, not once per reading attempt


def test_fifo_with_a_late_writer_is_read(tmp_path, monkeypatch):
    monkeypatch.setenv("QE_STREAM_WAIT_SECONDS", "5")
    fifo = tmp_path / "f.xml"
    os.mkfifo(fifo)

    def write() -> None:
        time.sleep(0.2)
        with open(fifo, "w") as handle:
            handle.write(JUNIT)

    writer = threading.Thread(target=write)
    writer.start()
    try:
        assert summarise(read_junit(str(fifo), RunCollector)).totals.tests == 1
    finally:
        writer.join()


def test_fifo_end_to_end(tmp_path):
    os.mkfifo(tmp_path / "f.xml")
    (tmp_path / "good.xml").write_text(JUNIT)
    out = run_qe("tests", "f.xml", "good.xml", cwd=tmp_path, env={"QE_STREAM_WAIT_SECONDS": "0.5"}, timeout=10)
    assert_clean(out, (3,))
    assert "f.xml: no data arrived" in out.stderr and "1 test: 1 passed" in out.stdout


def test_a_stream_over_the_bound_is_too_large(tmp_path):
    out = run_qe(
        "tests", "/dev/stdin", cwd=tmp_path, stdin=b"<testsuite>" + b" " * (3 << 20), env={"QE_MAX_REPORT_MB": "2"}
    )
    assert_clean(out, (3,))
    assert "/dev/stdin: too large: more than 2 MB" in out.stderr


# -- minor: links ------------------------------------------------------------------------------------------
def test_symlink_loop_is_named(tmp_path):
    os.symlink(tmp_path / "loop", tmp_path / "loop")
    problems = expand(["loop"], cwd=tmp_path).problems
    assert [p.message for p in problems] == ["is a symbolic link loop (too many levels of symbolic links)"]


def test_broken_symlink_is_named(tmp_path):
    os.symlink(tmp_path / "gone.xml", tmp_path / "r.xml")
    assert [p.message for p in expand(["r.xml"], cwd=tmp_path).problems] == [
        "is a broken symbolic link (its target does not exist)"
    ]


def test_symlink_loop_end_to_end(tmp_path):
    os.symlink(tmp_path / "loop", tmp_path / "loop")
    out = run_qe("tests", "loop", cwd=tmp_path)
    assert_clean(out, (3,))
    assert "loop: is a symbolic link loop" in out.stderr


def test_a_missing_file_is_still_no_such_file(tmp_path):
    assert [p.message for p in expand(["nope.xml"], cwd=tmp_path).problems] == ["no such file"]


def test_reading_a_path_given_through_a_loop_is_an_input_error(tmp_path):
    os.symlink(tmp_path / "loop", tmp_path / "loop")
    with pytest.raises(InputError, match="symbolic link loop"):
        reportfile.open_report(str(tmp_path / "loop"))


def test_a_directory_is_refused(tmp_path):
    with pytest.raises(InputError, match="is a directory"):
        reportfile.open_report(str(Path(tmp_path)))


# -- streaming text readers: a line is bounded too (for the LCOV and Go coverprofile readers) -----------------
def test_report_lines_bounds_a_line(tmp_path):
    path = tmp_path / "c.out"
    with open(path, "wb") as handle:
        handle.write(b"mode: set\n")
        handle.truncate(1 << 30)  # a gigabyte of NULs and no newline
    lines = reportfile.report_lines(str(path), max_line=1000)
    assert next(lines) == "mode: set\n"
    with pytest.raises(InputError, match="has a line longer than 1,000 characters"):
        next(lines)


def test_report_lines_reads_lines_of_the_bound_and_any_newline(tmp_path):
    path = tmp_path / "l.info"
    path.write_bytes(b"\xef\xbb\xbf" + b"a" * 10 + b"\r\nb\rc")
    assert list(reportfile.report_lines(str(path), max_line=10)) == ["a" * 10 + "\n", "b\n", "c"]


def test_the_sarif_reader_reads_through_the_bound(tmp_path, one_mb):
    from qe_actions.readers.findings.common import ReadContext
    from qe_actions.readers.findings.sarif import read_sarif

    path = tmp_path / "bomb.sarif"
    with gzip.open(path, "wb") as handle:
        handle.write(b'{"version":"2.1.0","runs":[' + b" " * (8 << 20) + b"]}")
    with pytest.raises(InputError, match="too large"):
        read_sarif(str(path), ReadContext(str(tmp_path)))


def test_one_stream_under_two_names_is_read_once(tmp_path):
    (tmp_path / "r.xml").write_text(JUNIT)
    script = f"cat r.xml | exec {sys.executable} -m qe_actions tests /dev/stdin /proc/self/fd/0 /dev/fd/0"
    proc = subprocess.run(["bash", "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=30)
    assert proc.returncode == 0, proc.stderr
    assert "1 test: 1 passed (3 runs in 3 files" in proc.stdout


# -- globs: `**` does not follow links to directories (a loop read a report 40 times; two never ended) -----------
def test_double_star_does_not_follow_directory_links(tmp_path):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "r.xml").write_text(JUNIT)
    os.symlink("..", tmp_path / "d" / "up")
    os.symlink("..", tmp_path / "d" / "up2")
    started = time.monotonic()
    assert expand(["**/*.xml"], cwd=tmp_path).files == (os.path.join("d", "r.xml"),)
    assert time.monotonic() - started < 2


def test_double_star_keeps_globs_rules(tmp_path):
    for name in ("r.xml", "a/r.xml", "a/b/c/t.xml", ".hid/r.xml", "a/.h/r.xml", "a/b/.dot.xml", "a/b/n.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(JUNIT)
    assert expand(["**/*.xml"], cwd=tmp_path).files == ("a/b/c/t.xml", "a/r.xml", "r.xml")
    assert expand(["a/**/c/*.xml", "**/.h/*.xml"], cwd=tmp_path).files == ("a/b/c/t.xml", "a/.h/r.xml")
    assert expand(["a/**", "!**/*.txt"], cwd=tmp_path).files == ("a/b/c/t.xml", "a/r.xml")


# -- a link a pull request adds must not read the process's environment (the token) into a problem line ---------
def test_a_link_to_proc_environ_is_refused_without_its_content(tmp_path):
    os.symlink("/proc/self/environ", tmp_path / "flake8.txt")
    out = run_qe("findings", "flake8.txt", cwd=tmp_path, env={"QE_GITHUB_TOKEN": "ghp_notarealtoken0123456789"})
    assert_clean(out, (3,))
    assert "flake8.txt: is a kernel pseudo-file (/proc, /sys), not a report file" in out.stderr
    assert "notarealtoken" not in out.stdout + out.stderr


def test_proc_fd_of_a_pipe_is_still_read(tmp_path):
    out = run_qe("tests", "/proc/self/fd/0", cwd=tmp_path, stdin=JUNIT.encode())
    assert_clean(out, (0,))
