"""The imperative shell of `qe gate`: settings in, files and git read, views built, report assembled."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from qe_actions.errors import QeError, UsageError
from qe_actions.gate.assemble import assemble
from qe_actions.gate.discover import discover
from qe_actions.gate.metrics import INPUT_LABELS, OVERALL, REPORT_KINDS
from qe_actions.gate.policy import Policy, apply_overrides
from qe_actions.gate.policy_file import load_policy
from qe_actions.gate.views import InputView
from qe_actions.model.report import GateReport, Links

if TYPE_CHECKING:
    from qe_actions.load.findings import Baseline


@dataclass(frozen=True, slots=True)
class GateSettings:
    """Everything one `qe gate` run is told, built once from the command line and the environment."""

    cwd: Path
    config: Path | None = None
    patterns: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # kind -> paths/globs given
    diff_base: str | None = None
    diff_file: str | None = None
    overrides: Mapping[str, float | None] = field(default_factory=dict)
    image_size: int | None = None  # bytes of a built container image (`--image-size`): metric image_size_mb
    env: Mapping[str, str] = field(default_factory=dict)
    discover: bool = True
    path_fixes: tuple[str, ...] = ()  # BEFORE::AFTER rewrites for coverage paths (added to the policy's)
    baseline: tuple[str, ...] = ()  # findings reports of the base branch (replace the policy's)
    history: str | None = None  # the history store to compare with (`--history`): a folder or git:BRANCH
    record: bool = False  # also record this run in the history store (`--record`)
    matrix: str | None = None  # the `qe matrix` plan (JSON text or a file): report missing cells and per-cell results
    perf: tuple[str, ...] = ()  # benchmark results of this run (`--perf`; replace the policy's perf.current)
    perf_baseline: tuple[str, ...] = ()  # benchmark results of the base (`--perf-baseline`)


def repo_root(cwd: Path) -> Path:
    """The git work tree's top level, or `cwd` outside git (or without git)."""
    from qe_actions.gitrun import find_root

    top = find_root(str(cwd))
    return Path(top) if top else cwd


def links_from_env(env: Mapping[str, str]) -> Links:
    """Links to files at the commit when running in GitHub Actions (GITHUB_SERVER_URL, _REPOSITORY, _SHA)."""
    return Links(
        env.get("GITHUB_SERVER_URL") or "https://github.com",
        env.get("GITHUB_REPOSITORY", ""),
        env.get("GITHUB_SHA", ""),
    )


@dataclass(frozen=True, slots=True)
class _Chosen:
    patterns: Mapping[str, tuple[str, ...]]
    base: Path
    note: str


def choose_inputs(settings: GateSettings, policy: Policy, root: Path) -> _Chosen:
    """Command line first, then the policy's `inputs`, then discovery of well-known report locations."""
    if any(settings.patterns.get(k) for k in REPORT_KINDS):
        return _Chosen({k: settings.patterns.get(k, ()) for k in REPORT_KINDS}, settings.cwd, "")
    from_policy = {k: getattr(policy.inputs, k) for k in REPORT_KINDS}
    if any(from_policy.values()):
        return _Chosen(from_policy, root, f"inputs from {policy.source}")
    if not settings.discover:
        return _Chosen({}, root, "")
    found = discover(root)
    used = sum(len(v) for v in found.values())
    return _Chosen(found, root, f"no inputs given: discovered {used} report file(s) under {root}")


