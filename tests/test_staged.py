"""A tap is answered in its own frame by what a visitor reads first; the rest of the screen comes
in the frames after (`KioskScreen.later`), without moving what is already there. A screen filled
again for the same thing (a language switch) changes whole, at once."""

from __future__ import annotations

import logging

from kiosk.uix import KLabel


def texts(kiosk) -> set[str]:
    return set(kiosk.texts())


def codes(kiosk) -> list:
    return [w for w in kiosk.find() if type(w).__name__ == "QRCodeView"]


def tap_row(kiosk, title):
    """Lift a finger from the list row `title`; returns after the frame that answers."""
    app = kiosk.app
    kiosk.go("offer/kifaz-krabbelgruppe")  # the offer screen showed another offer last
    kiosk.go("offers/counselling")
    kiosk.frames(3)
    row = next(w for w in app.current_screen().ids.list.walk() if getattr(w, "title", "") == title)
    touch = kiosk.touch_down(*row.to_window(*row.center))
    kiosk.frames(1)
    kiosk.touch_up(touch)
    kiosk.frames(1)


def test_an_offer_answers_with_its_facts_then_fills_in_below_them(kiosk):
    app = kiosk.app
    tap_row(kiosk, "Hilfe im Alltag")
    screen = app.current_screen()
    assert app.route == "offer/dialog-alltag"
    first = texts(kiosk)
    assert {"Hilfe im Alltag", "Bitte nach den Zeiten fragen", "Konradstraße 64", "04315 Leipzig"} <= first
    assert not codes(kiosk) and "Anbieter" not in first  # the codes and the rest are still to come
    assert screen.building
    title = screen.ids.facts.children[-1]
    where = title.to_window(*title.pos)
    frames = 0
    while screen.building:
        kiosk.frames(1)
        frames += 1
    kiosk.frames(1)
    assert frames <= 3  # a frame for each step after the first
    assert len(codes(kiosk)) == 3 and all(c.texture is not None for c in codes(kiosk))
    assert "Anbieter" in texts(kiosk)
    assert title.to_window(*title.pos) == where  # what came after moved nothing above it


def test_a_language_switch_shows_the_offer_whole_in_its_first_frame(kiosk):
    app = kiosk.app
    kiosk.go("offer/dialog-alltag")
    kiosk.tap(app.root.ids.language_button)
    english = next(b for b in kiosk.find() if getattr(b, "code", None) == "en")
    touch = kiosk.touch_down(*english.to_window(*english.center))
    kiosk.frames(1)
    kiosk.touch_up(touch)
    kiosk.frames(1)
    assert app.route == "offer/dialog-alltag" and app.lang == "en"
    screen = app.current_screen()
    assert not screen.building
    shown = texts(kiosk)
    assert {"Help with everyday life", "Provider"} <= shown and len(codes(kiosk)) == 3
    assert not {"Hilfe im Alltag", "Anbieter"} & shown


def test_leaving_before_the_rest_came_drops_it(kiosk):
    app = kiosk.app
    tap_row(kiosk, "Hilfe im Alltag")
    offer = app.current_screen()
    assert offer.building
    kiosk.app.back()  # straight back, in the next frame
    assert app.route == "offers/counselling" and not offer.building
    body = [w for w in offer.ids.body.walk(restrict=True) if isinstance(w, KLabel)]
    kiosk.frames(3)
    assert [w for w in offer.ids.body.walk(restrict=True) if isinstance(w, KLabel)] == body  # nothing built for nobody


def test_rows_of_a_list_work_out_whether_they_are_open_as_they_come_into_view(kiosk):
    kiosk.go("offers")
    rows = kiosk.app.current_screen().ids.list.data
    waiting = [r for r in rows if "status_of" in r]  # not come into view yet
    done = [r for r in rows if "status" in r]
    assert done and waiting and len(done) + len(waiting) == len(rows)
    assert all(r["status"] and r["state_name"] for r in done)


def test_a_step_that_raises_switches_its_plugin_off_and_goes_home(kiosk, caplog):
    app = kiosk.app
    app.switch_plugin("raising_screen", True)
    try:
        kiosk.frames(2)
        assert app.navigate("brokenlater")
        assert app.route == "brokenlater"
        assert "Steht schon da" in texts(kiosk)  # shown: the step comes in the next frame
        with caplog.at_level(logging.ERROR, logger="kiosk.plugins"):
            kiosk.frames(2)
        info = app.host.plugins["raising_screen"]
        assert info.state == "failed" and "ValueError: a later step breaks on purpose" in info.error
        assert app.route == "home"
    finally:
        app.switch_plugin("raising_screen", False)


def bar(view) -> list:
    return [round(c, 3) for c in view._bar_color]


def test_the_scroll_bar_rests_while_a_screen_fills_in_and_lights_up_when_it_scrolls(kiosk):
    """Kivy lights the bar on every layout of what it scrolls and fades it for a second after,
    drawing every frame: here only scrolling lights it."""
    from kivy.uix.scrollview import ScrollView

    app = kiosk.app
    tap_row(kiosk, "Hilfe im Alltag")
    screen = app.current_screen()
    view = next(w for w in screen.walk(restrict=True) if isinstance(w, ScrollView))
    resting = [round(c, 3) for c in view.bar_inactive_color]
    while screen.building:
        kiosk.frames(1)
        assert bar(view) == resting
    kiosk.tap(app.root.ids.language_button)
    arabic = next(b for b in kiosk.find() if getattr(b, "code", None) == "ar")
    kiosk.tap(arabic)  # filled again, in Arabic, and laid out anew
    assert app.lang == "ar" and app.current_screen() is screen
    assert bar(view) == resting
    assert view.viewport_size[1] > view.height  # there is something to scroll
    x, y = view.to_window(*view.center)
    kiosk.swipe(x, y, 0, view.height / 3)  # a finger pushes the page up
    assert view.scroll_y < 1
    assert bar(view) == [round(c, 3) for c in view.bar_color]
    kiosk.advance(5, step=0.25)  # the page springs back from its end, stands still, and the bar fades
    assert bar(view) == resting
    kiosk.tap(app.root.ids.language_button)
    german = next(b for b in kiosk.find() if getattr(b, "code", None) == "de")
    kiosk.tap(german)  # laid out anew once more, after a visitor had scrolled
    assert app.lang == "de" and list(view._bar_color) == list(view.bar_inactive_color)


