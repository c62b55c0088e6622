"""Hooks of the attract plugin: the `attract` route, shown after the idle reset."""

from kiosk.api import hookimpl


@hookimpl
def kiosk_register_routes(routes):
    from .screens import AttractScreen

    routes.add("attract", AttractScreen)
