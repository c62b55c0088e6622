"""The real app, tapped like a finger would: home -> category -> offer -> back; languages; routes."""

from __future__ import annotations

import pytest

from kiosk.languages import is_rtl
from kiosk.uix import KButton, Tile


def tile(harness, route):
    tiles = [t for t in harness.find(Tile) if t.route == route]
    assert tiles, f"no tile for {route}; tiles: {[t.route for t in harness.find(Tile)]}"
    return tiles[0]


def test_home_shows_a_tile_per_category_with_current_offers(kiosk):
    routes = [t.route for t in kiosk.find(Tile)]
    assert routes[:5] == ["offers/counselling", "offers/german", "offers/homework", "offers/community", "offers/info"]
    assert "documents" in routes and "hello" in routes
    assert "events" not in routes  # the pack has no upcoming event: no tile that leads to nothing
    counselling = tile(kiosk, "offers/counselling")
    assert counselling.title == "Beratung"
    # 7 current counselling offers (9 in the pack): the two ended projects are history, not current
    assert counselling.count == "7"


def test_tap_through_category_to_offer_and_back(kiosk):
    app = kiosk.app
    kiosk.tap(tile(kiosk, "offers/counselling"))
    assert app.route == "offers/counselling"
    assert app.header_title == "Beratung"
    titles = [row["title"] for row in app.current_screen().ids.list.data]
    assert "Hilfe im Alltag" in titles
    assert "Integrationsprojekt Dialog" not in " ".join(titles)  # ended in 2007
    kiosk.frames(3)
    row = next(w for w in app.current_screen().ids.list.walk() if getattr(w, "title", "") == "Hilfe im Alltag")
    kiosk.tap(row)
    assert app.route == "offer/dialog-alltag"
    texts = kiosk.texts()
    assert "Hilfe im Alltag" in texts
    assert any(t.startswith("Konradstraße 64") for t in texts)
    assert any("Kurdî" in t for t in texts)
    kiosk.tap(app.root.ids.back_button)
    assert app.route == "offers/counselling"
    kiosk.tap(app.root.ids.home_button)
    assert app.route == "home"
    assert not app.can_go_back


def test_back_from_an_offer_finds_the_list_as_it_was_left(kiosk, monkeypatch):
    import sys

    from kiosk.runtime import load_content

    app = kiosk.app
    kiosk.tap(tile(kiosk, "offers/counselling"))
    screen = app.current_screen()
    module = sys.modules[type(screen).__module__]
    built = []
    real = module.current_offers
    monkeypatch.setattr(module, "current_offers", lambda *a, **k: built.append(a[2]) or real(*a, **k))
    kiosk.frames(3)
    row = next(w for w in screen.ids.list.walk() if getattr(w, "title", "") == "Hilfe im Alltag")
    kiosk.tap(row)
    kiosk.tap(app.root.ids.back_button)
    assert app.route == "offers/counselling"
    assert built == []  # not built again: the same rows, where they were
    app.set_language("en")
    kiosk.frames(2)
    assert built == ["counselling"] and "Help with everyday life" in [r["title"] for r in screen.ids.list.data]
    app.set_pack(load_content(app.settings, app.host))  # new content on disk, the same route
    kiosk.frames(2)
    assert app.route == "offers/counselling" and built == ["counselling", "counselling"]


def test_a_category_opened_again_shows_its_list_as_it_was_left(kiosk, monkeypatch):
    import sys

    from kiosk.runtime import load_content
    from kiosk.uix import KLabel

    app = kiosk.app
    kiosk.tap(tile(kiosk, "offers/counselling"))
    screen = app.current_screen()
    counselling = screen.ids.list
    kiosk.frames(3)
    kiosk.swipe(540, 900, 0, 500, steps=6)  # down the list a little
    kiosk.advance(5)  # the fling has come to rest
    kiosk.tap(app.root.ids.home_button)
    scrolled = counselling.scroll_y
    assert scrolled < 0.5
    kiosk.tap(tile(kiosk, "offers/german"))
    german = screen.ids.list
    assert german is not counselling and counselling.parent is None  # one list on the screen
    assert {r["title"] for r in german.data}.isdisjoint(r["title"] for r in counselling.data)
    kiosk.frames(3)
    module = sys.modules[type(screen).__module__]
    built = []
    real = module.current_offers
    monkeypatch.setattr(module, "current_offers", lambda *a, **k: built.append(a[2]) or real(*a, **k))
    labels = [w for w in counselling.walk() if isinstance(w, KLabel) and w.text]
    before = {id(w): (w.text, w.texture) for w in labels}
    kiosk.tap(app.root.ids.home_button)
    kiosk.tap(tile(kiosk, "offers/counselling"))
    assert screen.ids.list is counselling and counselling.scroll_y == pytest.approx(scrolled)
    assert app.header_title == "Beratung" and built == []  # its rows as they were, not listed again
    kiosk.frames(3)
    assert {id(w): (w.text, w.texture) for w in labels} == before  # and not drawn again
    texts = kiosk.texts()
    assert counselling.data[0]["title"] not in texts or scrolled == 1  # where it was scrolled to
    app.reset_session()  # the next visitor: every list from its top
    kiosk.frames(2)
    kiosk.tap(tile(kiosk, "offers/counselling"))
    kiosk.frames(2)
    assert screen.ids.list is counselling and counselling.scroll_y == 1
    app.set_pack(load_content(app.settings, app.host))  # new content: the other lists go
    kiosk.frames(2)
    assert list(screen._lists.values()) == [counselling] and all(w.discarded for w in german.walk() if isinstance(w, KLabel))


