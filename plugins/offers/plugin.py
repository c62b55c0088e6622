"""Hooks of the offers plugin: its kind of content, its routes and its home tiles."""

from kiosk.api import Tile, hookimpl, on_first_use

from . import content
from .content import KIND, current_offers


@hookimpl
def kiosk_content_kinds(kinds):
    kinds.add(KIND)


@hookimpl
def kiosk_register_routes(routes):
    routes.add("offers", on_first_use(__package__ + ".screens", "OfferListScreen"))
    routes.add("offers/<category>", on_first_use(__package__ + ".screens", "OfferListScreen"))
    routes.add("offer/<id>", on_first_use(__package__ + ".screens", "OfferScreen"))


@hookimpl
def kiosk_content_changed(pack):
    content.changes += 1  # the lists built from the last content are out of date


@hookimpl
def kiosk_home_tiles(pack, now, lang):
    if pack is None:
        return None
    tiles = []
    default = pack.default_language
    for category in pack.categories:
        count = len(current_offers(pack, now, category.id))
        if count == 0:
            continue
        summary = category.summary.pick(lang, (default, "en"))[0] if category.summary else ""
        tiles.append(
            Tile(
                route=f"offers/{category.id}",
                title=category.title.pick(lang, (default, "en"))[0],
                subtitle=summary,
                icon=category.icon,
                color=category.color,
                count=count,
            )
        )
    return tiles