def _changes(
    settings: GateSettings, policy: Policy, root: Path
) -> tuple[Mapping[str, frozenset[int]] | None, str, str]:
    """(changed lines or None, where they came from, why there are none)."""
    from qe_actions import diff, gitdiff
    from qe_actions.errors import InputError
    from qe_actions.reportfile import read_report_bytes

    diff_file = settings.diff_file or policy.diff_file
    if diff_file:
        path = (settings.cwd if settings.diff_file else root) / diff_file
        try:  # bounded like every report (QE_MAX_REPORT_MB): the diff file may come from the pull request
            text = read_report_bytes(str(path)).decode("utf-8", errors="replace")
        except InputError as exc:
            raise UsageError(f"cannot read the diff file: {exc}") from None
        return diff.parse_unified_diff(text), f"diff file {diff_file}", ""
    base = settings.diff_base or policy.diff_base
    explicit = base is not None
    if base is None:
        base = gitdiff.default_base_ref(settings.env, str(root))
        if base is None:
            return (
                None,
                "",
                "no diff: give --diff-base or --diff-file (no pull request base or remote default branch found)",
            )
    try:
        changed = gitdiff.changed_lines_from_git(base, cwd=str(root), include_worktree=not settings.env.get("CI"))
    except QeError as exc:
        if explicit:
            raise
        return None, "", f"no diff against {base}: {exc}"
    return changed, f"changes since the merge base of {base} and HEAD", ""


def _load(
    kind: str,
    patterns: tuple[str, ...],
    base: Path,
    root: Path,
    changed: Mapping[str, frozenset[int]] | None,
    diff_reason: str,
    path_fixes: tuple[str, ...],
    baseline: tuple[str, ...] | Baseline = (),
) -> InputView:
    """Read one input family with its loader and reduce it to a view (loaders keep bad files as problems)."""
    if kind == "tests":
        from qe_actions.gate.adapt_tests import tests_view
        from qe_actions.gate.failing_test_paths import failing_test_locator
        from qe_actions.load.tests import load_tests
        from qe_actions.paths import find_checkout

        locate = failing_test_locator(find_checkout(str(root)), str(root))
        return tests_view(load_tests(patterns, cwd=str(base)), locate)
    if kind == "coverage":
        from qe_actions.gate.adapt_coverage import coverage_view
        from qe_actions.load.coverage import diff_coverage, load_coverage

        coverage = load_coverage(patterns, cwd=str(base), path_fixes=path_fixes)
        diff = diff_coverage(coverage, changed) if changed is not None else None
        return coverage_view(coverage, diff, diff_reason)
    from qe_actions.gate.adapt_findings import findings_view
    from qe_actions.load.findings import load_findings

    summary = load_findings(patterns, cwd=str(base), changed=changed, baseline=baseline or None)
    return findings_view(summary, kind)


def _with_matrix(
    spec: str, policy: Policy, views: dict[str, InputView], chosen: _Chosen, cwd: Path
) -> tuple[Policy, dict[str, InputView], tuple[str, ...]]:
    """`--matrix`: the `missing_cells` metric (failing the gate unless the policy says otherwise) and per-cell
    results; a test that fails only on some cells counts as failed, not flaky."""
    from qe_actions.gate.matrix_view import matrix_view, read_plan
    from qe_actions.gate.policy import make_condition, merge_conditions

    outcome = matrix_view(
        read_plan(spec, cwd), tuple(chosen.patterns.get("tests", ())), chosen.base, views.get("tests")
    )
    views = dict(views, matrix=outcome.view)
    if outcome.tests is not None:
        views["tests"] = outcome.tests
    conditions = merge_conditions((make_condition("missing_cells", "<=", 0),), policy.conditions)
    return replace(policy, conditions=conditions), views, outcome.notes


def _with_perf_conditions(policy: Policy) -> Policy:
    """`--perf`: a regression (and, with budgets, a budget not met) fails the gate unless the policy says otherwise."""
    from qe_actions.gate.policy import make_condition, merge_conditions

    implied = [make_condition("perf.regressions", "<=", 0)]
    if policy.perf.budgets:
        implied.append(make_condition("perf.budget_violations", "<=", 0))
    return replace(policy, conditions=merge_conditions(tuple(implied), policy.conditions))


