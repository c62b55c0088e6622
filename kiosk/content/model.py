"""The content model: frozen records built by the loader; every record knows its file and line.

The shell owns what every pack has (its name, languages, categories, places and providers) and
the `Record` every item is; each kind of item (offers, events ...) is a record type of the plugin
that declares the kind. Plugins and screens read this model and nothing else: a screen never
opens a file.
"""

from __future__ import annotations

import datetime as dt
import struct
from collections.abc import Mapping as MappingABC
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping

from kiosk.yamlsafe import Loc


@dataclass(frozen=True, slots=True)
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


class Locs(MappingABC):
    """Where each field of one item was written: field name -> Loc, all in the item's file.

    Kept for every item of a pack, so kept small: the field names are one tuple shared by every
    item written with the same fields, the lines packed four bytes each."""

    __slots__ = ("path", "names", "lines")

    def __init__(self, path: str, names: tuple[str, ...], lines: bytes):
        self.path = path
        self.names = names
        self.lines = lines

    @classmethod
    def of(cls, key_locs: Mapping[str, Loc], shared: dict | None = None) -> "Locs":
        """The Locs of a YAML mapping's keys; `shared` interns the tuples of field names."""
        names = tuple(key_locs)
        if shared is not None:
            names = shared.setdefault(names, names)
        path = next(iter(key_locs.values())).path if key_locs else ""
        return cls(path, names, struct.pack(f"{len(names)}I", *(loc.line for loc in key_locs.values())))

    def __getitem__(self, name: str) -> Loc:
        try:
            index = self.names.index(name)
        except ValueError:
            raise KeyError(name) from None
        return Loc(self.path, struct.unpack_from("I", self.lines, 4 * index)[0])

    def __iter__(self):
        return iter(self.names)

    def __len__(self) -> int:
        return len(self.names)

    def __contains__(self, name) -> bool:
        return name in self.names

    def __reduce__(self):
        return Locs, (self.path, self.names, self.lines)

    def __repr__(self) -> str:
        return f"Locs({dict(self.items())!r})"


@dataclass(frozen=True, slots=True)
class Record:
    """What every item shares: an id, where it was written (`locs` per field), when its
    information was last checked (`as_of`) and a note on its status (`status_note`)."""

    id: str
    loc: Loc
    locs: Mapping[str, Loc] = field(default_factory=dict, repr=False, compare=False)  # a Locs
    as_of: dt.date | None = None
    status_note: Text | None = None

    def is_current(self, now: dt.datetime) -> bool:
        """Whether a visitor should see this item at `now` (a kind with dates says otherwise)."""
        return True


@dataclass(frozen=True, slots=True)
class Category(Record):
    title: Text = EMPTY_TEXT
    summary: Text | None = None
    icon: str = "info"
    color: str = "#1d4f91"


@dataclass(frozen=True, slots=True)
class Address:
    street: str | None = None
    postcode: str | None = None
    town: str | None = None
    district: str | None = None

    def lines(self) -> list[str]:
        town = " ".join(p for p in (self.postcode, self.town) if p)
        return [p for p in (self.street, town or None) if p] or [p for p in (self.district,) if p]


@dataclass(frozen=True, slots=True)
class Contact:
    phone: str | None = None
    email: str | None = None
    website: str | None = None

    def __bool__(self) -> bool:
        return bool(self.phone or self.email or self.website)


@dataclass(frozen=True, slots=True)
class Place(Record):
    title: Text = EMPTY_TEXT
    address: Address = Address()
    lat: float = 0.0
    lon: float = 0.0
    approximate: bool = False
    description: Text | None = None
    accessible: bool | None = None


@dataclass(frozen=True, slots=True)
class Provider(Record):
    title: Text = EMPTY_TEXT
    description: Text | None = None
    contact: Contact = Contact()
    url: str | None = None


EMPTY: Mapping = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Pack:
    """One content pack, whole and valid. Look-ups by id are read-only mappings.

    `items(kind)` gives the items of a kind a plugin declared (empty when no plugin read it);
    `section(name)` the value of a pack.yaml section a plugin declared (None when absent).
    """

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
    kinds: Mapping[str, Mapping[str, Record]] = field(default_factory=dict)
    sections: Mapping[str, object] = field(default_factory=dict)
    locs: Mapping[str, Loc] = field(default_factory=dict, repr=False, compare=False)
    """Where each field of pack.yaml was written (`location` is its place's line)."""

    @property
    def default_language(self) -> str:
        return self.languages[0]

    @property
    def here(self) -> Place:
        return self.places[self.location]

    def items(self, kind: str) -> Mapping[str, Record]:
        if kind == "places":
            return self.places
        if kind == "providers":
            return self.providers
        return self.kinds.get(kind, EMPTY)

    def section(self, name: str):
        return self.sections.get(name)

    def counts(self) -> dict[str, int]:
        """How many items of each kind: places, providers, then every declared kind."""
        return {"places": len(self.places), "providers": len(self.providers),
                **{name: len(items) for name, items in self.kinds.items()}}

    def category(self, category_id: str) -> Category | None:
        return next((c for c in self.categories if c.id == category_id), None)

    def contact_of(self, item) -> Contact:
        """An item's own contact, else its provider's (items name one by `provider`)."""
        own = getattr(item, "contact", None)
        if own:
            return own
        provider = self.providers.get(getattr(item, "provider", None) or "")
        return provider.contact if provider else Contact()
