"""Text laid out for speed is laid out exactly as before: the same lines of the same widths, and
labels of hidden screens follow a language switch when they are shown again."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

SIZES = ((24, False), (30, False), (44, True))
WIDTHS = (300, 972)


def content_texts() -> list[tuple[str, str]]:
    """(language, text) of every text with a space in the shipped content packs."""
    import yaml

    found = []

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if isinstance(value, str) and 2 <= len(key) <= 3 and " " in value:
                    found.append((key, value))
                else:
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in sorted((ROOT / "content").glob("*/offers.yaml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return found


def lines(text, lang, size, bold, width, exact):
    """How a label lays `text` out: (size, [(line width, [(word, width)])])."""
    from kivy.core.text import Label, LabelBase

    label = Label(text=text, font_name="KioskSans", font_size=size, bold=bold, text_size=(width, None),
                  base_direction="rtl" if lang in ("ar", "fa", "ckb") else "ltr", padding_x=0, padding_y=0)
    label.resolve_font_name()
    # exact: Kivy's own layout, every line so far measured after each word
    size_ = LabelBase.render(label) if exact else label.render()
    return size_, [(line.w, [(word.text, word.lw) for word in line.words]) for line in label._cached_lines]


def test_guessed_line_widths_give_exactly_the_measured_lines(harness):
    from kiosk import boot

    texts = content_texts()
    assert len(texts) > 300 and {"de", "ar", "fa", "ru", "vi"} <= {lang for lang, _ in texts}
    before = boot.measured
    compared = 0
    for lang, text in texts[::4]:
        for size, bold in SIZES:
            for width in WIDTHS:
                fast = lines(text, lang, size, bold, width, exact=False)
                assert fast == lines(text, lang, size, bold, width, exact=True), (lang, size, width, text)
                compared += 1
    assert compared > 400
    assert boot.measured > before  # both ways really measured (the cache was not all they read)


def test_the_guess_leaves_the_lines_near_the_edge_to_measuring(harness):
    from kiosk import boot

    boot._extents.clear()
    boot._guesses.clear()
    text = " ".join(f"Wort{number}" for number in range(200))  # every line a new text
    fast = lines(text, "de", 30, False, 900, exact=False)
    assert boot._guesses  # most of the lines so far were guessed, not measured
    guessed = len(boot._guesses)
    assert fast == lines(text, "de", 30, False, 900, exact=True)
    assert guessed > len(fast[1]) * 5


@pytest.mark.parametrize("route", ["home", "offers/counselling"])
def test_a_hidden_screen_shows_its_labels_in_the_new_direction(kiosk, route):
    from kiosk.uix import KLabel

    harness, kiosk = kiosk, kiosk.app

    harness.go(route)
    harness.go("offer/integrationsfragen-ic-e")
    harness.tap(kiosk.root.ids.language_button)
    arabic = next(w for w in harness.find() if getattr(w, "code", None) == "ar" and hasattr(w, "native"))
    harness.tap(arabic)
    assert kiosk.lang == "ar"
    harness.go(route)
    harness.frames(3)
    shown = [w for w in kiosk.current_screen().walk(restrict=True) if isinstance(w, KLabel) and w.text]
    assert shown
    for label in shown:  # each label's texture was made with the direction and alignment it has now
        assert label._label.options["base_direction"] == label.base_direction, label.text
        assert label._label.options["halign"] == label.halign, label.text


@pytest.mark.parametrize("text, shaped", [
    ("Beratung bei Problemen im Alltag", False),
    ("Eisenbahnstraße 49 · Українська · Русский · Tiếng Việt · Kurdî · Türkçe · Polski", False),  # precomposed
    ("مفتوح 10:00-12:00", True),  # Arabic joins its letters
    ("سلام", True),
    ("Tie\u0302\u0301ng", True),  # a letter with combining marks: HarfBuzz places them
    ("\u2066+49 341 6810080\u2069", True),  # an isolate: FriBidi orders it
    ("Stra\u00adße", True),  # a soft hyphen is not drawn
])
def test_only_text_that_needs_shaping_goes_to_raqm(harness, text, shaped):
    from kiosk.boot import needs_shaping

    assert needs_shaping(text) is shaped


def test_a_simple_text_is_drawn_by_the_basic_layout_and_an_arabic_one_by_raqm(harness):
    from PIL import ImageFont

    from kiosk.uix import KLabel

    label = KLabel(text="Beratung", font_size=30)
    core = label._label
    assert core._font_for("Beratung", None).layout_engine == ImageFont.Layout.BASIC
    assert core._font_for("Beratung", "rtl").layout_engine == ImageFont.Layout.RAQM  # the direction matters
    assert core._font_for("مفتوح", None).layout_engine == ImageFont.Layout.RAQM
