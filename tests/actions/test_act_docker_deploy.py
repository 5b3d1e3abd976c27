"""End to end under act: the docker-build action (Docker's own actions and Trivy stubbed: there is no Docker engine
here; the stubs record what they were given) and the deploy action (real qe deploy against the fake GitHub, real
bash commands, a real local health endpoint)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.actions.act_runner import STUBS, act_binary, run_act
from tests.actions.repo import REPO, pr_event, user_repo

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "github"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "deploy"))
from fake_github import FakeGitHub  # noqa: E402
from fake_github_deployments import seed_deployment  # noqa: E402
from gate_seed import seed_gate  # noqa: E402
from health_server import HealthServer, Script  # noqa: E402

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(act_binary() is None, reason="act is not installed (pip install '.[test]')"),
]

BUILD = """\
on: [push, pull_request]
permissions: {}
jobs:
  image:
    runs-on: ubuntu-latest
    permissions:
      contents: read
    steps:
      - uses: actions/checkout@v4
      - id: image
        uses: example-org/qe-actions/actions/docker-build@v1
        with:
          images: ghcr.io/Octo/Repo
          tags: |
            type=ref,event=branch
            type=ref,event=pr
            type=semver,pattern={{version}}
            type=semver,pattern={{major}}.{{minor}}
            type=sha
          push: "true"
          registry: ghcr.io
          username: octo
          password: not-a-secret
          max-size-mb: ${{ github.event_name == 'pull_request' && '100' || '' }}
          publish: summary,outputs
"""
DOCKERFILE = "FROM python:3.12-slim\nRUN apt-get update && apt-get install -y curl\nUSER app\n"


def _build(tmp_path: Path, passing_reports: Path, event: str, payload: dict, sarif: str):
    log = tmp_path / "stubs"
    log.mkdir()
    repo, sha = user_repo(tmp_path, passing_reports, {"image.yml": BUILD}, extra={"Dockerfile": DOCKERFILE})
    if event == "push":
        payload = {**payload, "after": sha}
    env = {"QE_STUB_LOG": str(log), "QE_STUB_TRIVY_SARIF": str(STUBS / "trivy-action" / sarif)}
    result = run_act(
        repo,
        "image.yml",
        event=event,
        event_payload=payload,
        work=tmp_path / "run",
        api_url="http://127.0.0.1:9",
        env=env,
        extra_path=(str(STUBS / "docker-bin"),),
    )
    calls = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in log.glob("*.json")}
    return result, calls, sha


def _push_event(ref: str) -> dict:
    event = json.loads((Path(__file__).resolve().parents[1] / "github" / "events" / "push.json").read_text())
    event["ref"] = ref
    event["repository"]["default_branch"] = "main"
    return event


def test_tag_push_builds_pushes_and_scans_by_digest(tmp_path, passing_reports):
    result, calls, sha = _build(tmp_path, passing_reports, "push", _push_event("refs/tags/v1.2.3"), "trivy-high.sarif")
    assert result.job_result == "success", result.log()
    build = calls["build-push"]
    assert build["tags"].split("\n") == [
        "ghcr.io/octo/repo:1.2.3",
        "ghcr.io/octo/repo:1.2",
        f"ghcr.io/octo/repo:sha-{sha[:7]}",
        "ghcr.io/octo/repo:latest",
    ]
    labels = dict(line.split("=", 1) for line in build["labels"].split("\n"))
    assert labels["org.opencontainers.image.revision"] == sha
    assert labels["org.opencontainers.image.version"] == "1.2.3"
    event = _push_event("refs/tags/v1.2.3")
    assert labels["org.opencontainers.image.source"] == event["repository"]["html_url"]  # the event's repository
    assert labels["org.opencontainers.image.title"] == REPO.split("/")[1]
    assert (build["push"], build["load"]) == ("true", "false")
    assert build["cache-from"] == "type=gha,scope=ghcr.io-Octo-Repo"
    assert build["cache-to"] == "type=gha,mode=max,scope=ghcr.io-Octo-Repo"
    assert (build["context"], build["file"]) == (".", "Dockerfile")
    assert calls["login"] == {"registry": "ghcr.io", "username": "octo", "password-set": "true"}
    assert calls["trivy"]["image-ref"].startswith("ghcr.io/octo/repo@sha256:")
    assert (calls["trivy"]["format"], calls["trivy"]["exit-code"]) == ("sarif", "0")
    outputs = result.outputs("image")
    assert outputs["pushed"] == "true" and outputs["version"] == "1.2.3"
    assert outputs["verdict"] in ("pass", "warn"), result.log()  # a high vuln not in a baseline is not new
    summary = "\n".join(result.summaries())
    assert "`ghcr.io/octo/repo:1.2.3`" in summary and "| digest | `sha256:" in summary


def test_fork_pull_request_is_never_pushed_and_the_size_budget_fails(tmp_path, passing_reports):
    result, calls, _ = _build(
        tmp_path, passing_reports, "pull_request", pr_event(5, "0" * 40, fork=True), "trivy-high.sarif"
    )
    build = calls["build-push"]
    assert build["tags"] == "ghcr.io/octo/repo:pr-5\nghcr.io/octo/repo:sha-" + build["tags"].rsplit("sha-", 1)[1]
    assert (build["push"], build["load"]) == ("false", "true")
    assert "login" not in calls  # nothing is pushed, so no credentials are used
    assert calls["trivy"]["image-ref"] == "ghcr.io/octo/repo:pr-5"  # scanned in the (stub) local engine
    assert result.job_result == "failure"
    summary = "\n".join(result.summaries())
    assert "| ❌ | Image size \\(MB\\) | overall | 250 | ≤ 100 | fail |" in summary  # the gate's image_size_mb
    assert "Lint warnings 1 (required ≤ 0)" in result.log()  # real hadolint: DL3008 on the PR's new Dockerfile
    outputs = result.outputs("image")
    assert (outputs["pushed"], outputs["size-bytes"], outputs["verdict"]) == ("false", "250000000", "fail")
    assert "not pushed: the pull request comes from a fork" in summary


def test_a_critical_vulnerability_fails_the_build(tmp_path, passing_reports):
    result, calls, _ = _build(tmp_path, passing_reports, "push", _push_event("refs/heads/main"), "trivy-critical.sarif")
    assert calls["build-push"]["tags"].split("\n")[0] == "ghcr.io/octo/repo:main"
    assert result.job_result == "failure"
    assert result.outputs("image")["verdict"] == "fail"


DEPLOY = """\
on: push
permissions: {}
concurrency:
  group: deploy-staging
  cancel-in-progress: false
