"""Routes: every screen is reachable by a string such as `offers/counselling` or `offer/<id>`.

Plugins register patterns through a `Routes` registry; the `RouteTable` turns a route string into
the pattern that serves it and its parameters.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from typing import Callable

from kiosk.content.kinds import NAME_RE, NAME_RULE
from kiosk.errors import KioskError, NotFound

_PARAM = re.compile(r"^<([a-z_]+)>$")
_VALUE = re.compile(r"^[A-Za-z0-9_.-]+$")


def on_first_use(module: str, name: str) -> Callable:
    """A screen factory that imports `module` when its screen is first built, not when the
    plugin loads: a screens module imports Kivy's window, which the start opens only after the
    plugins and the content are loaded (docs/performance.md, start). For example
    `routes.add("repairs", on_first_use(__package__ + ".screens", "RepairScreen"))`."""

    def factory(kiosk):
        return getattr(importlib.import_module(module), name)(kiosk)

    factory.__qualname__ = f"on_first_use({module!r}, {name!r})"
    return factory


@dataclass(frozen=True)
class RouteSpec:
    pattern: str
    name: str
    params: tuple[str, ...]
    factory: Callable
    plugin: str


class RouteTable:
    """All registered routes, by their first word and number of parts."""

    def __init__(self):
        self._specs: dict[tuple[str, int], RouteSpec] = {}

    def registry(self, plugin: str) -> "Routes":
        return Routes(self, plugin)

    def add(self, spec: RouteSpec) -> None:
        key = (spec.name, len(spec.params))
        other = self._specs.get(key)
        if other is not None:
            raise KioskError(
                f"plugin {spec.plugin!r}: route {spec.pattern!r} is already served by plugin {other.plugin!r}"
            )
        self._specs[key] = spec

    def remove_plugin(self, plugin: str) -> None:
        for key in [k for k, s in self._specs.items() if s.plugin == plugin]:
            del self._specs[key]

    def specs(self) -> list[RouteSpec]:
        return list(self._specs.values())

    def resolve(self, route: str) -> tuple[RouteSpec, dict[str, str]]:
        """The spec serving `route` and its parameters; NotFound when nothing serves it."""
        parts = [p for p in route.strip().strip("/").split("/") if p]
        if not parts:
            raise NotFound(f"empty route {route!r}")
        spec = self._specs.get((parts[0], len(parts) - 1))
        if spec is None or not all(_VALUE.match(p) for p in parts[1:]):
            raise NotFound(f"unknown route {route!r}")
        return spec, dict(zip(spec.params, parts[1:]))


class Routes:
    """The registry a plugin receives in `kiosk_register_routes`; it checks every pattern."""

    def __init__(self, table: RouteTable, plugin: str):
        self._table = table
        self._plugin = plugin

    def add(self, pattern: str, factory: Callable) -> None:
        parts = pattern.strip("/").split("/")
        if not NAME_RE.match(parts[0]):
            raise KioskError(f"plugin {self._plugin!r}: route {pattern!r} must start with a word: {NAME_RULE}")
        params = []
        for part in parts[1:]:
            match = _PARAM.match(part)
            if not match:
                raise KioskError(f"plugin {self._plugin!r}: route {pattern!r}: {part!r} must look like <name>")
            params.append(match[1])
        if not callable(factory):
            raise KioskError(f"plugin {self._plugin!r}: route {pattern!r} needs a screen factory, got {factory!r}")
        self._table.add(RouteSpec(pattern, parts[0], tuple(params), factory, self._plugin))
