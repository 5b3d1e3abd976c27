"""Our hooks through the real pre-commit (`pre-commit try-repo` on this checkout, uncommitted changes included)
in a temporary repository. pre-commit builds each hook environment from the registry on every try-repo call
(10-40 s each on a busy 2-core machine), so this file makes two calls and checks several files per call."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from qe_actions.precommit.secrets import fingerprint
from tests.precommit.test_hooks import AWS_KEY, FLAWED_WORKFLOW, GH_TOKEN, PEM
from tests.release.gitrepo import env, git, tool

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def try_repo(cwd: Path, home: Path, *args: str) -> tuple[int, str]:
    environ = {**env(), "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    environ.pop("PRE_COMMIT", None)
    done = subprocess.run(
        [tool("pre-commit"), "try-repo", str(ROOT), *args],
        cwd=cwd,
        env=environ,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=600,
    )
    return done.returncode, done.stdout + done.stderr


def status(output: str, name: str) -> str:
    """`Passed`, `Failed` or `(no files to check)Skipped` of the hook whose name starts with `name`."""
    match = re.search(rf"^{re.escape(name)}[^\n]*?\.+([^.\n]+)$", output, re.MULTILINE)
    assert match, f"hook {name!r} not in the output:\n{output}"
    return match.group(1)


def test_file_hooks_through_pre_commit(tmp_path: Path) -> None:
    """qe-no-secrets, qe-policy and qe-actions-lint on a repository with one problem of each kind and files
    that must pass (an allowlisted token, a .env template, a clean file)."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    files = {
        ".qe.yml": "gate:\n  conditoins: []\n",
        "keys/id_rsa": f"{PEM}\nMIIB\n",
        ".env": "DEBUG=1\n",
        ".env.example": "TOKEN=\n",
        "src/app.py": f'TOKEN = "{GH_TOKEN}"\n',
        "docs/example.md": f"an example key: {AWS_KEY}\n",
        ".qe-secrets-allow": f"fingerprint:{fingerprint('docs/example.md', AWS_KEY)}\n",
        ".github/workflows/ci.yml": FLAWED_WORKFLOW,
        "src/clean.py": "x = 1\n",
    }
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text, encoding="utf-8")
    git(repo, "add", "-A")
    code, out = try_repo(repo, tmp_path / "home", "--all-files")
    assert code == 1, out
    assert status(out, "no private keys") == "Failed"
    assert "keys/id_rsa:1: private-key" in out and ".env: env-file" in out and "src/app.py:1: github-token" in out
    assert "docs/example.md" not in out and ".env.example" not in out and GH_TOKEN not in out
    assert status(out, "qe policy file is valid") == "Failed"
    assert "unknown key 'conditoins'" in out
    assert status(out, "lint workflows and actions") == "Failed"
    assert "zizmor found problems" in out and "actionlint found problems" in out
    assert "conventional commit message" not in out  # a commit-msg hook: not in the pre-commit stage


def test_commit_msg_hook_through_pre_commit(tmp_path: Path) -> None:
    """qe-commit-msg runs in the commit-msg stage on the message file and stops a bad message with the reason
    (good and bad messages are covered case by case in test_hooks.py through the same `qe hook commit-msg`)."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    (repo / "bad").write_text("Feat: Capitalised type\n", encoding="utf-8")
    code, out = try_repo(
        repo, tmp_path / "home", "qe-commit-msg", "--hook-stage", "commit-msg", "--commit-msg-filename", "bad"
    )
    assert code == 1, out
    assert status(out, "conventional commit message") == "Failed"
    assert "type 'Feat' is not one of" in out
