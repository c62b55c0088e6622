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
