"""Hooks of the events plugin: routes `events` and `event/<id>`, and a home tile."""

from kiosk import hookimpl
from kiosk.parts import Tile


@hookimpl
def kiosk_register_routes(routes):
    from .screens import EventListScreen, EventScreen

    routes.add("events", EventListScreen)
    routes.add("event/<id>", EventScreen)


@hookimpl
def kiosk_home_tiles(pack, now, t):
    if pack is None:
        return None
    count = len(pack.upcoming_events(now))
    if count == 0:
        return None  # like an empty category: no tile that leads to nothing
    return [Tile(route="events", title=t("events.title"), subtitle=t("events.subtitle"), icon="events", color="#8a4b08", count=count)]
