"""Where a failing test lives in the checkout: the report's path mapped to a tracked file, else its class name.

Java and Go frames give package paths (`calc/CalculatorTest.java`), reports give absolute CI paths, and many
dialects give no file at all. Annotations need a tracked path, so the gate maps every test path through the same
`PathMapper` coverage uses, and when the report names no file it tries the paths a class name implies
(`com.shop.CartTest` -> `.../com/shop/CartTest.java`, `tests.test_cart.TestCart` -> `tests/test_cart.py`), as
mikepenz/action-junit-report does. Only a unique tracked match is taken: a guess is worse than no annotation.
"""

from __future__ import annotations

from collections.abc import Callable

from qe_actions.paths import Checkout, PathMapper, to_repo_path

_SOURCE_EXTENSIONS = (".java", ".kt", ".scala", ".groovy", ".cs", ".py", ".rb", ".php", ".go", ".ts", ".js")


def class_name_paths(classname: str) -> list[str]:
    """Candidate file paths (most specific first) that a dotted class or module name implies."""
    owner = classname.split("$", 1)[0].split("[", 1)[0].strip()
    if not owner or " " in owner:
        return []
    if "/" in owner:  # jest/mocha write the test file's path as the class
        return [owner[2:] if owner.startswith("./") else owner]
    parts = [p for p in owner.split(".") if p]
    found: list[str] = []
    for size in range(len(parts), 0, -1):  # Python: the module is a prefix of `pkg.module.Class`
        found.append("/".join(parts[:size]) + ".py")
    for ext in _SOURCE_EXTENSIONS:  # JVM, .NET, PHP, Ruby: the class's own file, below its package path
        if ext != ".py":
            found.append("/".join(parts) + ext)
            found.append(parts[-1] + ext)
    return found


def _unique_suffix_match(candidate: str, tracked: frozenset[str]) -> str | None:
    """The one tracked file that is `candidate` or ends with `/candidate`."""
    if candidate in tracked:
        return candidate
    tail = "/" + candidate
    matches = [path for path in tracked if path.endswith(tail)]
    return matches[0] if len(matches) == 1 else None


def failing_test_locator(checkout: Checkout | None, repo_root: str) -> Callable[[str | None, str], str | None]:
    """A function (report path or None, class name) -> repository path or None, for failing-test rows."""
    if checkout is None:
        return lambda raw, classname: to_repo_path(raw, repo_root=repo_root) if raw else None
    mapper = PathMapper(checkout, base=repo_root)

    def mapped(raw: str | None, classname: str) -> str | None:
        if raw:
            path = mapper.map(raw)
            if path in checkout.tracked or not classname:
                return path
        for candidate in class_name_paths(classname):
            match = _unique_suffix_match(candidate, checkout.tracked)
            if match:
                return match
        return mapper.map(raw) if raw else None

    return mapped
