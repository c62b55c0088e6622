"""Hooks of the offers plugin: its kind of content, its routes and its home tiles."""

from kiosk.api import Tile, hookimpl

from . import content
from .content import KIND, current_offers


@hookimpl
def kiosk_content_kinds(kinds):
    kinds.add(KIND)


@hookimpl
def kiosk_register_routes(routes):
    # a screen's module is imported when the screen is first shown: it opens Kivy's window, which
    # the start should open only after plugins and content are loaded (docs/performance.md, start)
    routes.add("offers", lambda kiosk: _screens().OfferListScreen(kiosk))
    routes.add("offers/<category>", lambda kiosk: _screens().OfferListScreen(kiosk))
    routes.add("offer/<id>", lambda kiosk: _screens().OfferScreen(kiosk))


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


def _screens():
    from . import screens

    return screens
