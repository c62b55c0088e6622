"""`kiosk new-pack DIR --name ... --languages de,ar`: a minimal valid pack whose comments teach its fields.

The pack it writes passes `kiosk check` (with warnings for the translations still to write), so an
administrator starts from something that works and changes it one field at a time.
"""

from __future__ import annotations

import json
from pathlib import Path

from kiosk.errors import KioskError
from kiosk.languages import LANGUAGES
from kiosk.schema import ID_RE

# Example texts the pack starts with, in the languages this project writes itself (English when
# the pack has neither); the rest is left for a translator (`kiosk check` lists what is missing).
EXAMPLES = {
    "office": {"de": "Büro", "en": "Office"},
    "help": {"de": "Beratung", "en": "Counselling"},
    "help_summary": {"de": "Beratung zu Fragen des Alltags.", "en": "Advice on everyday questions."},
    "provider": {"de": "Träger des Angebots", "en": "Organisation running the offer"},
    "offer": {"de": "Offene Sprechstunde", "en": "Open office hours"},
    "offer_summary": {"de": "Kommen Sie ohne Termin vorbei.", "en": "Come by without an appointment."},
    "value": {"de": "Willkommen", "en": "Welcome"},
    "closed": {"de": "Weihnachtsferien", "en": "Christmas holidays"},
}

PACK = """\
# pack.yaml: what this content pack is. Lines starting with # are notes for administrators:
# the kiosk never shows them. Check the pack after every change: kiosk check {folder}

# The pack's short name: lowercase letters, digits and dashes, the same as its folder.
id: {id}

# The name shown under the greeting: one line per language code.
name:
{name}

# The languages of the screen. The first one is the default the kiosk returns to after each visitor.
languages: [{languages}]

# The time zone of every time written in this pack.
timezone: Europe/Berlin

# Whose public holidays close the offers: a region code (DE-SN Saxony, DE-BE Berlin, DE-BY Bavaria).
holidays: DE-SN

# Where the kiosk stands: the id of a place in places.yaml (the map's "you are here").
location:
  place: office                # an id from places.yaml

# The tiles of the home screen, in this order. A tile shows only while it has current offers.
categories:
  - id: counselling            # short name; offers name it in their `category:`
    title:
{help}
    icon: counselling          # counselling german homework community info asylum events documents work family health education map place
    color: "#1d6fa3"           # "#rrggbb", dark enough for white text

# Short phrases for the idle screen: one text per entry.
values:
  - {value}
"""

PLACES = """\
# places.yaml: addresses, with their position on the map.
places:
  - id: office                 # short name; offers, events and pack.yaml's location name it
    title:
{office}
    address:                   # each line optional
      street: Musterstraße 1   # street and number
      postcode: "04315"        # in quotes, so the leading 0 stays
      town: Leipzig            # (also possible: district: the part of town)
    lat: 51.3400               # position in degrees: replace with the real one
    lon: 12.3800               # (a map service shows it: right-click, "what's here")
    approximate: true          # true while the position is an estimate: the map shows no pin for it
"""

PROVIDERS = """\
# providers.yaml: the organisations that run offers. Only official contacts: an office number, a
# functional address such as info@...; never a private person's name or number.
providers:
  - id: provider               # short name; offers name it in their `provider:`
    title:
{provider}
    url: https://example.org   # the organisation's web page
    contact:                   # shown with every offer of this provider that gives none of its own
      phone: "+49 341 000000"  # in quotes
      email: info@example.org  # a functional address
"""

OFFERS = """\
# offers.yaml: what people can use. Each offer needs id, title, summary, category, provider, place.
offers:
  - id: open-hours             # short name, unique in the pack (the route offer/open-hours)
    title:                     # like a sign: 2 to 6 words
{offer}
    summary:                   # one sentence
{offer_summary}
    category: counselling      # an id from pack.yaml's categories
    provider: provider         # an id from providers.yaml
    place: office              # an id from places.yaml
    languages: [{languages}]   # the languages the service itself is given in
    url: https://example.org/sprechstunde   # the web page a QR code leads to
    hours:                     # a day left out is closed; times in quotes, 24-hour clock
      tue: ["10:00-12:00"]     # mon tue wed thu fri sat sun
      thu: ["09:00-12:00", "14:00-16:00"]   # two slots on one day
      closed:                  # closed on these days too (public holidays close it anyway)
        - from: "2026-12-23"   # first closed day
          to: "2027-01-02"     # last closed day
          note:                # why: the kiosk shows it on those days
{closed}
"""

