"""Put a kiosk together from its settings: content, plugins, strings and clock."""

from __future__ import annotations

import logging
from pathlib import Path

from kiosk.clock import FixedClock, SystemClock
from kiosk.content import cache as packcache
from kiosk.content import load_pack
from kiosk.content.fields import DEFAULT_ZONE
from kiosk.i18n import Catalog
from kiosk.plugins import PluginHost

log = logging.getLogger("kiosk")

SHELL_STRINGS = Path(__file__).with_name("strings.yaml")
ADMIN_STRINGS = Path(__file__).with_name("admin.yaml")


def load_content(settings, host):
    """The active pack, or None (each problem logged) when it has errors."""
    return check_content(settings, host)[0]


def read_pack(folder, kinds, apart=None):
    """(pack or None, report): `load_pack` as the kiosk reads its packs, with the shell's icon
    names and through the cache of checked packs (`kiosk run`, `kiosk check`, the reload).
    With `apart` (a kiosk.content.apart.Apart), a large pack is checked in a child process."""
    if apart is not None:
        return apart.read(folder, kinds, _icon_names(), packcache.in_use())
    return load_pack(folder, kinds, icons=_icon_names(), cache=packcache.in_use())


def check_content(settings, host):
    """(the active pack or None, its number of warnings), each problem logged; read with the
    kinds of content the host's active plugins declare."""
    if settings.pack is None:
        log.error("kiosk.yaml names no content pack (content.pack)")
        return None, 0
    pack, report = read_pack(settings.pack, host.content_kinds())
    for problem in report.problems:
        (log.warning if problem.warning else log.error)("%s", problem)
    if pack is None:
        log.error("content pack %s has errors: run `kiosk check` to see them", settings.pack)
    return pack, len(report.warnings)


def context(settings, host, state_dir=None):
    """What a plugin's command works with (`kiosk_commands`): settings, the checked pack,
    strings and the plugins (a host started with HEADLESS), without a window."""
    from kiosk import paths
    from kiosk.commands import Context

    state_dir = state_dir or paths.state_dir()
    pack, _warnings = check_content(settings, host)
    clock = SystemClock(pack.timezone if pack else DEFAULT_ZONE)
    return Context(settings=settings, pack=pack, catalog=catalog_for(host), host=host, clock=clock,
                   state_dir=state_dir)


def catalog_for(host) -> Catalog:
    catalog = Catalog()
    catalog.load("shell", SHELL_STRINGS)
    catalog.load("admin", ADMIN_STRINGS)
    for info in host.plugins.values():
        if info.path is not None and (info.path / "strings.yaml").is_file():
            catalog.load(info.name, info.path / "strings.yaml")
    return catalog


def build(settings, plugin_dirs=(), now=None, lang=None):
    """A KioskApp, not yet running. Call `kiosk.boot.prepare()` first."""
    from kiosk import boot
    from kiosk import watchdog
    from kiosk.logbook import Logbook

    Logbook.attach()  # before anything is loaded: start-up warnings and errors reach the admin panel
    host = PluginHost(settings, plugin_dirs)
    frozen = watchdog.frozen_plugins(boot.state)
    host.blocked |= set(frozen)  # never imported: it would freeze the kiosk again
    watchdog.watch_threads(host)  # a plugin's thread that fails, even while plugins start, is blamed on it
    host.load()
    for name, why in frozen.items():
        if name in host.plugins:
            host.plugins[name].error = why
            log.error("plugin %r is off: it %s before; an administrator can switch it on in the admin panel", name, why)
    pack, warnings = check_content(settings, host)
    zone = pack.timezone if pack else DEFAULT_ZONE
    clock = FixedClock(now, zone) if now is not None else SystemClock(zone)
    if lang:
        settings = settings.with_(language=lang)
    from kiosk.app import KioskApp  # opens the window (kivy.core.window): after what needs none

    return KioskApp(
        settings, host, catalog_for(host), pack, clock, rtl_supported=boot.rtl_supported,
        state_dir=boot.state, start_warnings=warnings,
    )


def _icon_names():
    from kiosk.assets import icons

    try:
        return set(icons())
    except Exception as exc:  # a broken assets/icons.yaml must not stop content loading
        log.error("cannot read the icon list: %s", exc)
        return None
