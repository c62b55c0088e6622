"""`kiosk import integreat`: recorded API answers, served on 127.0.0.1, become a pack that passes check."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import FIXTURES
from kiosk.cli import main
from packs import load_pack
from kiosk.importers.plaintext import html_to_text, sentences
from kiosk.yamlsafe import load_file

RECORDED = FIXTURES / "integreat"


class _Recorded(BaseHTTPRequestHandler):
    """Answers /api/v3/... from tests/fixtures/integreat/api/v3/....json, as integreat-cms does."""

    requests: list = []

    def do_GET(self):
        path = self.path.split("?", 1)[0].strip("/")
        type(self).requests.append((self.path, self.headers.get("User-Agent")))
        file = RECORDED / f"{path}.json"
        if ".." in path or not file.is_file():
            self.send_response(404)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b'{"error": "not found"}')
            return
        body = file.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Recorded)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def run(capsys, *argv) -> tuple[int, str]:
    code = main([*map(str, argv)])
    out = capsys.readouterr()
    return code, out.out + out.err


@pytest.fixture(scope="module")
def imported(server, tmp_path_factory):
    folder = tmp_path_factory.mktemp("import") / "testumgebung"
    _Recorded.requests.clear()
    capture = __import__("io").StringIO()
    import contextlib

    with contextlib.redirect_stdout(capture), contextlib.redirect_stderr(capture):
        code = main(["import", "integreat", "testumgebung", "--out", str(folder), "--base-url", server])
    return code, capture.getvalue(), folder


def items(folder: Path, file: str) -> dict:
    doc = load_file(folder / file)
    (key,) = doc.keys()
    return {str(item["id"]): item for item in doc[key]}


def test_the_imported_pack_passes_check(capsys, imported):
    code, said, folder = imported
    assert code == 0, said
    code, out = run(capsys, "check", folder)
    assert code == 0, out
    assert ": ok: 3 places, 2 providers, 2 offers, 3 events, 2 documents, 3 languages (de, en, ar)" in out


def test_it_asks_every_endpoint_in_every_language_the_kiosk_can_show(imported):
    paths = sorted({p for p, _agent in _Recorded.requests})
    assert paths == sorted(
        ["/api/v3/regions/testumgebung/", "/api/v3/testumgebung/languages/"]
        + [f"/api/v3/testumgebung/{lang}/{kind}/" for lang in ("de", "en", "ar") for kind in ("pages", "locations", "events")]
    )
    assert all(agent.startswith("kiosk-content-import") for _p, agent in _Recorded.requests)


def test_it_says_what_it_left_out_and_why(imported):
    _code, said, _folder = imported
    left = [line for line in said.splitlines() if line.startswith("left out: ")]
    assert left == [
        "left out: language ti (ትግርኛ): the kiosk has no font or code for it yet",
        "left out: language de-si (Einfache Sprache): the kiosk has no font or code for it yet",
        "left out: location 'Bürgerbüro Rathaus': temporarily closed (https://integreat.app/testumgebung/de/locations/buergerbuero/)",
        "left out: location 'Nachbarschaftstreff': no position (latitude, longitude) (https://integreat.app/testumgebung/de/locations/treffpunkt/)",
        "left out: event 'Online-Infoabend': no place with a position (https://integreat.app/testumgebung/de/events/online-info/)",
    ]


def test_locations_become_places_and_offers_with_their_opening_hours(imported):
    _code, _said, folder = imported
    place = items(folder, "places.yaml")["location-11"]
    assert place["title"] == {"de": "Migrationsberatung für Erwachsene", "en": "Migrationsberatung für Erwachsene", "ar": "Migrationsberatung für Erwachsene"}
    assert place["address"] == {"street": "Musterstraße 12", "postcode": "04315", "town": "Testumgebung"}
    assert (place["lat"], place["lon"], place["accessible"]) == ("51.3461", "12.4011", "true")
    offer = items(folder, "offers.yaml")["location-11"]
    assert offer["url"] == "https://integreat.app/testumgebung/de/locations/migrationsberatung/"
    assert offer["as_of"] == "2026-10-14"  # its last_updated
    assert offer["summary"]["de"] == "Wir beraten Menschen ab 27 Jahren, die neu in Deutschland sind. Die Beratung ist kostenlos und vertraulich."
    assert offer["description"]["de"] == "• Aufenthalt und Familiennachzug • Sprachkurse und Arbeit. Bringen Sie bitte Ihre Unterlagen mit."
    assert "ar" not in offer["description"]  # the Arabic text is all in its summary
    assert "description" not in items(folder, "offers.yaml")["location-12"]
    assert "<" not in offer["description"]["de"]
    assert offer["summary"]["ar"].startswith("نقدم الاستشارة")
    assert offer["hours"] == {"tue": ["09:00-12:00"], "thu": ["09:00-11:30", "13:00-16:00"], "fri": "appointment"}
    assert offer["contact"] == {"phone": "0341 / 123 456-0", "email": "mbe@example.org", "website": "https://example.org/mbe"}
    assert (offer["category"], offer["provider"], offer["place"]) == ("beratung", "org-caritas-testumgebung", "location-11")
    library = items(folder, "offers.yaml")["location-12"]
    assert library["hours"] == {"mon": ["10:00-18:00"], "wed": ["10:00-18:00"], "sat": ["00:00-24:00"]}
    assert library["provider"] == "integreat-testumgebung"
    assert "ar" not in library["title"]  # no Arabic page: `kiosk check` warns, the kiosk falls back


def test_the_loaded_pack_says_open_or_closed_from_the_imported_hours(imported):
    import datetime as dt
    from zoneinfo import ZoneInfo

    _code, _said, folder = imported
    pack, _report = load_pack(folder)
    hours = pack.items("offers")["location-11"].hours
    tuesday = dt.datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    status = hours.status(tuesday)
    assert status.open_now and status.closes.hour == 12


def test_categories_keep_their_names_in_each_language(imported):
    _code, _said, folder = imported
    pack = load_file(folder / "pack.yaml")
    cats = {str(c["id"]): c for c in pack["categories"]}
    assert cats["beratung"]["title"] == {"de": "Beratung", "en": "Counselling", "ar": "استشارة"}
    assert cats["beratung"]["icon"] == "counselling" and cats["beratung"]["color"] == "#1d6fa3"
    assert cats["bildung"]["color"] == "#1d4f91"  # Integreat's yellow is too light for white text
    assert pack["languages"] == ["de", "en", "ar"]
    assert pack["location"]["place"] == "location-11"


def test_events_keep_each_date_their_time_zone_and_address(imported):
    _code, _said, folder = imported
    events = items(folder, "events.yaml")
    assert sorted(events) == ["event-31-20261208", "event-31-20261215", "event-32-20270619"]
    cafe = events["event-31-20261215"]
    assert (cafe["start"], cafe["end"], cafe["timezone"]) == ("2026-12-15 16:00", "2026-12-15 18:00", "Europe/Berlin")
    assert cafe["url"] == "https://integreat.app/testumgebung/de/events/sprachcafe$2026-12-15/"
    assert cafe["title"] == {"de": "Sprachcafé", "en": "Language café"}
    assert cafe["place"] == "location-11"
    fest = events["event-32-20270619"]
    assert (fest["start"], fest["end"]) == ("2027-06-19 00:00", "2027-06-19 23:59")
    assert items(folder, "places.yaml")["location-21"]["address"]["street"] == "Parkallee 2"


def test_pages_become_documents_with_their_page_as_the_qr_target(imported):
    _code, _said, folder = imported
    docs = items(folder, "documents.yaml")
    welcome = docs["page-1010"]
    assert welcome["url"] == "https://integreat.app/testumgebung/de/willkommen/"
    assert welcome["title"] == {"de": "Willkommen in Testumgebung", "en": "Welcome to Testumgebung", "ar": "مرحبًا بكم في Testumgebung"}
    assert welcome["summary"]["de"] == ("Erste Schritte: Hier finden Sie Informationen für Ihre ersten Wochen in der Stadt. "
                                        "Melden Sie Ihre Wohnung innerhalb von zwei Wochen im Bürgerbüro an.")
    german = docs["page-1020"]
    assert "BAMF) & das Jobcenter" in german["summary"]["de"]
    assert german["languages"] == ["de", "en"]


def test_a_server_that_cannot_be_reached_is_said_in_one_line(capsys, tmp_path):
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    code, said = run(capsys, "import", "integreat", "testumgebung", "--out", tmp_path / "x", "--base-url", f"http://127.0.0.1:{port}")
    assert code == 2
    assert said.strip() == f"kiosk: cannot reach http://127.0.0.1:{port}: [Errno 111] Connection refused; check the network and --base-url"
    assert not (tmp_path / "x").exists()


def test_an_unknown_region_is_said_in_one_line(capsys, server, tmp_path):
    code, said = run(capsys, "import", "integreat", "nowhere", "--out", tmp_path / "x", "--base-url", server)
    assert code == 2
    assert said.strip() == f"kiosk: {server}/api/v3/regions/nowhere/: not found (HTTP 404): is 'nowhere' the region's name as in its Integreat address?"


class _Reshaped(_Recorded):
    """The recorded answers, but the languages as a mapping of code to name: not the API's shape."""

    def do_GET(self):
        if self.path.split("?", 1)[0].strip("/").endswith("testumgebung/languages"):
            body = json.dumps({"de": "Deutsch", "en": "English"}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()


def test_answers_of_another_shape_are_said_in_one_line_and_nothing_is_written(capsys, tmp_path):
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Reshaped)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        code, said = run(capsys, "import", "integreat", "testumgebung", "--out", tmp_path / "x", "--base-url", base)
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert code == 2
    assert said.strip() == (
        f"kiosk: {base}: the answers for the region 'testumgebung' are not shaped as Integreat's API v3 answers "
        "(AttributeError: 'str' object has no attribute 'get'); nothing was written. Is it an Integreat server, "
        "and is this kiosk's importer up to date?"
    )
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize("argv, words", [
    (["testumgebung", "--out", "{tmp}/Neu Stadt"], "use lowercase letters, digits and dashes"),
    (["Test Umgebung", "--out", "{tmp}/neu"], "write it as in the region's address"),
    (["testumgebung", "--out", "{tmp}/neu", "--base-url", "cms.example.org"], "--base-url must be a web address"),
])
def test_command_mistakes_are_refused_before_any_request(capsys, tmp_path, argv, words):
    code, said = run(capsys, "import", "integreat", *(a.replace("{tmp}", str(tmp_path)) for a in argv))
    assert code == 2 and words in said


