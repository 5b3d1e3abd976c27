"""The dashboard's data document: recorded runs in, one chart per trend out (pure; no files, no git, no HTML).

Each chart has series of values aligned with `runs` (oldest first; `null` where a run did not measure it). The
page's script draws the charts and their tables from exactly this document, so what a test reads from the data
file is what the page must show.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol

FORMAT = "qe-dashboard/1"
SEVERITIES = ("critical", "high", "medium", "low")
_SHA = re.compile(r"[0-9a-f]{7,64}")
_REPO_URL = re.compile(r"https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~-]+)+")


class RunLike(Protocol):
    """What the dashboard reads from a history record (history.record.RunRecord has it)."""

    @property
    def sha(self) -> str: ...

    @property
    def ref(self) -> str: ...

    @property
    def pr(self) -> int | None: ...

    @property
    def run_id(self) -> str: ...

    @property
    def attempt(self) -> int: ...

    @property
    def time(self) -> str: ...

    @property
    def totals(self) -> Mapping[str, Any]: ...


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if value == value and abs(value) != float("inf") else None


def _get(totals: Mapping[str, Any], kind: str, key: str) -> float | None:
    block = totals.get(kind)
    return _number(block.get(key)) if isinstance(block, Mapping) else None


def _failed(totals: Mapping[str, Any]) -> float | None:
    failed, errors = _get(totals, "tests", "failed"), _get(totals, "tests", "errors")
    return None if failed is None and errors is None else (failed or 0.0) + (errors or 0.0)


def _severity(totals: Mapping[str, Any], severity: str | None) -> float | None:
    """Findings (security findings and lint together) of one severity; None (`other`) sums the rest."""
    found = False
    total = 0.0
    for kind in ("findings", "lint"):
        block = totals.get(kind)
        if not isinstance(block, Mapping):
            continue
        found = True
        by_severity = block.get("by_severity") or {}
        if not isinstance(by_severity, Mapping):
            continue
        for name, count in by_severity.items():
            if (severity is None and name not in SEVERITIES) or name == severity:
                total += _number(count) or 0.0
    return total if found else None


def benchmark_means(totals: Mapping[str, Any]) -> dict[str, float]:
    """name -> mean from `totals.benchmarks`: `{name: number}`, `{name: {mean: number}}` or a list of
    `{name, mean}` (or `value`) objects; anything else is left out."""
    raw = totals.get("benchmarks")
    items: Iterable[tuple[Any, Any]]
    if isinstance(raw, Mapping):
        inner = raw.get("benchmarks") if isinstance(raw.get("benchmarks"), (list, Mapping)) else raw
        raw = inner
    if isinstance(raw, Mapping):
        items = raw.items()
    elif isinstance(raw, list):
        items = ((b.get("name"), b) for b in raw if isinstance(b, Mapping))
    else:
        return {}
    means: dict[str, float] = {}
    for name, value in items:
        if isinstance(value, Mapping):
            value = value.get("mean", value.get("value"))
        number = _number(value)
        if isinstance(name, str) and name and number is not None:
            means[name[:200]] = number
    return means


def commit_url(repo_url: str | None, sha: str) -> str | None:
    """`<repo>/commit/<sha>` for a plain http(s) repository URL and a hex SHA; None otherwise (no link)."""
    if not repo_url or not _REPO_URL.fullmatch(repo_url) or not _SHA.fullmatch(sha):
        return None
    return f"{repo_url}/commit/{sha}"


def check_repo_url(repo_url: str | None) -> str | None:
    """The URL without a trailing slash when it is a plain http(s) URL, else None."""
    if not repo_url:
        return None
    repo_url = repo_url.rstrip("/")
    return repo_url if _REPO_URL.fullmatch(repo_url) else None


def _chart(chart_id: str, title: str, unit: str, series: dict[str, list[float | None]]) -> dict[str, Any] | None:
    kept = [{"name": name, "values": values} for name, values in series.items() if any(v is not None for v in values)]
    if not kept:
        return None
    return {"id": chart_id, "title": title, "unit": unit, "series": kept}


def build_document(
    runs: Sequence[RunLike],
    *,
    title: str,
    repo_url: str | None,
    generated: str,
    flaky: Sequence[Mapping[str, Any]] = (),
) -> dict[str, Any]:
    """The data file's document for `runs` (oldest first)."""
    totals = [run.totals for run in runs]

    def column(pick: Any) -> list[float | None]:
        return [pick(t) for t in totals]

    # the history's per-run benchmark results (`RunRecord.benchmarks`, {name: {mean, ...}}) when a record has
    # them, else whatever the totals carry
    means = [
        benchmark_means({"benchmarks": getattr(r, "benchmarks", None) or r.totals.get("benchmarks")}) for r in runs
    ]
    names = sorted({name for m in means for name in m})
    candidates = [
        _chart("coverage", "Coverage", "%", {"coverage": column(lambda t: _get(t, "coverage", "percent"))}),
        _chart(
            "diff_coverage",
            "Diff coverage",
            "%",
            {"diff coverage": column(lambda t: _get(t, "diff_coverage", "percent"))},
        ),
        _chart(
            "tests",
            "Tests and failures",
            "",
            {
                "tests": column(lambda t: _get(t, "tests", "tests")),
                "failed": column(_failed),
                "skipped": column(lambda t: _get(t, "tests", "skipped")),
            },
        ),
        _chart("duration", "Test duration", "s", {"duration": column(lambda t: _get(t, "tests", "duration"))}),
        _chart("flaky", "Flaky tests", "", {"flaky": column(lambda t: _get(t, "tests", "flaky"))}),
        _chart(
            "findings",
            "Findings by severity",
            "",
            {
                **{s: column(lambda t, s=s: _severity(t, s)) for s in SEVERITIES},
                "other": column(lambda t: _severity(t, None)),
            },
        ),
        _chart("benchmarks", "Benchmark means", "", {name: [m.get(name) for m in means] for name in names}),
    ]
    charts = [chart for chart in candidates if chart is not None]
    shown = {chart["id"] for chart in charts}
    every = ("coverage", "diff_coverage", "tests", "duration", "flaky", "findings", "benchmarks")
    return {
        "format": FORMAT,
        "title": title,
        "generated": generated,
        "repo_url": repo_url,
        "runs": [
            {
                "sha": run.sha,
                "ref": run.ref,
                "pr": run.pr,
                "time": run.time,
                "run_id": run.run_id,
                "attempt": run.attempt,
                "url": commit_url(repo_url, run.sha),
            }
            for run in runs
        ],
        "charts": charts,
        "not_recorded": [name for name in every if name not in shown],
        "flaky_tests": list(flaky),
    }
