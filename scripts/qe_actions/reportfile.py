"""Opening report files: one place that handles gzip, byte-order marks, directories, special files and size bounds.

Regular files are opened as they are. A pipe, FIFO, `/dev/stdin` or character device is read ONCE, with a bound,
into a spool the first time it is opened; every later open of the same name (format detection, then the
reader, then the JUnit fallback) replays that spool, so `qe tests <(cat r.xml)` works. A FIFO is opened
without blocking and waited for with a timeout (`QE_STREAM_WAIT_SECONDS`, default 10), so a FIFO nobody
writes to ends with one line instead of hanging. Whole-file readers (JSON, linter text) go through
`read_report_bytes` / `read_report_text`, which stop at `QE_MAX_REPORT_MB` (default 256) DEcompressed bytes:
a gzip bomb, a sparse file or `/dev/zero` ends with "too large". Streaming XML readers have no file bound.
"""

from __future__ import annotations

import atexit
import errno
import gzip
import io
import os
import select
import stat
import tempfile
import zlib
from collections.abc import Iterator
from typing import BinaryIO

from qe_actions.errors import InputError, UsageError

DEFAULT_MAX_REPORT_MB = 256
DEFAULT_WAIT_SECONDS = 10.0
MAX_LINE_CHARS = 1 << 20  # a line of a text report (LCOV, Go coverprofile) longer than this is no tool's
_CHUNK = 1 << 20
_KERNEL_FILES = ("/proc/", "/sys/")
# A special file's (device, inode): the temporary file holding what it gave, or why it could not be read. By
# inode, so `/dev/stdin`, `/dev/fd/0` and `/proc/self/fd/0` are one stream, read once.
_UNREADABLE: dict[tuple[int, int], str] = {}
_SPOOLED: dict[tuple[int, int], str] = {}


