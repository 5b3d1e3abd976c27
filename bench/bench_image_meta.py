"""`qe image-meta` beside docker/metadata-action v6.2.0 (its own `dist/index.cjs` under node), each as the process
a workflow step starts, on the 44 cases of tests/image/image_meta_cases.json: total wall time, the ratio, and
whether both printed the same tags.

    python bench/bench_image_meta.py /path/to/metadata-action-checkout [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CASES = json.loads((ROOT / "tests" / "image" / "image_meta_cases.json").read_text(encoding="utf-8"))["cases"]
REPO = {
    "id": 1,
    "name": "Hello-World",
    "full_name": "octocat/Hello-World",
    "default_branch": "master",
    "html_url": "https://github.com/octocat/Hello-World",
    "description": "d",
    "license": {"spdx_id": "MIT"},
}
SHA = "90dd6032fac8bda1b6c4436a2e65de27961ed071"


class _Api(BaseHTTPRequestHandler):
    """The two reads metadata-action makes (repository, commit), answered locally."""

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        body = json.dumps(
            {"sha": SHA, "commit": {"committer": {"date": "2020-01-10T00:30:00Z"}}}
            if "/commits/" in self.path
            else REPO
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _env(case: dict, tmp: str, api: str) -> dict[str, str]:
    event = Path(tmp) / "event.json"
    event.write_text(json.dumps({**case.get("payload", {}), "repository": REPO}), encoding="utf-8")
    output = Path(tmp) / "output"
    output.write_text("", encoding="utf-8")
    return {
        "PATH": os.environ["PATH"],
        "HOME": tmp,
        "RUNNER_TEMP": tmp,
        "GITHUB_EVENT_NAME": case["event"],
        "GITHUB_REF": case["ref"],
        "GITHUB_SHA": SHA,
        "GITHUB_EVENT_PATH": str(event),
        "GITHUB_REPOSITORY": REPO["full_name"],
        "GITHUB_API_URL": api,
        "GITHUB_OUTPUT": str(output),
        "INPUT_IMAGES": "\n".join(case.get("images", [])),
        "INPUT_TAGS": "\n".join(case["tags"]),
        "INPUT_FLAVOR": "\n".join(case.get("flavor", [])),
        "INPUT_LABELS": "\n".join(case.get("labels", [])),
        "INPUT_CONTEXT": "workflow",
        "INPUT_GITHUB-TOKEN": "x",
    }


def _tags(output: Path) -> list[str]:
    lines = output.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        if line.startswith("tags<<"):
            end = lines.index(line.split("<<", 1)[1], i + 1)
            return [t for t in lines[i + 1 : end] if t]
    return []


def run_all(contender: str, bundle: Path, api: str) -> tuple[float, list[list[str]]]:
    """Wall time of all cases run one after another, and the tags each printed."""
    tags: list[list[str]] = []
    start = time.perf_counter()
    for case in CASES:
        with tempfile.TemporaryDirectory() as tmp:
            env = _env(case, tmp, api)
            if contender == "qe":
                command = [
                    sys.executable,
                    "-m",
                    "qe_actions",
                    "image-meta",
                    "--output",
                    str(Path(tmp) / "m.json"),
                    "--github-output",
                    "--images",
                    env["INPUT_IMAGES"],
                    "--tags",
                    env["INPUT_TAGS"],
                    "--flavor",
                    env["INPUT_FLAVOR"],
                    "--labels",
                    env["INPUT_LABELS"],
                ]
                env["PYTHONPATH"] = str(ROOT / "scripts")
            else:
                command = ["node", str(bundle)]
            subprocess.run(command, env=env, capture_output=True, check=False, timeout=120)
            tags.append(_tags(Path(tmp) / "output"))
    return time.perf_counter() - start, tags


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("checkout", help="a docker/metadata-action checkout (its dist/index.cjs is run)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    bundle = Path(args.checkout) / "dist" / "index.cjs"
    server = HTTPServer(("127.0.0.1", 0), _Api)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    api = f"http://127.0.0.1:{server.server_address[1]}"
    best: dict[str, float] = {}
    printed: dict[str, list[list[str]]] = {}
    for _ in range(args.rounds):
        for contender in ("qe", "metadata-action"):
            took, printed[contender] = run_all(contender, bundle, api)
            best[contender] = min(best.get(contender, took), took)
    same = sum(1 for a, b in zip(printed["qe"], printed["metadata-action"]) if a == b)
    print(f"{len(CASES)} cases, best of {args.rounds} rounds, one process per case")
    for contender, took in best.items():
        print(f"  {contender:<16} {took:6.2f} s   {1000 * took / len(CASES):6.0f} ms per run")
    print(f"  ratio metadata-action / qe: {best['metadata-action'] / best['qe']:.2f}")
    print(f"  same tags: {same} of {len(CASES)}")
    server.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
