"""Unified diff parsing: hunks, new/deleted/renamed/binary files, quoting, and `+++`-looking content."""

from __future__ import annotations

from qe_actions.diff import merge_changed, parse_unified_diff, unquote_git_path

MODIFIED = """\
diff --git a/src/app.py b/src/app.py
index 1111111..2222222 100644
--- a/src/app.py
+++ b/src/app.py
@@ -3,0 +4,2 @@ def main():
+    one()
+    two()
@@ -10,2 +12 @@ def other():
-    old()
-    older()
+    new()
@@ -20 +21,0 @@
-    gone()
"""


def test_added_and_replaced_lines_are_counted_in_new_numbering() -> None:
    assert parse_unified_diff(MODIFIED) == {"src/app.py": frozenset({4, 5, 12})}


def test_context_lines_advance_the_new_line_number() -> None:
    text = """\
--- a/x.py
+++ b/x.py
@@ -1,4 +1,5 @@
 a
-b
+B
+C
 c

"""
    # the last context line is empty (its space stripped by an editor) and still counts as context
    assert parse_unified_diff(text) == {"x.py": frozenset({2, 3})}


def test_new_file_deleted_file_and_binary() -> None:
    text = """\
diff --git a/new.py b/new.py
new file mode 100644
index 0000000..3333333
--- /dev/null
+++ b/new.py
@@ -0,0 +1,3 @@
+a
+b
+c
\\ No newline at end of file
diff --git a/old.py b/old.py
deleted file mode 100644
index 4444444..0000000
--- a/old.py
+++ /dev/null
@@ -1,2 +0,0 @@
-x
-y
diff --git a/logo.png b/logo.png
index 5555555..6666666 100644
Binary files a/logo.png and b/logo.png differ
"""
    assert parse_unified_diff(text) == {"new.py": frozenset({1, 2, 3})}


def test_rename_is_keyed_by_the_new_path_with_only_edited_lines() -> None:
    text = """\
diff --git a/pkg/old_name.py b/pkg/new_name.py
similarity index 90%
rename from pkg/old_name.py
rename to pkg/new_name.py
index 7777777..8888888 100644
--- a/pkg/old_name.py
+++ b/pkg/new_name.py
@@ -7 +7 @@
-x = 1
+x = 2
diff --git a/a.py b/b.py
similarity index 100%
rename from a.py
rename to b.py
"""
    assert parse_unified_diff(text) == {"pkg/new_name.py": frozenset({7})}


def test_content_that_looks_like_a_header_stays_content() -> None:
    text = """\
--- a/notes.md
+++ b/notes.md
@@ -1,0 +1,3 @@
+++ b/not-a-file
+--- a/neither
+@@ -1 +1 @@
"""
    assert parse_unified_diff(text) == {"notes.md": frozenset({1, 2, 3})}


def test_plain_diff_u_headers_with_timestamps_and_no_prefix() -> None:
    text = """\
--- lib/util.c\t2024-01-01 10:00:00.000000000 +0000
+++ lib/util.c\t2024-01-02 10:00:00.000000000 +0000
@@ -5,3 +5,4 @@
 int a;
+int b;
 int c;
 int d;
"""
    assert parse_unified_diff(text) == {"lib/util.c": frozenset({6})}


def test_quoted_paths_with_spaces_and_utf8_octal_escapes() -> None:
    text = """\
diff --git "a/dir/caf\\303\\251 x.py" "b/dir/caf\\303\\251 x.py"
--- "a/dir/caf\\303\\251 x.py"
+++ "b/dir/caf\\303\\251 x.py"
@@ -0,0 +1 @@
+print()
"""
    assert parse_unified_diff(text) == {"dir/café x.py": frozenset({1})}
    assert unquote_git_path('"a\\tb\\"c"') == 'a\tb"c'


def test_windows_line_endings_and_backslash_paths() -> None:
    text = "--- a/src\\win.py\r\n+++ b/src\\win.py\r\n@@ -1 +1,2 @@\r\n x\r\n+y\r\n"
    assert parse_unified_diff(text) == {"src/win.py": frozenset({2})}


def test_combined_diff_of_a_merge_counts_lines_new_to_the_result() -> None:
    text = """\
diff --cc f.py
index 1,2..3
--- a/f.py
+++ b/f.py
@@@ -1,2 -1,2 +1,3 @@@
  same
- only_in_first
 +only_in_second
++added_by_merge
"""
    assert parse_unified_diff(text) == {"f.py": frozenset({2, 3})}


def test_empty_and_garbage_input_give_no_changes() -> None:
    assert parse_unified_diff("") == {}
    assert parse_unified_diff("hello\nworld\n@@ not a hunk @@\n") == {}


def test_merge_changed_unions_line_sets() -> None:
    merged = merge_changed({"a": frozenset({1})}, {"a": frozenset({2}), "b": frozenset({3})})
    assert merged == {"a": frozenset({1, 2}), "b": frozenset({3})}
