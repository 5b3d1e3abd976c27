"""Read every coverage report given, map paths to the checkout, merge them, and measure the coverage of a change.

Merging (matrix jobs, unit plus integration runs): a line is measured if any report measures it and covered
if any report covers it (hits add up); a branch line keeps the highest covered/total figures seen.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import replace

from qe_actions.diff import ChangedLines
from qe_actions.errors import InputError, Problem
from qe_actions.globs import expand
from qe_actions.model.coverage import (
    COVERAGE_PY,
    Counts,
    CoverageSummary,
    DiffCoverage,
    FileCoverage,
    FileDiff,
    LazyLines,
    Report,
    SpanTable,
    Total,
    ranges,
    rounding_for,
    sum_counts,
)
from qe_actions.paths import PathMapper, find_checkout, parse_fix
from qe_actions.readers.coverage.common import FileCollector

UNMAPPED_EXAMPLES = 3


def read_reports(files: Sequence[str], cwd: str | None) -> tuple[list[Report], list[Problem], list[str]]:
    """Detect and read each file; coverage.py data files are combined together; bad files become problems."""
    from qe_actions.readers.coverage.detect import detect, read_report

    reports: list[Report] = []
    problems: list[Problem] = []
    warnings: list[str] = []
    data_files: list[str] = []
    for shown in files:
        path = shown if cwd is None or os.path.isabs(shown) else os.path.join(cwd, shown)
        try:
            fmt = detect(path)
            if fmt == "coveragepy-data":
                data_files.append(path)
                continue
            report = read_report(path, fmt)
            reports.append(report if report.source == shown else replace(report, source=shown))
        except InputError as exc:
            problems.append(Problem(shown, exc.problem))
        except (ValueError, OverflowError, KeyError, TypeError, RecursionError) as exc:
            # a reader met content its format does not allow; still one line, never a traceback
            problems.append(Problem(shown, f"unexpected content ({type(exc).__name__}: {str(exc)[:200]})"))
    if data_files:
        from qe_actions.readers.coverage.coveragepy_data import read_coverage_data

        combined, data_problems, data_warnings = read_coverage_data(data_files, cwd)
        problems.extend(data_problems)
        warnings.extend(data_warnings)
        if combined is not None:
            reports.append(combined)
    return reports, problems, warnings


def merge_files(items: Sequence[FileCoverage], path: str) -> FileCoverage:
    """One file's coverage from several reports: union of measured lines, hits added, branches at their highest."""
    detailed = [item for item in items if item.lines is not None]
    if not detailed:
        best = max(items, key=lambda item: (item.counts.total_lines, item.counts.covered_lines))
        return FileCoverage(path, best.counts, None, best.has_branch_data)
    if len(detailed) == 1:
        only = detailed[0]
        return only if only.path == path else replace(only, path=path)
    if any(isinstance(item.lines, SpanTable) for item in detailed):
        return _merge_runs(detailed, path)
    merged = FileCollector()  # the readers' own rule for a line seen twice
    hits = merged.file(path)
    for item in detailed:
        for line, count in item.lines.items():  # type: ignore[union-attr]
            hits[line] = hits.get(line, 0) + count
        for line, covered, total in item.lines.branches:  # type: ignore[union-attr]
            merged.branch(path, line, covered, total)
    merged.branch_data = any(item.has_branch_data for item in detailed)
    return merged.freeze()[0]


def _merge_runs(items: Sequence[FileCoverage], path: str) -> FileCoverage:
    """Merge tables given as line runs by their edges: as many steps as runs, never one per line of a range."""
    edges: dict[int, list[int]] = {}  # line -> [change of hits, change of tables measuring it]
    branches = FileCollector()
    for item in items:
        for first, last, hits in item.lines.runs():  # type: ignore[union-attr]
            start, stop = edges.setdefault(first, [0, 0]), edges.setdefault(last + 1, [0, 0])
            start[0] += hits
            start[1] += 1
            stop[0] -= hits
            stop[1] -= 1
        for line, covered, total in item.lines.branches:  # type: ignore[union-attr]
            branches.branch(path, line, covered, total)
    runs: list[tuple[int, int, int]] = []
    hits = measuring = 0
    previous = None
    for at in sorted(edges):
        if measuring > 0 and previous is not None:
            runs.append((previous, at - 1, hits))
        hits, measuring, previous = hits + edges[at][0], measuring + edges[at][1], at
    table = SpanTable.build(runs)
    if branches.branches:
        table = replace(table, branches=tuple((line, c, t) for line, (c, t) in sorted(branches.branches[path].items())))
    return FileCoverage.from_lines(path, table, any(item.has_branch_data for item in items))


def _possible(own: Counts, summed: Counts) -> bool:
    """A report's stated totals are used unless impossible: more covered than measured, or empty beside data."""
    if own.covered_lines > own.total_lines or own.covered_branches > own.total_branches:
        return False
    return own.total_lines > 0 or summed.total_lines == 0


