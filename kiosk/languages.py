"""The languages the kiosk knows: each one's own name, writing direction and numbering.

A declarative table. A content pack may offer any of these; the text of a service's `languages`
list is shown with these names, each in its own script, never as a flag. Only languages whose
script Kiosk Sans draws (Latin, Cyrillic, Arabic with the letters of Persian and Sorani) are
listed: tests/test_fonts.py checks that every name here can be drawn. Adding, say, Tigrinya or
Greek means adding its Noto font first.
"""

from __future__ import annotations

import re

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    code: str
    native: str
    english: str
    rtl: bool = False

    @property
    def direction(self) -> str:
        return "rtl" if self.rtl else "ltr"


_TABLE = [
    ("de", "Deutsch", "German"),
    ("en", "English", "English"),
    ("ar", "العربية", "Arabic", True),
    ("fa", "فارسی", "Persian", True),
    ("tr", "Türkçe", "Turkish"),
    ("ru", "Русский", "Russian"),
    ("uk", "Українська", "Ukrainian"),
    ("vi", "Tiếng Việt", "Vietnamese"),
    ("ku", "Kurdî", "Kurdish (Kurmanji)"),
    ("ckb", "کوردی", "Kurdish (Sorani)", True),
    ("pl", "Polski", "Polish"),
    ("fr", "Français", "French"),
    ("es", "Español", "Spanish"),
    ("it", "Italiano", "Italian"),
    ("pt", "Português", "Portuguese"),
    ("ro", "Română", "Romanian"),
    ("bg", "Български", "Bulgarian"),
    ("sq", "Shqip", "Albanian"),
    ("sr", "Srpski", "Serbian"),
    ("hr", "Hrvatski", "Croatian"),
    ("bs", "Bosanski", "Bosnian"),
    ("cs", "Čeština", "Czech"),
    ("hu", "Magyar", "Hungarian"),
    ("so", "Soomaali", "Somali"),
    ("ps", "پښتو", "Pashto", True),
    ("ur", "اردو", "Urdu", True),
    ("sw", "Kiswahili", "Swahili"),
]

LANGUAGES: dict[str, Language] = {row[0]: Language(*row) for row in _TABLE}


def language(code: str) -> Language:
    """The language for `code`; an unknown code gets a left-to-right entry named by its code."""
    return LANGUAGES.get(code) or Language(code, code, code)


def is_rtl(code: str) -> bool:
    return language(code).rtl


_ISOLATES = re.compile("[\u2066-\u2069]")
RTL_RANGES = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc"  # Hebrew, Arabic and their presentation forms
_RTL_LETTER = re.compile(f"[{RTL_RANGES}]")


def text_direction(text: str, code: str) -> str:
    """The base direction to lay `text` out in when it stands for language `code`: the
    language's, except that a text whose letters are all of the other direction keeps its own
    (a name such as "FAIRbund e.V." left in Latin letters in an Arabic text keeps its final full
    stop at its end). Digits and signs alone follow the language ("12:00-14:00" reads from the
    right in Arabic), and so does a text that isolates its parts (a list of names put together
    for this screen, "⁨Deutsch⁩ · ⁨English⁩ | PDF", is read in the screen's order)."""
    own = "rtl" if is_rtl(code) else "ltr"
    if _ISOLATES.search(text):
        return own
    rtl_letters = _RTL_LETTER.search(text) is not None
    if own == "ltr":
        return "rtl" if rtl_letters and not any(c.isalpha() and not _RTL_LETTER.match(c) for c in text) else "ltr"
    return "rtl" if rtl_letters or not any(c.isalpha() for c in text) else "ltr"


LRI, FSI, PDI = "\u2066", "\u2068", "\u2069"


def isolate_ltr(text: str) -> str:
    """`text` kept left to right inside any paragraph: a phone number, a postcode, a URL in an
    Arabic sentence (Unicode's left-to-right isolate, LRI ... PDI)."""
    return f"{LRI}{text}{PDI}" if text else text


def isolate(text: str) -> str:
    """`text` laid out in its own direction, found from its first strong letter, without
    disturbing the paragraph around it (first-strong isolate, FSI ... PDI): a name in another
    script inside a list."""
    return f"{FSI}{text}{PDI}" if text else text
