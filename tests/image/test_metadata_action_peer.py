"""`qe image-meta` against docker/metadata-action v6.2.0 itself: the tags, version and labels the real action
printed for each case (recorded by tests/corpus/generators/gen_metadata_action.py into
tests/corpus/manifest.d/metadata-action.json, its GITHUB_OUTPUT files beside) must be ours, except where we
deliberately differ (listed below, with the reason)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qe_actions.cli import main
from qe_actions.image.meta import sanitize_tag
from tests.conftest import corpus_manifest, corpus_path

CASES = {
    c["name"]: c
    for c in json.loads((Path(__file__).resolve().parent / "image_meta_cases.json").read_text(encoding="utf-8"))[
        "cases"
    ]
}
ENTRIES = [e for e in corpus_manifest() if e.get("kind") == "image-meta"]
# The repository as GitHub's event payloads carry it (metadata-action read the same facts from the API).
REPOSITORY = {
    "full_name": "octocat/Hello-World",
    "name": "Hello-World",
    "html_url": "https://github.com/octocat/Hello-World",
    "description": "This your first repo!",
    "default_branch": "master",
    "license": {"spdx_id": "MIT"},
}
SHA = "90dd6032fac8bda1b6c4436a2e65de27961ed071"
# Where we differ on purpose: metadata-action writes tags Docker refuses (longer than 128 characters, or starting
# with `.` or `-`); ours are cut to Docker's grammar (docs/docker-build.md).
DOCKER_GRAMMAR = {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}


def _ours(case: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict:
    event = tmp_path / "event.json"
    event.write_text(json.dumps({**case.get("payload", {}), "repository": REPOSITORY}), encoding="utf-8")
    for name, value in {
        "GITHUB_EVENT_PATH": str(event),
        "GITHUB_EVENT_NAME": case["event"],
        "GITHUB_REF": case["ref"],
        "GITHUB_SHA": SHA,
        "GITHUB_REPOSITORY": "octocat/Hello-World",
        "GITHUB_SERVER_URL": "https://github.com",
    }.items():
        monkeypatch.setenv(name, value)
    out = tmp_path / "meta.json"
    args = ["image-meta", "--output", str(out)]
    for flag in ("images", "tags", "flavor", "labels"):
        if case.get(flag):
            args += [f"--{flag}", "\n".join(case[flag])]
    assert main(args) in (0, 2)
    return json.loads(out.read_text(encoding="utf-8"))


def test_the_corpus_holds_every_case() -> None:
    assert sorted(e["truth"]["case"] for e in ENTRIES) == sorted(CASES)
    assert all(
        corpus_path(e["file"]).read_text(encoding="utf-8").startswith("tags<<")
        or "tags<<" in corpus_path(e["file"]).read_text(encoding="utf-8")
        for e in ENTRIES
    )


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["truth"]["case"] for e in ENTRIES])
def test_same_tags_version_and_labels_as_metadata_action(
    entry: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    truth = entry["truth"]
    ours = _ours(CASES[truth["case"]], tmp_path, monkeypatch)
    want_tags, want_version = truth["tags"], truth["version"]
    if truth["case"] in DOCKER_GRAMMAR:
        assert any(len(t.split(":", 1)[1]) > 128 for t in want_tags), "the peer still writes an invalid tag"
        want_tags = [f"{t.split(':', 1)[0]}:{sanitize_tag(t.split(':', 1)[1])}" for t in want_tags]
        want_version = sanitize_tag(want_version)
    assert ours["tags"] == want_tags
    assert ours["version"] == want_version
    labels = {k: v for k, v in ours["labels"].items() if k != "org.opencontainers.image.created"}
    assert labels == {**truth["labels"], "org.opencontainers.image.version": want_version}
