"""Regenerate tests/corpus/benchmarks: each tool run on the base and the head variant of the same workloads.

Needs: g++ with Debian's libbenchmark-dev, hyperfine, and a Python with pytest-benchmark and pyperf
(`python gen_benchmarks.py PYTHON`). Each run's command and the tool's printed output go to _evidence/.

Every tool runs under `chrt -f 10` (real-time FIFO scheduling, as root) when it can, so that the other tenants of
a shared machine do not preempt it and wall times stay close to CPU times. The load still changes between the
base run and the head run: a recording is kept only when the
medians of the benchmarks that did not change (read straight from the tool's JSON) moved by less than
STEADY, else the tool is run again (at most ATTEMPTS times; the attempts are printed and noted in
_evidence/attempts.txt). The deliberate changes are 2x slower and 2x faster, far beyond that.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent / "benchmarks"
SRC = HERE / "src"
EVIDENCE = HERE / "_evidence"
STEADY = 0.03
REALTIME = ["chrt", "-f", "10"] if shutil.which("chrt") and os.geteuid() == 0 else []
ATTEMPTS = 12


def _medians(name: str, path: Path) -> dict[str, float]:
    """name -> median, straight from a tool's JSON (independent of qe's readers)."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    if name == "gbench":
        return {
            b["run_name"]: b["real_time"]
            for b in doc["benchmarks"]
            if b.get("aggregate_name") == "median" and not b.get("error_occurred")
        }
    if name == "hyperfine":
        return {r["command"]: r["median"] for r in doc["results"]}
    if name == "pytest-benchmark":
        return {b["name"]: b["stats"]["median"] for b in doc["benchmarks"]}
    return {
        b["metadata"]["name"]: statistics.median(v for r in b["runs"] for v in r.get("values", []))
        for b in doc["benchmarks"]
    }


def _steady(name: str) -> float:
    """The largest relative move of an unchanged benchmark's median between the base and the head file."""
    base = _medians(name, HERE / f"{name}-base.json")
    head = _medians(name, HERE / f"{name}-head.json")
    unchanged = [k for k in base if not any(w in k.lower() for w in ("slow", "sped", "broken"))]
    return max(abs(head[k] / base[k] - 1) for k in unchanged)


def run(name: str, argv_of: Callable[[str], list[str]]) -> None:
    """Record one tool until the unchanged benchmarks held steady between its base and head runs."""
    for attempt in range(1, ATTEMPTS + 1):
        for variant in ("base", "head"):
            (HERE / f"{name}-{variant}.json").unlink(missing_ok=True)  # pyperf refuses to overwrite
        _run_once(name, argv_of)
        moved = _steady(name)
        line = f"{name}: attempt {attempt}: unchanged benchmarks moved up to {100 * moved:.1f}%"
        print(line)
        with (EVIDENCE / "attempts.txt").open("a", encoding="utf-8") as log:
            log.write(line + "\n")
        if moved < STEADY:
            return
    raise SystemExit(f"{name}: the machine never held steady over {ATTEMPTS} attempts")


def _run_once(name: str, argv_of: Callable[[str], list[str]]) -> None:
    """Run one tool in src/ on the base then the head variant, right after each other; keep each one's printed
    output beside its command."""
    for variant in ("base", "head"):
        env = dict(os.environ, VARIANT=variant, PYTHONHASHSEED="0")
        argv = REALTIME + argv_of(variant)
        proc = subprocess.Popen(argv, cwd=SRC, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        out, err = proc.communicate()
        log = f"# command: {shlex.join(argv)}\n# cwd: src\n# env: VARIANT={variant}\n# exit code: {proc.returncode}\n"
        log += "# ---- stdout ----\n" + out + "# ---- stderr ----\n" + err
        (EVIDENCE / f"{name}-{variant}.txt").write_text(log, encoding="utf-8")
        print(name, variant, proc.returncode)


PRODUCERS = {
    "gbench": "Google Benchmark 1.7.1 (Debian libbenchmark-dev 1.7.1-1), g++ 12.2.0 -O2",
    "hyperfine": "hyperfine 1.15.0 (Debian)",
    "pytest-benchmark": "pytest-benchmark 5.3.1 / pytest 9.2.0 / CPython 3.11.7",
    "pyperf": "pyperf 2.10.0 / CPython 3.11.7",
}
_SCALE = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1.0}


def printed_means(name: str, printed: str) -> tuple[dict[str, float], dict[str, str]]:
    """(benchmark -> mean in seconds, benchmark -> error) as the tool PRINTED them (the corpus truth)."""
    means: dict[str, float] = {}
    errors: dict[str, str] = {}
    if name == "gbench":
        for m in re.finditer(r"^(\S+)_mean\s+([0-9.]+) (ns|us|ms|s)\s", printed, re.M):
            means[m.group(1)] = float(m.group(2)) * _SCALE[m.group(3)]
        for m in re.finditer(r"^(\S+)\s+ERROR OCCURRED: '(.*)'$", printed, re.M):
            errors[m.group(1)] = m.group(2)
    elif name == "hyperfine":
        for m in re.finditer(r"^Benchmark \d+: (.*)\n\s+Time \(mean ± σ\):\s+([0-9.]+) (ns|µs|ms|s)", printed, re.M):
            means[m.group(1)] = float(m.group(2)) * _SCALE[m.group(3)]
        if "Ignoring non-zero exit code" in printed:  # hyperfine -i warns on stderr without naming the command;
            errors["python3 -S work.py broken"] = "exit code 2"  # work.py's `broken` is the one that exits 2
    elif name == "pytest-benchmark":
        unit = re.search(r"Name \(time in (ns|us|ms|s)\)", printed).group(1)  # type: ignore[union-attr]
        ratio = r"(?: \([0-9.]+\))?"  # one benchmark alone is printed without the (ratio) columns
        row = rf"^(test_\w+)\s+\S+{ratio}\s+\S+{ratio}\s+([0-9,.]+) "
        for m in re.finditer(row, printed, re.M):
            means[m.group(1)] = float(m.group(2).replace(",", "")) * _SCALE[unit]
    else:
        for m in re.finditer(r"^(\w+): Mean \+- std dev: ([0-9.]+) (ns|us|ms|sec|s) ", printed, re.M):
            means[m.group(1)] = float(m.group(2)) * _SCALE[m.group(3).replace("sec", "s")]
    return means, errors


