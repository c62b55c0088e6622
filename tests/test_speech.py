"""Read aloud: what the engine is given, the WAV it makes, and the speaker button in the real app."""

from __future__ import annotations

import logging
import math
import os
import shutil
import subprocess
import sys
import wave
from array import array
from pathlib import Path

import pytest

from conftest import NOW, ROOT

WHEN = NOW.strftime("%Y-%m-%dT%H:%M")
# No sound card here: SDL's dummy output plays in real time, silently. Set before any sound loads.
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")


def engine():
    return sys.modules["kiosk_plugins.speech.engine"]


def speech():
    return sys.modules["kiosk_plugins.speech.speaker"].SPEECH


def measure(path: Path) -> tuple[float, float, int]:
    """(seconds, RMS level from 0 to 1, sample rate) of a 16-bit mono WAV."""
    with wave.open(str(path), "rb") as w:
        assert (w.getnchannels(), w.getsampwidth()) == (1, 2)
        frames = w.readframes(w.getnframes())
        rate = w.getframerate()
    samples = array("h", frames)
    rms = math.sqrt(sum(s * s for s in samples) / max(len(samples), 1)) / 32768
    return len(samples) / rate, rms, rate


@pytest.mark.parametrize("number, spoken", [
    ("+49 341 6810080", "+ 4 9, 3 4 1, 6 8 1, 0 0 8 0"),
    ("0341 123456", "0 3 4 1, 1 2 3, 4 5 6"),
    ("0341 / 68 10 08-0", "0 3 4 1, 6 8, 1 0, 0 8, 0"),
    ("(0341) 6810080", "0 3 4 1, 6 8 1, 0 0 8 0"),
])
def test_a_phone_number_is_read_digit_by_digit_in_groups(kiosk, number, spoken):
    assert engine().phone_words(number) == spoken
    assert engine().spoken(f"Telefon {number}") == f"Telefon {spoken}"


@pytest.mark.parametrize("text", ["10:00 – 12:00", "24.11.2026", "04315 Leipzig", "Eisenbahnstraße 49"])
def test_times_dates_and_postcodes_are_left_as_they_are(kiosk, text):
    assert engine().spoken(text) == text


# -- voices ---------------------------------------------------------------------------------------


def test_every_language_of_the_pack_has_an_espeak_voice(kiosk):
    voices = engine().Voices()
    for lang in kiosk.app.pack.languages:
        voice = voices(lang)
        assert voice is not None and voice.engine == "espeak-ng", lang


def test_piper_is_chosen_only_when_its_voice_file_is_there(kiosk, tmp_path, monkeypatch):
    # No Piper voice can be downloaded here: the selection is tested with the file absent, and
    # with a stand-in file and Piper reported installed.
    e = engine()
    model = tmp_path / "de_DE-thorsten-medium.onnx"
    assert e.Voices({"de": str(model)})("de").engine == "espeak-ng"
    model.write_bytes(b"stand-in")
    monkeypatch.setattr(e, "piper_available", lambda: False)
    assert e.Voices({"de": str(model)})("de").engine == "espeak-ng"
    monkeypatch.setattr(e, "piper_available", lambda: True)
    voice = e.Voices({"de": str(model)})("de")
    assert voice.engine == "piper" and voice.name == str(model.resolve())
    assert e.Voices({"de": str(model)})("ku").engine == "espeak-ng"  # no Piper voice for Kurdish


# -- the fake engine and player -------------------------------------------------------------------


