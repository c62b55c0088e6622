"""Speech from text, offline: a voice per language, made once and kept on disk.

This module knows no kiosk. It takes what a screen shows as (text, language) pieces, turns phone
numbers into digit groups, picks a voice per language (a Piper voice when its file is installed,
else espeak-ng, which runs on any Raspberry Pi), and writes one WAV. Each piece's sound is cached
under the cache folder, keyed by the text and the voice, so a screen heard once answers at once.
"""

from __future__ import annotations

import array
import functools
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path

RATE = 22050  # espeak-ng's rate; other voices are resampled to it when pieces are joined
PAUSE = 0.35  # seconds of silence between two pieces
ESPEAK_SPEED = 150  # words a minute: a little slower than espeak-ng's 175, for listeners of a second language

# A phone number as written on a sign: "+49 341 6810080", "0341 / 123 45-6", "(0341) 6810080".
PHONE = re.compile(r"(?<![\w:.])(?:\+|00)?\(?\d[\d\s/()\-]{4,}\d(?![\w:.])")


@dataclass(frozen=True)
class Voice:
    """One voice: its `engine` (espeak-ng or piper), its `name` (an espeak-ng voice or the path
    of a Piper model) and the language it speaks."""

    engine: str
    name: str
    lang: str

    @property
    def key(self) -> str:
        return f"{self.engine}:{self.name}"


def phone_words(number: str) -> str:
    """A phone number as a person reads it: digit by digit, a pause after each group.

    "+49 341 6810080" -> "+ 4 9, 3 4 1, 6 8 1, 0 0 8 0": groups as written; a group longer than
    four digits is read in threes with the last three or four together."""
    groups = [g for g in re.split(r"[\s/()\-]+", number.strip()) if g]
    spoken = []
    for group in groups:
        plus = group.startswith("+")
        digits = group.lstrip("+")
        parts = []
        while len(digits) > 4:
            parts.append(digits[:3])
            digits = digits[3:]
        parts.append(digits)
        words = [" ".join(part) for part in parts if part]
        if plus and words:
            words[0] = "+ " + words[0]
        spoken.extend(words)
    return ", ".join(spoken)


def is_phone(text: str) -> bool:
    match = PHONE.fullmatch(text.strip())
    return bool(match) and sum(c.isdigit() for c in text) >= 6


def spoken(text: str) -> str:
    """`text` as the engine should read it: phone numbers as digit groups, one line."""

    def replace(match):
        found = match.group(0)
        return phone_words(found) if sum(c.isdigit() for c in found) >= 6 else found

    text = PHONE.sub(replace, text)
    return " ".join(text.split())


def script(pieces, screen_lang: str, voices) -> list[tuple[str, Voice]]:
    """What to say, in order: the text of each run of pieces that share a voice.

    `pieces` are (text, lang) as the screen shows them ('' = the screen's language). A piece is
    read in its own language when a voice has it (a German street name in an Arabic screen), and
    a phone number always in the screen's. `voices(lang)` gives a Voice or None."""
    runs: list[tuple[str, Voice]] = []
    screen_voice = voices(screen_lang)
    for text, lang in pieces:
        text = text.strip()
        if not text or screen_voice is None:
            continue
        voice = screen_voice if (not lang or is_phone(text)) else (voices(lang) or screen_voice)
        sentence = spoken(text)
        if sentence[-1] not in ".!?:;،؟。":
            sentence += "."
        if runs and runs[-1][1] == voice:
            runs[-1] = (runs[-1][0] + " " + sentence, voice)
        else:
            runs.append((sentence, voice))
    return runs


# -- voices -------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=None)
def espeak_languages(binary: str = "espeak-ng") -> frozenset[str]:
    """The languages espeak-ng has a voice for (its own voices, not mbrola's)."""
    path = shutil.which(binary)
    if path is None:
        return frozenset()
    out = subprocess.run([path, "--voices"], capture_output=True, text=True, timeout=30).stdout
    found = set()
    for line in out.splitlines()[1:]:
        cols = line.split()
        if len(cols) >= 5 and not cols[4].startswith("mb/"):
            found.add(cols[1])
    return frozenset(found)


def piper_available() -> bool:
    import importlib.util

    return importlib.util.find_spec("piper") is not None


class Voices:
    """Which voice speaks each language: a configured Piper model whose file exists, else
    espeak-ng's voice for the language, else none."""

    def __init__(self, piper: dict[str, str] | None = None, espeak: str = "espeak-ng"):
        self.piper = dict(piper or {})
        self.espeak = espeak

    def __call__(self, lang: str) -> Voice | None:
        model = self.piper.get(lang)
        if model and Path(model).is_file() and piper_available():
            return Voice("piper", str(Path(model).resolve()), lang)
        langs = espeak_languages(self.espeak)
        for name in (lang, {"en": "en-gb"}.get(lang, "")):
            if name and name in langs:
                return Voice("espeak-ng", name, lang)
        return None


