"""Read YAML safely into plain values that remember the file and line they came from.

Every scalar comes back as a `Scalar` (a str with `.loc` and `.plain`), every mapping as a
`Mapping` and every sequence as a `Sequence`: the schema, not YAML 1.1's guessing, decides what a
value means (so `no` stays a language code and `10:00` stays a time). Python object tags, oversized
files and alias bombs are refused before they cost memory.
"""

from __future__ import annotations

import gc
import os
import stat
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

import yaml

MAX_BYTES = 16 * 1024 * 1024
# Aliases may make a document at most this many times larger than what is written (plus a little):
# enough for repeating a block of opening hours, far too little for a "billion laughs".
ALIAS_GROWTH = 4
ALIAS_ALLOWANCE = 10_000

class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when the wheel has it
    """Composes nodes without guessing plain scalars' types: the schema decides, and skipping
    YAML 1.1's regular expressions for every scalar halves the time of a large pack."""

    def resolve(self, kind, value, implicit):
        if kind is yaml.ScalarNode:
            return "tag:yaml.org,2002:str"
        return "tag:yaml.org,2002:seq" if kind is yaml.SequenceNode else "tag:yaml.org,2002:map"


_SAFE_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp", "binary")
}


class Loc(NamedTuple):
    """Where a value stands: a file and a 1-based line."""

    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


class YamlError(Exception):
    """A file that cannot be read as safe YAML; `loc` says where.

    After a syntax error the file is read again without the item (the list entry or top-level
    key) that holds it, and again, until the rest reads: `problems` are then all the
    (Loc, message) pairs found, and `partial` the document without the broken items (None when
    nothing could be saved), so the other items can still be checked.
    """

    def __init__(self, loc: Loc, message: str, problems=None, partial=None, dropped=()):
        super().__init__(f"{loc}: {message}")
        self.loc = loc
        self.message = message
        self.problems: list[tuple[Loc, str]] = problems or [(loc, message)]
        self.partial = partial
        self.dropped: tuple[str, ...] = tuple(dropped)  # ids of the items left out of `partial`


class Scalar(str):
    """A scalar's text as written. `plain` is False when it was quoted."""

    loc: Loc
    plain: bool = True  # set on the instance only when quoted: one entry less for most values

    def __new__(cls, value: str, loc: Loc, plain: bool = True):
        self = super().__new__(cls, value)
        self.loc = loc
        if not plain:
            self.plain = False
        return self

    @property
    def is_null(self) -> bool:
        return self.plain and self in ("", "~", "null", "Null", "NULL")


class Mapping(dict):
    """A YAML mapping; `loc` is where it starts, `key_locs` where each key stands."""

    def __init__(self, loc: Loc):
        super().__init__()
        self.loc = loc
        self.key_locs: dict[str, Loc] = {}


class Sequence(list):
    """A YAML sequence with the place it starts."""

    def __init__(self, loc: Loc):
        super().__init__()
        self.loc = loc


def load_file(path: Path | str, display: str | None = None):
    """Load one YAML file; raise YamlError with file:line for anything unreadable or unsafe."""
    path = Path(path)
    name = display or str(path)
    try:
        raw = read_regular(path, MAX_BYTES)
    except _TooLarge as exc:
        raise YamlError(Loc(name, 1), f"file is too large ({exc.size:,} bytes; at most {MAX_BYTES:,})") from None
    except OSError as exc:
        raise YamlError(Loc(name, 1), f"cannot read file: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlError(Loc(name, line), "file is not UTF-8 text") from None
    return load_text(text, name)


READ_SECONDS = 10.0  # a regular file of at most MAX_BYTES that takes longer is given up on
_CHUNK = 1 << 20


class _TooLarge(OSError):
    def __init__(self, size: int):
        super().__init__(f"file is too large ({size:,} bytes)")
        self.size = size


def read_regular(path: Path | str, limit: int, seconds: float = READ_SECONDS, clock=None) -> bytes:
    """The bytes of a regular file of at most `limit` bytes, read in at most `seconds`.

    A FIFO, a socket or a device in a file's place is refused before it is opened (opening a FIFO
    for reading waits for a writer, forever); it is opened without blocking and checked again, in
    case it was swapped in between. OSError otherwise, with a reason a person can act on."""
    clock = clock or time.monotonic
    kind = _kind(os.stat(path).st_mode)
    if kind:
        raise OSError(f"it is {kind}, not a regular file: write the text into a plain file")
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0))
    try:
        info = os.fstat(fd)
        kind = _kind(info.st_mode)
        if kind:
            raise OSError(f"it is {kind}, not a regular file: write the text into a plain file")
        if info.st_size > limit:
            raise _TooLarge(info.st_size)
        deadline = clock() + seconds
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, min(_CHUNK, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:  # grew while being read
                raise _TooLarge(total)
            if clock() > deadline:
                raise OSError(f"reading took longer than {seconds:g} s: is the disk or the network share failing?")
        return b"".join(chunks)
    finally:
        os.close(fd)


def _kind(mode: int) -> str:
    if stat.S_ISREG(mode):
        return ""
    for test, name in ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISDIR, "a folder")):
        if test(mode):
            return name
    return "not a file"


