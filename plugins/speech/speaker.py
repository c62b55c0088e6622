"""The speaker button and what it plays: the screen's text, spoken in the screen's language.

One `Speech` per kiosk: it holds the configuration, the voices, the cache on disk and the player.
A screen's speech is made in the background as soon as the screen is shown, so that a touch
answers at once; a second touch, a new screen, a language switch or a reset stops it.
"""

from __future__ import annotations

import logging
import tempfile
import threading
from pathlib import Path

from .engine import Cache, Voices, script
from .player import Player

log = logging.getLogger("kiosk.speech")

PREPARE_AFTER = 0.4  # seconds after a screen is shown: laid out by then, and before most touches


class Speech:
    """Loads no Kivy until a screen asks for its button: `kiosk check` and `kiosk guide` load
    the plugin without a window."""

    def __init__(self):
        self.voices = Voices()
        self.espeak = "espeak-ng"
        self.player = Player(on_end=self._ended)
        self.button = None  # the SpeakerButton, on the screen shown
        self._shown = (None, None)  # (screen, kiosk) the button is on
        self._shows = 0  # screens it was handed to: a preparation for one shown before is dropped
        self._thread: threading.Thread | None = None
        self._silent: set[str] = set()  # languages already logged as having no voice

    def configure(self, config: dict) -> None:
        self.stop()
        self.espeak = config.get("espeak", "espeak-ng")
        self.voices = Voices(config.get("piper"), self.espeak)
        self.player = Player(config.get("player"), on_end=self._ended)
        self._silent.clear()

    # -- what to say ------------------------------------------------------------------------

    def cache(self, kiosk) -> Cache:
        base = Path(kiosk.state_dir) if kiosk.state_dir else Path(tempfile.gettempdir()) / "kiosk"
        return Cache(base / "speech", self.espeak)

    def runs(self, screen, kiosk):
        """What the button on `screen` says: [(text, voice)], read off the screen as shown."""
        from kiosk.api import KButton, KLabel

        from .button import SpeakerButton
        from .reader import screen_pieces

        return script(screen_pieces(screen, KLabel, (KButton, SpeakerButton)), kiosk.lang, self.voices)

    def wav(self, screen, kiosk) -> Path | None:
        """The WAV the button on `screen` plays (made now unless it is in the cache)."""
        return self.cache(kiosk).speech(self.runs(screen, kiosk))

    # -- the button -------------------------------------------------------------------------

    def button_for(self, screen, kiosk):
        """The speaker button for `screen`, or None (a full-screen route, a language without a voice)."""
        self.stop()  # a new screen: what played was about the last one
        if getattr(screen, "fullscreen", False):
            return None
        if self.voices(kiosk.lang) is None:
            if kiosk.lang not in self._silent:
                self._silent.add(kiosk.lang)
                log.warning("speech: no voice for %r: screens in it have no speaker button", kiosk.lang)
            return None
        from kivy.clock import Clock

        # one button for every screen: made once (its kv was 4 % of a tap's frame, bench/tap)
        button = self.button
        if button is None:
            from .button import SpeakerButton

            button = self.button = SpeakerButton()
            button.bind(on_release=lambda _b: self.toggle(*self._shown, self.button))
        button.label = kiosk.t("speech.read_aloud")
        self._shown = (screen, kiosk)
        self._shows += 1
        shown = self._shows
        # once the screen is laid out and its labels have their places and sizes
        Clock.schedule_once(lambda _dt: self._prepare(screen, kiosk, shown), PREPARE_AFTER)
        return button

    @property
    def preparing(self) -> bool:
        """True while a screen's speech is being made in the background."""
        return self._thread is not None and self._thread.is_alive()

    def _prepare(self, screen, kiosk, shown: int) -> None:
        if shown != self._shows or not screen.manager or screen.manager.current_screen is not screen:
            return
        runs = self.runs(screen, kiosk)
        cache = self.cache(kiosk)
        self._thread = threading.Thread(target=self._make, args=(cache, runs), daemon=True, name="speech")
        self._thread.start()

    @staticmethod
    def _make(cache, runs) -> None:
        try:
            cache.speech(runs)
        except Exception as exc:  # made again at the touch, which reports it
            log.warning("speech: could not prepare: %s", exc)

    def toggle(self, screen, kiosk, button) -> None:
        if button.playing:
            self.stop()
            return
        try:
            path = self.wav(screen, kiosk)
        except (OSError, RuntimeError) as exc:
            log.error("speech: %s", exc)
            return
        if path is not None and self.player.play(path):
            button.playing = True
            kiosk.record_use("speech", kiosk.lang)

    def stop(self) -> None:
        self.player.stop()
        if self.button is not None:
            self.button.playing = False

    def _ended(self) -> None:
        if self.button is not None:
            self.button.playing = False


SPEECH = Speech()
