"""Make a content pack from a region of Integreat, the platform many German towns use for newcomers.

Reads the public API of integreat-cms (`/api/v3/regions/<region>/`, `/api/v3/<region>/languages/`,
`/api/v3/<region>/<lang>/{pages,locations,events}/`) in every language the region has and the
kiosk can draw, and writes a pack that passes `kiosk check`:

- locations -> places (position, address, step-free access) and offers (category, contact, the
  weekly opening hours; `appointmentOnly` days become `appointment`); temporarily closed
  locations and those without a position are left out, and said so;
- events -> events, one per occurrence the API lists, in their own time zone;
- pages -> documents, each with its page as the QR code's target;
- HTML becomes plain text; summaries and descriptions keep whole sentences, the full text stays
  one scan away on the item's Integreat page, whose address every item keeps as its `url`.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import socket
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.errors import KioskError
from kiosk.importers.plaintext import after, html_to_text, sentences
from kiosk.languages import LANGUAGES

DEFAULT_BASE_URL = "https://cms.integreat-app.de"
USER_AGENT = "kiosk-content-import/0.1 (content pack import for a neighbourhood information kiosk)"
TIMEOUT = 30
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
SUMMARY_CHARS = 160
DESCRIPTION_CHARS = 480
DEFAULT_COLOR = "#1d4f91"
# Integreat's location category icons -> the kiosk's icon names (anything else: `place`)
ICONS = {
    "advice": "counselling", "counselling": "counselling", "health": "health", "doctor": "health",
    "education": "education", "school": "education", "language": "german", "work": "work",
    "jobs": "work", "office": "info", "authority": "info", "family": "family", "children": "family",
    "leisure": "community", "sport": "community", "meeting": "community", "religious": "community",
}


@dataclass
class Imported:
    """What an import found, and what it left out with the reason."""

    files: dict = field(default_factory=dict)  # file name -> YAML data
    languages: tuple = ()
    left_out: list = field(default_factory=list)


# -- reading the API ----------------------------------------------------------------------------


class Api:
    def __init__(self, base_url: str, region: str):
        self.base = base_url.rstrip("/")
        self.region = region

    def get(self, path: str):
        url = f"{self.base}/api/v3/{path}"
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                body = response.read()
        except urllib.error.HTTPError as exc:
            if exc.code == 404:
                raise KioskError(f"{url}: not found (HTTP 404): is {self.region!r} the region's name as in its Integreat address?") from None
            raise KioskError(f"{url}: the server answered HTTP {exc.code} {exc.reason}") from None
        except (urllib.error.URLError, socket.timeout, ConnectionError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise KioskError(f"cannot reach {self.base}: {reason}; check the network and --base-url") from None
        try:
            return json.loads(body)
        except ValueError:
            raise KioskError(f"{url}: the answer is not JSON; is {self.base} an Integreat server?") from None


def fetch(api: Api) -> dict:
    """Everything the pack is made of, per language: {"region", "languages", "pages", ...}."""
    region = api.get(f"regions/{api.region}/")
    languages = api.get(f"{api.region}/languages/")
    data = {"region": region, "languages": languages, "pages": {}, "locations": {}, "events": {}}
    for lang in languages:
        code = lang.get("code")
        if _kiosk_code(lang) is None:
            continue
        for kind in ("pages", "locations", "events"):
            data[kind][code] = api.get(f"{api.region}/{code}/{kind}/")
    return data


def _kiosk_code(lang: dict) -> str | None:
    """The kiosk's code for an Integreat language (`fa`, `ar`; `de-si` Easy German is not one)."""
    code = str(lang.get("code") or "")
    return code if code in LANGUAGES else None


# -- converting ---------------------------------------------------------------------------------


