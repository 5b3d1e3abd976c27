"""Run a workflow with act in host mode, the way TOOLING.md prescribes, and read back what it reported.

Every run: a scrubbed environment (`env -i` semantics: only PATH, HOME and a locale), no cache server, a
per-test action cache, act started from a temp dir (so no `.actrc`/`.secrets` of ours is read), our actions
mapped with `--local-repository <ORG>/qe-actions@v1=<this checkout>` so workflows reference them as users do,
and third-party actions replaced by the tiny composites in `stubs/` (they cannot be cloned offline).
"""

from __future__ import annotations

import atexit
import functools
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parents[2]
STUBS = Path(__file__).resolve().parent / "stubs"
ORG = "example-org"  # the org our workflow templates and README examples use
ACTIONS_REF = f"{ORG}/qe-actions@v1"

# third-party actions our templates and workflows pin, by the exact ref they pin, mapped to local stubs
PINNED = {
    "actions/setup-python@a26af69be951a213d495a4c3e4e4022e16d87065": "setup-python",
    "actions/upload-artifact@ea165f8d65b6e75b540449e92b4886f43607fa02": "upload-artifact",
    "actions/download-artifact@d3f86a106a0bac45b974a628896c90dbdf5c8093": "download-artifact",
    # the docker-build action's (issue 18): no Docker engine here, the stubs record the inputs they are given
    "docker/setup-buildx-action@e468171a9de216ec08956ac3ada2f0791b6bd435": "setup-buildx-action",
    "docker/login-action@74a5d142397b4f367a81961eba4e8cd7edddf772": "login-action",
    "docker/build-push-action@263435318d21b8e681c14492fe198d362a7d2c83": "build-push-action",
    "aquasecurity/trivy-action@57a97c7e7821a5776cebc9bb87c984fa69cba8f1": "trivy-action",
}


@functools.lru_cache(maxsize=1)
def action_checkout() -> Path:
    """What GitHub downloads for `uses: <org>/qe-actions...@v1`: the repository's files without `.git` or
    ignored build output (here: tracked plus untracked-but-not-ignored files of this working tree), copied once
    per test process. Mapping act to the working tree itself would make act copy caches and `.git` per step."""
    target = Path(tempfile.mkdtemp(prefix="qe-actions-checkout-"))
    atexit.register(shutil.rmtree, target, True)
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=PROJECT,
        capture_output=True,
        check=False,
    )
    names = [n for n in listed.stdout.decode().split("\0") if n] if listed.returncode == 0 else []
    if not names:  # not a git checkout (an sdist, say): copy everything but caches
        shutil.copytree(
            PROJECT,
            target,
            dirs_exist_ok=True,
            ignore=shutil.ignore_patterns(".git", "__pycache__", ".venv*", "build", ".*_cache"),
        )
        return target
    for name in names:
        source = PROJECT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def act_binary() -> str | None:
    """The act executable of the `test` extra (beside this interpreter), else one on PATH."""
    beside = Path(sys.executable).parent / "act"
    if beside.is_file():
        return str(beside)
    return shutil.which("act")


@dataclass
class ActResult:
    """What one act run reported through `--json`."""

    returncode: int
    lines: list[dict[str, Any]]
    stderr: str
    job_results: dict[str, str] = field(default_factory=dict)

    @property
    def job_result(self) -> str | None:
        """The result of the (single) job, or None when act never finished one."""
        return next(iter(self.job_results.values()), None)

    def outputs(self, step_id: str, job: str | None = None) -> dict[str, str]:
        """Outputs set by the workflow step `step_id` (the composite's outputs, not its inner steps'),
        in the job `job` when given."""
        return {
            line["name"]: line.get("arg", "")
            for line in self.lines
            if line.get("command") == "set-output"
            and line.get("stepID") == [step_id]
            and job in (None, line.get("jobID"))
        }

    def summaries(self) -> list[str]:
        """Job summary contents, one per step that wrote one (inner composite steps included)."""
        seen = [line for line in self.lines if line.get("command") == "summary" and len(line.get("stepID", [])) > 1]
        return [line["content"] for line in seen]

    def annotations(self) -> list[tuple[str, dict[str, str], str]]:
        """Workflow-command annotations (`::error file=...::msg`) as act parsed them: (level, properties, message)."""
        return [
            (line["command"], line.get("kvPairs", {}), line.get("arg", ""))
            for line in self.lines
            if line.get("command") in {"error", "warning", "notice"} and len(line.get("stepID", [])) > 1
        ]

    def log(self) -> str:
        """The job's console output, for assertions on workflow commands and for failure messages."""
        return "".join(line.get("msg", "") + ("" if line.get("raw_output") else "\n") for line in self.lines)


def scrubbed_env(home: Path, extra_path: tuple[str, ...] = ()) -> dict[str, str]:
    """Only what a runner needs: this interpreter's bin dir first (the deps live there), system tools, HOME."""
    path = os.pathsep.join([*extra_path, str(Path(sys.executable).parent), "/usr/local/bin", "/usr/bin", "/bin"])
    return {"PATH": path, "HOME": str(home), "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}


def run_act(
    repo: Path,
    workflow: str,
    *,
    event: str,
    event_payload: Mapping[str, Any],
    work: Path,
    api_url: str,
    token: str = "ghs_test_token_0123456789",
    env: Mapping[str, str] | None = None,
    action_cache: Path | None = None,
    job: str | None = None,
    extra_path: tuple[str, ...] = (),
    timeout: float = 240,
) -> ActResult:
    """Run `.github/workflows/<workflow>` of `repo` for `event`; return the parsed `--json` lines."""
    binary = act_binary()
    assert binary, "act is not installed"
    work.mkdir(parents=True, exist_ok=True)
    event_file = work / "event.json"
    event_file.write_text(json.dumps(event_payload), encoding="utf-8")
    cache = action_cache or work / "action-cache"
    command = [
        binary,
        event,
        "-C",
        str(repo),
        "-W",
        f".github/workflows/{workflow}",
        "-e",
        str(event_file),
        "-P",
        "ubuntu-latest=-self-hosted",
        "--action-offline-mode",
        "--pull=false",
        "--no-cache-server",
        "--action-cache-path",
        str(cache),
        "--json",
        "--local-repository",
        f"{ACTIONS_REF}={action_checkout()}",
        "--env",
        f"GITHUB_API_URL={api_url}",
        "-s",
        f"GITHUB_TOKEN={token}",
    ]
    if job:
        command += ["-j", job]
    for ref, stub in PINNED.items():
        command += ["--local-repository", f"{ref}={STUBS / stub}"]
    for name, value in (env or {}).items():
        command += ["--env", f"{name}={value}"]
    done = subprocess.run(
        command,
        cwd=work,
        env=scrubbed_env(work, extra_path),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    lines = []
    for raw in done.stdout.splitlines() + done.stderr.splitlines():
        try:
            lines.append(json.loads(raw))
        except ValueError:
            continue
    results = {line["jobID"]: line["jobResult"] for line in lines if "jobResult" in line}
    return ActResult(done.returncode, lines, done.stderr, results)
