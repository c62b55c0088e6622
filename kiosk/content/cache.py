"""Checked packs kept between runs: a pack read and checked before is read back from one file.

The key is a digest of everything the check depends on: the contents (not the times) of every
file in the pack's folder, the names of its files, the folder's path (it is in every message),
the source of the shell's package and of each content kind's plugin, the kinds declared, the icon
names, and the versions of Python and of the libraries the readers ask (PyYAML, holidays, tzdata).
An edit to any of them is another key, so a stale entry is never used; a stale, corrupt or
unreadable cache file is ignored with a log line and written anew. What is kept is the checked
pack and every problem of the report, so a warm load reports exactly what a fresh one does.

The files live in the kiosk's own state folder (`state/cache`), one per pack folder; they are
pickles, so that folder must be as private as the rest of the state.
"""

from __future__ import annotations

import copyreg
import dataclasses
import hashlib
import io
import logging
import os
import pickle
import stat
import sys
import threading
from importlib import metadata
from pathlib import Path
from types import MappingProxyType

from kiosk.yamlsafe import Loc, no_cyclic_gc

log = logging.getLogger("kiosk")

FORMAT = b"kiosk-pack-cache 1\n"  # the first line of every cache file; change it with the layout
LIBRARIES = ("pyyaml", "holidays", "tzdata")
_SHELL = Path(__file__).resolve().parent.parent  # the kiosk package


def folder(state: Path) -> Path:
    """Where the cache of a kiosk with the state folder `state` lives."""
    return Path(state) / "cache"


def in_use() -> Path:
    """The running kiosk's cache: in the state folder it was prepared with, else the default."""
    from kiosk import boot, paths

    return folder(boot.state or paths.state_dir())


