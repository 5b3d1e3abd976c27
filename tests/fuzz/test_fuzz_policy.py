"""Fuzz the policy loader (`.qe.yml` and `[tool.qe]` in pyproject.toml) with mutated real policies: every input
is a Policy or one PolicyError line naming the file, within a time and memory bound.

Seeds are the shipped demo policy, a policy using every key of the schema, and the same as pyproject.toml.
Mutations: byte flips, truncations, splices, numbers made huge or non-finite, deep nesting, alias chains, complex
and duplicate keys. CI runs `QE_FUZZ_EXAMPLES` (default 50) derandomised examples; `bench/fuzz.py` runs thousands.
"""

from __future__ import annotations

import re
import tempfile
import time
import tracemalloc
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from qe_actions.gate.policy import Policy
from qe_actions.gate.policy_file import PolicyError, load_policy
from tests.fuzz.mutations import COMMON, FUZZ, common_mutation
from tests.hardening.harness import assert_clean, run_qe

SECONDS_PER_EXAMPLE = 3.0
PEAK_BYTES = 64 << 20
MAX_BYTES = 300 << 10  # just over the loader's 256 KiB bound, so the size refusal is fuzzed too

SAMPLE = Path(__file__).resolve().parents[2] / "scripts" / "qe_actions" / "samples" / "gate" / "qe.yml"
FULL_YAML = b"""# every key of the schema
$schema: ./qe-policy.schema.json
extends: default
gate:
  id: web-app
  min_changed_lines: 10
  conditions:
    - metric: coverage
      operator: ">="
      threshold: 80.5
      level: warn
    - metric: diff_coverage
      scope: new
      operator: ">="
      threshold: 90
      min_changed_lines: 5
      required: true
    - &lint {metric: lint_errors, scope: new, operator: "<=", threshold: 0}
    - <<: *lint
      level: warn
inputs:
  tests: ["reports/junit-*.xml", build/test-results/**/*.xml]
  coverage: coverage.xml
  sarif: [results.sarif]
  lint: ruff.json
  baseline: base/*.sarif
  path_fixes: ["/app/src/::src/"]
diff:
  base: origin/main
"""
FULL_TOML = b"""[project]
name = "x"

[tool.qe]
extends = "default"

[tool.qe.gate]
id = "web-app"
min_changed_lines = 10

[[tool.qe.gate.conditions]]
metric = "coverage"
operator = ">="
threshold = 80.5
level = "warn"

[[tool.qe.gate.conditions]]
metric = "diff_coverage"
scope = "new"
operator = ">="
threshold = 90
min_changed_lines = 5

[tool.qe.inputs]
tests = ["reports/junit-*.xml"]
coverage = "coverage.xml"
path_fixes = ["/app/src/::src/"]
"""
SEEDS: dict[str, tuple[str, bytes]] = {
    "sample": (".qe.yml", SAMPLE.read_bytes()),
    "full": (".qe.yml", FULL_YAML),
    "toml": ("pyproject.toml", FULL_TOML),
}
NAMES = sorted(SEEDS)
NUMBER = re.compile(rb"-?\d+(?:\.\d+)?")
HOSTILE_NUMBERS = [
    b".nan",
    b".inf",
    b"-.inf",
    b"nan",
    b"inf",
    b"1.0e+999",
    b"9" * 5000,
    b"0x" + b"f" * 5000,
    b"9" * 40,
    b"-1",
    b"1" + b"0" * 13,
    b"1:2:3:4:5:6:7:8:9",
]
FRAGMENTS = [
    b"? [a, b]\n: 1\n",
    b"? {a: 1}\n: 1\n",
    b"1: x\n",
    b"gate: {}\n",
    b"&r [*r]",
    b"*undefined",
    b"!!binary aGk=",
    b"!!python/object:os.system x",
    b"!!set {a, b}",
    b"2001-12-14t21:59:43.10-05:00",
    b"\t",
    b"\x00",
    b"\xff",
    b"{{{{",
    b'"""',
    b"[tool.qe]\n",
    b"<<: *lint\n",
]


