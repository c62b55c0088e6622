"""Kinds of content: what a plugin declares it reads from a pack, and the registry it declares it in.

A kind is read either from a file of the pack (`offers.yaml`, holding a list under the key
`offers`) or from a section of `pack.yaml` (`map:`, one mapping). The loader reads every declared
kind the same way, checks the references each declares, and hands the items to the pack.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Callable, Mapping

from kiosk.errors import KioskError

NAME_RE = re.compile(r"^[a-z][a-z0-9_-]{0,39}$")
NAME_RULE = "a lowercase letter, then up to 39 lowercase letters, digits, '-' or '_'"
"""The one rule for the names of plugins, route words, config keys and content kinds."""


@dataclass(frozen=True)
class Kind:
    """A kind of content a plugin reads.

    - `name`: the kind's name (the naming rule); its items are `pack.items(name)`.
    - `read(node, r)`: reads one item from its YAML node with the `FieldReader` `r`; returns a
      record (a frozen dataclass subclassing `Record`), or None after reporting why not.
    - `file`: the pack's file holding a list of items under the key `name` (`offers.yaml`), or
    - `section`: a key of pack.yaml holding one mapping (`map`); its one value is
      `pack.section(name)`.
    - `refs`: field -> kind, for each field that names an item of another kind by id
      (`{"place": "places"}`); the loader reports an unknown id with file and line.
    - `check(items, pack_so_far, r)`: optional checks across items, after every kind is read.
    - `label`: how `kiosk check` counts them ("offers"); defaults to the name.
    - `detail`: the route that shows one item, with `<id>` for its id ("offer/<id>"), so that
      other plugins (the map's cards, a printed guide) can lead to it.
    """

    name: str
    read: Callable
    file: str | None = None
    section: str | None = None
    refs: Mapping[str, str] = field(default_factory=dict)
    check: Callable | None = None
    label: str = ""
    detail: str | None = None
    plugin: str = ""  # set by the registry

    @property
    def where(self) -> str:
        return self.file or f"pack.yaml {self.section}:"


class Kinds:
    """Every declared kind, by name; `registry(plugin)` is what a plugin's hook receives."""

    def __init__(self, reserved_files=(), reserved_sections=()):
        self._kinds: dict[str, Kind] = {}
        self._reserved_files = set(reserved_files)
        self._reserved_sections = set(reserved_sections)

    def registry(self, plugin: str) -> "KindRegistry":
        return KindRegistry(self, plugin)

    def add(self, kind: Kind) -> None:
        other = self._kinds.get(kind.name)
        if other is not None:
            raise KioskError(f"plugin {kind.plugin!r}: content kind {kind.name!r} is already read by plugin {other.plugin!r}")
        for o in self._kinds.values():
            if kind.file and o.file == kind.file:
                raise KioskError(f"plugin {kind.plugin!r}: {kind.file} is already read by plugin {o.plugin!r}")
            if kind.section and o.section == kind.section:
                raise KioskError(f"plugin {kind.plugin!r}: pack.yaml {kind.section}: is already read by plugin {o.plugin!r}")
        self._kinds[kind.name] = kind

    def remove_plugin(self, plugin: str) -> None:
        for name in [n for n, k in self._kinds.items() if k.plugin == plugin]:
            del self._kinds[name]

    def all(self) -> tuple[Kind, ...]:
        return tuple(self._kinds.values())

    def reserved(self, kind: Kind) -> str | None:
        if kind.file in self._reserved_files:
            return f"{kind.file} is the shell's own file"
        if kind.section in self._reserved_sections:
            return f"pack.yaml {kind.section}: is the shell's own section"
        return None


class KindRegistry:
    """The registry a plugin receives in `kiosk_content_kinds`; it checks every declaration."""

    def __init__(self, kinds: Kinds, plugin: str):
        self._kinds = kinds
        self._plugin = plugin

    def add(self, kind: Kind) -> None:
        who = f"plugin {self._plugin!r}"
        if not isinstance(kind, Kind):
            raise KioskError(f"{who}: content kinds are declared as kiosk.api.Kind, not {type(kind).__name__}")
        if not NAME_RE.match(kind.name or ""):
            raise KioskError(f"{who}: content kind {kind.name!r}: a name is {NAME_RULE}")
        if (kind.file is None) == (kind.section is None):
            raise KioskError(f"{who}: content kind {kind.name!r} needs either a file or a pack.yaml section")
        if kind.file is not None and not re.fullmatch(r"[a-z][a-z0-9_-]*\.yaml", kind.file):
            raise KioskError(f"{who}: content kind {kind.name!r}: file {kind.file!r} must be a name like offers.yaml")
        if kind.section is not None and not NAME_RE.match(kind.section):
            raise KioskError(f"{who}: content kind {kind.name!r}: section {kind.section!r}: a name is {NAME_RULE}")
        if kind.detail is not None and "<id>" not in kind.detail:
            raise KioskError(f"{who}: content kind {kind.name!r}: detail {kind.detail!r} must be a route with <id>")
        if not callable(kind.read):
            raise KioskError(f"{who}: content kind {kind.name!r} needs a read(node, r) function")
        for ref, target in kind.refs.items():
            if not isinstance(ref, str) or not isinstance(target, str):
                raise KioskError(f"{who}: content kind {kind.name!r}: refs map a field name to a kind name")
        kind = Kind(**{**kind.__dict__, "plugin": self._plugin, "refs": MappingProxyType(dict(kind.refs)),
                       "label": kind.label or kind.name})
        why = self._kinds.reserved(kind)
        if why:
            raise KioskError(f"{who}: content kind {kind.name!r}: {why}")
        self._kinds.add(kind)
