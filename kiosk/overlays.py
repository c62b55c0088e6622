"""Panels that open above whatever screen is shown: the "still there?" notice, the PIN pad."""

from __future__ import annotations

from kivy.properties import NumericProperty, ObjectProperty, StringProperty
from kivy.uix.floatlayout import FloatLayout

from kiosk.uix import load_kv


class Overlay(FloatLayout):
    """A layer over the whole window that takes every touch, so nothing underneath reacts.

    Open and close it with `KioskApp.open_overlay` / `close_overlay`; a visitor reset closes all."""

    kiosk = ObjectProperty(None, allownone=True)
    """`kiosk` is an ObjectProperty: the running KioskApp."""

    def __init__(self, kiosk=None, **kwargs):
        load_kv(__file__, "overlays.kv")
        super().__init__(**kwargs)
        self.kiosk = kiosk

    def on_touch_down(self, touch):
        super().on_touch_down(touch)
        return True

    def on_touch_move(self, touch):
        super().on_touch_move(touch)
        return True

    def on_touch_up(self, touch):
        super().on_touch_up(touch)
        return True


class StillThere(Overlay):
    """"Are you still there?" with the seconds left; any touch dismisses it (IdleWatch does)."""

    seconds = NumericProperty(10)
    """`seconds` is a NumericProperty: whole seconds left before the reset."""


class PinPad(Overlay):
    """Digits for the administrator's PIN; `submit_to(pin)` is called with what was typed."""

    entered = StringProperty("")
    """`entered` is a StringProperty: the digits typed so far (shown as dots)."""
    message = StringProperty("")
    """`message` is a StringProperty: what went wrong, or what to do."""
    submit_to = ObjectProperty(None, allownone=True)
    """`submit_to` is an ObjectProperty: called with the PIN when OK is pressed."""

    def press(self, key: str) -> None:
        if key == "delete":
            self.entered = self.entered[:-1]
        elif key == "ok":
            pin, self.entered = self.entered, ""
            if self.submit_to is not None:
                self.submit_to(pin)
        elif len(self.entered) < 12:
            self.entered += key

    def cancel(self) -> None:
        self.kiosk.close_overlay(self)
