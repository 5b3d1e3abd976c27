"""Issue 12 cases 13-16 end to end: `qe publish` as a user runs it (a child process under the harness's memory
and CPU bounds) against the standalone fake GitHub answering as a hostile server would."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.hardening.harness import assert_clean, run_qe

HERE = Path(__file__).resolve().parent
SERVER = HERE.parent / "github" / "fake_github.py"
EVENTS = HERE.parent / "github" / "events"
REPORT = HERE.parent / "github" / "reports" / "fail.json"
SECRET = "ghs_Zq8Lk2Pn5Wx7Rt1Yv4Bc6Df9Gh3Jm0NsQa2Wd5E"  # 44 characters, as in the issue


def leaked(text: str, width: int = 8) -> list[str]:
    """The pieces of the token of `width` characters found in `text` (none may leave the process)."""
    return sorted({SECRET[i : i + width] for i in range(len(SECRET) - width + 1) if SECRET[i : i + width] in text})


@contextmanager
def hostile_github(tmp_path: Path, faults: list[dict[str, object]]) -> Iterator[str]:
    """The standalone fake server with a fault script; yields its API URL."""
    port_file = tmp_path / "port"
    proc = subprocess.Popen(
        [
            sys.executable,
            str(SERVER),
            "--port-file",
            str(port_file),
            "--token",
            SECRET,
            "--pr",
            "7",
            "--faults",
            json.dumps(faults),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        until = time.monotonic() + 20
        while not (port_file.exists() and port_file.read_text()):
            assert proc.poll() is None and time.monotonic() < until, "fake server did not start"
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port_file.read_text()}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def publish(tmp_path: Path, api_url: str, *args: str) -> tuple[object, float, str]:
    """`qe publish fail.json ARGS` in a pull_request run; returns the outcome, its seconds and GITHUB_OUTPUT."""
    env = {
        "GITHUB_ACTIONS": "true",
        "GITHUB_REPOSITORY": "octo/repo",
        "GITHUB_API_URL": api_url,
        "GITHUB_SERVER_URL": "http://github.invalid",
        "GITHUB_EVENT_NAME": "pull_request",
        "GITHUB_EVENT_PATH": str(EVENTS / "pull_request.json"),
        "GITHUB_SHA": "c" * 40,
        "GITHUB_RUN_ID": "99",
        "GITHUB_TOKEN": SECRET,
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
        "GITHUB_OUTPUT": str(tmp_path / "output.txt"),
    }
    start = time.monotonic()
    outcome = run_qe("publish", *args, env=env, cwd=tmp_path, timeout=60)
    elapsed = time.monotonic() - start
    output = tmp_path / "output.txt"
    return outcome, elapsed, output.read_text(encoding="utf-8") if output.exists() else ""


def test_13_a_403_body_with_the_token_after_160_characters_prints_no_fragment(tmp_path) -> None:
    faults = [{"kind": "403", "method": "POST", "path": "check-runs", "message": "x" * 160 + SECRET}]
    with hostile_github(tmp_path, faults) as api_url:
        outcome, _, output = publish(tmp_path, api_url, str(REPORT), "--markdown-out", "report.md")
    assert_clean(outcome, (0,))
    assert "create check run: HTTP 403: " + "x" * 160 + "***" in outcome.stderr  # shown, masked
    files = [p.read_text(encoding="utf-8") for p in tmp_path.iterdir() if p.is_file()]
    assert [leaked(text) for text in [outcome.stdout, outcome.stderr, output, *files] if leaked(text)] == []


def test_13_a_report_holding_the_token_is_masked_in_every_file_we_write(tmp_path) -> None:
    data = json.loads(REPORT.read_text(encoding="utf-8"))
    data["markdown"] += f"\n\nprinted by a test: {SECRET}\n"
    (tmp_path / "leaky.json").write_text(json.dumps(data), encoding="utf-8")
    with hostile_github(tmp_path, []) as api_url:
        outcome, _, output = publish(
            tmp_path, api_url, "leaky.json", "--markdown-out", "report.md", "--write-bundle", "bundle"
        )
    assert_clean(outcome, (0,))
    assert "printed by a test: ***" in (tmp_path / "report.md").read_text(encoding="utf-8")
    files = [p.read_text(encoding="utf-8") for p in tmp_path.rglob("*") if p.is_file() and p.name != "leaky.json"]
    assert len(files) >= 5  # report.md, summary.md, output.txt and the bundle's two files
    assert [leaked(text) for text in [outcome.stdout, outcome.stderr, *files] if leaked(text)] == []


def test_14_an_html_url_holding_the_token_never_reaches_github_output(tmp_path) -> None:
    faults = [
        {"kind": "tamper", "method": "POST", "path": "check-runs", "location": "https://x.invalid/{token}"},
        {"kind": "tamper", "method": "POST", "path": "comments", "location": "https://x.invalid/c/{token}"},
    ]
    with hostile_github(tmp_path, faults) as api_url:
        outcome, _, output = publish(tmp_path, api_url, str(REPORT))
    assert_clean(outcome, (0,))
    assert "https://x.invalid/***" in output and "https://x.invalid/c/***" in output
    assert [leaked(text) for text in [outcome.stdout, outcome.stderr, output] if leaked(text)] == []


@pytest.mark.parametrize(
    "fault",
    [
        {"kind": "redirect", "status": 302},
        {"kind": "redirect", "status": 307},
        {"kind": "html"},
        {"kind": "empty-list"},
    ],
)
def test_15_a_hostile_answer_to_a_create_is_not_done(tmp_path, fault: dict[str, object]) -> None:
    faults = [{**fault, "method": "POST", "path": "check-runs"}, {**fault, "method": "POST", "path": "comments"}]
    with hostile_github(tmp_path, faults) as api_url:
        outcome, _, _ = publish(tmp_path, api_url, str(REPORT), "--publish", "check,comment", "--fail-on-publish-error")
    assert_clean(outcome, (1,))
    assert "check: failed" in outcome.stderr and "comment: failed" in outcome.stderr
    assert "done" not in outcome.stderr


@pytest.mark.parametrize("fault", [{"kind": "slow", "delay": 30.0}, {"kind": "trickle", "delay": 0.5}])
def test_16_a_slow_or_trickling_server_ends_at_the_publish_deadline(tmp_path, fault: dict[str, object]) -> None:
    with hostile_github(tmp_path, [{**fault, "times": 99}]) as api_url:
        outcome, elapsed, output = publish(tmp_path, api_url, str(REPORT), "--publish-deadline", "2")
    assert_clean(outcome, (0,))
    assert elapsed < 8, elapsed  # 2 s of publishing plus the interpreter's start; before: 14 x 30 s, or never
    assert "check: failed" in outcome.stderr and "2 s publish deadline" in outcome.stderr
    assert "outputs: done" in outcome.stderr and "verdict<<" in output  # the file channels still publish


def test_16_the_deadline_option_is_checked(tmp_path) -> None:
    for bad in ("0", "-1", "nan", "inf"):
        outcome = run_qe("publish", str(REPORT), "--publish-deadline", bad, cwd=tmp_path)
        assert_clean(outcome, (3,))
        assert "--publish-deadline" in outcome.stderr, outcome.stderr
