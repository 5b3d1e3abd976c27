"""A bounded YAML loader for the policy file: safe tags only, no duplicate or complex keys, and a bound on
nesting depth, on values after alias expansion and on number length, all checked while the file is composed.

A pull request controls `.qe.yml`: 469 bytes of nested aliases expand to billions of values (PyYAML shares
them, but validation and error messages walk every one), 5,000 nested brackets overflow the stack, a 5,000-digit
integer cannot be converted. Each ends here as one line naming the file and the line.
"""

from __future__ import annotations

from typing import Any

import yaml

from qe_actions.errors import UsageError

MAX_POLICY_BYTES = 256 << 10  # a policy file is a few hundred bytes, pyproject.toml a few kilobytes
MAX_DEPTH = 32  # the schema nests 5 levels
MAX_VALUES = 10_000  # values after alias expansion (a real policy has fewer than 200)
MAX_NUMBER_CHARS = 40  # YAML integer text, before conversion


MAX_MESSAGE_CHARS = 400  # a problem quotes what the file says: cut, so a 250 KB value stays one short line


class PolicyError(UsageError):
    """The policy file is unreadable or invalid; the message names the file, the path inside it and the problem
    (one line, cut to MAX_MESSAGE_CHARS)."""

    def __init__(self, message: str) -> None:
        message = " ".join(message.splitlines())
        super().__init__(message if len(message) <= MAX_MESSAGE_CHARS else message[: MAX_MESSAGE_CHARS - 3] + "...")


class _BoundedLoader(yaml.SafeLoader):
    """SafeLoader that counts, per composed node, its values and depth with aliases expanded (a node is
    composed once, so the count is linear in the file) and refuses a file beyond the bounds."""

    shown = "policy"

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._open = 0
        self._sizes: dict[int, tuple[int, int]] = {}  # id(node) -> (values, depth) with aliases expanded

    def _fail(self, node_or_mark: Any, problem: str) -> PolicyError:
        mark = getattr(node_or_mark, "start_mark", node_or_mark)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        return PolicyError(f"{self.shown}: {where}{problem}")

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            node = super().compose_node(parent, index)
            if id(node) not in self._sizes:
                raise self._fail(mark, "an alias refers to the value that contains it (a recursive alias)")
            return node
        self._open += 1
        if self._open > MAX_DEPTH:
            raise self._fail(self.peek_event().start_mark, f"nested more than {MAX_DEPTH} levels deep")
        try:
            node = super().compose_node(parent, index)
        finally:
            self._open -= 1
        self._measure(node)
        return node

    def _measure(self, node: Any) -> None:
        if isinstance(node, yaml.SequenceNode):
            children = node.value
        elif isinstance(node, yaml.MappingNode):
            children = [child for pair in node.value for child in pair]
        else:
            children = []
        sizes = [self._sizes[id(child)] for child in children]
        values = 1 + sum(size for size, _ in sizes)
        depth = 1 + max((d for _, d in sizes), default=0)
        if values > MAX_VALUES:
            raise self._fail(node, f"aliases expand to more than {MAX_VALUES} values (an alias bomb?)")
        if depth > MAX_DEPTH:
            raise self._fail(node, f"aliases nest more than {MAX_DEPTH} levels deep")
        self._sizes[id(node)] = (values, depth)

    def construct_yaml_int(self, node: Any) -> int:
        if len(node.value) > MAX_NUMBER_CHARS:
            raise self._fail(node, f"the number {node.value[:12]}... ({len(node.value)} characters) is too long")
        return super().construct_yaml_int(node)

    def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
        """Keys are plain names: a complex key (`? [a, b]`) or one given twice is an error, not a crash or a
        silently dropped value."""
        keys = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue  # `<<: *defaults`: PyYAML's flatten_mapping merges it (sizes were counted above)
            if not isinstance(key_node, yaml.ScalarNode):
                raise self._fail(key_node, "a key must be a plain name, not a list or a mapping")
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, str):
                raise self._fail(key_node, f"a key must be a name, got {key!r}")
            if key in keys:
                raise self._fail(key_node, f"key {key!r} appears twice")
            keys.add(key)
        return super().construct_mapping(node, deep)


_BoundedLoader.add_constructor("tag:yaml.org,2002:int", _BoundedLoader.construct_yaml_int)


def bounded_loader(shown: str) -> type[_BoundedLoader]:
    """A loader class whose errors name the file as `shown`."""
    return type("PolicyLoader", (_BoundedLoader,), {"shown": shown})
