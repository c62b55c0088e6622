"""Hooks of the events plugin: its kind of content, routes `events` and `event/<id>`, a home tile."""

from kiosk.api import Tile, hookimpl, on_first_use

from .content import KIND, upcoming_events


@hookimpl
def kiosk_content_kinds(kinds):
    kinds.add(KIND)


@hookimpl
def kiosk_register_routes(routes):
    routes.add("events", on_first_use(__package__ + ".screens", "EventListScreen"))
    routes.add("event/<id>", on_first_use(__package__ + ".screens", "EventScreen"))


@hookimpl
def kiosk_home_tiles(pack, now, t):
    if pack is None:
        return None
    count = len(upcoming_events(pack, now))
    if count == 0:
        return None  # like an empty category: no tile that leads to nothing
    return [Tile(route="events", title=t("events.title"), subtitle=t("events.subtitle"), icon="events", color="#8a4b08", count=count)]
