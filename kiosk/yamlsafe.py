"""Read YAML safely into plain values that remember the file and line they came from.

Every scalar comes back as a `Scalar` (a str with `.loc` and `.plain`), every mapping as a
`Mapping` and every sequence as a `Sequence`: the schema, not YAML 1.1's guessing, decides what a
value means (so `no` stays a language code and `10:00` stays a time). Python object tags, oversized
files and alias bombs are refused before they cost memory.

Text that reads cleanly is built straight from libyaml's events (`_build`); text with anything
to say (a syntax error, a key written twice, an unsafe tag, an alias bomb) is read again the
careful way, composed into nodes and converted, which finds and words every problem. A file of
items can be read one item at a time (`stream_items`), so that a large pack's values are never
all in memory at once.
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
# Collections nested deeper than this are read the careful way, which refuses them when Python's
# recursion ends first (at about 450 levels of mappings).
DEEPEST = 100

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
        return _build(text, name)
    except _Careful:
        pass  # read again the careful way, which finds and words every problem
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
        self.open: set[int] = set()  # the collections being converted

    def loc(self, node) -> Loc:
        line = node.start_mark.line + 1
        found = self.locs.get(line)
        if found is None:
            found = self.locs[line] = Loc(self.name, line)
        return found

    def convert(self, node):
        try:
            value, size = self._convert(node)
        except RecursionError:
            raise YamlError(Loc(self.name, 1), "values are nested hundreds of levels deep here: a content file "
                                               "needs a few; look for a bracket that is never closed") from None
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
        if id(node) in self.open:
            raise YamlError(self.loc(node), "an alias (*name) inside the value it names would repeat it without end: "
                                            "write out what it should repeat")
        self.open.add(id(node))
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
        self.open.discard(id(node))
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


class _Careful(Exception):
    """The text needs the careful way: composed into nodes first, then converted."""


_PLAIN_STYLES = (None, "")
_IMPLICIT = (None, "!")  # no tag, or the non-specific one: the schema decides (as _Loader.resolve)


def _build(text: str, name: str):
    """The located values of a text straight from libyaml's events, without a node tree (half
    the time and a fraction of the memory of composing a large file first).

    This is the way for text that reads cleanly, and it gives exactly what composing and
    converting give: the same values, lines, sharing and interned keys. Anything else raises
    _Careful before a value is returned (a syntax or composing error, a tag that is not plain,
    a key that is not a plain word or appears twice, an anchor on a key, an alias to a value
    that contains it, aliases past the growth allowed), and the careful way, which finds and
    words every problem, reads the text again."""
    loader = _Loader(text)
    try:
        return _drain(_Events(name, loader.get_event).document())
    except (yaml.YAMLError, RecursionError):
        raise _Careful from None
    finally:
        loader.dispose()


class NotStreamed(Exception):
    """`stream_items` cannot give this file's items one by one: read it whole (`load_file`),
    which says what is wrong with it, if anything."""


def stream_items(path: Path | str, key: str):
    """Yield the items of the list under `key`, the one key of the file's top mapping, each as
    soon as it is parsed, so that the file's values are never all in memory at once. Each item is
    exactly what `load_file(path)[key]` holds at its place.

    Raises NotStreamed, before the first item or after some, for any file that is not just that
    and clean (as `_build` takes it): one that cannot be read, another top key, a syntax error,
    a key written twice, ... The caller then forgets what it read and reads the file whole. The
    caller pauses the cyclic collector, as `load_text` does."""
    try:
        text = read_regular(path, MAX_BYTES).decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        raise NotStreamed from None
    loader = _Loader(text)
    try:
        yield from _Events(str(path), loader.get_event).document(stream=key)
    except (_Careful, yaml.YAMLError, RecursionError):
        raise NotStreamed from None
    finally:
        loader.dispose()


def _drain(steps):
    """What a generator returns, when it yields nothing."""
    try:
        while True:
            next(steps)
    except StopIteration as done:
        return done.value


class _Events:
    """One document's located values from its events (`get` gives the next); see `_build`."""

    def __init__(self, name: str, get):
        self.name = name
        self.get = get

    def document(self, stream: str | None = None):
        """Build the document (returned); with `stream`, yield the items of the list under that
        key one by one instead of keeping them in it (see stream_items)."""
        get = self.get
        get()  # the stream's start
        if type(get()) is yaml.StreamEndEvent:
            if stream is not None:
                raise _Careful
            return None  # an empty file
        root = yield from self._root(stream)
        get()  # the document's end
        if type(get()) is not yaml.StreamEndEvent:
            raise _Careful  # a second document
        return root

    def _root(self, stream):
        name, get, intern, new = self.name, self.get, sys.intern, str.__new__
        ScalarEvent, MappingStart, SequenceStart = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
        MappingEnd, SequenceEnd, AliasEvent = yaml.MappingEndEvent, yaml.SequenceEndEvent, yaml.AliasEvent
        locs: dict[int, Loc] = {}  # one Loc per line, as _Converter.loc
        anchors: dict[str, object] = {}
        unfinished: set[str] = set()  # anchors of collections still being read
        sizes: dict[int, int] = {}
        stack: list[tuple] = []  # the enclosing collections: (collection, is a mapping, anchor)
        into = None  # the collection being filled: None until the root is read
        is_map = False
        key = key_loc = None  # in a mapping, the key whose value comes next
        written = expanded = 0  # as _Converter counts them
        root = None
        yielding = None  # with `stream`: the list whose items are yielded, not kept
        while True:
            event = get()
            kind = type(event)
            if kind is MappingEnd or kind is SequenceEnd:
                done, _, anchor = stack.pop()
                if anchor is not None:
                    unfinished.discard(anchor)
                if not stack:
                    if stream is not None and yielding is None:
                        raise _Careful  # no list under the key (`{}`): the whole file's reader says so
                    return root
                into, is_map = stack[-1][0], stack[-1][1]
                if into is yielding:
                    yield done
                continue
            if kind is AliasEvent:
                loc = None
            elif kind is ScalarEvent or kind is MappingStart or kind is SequenceStart:
                if event.tag not in _IMPLICIT and (event.tag not in _SAFE_TAGS or is_map and key is None):
                    raise _Careful
                line = event.start_mark.line + 1
                loc = locs.get(line)
                if loc is None:
                    loc = locs[line] = Loc(name, line)
            else:
                raise _Careful
            if is_map and key is None:
                if kind is not ScalarEvent or event.anchor is not None:
                    raise _Careful  # a key that is no plain word, or an anchor or alias as a key
                key = intern(event.value)
                if key in into:
                    raise _Careful  # said twice: the careful way words it and reads on
                if stream is not None and len(stack) == 1 and key != stream:
                    raise _Careful  # another top key (the same one twice is said twice): read whole
                key_loc = loc
                continue
            if kind is ScalarEvent:
                value = new(Scalar, event.value)
                value.loc = loc
                if event.style not in _PLAIN_STYLES:
                    value.plain = False
                written += 1
                expanded += 1
            elif kind is AliasEvent:
                target = anchors.get(event.anchor)
                if target is None or event.anchor in unfinished:
                    raise _Careful  # undefined, or a value that would contain itself
                if type(target) is Scalar:  # made again, where it was written, as _Converter does
                    value = Scalar(target, target.loc, target.plain)
                    written += 1
                    expanded += 1
                else:
                    value = target
                    expanded += _size(target, sizes)
                    if expanded > ALIAS_GROWTH * written + ALIAS_ALLOWANCE:
                        raise _Careful  # the careful way refuses it where it grows too far
            else:
                value = Mapping(loc) if kind is MappingStart else Sequence(loc)
                written += 1
                expanded += 1
            anchor = None if kind is AliasEvent else event.anchor
            if anchor is not None:
                if anchor in anchors:
                    raise _Careful  # the composer words a second anchor of the same name
                anchors[anchor] = value
            if into is None:
                if stream is not None and kind is not MappingStart:
                    raise _Careful
                root = value
            elif is_map:
                if stream is not None and len(stack) == 1:
                    if kind is not SequenceStart:
                        raise _Careful
                    yielding = value
                into[key] = value
                into.key_locs[key] = key_loc
                key = None
            elif into is yielding:
                if kind is not MappingStart and kind is not SequenceStart:
                    yield value  # a collection is yielded when it ends
            else:
                into.append(value)
            if kind is MappingStart or kind is SequenceStart:
                if anchor is not None:
                    unfinished.add(anchor)
                stack.append((value, kind is MappingStart, anchor))
                if len(stack) > DEEPEST:
                    raise _Careful
                into, is_map = value, kind is MappingStart
            elif into is None:
                return root


def _size(value, sizes: dict[int, int]) -> int:
    """How many values a reader walks in `value`, counted once per collection (as _Converter
    counts a collection reached again through an alias)."""
    if type(value) is Scalar:
        return 1
    found = sizes.get(id(value))
    if found is None:
        children = value.values() if type(value) is Mapping else value
        found = sizes[id(value)] = 1 + sum(_size(child, sizes) for child in children)
    return found
