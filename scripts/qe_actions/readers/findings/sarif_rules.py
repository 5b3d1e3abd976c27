"""SARIF rules: finding a result's rule descriptor (by component and index, id, hierarchical id) and its security score.

Split from the SARIF reader so each stays small; the rules follow the OASIS SARIF 2.1.0 text (see `sarif.py`).
"""

from __future__ import annotations

from typing import Any

from qe_actions.model.findings import normalise_level, parse_security_severity

_NO_RULE: dict = {}


def json_list(value: Any) -> list:
    """`value` when it is a JSON array, else an empty list (a malformed log must not crash the reader)."""
    return value if isinstance(value, list) else []


class Rules:
    """Rule lookups for one run: by tool component and index, by id, with hierarchical-id fallback."""

    def __init__(self, run: dict) -> None:
        tool: dict[str, Any] = run["tool"] if isinstance(run.get("tool"), dict) else {}
        driver: dict[str, Any] = tool["driver"] if isinstance(tool.get("driver"), dict) else {}
        extensions = [e for e in json_list(tool.get("extensions")) if isinstance(e, dict)]
        name = driver.get("name")
        self.tool_name = name if isinstance(name, str) and name else "SARIF"
        self.components: list[dict[str, Any]] = [driver, *extensions]
        self.by_index = [[r if isinstance(r, dict) else {} for r in json_list(c.get("rules"))] for c in self.components]
        self.by_id: dict[str, dict] = {}
        for rules in reversed(self.by_index):  # the driver's own rule wins over an extension's
            for rule in rules:
                rid = rule.get("id")
                if isinstance(rid, str):
                    self.by_id[rid] = rule

    def component_index(self, ref: dict) -> int:
        """Which tool component a reportingDescriptorReference names (0 is the driver)."""
        comp = ref.get("toolComponent")
        if not isinstance(comp, dict):
            return 0
        index = comp.get("index")
        if isinstance(index, int) and 0 <= index < len(self.components) - 1:
            return index + 1  # toolComponent.index counts the extensions
        name = comp.get("name")
        for i, component in enumerate(self.components):
            if name and component.get("name") == name:
                return i
        return 0

    def find(self, result: dict) -> tuple[str, dict]:
        """The rule id of a result and its descriptor ({} when the log has none)."""
        ref = result.get("rule") if isinstance(result.get("rule"), dict) else None
        rule_id = result.get("ruleId")
        index = result.get("ruleIndex")
        component = 0
        if ref is not None:
            component = self.component_index(ref)
            rule_id = rule_id if isinstance(rule_id, str) else ref.get("id")
            index = ref.get("index", index)
        rule: dict = _NO_RULE
        if isinstance(index, int) and not isinstance(index, bool) and index >= 0:
            rules = self.by_index[component]
            if index < len(rules):
                rule = rules[index]
        if not rule and isinstance(rule_id, str):
            rule = self.by_id.get(rule_id) or _NO_RULE
            if not rule and "/" in rule_id:
                rule = self.by_id.get(rule_id.split("/", 1)[0]) or _NO_RULE
        if not isinstance(rule_id, str) or not rule_id:
            rule_id = rule["id"] if isinstance(rule.get("id"), str) else "(no rule)"
        return str(rule_id), rule


def tagged_security(props: object) -> bool:
    """Whether a property bag's `tags` include `security` (GitHub's mark of a security rule)."""
    tags = props.get("tags") if isinstance(props, dict) else None
    return isinstance(tags, list) and any(isinstance(t, str) and t.lower() == "security" for t in tags)


def rule_info(rule: dict, bad_scores: set[str]) -> tuple[str, str, str, float | None, bool]:
    """Name, help URI, default level, security score and `security` tag of a rule descriptor."""
    name = str(rule["name"]) if isinstance(rule.get("name"), str) else ""
    help_uri = str(rule["helpUri"]) if isinstance(rule.get("helpUri"), str) else ""
    config = rule.get("defaultConfiguration")
    level = ""
    if isinstance(config, dict) and isinstance(config.get("level"), str):
        level = normalise_level(config["level"], "warning")
    props = rule.get("properties")
    return name, help_uri, level, security_score(props, bad_scores), tagged_security(props)


def security_score(props: object, bad_scores: set[str]) -> float | None:
    """The `security-severity` of a result's or rule's property bag; a value that is no score is remembered in
    `bad_scores` (for one note per run) and gives None."""
    if not isinstance(props, dict) or "security-severity" not in props:
        return None
    raw = props["security-severity"]
    score = parse_security_severity(raw)
    if score is None:
        bad_scores.add(str(raw)[:40])
    return score
