"""What a sign would not carry: texts that are valid YAML but would break or fool the screen.

Pure functions of a text: each returns the findings about it, and each finding says what to write
instead. The content check calls them from its readers of one-line texts, titles, prose and URLs;
nothing here knows about files or screens.
"""

from __future__ import annotations

import unicodedata
from typing import NamedTuple

TITLE_MAX = 120  # characters: two lines of a large heading on a portrait screen
LINE_MAX = 300  # a name, an address line, a phone number
WORD_MAX = 50  # longer than any German compound a sign would print
URL_MAX = 2000  # bytes: what a QR code of a size a phone can read still holds (any code: kiosk.parts.CODE_BYTES)
MARKS_MAX = 4  # combining marks on one letter; Vietnamese needs 2, Arabic with its vowel signs 2-3

# Invisible controls that reorder text: they make "gpj.exe" read as "exe.jpg" and a URL show
# something other than what its QR code holds. The kiosk sets each language's direction itself.
BIDI_CONTROLS = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}


class Finding(NamedTuple):
    message: str
    warning: bool = False

    def __str__(self) -> str:
        return self.message


def title(text: str) -> list[Finding]:
    """A heading: one line, at most TITLE_MAX characters, no bidi controls, sane words."""
    found = single_line(text, limit=None)
    if len(text) > TITLE_MAX:
        found.append(Finding(
            f"the title is {len(text)} characters long; a sign's title has at most {TITLE_MAX}: "
            "keep the title short and move the rest into the description", warning=True,
        ))
    return found


def single_line(text: str, limit: int | None = LINE_MAX) -> list[Finding]:
    """A name, an address line, a phone number: no line breaks, no bidi controls."""
    found = _breaks(text) + _bidi(text) + prose(text)
    if limit is not None and len(text) > limit:
        found.append(Finding(f"this one-line text is {len(text)} characters long (at most {limit}): shorten it",
                             warning=True))
    return found


def prose(text: str) -> list[Finding]:
    """A description or note: any length of lines, but words and letters a screen can set."""
    return _words(text) + _marks(text)


def url(text: str) -> list[Finding]:
    """A web address shown and put into a QR code: exactly what is written, on one line."""
    found = _breaks(text) + _bidi(text)
    size = len(text.encode("utf-8"))  # what a QR code holds: a letter beyond ASCII takes 2-4
    if size > URL_MAX and size == len(text):
        found.append(Finding(f"the address is {len(text)} characters long (at most {URL_MAX}): link to a shorter page"))
    elif size > URL_MAX:
        found.append(Finding(f"the address takes {size} bytes in a QR code (its {len(text)} characters, some of "
                             f"more than one byte; at most {URL_MAX}): link to a shorter page"))
    return found


def _breaks(text: str) -> list[Finding]:
    for char, name in (("\r", "carriage return (CR)"), ("\n", "line break (LF)"),
                       ("\u2028", "line separator"), ("\u2029", "paragraph separator")):
        if char in text:
            return [Finding(
                f"a {name} in a one-line text at character {text.index(char) + 1}: "
                "write it on one line (in YAML, put the whole text in quotes on one line)"
            )]
    return []


def _bidi(text: str) -> list[Finding]:
    if BIDI_CONTROLS.isdisjoint(text):
        return []
    for index, char in enumerate(text):
        if char in BIDI_CONTROLS:
            return [Finding(
                f"an invisible direction control U+{ord(char):04X} ({unicodedata.name(char)}) at character "
                f"{index + 1}: remove it; the kiosk sets the direction of every language itself"
            )]
    return []


def _words(text: str) -> list[Finding]:
    if len(text) <= WORD_MAX:
        return []
    for word in text.split():
        if len(word) > WORD_MAX and not _is_link(word):
            return [Finding(
                f"a word of {len(word)} characters ({word[:20]}…): no sign carries one that long "
                f"(at most {WORD_MAX}); break it with spaces or hyphens"
            )]
    return []


def _marks(text: str) -> list[Finding]:
    if text.isascii() or _PLAIN.issuperset(text) or not _has_mark(text):
        return []
    run = 0
    for index, char in enumerate(text):
        if char not in _PLAIN and _is_mark(char):
            run += 1
            if run > MARKS_MAX:
                return [Finding(
                    f"more than {MARKS_MAX} accents or marks stacked on one letter at character {index + 1}: "
                    "write the letter with its usual accents only"
                )]
        else:
            run = 0
    return []


# Characters seen that are no combining mark: a text made of these alone needs no walk, letter by
# letter (which was most of the check of a large pack). Bounded by the characters there are.
_PLAIN: set[str] = set()


def _is_mark(char: str) -> bool:
    return bool(unicodedata.combining(char)) or unicodedata.category(char) in ("Mn", "Me")


def _has_mark(text: str) -> bool:
    found = False
    for char in set(text) - _PLAIN:
        if _is_mark(char):
            found = True
        else:
            _PLAIN.add(char)
    return found


def _is_link(word: str) -> bool:
    word = word.strip("()<>.,;:!?\"'")
    return word.startswith(("http://", "https://", "mailto:", "www.")) or ("@" in word and "." in word)
