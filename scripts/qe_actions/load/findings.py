"""Load findings: expand globs, read each file in its format, mark new versus existing, and summarise.

A finding is *new* when a baseline is given and its fingerprint is not in it, or (without a baseline) when
it starts on a line the change added or modified, or (without either) when every SARIF result says so in its
`baselineState`. Otherwise `new` is None (unknown) and nothing is hidden. The same finding given twice through two
files (a merged SARIF beside its parts) is kept once.
"""

from __future__ import annotations

import dataclasses
import gc
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager

from qe_actions.errors import InputError, Problem, UsageError
from qe_actions.globs import Expanded, expand
from qe_actions.model.findings import Finding, FindingsSummary, count_totals, sort_key
from qe_actions.readers.findings.common import ReadContext
from qe_actions.readers.findings.detect import read_findings_file


@dataclasses.dataclass(frozen=True, slots=True)
class Baseline:
    """Fingerprints of the findings that already existed (read from the base branch's findings files)."""

    fingerprints: frozenset[str]
    files: tuple[str, ...]
    problems: tuple[Problem, ...]


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while reports are read (`@gc_paused()` on the loaders): a large SARIF
    log is millions of fresh containers, and each automatic collection would walk all of them again (a reader
    creates no cycles)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _open_path(path: str, cwd: str | None) -> str:
    return path if os.path.isabs(path) or cwd is None else os.path.join(cwd, path)


def _expand(patterns: str | Sequence[str], cwd: str | None) -> Expanded:
    return expand([patterns] if isinstance(patterns, str) else patterns, cwd=cwd)


@gc_paused()
def load_baseline(
    patterns: str | Sequence[str], *, cwd: str | None = None, fmt: str | None = None, path_fixes: Sequence[str] = ()
) -> Baseline:
    """Read baseline findings files (any findings format; best: `qe findings --format json` on the base branch)."""
    expanded = _expand(patterns, cwd)
    problems = [Problem(p.path, f"baseline: {p.message}") for p in expanded.problems]
    ctx = ReadContext(cwd, fixes=tuple(path_fixes))
    fingerprints: set[str] = set()
    for path in expanded.files:
        try:
            _fmt, result = read_findings_file(_open_path(path, cwd), ctx, fmt)
        except InputError as exc:
            problems.append(Problem(path, f"baseline: {exc.problem}"))
            continue
        fingerprints.update(f.fingerprint for f in result.findings)
    return Baseline(frozenset(fingerprints), expanded.files, tuple(problems))


def is_on_changed_line(finding: Finding, changed: Mapping[str, frozenset[int]]) -> bool:
    """reviewdog's `added` filter: the finding starts on an added/modified line (a file-level one: the file changed)."""
    lines = changed.get(finding.path)
    if lines is None:
        return False
    return bool(lines) if finding.line is None else finding.line in lines


def mark_new(
    findings: Iterable[Finding], *, changed: Mapping[str, frozenset[int]] | None, baseline: Baseline | None
) -> list[Finding]:
    """Set `new` on every finding: the baseline decides when given, else the changed lines, else unknown."""
    if baseline is not None:
        known = baseline.fingerprints
        return [dataclasses.replace(f, new=f.fingerprint not in known) for f in findings]
    if changed is not None:
        return [dataclasses.replace(f, new=is_on_changed_line(f, changed)) for f in findings]
    return list(findings)


def _dedupe(per_file: list[list[Finding]]) -> tuple[list[Finding], int]:
    """Concatenate per-file findings, dropping one that an earlier file already reported (same place and text)."""
    if len(per_file) == 1:
        return per_file[0], 0
    seen: set[tuple] = set()
    merged: list[Finding] = []
    dropped = 0
    for findings in per_file:
        local: list[tuple] = []
        for f in findings:
            key = (f.tool.lower(), f.rule, f.path, f.line, f.column, f.message)
            if key in seen:
                dropped += 1
                continue
            local.append(key)
            merged.append(f)
        seen.update(local)
    return merged, dropped


@gc_paused()
def load_findings(
    patterns: str | Sequence[str],
    *,
    cwd: str | None = None,
    fmt: str | None = None,
    changed: Mapping[str, frozenset[int]] | None = None,
    baseline: Baseline | str | Sequence[str] | None = None,
    path_fixes: Sequence[str] = (),
) -> FindingsSummary:
    """Read every findings file matched by `patterns`; bad files become problems, good ones are still used.
    `path_fixes` are `BEFORE::AFTER` rewrites of report paths (a linter run in a subfolder of a monorepo)."""
    expanded = _expand(patterns, cwd)
    problems = list(expanded.problems)
    notes: list[str] = []
    incomplete: list[str] = []
    try:
        ctx = ReadContext(cwd, fixes=tuple(path_fixes))
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    per_file: list[list[Finding]] = []
    files: list[str] = []
    suppressed = 0
    for path in expanded.files:
        try:
            _used, result = read_findings_file(_open_path(path, cwd), ctx, fmt)
        except InputError as exc:
            problems.append(Problem(path, exc.problem))
            continue
        files.append(path)
        per_file.append(result.findings)
        suppressed += result.suppressed
        notes.extend(result.notes)
        incomplete.extend(result.incomplete)
    findings, dropped = _dedupe(per_file) if per_file else ([], 0)
    if dropped:
        notes.append(f"{dropped} finding(s) reported by more than one file were counted once")
    if suppressed:
        notes.append(f"{suppressed} suppressed result(s) left out")
    if baseline is not None and not isinstance(baseline, Baseline):
        baseline = load_baseline(baseline, cwd=cwd, path_fixes=path_fixes)
    basis = "none"
    if isinstance(baseline, Baseline):
        problems.extend(baseline.problems)
        if baseline.problems:
            baseline = None  # a half-read baseline would call old findings new
        else:
            basis = "baseline"
    if basis == "none" and changed is not None:
        basis = "diff"
    if basis == "none" and findings and all(f.new is not None for f in findings):
        basis = "sarif"  # every result carried a SARIF baselineState (a log already compared with its baseline)
    elif basis == "none":
        findings = [f if f.new is None else dataclasses.replace(f, new=None) for f in findings]  # partial: unknown
    findings = mark_new(findings, changed=changed, baseline=baseline if basis == "baseline" else None)
    findings.sort(key=sort_key)
    return FindingsSummary(
        findings=tuple(findings),
        totals=count_totals(findings, suppressed),
        files=tuple(files),
        problems=tuple(problems),
        notes=tuple(notes),
        new_basis=basis,
        incomplete=tuple(dict.fromkeys(incomplete)),  # a merged log beside its parts names a gap once
    )
