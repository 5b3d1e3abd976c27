"""Readers of benchmark results: pytest-benchmark, Google Benchmark, hyperfine, pyperf, github-action-benchmark."""
