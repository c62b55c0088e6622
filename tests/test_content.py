"""The default pack's content: current facts carry their source and read date, and show on screen.

Issue 16, point 10: the default pack shows what the Leipziger Osten offers now, each fact with its
source URL and the date it was read (a comment above the item, and the item's `as_of`), roles and
organisations only, and the history of the seed items kept beside it.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from packs import load_pack

OSTEN = ROOT / "content" / "leipziger-osten"
FILES = ("places.yaml", "providers.yaml", "offers.yaml", "events.yaml", "documents.yaml")
READ = dt.date(2026, 12, 2)  # the day the stored copies of the pages were read
ITEM = re.compile(r"^  - id: (\S+)\s*$")


def comment_above(lines: list[str], index: int) -> str:
    """The comment lines directly above line `index` (an item's `- id:`), as one line of text."""
    block = []
    for line in reversed(lines[:index]):
        if not line.strip().startswith("#"):
            break
        block.append(line.strip().lstrip("#").strip())
    return " ".join(reversed(block))


def items_with_comments(name: str) -> dict[str, tuple[dict, str]]:
    """Each item of a pack file by id: its YAML mapping and the comment written above it."""
    path = OSTEN / name
    text = path.read_text(encoding="utf-8")
    kind = next(iter(yaml.safe_load(text)))
    data = {item["id"]: item for item in yaml.safe_load(text)[kind] or []}
    lines = text.splitlines()
    found = {}
    for index, line in enumerate(lines):
        match = ITEM.match(line)
        if match:
            found[match.group(1)] = (data[match.group(1)], comment_above(lines, index))
    assert set(found) == set(data), name
    return found


def test_the_default_pack_loads_clean_with_the_current_offers():
    pack, problems = load_pack(OSTEN)
    assert pack is not None and not problems.problems, problems
    offers = pack.items("offers")
    current = [o for o in offers.values() if o.as_of and o.as_of >= dt.date(2024, 1, 1)]
    assert len(current) >= 6  # the point of issue 16.10: more than what the seeds knew
    for offer in current:
        for field in ("title", "summary", "description", "status_note"):
            assert set(getattr(offer, field).values) >= set(pack.languages), (offer.id, field)


@pytest.mark.parametrize("name", FILES)
def test_every_current_item_names_its_source_url_and_read_date(name):
    """An item checked since 2024 has a comment above it with the page's URL and the day it was read."""
    checked = 0
    for item_id, (item, comment) in items_with_comments(name).items():
        as_of = item.get("as_of")
        if as_of is None or as_of < dt.date(2024, 1, 1):
            continue
        checked += 1
        assert as_of == READ, (item_id, as_of)
        assert re.search(r"https?://\S+", comment), f"{name}: {item_id} has no source URL above it"
        assert READ.isoformat() in comment, f"{name}: {item_id} does not say when its source was read"
        assert re.search(r"stored cop(y|ies)", comment), f"{name}: {item_id} does not say it was read from a stored copy"
    if name in ("places.yaml", "providers.yaml", "offers.yaml"):
        assert checked, name


def test_the_seed_items_keep_their_history_beside_the_current_facts():
    pack, _ = load_pack(OSTEN)
    offers = pack.items("offers")
    # The seed's way in (IC-E, 2009-2013) stays, and says where the Quartiersmanagement is today.
    old = offers["integrationsfragen-ic-e"]
    assert old.as_of is None and "2009" in old.status_note.values["de"] and "Wurzner Straße 70" in old.status_note.values["de"]
    assert "Wurzner Straße 70" in offers["koordination-integration"].status_note.values["de"]
    # The current offer of the same organisation is at its current office.
    now = offers["quartiersmanagement-sprechstunde"]
    assert now.provider == old.provider and pack.places[now.place].address.street == "Wurzner Straße 70"
    # Times a page did not give are not invented: the kiosk says "please ask", the note says why.
    assert now.hours is None and now.status_note


def test_no_estimated_position_is_shown_as_exact():
    """The pages give no coordinates: every place added from them is marked approximate (no pin)."""
    pack, _ = load_pack(OSTEN)
    added = [p for p in pack.places.values() if p.as_of == READ]
    assert added and all(p.approximate for p in added)


def phones(value) -> list[str]:
    if isinstance(value, dict):
        return [p for key, v in value.items() for p in ([v] if key == "phone" else phones(v))]
    if isinstance(value, list):
        return [p for v in value for p in phones(v)]
    return []


def test_only_office_phone_numbers_no_mobile_numbers():
    """Official office numbers only: no German mobile number (015x, 016x, 017x) anywhere in the pack."""
    found = [p for name in FILES for p in phones(yaml.safe_load((OSTEN / name).read_text(encoding="utf-8")))]
    assert found
    for number in found:
        digits = re.sub(r"\D", "", str(number))
        national = digits[2:] if digits.startswith("49") else digits.lstrip("0")
        assert not re.match(r"1[567]", national), number


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_new_offers_show_their_hours_note_and_as_of_line(kiosk, lang):
    """Two of the new offers on screen: title, the hours from the page, the status note, the as-of line."""
    app = kiosk.app
    app.set_language(lang)
    as_of = app.t("offers.as_of", date=app.format_date(READ))
    krabbel = app.pack.items("offers")["kifaz-krabbelgruppe"]
    kiosk.go("offer/kifaz-krabbelgruppe")
    texts = kiosk.texts()
    assert krabbel.title.values[lang] in texts
    assert as_of in texts
    assert krabbel.status_note.values[lang] in texts
    assert any("10:00" in t and "12:00" in t for t in texts), texts  # Tuesday 10:00-12:00, from the page
    assert any("Wurzner Straße" in t for t in texts)

    qm = app.pack.items("offers")["quartiersmanagement-sprechstunde"]
    kiosk.go("offer/quartiersmanagement-sprechstunde")
    texts = kiosk.texts()
    assert qm.title.values[lang] in texts and as_of in texts and qm.status_note.values[lang] in texts
    assert "+49 341 35137912" in texts and "qm@leipziger-osten.de" in texts
    assert "Wurzner Straße 70" in texts
