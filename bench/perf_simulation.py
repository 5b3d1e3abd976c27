"""How often each regression rule cries wolf, and how often it catches a real slowdown (a seeded simulation).

    python bench/perf_simulation.py [--trials 2000] [--samples 10] [--seed 16]

Each trial draws a baseline and a head sample of `--samples` timings per side. Timings are log-normal around
1.0 with a coefficient of variation (CV) of 1% to 30%, and each timing is, with probability 3%, an outlier 1.5
to 3 times slower (a context switch, a cold cache). A/A pairs have no real change; the others are slowed by 5%,
10%, 20% and 50%. Four rules judge every pair:

- **qe**: `qe perf`'s rule: Mann-Whitney U two-sided p < 0.01 (Holm-corrected: one benchmark here) AND the
  median slower by at least the 5% minimum effect.
- **ratio 150% / 200%**: github-action-benchmark's alert: the head's mean at least 1.5x / 2x the baseline's mean
  (the action compares one value per benchmark and run; the mean is the value the tools report).
- **U test alone**: Google Benchmark compare.py's U test: two-sided p < 0.05 with the head slower, whatever the
  size (qe's own U test, or scipy's `mannwhitneyu` as compare.py calls it with `--scipy`).

The false-positive rate is the share of A/A pairs flagged as regressed; power is the share of slowed pairs flagged.
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

from qe_actions.model.perf import summary  # noqa: E402
from qe_actions.perf.compare import Rule, compare  # noqa: E402
from qe_actions.perf.stats import mann_whitney  # noqa: E402

CVS = (0.01, 0.02, 0.05, 0.10, 0.20, 0.30)
SLOWDOWNS = (0.0, 0.05, 0.10, 0.20, 0.50)
OUTLIER_RATE = 0.03


def draw(rng: random.Random, n: int, cv: float, factor: float) -> list[float]:
    """`n` log-normal timings with this CV around `factor`, with occasional slow outliers."""
    sigma = math.sqrt(math.log1p(cv * cv))
    values = []
    for _ in range(n):
        value = factor * math.exp(rng.gauss(-sigma * sigma / 2, sigma))
        if rng.random() < OUTLIER_RATE:
            value *= rng.uniform(1.5, 3.0)
        values.append(value)
    return values


def _u_peer(use_scipy: bool) -> Callable[[Sequence[float], Sequence[float]], float]:
    """compare.py's U test: scipy's `mannwhitneyu` with `--scipy` (as compare.py calls it; slow per call), else
    qe's own U test, whose p-values tests/perf checks against scipy's."""
    if not use_scipy:
        return lambda new, old: mann_whitney(new, old).p_value
    from scipy.stats import mannwhitneyu

    return lambda new, old: float(mannwhitneyu(new, old, alternative="two-sided").pvalue)


def rules(use_scipy: bool = False) -> dict[str, Callable[[list[float], list[float]], bool]]:
    """Rule name -> does it call this (old, new) pair a regression?"""
    peer_p = _u_peer(use_scipy)
    rule = Rule()

    def qe(old: list[float], new: list[float]) -> bool:
        a, b = summary("b", "s", False, old, "sim"), summary("b", "s", False, new, "sim")
        return compare([a], [b], rule)[0].verdict == "regressed"

    def ratio(limit: float) -> Callable[[list[float], list[float]], bool]:
        return lambda old, new: statistics.fmean(new) / statistics.fmean(old) >= limit

    def u_alone(old: list[float], new: list[float]) -> bool:
        return statistics.median(new) > statistics.median(old) and peer_p(new, old) < 0.05

    return {"qe": qe, "ratio 150%": ratio(1.5), "ratio 200%": ratio(2.0), "U test alone": u_alone}


def simulate(trials: int, samples: int, seed: int, use_scipy: bool = False) -> dict[tuple[str, float, float], float]:
    """(rule, cv, slowdown) -> share of pairs flagged as regressed."""
    judged = rules(use_scipy)
    flagged = {(name, cv, s): 0 for name in judged for cv in CVS for s in SLOWDOWNS}
    for cv in CVS:
        for slowdown in SLOWDOWNS:
            rng = random.Random(f"{seed}-{cv}-{slowdown}")
            for _ in range(trials):
                old, new = draw(rng, samples, cv, 1.0), draw(rng, samples, cv, 1.0 + slowdown)
                for name, rule in judged.items():
                    flagged[(name, cv, slowdown)] += rule(old, new)
    return {key: count / trials for key, count in flagged.items()}


def table(rates: dict[tuple[str, float, float], float]) -> str:
    """A Markdown table: one row per rule and CV; false positives (A/A) then power per slowdown."""
    head = "| rule | CV | false positives (A/A) | " + " | ".join(f"power +{100 * s:g}%" for s in SLOWDOWNS[1:]) + " |"
    lines = [head, "|---|--:|--:|" + "--:|" * (len(SLOWDOWNS) - 1)]
    for name in dict.fromkeys(k[0] for k in rates):
        for cv in CVS:
            cells = [f"{100 * rates[(name, cv, s)]:.1f}%" for s in SLOWDOWNS]
            lines.append(f"| {name} | {100 * cv:g}% | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=2000, help="pairs per noise level and slowdown (default 2000)")
    parser.add_argument("--samples", type=int, default=10, help="samples per side (default 10)")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--scipy", action="store_true", help="the U-test-alone rule through scipy (slower)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    rates = simulate(args.trials, args.samples, args.seed, args.scipy)
    print(table(rates))
    worst_fp = max(rates[("qe", cv, 0.0)] for cv in CVS)
    print(
        f"\n{args.trials} pairs per cell, {args.samples} samples per side, seed {args.seed}: "
        f"qe's worst false-positive rate {100 * worst_fp:.2f}%; {time.perf_counter() - started:.1f} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