def convert(data: dict, region: str) -> Imported:
    result = Imported()
    langs = [lang for lang in data["languages"] if _kiosk_code(lang)]
    for lang in data["languages"]:
        if not _kiosk_code(lang):
            result.left_out.append(f"language {lang.get('code')} ({lang.get('native_name')}): the kiosk has no font or code for it yet")
    if not langs:
        raise KioskError(f"region {region!r} has no language the kiosk can show")
    codes = tuple(lang["code"] for lang in langs)
    result.languages = codes
    default = codes[0]
    name = data["region"].get("name") or region

    places, offers, providers, categories = {}, [], {}, {}
    for poi_id, by_lang in _group(data["locations"], codes, lambda item: (item.get("location") or {}).get("id")):
        item = by_lang[default] if default in by_lang else next(iter(by_lang.values()))
        title = item.get("title") or item["location"].get("name") or ""
        if item.get("temporarily_closed"):
            result.left_out.append(f"location {title!r}: temporarily closed ({item.get('url')})")
            continue
        place = _place(item["location"], title, codes, item.get("barrier_free"))
        if place is None:
            result.left_out.append(f"location {title!r}: no position (latitude, longitude) ({item.get('url')})")
            continue
        places[place["id"]] = place
        provider = _provider(item.get("organization"), name, region, codes)
        providers.setdefault(provider["id"], provider)
        category = _category(by_lang, default)
        categories.setdefault(category["id"], category)
        offers.append(_offer(item, by_lang, place["id"], provider["id"], category["id"], codes))

    events = []
    for _key, by_lang in _group(data["events"], codes, _event_key):
        item = by_lang[default] if default in by_lang else next(iter(by_lang.values()))
        event = _event(item, by_lang, places, codes, result)
        if event is not None:
            events.append(event)

    documents = []
    for _key, by_lang in _group_pages(data["pages"], codes):
        item = by_lang[default] if default in by_lang else next(iter(by_lang.values()))
        title = _texts(by_lang, lambda i: i.get("title"))
        if not title or not item.get("url"):
            continue
        doc = {"id": f"page-{item['id']}", "title": title}
        summary = _texts(by_lang, lambda i: sentences(html_to_text(i.get("content") or i.get("excerpt")), SUMMARY_CHARS))
        if summary:
            doc["summary"] = summary
        doc["url"] = item["url"]
        doc["languages"] = [c for c in codes if c in by_lang]
        doc["format"] = "Integreat"
        _as_of(doc, item)
        documents.append(doc)

    if not places:
        raise KioskError(f"region {region!r} has no location with a position: a pack needs at least the kiosk's place")
    result.files = {
        "pack.yaml": _pack(name, codes, next(iter(places)), list(categories.values()), events),
        "places.yaml": {"places": list(places.values())},
        "providers.yaml": {"providers": list(providers.values())},
        "offers.yaml": {"offers": offers},
        "events.yaml": {"events": events},
        "documents.yaml": {"documents": documents},
    }
    return result


def _group(by_lang_lists: dict, codes, key):
    """Items of every language grouped by a key they share across languages, in the default
    language's order: [(key, {lang: item})]."""
    groups: dict = {}
    for code in codes:
        for item in by_lang_lists.get(code, []):
            k = key(item)
            if k is not None:
                groups.setdefault(k, {})[code] = item
    return list(groups.items())


def _event_key(item):
    event = item.get("event") or {}
    return (event.get("id"), str(event.get("start", ""))[:10]) if event.get("id") is not None else None


def _group_pages(pages: dict, codes):
    """A page's translations have their own ids; the default language's `available_languages`
    names them (by id, else by address)."""
    default, others = codes[0], codes[1:]
    index = {code: {p.get("id"): p for p in pages.get(code, [])} for code in others}
    by_url = {code: {p.get("url"): p for p in pages.get(code, [])} for code in others}
    groups = []
    for page in sorted(pages.get(default, []), key=lambda p: p.get("order") or 0):
        group = {default: page}
        for code, ref in (page.get("available_languages") or {}).items():
            if code in index and isinstance(ref, dict):
                other = index[code].get(ref.get("id")) or by_url[code].get(ref.get("url"))
                if other is not None:
                    group[code] = other
        groups.append((page.get("id"), group))
    return groups


def _as_of(record: dict, item: dict) -> None:
    """When Integreat last changed the item: the record's `as_of` (when its facts were checked)."""
    try:
        record["as_of"] = dt.date.fromisoformat(str(item.get("last_updated") or "")[:10]).isoformat()
    except ValueError:
        pass


