"""The plugin host: finds, registers, calls and contains plugins.

Discovery order: the built-in plugins (`DEFAULT_PLUGINS`, the folders of `plugins/`), the
`kiosk` entry-point group, the folders in kiosk.yaml's `plugins.folders`, then each
`--plugins-dir`; then blocking by name (`plugins.blocked`). A plugin folder holds one sub-folder
per plugin: a Python package, registered under the sub-folder's name, whose hooks are taken from
its `plugin.py` (or from `__init__.py` when there is no `plugin.py`), and whose interface strings
are its `strings.yaml`. Every name follows one rule (`kiosk.content.kinds.NAME_RULE`), so the name
`kiosk plugins` shows is always one `plugins.blocked` takes. Blocked plugins are never imported.

pluggy checks what it can: an implementation of a hook that does not exist (a typo) switches the
plugin off, naming the closest real hook; a plugin that implements no hook is listed with a
warning. A plugin that fails to import, or raises in a hook, is switched off and reported; the
others go on.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import importlib.util
import logging
import sys
import traceback
import types
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pluggy

from kiosk import hookspecs
from kiosk.commands import Commands
from kiosk.content.kinds import NAME_RE, NAME_RULE, Kinds
from kiosk.errors import KioskError
from kiosk.routes import RouteTable
from kiosk.schema import did_you_mean

log = logging.getLogger("kiosk.plugins")

BUILTIN_DIR = Path(__file__).resolve().parent.parent / "plugins"
DEFAULT_PLUGINS = ("offers", "events", "documents", "map", "languages", "qr", "attract")
"""The built-in plugins, registered exactly as a third party's; a missing folder is left out."""
ENTRY_POINT_GROUP = "kiosk"
_NAMESPACE = "kiosk_plugins"
HOOKS = tuple(name for name in vars(hookspecs) if name.startswith("kiosk_"))
STARTUP = ("kiosk_configure", "kiosk_content_kinds", "kiosk_register_routes", "kiosk_commands")
HEADLESS = ("kiosk_configure", "kiosk_content_kinds", "kiosk_commands")
"""Start-up without a window (a plugin's command): no screens are asked for."""
CONTENT = ("kiosk_content_kinds",)
"""Start-up to read content only (`kiosk check`): nothing is configured or registered."""
SHELL_FILES = ("pack.yaml", "places.yaml", "providers.yaml")


@dataclass
class PluginInfo:
    """One plugin as `kiosk plugins` lists it."""

    name: str
    source: str
    path: Path | None = None
    state: str = "active"  # active, blocked, failed
    error: str = ""
    warning: str = ""
    module: object = None
    hooks: list[str] = field(default_factory=list)

    @property
    def active(self) -> bool:
        return self.state == "active"


