"""Hooks of the speech plugin: a speaker button on every screen, `kiosk say`, stop on reset."""

from __future__ import annotations

from kiosk.api import KioskError, hookimpl

from .speaker import SPEECH  # loads no Kivy: plugins load without a window for commands


@hookimpl
def kiosk_configure(config, settings):
    SPEECH.configure(_config(config))


@hookimpl
def kiosk_screen_widgets(screen, kiosk):
    button = SPEECH.button_for(screen, kiosk)
    return [button] if button is not None else None


@hookimpl
def kiosk_language_changed(lang):
    SPEECH.stop()


@hookimpl
def kiosk_reset():
    SPEECH.stop()


@hookimpl
def kiosk_commands(commands):
    from .command import run_say, setup_say

    commands.add("say", "write what the speaker button plays on ROUTE to a WAV file", setup_say, run_say)


def _config(config: dict) -> dict:
    """plugins.config.speech: `piper` (language -> model file), `player` (a command), `espeak`."""
    unknown = set(config) - {"piper", "player", "espeak"}
    if unknown:
        raise KioskError(f"plugins.config.speech: unknown key(s) {', '.join(sorted(unknown))} (known: piper, player, espeak)")
    piper = config.get("piper") or {}
    if not isinstance(piper, dict) or not all(isinstance(v, str) for v in piper.values()):
        raise KioskError("plugins.config.speech.piper maps language codes to Piper voice files (.onnx)")
    player = config.get("player") or []
    if isinstance(player, str):
        player = player.split()
    if not isinstance(player, list) or not all(isinstance(p, str) for p in player):
        raise KioskError("plugins.config.speech.player is a command, e.g. [aplay, -q]")
    espeak = config.get("espeak", "espeak-ng")
    if not isinstance(espeak, str):
        raise KioskError("plugins.config.speech.espeak is the espeak-ng program's name or path")
    return {"piper": {str(k): v for k, v in piper.items()}, "player": player, "espeak": espeak}
