"""Hooks of the documents plugin: routes `documents` and `document/<id>`, and a home tile."""

from kiosk import hookimpl
from kiosk.parts import Tile


@hookimpl
def kiosk_register_routes(routes):
    from .screens import DocumentListScreen, DocumentScreen

    routes.add("documents", DocumentListScreen)
    routes.add("document/<id>", DocumentScreen)


@hookimpl
def kiosk_home_tiles(pack, t):
    if pack is None or not pack.documents:
        return None
    return [
        Tile(route="documents", title=t("documents.title"), subtitle=t("documents.subtitle"),
             icon="documents", color="#35556e", count=len(pack.documents))
    ]
