"""Laying out a hostile text costs about what a normal one does: counted in raqm layouts (the
expensive step, about a millisecond each), not timed."""

from __future__ import annotations

import time

import pytest

NORMAL = "Beratung für Geflüchtete und Zugewanderte im Leipziger Osten"
HOSTILE = {
    "a 10,000-letter word": "x" * 10_000,
    "a 1,000-letter word in a title": "Beratung " + "y" * 1_000,
    "Zalgo": "Z" + "\u0336\u0334\u0335\u0337\u0338" * 2_000,
    "Zalgo words": " ".join(["Z" + "\u0336" * 30] * 20),
    "100,000 letters of words": "Wort " * 20_000,
}


def layout(text: str, width: int = 900):
    """Lay `text` out as a wrapped heading; (raqm layouts used, milliseconds, texture size)."""
    from kivy.core.text import Label

    from kiosk import boot

    best = None
    for _ in range(3):  # the fastest of three: the time is for the report, never asserted
        boot._extents.clear()
        boot._advances.clear()
        before = boot.measured
        label = Label(text=text, font_size=48, text_size=(width, None), font_name="KioskSans")
        start = time.perf_counter()
        label.refresh()
        run = boot.measured - before, (time.perf_counter() - start) * 1000, label.texture.size
        best = run if best is None or run[1] < best[1] else best
    return best


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_text_is_laid_out_at_the_cost_of_a_normal_one(harness, name):
    normal, normal_ms, _ = layout(NORMAL)
    hostile, hostile_ms, size = layout(HOSTILE[name])
    print(f"{name}: {hostile} raqm layouts, {hostile_ms:.1f} ms; normal title: {normal}, {normal_ms:.1f} ms")
    assert hostile <= max(3 * normal, 30)
    assert size[1] < 16_384  # a texture the GPU can hold


def test_tame_keeps_ordinary_text_as_it_is():
    from kiosk.boot import tame

    for text in (NORMAL, "Tư vấn pháp lý", "استشارة مجانية", "https://www.leipzig.de/" + "a" * 40):
        assert tame(text) == text
    assert tame("Te\u0323\u0302") == "T\u1ec7"  # composed, looks the same
    assert len(tame("x" * 10_000)) == 65