def _texts(by_lang: dict, pick) -> dict:
    values = {}
    for code, item in by_lang.items():
        text = (pick(item) or "").strip()
        if text:
            values[code] = text
    return values


def _slug(text: str, fallback: str) -> str:
    table = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe", "Ü": "ue"})
    slug = re.sub(r"[^a-z0-9]+", "-", text.translate(table).lower()).strip("-")
    return slug[:40].strip("-") or fallback


def _place(location: dict, title: str, codes, barrier_free):
    lat, lon = location.get("latitude"), location.get("longitude")
    try:
        lat, lon = float(lat), float(lon)
    except (TypeError, ValueError):
        return None
    place = {"id": f"location-{location['id']}", "title": {c: title for c in codes}}
    address = {k: str(location[src]).strip() for k, src in (("street", "address"), ("postcode", "postcode"), ("town", "town"))
               if location.get(src) and str(location[src]).strip()}
    if address:
        place["address"] = address
    place["lat"] = round(lat, 7)
    place["lon"] = round(lon, 7)
    if barrier_free is not None:
        place["accessible"] = bool(barrier_free)
    return place


def _provider(organization, region_name: str, region: str, codes) -> dict:
    if organization and organization.get("name"):
        provider = {"id": f"org-{_slug(organization.get('slug') or organization['name'], str(organization.get('id')))}",
                    "title": {c: organization["name"] for c in codes}}
        if str(organization.get("website") or "").startswith(("http://", "https://")):
            provider["url"] = organization["website"]
        return provider
    return {"id": f"integreat-{_slug(region, 'region')}", "title": {c: f"Integreat {region_name}" for c in codes}}


def _category(by_lang: dict, default: str) -> dict:
    first = (by_lang.get(default) or next(iter(by_lang.values()))).get("category") or {}
    names = _texts(by_lang, lambda i: (i.get("category") or {}).get("name"))
    if not names:
        return {"id": "places", "title": {code: "Orte" if code == "de" else "Places" for code in by_lang}, "icon": "place", "color": DEFAULT_COLOR}
    cid = _slug(names.get(default) or next(iter(names.values())), f"category-{first.get('id')}")
    color = str(first.get("color") or "")
    return {
        "id": cid, "title": names,
        "icon": ICONS.get(str(first.get("icon") or "").lower(), "place"),
        "color": color if re.fullmatch(r"#[0-9a-fA-F]{6}", color) and _dark_enough(color) else DEFAULT_COLOR,
    }


def _dark_enough(color: str) -> bool:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    return 1.05 / (0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b) + 0.05) >= 4.5


def _offer(item, by_lang, place, provider, category, codes) -> dict:
    plain = {code: html_to_text(i.get("content") or i.get("excerpt")) for code, i in by_lang.items()}
    title = {c: item.get("title") for c in codes if c in by_lang}
    summary = {c: sentences(t, SUMMARY_CHARS) for c, t in plain.items() if t}
    if not summary:  # no text at all: the category names what it is
        summary = _texts(by_lang, lambda i: (i.get("category") or {}).get("name")) or dict(title)
    offer = {"id": f"location-{item['location']['id']}", "title": title, "summary": summary}
    description = _description(plain, summary)
    if description:
        offer["description"] = description
    offer.update({"category": category, "provider": provider, "place": place})
    _as_of(offer, item)
    if str(item.get("url") or "").startswith(("http://", "https://")):
        offer["url"] = item["url"]
    contact = {}
    phone = re.sub(r"[^0-9+ ()/-]", "", str(item.get("phone_number") or "")).strip()
    if len(re.sub(r"\D", "", phone)) >= 5:
        contact["phone"] = phone
    if re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", str(item.get("email") or "")):
        contact["email"] = item["email"]
    if str(item.get("website") or "").startswith(("http://", "https://")):
        contact["website"] = item["website"]
    if contact:
        offer["contact"] = contact
    hours = _hours(item.get("opening_hours"))
    if hours:
        offer["hours"] = hours
    return offer


