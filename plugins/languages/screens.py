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
        grid.clear_widgets()
        for code in self.kiosk.offered_languages:
            lang = language(code)
            button = LanguageButton(
                code=code, native=lang.native, english=lang.english, current=code == self.kiosk.lang
            )
            button.bind(on_release=self.choose)
            grid.add_widget(button)

    def choose(self, button) -> None:
        kiosk = self.kiosk
        kiosk.set_language(button.code)
        if kiosk.can_go_back:
            kiosk.back()
        else:
            kiosk.home()
