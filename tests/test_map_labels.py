"""The map as a visitor reads it: the names of areas inside the view and clear of the legend,
the buttons, the scale and the card; each pin with its name beside it and its number in the
legend; a north arrow and a scale bar; an event's place on the map like an offer's."""

from __future__ import annotations

import json
import shutil
import sqlite3

import pytest
from PIL import Image

from conftest import ROOT
from kiosk.uix import KButton
from test_map import MBTILES, PACK, _build_basemap_module, drag, pins, screen, touch

PANELS = ("legend", "controls", "scale", "card")


def window_box(widget):
    """(left, bottom, right, top) of `widget` in window coordinates."""
    x0, y0 = widget.to_window(widget.x, widget.y)
    return x0, y0, x0 + widget.width, y0 + widget.height


def overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def shown(widget) -> bool:
    from kiosk.screens import visible

    return visible(widget) and widget.width > 0 and widget.height > 0


def texts_over_the_map(kiosk, kind):
    return [w for w in kiosk.find() if type(w).__name__ == kind and w.text and shown(w)]


def panels(page):
    return {name: window_box(page.ids[name]) for name in PANELS if shown(page.ids[name])}


def assert_texts_clear(kiosk):
    """Every area name and pin name shown lies inside the map's view, on no panel, no pin and no
    other text; returns the area names shown."""
    page = screen(kiosk)
    view = window_box(page.map)
    blocked = panels(page)
    for place_id, pin in pins(kiosk).items():
        blocked[f"pin {place_id}"] = window_box(pin)
    texts = texts_over_the_map(kiosk, "PinName") + texts_over_the_map(kiosk, "AreaLabel")
    seen = []
    for label in texts:
        box = window_box(label)
        assert view[0] <= box[0] and box[2] <= view[2] and view[1] <= box[1] and box[3] <= view[3], (label.text, box, view)
        for what, other in blocked.items():
            assert not overlap(box, other), (label.text, "lies on", what)
        for text, other in seen:
            assert not overlap(box, other), (label.text, "lies on", text)
        seen.append((label.text, box))
    return [w.text for w in texts_over_the_map(kiosk, "AreaLabel")]


# -- the base map ---------------------------------------------------------------------------------


def open_map(kiosk, lang, size):
    """The map screen at `size` in `lang`."""
    kiosk.resize(*size)
    kiosk.app.set_language(lang)
    kiosk.go("map")
    return screen(kiosk)


def test_area_names_are_not_in_the_tiles_but_in_the_metadata(tmp_path):
    """A drawing of nothing but an area's name gives tiles of the bare ground: the name is left
    to the kiosk (in the metadata), which sets it where the screen's edge cannot cut it."""
    build = _build_basemap_module()
    source = tmp_path / "names.geojson"
    source.write_text(json.dumps({
        "type": "FeatureCollection",
        "kiosk_basemap": {"name": "t", "attribution": "test", "bounds": [12.39, 51.34, 12.41, 51.35], "minzoom": 15, "maxzoom": 16},
        "features": [
            {"type": "Feature", "properties": {"kind": "area", "name": "Volkmarsdorf", "name:ar": "فولكمارسدورف"},
             "geometry": {"type": "Point", "coordinates": [12.40, 51.345]}},
            {"type": "Feature", "properties": {"kind": "park", "name": "Rabet"},
             "geometry": {"type": "Polygon", "coordinates": [[[12.395, 51.343], [12.398, 51.343], [12.398, 51.344], [12.395, 51.343]]]}},
        ],
    }), encoding="utf-8")
    out = tmp_path / "names.mbtiles"
    build.build(source, out)
    db = sqlite3.connect(out)
    meta = dict(db.execute("SELECT name, value FROM metadata"))
    colours = set()
    for (data,) in db.execute("SELECT tile_data FROM tiles"):
        import io

        colours |= {c for _, c in Image.open(io.BytesIO(data)).convert("RGB").getcolors(1 << 16)}
    db.close()
    assert build.GROUND in colours and build.PARK in colours
    assert min(min(c) for c in colours) >= 160, sorted(colours)  # no ink: the names are not drawn
    labels = json.loads(meta["kiosk_labels"])
    assert [(entry["name"], entry["kind"]) for entry in labels] == [("Volkmarsdorf", "area"), ("Rabet", "park")]
    assert labels[0]["names"] == {"ar": "فولكمارسدورف"} and labels[1]["minzoom"] == 15
    # and the kiosk reads them, in the screen's language where the drawing gives one
    from test_map import plugin_module

    read = plugin_module("content")._labels(meta["kiosk_labels"])
    assert read[0].name_in("ar") == ("فولكمارسدورف", "ar") and read[0].name_in("ru") == ("Volkmarsdorf", "")
    assert not read[1].shows_at(14) and read[1].shows_at(15)


