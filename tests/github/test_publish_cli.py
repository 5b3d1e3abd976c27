"""`qe publish` end to end: as a subprocess against the standalone fake server, exit codes, GHES URLs,
PyGithub loaded only when needed, and the token never leaving the Authorization header."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fake_github import FakeGitHub
from publish_fixtures import REPORTS, event_env, fast_settings, report

from qe_actions.cli import main
from qe_actions.github.publish import publish_report

ROOT = Path(__file__).resolve().parents[2]
SERVER = Path(__file__).resolve().parent / "fake_github.py"
SECRET = "ghs_Zq8Lk2Pn5Wx7Rt1Yv4Bc6Df9Gh3Jm0Ns"


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    full = {"PATH": os.environ["PATH"], "PYTHONPATH": str(ROOT / "scripts"), **env}
    return subprocess.run(
        [sys.executable, "-m", "qe_actions", *args], env=full, capture_output=True, text=True, timeout=120
    )


def _standalone(tmp_path, *extra: str):
    """The fake server as its own process, the way the act end-to-end tests start it."""
    port_file, record = tmp_path / "port", tmp_path / "requests.jsonl"
    proc = subprocess.Popen(
        [
            sys.executable,
            str(SERVER),
            "--port-file",
            str(port_file),
            "--record",
            str(record),
            "--token",
            SECRET,
            *extra,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while not (port_file.exists() and port_file.read_text()):
            assert proc.poll() is None and time.monotonic() < deadline, "fake server did not start"
            time.sleep(0.05)
        prefix = extra[extra.index("--prefix") + 1] if "--prefix" in extra else ""
        yield f"http://127.0.0.1:{port_file.read_text()}{prefix}", record
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture
def standalone(tmp_path):
    yield from _standalone(tmp_path, "--comments", "250", "--pr", "7")


def test_qe_publish_subprocess_against_the_standalone_server(tmp_path, standalone) -> None:
    api_url, record = standalone
    env = event_env(tmp_path, api_url, GITHUB_TOKEN=SECRET)
    result = _run(["publish", str(REPORTS / "fail.json"), "--markdown-out", str(tmp_path / "r.md")], env)
    assert result.returncode == 0, result.stderr  # published; the verdict is the gate step's business
    received = [json.loads(line) for line in record.read_text(encoding="utf-8").splitlines()]
    assert all(r["violations"] == [] for r in received), [r["violations"] for r in received]
    assert [(r["method"], r["path"].rsplit("/", 1)[-1]) for r in received] == [
        ("POST", "check-runs"),
        ("GET", "comments"),
        ("GET", "comments"),
        ("GET", "comments"),
        ("POST", "comments"),
    ]
    outputs = (tmp_path / "github_output.txt").read_text(encoding="utf-8")
    assert "report-markdown<<" in outputs and str(tmp_path / "r.md") in outputs
    assert result.stdout.startswith("::error file=tests/test_api.py,line=12")
    everything = result.stdout + result.stderr + record.read_text(encoding="utf-8") + outputs
    assert SECRET not in everything


def test_standalone_server_with_a_fault_script_and_an_enterprise_prefix(tmp_path) -> None:
    faults = json.dumps([{"kind": "502", "method": "POST", "path": "check-runs"}])
    for api_url, record in _standalone(tmp_path, "--prefix", "/api/v3", "--faults", faults):
        env = event_env(tmp_path, api_url, GITHUB_TOKEN=SECRET)
        result = _run(["publish", str(REPORTS / "pass.json"), "--publish", "check"], env)
        assert result.returncode == 0, result.stderr
        received = [json.loads(line) for line in record.read_text(encoding="utf-8").splitlines()]
        assert [(r["method"], r["path"], r["status"]) for r in received] == [
            ("POST", "/api/v3/repos/octo/repo/check-runs", 502),
            ("POST", "/api/v3/repos/octo/repo/check-runs", 201),
        ]
        assert all(r["violations"] == [] for r in received)


def test_enterprise_server_api_prefix(tmp_path) -> None:
    with FakeGitHub(prefix="/api/v3") as fake:
        env = event_env(tmp_path, fake.api_url)
        assert fake.api_url.endswith("/api/v3")
        outcome = publish_report(report("fail.json"), fast_settings(env, channels=frozenset({"check", "comment"})))
        assert not outcome.failed
        assert all(r.path.startswith("/api/v3/repos/octo/repo/") for r in fake.state.received)
        assert fake.state.description == "ghes-3.17"  # checked against GitHub Enterprise Server's description
        assert fake.state.violations == []


def test_bad_report_is_one_line_and_exit_3(tmp_path, capsys) -> None:
    bad = tmp_path / "report.json"
    bad.write_text('{"schema": "qe-report/1", "verdict": "pass", "annotations": [{"level": "loud"}]}', "utf-8")
    assert main(["publish", str(bad), "--publish", "outputs"]) == 3
    err = capsys.readouterr().err.strip()
    assert err == f"qe publish: {bad}: not a gate report: annotations[0].level must be one of notice, warning, failure"
    assert main(["publish", str(tmp_path / "missing.json")]) == 3
    assert main(["publish", str(REPORTS / "fail.json"), "--publish", "check,email"]) == 3
    assert "unknown channel email" in capsys.readouterr().err


def test_fail_on_publish_error_is_the_only_way_publishing_changes_the_exit_code(tmp_path, fake, monkeypatch) -> None:
    fake.state.permissions.clear()
    for key, value in event_env(tmp_path, fake.api_url).items():
        monkeypatch.setenv(key, value)
    args = ["publish", str(REPORTS / "pass.json"), "--publish", "comment", "--max-retry-wait", "0"]
    assert main(args) == 0
    assert main(args + ["--fail-on-publish-error"]) == 1


def test_token_env_option_and_its_errors(tmp_path, fake, monkeypatch, capsys) -> None:
    for key, value in event_env(tmp_path, fake.api_url, GITHUB_TOKEN="").items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("MY_TOKEN", "test-token")
    assert main(["publish", str(REPORTS / "pass.json"), "--publish", "check", "--token-env", "MY_TOKEN"]) == 0
    assert len(fake.state.check_runs) == 1
    assert main(["publish", str(REPORTS / "pass.json"), "--token-env", "NOT_SET_ANYWHERE"]) == 3
    assert "NOT_SET_ANYWHERE is empty or not set" in capsys.readouterr().err


def test_pygithub_is_imported_only_when_an_api_channel_runs(tmp_path) -> None:
    code = (
        "import sys; from qe_actions.cli import main; "
        f"rc = main(['publish', {str(REPORTS / 'fail.json')!r}, '--publish', 'summary,annotations,outputs']); "
        "print(rc, 'github' in sys.modules, 'requests' in sys.modules)"
    )
    env = {"PATH": os.environ["PATH"], "PYTHONPATH": str(ROOT / "scripts"), "GITHUB_OUTPUT": str(tmp_path / "o")}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert result.stdout.strip().splitlines()[-1] == "0 False False", result.stderr


def test_the_token_is_never_logged_printed_raised_or_written(tmp_path, caplog) -> None:
    import github  # noqa: F401 - importing PyGithub sets its logger to INFO; set DEBUG after that

    caplog.set_level(logging.DEBUG)  # urllib3 logs requests at DEBUG
    caplog.set_level(logging.DEBUG, logger="github")  # PyGithub logs headers (masked) and bodies at DEBUG
    with FakeGitHub(token=SECRET) as fake:
        from fake_github import Fault

        fake.state.faults = [
            Fault("502", "POST", "check-runs"),
            Fault("reset", "GET", "comments"),
            Fault("422", "POST", "comments"),
        ]
        env = event_env(tmp_path, fake.api_url, GITHUB_TOKEN=SECRET)
        settings = fast_settings(env, write_bundle=str(tmp_path / "bundle"))
        outcome = publish_report(report("fail.json"), settings)
        assert fake.state.received and outcome.failed  # the 422 made one channel fail
    texts = [caplog.text, settings.log.getvalue(), settings.stdout.getvalue(), repr(outcome), repr(settings)]
    texts += [r.detail for r in outcome.results]
    texts += [p.read_text(encoding="utf-8") for p in tmp_path.rglob("*") if p.is_file()]
    assert "'Authorization': 'token (oauth token removed)'" in caplog.text  # headers were logged, masked
    assert [text[max(0, text.find(SECRET) - 200) :][:300] for text in texts if SECRET in text] == []


def test_publishes_the_report_the_real_gate_writes(tmp_path, fake, capsys) -> None:
    """The gate helper's producer (`qe demo` runs `qe gate` on bundled samples) read by publishing, end to end."""
    assert main(["demo", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    outcome = publish_report(document, fast_settings(event_env(tmp_path, fake.api_url)))
    assert not outcome.failed, outcome
    [run] = fake.state.check_runs.values()
    assert len(run["annotations"]) == len(document["annotations"]) > 0
    assert run["conclusion"] == {"pass": "success", "warn": "neutral"}.get(document["verdict"], "failure")
    [comment] = fake.state.comments[7]
    assert document["title"] in comment["body"] or document["markdown"][:200] in comment["body"]
