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
    topic = StringProperty("")
    """`topic` is a StringProperty and defaults to '': what the screen is about, for the usage
    figures (a category id, say); never anything about the visitor."""
    fullscreen = BooleanProperty(False)
    """`fullscreen` is a BooleanProperty and defaults to False: True hides the header while this
    screen shows (the attract loop)."""

    def __init__(self, kiosk=None, **kwargs):
        self.stale_labels: set = set()  # labels changed while the screen was hidden (kiosk.uix.KLabel)
        super().__init__(**kwargs)
        self.kiosk = kiosk
        self.params: dict = {}
        self._later: list = []  # steps of filling the screen still to come, one a frame (`later`)
        self._later_event = None
        self._kept: dict = {}  # slot -> the widget made for it (`kept`)
        self.shown = False  # `show` has filled the screen once
        self.again = False  # while `show` runs: it shows the same parameters as the last time

    def on_parent(self, _screen, parent) -> None:
        if parent is not None and self.stale_labels:
            stale, self.stale_labels = self.stale_labels, set()
            for label in stale:
                label.shown_again()

    def show(self, **params) -> None:
        """Fill the screen for these route parameters (override)."""

    def later(self, step) -> None:
        """Run `step()` in a frame of its own after the one that shows the screen, after the
        steps queued before it.

        A screen shows at once what a visitor reads first, and builds what comes below it in
        the next frames: the offer screen its facts in the frame that answers the tap, then the
        week's hours, its codes and buttons, and its description (bench/tap). The steps still
        queued are dropped when `show` runs again, when the screen is left and when it is reset;
        `building` says some are.

        When `show` fills the screen again for what it showed already (after a language switch
        or new content: `again`), `step` runs at once: the screen changes whole, never with half
        of it still in the language before."""
        if self.again:
            step()
            return
        self._later.append(step)
        if len(self._later) == 1:  # the first step waits for the frame that shows the screen
            from kivy.core.window import Window

            Window.fbind("on_flip", self._flipped)

    def _flipped(self, *_) -> None:
        from kivy.core.window import Window

        Window.funbind("on_flip", self._flipped)
        if self._later:
            self._next_frame()

    def _next_frame(self) -> None:
        if self._later_event is None:
            from kivy.clock import Clock

            self._later_event = Clock.create_trigger(self._run_later, 0)
        self._later_event()

    @property
    def building(self) -> bool:
        """Steps queued by `later` are still to run."""
        return bool(self._later)

    def drop_later(self) -> None:
        """Forget the steps `later` queued (the shell calls this before `show` and on leaving)."""
        if self._later:
            from kivy.core.window import Window

            Window.funbind("on_flip", self._flipped)
        self._later.clear()
        if self._later_event is not None:
            self._later_event.cancel()

    def _run_later(self, _dt) -> None:
        if not self._later:
            return
        step = self._later.pop(0)
        if self._later:
            self._next_frame()
        try:
            step()
        except Exception as exc:  # as in `show`: the plugin is switched off, the visitor goes home
            self.drop_later()
            self.kiosk.screen_failed(self, exc)

    def clear(self, *containers) -> None:
        """Empty `containers`: what they held is not drawn again, unless `kept` takes it back.
        Their labels stay bound to the language (right to left or not) until they are collected,
        and would otherwise each be laid out and rendered once more on the next switch
        (bench/language)."""
        for container in containers:
            for child in container.children:
                for widget in child.walk(restrict=True):
                    if hasattr(widget, "discarded"):
                        widget.discarded = True
            container.clear_widgets()

    def kept(self, slot: str, cls, **props):
        """The widget made for `slot` the last time this screen was filled, with `props` set, or a
        new `cls(**props)` the first time; add it to a container as a new one would be.

        For a screen filled again and again in the same shape (an offer after another offer):
        building its widgets and applying their kv rules was a fifth of a list row's tap
        (bench/tap), and a label whose text is the same as before is not drawn again. Give a slot
        the same `props` names every time (what is not given keeps its last value), and every
        widget of one filling a slot of its own ("fact0", "fact1", ...): a slot's widget is
        taken off wherever it is. Works with `clear`: what it took off comes back drawn anew if
        the language changed meanwhile."""
        widget = self._kept.get(slot)
        if type(widget) is not cls:
            widget = self._kept[slot] = cls(**props)
            return widget
        if widget.parent is not None:
            widget.parent.remove_widget(widget)
        for part in widget.walk(restrict=True):
            if getattr(part, "discarded", False):
                part.take_back()
        for name, value in props.items():
            setattr(widget, name, value)
        return widget

    def reset(self) -> None:
        """Forget what the last visitor did here: filters, scroll positions, open cards.
        This one scrolls every scrolled view of the screen back to its top; a subclass that
        has more to forget calls it too."""
        from kivy.uix.scrollview import ScrollView

        from kiosk.uix import scroll_to_top

        self.drop_later()
        for widget in self.walk(restrict=True):
            if isinstance(widget, ScrollView):
                scroll_to_top(widget)

    def item_widgets(self, item) -> list:
        """What other plugins add to `item`'s detail screen (the QR codes, for one)."""
        return self.kiosk.item_widgets(item)

    def item_actions(self, item) -> list:
        """Buttons for what other plugins offer for `item` (e.g. "show on map")."""
        from kiosk.uix import KButton

        kiosk = self.kiosk
        buttons = []
        for action in kiosk.item_actions(item):
            button = KButton(text=action.label, icon=action.icon)
            button.bind(on_release=lambda _b, route=action.route: kiosk.navigate(route))
            buttons.append(button)
        return buttons

    def spoken(self) -> list[tuple[str, str]]:
        """What reading this screen aloud says: (text, language) pairs, top to bottom.

        By default the texts of its visible labels in reading order; a screen with more to say
        (or less) overrides this."""
        from kivy.uix.label import Label

        found = []
        for widget in self.walk(restrict=True):
            if isinstance(widget, Label) and widget.text and widget.font_name != "KioskIcons" and visible(widget):
                found.append((widget.text, getattr(widget, "lang", "") or self.kiosk.lang))
        return found

    def t(self, key: str, **values) -> str:
        """The interface string `key` in the screen's language."""
        return self.kiosk.t(key, **values)

    def on_shown(self) -> None:
        pass


def visible(widget) -> bool:
    """Not faded out, and not inside a parent that is."""
    while widget is not None:
        if getattr(widget, "opacity", 1) <= 0:
            return False
        parent = widget.parent
        widget = parent if parent is not widget else None
    return True
