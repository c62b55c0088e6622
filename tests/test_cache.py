"""The cache of checked packs: a warm load gives the pack and the report a fresh check gives,
message for message; an edit, another reader or a broken cache file means a fresh check."""

from __future__ import annotations

import logging
import pickle
import shutil

import pytest

from conftest import FIXTURES, ROOT
from kiosk.content import cache as packcache
from kiosk.content import load_pack
from kiosk.yamlsafe import Loc
from packs import builtin_kinds
from test_reload import live  # noqa: F401  (the fixture: a kiosk showing a copy of a pack)

MINI = FIXTURES / "packs" / "mini"


def warned(tmp_path):
    """The mini pack with warnings in three files and one of another kind (a file not read)."""
    pack = tmp_path / "warned"
    shutil.copytree(MINI, pack)
    edit(pack / "offers.yaml", "      en: We help.\n", "")  # no English summary
    edit(pack / "pack.yaml", 'color: "#1d6fa3"', 'color: "#99ccff"')  # too light for white text
    edit(pack / "places.yaml", "lat:", "approximate: false\n    lat:")
    (pack / "notes.yaml").write_text("notes: nobody reads this\n")
    return pack


def edit(path, old, new):
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def messages(report):
    return [(str(p), p.warning) for p in report.problems]


def load(pack, cache, kinds=None):
    return load_pack(pack, builtin_kinds() if kinds is None else kinds, icons={"counselling", "info"}, cache=cache)


def test_a_warm_load_reports_exactly_what_a_fresh_one_does(tmp_path):
    pack, cache = warned(tmp_path), tmp_path / "cache"
    fresh, fresh_report = load(pack, None)
    assert len(fresh_report.warnings) >= 3 and fresh_report.ok, messages(fresh_report)
    cold, cold_report = load(pack, cache)
    assert list(cache.iterdir()), "the first load writes the cache"
    warm, warm_report = load(pack, cache)
    assert messages(cold_report) == messages(fresh_report)
    assert messages(warm_report) == messages(fresh_report)
    assert warm_report.sorted() == fresh_report.sorted()
    assert warm == fresh and warm is not cold
    offer = warm.items("offers")["advice"]
    assert offer.locs["category"] == fresh.items("offers")["advice"].locs["category"]
    assert offer.locs["category"].line == 8 and offer.locs["category"].path == str(pack / "offers.yaml")
    # a text's place comes back as a Loc, which says itself as path:line (a tuple equals one)
    assert type(offer.title.loc) is Loc and str(offer.title.loc) == str(fresh.items("offers")["advice"].title.loc)
    assert type(cold.items("offers")["advice"].title.loc) is Loc


def test_a_pack_with_errors_is_reported_the_same_from_the_cache(tmp_path):
    pack, cache = warned(tmp_path), tmp_path / "cache"
    edit(pack / "offers.yaml", "    category: help", "    categroy: help")
    fresh, fresh_report = load(pack, None)
    load(pack, cache)
    warm, warm_report = load(pack, cache)
    assert fresh is None and warm is None
    assert messages(warm_report) == messages(fresh_report)
    assert any("unknown field 'categroy'" in m for m, _ in messages(warm_report))


def test_a_cached_pack_is_used_and_any_edit_is_checked_afresh(tmp_path, monkeypatch):
    from kiosk.content import loader

    pack, cache = warned(tmp_path), tmp_path / "cache"
    checks = []
    real = loader._PackLoader.load
    monkeypatch.setattr(loader._PackLoader, "load", lambda self: checks.append(1) or real(self))
    load(pack, cache)
    load(pack, cache)
    assert checks == [1], "the second load is read from the cache"
    edit(pack / "offers.yaml", "de: Beratung", "de: Beratung (neu)")
    changed, report = load(pack, cache)
    assert checks == [1, 1], "an edited file is another key: checked afresh"
    assert changed.items("offers")["advice"].title.values["de"] == "Beratung (neu)"
    (pack / "notes.yaml").unlink()  # a file gone changes the report, and so the key
    _, report = load(pack, cache)
    assert not any("notes.yaml" in m for m, _ in messages(report))
    assert load(pack, cache)[0].items("offers")["advice"].title.values["de"] == "Beratung (neu)"
    assert checks == [1, 1, 1]