def run_gate(settings: GateSettings) -> GateReport:
    """Load the policy and the inputs, evaluate, and return the report (raises QeError for unusable settings)."""
    for rule in settings.path_fixes:
        if "::" not in rule or rule.startswith("::"):
            raise UsageError(f"--path-fix {rule!r}: expected BEFORE::AFTER")
    root = repo_root(settings.cwd)
    policy = apply_overrides(load_policy(settings.config, root, settings.cwd), settings.overrides)
    chosen = choose_inputs(settings, policy, root)
    changed, diff_source, diff_reason = _changes(settings, policy, root)
    fixes = settings.path_fixes + policy.inputs.path_fixes
    baseline: tuple[str, ...] | Baseline = settings.baseline or policy.inputs.baseline
    found, baseline_note = None, ""
    if settings.history:  # the base run first: its findings are the baseline when no baseline file is given
        from qe_actions.gate.history_view import baseline_of, history_base

        found = history_base(settings.history, root, settings.env, settings.diff_base or policy.diff_base)
        from_history = None if baseline else baseline_of(found)
        if from_history is not None:
            baseline = from_history
            baseline_note = f"history: a new finding is one the run recorded for {from_history.files[0]} did not have"
    views: dict[str, InputView] = {}
    for kind in REPORT_KINDS:
        patterns = tuple(chosen.patterns.get(kind, ()))
        if patterns:
            views[kind] = _load(kind, patterns, chosen.base, root, changed, diff_reason, fixes, baseline)
    if settings.image_size is not None:  # a measurement, not a report file: no file to list
        views["image"] = InputView(metrics={("image_size_mb", OVERALL): round(settings.image_size / 1e6, 1)})
    perf = None
    if settings.perf or policy.perf.current:
        from qe_actions.gate.adapt_perf import load_perf

        given = bool(settings.perf)
        perf, views["perf"] = load_perf(
            policy.perf,
            settings.perf or policy.perf.current,
            settings.perf_baseline or policy.perf.baseline,
            settings.cwd if given else root,
            settings.history,
            dict(settings.env),
            settings.diff_base or policy.diff_base,
        )
        policy = _with_perf_conditions(policy)
    history = None
    quarantined: tuple[str, ...] = ()
    if settings.history:
        from qe_actions.gate.history_view import history_view

        base_ref = settings.diff_base or policy.diff_base
        inputs = (chosen.patterns, chosen.base, fixes)
        from qe_actions.perf.history import to_record

        benchmarks = to_record(perf.current) if perf is not None else None
        history = history_view(
            settings.history, settings.record, views, inputs, root, settings.env, base_ref, benchmarks, found
        )
        views["history"] = history.view
        if policy.quarantine_flaky and "tests" in views:
            from qe_actions.gate.history_view import quarantine

            views["tests"], quarantined = quarantine(views["tests"], history.deltas)
    matrix_notes: tuple[str, ...] = ()
    if settings.matrix:
        policy, views, matrix_notes = _with_matrix(settings.matrix, policy, views, chosen, settings.cwd)
    history_notes = (*(history.notes if history else ()), baseline_note)
    notes = tuple(n for n in (*policy.notes, chosen.note, diff_reason, *history_notes) if n)
    notes += matrix_notes
    problems: tuple[str, ...] = ()
    if not any(v.files for v in views.values()) and not any(v.problems for v in views.values()):
        looked = ", ".join(INPUT_LABELS[k] for k in REPORT_KINDS)
        problems = (f"{root}: no report files given or found (looked for a {looked})",)
    if perf is not None:
        problems += perf.problems
    report = assemble(
        policy,
        views,
        extra_problems=problems,
        notes=notes,
        diff_source=diff_source or None,
        links=links_from_env(settings.env),
        quarantined=quarantined,
    )
    if perf is not None:  # the benchmark files read are listed with the other inputs
        report = replace(report, perf=perf, inputs={**report.inputs, "perf": perf.current_files + perf.baseline_files})
    return replace(report, deltas=history.deltas) if history else report


def settings_env() -> Mapping[str, str]:
    """The environment variables the gate reads (a copy, so the run is reproducible in tests)."""
    return dict(os.environ)
