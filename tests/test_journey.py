"""The visitor's journey on a real stele: within reach, facts first, honest about age, every
language invited, no text cut to fragments, mixed scripts in order, the admin corner silent."""

from __future__ import annotations

import pytest

from kiosk.uix import FSI, PDI, KLabel, Tile, isolate

ROUTES = ["home", "offers/counselling", "offer/dialog-alltag", "documents", "document/wegweiser-willkommen", "languages"]
SIZES = [(1080, 1920), (1920, 1080)]


def top_in_window(widget) -> float:
    return widget.to_window(widget.x, widget.top)[1]


def visitor_controls(kiosk):
    """Every control a visitor can tap now: buttons, tiles, rows."""
    from kivy.uix.behaviors import ButtonBehavior

    from kiosk.screens import visible

    return [w for w in kiosk.find(ButtonBehavior) if visible(w) and not w.disabled and w.width > 0 and w.height > 0]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("route", ROUTES)
def test_navigation_and_main_actions_are_within_reach(kiosk, size, route):
    app = kiosk.app
    kiosk.resize(*size)
    app.history[:] = ["home"]
    kiosk.go(route)
    kiosk.frames(3)
    assert 0 < app.reach_top < size[1]  # a 55-inch stele at 80 cm: the top is out of reach
    ids = app.root.ids
    for button in (ids.home_button, ids.back_button, ids.language_button):
        assert top_in_window(button) <= app.reach_top, button
    screen = app.current_screen()
    actions = [screen.ids[name] for name in ("filter_button", "actions") if name in screen.ids]
    for widget in actions:
        for child in [widget, *widget.children] if widget.children else [widget]:
            assert top_in_window(child) <= app.reach_top, (route, child)


def test_the_reach_follows_the_stele_in_kiosk_yaml(kiosk, tmp_path):
    from kiosk.settings import load_settings

    app = kiosk.app
    path = tmp_path / "kiosk.yaml"
    path.write_text("screen:\n  stele:\n    diagonal_in: 24\n    bottom_cm: 75\n")  # a screen on a desk
    desk = load_settings(path)
    assert (desk.screen.diagonal_in, desk.screen.bottom_cm) == (24, 75)
    saved = app.settings
    try:
        app.settings = desk
        app._measure_reach(None, (1920, 1080))
        kiosk.frames(3)
        assert not app.nav_bottom  # all of it within reach: the navigation goes back to the top
        header = app.root.ids.header
        assert header.y > app.current_screen().top - 1
        assert app.root.ids.title_band.height == 0
    finally:
        app.settings = saved
        app._measure_reach(None, (1080, 1920))
        kiosk.frames(3)
    assert app.nav_bottom and app.root.ids.header.y == 0


def test_a_wrong_stele_names_file_line_and_key(tmp_path):
    from kiosk.errors import ConfigError
    from kiosk.settings import load_settings

    path = tmp_path / "kiosk.yaml"
    path.write_text("screen:\n  stele:\n    bottom_cm: high\n")
    with pytest.raises(ConfigError) as err:
        load_settings(path)
    assert f"{path}:3: screen.stele.bottom_cm must be a number" in str(err.value.problems[0])


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", ["ru", "uk", "vi", "fa"])
@pytest.mark.parametrize("count", [None, 3, 12])
def test_tiles_hold_their_icon_count_and_whole_title(kiosk, monkeypatch, size, lang, count):
    from kiosk.parts import Tile as TileSpec

    app = kiosk.app
    kiosk.resize(*size)
    app.set_language(lang)
    if count:
        real = app.home_tiles()
        many = [TileSpec(route=t.route, title=f"{t.title} {i}", subtitle=t.subtitle, icon=t.icon, color=t.color, count=i)
                for i, t in enumerate(real * 3)][:count]
        monkeypatch.setattr(app, "home_tiles", lambda: many)
    kiosk.go("home")
    kiosk.frames(4)
    tiles = kiosk.find(Tile)
    assert len(tiles) == (count or len(app.home_tiles()))
    for tile in tiles:
        assert tile.height >= tile.need - 1, tile.title
        title = tile.ids.title
        assert title.text == tile.title  # whole, never "…"
        for part in (tile.ids.top_row, title, tile.ids.subtitle):
            assert tile.y - 1 <= part.y and part.top <= tile.top + 1, (tile.title, part)
            assert tile.x - 1 <= part.x and part.right <= tile.right + 1