def key(pack: Path, kinds, icons) -> str:
    """The digest of everything reading `pack` with `kinds` and `icons` depends on."""
    h = hashlib.blake2b(digest_size=24)
    h.update(FORMAT)
    h.update(repr((sys.version, str(pack), sorted(icons) if icons is not None else None)).encode())
    for name in LIBRARIES:
        try:
            h.update(f"{name} {metadata.version(name)}\n".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{name} -\n".encode())
    sources = {_SHELL}
    for kind in kinds:
        h.update(repr((kind.name, kind.file, kind.section, sorted(kind.refs.items()), kind.label, kind.detail,
                       kind.plugin, _name(kind.read), _name(kind.check))).encode())
        sources.update(_package(f) for f in (kind.read, kind.check) if f is not None)
    for source in sorted(sources):
        h.update(f"code {source}\n".encode())
        if source.is_dir():
            _tree(h, source, code_only=True)
        else:
            h.update(_digest(source))
    h.update(b"pack\n")
    _tree(h, pack, code_only=False)
    return h.hexdigest()


def _name(function) -> str:
    return "" if function is None else f"{getattr(function, '__module__', '?')}.{getattr(function, '__qualname__', '?')}"


def _package(function) -> Path:
    """The source of the module that holds `function`: the folder of its top package (a plugin's
    whole folder: its reader may use any module of it), or the file of a module of its own."""
    top = sys.modules.get(getattr(function, "__module__", None) or "")
    if getattr(top, "__file__", None) is None:
        raise _Uncacheable(f"the reader {_name(function)} has no source file")
    while "." in top.__name__:
        parent = sys.modules.get(top.__name__.rpartition(".")[0])
        if getattr(parent, "__file__", None) is None:  # a namespace, like the plugin folders' kiosk_plugins
            break
        top = parent
    where = Path(top.__file__).resolve()
    return where.parent if hasattr(top, "__path__") else where


def _tree(h, root: Path, code_only: bool) -> None:
    """Every file under `root` (sorted, by relative name): its name and its contents' digest;
    a symbolic link also by where it points."""
    for path, dirs, files in os.walk(root):
        dirs.sort()
        if code_only:
            dirs[:] = [d for d in dirs if d != "__pycache__"]
        base = Path(path)
        for name in sorted(files + [d for d in dirs if (base / d).is_symlink()]):
            if code_only and not name.endswith(".py"):
                continue
            file = base / name
            h.update(f"{file.relative_to(root)}\0".encode())
            if file.is_symlink():
                h.update(f"-> {os.readlink(file)}\0".encode())
            h.update(_digest(file))


def _digest(file: Path) -> bytes:
    """A regular file's contents' digest; for anything else (a FIFO, a folder, a socket, a
    file that cannot be read) what it is: opening a FIFO to read it would wait for a writer."""
    try:
        fd = os.open(file, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        return f"unreadable {type(exc).__name__}\0".encode()
    with os.fdopen(fd, "rb") as f:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            return f"not a file {stat.S_IFMT(mode)}\0".encode()
        return hashlib.file_digest(f, "blake2b").digest()


class _Uncacheable(Exception):
    """The key cannot be made (a reader without a source file): the pack is read, not cached."""


def _file(cache: Path, pack: Path) -> Path:
    name = hashlib.blake2b(str(pack).encode(), digest_size=12).hexdigest()
    return cache / f"pack-{name}.pickle"


def lookup(cache: Path, pack: Path, kinds, icons):
    """(key, (pack or None, problems)) when the cache holds this pack's check, else (key, None);
    key is None when the pack cannot be cached."""
    try:
        digest = key(pack, kinds, icons)
    except (_Uncacheable, OSError) as exc:
        log.info("content cache: not used for %s: %s", pack, exc)
        return None, None
    path = _file(cache, pack)
    try:
        with open(path, "rb") as f:
            head, stored = _header(f)
            if head != FORMAT:
                log.info("content cache: %s has another format; checking %s afresh", path, pack)
                return digest, None
            if stored != digest:
                log.info("content cache: %s changed since it was checked; checking it afresh", pack)
                return digest, None
            return digest, loads(f.read())
    except FileNotFoundError:
        return digest, None
    except Exception as exc:  # a cut-off, corrupt or unreadable cache is rebuilt, never trusted
        log.warning("content cache: cannot read %s (%s: %s); checking %s afresh", path, type(exc).__name__, exc, pack)
        return digest, None


def holds(cache: Path, pack: Path, kinds, icons) -> bool:
    """True when the cache holds this pack's check under its key now: only the file's first two
    lines are read, nothing is loaded."""
    try:
        digest = key(pack, kinds, icons)
        with open(_file(cache, pack), "rb") as f:
            return _header(f) == (FORMAT, digest)
    except (_Uncacheable, OSError):
        return False


def _header(f) -> tuple[bytes, str]:
    """A cache file's first two lines: its format line, and the key it was written under."""
    return f.readline(), f.readline().strip().decode("ascii", "replace")


def dumps(value) -> bytes | None:
    """`value` (the checked pack or None, and the problems) as the cache keeps it; None (logged)
    when a plugin's record cannot be kept."""
    buffer = io.BytesIO()
    try:
        _Pickler(buffer).dump(value)
    except Exception as exc:  # a record a plugin made unpicklable: no cache, no failure
        log.warning("content cache: cannot keep this pack (%s: %s)", type(exc).__name__, exc)
        return None
    return buffer.getvalue()


def loads(data: bytes):
    with no_cyclic_gc():  # a large pack is a million objects, none of them in a cycle
        return pickle.loads(data)


def write(cache: Path, pack: Path, digest: str, data: bytes) -> None:
    """Keep `data` under `digest`, whole or not at all; a cache that cannot be written is
    logged and left alone: the kiosk works without one."""
    path = _file(cache, pack)
    tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}-{threading.get_ident()}")
    try:
        cache.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as f:
            f.write(FORMAT)
            f.write(digest.encode("ascii") + b"\n")
            f.write(data)
        os.replace(tmp, path)
    except OSError as exc:  # a full disk, a read-only state folder
        log.warning("content cache: cannot write %s (%s: %s)", path, type(exc).__name__, exc)
        if tmp.exists():  # False too when there is no folder to have left it in
            tmp.unlink()


class _Pickler(pickle.Pickler):
    """Pickles the model's read-only mappings as what they wrap (read-only again when loaded),
    and its frozen records as their class and field values (what dataclasses' own pickling of a
    slotted class does, without looking its fields up again for each of a million objects)."""

    dispatch_table = {**copyreg.dispatch_table, MappingProxyType: lambda m: (_read_only, (dict(m),))}

    def __init__(self, file: io.BytesIO):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)

    def reducer_override(self, obj):
        kind = type(obj)
        if kind is Loc:  # one in every text: what pickling a named tuple does, without its
            return copyreg.__newobj__, (Loc, obj[0], obj[1])  # `__getnewargs__` (a third of dumping)
        names = _slotted_fields(kind)
        if names is None:
            return NotImplemented
        return _record, (type(obj), tuple([getattr(obj, name) for name in names]))


_FIELDS: dict[type, tuple[str, ...] | None] = {}


def _slotted_fields(cls: type) -> tuple[str, ...] | None:
    """The field names of a dataclass with slots (and no instance dict), else None."""
    try:
        return _FIELDS[cls]
    except KeyError:
        pass
    names = None
    if dataclasses.is_dataclass(cls) and "__slots__" in cls.__dict__ and cls.__dictoffset__ == 0:
        names = tuple(f.name for f in dataclasses.fields(cls))
    _FIELDS[cls] = names
    return names


def _record(cls: type, values: tuple):
    obj = object.__new__(cls)
    for name, value in zip(_FIELDS.get(cls) or _slotted_fields(cls), values):
        object.__setattr__(obj, name, value)
    return obj


def _read_only(mapping: dict) -> MappingProxyType:
    return MappingProxyType(mapping)
