"""Hooks of the languages plugin: the `languages` route (the header's language button opens it)."""

from kiosk.api import hookimpl, on_first_use


@hookimpl
def kiosk_register_routes(routes):
    routes.add("languages", on_first_use(__package__ + ".screens", "LanguageScreen"))
