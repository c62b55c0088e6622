"""A label that shows what a label drew before, exactly so, takes the texture drawn then
(kiosk/uix.py, `_drawn`): a list's rows when the category is opened again."""

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

    made = KLabel(text=text, **props)
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
