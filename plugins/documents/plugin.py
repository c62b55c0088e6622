"""Hooks of the documents plugin: its kind of content, routes `documents` and `document/<id>`,
and a home tile."""

from kiosk.api import Tile, hookimpl

from .content import KIND


@hookimpl
def kiosk_content_kinds(kinds):
    kinds.add(KIND)


@hookimpl
def kiosk_register_routes(routes):
    # a screen's module is imported when the screen is first shown: it opens Kivy's window, which
    # the start should open only after plugins and content are loaded (docs/performance.md, start)
    routes.add("documents", lambda kiosk: _screens().DocumentListScreen(kiosk))
    routes.add("document/<id>", lambda kiosk: _screens().DocumentScreen(kiosk))


@hookimpl
def kiosk_home_tiles(pack, t):
    if pack is None or not pack.items("documents"):
        return None
    return [
        Tile(route="documents", title=t("documents.title"), subtitle=t("documents.subtitle"),
             icon="documents", color="#35556e", count=len(pack.items("documents")))
    ]


def _screens():
    from . import screens

    return screens