def test_an_offer_after_another_fills_the_same_widgets_and_shows_only_its_own(kiosk):
    """The offer screen keeps its widgets from one offer to the next (`KioskScreen.kept`): what
    the last offer had and this one has not is gone, and what was taken off while the language
    changed is drawn in the new direction when it comes back."""
    app = kiosk.app
    now = app.now()
    current = [o for o in app.pack.items("offers").values() if o.is_current(now)]
    noted = next(o for o in current if o.status_note)
    plain = next(o for o in current if not o.status_note and o.id != "dialog-alltag")
    kiosk.go(f"offer/{noted.id}")
    screen = app.current_screen()
    title = screen.ids.facts.children[-1]
    note = next(w for w in screen.ids.facts.children if type(w).__name__ == "NoteMarker")
    assert app.text(noted.status_note)[0] in kiosk.texts()
    kiosk.go(f"offer/{plain.id}")
    assert screen.ids.facts.children[-1] is title and title.text == app.text(plain.title)[0]
    assert note.parent is None
    shown = set(kiosk.texts())
    assert app.text(plain.title)[0] in shown and app.text(noted.status_note)[0] not in shown


def facts(kiosk) -> list:
    return [w for w in kiosk.app.current_screen().ids.facts.children if type(w).__name__ == "Fact"]


def test_a_kept_label_taken_off_while_the_language_changed_comes_back_in_the_new_direction(kiosk):
    app = kiosk.app
    now = app.now()
    counted = {}
    for offer in [o for o in app.pack.items("offers").values() if o.is_current(now)][:8]:
        kiosk.go(f"offer/{offer.id}")
        counted[offer.id] = facts(kiosk)
    most = max(counted, key=lambda i: len(counted[i]))
    fewer = next(i for i in counted if len(counted[i]) < len(counted[most]))
    kiosk.go(f"offer/{most}")
    last = facts(kiosk)[0]  # the last fact (an address line, a phone number: the same in every language)
    text = last.text
    kiosk.go(f"offer/{fewer}")
    assert last.parent is None  # taken off: this offer has fewer facts
    kiosk.go("home")
    app.set_language("ar")
    kiosk.frames(2)  # every label of the kiosk is laid out again, but for those taken off
    kiosk.go(f"offer/{most}")
    assert facts(kiosk)[0] is last and last.text == text
    kiosk.frames(2)
    label = last.ids.value
    assert label.halign == "right" and ink_side(label) == "right"  # drawn for Arabic, flush right


def ink_side(label) -> str:
    """Where the text stands in the label's texture: its inked columns nearer the left or the right."""
    texture = label.texture
    width, pixels = texture.width, texture.pixels  # RGBA rows
    columns = [x for x in range(width) if any(pixels[(y * width + x) * 4 + 3] for y in range(0, texture.height, 2))]
    return "left" if columns[0] < width - 1 - columns[-1] else "right"


def test_scrolling_leaves_no_binding_behind(kiosk):
    """Kivy's ScrollView binds its bar's colour again on every update while the bar is lit and
    unbinds it once: every scroll step left a binding behind, for as long as the kiosk ran."""
    import gc

    from kivy.uix.scrollview import ScrollView

    app = kiosk.app
    kiosk.go("offer/dialog-alltag")
    view = next(w for w in app.current_screen().walk(restrict=True) if isinstance(w, ScrollView))

    def bindings() -> int:
        gc.collect()
        return sum(1 for o in gc.get_objects()
                   if type(o).__name__ == "method" and o.__self__ is view and o.__func__.__name__ == "_change_bar_color")

    before = bindings()
    x, y = view.to_window(*view.center)
    for _ in range(3):
        kiosk.swipe(x, y, 0, view.height / 4)
        kiosk.swipe(x, y, 0, -view.height / 4)
    kiosk.advance(5, step=0.25)
    assert bindings() == before


def test_a_list_shown_again_the_next_day_shows_that_days_offers(kiosk):
    """The offer list keeps what its rows say for the day (a tile's tap looks nothing up
    again): the next day it is worked out anew, and an offer that ended is gone."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    app = kiosk.app
    berlin = ZoneInfo("Europe/Berlin")

    def listed():
        kiosk.go("home")
        kiosk.go("offers/counselling")
        return {row["offer_id"] for row in app.current_screen().ids.list.data}

    app.clock.moment = dt.datetime(2013, 7, 31, 17, 0, tzinfo=berlin)  # the project's last day
    assert "koordination-integration" in listed()
    app.clock.moment = dt.datetime(2013, 7, 31, 18, 0, tzinfo=berlin)
    assert "koordination-integration" in listed()
    app.clock.moment = dt.datetime(2013, 8, 1, 9, 0, tzinfo=berlin)
    assert "koordination-integration" not in listed()