class PluginHost:
    """Owns the pluggy manager, the route table and the state of every plugin."""

    def __init__(self, settings, plugin_dirs=(), start=STARTUP):
        self.settings = settings
        self.start = start  # the start-up hooks to call: all for a kiosk, fewer without a window
        self.extra_dirs = tuple(Path(d).resolve() for d in plugin_dirs)  # the command line's, beyond kiosk.yaml's
        self.plugin_dirs = tuple(settings.plugin_folders) + self.extra_dirs
        self.pm = pluggy.PluginManager("kiosk")
        self.pm.add_hookspecs(hookspecs)
        self.routes = RouteTable()
        self.kinds = Kinds(reserved_files=SHELL_FILES, reserved_sections=_shell_sections())
        self.commands = Commands()
        self.called: Counter = Counter()  # hook name -> calls made, for tests and `-v` tracing
        self.plugins: dict[str, PluginInfo] = {}
        self.rejected: list[PluginInfo] = []  # duplicates: same name found twice
        self.listeners: list = []  # called with (info) when a plugin is switched off
        self.blocked = set(settings.plugins_blocked)

    # -- discovery --------------------------------------------------------------------------------

    def load(self) -> "PluginHost":
        for name, source, path, importer in self._candidates():
            if name in self.plugins:
                first = self.plugins[name]
                self.rejected.append(
                    PluginInfo(name, source, path, "failed", f"name already taken by the plugin from {first.source}")
                )
                log.error("plugin %r from %s ignored: the name is taken by %s", name, source, first.source)
                continue
            info = PluginInfo(name, source, path)
            if not NAME_RE.match(name):
                info.state, info.error = "failed", f"the name {name!r} is not a plugin name: a name is {NAME_RULE}"
                self.rejected.append(info)
                log.error("plugin from %s ignored: %s", source, info.error)
                continue
            self.plugins[name] = info
            if name in self.blocked:
                info.state = "blocked"
                continue
            self._import(info, importer)
        self._order()
        for info in self.active():
            self._start(info)
        return self

    def _candidates(self):
        for name in DEFAULT_PLUGINS:
            sub = BUILTIN_DIR / name
            if (sub / "__init__.py").is_file():
                yield name, "built-in", sub, (lambda sub=sub: _import_package(sub))
        # a folder added to plugins/ beside the defaults is a built-in too
        yield from (c for c in self._folder(BUILTIN_DIR, "built-in") if c[0] not in DEFAULT_PLUGINS)
        for ep in _entry_points():
            yield ep.name, f"entry point {ep.value}", None, ep.load
        for folder in self.plugin_dirs:
            yield from self._folder(folder, f"folder {folder}")

    def _folder(self, folder: Path, source: str):
        if not folder.is_dir():
            if source != "built-in":
                log.error("plugin folder %s does not exist", folder)
            return
        for sub in sorted(p for p in folder.iterdir() if p.is_dir() and (p / "__init__.py").is_file()):
            yield sub.name, source, sub, (lambda sub=sub: _import_package(sub))

    def _import(self, info: PluginInfo, importer) -> None:
        try:
            module = importer()
            if info.path is None and getattr(module, "__file__", None):
                info.path = Path(module.__file__).parent
            self.pm.register(module, name=info.name)
        except (Exception, SystemExit) as exc:  # an import can raise anything; the kiosk goes on
            self._mark_failed(info, f"import failed: {_describe(exc)}", exc)
            return
        info.module = module
        callers = self.pm.get_hookcallers(module) or ()
        unknown = sorted(h.name for h in callers if h.spec is None)
        if unknown:
            hint = did_you_mean(unknown[0], HOOKS)
            self._mark_failed(info, f"implements {unknown[0]!r}, which is not a hook{hint}", None)
            info.module = None
            return
        info.hooks = sorted(h.name for h in callers)
        unmarked = sorted(n for n, f in vars(module).items()
                          if n.startswith("kiosk_") and callable(f) and n not in info.hooks)
        if unmarked:
            info.warning = f"{unmarked[0]} is not marked @hookimpl, so it is never called"
        elif not info.hooks:
            info.warning = "implements no hook: it does nothing"
        if info.warning:
            log.warning("plugin %r: %s", info.name, info.warning)

    def _order(self) -> None:
        order = self.settings.plugin_order
        if not order:
            return
        rank = {name: i for i, name in enumerate(order)}
        items = sorted(self.plugins.items(), key=lambda kv: rank.get(kv[0], len(rank)))
        self.plugins = dict(items)
        for name in order:
            if name not in self.plugins:
                log.warning("kiosk.yaml plugins.order names %r, but no such plugin was found", name)

    def _start(self, info: PluginInfo) -> None:
        config = dict(self.settings.plugin_config.get(info.name, {}) or {})
        for hook, arguments in (
            ("kiosk_configure", {"config": config, "settings": self.settings}),
            ("kiosk_content_kinds", {"kinds": self.kinds.registry(info.name)}),
            ("kiosk_register_routes", {"routes": self.routes.registry(info.name)}),
            ("kiosk_commands", {"commands": self.commands.registry(info.name)}),
        ):
            if info.active and hook in self.start:
                self.call_one(info, hook, **arguments)

    def content_kinds(self) -> tuple:
        """The kinds of content the active plugins read, in plugin order."""
        return self.kinds.all()

    # -- calling -----------------------------------------------------------------------------------

    def active(self) -> list[PluginInfo]:
        return [p for p in self.plugins.values() if p.active]

    def all(self) -> list[PluginInfo]:
        return list(self.plugins.values()) + self.rejected

    def call(self, hook: str, **kwargs) -> list:
        """Call `hook` on every active plugin in order; collect the non-None results."""
        results = []
        for info in self.active():
            result = self.call_one(info, hook, **kwargs)
            if result is not None:
                results.append(result)
        return results

    def call_one(self, info: PluginInfo, hook: str, **kwargs):
        self.called[hook] += 1
        caller = getattr(self.pm.hook, hook)
        for impl in caller.get_hookimpls():
            if impl.plugin_name != info.name:
                continue
            try:
                return impl.function(*(kwargs[a] for a in impl.argnames))
            except (Exception, SystemExit) as exc:  # contained: the plugin is switched off, the kiosk goes on
                self.fail(info.name, f"{hook} raised {_describe(exc)}", exc)
                return None
        return None

    def fail(self, name: str, why: str, exc: BaseException | None = None) -> None:
        """Switch plugin `name` off and report why; its routes and tiles disappear."""
        info = self.plugins.get(name)
        if info is None or info.state == "failed":
            return
        self._mark_failed(info, why, exc)
        for listener in list(self.listeners):
            listener(info)

    def _mark_failed(self, info: PluginInfo, why: str, exc: BaseException | None) -> None:
        info.state = "failed"
        info.error = why
        if info.module is not None and self.pm.is_registered(info.module):
            self.pm.unregister(info.module)
        self.routes.remove_plugin(info.name)
        self.kinds.remove_plugin(info.name)
        detail = "".join(traceback.format_exception(exc)) if exc else ""
        log.error("plugin %r switched off: %s\n%s", info.name, why, detail)

    def set_blocked(self, name: str, blocked: bool) -> PluginInfo:
        """Switch a plugin off (blocked) or on again (also after it failed), while the kiosk runs."""
        info = self.plugins.get(name)
        if info is None:
            raise KioskError(f"no plugin named {name!r}")
        if blocked and info.state != "blocked":
            if info.module is not None and self.pm.is_registered(info.module):
                self.pm.unregister(info.module)
            self.routes.remove_plugin(name)
            self.kinds.remove_plugin(name)
            info.state, info.error = "blocked", ""
            for listener in list(self.listeners):
                listener(info)
        elif not blocked and info.state in ("blocked", "failed"):  # a failed one gets another try
            info.state, info.error = "active", ""
            if info.module is None:
                importer = (lambda: _import_package(info.path, fresh=True)) if info.path else None
                if importer is None:
                    raise KioskError(f"plugin {name!r} cannot be imported again")
                self._import(info, importer)
            elif not self.pm.is_registered(info.module):
                self.pm.register(info.module, name=name)
            if info.active:
                self._start(info)
        return info