def test_the_key_covers_the_readers_the_kinds_and_the_icons(tmp_path):
    pack = warned(tmp_path)
    kinds = builtin_kinds()
    base = packcache.key(pack, kinds, {"info"})
    assert packcache.key(pack, kinds, {"info"}) == base
    assert packcache.key(pack, kinds, {"info", "counselling"}) != base
    assert packcache.key(pack, kinds[:-1], {"info"}) != base
    moved = tmp_path / "moved"
    shutil.copytree(pack, moved)
    assert packcache.key(moved, kinds, {"info"}) != base, "messages name the folder"
    reader = tmp_path / "plugins" / "cafe_copy"
    shutil.copytree(FIXTURES / "plugins" / "repair_cafe", reader)
    with_reader = builtin_kinds((str(tmp_path / "plugins"),))
    sources = {str(packcache._package(k.read)) for k in with_reader}
    assert str(reader.resolve()) in sources, "the plugin's whole folder is in the key"
    before = packcache.key(pack, with_reader, {"info"})
    assert before != packcache.key(pack, kinds, {"info"})
    with (reader / "content.py").open("a") as f:
        f.write("# a change to the reader's code\n")
    assert packcache.key(pack, with_reader, {"info"}) != before, "the reader's code is in the key"


@pytest.mark.parametrize("damage", ["cut", "garbage", "format", "empty", "unpicklable class"])
def test_a_broken_cache_is_ignored_with_a_log_line_and_rebuilt(tmp_path, caplog, damage):
    pack, cache = warned(tmp_path), tmp_path / "cache"
    fresh, fresh_report = load(pack, None)
    load(pack, cache)
    (file,) = cache.iterdir()
    data = file.read_bytes()
    head, digest, body = data.split(b"\n", 2)
    broken = {
        "cut": data[: len(data) // 2],
        "garbage": head + b"\n" + digest + b"\n" + b"\x80\x05not a pickle",
        "format": b"kiosk-pack-cache 0\n" + digest + b"\n" + body,
        "empty": b"",
        "unpicklable class": head + b"\n" + digest + b"\n" + pickle.dumps(_Gone()).replace(b"_Gone", b"_Lost"),
    }[damage]
    file.write_bytes(broken)
    with caplog.at_level(logging.INFO, logger="kiosk"):
        again, report = load(pack, cache)
    assert again == fresh and messages(report) == messages(fresh_report)
    assert any("content cache" in r.getMessage() for r in caplog.records), "the broken cache is logged"
    assert file.read_bytes() == data, "and written anew"


class _Gone:
    pass


def test_an_unwritable_cache_is_logged_and_the_pack_still_loads(tmp_path, caplog):
    pack = warned(tmp_path)
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the cache folder should be")
    with caplog.at_level(logging.WARNING, logger="kiosk"):
        loaded, report = load(pack, blocked)
    assert loaded is not None and report.ok
    assert any("cannot write" in r.getMessage() for r in caplog.records)


def test_kiosk_check_says_the_same_from_the_cache(tmp_path, monkeypatch, capsys):
    from kiosk.cli import main

    pack = warned(tmp_path)
    monkeypatch.setenv("KIOSK_STATE_DIR", str(tmp_path / "state"))
    outputs = []
    for _ in range(2):
        code = main(["check", str(pack)])
        outputs.append((code, capsys.readouterr().out))
    # in the state folder of a kiosk prepared in this process (the tests' harness), else $KIOSK_STATE_DIR
    assert packcache._file(packcache.in_use(), pack).is_file(), "kiosk check keeps what it checked"
    assert outputs[0] == outputs[1]
    assert outputs[0][0] == 0 and "warning: summary has no translation for en" in outputs[0][1]
    assert "notes.yaml:1: warning: file is not read" in outputs[0][1]


def test_the_running_kiosk_keeps_its_pack_in_the_cache_and_a_reload_reads_the_edit(live):
    from test_reload import retitle

    from kiosk.runtime import _icon_names

    app = live.app
    cache = packcache.in_use()
    assert cache.parent == app.state_dir, "the cache is in the kiosk's state folder"

    def stored_key():
        (file,) = [f for f in cache.iterdir() if f.name == packcache._file(cache, live.pack_dir).name]
        return file.read_bytes().split(b"\n")[1].decode()

    kinds = app.host.content_kinds()
    assert stored_key() == packcache.key(live.pack_dir, kinds, _icon_names())
    assert retitle(live) in live.texts()
    assert stored_key() == packcache.key(live.pack_dir, kinds, _icon_names()), "the edit is what is cached now"


def test_a_reader_in_a_module_of_its_own_is_keyed_by_that_file(tmp_path, monkeypatch):
    import importlib

    (tmp_path / "lone_reader.py").write_text("def read(node, r):\n    return None\n")
    (tmp_path / "other.py").write_text("# not the reader's\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    module = importlib.import_module("lone_reader")
    assert packcache._package(module.read) == (tmp_path / "lone_reader.py").resolve()
    assert packcache._package(packcache.key) == (ROOT / "kiosk").resolve()
