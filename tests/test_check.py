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
    "yaml syntax": ("offers.yaml", "    category: help", "    category: [help", "offers.yaml:10", "YAML syntax"),
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
