"""The guide's content: the optional `guide:` section of pack.yaml, and the guide of a pack."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import kiosk.api as api
from kiosk.api import WEEKDAYS, digits, is_rtl, language

from .build import Words, build_guide
from .render import Guide

FONTS = Path(api.__file__).resolve().parent.parent / "assets" / "fonts"  # Kiosk Sans (OFL)


@dataclass(frozen=True, slots=True)
class GuideInfo:
    """`guide:` in pack.yaml. `url` is where the printed guide can be downloaded; `{lang}` in it
    stands for the language code (`https://example.org/wegweiser-{lang}.pdf`)."""

    url: str


def read_guide(node, r):
    m = r.fields(node, "guide", required=("url",), optional=())
    if m is None or "url" not in m:
        return None
    url = r.url(m["url"], "guide.url")
    return GuideInfo(url) if url else None


def guide_url(pack, lang: str) -> str | None:
    info = pack.section("guide") if pack is not None else None
    return info.url.replace("{lang}", lang) if info else None


def words(lang: str, t_in, pack) -> Words:
    """A language's words from interface strings: the shell's weekdays, times and dates."""

    def t(key, **values):
        return t_in(lang, key, **values)

    def text(value):
        return ("", lang) if value is None else value.pick(lang, (pack.default_language, "en"))

    def weekday(index):
        return t_in(lang, f"shell.{WEEKDAYS[index]}")

    def time(moment):
        hh, mm = divmod(moment, 60) if isinstance(moment, int) else (moment.hour, moment.minute)
        return digits(t_in(lang, "shell.time", hh=f"{hh:02d}", mm=f"{mm:02d}"), lang)

    def date(day):
        months = t_in(lang, "shell.months")
        names = months.split("|") if "|" in months else months.split()
        return digits(t_in(lang, "shell.date", weekday=weekday(day.weekday()), day=str(day.day),
                           month=names[day.month - 1], year=str(day.year)), lang)

    return Words(lang, is_rtl(lang), t, text, weekday, time, date, lambda code: language(code).native)


def guide_of(pack, lang: str, t_in, item_codes, now) -> Guide:
    """The guide of `pack` in `lang` at `now`, with every plugin's QR codes for each item."""
    fonts = {"regular": FONTS / "KioskSans-Regular.ttf", "bold": FONTS / "KioskSans-Bold.ttf"}
    return build_guide(pack, words(lang, t_in, pack), now, item_codes, guide_url(pack, lang), fonts)