def test_the_shipped_map_lists_the_districts():
    db = sqlite3.connect(f"{MBTILES.as_uri()}?mode=ro", uri=True)
    labels = json.loads(dict(db.execute("SELECT name, value FROM metadata"))["kiosk_labels"])
    db.close()
    names = {entry["name"] for entry in labels}
    assert {"Volkmarsdorf", "Neustadt-Neuschönefeld", "Schönefeld", "Anger-Crottendorf", "Rabet"} <= names


@pytest.mark.parametrize("bad, words", [
    ("[{\"lat\": 51.3, \"lon\": 12.4}]", "without a name"),
    ("{not json", "not JSON"),
    ("[{\"name\": \"X\", \"lat\": 99, \"lon\": 12.4}]", "outside the world"),
])
def test_broken_label_metadata_is_reported_by_the_check(tmp_path, bad, words):
    from packs import load_pack

    copy = tmp_path / "leipziger-osten"
    shutil.copytree(PACK, copy)
    db = sqlite3.connect(copy / "map" / "district.mbtiles")
    db.execute("UPDATE metadata SET value = ? WHERE name = 'kiosk_labels'", (bad,))
    db.commit()
    db.close()
    pack, report = load_pack(copy)
    assert any("kiosk_labels" in str(p) and words in str(p) for p in report.problems), report.problems


# -- on screen --------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["de", "ar", "fa", "ru", "vi"])
@pytest.mark.parametrize("size", [(1080, 1920), (1920, 1080)])
def test_area_names_inside_the_view_and_clear_of_the_panels(kiosk, lang, size):
    page = open_map(kiosk, lang, size)
    view = page.map
    names = assert_texts_clear(kiosk)
    assert len(names) >= 2, names  # the districts around the kiosk are named
    # moved about, zoomed out to the whole district, a card open: still inside and clear
    cx, cy = view.to_window(*view.center)
    drag(kiosk, cx, cy, size[0] * 0.3, -size[1] * 0.2)
    assert_texts_clear(kiosk)
    view.zoom_by(-10)
    kiosk.frames(2)
    whole = assert_texts_clear(kiosk)
    assert len(whole) >= 4, whole
    kiosk.go("map/konradstrasse-64")
    assert screen(kiosk).card_open
    assert_texts_clear(kiosk)


def test_a_name_whose_place_is_near_the_edge_is_moved_inside_not_cut(kiosk):
    """Neustadt-Neuschönefeld's middle lies near the left edge of the portrait view: before, the
    tiles cut it to "tadt-Neuschönefeld"; now the whole name stands inside."""
    kiosk.go("map")
    view = screen(kiosk).map
    label = next(w for w in kiosk.find() if type(w).__name__ == "AreaLabel" and w.text == "Neustadt-Neuschönefeld")
    x, _y = view.screen_pos(label.lat, label.lon)
    assert x - label.width / 2 < view.x  # centred on its place it would stick out
    assert shown(label)
    box, inside = window_box(label), window_box(view)
    assert inside[0] <= box[0] and box[2] <= inside[2]