def _alias_chain(levels: int, fan: int) -> bytes:
    chain = ["&a0 [x]"] + [f"&a{i} [" + ", ".join([f"*a{i - 1}"] * fan) + "]" for i in range(1, levels)]
    return ("[" + ", ".join(chain) + "]").encode()


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, bytes]:
    """A seed's file name (.qe.yml or pyproject.toml) and its bytes after a few mutations."""
    name, data = SEEDS[draw(st.sampled_from(NAMES))]
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from([*COMMON, "number", "nest", "alias", "fragment"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if op == "nest":
            depth = draw(st.sampled_from([31, 33, 2000, 20_000]))
            opener, closer = draw(st.sampled_from([(b"[", b"]"), (b"{a: ", b"}"), (b"{a = ", b"}")]))
            data = data[:at] + opener * depth + b"1" + closer * depth + data[at:]
        elif op == "alias":
            data = data[:at] + _alias_chain(draw(st.integers(2, 12)), draw(st.integers(1, 12))) + data[at:]
        elif op == "fragment":
            data = data[:at] + draw(st.sampled_from(FRAGMENTS)) + data[at:]
        else:  # a repeated line is a duplicate key, or a second condition
            data = common_mutation(
                draw,
                op,
                data,
                at=at,
                other_seed=lambda: SEEDS[draw(st.sampled_from(NAMES))][1],
                number=NUMBER,
                hostile=HOSTILE_NUMBERS,
                splice_max=200,
                repeats=(2, 50),
                max_bytes=MAX_BYTES,
            )
        data = data[:MAX_BYTES]
    return name, data


def _load(cwd: str, name: str) -> Policy | str:
    """The policy, or the PolicyError's one line (which must name the file)."""
    try:
        return load_policy(None, Path(cwd))
    except PolicyError as exc:
        message = str(exc)
        assert "\n" not in message and message.startswith(f"{name}: "), message[:500]
        assert len(message) <= 400, message[:300]
        return message


@FUZZ
@given(case=mutated())
def test_mutated_policies_end_clean_and_bounded(case: tuple[str, bytes]) -> None:
    name, data = case
    with tempfile.TemporaryDirectory(prefix="qe-fuzz-policy-") as cwd:
        Path(cwd, name).write_bytes(data)
        started = time.monotonic()
        outcome = _load(cwd, name)
        elapsed = time.monotonic() - started
        tracemalloc.start()  # a second load measures memory (tracemalloc slows the YAML scanner several times)
        try:
            _load(cwd, name)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert elapsed < SECONDS_PER_EXAMPLE, (name, elapsed)
    assert peak < PEAK_BYTES, (name, peak)
    if isinstance(outcome, Policy):  # accepted: every number in it is finite and in range
        for condition in outcome.conditions:
            assert abs(condition.threshold) <= 10**12 and condition.threshold == condition.threshold


WORST = {
    "alias-bomb": (".qe.yml", b"inputs:\n  tests: " + _alias_chain(10, 9) + b"\n"),
    "deep-yaml": (".qe.yml", b"gate: " + b"[" * 50_000 + b"]" * 50_000 + b"\n"),
    "complex-key": (".qe.yml", b"? [a, b]\n: 1\n"),
    "huge-int": (".qe.yml", FULL_YAML.replace(b"threshold: 90", b"threshold: " + b"9" * 5000)),
    "nan": (".qe.yml", FULL_YAML.replace(b"threshold: 90", b"threshold: .nan")),
    "deep-toml": ("pyproject.toml", b"[tool.qe]\nx = " + b"[" * 50_000 + b"]" * 50_000 + b"\n"),
    "huge-toml": ("pyproject.toml", FULL_TOML.replace(b"threshold = 90", b"threshold = " + b"9" * 5000)),
    "nan-toml": ("pyproject.toml", FULL_TOML.replace(b"threshold = 90", b"threshold = nan")),
}


def test_worst_policies_end_to_end_within_bounds(tmp_path: Path) -> None:
    """The worst policies through `qe gate` itself, under the harness's 1 GiB address-space limit: exit 3, one
    line naming the policy file, well within the time bound."""
    (tmp_path / "r.xml").write_text('<testsuite name="s" tests="1"><testcase classname="c" name="t"/></testsuite>')
    for case, (name, data) in WORST.items():
        for stale in (".qe.yml", "pyproject.toml"):
            (tmp_path / stale).unlink(missing_ok=True)
        (tmp_path / name).write_bytes(data)
        started = time.monotonic()
        out = run_qe("gate", "--tests", "r.xml", "--no-discover", "--format", "json", cwd=tmp_path, timeout=20)
        assert_clean(out, (3,))
        assert time.monotonic() - started < 10, case
        assert f"qe gate: {name}: " in out.stderr and len(out.stderr.splitlines()) == 1, (case, out.stderr[:1000])