@pytest.mark.parametrize("html, text", [
    ("<p>Eins.</p><p>Zwei &amp; drei.</p>", "Eins.\n\nZwei & drei."),
    ("<ul><li>A</li><li>B</li></ul>", "• A\n\n• B"),
    ("<p>x<br>y</p><script>alert(1)</script>", "x y"),  # a line break inside a paragraph
    ("<p>Tel.&nbsp;0341</p>", "Tel. 0341"),
    ("", ""),
])
def test_html_becomes_plain_text(html, text):
    assert html_to_text(html) == text


@pytest.mark.parametrize("text, limit, expected", [
    ("Eins. Zwei. Drei.", 100, "Eins. Zwei. Drei."),
    ("Eins ist lang. Zwei. Drei.", 20, "Eins ist lang. Zwei."),
    ("Ein sehr langer Satz ohne Ende in Sicht", 20, "Ein sehr langer…"),
    ("Titel\n\nText hier.\n\n• A\n\n• B", 100, "Titel: Text hier. • A • B"),
])
def test_sentences_are_kept_whole(text, limit, expected):
    assert sentences(text, limit) == expected


def test_fixtures_are_shaped_like_integreat_cms_answers():
    """Field for field as integreat_cms/api/v3/{locations,events,pages,languages}.py write them."""
    location = json.loads((RECORDED / "api/v3/testumgebung/de/locations.json").read_text())[0]
    assert {"id", "url", "path", "title", "modified_gmt", "last_updated", "meta_description", "excerpt", "content",
            "available_languages", "icon", "thumbnail", "website", "email", "phone_number", "category",
            "temporarily_closed", "opening_hours", "appointment_url", "location", "hash", "organization",
            "barrier_free"} == set(location)
    assert set(location["opening_hours"][0]) == {"allDay", "closed", "appointmentOnly", "timeSlots"}
    event = json.loads((RECORDED / "api/v3/testumgebung/de/events.json").read_text())[0]
    assert {"start", "end", "all_day", "timezone", "recurrence_id"} <= set(event["event"])
    page = json.loads((RECORDED / "api/v3/testumgebung/de/pages.json").read_text())[0]
    assert {"id", "url", "path", "title", "excerpt", "content", "parent", "order", "available_languages"} <= set(page)
    language = json.loads((RECORDED / "api/v3/testumgebung/languages.json").read_text())[0]
    assert set(language) == {"id", "code", "bcp47_tag", "native_name", "dir"}


def test_what_the_import_lacks_in_arabic_goes_to_a_translator(capsys, imported, tmp_path):
    import polib

    _code, _said, folder = imported
    out = tmp_path / "ar.po"
    code, said = run(capsys, "translations", "export", folder, "--lang", "ar", "--out", out)
    assert code == 0, said
    contexts = {e.msgctxt for e in polib.pofile(str(out))}
    assert "offers.yaml#offers/location-12/summary" in contexts  # the library has no Arabic page
    assert "offers.yaml#offers/location-11/summary" not in contexts
