"""The one loader of content packs, used by the kiosk and by `kiosk check`.

`load_pack(folder)` reads every file of a pack, checks every rule of docs/content.md and returns
the pack (only when it has no errors) and a report of every error and warning with file:line.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from pathlib import Path
from types import MappingProxyType
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from kiosk.content.hours import read_holidays, read_hours
from kiosk.content.model import (
    Address, Category, Contact, Document, Event, MapInfo, Offer, Pack, Place, Provider, Text,
)
from kiosk.languages import LANGUAGES
from kiosk.schema import Reader, Report, date_hint, did_you_mean, loose_time
from kiosk.yamlsafe import Loc, Mapping, Scalar, YamlError, load_file, no_cyclic_gc

FILES = ("pack.yaml", "places.yaml", "providers.yaml", "offers.yaml", "events.yaml", "documents.yaml")
URL_RE = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE_RE = re.compile(r"^\+?[0-9][0-9 ()/-]{4,}$")
COLOR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
DATETIME_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T](\d{1,2}:\d{2})(?::\d{2})?([+-]\d{2}:\d{2}|Z)?$")
MAP_FIELDS = ("tiles", "attribution", "bounds", "min_zoom", "max_zoom", "zoom")
MAX_LAT = 85.0511  # where Web Mercator maps end
MAX_ZOOM = 22


def load_pack(folder: Path | str, icons=None) -> tuple[Pack | None, Report]:
    """Read and check the pack in `folder`: (the pack or None if it has errors, the report)."""
    with no_cyclic_gc():
        return _PackLoader(Path(folder), icons).load()


class _PackLoader:
    def __init__(self, folder: Path, icons):
        self.folder = folder
        self.icons = icons
        self.report = Report()
        self.r = Reader(self.report)
        self.languages: tuple[str, ...] = ()
        self.zone = _zone("Europe/Berlin")
        self.holidays = None
        self.dropped: set[str] = set()  # ids of items left out after a syntax error

    # -- files --------------------------------------------------------------------------------

    def load(self):
        if not (self.folder / "pack.yaml").is_file():
            self.report.error(Loc(str(self.folder / "pack.yaml"), 1), "a content pack needs a pack.yaml file")
            return None, self.report
        for extra in sorted(self.folder.glob("*.y*ml")):
            if extra.name not in FILES:
                self.report.warn(
                    Loc(str(extra), 1),
                    f"file is not read: a pack has {', '.join(FILES)}{did_you_mean(extra.name, FILES)}",
                )
        docs = {name: self._read(name) for name in FILES}
        pack_doc = docs["pack.yaml"]
        head = self._pack_head(pack_doc)
        places = self._items(docs["places.yaml"], "places", self._place)
        providers = self._items(docs["providers.yaml"], "providers", self._provider)
        categories = {c.id: c for c in head.get("categories", ())}
        offers = self._items(docs["offers.yaml"], "offers", self._offer)
        events = self._items(docs["events.yaml"], "events", self._event)
        documents = self._items(docs["documents.yaml"], "documents", self._document)
        self._check_refs(places, providers, categories, offers, events, documents, head)
        self._check_map(head.get("map"), places, offers, head)
        if not self.report.ok or "id" not in head:
            return None, self.report
        pack = Pack(
            id=head["id"],
            path=str(self.folder),
            name=head["name"],
            description=head.get("description"),
            languages=self.languages,
            timezone=head.get("timezone", "Europe/Berlin"),
            location=head["location"],
            categories=tuple(head.get("categories", ())),
            values=tuple(head.get("values", ())),
            places=MappingProxyType(places),
            providers=MappingProxyType(providers),
            offers=MappingProxyType(offers),
            events=MappingProxyType(events),
            documents=MappingProxyType(documents),
            map=head.get("map"),
        )
        return pack, self.report

    def _read(self, name: str):
        path = self.folder / name
        if not path.exists():
            return None
        try:
            return load_file(path)
        except YamlError as exc:
            for loc, message in exc.problems:
                self.report.error(loc, message)
            self.dropped.update(exc.dropped)
            return exc.partial  # the items without syntax errors are still checked

    def _items(self, doc, key: str, read_one) -> dict:
        found: dict = {}
        if doc is None:
            return found
        top = self.r.fields(doc, f"{key}.yaml", optional=(key,))
        if top is None:
            return found
        for node in self.r.sequence(top.get(key, []), key):
            item = read_one(node)
            if item is None or item.id is None:
                continue
            if item.id in found:
                self.report.error(
                    item.loc, f"duplicate id {item.id!r} (first used at line {found[item.id].loc.line}): give each one an id of its own"
                )
                continue
            found[item.id] = item
        return found

    # -- pack.yaml ------------------------------------------------------------------------------

    def _pack_head(self, doc) -> dict:
        head: dict = {}
        if doc is None:
            return head
        node = self.r.fields(
            doc, "pack.yaml",
            required=("id", "name", "languages", "location"),
            optional=("description", "timezone", "holidays", "categories", "values", "map"),
        )
        if node is None:
            return head
        langs = [self._lang(n) for n in self.r.sequence(node.get("languages", []), "languages")]
        self.languages = tuple(dict.fromkeys(c for c in langs if c))
        if "languages" in node and not self.languages:
            self.report.error(node["languages"].loc, "languages must name at least one language (the default first)")
        if "id" in node:
            pack_id = self.r.ident(node["id"], "pack id")
            if pack_id:
                head["id"] = pack_id
                if pack_id != self.folder.name:
                    self.report.warn(node["id"].loc, f"pack id {pack_id!r} differs from its folder name {self.folder.name!r}")
        if "name" in node:
            head["name"] = self._text(node["name"], "name")
        if "description" in node:
            head["description"] = self._text(node["description"], "description")
        if "timezone" in node:
            zone = self.r.string(node["timezone"], "timezone")
            if zone and _zone(zone) is None:
                self.report.error(node["timezone"].loc, f"unknown time zone {zone!r} (like Europe/Berlin)")
            elif zone:
                head["timezone"] = zone
        self.zone = _zone(head.get("timezone", "Europe/Berlin"))
        if "holidays" in node:
            self.holidays = read_holidays(self.r, node["holidays"])
        location = node.get("location")
        if location is not None and self.r.fields(location, "location", required=("place",)):
            place = self.r.ident(location["place"], "location.place")
            if place:
                head["location"] = place
                head["location_loc"] = location["place"].loc
        categories = []
        for cat in self.r.sequence(node.get("categories", []), "categories"):
            category = self._category(cat)
            if category and any(c.id == category.id for c in categories):
                self.report.error(category.loc, f"duplicate category id {category.id!r}: give each category an id of its own")
            elif category:
                categories.append(category)
        head["categories"] = categories
        head["values"] = [
            t for t in (self._text(v, "value") for v in self.r.sequence(node.get("values", []), "values")) if t
        ]
        if "map" in node:
            head["map"] = self._map(node["map"])
        return head

    def _map(self, node):
        """The `map:` section: the MBTiles file must exist in the pack and hold raster tiles."""
        m = self.r.fields(node, "map", required=("tiles",), optional=MAP_FIELDS)
        if m is None or "tiles" not in m:
            return None
        name = self.r.string(m["tiles"], "map.tiles")
        if not name:
            return None
        where = m["tiles"].loc
        path = (self.folder / name).resolve()
        if not path.is_relative_to(self.folder.resolve()):
            self.report.error(where, f"map.tiles must be a file inside the pack's folder, not {name!r}")
            return None
        if not path.is_file():
            self.report.error(where, f"map.tiles: there is no file {name!r} in the pack")
            return None
        try:
            tiles = _read_mbtiles(path)
        except ValueError as exc:
            self.report.error(where, f"map.tiles: {name!r} {exc}")
            return None
        ok = True
        attribution = None
        if "attribution" in m:
            attribution = self._plain_or_text(m["attribution"], "map.attribution")
            ok = attribution is not None
        elif tiles["attribution"]:
            attribution = self._neutral_text(tiles["attribution"], m.loc)
        else:
            self.report.error(m.loc, "map needs an attribution (who drew the map, and the licence): "
                                     f"{name!r} has none in its metadata, so give map.attribution")
            ok = False
        bounds = tiles["bounds"]
        if "bounds" in m:
            bounds = self._bounds(m["bounds"], tiles["bounds"])
            ok = ok and bounds is not None
        elif bounds is None:
            self.report.error(where, f"map.tiles: {name!r} has no bounds in its metadata: give map.bounds "
                                     "as [west, south, east, north]")
            ok = False
        low, high = tiles["zooms"]
        view = {"min_zoom": float(low), "max_zoom": float(high), "zoom": tiles["center_zoom"]}
        for key in ("min_zoom", "max_zoom", "zoom"):
            if key in m:
                value = self.r.number(m[key], f"map.{key}", 0, MAX_ZOOM)
                ok = ok and value is not None
                view[key] = value if value is not None else view[key]
        if view["zoom"] is None:
            view["zoom"] = view["min_zoom"]
        if view["min_zoom"] > view["max_zoom"]:
            self.report.error(m.loc, f"map.min_zoom ({view['min_zoom']:g}) is above map.max_zoom ({view['max_zoom']:g})")
            ok = False
        elif not view["min_zoom"] <= view["zoom"] <= view["max_zoom"]:
            loc = m["zoom"].loc if "zoom" in m else m.loc
            self.report.error(loc, f"map.zoom ({view['zoom']:g}) must lie between map.min_zoom "
                                   f"({view['min_zoom']:g}) and map.max_zoom ({view['max_zoom']:g})")
            ok = False
        if not ok:
            return None
        return MapInfo(
            tiles=str(path), format=tiles["format"], attribution=attribution, bounds=bounds,
            tile_zooms=(low, high), loc=m.loc, **view,
        )

    def _plain_or_text(self, node, what):
        """A text map, or one plain text for every language (a name or a licence line)."""
        if isinstance(node, Scalar) and not node.is_null:
            text = self.r.string(node, what)
            return self._neutral_text(text, node.loc) if text else None
        return self._text(node, what)

    def _neutral_text(self, text: str, loc: Loc) -> Text:
        codes = self.languages or ("en",)
        return Text(MappingProxyType({code: text.strip() for code in codes}), loc)

    def _bounds(self, node, outer):
        """[west, south, east, north] in degrees, inside the tiles' own bounds."""
        if not isinstance(node, list):
            self.r.sequence(node, "map.bounds")  # reports what it is instead
            return None
        values = node
        if len(values) != 4:
            self.report.error(getattr(node, "loc", Loc("?", 1)), "map.bounds must be a list of four numbers: [west, south, east, north]")
            return None
        limits = ((180, "west"), (MAX_LAT, "south"), (180, "east"), (MAX_LAT, "north"))
        numbers = [self.r.number(v, f"map.bounds {side}", -limit, limit) for v, (limit, side) in zip(values, limits)]
        if any(n is None for n in numbers):
            return None
        west, south, east, north = numbers
        if west >= east or south >= north:
            self.report.error(node.loc, "map.bounds must be [west, south, east, north]: west below east, south below north")
            return None
        if outer is not None and not (outer[0] <= west and outer[1] <= south and east <= outer[2] and north <= outer[3]):
            box = ", ".join(f"{v:g}" for v in outer)
            self.report.error(node.loc, f"map.bounds reach beyond the map's tiles ({box}): the kiosk would show empty areas")
            return None
        return west, south, east, north

    def _category(self, node):
        m = self.r.fields(node, "a category", required=("id", "title"), optional=("summary", "icon", "color"))
        if m is None:
            return None
        cid = self.r.ident(m.get("id"), "category id")
        if cid is None:
            return None
        values = {"id": cid, "loc": m.loc, "title": self._text(m.get("title"), "title")}
        if "summary" in m:
            values["summary"] = self._text(m["summary"], "summary")
        if "icon" in m:
            icon = self.r.ident(m["icon"], "icon")
            if icon and self.icons is not None and icon not in self.icons:
                self.report.warn(m["icon"].loc, f"unknown icon {icon!r}{did_you_mean(icon, self.icons)}; a default icon is shown")
            elif icon:
                values["icon"] = icon
        if "color" in m:
            color = self.r.string(m["color"], "color")
            if color and not COLOR_RE.match(color):
                self.report.error(m["color"].loc, f"color must look like \"#1d6fa3\", not {color!r}")
            elif color:
                if _contrast_with_white(color) < 4.5:
                    self.report.warn(m["color"].loc, f"color {color} is too light for white text (contrast {_contrast_with_white(color):.1f}:1, needs 4.5:1)")
                values["color"] = color
        if values["title"] is None:
            return None
        return Category(**values)

    # -- shared field types -----------------------------------------------------------------------

    def _lang(self, node):
        code = self.r.scalar(node, "language code")
        if code is None:
            return None
        if code not in LANGUAGES:
            self.report.error(node.loc, f"unknown language code {str(code)!r}{did_you_mean(code, LANGUAGES)}")
            return None
        return str(code)

    def _langs(self, node, what):
        return tuple(dict.fromkeys(c for c in (self._lang(n) for n in self.r.sequence(node, what)) if c))

    def _text(self, node, what: str):
        """A text map; a missing translation for one of the pack's languages is a warning."""
        if isinstance(node, Scalar) and not node.is_null:
            self.report.error(
                node.loc,
                f"{what} must be a map of language to text (like \"de: ...\" on its own line), not a single text",
            )
            return None
        m = self.r.fields(node, what, optional=tuple(node.keys()) if isinstance(node, Mapping) else ())
        if m is None:
            return None
        values = {}
        for code, value in m.items():
            if code not in LANGUAGES:
                self.report.error(m.key_locs[code], f"unknown language code {code!r} in {what}{did_you_mean(code, LANGUAGES)}")
                continue
            text = self.r.string(value, f"{what} ({code})")
            if text:
                values[code] = text.strip()
        if not values:
            self.report.error(m.loc, f"{what} has no text: write at least one line like de: ...")
            return None
        missing = [c for c in self.languages if c not in values]
        if missing:
            self.report.warn(m.loc, f"{what} has no translation for {', '.join(missing)}: add a line {missing[0]}: ... "
                                    "(kiosk translations export makes a file for a translator)")
        return Text(MappingProxyType(values), m.loc)

    def _url(self, node, what):
        url = self.r.string(node, what)
        if url and not URL_RE.match(url):
            self.report.error(node.loc, f"{what} must be a web address starting with http:// or https://, not {url!r}")
            return None
        return url

    def _contact(self, node) -> Contact:
        m = self.r.fields(node, "contact", optional=("phone", "email", "website"))
        if m is None:
            return Contact()
        phone = self.r.string(m.get("phone"), "phone") if "phone" in m else None
        if phone and not PHONE_RE.match(phone):
            self.report.error(m["phone"].loc, f"phone {phone!r} must be digits, spaces and + ( ) / - only, like \"+49 341 123456\"")
            phone = None
        email = self.r.string(m.get("email"), "email") if "email" in m else None
        if email and not EMAIL_RE.match(email):
            self.report.error(m["email"].loc, f"email {email!r} is not an e-mail address: write it like info@example.org")
            email = None
        website = self._url(m["website"], "website") if "website" in m else None
        return Contact(phone, email, website)

    def _record(self, node, what, required, optional):
        """The fields of an item; one without a (good) id is checked all the same, then dropped
        by `_items` (its id is None)."""
        m = self.r.fields(node, what, required=("id", *required), optional=optional)
        if m is None:
            return None, None
        rid = self.r.ident(m["id"], f"{what} id") if "id" in m else None
        base = {"id": rid, "loc": m.loc, "locs": MappingProxyType(dict(m.key_locs))}
        return m, base

    def _texts(self, m, base, names):
        for name in names:
            if name in m:
                base[name] = self._text(m[name], name)
        return all(base.get(n) is not None for n in names if n in m)

    # -- items ------------------------------------------------------------------------------------

    def _place(self, node):
        m, v = self._record(
            node, "a place", ("title", "lat", "lon"),
            ("id", "title", "address", "lat", "lon", "approximate", "description", "accessible"),
        )
        if m is None:
            return None
        ok = self._texts(m, v, ("title", "description"))
        if "address" in m:
            a = self.r.fields(m["address"], "address", optional=("street", "postcode", "town", "district"))
            if a is not None:
                fields = ("street", "postcode", "town", "district")
                v["address"] = Address(**{k: self.r.string(a[k], k) for k in a if k in fields})
        v["lat"] = self.r.number(m.get("lat"), "lat (latitude)", -90, 90) if "lat" in m else None
        v["lon"] = self.r.number(m.get("lon"), "lon (longitude)", -180, 180) if "lon" in m else None
        for flag in ("approximate", "accessible"):
            if flag in m:
                v[flag] = self.r.boolean(m[flag], flag)
        if not ok or v["lat"] is None or v["lon"] is None or v.get("title") is None:
            return None
        v.setdefault("approximate", False)
        if v["approximate"] is None:
            v["approximate"] = False
        return Place(**v)

    def _provider(self, node):
        m, v = self._record(node, "a provider", ("title",), ("id", "title", "description", "contact", "url"))
        if m is None:
            return None
        ok = self._texts(m, v, ("title", "description"))
        if "contact" in m:
            v["contact"] = self._contact(m["contact"])
        if "url" in m:
            v["url"] = self._url(m["url"], "url")
        return Provider(**v) if ok and v.get("title") else None

    def _offer(self, node):
        m, v = self._record(
            node, "an offer", ("title", "summary", "category", "provider", "place"),
            ("id", "title", "summary", "description", "category", "provider", "place", "languages",
             "url", "contact", "hours", "valid_from", "valid_until", "status_note"),
        )
        if m is None:
            return None
        ok = self._texts(m, v, ("title", "summary", "description", "status_note"))
        for ref in ("category", "provider", "place"):
            if ref in m:
                v[ref] = self.r.ident(m[ref], ref)
        if "languages" in m:
            v["languages"] = self._langs(m["languages"], "languages")
        if "url" in m:
            v["url"] = self._url(m["url"], "url")
        if "contact" in m:
            v["contact"] = self._contact(m["contact"])
        if "hours" in m:
            v["hours"] = self._hours(m["hours"])
        for key in ("valid_from", "valid_until"):
            if key in m:
                v[key] = self.r.date(m[key], key)
        if v.get("valid_from") and v.get("valid_until") and v["valid_until"] < v["valid_from"]:
            self.report.error(m["valid_until"].loc, "valid_until is before valid_from")
            ok = False
        if not ok or not all(v.get(k) for k in ("title", "summary", "category", "provider", "place")):
            return None
        return Offer(**{k: x for k, x in v.items() if x is not None or k == "id"})

    def _hours(self, node):
        return read_hours(self.r, node, self._text, self.holidays)

    def _event(self, node):
        m, v = self._record(
            node, "an event", ("title", "summary", "place", "start", "end"),
            ("id", "title", "summary", "description", "category", "place", "provider", "start", "end",
             "timezone", "languages", "url", "topics"),
        )
        if m is None:
            return None
        ok = self._texts(m, v, ("title", "summary", "description"))
        for ref in ("category", "place", "provider"):
            if ref in m:
                v[ref] = self.r.ident(m[ref], ref)
        zone = self.zone
        if "timezone" in m:
            name = self.r.string(m["timezone"], "timezone")
            zone = _zone(name) if name else None
            if name and zone is None:
                self.report.error(m["timezone"].loc, f"unknown time zone {name!r} (like Europe/Berlin)")
                ok = False
        for key in ("start", "end"):
            if key in m:
                v[key] = self._datetime(m[key], key, zone)
        if v.get("start") and v.get("end") and v["end"] <= v["start"]:
            self.report.error(m["end"].loc, "the event ends before it starts")
            ok = False
        if "languages" in m:
            v["languages"] = self._langs(m["languages"], "languages")
        if "url" in m:
            v["url"] = self._url(m["url"], "url")
        if "topics" in m:
            v["topics"] = tuple(t for t in (self._text(t, "topic") for t in self.r.sequence(m["topics"], "topics")) if t)
        v.pop("timezone", None)
        if not ok or not all(v.get(k) for k in ("title", "summary", "place", "start", "end")):
            return None
        return Event(**{k: x for k, x in v.items() if x is not None or k == "id"})

    def _datetime(self, node, what, zone):
        text = self.r.string(node, what)
        if not text:
            return None
        match = DATETIME_RE.match(text.strip())
        if match:
            try:
                date = dt.date.fromisoformat(match[1])
                hh, mm = map(int, match[2].split(":"))
                value = dt.datetime.combine(date, dt.time(hh, mm))
                if match[3]:
                    return dt.datetime.fromisoformat(text.strip().replace(" ", "T").replace("Z", "+00:00"))
                return value.replace(tzinfo=zone) if zone else None
            except ValueError:
                pass
        date, _, clock = text.strip().partition(" ")
        german, loose = date_hint(date), loose_time(clock) if clock else "00:00"
        if german and loose:
            self.report.error(node.loc, f"{what}: write \"{german} {loose}\" (year-month-day hour:minute) instead of {text!r}")
        else:
            self.report.error(node.loc, f"{what} must be a date and time like \"2026-05-19 14:00\" (year-month-day hour:minute), not {text!r}")
        return None

    def _document(self, node):
        m, v = self._record(
            node, "a document", ("title", "url"),
            ("id", "title", "summary", "provider", "url", "languages", "format", "published"),
        )
        if m is None:
            return None
        ok = self._texts(m, v, ("title", "summary"))
        if "provider" in m:
            v["provider"] = self.r.ident(m["provider"], "provider")
        if "url" in m:
            v["url"] = self._url(m["url"], "url")
        if "languages" in m:
            v["languages"] = self._langs(m["languages"], "languages")
        if "format" in m:
            v["format"] = self.r.string(m["format"], "format")
        if "published" in m:
            v["published"] = self.r.date(m["published"], "published")
        if not ok or not v.get("title") or not v.get("url"):
            return None
        return Document(**{k: x for k, x in v.items() if x is not None or k == "id"})

    # -- references --------------------------------------------------------------------------------

    def _check_refs(self, places, providers, categories, offers, events, documents, head):
        def check(item, field, known, kind):
            value = getattr(item, field, None)
            if value and value not in known and value not in self.dropped:
                loc = Loc(item.loc.path, item.locs.get(field, item.loc).line)
                hint = did_you_mean(value, known) or (
                    f": write one of {', '.join(sorted(known))}" if 0 < len(known) <= 8 else f": no {kind} has this id"
                )
                self.report.error(loc, f"unknown {kind} {value!r}{hint}")

        for offer in offers.values():
            check(offer, "category", categories, "category")
            check(offer, "provider", providers, "provider")
            check(offer, "place", places, "place")
        for event in events.values():
            check(event, "category", categories, "category")
            check(event, "provider", providers, "provider")
            check(event, "place", places, "place")
        for doc in documents.values():
            check(doc, "provider", providers, "provider")
        if "location" in head and head["location"] not in places and head["location"] not in self.dropped:
            self.report.error(
                head["location_loc"],
                f"unknown place {head['location']!r} for the kiosk's location{did_you_mean(head['location'], places)}",
            )

    def _check_map(self, info, places, offers, head):
        """Places the map cannot show are worth a warning: they get no pin."""
        if info is None:
            return
        here = places.get(head.get("location"))
        if here is not None and not info.contains(here.lat, here.lon):
            self.report.warn(head["location_loc"], f"the kiosk's place {here.id!r} lies outside the map's bounds: "
                                                   "the map shows no \"you are here\"")
        used = {o.place for o in offers.values()}
        for place in places.values():
            if place.id in used and not place.approximate and not info.contains(place.lat, place.lon):
                self.report.warn(place.loc, f"place {place.id!r} lies outside the map's bounds: the map shows no pin for it")


