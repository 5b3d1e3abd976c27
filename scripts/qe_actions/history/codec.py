"""The bytes of one stored run: two gzip members, a small head (where, when, totals, findings) and the details.

Listing 2,000 runs must not parse 2,000 x 10,000 test outcomes: `decode` inflates only the first member; each
record's `tests` and `coverage_files` are parsed from the second member the first time they are read. Both members
together are still one valid gzip file (`zcat` shows the two JSON texts one after the other).
"""

from __future__ import annotations

import gzip
import json
import sys
import zlib
from collections.abc import ItemsView, Iterator, KeysView, Mapping, ValuesView
from dataclasses import replace
from typing import Any

from qe_actions.history.record import RunRecord

_DETAILS = ("tests", "coverage_files")


def encode(run: RunRecord) -> bytes:
    """Compact gzip JSON in two members (mtime 0, so the same run gives the same bytes)."""
    data = run.to_json()
    details = {key: data.pop(key) for key in _DETAILS}
    head = json.dumps(data, separators=(",", ":"), sort_keys=True).encode("utf-8")
    rest = json.dumps(details, separators=(",", ":"), sort_keys=True).encode("utf-8")
    return gzip.compress(head, compresslevel=6, mtime=0) + gzip.compress(rest, compresslevel=6, mtime=0)


def _inflate_first(blob: bytes) -> tuple[bytes, bytes]:
    inflater = zlib.decompressobj(wbits=31)  # gzip framing, one member
    head = inflater.decompress(blob)
    if not inflater.eof:
        raise ValueError("not gzip JSON (truncated)")
    return head, inflater.unused_data


class _Details:
    """The second member, inflated and parsed once, on the first read of `tests` or `coverage_files`."""

    def __init__(self, blob: bytes, where: str) -> None:
        self.blob = blob
        self.where = where
        self.data: dict[str, Any] | None = None

    def get(self, key: str) -> Mapping[str, Any]:
        if self.data is None:
            try:
                parsed = json.loads(gzip.decompress(self.blob))
                record = RunRecord.from_json(
                    {"format": "qe-history-run/1", "sha": "-", "ref": "-", "time": "-", **parsed}
                )
                self.data = {"tests": record.tests, "coverage_files": record.coverage_files}
            except (OSError, EOFError, zlib.error, ValueError) as exc:
                print(f"qe history: {self.where}: per-test details unreadable ({exc}); using none", file=sys.stderr)
                self.data = {"tests": {}, "coverage_files": {}}
            self.blob = b""
        return self.data[key]


class LazyMapping(Mapping[str, Any]):
    """A read-only mapping filled from `_Details` when first used."""

    def __init__(self, details: _Details, key: str) -> None:
        self._details = details
        self._key = key

    def _map(self) -> Mapping[str, Any]:
        return self._details.get(self._key)

    def __getitem__(self, key: str) -> Any:
        return self._map()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._map())

    def __len__(self) -> int:
        return len(self._map())

    # The views and look-ups of the parsed dict itself: Mapping's defaults go through __getitem__ once per key,
    # which made walking 30 runs of 10,000 tests take seconds instead of tens of milliseconds.
    def __contains__(self, key: object) -> bool:
        return key in self._map()

    def get(self, key: str, default: Any = None) -> Any:
        return self._map().get(key, default)

    def keys(self) -> KeysView[str]:
        return self._map().keys()

    def items(self) -> ItemsView[str, Any]:
        return self._map().items()

    def values(self) -> ValuesView[Any]:
        return self._map().values()

    def __repr__(self) -> str:
        return f"LazyMapping({self._key})" if self._details.data is None else repr(dict(self._map()))


def decode(blob: bytes, where: str = "run") -> RunRecord:
    """A run from `encode`'s bytes (or a one-member file); ValueError says what is wrong with the head."""
    try:
        head, rest = _inflate_first(blob)
        data = json.loads(head)
    except (EOFError, zlib.error, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"not gzip JSON ({type(exc).__name__})") from None
    run = RunRecord.from_json(data)
    if not rest:
        return run  # everything was in one member
    details = _Details(rest, where)
    return replace(run, tests=LazyMapping(details, "tests"), coverage_files=LazyMapping(details, "coverage_files"))
