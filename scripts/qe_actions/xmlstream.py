"""Stream XML through expat with entity declarations refused, so memory stays flat and bombs do nothing.

Every XML reader (JUnit, Cobertura, JaCoCo, Clover, Checkstyle) goes through `parse_xml_file`. It reads
in chunks, never builds a tree, refuses `<!ENTITY` declarations (billion laughs, external entities),
never loads an external DTD (JaCoCo and c8 reference one), accepts UTF-8 and UTF-16 with a BOM,
gzip-compressed files (`.gz`) and several XML documents concatenated in one file.
"""

from __future__ import annotations

import codecs
import re
import zlib
from collections import deque
from collections.abc import Callable
from typing import BinaryIO
from xml.parsers import expat

from qe_actions.errors import InputError
from qe_actions.reportfile import open_report

CHUNK_SIZE = 1 << 20
_JUNK = expat.errors.codes[expat.errors.XML_ERROR_JUNK_AFTER_DOC_ELEMENT]
_NO_ELEMENTS = expat.errors.codes[expat.errors.XML_ERROR_NO_ELEMENTS]

SetupParser = Callable[["expat.XMLParserType"], None]
_DECLARED = re.compile(rb"""<\?xml[^>]*?\sencoding\s*=\s*["']([^"']{0,64})["']""")
_EXPAT_OWN = frozenset({"utf-8", "utf-16", "iso8859-1", "ascii"})  # expat decodes these itself


def encoding_problem(name: str) -> str | None:
    """Why an XML declaration's encoding cannot be read, or None. pyexpat reads only expat's own encodings and
    one-byte codecs: an unknown name (`UTF-9`) is a LookupError, a multi-byte codec (shift_jis, utf-7, utf-32)
    a ValueError and some codecs (idna) a bare UnicodeError, all inside `Parse`: they are caught here first."""
    try:
        codec = codecs.lookup(name).name
    except (LookupError, ValueError):
        return f"declares the unknown encoding {name!r}"
    if codec in _EXPAT_OWN or codec.startswith("utf-16"):
        return None
    try:
        table = bytes(range(256)).decode(codec, "replace")
    except Exception:  # noqa: BLE001 - any codec failure means pyexpat cannot use it either
        table = ""
    if len(table) != 256:
        return f"declares the encoding {name!r}, which the XML reader does not support (use UTF-8)"
    return None


def check_declared_encoding(path: str, head: bytes) -> None:
    """Raise `InputError` when the XML declaration at the start of `head` names an encoding we cannot read."""
    match = _DECLARED.match(head.lstrip(b"\xef\xbb\xbf \t\r\n"))
    if match is not None:
        problem = encoding_problem(match.group(1).decode("ascii", "replace"))
        if problem is not None:
            raise InputError(path, problem)


class EntityRefused(Exception):
    """Raised from inside expat when a document declares an entity."""


def _refuse_entity(name: str, *_args: object) -> None:
    raise EntityRefused(name)


def safe_parser() -> expat.XMLParserType:
    """A pyexpat parser that refuses entity declarations (raising `EntityRefused`; a caller may install its own
    refusal instead) and never loads an external DTD or entity: every XML reader starts from this one."""
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.EntityDeclHandler = _refuse_entity
    parser.UnparsedEntityDeclHandler = _refuse_entity
    parser.ExternalEntityRefHandler = lambda *_a: 0
    return parser


def _new_parser(setup: SetupParser) -> expat.XMLParserType:
    parser = safe_parser()
    parser.buffer_text = True
    parser.buffer_size = 1 << 16
    setup(parser)
    return parser


def _describe(path: str, exc: expat.ExpatError, got_root: bool) -> InputError:
    if exc.code == _NO_ELEMENTS:
        if not got_root:
            return InputError(path, "empty file, or no XML element in it")
        return InputError(path, f"file ends early at line {exc.lineno} (truncated?)")
    reason = expat.ErrorString(exc.code) if exc.code is not None else str(exc)
    return InputError(path, f"malformed XML at line {exc.lineno}, column {exc.offset + 1}: {reason}")


