"""Benchmark: diff coverage of a monorepo-sized Cobertura report, `qe coverage` versus diff-cover (and pycobertura).

Generates, in a temporary git checkout, a Cobertura report of 50,000 files and 5 million lines, and a change
touching 2,000 of those files; then times, in one run, each tool as a separate process (wall time and peak
memory from the child's rusage) and prints the ratios. `--small` runs a quick 2,000-file version.

    python bench/bench_coverage.py [--small] [--files N] [--lines-per-file N] [--changed N] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

MEASURE = (
    "import resource, subprocess, sys, json\n"
    "done = subprocess.run(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=float(sys.argv[1]))\n"  # noqa: E501
    "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(json.dumps({'rc': done.returncode, 'maxrss_kb': usage.ru_maxrss, 'cpu': usage.ru_utime + usage.ru_stime,\n"
    "                  'stderr': done.stderr.decode()[-400:]}))\n"
)


def file_path(index: int) -> str:
    return f"services/svc{index % 250:03d}/pkg{index % 17:02d}/module_{index:05d}.py"


def write_report(target: Path, files: int, lines_per_file: int, seed: int = 7) -> tuple[int, int]:
    """A coverage.py-shaped Cobertura report; returns (covered, total) lines."""
    rng = random.Random(seed)
    covered = 0
    with open(target, "w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" ?>\n<coverage version="7.6.1" timestamp="1" lines-valid="{total}" '
            'lines-covered="{covered}" line-rate="0" branches-covered="0" branches-valid="0" branch-rate="0" '
            'complexity="0">\n\t<sources>\n\t\t<source>/home/runner/work/mono/mono</source>\n\t</sources>\n'
            '\t<packages>\n\t\t<package name="all" line-rate="0" branch-rate="0" complexity="0">\n\t\t\t<classes>\n'
        )
        for index in range(files):
            name = file_path(index)
            rows = []
            for line in range(1, lines_per_file + 1):
                hit = 1 if rng.random() < 0.8 else 0
                covered += hit
                if line % 10 == 0:
                    rows.append(
                        f'\t\t\t\t\t\t<line number="{line}" hits="{hit}" branch="true" '
                        f'condition-coverage="{50 * (1 + hit)}% ({1 + hit}/2)"/>\n'
                    )
                else:
                    rows.append(f'\t\t\t\t\t\t<line number="{line}" hits="{hit}"/>\n')
            out.write(
                f'\t\t\t\t<class name="{name.rsplit("/", 1)[1]}" filename="{name}" complexity="0" '
                f'line-rate="0" branch-rate="0">\n\t\t\t\t\t<methods/>\n\t\t\t\t\t<lines>\n'
            )
            out.write("".join(rows))
            out.write("\t\t\t\t\t</lines>\n\t\t\t\t</class>\n")
        out.write("\t\t\t</classes>\n\t\t</package>\n\t</packages>\n</coverage>\n")
    return covered, files * lines_per_file


def write_diff(target: Path, files: int, changed: int, lines_per_file: int, seed: int = 11) -> int:
    """A git diff touching `changed` files: a few hunks each, some lines replaced, some added; returns added lines."""
    rng = random.Random(seed)
    added = 0
    with open(target, "w", encoding="utf-8") as out:
        for index in sorted(rng.sample(range(files), changed)):
            name = file_path(index)
            out.write(f"diff --git a/{name} b/{name}\nindex 1111111..2222222 100644\n--- a/{name}\n+++ b/{name}\n")
            for start in sorted(rng.sample(range(1, lines_per_file - 5, 6), 3)):
                out.write(
                    f"@@ -{start},2 +{start},2 @@ def f():\n-old {start}\n-old {start + 1}\n"
                    f"+new {start}\n+new {start + 1}\n"
                )
                added += 2
    return added


def track_files(root: Path, files: int) -> None:
    """Make the checkout track every file the report names (empty blobs), as a real monorepo would."""
    env = dict(
        os.environ,
        GIT_AUTHOR_NAME="bench",
        GIT_AUTHOR_EMAIL="b@example.invalid",
        GIT_COMMITTER_NAME="bench",
        GIT_COMMITTER_EMAIL="b@example.invalid",
    )
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    blob = (
        subprocess.run(["git", "hash-object", "-w", "--stdin"], cwd=root, input=b"", capture_output=True, check=True)
        .stdout.decode()
        .strip()
    )
    entries = "".join(f"100644 {blob}\t{file_path(i)}\n" for i in range(files))
    subprocess.run(["git", "update-index", "--index-info"], cwd=root, input=entries.encode(), check=True)
    subprocess.run(["git", "commit", "-q", "-m", "bench"], cwd=root, env=env, check=True)


@dataclass
class Timing:
    label: str
    seconds: float
    peak_mb: float
    rc: int
    note: str = ""
    cpu: float = float("nan")


def measure(label: str, command: list[str], cwd: Path, timeout: float) -> Timing:
    start = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, "-c", MEASURE, str(timeout), *command],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=timeout + 30,
        )
    except subprocess.TimeoutExpired:
        return Timing(label, float("inf"), float("nan"), -1, f"gave up after {timeout:.0f} s")
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        return Timing(label, elapsed, float("nan"), -1, (done.stderr.strip().splitlines() or ["failed"])[-1])
    result = json.loads(done.stdout.strip().splitlines()[-1])
    note = "" if result["rc"] in (0, 1, 2) else result["stderr"].strip().splitlines()[-1:] and result["stderr"][-200:]
    return Timing(label, elapsed, result["maxrss_kb"] / 1024.0, result["rc"], note or "", result["cpu"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="2,000 files x 100 lines, 200 changed files")
    parser.add_argument("--files", type=int, default=50_000)
    parser.add_argument("--lines-per-file", type=int, default=100)
    parser.add_argument("--changed", type=int, default=2_000)
    parser.add_argument("--timeout", type=float, default=900.0, help="give up on one tool after this many seconds")
    parser.add_argument("--skip-pycobertura", action="store_true")
    parser.add_argument("--keep", metavar="DIR", help="generate into DIR and keep it")
    args = parser.parse_args(argv)
    if args.small:
        args.files, args.changed = 2_000, 200
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="qe-bench-coverage-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        return run(args, work)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def run(args: argparse.Namespace, work: Path) -> int:
    report, change = work / "coverage.xml", work / "change.diff"
    started = time.perf_counter()
    track_files(work, args.files)
    covered, total = write_report(report, args.files, args.lines_per_file)
    added = write_diff(change, args.files, args.changed, args.lines_per_file)
    size_mb = report.stat().st_size / 1e6
    os.sync()  # let the freshly written files reach the disk, then read them once, so every tool starts warm
    for path in (report, change):
        with open(path, "rb") as handle:
            while handle.read(1 << 24):
                pass
    print(
        f"generated in {time.perf_counter() - started:.1f} s: {args.files:,} files, {total:,} lines "
        f"({size_mb:.0f} MB Cobertura), change of {args.changed:,} files / {added:,} added lines"
    )
    qe = [sys.executable, "-m", "qe_actions"]
    diff_cover = shutil.which("diff-cover")
    pycobertura = shutil.which("pycobertura")
    rows = [
        measure(
            "qe coverage --diff-file",
            [
                *qe,
                "coverage",
                str(report),
                "--diff-file",
                str(change),
                "--format",
                "json",
                "--output",
                str(work / "qe-diff.json"),
            ],
            work,
            args.timeout,
        )
    ]
    if diff_cover:
        rows.append(
            measure(
                "diff-cover --diff-file",
                [diff_cover, str(report), "--diff-file", str(change), "--format", f"json:{work / 'dc.json'}"],
                work,
                args.timeout,
            )
        )
    rows.append(
        measure(
            "qe coverage (totals)",
            [*qe, "coverage", str(report), "--format", "json", "--output", str(work / "qe-total.json")],
            work,
            args.timeout,
        )
    )
    if pycobertura and not args.skip_pycobertura:
        rows.append(
            measure(
                "pycobertura show (totals)",
                [pycobertura, "show", str(report), "--format", "json", "--output", str(work / "pyc.json")],
                work,
                args.timeout,
            )
        )
    print(f"\n{'tool':<28} {'wall s':>8} {'CPU s':>8} {'peak MB':>9}  note")
    for row in rows:
        print(f"{row.label:<28} {row.seconds:>8.2f} {row.cpu:>8.2f} {row.peak_mb:>9.0f}  {row.note}")
    _ratios(rows)
    _agreement(work)
    return 0


def _ratios(rows: list[Timing]) -> None:
    by = {row.label: row for row in rows}
    pairs = (
        ("diff-cover --diff-file", "qe coverage --diff-file"),
        ("pycobertura show (totals)", "qe coverage (totals)"),
    )
    print()
    for peer, ours in pairs:
        if peer in by and ours in by:
            a, b = by[peer], by[ours]
            print(
                f"{ours} vs {peer}: {a.seconds / b.seconds:.1f}x faster (wall), {a.cpu / b.cpu:.1f}x less CPU, "
                f"peak memory {b.peak_mb / a.peak_mb:.2f}x of the peer's ({b.peak_mb:.0f} MB vs {a.peak_mb:.0f} MB)"
            )


def _agreement(work: Path) -> None:
    """Both tools must agree, or the timing means nothing."""
    try:
        ours = json.loads((work / "qe-diff.json").read_text())["diff"]
        theirs = json.loads((work / "dc.json").read_text())
    except (OSError, KeyError, ValueError):
        return
    same = (ours["total_lines"], ours["total_lines"] - ours["covered_lines"]) == (
        theirs["total_num_lines"],
        theirs["total_num_violations"],
    )
    print(
        f"agreement: measured changed lines {ours['total_lines']:,} vs {theirs['total_num_lines']:,}, uncovered "
        f"{ours['total_lines'] - ours['covered_lines']:,} vs {theirs['total_num_violations']:,} -> "
        f"{'same' if same else 'DIFFERENT'}"
    )


if __name__ == "__main__":
    sys.exit(main())