def test_a_list_opened_again_hours_later_says_what_is_open_then(kiosk, monkeypatch):
    import datetime as dt
    import sys

    app = kiosk.app
    kiosk.tap(tile(kiosk, "offers/community"))
    screen = app.current_screen()
    kiosk.frames(3)

    def said():
        return {w.offer_id: w.status for w in screen.ids.list.walk() if getattr(w, "offer_id", "")}

    morning = said()
    kiosk.tap(app.root.ids.home_button)
    app.clock.moment += dt.timedelta(hours=2)  # Tuesday, 11:00: the toddlers' group has opened
    module = sys.modules[type(screen).__module__]
    built = []
    real = module.current_offers
    monkeypatch.setattr(module, "current_offers", lambda *a, **k: built.append(a[2]) or real(*a, **k))
    kiosk.tap(tile(kiosk, "offers/community"))
    kiosk.frames(3)
    evening = said()
    assert built == [] and evening.keys() == morning.keys()  # the same rows, not listed again
    assert morning["kifaz-krabbelgruppe"] == "Öffnet heute um 10:00 Uhr"
    assert evening["kifaz-krabbelgruppe"] == "Jetzt geöffnet, bis 12:00 Uhr"
    screen.ids.list.shown = None  # filled anew, as a list never shown before
    screen.show(category="community")
    kiosk.frames(3)
    assert said() == evening


def test_a_row_kept_out_of_view_says_what_is_open_when_it_comes_back_hours_later(kiosk):
    """A row scrolled out of view is kept by the list for its place and shown again as it was
    (Kivy's dirty views): minutes later it must say what is open then, too."""
    import datetime as dt

    from kivy.metrics import dp

    app = kiosk.app
    kiosk.tap(tile(kiosk, "offers/community"))
    screen = app.current_screen()
    listing = screen.ids.list  # the list shown (set by the screen, not a kv proxy)
    kiosk.frames(3)
    ids = [row["offer_id"] for row in listing.data]
    toddlers = ids.index("kifaz-krabbelgruppe")
    listing.room = dp(120)  # room for about one row: the others go out of view ...
    kiosk.frames(2)
    listing.scroll_y = 0 if toddlers < len(ids) / 2 else 1  # ... the toddlers' group among them
    kiosk.frames(3)
    shown = {w.offer_id for w in listing.walk() if getattr(w, "offer_id", "")}
    kept = {i for views in listing.view_adapter.dirty_views.values() for i in views}
    assert "kifaz-krabbelgruppe" not in shown and toddlers in kept
    kiosk.tap(app.root.ids.home_button)
    app.clock.moment += dt.timedelta(hours=2)  # Tuesday, 11:00: the toddlers' group has opened
    kiosk.tap(tile(kiosk, "offers/community"))  # the list gets its room back: every row in view
    kiosk.frames(3)
    said = {w.offer_id: w.status for w in listing.walk() if getattr(w, "offer_id", "")}
    assert screen.ids.list is listing and said["kifaz-krabbelgruppe"] == "Jetzt geöffnet, bis 12:00 Uhr"


def test_filter_in_my_language_and_kind_empty_result(kiosk):
    app = kiosk.app
    kiosk.go("offers/info")
    screen = app.current_screen()
    assert len(screen.ids.list.data) == 1
    app.set_language("ar")
    kiosk.frames(2)
    kiosk.tap(screen.ids.filter_button)
    assert screen.only_mine
    assert screen.ids.list.data == []  # the city's pages are in German only
    assert screen.empty_text == app.t("offers.empty_filtered")
    kiosk.tap(screen.ids.show_all)
    assert not screen.only_mine
    assert len(screen.ids.list.data) == 1


