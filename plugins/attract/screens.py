"""The attract loop: every offered language at once, to touch and start in; above them the
values of living together and what the kiosk is for (the pack's topics), in one language after
another. A touch on a language starts the visit in it; any other touch in the default language."""

from __future__ import annotations

from kivy.animation import Animation
from kivy.clock import Clock
from kivy.properties import NumericProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout

from kiosk.api import KioskScreen, isolate, language, load_kv

SLIDE_SECONDS = 6.0
FADE_SECONDS = 0.8


class AttractLanguage(ButtonBehavior, BoxLayout):
    """One offered language on the loop: its own name and the call to start in it."""

    code = StringProperty("")
    native = StringProperty("")
    call = StringProperty("")


class AttractScreen(KioskScreen):
    """Route `attract`: a calm loop for passers-by; full screen, no header."""

    value = StringProperty("")
    """`value` is a StringProperty: the value shown now."""
    value_lang = StringProperty("de")
    """`value_lang` is a StringProperty: the language `value` and the call to touch are in."""
    slide = NumericProperty(0)
    """`slide` is a NumericProperty: how many slides were shown since the loop started."""
    topics = StringProperty("")
    """`topics` is a StringProperty: the pack's topics in `value_lang`, what the kiosk is for."""

    def __init__(self, kiosk=None, **kwargs):
        load_kv(__file__, "attract.kv")
        super().__init__(kiosk, **kwargs)
        self.fullscreen = True
        self._event = None

    def show(self, **_):
        self.title = ""
        self.slide = 0
        self._fill()
        grid = self.ids.languages
        grid.clear_widgets()
        kiosk = self.kiosk
        codes = list(kiosk.offered_languages) if kiosk.pack else []
        for code in codes:
            grid.add_widget(AttractLanguage(code=code, native=language(code).native,
                                            call=kiosk.t_in(code, "attract.touch_to_start")))

    def on_shown(self):
        self._stop()
        self._event = Clock.schedule_interval(self._next, SLIDE_SECONDS)

    def on_leave(self, *_):
        self._stop()

    def reset(self):
        super().reset()
        self._stop()

    def slides(self) -> list[tuple[str, str]]:
        """(text, language) of every slide, in order: the values walk through the languages."""
        pack = self.kiosk.pack
        if pack is None:
            return []
        values = [v for v in pack.values] or [pack.name]
        languages = list(self.kiosk.offered_languages)
        # slide k = q*L + r: language r with value (q + r) mod V, so that every pair is shown
        # once even when V and L share a factor (11 values in 11 languages)
        count = len(values) * len(languages)
        out = []
        for k in range(count):
            q, r = divmod(k, len(languages))
            text = values[(q + r) % len(values)]
            code = languages[r]
            shown, used = text.pick(code, (pack.default_language, "en"))
            out.append((shown, used))
        return out

    def _fill(self) -> None:
        slides = self.slides()
        if not slides:
            self.value, self.value_lang = "", self.kiosk.lang
            return
        self.value, self.value_lang = slides[int(self.slide) % len(slides)]
        pack = self.kiosk.pack
        titles = [c.title.pick(self.value_lang, (pack.default_language, "en"))[0] for c in pack.categories]
        self.topics = " · ".join(isolate(t) for t in titles if t)  # each in its own direction

    def _next(self, _dt) -> None:
        box = self.ids.slide
        fade = Animation(opacity=0, duration=FADE_SECONDS / 2)

        def swap(*_):
            self.slide += 1
            self._fill()
            Animation(opacity=1, duration=FADE_SECONDS / 2).start(box)

        fade.bind(on_complete=swap)
        fade.start(box)

    def _stop(self) -> None:
        if self._event is not None:
            self._event.cancel()
            self._event = None
        Animation.cancel_all(self.ids.slide)
        self.ids.slide.opacity = 1

    def on_touch_down(self, touch):
        # a touch on a language starts the visit in it, any other in the default language;
        # the touch itself taps nothing on the next screen
        kiosk = self.kiosk
        chosen = next((b.code for b in self.ids.languages.children if b.collide_point(*touch.pos)), None)
        if chosen and chosen != kiosk.lang:
            kiosk.set_language(chosen)
        kiosk.navigate("home", remember=False)
        return True
