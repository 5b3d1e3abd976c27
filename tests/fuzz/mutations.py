"""What every fuzz test shares: the example budget and the byte mutations of a real report.

CI runs `QE_FUZZ_EXAMPLES` (default 50) derandomised examples per test; `bench/fuzz.py` sets thousands of random
ones. A family's own mutations (deep nesting, alias chains, encodings) stay in its test file; these are the ones
every family uses: flip a bit, cut, splice in another seed, swap a number for a hostile one, repeat a line.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

EXAMPLES = int(os.environ.get("QE_FUZZ_EXAMPLES", "50"))
FUZZ = settings(
    max_examples=EXAMPLES,
    derandomize=os.environ.get("QE_FUZZ_EXAMPLES") is None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
COMMON = ("flip", "truncate", "splice", "number", "repeat")


def common_mutation(
    draw: st.DrawFn,
    op: str,
    data: bytes,
    *,
    at: int,
    other_seed: Callable[[], bytes],
    number: re.Pattern[bytes],
    hostile: Sequence[bytes],
    splice_max: int = 400,
    repeats: Sequence[int] = (2, 100, 3000),
    max_bytes: int = 1 << 20,
) -> bytes:
    """`data` after one of the COMMON mutations at offset `at` (the caller draws `op` and `at`)."""
    if op == "flip":
        return data[:at] + bytes([data[at] ^ (1 << draw(st.integers(0, 7)))]) + data[at + 1 :] if data else data
    if op == "truncate":
        return data[:at]
    if op == "splice":
        other = other_seed()
        start = draw(st.integers(0, max(len(other) - 1, 0)))
        return data[:at] + other[start : start + draw(st.integers(1, splice_max))] + data[at:]
    if op == "number":
        numbers = list(number.finditer(data))
        if not numbers:
            return data
        hit = numbers[draw(st.integers(0, len(numbers) - 1))]
        return data[: hit.start()] + draw(st.sampled_from(list(hostile))) + data[hit.end() :]
    if op == "repeat":  # one line many times: many records, results, elements or duplicate keys
        line_start = data.rfind(b"\n", 0, at) + 1
        line_end = data.find(b"\n", at)
        line = data[line_start : line_end if line_end >= 0 else len(data)] + b"\n"
        times = min(draw(st.sampled_from(list(repeats))), max_bytes // max(len(line), 1))
        return data[:line_start] + line * times + data[line_start:]
    raise ValueError(f"not a common mutation: {op}")
