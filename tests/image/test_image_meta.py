"""`qe image-meta` against docker/metadata-action's documented results, plus sanitising, labels and push."""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from pathlib import Path

import pytest

from qe_actions.cli import main
from qe_actions.image.meta import RefFacts, compute, sanitize_tag
from qe_actions.image.rules import parse_flavor, parse_tag_rules

HERE = Path(__file__).resolve().parent
CASES = json.loads((HERE / "metadata_action_cases.json").read_text(encoding="utf-8"))["cases"]
SHA = "90dd6032fac8bda1b6c4436a2e65de27961ed071"  # the commit of the README's bake-file example
CREATED = datetime(2020, 1, 10, 0, 30, tzinfo=timezone.utc)  # its org.opencontainers.image.created


def _facts(event: str, ref: str, **more: object) -> RefFacts:
    return RefFacts(
        event=event,
        ref=ref,
        sha=SHA,
        repository="octocat/Hello-World",
        html_url="https://github.com/octocat/Hello-World",
        default_branch="master",
        created=CREATED,
        **more,
    )  # type: ignore[arg-type]


@pytest.mark.parametrize("case", CASES, ids=[f"{c['doc']}:{c['ref']}:{'|'.join(c['tags'])}" for c in CASES])
def test_documented_tags(case: dict) -> None:
    """Each row of metadata-action's README tables gives exactly the documented tags, in order."""
    meta = compute((), parse_tag_rules(case["tags"]), parse_flavor([]), _facts(case["event"], case["ref"]))
    assert list(meta.tags) == case["want"]
    assert meta.version == (case["want"][0] if case["want"] else "")


def test_bake_example_labels_and_image_names() -> None:
    """The README's bake-file example: image-qualified tags and the OCI labels, value for value."""
    rules = parse_tag_rules(
        [
            "type=ref,event=branch",
            "type=ref,event=pr",
            "type=semver,pattern={{version}}",
            "type=semver,pattern={{major}}.{{minor}}",
            "type=sha",
        ]
    )
    facts = _facts("push", "refs/tags/v1.2.3", description="This your first repo!", license="MIT")
    meta = compute(("Name/App",), rules, parse_flavor([]), facts)
    assert meta.tags == ("name/app:1.2.3", "name/app:1.2", "name/app:sha-90dd603", "name/app:latest")
    assert dict(meta.labels) == {
        "org.opencontainers.image.title": "Hello-World",
        "org.opencontainers.image.description": "This your first repo!",
        "org.opencontainers.image.url": "https://github.com/octocat/Hello-World",
        "org.opencontainers.image.source": "https://github.com/octocat/Hello-World",
        "org.opencontainers.image.version": "1.2.3",
        "org.opencontainers.image.created": "2020-01-10T00:30:00.000Z",
        "org.opencontainers.image.revision": SHA,
        "org.opencontainers.image.licenses": "MIT",
    }


@pytest.mark.parametrize(
    ("raw", "want"),
    [
        ("feature/Ünïcode branch!", "feature-n-code-branch-"),
        ("-leading", "leading"),
        (".hidden", "hidden"),
        ("a" * 200, "a" * 128),
        ("dependabot/npm_and_yarn/lodash-4.17.21", "dependabot-npm_and_yarn-lodash-4.17.21"),
    ],
)
def test_tags_follow_dockers_grammar(raw: str, want: str) -> None:
    """Runs of characters Docker refuses become `-`; no leading `.`/`-`; at most 128 characters."""
    assert sanitize_tag(raw) == want
    rules = parse_tag_rules(["type=ref,event=branch"])
    meta = compute((), rules, parse_flavor([]), _facts("push", f"refs/heads/{raw}"))
    assert all(re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}", t) for t in meta.tags)


def test_flavor_prefix_suffix_and_latest_switches() -> None:
    """A global prefix/suffix applies to every tag (not `latest` unless onlatest); latest=false drops it."""
    rules = parse_tag_rules(["type=semver,pattern={{version}}", "type=sha"])
    flavor = parse_flavor(["prefix=app-", "suffix=-slim,onlatest=true"])
    meta = compute((), rules, flavor, _facts("push", "refs/tags/v3.0.1"))
    assert meta.tags == ("app-3.0.1-slim", "sha-90dd603-slim", "latest-slim")
    meta = compute((), rules, parse_flavor(["latest=false"]), _facts("push", "refs/tags/v3.0.1"))
    assert meta.tags == ("3.0.1", "sha-90dd603")
    meta = compute(
        (), parse_tag_rules(["type=ref,event=branch"]), parse_flavor(["latest=true"]), _facts("push", "refs/heads/dev")
    )
    assert meta.tags == ("dev", "latest")


