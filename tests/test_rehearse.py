"""While the language screen shows, the kiosk measures the screen below in the other languages,
in settled frames, so the switch finds its texts measured (kiosk/rehearse.py, kiosk/heap.py)."""

from __future__ import annotations

import pytest

OFFER = "offer/dialog-alltag"


def forget_measurements() -> None:
    """Every text measured so far forgotten: what a switch measures is then all it needs."""
    from kiosk import boot, uix

    for cache in (boot._extents, boot._lefts, boot._guesses, uix._line_counts):
        cache.clear()


def language_button(kiosk, code):
    return next(w for w in kiosk.find() if getattr(w, "code", None) == code and hasattr(w, "native"))


def measured_by(kiosk, act) -> int:
    """Texts measured by `act()` and the frames after it; the icons' glyphs not counted (a tile
    made anew measures its icon again here, where every measurement was forgotten)."""
    from kiosk import boot

    before = set(boot._extents)
    act()
    kiosk.frames(5)
    return sum(1 for key in boot._extents.keys() - before if "Icons" not in key[0])


# A list sorts its rows by their titles in the new language: other rows come into view, which the
# rehearsal did not see; a third of the list's texts are still measured then.
@pytest.mark.parametrize("route, share", [(OFFER, 20), ("home", 20), ("offers/counselling", 3)])
def test_a_switch_from_the_language_screen_finds_the_texts_measured(kiosk, route, share):
    app = kiosk.app
    kiosk.go(route)
    kiosk.frames(5)
    # the switch as it costs without the rehearsal: straight from the offer, nothing measured
    forget_measurements()
    unrehearsed = measured_by(kiosk, lambda: app.set_language("fa"))
    app.set_language("de")
    kiosk.frames(5)

    forget_measurements()
    kiosk.tap(app.root.ids.language_button)
    assert app.route == "languages"
    kiosk.until(lambda: app.heap.errands == 0, limit=300)
    switched = measured_by(kiosk, lambda: kiosk.tap(language_button(kiosk, "fa")))
    assert app.route == route and app.lang == "fa"
    if route == OFFER:
        title = app.pack.items("offers")["dialog-alltag"].title.pick("fa", ("de",))[0]
        assert title in kiosk.texts()
    assert unrehearsed > 20
    assert switched <= unrehearsed // share, (switched, unrehearsed)


def test_leaving_the_language_screen_stops_the_rehearsal(kiosk):
    from kiosk import boot

    app = kiosk.app
    kiosk.go(OFFER)
    kiosk.frames(5)
    kiosk.go("languages")
    assert app.heap.errands == 1
    app.back()  # before a settled frame came: nothing measured yet
    kiosk.frames(1)
    before = boot.measured
    kiosk.frames(10)
    assert app.heap.errands == 0
    assert boot.measured == before
    assert app.route == OFFER


def test_said_says_a_text_again_in_another_language(kiosk):
    app = kiosk.app
    offer = app.pack.items("offers")["dialog-alltag"]
    shown, _ = app.text(offer.title)
    assert app.said.again(shown, "ar", ("de", "en")) == offer.title.pick("ar", ("de", "en"))
    heading = app.t("offers.contact")
    assert app.said.again(heading, "ar", ("de", "en")) == (app.t_in("ar", "offers.contact"), "")
    monday = app.weekday_name(0)
    assert app.said.again(monday, "tr", ("de", "en"))[0] != monday
    assert app.said.again("Eisenbahnstraße 49", "ar", ("de", "en")) is None


def test_said_forgets_its_oldest_half_when_full():
    from kiosk.i18n import Catalog
    from kiosk.rehearse import SAID_MAX, Said

    said = Said(Catalog())
    for index in range(SAID_MAX):
        said.note(f"text {index}", ("weekday", 0))
    assert len(said) == SAID_MAX
    said.note("one more", ("weekday", 1))
    assert len(said) == SAID_MAX // 2 + 1
    assert said._how.get("text 0") is None and said._how.get(f"text {SAID_MAX - 1}") is not None
    said.note("one more", ("weekday", 2))  # noted once: the first way it came stays
    assert said._how["one more"] == ("weekday", 1)


@pytest.mark.parametrize("lang", ["ar", "tr"])
def test_rehearsing_leaves_the_screen_as_it_was(kiosk, lang):
    """Measuring ahead draws nothing and changes no label: what shows is the offer as before."""
    app = kiosk.app
    kiosk.go(OFFER)
    kiosk.frames(5)
    texts = kiosk.texts()
    kiosk.go("languages")
    kiosk.until(lambda: app.heap.errands == 0, limit=300)
    app.back()
    kiosk.frames(5)
    assert kiosk.texts() == texts
    app.set_language(lang)
    kiosk.frames(5)
    assert kiosk.texts() != texts


def test_a_new_pack_leaves_nothing_of_the_old_one_in_said(kiosk, settings):
    from kiosk.runtime import load_content

    app = kiosk.app
    kiosk.go(OFFER)
    kiosk.frames(3)
    old = app.pack
    assert any(how[0] == "text" for how in app.said._how.values())
    app.set_pack(load_content(settings, app.host))  # the same files, read again: a new pack
    kiosk.frames(3)
    old_texts = {id(o.title) for o in old.items("offers").values()}
    assert not any(how[0] == "text" and id(how[1]) in old_texts for how in app.said._how.values())
