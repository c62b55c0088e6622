"""What a sign would not carry: each finding names the problem and says what to write instead."""

from __future__ import annotations

import pytest

from kiosk.content import sanity

RLO = "\u202e"


@pytest.mark.parametrize("check, text, expected", [
    (sanity.title, "Beratung für Geflüchtete", None),
    (sanity.title, "Tư vấn pháp lý miễn phí", None),  # Vietnamese: two marks on a letter are fine
    (sanity.title, "Tu\u0323\u0302 va\u0302\u0301n", None),  # the same, decomposed
    (sanity.title, "استشارة مجانية للعائلات", None),
    (sanity.title, "x" * 10_000, "a word of 10000 characters"),
    (sanity.title, "Beratung " * 20, "keep the title short"),
    (sanity.title, "Z" + "\u0336\u0334\u0335\u0337\u0338" * 40, "stacked on one letter"),
    (sanity.title, f"Beratung {RLO}gpj.exe", "U+202E (RIGHT-TO-LEFT OVERRIDE)"),
    (sanity.title, "Beratung\u2066 frei", "U+2066"),
    (sanity.title, "zwei\nZeilen", "write it on one line"),
    (sanity.single_line, "Stadt Leipzig\r", "carriage return"),
    (sanity.single_line, "Stadt Leipzig, Amt für Jugend", None),
    (sanity.url, "https://www.leipzig.de/", None),
    (sanity.url, f"https://www.leipzig.de/{RLO}fdp.exe", "remove it"),
    (sanity.url, "https://www.leipzig.de/\n", "line break"),
    (sanity.url, "https://a.de/" + "x" * 3000, "link to a shorter page"),
    (sanity.url, "https://a.de/" + "ع" * 1000, "takes 2013 bytes in a QR code (its 1013 characters"),
    (sanity.url, "https://a.de/" + "ع" * 990, None),
    (sanity.prose, "Ein langer Absatz.\nMit zwei Zeilen und https://www.leipzig.de/" + "a" * 80, None),
    (sanity.prose, "Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichenhersteller", "break it with spaces"),
])
def test_findings(check, text, expected):
    found = check(text)
    if expected is None:
        assert found == []
    else:
        assert any(expected in str(f) for f in found), found


def test_every_finding_says_what_to_write_instead():
    texts = ["x" * 500, "a\rb", f"{RLO}x", "e" + "\u0301" * 9]
    for text in texts:
        for finding in sanity.title(text):
            assert ":" in finding.message and finding.message.split(":")[-1].strip()


# -- the content check calls them: a hostile pack is refused with file:line -----------------------

def hostile_pack(tmp_path, file, old, new):
    import shutil

    from conftest import ROOT

    pack = tmp_path / "pack"
    shutil.copytree(ROOT / "content" / "leipziger-osten", pack)
    path = pack / file
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    return pack


@pytest.mark.parametrize("file, old, new, expected", [
    ("offers.yaml", "de: Koordinatorin Integration", "de: \"Koordinatorin \\u202Enoitargetni\"",
     "offers.yaml:11: title (de): an invisible direction control U+202E"),
    ("providers.yaml", "de: Stadt Leipzig", "de: \"Stadt\\rLeipzig\"",
     "providers.yaml:9: title (de): a carriage return (CR) in a one-line text"),
    ("offers.yaml", "de: Koordinatorin Integration", "de: K" + "o" * 10_000,
     "offers.yaml:11: title (de): a word of 10001 characters"),
    ("offers.yaml", "de: Koordinatorin Integration", "de: \"Z" + "\\u0336" * 40 + "\"",
     "offers.yaml:11: title (de): more than 4 accents or marks stacked on one letter"),
])
def test_the_check_refuses_what_no_sign_would_carry(tmp_path, file, old, new, expected):
    from packs import load_pack

    pack, report = load_pack(hostile_pack(tmp_path, file, old, new))
    assert pack is None
    assert any(expected in str(p) for p in report.errors), [str(p) for p in report.errors]


def test_a_url_with_a_direction_control_never_reaches_a_qr_code(tmp_path):
    from packs import load_pack

    folder = hostile_pack(tmp_path, "offers.yaml", "url: http://www.leipziger-osten.de/content/stadtteil-im-blick/"
                          "projekte-im-stadtteil/projekte-in-der-uebersicht/kgz/",
                          "url: \"http://www.leipziger-osten.de/\\u202Efdp.exe\"")
    pack, report = load_pack(folder)
    assert pack is None
    assert any("url: an invisible direction control U+202E" in str(p) for p in report.errors)
