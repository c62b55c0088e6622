"""The base class of every screen: shown by route, refreshed on language or content changes."""

from __future__ import annotations

from kivy.properties import BooleanProperty, ObjectProperty, StringProperty
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
    fullscreen = BooleanProperty(False)
    """`fullscreen` is a BooleanProperty and defaults to False: True hides the header while this
    screen shows (the attract loop)."""

    def __init__(self, kiosk=None, **kwargs):
        super().__init__(**kwargs)
        self.kiosk = kiosk
        self.params: dict = {}

    def show(self, **params) -> None:
        """Fill the screen for these route parameters (override)."""

    def reset(self) -> None:
        """Forget what the last visitor did here: filters, scroll positions, open cards.
        This one scrolls every scrolled view of the screen back to its top; a subclass that
        has more to forget calls it too."""
        from kivy.uix.scrollview import ScrollView

        from kiosk.uix import scroll_to_top

        for widget in self.walk(restrict=True):
            if isinstance(widget, ScrollView):
                scroll_to_top(widget)

    def item_widgets(self, item) -> list:
        """What other plugins add to `item`'s detail screen (the QR codes, for one)."""
        kiosk = self.kiosk
        results = kiosk.host.call("kiosk_item_widgets", item=item, pack=kiosk.pack, kiosk=kiosk)
        return [widget for result in results for widget in result]

    def item_actions(self, item) -> list:
        """Buttons other plugins offer for `item` (e.g. "show on map"), for routes that exist."""
        from kiosk.uix import KButton

        kiosk = self.kiosk
        buttons = []
        for result in kiosk.host.call("kiosk_item_actions", item=item, pack=kiosk.pack, t=kiosk.t):
            for action in result:
                if kiosk.has_route(action.route):
                    button = KButton(text=action.label, icon=action.icon)
                    button.bind(on_release=lambda _b, route=action.route: kiosk.navigate(route))
                    buttons.append(button)
        return buttons

    def t(self, key: str, **values) -> str:
        """The interface string `key` in the screen's language."""
        return self.kiosk.t(key, **values)

    def on_shown(self) -> None:
        pass
