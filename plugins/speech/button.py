"""The speaker button in the header (its drawing is in speech.kv)."""

from __future__ import annotations

from kivy.properties import BooleanProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.widget import Widget

from kiosk.api import load_kv


class SpeakerButton(ButtonBehavior, Widget):
    """A loudspeaker while silent, a stop square while it plays."""

    playing = BooleanProperty(False)
    """`playing` is a BooleanProperty and defaults to False: True while its speech plays."""
    label = StringProperty("")
    """`label` is a StringProperty: what the button does, in the screen's language (for tests
    and assistive descriptions; the button itself shows no text)."""

    def __init__(self, **kwargs):
        load_kv(__file__, "speech.kv")
        super().__init__(**kwargs)
