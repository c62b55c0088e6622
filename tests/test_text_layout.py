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


def test_a_label_off_the_window_is_drawn_when_it_comes_back(kiosk):
    """A row a list keeps for reuse, a widget kept for the next offer: a language switch does not
    draw them while they are off the window; put back, they show the new direction."""
    from kivy.uix.boxlayout import BoxLayout

    from kiosk.uix import KLabel

    harness, app = kiosk, kiosk.app
    harness.go("offers/counselling")
    harness.frames(3)
    body = app.current_screen().ids.list.parent
    row = BoxLayout(size_hint_y=None, height=80)
    label = KLabel(text=app.t("offers.contact"))
    row.add_widget(label)
    body.add_widget(row)
    harness.frames(3)
    assert label.texture is not None and label.base_direction == "ltr"
    core, drawn = label._label, []
    refresh = core.refresh
    core.refresh = lambda: (drawn.append(core.options["base_direction"]), refresh())[1]
    body.remove_widget(row)
    app.set_language("ar")
    label.text = app.t("offers.contact")
    harness.frames(3)
    assert drawn == []  # off the window: not drawn
    assert label in row._labels_waiting
    body.add_widget(row)
    harness.frames(3)
    assert drawn == ["rtl"]
    assert not hasattr(row, "_labels_waiting")
    body.remove_widget(row)


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


def shipped_basic_texts() -> list[str]:
    """Every text of the shipped packs and of the kiosk's own strings that the basic layout draws."""
    import yaml

    from kiosk.boot import needs_shaping

    found = set()

    def walk(node):
        if isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
        elif isinstance(node, str) and not needs_shaping(node):
            found.add(node)

    for path in sorted((ROOT / "content").glob("*/*.yaml")) + [ROOT / "kiosk" / "strings.yaml"]:
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return sorted(found)


def test_letters_rasterised_once_draw_exactly_what_pillow_draws(harness):
    """paint_basic against Pillow's ImageDraw.text, pixel for pixel: every basic text of the
    shipped content (a share of them at each size), both weights, the inks of the kiosk's
    labels, text cut off at either edge."""
    import random

    from PIL import Image, ImageDraw, ImageFont

    from kiosk import assets, boot

    texts = shipped_basic_texts()
    assert len(texts) > 1000 and any("ế" in t for t in texts) and any("ї" in t for t in texts)
    rng = random.Random(13)
    inks = [(28, 28, 31, 255), (255, 255, 255, 234), (84, 84, 92, 255)]
    compared = overlapping = 0
    for path in (assets.FONT_REGULAR, assets.FONT_BOLD):
        for size in (21, 24, 26, 30, 32, 44):
            font = ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.BASIC)
            for text in texts[size % 5::5]:
                ink, x = rng.choice(inks), rng.choice((0, 4, -6))
                width = int(font.getlength(text)) + rng.choice((12, -25))  # -25: cut off at the right
                pillow = Image.new("RGBA", (max(1, width), 2 * size), (255, 255, 255, 0))
                ImageDraw.Draw(pillow).text((x, 3), text, font=font, fill=ink)
                ours = Image.new("RGBA", pillow.size, (255, 255, 255, 0))
                runs = len(boot._runs)
                boot.paint_basic(ours, (x, 3), text, font, ink)
                overlapping += len(boot._runs) > runs
                assert ours.tobytes() == pillow.tobytes(), (path.name, size, text)
                compared += 1
    assert compared > 2000 and overlapping > 100  # letters whose ink overlaps were among them


def test_a_label_draws_its_text_from_the_letters_rasterised_once(harness, monkeypatch):
    from PIL import ImageDraw

    from kiosk import boot
    from kiosk.uix import KLabel

    def drawn(text):
        label = KLabel(text=text, font_size=30, size_hint=(None, None), size=(500, 90))
        label.texture_update()
        return label.texture.pixels

    boot._glyphs.clear()
    ours = drawn("Hilfe im Alltag, für Familien")
    assert set("Hilfe imAtag,fürFamn") <= {key[-1] for key in boot._glyphs}  # drawn from its letters

    def pillow(image, xy, text, font, ink):
        ImageDraw.Draw(image).text(xy, text, font=font, fill=ink)

    monkeypatch.setattr(boot, "paint_basic", pillow)
    assert drawn("Hilfe im Alltag, für Familien") == ours
