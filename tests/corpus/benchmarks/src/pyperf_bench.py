"""pyperf workloads for qe-actions' corpus (VARIANT=head slows one, speeds up one; workers inherit VARIANT)."""

import pyperf

from work import spin

runner = pyperf.Runner()
for name in ("stable", "slowed", "sped"):
    runner.bench_func(name, spin, name, 20_000)
