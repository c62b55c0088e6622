"""Hooks of the languages plugin: the `languages` route (the header's language button opens it)."""

from kiosk.api import hookimpl


@hookimpl
def kiosk_register_routes(routes):
    from .screens import LanguageScreen

    routes.add("languages", LanguageScreen)
