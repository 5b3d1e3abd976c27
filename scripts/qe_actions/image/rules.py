"""The `tags:` and `flavor:` lines of docker/metadata-action parsed into small frozen rules (pure)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from qe_actions.errors import UsageError

# metadata-action's default priorities: the highest-priority tag gives the `version` output and label.
PRIORITY = {"schedule": 1000, "semver": 900, "match": 800, "edge": 700, "ref": 600, "raw": 200, "sha": 100}
DEFAULT_TAGS = ("type=schedule", "type=ref,event=branch", "type=ref,event=tag", "type=ref,event=pr")
_KNOWN = {
    "schedule": {"pattern"},
    "semver": {"pattern", "value"},
    "match": {"pattern", "group", "value"},
    "edge": {"branch"},
    "ref": {"event"},
    "raw": {"value"},
    "sha": {"format"},
}
_GLOBAL = {"type", "enable", "priority", "prefix", "suffix"}


@dataclass(frozen=True, slots=True)
class TagRule:
    """One `type=...` line: its type, the global attributes and the type's own (`attrs`)."""

    type: str
    enable: str = "true"
    priority: int = 0
    prefix: str | None = None  # None: the type's default (`pr-` for event=pr, `sha-` for sha), else the flavor's
    suffix: str | None = None  # None: the flavor's
    attrs: tuple[tuple[str, str], ...] = ()

    def get(self, name: str, default: str = "") -> str:
        return dict(self.attrs).get(name, default)


@dataclass(frozen=True, slots=True)
class Flavor:
    """`latest=auto|true|false`, a global prefix and suffix (`onlatest`: also on `latest`)."""

    latest: str = "auto"
    prefix: str = ""
    suffix: str = ""
    prefix_onlatest: bool = False
    suffix_onlatest: bool = False


def _split_csv(line: str) -> list[str]:
    """Comma-separated fields; a field in double quotes may hold commas (metadata-action reads CSV)."""
    fields: list[str] = []
    current: list[str] = []
    quoted = False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            fields.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    fields.append("".join(current).strip())
    return [f for f in fields if f]


def parse_tag_rule(line: str) -> TagRule:
    """One line of `tags:`; a line without `type=` is a raw tag (`foo` is `type=raw,value=foo`)."""
    fields = _split_csv(line)
    if not fields:
        raise UsageError("an empty tag rule")
    if not fields[0].startswith("type="):
        fields = ["type=raw", f"value={line.strip()}"] if "=" not in fields[0] else ["type=raw", *fields]
    pairs: dict[str, str] = {}
    for field in fields:
        key, sep, value = field.partition("=")
        key = key.strip().lower()
        if not sep:
            if pairs.get("type") == "raw" and "value" not in pairs:
                pairs["value"] = field  # `type=raw,foo`
                continue
            raise UsageError(f"tag rule {line.strip()[:80]!r}: {field[:40]!r} is not key=value")
        pairs[key] = value.strip()
    kind = pairs.get("type", "").lower()
    if kind not in _KNOWN:
        raise UsageError(f"tag rule {line.strip()[:80]!r}: unknown type {kind!r} (use {', '.join(_KNOWN)})")
    unknown = sorted(set(pairs) - _GLOBAL - _KNOWN[kind])
    if unknown:
        raise UsageError(f"tag rule {line.strip()[:80]!r}: unknown attribute {', '.join(unknown)}")
    priority = pairs.get("priority", "")
    if priority and not priority.lstrip("-").isdigit():
        raise UsageError(f"tag rule {line.strip()[:80]!r}: priority must be a whole number")
    if kind == "ref" and pairs.get("event") not in ("branch", "tag", "pr"):
        raise UsageError(f"tag rule {line.strip()[:80]!r}: type=ref needs event=branch, event=tag or event=pr")
    if kind in ("semver", "match") and not pairs.get("pattern"):
        raise UsageError(f"tag rule {line.strip()[:80]!r}: type={kind} needs a pattern")
    if kind == "sha" and pairs.get("format", "short") not in ("short", "long"):
        raise UsageError(f"tag rule {line.strip()[:80]!r}: format must be short or long")
    attrs = tuple(sorted((k, v) for k, v in pairs.items() if k not in _GLOBAL))
    return TagRule(
        type=kind,
        enable=pairs.get("enable", "true"),
        priority=int(priority) if priority else PRIORITY[kind],
        prefix=pairs.get("prefix"),
        suffix=pairs.get("suffix"),
        attrs=attrs,
    )


def parse_tag_rules(lines: Iterable[str]) -> tuple[TagRule, ...]:
    """Every non-blank, non-comment line; metadata-action's four defaults when there is none."""
    kept = [line for line in lines if line.strip() and not line.strip().startswith("#")]
    return tuple(parse_tag_rule(line) for line in (kept or DEFAULT_TAGS))


def _flag(name: str, value: str) -> bool:
    if value.lower() not in ("true", "false"):
        raise UsageError(f"flavor {name} must be true or false, not {value[:20]!r}")
    return value.lower() == "true"


def parse_flavor(lines: Iterable[str]) -> Flavor:
    """`latest=auto`, `prefix=x` (`prefix=x,onlatest=true`), `suffix=y`, one per line."""
    values: dict[str, object] = {}
    for line in lines:
        if not line.strip() or line.strip().startswith("#"):
            continue
        fields = _split_csv(line)
        key, _, value = fields[0].partition("=")
        key = key.strip().lower()
        options: Mapping[str, str] = dict(f.partition("=")[::2] for f in fields[1:])
        if key == "latest":
            if value not in ("auto", "true", "false"):
                raise UsageError(f"flavor latest must be auto, true or false, not {value[:20]!r}")
            values["latest"] = value
        elif key in ("prefix", "suffix"):
            values[key] = value
            values[f"{key}_onlatest"] = _flag("onlatest", options.get("onlatest", "false"))
        else:
            raise UsageError(f"flavor {key[:40]!r}: use latest, prefix or suffix")
    return Flavor(**values)  # type: ignore[arg-type]
