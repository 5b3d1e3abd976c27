"""The release core without git: versions and tags, settings precedence, the plan and the notes (golden)."""

from __future__ import annotations

from pathlib import Path

import pytest

from qe_actions.errors import UsageError
from qe_actions.release.config import release_config
from qe_actions.release.conventional import Increment, check_message, parse_change
from qe_actions.release.notes import Links, insert_section, render_notes
from qe_actions.release.plan import Commit, plan_document, plan_line, plan_release
from qe_actions.release.version import Version, format_tag, parse_version, version_of_tag
from tests.golden import assert_golden


def test_tags_round_trip_through_the_tag_format() -> None:
    for fmt, tag in (
        ("v$version", "v1.2.3"),
        ("$version", "1.2.3"),
        ("${version}-rel", "1.2.3-rel"),
        ("r$major.$minor.$patch", "r1.2.3"),
    ):
        assert format_tag(fmt, Version(1, 2, 3)) == tag
        assert version_of_tag(fmt, tag) == Version(1, 2, 3)
    assert version_of_tag("v$version", "v1.2") is None
    assert version_of_tag("v$version", "v1.2.3rc0") is None
    assert version_of_tag("v$version", "1.2.3") is None


def test_a_pre_release_or_odd_version_is_one_line() -> None:
    with pytest.raises(UsageError, match="pre-releases are not supported"):
        parse_version("1.4.0rc0")
    with pytest.raises(UsageError, match="tag_format"):
        release_config_from({"release": {"tag_format": "v$version$devrelease"}})


def release_config_from(policy: dict, tmp: Path | None = None):
    return release_config(tmp or Path("/nonexistent"), policy)


def test_policy_wins_over_commitizen_key_by_key(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.commitizen]\nversion = "0.3.0"\ntag_format = "$version"\nmajor_version_zero = true\n', encoding="utf-8"
    )
    cz_only = release_config(tmp_path, None)
    assert (cz_only.tag_format, cz_only.major_version_zero, cz_only.version) == ("$version", True, Version(0, 3, 0))
    both = release_config(tmp_path, {"release": {"tag_format": "v$version"}})
    assert (both.tag_format, both.major_version_zero) == ("v$version", True)
    assert both.source == ".qe.yml and pyproject.toml [tool.commitizen]"
    nothing = release_config(tmp_path / "empty", None)
    assert (nothing.tag_format, nothing.major_version_zero, nothing.version, nothing.source) == (
        "v$version",
        False,
        None,
        "defaults",
    )


def test_commitizen_json_and_yaml_files_are_read(tmp_path: Path) -> None:
    (tmp_path / ".cz.json").write_text('{"commitizen": {"version": "1.0.0", "tag_format": "r$version"}}')
    assert release_config(tmp_path, None).tag_format == "r$version"
    (tmp_path / ".cz.json").unlink()
    (tmp_path / "cz.yaml").write_text("commitizen:\n  version: 2.0.0\n  version_provider: npm\n")
    with pytest.raises(UsageError, match="version_provider 'npm' is not supported"):
        release_config(tmp_path, None)


def test_parse_change_reads_scope_breaking_and_pull_request() -> None:
    change = parse_change("a" * 40, "feat(api)!: new thing (#42)\n\nbody\n\nBREAKING CHANGE: old call removed")
    assert (change.type, change.scope, change.description, change.pr) == ("feat", "api", "new thing", 42)
    assert change.breaking == ("old call removed",)
    assert change.increment is Increment.MAJOR
    bare = parse_change("b" * 40, "fix!: stop accepting x")
    assert bare.breaking == ("stop accepting x",)
    merge = parse_change("c" * 40, "Merge pull request #7 from o/topic\n\nfeat: title")
    assert (merge.type, merge.pr, merge.increment) == (None, 7, Increment.MINOR)


def test_commit_message_check() -> None:
    assert check_message("feat(api): add endpoint\n\nbody") is None
    assert check_message("# a comment git adds\nfix: x\n") is None
    assert check_message("Merge branch 'x' into main") is None
    assert "not one of" in (check_message("Feat: capitalised") or "")
    assert "not `type(scope)!: description`" in (check_message("added some stuff") or "")
    assert check_message("# only comments\n\n") == "the commit message is empty"


SHA = "0123456789abcdef0123456789abcdef01234567"


