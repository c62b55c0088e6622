"""`kiosk check`: the shipped packs are clean; every broken pack names its file, line and problem."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT
from kiosk.cli import main

MINI = FIXTURES / "packs" / "mini"


def run_check(capsys, *packs) -> tuple[int, str]:
    code = main(["check", *map(str, packs)])
    out = capsys.readouterr()
    return code, out.out + out.err


@pytest.mark.parametrize("pack", ["leipziger-osten", "leipziger-westen", "schoenefeld"])
def test_shipped_packs_check_clean(capsys, pack):
    code, out = run_check(capsys, ROOT / "content" / pack)
    assert code == 0, out
    assert f"content/{pack}: ok:" in out
    assert "0 warning(s)" in out
    assert "error" not in out


def test_check_defaults_to_the_packs_in_kiosk_yaml(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    code, out = run_check(capsys)
    assert code == 0
    assert out.count(": ok:") == 3


def broken(tmp_path: Path, file: str, old: str, new: str) -> Path:
    pack = tmp_path / "mini"
    shutil.copytree(MINI, pack)
    text = (pack / file).read_text()
    assert old in text, f"{old!r} not in {file}"
    (pack / file).write_text(text.replace(old, new, 1))
    return pack


# (file, replace this, with this, expected file:line, expected words)
CASES = {
    "yaml syntax": ("offers.yaml", "    category: help", "    category: [help", "offers.yaml:9", "the [ on this line is not closed: end it with ] on the same line"),
    "unknown field": ("offers.yaml", "    category: help", "    categroy: help", "offers.yaml:9", "unknown field 'categroy' in an offer (did you mean 'category'?)"),
    "missing required": ("offers.yaml", "    provider: city\n", "", "offers.yaml:2", "missing the required field 'provider'"),
    "wrong type": ("places.yaml", "lat: 51.3458445", "lat: north", "places.yaml:10", "lat (latitude) must be a number"),
    "text not a map": ("offers.yaml", "    summary:\n      de: Wir helfen.\n      en: We help.", "    summary: We help.", "offers.yaml:6", "must be a map of language to text"),
    "unknown language": ("offers.yaml", "languages: [de, ar]", "languages: [de, xx]", "offers.yaml:12", "unknown language code 'xx'"),
    "unknown place": ("offers.yaml", "    place: hall", "    place: hal", "offers.yaml:11", "unknown place 'hal' (did you mean 'hall'?)"),
    "unknown provider": ("offers.yaml", "    provider: city", "    provider: town", "offers.yaml:10", "unknown provider 'town'"),
    "unknown category": ("offers.yaml", "    category: help", "    category: food", "offers.yaml:9", "unknown category 'food'"),
    "duplicate id": ("documents.yaml", "documents:\n", "documents:\n  - id: guide\n    title: {de: A, en: A}\n    url: https://example.org/a\n", "documents.yaml:5", "duplicate id 'guide'"),
    "url not http": ("offers.yaml", "url: https://example.org/advice", "url: ftp://example.org/advice", "offers.yaml:13", "must be a web address starting with http:// or https://"),
    "time not HH:MM": ("offers.yaml", '"10:00-12:00"', '"10:00-25:00"', "offers.yaml:15", "must be a time HH:MM"),
    "slot ends before start": ("offers.yaml", '"10:00-12:00"', '"12:00-10:00"', "offers.yaml:15", "ends before it starts"),
    "event ends before start": ("events.yaml", '"2026-12-01 17:00"', '"2026-12-01 13:00"', "events.yaml:11", "the event ends before it starts"),
    "bad date-time": ("events.yaml", '"2026-12-01 14:00"', '"1 Dec 2026"', "events.yaml:10", "must be a date and time"),
    "unsafe tag": ("offers.yaml", "    category: help", "    category: !!python/object/apply:os.system [ls]", "offers.yaml:9", "unsafe or unknown YAML tag"),
    "pack location unknown": ("pack.yaml", "  place: hall", "  place: hallway", "pack.yaml:7", "unknown place 'hallway' for the kiosk's location"),
    "pack location misspelt": ("pack.yaml", "  place: hall", "  plac: hall", "pack.yaml:7", "location is missing the required field 'place'"),
    "bad colour": ("pack.yaml", 'color: "#1d6fa3"', 'color: blue', "pack.yaml:14", "color must look like"),
    "valid_until before valid_from": ("offers.yaml", "    place: hall\n", "    place: hall\n    valid_from: 2026-05-01\n    valid_until: 2026-04-01\n", "offers.yaml:13", "valid_until is before valid_from"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_broken_pack_is_reported_with_file_and_line(capsys, tmp_path, case):
    file, old, new, where, words = CASES[case]
    pack = broken(tmp_path, file, old, new)
    code, out = run_check(capsys, pack)
    assert code == 1, out
    lines = [line for line in out.splitlines() if words in line]
    assert lines, out
    assert any(line.split(": ", 1)[0].endswith(where) for line in lines), out
    assert "Traceback" not in out


def test_all_errors_are_reported_not_only_the_first(capsys, tmp_path):
    pack = broken(tmp_path, "offers.yaml", "    place: hall", "    place: hal")
    text = (pack / "events.yaml").read_text().replace("place: hall", "place: nowhere")
    (pack / "events.yaml").write_text(text)
    code, out = run_check(capsys, pack)
    assert code == 1
    assert "unknown place 'hal'" in out and "unknown place 'nowhere'" in out


def test_missing_translation_is_a_warning_not_an_error(capsys, tmp_path):
    pack = broken(tmp_path, "offers.yaml", "      en: We help.\n", "")
    code, out = run_check(capsys, pack)
    assert code == 0, out
    assert "warning: summary has no translation for en" in out
    assert "1 warning(s)" in out


def test_alias_bomb_is_refused_quickly(capsys, tmp_path):
    pack = tmp_path / "mini"
    shutil.copytree(MINI, pack)
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]']
    for prev, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 10) + "]")
    (pack / "places.yaml").write_text("\n".join(lines) + "\n")
    start = time.process_time()
    code, out = run_check(capsys, pack)
    assert code == 1
    assert "aliases (*name) expand this file far beyond what is written" in out
    assert time.process_time() - start < 5  # a billion laughs would take hours and gigabytes


def test_oversized_file_is_refused_without_reading_it(capsys, tmp_path):
    from kiosk import yamlsafe

    pack = tmp_path / "mini"
    shutil.copytree(MINI, pack)
    with open(pack / "offers.yaml", "ab") as f:
        f.truncate(yamlsafe.MAX_BYTES + 1)
    code, out = run_check(capsys, pack)
    assert code == 1
    assert "offers.yaml:1: file is too large" in out


def test_pack_without_pack_yaml(capsys, tmp_path):
    code, out = run_check(capsys, tmp_path)
    assert code == 1
    assert "a content pack needs a pack.yaml file" in out


# -- the map section of pack.yaml -----------------------------------------------------------------

MBTILES = ROOT / "content" / "leipziger-osten" / "map" / "district.mbtiles"


def mapped(tmp_path: Path, section: str, tiles: str = "copy") -> Path:
    """The mini pack with `section` appended to its pack.yaml (`map:` on line 18) and map/district.mbtiles:
    a copy of the shipped map, `text` (not a database), `pbf` (vector tiles) or `anonymous` (no
    attribution in its metadata)."""
    import sqlite3

    pack = tmp_path / "mini"
    shutil.copytree(MINI, pack)
    target = pack / "map" / "district.mbtiles"
    target.parent.mkdir()
    if tiles == "text":
        target.write_text("this is not a map\n")
    elif tiles == "pbf":
        db = sqlite3.connect(target)
        db.executescript("CREATE TABLE metadata (name TEXT, value TEXT); INSERT INTO metadata VALUES ('format', 'pbf');"
                         "CREATE TABLE tiles (zoom_level INT, tile_column INT, tile_row INT, tile_data BLOB);"
                         "INSERT INTO tiles VALUES (14, 1, 1, x'00');")
        db.commit()
        db.close()
    else:
        shutil.copy(MBTILES, target)
        if tiles == "anonymous":
            db = sqlite3.connect(target)
            db.execute("DELETE FROM metadata WHERE name = 'attribution'")
            db.commit()
            db.close()
    with open(pack / "pack.yaml", "a") as f:
        f.write(section)
    return pack


MAP = "map:\n  tiles: map/district.mbtiles\n"
# (pack.yaml addition, tiles file, expected file:line, expected words)
MAP_CASES = {
    "missing file": ("map:\n  tiles: map/distrikt.mbtiles\n", "copy", "pack.yaml:19", "map.tiles: there is no file 'map/distrikt.mbtiles' in the pack"),
    "not an MBTiles": (MAP, "text", "pack.yaml:19", "'map/district.mbtiles' is not an MBTiles file"),
    "vector tiles": (MAP, "pbf", "pack.yaml:19", "holds vector tiles (format pbf); the kiosk draws raster tiles"),
    "outside the pack": ("map:\n  tiles: ../../outside.mbtiles\n", "copy", "pack.yaml:19", "must be a file inside the pack's folder"),
    "wrong key": ("map:\n  tile: map/district.mbtiles\n", "copy", "pack.yaml:19", "unknown field 'tile' in map (did you mean 'tiles'?)"),
    "key missing": ("map:\n  tile: map/district.mbtiles\n", "copy", "pack.yaml:19", "map is missing the required field 'tiles'"),
    "no attribution": (MAP, "anonymous", "pack.yaml:19", "map needs an attribution"),
    "bounds beyond the tiles": (MAP + "  bounds: [12.0, 51.0, 13.0, 52.0]\n", "copy", "pack.yaml:20", "map.bounds reach beyond the map's tiles"),
    "bounds not four": (MAP + "  bounds: [12.39, 51.34, 12.41]\n", "copy", "pack.yaml:20", "map.bounds must be a list of four numbers"),
    "bounds upside down": (MAP + "  bounds: [12.41, 51.34, 12.39, 51.35]\n", "copy", "pack.yaml:20", "west below east"),
    "zoom too far": (MAP + "  zoom: 25\n", "copy", "pack.yaml:20", "map.zoom must be between 0 and 22, not 25"),
    "zoom outside its limits": (MAP + "  min_zoom: 15\n  zoom: 14.5\n", "copy", "pack.yaml:21", "map.zoom (14.5) must lie between map.min_zoom (15)"),
    "attribution a list": (MAP + "  attribution: [a, b]\n", "copy", "pack.yaml:20", "map.attribution must be a mapping"),
}


@pytest.mark.parametrize("case", sorted(MAP_CASES))
def test_broken_map_is_reported_with_file_and_line(capsys, tmp_path, case):
    section, tiles, where, words = MAP_CASES[case]
    pack = mapped(tmp_path, section, tiles)
    code, out = run_check(capsys, pack)
    assert code == 1, out
    lines = [line for line in out.splitlines() if words in line]
    assert lines, out
    assert any(line.split(": ", 1)[0].endswith(where) for line in lines), out
    assert "Traceback" not in out


def test_a_good_map_checks_clean_and_places_outside_it_are_warned(capsys, tmp_path):
    pack = mapped(tmp_path / "a", MAP + "  attribution: Own drawing (MIT)\n  zoom: 16.5\n")
    code, out = run_check(capsys, pack)
    assert code == 0 and "0 warning(s)" in out, out
    from packs import load_pack

    info = load_pack(pack)[0].section("map")
    assert info.zoom == 16.5 and info.tile_zooms == (14, 17) and info.attribution.pick("en")[0] == "Own drawing (MIT)"
    pack = mapped(tmp_path / "b", MAP + "  bounds: [12.41, 51.34, 12.42, 51.35]\n")
    code, out = run_check(capsys, pack)
    assert code == 0, out
    assert "pack.yaml:7: warning: the kiosk's place 'hall' lies outside the map's bounds" in out
    assert "places.yaml:2: warning: place 'hall' lies outside the map's bounds: the map shows no pin for it" in out


# -- messages for a person who is not a programmer ---------------------------------------------------
# Each case: (file, replace this, with this, the exact line `kiosk check` prints for it). Every
# message says what to write instead.

TWO_OFFERS = """\
  - id: second
    title:
      de: Zweites
      en: Second
    summary:
      de: Noch eins.
      en: One more.
    category: help
    provider: city
    place: hal
