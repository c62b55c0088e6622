"""The guide on the kiosk: its code for a phone (route `guide`), and printing in the admin panel."""

from __future__ import annotations

import logging
import threading

import segno
from kivy.clock import Clock
from kivy.graphics.texture import Texture
from kivy.properties import BooleanProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.widget import Widget

from kiosk.api import KButton, KioskScreen, NotFound, load_kv

from .content import guide_url
from .printing import PRINTING

log = logging.getLogger("kiosk.guide")


def code_texture(payload: str) -> Texture:
    """The QR code of `payload` (UTF-8 declared by ECI, error correction M) as a texture, one
    pixel a module, with its quiet zone; drawn scaled up without smoothing."""
    code = segno.make(payload, error="m", boost_error=False, micro=False, encoding="utf-8", eci=True)
    rows = [[bool(dark) for dark in row] for row in code.matrix_iter(scale=1, border=4)]
    side = len(rows)
    pixels = bytearray()
    for row in reversed(rows):  # a texture's first row is the bottom one
        for dark in row:
            pixels += b"\x00\x00\x00" if dark else b"\xff\xff\xff"
    texture = Texture.create(size=(side, side), colorfmt="rgb")
    texture.blit_buffer(bytes(pixels), colorfmt="rgb", bufferfmt="ubyte")
    texture.mag_filter = texture.min_filter = "nearest"
    return texture


class GuideCode(Widget):
    """A square QR code; `payload` is what a phone gets."""

    payload = StringProperty("")
    texture = ObjectProperty(None, allownone=True)

    def on_payload(self, *_):
        self.texture = code_texture(self.payload) if self.payload else None


class GuideCodeScreen(KioskScreen):
    """Route `guide`: the printed guide's address as a QR code, in the visitor's language."""

    def __init__(self, kiosk=None, **kwargs):
        load_kv(__file__, "guide.kv")
        super().__init__(kiosk, **kwargs)

    def show(self, **_):
        kiosk = self.kiosk
        url = guide_url(kiosk.pack, kiosk.lang)
        if not url:
            raise NotFound("this pack names no address of its printed guide")
        self.title = kiosk.t("guide.title")
        self.ids.code.payload = url
        self.ids.caption.text = kiosk.t("guide.online")
        self.ids.address.text = url
        kiosk.record_use("guide", kiosk.lang)


def guide_button(kiosk) -> KButton:
    """A QR symbol in the header, no words: the header has room for the screen's title only
    when the buttons beside it are small; the screen it opens says what the code is."""
    button = KButton(text="", icon="qr", size_hint=(None, 1), width="96dp", padding=("20dp", "6dp"),
                     color=(1, 1, 1, 0.12))
    button.bind(on_release=lambda _b: kiosk.navigate("guide"))
    return button


class PrintSection(BoxLayout):
    """The admin panel's section: print the guide in one of the pack's languages."""

    kiosk = ObjectProperty(None)
    status = StringProperty("")
    """`status` is a StringProperty: the last print job's outcome, in the admin's language."""
    busy = BooleanProperty(False)

    def __init__(self, **kwargs):
        load_kv(__file__, "guide.kv")
        super().__init__(**kwargs)
        self.fill()

    def fill(self) -> None:
        kiosk = self.kiosk
        box = self.ids.languages
        box.clear_widgets()
        if not PRINTING.printer:
            self.status = kiosk.t_in(self.lang, "guide.no_printer")
            return
        for code in kiosk.pack.languages if kiosk.pack else ():
            button = KButton(text=kiosk.language_name(code), size_hint=(None, None), width="200dp", height="80dp")
            button.code = code
            button.bind(on_release=lambda b: self.print_guide(b.code))
            box.add_widget(button)

    @property
    def lang(self) -> str:
        return getattr(self.kiosk, "admin_lang", "de")

    def print_guide(self, code: str) -> None:
        if self.busy:
            return
        self.busy = True
        self.status = "…"
        title = f"{self.kiosk.t_in(code, 'guide.title')} ({code})"
        threading.Thread(target=self._print, args=(code, title), daemon=True, name="guide-print").start()

    def _print(self, code: str, title: str) -> None:
        try:
            pdf = PRINTING.make(self.kiosk, code)
            answer = PRINTING.send(pdf, title)
            status = self.kiosk.t_in(self.lang, "guide.printed", printer=PRINTING.printer, copies=answer or pdf.name)
            self.kiosk.record_use("guide", code)
        except Exception as exc:  # a printer that is off or a full disk: said in the panel, not raised
            log.error("guide: printing failed: %s", exc)
            status = self.kiosk.t_in(self.lang, "guide.print_failed", error=str(exc))
        Clock.schedule_once(lambda _dt: self._done(status), 0)

    def _done(self, status: str) -> None:
        self.status = status
        self.busy = False
