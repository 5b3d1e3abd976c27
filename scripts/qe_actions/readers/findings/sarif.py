"""SARIF 2.1.0 reader: every run, rules found however the result points at them, levels and security bands.

Follows the OASIS SARIF 2.1.0 text where producers differ: a result's rule comes from `rule.toolComponent` +
`rule.index`, then `ruleIndex`, then `ruleId` (also hierarchical `A/B` -> `A`) in the driver, then in the
extensions; its level is `result.level`, else the rule's `defaultConfiguration.level`, else `warning` (`none`
for a result whose `kind` is not `fail`); `security-severity` is read from the result's properties, then the
rule's. A result is a security finding when it has that score, carries its scanner's own severity (bandit's
`issue_severity`), or its rule or itself is tagged `security` (docs/counting/findings.md); every other result
is a lint finding, whatever its level (ruff writes `error` for all). Error notifications of the run's invocations
and `executionSuccessful: false` say the tool did not analyse everything: they become `incomplete` entries naming
the file. Results with an accepted suppression are counted, not kept; results whose `baselineState` is `absent` are
gone and are skipped, and `new`/`unchanged`/`updated` say whether a result is new. The whole log is parsed with
`json.load` and each result is released as soon as it is read, so peak memory stays close to the parsed document.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import unquote

from qe_actions.errors import InputError
from qe_actions.model.findings import (
    LEVEL_BAND,
    LEVELS,
    Finding,
    band_of_word,
    normalise_level,
)
from qe_actions.numbers import MAX_REPORT_INT, bounded, json_number_problem
from qe_actions.readers.findings.common import ReadContext, ReadResult, file_uri_to_path, posix_join
from qe_actions.readers.findings.sarif_rules import Rules, json_list, rule_info, security_score, tagged_security
from qe_actions.reportfile import read_report_bytes

_PLACEHOLDER = re.compile(r"\{(\d{1,9})\}")  # a longer index is no argument (and no 5,000-digit int())
_PREFERRED_FINGERPRINTS = ("primaryLocationLineHash", "qe/v1")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_LEVEL_NAMES = frozenset(LEVELS)
# SARIF 3.27.24: a result compared with a baseline run (sarif-multitool match-results-forward, our own output).
_BASELINE_NEW = {"new": True, "unchanged": False, "updated": False}


def read_sarif(path: str, ctx: ReadContext) -> ReadResult:
    """Read one SARIF file (any number of runs) into findings."""
    doc = load_json(path)
    return sarif_findings(doc, path, ctx)


def load_json(path: str) -> Any:
    """Parse a SARIF file (gzip or not) that is UTF-8, with or without BOM, as SARIF 2.1.0 requires; errors
    become one-line `InputError`s. The file is opened by `qe_actions.reportfile`, as every report is."""
    raw = read_report_bytes(path)  # bounded by QE_MAX_REPORT_MB, decompressed bytes counted (docs/limits.md)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(path, f"is not UTF-8 text (byte {exc.start})") from None
    del raw
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(path, f"is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    except RecursionError:
        raise InputError(path, "is JSON nested too deeply to be a SARIF log") from None
    except ValueError as exc:  # Python refuses an integer of more than 4,300 digits
        raise InputError(path, json_number_problem(exc) or f"is not valid JSON ({exc})") from None


def sarif_findings(doc: Any, path: str, ctx: ReadContext) -> ReadResult:
    """Findings of every run of a parsed SARIF log."""
    if not isinstance(doc, dict) or not isinstance(doc.get("runs"), list):
        raise InputError(path, "is not a SARIF log (no 'runs' array)")
    version = doc.get("version")
    if version not in (None, "2.1.0"):
        raise InputError(path, f"is SARIF version {version!r}; only 2.1.0 is supported")
    out = ReadResult()
    for number, run in enumerate(doc["runs"], 1):
        if not isinstance(run, dict):
            raise InputError(path, f"run {number} is not an object")
        _read_run(run, number, path, ctx, out)
    return out


class _Uris:
    """Artifact locations of one run turned into repository paths, through uriBaseId and artifacts[]."""

    def __init__(self, run: dict, ctx: ReadContext) -> None:
        bases = run.get("originalUriBaseIds")
        self.bases = bases if isinstance(bases, dict) else {}
        self.artifacts = json_list(run.get("artifacts"))
        self.ctx = ctx
        self.cache: dict[tuple[object, object], str] = {}

    def _base(self, base_id: str, depth: int = 0) -> str | None:
        entry = self.bases.get(base_id)
        if not isinstance(entry, dict) or depth > 8:
            return None  # undeclared (e.g. %SRCROOT% without originalUriBaseIds): the uri is repository-relative
        uri = entry.get("uri")
        uri = uri if isinstance(uri, str) else ""
        parent = entry.get("uriBaseId")
        if isinstance(parent, str) and not _SCHEME.match(uri):
            above = self._base(parent, depth + 1)
            if above is not None:
                return posix_join(above, uri)
        return uri

    def path(self, location: dict) -> str:
        """The repository path of an artifactLocation (cached by its `uri` and `uriBaseId` as written)."""
        uri = location.get("uri")
        base_id = location.get("uriBaseId")
        written = (uri, base_id)
        index = location.get("index")
        if not isinstance(uri, str) and isinstance(index, int) and 0 <= index < len(self.artifacts):
            artifact = self.artifacts[index]
            inner = artifact.get("location") if isinstance(artifact, dict) else None
            if isinstance(inner, dict):
                uri, base_id = inner.get("uri"), inner.get("uriBaseId", base_id)
        if not isinstance(uri, str) or not uri:
            return ""
        resolved = self._resolve(uri, base_id if isinstance(base_id, str) else "")
        if type(written[0]) is str and (written[1] is None or type(written[1]) is str):
            self.cache[written] = resolved  # (a location given by artifacts[] index only is resolved each time)
        return resolved

    def _resolve(self, uri: str, base_id: str) -> str:
        if base_id and not _SCHEME.match(uri):
            base = self._base(base_id)
            if base:
                uri = posix_join(base, uri)
        if uri[:5].lower() == "file:":
            return self.ctx.repo_path(file_uri_to_path(uri))
        if _SCHEME.match(uri) and not re.match(r"^[A-Za-z]:[/\\]", uri):
            return uri  # another scheme (https://, a package URL): shown as written
        return self.ctx.repo_path(unquote(uri))


def _text(obj: Any) -> str:
    if isinstance(obj, dict):
        value = obj.get("text")
        return value if isinstance(value, str) else ""
    return ""


def _message(result: dict, rule: dict) -> str:
    """The result's message: `text`, else the rule's message string `id` with `{0}` arguments filled in."""
    message = result.get("message")
    if not isinstance(message, dict):
        return ""
    text = message.get("text")
    if isinstance(text, str):
        # SARIF 3.11.6: `\[` and `\]` are literal brackets in a plain-text message.
        return text.replace("\\[", "[").replace("\\]", "]") if "\\" in text else text
    strings = rule.get("messageStrings")
    template = _text(strings.get(message.get("id"))) if isinstance(strings, dict) else ""
    args = json_list(message.get("arguments"))
    return _PLACEHOLDER.sub(
        lambda m: str(args[int(m.group(1))]) if int(m.group(1)) < len(args) else m.group(0), template
    )


def _suppressed(result: dict) -> bool:
    """Suppressed when some suppression is accepted (a missing status means accepted) and none is rejected."""
    suppressions = result.get("suppressions")
    if not suppressions or not isinstance(suppressions, list):
        return False
    statuses = [s.get("status") if isinstance(s, dict) else None for s in suppressions]
    return "rejected" not in statuses and any(s in (None, "accepted") for s in statuses)


def _fingerprint(result: dict) -> str:
    parts = result.get("partialFingerprints")
    if isinstance(parts, dict) and parts:
        for key in _PREFERRED_FINGERPRINTS:
            value = parts.get(key)
            if isinstance(value, str) and value:
                return value
        key = min(k for k in parts if isinstance(k, str))
        return f"{key}={parts[key]}"
    return ""


def _read_run(run: dict, number: int, path: str, ctx: ReadContext, out: ReadResult) -> None:
    results = run.get("results")
    if results is not None and not isinstance(results, list):
        raise InputError(path, f"run {number}: 'results' is not an array")
    rules = Rules(run)
    uris = _Uris(run, ctx)
    out.incomplete.extend(f"{rules.tool_name}: {gap}" for gap in invocation_gaps(run, uris))
    if results is None:
        return
    path_cache = uris.cache
    driver_rules = rules.by_index[0]
    tool = rules.tool_name
    rule_cache: dict[int, tuple[str, str, str, float | None, bool]] = {}
    bad_scores: set[str] = set()
    findings = out.findings
    for i, result in enumerate(results):
        results[i] = None  # release each result once read: peak memory stays near the parsed log
        if type(result) is not dict:
            continue
        new = None
        if "baselineState" in result:
            state = result["baselineState"]
            if state == "absent":
                continue
            new = _BASELINE_NEW.get(state) if type(state) is str else None
        if "suppressions" in result and _suppressed(result):
            out.suppressed += 1
            continue
        index = result.get("ruleIndex")
        if type(index) is int and 0 <= index < len(driver_rules) and "rule" not in result:
            rule = driver_rules[index]  # the common case, without the general lookup
            rule_id = result.get("ruleId")
            if type(rule_id) is not str or not rule_id:
                rule_id = str(rule["id"]) if type(rule.get("id")) is str else "(no rule)"
        else:
            rule_id, rule = rules.find(result)
        info = rule_cache.get(id(rule))
        if info is None:
            info = rule_cache[id(rule)] = rule_info(rule, bad_scores)
        rule_name, help_uri, default_level, rule_score, rule_security = info
        raw_level = result.get("level")
        if type(raw_level) is str and raw_level in _LEVEL_NAMES:
            level = raw_level
        else:
            kind = result.get("kind")
            level = normalise_level(raw_level, default_level or ("warning" if kind in (None, "fail") else "none"))
        own, word, tagged = None, "", rule_security
        if "properties" in result:
            props = result["properties"]
            own = security_score(props, bad_scores)
            if type(props) is dict:
                word = band_of_word(props.get("issue_severity"))
                tagged = tagged or tagged_security(props)
        score = rule_score if own is None else own
        band = word or (LEVEL_BAND.get(level, "") if tagged else "")
        file_path, line, column, end_line, end_column, snippet = "", None, None, None, None, ""
        locations = result.get("locations")
        if type(locations) is list and locations and type(locations[0]) is dict:
            physical = locations[0].get("physicalLocation")
            if type(physical) is dict:
                artifact = physical.get("artifactLocation")
                if type(artifact) is dict:
                    uri, base = artifact.get("uri"), artifact.get("uriBaseId")
                    cached = (
                        path_cache.get((uri, base))
                        if type(uri) is str and (base is None or type(base) is str)
                        else None
                    )
                    file_path = cached or uris.path(artifact)
                region = physical.get("region")
                if type(region) is dict:
                    # Positive integers only (bool is not an int here: `type(...) is int`).
                    # Beyond MAX_REPORT_INT, `_position` raises NumberError: the file's problem line.
                    v = region.get("startLine")
                    line = v if type(v) is int and 0 < v <= MAX_REPORT_INT else _position(v)
                    v = region.get("startColumn")
                    column = v if type(v) is int and 0 < v <= MAX_REPORT_INT else _position(v)
                    v = region.get("endLine")
                    end_line = v if type(v) is int and 0 < v <= MAX_REPORT_INT else (_position(v) or line)
                    v = region.get("endColumn")
                    end_column = v if type(v) is int and 0 < v <= MAX_REPORT_INT else _position(v)
                    if "snippet" in region:
                        snippet = _text(region["snippet"])
        message_obj = result.get("message")
        text = message_obj.get("text") if type(message_obj) is dict else None
        message = text if type(text) is str and "\\" not in text else _message(result, rule)
        parts = result.get("partialFingerprints")
        fingerprint = parts.get("primaryLocationLineHash") if type(parts) is dict else None
        if type(fingerprint) is not str or not fingerprint:
            fingerprint = _fingerprint(result) or ctx.fingerprint(tool, rule_id, file_path, line, snippet, message)
        # Positional in field order (faster than keywords on a hot path of 200,000 results):
        # tool, rule, message, path, line, column, end_line, end_column, level, security_severity,
        # rule_name, help_uri, tool_severity, fingerprint, new, snippet, scanner_band.
        findings.append(
            Finding(
                tool,
                rule_id,
                message,
                file_path,
                line,
                column,
                end_line,
                end_column,
                level,
                score,
                rule_name,
                help_uri,
                raw_level if type(raw_level) is str else "",
                fingerprint,
                new,
                snippet,
                band,
            )
        )
    for raw in sorted(bad_scores):
        out.notes.append(
            f"{path}: run {number} ({tool}): security-severity {raw!r} is not a number in (0, 10]; ignored"
        )


def _position(value: object) -> int | None:
    """The slow path of a region number: None when it is no positive int, NumberError when it is out of range."""
    if type(value) is int and value > 0:
        return bounded(value, "region line/column")
    return None


def _notification_place(notification: dict, uris: _Uris) -> str:
    """`path:line` of a notification's first location, or "" when it names none."""
    locations = notification.get("locations")
    first: dict[str, Any] = (
        locations[0] if isinstance(locations, list) and locations and isinstance(locations[0], dict) else {}
    )
    physical: dict[str, Any] = first["physicalLocation"] if isinstance(first.get("physicalLocation"), dict) else {}
    artifact = physical.get("artifactLocation")
    place = uris.path(artifact) if isinstance(artifact, dict) else ""
    region: dict[str, Any] = physical["region"] if isinstance(physical.get("region"), dict) else {}
    line = region.get("startLine")
    return f"{place}:{line}" if place and type(line) is int and line > 0 else place


def invocation_gaps(run: dict, uris: _Uris) -> list[str]:
    """What the tool said it did not analyse: each error notification (with the file it names), and a run
    that reports `executionSuccessful: false` (ESLint writes a file it could not parse this way)."""
    gaps: list[str] = []
    failed = False
    for invocation in json_list(run.get("invocations")):
        if not isinstance(invocation, dict):
            continue
        failed = failed or invocation.get("executionSuccessful") is False
        for key in ("toolExecutionNotifications", "toolConfigurationNotifications"):
            for note in json_list(invocation.get(key)):
                if isinstance(note, dict) and note.get("level") == "error":
                    place = _notification_place(note, uris)
                    text = " ".join(_text(note.get("message")).split())[:200] or "(no message)"
                    gaps.append(f"{place}: {text}" if place else text)
    if failed and not gaps:
        gaps.append("the run did not complete (executionSuccessful: false); findings may be missing")
    return gaps