def _read_mbtiles(path: Path) -> dict:
    """What the kiosk needs from a raster MBTiles file; ValueError says what is wrong with it."""
    try:
        db = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise ValueError(f"cannot be opened: {exc}") from None
    try:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
        if not {"metadata", "tiles"} <= tables:
            raise ValueError("is not an MBTiles file (an SQLite database with the tables metadata and tiles)")
        meta = {str(k): str(v) for k, v in db.execute("SELECT name, value FROM metadata") if k and v is not None}
        low, high = db.execute("SELECT MIN(zoom_level), MAX(zoom_level) FROM tiles").fetchone()
    except sqlite3.DatabaseError as exc:
        raise ValueError(f"is not an MBTiles file (an SQLite database with the tables metadata and tiles): {exc}") from None
    finally:
        db.close()
    fmt = meta.get("format", "").strip().lower()
    if fmt == "pbf":
        raise ValueError("holds vector tiles (format pbf); the kiosk draws raster tiles (png or jpg)")
    if fmt not in ("png", "jpg", "jpeg"):
        raise ValueError(f"must say format png or jpg in its metadata, not {fmt or 'nothing'!r}")
    if low is None:
        raise ValueError("holds no tiles")
    bounds = None
    if "bounds" in meta:
        try:
            bounds = tuple(float(v) for v in meta["bounds"].split(","))
        except ValueError:
            bounds = ()
        if len(bounds) != 4 or not (bounds[0] < bounds[2] and bounds[1] < bounds[3]):
            raise ValueError(f"has bounds {meta['bounds']!r} in its metadata, not west,south,east,north")
    center_zoom = None
    try:
        center_zoom = float(meta["center"].split(",")[2])
    except (KeyError, IndexError, ValueError):
        pass
    if center_zoom is not None and not low <= center_zoom <= high:
        center_zoom = None
    return {
        "format": "jpg" if fmt == "jpeg" else fmt, "bounds": bounds, "zooms": (int(low), int(high)),
        "center_zoom": center_zoom, "attribution": meta.get("attribution", "").strip(),
    }


def _zone(name: str):
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _contrast_with_white(color: str) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    lum = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    return 1.05 / (lum + 0.05)
