"""Changed lines from real git repositories: merge base, renames, working tree, shallow clones, base defaults."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from cov_gitrepo import Repo, numbered

from qe_actions.gitdiff import GitError, ShallowCloneError, changed_lines_from_git, default_base_ref


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    repo = Repo(tmp_path / "repo")
    repo.write("src/app.py", numbered(10))
    repo.write("src/moved.py", numbered(30, "moved"))
    repo.write("docs/gone.txt", "bye\n")
    repo.commit("base")
    return repo


def test_diff_from_merge_base_ignores_commits_made_on_the_base_since(repo: Repo) -> None:
    repo.git("checkout", "-q", "-b", "feature")
    repo.write("src/app.py", numbered(10).replace("line 3\n", "line 3 changed\n") + "line 11\n")
    repo.commit("feature")
    repo.git("checkout", "-q", "main")
    repo.write("src/other.py", numbered(5))
    repo.commit("main moves on")
    repo.git("checkout", "-q", "feature")
    assert changed_lines_from_git("main", cwd=str(repo.root)) == {"src/app.py": frozenset({3, 11})}


def test_rename_with_edit_counts_only_edited_lines_and_deletions_vanish(repo: Repo) -> None:
    repo.git("checkout", "-q", "-b", "feature")
    (repo.root / "lib").mkdir()
    repo.git("mv", "src/moved.py", "lib/renamed.py")
    repo.write("lib/renamed.py", numbered(30, "moved").replace("moved 20\n", "moved twenty\n"))
    repo.git("rm", "-q", "docs/gone.txt")
    repo.commit("rename")
    assert changed_lines_from_git("main", cwd=str(repo.root)) == {"lib/renamed.py": frozenset({20})}


def test_working_tree_adds_unstaged_and_staged_changes_untracked_files_only_when_asked(repo: Repo) -> None:
    repo.git("checkout", "-q", "-b", "feature")
    repo.write("src/app.py", numbered(10).replace("line 1\n", "first\n"))
    repo.commit("committed")
    repo.write("src/app.py", numbered(10).replace("line 1\n", "first\n").replace("line 9\n", "ninth\n"))
    repo.write("src/staged.py", "a\nb\n")
    repo.git("add", "src/staged.py")
    repo.write("src/untracked.py", "x\ny\nz")
    repo.write(".gitignore", "*.log\n")
    repo.write("ignored.log", "noise\n")
    committed_only = changed_lines_from_git("main", cwd=str(repo.root))
    assert committed_only == {"src/app.py": frozenset({1})}
    worktree = changed_lines_from_git("main", cwd=str(repo.root), include_worktree=True)
    assert worktree == {"src/app.py": frozenset({1, 9}), "src/staged.py": frozenset({1, 2})}
    everything = changed_lines_from_git("main", cwd=str(repo.root), include_worktree=True, include_untracked=True)
    assert everything == {
        "src/app.py": frozenset({1, 9}),
        "src/staged.py": frozenset({1, 2}),
        "src/untracked.py": frozenset({1, 2, 3}),
        ".gitignore": frozenset({1}),
    }


def test_paths_are_repo_relative_when_run_from_a_subfolder(repo: Repo) -> None:
    repo.git("checkout", "-q", "-b", "feature")
    repo.write("src/app.py", numbered(11))
    repo.commit()
    assert changed_lines_from_git("main", cwd=str(repo.root / "src")) == {"src/app.py": frozenset({11})}


def test_user_git_config_cannot_change_the_output(repo: Repo) -> None:
    repo.git("config", "diff.noprefix", "true")
    repo.git("config", "diff.mnemonicprefix", "true")
    repo.git("config", "color.diff", "always")
    repo.git("config", "diff.renames", "false")
    repo.git("checkout", "-q", "-b", "feature")
    repo.git("mv", "src/moved.py", "src/moved2.py")
    repo.write("src/app.py", numbered(12))
    repo.commit()
    assert changed_lines_from_git("main", cwd=str(repo.root)) == {"src/app.py": frozenset({11, 12})}


def test_unknown_base_ref_is_one_clear_error(repo: Repo) -> None:
    with pytest.raises(GitError, match="'nope' is not in this clone.*git fetch origin nope"):
        changed_lines_from_git("nope", cwd=str(repo.root))


def test_outside_a_checkout_names_diff_file(tmp_path: Path) -> None:
    with pytest.raises(GitError, match="not inside a git checkout.*--diff-file"):
        changed_lines_from_git("main", cwd=str(tmp_path))


def test_shallow_clone_without_merge_base_names_fetch_depth(repo: Repo, tmp_path: Path) -> None:
    for i in range(3):
        repo.write("src/app.py", numbered(10 + i))
        repo.commit(f"main {i}")
    repo.git("checkout", "-q", "-b", "feature", "HEAD~3")
    for i in range(3):
        repo.write(f"feature{i}.py", "x\n")
        repo.commit(f"feature {i}")
    clone = tmp_path / "shallow"
    url = f"file://{repo.root}"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", "--branch", "feature", "--no-single-branch", url, str(clone)],
        check=True,
        capture_output=True,
    )
    with pytest.raises(ShallowCloneError, match="fetch-depth: 0"):
        changed_lines_from_git("origin/main", cwd=str(clone))


def test_default_base_prefers_the_pull_request_base(repo: Repo) -> None:
    assert default_base_ref({"GITHUB_BASE_REF": "release/1.x"}, str(repo.root)) == "origin/release/1.x"


def test_default_base_uses_origin_head_then_common_names(repo: Repo, tmp_path: Path) -> None:
    assert default_base_ref({}, str(repo.root)) == "main"
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", f"file://{repo.root}", str(clone)], check=True, capture_output=True)
    assert default_base_ref({}, str(clone)) == "origin/main"
    bare = Repo(tmp_path / "empty", branch="trunk")
    assert default_base_ref({}, str(bare.root)) is None