"""

MESSAGES = {
    "tab": ("offers.yaml", "    category: help", "\tcategory: help",
            "offers.yaml:9: a tab is used to indent this line: indent with spaces only, two for each level, as the lines above do"),
    "colon in a text": ("offers.yaml", "      de: Beratung\n", "      de: Beratung: Hilfe\n",
                        'offers.yaml:4: the text after de: contains a colon, so put it in quotes: de: "Beratung: Hilfe"'),
    "colon in a one-line text": ("documents.yaml", "    url: https://example.org/guide", "    format: PDF: 2 Seiten\n    url: https://example.org/guide",
                                 'documents.yaml:6: the text after format: contains a colon, so put it in quotes: format: "PDF: 2 Seiten"'),
    "open bracket": ("offers.yaml", "    category: help", "    category: [help",
                     "offers.yaml:9: the [ on this line is not closed: end it with ] on the same line, like [de, en]"),
    "open quote": ("offers.yaml", "      de: Wir helfen.", '      de: "Wir helfen.',
                   'offers.yaml:7: the quote " that starts the text on this line is never closed: end the text with " on the same line'),
    "text after the quote": ("offers.yaml", "      de: Wir helfen.", '      de: "Wir" helfen.',
                             "offers.yaml:7: the text after de: goes on after its closing quote: put the whole text in quotes: de: '\"Wir\" helfen.'"),
    "text starting with *": ("offers.yaml", "      de: Beratung\n", "      de: *Beratung\n",
                             'offers.yaml:4: a text cannot start with * unless it is in quotes: de: "*Beratung"'),
    "text starting with @": ("offers.yaml", "      de: Beratung\n", "      de: @Beratung\n",
                             'offers.yaml:4: a text cannot start with @ unless it is in quotes: de: "@Beratung"'),
    "dash without space": ("pack.yaml", "  - id: help", "  -id: help",
                           "pack.yaml:9: a dash that starts a list entry needs a space after it: - id: help"),
    "indented less": ("offers.yaml", "    provider: city", "   provider: city",
                      "offers.yaml:10: this line is indented by 3 spaces, the line above by 4: line it up with the line it belongs to (two spaces for each level)"),
    "indented under a value": ("offers.yaml", "    provider: city", "      provider: city",
                               "offers.yaml:10: this line is indented further than the line above, which has its value already: indent it by 4 spaces like line 9, or put it under a key of its own"),
    "German weekday": ("offers.yaml", '      tue: ["10:00-12:00"]', '      di: ["10:00-12:00"]',
                       "offers.yaml:15: unknown field 'di' in hours: weekdays are written mon tue wed thu fri sat sun: write tue: instead of di:"),
    "German weekday in full": ("offers.yaml", '      tue: ["10:00-12:00"]', '      Donnerstag: ["10:00-12:00"]',
                               "offers.yaml:15: unknown field 'Donnerstag' in hours: weekdays are written mon tue wed thu fri sat sun: write thu: instead of Donnerstag:"),
    "hours without minutes": ("offers.yaml", '"10:00-12:00"', '"9-12"',
                              'offers.yaml:15: hours.tue: times are written with a colon and two digits each: write "09:00-12:00" instead of 9-12'),
    "hours with points": ("offers.yaml", '"10:00-12:00"', '"9.00-12.30"',
                          'offers.yaml:15: hours.tue: times are written with a colon and two digits each: write "09:00-12:30" instead of 9.00-12.30'),
    "hours with Uhr": ("offers.yaml", '"10:00-12:00"', '"10 Uhr-12 Uhr"',
                       'offers.yaml:15: hours.tue: times are written with a colon and two digits each: write "10:00-12:00" instead of 10 Uhr-12 Uhr'),
    "hour 25": ("offers.yaml", '"10:00-12:00"', '"10:00-25:00"',
                "offers.yaml:15: hours.tue end must be a time HH:MM, with a colon and two digits each (like 09:30), not '25:00'"),
    "slot backwards": ("offers.yaml", '"10:00-12:00"', '"12:00-10:00"',
                       "offers.yaml:15: hours.tue: 12:00-10:00 ends before it starts: write the earlier time first (an end of 24:00 is midnight)"),
    "slot without dash": ("offers.yaml", '"10:00-12:00"', '"10:00 bis 12:00"',
                          "offers.yaml:15: hours.tue: a time slot is written \"10:00-12:00\" (start-end), not '10:00 bis 12:00'"),
    "overlap": ("offers.yaml", '"10:00-12:00"', '"10:00-12:00", "11:00-13:00"',
                "offers.yaml:15: hours.tue: time slots overlap: let one end before the next starts"),
    "German date": ("offers.yaml", "    place: hall\n", "    place: hall\n    valid_from: 24.12.2026\n",
                    "offers.yaml:12: valid_from: dates are written year-month-day: write 2026-12-24 instead of 24.12.2026"),
    "short German date": ("offers.yaml", "    place: hall\n", "    place: hall\n    valid_until: 1.3.27\n",
                          "offers.yaml:12: valid_until: dates are written year-month-day: write 2027-03-01 instead of 1.3.27"),
    "no such day": ("offers.yaml", "    place: hall\n", "    place: hall\n    valid_until: 2026-02-30\n",
                    "offers.yaml:12: valid_until: there is no day 2026-02-30: check the month and the day (year-month-day)"),
    "German date and time": ("events.yaml", '"2026-12-01 14:00"', '"1.12.2026 14.00"',
                             "events.yaml:10: start: write \"2026-12-01 14:00\" (year-month-day hour:minute) instead of '1.12.2026 14.00'"),
    "closure backwards": ("offers.yaml", "      by_appointment: true", '      closed:\n        - from: "2026-12-30"\n          to: "2026-12-23"',
                          "offers.yaml:18: closure: to (2026-12-23) is before from (2026-12-30): write the first closed day in from: and the last in to:"),
    "closure without end": ("offers.yaml", "      by_appointment: true", '      closed:\n        - from: "2026-12-23"',
                            'offers.yaml:17: a closure needs date: (one day) or from: and to: (first and last closed day), like from: "2026-12-23" and to: "2027-01-02"'),
    "closure German date": ("offers.yaml", "      by_appointment: true", "      closed: [24.12.2026]",
                            "offers.yaml:16: hours.closed: dates are written year-month-day: write 2026-12-24 instead of 24.12.2026"),
    "unknown holidays region": ("pack.yaml", "languages: [de, en]", "languages: [de, en]\nholidays: DE-XY",
                                "pack.yaml:6: holidays must be a region code like DE-SN (Saxony) or DE-BE (Berlin), or a country like DE, not 'DE-XY' (did you mean 'DE-BY'?)"),
    "holidays in small letters": ("pack.yaml", "languages: [de, en]", "languages: [de, en]\nholidays: de-sn",
                                  "pack.yaml:6: holidays: write the region in capitals: DE-SN"),
    "public_holidays without a region": ("offers.yaml", "      by_appointment: true", "      public_holidays: open",
                                         "offers.yaml:16: warning: public_holidays has no effect: pack.yaml names no holidays region (add a line like holidays: DE-SN)"),
    "missing field": ("offers.yaml", "    provider: city\n", "",
                      "offers.yaml:2: an offer is missing the required field 'provider': add a line provider: ..."),
    "unknown field far from any": ("offers.yaml", "    category: help", "    category: help\n    farbe: blau",
                                   "offers.yaml:10: unknown field 'farbe' in an offer: the fields here are as_of, category, contact, description, hours, id, languages, place, provider, status_note, summary, title, url, valid_from, valid_until"),
    "unknown category, none close": ("offers.yaml", "    category: help", "    category: food",
                                     "offers.yaml:9: unknown category 'food': write one of help"),
    "duplicate id": ("documents.yaml", "documents:\n", "documents:\n  - id: guide\n    title: {de: A, en: A}\n    url: https://example.org/a\n",
                     "documents.yaml:5: duplicate id 'guide' (first used at line 2): give each one an id of its own"),
    "missing translation": ("offers.yaml", "      en: We help.\n", "",
                            "offers.yaml:7: warning: summary has no translation for en: add a line en: ... (kiosk translations export makes a file for a translator)"),
    "phone with letters": ("providers.yaml", '      phone: "+49 341 000000"', '      phone: "0341 ruf an"',
                           'providers.yaml:7: phone \'0341 ruf an\' must be digits, spaces and + ( ) / - only, like "+49 341 123456"'),
    "email without @": ("providers.yaml", "      email: info@example.org", "      email: info.example.org",
                        "providers.yaml:8: email 'info.example.org' is not an e-mail address: write it like info@example.org"),
    "empty text": ("offers.yaml", "    summary:\n      de: Wir helfen.\n      en: We help.", "    summary: {}",
                   "offers.yaml:6: summary has no text: write at least one line like de: ..."),
    "key twice": ("providers.yaml", "      website: https://example.org/", "      website: https://example.org/\n      phone: \"+49 341 1\"",
                  "providers.yaml:10: 'phone' appears twice here (first at line 7): keep one and remove or rename the other"),
    "decimal comma": ("places.yaml", "lat: 51.3458445", "lat: 51,3458445",
                      "places.yaml:10: lat (latitude) must be a number, not '51,3458445': write 51.3458445"),
}


@pytest.mark.parametrize("case", sorted(MESSAGES))
def test_every_message_says_what_to_write(capsys, tmp_path, case):
    file, old, new, expected = MESSAGES[case]
    pack = broken(tmp_path, file, old, new)
    code, out = run_check(capsys, pack)
    lines = [line.split("/mini/", 1)[-1] for line in out.splitlines()]
    assert expected in lines, out
    assert code == (0 if ": warning: " in expected else 1)


def test_a_syntax_error_in_one_item_hides_no_error_of_the_others(capsys, tmp_path):
    pack = broken(tmp_path, "offers.yaml", "      de: Beratung\n", "      de: Beratung: Hilfe\n")
    with open(pack / "offers.yaml", "a") as f:
        f.write(TWO_OFFERS)
    code, out = run_check(capsys, pack)
    assert code == 1
    lines = [line.split("/mini/", 1)[-1] for line in out.splitlines() if "/mini/" in line]
    assert lines == [
        'offers.yaml:4: the text after de: contains a colon, so put it in quotes: de: "Beratung: Hilfe"',
        "offers.yaml:26: unknown place 'hal' (did you mean 'hall'?)",
    ]


def test_an_item_without_an_id_is_still_checked(capsys, tmp_path):
    pack = broken(tmp_path, "offers.yaml", "  - id: advice\n    title:", "  - title:")
    text = (pack / "offers.yaml").read_text().replace('tue: ["10:00-12:00"]', 'di: ["10:00-12:00"]')
    (pack / "offers.yaml").write_text(text)
    code, out = run_check(capsys, pack)
    assert code == 1
    lines = [line.split("/mini/", 1)[-1] for line in out.splitlines() if "/mini/" in line]
    assert "offers.yaml:2: an offer is missing the required field 'id': add a line id: ..." in lines
    assert any(line.startswith("offers.yaml:14: unknown field 'di' in hours") for line in lines), out


def test_errors_come_first_then_warnings_each_by_file_and_line(capsys, tmp_path):
    pack = broken(tmp_path, "offers.yaml", "      en: We help.\n", "")  # a warning in offers.yaml
    text = (pack / "offers.yaml").read_text().replace("place: hall", "place: hal")  # an error after it
    (pack / "offers.yaml").write_text(text)
    (pack / "places.yaml").write_text((pack / "places.yaml").read_text().replace("      en: Hall\n", ""))  # warning
    (pack / "documents.yaml").write_text((pack / "documents.yaml").read_text().replace("https://", "ftp://"))  # error
    code, out = run_check(capsys, pack)
    assert code == 1
    problems = [line.split("/mini/", 1)[-1] for line in out.splitlines() if "/mini/" in line]
    kinds = ["warning" if ": warning: " in p else "error" for p in problems]
    assert kinds == sorted(kinds), out  # every error before any warning
    errors = [p for p in problems if ": warning: " not in p]
    warnings = [p for p in problems if ": warning: " in p]
    key = lambda p: (p.split(":")[0], int(p.split(":")[1]))
    assert errors == sorted(errors, key=key) and warnings == sorted(warnings, key=key)
    assert [p.split(":")[0] for p in errors] == ["documents.yaml", "offers.yaml"]
    assert [p.split(":")[0] for p in warnings] == ["offers.yaml", "places.yaml"]


def test_check_shows_how_complete_each_language_is(capsys, tmp_path):
    pack = broken(tmp_path, "offers.yaml", "      en: We help.\n", "")
    code, out = run_check(capsys, pack)
    assert code == 0
    assert f"{pack.name}: translated: de 100%, en 90% (1 missing)" in out.replace(str(pack), pack.name)