EVENTS = """\
# events.yaml: dated events. An event needs id, title, summary, place, start and end, e.g.
#   - id: summer-fest
#     title:
#       de: Sommerfest
#     summary:
#       de: Ein Fest für alle Nachbarn.
#     place: office
#     start: "2027-06-20 15:00"   # local time, in quotes
#     end: "2027-06-20 19:00"
events: []
"""


def _text(key: str, languages: list[str], indent: int, given: str | None = None) -> str:
    pad = " " * indent
    if given is not None:
        values = {code: given for code in languages}
    else:
        values = {code: EXAMPLES[key][code] for code in languages if code in EXAMPLES[key]}
        if not values:  # neither German nor English: the English example, to be replaced
            values = {"en": EXAMPLES[key]["en"]}
    return "\n".join(f"{pad}{code}: {_quote(text)}" for code, text in values.items())


def _quote(text: str) -> str:
    """The text as a YAML value: in double quotes when YAML would read it otherwise."""
    if ": " in text or " #" in text or text[:1] in "*&!|>%@`[]{},-?'\"#" or text != text.strip():
        return json.dumps(text, ensure_ascii=False)
    return text


def write_pack(folder: Path | str, name: str, languages: list[str]) -> Path:
    folder = Path(folder)
    pack_id = folder.name
    if not ID_RE.match(pack_id):
        raise KioskError(f"the folder's name {pack_id!r} is the pack's id: use lowercase letters, digits and dashes")
    unknown = [code for code in languages if code not in LANGUAGES]
    if unknown:
        raise KioskError(f"unknown language code {unknown[0]!r}; the kiosk knows {', '.join(LANGUAGES)}")
    if not languages:
        raise KioskError("--languages needs at least one code, the default first: --languages de,en,ar")
    if not name.strip():
        raise KioskError("--name must not be empty")
    if folder.exists() and any(folder.iterdir()):
        raise KioskError(f"{folder} exists and is not empty: name a new folder")
    folder.mkdir(parents=True, exist_ok=True)
    langs = ", ".join(languages)
    texts = {
        key: _text(key, languages, 6 if key in ("help", "office", "provider", "offer", "offer_summary") else 4)
        for key in EXAMPLES
    }
    texts["closed"] = _text("closed", languages, 12)
    texts["value"] = texts["value"].lstrip()
    files = {
        "pack.yaml": PACK.format(folder=folder, id=pack_id, name=_text("", languages, 2, given=name.strip()),
                                 languages=langs, **texts),
        "places.yaml": PLACES.format(**texts),
        "providers.yaml": PROVIDERS.format(**texts),
        "offers.yaml": OFFERS.format(languages=langs, **texts),
        "events.yaml": EVENTS,
    }
    for file, text in files.items():
        (folder / file).write_text(text, encoding="utf-8")
    return folder


def add_parser(sub, common) -> None:
    cmd = sub.add_parser("new-pack", parents=[common], help="write a minimal valid content pack with comments that explain each field")
    cmd.add_argument("folder", type=Path, metavar="DIR", help="the new pack's folder; its name is the pack's id")
    cmd.add_argument("--name", required=True, help="the pack's name shown on the home screen")
    cmd.add_argument("--languages", required=True, metavar="CODES", help="language codes, the default first: de,en,ar")


def run(args) -> int:
    languages = [c.strip() for c in args.languages.split(",") if c.strip()]
    folder = write_pack(args.folder, args.name, languages)
    print(f"kiosk: new pack in {folder}; edit its files, then run `kiosk check {folder}`")
    return 0
