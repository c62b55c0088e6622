"""Hooks of the documents plugin: its kind of content, routes `documents` and `document/<id>`,
and a home tile."""

from kiosk.api import Tile, hookimpl, on_first_use

from .content import KIND


@hookimpl
def kiosk_content_kinds(kinds):
    kinds.add(KIND)


@hookimpl
def kiosk_register_routes(routes):
    routes.add("documents", on_first_use(__package__ + ".screens", "DocumentListScreen"))
    routes.add("document/<id>", on_first_use(__package__ + ".screens", "DocumentScreen"))


@hookimpl
def kiosk_home_tiles(pack, t):
    if pack is None or not pack.items("documents"):
        return None
    return [
        Tile(route="documents", title=t("documents.title"), subtitle=t("documents.subtitle"),
             icon="documents", color="#35556e", count=len(pack.items("documents")))
    ]
