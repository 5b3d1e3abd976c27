"""Terminal rendering of coverage: the total, the thresholds, the change's uncovered lines, the weakest files."""

from __future__ import annotations

from qe_actions.model.coverage import ROUND, Check, CoverageSummary, DiffCoverage
from qe_actions.model.report import uncovered_files
from qe_actions.render.coverage_common import percent_text, short_path, weakest
from qe_actions.render.escape import plain_text
from qe_actions.render.limits import MAX_ROWS
from qe_actions.render.rows import more_line, uncovered_text

WEAKEST = 10


def total_line(summary: CoverageSummary) -> str:
    """`Coverage 82.98%: 78 of 94 lines, branches 75.00% (30 of 40), 6 files`."""
    t = summary.total
    rule = t.rounding
    text = f"Coverage {percent_text(t.percent, rule=rule)}: {t.covered_lines} of {t.total_lines} lines"
    if t.branch_percent is not None:
        text += f", branches {percent_text(t.branch_percent, rule=rule)} ({t.covered_branches} of {t.total_branches})"
    text += f", {len(summary.files)} file{'s' if len(summary.files) != 1 else ''}"
    if t.percent_kind != "lines":
        text += f" (lines {percent_text(t.line_percent, rule=rule)}; the total counts lines and branches as coverage.py does)"
    if t.recomputed:
        text += f" (totals recomputed: {t.recomputed})"
    return text


def diff_lines(diff: DiffCoverage, description: str, rule: str = ROUND) -> list[str]:
    """The change: its figure, then each file with uncovered changed lines."""
    against = f" against {plain_text(description)}" if description else ""
    if diff.total_lines == 0:
        head = f"Diff coverage{against}: no changed line is measured ({diff.changed_lines} changed lines)"
    else:
        head = (f"Diff coverage{against} {percent_text(diff.percent, rule=rule)}: {diff.covered_lines} of "
                f"{diff.total_lines} measured changed lines covered ({diff.changed_lines} changed lines)")
    lines = [head]
    rows = uncovered_files(diff, limit=len(diff.files))
    lines += [uncovered_text(row) for row in rows[:MAX_ROWS]]
    more = more_line(len(rows), min(MAX_ROWS, len(rows)), "files with uncovered changed lines")
    return lines + ([f"  {more}"] if more else [])


def check_line(check: Check, rule: str = ROUND) -> str:
    verdict = "ok" if check.passed else "FAILED"
    label = "total" if check.name == "total" else "diff"
    return f"{verdict}: {label} coverage {percent_text(check.value, rule=rule)} (required {check.threshold:g}%)"


def render_text(summary: CoverageSummary, diff: DiffCoverage | None = None, description: str = "",
                checks: tuple[Check, ...] = ()) -> str:
    """The whole terminal report."""
    rule = summary.total.rounding
    lines = [total_line(summary)]
    if diff is not None:
        lines.extend(diff_lines(diff, description, rule))
    weakest_rows = weakest(summary, WEAKEST)
    if weakest_rows:
        lines.append("Lowest coverage:")
        width = max(len(plain_text(short_path(row.name))) for row in weakest_rows)
        for row in weakest_rows:
            c = row.counts
            lines.append(f"  {plain_text(short_path(row.name)).ljust(width)}  {percent_text(row.percent, rule=rule):>7}  "
                         f"{c.covered_lines}/{c.total_lines} lines")
    lines.extend(check_line(check, rule) for check in checks)
    lines.extend(f"warning: {plain_text(w)}" for w in summary.warnings)
    return "\n".join(lines) + "\n"
