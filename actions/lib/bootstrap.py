"""Give the actions a Python that can run qe-actions, fast: reuse what is there, else a cached venv of its deps.

Run by every composite action before `qe`: `python3 bootstrap.py --source <checkout of qe-actions>`.
Our own code is never built or installed: it runs from the action's checkout through PYTHONPATH, so the
venv holds only the third-party runtime dependencies and is keyed on them plus the Python version.
The venv lives in the runner's tool cache (kept between jobs on self-hosted runners, between the steps of
one job everywhere), built beside its final place and renamed into it, so a half-built venv is never used.
It then builds the optional C JUnit reader (`scripts/qe_actions/_junitfast.c`) for that interpreter into the
same cache, keyed on the source and the interpreter's ABI, with the interpreter's own compiler settings; when
that cannot be done (no compiler, no Python.h, Windows, too slow) the reader runs in pure Python, only slower.
Standard library only: this runs before any dependency exists. Writes `python`, `pythonpath` and `junitfast`
(the built extension's path, or empty) to GITHUB_OUTPUT and one line saying what it did.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
import venv
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

READY_MARK = ".qe-ready"
PIP_QUIET = ["--disable-pip-version-check", "--no-input", "--quiet", "--prefer-binary", "--no-compile"]


def read_dependencies(pyproject: Path) -> list[str]:
    """The `[project] dependencies` strings of pyproject.toml (a tiny reader: tomllib is 3.11+ only)."""
    text = pyproject.read_text(encoding="utf-8")
    project = re.search(r"^\[project\]\s*$(.*?)(?=^\[|\Z)", text, re.M | re.S)
    block = re.search(r"^dependencies\s*=\s*\[(.*?)\]", project.group(1) if project else "", re.M | re.S)
    if block is None:
        raise SystemExit(f"qe-actions: {pyproject}: no [project] dependencies list found")
    return [m.group(1) or m.group(2) for m in re.finditer(r'"([^"]*)"|\'([^\']*)\'', block.group(1))]


def _version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text)[:3])


def applies(requirement: str) -> bool:
    """Whether a requirement's marker holds here; only `python_version <|<=|>|>= 'x.y'` is understood."""
    if ";" not in requirement:
        return True
    marker = requirement.split(";", 1)[1]
    match = re.fullmatch(r"\s*python_version\s*(<=|>=|<|>)\s*[\"']([0-9.]+)[\"']\s*", marker)
    if match is None:
        return True  # unknown marker: install it and let pip decide
    here, there = sys.version_info[:2], _version_tuple(match.group(2))
    return {"<": here < there, "<=": here <= there, ">": here > there, ">=": here >= there}[match.group(1)]


def satisfied(requirement: str) -> bool:
    """Whether this interpreter already has `name>=x.y` (the only specifier form we use) installed."""
    if not applies(requirement):
        return True
    match = re.fullmatch(r"\s*([A-Za-z0-9_.\-]+)\s*(?:>=\s*([0-9.]+))?\s*", requirement.split(";", 1)[0])
    if match is None:
        return False
    name, minimum = match.group(1), match.group(2)
    try:
        installed = importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return False
    return minimum is None or _version_tuple(installed) >= _version_tuple(minimum)


