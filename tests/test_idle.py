"""The visitor leaves: "still there?", the reset, the attract loop, and back on a touch."""

from __future__ import annotations

from kiosk.overlays import StillThere


def middle(kiosk):
    from kivy.core.window import Window

    return Window.width / 2, Window.height / 2


def notices(kiosk):
    return [w for w in kiosk.app.overlays() if isinstance(w, StillThere)]


def test_nothing_happens_before_the_warning(kiosk):
    kiosk.advance(79)
    assert kiosk.app.route == "home"
    assert notices(kiosk) == []


def test_still_there_counts_down_in_the_last_ten_seconds(kiosk):
    kiosk.go("offers/counselling")
    kiosk.advance(81)
    assert len(notices(kiosk)) == 1
    assert "Sind Sie noch da?" in kiosk.texts()
    assert "9" in kiosk.texts()
    kiosk.advance(5)
    assert "4" in kiosk.texts()
    assert kiosk.app.route == "offers/counselling"


def test_a_touch_dismisses_the_notice_and_taps_nothing_underneath(kiosk):
    app = kiosk.app
    kiosk.go("offers/counselling")
    kiosk.advance(85)
    assert notices(kiosk)
    row = next(w for w in kiosk.find() if type(w).__name__ == "OfferRow")
    kiosk.tap(row)  # lands on the notice: the row under it must not open
    assert notices(kiosk) == []
    assert app.route == "offers/counselling"
    kiosk.advance(75)  # the timer started again from that touch
    assert app.route == "offers/counselling" and notices(kiosk) == []


def test_idle_resets_everything_and_shows_the_attract_loop(kiosk):
    app = kiosk.app
    # a visit: Arabic, a filtered and scrolled list, then a detail page
    app.set_language("ar")
    kiosk.go("offers/counselling")
    screen = app.current_screen()
    kiosk.tap(screen.ids.filter_button)
    assert screen.only_mine
    screen.ids.list.scroll_y = 0
    offer_id = sorted(app.pack.items("offers"))[0]
    kiosk.go(f"offer/{offer_id}")
    kiosk.advance(91)
    assert app.route == "attract"
    assert app.lang == "de" and not app.rtl
    assert app.history == [] and not app.can_go_back
    assert notices(kiosk) == []
    assert app.chrome is False  # no header over the loop
    # the values and the call to touch are on screen, in one language
    attract = app.current_screen()
    assert attract.value in kiosk.texts()
    assert app.catalog.t("attract.touch_to_start", attract.value_lang) in kiosk.texts()
    # a touch starts the next visit at home, in German, with nothing of the last one left
    kiosk.tap_at(*middle(kiosk))
    assert app.route == "home" and app.chrome is True
    kiosk.go("offers/counselling")
    screen = app.current_screen()
    assert screen.ids.list.scroll_y == 1
    assert screen.only_mine is False


def test_the_loop_walks_through_every_value_in_every_language(kiosk):
    app = kiosk.app
    kiosk.go("attract")
    attract = app.current_screen()
    slides = attract.slides()
    values = len(app.pack.values)
    languages = len(app.offered_languages)
    assert len(slides) == values * languages
    assert len(set(slides)) == values * languages  # every value in every language, once
    seen = set()
    kiosk.advance(1)  # look between two slide changes (every 6 s, after a short fade)
    for _ in range(languages + 1):
        seen.add((attract.value, attract.value_lang))
        kiosk.advance(6)
    assert len(seen) == languages + 1
    assert {lang for _, lang in seen} == set(app.offered_languages)


def test_a_finger_that_stays_down_holds_the_timer(kiosk):
    app = kiosk.app
    kiosk.go("offers/counselling")
    band = kiosk.app.root.ids.title_band  # a finger resting on the title, not on an offer
    touch = kiosk.hold(*band.to_window(*band.center), seconds=200)
    assert app.route == "offers/counselling" and notices(kiosk) == []
    kiosk.touch_up(touch)
    kiosk.frames(2)
    kiosk.advance(79)
    assert app.route == "offers/counselling"
    kiosk.advance(12)
    assert app.route == "attract"


def test_every_touch_restarts_the_timer(kiosk):
    app = kiosk.app
    kiosk.go("offers/counselling")
    for _ in range(4):
        kiosk.advance(60)
        kiosk.swipe(*middle(kiosk), 0, -200)
    assert app.route == "offers/counselling"


def test_a_list_still_flinging_stops_at_the_top_after_the_reset(kiosk):
    app = kiosk.app
    kiosk.resize(1920, 1080)  # all offers in landscape: a list taller than the screen
    kiosk.go("offers")
    view = app.current_screen().ids.list
    x, y = view.to_window(*view.center)
    touch = kiosk.touch_down(x, y - 300)
    for step in range(1, 4):  # a fast flick upwards, lifted while moving
        kiosk.frames(1)
        kiosk.touch_move(touch, x, y - 300 + 200 * step)
    kiosk.touch_up(touch)
    kiosk.frames(2)
    assert view.scroll_y < 1 and abs(view.effect_y.velocity) > 0  # still moving
    app.reset_session()
    kiosk.frames(30)
    kiosk.go("offers")
    assert view.scroll_y == 1


def test_taps_made_while_a_hook_held_the_screen_are_not_replayed(kiosk):
    from kiosk.uix import Tile

    app = kiosk.app
    tiles = {t.route: t for t in kiosk.find(Tile)}
    first = tiles["documents"]
    back = app.root.ids.back_button
    where = back.to_window(*back.center)  # on the documents screen, this spot goes back home

    def sleeping_hook(*_):
        kiosk.time.value += 3  # a plugin's hook holds the main thread for 3 s of the kiosk's clock

    first.bind(on_release=sleeping_hook)
    touch = kiosk.touch_down(*first.to_window(*first.center))
    kiosk.frames(1)
    kiosk.touch_up(touch)
    # nothing seemed to happen, so the visitor tapped again: the tap waited for the held thread
    again = kiosk.touch_down(*where)
    kiosk.touch_up(again)
    kiosk.frames(20)
    assert app.route == "documents"  # the second tap was not replayed onto that screen's back button
    kiosk.go("home")
    kiosk.tap(tile_for(kiosk, "map"))  # later taps count again
    assert app.route == "map"


def tile_for(kiosk, route):
    from kiosk.uix import Tile

    return next(t for t in kiosk.find(Tile) if t.route == route)
