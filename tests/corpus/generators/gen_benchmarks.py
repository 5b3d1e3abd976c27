"""Regenerate tests/corpus/benchmarks: each tool run on the base and the head variant of the same workloads.

Needs: g++ with Debian's libbenchmark-dev, hyperfine, and a Python with pytest-benchmark and pyperf
(`python gen_benchmarks.py PYTHON`). Each run's command and the tool's printed output go to _evidence/.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent / "benchmarks"
SRC = HERE / "src"
EVIDENCE = HERE / "_evidence"


def run(name: str, argv_of: Callable[[str], list[str]]) -> None:
    """Run one tool in src/ on the base then the head variant, right after each other; keep each one's printed
    output beside its command."""
    for variant in ("base", "head"):
        env = dict(os.environ, VARIANT=variant, PYTHONHASHSEED="0")
        argv = argv_of(variant)
        proc = subprocess.Popen(argv, cwd=SRC, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        out, err = proc.communicate()
        log = f"# command: {shlex.join(argv)}\n# cwd: src\n# env: VARIANT={variant}\n# exit code: {proc.returncode}\n"
        log += "# ---- stdout ----\n" + out + "# ---- stderr ----\n" + err
        (EVIDENCE / f"{name}-{variant}.txt").write_text(log, encoding="utf-8")
        print(name, variant, proc.returncode)


def main() -> int:
    python = sys.argv[1] if len(sys.argv) > 1 else sys.executable
    EVIDENCE.mkdir(exist_ok=True)
    exe = "/tmp/gbench_demo"
    subprocess.run(["g++", "-O2", "-std=c++17", "gbench_demo.cc", "-o", exe, "-lbenchmark", "-lpthread"], cwd=SRC, check=True)
    run("gbench", lambda v: [exe, "--benchmark_repetitions=10", "--benchmark_min_time=0.05",
                             f"--benchmark_out=../gbench-{v}.json", "--benchmark_out_format=json"])
    commands = [f"python3 -S work.py {w}" for w in ("stable", "slowed", "sped", "broken")]
    run("hyperfine", lambda v: ["hyperfine", "--warmup", "2", "--runs", "15", "-i", "--style", "basic",
                                "--export-json", f"../hyperfine-{v}.json", *commands])
    run("pytest-benchmark", lambda v: [python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_perf.py",
                                       "--benchmark-max-time=0.3", "--benchmark-save-data",
                                       f"--benchmark-json=../pytest-benchmark-{v}.json"])
    run("pyperf", lambda v: [python, "pyperf_bench.py", "--fast", "--inherit-environ=VARIANT",
                             "-o", f"../pyperf-{v}.json"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
