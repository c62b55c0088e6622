"""Hooks of the events plugin: its kind of content, routes `events` and `event/<id>`, a home tile."""

from kiosk.api import Tile, hookimpl

from .content import KIND, upcoming_events


@hookimpl
def kiosk_content_kinds(kinds):
    kinds.add(KIND)


@hookimpl
def kiosk_register_routes(routes):
    from .screens import EventListScreen, EventScreen

    routes.add("events", EventListScreen)
    routes.add("event/<id>", EventScreen)


@hookimpl
def kiosk_home_tiles(pack, now, t):
    if pack is None:
        return None
    count = len(upcoming_events(pack, now))
    if count == 0:
        return None  # like an empty category: no tile that leads to nothing
    return [Tile(route="events", title=t("events.title"), subtitle=t("events.subtitle"), icon="events", color="#8a4b08", count=count)]
