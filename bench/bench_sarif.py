"""Benchmark: `qe findings` reading a 200,000-result SARIF log vs a bare `json.load` (the floor) and sarif-tools.

    python bench/bench_sarif.py                     # 200,000 results, 500 rules (about 90 MB), 3 runs each
    python bench/bench_sarif.py --results 50000 --repeat 1
    python bench/bench_sarif.py --no-fingerprints   # results without partialFingerprints: we hash each one

The generated log follows the peer-anchor fixture: one run, compact JSON with one result per line; rules carry
descriptions, help, `defaultConfiguration.level` and `security-severity`; results carry `ruleId`, `ruleIndex`,
`level`, a message, one location with a region, and `partialFingerprints.primaryLocationLineHash`.
Each contender runs in its own process (peak RSS is its own); the table prints the best time of `--repeat`
runs and the largest peak RSS, then ratios to the floor (target: ours at most 3 x the floor's time).
sarif-tools (`sarif summary`, pip install sarif-tools==3.0.5, in the `bench` extra) is skipped if absent.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

LEVELS = ("error", "warning", "note")


def _rule(i: int) -> dict:
    return {
        "id": f"RULE{i:04d}",
        "name": f"rule-number-{i}",
        "shortDescription": {"text": f"Short description of rule {i}"},
        "fullDescription": {"text": f"A longer description of what rule {i} looks for and why it matters."},
        "help": {"text": f"How to fix rule {i}", "markdown": f"How to **fix** rule {i}"},
        "helpUri": f"https://example.invalid/rules/{i}",
        "defaultConfiguration": {"level": LEVELS[i % 3]},
        "properties": {
            "tags": ["security", f"external/cwe/cwe-{i % 900}"],
            "precision": "high",
            "security-severity": f"{(i % 100) / 10:.1f}",
        },
    }


def _result(i: int, rules: int, fingerprints: bool) -> dict:
    rule = i % rules
    line = 1 + (i * 7) % 4000
    result = {
        "ruleId": f"RULE{rule:04d}",
        "ruleIndex": rule,
        "level": LEVELS[(i // 3) % 3],
        "message": {"text": f"Finding {i}: value flows from a parameter into a sensitive call without checks."},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {
                        "uri": f"src/pkg_{i % 97:02d}/module_{i % 1999:04d}.py",
                        "uriBaseId": "%SRCROOT%",
                    },
                    "region": {"startLine": line, "startColumn": 5, "endLine": line + 1, "endColumn": 40},
                }
            }
        ],
    }
    if fingerprints:
        result["partialFingerprints"] = {"primaryLocationLineHash": f"{(i * 2654435761) % (1 << 64):016x}:1"}
    return result


def generate(path: str, results: int, rules: int = 500, fingerprints: bool = True) -> None:
    """Write the SARIF log: header and rules, then one compact result per line."""
    run_head = {
        "tool": {"driver": {"name": "BenchScanner", "version": "1.0.0", "rules": [_rule(i) for i in range(rules)]}}
    }
    head = json.dumps({"version": "2.1.0", "$schema": "https://json.schemastore.org/sarif-2.1.0.json"})[:-1]
    with open(path, "w", encoding="utf-8") as out:
        out.write(head + ', "runs": [' + json.dumps(run_head, separators=(",", ":"))[:-1] + ',"results":[\n')
        for start in range(0, results, 10_000):
            block = ",\n".join(
                json.dumps(_result(i, rules, fingerprints), separators=(",", ":"))
                for i in range(start, min(results, start + 10_000))
            )
            out.write(block + (",\n" if start + 10_000 < results else "\n"))
        out.write("]}]}\n")


# -- contenders (each runs in a child process: `bench_sarif.py --child NAME FILE`) ----------------------
def _child_floor(path: str) -> dict:
    with open(path, encoding="utf-8") as handle:
        doc = json.load(handle)
    return {"results": sum(len(run.get("results") or ()) for run in doc["runs"])}


def _child_ours(path: str) -> dict:
    from qe_actions.load.findings import load_findings

    summary = load_findings([path])
    assert not summary.problems, summary.problems
    return {"results": summary.totals.findings}


def _child_sarif_tools(path: str) -> dict:
    done = subprocess.run([sys.executable, "-m", "sarif", "summary", path], capture_output=True, text=True, check=True)
    lines = done.stdout.splitlines()
    total = sum(int(line.split(":")[1]) for line in lines if line.split(":")[0].strip() in LEVELS and ":" in line)
    return {"results": total}


CHILDREN = {"floor (json.load)": _child_floor, "qe (ours)": _child_ours, "sarif-tools summary": _child_sarif_tools}


def _available(name: str) -> bool:
    if name != "sarif-tools summary":
        return True
    return subprocess.run([sys.executable, "-c", "import sarif"], capture_output=True).returncode == 0


def measure(name: str, path: str, repeat: int) -> dict:
    """Best time over `repeat` fresh processes, and the largest peak RSS (children included)."""
    best: dict | None = None
    peak_kb = 0
    for _ in range(repeat):
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, __file__, "--child", name, path], stdout=subprocess.PIPE, text=True)
        out, _ = proc.communicate()
        wall = time.perf_counter() - start
        if proc.returncode != 0:
            raise SystemExit(f"{name} failed with exit code {proc.returncode}")
        result = json.loads(out)
        peak_kb = max(peak_kb, result.pop("maxrss_kb"))
        result["wall"] = wall
        if best is None or result["seconds"] < best["seconds"]:
            best = result
    assert best is not None
    best["peak_mb"] = peak_kb / 1024
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--results", type=int, default=200_000)
    parser.add_argument("--rules", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-fingerprints", action="store_true", help="leave partialFingerprints out (we then hash)")
    parser.add_argument("--skip", action="append", default=[], help="leave a contender out")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="qe-bench-") as tmp:
        path = os.path.join(tmp, "bench.sarif")
        generate(path, args.results, args.rules, fingerprints=not args.no_fingerprints)
        print(
            f"generated {os.path.getsize(path) / 1e6:.1f} MB, {args.results} results, {args.rules} rules"
            f"{'' if not args.no_fingerprints else ', no partialFingerprints'}"
        )
        names = [n for n in CHILDREN if n not in args.skip and _available(n)]
        results = {name: measure(name, path, args.repeat) for name in names}
    print(f"{'contender':<22} {'seconds':>8} {'peak RSS MB':>12} {'results':>9}")
    for name, r in results.items():
        print(f"{name:<22} {r['seconds']:8.2f} {r['peak_mb']:12.0f} {r['results']:>9}")
    ours, floor = results["qe (ours)"], results["floor (json.load)"]
    assert ours["results"] == floor["results"] == args.results, "a contender miscounted the results"
    print(f"ours / floor time: {ours['seconds'] / floor['seconds']:.2f} x (target <= 3)")
    print(f"ours / floor peak RSS: {ours['peak_mb'] / floor['peak_mb']:.2f} x")
    if "sarif-tools summary" in results:
        peer = results["sarif-tools summary"]
        assert peer["results"] == args.results, "sarif-tools miscounted the results"
        print(f"sarif-tools / ours time: {peer['seconds'] / ours['seconds']:.2f} x")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        import resource

        began = time.perf_counter()
        outcome = CHILDREN[sys.argv[2]](sys.argv[3])
        outcome["seconds"] = time.perf_counter() - began
        usage = max(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        )
        outcome["maxrss_kb"] = usage
        print(json.dumps(outcome))
    else:
        main()
