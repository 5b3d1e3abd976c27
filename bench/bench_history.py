"""History store: record a run with 10,000 tests, then read a store of 2,000 such runs (time, peak memory, size).

    python bench/bench_history.py [--tests 10000] [--runs 2000]

`record` is `qe history record --store DIR --tests big.xml` run as a process (wall time and its peak RSS, so the
figure includes start-up and the gate's own loading). The 2,000-run store is then filled directly (same record
shape, a few tests flipped per run) and read in-process: `for_sha` (the base of a pull request: only the files named
with that SHA are opened), `runs(ref)` of one ref, and `runs()` of everything (what flaky detection reads), each with
its time and the peak of traced Python memory.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

from qe_actions.history.local import LocalStore, encode  # noqa: E402
from qe_actions.history.record import RunRecord  # noqa: E402


def junit(path: Path, tests: int) -> None:
    """One JUnit file: `tests` cases in 100 classes, 1% failing, 2% skipped."""
    with path.open("w", encoding="utf-8") as out:
        out.write(f'<?xml version="1.0"?>\n<testsuites><testsuite name="bench" tests="{tests}">\n')
        for i in range(tests):
            head = f'<testcase classname="pkg.mod{i % 100}.TestThing" name="test_case_{i}" time="0.{i % 997:03d}"'
            if i % 100 == 7:
                out.write(f'{head}><failure message="boom {i}">trace {i}</failure></testcase>\n')
            elif i % 50 == 3:
                out.write(f'{head}><skipped message="later"/></testcase>\n')
            else:
                out.write(f"{head}/>\n")
        out.write("</testsuite></testsuites>\n")


def measure(label: str, call) -> object:
    start = time.perf_counter()
    result = call()
    seconds = time.perf_counter() - start  # untraced: tracemalloc slows allocation-heavy code several times
    tracemalloc.start()
    call()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    count = len(result) if isinstance(result, list) else result
    print(f"{label:<34} {seconds:8.3f} s   peak {peak / 2**20:7.1f} MiB   -> {count}")
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tests", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=2_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="qe-bench-history-") as scratch:
        root = Path(scratch)
        junit(root / "big.xml", args.tests)
        command = [sys.executable, "-m", "qe_actions", "history", "record", "--store", "hist", "--tests", "big.xml"]
        env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
        start = time.perf_counter()
        done = subprocess.run([*command, "--sha", "f" * 40, "--ref", "refs/heads/main"], cwd=root, env=env, check=True)
        wall = time.perf_counter() - start
        rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        (recorded,) = LocalStore(str(root / "hist")).runs()
        files = list((root / "hist").rglob("*.json.gz"))
        size = sum(f.stat().st_size for f in files)
        print(f"record ({args.tests} tests, process)  {wall:8.3f} s   peak RSS {rss:6.1f} MiB   exit {done.returncode}")
        print(f"stored size per run                {size / 1024:8.1f} KiB ({len(recorded.tests)} tests kept)")

        store = LocalStore(str(root / "many"))
        rng = random.Random(14)
        base = dict(recorded.tests)
        names = list(base)
        start = time.perf_counter()
        shas = []
        for index in range(args.runs):
            tests = dict(base)
            for name in rng.sample(names, 5):
                tests[name] = ("failed" if tests[name][0] == "passed" else "passed", tests[name][1])
            sha = f"{rng.getrandbits(160):040x}"
            shas.append(sha)
            ref = "refs/heads/main" if index % 4 else f"refs/pull/{index}/merge"
            stamp = f"2026-{1 + index // 600:02d}-{1 + index % 28:02d}T{index % 24:02d}:00:00.{index:06d}Z"
            store.record(RunRecord(sha, ref, None, str(index), 1, stamp, recorded.totals, tests, {}, ()))
        fill = time.perf_counter() - start
        total = sum(f.stat().st_size for f in (root / "many").rglob("*.json.gz"))
        print(f"filled {args.runs} runs                  {fill:8.3f} s   store {total / 2**20:7.1f} MiB")
        print(f"encode one run                     {len(encode(recorded)) / 1024:8.1f} KiB")
        fresh = LocalStore(str(root / "many"))
        measure("for_sha (base of a PR)", lambda: fresh.for_sha(shas[len(shas) // 2]))
        measure("runs('refs/pull/4/merge')", lambda: fresh.runs("refs/pull/4/merge"))
        everything = measure(f"runs() all {args.runs}", lambda: fresh.runs())
        assert len(everything) == args.runs  # type: ignore[arg-type]
        measure(
            "runs(main) + tests of newest 50",
            lambda: sum(len(r.tests) for r in LocalStore(str(root / "many")).runs("refs/heads/main")[:50]),
        )
        from qe_actions.history.gate_history import compare_with_history

        head = RunRecord(
            "f" * 40,
            "refs/heads/main",
            None,
            "local",
            1,
            "2027-01-01T00:00:00.000000Z",
            recorded.totals,
            recorded.tests,
            {},
            (),
        )
        measure(
            "gate: deltas + flaky + ages", lambda: len(compare_with_history("many", str(root), env, head, None).ages)
        )
        git_store(root, command, env, head)
    return 0


def _git(cwd: Path, *args: str) -> None:
    ident = {"GIT_AUTHOR_NAME": "b", "GIT_AUTHOR_EMAIL": "b@b", "GIT_COMMITTER_NAME": "b", "GIT_COMMITTER_EMAIL": "b@b"}
    subprocess.run(["git", *args], cwd=cwd, env={**os.environ, **ident}, check=True, capture_output=True)


def git_store(root: Path, command: list[str], env: dict[str, str], head: RunRecord) -> None:
    """The same 2,000 runs on a data branch of a bare remote; record and read from a fresh depth-1 clone."""
    bare, seed = root / "remote.git", root / "seed"
    _git(root, "init", "-q", "--bare", "-b", "main", str(bare))
    _git(root, "init", "-q", "-b", "qe-history", str(seed))
    os.rename(root / "many" / "runs", seed / "runs")
    _git(seed, "add", "runs")
    _git(seed, "commit", "-q", "-m", "runs")
    _git(seed, "push", "-q", str(bare), "qe-history", "qe-history:main")
    work = root / "work"
    _git(root, "clone", "-q", "--depth", "1", f"file://{bare}", str(work))
    os.rename(root / "big.xml", work / "big.xml")
    git_command = [*command[:6], "git:qe-history", *command[7:]]
    start = time.perf_counter()
    subprocess.run([*git_command, "--sha", "e" * 40, "--ref", "refs/heads/main"], cwd=work, env=env, check=True)
    print(f"record to git:qe-history (process) {time.perf_counter() - start:8.3f} s   (fetch depth 1, push)")
    from qe_actions.history.gitbranch import GitBranchStore

    store = GitBranchStore("qe-history", str(work), env=env)
    measure("git runs() all", lambda: GitBranchStore("qe-history", str(work), env=env).runs())
    measure("git for_sha", lambda: store.for_sha("e" * 40))
    from qe_actions.history.gate_history import compare_with_history

    gate = lambda: len(compare_with_history("git:qe-history", str(work), env, head, None).ages)  # noqa: E731
    measure("git gate: deltas + flaky + ages", gate)


if __name__ == "__main__":
    raise SystemExit(main())
