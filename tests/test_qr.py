"""Every QR code on every detail screen of the shipped packs scans to exactly what the content says."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PIL import Image

from conftest import NOW, ROOT, shown_codes
from kiosk.content import load_pack

PACKS = ["leipziger-osten", "leipziger-westen", "schoenefeld"]


def detail_routes():
    for name in PACKS:
        pack, _ = load_pack(ROOT / "content" / name)
        for offer in pack.offers.values():
            if offer.is_current(NOW):
                yield name, f"offer/{offer.id}", offer, NOW
        for doc in pack.documents.values():
            yield name, f"document/{doc.id}", doc, NOW
        for event in pack.events.values():
            # shipped events may be past: look at each the day before it starts
            yield name, f"event/{event.id}", event, event.start - dt.timedelta(days=1)


CASES = list(detail_routes())


@pytest.mark.parametrize("pack_name,route,item,now", CASES, ids=[c[1] for c in CASES])
def test_detail_screen_codes_scan_to_the_content(kiosk, tmp_path, pack_name, route, item, now):
    app = kiosk.app
    pack, _ = load_pack(ROOT / "content" / pack_name)
    app.set_pack(pack)
    app.clock.moment = now.astimezone(ZoneInfo("Europe/Berlin"))
    assert kiosk.go(route), route
    expected = [c.payload for result in app.host.call("kiosk_item_codes", item=item, pack=pack) for c in result]
    assert expected, "every shipped item has at least one code"
    if getattr(item, "url", None):
        assert item.url in expected
    png = kiosk.screenshot(tmp_path / "detail.png")
    read = [payload for _view, payload in shown_codes(kiosk, png, tmp_path)]
    assert read == expected


def test_codes_are_upright_crisp_and_big_enough(kiosk, tmp_path):
    """zbar also reads a mirrored code, so orientation is checked on the pixels themselves."""
    kiosk.go("document/wegweiser-willkommen")
    png = kiosk.screenshot(tmp_path / "doc.png")
    (view, payload), = shown_codes(kiosk, png, tmp_path)
    from plugins_qr import matrix

    modules = matrix(payload)
    n = len(modules)
    assert view.side % n == 0 and view.side // n >= 6  # whole pixels, at least 6 per module
    px = view.side // n
    image = Image.open(png).convert("L")
    from kivy.core.window import Window

    code = next(w for w in view.children if getattr(w, "size", None) == [view.side, view.side])
    x, y = code.to_window(code.x, code.y)
    left, top = int(x), int(Window.height - y - view.side)
    for row in range(n):
        for col in range(n):
            value = image.getpixel((left + col * px + px // 2, top + row * px + px // 2))
            assert (value < 128) == modules[row][col], (row, col)
    # quiet zone of 4 light modules, finder patterns top-left, top-right, bottom-left only
    assert not any(modules[r][c] for r in range(4) for c in range(n))
    assert modules[4][4] and modules[4][n - 5] and modules[n - 5][4] and not modules[n - 5][n - 5]
    # only black and white: no smoothing between modules
    colours = set(image.crop((left, top, left + view.side, top + view.side)).getdata())
    assert colours <= {0, 255}, sorted(colours)[:10]


def test_a_code_is_made_once_per_payload():
    from plugins_qr import texture

    first = texture("https://example.org/cached")
    assert texture("https://example.org/cached")[0] is first[0]
