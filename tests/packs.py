"""Read a content pack as the kiosk does: with the kinds of content the built-in plugins declare."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=None)
def builtin_kinds(plugin_dirs: tuple = ()) -> tuple:
    from kiosk.plugins import CONTENT, PluginHost
    from kiosk.settings import Settings

    return PluginHost(Settings(), plugin_dirs, start=CONTENT).load().content_kinds()


def load_pack(folder, plugin_dirs: tuple = (), icons=None):
    """(the pack or None, the report), exactly as `kiosk check` reads `folder`."""
    from kiosk.content import load_pack as load

    return load(folder, builtin_kinds(tuple(plugin_dirs)), icons=icons)
