"""Badges per second: `qe badge`'s renderer against shields.io's badge-maker (node), on the same varied badges.

    python bench/bench_badges.py [--badges 50000] [--repeat 3] [--node-modules DIR]

Both render the same list of (label, message, colour, style) in one process, best of `--repeat`: ours with
`render_svg` in Python, badge-maker 6.0.0's `makeBadge` in node (installed with npm into a temporary folder unless
`--node-modules` names one). The outputs are compared byte for byte. Also timed: `qe badge --from` on a gate report
(6 badges, as a process: what a workflow step pays) and `qe badge LABEL MESSAGE` as a process.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from qe_actions.badge.colors import svg_color  # noqa: E402
from qe_actions.badge.svg import Badge, render_svg  # noqa: E402

WORDS = [
    "build",
    "coverage",
    "tests",
    "passing",
    "failing",
    "diff coverage",
    "findings",
    "flaky tests",
    "quality gate",
    "vulnerabilities",
    "docs",
    "release",
    "Ångström",
    "测试",
    "license",
    "MIT",
    "<b>",
    "a&b",
]
COLORS = ["brightgreen", "green", "yellowgreen", "yellow", "orange", "red", "blue", "lightgrey", "grey", "ff69b4"]
NODE_SCRIPT = """
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
const [modules, casesPath, outPath, repeat] = process.argv.slice(2)
const { makeBadge } = await import(pathToFileURL(join(modules, 'badge-maker', 'lib', 'index.js')).href)
const cases = JSON.parse(readFileSync(casesPath, 'utf8'))
let best = Infinity, out = []
for (let r = 0; r < Number(repeat); r++) {
  const start = process.hrtime.bigint()
  out = cases.map(([label, message, color, style]) => makeBadge({ label, message, color, style }))
  best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e9)
}
writeFileSync(outPath, JSON.stringify(out))
console.log(best)
"""


def cases(count: int) -> list[tuple[str, str, str, str]]:
    """Varied badges: words, numbers and percentages, ten colours, both styles (seeded: the same every run)."""
    rng = random.Random(15)
    made = []
    for i in range(count):
        label = rng.choice(WORDS)
        message = rng.choice([f"{rng.uniform(0, 100):.2f}%", f"{rng.randint(0, 5000)} passed", rng.choice(WORDS)])
        made.append((label, message, rng.choice(COLORS), "flat" if i % 3 else "flat-square"))
    return made


def ours(badges: list[tuple[str, str, str, str]], repeat: int) -> tuple[float, list[str]]:
    best, out = float("inf"), []
    for _ in range(repeat):
        start = time.perf_counter()
        out = [
            render_svg(Badge(label, message, svg_color(color), None, style)) for label, message, color, style in badges
        ]
        best = min(best, time.perf_counter() - start)
    return best, out


def theirs(badges: list, repeat: int, modules: Path, work: Path) -> tuple[float, list[str]]:
    (work / "cases.json").write_text(json.dumps(badges), encoding="utf-8")
    (work / "bench.mjs").write_text(NODE_SCRIPT, encoding="utf-8")
    done = subprocess.run(
        ["node", str(work / "bench.mjs"), str(modules), str(work / "cases.json"), str(work / "out.json"), str(repeat)],
        check=True,
        capture_output=True,
        text=True,
    )
    return float(done.stdout.strip()), json.loads((work / "out.json").read_text(encoding="utf-8"))


def process_seconds(args: list[str], cwd: Path, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "qe_actions", *args], cwd=cwd, check=True, capture_output=True)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--badges", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--node-modules", type=Path, help="a node_modules holding badge-maker (default: npm install)")
    options = parser.parse_args()
    badges = cases(options.badges)
    seconds, svgs = ours(badges, options.repeat)
    print(
        f"qe render_svg        {options.badges:>7} badges {seconds:7.3f} s {options.badges / seconds:>9,.0f} badges/s"
    )
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        modules = options.node_modules
        if modules is None and shutil.which("npm"):
            subprocess.run(
                ["npm", "install", "--prefix", tmp, "--silent", "--no-audit", "--no-fund", "badge-maker@6.0.0"],
                check=True,
            )
            modules = work / "node_modules"
        if modules is not None and shutil.which("node"):
            peer, peer_svgs = theirs(badges, options.repeat, modules, work)
            same = sum(a == b for a, b in zip(svgs, peer_svgs))
            print(
                f"badge-maker (node)   {options.badges:>7} badges {peer:7.3f} s {options.badges / peer:>9,.0f} badges/s"
            )
            print(f"ratio qe / badge-maker time: {seconds / peer:.2f}x; byte-equal outputs: {same} of {len(svgs)}")
        else:
            print("badge-maker: skipped (no npm/node)")
        report = work / "report.json"
        demo = subprocess.run(
            [sys.executable, "-m", "qe_actions", "demo", "--format", "json"], capture_output=True, text=True, check=True
        )
        report.write_text(demo.stdout, encoding="utf-8")
        six = process_seconds(["badge", "--from", str(report), "--output-dir", str(work / "b")], work, options.repeat)
        one = process_seconds(["badge", "build", "passing", "-o", str(work / "one.svg")], work, options.repeat)
        print(f"qe badge --from report (6 badges, one process): {six:.3f} s; qe badge LABEL MESSAGE: {one:.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