def _description(plain: dict, summary: dict) -> dict:
    """What each language's text says beyond its summary, in whole sentences."""
    rest = {c: after(t, summary.get(c, "")) for c, t in plain.items() if t}
    return {c: sentences(t, DESCRIPTION_CHARS) for c, t in rest.items() if t}


def _hours(opening_hours):
    """Integreat's seven days, Monday first, as the pack's `hours` (None when not given)."""
    if not isinstance(opening_hours, list) or len(opening_hours) != 7:
        return None
    hours = {}
    for name, day in zip(WEEKDAYS, opening_hours):
        if not isinstance(day, dict) or day.get("closed"):
            continue
        if day.get("appointmentOnly"):
            hours[name] = "appointment"
        elif day.get("allDay"):
            hours[name] = ["00:00-24:00"]
        else:
            slots = sorted(
                f"{_hhmm(s.get('start'))}-{_hhmm(s.get('end'), end=True)}"
                for s in day.get("timeSlots") or [] if s.get("start") and s.get("end")
            )
            if slots:
                hours[name] = slots
    return hours or None


def _hhmm(value, end: bool = False) -> str:
    hh, mm = (str(value).split(":") + ["00"])[:2]
    text = f"{int(hh):02d}:{int(mm):02d}"
    return "24:00" if end and text in ("00:00", "23:59") else text


def _event(item, by_lang, places, codes, result):
    event = item.get("event") or {}
    title = _texts(by_lang, lambda i: i.get("title"))
    location = item.get("location") or {}
    place_id = f"location-{location.get('id')}" if location.get("id") is not None else None
    if place_id not in places:
        place = _place(location, location.get("name") or "", codes, None) if location.get("id") is not None else None
        if place is None:
            result.left_out.append(f"event {title.get(codes[0], next(iter(title.values()), '?'))!r}: no place with a position ({item.get('url')})")
            return None
        places[place_id] = place
    try:
        start = dt.datetime.fromisoformat(str(event["start"]))
        end = dt.datetime.fromisoformat(str(event["end"]))
    except (KeyError, ValueError):
        result.left_out.append(f"event {item.get('id')}: no start or end ({item.get('url')})")
        return None
    if event.get("all_day"):
        start = start.replace(hour=0, minute=0)
        end = end.replace(hour=23, minute=59)
    if end <= start:
        end = start + dt.timedelta(hours=1)
    plain = {code: html_to_text(i.get("content") or i.get("excerpt")) for code, i in by_lang.items()}
    out = {"id": f"event-{event['id']}-{start:%Y%m%d}", "title": title,
           "summary": {c: sentences(t, SUMMARY_CHARS) for c, t in plain.items() if t} or dict(title)}
    description = _description(plain, out["summary"])
    if description:
        out["description"] = description
    out["place"] = place_id
    _as_of(out, item)
    out["start"] = f"{start:%Y-%m-%d %H:%M}"  # local time of the event's own zone
    out["end"] = f"{end:%Y-%m-%d %H:%M}"
    if event.get("timezone"):
        out["timezone"] = event["timezone"]
    if str(item.get("url") or "").startswith(("http://", "https://")):
        out["url"] = item["url"]
    return out


def _pack(name, codes, first_place, categories, events) -> dict:
    return {
        "id": None,  # set from the folder by write()
        "name": {c: name for c in codes},
        "languages": list(codes),
        "timezone": next((e["timezone"] for e in events if e.get("timezone")), "Europe/Berlin"),
        "location": {"place": first_place},
        "categories": categories or [{"id": "places", "title": {c: "Places" for c in codes}, "icon": "place"}],
    }


# -- writing ------------------------------------------------------------------------------------


