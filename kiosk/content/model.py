"""The content model: frozen records built by the loader; every record knows its file and line.

Plugins and screens read this model and nothing else: a screen never opens a file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping

from kiosk.content.hours import Hours
from kiosk.yamlsafe import Loc


@dataclass(frozen=True)
class Text:
    """A human-readable field: language code -> text."""

    values: Mapping[str, str]
    loc: Loc | None = None

    def pick(self, lang: str, fallbacks: tuple[str, ...] = ()) -> tuple[str, str]:
        """The text in `lang`, else in the first fallback that has it: (text, language used)."""
        for code in (lang, *fallbacks):
            if code in self.values:
                return self.values[code], code
        code, text = next(iter(self.values.items()), ("", ""))
        return text, code

    def __contains__(self, lang: str) -> bool:
        return lang in self.values


EMPTY_TEXT = Text(MappingProxyType({}))


@dataclass(frozen=True)
class Record:
    """What every item shares: an id and where it was written (`locs` per field)."""

    id: str
    loc: Loc
    locs: Mapping[str, Loc] = field(default_factory=dict, repr=False, compare=False)


@dataclass(frozen=True)
class Category(Record):
    title: Text = EMPTY_TEXT
    summary: Text | None = None
    icon: str = "info"
    color: str = "#1d4f91"


@dataclass(frozen=True)
class Address:
    street: str | None = None
    postcode: str | None = None
    town: str | None = None
    district: str | None = None

    def lines(self) -> list[str]:
        town = " ".join(p for p in (self.postcode, self.town) if p)
        return [p for p in (self.street, town or None) if p] or [p for p in (self.district,) if p]


@dataclass(frozen=True)
class Contact:
    phone: str | None = None
    email: str | None = None
    website: str | None = None

    def __bool__(self) -> bool:
        return bool(self.phone or self.email or self.website)


@dataclass(frozen=True)
class Place(Record):
    title: Text = EMPTY_TEXT
    address: Address = Address()
    lat: float = 0.0
    lon: float = 0.0
    approximate: bool = False
    description: Text | None = None
    accessible: bool | None = None


@dataclass(frozen=True)
class Provider(Record):
    title: Text = EMPTY_TEXT
    description: Text | None = None
    contact: Contact = Contact()
    url: str | None = None


@dataclass(frozen=True)
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
    status_note: Text | None = None

    def is_current(self, now: dt.datetime) -> bool:
        today = now.date()
        if self.valid_from and today < self.valid_from:
            return False
        return not (self.valid_until and today > self.valid_until)


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class Document(Record):
    title: Text = EMPTY_TEXT
    summary: Text = EMPTY_TEXT
    provider: str | None = None
    url: str = ""
    languages: tuple[str, ...] = ()
    format: str | None = None
    published: dt.date | None = None


@dataclass(frozen=True)
class MapInfo:
    """The pack's base map (`map:` in pack.yaml): a raster MBTiles file, checked by the loader.

    `bounds` is (west, south, east, north) in degrees: the view never leaves it. `tile_zooms` are
    the zoom levels the file holds; `min_zoom`, `max_zoom` and `zoom` (the start) limit the view.
    """

    tiles: str  # absolute path of the .mbtiles file
    format: str  # png or jpg
    attribution: Text
    bounds: tuple[float, float, float, float]
    tile_zooms: tuple[int, int]
    min_zoom: float
    max_zoom: float
    zoom: float
    loc: Loc | None = None

    def contains(self, lat: float, lon: float) -> bool:
        west, south, east, north = self.bounds
        return west <= lon <= east and south <= lat <= north


@dataclass(frozen=True)
class Pack:
    """One content pack, whole and valid. Look-ups by id are read-only mappings."""

    id: str
    path: str
    name: Text
    languages: tuple[str, ...]
    timezone: str
    location: str  # place id of the kiosk itself
    description: Text | None = None
    categories: tuple[Category, ...] = ()
    values: tuple[Text, ...] = ()
    places: Mapping[str, Place] = field(default_factory=dict)
    providers: Mapping[str, Provider] = field(default_factory=dict)
    offers: Mapping[str, Offer] = field(default_factory=dict)
    events: Mapping[str, Event] = field(default_factory=dict)
    documents: Mapping[str, Document] = field(default_factory=dict)
    map: MapInfo | None = None  # None: the pack has no map

    @property
    def default_language(self) -> str:
        return self.languages[0]

    @property
    def here(self) -> Place:
        return self.places[self.location]

    def category(self, category_id: str) -> Category | None:
        return next((c for c in self.categories if c.id == category_id), None)

    def current_offers(self, now: dt.datetime, category: str | None = None) -> list[Offer]:
        return [
            o for o in self.offers.values()
            if o.is_current(now) and (category is None or o.category == category)
        ]

    def upcoming_events(self, now: dt.datetime) -> list[Event]:
        return sorted((e for e in self.events.values() if not e.is_over(now)), key=lambda e: e.start)

    def contact_of(self, offer: Offer) -> Contact:
        """The offer's own contact, else its provider's."""
        if offer.contact:
            return offer.contact
        provider = self.providers.get(offer.provider)
        return provider.contact if provider else Contact()