@pytest.fixture
def recorded(tmp_path, kiosk):
    """An espeak-ng that records the text it is given, then lets the real one speak it; and a
    player that records the file it is given and plays until it is stopped. The speech cache is
    emptied first: a screen another test opened was spoken ahead into it, by the real espeak-ng."""
    folder = speech().cache(kiosk.app).folder
    if folder.exists():
        shutil.rmtree(folder)
    real = subprocess.run(["sh", "-c", "command -v espeak-ng"], capture_output=True, text=True).stdout.strip()
    assert real, "espeak-ng is missing (tools/sysdeps.sh installs it)"
    log = tmp_path / "said.txt"
    fake = tmp_path / "espeak-ng"
    fake.write_text(
        "#!/bin/sh\n"
        f'case "$*" in *--stdin*) tee -a "{log}" | "{real}" "$@"; echo >> "{log}";; *) exec "{real}" "$@";; esac\n'
    )
    fake.chmod(0o755)
    played = tmp_path / "played.txt"
    player = tmp_path / "player"
    player.write_text(f'#!/bin/sh\necho "$1" >> "{played}"\nexec cat > /dev/null\n')  # plays until stopped
    player.chmod(0o755)
    s = speech()
    s.configure({"espeak": str(fake), "player": [str(player)], "piper": {}})
    yield log, played
    s.configure({})


def playing(harness, button) -> None:
    """Frames until the speech made in the background plays (espeak-ng takes its time when the
    machine is busy); the kiosk's clock does not move by waiting."""
    harness.until(lambda: button.playing, limit=3000)


def speaker(harness):
    tools = harness.app.root.ids.screen_tools
    return next((w for w in tools.children if type(w).__name__ == "SpeakerButton"), None)


@pytest.mark.parametrize("route", ["home", "offers/counselling", "offer/dialog-alltag", "events", "documents",
                                   "document/wegweiser-willkommen"])
def test_every_list_and_detail_screen_has_a_speaker_button(kiosk, route):
    assert kiosk.go(route), route
    assert speaker(kiosk) is not None


def test_the_button_reads_the_offer_with_its_phone_number_in_groups(kiosk, recorded, monkeypatch):
    said, played = recorded
    uses = []
    monkeypatch.setattr(kiosk.app, "record_use", lambda what, subject="": uses.append((what, subject)))
    kiosk.go("offer/integrationsfragen-ic-e")
    kiosk.tap(speaker(kiosk))
    playing(kiosk, speaker(kiosk))
    assert ("speech", "de") in uses  # counted, as every use is: what and the language, never who
    text = said.read_text()
    assert "Fragen zur Integration" in text
    assert "+ 4 9, 3 4 1, 6 8 1, 0 0 8 0" in text
    assert "6810080" not in text
    assert "Eisenbahnstraße 49" in text
    assert speaker(kiosk).playing
    wav = Path(played.read_text().split()[-1])
    seconds, level, rate = measure(wav)
    assert rate == 22050 and 5 < seconds < 120 and level > 0.02


def test_the_button_reads_the_screen_it_is_on_now(kiosk, recorded):
    """One speaker button serves every screen: on the next screen it reads that screen, and
    what it was preparing for the last one is not made."""
    said, _played = recorded
    kiosk.go("offer/dialog-alltag")
    first = speaker(kiosk)
    kiosk.go("offer/integrationsfragen-ic-e")  # before the first screen's speech was prepared
    assert speaker(kiosk) is first and not first.playing
    kiosk.tap(first)
    playing(kiosk, first)
    text = said.read_text()
    assert "Fragen zur Integration" in text and "Hilfe im Alltag" not in text


def test_touching_again_stops_and_a_reset_stops(kiosk, recorded):
    _said, played = recorded
    s = speech()
    kiosk.go("offers/counselling")
    button = speaker(kiosk)
    kiosk.tap(button)
    playing(kiosk, button)
    assert button.playing and s.player.playing
    process = s.player._process
    kiosk.tap(button)
    assert not button.playing and not s.player.playing
    assert process.poll() is not None  # the player program was ended
    kiosk.tap(button)
    assert button.playing
    kiosk.app.reset_session()
    kiosk.frames(2)
    assert not s.player.playing and not button.playing


def test_without_a_player_command_kivy_plays_it_and_a_touch_stops_it(kiosk):
    s = speech()
    s.configure({})
    kiosk.go("offers/counselling")
    button = speaker(kiosk)
    kiosk.tap(button)
    playing(kiosk, button)
    sound = s.player._sound
    assert sound is not None and sound.state == "play" and sound.length > 1
    kiosk.tap(button)
    assert not button.playing and s.player._sound is None and sound.state == "stop"


