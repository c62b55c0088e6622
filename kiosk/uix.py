"""Widgets every screen shares: direction-aware labels and rows, icons, buttons, tiles.

Their look is in `kiosk.kv`; a plugin's `.kv` builds on these classes. Right-to-left is handled
here once: a `KLabel` takes its paragraph direction and alignment from its language, and a `Row`
mirrors the order of its children when the screen's language is written right to left.
"""

from __future__ import annotations

from pathlib import Path

from kivy.lang import Builder
from kivy.properties import BooleanProperty, ListProperty, NumericProperty, OptionProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.label import Label

_loaded: set[str] = set()


def load_kv(module_file: str, name: str) -> None:
    """Load the .kv file `name` next to `module_file`, once per process."""
    path = str(Path(module_file).resolve().with_name(name))
    if path not in _loaded:
        Builder.load_file(path)
        _loaded.add(path)


class KLabel(Label):
    """A label in the kiosk's font. `lang` is the language of its text ('' = the screen's), and
    decides its direction: right-to-left text is shaped, ordered and aligned right."""

    lang = StringProperty("")
    """`lang` is a StringProperty and defaults to '' (the screen's language)."""
    align = OptionProperty("start", options=("start", "end", "center"))
    """`align` is an OptionProperty and defaults to 'start': the side a line begins on in the
    screen's direction (left, or right in Arabic and Persian); 'end' is the other side. Set this,
    not `halign`, which the kv derives from it whenever the direction changes."""


class Icon(Label):
    """A glyph of the icon font, by name (see assets/icons.yaml)."""

    icon = StringProperty("info")
    """`icon` is a StringProperty and defaults to 'info'."""


class Row(BoxLayout):
    """A horizontal BoxLayout that lays its children out right to left when `mirrored`."""

    mirrored = BooleanProperty(False)
    """`mirrored` is a BooleanProperty and defaults to False; the kv binds it to `app.rtl`."""

    def on_mirrored(self, *_):
        self._trigger_layout()

    def do_layout(self, *args):
        super().do_layout(*args)
        if self.mirrored:
            for child in self.children:
                child.x = self.x + (self.right - child.right)


class KButton(ButtonBehavior, BoxLayout):
    """A large touch target with an icon and a label; `color` is its background."""

    text = StringProperty("")
    """`text` is a StringProperty and defaults to ''."""
    icon = StringProperty("")
    """`icon` is a StringProperty and defaults to '' (no icon)."""
    color = ListProperty([0.11, 0.31, 0.57, 1])
    """`color` is a ListProperty (rgba) and defaults to a dark blue."""
    text_color = ListProperty([1, 1, 1, 1])
    """`text_color` is a ListProperty (rgba) and defaults to white."""
    font_size = NumericProperty(0)
    """`font_size` is a NumericProperty; 0 means the kv default."""


class Tile(ButtonBehavior, BoxLayout):
    """A home-screen tile: icon, title, subtitle and an optional count, on a coloured ground."""

    route = StringProperty("")
    title = StringProperty("")
    subtitle = StringProperty("")
    icon = StringProperty("info")
    count = StringProperty("")
    color = ListProperty([0.11, 0.31, 0.57, 1])


def hex_color(value: str, alpha: float = 1.0) -> list[float]:
    value = value.lstrip("#")
    return [int(value[i:i + 2], 16) / 255 for i in (0, 2, 4)] + [alpha]


def scroll_to_top(view) -> None:
    """Show the top of a ScrollView or RecycleView and stop a fling still moving it (setting
    `scroll_y` alone is undone by the fling's next step)."""
    for effect in (view.effect_x, view.effect_y):
        if effect is not None:
            effect.velocity = 0
            effect.is_manual = False
    view.scroll_y = 1
    view._update_effect_bounds()  # the effects' value follows scroll_y again