def _shell_sections() -> tuple[str, ...]:
    from kiosk.content.loader import HEAD_FIELDS

    return HEAD_FIELDS


def _entry_points():
    try:
        return list(importlib.metadata.entry_points(group=ENTRY_POINT_GROUP))
    except Exception as exc:  # broken metadata of some installed package
        log.error("could not read the %r entry points: %s", ENTRY_POINT_GROUP, _describe(exc))
        return []


def _import_package(folder: Path, fresh: bool = False):
    """Import the package in `folder` as kiosk_plugins.<name>; return its hook module. Imported
    once per process; `fresh` imports it again (a plugin switched on after it failed)."""
    if _NAMESPACE not in sys.modules:
        namespace = types.ModuleType(_NAMESPACE)
        namespace.__path__ = []
        sys.modules[_NAMESPACE] = namespace
    name = f"{_NAMESPACE}.{folder.name}"
    known = sys.modules.get(name)
    if not fresh and known is not None and Path(known.__file__).resolve().parent == folder.resolve():
        return sys.modules.get(name + ".plugin", known)
    for key in [k for k in sys.modules if k == name or k.startswith(name + ".")]:
        del sys.modules[key]
    spec = importlib.util.spec_from_file_location(
        name, folder / "__init__.py", submodule_search_locations=[str(folder)]
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
        if (folder / "plugin.py").is_file():
            return importlib.import_module(name + ".plugin")
    except BaseException:
        sys.modules.pop(name, None)
        raise
    return module


def _describe(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__
