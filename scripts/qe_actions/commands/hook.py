"""`qe hook commit-msg|commit-range|no-secrets|policy|actions-lint`: what our pre-commit hooks run.

Each takes the file names pre-commit passes and exits 0 (clean) or 1 (the commit is stopped), printing one line
per problem; a bad command line is 3 as everywhere.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from qe_actions.plaintext import plain_text

MAX_FILE_BYTES = 10 * 1024 * 1024  # no-secrets reads this much of a file (a larger one is named, not read)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """One sub-command per hook; each takes the file names."""
    hooks = parser.add_subparsers(dest="hook", metavar="HOOK", parser_class=type(parser))
    hooks.required = True
    msg = hooks.add_parser("commit-msg", help="the commit message is a Conventional Commit (commit-msg stage)")
    msg.add_argument("files", nargs="+", metavar="MESSAGE_FILE")
    span = hooks.add_parser("commit-range", help="every commit message in FROM..TO (pre-push stage, or CI)")
    span.add_argument("--from", dest="start", help="base (default: PRE_COMMIT_FROM_REF)")
    span.add_argument("--to", dest="end", help="tip (default: PRE_COMMIT_TO_REF, else HEAD)")
    secrets = hooks.add_parser("no-secrets", help="no private key, .env file or token in the files")
    secrets.add_argument(
        "--allowlist", default=None, help="accepted fingerprints and paths (default: .qe-secrets-allow)"
    )
    secrets.add_argument("files", nargs="*", metavar="FILE")
    policy = hooks.add_parser("policy", help="the qe policy (.qe.yml, [tool.qe]) is valid")
    policy.add_argument("files", nargs="*", metavar="FILE")
    lint = hooks.add_parser("actions-lint", help="zizmor and actionlint on changed workflows and actions")
    lint.add_argument("files", nargs="*", metavar="FILE")


def _commit_msg(files: list[str]) -> int:
    from qe_actions.release.conventional import check_message

    status = 0
    for name in files:
        try:
            text = Path(name).read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            print(f"qe-commit-msg: {plain_text(name)}: cannot read: {exc.strerror}", file=sys.stderr)
            return 3
        problem = check_message(text)
        if problem:
            first = next((line for line in text.splitlines() if line.strip() and not line.startswith("#")), "")
            print(f"qe-commit-msg: {plain_text(first[:100])!r}: {problem}")
            print("qe-commit-msg: write it as `type(scope): description`, e.g. `fix(parser): accept tabs`")
            status = 1
    return status


def _commit_range(start: str | None, end: str | None) -> int:
    import os

    from qe_actions import gitrun
    from qe_actions.errors import UsageError
    from qe_actions.release.conventional import check_message

    start = start or os.environ.get("PRE_COMMIT_FROM_REF")
    end = end or os.environ.get("PRE_COMMIT_TO_REF") or "HEAD"
    if not start:
        raise UsageError("commit-range: give --from REF (pre-commit sets PRE_COMMIT_FROM_REF in the pre-push stage)")
    span = end if set(start) == {"0"} else f"{start}..{end}"  # a new branch: git's all-zero sha as the base
    out = gitrun.run(["log", "-z", "--format=%H%n%B", span, "--"], None).stdout
    bad = 0
    for record in filter(None, out.split("\0")):
        sha, _, message = record.partition("\n")
        problem = check_message(message)
        if problem:
            subject = message.strip().splitlines()[0] if message.strip() else ""
            print(f"qe-commit-range: {sha[:12]} {plain_text(subject[:100])!r}: {problem}")
            bad += 1
    if bad:
        print(f"qe-commit-range: {bad} commit message(s) are not Conventional Commits; reword them (git rebase -i)")
    return 1 if bad else 0


def _no_secrets(files: list[str], allowlist: str | None) -> int:
    from qe_actions.precommit.secrets import ALLOWLIST, Allowlist, parse_allowlist, scan_lines

    allow_path = Path(allowlist or ALLOWLIST)
    if allow_path.is_file():
        allowed = parse_allowlist(allow_path.read_text(encoding="utf-8", errors="replace"))
    elif allowlist:
        print(f"qe-no-secrets: --allowlist {plain_text(allowlist)}: no such file", file=sys.stderr)
        return 3
    else:
        allowed = Allowlist()
    found = []
    for name in files:
        try:
            with open(name, "rb") as handle:
                data = handle.read(MAX_FILE_BYTES)
        except OSError as exc:
            print(f"qe-no-secrets: {plain_text(name)}: cannot read: {exc.strerror}", file=sys.stderr)
            return 3
        path = name.replace("\\", "/")
        found += [f for f in scan_lines(path, data.decode("utf-8", "replace").splitlines()) if not allowed.allows(f)]
    for finding in found:
        print(f"qe-no-secrets: {plain_text(finding.text())}")
    if found:
        print(
            f"qe-no-secrets: {len(found)} secret-shaped finding(s). Remove them; if one is not a secret, add its "
            f"`fingerprint:...` line to {allow_path.as_posix()} or end the line with `qe: allow-secret`."
        )
    return 1 if found else 0


def _policy(files: list[str]) -> int:
    from qe_actions.errors import QeError
    from qe_actions.gate.policy_file import load_policy

    status = 0
    for name in files:
        path = Path(name)
        if path.name == "pyproject.toml" and "[tool.qe" not in path.read_text(encoding="utf-8", errors="replace"):
            continue  # a pyproject.toml without our table holds no policy
        try:
            load_policy(path, path.parent if path.parent != Path("") else Path("."), Path.cwd())
        except QeError as exc:
            print(f"qe-policy: {exc}")
            status = 1
    return status


def _actions_lint(files: list[str]) -> int:
    from qe_actions.precommit.actions_lint import lint_steps, run_step

    status = 0
    for step in lint_steps(files, Path.cwd()):
        code, output = run_step(step, Path.cwd())
        if code:
            print(f"qe-actions-lint: {step.name} found problems (exit {code}):")
            print(plain_text(output))
            status = 1
    return status


def run(args: argparse.Namespace) -> int:
    """Run the chosen hook over its files."""
    if args.hook == "commit-msg":
        return _commit_msg(args.files)
    if args.hook == "commit-range":
        return _commit_range(args.start, args.end)
    if args.hook == "no-secrets":
        return _no_secrets(args.files, args.allowlist)
    if args.hook == "policy":
        return _policy(args.files)
    return _actions_lint(args.files)
