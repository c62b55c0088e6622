"""Hooks of the languages plugin: the `languages` route (the header's language button opens it)."""

from kiosk.api import hookimpl


@hookimpl
def kiosk_register_routes(routes):
    # a screen's module is imported when the screen is first shown: it opens Kivy's window, which
    # the start should open only after plugins and content are loaded (docs/performance.md, start)
    routes.add("languages", lambda kiosk: _screens().LanguageScreen(kiosk))


def _screens():
    from . import screens

    return screens