HEADERS = {
    "pack.yaml": "Imported from Integreat region {region!r} ({base}) on {day}.\n"
                 "location.place is the first location found: set it to where the kiosk stands.",
    "places.yaml": "Locations of Integreat region {region!r}, imported on {day}; check each position on site.",
    "providers.yaml": "Organisations named by Integreat region {region!r} (imported on {day}).",
    "offers.yaml": "Locations of Integreat region {region!r} with their opening hours, imported on {day}.\n"
                   "Each url is the location's Integreat page: the full text is there, one scan away.",
    "events.yaml": "Events of Integreat region {region!r}, one per date, imported on {day}.",
    "documents.yaml": "Pages of Integreat region {region!r}, imported on {day}: each QR code leads to the page.",
}


def write(imported: Imported, folder: Path, region: str, base: str) -> None:
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    yaml = YAML()
    yaml.width = 1 << 16
    yaml.indent(mapping=2, sequence=4, offset=2)
    folder.mkdir(parents=True, exist_ok=True)
    day = dt.date.today().isoformat()

    def styled(value, key=None):
        if isinstance(value, dict):
            out = CommentedMap()
            for k, v in value.items():
                out[k] = styled(v, k)
            return out
        if isinstance(value, list):
            out = CommentedSeq(styled(v) for v in value)
            if key in WEEKDAYS or key == "languages":
                out.fa.set_flow_style()
            return out
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, float):
            return f"{value:.7f}".rstrip("0").rstrip(".")
        text = str(value)
        if re.fullmatch(r"[0-9:+ ()/-]+", text) or key in ("postcode", "phone", "start", "end", "color"):
            return DoubleQuotedScalarString(text)
        return text

    imported.files["pack.yaml"]["id"] = folder.name
    for name, data in imported.files.items():
        doc = styled(data)
        doc.yaml_set_start_comment(HEADERS[name].format(region=region, base=base, day=day))
        with open(folder / name, "w", encoding="utf-8") as f:
            yaml.dump(doc, f)


# -- the command --------------------------------------------------------------------------------


def add_parser(sources) -> None:
    cmd = sources.add_parser("integreat", help="a pack from an Integreat region's public pages, locations and events")
    cmd.add_argument("region", metavar="REGION", help="the region's name as in its address, e.g. leipzig in integreat.app/leipzig")
    cmd.add_argument("--out", required=True, type=Path, metavar="DIR", help="the new pack's folder (its name is the pack's id)")
    cmd.add_argument("--base-url", default=DEFAULT_BASE_URL, metavar="URL", help=f"the Integreat server (default {DEFAULT_BASE_URL})")


def run(args) -> int:
    from kiosk.cli import cmd_check
    from kiosk.schema import ID_RE

    folder: Path = args.out
    if not ID_RE.match(folder.name):
        raise KioskError(f"the folder's name {folder.name!r} is the pack's id: use lowercase letters, digits and dashes")
    if folder.exists() and any(folder.iterdir()):
        raise KioskError(f"{folder} exists and is not empty: name a new folder")
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", args.region):
        raise KioskError(f"region {args.region!r}: write it as in the region's address, like leipzig")
    parsed = urllib.parse.urlparse(args.base_url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise KioskError(f"--base-url must be a web address like {DEFAULT_BASE_URL}, not {args.base_url!r}")
    try:
        imported = convert(fetch(Api(args.base_url, args.region)), args.region)
    except (AttributeError, IndexError, KeyError, TypeError, ValueError) as exc:
        # answers of another shape than the API's (another server, another version of it)
        logging.getLogger("kiosk").debug("the answers that could not be read", exc_info=True)
        raise KioskError(
            f"{args.base_url}: the answers for the region {args.region!r} are not shaped as Integreat's API v3 "
            f"answers ({type(exc).__name__}: {exc}); nothing was written. Is it an Integreat server, and is "
            "this kiosk's importer up to date?"
        ) from None
    write(imported, folder, args.region, args.base_url)
    for reason in imported.left_out:
        print(f"left out: {reason}")
    counts = ", ".join(f"{len(next(iter(imported.files[f].values())))} {f[:-5]}" for f in ("places.yaml", "offers.yaml", "events.yaml", "documents.yaml"))
    print(f"kiosk: imported {counts} in {', '.join(imported.languages)} into {folder}; its check:")
    args.packs = [folder]
    return cmd_check(args)  # the same check, with the same plugins, as `kiosk check`
