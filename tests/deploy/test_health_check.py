"""`qe health-check` against a local server that fails N times, hangs, answers the wrong body, redirects, or
never comes up; every case is bounded in time."""

from __future__ import annotations

import socket
import sys
import time
from pathlib import Path

import pytest

from qe_actions.cli import main
from qe_actions.deploy.backoff import Backoff, next_wait

sys.path.insert(0, str(Path(__file__).resolve().parent))
from health_server import HealthServer, Script  # noqa: E402

FAST = ["--interval", "0.05", "--max-interval", "0.2"]


def _timed(args: list[str]) -> tuple[int, float]:
    start = time.monotonic()
    code = main(["health-check", *args])
    return code, time.monotonic() - start


def test_healthy_after_failing_three_times(capsys: pytest.CaptureFixture[str]) -> None:
    with HealthServer(Script(("503", "starting"), ("503", "starting"), ("502", "x"), ("200", "ok"))) as server:
        code, took = _timed([server.url + "/health", "--expect-status", "200,204", "--timeout", "5", *FAST])
    out = capsys.readouterr().out
    assert code == 0 and took < 3
    assert server.script.hits == 4
    lines = [line for line in out.splitlines() if line.startswith("attempt ")]
    assert [line.split(":")[0] for line in lines] == ["attempt 1", "attempt 2", "attempt 3", "attempt 4"]
    assert "HTTP 503 in" in lines[0] and "status 503 is not 200,204; next attempt in" in lines[0]
    assert lines[3].startswith("attempt 4: HTTP 200 in ") and lines[3].endswith(" ms: healthy")
    assert "healthy after 4 attempt(s)" in out


def test_204_is_healthy_when_expected() -> None:
    with HealthServer(Script(("204", ""))) as server:
        assert _timed([server.url, "--expect-status", "200,204", "--timeout", "2", *FAST])[0] == 0


def test_wrong_body_until_timeout(capsys: pytest.CaptureFixture[str]) -> None:
    with HealthServer(Script(("200", "status: degraded"))) as server:
        code, took = _timed([server.url, "--expect-body", '"status":"ok"', "--timeout", "1", *FAST])
    captured = capsys.readouterr()
    assert code == 1 and 0.9 < took < 2.5
    assert server.script.hits >= 3  # retried with backoff, not once
    assert 'body does not contain \'"status":"ok"\'' in captured.out
    assert "not healthy:" in captured.err


def test_a_hanging_server_is_cut_by_the_attempt_and_overall_timeouts(capsys: pytest.CaptureFixture[str]) -> None:
    with HealthServer(Script(("hang", 5))) as server:
        code, took = _timed([server.url, "--timeout", "1.2", "--attempt-timeout", "0.4", *FAST])
    out = capsys.readouterr().out
    assert code == 1 and took < 2.5
    assert "attempt 1: no answer in" in out and "timed out after 0.4 s" in out


def test_never_comes_up(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    code, took = _timed([f"http://127.0.0.1:{port}/", "--timeout", "1", *FAST])
    out = capsys.readouterr().out
    assert code == 1 and took < 2
    assert "attempt 1: no answer in" in out and "connection refused" in out


def test_redirect_is_its_status_unless_followed(capsys: pytest.CaptureFixture[str]) -> None:
    with HealthServer(Script(("redirect", "/login"))) as server:
        code, _ = _timed([server.url + "/health", "--timeout", "0.5", *FAST])
        out = capsys.readouterr().out
        assert code == 1 and "HTTP 302 -> /login in" in out and "status 302 is not 200" in out
    with HealthServer(Script(("redirect", "/ready"), ("200", "ready"))) as server:
        code, _ = _timed([server.url + "/health", "--follow-redirects", "--expect-body", "ready", "--timeout", "2"])
        assert code == 0 and server.script.hits == 2


@pytest.mark.parametrize(
    "args",
    [
        ["ftp://host/x"],
        ["http://127.0.0.1/", "--expect-status", "abc"],
        ["http://127.0.0.1/", "--timeout", "-1"],
        ["http://127.0.0.1/", "--expect-status", "700"],
    ],
)
def test_bad_usage_is_exit_3(args: list[str]) -> None:
    assert main(["health-check", *args]) == 3


def test_backoff_doubles_with_jitter_and_never_passes_the_deadline() -> None:
    backoff = Backoff(interval=1.0, max_interval=8.0)
    assert [backoff.wait(n, lambda: 1.0) for n in range(1, 6)] == [1.0, 2.0, 4.0, 8.0, 8.0]
    assert [backoff.wait(n, lambda: 0.0) for n in range(1, 5)] == [0.5, 1.0, 2.0, 4.0]
    assert next_wait(backoff, 4, left=3.0, draw=lambda: 1.0) == 3.0
    assert next_wait(backoff, 1, left=0.01) is None


def test_credentials_in_the_url_are_not_printed(capsys: pytest.CaptureFixture[str]) -> None:
    with HealthServer(Script(("200", "ok"))) as server:
        url = server.url.replace("http://", "http://user:s3cret@") + "/h?token=abc"
        assert main(["health-check", url, "--timeout", "2"]) == 0
    out = capsys.readouterr().out
    assert "s3cret" not in out and "token=abc" not in out
