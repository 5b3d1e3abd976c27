"""Hypothesis settings the findings fuzz tests share: fixed examples in CI, new random ones when asked for."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# Fixed examples in CI (no flaky runs); QE_FUZZ_EXAMPLES=5000 explores new random ones locally.
FUZZ_EXAMPLES = int(os.environ.get("QE_FUZZ_EXAMPLES", "0"))


def fuzz_settings(ci_examples: int) -> settings:
    """`ci_examples` derandomised examples, or QE_FUZZ_EXAMPLES random ones when that is set."""
    return settings(
        max_examples=FUZZ_EXAMPLES or ci_examples,
        derandomize=not FUZZ_EXAMPLES,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )
