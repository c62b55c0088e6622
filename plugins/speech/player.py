"""Playing one WAV at a time, stoppable: through Kivy's SoundLoader, or a player program.

A kiosk with a sound card uses Kivy's SDL2 audio (KIVY_AUDIO=sdl2 plays WAV). A configured
`player` command (for example `[aplay, -q]` for a USB headset on ALSA) runs as a subprocess
instead; the file's path is its last argument.
"""

from __future__ import annotations

import logging
import os
import subprocess

log = logging.getLogger("kiosk.speech")


class Player:
    """Plays one file at a time; `on_end` is called (on Kivy's clock) when it ends by itself."""

    def __init__(self, command: list[str] | None = None, on_end=None):
        self.command = list(command or [])
        self.on_end = on_end
        self._sound = None
        self._process = None
        self._poll = None

    @property
    def playing(self) -> bool:
        return self._sound is not None or self._process is not None

    def play(self, path) -> bool:
        """Start playing `path` (stopping what played); False when it cannot be played."""
        self.stop()
        if self.command:
            return self._spawn(str(path))
        os.environ.setdefault("KIVY_AUDIO", "sdl2")  # SDL_mixer plays WAV; read when Kivy's audio loads
        from kivy.core.audio import SoundLoader

        sound = SoundLoader.load(str(path))
        if sound is None or not sound.length:  # SDL returns a silent sound when there is no output
            log.error("speech: no audio output can play %s (a sound card? or set plugins.config.speech.player)", path)
            return False
        self._sound = sound
        sound.bind(on_stop=self._sound_ended)
        sound.play()
        return True

    def stop(self) -> None:
        sound, self._sound = self._sound, None
        if sound is not None:
            sound.unbind(on_stop=self._sound_ended)
            sound.stop()
            sound.unload()
        process, self._process = self._process, None
        if self._poll is not None:
            self._poll.cancel()
            self._poll = None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()

    def _spawn(self, path: str) -> bool:
        from kivy.clock import Clock

        try:
            self._process = subprocess.Popen([*self.command, path], stdin=subprocess.PIPE,
                                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        except OSError as exc:
            log.error("speech: the player %s does not run: %s", self.command[0], exc)
            return False
        self._poll = Clock.schedule_interval(self._check, 0.2)
        return True

    def _check(self, _dt) -> None:
        if self._process is not None and self._process.poll() is not None:
            self._process = None
            self._poll.cancel()
            self._poll = None
            self._ended()

    def _sound_ended(self, sound) -> None:
        if sound is self._sound:
            self._sound = None
            sound.unload()
            self._ended()

    def _ended(self) -> None:
        if self.on_end is not None:
            self.on_end()
