"""From a content pack to the plain data of a printed guide, in one language.

`Words` is what the builder needs of the kiosk: interface strings, content texts, dates and
times in one language. The builder reads the pack's records of the kinds offers, events and documents by their fields
(title, summary, hours, place, contact, start, end ...); `render.py` draws the result.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable

from .render import CodeBox, Entry, Fact, Guide, Section

CODE_CAPTIONS = {"url": "guide.code_url", "vcard": "guide.code_vcard", "geo": "guide.code_geo",
                 "ical": "guide.code_ical", "download": "guide.code_download"}


@dataclass
class Words:
    """One language's words: `t(key, **values)`, `text(TextValue) -> (text, lang)`,
    `weekday(index)`, `time(datetime | minutes)`, `date(date)`, and each language's own name."""

    lang: str
    rtl: bool
    t: Callable[..., str]
    text: Callable[[object], tuple[str, str]]
    weekday: Callable[[int], str]
    time: Callable[[object], str]
    date: Callable[[dt.date], str]
    native: Callable[[str], str]


def build_guide(pack, words: Words, now: dt.datetime, codes_of, guide_url: str | None = None,
                fonts: dict | None = None) -> Guide:
    """The guide of `pack` at `now`: current offers by category, upcoming events, documents.

    `codes_of(item)` gives the item's QR codes (kind, payload), as the qr plugin makes them."""
    w = words
    sections: list[Section] = []
    offers_now = [o for o in pack.items("offers").values() if o.is_current(now)]
    for category in pack.categories:
        offers = sorted((o for o in offers_now if o.category == category.id), key=lambda o: w.text(o.title)[0].casefold())
        if offers:
            title = w.text(category.title)[0]
            intro = w.text(category.summary)[0] if category.summary else ""
            sections.append(Section(title, tuple(_offer(pack, o, w, codes_of) for o in offers),
                                    category.color, intro, part=w.t("guide.offers")))
    events = sorted((e for e in pack.items("events").values() if e.is_current(now)), key=lambda e: e.start)
    if events:
        sections.append(Section(w.t("guide.events"), tuple(_event(pack, e, w, now, codes_of) for e in events),
                                "#7a3e9d"))
    documents = [d for d in pack.items("documents").values() if d.is_current(now)]
    if documents:
        sections.append(Section(w.t("guide.documents"), tuple(_document(d, w, codes_of) for d in documents),
                                "#2f6b3a"))
    here = pack.places.get(pack.location)
    cover = []
    if here is not None:
        cover.append(w.text(here.title)[0])
        cover.extend(here.address.lines())
    made = w.t("guide.made", date=w.date(now.date()))
    name = w.text(pack.name)[0]
    return Guide(
        lang=w.lang, rtl=w.rtl, title=name,
        subtitle=w.text(pack.description)[0] if pack.description else "",
        made=made, sections=tuple(sections), contents=w.t("guide.contents"),
        cover_lines=tuple(cover),
        cover_codes=(CodeBox(w.t("guide.code_guide"), guide_url),) if guide_url else (),
        footer=f"{name} · {made}", fonts=fonts or {},
    )


def _codes(item, w: Words, codes_of) -> tuple[CodeBox, ...]:
    return tuple(CodeBox(w.t(CODE_CAPTIONS.get(c.kind, "guide.code_url")), c.payload) for c in codes_of(item))


def _note(w: Words, *langs: str) -> str:
    return w.t("guide.not_translated") if any(lang != w.lang for lang in langs) else ""


def hours_lines(hours, w: Words) -> tuple[str, ...]:
    """One line per weekday that is open or by appointment, Monday first."""
    lines = []
    for index, day in enumerate(hours.days):
        if day.slots:
            when = ", ".join(f"{w.time(s)} – {w.time(e)}" for s, e in day.slots)
        elif day.appointment:
            when = w.t("guide.by_appointment")
        else:
            continue
        lines.append(f"{w.weekday(index)}: {when}")
    if hours.appointment_only and not lines:
        lines.append(w.t("guide.by_appointment"))
    elif hours.by_appointment:
        lines.append(w.t("guide.also_appointment"))
    if hours.note:
        lines.append(w.text(hours.note)[0])
    return tuple(lines)


def _place_lines(pack, place_id: str, w: Words) -> tuple[str, ...]:
    place = pack.places.get(place_id)
    if place is None:
        return ()
    title = w.text(place.title)[0]
    lines = place.address.lines()
    return tuple(([title] if title != place.address.street else []) + lines)


def _offer(pack, offer, w: Words, codes_of) -> Entry:
    title, tlang = w.text(offer.title)
    summary, slang = w.text(offer.summary)
    facts = []
    if offer.hours and (any(d.slots or d.appointment for d in offer.hours.days) or offer.hours.by_appointment):
        facts.append(Fact(w.t("guide.hours"), hours_lines(offer.hours, w)))
    else:
        facts.append(Fact(w.t("guide.hours"), (w.t("guide.no_hours"),)))
    place = _place_lines(pack, offer.place, w)
    if place:
        facts.append(Fact(w.t("guide.address"), place, dir="auto"))
    provider = pack.providers.get(offer.provider)
    if provider:
        facts.append(Fact(w.t("guide.provider"), (w.text(provider.title)[0],)))
    contact = pack.contact_of(offer)
    if contact.phone:
        facts.append(Fact(w.t("guide.phone"), (contact.phone,), dir="ltr"))
    if contact.email:
        facts.append(Fact(w.t("guide.email"), (contact.email,), dir="ltr"))
    if offer.languages:
        facts.append(Fact(w.t("guide.languages"), (" · ".join(w.native(c) for c in offer.languages),)))
    return Entry(title, summary, tlang if tlang == slang else "", tuple(facts), _codes(offer, w, codes_of),
                 _note(w, tlang, slang))


def _event(pack, event, w: Words, now: dt.datetime, codes_of) -> Entry:
    title, tlang = w.text(event.title)
    summary, slang = w.text(event.summary)
    start, end = event.start.astimezone(now.tzinfo), event.end.astimezone(now.tzinfo)
    when = f"{w.date(start.date())}, {w.time(start)} – "
    if end.date() != start.date():
        when += f"{w.date(end.date())}, "
    facts = [Fact(w.t("guide.when"), (when + w.time(end),))]
    place = _place_lines(pack, event.place, w)
    if place:
        facts.append(Fact(w.t("guide.address"), place, dir="auto"))
    if event.languages:
        facts.append(Fact(w.t("guide.languages"), (" · ".join(w.native(c) for c in event.languages),)))
    return Entry(title, summary, tlang if tlang == slang else "", tuple(facts), _codes(event, w, codes_of),
                 _note(w, tlang, slang))


def _document(doc, w: Words, codes_of) -> Entry:
    title, tlang = w.text(doc.title)
    summary, slang = w.text(doc.summary)
    facts = []
    if doc.languages:
        facts.append(Fact(w.t("guide.languages"), (" · ".join(w.native(c) for c in doc.languages),)))
    return Entry(title, summary, tlang if tlang == slang else "", tuple(facts), _codes(doc, w, codes_of),
                 _note(w, tlang, slang))