def _env_number(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not value > 0 or value == float("inf"):
        raise UsageError(f"{name}={raw!r} is not a positive number")
    return value


def max_report_bytes() -> int:
    """The bound on a report read whole (and on a stream's spool): `QE_MAX_REPORT_MB` megabytes, default 256."""
    return int(_env_number("QE_MAX_REPORT_MB", DEFAULT_MAX_REPORT_MB) * (1 << 20))


def _too_large(path: str, limit: int) -> InputError:
    return InputError(path, f"too large: more than {limit / (1 << 20):g} MB (raise the bound with QE_MAX_REPORT_MB)")


def stat_report(path: str) -> os.stat_result:
    """`os.stat` of a report, its failures as one-line `InputError`s (a symlink loop is not "no such file")."""
    try:
        return os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            raise InputError(path, "is a broken symbolic link (its target does not exist)") from None
        raise InputError(path, "no such file") from None
    except OSError as exc:
        raise _unreadable(path, exc) from None


def _unreadable(path: str, exc: OSError) -> InputError:
    """The one-line `InputError` for a report `os.stat` or `open` could not reach (not "no such file")."""
    if isinstance(exc, PermissionError):
        return InputError(path, "cannot be read (permission denied)")
    if exc.errno == errno.ELOOP:
        return InputError(path, "is a symbolic link loop (too many levels of symbolic links)")
    return InputError(path, f"cannot be read ({exc.strerror or exc})")


def _open_raw(path: str) -> BinaryIO:
    info = stat_report(path)
    if stat.S_ISDIR(info.st_mode):
        raise InputError(path, "is a directory, not a report file")
    if not stat.S_ISREG(info.st_mode):
        return _replay(path, (info.st_dev, info.st_ino))
    if os.path.realpath(path).startswith(_KERNEL_FILES):
        # /proc/self/environ holds the token: a report (or a link a pull request adds) never reads it
        raise InputError(path, "is a kernel pseudo-file (/proc, /sys), not a report file")
    try:
        return open(path, "rb")
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except OSError as exc:
        raise _unreadable(path, exc) from None


def _replay(path: str, key: tuple[int, int]) -> BinaryIO:
    """A fresh reader over the spooled content of a special file, read once (see the module docstring)."""
    if key in _UNREADABLE:
        raise InputError(path, _UNREADABLE[key])  # read once: its failure too (a FIFO is not waited for twice)
    spooled = _SPOOLED.get(key)
    if spooled is None:
        try:
            spooled = _SPOOLED[key] = _spool(path)
        except InputError as error:
            _UNREADABLE[key] = error.problem
            raise
    return open(spooled, "rb")


def forget_streams() -> None:
    """Remove the spools and forget the special files read (at exit; and between tests run in one process,
    where a new FIFO may get a deleted one's inode)."""
    for spooled in _SPOOLED.values():
        try:
            os.unlink(spooled)
        except OSError:
            pass
    _SPOOLED.clear()
    _UNREADABLE.clear()


atexit.register(forget_streams)


def _spool(path: str) -> str:
    """Read a pipe, FIFO or device to its end into a private temporary file, at most `max_report_bytes()` of it,
    waiting at most `QE_STREAM_WAIT_SECONDS` for each piece (and for a FIFO's writer to come)."""
    limit = max_report_bytes()
    wait_ms = int(_env_number("QE_STREAM_WAIT_SECONDS", DEFAULT_WAIT_SECONDS) * 1000)
    try:
        # O_NONBLOCK: never blocks, even on a FIFO with no writer (Windows has neither it nor poll: plain reads)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise InputError(path, f"cannot be read ({exc.strerror or exc})") from None
    handle, spooled = tempfile.mkstemp(prefix="qe-stream-")
    total, waited_for_writer = 0, False
    try:
        with os.fdopen(handle, "wb") as out:
            poller = select.poll() if hasattr(select, "poll") and hasattr(os, "O_NONBLOCK") else None
            if poller is not None:
                poller.register(fd, select.POLLIN)
            is_fifo = stat.S_ISFIFO(os.fstat(fd).st_mode)
            while True:
                try:
                    piece = os.read(fd, _CHUNK)
                except BlockingIOError:
                    piece = None
                except OSError as exc:
                    raise InputError(path, f"cannot be read ({exc.strerror or exc})") from None
                if poller is not None and (
                    piece is None or (not piece and is_fifo and not total and not waited_for_writer)
                ):
                    # no data yet, or a FIFO no writer has opened (it reads as the end): wait, bounded
                    waited_for_writer = True
                    if not poller.poll(wait_ms):
                        raise InputError(
                            path,
                            f"no data arrived for {wait_ms / 1000:g} s (a FIFO with no writer?); "
                            "raise the wait with QE_STREAM_WAIT_SECONDS",
                        )
                    continue
                if not piece:
                    break
                total += len(piece)
                if total > limit:
                    raise _too_large(path, limit)
                out.write(piece)
    except BaseException:
        os.unlink(spooled)
        raise
    finally:
        os.close(fd)
    return spooled


def open_report(path: str) -> BinaryIO:
    """Open a report for binary reading, through gzip when it is compressed; failures become `InputError`."""
    raw = _open_raw(path)
    try:
        head = raw.peek(2)[:2]  # type: ignore[attr-defined]
    except OSError as exc:
        raw.close()
        raise InputError(path, f"cannot be read ({exc.strerror or exc})") from None
    if head == b"\x1f\x8b":
        return gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[return-value]
    return raw


def read_report_bytes(path: str) -> bytes:
    """The whole content of a report read at once (JSON, linter text), decompressed, at most `max_report_bytes()`:
    every whole-file reader uses this, so no file, stream or gzip bomb can take more memory than the bound."""
    limit = max_report_bytes()
    with open_report(path) as stream:
        if not isinstance(stream, gzip.GzipFile):
            try:
                size = os.fstat(stream.fileno()).st_size
            except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
                size = 0
            if size > limit:
                raise _too_large(path, limit)  # a sparse 2 GB file is refused before a byte is read
        parts: list[bytes] = []
        total = 0
        try:
            while True:
                piece = stream.read(min(_CHUNK, limit + 1 - total))
                if not piece:
                    break
                total += len(piece)
                parts.append(piece)
                if total > limit:
                    del parts
                    raise _too_large(path, limit)
        except (OSError, EOFError, zlib.error) as exc:
            raise InputError(path, f"cannot be read ({getattr(exc, 'strerror', None) or exc})") from None
    return b"".join(parts) if len(parts) != 1 else parts[0]


def read_report_text(path: str) -> str:
    """The whole text of a report (JSON, linter output), bounded as `read_report_bytes`: gzip, UTF-8 with or
    without BOM, or UTF-16 with BOM."""
    raw = read_report_bytes(path)
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(path, f"is not UTF-16 text (byte {exc.start})") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(path, f"is not UTF-8 text (byte {exc.start})") from None


def report_lines(path: str, max_line: int = MAX_LINE_CHARS) -> Iterator[str]:
    """Stream the lines of a text report (gzip-aware, UTF-8 with or without BOM, any newline), each at most
    `max_line` characters: a 2 GB file with no newline (sparse, or a bomb) is one line, never 2 GB of memory."""
    stream = io.TextIOWrapper(open_report(path), encoding="utf-8-sig", errors="strict", newline=None)
    try:
        while True:
            line = stream.readline(max_line + 1)
            if not line:
                return
            if len(line) > max_line and not line.endswith("\n"):
                raise InputError(path, f"has a line longer than {max_line:,} characters: not a text report we read")
            yield line
    except UnicodeDecodeError as exc:
        raise InputError(path, f"is not UTF-8 text (byte {exc.start})") from None
    except (OSError, EOFError, zlib.error) as exc:
        raise InputError(path, f"cannot be read ({getattr(exc, 'strerror', None) or exc})") from None
    finally:
        stream.close()
