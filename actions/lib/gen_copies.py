"""Write the copies of the quality-gate action from its one source, `actions/quality-gate/action.yml`.

    python actions/lib/gen_copies.py          # rewrite the copies
    python actions/lib/gen_copies.py --check  # exit 1 and name each copy that differs from what it would write

GitHub reads `uses: owner/repo/path@ref` as `path/action.yml`, so the same gate is offered at three
references: `<org>/qe-actions@v1` (the root `action.yml`), `<org>/qe-actions/quality-gate@v1` and
`<org>/qe-actions/actions/quality-gate@v1` (the source). A composite action cannot include another by path
(`uses: ./x` resolves against the caller's workspace), so the copies are whole files that differ from the source
only in the paths from `$GITHUB_ACTION_PATH` to the repository root and `actions/lib`. Standard library only.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCE = "actions/quality-gate/action.yml"
COPIES = ("action.yml", "quality-gate/action.yml")
# How the source (two levels below the root) spells the repository root and the scripts folder.
SOURCE_ROOT = "$GITHUB_ACTION_PATH/../.."
SOURCE_LIB = "$GITHUB_ACTION_PATH/../lib/"
HEADER = "# Generated from {source} by `python actions/lib/gen_copies.py`: edit the source, then run it.\n"


def copy_text(source_text: str, copy: str) -> str:
    """The copy at `copy` (a path relative to the root): the source with its paths to the root and lib rewritten."""
    if SOURCE_ROOT not in source_text or SOURCE_LIB not in source_text:
        raise ValueError(f"{SOURCE}: expected paths through {SOURCE_ROOT!r} and {SOURCE_LIB!r}")
    depth = len(Path(copy).parent.parts)
    root = "/".join(["$GITHUB_ACTION_PATH", *[".."] * depth])
    text = source_text.replace(SOURCE_LIB, f"{root}/actions/lib/").replace(SOURCE_ROOT, root)
    return HEADER.format(source=SOURCE) + text


def expected(root: Path = ROOT) -> dict[str, str]:
    """Every copy's path and the text the generator writes there."""
    source_text = (root / SOURCE).read_text(encoding="utf-8")
    return {copy: copy_text(source_text, copy) for copy in COPIES}


def drifted(root: Path = ROOT) -> list[str]:
    """The copies whose file differs from what the generator writes (missing ones included)."""
    stale = []
    for copy, text in expected(root).items():
        path = root / copy
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            stale.append(copy)
    return stale


def main(argv: list[str] | None = None) -> int:
    """Write the copies, or with --check only report the ones that differ."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 when a copy differs")
    args = parser.parse_args(argv)
    if args.check:
        stale = drifted()
        for copy in stale:
            print(f"{copy}: differs from {SOURCE}; run python actions/lib/gen_copies.py", file=sys.stderr)
        return 1 if stale else 0
    for copy, text in expected().items():
        path = ROOT / copy
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