# -- sound --------------------------------------------------------------------------------------


def synthesize(text: str, voice: Voice, out: Path, espeak: str = "espeak-ng") -> None:
    """Write `text` spoken by `voice` to the WAV file `out`."""
    if voice.engine == "piper":
        cmd = [sys.executable, "-m", "piper", "-m", voice.name, "-f", str(out)]  # text on stdin
    else:
        cmd = [shutil.which(espeak) or espeak, "-v", voice.name, "-s", str(ESPEAK_SPEED), "-w", str(out), "--stdin"]
    result = subprocess.run(cmd, input=text.encode("utf-8"), capture_output=True, timeout=120)
    if result.returncode != 0 or not out.is_file():
        raise RuntimeError(f"{voice.engine} failed ({result.returncode}): {result.stderr.decode(errors='replace')[-300:]}")


class Cache:
    """Spoken pieces on disk, one WAV per (text, voice): made once, then read. Past `limit`
    bytes the files used longest ago go first."""

    def __init__(self, folder: Path | str, espeak: str = "espeak-ng", limit: int = 200 * 2**20):
        self.folder = Path(folder)
        self.espeak = espeak
        self.limit = limit

    def path(self, text: str, voice: Voice) -> Path:
        key = hashlib.sha256(f"{voice.key}\n{ESPEAK_SPEED}\n{text}".encode()).hexdigest()[:32]
        return self.folder / key[:2] / f"{key}.wav"

    def has(self, text: str, voice: Voice) -> bool:
        return whole(self.path(text, voice))

    def piece(self, text: str, voice: Voice) -> Path:
        path = self.path(text, voice)
        if whole(path):
            os.utime(path)  # used now: pruned last
        else:  # not made yet, or left cut short or empty by a power cut: made (again)
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(suffix=".wav", dir=path.parent)
            os.close(fd)
            try:
                synthesize(text, voice, Path(tmp), self.espeak)
                _replace(tmp, path)
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)
        return path

    def speech(self, runs: list[tuple[str, Voice]]) -> Path | None:
        """One WAV of all runs in order, with a pause between them; None when there is nothing."""
        if not runs:
            return None
        parts = [self.piece(text, voice) for text, voice in runs]
        if len(parts) == 1:
            return parts[0]
        key = hashlib.sha256("\n".join(p.name for p in parts).encode()).hexdigest()[:32]
        out = self.folder / "joined" / f"{key}.wav"
        if not whole(out):
            out.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(suffix=".wav", dir=out.parent)
            os.close(fd)
            join(parts, Path(tmp))
            _replace(tmp, out)
            self.prune()
        return out

    def prune(self) -> None:
        files = [(p.stat(), p) for p in self.folder.rglob("*.wav")]
        total = sum(st.st_size for st, _ in files)
        for st, path in sorted(files, key=lambda f: max(f[0].st_atime, f[0].st_mtime)):
            if total <= self.limit:
                break
            path.unlink(missing_ok=True)
            total -= st.st_size


def whole(path: Path) -> bool:
    """Whether a cached WAV is there and whole: its header readable and every frame it announces
    in the file (a power cut can leave one empty or cut short, which would be played as it is)."""
    try:
        with wave.open(str(path), "rb") as w:
            frames = w.getnframes()
            if frames == 0:
                return False
            w.setpos(frames - 1)  # the last frame only: no need to read the sound to know it ends
            return len(w.readframes(1)) == w.getsampwidth() * w.getnchannels()
    except (OSError, EOFError, wave.Error):
        return False


def _replace(tmp: str, path: Path) -> None:
    """Put a finished file in its place whole: on the card first, then renamed (whole or not at
    all: a reader never gets half a file, nor an empty one after a power cut)."""
    with open(tmp, "rb") as f:
        os.fsync(f.fileno())
    os.replace(tmp, path)


def _samples(path: Path) -> array.array:
    with wave.open(str(path), "rb") as w:
        if w.getsampwidth() != 2 or w.getnchannels() != 1:
            raise ValueError(f"{path}: expected 16-bit mono")
        data = array.array("h", w.readframes(w.getnframes()))
        rate = w.getframerate()
    if sys.byteorder == "big":
        data.byteswap()
    if rate != RATE:  # linear resampling: enough for speech between two voices
        n = int(len(data) * RATE / rate)
        step = rate / RATE
        data = array.array("h", (data[min(int(i * step), len(data) - 1)] for i in range(n)))
    return data


def join(parts: list[Path], out: Path) -> None:
    """Concatenate 16-bit mono WAVs into `out` at RATE, with PAUSE seconds between them."""
    silence = array.array("h", bytes(2 * int(RATE * PAUSE)))
    samples = array.array("h")
    for index, part in enumerate(parts):
        if index:
            samples.extend(silence)
        samples.extend(_samples(part))
    if sys.byteorder == "big":
        samples.byteswap()
    with wave.open(str(out), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(samples.tobytes())
