"""The base class of every screen: shown by route, refreshed on language or content changes."""

from __future__ import annotations

from kivy.properties import ObjectProperty, StringProperty
from kivy.uix.screenmanager import Screen


class KioskScreen(Screen):
    """A screen served by a route. Subclasses fill themselves in `show(**params)` from the
    kiosk's current pack, language and time, and raise `kiosk.errors.NotFound` for an id that
    does not exist. `show` runs again with the same parameters when the language or the content
    changes, so a screen never needs its own "refresh all labels" code.

    Events: `on_shown` after the screen was filled and made current.
    """

    __events__ = ("on_shown",)

    kiosk = ObjectProperty(None, allownone=True)
    """`kiosk` is an ObjectProperty and defaults to None: the running KioskApp."""
    title = StringProperty("")
    """`title` is a StringProperty and defaults to '': shown in the header."""
    plugin = StringProperty("")
    """`plugin` is a StringProperty: the name of the plugin that serves this screen."""

    def __init__(self, kiosk=None, **kwargs):
        super().__init__(**kwargs)
        self.kiosk = kiosk
        self.params: dict = {}

    def show(self, **params) -> None:
        """Fill the screen for these route parameters (override)."""

    def reset(self) -> None:
        """Forget what the last visitor did here: filters, scroll positions, open cards."""

    def t(self, key: str, **values) -> str:
        """The interface string `key` in the screen's language."""
        return self.kiosk.t(key, **values)

    def on_shown(self) -> None:
        pass
