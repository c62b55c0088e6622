"""Weekdays, dates and times in the words and digits of the screen's language."""

from __future__ import annotations

import datetime as dt

from kiosk.content.hours import WEEKDAYS

# One digit style on every screen and in every language: 0-9. The addresses, phone numbers, bus
# lines and office hours on the doors a visitor will look for are written so (docs/content.md).
_DIGITS: dict[str, dict] = {}


def digits(text: str, lang: str) -> str:
    """The digits of `text` as the kiosk writes them in `lang` (0-9 in every language)."""
    table = _DIGITS.get(lang)
    return text.translate(table) if table else text


def weekday(catalog, lang: str, index: int) -> str:
    return catalog.t(f"shell.{WEEKDAYS[index]}", lang)


def time(catalog, lang: str, moment: dt.datetime | int) -> str:
    """A clock time: `moment` is a datetime or minutes since midnight."""
    if isinstance(moment, int):
        hh, mm = divmod(moment, 60)
    else:
        hh, mm = moment.hour, moment.minute
    return digits(catalog.t("shell.time", lang, hh=f"{hh:02d}", mm=f"{mm:02d}"), lang)


def date(catalog, lang: str, day: dt.date) -> str:
    months = catalog.t("shell.months", lang)
    names = months.split("|") if "|" in months else months.split()
    text = catalog.t(
        "shell.date", lang, weekday=weekday(catalog, lang, day.weekday()),
        day=str(day.day), month=names[day.month - 1], year=str(day.year),
    )
    return digits(text, lang)
