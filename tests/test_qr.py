"""Every QR code on every detail screen of the shipped packs scans to exactly what the content says."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PIL import Image

from conftest import NOW, ROOT, shown_codes
from packs import load_pack

PACKS = ["leipziger-osten", "leipziger-westen", "schoenefeld"]


def detail_routes():
    for name in PACKS:
        pack, _ = load_pack(ROOT / "content" / name)
        for offer in pack.items("offers").values():
            if offer.is_current(NOW):
                yield name, f"offer/{offer.id}", offer, NOW
        for doc in pack.items("documents").values():
            yield name, f"document/{doc.id}", doc, NOW
        for event in pack.items("events").values():
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
    # The codes follow the facts, so the last may lie below the fold: scroll each into view, as a
    # visitor would, and read it there.
    screen = app.current_screen()
    scroll = screen.ids.get("scroll") if hasattr(screen, "ids") else None
    read = []
    for index, (view, _payload) in enumerate(shown_codes(kiosk, kiosk.screenshot(tmp_path / "detail.png"), tmp_path)):
        if scroll is not None:
            scroll.scroll_to(view, padding=20, animate=False)
            kiosk.advance(0.2)
        png = kiosk.screenshot(tmp_path / f"detail{index}.png")
        read.append(next(payload for seen, payload in shown_codes(kiosk, png, tmp_path) if seen is view))
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


def test_payloads_of_an_offer_and_a_place():
    """The exact texts a phone receives: a web page, a vCard it can save, a geo: URI for its map."""
    import sys

    payloads = sys.modules["kiosk_plugins.qr.payloads"]
    pack, _ = load_pack(ROOT / "content" / "leipziger-osten")
    offer = pack.items("offers")["integrationsfragen-ic-e"]
    kinds = {c.kind: c.payload for c in payloads.codes_for(offer, pack)}
    assert kinds["url"] == offer.url
    assert "ADR;TYPE=WORK:;;Eisenbahnstraße 49;Leipzig;;04315;Germany" in kinds["vcard"].split("\r\n")
    assert "TEL;TYPE=WORK,VOICE:+49 341 6810080" in kinds["vcard"].split("\r\n")
    assert kinds["geo"] == "geo:51.3458445,12.4022556"
    assert payloads.codes_for(pack.places["konradstrasse-64"], pack)[0].payload == "geo:51.344334,12.409995"
    westen, _ = load_pack(ROOT / "content" / "leipziger-westen")
    approximate = next(iter(westen.items("offers").values()))
    assert "geo" not in {c.kind for c in payloads.codes_for(approximate, westen)}


def test_calendar_code_of_an_event():
    import sys

    payloads = sys.modules["kiosk_plugins.qr.payloads"]
    pack, _ = load_pack(ROOT / "content" / "schoenefeld")
    lines = payloads.ical(pack.items("events")["ideenschmiede-2020"], pack).split("\r\n")
    assert "DTSTART;TZID=Europe/Berlin:20200519T140000" in lines
    assert "DTEND;TZID=Europe/Berlin:20200519T170000" in lines
    assert "TZID:Europe/Berlin" in lines and lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"


def test_a_calendar_or_contact_code_too_large_with_its_address_is_made_without_it(kiosk):
    """The address has a code of its own; the calendar entry and the contact card stay."""
    import dataclasses
    import importlib

    from kiosk.api import CODE_BYTES

    payloads = importlib.import_module("kiosk_plugins.qr.payloads")
    pack, _ = load_pack(ROOT / "content" / "schoenefeld")
    event = pack.items("events")["ideenschmiede-2020"]
    long = event.url + "/" + "veranstaltung-" * 130  # 1,855 characters: what the check lets through
    lines = payloads.ical(dataclasses.replace(event, url=long), pack).split("\r\n")
    assert not any(line.startswith("URL:") for line in lines) and lines[-1] == "END:VCALENDAR"
    assert f"URL:{event.url}" in payloads.ical(event, pack).split("\r\n")  # a short one stays in it
    osten, _ = load_pack(ROOT / "content" / "leipziger-osten")
    offer = osten.items("offers")["integrationsfragen-ic-e"]
    contact = dataclasses.replace(offer.contact, website="https://example.org/" + "a" * 2300)
    card = payloads.vcard(dataclasses.replace(offer, contact=contact), osten)
    assert "URL:" not in card and "TEL;TYPE=WORK,VOICE:+49 341 6810080" in card.split("\r\n")
    assert len(card.encode()) <= CODE_BYTES


def test_an_event_with_an_address_too_long_for_a_calendar_code_keeps_its_codes_on(kiosk, tmp_path):
    """Before, such an event switched the qr plugin off for the whole kiosk at its first showing."""
    import shutil

    folder = tmp_path / "schoenefeld"
    shutil.copytree(ROOT / "content" / "schoenefeld", folder)
    events = folder / "events.yaml"
    long = "https://www.leipzig.de/schoenefeld/" + "veranstaltung-" * 130
    events.write_text(events.read_text().replace("    url: https://www.leipzig.de/schoenefeld\n", f"    url: {long}\n"))
    pack, report = load_pack(folder)
    assert pack is not None and not report.problems  # the check lets a URL of 1,855 characters through
    app = kiosk.app
    app.set_pack(pack)
    event = pack.items("events")["ideenschmiede-2020"]
    app.clock.moment = (event.start - dt.timedelta(days=1)).astimezone(ZoneInfo("Europe/Berlin"))
    assert kiosk.go("event/ideenschmiede-2020")
    views = [w for w in app.current_screen().walk(restrict=True) if type(w).__name__ == "QRCodeView"]
    assert [v.kind for v in views] == ["ical", "url"]
    assert app.host.plugins["qr"].state == "active"
    kiosk.advance(0.2)  # the codes are made in the frame after
    read = {view.kind: payload for view, payload in shown_codes(kiosk, kiosk.screenshot(tmp_path / "e.png"), tmp_path)}
    assert read["ical"].startswith("BEGIN:VCALENDAR") and "SUMMARY:Ideenschmiede in Schönefeld" in read["ical"]
    assert "URL:" not in read["ical"]


def test_a_code_no_qr_code_can_hold_is_left_out_and_said_once(kiosk, caplog):
    from plugins_qr import matrix

    from kiosk.api import CODE_BYTES, Code
    from kiosk.parts import fitting_codes

    largest = "ع" * (CODE_BYTES // 2)  # the bound holds whatever the letters: two bytes each here
    assert matrix(largest)  # made
    found = [[Code("url", "https://example.org/"), Code("vcard", largest + "a")], [Code("geo", "geo:51.3,12.4")]]
    item = type("Item", (), {"id": "too-much"})()
    with caplog.at_level("WARNING", logger="kiosk"):
        first, again = fitting_codes(found, item), fitting_codes(found, item)
    assert [c.kind for c in first] == [c.kind for c in again] == ["url", "geo"]
    assert [r.getMessage() for r in caplog.records] == [
        f"the vcard code of 'too-much' is left out: it would hold {CODE_BYTES + 1} bytes, more than a QR code can "
        f"({CODE_BYTES}); shorten what it holds (a long address, most likely)"]


def _scan_as_a_phone(png):
    """zbar as a phone's scanner reads: it follows the code's ECI header, no `-Sbinary` override."""
    import shutil
    import subprocess

    result = subprocess.run([shutil.which("zbarimg"), "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(png)],
                            capture_output=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.decode("utf-8").removesuffix("\n")


@pytest.mark.parametrize("payload", ["Konradstraße 64, 04315 Leipzig", "ADR:;;Eisenbahnstraße 49;Leipzig", "مرحبا Straße"])
def test_codes_declare_utf8_so_every_scanner_reads_the_same(tmp_path, payload):
    from plugins_qr import matrix

    modules = matrix(payload)
    scale = 8
    image = Image.new("L", (len(modules) * scale, len(modules) * scale), 255)
    for r, row in enumerate(modules):
        for c, dark in enumerate(row):
            if dark:
                image.paste(0, (c * scale, r * scale, (c + 1) * scale, (r + 1) * scale))
    png = tmp_path / "code.png"
    image.save(png)
    assert _scan_as_a_phone(png) == payload


def test_a_document_code_says_where_it_leads(kiosk):
    """A code labelled "download the document" must download it; a page that offers it is a page."""
    import dataclasses
    import sys

    kiosk.go("document/wegweiser-willkommen")
    payloads = sys.modules["kiosk_plugins.qr.payloads"]
    pack = kiosk.app.pack
    doc = pack.items("documents")["wegweiser-willkommen"]
    assert not doc.url.lower().endswith(".pdf")  # the seeds know the project page, not the file
    assert [c.kind for c in payloads.codes_for(doc, pack)] == ["url"]
    kiosk.go("document/wegweiser-willkommen")
    assert kiosk.app.t("qr.url") in kiosk.texts() and kiosk.app.t("qr.download") not in kiosk.texts()
    pdf = dataclasses.replace(doc, url="https://example.org/files/wegweiser.pdf")
    assert [c.kind for c in payloads.codes_for(pdf, pack)] == ["download"]


def test_a_contact_card_holds_the_providers_phone_too(kiosk):
    import dataclasses
    import sys

    kiosk.go("offer/integrationsfragen-ic-e")
    payloads = sys.modules["kiosk_plugins.qr.payloads"]
    pack, _ = load_pack(ROOT / "content" / "leipziger-osten")
    offer = pack.items("offers")["integrationsfragen-ic-e"]
    provider = pack.providers[offer.provider]
    assert provider.contact.phone
    own_mail_only = dataclasses.replace(offer, contact=dataclasses.replace(offer.contact, phone=None, email="team@example.org"))
    card = payloads.vcard(own_mail_only, pack).split("\r\n")
    assert f"TEL;TYPE=WORK,VOICE:{provider.contact.phone}" in card and "EMAIL;TYPE=WORK:team@example.org" in card


def test_a_new_code_is_made_in_the_frame_after_its_card_has_its_size(kiosk):
    """The screen a code is on answers its tap first; the card does not change size when the
    code arrives, so nothing on the screen moves."""
    import time

    from plugins_qr import _module, matrix

    kiosk.go("offer/dialog-alltag")  # the plugin's widgets are imported with its first panel
    widgets = _module("widgets")
    payload = f"https://example.org/new/{time.perf_counter_ns()}"  # never made before
    view = widgets.QRCodeView(kind="url", payload=payload, caption="")
    side = view.side
    assert view.texture is None and side > 0
    kiosk.frames(1)
    assert view.texture is not None and view.side == side
    assert view.texture.size == (len(matrix(payload)),) * 2
    again = widgets.QRCodeView(kind="url", payload=payload, caption="")
    assert again.texture is view.texture  # made once: a second card has it at once
