"""Hooks of the map plugin: its settings, routes, home tile and "show on the map" buttons."""

from pathlib import Path

from kiosk import hookimpl
from kiosk.content.model import Event, Offer, Place
from kiosk.parts import Action, Tile


@hookimpl
def kiosk_configure(config, settings):
    from .tiles import OnlineConfig, configure_online

    block = config.get("online")
    if isinstance(block, str) and not block.strip():
        block = None  # "online:" left empty
    base = Path(settings.path).parent if settings.path else Path.cwd()
    configure_online(OnlineConfig.read(block, base) if block is not None else None)


@hookimpl
def kiosk_register_routes(routes):
    from .screens import MapScreen

    routes.add("map", MapScreen)
    routes.add("map/<place>", MapScreen)


@hookimpl
def kiosk_home_tiles(pack, t):
    if pack is None or pack.map is None:
        return None  # a pack without a map simply has none
    return [Tile(route="map", title=t("map.title"), subtitle=t("map.subtitle"), icon="map", color="#2b6467")]


@hookimpl
def kiosk_item_actions(item, pack, t):
    place = mapped_place(item, pack)
    if place is None:
        return None
    return [Action(route=f"map/{place.id}", label=t("map.show_on_map"), icon="map")]


def mapped_place(item, pack):
    """The place of an offer, event or place that the pack's map can show exactly, or None."""
    if pack is None or pack.map is None:
        return None
    if isinstance(item, Place):
        place = item
    elif isinstance(item, (Offer, Event)):
        place = pack.places.get(item.place)
    else:
        return None
    if place is None or place.approximate or not pack.map.contains(place.lat, place.lon):
        return None
    return place

