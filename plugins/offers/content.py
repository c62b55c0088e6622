"""The offers plugin's kind of content: `offers.yaml`, one record per service."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kiosk.api import EMPTY_TEXT, Contact, Hours, Kind, Record, Text


@dataclass(frozen=True, slots=True)
class Offer(Record):
    title: Text = EMPTY_TEXT
    summary: Text = EMPTY_TEXT
    description: Text | None = None
    category: str = ""
    provider: str = ""
    place: str = ""
    languages: tuple[str, ...] = ()
    url: str | None = None
    contact: Contact = Contact()
    hours: Hours | None = None
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None

    def is_current(self, now: dt.datetime) -> bool:
        today = now.date()
        if self.valid_from and today < self.valid_from:
            return False
        return not (self.valid_until and today > self.valid_until)


# an offer without a place (a web page, a hotline) has no address, no place code and no pin
REQUIRED = ("title", "summary", "category", "provider")


def read_offer(node, r):
    m, v = r.record(
        node, "an offer", REQUIRED,
        ("title", "summary", "description", "category", "provider", "place", "languages",
         "url", "contact", "hours", "valid_from", "valid_until"),
    )
    if m is None:
        return None
    ok = r.texts(m, v, ("title", "summary", "description"))
    for ref in ("category", "provider", "place"):
        if ref in m:
            v[ref] = r.ident(m[ref], ref)
    if "languages" in m:
        v["languages"] = r.langs(m["languages"], "languages")
    if "url" in m:
        v["url"] = r.url(m["url"], "url")
    if "contact" in m:
        v["contact"] = r.contact(m["contact"])
    if "hours" in m:
        v["hours"] = r.hours(m["hours"])
    for key in ("valid_from", "valid_until"):
        if key in m:
            v[key] = r.date(m[key], key)
    if v.get("valid_from") and v.get("valid_until") and v["valid_until"] < v["valid_from"]:
        r.error(m["valid_until"].loc, "valid_until is before valid_from")
        ok = False
    if not ok or not all(v.get(k) for k in REQUIRED):
        return None
    return Offer(**{k: x for k, x in v.items() if x is not None})


KIND = Kind(
    name="offers", file="offers.yaml", read=read_offer, detail="offer/<id>",
    refs={"category": "categories", "provider": "providers", "place": "places"},
)


changes = 0  # content shown since the start (counted by the plugin's kiosk_content_changed)


def current_offers(pack, now: dt.datetime, category: str | None = None) -> list[Offer]:
    """The pack's offers valid at `now`, of one category or all."""
    return [
        o for o in pack.items("offers").values()
        if o.is_current(now) and (category is None or o.category == category)
    ]
