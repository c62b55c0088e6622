"""What a phone receives from each code: a URL, a vCard, an iCalendar event, a geo: URI."""

from __future__ import annotations

import datetime as dt

from kiosk.api import Code, Contact, Place

CRLF = "\r\n"

# RFC 5545 wants a VTIMEZONE for a TZID. These zones keep the EU's summer-time rules (since
# 1996): the last Sunday of March at 01:00 UTC to the last Sunday of October. Another zone's times
# are written in UTC, which every calendar converts.
EU_ZONES = {
    "Europe/Berlin": 1, "Europe/Vienna": 1, "Europe/Zurich": 1, "Europe/Paris": 1, "Europe/Amsterdam": 1,
    "Europe/Brussels": 1, "Europe/Luxembourg": 1, "Europe/Copenhagen": 1, "Europe/Prague": 1,
    "Europe/Warsaw": 1, "Europe/Rome": 1, "Europe/Madrid": 1, "Europe/Stockholm": 1, "Europe/Oslo": 1,
    "Europe/Budapest": 1, "Europe/Ljubljana": 1, "Europe/Zagreb": 1, "Europe/Bratislava": 1,
    "Europe/London": 0, "Europe/Dublin": 0, "Europe/Lisbon": 0,
    "Europe/Athens": 2, "Europe/Helsinki": 2, "Europe/Bucharest": 2, "Europe/Sofia": 2,
    "Europe/Riga": 2, "Europe/Vilnius": 2, "Europe/Tallinn": 2,
}


def vtimezone(zone: str) -> str | None:
    offset = EU_ZONES.get(zone)
    if offset is None:
        return None
    std, dst = f"{offset:+03d}00", f"{offset + 1:+03d}00"
    return CRLF.join([
        "BEGIN:VTIMEZONE", f"TZID:{zone}",
        "BEGIN:DAYLIGHT", f"TZOFFSETFROM:{std}", f"TZOFFSETTO:{dst}", f"DTSTART:19700329T{1 + offset:02d}0000",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "END:DAYLIGHT",
        "BEGIN:STANDARD", f"TZOFFSETFROM:{dst}", f"TZOFFSETTO:{std}", f"DTSTART:19701025T{2 + offset:02d}0000",
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "END:STANDARD",
        "END:VTIMEZONE",
    ])


def codes_for(item, pack) -> list[Code]:
    """The codes of one item, most useful first: by what the item has, whichever kind it is."""
    if isinstance(item, Place):
        return [Code("geo", geo(item))]
    if getattr(item, "start", None) and getattr(item, "end", None):  # something that happens: a calendar entry
        codes = [Code("ical", ical(item, pack))]
        if getattr(item, "url", None):
            codes.append(Code("url", item.url))
        return codes
    if not hasattr(item, "place") and not hasattr(item, "contact"):  # a thing to take home: a document
        # "download" only when the code leads to the file itself; a page that offers it is a page
        url = getattr(item, "url", None)
        return [Code("download" if is_file(url) else "url", url)] if url else []
    codes = [Code("url", item.url)] if getattr(item, "url", None) else []
    card = vcard(item, pack)
    if card:
        codes.append(Code("vcard", card))
    place = pack.places.get(getattr(item, "place", "") or "")
    if place is not None and not place.approximate:
        codes.append(Code("geo", geo(place)))  # an estimated position would mislead a phone's map
    return codes


FILE_ENDINGS = (".pdf", ".doc", ".docx", ".odt", ".rtf", ".epub", ".zip", ".jpg", ".png", ".mp3", ".mp4")


def is_file(url: str) -> bool:
    """Whether `url` names a file to download rather than a web page."""
    from urllib.parse import urlparse

    return urlparse(url).path.lower().endswith(FILE_ENDINGS)


def contact_of(offer, pack):
    """Every official contact the content gives for an offer: its own, completed by its
    provider's (an offer with an e-mail address of its own keeps its provider's phone)."""
    from dataclasses import fields, replace

    own = getattr(offer, "contact", None) or Contact()
    provider = pack.providers.get(getattr(offer, "provider", "") or "")
    if provider is None or not provider.contact:
        return own
    return replace(own, **{f.name: getattr(provider.contact, f.name) for f in fields(own) if not getattr(own, f.name)})


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def vcard(offer, pack) -> str | None:
    """A vCard 3.0 of the organisation behind an offer, or None when there is nothing to save."""
    contact = contact_of(offer, pack)
    provider = pack.providers.get(getattr(offer, "provider", "") or "")
    place = pack.places.get(getattr(offer, "place", "") or "")
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
    return _without_url_if_too_large(lines)


def _without_url_if_too_large(lines: list[str]) -> str:
    """The lines as one payload; without the URL line when it would not fit in a QR code with it
    (a long address has a code of its own, or none). Still too large, the shell leaves it out."""
    payload = CRLF.join(lines)
    if not Code("", payload).fits:
        payload = CRLF.join(line for line in lines if not line.startswith("URL:"))
    return payload


def _local(moment: dt.datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%S")


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def ical(event, pack) -> str:
    """An iCalendar VEVENT in the pack's time zone, with the place as its location."""
    default = pack.default_language
    place = pack.places.get(event.place)
    zone = pack.timezone
    timezone = vtimezone(zone)
    if timezone:
        start = f"DTSTART;TZID={zone}:{_local(event.start.astimezone(_zone(zone)))}"
        end = f"DTEND;TZID={zone}:{_local(event.end.astimezone(_zone(zone)))}"
    else:
        start = f"DTSTART:{_utc(event.start)}"
        end = f"DTEND:{_utc(event.end)}"
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//kiosk//content kiosk//EN", *([timezone] if timezone else []),
        "BEGIN:VEVENT",
        f"UID:{event.id}@{pack.id}",
        f"DTSTAMP:{_utc(event.start)}",
        start,
        end,
        f"SUMMARY:{_escape(event.title.pick(default)[0])}",
    ]
    if place:
        where = ", ".join([place.title.pick(default)[0], *place.address.lines()])
        lines.append(f"LOCATION:{_escape(where)}")
        lines.append(f"GEO:{place.lat:.6f};{place.lon:.6f}")
    if event.url:
        lines.append(f"URL:{event.url}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return _without_url_if_too_large(lines)


def geo(place: Place) -> str:
    return f"geo:{place.lat!r},{place.lon!r}"  # the coordinates exactly as the pack writes them


def _zone(name):
    from zoneinfo import ZoneInfo

    return ZoneInfo(name)