def test_no_tile_leads_to_nothing_and_one_tile_per_kind(kiosk, tmp_path):
    from kiosk.runtime import load_content
    from conftest import ROOT

    app = kiosk.app
    routes = [t.route for t in kiosk.find(Tile)]
    assert "events" not in routes  # no upcoming event in the pack: no tile showing "0"
    app.set_pack(load_content(app.settings.with_(pack=ROOT / "content" / "leipziger-westen"), app.host))
    kiosk.go("home")
    titles = [t.title for t in kiosk.find(Tile)]
    assert titles.count("Veranstaltungen") == 1
    for tile in kiosk.find(Tile):
        assert tile.count != "0"


def test_a_long_title_wraps_in_the_band_and_rows_end_at_a_word(kiosk):
    app = kiosk.app
    app.set_language("ru")
    kiosk.go("offers/homework")
    band = app.root.ids.band_title
    assert band.text == app.header_title  # the whole title, not "Помощь с д…"
    assert "…" not in band.text
    label = KLabel(text="Beratung bei Problemen im Alltag und bei der Suche nach Arbeit oder Wohnung",
                   font_size=30, lines=2, size_hint_x=None, width=300)
    app.current_screen().add_widget(label)
    try:
        kiosk.frames(3)
        shown = label.text
        assert shown.endswith("…") and shown != label.full_text
        assert label.full_text.startswith(shown[:-1]) and label.full_text[len(shown) - 1] == " "  # at a word boundary
        assert len(label._label._cached_lines) <= 2
    finally:
        app.current_screen().remove_widget(label)


def test_offer_detail_shows_the_facts_first_in_both_orientations(kiosk):
    app = kiosk.app
    for size in SIZES:
        kiosk.resize(*size)
        kiosk.go("offer/dialog-alltag")
        kiosk.frames(3)
        screen = app.current_screen()
        view = screen.ids.scroll
        bottom_of_view = view.to_window(view.x, view.y)[1]
        facts = screen.ids.facts
        texts = [w.text for w in facts.walk(restrict=True) if isinstance(w, KLabel)]
        assert "Hilfe im Alltag" in texts
        assert any(t.startswith("Konradstraße 64") for t in texts)
        assert any("Kurdî" in t for t in texts)
        assert "Bitte nach den Zeiten fragen" in texts  # the state, in words
        assert any("2007" in t for t in texts)  # the status note: this information is old
        for widget in facts.children:  # all of it on the first screen, unscrolled
            assert widget.to_window(widget.x, widget.y)[1] >= bottom_of_view - 1, widget
        codes = [w for w in screen.walk(restrict=True) if type(w).__name__ == "QRCodeView"]
        assert codes and all(c.caption for c in codes)  # each says what a phone gets
        if size[0] > size[1]:  # the codes stand beside the facts
            assert abs(top_in_window(codes[0].parent) - top_in_window(facts)) < 40
            assert codes[0].parent.x >= facts.right


def test_open_closed_appointment_and_unknown_differ_by_colour_icon_and_word(kiosk):
    from plugins.offers.screens import STATES

    icons = {icon for icon, _, _ in STATES.values()}
    grounds = {tuple(ground) for _, ground, _ in STATES.values()}
    assert len(icons) == len(grounds) == len(STATES) == 4
    app = kiosk.app
    kiosk.go("offers")
    rows = app.current_screen().ids.list.data
    states = {}
    for scroll_y in (1, 0.5, 0):  # the rows in view: each works out whether it is open
        app.current_screen().ids.list.scroll_y = scroll_y
        kiosk.frames(3)
        shown = [w for w in kiosk.find() if type(w).__name__ == "OfferRow"]  # a test before may reload plugins
        assert shown and all(row.status for row in shown)
        states.update((row.state_name, row.status) for row in shown)
    assert len(set(states.values())) == len(states) >= 2  # each state its own word too
    noted = [row for row in rows if row["offer_id"] == "dialog-alltag"]
    assert noted and "2007" in noted[0]["note"]  # the list row carries the status note


def test_lists_of_names_read_right_in_both_directions(kiosk):
    app = kiosk.app
    line = " · ".join(isolate(n) for n in ["Deutsch", "العربية", "English"])
    assert line == f"{FSI}Deutsch{PDI} · {FSI}العربية{PDI} · {FSI}English{PDI}"
    for lang, direction in (("de", "ltr"), ("ar", "rtl")):
        app.set_language(lang)
        kiosk.go("document/wegweiser-willkommen")
        facts = next(w for w in kiosk.find(KLabel) if FSI in w.text and "PDF" in w.text)
        assert facts.base_direction == direction  # the screen's direction, not the first letter's


