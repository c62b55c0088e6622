"""A label whose texts come back (`KLabel.keeps`: a list's rows, a button's word) and shows what
such a label drew before, exactly so, takes the texture drawn then (kiosk/uix.py, `_drawn`)."""

from __future__ import annotations

import pytest


@pytest.fixture
def stage(kiosk):
    """A box on the current screen to put labels in; emptied afterwards."""
    from kivy.uix.boxlayout import BoxLayout

    kiosk.go("offers/counselling")
    kiosk.frames(3)
    body = kiosk.app.current_screen().ids.list.parent
    box = BoxLayout(orientation="vertical", size_hint_y=None, height=300)
    body.add_widget(box)
    yield box
    body.remove_widget(box)


def label(box, text, **props):
    from kiosk.uix import KLabel

    made = KLabel(text=text, **{"keeps": True, **props})
    box.add_widget(made)
    return made


def drawn_by(made) -> list:
    """Record each time `made` draws its text itself (its core label's refresh)."""
    core, calls = made._label, []
    refresh = core.refresh
    core.refresh = lambda: (calls.append(core.text), refresh())[1]
    return calls


def test_the_same_text_drawn_the_same_way_is_drawn_once(kiosk, stage):
    first = label(stage, "Beratung für Familien, kept")
    kiosk.frames(3)
    second = label(stage, "Beratung für Familien, kept")
    calls = drawn_by(second)
    kiosk.frames(3)
    assert calls == []
    assert second.texture is first.texture and second.texture_size == first.texture_size
    third = label(stage, "Beratung für Familien, kept", bold=True)  # drawn otherwise: drawn anew
    calls = drawn_by(third)
    kiosk.frames(3)
    assert calls == ["Beratung für Familien, kept"] and third.texture is not first.texture


def test_a_label_that_does_not_keep_draws_its_own(kiosk, stage):
    first = label(stage, "Ein Absatz, einmal gezeigt")
    kiosk.frames(3)
    other = label(stage, "Ein Absatz, einmal gezeigt", keeps=False)  # an offer's description
    calls = drawn_by(other)
    kiosk.frames(3)
    assert calls == ["Ein Absatz, einmal gezeigt"] and other.texture is not first.texture
    again = label(stage, "Ein Absatz, einmal gezeigt")  # and what it drew is not kept
    kiosk.frames(3)
    assert again.texture is first.texture


def test_a_lists_rows_and_the_buttons_keep_what_they_drew(kiosk):
    from kiosk.uix import KLabel

    kiosk.go("offers/counselling")
    kiosk.frames(3)
    screen = kiosk.app.current_screen()
    rows = [w for w in screen.ids.list.walk() if isinstance(w, KLabel) and w.text]
    buttons = [w for w in screen.ids.filter_button.walk() if isinstance(w, KLabel) and w.text]
    assert rows and buttons and all(w.keeps for w in rows + buttons)


def test_a_kept_texture_keeps_its_text_when_its_label_shows_another(kiosk, stage, monkeypatch):
    from kiosk import uix

    first = label(stage, "Vorher")
    kiosk.frames(3)
    first.text = "Erste Zeile, dann andere"
    first.texture_update()  # kept before the frame draws it ...
    first.text = "Eine ganz andere Zeile"  # ... and the label shows another text at once
    kiosk.frames(3)
    again = label(stage, "Erste Zeile, dann andere")
    kiosk.frames(3)
    kept = again.texture
    monkeypatch.setattr(uix, "_DRAWN_ONE_MAX", 0)  # nothing kept: drawn from scratch
    fresh = label(stage, "Erste Zeile, dann andere ")
    fresh.text = "Erste Zeile, dann andere"
    kiosk.frames(3)
    assert fresh.texture is not kept
    assert kept.pixels == fresh.texture.pixels
    assert first.texture is not kept


def test_what_is_kept_stays_within_its_budget(kiosk, stage, monkeypatch):
    from kiosk import uix

    monkeypatch.setattr(uix, "_DRAWN_MAX", 200_000)
    for index in range(12):
        label(stage, f"Zeile {index} mit etwas Text", font_size="24sp")
        kiosk.frames(2)
    assert 0 < uix._drawn_px <= 200_000
    assert uix._drawn_px == sum(t.width * t.height for t, _ in uix._drawn.values())
    kept = [key[0] for key in uix._drawn]
    assert "Zeile 11 mit etwas Text" in kept and "Zeile 0 mit etwas Text" not in kept  # the oldest went


def test_what_is_kept_stays_within_its_count(kiosk, stage, monkeypatch):
    from kiosk import uix

    monkeypatch.setattr(uix, "_DRAWN_COUNT", 5)
    for index in range(9):
        label(stage, f"Knapp {index}", font_size="20sp")
        kiosk.frames(2)
    kept = [key[0] for key in uix._drawn]
    assert len(kept) == 5 and kept[-1] == "Knapp 8" and "Knapp 3" not in kept


def test_a_new_opengl_context_draws_every_label_again(kiosk, stage):
    from kiosk import uix

    shown = label(stage, "Nach dem Neustart des Fensters")
    kiosk.frames(3)
    assert shown in uix._sharing
    calls = drawn_by(shown)
    uix._context_lost(shown.texture)
    assert uix._drawn_px == 0 and not uix._drawn
    kiosk.frames(3)
    assert calls == ["Nach dem Neustart des Fensters"]
