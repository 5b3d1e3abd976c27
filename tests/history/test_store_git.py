"""The `git:BRANCH` store against a real bare repository on disk: concurrent writers, retries, bad files, forks."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from qe_actions.cli import main
from qe_actions.history.gitbranch import GitBranchStore
from qe_actions.history.record import RunRecord
from qe_actions.history.store import open_store
from tests.gitrepo import bare_remote, git

SAMPLES = Path(__file__).resolve().parents[2] / "scripts" / "qe_actions" / "samples" / "gate"


@pytest.fixture
def remote(tmp_path) -> Path:
    """A bare repository with one commit on main (the project's code, not the data branch)."""
    return bare_remote(tmp_path)


def clone(remote: Path, where: Path, shallow: bool = True) -> Path:
    url = f"file://{remote}"
    git(remote.parent, "clone", "-q", *(["--depth", "1"] if shallow else []), url, str(where))
    return where


def _run(sha: str, time_: str, ref: str = "refs/heads/main") -> RunRecord:
    return RunRecord(sha=sha, ref=ref, pr=None, run_id="1", attempt=1, time=time_, tests={"t.a": ("passed", 0.1)})


def test_records_land_on_the_branch_without_touching_the_checkout(remote, tmp_path) -> None:
    work = clone(remote, tmp_path / "work")
    (work / "dirty.txt").write_text("user's own change\n")
    git(work, "add", "dirty.txt")
    before = (git(work, "status", "--porcelain"), git(work, "rev-parse", "HEAD"), git(work, "branch", "--list"))
    store = open_store("git:qe-history", str(work))
    assert store.runs() == []
    first = _run("1" * 40, "2026-01-01T00:00:00.000000Z")
    second = _run("2" * 40, "2026-01-02T00:00:00.000000Z", ref="refs/pull/3/merge")
    name = store.record(first)
    assert name.startswith("runs/main/") and name.endswith(".json.gz")
    other = store.record(second)
    assert other.startswith("runs/pull-3-merge/")
    assert (git(work, "status", "--porcelain"), git(work, "rev-parse", "HEAD"), git(work, "branch", "--list")) == before
    assert sorted(git(remote, "ls-tree", "-r", "--name-only", "qe-history").split()) == sorted([name, other])
    reader = open_store("git:qe-history", str(clone(remote, tmp_path / "reader")))
    assert reader.runs() == [second, first]
    assert reader.runs("refs/heads/main") == [first]
    assert reader.for_sha("1" * 12) == [first]


def test_retention_drops_the_oldest_runs_of_the_ref_in_the_same_commit(remote, tmp_path) -> None:
    store = GitBranchStore("qe-history", str(clone(remote, tmp_path / "work")))
    for day in range(1, 5):
        store.record(_run(f"{day}" * 40, f"2026-01-0{day}T00:00:00.000000Z"), keep=2)
    assert [r.sha[0] for r in store.runs()] == ["4", "3"]
    assert len(git(remote, "ls-tree", "-r", "--name-only", "qe-history").split()) == 2


def test_a_push_rejected_mid_way_is_retried_on_the_new_tip(remote, tmp_path) -> None:
    store = GitBranchStore("qe-history", str(clone(remote, tmp_path / "mine")))
    rival = GitBranchStore("qe-history", str(clone(remote, tmp_path / "rival")))
    rival.record(_run("a" * 40, "2026-01-01T00:00:00.000000Z"))
    fetch = store.fetch
    raced = []

    def fetch_then_lose_the_race() -> str | None:
        tip = fetch()
        if not raced:  # another writer pushes between our fetch and our push
            raced.append(rival.record(_run("b" * 40, "2026-01-02T00:00:00.000000Z")))
        return tip

    store.fetch = fetch_then_lose_the_race  # type: ignore[method-assign]
    store.record(_run("c" * 40, "2026-01-03T00:00:00.000000Z"))
    assert store.attempts == 2
    assert [r.sha[0] for r in open_store("git:qe-history", str(tmp_path / "rival")).runs()] == ["c", "b", "a"]


def test_corrupt_and_foreign_files_on_the_branch_are_reported_not_fatal(remote, tmp_path, capsys) -> None:
    store = GitBranchStore("qe-history", str(clone(remote, tmp_path / "work")))
    good = _run("1" * 40, "2026-01-01T00:00:00.000000Z")
    store.record(good)
    hand = clone(remote, tmp_path / "hand", shallow=False)
    git(hand, "checkout", "-q", "qe-history")
    (hand / "runs" / "main" / "zz-corrupt.json.gz").write_bytes(b"\x1f\x8b\x08 truncated")
    (hand / "runs" / "main" / "zz-foreign.json.gz").write_bytes(gzip.compress(json.dumps({"a": 1}).encode()))
    (hand / "README.md").write_text("a human's note on the data branch\n")
    git(hand, "add", ".")
    git(hand, "commit", "-q", "-m", "hand edits")
    git(hand, "push", "-q", "origin", "qe-history")
    reader = GitBranchStore("qe-history", str(clone(remote, tmp_path / "reader")))
    assert reader.runs() == [good]
    err = capsys.readouterr().err
    assert "skipped git:qe-history:runs/main/zz-corrupt.json.gz: not gzip JSON" in err
    assert "skipped git:qe-history:runs/main/zz-foreign.json.gz: not a qe history run" in err
    reader.record(_run("2" * 40, "2026-01-02T00:00:00.000000Z"))  # writing still works beside them
    assert len(reader.runs()) == 2


def test_a_fork_pull_request_skips_recording_with_one_line_and_reads(remote, tmp_path, capsys) -> None:
    work = clone(remote, tmp_path / "work")
    GitBranchStore("qe-history", str(work)).record(_run("1" * 40, "2026-01-01T00:00:00.000000Z"))
    event = tmp_path / "event.json"
    pull = {"head": {"repo": {"full_name": "someone/fork"}}, "base": {"repo": {"full_name": "owner/repo"}}}
    event.write_text(json.dumps({"pull_request": pull}))
    env = {"GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": str(event)}
    store = GitBranchStore("qe-history", str(work), env=env)
    assert store.record(_run("2" * 40, "2026-01-02T00:00:00.000000Z")) == ""
    assert (
        capsys.readouterr().err.strip()
        == "qe history: not recording to git:qe-history: a fork's pull request cannot push"
    )
    assert [r.sha[0] for r in store.runs()] == ["1"]


def test_a_push_refused_for_permission_skips_recording(remote, tmp_path, capsys) -> None:
    work = clone(remote, tmp_path / "work")
    hook = remote / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'Permission to owner/repo.git denied to github-actions[bot].' >&2\nexit 1\n")
    hook.chmod(0o755)
    store = GitBranchStore("qe-history", str(work))
    assert store.record(_run("1" * 40, "2026-01-01T00:00:00.000000Z")) == ""
    assert "not recording to git:qe-history: push refused" in capsys.readouterr().err
    assert store.attempts == 1


@pytest.mark.slow
def test_twenty_concurrent_record_processes_all_land(remote, tmp_path) -> None:
    writers = 20
    procs = []
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    for index in range(writers):
        work = clone(remote, tmp_path / f"w{index}")
        shutil.copy(SAMPLES / "junit.xml", work / "junit.xml")
        sha = f"{index:040x}"
        args = ["history", "record", "--store", "git:qe-history", "--tests", "junit.xml", "--sha", sha]
        procs.append(
            subprocess.Popen(
                [sys.executable, "-m", "qe_actions", *args, "--ref", "refs/heads/main"],
                cwd=work,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
        )
    started = time.monotonic()
    results = [(p.wait(timeout=300), p.stderr.read().decode() if p.stderr else "") for p in procs]
    assert [code for code, _ in results] == [0] * writers, results
    names = git(remote, "ls-tree", "-r", "--name-only", "qe-history").split()
    assert len(names) == writers
    runs = open_store("git:qe-history", str(clone(remote, tmp_path / "reader"))).runs()
    assert sorted(int(r.sha, 16) for r in runs) == list(range(writers))
    assert all(len(r.tests) == 8 for r in runs)
    assert time.monotonic() - started < 300


def test_git_store_through_the_cli(remote, tmp_path, monkeypatch, capsys) -> None:
    work = clone(remote, tmp_path / "work")
    shutil.copy(SAMPLES / "junit.xml", work / "junit.xml")
    monkeypatch.chdir(work)
    for var in ("GITHUB_SHA", "GITHUB_REF", "GITHUB_EVENT_PATH", "GITHUB_EVENT_NAME", "GITHUB_RUN_ID"):
        monkeypatch.delenv(var, raising=False)
    assert main(["history", "record", "--store", "git:qe-history", "--tests", "junit.xml"]) == 0
    head = git(work, "rev-parse", "HEAD").strip()
    assert f"recorded {head[:12]} on refs/heads/main" in capsys.readouterr().out
    assert main(["history", "list", "--store", "git:qe-history", "--format", "json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)["runs"]
    assert row["sha"] == head and row["totals"]["tests"]["tests"] == 8
