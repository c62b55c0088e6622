"""Hooks of the map plugin: its content (pack.yaml's `map:`), settings, routes, home tile and
"show on the map" buttons."""

from pathlib import Path

from kiosk.api import Action, Place, Tile, hookimpl, on_first_use

from .content import KIND


@hookimpl
def kiosk_configure(config, settings):
    from .tiles import OnlineConfig, configure_online

    block = config.get("online")
    if isinstance(block, str) and not block.strip():
        block = None  # "online:" left empty
    base = Path(settings.path).parent if settings.path else Path.cwd()
    configure_online(OnlineConfig.read(block, base) if block is not None else None)


@hookimpl
def kiosk_content_kinds(kinds):
    kinds.add(KIND)


@hookimpl
def kiosk_register_routes(routes):
    routes.add("map", on_first_use(__package__ + ".screens", "MapScreen"))
    routes.add("map/<place>", on_first_use(__package__ + ".screens", "MapScreen"))


@hookimpl
def kiosk_home_tiles(pack, t):
    if pack is None or pack.section("map") is None:
        return None  # a pack without a map simply has none
    return [Tile(route="map", title=t("map.title"), subtitle=t("map.subtitle"), icon="map", color="#2b6467")]


@hookimpl
def kiosk_item_actions(item, pack, t):
    place = mapped_place(item, pack)
    if place is None:
        return None
    return [Action(route=f"map/{place.id}", label=t("map.show_on_map"), icon="map")]


def mapped_place(item, pack):
    """The place of an item (any kind with a `place`), or the place itself, that the pack's map
    can show exactly, or None."""
    info = pack.section("map") if pack else None
    if info is None:
        return None
    place = item if isinstance(item, Place) else pack.places.get(getattr(item, "place", None) or "")
    if place is None or place.approximate or not info.contains(place.lat, place.lon):
        return None
    return place
