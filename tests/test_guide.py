"""The printed guide, read back from the PDF: its text in logical order, its codes decoded from the
rendered pages, its fonts embedded, its table of contents and page numbers; printing through a
fake `lp`; the guide's code on the documents screen."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from base64 import b64decode
from pathlib import Path

import pytest

from conftest import NOW, ROOT, scan

URL = "https://example.org/wegweiser-{lang}.pdf"
WHEN = NOW.strftime("%Y-%m-%dT%H:%M")


def kiosk_cmd(*args, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kiosk", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=600, env=env)


@pytest.fixture(scope="module")
def config(tmp_path_factory) -> Path:
    """kiosk.yaml for a copy of the default pack that names its guide's address."""
    base = tmp_path_factory.mktemp("guidepack")
    pack = base / "leipziger-osten"
    shutil.copytree(ROOT / "content" / "leipziger-osten", pack)
    with open(pack / "pack.yaml", "a", encoding="utf-8") as f:
        f.write(f"guide:\n  url: \"{URL}\"\n")
    path = base / "kiosk.yaml"
    path.write_text(f"content:\n  pack: {pack}\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def guides(config, tmp_path_factory) -> Path:
    """Every language's guide, made once by `kiosk guide --all`."""
    out = tmp_path_factory.mktemp("guides")
    done = kiosk_cmd("guide", "--all", "--out", str(out), "--config", str(config), "--now", WHEN)
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="module")
def context(config):
    from kiosk.plugins import HEADLESS, PluginHost
    from kiosk.runtime import context
    from kiosk.settings import load_settings

    settings = load_settings(config)
    return context(settings, PluginHost(settings, start=HEADLESS).load())


