"""The language selector: each language in its own name and script, never as a flag."""

from __future__ import annotations

from kivy.properties import BooleanProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout

from kiosk.api import KioskScreen, language, load_kv


class LanguageButton(ButtonBehavior, BoxLayout):
    code = StringProperty("")
    native = StringProperty("")
    english = StringProperty("")
    current = BooleanProperty(False)


class LanguageScreen(KioskScreen):
    """Route `languages`: one tap switches every text on every screen, then returns."""

    def __init__(self, kiosk=None, **kwargs):
        load_kv(__file__, "languages.kv")
        super().__init__(kiosk, **kwargs)

    def show(self, **_):
        self.title = self.t("languages.title")
        grid = self.ids.grid
        offered = list(self.kiosk.offered_languages)
        buttons = list(reversed(grid.children))
        if [b.code for b in buttons] == offered:
            # the same languages: only which one is current changes (their names never do),
            # so a switch does not build and lay out every button again (bench/language)
            for button in buttons:
                button.current = button.code == self.kiosk.lang
            return
        self.clear(grid)
        for code in offered:
            lang = language(code)
            button = LanguageButton(
                code=code, native=lang.native, english=lang.english, current=code == self.kiosk.lang
            )
            button.bind(on_release=self.choose)
            grid.add_widget(button)

    def on_shown(self) -> None:
        self.kiosk.prepare_languages()  # while the visitor reads the list (kiosk/rehearse.py)

    def choose(self, button) -> None:
        kiosk = self.kiosk
        kiosk.set_language(button.code)
        if kiosk.can_go_back:
            kiosk.back()
        else:
            kiosk.home()
