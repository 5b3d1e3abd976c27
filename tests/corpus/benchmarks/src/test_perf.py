"""pytest-benchmark workloads for qe-actions' corpus (VARIANT=head slows one, speeds up one)."""

from work import spin


def test_stable(benchmark):
    benchmark(spin, "stable", 20_000)


def test_slowed(benchmark):
    benchmark(spin, "slowed", 20_000)


def test_sped(benchmark):
    benchmark(spin, "sped", 20_000)
