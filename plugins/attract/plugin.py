"""Hooks of the attract plugin: the `attract` route, shown after the idle reset."""

from kiosk.api import hookimpl, on_first_use


@hookimpl
def kiosk_register_routes(routes):
    routes.add("attract", on_first_use(__package__ + ".screens", "AttractScreen"))
