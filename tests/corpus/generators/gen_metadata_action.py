"""Record docker/metadata-action's real outputs for the `qe image-meta` differential test.

    python tests/corpus/generators/gen_metadata_action.py /path/to/metadata-action-checkout

Runs the action's own bundle (`dist/index.cjs`, node 20+) once per case of `image_meta_cases.json` with the
inputs and GitHub variables a runner would give it, a local stand-in for the two API reads it makes (the
repository and the commit), writes each run's GITHUB_OUTPUT file to tests/corpus/image-meta/<case>.out, and the
manifest part tests/corpus/manifest.d/metadata-action.json with the tags, version and labels it printed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent
CASES = CORPUS.parent / "image" / "image_meta_cases.json"
REPO = {"id": 1, "name": "Hello-World", "full_name": "octocat/Hello-World", "private": False,
        "html_url": "https://github.com/octocat/Hello-World", "description": "This your first repo!",
        "default_branch": "master", "license": {"key": "mit", "spdx_id": "MIT", "name": "MIT License"}}
COMMIT = {"sha": "90dd6032fac8bda1b6c4436a2e65de27961ed071",
          "commit": {"committer": {"date": "2020-01-10T00:30:00Z"}, "author": {"date": "2020-01-10T00:30:00Z"}}}


class _Api(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        body = json.dumps(COMMIT if "/commits/" in self.path else REPO).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _outputs(text: str) -> dict[str, str]:
    """GITHUB_OUTPUT's `name<<DELIM ... DELIM` blocks."""
    found: dict[str, str] = {}
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        name, _, delim = lines[i].partition("<<")
        end = lines.index(delim, i + 1)
        found[name] = "\n".join(lines[i + 1 : end])
        i = end + 1
    return found


def main(checkout: str) -> int:
    bundle = Path(checkout) / "dist" / "index.cjs"
    rev = subprocess.run(["git", "-C", checkout, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    producer = f"docker/metadata-action v6.2.0 ({rev.stdout.strip() or 'dc80280'}, dist/index.cjs, node {node})"
    server = HTTPServer(("127.0.0.1", 0), _Api)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    out_dir = CORPUS / "image-meta"
    out_dir.mkdir(exist_ok=True)
    entries = []
    for case in json.loads(CASES.read_text(encoding="utf-8"))["cases"]:
        with tempfile.TemporaryDirectory() as tmp:
            event = Path(tmp) / "event.json"
            # GitHub's payloads carry the repository; metadata-action reads the default branch from it
            payload = {**case.get("payload", {}), "repository": {k: REPO[k] for k in ("full_name", "default_branch")}}
            event.write_text(json.dumps(payload), encoding="utf-8")
            output = Path(tmp) / "output"
            output.touch()
            env = {
                "PATH": os.environ["PATH"], "HOME": tmp, "RUNNER_TEMP": tmp,
                "GITHUB_EVENT_NAME": case["event"], "GITHUB_REF": case["ref"], "GITHUB_SHA": COMMIT["sha"],
                "GITHUB_EVENT_PATH": str(event), "GITHUB_REPOSITORY": REPO["full_name"],
                "GITHUB_API_URL": f"http://127.0.0.1:{server.server_address[1]}",
                "GITHUB_SERVER_URL": "https://github.com", "GITHUB_OUTPUT": str(output),
                "INPUT_IMAGES": "\n".join(case.get("images", [])), "INPUT_TAGS": "\n".join(case["tags"]),
                "INPUT_FLAVOR": "\n".join(case.get("flavor", [])), "INPUT_LABELS": "\n".join(case.get("labels", [])),
                "INPUT_CONTEXT": "workflow", "INPUT_GITHUB-TOKEN": "not-a-token",
            }
            done = subprocess.run(["node", str(bundle)], env=env, capture_output=True, text=True, timeout=120)
            if done.returncode != 0:
                print(case["name"], done.stdout[-2000:], file=sys.stderr)
                return 1
            raw = output.read_text(encoding="utf-8")
        (out_dir / f"{case['name']}.out").write_text(raw, encoding="utf-8")
        found = _outputs(raw)
        labels = dict(line.split("=", 1) for line in found.get("labels", "").splitlines() if "=" in line)
        labels.pop("org.opencontainers.image.created", None)  # the time of the run
        command = (f"node dist/index.cjs with GITHUB_EVENT_NAME={case['event']} GITHUB_REF={case['ref']} "
                   f"INPUT_IMAGES={json.dumps(case.get('images', []))} INPUT_TAGS={json.dumps(case['tags'])} "
                   f"INPUT_FLAVOR={json.dumps(case.get('flavor', []))} "
                   f"INPUT_LABELS={json.dumps(case.get('labels', []))}")
        entries.append({
            "file": f"image-meta/{case['name']}.out",
            "kind": "image-meta",
            "format": "github-output",
            "producer": producer,
            "command": command,
            "truth": {"case": case["name"], "tags": [t for t in found.get("tags", "").splitlines() if t],
                      "version": found.get("version", ""), "labels": labels},
        })
    (CORPUS / "manifest.d" / "metadata-action.json").write_text(json.dumps(entries, indent=2) + "\n", encoding="utf-8")
    server.shutdown()
    print(f"{len(entries)} cases recorded with {producer}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