def cache_root(env: dict[str, str]) -> Path:
    """Where venvs are kept: the runner tool cache, else the job's temp dir, else the user cache."""
    for name in ("RUNNER_TOOL_CACHE", "RUNNER_TEMP"):
        if env.get(name):
            return Path(env[name]) / "qe-actions"
    return Path(env.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "qe-actions"


def venv_dir(root: Path, dependencies: list[str]) -> Path:
    """The venv for these dependencies and this Python (major.minor and implementation)."""
    tag = f"{sys.implementation.name}{sys.version_info[0]}.{sys.version_info[1]}"
    digest = hashlib.sha256("\n".join(sorted(dependencies)).encode()).hexdigest()[:16]
    return root / f"venv-{tag}-{digest}"


def venv_python(path: Path) -> Path:
    return path / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def find_uv() -> str | None:
    """uv when the runner has it on PATH (e.g. after astral-sh/setup-uv). Measured with empty caches: uv
    installs our dependencies in about 2 s where pip takes about 9 s, but pip-installing uv first (a 15 MB
    wheel, 6 s) costs about what it saves, so without uv on PATH we use pip."""
    return shutil.which("uv")


def _install(target: Path, dependencies: list[str], uv: str | None) -> str:
    """Install into `target` with uv when there is one, else this interpreter's pip (`--python`, pip >= 22.3),
    else the venv's own pip; returns which one did it."""
    if uv:
        done = subprocess.run([uv, "pip", "install", "--quiet", "--python", str(venv_python(target)), *dependencies])
        if done.returncode == 0:
            return "uv"
        print("qe-actions: uv could not install the dependencies; trying pip", file=sys.stderr)
    host_pip = subprocess.run([sys.executable, "-m", "pip", "--version"], capture_output=True, text=True)
    pip_version = _version_tuple(host_pip.stdout.split()[1]) if host_pip.returncode == 0 else ()
    if pip_version >= (22, 3):
        command = [sys.executable, "-m", "pip", "--python", str(venv_python(target)), "install", *PIP_QUIET]
    else:
        subprocess.run([str(venv_python(target)), "-m", "ensurepip", "--default-pip"], check=True,
                       stdout=subprocess.DEVNULL)
        command = [str(venv_python(target)), "-m", "pip", "install", *PIP_QUIET]
    subprocess.run([*command, *dependencies], check=True)
    return "pip"


def beside(final: Path) -> Path:
    """An unused work path next to `final` (same file system, so renaming it into place is atomic)."""
    final.parent.mkdir(parents=True, exist_ok=True)
    partial = final.with_name(f"{final.name}.partial-{os.getpid()}")
    shutil.rmtree(partial, ignore_errors=True)
    return partial


def build_venv(final: Path, dependencies: list[str], installer: str = "auto") -> str:
    """Build the venv beside `final` and rename it into place, so readers never see a partial one.
    `installer`: auto (uv when on PATH, else pip) or pip."""
    partial = beside(final)
    venv.EnvBuilder(with_pip=False, symlinks=os.name != "nt").create(partial)
    used = _install(partial, dependencies, find_uv() if installer == "auto" else None)
    (partial / READY_MARK).write_text(" ".join(dependencies) + "\n", encoding="utf-8")
    try:
        partial.rename(final)
    except OSError:  # another job built it first: use theirs
        shutil.rmtree(partial, ignore_errors=True)
    return used


def choose_python(source: Path, env: dict[str, str], force_venv: bool, installer: str = "auto") -> tuple[Path, str]:
    """The interpreter to run `qe` with, and a few words on how it was obtained."""
    dependencies = read_dependencies(source / "pyproject.toml")
    if not force_venv and all(satisfied(req) for req in dependencies):
        return Path(sys.executable), "this Python already has the dependencies"
    target = venv_dir(cache_root(env), dependencies)
    if (target / READY_MARK).is_file():
        return venv_python(target), f"cached venv {target}"
    started = time.monotonic()
    used = build_venv(target, dependencies, installer)
    return venv_python(target), f"new venv {target} built with {used} in {time.monotonic() - started:.1f} s"


EXTENSION_SOURCE = "scripts/qe_actions/_junitfast.c"
COMPILE_TIMEOUT = 60.0  # seconds for compiling, linking and the load check together

# Run by the interpreter that will run qe: its build settings, not ours (a venv reports its base Python's).
_ASK_SETTINGS = """\
import json, os, sys, sysconfig
names = ("CC", "CFLAGS", "CCSHARED", "LDSHARED", "EXT_SUFFIX")
settings = {name: sysconfig.get_config_var(name) or "" for name in names}
settings.update(include=sysconfig.get_paths()["include"], cache_tag=sys.implementation.cache_tag or "",
                platform=sysconfig.get_platform(), os=os.name)
print(json.dumps(settings))
"""

# Loads the built file the way qe_actions.accel does, in the interpreter that will run qe.
_CHECK_LOADS = """\
import importlib.util, sys
spec = importlib.util.spec_from_file_location("qe_actions._junitfast", sys.argv[1])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
sys.exit(0 if hasattr(module, "FastParser") else "error: the module has no FastParser")
"""


class NotBuilt(Exception):
    """Why the C reader was not built; the JUnit reader then runs in pure Python."""


def build_settings(python: Path, env: dict[str, str]) -> dict[str, str]:
    """`python`'s compiler settings from its sysconfig; `CC` and `LDSHARED` in the environment win, as with pip."""
    done = subprocess.run([str(python), "-I", "-c", _ASK_SETTINGS], capture_output=True, text=True, timeout=30,
                          check=False)
    if done.returncode != 0:
        raise NotBuilt(f"could not read the build settings of {python}")
    settings = json.loads(done.stdout)
    if settings["os"] == "nt":
        raise NotBuilt("not built on Windows")
    if env.get("CC"):
        if not env.get("LDSHARED") and settings["CC"] and settings["LDSHARED"].startswith(settings["CC"]):
            settings["LDSHARED"] = env["CC"] + settings["LDSHARED"][len(settings["CC"]):]
        settings["CC"] = env["CC"]
    settings["LDSHARED"] = env.get("LDSHARED") or settings["LDSHARED"]
    if not (settings["CC"] and settings["LDSHARED"] and settings["EXT_SUFFIX"]):
        raise NotBuilt(f"{python} names no C compiler")
    return settings


def compile_commands(settings: dict[str, str], source: str, obj: str, out: str) -> list[list[str]]:
    """Compile then link, as setuptools would for this interpreter (CC, CFLAGS, CCSHARED; then LDSHARED)."""
    compile_ = [*shlex.split(settings["CC"]), *shlex.split(settings["CFLAGS"]), *shlex.split(settings["CCSHARED"]),
                "-I", settings["include"], "-c", source, "-o", obj]
    return [compile_, [*shlex.split(settings["LDSHARED"]), obj, "-o", out]]


def extension_path(root: Path, settings: dict[str, str], source: bytes) -> Path:
    """Where the extension built from `source` with these settings is cached: one file per source and ABI."""
    key = [settings["cache_tag"], settings["EXT_SUFFIX"], settings["platform"],
           compile_commands(settings, "SOURCE", "OBJECT", "OUTPUT")]
    digest = hashlib.sha256(source + json.dumps(key).encode()).hexdigest()[:16]
    return root / f"junitfast-{settings['cache_tag']}-{digest}{settings['EXT_SUFFIX']}"


def _first_error(text: str, returncode: int) -> str:
    """The line of a tool's output that says what went wrong, shortened for the status line."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    fallback = lines[-1] if lines else f"exit status {returncode}"
    chosen = next((line for line in lines if "error" in line.lower()), fallback)
    return chosen if len(chosen) <= 160 else chosen[:157] + "..."


def _run(command: list[str], cwd: Path, deadline: float, what: str, timeout: float) -> None:
    """Run one build command before `deadline` (`timeout` s after the build began); raise NotBuilt saying `what`
    failed and why. On timeout the whole process group goes (a compiler driver's cc1 too, which holds the pipe).
    POSIX only: build_settings refuses Windows before anything is run."""
    try:
        process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                   start_new_session=True)
    except FileNotFoundError:
        raise NotBuilt(f"no C compiler ({command[0]} not found)") from None
    with process:
        try:
            output, _ = process.communicate(timeout=max(deadline - time.monotonic(), 0.01))
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise NotBuilt(f"the build took longer than {timeout:g} s") from None
    if process.returncode != 0:
        raise NotBuilt(f"{what}: {_first_error(output, process.returncode)}")


def _compile_into(final: Path, python: Path, c_file: Path, settings: dict[str, str], timeout: float) -> None:
    """Compile and link beside `final`, check the file loads in `python`, then rename it into place."""
    work = beside(final)
    work.mkdir()
    try:
        built = work / f"_junitfast{settings['EXT_SUFFIX']}"
        deadline = time.monotonic() + timeout
        for command in compile_commands(settings, c_file.name, str(work / "_junitfast.o"), str(built)):
            _run(command, c_file.parent, deadline, f"{Path(command[0]).name} failed", timeout)
        _run([str(python), "-I", "-c", _CHECK_LOADS, str(built)], work, deadline, "the built module does not load",
             timeout)
        os.replace(built, final)  # atomic: another job sees no file or a whole, checked one
    finally:
        shutil.rmtree(work, ignore_errors=True)


def build_extension(python: Path, source: Path, root: Path, env: dict[str, str],
                    timeout: float = COMPILE_TIMEOUT) -> tuple[Path | None, str]:
    """The C JUnit reader built for `python` (reused from the cache when there) and a few words on how; (None, why)
    when it cannot be built. Never fails the step: without it the reader runs in pure Python, only slower."""
    if env.get("QE_ACTIONS_EXTENSION", "").lower() == "off":
        return None, "JUnit reader in pure Python: QE_ACTIONS_EXTENSION=off"
    started = time.monotonic()
    c_file = source / EXTENSION_SOURCE
    try:
        if not c_file.is_file():
            raise NotBuilt(f"no {EXTENSION_SOURCE} in {source}")
        settings = build_settings(python, env)
        final = extension_path(root, settings, c_file.read_bytes())
        if final.is_file():
            return final, "C JUnit reader cached"
        _compile_into(final, python, c_file, settings, timeout)
    except NotBuilt as reason:
        return None, " ".join(f"JUnit reader in pure Python: {reason}".split())
    except (OSError, ValueError, KeyError, subprocess.SubprocessError) as error:  # a read-only cache, odd output
        return None, " ".join(f"JUnit reader in pure Python: {type(error).__name__}: {error}".split())
    return final, f"C JUnit reader built in {time.monotonic() - started:.1f} s"


def write_outputs(path: str | None, values: dict[str, str]) -> None:
    """Append step outputs (single-line values) to GITHUB_OUTPUT, or print them outside a runner."""
    lines = "".join(f"{key}={value}\n" for key, value in values.items())
    if path:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(lines)
    else:
        sys.stdout.write(lines)


def main(argv: list[str] | None = None) -> int:
    """Pick or build the interpreter, build the C reader for it, and report both as step outputs."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", required=True, help="root of the qe-actions checkout")
    args = parser.parse_args(argv)
    source = Path(args.source).resolve()
    env = dict(os.environ)
    force_venv = env.get("QE_ACTIONS_VENV", "auto").lower() in {"always", "true", "1"}
    installer = "pip" if env.get("QE_ACTIONS_INSTALLER", "auto").lower() == "pip" else "auto"
    # The C reader compiles while the venv installs: it is built for this interpreter, which is the venv's
    # base (same ABI and settings), so it need not wait for the venv.
    with ThreadPoolExecutor(max_workers=1) as pool:
        extension = pool.submit(build_extension, Path(sys.executable), source, cache_root(env), env)
        python, how = choose_python(source, env, force_venv, installer)
        junitfast, reader = extension.result()
    print(f"qe-actions: Python {python} ({how}); {reader}")
    write_outputs(env.get("GITHUB_OUTPUT"), {"python": str(python), "pythonpath": str(source / "scripts"),
                                             "junitfast": str(junitfast or "")})
    return 0


if __name__ == "__main__":
    sys.exit(main())