def load_text(text: str, name: str = "<text>"):
    """Load YAML text (one document) into Scalar/Mapping/Sequence values."""
    with no_cyclic_gc():
        return _load_text(text, name)


@contextmanager
def no_cyclic_gc():
    """The values built here hold no reference cycles; without pausing the cyclic collector it
    would walk the growing heap again and again while a large pack is read (3x slower)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _load_text(text: str, name: str):
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        _recover(text, name, exc)
    except yaml.YAMLError as exc:
        raise YamlError(Loc(name, 1), f"this file cannot be read: {exc}") from None
    if node is None:
        return None
    converter = _Converter(name)
    value = converter.convert(node)
    if converter.problems:
        loc, message = converter.problems[0]
        raise YamlError(loc, message, converter.problems, value)
    return value


def _recover(text: str, name: str, first: yaml.MarkedYAMLError):
    """Raise a YamlError with every syntax error of the file, each explained (kiosk/syntax.py),
    and the document without the items that hold them."""
    from kiosk.syntax import explain, item_id, item_lines

    lines = text.split("\n")
    problems: list[tuple[Loc, str]] = []
    dropped: list[str] = []
    exc = first
    partial = None
    for _attempt in range(200):
        line, message, culprit = explain(lines, exc)
        problems.append((Loc(name, line), message))
        span = item_lines(lines, culprit)
        if span is None:
            break
        dropped.extend(item_id(lines, span))
        for i in range(*span):
            lines[i] = ""
        try:
            node = yaml.compose("\n".join(lines), Loader=_Loader)
        except yaml.MarkedYAMLError as again:
            exc = again
            continue
        except yaml.YAMLError:
            break
        converter = _Converter(name)
        partial = None if node is None else converter.convert(node)
        problems.extend(converter.problems)
        break
    problems.sort(key=lambda p: p[0].line)
    loc, message = problems[0]
    raise YamlError(loc, message, problems, partial, dropped) from None


class _Converter:
    """Turn composed nodes into located values. A node reached again through an alias is not
    copied but shared, and the size it adds is counted, so an alias bomb stops at once."""

    def __init__(self, name: str):
        self.name = name
        self.written = 0  # values as written in the file
        self.expanded = 0  # values as a reader of the result would walk them
        self.done: dict[int, tuple[object, int]] = {}
        self.locs: dict[int, Loc] = {}  # one Loc per line: a key and its value share it
        self.problems: list[tuple[Loc, str]] = []  # found while the rest is still read

    def loc(self, node) -> Loc:
        line = node.start_mark.line + 1
        found = self.locs.get(line)
        if found is None:
            found = self.locs[line] = Loc(self.name, line)
        return found

    def convert(self, node):
        value, size = self._convert(node)
        return value

    def _convert(self, node):
        if node.tag not in _SAFE_TAGS:
            raise YamlError(self.loc(node), f"unsafe or unknown YAML tag {node.tag!r} is not allowed")
        if type(node) is yaml.ScalarNode:
            # not remembered: a scalar reached again through an alias is as cheap to make again,
            # and counts as one written value, as its `*name` is
            self.written += 1
            self.expanded += 1
            if self.expanded > ALIAS_GROWTH * self.written + ALIAS_ALLOWANCE:
                self._grow(node, 0)
            # plain: libyaml gives style "" to a plain scalar, PyYAML None
            return Scalar(node.value, self.loc(node), node.style in (None, "")), 1
        seen = self.done.get(id(node))
        if seen is not None:
            value, size = seen
            self._grow(node, size)
            return value, size
        self.written += 1
        self._grow(node, 1)
        if isinstance(node, yaml.SequenceNode):
            seq, size = Sequence(self.loc(node)), 1
            for item in node.value:
                value, n = self._convert(item)
                seq.append(value)
                size += n
            result = seq, size
        else:
            result = self._mapping(node)
        self.done[id(node)] = result
        return result

    def _mapping(self, node):
        mapping, size = Mapping(self.loc(node)), 1
        key_locs, convert, intern = mapping.key_locs, self._convert, sys.intern
        for key_node, value_node in node.value:
            if type(key_node) is not yaml.ScalarNode:
                raise YamlError(self.loc(key_node), "a key must be a plain word")
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlError(self.loc(key_node), "merge keys (<<) are not supported")
            key = intern(str(key_node.value))  # field names and language codes, once each
            if key in mapping:
                first = key_locs[key].line
                self.problems.append((self.loc(key_node), f"{key!r} appears twice here (first at line {first}): "
                                                          "keep one and remove or rename the other"))
                continue
            value, n = convert(value_node)
            mapping[key] = value
            key_locs[key] = self.loc(key_node)
            size += n
        return mapping, size

    def _grow(self, node, size: int) -> None:
        self.expanded += size
        if self.expanded > ALIAS_GROWTH * self.written + ALIAS_ALLOWANCE:
            raise YamlError(
                self.loc(node),
                "aliases (*name) expand this file far beyond what is written: refused",
            )
