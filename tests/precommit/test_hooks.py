"""The hooks' commands (`qe hook ...`) on real files; tests/precommit/test_precommit_tool.py runs them through
pre-commit itself."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from qe_actions.cli import main
from qe_actions.precommit.actions_lint import lint_steps
from qe_actions.precommit.secrets import fingerprint, is_env_file, parse_allowlist

# Token-shaped strings assembled at run time, so this file itself holds none.
GH_TOKEN = "ghp_" + "A1b2C3d4E5" * 4
AWS_KEY = "AKIA" + "ABCDEFGHIJKLMNOP"
PEM = "-----BEGIN " + "RSA PRIVATE KEY-----"


@pytest.mark.parametrize(
    ("message", "code"),
    [
        ("feat(api): add endpoint\n", 0),
        ("fix!: drop x\n\nBREAKING CHANGE: y\n", 0),
        ("Merge branch 'topic' into main\n", 0),
        ('Revert "feat: x"\n\nThis reverts commit abc.\n', 0),
        ("# Please enter the commit message\nchore: tidy\n", 0),
        ("Feat: capitalised\n", 1),
        ("added stuff\n", 1),
        ("feat:no space\n", 1),
        ("wip(x): unknown type\n", 1),
        ("\n# only a comment\n", 1),
    ],
)
def test_commit_msg(tmp_path: Path, capsys: pytest.CaptureFixture[str], message: str, code: int) -> None:
    path = tmp_path / "COMMIT_EDITMSG"
    path.write_text(message, encoding="utf-8")
    assert main(["hook", "commit-msg", str(path)]) == code
    out = capsys.readouterr().out
    assert ("qe-commit-msg:" in out) == bool(code)


def test_no_secrets_finds_keys_env_files_and_tokens(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("id_rsa").write_text(f"{PEM}\nMIIB...\n", encoding="utf-8")
    Path(".env").write_text("DEBUG=1\n", encoding="utf-8")
    Path(".env.example").write_text("TOKEN=\n", encoding="utf-8")
    Path("app.py").write_text(f'token = "{GH_TOKEN}"\naws = "{AWS_KEY}"  # qe: allow-secret\n', encoding="utf-8")
    Path("clean.py").write_text("x = 1\n", encoding="utf-8")
    files = ["id_rsa", ".env", ".env.example", "app.py", "clean.py"]
    assert main(["hook", "no-secrets", *files]) == 1
    out = capsys.readouterr().out
    assert "id_rsa:1: private-key" in out
    assert ".env: env-file" in out and ".env.example" not in out
    assert "app.py:1: github-token" in out and "aws-access-key-id" not in out  # the pragma line is skipped
    assert GH_TOKEN not in out and "A1b2C3d4E5" not in out  # the secret itself is never printed
    assert "3 secret-shaped finding(s)" in out


def test_no_secrets_allowlist_by_fingerprint_and_path(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("tests").mkdir()
    Path("tests/fixture.txt").write_text(f"{GH_TOKEN}\n", encoding="utf-8")
    Path("doc.md").write_text(f"example: {AWS_KEY}\n", encoding="utf-8")
    Path(".qe-secrets-allow").write_text(
        f"# reviewed\nfingerprint:{fingerprint('doc.md', AWS_KEY)}\npath:tests/*\n", encoding="utf-8"
    )
    assert main(["hook", "no-secrets", "tests/fixture.txt", "doc.md"]) == 0
    assert capsys.readouterr().out == ""
    Path("other.md").write_text(f"{AWS_KEY}\n", encoding="utf-8")  # same token, other file: another fingerprint
    assert main(["hook", "no-secrets", "other.md"]) == 1
    assert main(["hook", "no-secrets", "--allowlist", "missing.txt", "doc.md"]) == 3


def test_allowlist_parsing_and_env_names() -> None:
    allow = parse_allowlist("0123456789abcdef\npath:fixtures/**\n  # comment\nsecrets/*.pem\n")
    assert allow.fingerprints == {"0123456789abcdef"} and allow.paths == ("fixtures/**", "secrets/*.pem")
    assert [is_env_file(p) for p in (".env", "a/.env.local", "prod.env", ".env.sample", "env.py", "x.env.example")] == [
        True,
        True,
        True,
        False,
        False,
        False,
    ]


def test_policy_hook(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path(".qe.yml").write_text("gate:\n  conditoins: []\n", encoding="utf-8")
    assert main(["hook", "policy", ".qe.yml"]) == 1
    assert "unknown key 'conditoins'" in capsys.readouterr().out
    Path(".qe.yml").write_text("release:\n  tag_format: v$version\n  major_tag: true\n", encoding="utf-8")
    Path("pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")  # no [tool.qe]: not a policy
    assert main(["hook", "policy", ".qe.yml", "pyproject.toml"]) == 0


def test_actions_lint_chooses_tools_by_path(tmp_path: Path) -> None:
    (tmp_path / "zizmor.yml").write_text("rules: {}\n", encoding="utf-8")
    steps = lint_steps([".github/workflows/ci.yml", "actions/x/action.yml", "README.md"], tmp_path)
    assert [s.name for s in steps] == ["zizmor", "actionlint"]
    assert steps[0].command[-2:] == (".github/workflows/ci.yml", "actions/x/action.yml")
    assert "--config" in steps[0].command
    assert steps[1].command[-1] == ".github/workflows/ci.yml"
    assert lint_steps(["README.md"], tmp_path) == []
    assert [s.name for s in lint_steps(["action.yml"], tmp_path)] == ["zizmor"]


def test_actions_lint_runs_the_real_tools(tmp_path: Path, capsys, monkeypatch) -> None:
    """zizmor and actionlint (this virtualenv's, as the hook's environment has them) on a flawed workflow."""
    monkeypatch.chdir(tmp_path)
    workflow = Path(".github/workflows/ci.yml")
    workflow.parent.mkdir(parents=True)
    workflow.write_text(FLAWED_WORKFLOW, encoding="utf-8")
    monkeypatch.setenv("PATH", f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    assert main(["hook", "actions-lint", str(workflow)]) == 1
    out = capsys.readouterr().out
    assert "zizmor found problems" in out and "actionlint found problems" in out
    assert "unpinned" in out  # zizmor: actions/checkout@v4 is not pinned to a commit
    assert 'property "nope" is not defined' in out  # actionlint: an unknown context property


FLAWED_WORKFLOW = """\
on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: echo "${{ github.nope }}"
"""


def test_the_manifest_is_valid_for_pre_commit_and_names_our_commands() -> None:
    """`pre-commit validate-manifest` accepts .pre-commit-hooks.yaml, and each entry is a `qe hook` command."""
    import subprocess

    import yaml

    from tests.release.gitrepo import tool

    manifest = Path(__file__).resolve().parents[2] / ".pre-commit-hooks.yaml"
    done = subprocess.run([tool("pre-commit"), "validate-manifest", str(manifest)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    hooks = {hook["id"]: hook for hook in yaml.safe_load(manifest.read_text(encoding="utf-8"))}
    assert set(hooks) == {"qe-commit-msg", "qe-commit-range", "qe-no-secrets", "qe-policy", "qe-actions-lint"}
    assert {hook["entry"] for hook in hooks.values()} == {
        f"qe hook {name}" for name in ("commit-msg", "commit-range", "no-secrets", "policy", "actions-lint")
    }
    assert hooks["qe-commit-msg"]["stages"] == ["commit-msg"]
    assert hooks["qe-commit-range"]["stages"] == ["pre-push"] and hooks["qe-commit-range"]["pass_filenames"] is False


def test_commit_range_checks_every_pushed_message(tmp_path: Path, capsys, monkeypatch) -> None:
    """The pre-push hook's command on a real history: FROM..TO from pre-commit's variables or the options."""
    from tests.release.gitrepo import apply, git, make_repo

    root = make_repo(tmp_path / "repo", "")
    base = git(root, "rev-parse", "HEAD")
    apply(root, ["feat: fine", "Merge branch 'x' into main", "added stuff without a type", "fix: fine too"])
    monkeypatch.chdir(root)
    monkeypatch.setenv("PRE_COMMIT_FROM_REF", base)
    monkeypatch.setenv("PRE_COMMIT_TO_REF", git(root, "rev-parse", "HEAD"))
    assert main(["hook", "commit-range"]) == 1
    out = capsys.readouterr().out
    assert "'added stuff without a type': the subject is not" in out and "1 commit message(s)" in out
    assert main(["hook", "commit-range", "--from", "HEAD~1", "--to", "HEAD"]) == 0
    monkeypatch.setenv("PRE_COMMIT_FROM_REF", "0" * 40)  # a new branch: every commit reachable from TO
    assert main(["hook", "commit-range"]) == 1
    monkeypatch.delenv("PRE_COMMIT_FROM_REF")
    assert main(["hook", "commit-range"]) == 3
