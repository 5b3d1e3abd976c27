"""Generates a pytest suite of 2,400 tests whose real durations follow a clustered lognormal (deterministic).

120 files x 20 tests: module functions, a class with methods and a parametrized test per file. Each test sleeps
for its drawn duration, so a real `pytest --junitxml` run measures realistic, uneven timings (median ~4 ms,
a few tests near a second, slow tests clustered in slow files as in real suites). Run in an empty folder:
`python gen_matrix_suite.py && python -m pytest -q -p no:cacheprovider -o junit_family=xunit1 --junitxml=...`.
"""

import os
import random

FILES, PER_FILE, SEED = 120, 20, 17
rng = random.Random(SEED)
os.makedirs("tests/pkg", exist_ok=True)
open("tests/__init__.py", "w").close()
open("tests/pkg/__init__.py", "w").close()
for f in range(FILES):
    factor = rng.lognormvariate(0, 0.8)  # slow files hold slow tests
    seconds = [round(min(1.5, rng.lognormvariate(-5.6, 1.2) * factor), 4) for _ in range(PER_FILE)]
    folder = "tests/pkg" if f % 3 == 0 else "tests"
    lines = ["import time", "", "import pytest", ""]
    for t in range(8):
        lines += ["", f"def test_f{f}_{t}():", f"    time.sleep({seconds[t]})", ""]
    lines += ["", f"class TestGroup{f}:"]
    for t in range(8, 14):
        lines += [f"    def test_m{t}(self):", f"    time.sleep({seconds[t]})".replace("    time", "        time"), ""]
    lines += ["", f"@pytest.mark.parametrize('seconds', {seconds[14:]!r})", f"def test_p{f}(seconds):",
              "    time.sleep(seconds)", ""]
    with open(f"{folder}/test_mod{f:03d}.py", "w") as handle:
        handle.write("\n".join(lines))
