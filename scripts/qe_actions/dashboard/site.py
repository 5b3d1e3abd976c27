"""Write the dashboard folder: index.html, data.js (the document for file://), data.json, dashboard.js and .css.

Browsers refuse `fetch()` of a local file, so the data also ships as a script (`data.js` sets one global) that
the page loads like its code; `data.json` is the same document for other tools. The HTML shell holds only the
title, a count and the script tags, escaped; the charts and tables are built by dashboard.js with DOM calls that
set text (never HTML), so a branch name or test id with markup is shown as text. A Content-Security-Policy
allows scripts and styles from the page's own folder and nothing else: no network request can be made.
"""

from __future__ import annotations

import html
import os
from importlib import resources
from typing import Any

from qe_actions.output import dump_json, write_text

ASSETS = ("dashboard.js", "dashboard.css")
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'none'; base-uri 'none'; form-action 'none'"
)


def asset_text(name: str) -> str:
    """One of the page's own files, shipped in the package (our code, no third-party library)."""
    return resources.files(__package__).joinpath("assets").joinpath(name).read_text(encoding="utf-8")


def index_html(document: dict[str, Any]) -> str:
    """The page shell: title, a one-line summary, a noscript note and the scripts."""
    title = html.escape(str(document["title"]), quote=True)
    runs = len(document["runs"])
    generated = html.escape(str(document["generated"]), quote=True)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="referrer" content="no-referrer">
<title>{title}</title>
<link rel="stylesheet" href="dashboard.css">
</head>
<body>
<header>
<h1>{title}</h1>
<p id="summary">{runs} recorded run{"" if runs == 1 else "s"}, generated {generated}.</p>
</header>
<noscript><p>The charts and tables are drawn by this page's script. The data is in
<a href="data.json">data.json</a>.</p></noscript>
<main id="charts"></main>
<script src="data.js"></script>
<script src="dashboard.js"></script>
</body>
</html>
"""


def data_script(document: dict[str, Any]) -> str:
    """The document as one JavaScript assignment: ASCII-only JSON with `<` spelled `\\u003c` (it occurs only inside
    strings), so the text could not end a script element even if a page inlined it."""
    text = dump_json(document, ensure_ascii=True, separators=(",", ":")).replace("<", "\\u003c")
    return f"window.QE_DASHBOARD = {text};\n"


def site_files(document: dict[str, Any]) -> dict[str, str]:
    """Every file of the page: name -> text."""
    return {
        "index.html": index_html(document),
        "data.js": data_script(document),
        "data.json": dump_json(document, ensure_ascii=False, indent=1) + "\n",
        **{name: asset_text(name) for name in ASSETS},
    }


def write_site(files: dict[str, str], folder: str) -> list[str]:
    """Write the page's files into `folder` (each atomically, readable by others); returns the names written."""
    umask = os.umask(0)
    os.umask(umask)
    for name, text in files.items():
        path = os.path.join(folder, name)
        write_text(path, text)
        os.chmod(path, 0o666 & ~umask)  # a web server's user must read them (the atomic write made them 0600)
    return list(files)
