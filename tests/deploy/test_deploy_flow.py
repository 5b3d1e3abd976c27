"""`qe deploy` against the fake GitHub (every request checked against GitHub's REST description), with real
commands (bash) and a real local health endpoint: success, gate refusal, failed health check with rollback to
the previous success, nothing to roll back to, and API faults during status updates."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from qe_actions.cli import main

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "github"))
sys.path.insert(0, str(HERE))
from fake_github_deployments import seed_deployment  # noqa: E402
from gate_seed import seed_gate  # noqa: E402
from health_server import HealthServer, Script  # noqa: E402

SHA = "c" * 40
GOOD = "a" * 40
BAD = "b" * 40


def _env(monkeypatch: pytest.MonkeyPatch, fake, tmp_path: Path) -> None:
    for name in ("GITHUB_EVENT_PATH", "GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY", "QE_GITHUB_TOKEN", "GH_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GITHUB_API_URL", fake.api_url)
    monkeypatch.setenv("GITHUB_REPOSITORY", "octo/repo")
    monkeypatch.setenv("GITHUB_TOKEN", "test-token")
    monkeypatch.setenv("GITHUB_SHA", SHA)
    monkeypatch.setenv("GITHUB_REF_NAME", "main")
    monkeypatch.setenv("GITHUB_RUN_ID", "77")
    monkeypatch.chdir(tmp_path)


def _statuses(fake, deployment_id: int) -> list[str]:
    item = next(d for d in fake.state.deployments if d["id"] == deployment_id)
    return [s["state"] for s in item["statuses"]]


def _ours(fake) -> list[dict]:
    return [d for d in fake.state.deployments if d["payload"].get("qe_key")]


def _deploy(server: HealthServer, *more: str) -> int:
    return main(
        [
            "deploy",
            "--environment",
            "staging",
            "--seconds-between-writes",
            "0",
            "--deploy-command",
            'echo "deploy $QE_DEPLOY_SHA" >> log',
            "--rollback-command",
            'echo "rollback $QE_DEPLOY_SHA from $QE_ROLLBACK_FROM_SHA" >> log; touch up',
            "--health-url",
            server.url + "/health",
            "--timeout",
            "0.6",
            "--interval",
            "0.05",
            "--environment-url",
            "https://staging.example.test",
            *more,
        ]
    )


def test_success_marks_the_previous_deployment_inactive(fake, monkeypatch, tmp_path, capsys) -> None:
    _env(monkeypatch, fake, tmp_path)
    seed_gate(fake.state, SHA, "success")
    previous = seed_deployment(fake.state, GOOD, "staging", ["in_progress", "success"])
    (tmp_path / "up").touch()
    with HealthServer(Script(("file", str(tmp_path / "up")))) as server:
        assert _deploy(server) == 0
    out = capsys.readouterr().out
    [ours] = _ours(fake)
    assert ours["sha"] == SHA and ours["environment"] == "staging" and ours["payload"]["ref"] == "main"
    assert _statuses(fake, ours["id"]) == ["in_progress", "success"]
    assert ours["statuses"][-1]["environment_url"] == "https://staging.example.test"
    assert ours["statuses"][-1]["log_url"] == "https://github.com/octo/repo/actions/runs/77"
    assert _statuses(fake, previous) == ["in_progress", "success", "inactive"]  # GitHub's auto_inactive
    assert (tmp_path / "log").read_text() == f"deploy {SHA}\n"
    assert f"deployed {SHA[:12]} to staging (deployment #{ours['id']}): healthy" in out


@pytest.mark.parametrize("conclusion", ["failure", None, "missing"])
def test_refuses_without_a_passed_gate(fake, monkeypatch, tmp_path, capsys, conclusion) -> None:
    _env(monkeypatch, fake, tmp_path)
    if conclusion != "missing":
        seed_gate(fake.state, SHA, conclusion)
    with HealthServer(Script(("200", "ok"))) as server:
        assert _deploy(server) == 1
    assert fake.requests("POST") == [] and not (tmp_path / "log").exists()
    assert f"refusing to deploy {SHA[:12]} to staging: its 'qe-actions' check run is" in capsys.readouterr().out


def test_no_require_gate_deploys_and_a_warn_gate_passes(fake, monkeypatch, tmp_path) -> None:
    _env(monkeypatch, fake, tmp_path)
    (tmp_path / "up").touch()
    with HealthServer(Script(("file", str(tmp_path / "up")))) as server:
        assert _deploy(server, "--no-require-gate") == 0
        seed_gate(fake.state, SHA, "neutral")  # the gate's conclusion for "passed with warnings"
        assert _deploy(server) == 0
    assert fake.requests("GET", "/check-runs")[0].query["check_name"] == ["qe-actions"]


def test_failed_health_check_rolls_back_to_the_last_success_never_a_failed_one(
    fake, monkeypatch, tmp_path, capsys
) -> None:
    _env(monkeypatch, fake, tmp_path)
    seed_gate(fake.state, SHA, "success")
    good = seed_deployment(fake.state, GOOD, "staging", ["in_progress", "success"], ref="v1.0.0")
    failed = seed_deployment(fake.state, BAD, "staging", ["in_progress", "success", "failure"])
    seed_deployment(fake.state, BAD, "production", ["success"])  # another environment: never a target
    with HealthServer(Script(("file", str(tmp_path / "up")))) as server:
        assert _deploy(server) == 1
    out = capsys.readouterr().out
    broken, rollback = _ours(fake)
    assert (broken["sha"], rollback["sha"]) == (SHA, GOOD)
    assert _statuses(fake, broken["id"]) == ["in_progress", "failure"]
    assert broken["statuses"][-1]["description"] == "health check failed"
    assert _statuses(fake, rollback["id"]) == ["in_progress", "success"]
    assert rollback["payload"]["rollback_of"] == broken["id"] and rollback["payload"]["rollback_to"] == good
    assert _statuses(fake, good) == ["in_progress", "success", "inactive"]
    assert _statuses(fake, failed) == ["in_progress", "success", "failure"]
    assert (tmp_path / "log").read_text() == f"deploy {SHA}\nrollback {GOOD} from {SHA}\n"
    assert (
        f"health check failed; rolled back staging to {GOOD[:12]} (v1.0.0), the deployment #{good}, "
        f"as #{rollback['id']}: healthy"
    ) in out


def test_github_output_and_step_summary(fake, monkeypatch, tmp_path) -> None:
    """--github-output: outcome, deployment id and rollback target as step outputs, and a short job summary."""
    _env(monkeypatch, fake, tmp_path)
    monkeypatch.setenv("GITHUB_OUTPUT", str(tmp_path / "out"))
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "summary"))
    assert (
        main(
            [
                "deploy",
                "--environment",
                "qa `x` @team",
                "--seconds-between-writes",
                "0",
                "--no-require-gate",
                "--deploy-command",
                "true",
                "--github-output",
            ]
        )
        == 0
    )
    [ours] = _ours(fake)
    written = (tmp_path / "out").read_text(encoding="utf-8")
    assert "outcome<<" in written and "\ndeployed\n" in written and f"\n{ours['id']}\n" in written
    summary = (tmp_path / "summary").read_text(encoding="utf-8")
    assert summary.startswith("### qe deploy: ``qa `x` @team``") and f"deployment #{ours['id']}" in summary


def test_nothing_to_roll_back_to(fake, monkeypatch, tmp_path, capsys) -> None:
    _env(monkeypatch, fake, tmp_path)
    seed_gate(fake.state, SHA, "success")
    seed_deployment(fake.state, BAD, "staging", ["in_progress", "failure"])
    seed_deployment(fake.state, BAD, "staging", ["in_progress"])  # never finished
    with HealthServer(Script(("file", str(tmp_path / "up")))) as server:
        code = main(
            [
                "deploy",
                "--environment",
                "staging",
                "--seconds-between-writes",
                "0",
                "--deploy-command",
                "exit 7",
                "--rollback-command",
                "touch rolled",
                "--health-url",
                server.url,
            ]
        )
    assert code == 1 and not (tmp_path / "rolled").exists()
    [ours] = _ours(fake)
    assert _statuses(fake, ours["id"]) == ["in_progress", "failure"]
    assert "deploy command failed; nothing to roll back to: staging has no earlier successful deployment" in (
        capsys.readouterr().out
    )


def test_smoke_failure_without_rollback_command_says_so(fake, monkeypatch, tmp_path, capsys) -> None:
    _env(monkeypatch, fake, tmp_path)
    main_args = [
        "deploy",
        "--environment",
        "staging",
        "--seconds-between-writes",
        "0",
        "--no-require-gate",
        "--deploy-command",
        "true",
        "--smoke-command",
        "false",
    ]
    assert main(main_args) == 1
    assert "smoke command failed; no rollback command given" in capsys.readouterr().out


def test_bad_usage_is_exit_3(fake, monkeypatch, tmp_path) -> None:
    _env(monkeypatch, fake, tmp_path)
    assert main(["deploy", "--environment", "x", "--deploy-command", "true", "--sha", "abc"]) == 3
    monkeypatch.delenv("GITHUB_TOKEN")
    assert main(["deploy", "--environment", "x", "--deploy-command", "true"]) == 3
