"""The events plugin's kind of content: `events.yaml`, one record per event."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kiosk.api import EMPTY_TEXT, Kind, Record, Text


@dataclass(frozen=True, slots=True)
class Event(Record):
    title: Text = EMPTY_TEXT
    summary: Text = EMPTY_TEXT
    description: Text | None = None
    category: str | None = None
    place: str = ""
    provider: str | None = None
    start: dt.datetime = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
    end: dt.datetime = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
    languages: tuple[str, ...] = ()
    url: str | None = None
    topics: tuple[Text, ...] = ()

    def is_over(self, now: dt.datetime) -> bool:
        return self.end <= now

    def is_current(self, now: dt.datetime) -> bool:
        return not self.is_over(now)


REQUIRED = ("title", "summary", "place", "start", "end")


def read_event(node, r):
    m, v = r.record(
        node, "an event", REQUIRED,
        ("title", "summary", "description", "category", "place", "provider", "start", "end",
         "timezone", "languages", "url", "topics"),
    )
    if m is None:
        return None
    ok = r.texts(m, v, ("title", "summary", "description"))
    for ref in ("category", "place", "provider"):
        if ref in m:
            v[ref] = r.ident(m[ref], ref)
    zone = r.zone
    if "timezone" in m:
        zone = r.timezone(m["timezone"])
        ok = ok and zone is not None
    for key in ("start", "end"):
        if key in m and zone is not None:
            v[key] = r.datetime(m[key], key, zone)
    if v.get("start") and v.get("end") and v["end"] <= v["start"]:
        r.error(m["end"].loc, "the event ends before it starts")
        ok = False
    if "languages" in m:
        v["languages"] = r.langs(m["languages"], "languages")
    if "url" in m:
        v["url"] = r.url(m["url"], "url")
    if "topics" in m:
        v["topics"] = tuple(t for t in (r.text(t, "topic") for t in r.sequence(m["topics"], "topics")) if t)
    v.pop("timezone", None)
    if not ok or not all(v.get(k) for k in REQUIRED):
        return None
    return Event(**{k: x for k, x in v.items() if x is not None})


KIND = Kind(
    name="events", file="events.yaml", read=read_event, detail="event/<id>",
    refs={"category": "categories", "provider": "providers", "place": "places"},
)


def upcoming_events(pack, now: dt.datetime) -> list[Event]:
    """The pack's events not over at `now`, soonest first."""
    return sorted((e for e in pack.items("events").values() if not e.is_over(now)), key=lambda e: e.start)
