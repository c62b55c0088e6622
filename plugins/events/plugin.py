"""Hooks of the events plugin: its kind of content, routes `events` and `event/<id>`, a home tile."""

from kiosk.api import Tile, hookimpl

from .content import KIND, upcoming_events


@hookimpl
def kiosk_content_kinds(kinds):
    kinds.add(KIND)


@hookimpl
def kiosk_register_routes(routes):
    # a screen's module is imported when the screen is first shown: it opens Kivy's window, which
    # the start should open only after plugins and content are loaded (docs/performance.md, start)
    routes.add("events", lambda kiosk: _screens().EventListScreen(kiosk))
    routes.add("event/<id>", lambda kiosk: _screens().EventScreen(kiosk))


@hookimpl
def kiosk_home_tiles(pack, now, t):
    if pack is None:
        return None
    count = len(upcoming_events(pack, now))
    if count == 0:
        return None  # like an empty category: no tile that leads to nothing
    return [Tile(route="events", title=t("events.title"), subtitle=t("events.subtitle"), icon="events", color="#8a4b08", count=count)]


def _screens():
    from . import screens

    return screens
