"""Retention: how many runs each ref keeps, so a store (and a data branch) never grows without bound."""

from __future__ import annotations

from collections.abc import Sequence

DEFAULT_BRANCH_KEEP = 1000
OTHER_REF_KEEP = 20


def is_default_ref(ref: str, default_branch: str | None) -> bool:
    """`refs/heads/<default>` (or the bare name); without a known default, `main` and `master` count."""
    names = {default_branch} if default_branch else {"main", "master"}
    short = ref[len("refs/heads/") :] if ref.startswith("refs/heads/") else ref
    return short in names


def keep_for(ref: str, default_branch: str | None, keep: int | None = None) -> int:
    """`--keep N` when given, else 1,000 runs on the default branch and 20 on any other ref."""
    if keep is not None:
        return keep
    return DEFAULT_BRANCH_KEEP if is_default_ref(ref, default_branch) else OTHER_REF_KEEP


def to_drop(names: Sequence[str], keep: int) -> list[str]:
    """The oldest names beyond `keep` (names start with their UTC time, so text order is time order)."""
    if keep < 1:
        raise ValueError("keep must be at least 1")
    ordered = sorted(names, reverse=True)
    return ordered[keep:]