def before_first_element(parser, callback: Callable[[str], object]) -> None:
    """Have `callback(name)` run at the document's first start tag (to refuse a file that is not the reader's
    kind) before the parser's own start handler takes that tag and the rest; when it returns True, the
    document is skipped (its handlers are removed). Works on any parser with pyexpat's handler attributes
    (also `_junitfast.FastParser`)."""
    own_start = parser.StartElementHandler

    def first(name: str, attrs: dict[str, str]) -> None:
        if callback(name) is True:
            parser.StartElementHandler = parser.EndElementHandler = parser.CharacterDataHandler = None
            return
        parser.StartElementHandler = own_start
        if own_start is not None:
            own_start(name, attrs)

    parser.StartElementHandler = first


def parse_xml_file(path: str, setup: SetupParser, first_element: Callable[[str], object] | None = None) -> None:
    """Parse `path` chunk by chunk; `setup` installs the caller's handlers on each new document's parser.

    `first_element` is told each document's root element name before anything else, so a reader can refuse a
    file that is not its kind (by raising), or skip one document of several (by returning True). Errors become
    `InputError` naming the file, line and column.
    """
    state = {"root": False}

    def seen_root(name: str) -> object:
        state["root"] = True
        return first_element(name) if first_element is not None else None

    def setup_with_root(parser: expat.XMLParserType) -> None:
        setup(parser)
        before_first_element(parser, seen_root)

    with open_report(path) as stream:
        try:
            _feed_documents(path, stream, setup_with_root, state)
        except expat.ExpatError as exc:
            raise _describe(path, exc, state["root"]) from None
        except EntityRefused as exc:
            raise InputError(path, f"declares the entity '{exc}'; entity declarations are refused for safety") from None
        except UnicodeError as exc:
            raise InputError(
                path, f"cannot be decoded ({getattr(exc, 'reason', None) or exc or 'bad encoding'})"
            ) from None
        except LookupError as exc:
            raise InputError(path, f"declares an unknown encoding ({exc})") from None


def _feed_documents(path: str, stream: BinaryIO, setup: SetupParser, state: dict[str, bool]) -> None:
    """Feed chunks to expat; when a document ends and another begins, start a fresh parser there."""
    parser = _new_parser(setup)
    line_base, column_base = 0, 0  # where the current document starts in the file (0-based line, column)
    base = 0  # bytes given to the current parser before the chunks kept in `recent`
    recent: deque[bytes] = deque()  # the last chunks given to it, kept to restart at a second document
    held = 0  # their total size
    keep = max(4 * CHUNK_SIZE, 1 << 20)  # expat may still hold back an unfinished token from earlier chunks
    while True:
        try:
            piece = stream.read(CHUNK_SIZE)
        except (OSError, EOFError, zlib.error) as exc:
            reason = getattr(exc, "strerror", None) or str(exc)
            raise InputError(path, f"cannot be read ({reason})") from None
        final = not piece
        while True:
            try:
                if base == 0 and not recent:
                    check_declared_encoding(path, piece[:512])  # the start of a document
                parser.Parse(piece, final)
                break
            except expat.ExpatError as exc:
                # expat counts lines from where its document began: make them count from the file's start
                if exc.lineno == 1:
                    exc.offset += column_base
                exc.lineno += line_base
                offset = parser.ErrorByteIndex - base
                if exc.code != _JUNK or not state["root"] or offset < 0:
                    raise
                line_base, column_base = exc.lineno - 1, exc.offset
                piece = (b"".join(recent) + piece)[offset:]
                parser, base, held = _new_parser(setup), 0, 0
                recent.clear()
                if not final and not piece:
                    break
        if final:
            return
        recent.append(piece)
        held += len(piece)
        while held - len(recent[0]) >= keep:
            dropped = recent.popleft()
            held -= len(dropped)
            base += len(dropped)
