"""The map: Web Mercator arithmetic, the built base map, pins where they belong, the card, touch,
right-to-left, no empty tiles on screen, and optional online tiles from a local server."""

from __future__ import annotations

import datetime as dt
import http.server
import importlib.util
import math
import shutil
import sqlite3
import sys
import threading
from io import BytesIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PIL import Image

from conftest import ROOT
from kiosk.uix import KButton, KLabel, Tile

PACK = ROOT / "content" / "leipziger-osten"
MBTILES = PACK / "map" / "district.mbtiles"
IC_E = (51.3458445, 12.4022556)
KONRAD = (51.344334, 12.409995)
VOID = (199, 199, 204)  # TileMap.ground in map.kv: where no tile was drawn


def plugin_module(name: str):
    """A module of the map plugin: the kiosk's own once it runs, else imported privately."""
    running = sys.modules.get(f"kiosk_plugins.map.{name}")
    if running is not None:
        return running
    package = "_test_map_plugin"
    if package not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            package, ROOT / "plugins" / "map" / "__init__.py", submodule_search_locations=[str(ROOT / "plugins" / "map")]
        )
        module = importlib.util.module_from_spec(spec)
        sys.modules[package] = module
        spec.loader.exec_module(module)
    return importlib.import_module(f"{package}.{name}")


