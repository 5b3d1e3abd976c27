"""The regression rule: a benchmark regressed only when the change is statistically significant (a rank test on
the samples, Holm-corrected across all benchmarks compared) AND at least the minimum effect (or the benchmark's
own run-to-run noise, learned from history, when that is larger)."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from qe_actions.model.perf import Benchmark, Comparison, summary
from qe_actions.perf.stats import holm, mann_whitney, welch

DEFAULT_ALPHA = 0.01
DEFAULT_MIN_EFFECT = 0.05
DEFAULT_NOISE_FACTOR = 3.0  # a change must exceed this many run-to-run standard deviations of the centre


@dataclass(frozen=True, slots=True)
class Rule:
    """How benchmarks are judged: significance level, minimum effect (per name glob) and learned noise."""

    alpha: float = DEFAULT_ALPHA
    min_effect: float = DEFAULT_MIN_EFFECT
    min_effects: Mapping[str, float] = field(default_factory=dict)  # name glob -> minimum effect
    noise: Mapping[str, float] = field(default_factory=dict)  # name -> run-to-run CV of the centre (history)
    noise_factor: float = DEFAULT_NOISE_FACTOR

    def threshold(self, name: str) -> float:
        """The smallest relative change that counts for this benchmark."""
        effect = next((v for glob, v in self.min_effects.items() if fnmatch.fnmatchcase(name, glob)), self.min_effect)
        return max(effect, self.noise_factor * self.noise.get(name, 0.0))


def pooled(benchmarks: Iterable[Benchmark]) -> dict[str, Benchmark]:
    """Benchmarks by name; one name given twice (repeated runs, several files) has its samples pooled."""
    found: dict[str, Benchmark] = {}
    for bench in benchmarks:
        seen = found.get(bench.name)
        if seen is None:
            found[bench.name] = bench
        elif seen.error or bench.error:
            found[bench.name] = seen if seen.error else bench
        elif seen.samples and bench.samples and seen.unit == bench.unit:
            found[bench.name] = summary(
                bench.name, bench.unit, bench.bigger_is_better, [*seen.samples, *bench.samples], bench.tool
            )
        else:
            found[bench.name] = bench  # no samples to pool: the later result stands
    return found


def _p_value(old: Benchmark, new: Benchmark) -> float | None:
    """The raw two-sided p-value: U test on samples, Welch on summaries, None without any spread."""
    if len(old.samples) >= 2 and len(new.samples) >= 2:
        return mann_whitney(new.samples, old.samples).p_value
    spreads = (old.stddev, new.stddev, old.mean, new.mean)
    if all(v is not None for v in spreads) and old.count >= 2 and new.count >= 2:
        return welch(new.mean, new.stddev, new.count, old.mean, old.stddev, old.count).p_value  # type: ignore[arg-type]
    return None


def _pair(name: str, old: Benchmark | None, new: Benchmark | None, rule: Rule) -> tuple[Comparison, float | None]:
    threshold = rule.threshold(name)
    base = Comparison(name, "unchanged", None, None, old, new, threshold)
    if new is None:
        return replace(base, verdict="missing", note="in the baseline, not in the head results"), None
    if new.error:
        return replace(base, verdict="errored", note=new.error), None
    if old is None or old.error:
        note = f"the baseline errored: {old.error}" if old and old.error else "not in the baseline"
        return replace(base, verdict="new", note=note), None
    if old.unit != new.unit or old.bigger_is_better != new.bigger_is_better:
        return replace(base, verdict="errored", note=f"units differ: baseline {old.unit!r}, head {new.unit!r}"), None
    was, now = old.centre, new.centre
    if was is None or now is None or was == 0:
        return replace(base, verdict="errored", note="no value to compare"), None
    return replace(base, change=(now - was) / abs(was)), _p_value(old, new)


def _judge(item: Comparison, p_value: float | None, rule: Rule) -> Comparison:
    if item.change is None:
        return item
    large = abs(item.change) >= item.threshold
    significant = p_value is not None and p_value < rule.alpha
    note = item.note
    if p_value is None:
        significant = True  # no spread known: only the size of the change can be judged
        note = "no samples or spread: judged on the size of the change alone"
    if not (large and significant):
        return replace(item, p_value=p_value, note=note)
    assert item.current is not None
    worse = item.change < 0 if item.current.bigger_is_better else item.change > 0
    return replace(item, verdict="regressed" if worse else "improved", p_value=p_value, note=note)


def compare(baseline: Sequence[Benchmark], current: Sequence[Benchmark], rule: Rule = Rule()) -> list[Comparison]:
    """Every benchmark of either side judged, head order first, then those only the baseline has."""
    old, new = pooled(baseline), pooled(current)
    names = list(new) + [n for n in old if n not in new]
    pairs = [_pair(name, old.get(name), new.get(name), rule) for name in names]
    tested = [i for i, (_, p) in enumerate(pairs) if p is not None]
    adjusted = dict(zip(tested, holm([pairs[i][1] for i in tested]), strict=True))  # type: ignore[misc]
    return [_judge(item, adjusted.get(i), rule) for i, (item, _) in enumerate(pairs)]


def totals(items: Sequence[Comparison]) -> dict[str, int]:
    """How many benchmarks got each verdict, and how many were compared."""
    from qe_actions.model.perf import VERDICTS

    counts = {verdict: sum(1 for c in items if c.verdict == verdict) for verdict in VERDICTS}
    return {"benchmarks": len(items), **counts}
