"""A large pack checked in a child process: the kiosk reads back what the child checked, message for
message, and checks it itself whenever the child cannot help (it failed, or it loaded other plugins)."""

from __future__ import annotations

import logging
import shutil

import pytest

from conftest import FIXTURES
from kiosk.content import cache as packcache
from kiosk.content.apart import Apart, yaml_bytes
from packs import builtin_kinds
from test_cache import MINI, edit, messages, warned
from test_reload import live  # noqa: F401  (the fixture: a kiosk showing a copy of a pack)

ICONS = frozenset({"counselling", "info"})


@pytest.fixture
def checks(monkeypatch):
    """Every check this process makes itself (the child's are its own)."""
    from kiosk.content import loader

    made = []
    real = loader._PackLoader.load
    monkeypatch.setattr(loader._PackLoader, "load", lambda self: made.append(str(self.folder)) or real(self))
    return made


def fresh(pack, kinds=None):
    from kiosk.content import load_pack

    return load_pack(pack, builtin_kinds() if kinds is None else kinds, icons=ICONS)


@pytest.mark.parametrize("broken", [False, True], ids=["warnings", "errors"])
def test_a_large_pack_is_checked_by_a_child_and_read_back_as_the_kiosk_would_check_it(tmp_path, broken, checks):
    pack, cache = warned(tmp_path), tmp_path / "cache"
    if broken:
        edit(pack / "offers.yaml", "    category: help", "    categroy: help")
    expected, expected_report = fresh(pack)
    checks.clear()
    got, report = Apart(threshold=0).read(pack, builtin_kinds(), ICONS, cache)
    assert checks == [], "the child checked it; the kiosk only read it back"
    assert messages(report) == messages(expected_report)
    assert report.sorted() == expected_report.sorted()
    assert got == expected
    assert (got is None) == broken
    assert packcache.holds(cache, pack, builtin_kinds(), ICONS)


def test_a_child_that_fails_leaves_the_check_to_the_kiosk_with_a_log_line(tmp_path, checks, caplog):
    pack, cache = warned(tmp_path), tmp_path / "cache"
    config = tmp_path / "kiosk.yaml"
    config.write_text("plugins:\n  blocked: nothing\n")  # not a list: the child cannot start
    expected, expected_report = fresh(pack)
    checks.clear()
    with caplog.at_level(logging.WARNING, logger="kiosk"):
        got, report = Apart(config, threshold=0).read(pack, builtin_kinds(), ICONS, cache)
    assert checks == [str(pack)], "the kiosk checked it itself"
    assert got == expected and messages(report) == messages(expected_report)
    (line,) = [r.getMessage() for r in caplog.records if "apart failed" in r.getMessage()]
    assert str(pack) in line and "kiosk.yaml" in line, line


def test_a_child_without_one_of_the_kiosks_kinds_costs_time_not_correctness(tmp_path, checks):
    pack, cache = warned(tmp_path), tmp_path / "cache"
    kinds = builtin_kinds((str(FIXTURES / "plugins"),))  # the kiosk also has the repair café's kind
    assert "repairs" in [k.name for k in kinds] and "repairs" not in [k.name for k in builtin_kinds()]
    expected, expected_report = fresh(pack, kinds)
    checks.clear()
    Apart(threshold=0).read(pack, kinds, ICONS, cache)  # a child that is not told of its folder
    assert checks == [str(pack)], "another key: the kiosk checked it itself"
    got, report = Apart(threshold=0).read(pack, kinds, ICONS, cache)
    assert checks == [str(pack)], "what the kiosk checked is kept: no second child, no second check"
    assert got == expected and messages(report) == messages(expected_report)


def test_a_small_pack_is_checked_in_the_kiosk_itself(tmp_path, checks, monkeypatch):
    monkeypatch.setattr(Apart, "warm", lambda *a: pytest.fail("no child for a small pack"))
    pack, cache = warned(tmp_path), tmp_path / "cache"
    assert 0 < yaml_bytes(pack) < Apart().threshold
    got, report = Apart().read(pack, builtin_kinds(), ICONS, cache)
    assert checks == [str(pack)] and got is not None


def test_the_size_is_the_yaml_files_of_the_pack(tmp_path):
    pack = tmp_path / "pack"
    shutil.copytree(MINI, pack)
    before = yaml_bytes(pack)
    assert before == sum(p.stat().st_size for p in pack.rglob("*.yaml"))
    (pack / "picture.png").write_bytes(b"\0" * 10_000)
    (pack / "more").mkdir()
    (pack / "more" / "x.yml").write_text("a: 1\n")
    assert yaml_bytes(pack) == before + 5
    assert yaml_bytes(tmp_path / "none") == 0


@pytest.mark.parametrize("switched", [False, True], ids=["as started", "a plugin switched off and on"])
def test_the_running_kiosk_has_a_large_pack_checked_apart_on_a_reload(live, checks, monkeypatch, switched):
    from test_reload import retitle

    app = live.app
    if switched:  # its kinds come last now: the child must take them in the kiosk's order
        kinds = app.host.content_kinds()
        before = [k.name for k in kinds]
        plugin = next(p for p in ("events", "documents") if p != kinds[-1].plugin)  # one not last already
        for on in (False, True):
            app.switch_plugin(plugin, on)
            live.until(lambda: not app.watcher.busy)
        assert [k.name for k in app.host.content_kinds()] != before
        checks.clear()
    monkeypatch.setattr(app.watcher, "apart_bytes", 0)
    assert retitle(live) in live.texts()
    assert checks == [], "the child, with the kiosk's kiosk.yaml and plugin folders, checked the edit"


def test_the_running_kiosk_has_a_revision_checked_apart_and_refused_the_same(tmp_path, checks):
    from test_sync import Repo

    from kiosk.settings import load_settings
    from kiosk.sync import Syncer

    repo = Repo(tmp_path)
    repo.edit("osten/offers.yaml", "category:", "categori:")
    repo.commit("A typo")
    config = tmp_path / "kiosk.yaml"
    config.write_text(f"content:\n  source: {{git: {repo.remote}, interval: 60}}\n  pack: osten\n")
    settings = load_settings(config)
    plain = Syncer(settings, root=tmp_path / "plain").cycle()
    assert plain.refused and any("osten/offers.yaml:" in r and "categori" in r for r in plain.refused)
    checks.clear()
    syncer = Syncer(settings, root=tmp_path / "apart", apart=Apart(config, threshold=0))
    result = syncer.cycle()
    assert checks == [], "the child checked the revision"
    assert result.refused == plain.refused
    assert not syncer.scratch.exists(), "the child's check of the .tmp tree is not kept"
    repo.edit("osten/offers.yaml", "categori:", "category:")
    fixed = repo.commit("Typo fixed")
    assert syncer.cycle().swapped and syncer.shown() == fixed
    assert checks == [] and not syncer.scratch.exists()