def test_area_names_come_in_the_screens_language_where_the_map_gives_one(kiosk, tmp_path):
    from packs import load_pack

    copy = tmp_path / "leipziger-osten"
    shutil.copytree(PACK, copy)
    db = sqlite3.connect(copy / "map" / "district.mbtiles")
    (value,) = db.execute("SELECT value FROM metadata WHERE name = 'kiosk_labels'").fetchone()
    labels = json.loads(value)
    for entry in labels:
        if entry["name"] == "Volkmarsdorf":
            entry["names"] = {"ru": "Фолькмарсдорф"}
    db.execute("UPDATE metadata SET value = ? WHERE name = 'kiosk_labels'", (json.dumps(labels, ensure_ascii=False),))
    db.commit()
    db.close()
    pack, report = load_pack(copy)
    assert pack is not None, report.problems
    kiosk.app.set_pack(pack)
    kiosk.app.set_language("ru")
    kiosk.go("map")
    texts = [w.text for w in texts_over_the_map(kiosk, "AreaLabel")]
    assert "Фолькмарсдорф" in texts and "Volkmarsdorf" not in texts
    assert "Neustadt-Neuschönefeld" in texts  # no Russian name given: the map's own


@pytest.mark.parametrize("lang", ["de", "ar"])
@pytest.mark.parametrize("size", [(1080, 1920), (1920, 1080)])
def test_each_pin_has_its_name_beside_it_and_its_number_in_the_legend(kiosk, lang, size):
    page = open_map(kiosk, lang, size)
    pack = kiosk.app.pack
    rows = {r.number: r for r in kiosk.find() if type(r).__name__ == "LegendRow" and r.number and shown(r)}
    names = {w.place_id: w for w in texts_over_the_map(kiosk, "PinName")}
    found = pins(kiosk)
    assert {"ic-e", "konradstrasse-64"} <= set(found)
    assert "ic-e" in names  # the kiosk's own place is named on the map
    for place_id, pin in found.items():
        title = kiosk.app.text(pack.places[place_id].title)[0]
        assert rows[pin.number].text == title  # the legend explains the number on the pin
        assert pin.number in kiosk.texts()
        if place_id not in names:
            continue  # no room beside it here: its number says it
        name = names[place_id]  # and the name stands right beside the pin
        assert name.text == title
        pin_box, box = window_box(pin), window_box(name)
        gap = max(box[0] - pin_box[2], pin_box[0] - box[2], box[1] - pin_box[3], pin_box[1] - box[3])
        assert 0 < gap < 30, (place_id, gap)
        row = rows[pin.number]
        swatch, label = row.ids.swatch, row.ids.label
        if lang == "ar":  # mirrored: the number on the right, where an Arabic line begins
            assert swatch.x > label.x
            assert window_box(page.ids.legend)[0] > window_box(page.map)[0] + page.map.width / 2
        else:
            assert swatch.x < label.x
    if lang == "ar":  # names go to the left of their pins first
        assert window_box(names["ic-e"])[2] <= window_box(found["ic-e"])[0]
    assert_texts_clear(kiosk)


def test_pins_crowded_together_keep_their_names_apart(kiosk):
    """Zoomed out, the two pins stand close: the names never lie on each other or on a pin, and
    a pin whose name found no room keeps its number, which the legend lists."""
    kiosk.go("map")
    page = screen(kiosk)
    page.map.zoom_by(-10)
    kiosk.frames(2)
    assert_texts_clear(kiosk)
    numbers = {r.number for r in kiosk.find() if type(r).__name__ == "LegendRow" and r.number and shown(r)}
    assert {pin.number for pin in pins(kiosk).values()} <= numbers


def test_a_selected_pins_name_is_drawn_dark_like_its_pin(kiosk):
    kiosk.go("map/konradstrasse-64")
    name = next(w for w in texts_over_the_map(kiosk, "PinName") if w.place_id == "konradstrasse-64")
    other = next(w for w in texts_over_the_map(kiosk, "PinName") if w.place_id == "ic-e")
    assert name.selected and not other.selected
    assert tuple(name.color) == (1, 1, 1, 1) and tuple(other.color) != (1, 1, 1, 1)