def _total(files: Iterable[FileCoverage], reports: Sequence[Report], combined: bool) -> Total:
    """The producer's own totals when one report states them; the sum of the merged files otherwise."""
    summed = sum_counts(item.counts for item in files)
    own = reports[0].declared if len(reports) == 1 else None
    if own is not None and not _possible(own, summed):
        own = None
    elif own is not None and summed.has_branches and not own.has_branches:  # branches only in the file rows
        own = Counts(own.covered_lines, own.total_lines, summed.covered_branches, summed.total_branches, True)
    counts = own if own is not None else summed
    use_combined = combined and counts.has_branches
    percent = counts.combined_percent if use_combined else counts.line_percent
    recomputed = f"merged from {len(reports)} reports" if len(reports) > 1 else ""
    return Total(
        percent,
        counts.covered_lines,
        counts.total_lines,
        counts.line_percent,
        counts.branch_percent,
        counts.covered_branches,
        counts.total_branches,
        "lines+branches (coverage.py)" if use_combined else "lines",
        rounding_for(report.producer for report in reports),
        recomputed,
    )


def _decodable(items: list[FileCoverage], problems: list[Problem]) -> list[FileCoverage]:
    """The items whose lazily decoded line table reads; a big report's damaged block is its file's problem."""
    if len(items) < 2:
        return items
    kept = []
    for item in items:
        if isinstance(item.lines, LazyLines):
            try:
                item.lines.table()
            except InputError as exc:
                problems.append(Problem.from_error(exc))
                continue
        kept.append(item)
    return kept


def summarise(
    reports: Sequence[Report], mapper: PathMapper, problems: list[Problem] | None = None
) -> tuple[dict[str, FileCoverage], list[str]]:
    """Map every file to its repository path and merge the reports; returns files and path warnings."""
    grouped: dict[str, list[FileCoverage]] = {}
    for report in reports:
        for item in report.files:
            grouped.setdefault(mapper.map(item.path, report.roots), []).append(item)
    found = [] if problems is None else problems
    merged = ((path, _decodable(items, found)) for path, items in sorted(grouped.items()))
    files = {path: merge_files(items, path) for path, items in merged if items}
    warnings = []
    if mapper.unmapped:
        examples = ", ".join(mapper.unmapped[:UNMAPPED_EXAMPLES])
        warnings.append(
            f"{len(mapper.unmapped)} file(s) in the coverage reports match no tracked file in this checkout "
            f"(e.g. {examples}); fix with --path-fix BEFORE::AFTER (or `inputs.path_fixes` in .qe.yml)"
        )
    return files, warnings


def load_coverage(
    patterns: Sequence[str], *, cwd: str | None = None, path_fixes: Sequence[str | tuple[str, str]] = ()
) -> CoverageSummary:
    """Read, map and merge coverage reports given as paths or globs; bad files are problems, not crashes."""
    fixes = tuple(parse_fix(f) if isinstance(f, str) else f for f in path_fixes)
    expanded = expand(patterns, cwd)
    reports, problems, warnings = read_reports(expanded.files, cwd)
    mapper = PathMapper(find_checkout(cwd), fixes, base=os.path.abspath(cwd or "."))
    files, path_warnings = summarise(reports, mapper, problems)
    combined = bool(reports) and all(report.producer == COVERAGE_PY for report in reports)
    return CoverageSummary(
        total=_total(files.values(), reports, combined),
        files=files,
        problems=tuple(expanded.problems) + tuple(problems),
        warnings=tuple(warnings) + tuple(path_warnings),
        inputs=tuple(report.source for report in reports),
        formats=tuple(sorted({report.format for report in reports})),
        combined=combined,
    )


def diff_coverage(summary: CoverageSummary, changed: ChangedLines) -> DiffCoverage:
    """Coverage of the changed lines the reports measure (diff-cover's rule); per file the uncovered ranges."""
    per_file: list[FileDiff] = []
    unmeasured: list[str] = []
    covered_total = measured_total = changed_total = 0
    for path in sorted(changed):
        lines = changed[path]
        changed_total += len(lines)
        item = summary.files.get(path)
        if item is None or item.lines is None:
            unmeasured.append(path)
            continue
        table = item.lines
        measured = covered = 0
        uncovered: list[int] = []
        for line in sorted(lines):
            hits = table.get(line)
            if hits is None:
                continue
            measured += 1
            if hits > 0:
                covered += 1
            else:
                uncovered.append(line)
        if measured == 0:
            unmeasured.append(path)
            continue
        covered_total += covered
        measured_total += measured
        per_file.append(FileDiff(path, covered, measured, tuple(uncovered), ranges(uncovered)))
    return DiffCoverage(covered_total, measured_total, changed_total, tuple(per_file), tuple(unmeasured))