@pytest.mark.parametrize("lang", ["ar", "fa"])
def test_one_digit_style_on_every_screen(kiosk, lang):
    app = kiosk.app
    app.set_language(lang)
    eastern = set("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹")
    from kiosk import dates

    for route in ("home", "offers/counselling", "offers", "offer/dialog-alltag", "document/wegweiser-willkommen"):
        assert kiosk.go(route), route
        kiosk.frames(2)
        texts = kiosk.texts()
        assert not eastern & set("".join(texts)), route
        drawn = [w._label.text for w in kiosk.find(KLabel) if w.text]  # what the texture shows
        assert not eastern & set("".join(drawn)), route
    assert dates.time(app.catalog, lang, 17 * 60) == app.catalog.t("shell.time", lang, hh="17", mm="00")
    assert not eastern & set(dates.time(app.catalog, lang, 17 * 60))  # the hours, in 0-9


def test_the_attract_loop_invites_every_language_and_starts_in_the_one_touched(kiosk):
    app = kiosk.app
    kiosk.go("attract")
    kiosk.frames(3)
    screen = app.current_screen()
    buttons = {b.code: b for b in screen.ids.languages.children}
    assert set(buttons) == set(app.offered_languages)  # all at once
    assert "Beratung" in screen.topics  # what the kiosk is for
    for button in buttons.values():
        assert top_in_window(button) <= app.reach_top
    kiosk.tap(buttons["fa"])
    assert app.route == "home" and app.lang == "fa" and app.rtl
    app.reset_session()
    kiosk.go("attract")
    kiosk.tap_at(app.root.width / 2, app.root.height * 0.6)  # anywhere else
    assert app.route == "home" and app.lang == "de"


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", ["de", "ar"])
def test_no_visitor_control_lies_in_the_admin_corner(kiosk, size, lang):
    from kivy.core.window import Window

    from kiosk.admin import AdminGesture

    app = kiosk.app
    kiosk.resize(*size)
    app.set_language(lang)
    corner = app.admin.gesture
    assert isinstance(corner, AdminGesture)
    for route in ROUTES + ["map"]:
        app.history[:] = ["home"]
        kiosk.go(route)
        kiosk.frames(2)
        for control in visitor_controls(kiosk):
            x, y = control.to_window(control.x, control.y)
            corners = [(x, y), (x + control.width, y + control.height), (x, y + control.height), (x + control.width, y)]
            inside = [c for c in corners if corner.in_corner(*c)]
            overlap = x <= 110 * (Window.width / Window.width) and control.to_window(control.x, control.top)[1] >= Window.height - 110
            assert not inside and not (overlap and x < 110 and y + control.height > Window.height - 110), (route, control)


def test_an_offer_without_a_place_has_no_address_no_place_code_and_no_pin(kiosk):
    app = kiosk.app
    offer = app.pack.items("offers")["stadt-leipzig-migranten"]  # the city's web pages
    assert offer.place == ""
    kinds = [c.kind for c in app.item_codes(offer)]
    assert kinds == ["url"] or ("geo" not in kinds and all("ADR" not in c.payload for c in app.item_codes(offer)))
    assert app.item_actions(offer) == []  # no "show on the map"
    kiosk.go("offer/stadt-leipzig-migranten")
    assert not any("Eisenbahnstraße" in t for t in kiosk.texts())
    assert app.current_screen().ids.actions.children == []


def test_a_name_left_in_latin_letters_keeps_its_full_stop_at_its_end(kiosk):
    """In Arabic the provider "FAIRbund e.V." stays a Latin name: laid out left to right (the full
    stop after "V", not before "F"), still aligned with the Arabic screen on the right."""
    from kiosk.languages import text_direction

    assert [text_direction(t, "ar") for t in ("FAIRbund e.V.", "12:00–14:00", "مركز FAIRbund")] == ["ltr", "rtl", "rtl"]
    assert [text_direction(t, "de") for t in ("العربية.", "Deutsch · العربية", "9–12")] == ["rtl", "ltr", "ltr"]
    app = kiosk.app
    app.set_language("ar")
    kiosk.go("offer/fairbund-erziehungsberatung")
    name = next(w for w in kiosk.find(KLabel) if "FAIRbund e.V." in w.text and not _RTL.search(w.text))
    assert name.base_direction == "ltr" and name.halign == "right"
    title = app.current_screen().ids.get("title") or next(w for w in kiosk.find(KLabel) if _RTL.search(w.text))
    assert title.base_direction == "rtl"


_RTL = __import__("re").compile("[\u0600-\u06ff]")
