"""The documents plugin's kind of content: `documents.yaml`, guides and flyers to take home."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kiosk.api import EMPTY_TEXT, Kind, Record, Text


@dataclass(frozen=True, slots=True)
class Document(Record):
    title: Text = EMPTY_TEXT
    summary: Text = EMPTY_TEXT
    provider: str | None = None
    url: str = ""
    languages: tuple[str, ...] = ()
    format: str | None = None
    published: dt.date | None = None


def read_document(node, r):
    m, v = r.record(
        node, "a document", ("title", "url"),
        ("title", "summary", "provider", "url", "languages", "format", "published"),
    )
    if m is None:
        return None
    ok = r.texts(m, v, ("title", "summary"))
    if "provider" in m:
        v["provider"] = r.ident(m["provider"], "provider")
    if "url" in m:
        v["url"] = r.url(m["url"], "url")
    if "languages" in m:
        v["languages"] = r.langs(m["languages"], "languages")
    if "format" in m:
        v["format"] = r.string(m["format"], "format")
    if "published" in m:
        v["published"] = r.date(m["published"], "published")
    if not ok or not v.get("title") or not v.get("url"):
        return None
    return Document(**{k: x for k, x in v.items() if x is not None})


KIND = Kind(name="documents", file="documents.yaml", read=read_document, refs={"provider": "providers"},
            detail="document/<id>")
