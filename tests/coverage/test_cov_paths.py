"""Path mapping: CI prefixes, Windows paths, file URLs, fixes, `<source>` roots and matching against tracked files."""

from __future__ import annotations

from pathlib import Path

import pytest
from cov_gitrepo import Repo

from qe_actions.paths import Checkout, PathMapper, find_checkout, parse_fix, to_repo_path


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("/home/runner/work/repo/repo/src/app.py", "src/app.py"),
        ("/Users/runner/work/repo/repo/src/app.py", "src/app.py"),
        ("D:\\a\\repo\\repo\\src\\app.py", "src/app.py"),
        ("/__w/repo/repo/lib/x.ts", "lib/x.ts"),
        ("/github/workspace/pkg/mod.go", "pkg/mod.go"),
        ("/app/service/main.py", "service/main.py"),
        ("file:///home/runner/work/r/r/a%20b.py", "a b.py"),
        ("./src//app.py", "src/app.py"),
        ("src\\win\\app.py", "src/win/app.py"),
        ("src/app.py", "src/app.py"),
    ],
)
def test_rules_without_a_checkout(raw: str, expected: str) -> None:
    assert to_repo_path(raw) == expected


def test_repo_root_roots_and_fixes() -> None:
    assert to_repo_path("/work/proj/src/a.py", repo_root="/work/proj") == "src/a.py"
    assert to_repo_path("C:\\Users\\me\\proj\\src\\a.py", repo_root="C:/Users/me/proj") == "src/a.py"
    assert to_repo_path("a.py", roots=["/home/runner/work/r/r/src"]) == "src/a.py"
    assert to_repo_path("/build/out/a.py", fixes=["/build/out/::src/"]) == "src/a.py"
    assert to_repo_path("/build/out/a.py", fixes=[("/build/out", "")]) == "a.py"
    with pytest.raises(ValueError, match="BEFORE::AFTER"):
        parse_fix("no-separator")


@pytest.fixture
def checkout(tmp_path: Path) -> Checkout:
    repo = Repo(tmp_path / "mono")
    for rel in (
        "services/api/app/main.py",
        "services/api/app/util.py",
        "src/main/java/com/x/Bank.java",
        "pkg/handler.go",
        "web/lib/a.js",
        "web/other/util.py",
        "go.mod",
    ):
        repo.write(rel, "module example.com/mono\n" if rel == "go.mod" else "x\n")
    repo.commit()
    found = find_checkout(str(repo.root / "services" / "api"))
    assert found is not None and found.cwd_prefix == "services/api" and found.go_module == "example.com/mono"
    return found


def test_mapper_matches_tracked_files(checkout: Checkout) -> None:
    mapper = PathMapper(checkout)
    assert mapper.map("app/main.py") == "services/api/app/main.py"  # relative to the folder qe ran in
    assert mapper.map("com/x/Bank.java") == "src/main/java/com/x/Bank.java"  # JaCoCo package path
    assert mapper.map("example.com/mono/pkg/handler.go") == "pkg/handler.go"  # Go module path
    assert mapper.map("lib/a.js", roots=["/home/runner/work/mono/mono/web"]) == "web/lib/a.js"
    assert mapper.map("/tmp/build-4711/services/api/app/main.py") == "services/api/app/main.py"
    assert mapper.unmapped == []


def test_mapper_reports_what_it_cannot_map_and_refuses_ambiguous_suffixes(checkout: Checkout) -> None:
    mapper = PathMapper(checkout)
    assert mapper.map("util.py") == "services/api/util.py"  # two tracked util.py: no guess
    assert mapper.map("/elsewhere/nothing.py") == "/elsewhere/nothing.py"  # kept as given, and reported
    assert mapper.unmapped == ["util.py", "/elsewhere/nothing.py"]


def test_fixes_apply_before_matching(checkout: Checkout) -> None:
    mapper = PathMapper(checkout, (parse_fix("/opt/build/::web/"),))
    assert mapper.map("/opt/build/lib/a.js") == "web/lib/a.js"
