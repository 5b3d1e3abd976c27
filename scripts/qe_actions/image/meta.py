"""Docker tags, the version and OCI labels of one build, computed the way docker/metadata-action documents them
(README: the Basic, Semver, type=ref, type=sha tables and the Latest tag note). Pure: the facts come in a
frozen `RefFacts`, built from the environment by the command."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from qe_actions.image.rules import Flavor, TagRule

MAX_TAG = 128  # Docker's tag grammar: [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}
_SEMVER = re.compile(
    r"(?P<major>0|[1-9]\d*)\.(?P<minor>0|[1-9]\d*)\.(?P<patch>0|[1-9]\d*)"
    r"(?:-(?P<pre>[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+(?P<build>[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?"
)
_IMAGE = re.compile(r"[a-z0-9]+(?:[._-]+[a-z0-9]+|/[a-z0-9]+)*(?::[0-9]+)?(?:/[a-z0-9]+(?:[._-]+[a-z0-9]+)*)*")
_EXPR = re.compile(r"\{\{\s*(branch|tag|sha|base_ref|is_default_branch|date\s+'([^']*)')\s*\}\}")


@dataclass(frozen=True, slots=True)
class RefFacts:
    """What the tags depend on: event, ref, commit, default branch, repository facts and the build time."""

    event: str
    ref: str
    sha: str
    repository: str = ""
    html_url: str = ""
    description: str = ""
    license: str = ""
    default_branch: str | None = None
    base_ref: str = ""
    created: datetime = datetime(1970, 1, 1)
    short_sha_length: int = 7


@dataclass(frozen=True, slots=True)
class ImageMeta:
    """The result: tags (image:tag for every image, or bare tags without images), version, labels, notes."""

    tags: tuple[str, ...]
    version: str
    labels: tuple[tuple[str, str], ...]
    notes: tuple[str, ...] = field(default=())


def sanitize_tag(value: str) -> str:
    """A valid Docker tag: runs of other characters become `-` (as metadata-action does), a leading `.` or `-`
    (which Docker refuses and metadata-action lets through) is dropped, and at most 128 characters are kept."""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", value).lstrip(".-")[:MAX_TAG]


def sanitize_image(name: str) -> str:
    """Docker image references are lowercase; anything else is refused by the registry."""
    return name.strip().lower()


def valid_image(name: str) -> bool:
    return bool(_IMAGE.fullmatch(name))


def ref_kind(ref: str) -> tuple[str, str]:
    """(`branch`|`tag`|`pr`|`other`, name): `refs/heads/a/b` is the branch `a/b`, `refs/pull/2/merge` is PR 2."""
    for prefix, kind in (("refs/heads/", "branch"), ("refs/tags/", "tag")):
        if ref.startswith(prefix):
            return kind, ref[len(prefix) :]
    match = re.fullmatch(r"refs/pull/(\d+)/(?:merge|head)", ref)
    return ("pr", match.group(1)) if match else ("other", ref)


def _date(fmt: str, when: datetime) -> str:
    for token, code in (("YYYY", "%Y"), ("MM", "%m"), ("DD", "%d"), ("HH", "%H"), ("mm", "%M"), ("ss", "%S")):
        fmt = fmt.replace(token, code)
    return when.strftime(fmt)


def expand(text: str, facts: RefFacts) -> str:
    """metadata-action's global expressions: {{branch}}, {{tag}}, {{sha}}, {{base_ref}}, {{is_default_branch}},
    {{date 'YYYYMMDD'}}."""
    kind, name = ref_kind(facts.ref)

    def one(match: re.Match[str]) -> str:
        word = match.group(1)
        if word == "branch":
            return name if kind == "branch" else ""
        if word == "tag":
            return name if kind == "tag" else ""
        if word == "sha":
            return facts.sha[: facts.short_sha_length]
        if word == "base_ref":
            return facts.base_ref
        if word == "is_default_branch":
            return "true" if kind == "branch" and name == facts.default_branch else "false"
        return _date(match.group(2), facts.created)

    return _EXPR.sub(one, text)


def _semver(text: str) -> re.Match[str] | None:
    """node-semver's loose parse: a leading `v` or `=` and spaces are allowed."""
    return _SEMVER.fullmatch(text.strip().lstrip("=v").strip())


def _semver_value(rule: TagRule, raw: str) -> tuple[str | None, bool, str | None]:
    """(value, wants latest, note) of a semver rule for the tag `raw`."""
    match = _semver(raw)
    if match is None:
        return None, False, f"{raw[:80]} is not a semantic version: type=semver made no tag"
    parts = match.groupdict()
    version = f"{parts['major']}.{parts['minor']}.{parts['patch']}" + (f"-{parts['pre']}" if parts["pre"] else "")
    pattern = rule.get("pattern")
    if parts["pre"] and "{{raw}}" not in pattern.replace(" ", ""):
        pattern = "{{version}}"  # a pre-release only extends {{version}} (metadata-action, type=semver note)
    words = {"raw": raw, "version": version, "major": parts["major"], "minor": parts["minor"], "patch": parts["patch"]}
    value = re.sub(r"\{\{\s*(raw|version|major|minor|patch)\s*\}\}", lambda m: words[m.group(1)], pattern)
    return value, not parts["pre"], None