jobs:
  deploy:
    runs-on: ubuntu-latest
    permissions:
      contents: read
      deployments: write
      checks: read
    steps:
      - id: deploy
        uses: example-org/qe-actions/actions/deploy@v1
        with:
          environment: staging
          deploy-command: echo "deploy $QE_DEPLOY_SHA" >> "$QE_STUB_LOG/commands"
          rollback-command: echo "rollback $QE_DEPLOY_SHA" >> "$QE_STUB_LOG/commands"; touch "$QE_STUB_LOG/up"
          health-url: HEALTH_URL
          health-timeout: "1"
          health-interval: "0.1"
          environment-url: https://staging.example.test
"""


@pytest.mark.parametrize("healthy", [True, False], ids=["healthy", "rolled-back"])
def test_deploy_action_records_statuses_and_rolls_back(tmp_path, passing_reports, healthy):
    log = tmp_path / "stubs"
    log.mkdir()
    if healthy:
        (log / "up").touch()
    good = "a" * 40
    with (
        FakeGitHub(token="ghs_test_token_0123456789") as fake,
        HealthServer(Script(("file", str(log / "up")))) as health,
    ):
        repo, sha = user_repo(tmp_path, passing_reports, {"deploy.yml": DEPLOY.replace("HEALTH_URL", health.url)})
        seed_gate(fake.state, sha, "success")
        previous = seed_deployment(fake.state, good, "staging", ["in_progress", "success"], ref="v0.9.0")
        event = {**_push_event("refs/heads/main"), "after": sha}
        result = run_act(
            repo,
            "deploy.yml",
            event="push",
            event_payload=event,
            work=tmp_path / "run",
            api_url=fake.api_url,
            env={"QE_STUB_LOG": str(log)},
        )
        assert fake.state.violations == []
        ours = [d for d in fake.state.deployments if d["payload"].get("qe_key")]
    outputs = result.outputs("deploy")
    states = [[s["state"] for s in d["statuses"]] for d in ours]
    if healthy:
        assert result.job_result == "success", result.log()
        assert [d["sha"] for d in ours] == [sha] and states == [["in_progress", "success"]]
        assert outputs["outcome"] == "deployed" and outputs["deployment-id"] == str(ours[0]["id"])
        assert (log / "commands").read_text() == f"deploy {sha}\n"
    else:
        assert result.job_result == "failure"
        assert [d["sha"] for d in ours] == [sha, good]
        assert states == [["in_progress", "failure"], ["in_progress", "success"]]
        assert (outputs["outcome"], outputs["rolled-back-to"]) == ("rolled-back", good)
        assert (log / "commands").read_text() == f"deploy {sha}\nrollback {good}\n"
        assert f"rolled back staging to {good[:12]} (v0.9.0), the deployment #{previous}" in result.log()
    assert "ghs_test_token_0123456789" not in result.log()


REAL_TOOLS = ("buildah", "docker-registry", "skopeo")  # Debian's; .ci/run installs them


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.skipif(
    any(shutil.which(tool) is None for tool in REAL_TOOLS) and os.environ.get("QE_EXPECT_REAL_BUILD") != "1",
    reason="buildah, docker-registry and skopeo are not installed (apt-get install buildah docker-registry skopeo)",
)
def test_a_real_build_is_pushed_to_a_real_registry(tmp_path, passing_reports):
    """The build-push stub builds for real with buildah and pushes to Docker's registry on 127.0.0.1: the registry
    holds every tag qe image-meta computed, with its OCI labels, under the digest the action reports."""
    port = _free_port()
    config = tmp_path / "registry.yml"
    config.write_text(
        f"version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: {tmp_path / 'registry'}\n"
        f"http:\n  addr: 127.0.0.1:{port}\n",
        encoding="utf-8",
    )
    registry = subprocess.Popen(
        ["docker-registry", "serve", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        image = f"127.0.0.1:{port}/octo/app"
        log = tmp_path / "stubs"
        log.mkdir()
        flow = BUILD.replace("ghcr.io/Octo/Repo", image).replace("registry: ghcr.io", f"registry: 127.0.0.1:{port}")
        repo, sha = user_repo(
            tmp_path,
            passing_reports,
            {"image.yml": flow},
            extra={"Dockerfile": "FROM scratch\nCOPY calc.py /app/calc.py\n"},
        )
        env = {
            "QE_STUB_LOG": str(log),
            "QE_STUB_REAL_BUILD": "1",
            "QE_STUB_TRIVY_SARIF": str(STUBS / "trivy-action" / "trivy-high.sarif"),
        }
        event = {**_push_event("refs/tags/v1.2.3"), "after": sha}
        result = run_act(
            repo,
            "image.yml",
            event="push",
            event_payload=event,
            work=tmp_path / "run",
            api_url="http://127.0.0.1:9",
            env=env,
        )
        assert result.job_result == "success", result.log() + (log / "buildah.log").read_text()
        listed = subprocess.run(
            ["skopeo", "list-tags", "--tls-verify=false", f"docker://{image}"],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
        assert sorted(json.loads(listed.stdout)["Tags"]) == sorted(["1.2.3", "1.2", f"sha-{sha[:7]}", "latest"])
        shown = subprocess.run(
            ["skopeo", "inspect", "--tls-verify=false", f"docker://{image}:1.2.3"],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
        pushed = json.loads(shown.stdout)
        assert pushed["Labels"]["org.opencontainers.image.revision"] == sha
        assert pushed["Labels"]["org.opencontainers.image.version"] == "1.2.3"
        assert pushed["Digest"] == result.outputs("image")["digest"]
        assert json.loads((log / "trivy.json").read_text())["image-ref"] == f"{image}@{pushed['Digest']}"
    finally:
        registry.terminate()
        registry.wait(timeout=10)


def test_the_deploy_template_deploys_main_to_staging(tmp_path, passing_reports):
    """workflow-templates/qe-deploy.yml as a user copies it (its URLs pointed at a local server, its deploy and
    smoke scripts written): a push to main runs the staging job only, which deploys and marks it healthy."""
    template = (Path(__file__).resolve().parents[2] / "workflow-templates" / "qe-deploy.yml").read_text()
    log = tmp_path / "stubs"
    log.mkdir()
    (log / "up").touch()
    scripts = {
        "scripts/deploy.sh": 'echo "deploy $1 $2" >> "$QE_STUB_LOG/commands"\n',
        "scripts/smoke.sh": 'echo "smoke $1" >> "$QE_STUB_LOG/commands"\n',
    }
    with (
        FakeGitHub(token="ghs_test_token_0123456789") as fake,
        HealthServer(Script(("file", str(log / "up")))) as health,
    ):
        flow = (
            template.replace("$default-branch", "main")
            .replace("https://staging.example.com", health.url)
            .replace("./scripts/", "bash scripts/")
        )
        repo, sha = user_repo(tmp_path, passing_reports, {"deploy.yml": flow}, extra=scripts)
        seed_gate(fake.state, sha, "success")
        event = {**_push_event("refs/heads/main"), "after": sha}
        result = run_act(
            repo,
            "deploy.yml",
            event="push",
            event_payload=event,
            work=tmp_path / "run",
            api_url=fake.api_url,
            env={"QE_STUB_LOG": str(log)},
        )
        assert fake.state.violations == []
        ours = [d for d in fake.state.deployments if d["payload"].get("qe_key")]
    assert result.job_results.get("staging") == "success", result.log()
    assert "production" not in result.job_results or result.job_results["production"] != "failure"
    assert [(d["environment"], d["sha"]) for d in ours] == [("staging", sha)]
    assert [s["state"] for s in ours[0]["statuses"]] == ["in_progress", "success"]
    assert (log / "commands").read_text() == f"deploy staging {sha}\nsmoke {health.url}\n"


def test_the_container_template_builds_scans_and_pushes_a_tag(tmp_path, passing_reports):
    """workflow-templates/qe-container.yml as a user copies it, on a `v*` tag push: the image is pushed with the
    template's tag rules and the job passes."""
    template = (Path(__file__).resolve().parents[2] / "workflow-templates" / "qe-container.yml").read_text()
    log = tmp_path / "stubs"
    log.mkdir()
    repo, sha = user_repo(
        tmp_path,
        passing_reports,
        {"image.yml": template.replace("$default-branch", "main")},
        extra={"Dockerfile": DOCKERFILE},
    )
    env = {"QE_STUB_LOG": str(log), "QE_STUB_TRIVY_SARIF": str(STUBS / "trivy-action" / "trivy-high.sarif")}
    event = {**_push_event("refs/tags/v2.0.0"), "after": sha}
    with FakeGitHub(token="ghs_test_token_0123456789") as fake:
        result = run_act(
            repo,
            "image.yml",
            event="push",
            event_payload=event,
            work=tmp_path / "run",
            api_url=fake.api_url,
            env=env,
            extra_path=(str(STUBS / "docker-bin"),),
        )
        assert fake.state.violations == []
        runs = list(fake.state.check_runs.values())
    assert result.job_result == "success", result.log()
    # neutral: passed with warnings, hadolint's DL3008 on a line this commit added (the high vulnerability is not new)
    assert [(r["name"], r["head_sha"], r["conclusion"]) for r in runs] == [("qe-actions (docker)", sha, "neutral")]
    build = json.loads((log / "build-push.json").read_text())
    wanted = ["2.0.0", "2.0", f"sha-{sha[:7]}", "latest"]
    assert build["tags"].split("\n") == [f"ghcr.io/{REPO}:{tag}" for tag in wanted]
    assert build["push"] == "true"
    assert json.loads((log / "login.json").read_text())["registry"] == "ghcr.io"
