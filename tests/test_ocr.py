"""Polish and Kurdish on the real screens, read back by OCR: the letters are drawn, not boxes.

The font test proves every character is in the font; this proves the screen shows the words a
visitor needs (the greeting, the tiles, an offer's title and what to do, the attract loop), with
their diacritics (ą ę ł ó ś ż, ç ê î ş û), legibly enough for Tesseract to read them back.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata

import pytest

# language code -> Tesseract's trained data (Debian: tesseract-ocr-pol, tesseract-ocr-kmr)
TESSERACT = {"pl": "pol", "ku": "kmr"}


def ocr(png, lang: str) -> str:
    tesseract = shutil.which("tesseract")
    if tesseract is None:
        pytest.fail("tesseract is missing: apt-get install tesseract-ocr (make test installs it)")
    model = TESSERACT[lang]
    listed = subprocess.run([tesseract, "--list-langs"], capture_output=True, text=True).stdout.split()
    if model not in listed:
        pytest.fail(f"Tesseract has no {model!r} data: apt-get install tesseract-ocr-{model}")
    result = subprocess.run([tesseract, str(png), "-", "-l", model], capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    return result.stdout.decode("utf-8")


def words(text: str) -> list[str]:
    """The words of `text`, lower case, in NFC: what OCR must find, whatever the line breaks."""
    return re.findall(r"\w{2,}", unicodedata.normalize("NFC", text).lower())


def unread(expected: list[str], png, lang: str) -> list[str]:
    """The words of the expected texts that OCR did not read on the screenshot."""
    seen = set(words(ocr(png, lang)))
    return [w for text in expected for w in words(text) if w not in seen]


@pytest.mark.parametrize("lang", ["pl", "ku"])
def test_home_reads_back(kiosk, lang, tmp_path):
    app = kiosk.app
    app.set_language(lang)
    kiosk.go("home")
    expected = [app.t("shell.welcome"), app.t("shell.welcome_hint"), app.t("documents.title"), app.t("map.title")]
    expected += [c.title.values[lang] for c in app.pack.categories]
    assert unread(expected, kiosk.screenshot(tmp_path / "home.png"), lang) == []


@pytest.mark.parametrize("lang, size", [("ku", (1080, 1920)), ("pl", (1920, 1080))])
def test_an_offer_reads_back_portrait_and_landscape(kiosk, lang, size, tmp_path):
    app = kiosk.app
    kiosk.resize(*size)
    app.set_language(lang)
    kiosk.go("offer/dialog-alltag")
    offer = app.pack.offers["dialog-alltag"]
    expected = [offer.title.values[lang], offer.summary.values[lang], app.t("offers.no_hours")]
    assert unread(expected, kiosk.screenshot(tmp_path / "offer.png"), lang) == []


def test_an_offer_list_reads_back(kiosk, tmp_path):
    app = kiosk.app
    app.set_language("pl")
    kiosk.go("offers/counselling")
    titles = [row["title"] for row in app.current_screen().ids.list.data]
    assert len(titles) == 4
    expected = [app.header_title, app.t("offers.filter_mine"), *titles]
    assert unread(expected, kiosk.screenshot(tmp_path / "list.png"), "pl") == []


def test_the_attract_loop_reads_back_in_kurdish(kiosk, tmp_path):
    app = kiosk.app
    kiosk.go("attract")
    attract = app.current_screen()
    kiosk.advance(1)
    for _ in range(len(app.offered_languages)):
        if attract.value_lang == "ku":
            break
        kiosk.advance(6)
    assert attract.value_lang == "ku"
    kiosk.advance(1)  # past the fade: the slide is fully drawn
    assert attract.value_lang == "ku" and attract.ids.slide.opacity == 1
    expected = [attract.value, app.catalog.t("attract.touch_to_start", "ku")]
    assert unread(expected, kiosk.screenshot(tmp_path / "attract.png"), "ku") == []