def web_mercator(lat: float, lon: float, zoom: float) -> tuple[float, float]:
    """World pixel (x right, y down), written independently of the plugin's module."""
    n = 256 * 2 ** zoom
    return (lon + 180) / 360 * n, (1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n


def screen(kiosk):
    return kiosk.app.current_screen()


@pytest.fixture
def kiosk(kiosk):
    """The session's kiosk as a new visitor finds it: the map screens forgot the last visit."""
    for page in kiosk.app.screens.screens:
        if page.plugin == "map":
            page.reset()
    return kiosk


def touch(kiosk, x, y):
    """A quick tap: the map needs no ScrollView hand-over, so no 20 frames of waiting."""
    finger = kiosk.touch_down(x, y)
    kiosk.frames(1)
    kiosk.touch_up(finger)
    kiosk.frames(2)


def drag(kiosk, x, y, dx, dy, steps=3):
    finger = kiosk.touch_down(x, y)
    kiosk.frames(1)
    for i in range(1, steps + 1):
        kiosk.touch_move(finger, x + dx * i / steps, y + dy * i / steps)
        kiosk.frames(1)
    kiosk.touch_up(finger)
    kiosk.frames(1)


def pinch(kiosk, a_from, a_to, b_from, b_to, steps=3):
    """Two fingers down at once, moved together from ..._from to ..._to, lifted."""
    a, b = kiosk.touch_down(*a_from), kiosk.touch_down(*b_from)
    kiosk.frames(1)
    for i in range(1, steps + 1):
        t = i / steps
        kiosk.touch_move(a, a_from[0] + (a_to[0] - a_from[0]) * t, a_from[1] + (a_to[1] - a_from[1]) * t)
        kiosk.touch_move(b, b_from[0] + (b_to[0] - b_from[0]) * t, b_from[1] + (b_to[1] - b_from[1]) * t)
        kiosk.frames(1)
    kiosk.touch_up(a)
    kiosk.touch_up(b)
    kiosk.frames(1)


def pins(kiosk) -> dict:
    return {w.place_id: w for w in kiosk.find() if type(w).__name__ == "Pin"}


def window_center(widget) -> tuple[float, float]:
    return widget.to_window(*widget.center)


def visible_box(view):
    """(west, south, east, north) of what the map shows."""
    north, west = view.latlon_at(view.x, view.top)
    south, east = view.latlon_at(view.right, view.y)
    return west, south, east, north


def assert_inside_bounds(view):
    west, south, east, north = visible_box(view)
    b_west, b_south, b_east, b_north = view.bounds
    eps = 1e-9
    assert b_west - eps <= west and east <= b_east + eps, (west, east, view.bounds)
    assert b_south - eps <= south and north <= b_north + eps, (south, north, view.bounds)


# -- Web Mercator ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "lat, lon, zoom, tile",
    [
        (0.0, 0.0, 1, (1, 1)),
        (51.3458445, 12.4022556, 16, (35025, 21839)),  # the IC-E
        (51.344334, 12.409995, 17, (70054, 43680)),  # Konradstraße 64
        (-33.8688, 151.2093, 10, (942, 614)),  # Sydney: south and east
    ],
)
def test_tile_of_a_point(lat, lon, zoom, tile):
    mercator = plugin_module("mercator")
    x, y = web_mercator(lat, lon, zoom)
    assert (int(x // 256), int(y // 256)) == tile  # the independent formula agrees with the table
    assert mercator.tile_of(lat, lon, zoom) == tile


@pytest.mark.parametrize("lat, lon", [IC_E, KONRAD, (0, 0), (60.0, -150.0), (-45.5, 170.25)])
@pytest.mark.parametrize("zoom", [0, 15.5, 17])
def test_pixel_and_back(lat, lon, zoom):
    mercator = plugin_module("mercator")
    x, y = mercator.pixel(lat, lon, zoom)
    ex, ey = web_mercator(lat, lon, zoom)
    assert x == pytest.approx(ex, abs=1e-6) and y == pytest.approx(ey, abs=1e-6)
    size = mercator.world_size(zoom)
    back = mercator.latlon(x / size, y / size)
    assert back == pytest.approx((lat, lon), abs=1e-9)


def test_tms_rows_and_ground_resolution():
    mercator = plugin_module("mercator")
    assert mercator.tms_row(0, 0) == 0
    assert mercator.tms_row(0, 3) == 7 and mercator.tms_row(7, 3) == 0
    assert mercator.tms_row(mercator.tms_row(21839, 16), 16) == 21839
    assert mercator.meters_per_pixel(0, 0) == pytest.approx(156543.03, abs=0.01)
    assert mercator.meters_per_pixel(60, 1) == pytest.approx(156543.03 / 4, abs=0.01)
    columns, rows = mercator.tiles_covering((12.40, 51.34, 12.41, 51.35), 16)
    assert (columns.start, columns.stop, rows.start, rows.stop) == (35025, 35028, 21838, 21842)


# -- the base map ---------------------------------------------------------------------------------------


def _build_basemap_module():
    if "build_basemap" not in sys.modules:
        spec = importlib.util.spec_from_file_location("build_basemap", ROOT / "tools" / "build_basemap.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules["build_basemap"] = module  # dataclasses look their module up
        spec.loader.exec_module(module)
    return sys.modules["build_basemap"]


def test_shipped_basemap_has_the_metadata_and_is_small():
    assert MBTILES.stat().st_size < 3_000_000
    db = sqlite3.connect(f"{MBTILES.as_uri()}?mode=ro", uri=True)
    meta = dict(db.execute("SELECT name, value FROM metadata"))
    levels = [z for (z,) in db.execute("SELECT DISTINCT zoom_level FROM tiles ORDER BY zoom_level")]
    db.close()
    assert meta["format"] == "png"
    assert (meta["minzoom"], meta["maxzoom"]) == ("14", "17") and levels == [14, 15, 16, 17]
    west, south, east, north = map(float, meta["bounds"].split(","))
    assert west < IC_E[1] < east and south < IC_E[0] < north
    assert west < KONRAD[1] < east and south < KONRAD[0] < north
    lon, lat, zoom = meta["center"].split(",")
    assert (float(lat), float(lon)) == pytest.approx(IC_E) and zoom == "16"
    assert "kiosk project" in meta["attribution"] and "name" in meta


def test_tiles_are_stored_bottom_up_and_show_the_streets_where_they_are():
    """TMS rows (MBTiles): the IC-E's tile is found under the flipped row, and its pixel there is
    Eisenbahnstraße; Konradstraße 64's pixel is on the (white) Konradstraße."""
    mercator = plugin_module("mercator")
    db = sqlite3.connect(f"{MBTILES.as_uri()}?mode=ro", uri=True)

    def pixel_colors(lat, lon, zoom, radius=3):
        x, y = web_mercator(lat, lon, zoom)
        tx, ty = int(x // 256), int(y // 256)
        row = db.execute("SELECT tile_data FROM tiles WHERE zoom_level=? AND tile_column=? AND tile_row=?",
                         (zoom, tx, (2 ** zoom - 1) - ty)).fetchone()
        assert row is not None, "no tile under the TMS row"
        assert db.execute("SELECT count(*) FROM tiles WHERE zoom_level=? AND tile_column=? AND tile_row=?",
                          (zoom, tx, ty)).fetchone()[0] == 0  # nothing under the unflipped row
        image = Image.open(BytesIO(row[0])).convert("RGB")
        px, py = int(x - tx * 256), int(y - ty * 256)
        return {image.getpixel((min(255, max(0, px + dx)), min(255, max(0, py + dy))))
                for dx in range(-radius, radius + 1) for dy in range(-radius, radius + 1)}

    street_yellow = [c for c in pixel_colors(*IC_E, 17) if c[0] > 240 and 225 < c[1] < 245 and 160 < c[2] < 200]
    assert street_yellow, "the IC-E stands on Eisenbahnstraße (a main street)"
    assert (255, 255, 255) in pixel_colors(*KONRAD, 17), "Konradstraße 64 is on Konradstraße"
    ground = pixel_colors(KONRAD[0] + 0.0012, KONRAD[1], 17, radius=1)  # ~130 m north: between streets
    assert ground == {(242, 239, 232)}
    assert mercator.tms_row(mercator.tile_of(*IC_E, 17)[1], 17) > 2 ** 16  # north of the equator: high rows
    db.close()


def test_basemap_build_is_reproducible_and_matches_the_shipped_file(tmp_path):
    build = _build_basemap_module()
    first, second = tmp_path / "a.mbtiles", tmp_path / "b.mbtiles"
    source = PACK / "map" / "district.geojson"
    build.build(source, first, zooms=range(14, 16))
    build.build(source, second, zooms=range(14, 16))
    assert first.read_bytes() == second.read_bytes()
    query = "SELECT zoom_level, tile_column, tile_row, tile_data FROM tiles WHERE zoom_level <= 15 ORDER BY 1, 2, 3"
    shipped = sqlite3.connect(f"{MBTILES.as_uri()}?mode=ro", uri=True).execute(query).fetchall()
    rebuilt = sqlite3.connect(first).execute(query).fetchall()
    # the committed file is this drawing, built by this tool: the same tiles with the same pixels
    # (pixels, not PNG bytes, which another zlib or Pillow may pack differently)
    assert len(rebuilt) > 10 and [r[:3] for r in rebuilt] == [s[:3] for s in shipped]
    for (*_, ours), (*_, theirs) in zip(rebuilt, shipped):
        assert _pixels(ours) == _pixels(theirs)


def _pixels(png: bytes) -> bytes:
    import io

    from PIL import Image

    return Image.open(io.BytesIO(png)).convert("RGB").tobytes()


# -- the screen -----------------------------------------------------------------------------------------


def test_home_tile_opens_the_map_with_pins_legend_and_attribution(kiosk):
    app = kiosk.app
    tile = next(t for t in kiosk.find(Tile) if t.route == "map")
    assert tile.title == "Karte" and tile.icon == "map"
    kiosk.tap(tile)
    assert app.route == "map" and app.header_title == "Karte"
    found = pins(kiosk)
    assert set(found) == {"ic-e", "konradstrasse-64"}
    # numbered from where the visitor stands; each number is in the legend with the place's name
    assert found["ic-e"].number == "1"
    rows = {r.number: r.text for r in kiosk.find() if type(r).__name__ == "LegendRow" and r.number}
    assert rows == {pin.number: app.text(app.pack.places[pid].title)[0] for pid, pin in found.items()}
    assert rows["1"] == "IC-E InfoCenter Eisenbahnstraße"
    assert len(found["konradstrasse-64"].colors) == 4  # counselling, German, homework, community
    assert len(found["ic-e"].colors) == 1  # counselling (the information pages are on the web)
    texts = kiosk.texts()
    for title in ("Beratung", "Deutschkurse", "Hausaufgabenhilfe", "Begegnung und Mitmachen"):
        assert title in texts
    assert "Informationen" not in texts  # its only offer is a web page: no pin, so no legend line
    assert "Sie sind hier" in texts
    assert any(t.startswith("Schematische Karte") for t in texts)
    here = [w for w in kiosk.find() if type(w).__name__ == "HereMarker"]
    assert len(here) == 1 and (here[0].lat, here[0].lon) == IC_E
    assert not screen(kiosk).card_open


def test_pins_follow_the_kiosks_clock(kiosk):
    kiosk.app.clock.moment = dt.datetime(2010, 6, 1, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    kiosk.go("map")
    pin = pins(kiosk)["ic-e"]
    touch(kiosk, *pin.to_window(*pin.disc_center()))
    assert len(screen(kiosk).ids.card_offers.children) == 2  # the coordination project ran 2009-2013


@pytest.mark.parametrize("zoom", [16, 17, 16.6])
def test_pins_stand_on_their_web_mercator_position(kiosk, zoom):
    kiosk.go("map")
    view = screen(kiosk).map
    lat0, lon0 = (IC_E[0] + KONRAD[0]) / 2, (IC_E[1] + KONRAD[1]) / 2
    view.look_at(lat0, lon0, zoom)
    kiosk.frames(2)
    assert view.zoom == zoom
    assert view.center_latlon() == pytest.approx((lat0, lon0), abs=1e-9)  # not clamped here
    cx, cy = window_center(view)
    x0, y0 = web_mercator(lat0, lon0, zoom)
    for place_id, (lat, lon) in (("ic-e", IC_E), ("konradstrasse-64", KONRAD)):
        pin = pins(kiosk)[place_id]
        tip = pin.to_window(*pin.anchor())
        x, y = web_mercator(lat, lon, zoom)
        expected = (cx + (x - x0), cy - (y - y0))
        assert math.dist(tip, expected) <= 2, (place_id, tip, expected)
    a, b = pins(kiosk)["ic-e"], pins(kiosk)["konradstrasse-64"]
    apart = math.dist(a.to_window(*a.anchor()), b.to_window(*b.anchor()))
    assert apart == pytest.approx(math.dist(web_mercator(*IC_E, zoom), web_mercator(*KONRAD, zoom)), abs=1)


def test_tap_a_pin_for_its_card_then_an_offer_and_back(kiosk):
    app = kiosk.app
    kiosk.go("map")
    pin = pins(kiosk)["konradstrasse-64"]
    touch(kiosk, *pin.to_window(*pin.disc_center()))
    page = screen(kiosk)
    assert page.card_open and page.place_id == "konradstrasse-64"
    texts = kiosk.texts()
    assert "Konradstraße 64" in texts and "Konradstraße 64, 04315 Leipzig" in texts and "Angebote hier" in texts
    buttons = {b.text: b for b in page.ids.card_offers.children}
    assert set(buttons) == {"Hilfe im Alltag", "Beratung bei Konflikten", "Hilfe mit Ämtern und Formularen",
                            "Den passenden Deutschkurs finden", "Hilfe für Schülerinnen und Schüler",
                            "Begegnung zwischen Kulturen"}
    assert pins(kiosk)["konradstrasse-64"].selected
    # the pin stands clear of the card
    tip = pin.to_window(*pin.anchor())
    card = page.ids.card
    assert tip[1] > card.to_window(card.x, card.top)[1]
    kiosk.tap(buttons["Hilfe im Alltag"])
    assert app.route == "offer/dialog-alltag"
    touch(kiosk, *window_center(app.root.ids.back_button))
    assert app.route == "map" and screen(kiosk).card_open  # the visitor finds the card as they left it
    touch(kiosk, *window_center(screen(kiosk).ids.card_close))
    assert not screen(kiosk).card_open and not pins(kiosk)["konradstrasse-64"].selected


def test_tap_on_the_map_beside_the_pins_closes_the_card(kiosk):
    kiosk.go("map/konradstrasse-64")
    view = screen(kiosk).map
    assert screen(kiosk).card_open
    # a point in the upper half (the legend yields to the card in portrait), clear of every pin
    candidates = [view.to_window(view.x + dx, view.top - dy) for dy in (120, 200, 280) for dx in (120, 200, 400, 600)]
    x, y = next(c for c in candidates if not any(p.hit(*view.to_widget(*c), margin=40) for p in pins(kiosk).values()))
    touch(kiosk, x, y)
    assert not screen(kiosk).card_open


def test_map_place_route_opens_centred_with_its_card(kiosk):
    app = kiosk.app
    assert kiosk.go("map/ic-e")
    page = screen(kiosk)
    assert app.route == "map/ic-e" and page.card_open and page.place_id == "ic-e"
    assert "IC-E InfoCenter Eisenbahnstraße" in kiosk.texts()
    assert {b.text for b in page.ids.card_offers.children} == {"Fragen zur Integration"}  # a web page is no offer here
    view = page.map
    pin = pins(kiosk)["ic-e"]
    cx, cy = window_center(view)
    # portrait: the card takes the lower half, the pin stands in the middle of the upper half
    assert math.dist(pin.to_window(*pin.anchor()), (cx, cy + view.height * 0.25)) <= 2
    assert view.zoom == 16


@pytest.mark.parametrize("route", ["map/nowhere", "map/ic-e/more", "map/IC-E"])
def test_unknown_place_goes_home(kiosk, route):
    assert not kiosk.go(route)
    assert kiosk.app.route == "home"


def test_pan_and_pinch_stay_inside_the_bounds(kiosk):
    kiosk.go("map")
    view = screen(kiosk).map
    cx, cy = window_center(view)
    before = (view.mx, view.my)
    drag(kiosk, cx, cy, 200, -150)
    assert (view.mx, view.my) != before  # it moved
    assert_inside_bounds(view)
    for dx, dy in ((4000, 6000), (-8000, -9000)):
        drag(kiosk, cx, cy, dx, dy)
        assert_inside_bounds(view)
    # two fingers apart: closer, the point between them stays between them
    zoom = view.zoom
    between = view.latlon_at(*view.to_widget(cx, cy))
    pinch(kiosk, (cx - 60, cy), (cx - 210, cy), (cx + 60, cy), (cx + 210, cy))
    assert view.zoom == pytest.approx(min(view.max_zoom, zoom + math.log2(420 / 120)), abs=0.01)
    if view.zoom < view.max_zoom:
        assert view.latlon_at(*view.to_widget(cx, cy)) == pytest.approx(between, abs=1e-6)
    assert_inside_bounds(view)
    assert not screen(kiosk).card_open  # a pinch is no tap
    # two fingers together, far: never smaller than the district
    pinch(kiosk, (cx - 400, cy - 300), (cx - 8, cy - 6), (cx + 400, cy + 300), (cx + 8, cy + 6))
    assert view.zoom == pytest.approx(view.lowest_zoom())
    assert view.lowest_zoom() >= view.min_zoom
    assert_inside_bounds(view)
    assert view.missing == 0


def test_zoom_buttons_and_you_are_here(kiosk):
    kiosk.go("map")
    page = screen(kiosk)
    view = page.map
    start = view.zoom
    touch(kiosk, *window_center(page.ids.zoom_in))
    assert view.zoom == pytest.approx(min(start + 1, view.max_zoom))
    touch(kiosk, *window_center(page.ids.zoom_out))
    touch(kiosk, *window_center(page.ids.zoom_out))
    assert view.zoom == pytest.approx(max(start - 1, view.lowest_zoom()))
    cx, cy = window_center(view)
    drag(kiosk, cx, cy, -500, 300)
    assert view.center_latlon() != pytest.approx(IC_E, abs=1e-5)
    touch(kiosk, *window_center(page.ids.here_button))
    assert view.center_latlon() == pytest.approx(IC_E, abs=1e-7)
    assert view.zoom == 16


def test_visitor_reset_closes_the_card_and_recentres(kiosk):
    app = kiosk.app
    kiosk.go("map")
    pin = pins(kiosk)["konradstrasse-64"]
    touch(kiosk, *pin.to_window(*pin.disc_center()))
    assert screen(kiosk).card_open
    view = screen(kiosk).map
    cx, cy = window_center(view)
    drag(kiosk, cx, cy, 300, 300)
    app.reset_session()
    kiosk.frames(2)
    assert app.route == "home"
    kiosk.go("map")
    assert not screen(kiosk).card_open
    assert view.center_latlon() == pytest.approx(IC_E, abs=1e-7) and view.zoom == 16


def test_arabic_card_and_legend_read_right_to_left(kiosk):
    app = kiosk.app
    app.set_language("ar")
    kiosk.go("map")
    texts = kiosk.texts()
    assert "استشارات" in texts and "أنت هنا" in texts and "الخريطة" == app.header_title
    assert any(t.startswith("خريطة مبسّطة") for t in texts)
    legend = screen(kiosk).ids.legend
    assert legend.right > screen(kiosk).map.center_x  # the legend stands on the right
    kiosk.go("map/konradstrasse-64")
    page = screen(kiosk)
    assert page.ids.card_heading.text == "العروض هنا"
    for label in (page.ids.card_title, page.ids.card_heading):
        assert label.halign == "right"
    assert page.ids.card_heading.base_direction == "rtl"
    assert page.ids.card_close.x < page.ids.card_title.x  # the close button on the left
    assert "المساعدة في الحياة اليومية" in {b.text for b in page.ids.card_offers.children}
    kiosk.resize(1920, 1080)
    kiosk.go("map/konradstrasse-64")
    card, view = page.ids.card, page.map
    assert card.x < view.center_x  # landscape: the card stands at the left, where Arabic lines end
    pin = pins(kiosk)["konradstrasse-64"]
    assert pin.to_window(*pin.anchor())[0] > card.to_window(card.right, 0)[0]


def test_show_on_map_from_an_offer(kiosk):
    app = kiosk.app
    kiosk.go("offer/dialog-alltag")
    button = next(b for b in kiosk.find(KButton) if b.text == "Auf der Karte zeigen")
    assert button.icon == "map"
    scroll = screen(kiosk).ids.scroll
    scroll.scroll_to(button, animate=False)
    kiosk.frames(3)
    kiosk.tap(button)
    assert app.route == "map/konradstrasse-64"
    assert screen(kiosk).card_open


def test_no_empty_tile_is_ever_on_screen(kiosk, tmp_path):
    for size, route, zoom in (((1080, 1920), "map", None), ((1080, 1920), "map", "lowest"),
                              ((1080, 1920), "map", "max"), ((1920, 1080), "map/ic-e", None)):
        kiosk.resize(*size)
        kiosk.go(route)
        view = screen(kiosk).map
        if zoom:
            view.zoom_by(-10 if zoom == "lowest" else 10)
        kiosk.frames(1)
        assert view.missing == 0
        shot = Image.open(kiosk.screenshot(tmp_path / "map.png")).convert("RGB")
        x0, y0 = view.to_window(view.x, view.y)
        box = (int(x0), int(size[1] - y0 - view.height), int(x0 + view.width), int(size[1] - y0))
        region = shot.crop(box)
        colors = region.getcolors(1 << 24)
        holes = sum(count for count, color in colors if all(abs(a - b) <= 1 for a, b in zip(color, VOID)))
        assert holes < 50, (size, route, zoom, holes)
        assert len(colors) > 20  # streets, names and pins, not a flat field


def test_a_pack_without_a_map_has_no_tile_and_no_map_route(kiosk):
    from packs import load_pack

    app = kiosk.app
    pack, _ = load_pack(ROOT / "content" / "leipziger-westen")
    assert pack.section("map") is None
    app.set_pack(pack)
    kiosk.go("home")
    assert "map" not in [t.route for t in kiosk.find(Tile)]
    assert not kiosk.go("map") and app.route == "home"
    offer = next(o for o in pack.items("offers").values() if o.is_current(app.now()))
    kiosk.go(f"offer/{offer.id}")
    assert not [b for b in kiosk.find(KButton) if b.icon == "map"]


def test_approximate_places_get_no_pin_and_the_legend_says_so(kiosk, tmp_path):
    from packs import load_pack

    app = kiosk.app
    copy = tmp_path / "leipziger-osten"
    shutil.copytree(PACK, copy)
    places = (copy / "places.yaml").read_text()
    (copy / "places.yaml").write_text(places.replace("    lon: 12.409995\n    approximate: false", "    lon: 12.409995\n    approximate: true"))
    pack, report = load_pack(copy)
    assert pack is not None, report.problems
    assert pack.places["konradstrasse-64"].approximate
    app.set_pack(pack)
    kiosk.go("map")
    assert set(pins(kiosk)) == {"ic-e"}
    assert "Orte ohne genaue Adresse sind nicht auf der Karte." in kiosk.texts()
    assert not kiosk.go("map/konradstrasse-64") and app.route == "home"
    kiosk.go("offer/dialog-alltag")
    assert not [b for b in kiosk.find(KButton) if b.icon == "map"]


def test_attribution_and_strings_are_drawable_in_every_language():
    from fontTools.ttLib import TTFont

    from kiosk import assets
    from packs import load_pack

    pack, _ = load_pack(PACK)
    glyphs = set(TTFont(assets.FONT_REGULAR)["cmap"].getBestCmap())
    assert set(pack.languages) <= set(pack.section("map").attribution.values)
    for text in pack.section("map").attribution.values.values():
        assert all(ord(c) in glyphs for c in text if not c.isspace() and c != "\u200c")


# -- online tiles -----------------------------------------------------------------------------------------


class TileServer:
    """A tile server on 127.0.0.1: answers every tile with `body` (or 404), remembers requests."""

    def __init__(self, body: bytes | None):
        self.body = body
        self.requests: list[tuple[str, str]] = []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                server.requests.append((self.path, self.headers.get("User-Agent", "")))
                if server.body is None:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.send_header("Content-Length", str(len(server.body)))
                self.end_headers()
                self.wfile.write(server.body)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/{{z}}/{{x}}/{{y}}.png"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def red_png() -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (256, 256), (220, 20, 20)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_online_tiles_are_fetched_with_the_user_agent_into_the_cache(tmp_path):
    tiles = plugin_module("tiles")
    server = TileServer(red_png())
    try:
        config = tiles.OnlineConfig(server.url, "Kiosk-Test/1.0 (admin@example.org)", tmp_path / "cache")
        source = tiles.OnlineTiles(config)
        arrived = threading.Event()

        class Listener:
            def tile_arrived(self, key):
                arrived.set()

        listener = Listener()
        source.listen(listener.tile_arrived)
        assert source.tile(16, 35025, 21839) is None  # not yet: asked for in the background
        assert arrived.wait(30)
        assert server.requests == [("/16/35025/21839.png", "Kiosk-Test/1.0 (admin@example.org)")]
        cached = tmp_path / "cache" / "16" / "35025" / "21839.png"
        assert cached.read_bytes() == server.body
        assert source.tile(16, 35025, 21839) == server.body  # from the cache now
        assert len(server.requests) == 1
        source.stop()
    finally:
        server.close()


def test_online_failures_are_logged_not_retried_and_never_cached(tmp_path, caplog):
    tiles = plugin_module("tiles")
    server = TileServer(None)
    try:
        source = tiles.OnlineTiles(tiles.OnlineConfig(server.url, "Kiosk-Test/1.0", tmp_path / "cache"))
        assert source.tile(15, 1, 2) is None
        assert source.wait(30)
        assert source.failures == 1
        assert "not fetched" in caplog.text and "404" in caplog.text
        assert source.tile(15, 1, 2) is None and len(server.requests) == 1  # not asked again
        assert not (tmp_path / "cache" / "15").exists()
        source.stop()
    finally:
        server.close()


@pytest.mark.parametrize(
    "block, words",
    [
        ({"url": "https://tiles.example.org/{z}/{x}/{y}.png", "cache_dir": "/tmp/x"}, "user_agent is required"),
        ({"url": "https://tiles.example.org/tiles.png", "user_agent": "K", "cache_dir": "/tmp/x"}, "with {z}, {x} and {y}"),
        ({"url": "https://t.example.org/{z}/{x}/{y}.png", "user_agent": "K"}, "cache_dir is required"),
        ({"url": "https://t.example.org/{z}/{x}/{y}.png", "user_agent": "K", "cache_dir": "c", "size": 1}, "unknown field 'size'"),
        ("yes", "must be a mapping"),
    ],
)
def test_online_settings_are_checked(block, words):
    from kiosk.errors import KioskError

    tiles = plugin_module("tiles")
    with pytest.raises(KioskError, match=words.replace("{", r"\{").replace("}", r"\}")):
        tiles.OnlineConfig.read(block, Path("/srv/kiosk"))


def test_online_tiles_show_on_the_map_and_the_pack_stays_the_fallback(kiosk, tmp_path, settings):
    plugin = sys.modules["kiosk_plugins.map.plugin"]
    tiles = sys.modules["kiosk_plugins.map.tiles"]
    server = TileServer(red_png())
    try:
        plugin.kiosk_configure({"online": {"url": server.url, "user_agent": "Kiosk-Test/2.0",
                                           "cache_dir": str(tmp_path / "cache")}}, settings)
        kiosk.go("map")
        view = screen(kiosk).map
        assert view.online is tiles.online()
        assert tiles.online().wait(30)
        kiosk.frames(3)
        shot = Image.open(kiosk.screenshot(tmp_path / "online.png")).convert("RGB")
        x, y = window_center(view)
        assert shot.getpixel((int(x) + 200, int(1920 - y) + 300)) == (220, 20, 20)
        assert {agent for _path, agent in server.requests} == {"Kiosk-Test/2.0"}
    finally:
        plugin.kiosk_configure({}, settings)
        server.close()
    kiosk.go("home")
    kiosk.go("map")
    assert screen(kiosk).map.online is None
    shot = Image.open(kiosk.screenshot(tmp_path / "offline.png")).convert("RGB")
    assert shot.getpixel((int(x) + 200, int(1920 - y) + 300)) != (220, 20, 20)


def _lose_pages(path: Path) -> None:
    """Zero every seventh page of the last two thirds of an SQLite file, as a failing card or an
    interrupted copy leaves one: its metadata still reads, some of its tiles do not."""
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    pages = len(data) // page
    for number in range(pages // 3, pages - 2, 7):
        data[number * page:(number + 1) * page] = bytes(page)
    path.write_bytes(bytes(data))


def test_a_tiles_file_with_pages_lost_is_reported_by_the_check(tmp_path):
    from packs import load_pack

    copy = tmp_path / "leipziger-osten"
    shutil.copytree(PACK, copy)
    _lose_pages(copy / "map" / "district.mbtiles")
    pack, report = load_pack(copy)
    assert pack is None
    assert [(p.loc.line, p.message) for p in report.errors] == [(
        300, "map.tiles: 'map/district.mbtiles' is damaged (database disk image is malformed): copy it again, "
             "or make it again (tools/build_basemap.py makes the project's own)")]


def test_a_tiles_file_damaged_after_its_check_loses_tiles_not_the_map(tmp_path, caplog):
    """What the file cannot give is left blank and said once; what it can is still drawn."""
    tiles = plugin_module("tiles")
    path = tmp_path / "district.mbtiles"
    shutil.copy(MBTILES, path)
    db = sqlite3.connect(f"{MBTILES.as_uri()}?mode=ro", uri=True)
    addresses = [(z, x, (2 ** z - 1) - row) for z, x, row in db.execute("SELECT zoom_level, tile_column, tile_row FROM tiles")]
    db.close()
    _lose_pages(path)
    source = tiles.MBTiles(path)
    with caplog.at_level("WARNING", logger="kiosk.map"):
        found = [source.tile(*address) for address in addresses]
    source.close()
    assert 0 < sum(t is not None for t in found) < len(addresses)
    assert [r.getMessage() for r in caplog.records] == [
        f"the map's tiles file {path} is damaged (database disk image is malformed): the tiles it cannot give are "
        "left blank; kiosk check says more"]
