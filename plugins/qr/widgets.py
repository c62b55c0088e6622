"""QR codes drawn crisp: dark modules on white, a 4-module quiet zone, whole pixels per module."""

from __future__ import annotations

from collections import OrderedDict

import segno
from kivy.clock import Clock
from kivy.graphics.texture import Texture
from kivy.properties import ListProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.stacklayout import StackLayout

from kiosk.api import load_kv

QUIET = 4
MIN_MODULE_PX = 6
TARGET_PX = 360
_CACHE: OrderedDict = OrderedDict()  # payload -> (texture, modules incl. quiet zone)
_CACHE_SIZE = 64


def matrix(payload: str) -> list[list[bool]]:
    """The modules of `payload`'s code, quiet zone included. The code says it is UTF-8 (an ECI
    header), so every scanner reads umlauts and Arabic letters the same, instead of guessing."""
    code = segno.make(payload, error="m", boost_error=False, micro=False, encoding="utf-8", eci=True)
    return [[bool(dark) for dark in row] for row in code.matrix_iter(scale=1, border=QUIET)]


def modules(payload: str) -> int:
    """The code's edge in modules, quiet zone included, found without choosing its mask (the
    mask does not change the size, and choosing it is most of making a code)."""
    code = segno.make(payload, error="m", boost_error=False, micro=False, encoding="utf-8", eci=True, mask=0)
    return code.symbol_size(scale=1, border=QUIET)[0]


def texture(payload: str):
    """The code's texture, one texel per module (made once per payload, then cached)."""
    hit = _CACHE.get(payload)
    if hit is not None:
        _CACHE.move_to_end(payload)
        return hit
    rows = matrix(payload)
    size = len(rows)
    data = bytes(0 if dark else 255 for row in reversed(rows) for dark in row)  # GL is bottom-up
    tex = Texture.create(size=(size, size), colorfmt="luminance")
    tex.blit_buffer(data, colorfmt="luminance", bufferfmt="ubyte")
    tex.mag_filter = "nearest"
    tex.min_filter = "nearest"
    _CACHE[payload] = (tex, size)
    if len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return tex, size


class QRCodeView(BoxLayout):
    """One code with its caption; the code is a whole number of pixels per module."""

    payload = StringProperty("")
    kind = StringProperty("url")
    caption = StringProperty("")
    texture = ObjectProperty(None, allownone=True)
    side = NumericProperty(0)
    """`side` is a NumericProperty: the code's edge in pixels, quiet zone included."""

    def on_payload(self, *_):
        hit = _CACHE.get(self.payload)
        if hit is not None:
            self._show(*texture(self.payload))
            return
        # A new code is made in the next frame: the screen it is on answers its tap first (the
        # mask search is 5-15 ms a code here, three codes an offer). Its card has its size now.
        self.texture = None
        self.side = self._side(modules(self.payload))
        Clock.schedule_once(self._make, 0)

    def _make(self, _dt) -> None:
        if self.payload:
            self._show(*texture(self.payload))

    def _show(self, tex, size: int) -> None:
        self.texture = tex
        self.side = self._side(size)

    @staticmethod
    def _side(size: int) -> int:
        return size * max(MIN_MODULE_PX, round(TARGET_PX / size))


class CodePanel(StackLayout):
    """All codes of one item, side by side when they fit, wrapping to the next row when not."""

    codes = ListProperty()
    kiosk = ObjectProperty(None)

    def __init__(self, **kwargs):
        load_kv(__file__, "qr.kv")
        super().__init__(**kwargs)
        for code in self.codes:
            self.add_widget(
                QRCodeView(kind=code.kind, payload=code.payload, caption=self.kiosk.t(f"qr.{code.kind}"))
            )
