"""What a phone receives from each code: a URL, a vCard, an iCalendar event, a geo: URI."""

from __future__ import annotations

import datetime as dt

from kiosk.content.model import Document, Event, Offer, Place
from kiosk.parts import Code

CRLF = "\r\n"

# RFC 5545 wants a VTIMEZONE for a TZID; this is Europe/Berlin's (EU rules since 1996).
BERLIN = CRLF.join([
    "BEGIN:VTIMEZONE", "TZID:Europe/Berlin",
    "BEGIN:DAYLIGHT", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "END:DAYLIGHT",
    "BEGIN:STANDARD", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "END:STANDARD",
    "END:VTIMEZONE",
])


def codes_for(item, pack) -> list[Code]:
    """The codes of one item, most useful first."""
    if isinstance(item, Offer):
        codes = [Code("url", item.url)] if item.url else []
        card = vcard(item, pack)
        if card:
            codes.append(Code("vcard", card))
        place = pack.places.get(item.place)
        if place is not None and not place.approximate:
            codes.append(Code("geo", geo(place)))  # an estimated position would mislead a phone's map
        return codes
    if isinstance(item, Event):
        codes = [Code("ical", ical(item, pack))]
        if item.url:
            codes.append(Code("url", item.url))
        return codes
    if isinstance(item, Document):
        # "download" only when the code leads to the file itself; a page that offers it is a page
        return [Code("download" if is_file(item.url) else "url", item.url)] if item.url else []
    if isinstance(item, Place):
        return [Code("geo", geo(item))]
    return []


FILE_ENDINGS = (".pdf", ".doc", ".docx", ".odt", ".rtf", ".epub", ".zip", ".jpg", ".png", ".mp3", ".mp4")


def is_file(url: str) -> bool:
    """Whether `url` names a file to download rather than a web page."""
    from urllib.parse import urlparse

    return urlparse(url).path.lower().endswith(FILE_ENDINGS)


def contact_of(offer, pack):
    """Every official contact the content gives for an offer: its own, completed by its
    provider's (an offer with an e-mail address of its own keeps its provider's phone)."""
    from dataclasses import fields, replace

    own = offer.contact
    provider = pack.providers.get(offer.provider)
    if provider is None or not provider.contact:
        return own
    return replace(own, **{f.name: getattr(provider.contact, f.name) for f in fields(own) if not getattr(own, f.name)})


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def vcard(offer: Offer, pack) -> str | None:
    """A vCard 3.0 of the organisation behind an offer, or None when there is nothing to save."""
    contact = contact_of(offer, pack)
    provider = pack.providers.get(offer.provider)
    place = pack.places.get(offer.place) if offer.place else None
    if not (contact or place):
        return None
    default = pack.default_language
    org = provider.title.pick(default)[0] if provider else offer.title.pick(default)[0]
    lines = ["BEGIN:VCARD", "VERSION:3.0", f"FN:{_escape(org)}", f"ORG:{_escape(org)}"]
    if place and place.address.street:
        a = place.address
        lines.append(f"ADR;TYPE=WORK:;;{_escape(a.street or '')};{_escape(a.town or '')};;{_escape(a.postcode or '')};Germany")
    if contact.phone:
        lines.append(f"TEL;TYPE=WORK,VOICE:{contact.phone}")
    if contact.email:
        lines.append(f"EMAIL;TYPE=WORK:{contact.email}")
    website = contact.website or (provider.url if provider else None)
    if website:
        lines.append(f"URL:{website}")
    lines.append("END:VCARD")
    return CRLF.join(lines)


def _local(moment: dt.datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%S")


def ical(event: Event, pack) -> str:
    """An iCalendar VEVENT in Europe/Berlin time, with the place as its location."""
    default = pack.default_language
    place = pack.places.get(event.place)
    zone = "Europe/Berlin"
    start = event.start.astimezone(_zone(zone))
    end = event.end.astimezone(_zone(zone))
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//kiosk//content kiosk//EN", BERLIN,
        "BEGIN:VEVENT",
        f"UID:{event.id}@{pack.id}",
        f"DTSTAMP:{event.start.astimezone(dt.timezone.utc).strftime('%Y%m%dT%H%M%SZ')}",
        f"DTSTART;TZID={zone}:{_local(start)}",
        f"DTEND;TZID={zone}:{_local(end)}",
        f"SUMMARY:{_escape(event.title.pick(default)[0])}",
    ]
    if place:
        where = ", ".join([place.title.pick(default)[0], *place.address.lines()])
        lines.append(f"LOCATION:{_escape(where)}")
        lines.append(f"GEO:{place.lat:.6f};{place.lon:.6f}")
    if event.url:
        lines.append(f"URL:{event.url}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return CRLF.join(lines)


def geo(place: Place) -> str:
    return f"geo:{place.lat!r},{place.lon!r}"  # the coordinates exactly as the pack writes them


def _zone(name):
    from zoneinfo import ZoneInfo

    return ZoneInfo(name)
