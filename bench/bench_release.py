"""`qe release next` against commitizen's `cz bump --get-next --yes` on one history: N commits since the last tag.

    python bench/bench_release.py [--commits 5000] [--repeat 3]

Both run as processes in the same repository (a `[tool.commitizen]` table names the version and tag format, so
both read the same settings); the figure is the best of `--repeat` wall times, and both answers must agree.
Commits are made with `git fast-import` (a mix of fix, feat, docs, chore and scoped commits, one footer in 500).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TYPES = ("fix(parser): handle case {i}", "feat: option {i}", "docs: page {i}", "chore: tidy {i}", "refactor(x): {i}")
ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "b",
    "GIT_AUTHOR_EMAIL": "b@example.com",
    "GIT_COMMITTER_NAME": "b",
    "GIT_COMMITTER_EMAIL": "b@example.com",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def history(root: Path, commits: int) -> None:
    """A repository: the config commit tagged v1.0.0, then `commits` empty commits through fast-import."""
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True, env=ENV)
    (root / "pyproject.toml").write_text('[tool.commitizen]\nversion = "1.0.0"\ntag_format = "v$version"\n')
    subprocess.run(["git", "add", "pyproject.toml"], cwd=root, check=True, env=ENV)
    subprocess.run(["git", "commit", "-q", "-m", "chore: init"], cwd=root, check=True, env=ENV)
    subprocess.run(["git", "tag", "v1.0.0"], cwd=root, check=True, env=ENV)
    stream = []
    for i in range(commits):
        message = TYPES[i % len(TYPES)].format(i=i)
        if i % 500 == 499:
            message += f"\n\nBREAKING CHANGE: change {i}"
        data = message.encode()
        parent = "from refs/heads/main^0\n" if i == 0 else ""
        stream.append(
            f"commit refs/heads/main\ncommitter b <b@example.com> {1700000000 + i} +0000\n"
            f"data {len(data)}\n{message}\n{parent}"
        )
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input="".join(stream).encode(), check=True, env=ENV)
    subprocess.run(["git", "reset", "-q", "--hard", "main"], cwd=root, check=True, env=ENV)


def best(command: list[str], root: Path, repeat: int) -> tuple[float, str]:
    times, out = [], ""
    for _ in range(repeat):
        start = time.perf_counter()
        done = subprocess.run(command, cwd=root, capture_output=True, text=True, env=ENV, stdin=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
        out = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr.strip()
    return min(times), out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commits", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    bindir = Path(sys.executable).parent
    cz = str(bindir / "cz") if (bindir / "cz").exists() else shutil.which("cz")
    if cz is None:
        print("commitizen is not installed: pip install '.[test]'", file=sys.stderr)
        return 3
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "repo"
        history(root, args.commits)
        ours, ours_out = best([sys.executable, "-m", "qe_actions", "release", "next"], root, args.repeat)
        theirs, theirs_out = best([cz, "bump", "--get-next", "--yes"], root, args.repeat)
    print(f"{args.commits} commits since v1.0.0 (best of {args.repeat})")
    print(f"  qe release next            {ours:7.3f} s   {ours_out}")
    print(f"  cz bump --get-next --yes   {theirs:7.3f} s   {theirs_out}")
    print(f"  ratio (cz / qe)            {theirs / ours:7.2f} x")
    return 0 if theirs_out in ours_out else 1


if __name__ == "__main__":
    raise SystemExit(main())