def test_not_a_semver_tag_is_a_note_not_a_tag() -> None:
    meta = compute(
        (), parse_tag_rules(["type=semver,pattern={{version}}"]), parse_flavor([]), _facts("push", "refs/tags/release1")
    )
    assert meta.tags == ()
    assert meta.notes == ("release1 is not a semantic version: type=semver made no tag",)


def _run(tmp_path: Path, event: dict, *args: str, **env: str) -> tuple[int, dict]:
    event_path = tmp_path / "event.json"
    event_path.write_text(json.dumps(event), encoding="utf-8")
    out = tmp_path / "meta.json"
    code = main(["image-meta", "--output", str(out), "--created", "2020-01-10T00:30:00Z", *args])
    assert code in (0, 2) or not out.exists()
    return code, json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}


FORK_PR = {
    "pull_request": {
        "number": 7,
        "head": {"sha": "b" * 40, "repo": {"full_name": "mallory/repo"}},
        "base": {"repo": {"full_name": "octo/repo"}},
    },
    "repository": {"full_name": "octo/repo", "html_url": "https://github.com/octo/repo", "default_branch": "main"},
}


def test_cli_never_pushes_a_fork_pull_request(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """push=true on a fork PR: tags are computed, push is false with the reason."""
    (tmp_path / "e.json").write_text(json.dumps(FORK_PR), encoding="utf-8")
    monkeypatch.setenv("GITHUB_EVENT_PATH", str(tmp_path / "e.json"))
    monkeypatch.setenv("GITHUB_EVENT_NAME", "pull_request")
    monkeypatch.setenv("GITHUB_REF", "refs/pull/7/merge")
    monkeypatch.setenv("GITHUB_SHA", "a" * 40)
    monkeypatch.setenv("GITHUB_REPOSITORY", "octo/repo")
    out = tmp_path / "m.json"
    assert main(["image-meta", "--images", "ghcr.io/octo/repo", "--push", "true", "--output", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["tags"] == ["ghcr.io/octo/repo:pr-7"]
    assert (data["push"], data["push_reason"]) == (False, "not pushed: the pull request comes from a fork")
    same = {**FORK_PR, "pull_request": {**FORK_PR["pull_request"], "head": {"repo": {"full_name": "octo/repo"}}}}
    (tmp_path / "e.json").write_text(json.dumps(same), encoding="utf-8")
    assert main(["image-meta", "--images", "ghcr.io/octo/repo", "--push", "true", "--output", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["push"] is True


def test_cli_writes_step_outputs_and_exit_codes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """--github-output writes tags/labels/version/push/json; no tag is exit 2; a bad image name is exit 3."""
    for name in ("GITHUB_EVENT_PATH", "GITHUB_REPOSITORY", "GITHUB_EVENT_NAME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GITHUB_OUTPUT", str(tmp_path / "out"))
    args = ["image-meta", "--event", "push", "--ref", "refs/tags/v1.2.3", "--sha", SHA, "--created", "2020-01-10"]
    assert (
        main(
            [
                *args,
                "--images",
                "a/b,c/d",
                "--tags",
                "type=semver,pattern={{version}}\ntype=sha",
                "--github-output",
                "--output",
                str(tmp_path / "m.json"),
            ]
        )
        == 0
    )
    written = (tmp_path / "out").read_text(encoding="utf-8")
    assert "a/b:1.2.3\na/b:sha-90dd603\na/b:latest\nc/d:1.2.3\nc/d:sha-90dd603\nc/d:latest\n" in written
    assert "org.opencontainers.image.version=1.2.3\n" in written and "push<<" in written
    assert main([*args, "--tags", "type=edge", "--output", str(tmp_path / "n.json")]) == 2
    assert main([*args, "--images", "Bad Name!"]) == 3
    assert main([*args, "--tags", "type=bogus"]) == 3
    assert "unknown type 'bogus'" in capsys.readouterr().err