@pytest.mark.parametrize("size", [(1080, 1920), (1920, 1080)])
def test_north_arrow_and_scale_bar_stay_visible_with_the_card_open(kiosk, size):
    kiosk.resize(*size)
    kiosk.go("map/konradstrasse-64")
    page = screen(kiosk)
    assert page.card_open
    scale = page.ids.scale
    assert shown(scale) and "N" in kiosk.texts() and scale.label in kiosk.texts()
    assert scale.label.endswith(" m") or scale.label.endswith(" km")
    boxes = panels(page)
    assert not overlap(boxes["scale"], boxes["card"]) and not overlap(boxes["controls"], boxes["card"])
    view = window_box(page.map)
    for name in ("scale", "controls"):
        box = boxes[name]
        assert view[0] <= box[0] and box[2] <= view[2] and view[1] <= box[1] and box[3] <= view[3]


# -- an event's place -----------------------------------------------------------------------------------


EVENT_PLACE = """
  - id: rabet-spielplatz
    title:
      de: Spielplatz im Rabet
      en: Playground in the Rabet
    address:
      street: Rabet
      postcode: "04315"
      town: Leipzig
    lat: 51.3437
    lon: 12.3950
    approximate: false
"""

EVENT = """events:
  - id: rabet-fest
    title:
      de: Nachbarschaftsfest im Rabet
      en: Neighbourhood party in the Rabet
    summary:
      de: Ein Nachmittag für alle im Park.
      en: An afternoon for everyone in the park.
    place: rabet-spielplatz
    start: "2026-11-28 14:00"
    end: "2026-11-28 18:00"
"""


def test_an_events_place_is_shown_on_the_map_like_an_offers(kiosk, tmp_path):
    from packs import load_pack

    app = kiosk.app
    copy = tmp_path / "leipziger-osten"
    shutil.copytree(PACK, copy)
    (copy / "places.yaml").write_text((copy / "places.yaml").read_text(encoding="utf-8") + EVENT_PLACE, encoding="utf-8")
    (copy / "events.yaml").write_text(EVENT, encoding="utf-8")
    pack, report = load_pack(copy)
    assert pack is not None, report.problems
    app.set_pack(pack)
    kiosk.go("event/rabet-fest")
    button = next(b for b in kiosk.find(KButton) if b.text == "Auf der Karte zeigen")
    scroll = screen(kiosk).ids.get("scroll")
    if scroll is not None:
        scroll.scroll_to(button, animate=False)
        kiosk.frames(3)
    kiosk.tap(button)
    assert app.route == "map/rabet-spielplatz"
    page = screen(kiosk)
    assert page.card_open and page.place_title == "Spielplatz im Rabet"
    assert [b.text for b in page.ids.card_offers.children] == ["Nachbarschaftsfest im Rabet"]
    found = pins(kiosk)
    assert "rabet-spielplatz" in found
    name = next(w for w in texts_over_the_map(kiosk, "PinName") if w.place_id == "rabet-spielplatz")
    assert name.text == "Spielplatz im Rabet"
    # on the map from the start too, with its number in the legend
    kiosk.go("map")
    page = screen(kiosk)
    rows = {r.text for r in kiosk.find() if type(r).__name__ == "LegendRow" and r.number and shown(r)}
    assert "Spielplatz im Rabet" in rows
    pin = pins(kiosk)["rabet-spielplatz"]
    page.map.look_at(pin.lat, pin.lon, 16)
    kiosk.frames(2)
    touch(kiosk, *pin.to_window(*pin.disc_center()))
    assert page.card_open and page.place_id == "rabet-spielplatz"
    kiosk.tap(page.ids.card_offers.children[0])
    assert app.route == "event/rabet-fest"