def test_unknown_route_and_unknown_id_go_home(kiosk, caplog):
    app = kiosk.app
    assert not kiosk.go("offer/no-such-offer")
    assert app.route == "home"
    assert not kiosk.go("nowhere/at/all")
    assert app.route == "home"
    assert "no current offer 'no-such-offer'" in caplog.text
    assert "unknown route 'nowhere/at/all'" in caplog.text


def test_language_switch_applies_to_the_whole_screen_and_mirrors_it(kiosk):
    app = kiosk.app
    kiosk.go("offer/dialog-alltag")
    kiosk.tap(app.root.ids.language_button)
    assert app.route == "languages"
    arabic = next(b for b in kiosk.find() if getattr(b, "code", None) == "ar")
    kiosk.tap(arabic)
    assert app.lang == "ar" and app.rtl
    assert app.route == "offer/dialog-alltag"  # the visitor stays where they were
    header = app.root.ids
    assert header.home_button.x > header.back_button.x > header.language_button.x  # mirrored
    assert header.home_button.children[0].children[0].text == "البداية"
    title = app.current_screen().ids.facts.children[-1]
    assert title.base_direction == "rtl" and title.halign == "right"


def test_failed_plugins_leave_the_kiosk_running(kiosk):
    host = kiosk.app.host
    assert host.plugins["broken_import"].state == "failed"
    assert "ImportError: this fixture plugin is broken on purpose" in host.plugins["broken_import"].error
    assert host.plugins["raising_hook"].state == "failed"
    assert "kiosk_home_tiles raised RuntimeError" in host.plugins["raising_hook"].error
    assert kiosk.go("offers/counselling")  # everything else still works
    kiosk.tap(kiosk.app.root.ids.home_button)
    assert tile(kiosk, "hello").title == "Hallo"


def test_third_party_plugin_serves_its_route_with_its_strings(kiosk):
    kiosk.tap(tile(kiosk, "hello"))
    assert kiosk.app.route == "hello"
    assert "Hallo aus einem fremden Plugin" in kiosk.texts()


def test_a_button_is_a_big_enough_touch_target(kiosk):
    for button in kiosk.find(KButton) + kiosk.find(Tile):
        if button.opacity > 0 and button.width > 0:
            assert button.height >= 88 and button.width >= 88, button


def test_reset_for_the_next_person(kiosk):
    app = kiosk.app
    kiosk.go("offers/info")
    screen = app.current_screen()
    app.set_language("tr")
    kiosk.tap(screen.ids.filter_button)
    kiosk.go("offer/dialog-alltag")
    app.reset_session()
    kiosk.frames(2)
    assert app.route == "home" and app.lang == "de" and not app.can_go_back
    assert not screen.only_mine


def test_each_language_renders_in_its_direction(kiosk):
    app = kiosk.app
    for code in app.offered_languages:
        app.set_language(code)
        kiosk.frames(2)
        from kiosk.uix import KLabel

        greeting = next(w for w in kiosk.find(KLabel) if w.text == app.t("shell.welcome"))
        expected = "rtl" if is_rtl(code) else "ltr"
        assert greeting.base_direction == expected, code
        assert greeting.halign == ("right" if expected == "rtl" else "left"), code


def test_without_bidi_support_right_to_left_languages_are_not_offered(kiosk):
    app = kiosk.app
    pack = app.pack
    try:
        app.rtl_supported = False
        app.set_pack(pack)
        assert "ar" not in app.offered_languages and "fa" not in app.offered_languages
        assert "de" in app.offered_languages
    finally:
        app.rtl_supported = True
        app.set_pack(pack)
    assert "ar" in app.offered_languages


def test_alignment_set_by_a_screen_survives_a_language_switch(kiosk):
    """Centred headings stay centred and end-aligned counts move to the other side in RTL."""
    from kiosk.uix import KLabel

    app = kiosk.app
    kiosk.go("languages")
    heading = next(w for w in kiosk.find(KLabel) if w.text == app.t("languages.choose"))
    for code in ("ar", "de", "fa", "en"):
        app.set_language(code)
        kiosk.frames(2)
        assert heading.halign == "center", code
    kiosk.go("home")
    count = tile(kiosk, "offers/counselling").children[-1].children[0]
    assert count.text == "7" and count.halign == "right"
    app.set_language("ar")
    kiosk.frames(2)
    assert count.halign == "left"
