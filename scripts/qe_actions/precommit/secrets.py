"""Secrets in files about to be committed: private keys, `.env` files and token-shaped strings, with an allowlist.

A finding names the file, the line, the rule and a fingerprint (a hash of the matched text), never the secret:
the hook's output lands in terminals and CI logs. To accept a finding, put its fingerprint (or a path glob) in
the allowlist file, or end the line with `qe: allow-secret`.
"""

from __future__ import annotations

import fnmatch
import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath

ALLOWLIST = ".qe-secrets-allow"
PRAGMA = "qe: allow-secret"
MAX_LINE_CHARS = 64 * 1024  # a longer line is looked at up to here (minified files)
# (rule, pattern): token formats published by their issuers, and PEM private key blocks.
RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("private-key", re.compile(r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----")),
    ("github-token", re.compile(r"\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,255}\b")),
    ("github-fine-grained-token", re.compile(r"\bgithub_pat_[A-Za-z0-9_]{22,255}\b")),
    ("aws-access-key-id", re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b")),
    ("slack-token", re.compile(r"\bxox[abposr]-[A-Za-z0-9-]{10,}\b")),
    ("google-api-key", re.compile(r"\bAIza[0-9A-Za-z_-]{35}\b")),
    ("pypi-token", re.compile(r"\bpypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}")),
    ("npm-token", re.compile(r"\bnpm_[A-Za-z0-9]{36}\b")),
    ("stripe-live-key", re.compile(r"\b[sr]k_live_[A-Za-z0-9]{20,}\b")),
    ("gitlab-token", re.compile(r"\bglpat-[A-Za-z0-9_-]{20,}\b")),
)
# `.env`, `.env.local`, `prod.env` hold secrets by convention; templates of them do not.
_ENV_NAME = re.compile(r"^(?:\.env(?:\..+)?|.+\.env)$")
_ENV_TEMPLATE = re.compile(r"\.(?:example|sample|template|dist|defaults?)$")


@dataclass(frozen=True, slots=True)
class Finding:
    """One secret-shaped thing: where, which rule, and the fingerprint that allowlists it."""

    path: str
    line: int
    rule: str
    fingerprint: str

    def text(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.rule} (fingerprint {self.fingerprint})"


@dataclass(frozen=True, slots=True)
class Allowlist:
    """Fingerprints and path globs that are accepted."""

    fingerprints: frozenset[str] = frozenset()
    paths: tuple[str, ...] = ()

    def allows(self, finding: Finding) -> bool:
        if finding.fingerprint in self.fingerprints:
            return True
        return any(fnmatch.fnmatchcase(finding.path, glob) for glob in self.paths)  # `*` crosses `/`


def parse_allowlist(text: str) -> Allowlist:
    """Lines `fingerprint:HEX` or `path:GLOB` (a bare line is a fingerprint when it is hex, else a glob);
    `#` starts a comment."""
    prints: set[str] = set()
    paths: list[str] = []
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        kind, _, value = line.partition(":") if line.startswith(("fingerprint:", "path:")) else ("", "", line)
        value = value.strip()
        if kind == "fingerprint" or (not kind and re.fullmatch(r"[0-9a-f]{16}", value)):
            prints.add(value.lower())
        else:
            paths.append(value)
    return Allowlist(frozenset(prints), tuple(paths))


def fingerprint(path: str, matched: str) -> str:
    """16 hex digits of SHA-256 over the path and the matched text: stable, and it does not reveal the secret."""
    return hashlib.sha256(f"{path}\0{matched}".encode("utf-8", "surrogateescape")).hexdigest()[:16]


def is_env_file(path: str) -> bool:
    name = PurePosixPath(path).name
    return bool(_ENV_NAME.match(name)) and not _ENV_TEMPLATE.search(name)


def scan_lines(path: str, lines: Iterable[str]) -> Iterator[Finding]:
    """Findings of one file's lines (a line ending with the pragma is skipped)."""
    if is_env_file(path):
        yield Finding(path, 0, "env-file", fingerprint(path, ".env"))
    for number, line in enumerate(lines, 1):
        if PRAGMA in line:
            continue
        head = line[:MAX_LINE_CHARS]
        for rule, pattern in RULES:
            for match in pattern.finditer(head):
                yield Finding(path, number, rule, fingerprint(path, match.group(0)))