BIDI_MARKS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def text(pdf: Path, page: int | None = None) -> str:
    """The PDF's text layer as pdftotext reads it, without the direction marks it adds."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", *pages, str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    return BIDI_MARKS.sub("", out)


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


NEXT_CODE = re.compile(r"BEGIN:|https?://|geo:")


def decoded(pdf: Path, tmp_path: Path, dpi: int = 200) -> list[str]:
    """Every QR code zbar finds on the PDF's pages rendered at `dpi`, as UTF-8 text.

    zbar gives the raw bytes of each code (-Sbinary: no guessing of the character set), one
    after the other without a separator; the guide's codes are web addresses, geo: URIs, vCards
    and calendars, so each ends where the next such beginning starts (a card at its END: line)."""
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(tmp_path / "page")], check=True)
    found = []
    for png in sorted(tmp_path.glob("page-*.png")):
        result = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", "-Sbinary", str(png)],
                                capture_output=True, timeout=120)
        if result.returncode == 4:
            continue
        assert result.returncode == 0, result.stderr
        rest = result.stdout.decode("utf-8").removesuffix("\n")
        while rest:
            if rest.startswith("BEGIN:"):
                kind = rest[6:rest.index("\r\n")]
                cut = rest.index(f"END:{kind}") + len(f"END:{kind}")
            else:
                following = NEXT_CODE.search(rest, 1)
                cut = following.start() if following else len(rest)
            found.append(rest[:cut])
            rest = rest[cut:]
    return found


def current(context, kind):
    now = NOW
    return [item for item in context.pack.items(kind).values() if item.is_current(now)]


def test_every_language_of_the_pack_gets_a_guide(guides, context):
    made = sorted(p.name for p in guides.glob("*.pdf"))
    assert made == sorted(f"guide-{lang}.pdf" for lang in context.pack.languages)
    for pdf in guides.glob("*.pdf"):
        assert pages(pdf) >= 4  # cover, contents, offers ..., documents


def test_the_german_guide_reads_as_written(guides, context):
    pdf = guides / "guide-de.pdf"
    cover = text(pdf, 1)
    assert "Leipziger Osten" in cover
    assert "Stand: Dienstag, 24. November 2026" in cover
    assert "Eisenbahnstraße 49" in cover
    body = text(pdf)
    assert "Inhalt" in body and "Öffnungszeiten" in body
    assert "Hilfe im Alltag" in body and "Konradstraße 64" in body
    assert "+49 341 6810080" in body
    assert "Dienstag: 10:00 – 12:00" in body or "Dienstag" in body
    # history is not in a guide of current offers: the project ended in 2007
    assert "Integrationsprojekt Dialog" not in body


def test_the_contents_give_the_page_each_section_starts_on(guides):
    pdf = guides / "guide-de.pdf"
    entries = re.findall(r"^(\S[^\n.]*?)\s?(?:\. )+\.?\s*(\d+)$", text(pdf, 2), re.M)
    assert len(entries) >= 5, text(pdf, 2)
    for title, page in entries:
        lines = [line.strip() for line in text(pdf, int(page)).splitlines()]
        assert title.strip() in lines, f"{title!r} is not on page {page}"
    # page numbers are printed at the foot of every page but the cover
    assert re.search(r"^3$", text(pdf, 3), re.M)


def test_arabic_is_right_to_left_and_its_text_layer_in_logical_order(guides):
    pdf = guides / "guide-ar.pdf"
    body = text(pdf)
    for word in ("المحتويات", "العنوان", "الهاتف", "استشارات", "أوقات الدوام"):
        assert word in body, word
        assert word[::-1] not in body  # a visual-order text layer would read backwards
    assert "Eisenbahnstraße 49" in body
    assert "+49 341 6810080" in body
    assert re.search("24\\s*نوفمبر\\s*2026", text(pdf, 1))  # the date in reading order; 0-9 in every language (docs/content.md)
    assert re.search("^٣$", text(pdf, 3), re.M)  # page numbers in the digits of the dates


def _dark_share(png: Path) -> tuple[float, float]:
    """The share of dark pixels in the left and right third of a page (the QR codes are dark)."""
    from PIL import Image

    image = Image.open(png).convert("L")
    w, h = image.size
    left = image.crop((0, 0, w // 3, h))
    right = image.crop((w - w // 3, 0, w, h))

    def share(part):
        histogram = part.histogram()
        return sum(histogram[:96]) / (part.width * part.height)

    return share(left), share(right)


@pytest.mark.parametrize("lang, codes_on", [("de", "right"), ("ar", "left"), ("fa", "left")])
def test_the_page_is_mirrored_in_arabic_and_persian(guides, tmp_path, lang, codes_on):
    subprocess.run(["pdftoppm", "-r", "40", "-f", "3", "-l", "3", "-png", str(guides / f"guide-{lang}.pdf"),
                    str(tmp_path / "p")], check=True)
    left, right = _dark_share(next(tmp_path.glob("p-*.png")))
    assert (left > 2 * right) if codes_on == "left" else (right > 2 * left), (left, right)


def test_every_item_has_its_codes_and_they_decode(guides, context, tmp_path):
    from collections import Counter

    expected = [URL.format(lang="de")]  # on the cover: where the guide can be downloaded
    for kind in ("offers", "events", "documents"):
        for item in current(context, kind):
            expected += [code.payload for code in context.item_codes(item)]
    found = decoded(guides / "guide-de.pdf", tmp_path)
    assert Counter(found) == Counter(expected)


def test_the_fonts_are_kiosk_sans_and_embedded(guides):
    for lang in ("de", "ar", "ru", "vi"):
        out = subprocess.run(["pdffonts", str(guides / f"guide-{lang}.pdf")], capture_output=True, text=True,
                             check=True).stdout.splitlines()[2:]
        assert out
        for line in out:
            assert "Kiosk-Sans" in line, line
            assert re.search(r"\byes\s+yes\s+yes\b", line), line  # embedded, subset, with ToUnicode


def test_every_language_has_its_own_words_in_its_guide(guides, context):
    for lang in context.pack.languages:
        body = text(guides / f"guide-{lang}.pdf")
        assert context.t_in(lang, "guide.contents") in body, lang
        name = context.pack.name.pick(lang, (context.pack.default_language,))[0]
        assert name.split()[0] in body, lang


def test_upcoming_events_have_their_time_place_and_calendar_code(tmp_path):
    config = tmp_path / "kiosk.yaml"
    config.write_text(f"content:\n  pack: {ROOT / 'content' / 'schoenefeld'}\n", encoding="utf-8")
    out = tmp_path / "schoenefeld.pdf"
    done = kiosk_cmd("guide", "--out", str(out), "--config", str(config), "--now", "2020-05-01T10:00")
    assert done.returncode == 0, done.stderr
    body = " ".join(text(out).split())
    assert "Termine" in body and "Ideenschmiede in Schönefeld" in body
    assert re.search(r"Dienstag, 19\. Mai 2020, 14:00( Uhr)? – 17:00", body)
    calendars = [c for c in decoded(out, tmp_path) if c.startswith("BEGIN:VCALENDAR")]
    assert len(calendars) == 1 and "DTSTART;TZID=Europe/Berlin:20200519T140000" in calendars[0]


def test_a5_pages_for_a_folded_flyer(config, tmp_path):
    out = tmp_path / "flyer.pdf"
    done = kiosk_cmd("guide", "--lang", "de", "--size", "a5", "--out", str(out), "--config", str(config), "--now", WHEN)
    assert done.returncode == 0, done.stderr
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
    assert round(width) == 420 and round(height) == 595  # A5 in points


def test_a_language_the_pack_does_not_offer_is_refused(config, tmp_path):
    done = kiosk_cmd("guide", "--lang", "sw", "--out", str(tmp_path / "x.pdf"), "--config", str(config))
    assert done.returncode == 2
    assert "'sw' is not offered" in done.stderr
    assert not (tmp_path / "x.pdf").exists()


# -- on the kiosk ---------------------------------------------------------------------------------


@pytest.fixture
def with_url(kiosk, config):
    """The running kiosk showing the pack that names its guide's address."""
    from kiosk.runtime import load_content
    from kiosk.settings import load_settings

    app = kiosk.app
    saved = app.pack
    app.set_pack(load_content(load_settings(config), app.host))
    kiosk.go("home")
    yield kiosk
    app.set_pack(saved)
    kiosk.go("home")


