"""`qe release next` against the real commitizen (`cz bump --get-next --yes`) on the same git histories."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qe_actions.cli import main
from tests.release.gitrepo import apply, cz_next, make_repo


def cz_toml(version: str, tag_format: str = "v$version", extra: str = "") -> str:
    return (
        f'[tool.commitizen]\nname = "cz_conventional_commits"\nversion = "{version}"\n'
        f'tag_format = "{tag_format}"\n{extra}'
    )


# (id, commitizen settings, tag of the initial commit, steps after it)
CASES = [
    ("fix-only", cz_toml("1.2.3"), "v1.2.3", ["fix: null check"]),
    ("feat", cz_toml("1.2.3"), "v1.2.3", ["fix: null check", "feat: add endpoint"]),
    ("bang", cz_toml("1.2.3"), "v1.2.3", ["chore!: drop python 3.8"]),
    ("footer", cz_toml("1.2.3"), "v1.2.3", ["refactor: rename module\n\nBREAKING CHANGE: import path changed"]),
    ("footer-hyphen", cz_toml("1.2.3"), "v1.2.3", ["fix: x\n\nBREAKING-CHANGE: y"]),
    ("major-zero", cz_toml("0.4.2", extra="major_version_zero = true\n"), "v0.4.2", ["feat!: new config format"]),
    (
        "major-zero-footer",
        cz_toml("0.4.2", extra="major_version_zero = true\n"),
        "v0.4.2",
        ["fix: x", "docs: y\n\nBREAKING CHANGE: z"],
    ),
    ("zero-without-flag", cz_toml("0.4.2"), "v0.4.2", ["feat!: new config format"]),
    ("major-zero-on-1.x", cz_toml("1.4.2", extra="major_version_zero = true\n"), "v1.4.2", ["feat!: x"]),
    ("scope", cz_toml("1.0.0"), "v1.0.0", ["fix(parser): handle tabs", "docs(readme): typo"]),
    ("scope-bang", cz_toml("1.0.0"), "v1.0.0", ["feat(api)!: scoped breaking"]),
    ("perf", cz_toml("1.0.0"), "v1.0.0", ["perf: faster"]),
    ("revert-type", cz_toml("1.0.0"), "v1.0.0", ["revert: feat: add endpoint"]),
    ("revert-git", cz_toml("1.0.0"), "v1.0.0", ['Revert "feat: add endpoint"\n\nThis reverts commit 0123abc.']),
    ("nothing-releasable", cz_toml("1.2.3"), "v1.2.3", ["docs: readme", "build(deps): bump x", "ci: cache"]),
    ("capitalised-type", cz_toml("1.0.0"), "v1.0.0", ["Feat: capitalised type"]),
    ("no-space", cz_toml("1.0.0"), "v1.0.0", ["feat:no space after colon"]),
    ("body-line", cz_toml("1.0.0"), "v1.0.0", ["docs: tweak\n\nfix: mentioned on a body line"]),
    ("body-bullet", cz_toml("1.0.0"), "v1.0.0", ["docs: tweak\n\n* feat: bullet in squash body"]),
    ("feature-word", cz_toml("1.0.0"), "v1.0.0", ["feature: the word starts with feat"]),
    (
        "merge-side-branch",
        cz_toml("1.0.0"),
        "v1.0.0",
        ["@branch topic", "feat: side-branch feature", "@switch main", "docs: main work", "@merge topic"],
    ),
    (
        "merge-github-body",
        cz_toml("1.0.0"),
        "v1.0.0",
        [
            "@branch topic",
            "docs: only docs here",
            "@switch main",
            "@mergemsg topic Merge pull request #5 from o/topic\\n\\nfix: the PR title",
        ],
    ),
    (
        "merge-nothing",
        cz_toml("1.0.0"),
        "v1.0.0",
        ["@branch topic", "test: more", "@switch main", "chore: tidy", "@merge topic"],
    ),
    ("tag-format-plain", cz_toml("2.0.0", tag_format="$version"), "2.0.0", ["feat: x"]),
    ("tag-format-parts", cz_toml("2.0.0", tag_format="release-$major.$minor.$patch"), "release-2.0.0", ["fix: x"]),
    ("older-commits-before-tag", cz_toml("1.1.0"), None, ["feat!: long ago", "@tag v1.1.0", "fix: since the tag"]),
    ("no-tag-yet", cz_toml("0.1.0"), None, ["fix: x", "docs: y"]),
    ("scm-provider", cz_toml("0.0.0", extra='version_provider = "scm"\n'), "v2.5.1", ["feat: b"]),
    ("cz-default-tag-format", '[tool.commitizen]\nversion = "1.0.0"\n', "1.0.0", ["feat: x"]),
    (
        "pep621-provider",
        '[project]\nname = "x"\nversion = "3.1.4"\n\n' + cz_toml("0.0.0", extra='version_provider = "pep621"\n'),
        "v3.1.4",
        ["fix: y"],
    ),
]


def qe_next(root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> dict:
    monkeypatch.chdir(root)
    capsys.readouterr()
    assert main(["release", "next", "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize(("toml", "tag", "steps"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_next_equals_commitizen(tmp_path, capsys, monkeypatch, toml, tag, steps) -> None:
    """The same history and settings: our next version is commitizen's, and "nothing to bump" is next null."""
    root = make_repo(tmp_path / "repo", toml, tag=tag)
    apply(root, steps)
    expected, output = cz_next(root)
    ours = qe_next(root, capsys, monkeypatch)
    assert ours["next"] == expected, f"commitizen said: {output}"
    assert (ours["bump"] is None) == (expected is None)


def test_the_cases_cover_every_outcome() -> None:
    """The table holds patch, minor, major, major-zero and nothing-releasable histories, and merges."""
    ids = {c[0] for c in CASES}
    assert {"fix-only", "feat", "bang", "footer", "major-zero", "scope", "revert-git", "nothing-releasable"} <= ids
    assert any(step.startswith("@merge") for case in CASES for step in case[3])
