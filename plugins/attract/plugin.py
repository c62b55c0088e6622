"""Hooks of the attract plugin: the `attract` route, shown after the idle reset."""

from kiosk.api import hookimpl


@hookimpl
def kiosk_register_routes(routes):
    # a screen's module is imported when the screen is first shown: it opens Kivy's window, which
    # the start should open only after plugins and content are loaded (docs/performance.md, start)
    routes.add("attract", lambda kiosk: _screens().AttractScreen(kiosk))


def _screens():
    from . import screens

    return screens