def _plan(messages: list[str], current: str = "1.2.3", tag: str | None = "v1.2.3"):
    commits = tuple(Commit(SHA[:-2] + f"{i:02d}", (), *(m.split("\n\n", 1) + [""])[:2]) for i, m in enumerate(messages))
    return plan_release(parse_version(current), tag, commits, release_config_from({}))


def test_the_plan_and_its_line() -> None:
    plan = _plan(["docs: x", "fix: y"])
    assert (str(plan.next), plan.next_tag, plan.increment.word) == ("1.2.4", "v1.2.4", "patch")
    assert plan_line(plan) == "next version: 1.2.4 (patch bump from 1.2.3; 2 commits since v1.2.3)"
    none = _plan(["docs: x"])
    assert plan_document(none)["next"] is None and plan_document(none)["bump"] is None
    assert (
        plan_line(none)
        == "no release: none of the 1 commit since v1.2.3 is a fix, feature or breaking change (current 1.2.3)"
    )


def test_release_notes_golden() -> None:
    """Sections, links, and hostile commit text (mentions, HTML, workflow commands, Markdown) kept inert."""
    plan = _plan(
        [
            "feat(api)!: new endpoint for @octocat (#12)\n\nBREAKING CHANGE: the `/v1` path is gone <b>now</b>",
            "fix: ::error::not a command [x](http://evil.invalid)",
            "perf(db): faster *queries*",
            "docs: not listed",
            "refactor: tidy",
        ]
    )
    notes = render_notes(plan, Links("https://github.com", "octo/repo"), "2026-12-06")
    assert_golden("release/notes.md", notes)
    assert "@octocat" not in notes and "<b>" not in notes
    assert render_notes(_plan(["docs: x"]), Links(), "2026-12-06") == ""


def test_insert_section_keeps_the_title_and_older_releases() -> None:
    assert insert_section("", "## 1.0.0\n") == "# Changelog\n\n## 1.0.0\n"
    assert (
        insert_section("# Changelog\n\n## 0.9.0\n- x\n", "## 1.0.0\n") == "# Changelog\n\n## 1.0.0\n\n## 0.9.0\n- x\n"
    )
    assert insert_section("## 0.9.0\n", "## 1.0.0\n") == "## 1.0.0\n\n## 0.9.0\n"


def test_notes_command_adds_the_section_to_the_changelog_once(tmp_path: Path, capsys, monkeypatch) -> None:
    from qe_actions.cli import main
    from tests.release.gitrepo import apply, make_repo

    root = make_repo(tmp_path / "repo", "", tag="v0.9.0")
    apply(root, ["feat: first feature"])
    monkeypatch.chdir(root)
    (root / "CHANGELOG.md").write_text("# Changelog\n\n## 0.9.0 (2026-01-01)\n\n- older\n", encoding="utf-8")
    args = ["release", "notes", "--repo", "o/r", "--date", "2026-12-06", "--changelog", "CHANGELOG.md"]
    assert main(args) == 0
    assert main([*args, "--output", "section.md"]) == 0
    text = (root / "CHANGELOG.md").read_text(encoding="utf-8")
    assert text.startswith("# Changelog\n\n## [0.10.0](https://github.com/o/r/compare/v0.9.0...v0.10.0) (2026-12-06)\n")
    assert text.count("## [0.10.0]") == 1 and text.endswith("## 0.9.0 (2026-01-01)\n\n- older\n")
    assert "already has 0.10.0" in capsys.readouterr().err
    assert (root / "section.md").read_text(encoding="utf-8").startswith("## [0.10.0]")


def test_outside_a_checkout_and_with_a_bad_policy_is_exit_3(tmp_path: Path, capsys, monkeypatch) -> None:
    from qe_actions.cli import main
    from tests.release.gitrepo import make_repo

    monkeypatch.chdir(tmp_path)
    assert main(["release", "next"]) == 3
    assert "not inside a git checkout" in capsys.readouterr().err
    root = make_repo(tmp_path / "repo", "")
    (root / ".qe.yml").write_text("release:\n  tag_formt: v$version\n", encoding="utf-8")
    monkeypatch.chdir(root)
    assert main(["release", "next"]) == 3
    assert "unknown key 'tag_formt'" in capsys.readouterr().err
