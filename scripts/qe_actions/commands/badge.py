"""`qe badge`: a shields.io-style SVG badge, from words on the command line or from a saved gate report."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from qe_actions.errors import UsageError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """`LABEL MESSAGE` for one badge, or `--from REPORT` for the report's set."""
    parser.add_argument("label", nargs="?", metavar="LABEL", help="left-hand text (may be empty: '')")
    parser.add_argument("message", nargs="?", metavar="MESSAGE", help="right-hand text (may be empty: '')")
    parser.add_argument(
        "--color",
        "--colour",
        dest="color",
        metavar="C",
        help="message colour: brightgreen green yellowgreen yellow orange red blue lightgrey grey, or #rrggbb",
    )
    parser.add_argument("--label-color", metavar="C", help="label colour (default: grey #555)")
    parser.add_argument("--style", choices=("flat", "flat-square"), default="flat", help="default: flat")
    parser.add_argument("--output", "-o", metavar="FILE", help="SVG file to write (default: stdout)")
    data = parser.add_argument_group("badges from a gate report")
    data.add_argument(
        "--from",
        dest="report",
        metavar="REPORT",
        help="a `qe gate --format json` report: writes verdict, tests, coverage, diff-coverage, findings, flaky",
    )
    data.add_argument(
        "--output-dir", metavar="DIR", default="badges", help="where --from writes NAME.svg (default: badges)"
    )
    data.add_argument("--only", action="append", default=[], metavar="NAME", help="only this badge (repeatable)")
    data.add_argument("--config", metavar="FILE", help="policy file with `badges:` colour scales (default: found)")
    data.add_argument(
        "--to-branch",
        metavar="BRANCH",
        help="also commit the badges as badges/NAME.svg on this git data branch and push them (e.g. qe-history)",
    )


def _one(args: argparse.Namespace) -> int:
    from qe_actions.badge.colors import DEFAULT_COLOR, svg_color
    from qe_actions.badge.svg import Badge, render_svg
    from qe_actions.output import write_text

    if args.label is None or args.message is None:
        raise UsageError("give LABEL and MESSAGE (an empty one as ''), or --from REPORT")
    badge = Badge(
        label=args.label,
        message=args.message,
        color=svg_color(args.color) if args.color else DEFAULT_COLOR,
        label_color=svg_color(args.label_color) if args.label_color else None,
        style=args.style,
    )
    write_text(args.output or "-", render_svg(badge))  # the same bytes to a file or stdout (no newline added)
    return 0


def _from_report(args: argparse.Namespace, cwd: Path) -> int:
    from qe_actions.badge.report import BADGE_NAMES, report_badges, scales_from_policy
    from qe_actions.badge.svg import render_svg
    from qe_actions.gate.policy_file import load_policy
    from qe_actions.gate.run import repo_root
    from qe_actions.github.report import load_report
    from qe_actions.output import write_text

    if args.label is not None or args.output or args.color or args.label_color:
        raise UsageError("--from draws its own labels and colours: give no LABEL/MESSAGE, --output or --color")
    unknown = sorted(set(args.only) - set(BADGE_NAMES))
    if unknown:
        raise UsageError(f"--only {unknown[0]!r}: choose from {', '.join(BADGE_NAMES)}")
    report = load_report(str(cwd / args.report))
    policy = load_policy(Path(args.config) if args.config else None, repo_root(cwd), cwd)
    badges = report_badges(report.raw, scales_from_policy(policy.badge_scales), args.style)
    chosen = {name: badge for name, badge in badges.items() if not args.only or name in args.only}
    folder = cwd / args.output_dir
    svgs = {f"{name}.svg": render_svg(badge) for name, badge in chosen.items()}
    for name, text in svgs.items():
        write_text(str(folder / name), text)
    skipped = [name for name in (args.only or BADGE_NAMES) if name not in chosen]
    print(f"wrote {len(chosen)} badge(s) to {args.output_dir}: {', '.join(chosen) or 'none'}")
    if skipped:
        print(f"qe badge: not in the report, not written: {', '.join(skipped)}", file=sys.stderr)
    if args.to_branch:
        _push(args.to_branch, cwd, svgs)
    return 0


def _push(branch: str, cwd: Path, svgs: dict[str, str]) -> None:
    """badges/NAME.svg on the data branch: written or overwritten, never removed (a README links them)."""
    import os

    from qe_actions.sitebranch import publish_folder

    sha = os.environ.get("GITHUB_SHA", "")[:12]
    data = {name: text.encode("utf-8") for name, text in svgs.items()}
    commit = publish_folder(branch, str(cwd), "badges", data, f"qe badges {sha}".strip(), replace=False)
    print(f"pushed badges/ to {branch}" if commit else f"badges/ on {branch}: not changed")


def run(args: argparse.Namespace, cwd: Path | None = None) -> int:
    """One badge to a file or stdout, or a report's badges to a folder; 0 written, 3 bad input."""
    if args.report:
        return _from_report(args, cwd or Path.cwd())
    return _one(args)