def _guide_button(harness):
    tools = harness.app.root.ids.screen_tools
    return next((w for w in tools.children if getattr(w, "icon", "") == "qr"), None)


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_the_documents_screen_offers_the_guide_in_the_visitors_language(with_url, tmp_path, lang, monkeypatch):
    app = with_url.app
    uses = []
    monkeypatch.setattr(app, "record_use", lambda what, subject="": uses.append((what, subject)))
    app.set_language(lang)
    with_url.go("documents")
    button = _guide_button(with_url)
    assert button is not None
    with_url.tap(button)
    assert app.route == "guide"
    with_url.frames(3)
    shot = with_url.screenshot(tmp_path / "guide.png")
    assert scan(shot) == URL.format(lang=lang)
    assert ("guide", lang) in uses


def test_without_an_address_there_is_no_guide_button(kiosk):
    kiosk.go("documents")
    assert _guide_button(kiosk) is None
    assert not kiosk.go("guide")


@pytest.fixture
def fake_lp(tmp_path):
    """An `lp` that writes its arguments to a file, as CUPS's would print the job."""
    record = tmp_path / "lp-args.txt"
    script = tmp_path / "bin" / "lp"
    script.parent.mkdir()
    script.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > "{record}"\necho "request id is ic-e-laser-7 (1 file(s))"\n')
    script.chmod(0o755)
    return script, record


def test_the_admin_panel_prints_the_guide_on_the_configured_printer(kiosk, fake_lp, monkeypatch):
    from kiosk.admin import AdminPanel

    script, record = fake_lp
    monkeypatch.setenv("PATH", f"{script.parent}{os.pathsep}{os.environ['PATH']}")
    printing = sys.modules["kiosk_plugins.guide.printing"].PRINTING
    monkeypatch.setattr(printing, "printer", "ic-e-laser")
    app = kiosk.app
    app.admin.open_panel()
    kiosk.frames(3)
    panel = next(w for w in app.overlays() if isinstance(w, AdminPanel))
    section = next(w for w in panel.walk() if type(w).__name__ == "PrintSection")
    section.fill()
    arabic = next(w for w in section.ids.languages.children if getattr(w, "code", None) == "ar")
    section.print_guide(arabic.code)  # the button's own handler; the panel scrolls, a tap may miss
    kiosk.until(lambda: not section.busy, limit=6000)
    args = record.read_text().splitlines()
    assert args[:2] == ["-d", "ic-e-laser"]
    assert "media=A4" in args
    pdf = Path(args[-1])
    assert pdf.suffix == ".pdf" and "المحتويات" in text(pdf)
    assert "ic-e-laser-7" in section.status
    app.close_overlays()


def test_without_a_printer_the_panel_says_so(kiosk):
    from kiosk.admin import AdminPanel

    app = kiosk.app
    app.admin.open_panel()
    kiosk.frames(3)
    panel = next(w for w in app.overlays() if isinstance(w, AdminPanel))
    section = next(w for w in panel.walk() if type(w).__name__ == "PrintSection")
    assert not section.ids.languages.children
    assert "Kein Drucker" in section.status
    app.close_overlays()


def test_a_wrong_guide_address_is_found_by_kiosk_check(tmp_path):
    pack = tmp_path / "leipziger-osten"
    shutil.copytree(ROOT / "content" / "leipziger-osten", pack)
    lines = (pack / "pack.yaml").read_text(encoding="utf-8").splitlines()
    (pack / "pack.yaml").write_text("\n".join(lines + ["guide:", "  url: wegweiser.pdf", ""]), encoding="utf-8")
    done = kiosk_cmd("check", str(pack))
    assert done.returncode == 1
    assert f"pack.yaml:{len(lines) + 2}: guide.url must be a web address" in done.stdout