def test_speech_is_cached_so_the_second_touch_makes_nothing_new(kiosk, recorded):
    said, _played = recorded
    kiosk.go("document/wegweiser-willkommen")
    button = speaker(kiosk)
    kiosk.advance(1)
    kiosk.until(lambda: not speech().preparing)  # made ahead, in the background, when the screen opened
    first = said.read_text()
    assert "Willkommen im Leipziger Osten" in first
    kiosk.tap(button)
    kiosk.tap(button)
    kiosk.tap(button)
    assert said.read_text() == first


@pytest.mark.parametrize("damage", ["emptied", "cut short"])
def test_a_cached_sound_a_power_cut_left_broken_is_made_again(kiosk, recorded, damage):
    said, _played = recorded
    kiosk.go("document/wegweiser-willkommen")
    kiosk.advance(1)
    kiosk.until(lambda: not speech().preparing)
    first = said.read_text()
    cached = sorted(speech().cache(kiosk.app).folder.rglob("*.wav"), key=lambda p: p.stat().st_size)
    assert cached and all(engine().whole(p) for p in cached)  # what was made is whole, so kept
    broken = cached[-1]
    data = broken.read_bytes()
    broken.write_bytes(b"" if damage == "emptied" else data[:len(data) // 3])
    assert not engine().whole(broken)
    kiosk.go("home")
    kiosk.go("document/wegweiser-willkommen")
    kiosk.advance(1)
    kiosk.until(lambda: not speech().preparing)
    assert len(said.read_text()) > len(first)  # spoken again into the cache
    assert broken.read_bytes() == data  # the same sound, whole


def test_an_arabic_screen_is_read_by_the_arabic_voice(kiosk):
    app = kiosk.app
    app.set_language("ar")
    kiosk.go("offer/integrationsfragen-ic-e")
    runs = speech().runs(app.current_screen(), app)
    assert runs[0][1].lang == "ar"
    assert any("+ 4 9, 3 4 1" in text and voice.lang == "ar" for text, voice in runs)


def test_a_language_without_a_voice_has_no_button_and_is_logged_once(kiosk, tmp_path, caplog):
    real = subprocess.run(["sh", "-c", "command -v espeak-ng"], capture_output=True, text=True).stdout.strip()
    fake = tmp_path / "espeak-ng"  # an espeak-ng without its Vietnamese voice
    fake.write_text(f'#!/bin/sh\ncase "$*" in --voices*) "{real}" "$@" | grep -v " vi ";; *) exec "{real}" "$@";; esac\n')
    fake.chmod(0o755)
    engine().espeak_languages.cache_clear()
    s = speech()
    s.configure({"espeak": str(fake)})
    try:
        app = kiosk.app
        app.set_language("vi")
        with caplog.at_level(logging.WARNING, logger="kiosk.speech"):
            kiosk.go("offers/counselling")
            kiosk.go("offer/dialog-alltag")
        assert speaker(kiosk) is None
        assert sum("no voice for 'vi'" in r.getMessage() for r in caplog.records) == 1
        app.set_language("de")
        kiosk.go("offers/counselling")
        assert speaker(kiosk) is not None
    finally:
        s.configure({})


def test_kiosk_say_writes_exactly_what_the_button_plays(kiosk, recorded, tmp_path):
    _said, played = recorded
    kiosk.go("offer/dialog-alltag")
    kiosk.tap(speaker(kiosk))
    button_wav = Path(played.read_text().split()[-1]).read_bytes()
    out = tmp_path / "say.wav"
    done = subprocess.run(
        [sys.executable, "-m", "kiosk", "say", "offer/dialog-alltag", "--lang", "de", "--out", str(out),
         "--now", WHEN, "--size", "1080x1920"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == button_wav
    seconds, level, _rate = measure(out)
    assert seconds > 3 and level > 0.02


def test_kiosk_say_refuses_an_unknown_route(tmp_path):
    done = subprocess.run([sys.executable, "-m", "kiosk", "say", "offer/nothing", "--lang", "de", "--out",
                           str(tmp_path / "x.wav")], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 2
    assert "offer/nothing" in done.stderr