# Samples per benchmark the command asks for: (count, why); pytest-benchmark's rounds vary (calibrated).
SAMPLES = {
    "gbench": (10, "--benchmark_repetitions=10"),
    "hyperfine": (15, "--runs 15"),
    "pyperf": (20, "--fast: 10 worker processes x 2 values"),
    "gbench-aggregates": (0, "--benchmark_report_aggregates_only=true: mean, median, stddev, cv only"),
    "hyperfine-parameters": (5, "--runs 5"),
    "pytest-benchmark-summary": (0, "--benchmark-save without --benchmark-save-data: statistics only"),
}
EXTRAS = {"gbench": ["gbench-aggregates"], "hyperfine": ["hyperfine-parameters"],
          "pytest-benchmark": ["pytest-benchmark-summary"], "pyperf": []}


def manifest_entries(name: str) -> list[dict[str, object]]:
    """One manifest entry per recorded file: producer, command, and the printed means as truth."""
    entries = []
    for variant in ("base", "head", *EXTRAS[name]):
        stem = variant if variant in SAMPLES and variant != name else f"{name}-{variant}"
        log = (EVIDENCE / f"{stem}.txt").read_text(encoding="utf-8")
        command = log.splitlines()[0].removeprefix("# command: ")
        means, errors = printed_means(name, log)
        truth: dict[str, object] = {"mean_seconds_as_printed": means, "errored": errors}
        if stem in SAMPLES or name in SAMPLES:
            count, why = SAMPLES.get(stem, SAMPLES.get(name, (0, "")))
            truth["samples_per_benchmark"] = {"count": count, "how": why}
        if variant == "head":
            truth["expected"] = {"regressed": "slow", "improved": "sped", "errored": sorted(errors)}
        entries.append(
            {
                "file": f"benchmarks/{stem}.json",
                "kind": "benchmarks",
                "format": name,
                "producer": PRODUCERS[name],
                "command": command,
                "cwd": "benchmarks/src",
                "env": {"VARIANT": "head" if variant == "head" else "base"},
                "log": f"benchmarks/_evidence/{stem}.txt",
                "truth": truth,
            }
        )
    return entries


def write_manifests() -> None:
    """tests/corpus/manifest.d/<tool>.json from the evidence logs."""
    parts = HERE.parent / "manifest.d"
    for name in PRODUCERS:
        text = json.dumps(manifest_entries(name), indent=1, ensure_ascii=False) + "\n"
        (parts / f"{name}.json").write_text(text, encoding="utf-8")


def extras(python: str) -> None:
    """Single files for the readers' other shapes: Google Benchmark aggregates only, a hyperfine parameter list,
    pytest-benchmark without its rounds (summary statistics only)."""
    exe = "/tmp/gbench_demo"
    runs = {
        "gbench-aggregates": [exe, "--benchmark_repetitions=5", "--benchmark_min_time=0.02",
                              "--benchmark_report_aggregates_only=true", "--benchmark_filter=Stable|Throughput",
                              "--benchmark_out=../gbench-aggregates.json", "--benchmark_out_format=json"],
        "hyperfine-parameters": ["hyperfine", "--runs", "5", "--style", "basic", "-L", "work", "stable,sped",
                                 "--export-json", "../hyperfine-parameters.json", "python3 -S work.py {work}"],
        "pytest-benchmark-summary": [python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_perf.py",
                                     "-k", "stable", "--benchmark-max-time=0.1",
                                     "--benchmark-storage=file:///tmp/qe-pb-store", "--benchmark-save=summary"],
    }
    for name, argv in runs.items():
        proc = subprocess.run(REALTIME + argv, cwd=SRC, env=dict(os.environ, VARIANT="base"),
                              capture_output=True, text=True, check=False)
        log = f"# command: {shlex.join(argv)}\n# cwd: src\n# env: VARIANT=base\n# exit code: {proc.returncode}\n"
        log += "# ---- stdout ----\n" + proc.stdout + "# ---- stderr ----\n" + proc.stderr
        (EVIDENCE / f"{name}.txt").write_text(log, encoding="utf-8")
        print(name, proc.returncode)
    # a saved run (--benchmark-save without --benchmark-save-data) keeps the statistics, not the rounds
    saved = sorted(Path("/tmp/qe-pb-store").glob("*/*_summary.json"))[-1]
    (HERE / "pytest-benchmark-summary.json").write_bytes(saved.read_bytes())


def main() -> int:
    if sys.argv[1:] == ["--manifest"]:
        write_manifests()
        return 0
    if sys.argv[1:2] == ["--extras"]:
        extras(sys.argv[2] if len(sys.argv) > 2 else sys.executable)
        return 0
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
    write_manifests()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