def _match_value(rule: TagRule, raw: str) -> tuple[str | None, bool, str | None]:
    try:
        found = re.search(rule.get("pattern"), raw)
        group = int(rule.get("group", "0") or 0)
        return (found.group(group), True, None) if found and found.group(group) else (None, False, None)
    except (re.error, IndexError, ValueError) as exc:
        return None, False, f"type=match pattern {rule.get('pattern')[:60]!r}: {exc}"


def rule_value(rule: TagRule, facts: RefFacts) -> tuple[str | None, bool, str | None]:
    """The bare tag one rule gives for these facts (None: the rule does not apply), whether it asks for
    `latest` under latest=auto, and a note for the user."""
    kind, name = ref_kind(facts.ref)
    explicit = expand(rule.get("value"), facts) if rule.get("value") else ""
    if rule.type == "schedule":
        return (
            (expand(rule.get("pattern", "nightly"), facts), False, None)
            if facts.event == "schedule"
            else (None, False, None)
        )
    if rule.type in ("semver", "match"):
        raw = explicit or (name if kind == "tag" else "")
        if not raw:
            return None, False, None
        return _semver_value(rule, raw) if rule.type == "semver" else _match_value(rule, raw)
    if rule.type == "edge":
        branch = rule.get("branch") or facts.default_branch
        return ("edge", False, None) if kind == "branch" and name == branch else (None, False, None)
    if rule.type == "ref":
        event = rule.get("event")
        if event != kind:
            return None, False, None
        return name, event == "tag", None
    if rule.type == "raw":
        return (explicit or None), False, None
    sha = facts.sha if rule.get("format", "short") == "long" else facts.sha[: facts.short_sha_length]
    return (sha or None), False, None


def _enabled(rule: TagRule, facts: RefFacts) -> bool:
    return expand(rule.enable, facts).strip().lower() != "false"


def _affix(rule: TagRule, flavor: Flavor, facts: RefFacts) -> tuple[str, str]:
    default_prefix = {"sha": "sha-"}.get(rule.type, "pr-" if rule.get("event") == "pr" else None)
    fallback = default_prefix if default_prefix is not None else flavor.prefix
    prefix = rule.prefix if rule.prefix is not None else fallback
    suffix = rule.suffix if rule.suffix is not None else flavor.suffix
    return expand(prefix, facts), expand(suffix, facts)


def versions(rules: tuple[TagRule, ...], flavor: Flavor, facts: RefFacts) -> tuple[list[str], list[str]]:
    """The bare tags, highest priority first (stable, without duplicates, `latest` last), and notes."""
    found: list[tuple[int, int, str]] = []
    notes: list[str] = []
    latest = flavor.latest == "true"
    for index, rule in enumerate(rules):
        if not _enabled(rule, facts):
            continue
        value, wants_latest, note = rule_value(rule, facts)
        if note:
            notes.append(note)
        if value is None:
            continue
        prefix, suffix = _affix(rule, flavor, facts)
        tag = sanitize_tag(prefix + value + suffix)
        if tag:
            found.append((-rule.priority, index, tag))
        latest = latest or (flavor.latest == "auto" and wants_latest)
    ordered: list[str] = []
    for _, _, tag in sorted(found):
        if tag not in ordered:
            ordered.append(tag)
    if latest and found:
        before = flavor.prefix if flavor.prefix_onlatest else ""
        tag = sanitize_tag(before + "latest" + (flavor.suffix if flavor.suffix_onlatest else ""))
        if tag not in ordered:
            ordered.append(tag)
    return ordered, notes


def oci_labels(facts: RefFacts, version: str, custom: tuple[tuple[str, str], ...] = ()) -> tuple[tuple[str, str], ...]:
    """org.opencontainers.image.* as metadata-action writes them (title, description, url, source, version,
    created, revision, licenses); `custom` labels of the same name win."""
    base = "org.opencontainers.image."
    labels = {
        base + "title": facts.repository.rsplit("/", 1)[-1],
        base + "description": facts.description,
        base + "url": facts.html_url,
        base + "source": facts.html_url,
        base + "version": version,
        base + "created": facts.created.strftime("%Y-%m-%dT%H:%M:%S.") + f"{facts.created.microsecond // 1000:03d}Z",
        base + "revision": facts.sha,
        base + "licenses": facts.license,
    }
    labels.update(dict(custom))
    return tuple(labels.items())


def compute(
    images: tuple[str, ...],
    rules: tuple[TagRule, ...],
    flavor: Flavor,
    facts: RefFacts,
    custom_labels: tuple[tuple[str, str], ...] = (),
) -> ImageMeta:
    """Tags for every image (`image:tag`), the version (the highest-priority tag) and the OCI labels."""
    bare, notes = versions(rules, flavor, facts)
    version = bare[0] if bare else ""
    names = [sanitize_image(i) for i in images]
    tags = tuple(f"{name}:{tag}" for name in names for tag in bare) if names else tuple(bare)
    return ImageMeta(tags=tags, version=version, labels=oci_labels(facts, version, custom_labels), notes=tuple(notes))
