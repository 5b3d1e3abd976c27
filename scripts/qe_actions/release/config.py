"""Release settings: our policy's `release:` section, else an existing commitizen configuration, else defaults.

A repository that already uses commitizen gets commitizen's answer without configuring us: `tag_format`,
`major_version_zero` and the current `version` (with its `version_provider`) are read from `[tool.commitizen]`
in pyproject.toml or from commitizen's own files, in commitizen's order of precedence.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qe_actions.errors import UsageError
from qe_actions.release.version import Version, check_tag_format, parse_version

DEFAULT_TAG_FORMAT = "v$version"
CZ_DEFAULT_TAG_FORMAT = "$version"  # commitizen's own default: a commitizen user's tags are read as it reads them
# commitizen's search order for its configuration (commitizen/defaults.py `CONFIG_FILES`).
CZ_FILES = ("pyproject.toml", ".cz.toml", ".cz.json", "cz.json", ".cz.yaml", "cz.yaml", "cz.toml")
MAX_CONFIG_BYTES = 1024 * 1024
PROVIDERS = ("commitizen", "scm", "pep621", "poetry")


@dataclass(frozen=True, slots=True)
class ReleaseConfig:
    """How versions and tags work here. `version` None: the current version is the highest matching tag."""

    tag_format: str = DEFAULT_TAG_FORMAT
    major_version_zero: bool = False
    version: Version | None = None
    major_tag: bool | None = None  # None: decided by whether the repository is an action
    source: str = "defaults"


def _read_text(path: Path) -> str:
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_CONFIG_BYTES + 1)
    except OSError as exc:
        raise UsageError(f"{path.name}: cannot read: {exc.strerror or exc}") from None
    if len(raw) > MAX_CONFIG_BYTES:
        raise UsageError(f"{path.name}: larger than {MAX_CONFIG_BYTES} bytes")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise UsageError(f"{path.name}: not UTF-8") from None


def _parse(path: Path) -> dict[str, Any]:
    """The whole document of a TOML, JSON or YAML configuration file."""
    text = _read_text(path)
    try:
        if path.suffix == ".toml":
            if sys.version_info >= (3, 11):
                import tomllib
            else:  # pragma: no cover - Python 3.10 only
                import tomli as tomllib  # type: ignore[import-not-found, no-redef, unused-ignore]
            data: Any = tomllib.loads(text)
        elif path.suffix == ".json":
            data = json.loads(text)
        else:
            import yaml

            data = yaml.safe_load(text)
    except Exception as exc:  # noqa: BLE001 - every parser's error becomes one line
        raise UsageError(f"{path.name}: not valid {path.suffix.lstrip('.').upper()}: {type(exc).__name__}") from None
    return data if isinstance(data, dict) else {}


def commitizen_settings(root: Path) -> tuple[dict[str, Any], dict[str, Any], str] | None:
    """commitizen's settings, the whole file they came from, and its name; None when there is none."""
    for name in CZ_FILES:
        path = root / name
        if not path.is_file():
            continue
        data = _parse(path)
        table = data.get("commitizen") if path.suffix != ".toml" else (data.get("tool") or {}).get("commitizen")
        if isinstance(table, dict):
            return table, data, f"{name} [tool.commitizen]" if path.suffix == ".toml" else name
    return None


def _cz_version(settings: dict[str, Any], document: dict[str, Any], where: str) -> Version | None:
    provider = settings.get("version_provider", "commitizen")
    if provider not in PROVIDERS:
        raise UsageError(f"{where}: version_provider {str(provider)[:40]!r} is not supported ({', '.join(PROVIDERS)})")
    if provider == "scm":
        return None
    if provider == "pep621":
        value = (document.get("project") or {}).get("version")
    elif provider == "poetry":
        value = ((document.get("tool") or {}).get("poetry") or {}).get("version")
    else:
        value = settings.get("version")
    if value is None:
        return None
    return parse_version(str(value), f"{where}: version")


def _flag(value: Any, key: str, where: str) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise UsageError(f"{where}: {key} must be true or false")


def release_config(root: Path, policy: dict[str, Any] | None, policy_name: str = ".qe.yml") -> ReleaseConfig:
    """Each setting from the policy's `release:` section when it has it, else from commitizen, else the default."""
    ours = dict((policy or {}).get("release") or {})
    found = commitizen_settings(root)
    cz, document, cz_name = found if found is not None else ({}, {}, "")
    sources = [name for name, present in ((policy_name, bool(ours)), (cz_name, bool(cz))) if present]
    tag_format = ours.get("tag_format", cz.get("tag_format", CZ_DEFAULT_TAG_FORMAT if cz else DEFAULT_TAG_FORMAT))
    if not isinstance(tag_format, str):
        raise UsageError(f"{cz_name or policy_name}: tag_format must be a string")
    zero = _flag(ours.get("major_version_zero"), "major_version_zero", policy_name)
    if zero is None:
        zero = _flag(cz.get("major_version_zero"), "major_version_zero", cz_name) or False
    return ReleaseConfig(
        tag_format=check_tag_format(tag_format),
        major_version_zero=zero,
        version=_cz_version(cz, document, cz_name) if cz else None,
        major_tag=_flag(ours.get("major_tag"), "major_tag", policy_name),
        source=" and ".join(sources) or "defaults",
    )
