"""The folder store: round trip, order, per-SHA lookup, atomic per-run files, and bad files skipped with a note."""

from __future__ import annotations

import gzip
import os

import pytest

from qe_actions.errors import UsageError
from qe_actions.history.local import LocalStore, decode, encode, ref_slug
from qe_actions.history.record import RunRecord, record_from_report
from qe_actions.history.store import open_store


def _run(sha: str, time: str, ref: str = "refs/heads/main", **kw: object) -> RunRecord:
    fields: dict = dict(sha=sha, ref=ref, pr=None, run_id="11", attempt=1, time=time)
    fields.update(kw)
    return RunRecord(**fields)


def test_record_round_trips_through_json_and_gzip() -> None:
    run = _run(
        "a" * 40,
        "2026-01-02T03:04:05Z",
        pr=7,
        totals={"tests": {"tests": 2}},
        tests={"t.a": ("passed", 0.5), "t.b": ("failed", 1.25)},
        coverage_files={"src/x.py": 80.5},
        findings=("f1", "f2"),
    )
    assert RunRecord.from_json(run.to_json()) == run
    assert decode(encode(run)) == run
    assert encode(run) == encode(run)  # deterministic bytes


def test_from_json_rejects_foreign_objects() -> None:
    with pytest.raises(ValueError, match="not a qe history run"):
        RunRecord.from_json({"sha": "x"})
    with pytest.raises(ValueError, match="not gzip JSON"):
        decode(b"plain text")


def test_record_from_report_keeps_the_gate_totals_and_failing_tests() -> None:
    report = {
        "totals": {"tests": {"tests": 3, "failed": 1}, "coverage": {"percent": 80.0}, "other": 1},
        "failing_tests": [{"name": "t.a", "outcome": "failed"}],
    }
    run = record_from_report(report, sha="b" * 40, ref="refs/heads/main", time="2026-01-01T00:00:00Z")
    assert run.totals == {"tests": {"tests": 3, "failed": 1}, "coverage": {"percent": 80.0}}
    assert run.tests == {"t.a": ("failed", 0.0)}
    detailed = record_from_report(report, sha="b" * 40, ref="r", tests={"t.z": ("passed", 1.0)}, findings=["y", "x"])
    assert detailed.tests == {"t.z": ("passed", 1.0)} and detailed.findings == ("x", "y")


def test_folder_store_lists_newest_first_and_filters_by_ref(tmp_path) -> None:
    store = open_store("hist", str(tmp_path))
    old = _run("1" * 40, "2026-01-01T00:00:00Z")
    new = _run("2" * 40, "2026-01-02T00:00:00Z")
    other = _run("3" * 40, "2026-01-03T00:00:00Z", ref="refs/pull/7/merge", pr=7)
    names = [store.record(r) for r in (old, other, new)]
    assert names[0].startswith("runs/main/20260101T000000Z-111111111111-11-1-") and names[0].endswith(".json.gz")
    assert store.runs() == [other, new, old]
    assert store.runs("refs/heads/main") == [new, old]
    assert store.runs("refs/pull/7/merge") == [other]
    assert store.for_sha("2222222") == [new]
    assert store.for_sha("2" * 40) == [new]
    assert store.for_sha("4" * 40) == []
    assert not [n for n in os.listdir(tmp_path / "hist" / "runs" / "main") if n.startswith(".tmp")]


def test_two_records_of_the_same_run_never_overwrite(tmp_path) -> None:
    store = LocalStore(str(tmp_path))
    run = _run("1" * 40, "2026-01-01T00:00:00Z")
    assert store.record(run) != store.record(run)
    assert len(store.runs()) == 2


def test_corrupt_and_foreign_files_are_skipped_with_a_note(tmp_path, capsys) -> None:
    store = LocalStore(str(tmp_path))
    good = _run("1" * 40, "2026-01-01T00:00:00Z")
    store.record(good)
    folder = tmp_path / "runs" / "main"
    (folder / "broken.json.gz").write_bytes(b"\x1f\x8b garbage")
    (folder / "foreign.json.gz").write_bytes(gzip.compress(b'{"hello": "world"}'))
    (folder / "notes.txt").write_text("ignored: not a run file name")
    assert store.runs() == [good]
    err = capsys.readouterr().err
    assert "skipped runs/main/broken.json.gz: not gzip JSON" in err
    assert "skipped runs/main/foreign.json.gz: not a qe history run" in err
    assert len(store.notes) == 2


def test_ref_slug_and_bad_store_specs(tmp_path) -> None:
    assert ref_slug("refs/heads/main") == "main"
    assert ref_slug("refs/pull/7/merge") == "pull-7-merge"
    assert ref_slug("../../etc") == "etc"
    (tmp_path / "file").write_text("x")
    with pytest.raises(UsageError, match="not a folder"):
        open_store("file", str(tmp_path))
    with pytest.raises(UsageError, match="empty"):
        open_store(" ", str(tmp_path))
    with pytest.raises(UsageError, match="not a usable branch name"):
        open_store("git:-bad", str(tmp_path))


def test_details_are_read_on_first_use_and_a_bad_details_member_is_not_fatal(capsys) -> None:
    run = _run("1" * 40, "2026-01-01T00:00:00Z", tests={"t.a": ("failed", 2.0)}, coverage_files={"x.py": 50.0})
    blob = encode(run)
    loaded = decode(blob)
    assert repr(loaded.tests) == "LazyMapping(tests)"  # not parsed yet: listing runs stays cheap
    assert loaded == run and dict(loaded.tests) == {"t.a": ("failed", 2.0)}
    assert gzip.decompress(blob).count(b"}{") == 1  # one gzip file for zcat: the head, then the details
    head_only = blob[: blob.index(b"\x1f\x8b", 10)]
    broken = decode(head_only + b"\x1f\x8b\x08\x00 broken", "runs/main/x.json.gz")
    assert broken.sha == run.sha and dict(broken.tests) == {} and dict(broken.coverage_files) == {}
    assert "runs/main/x.json.gz: per-test details unreadable" in capsys.readouterr().err
