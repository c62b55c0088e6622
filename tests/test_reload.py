"""Changes without downtime: content and kiosk.yaml edited on disk while the kiosk runs."""

from __future__ import annotations

import logging
import shutil

import pytest

from conftest import BREAKING, ROOT


@pytest.fixture
def live(kiosk, tmp_path):
    """The kiosk showing a copy of the default pack, configured by a kiosk.yaml in tmp_path."""
    from kiosk.runtime import load_content
    from kiosk.settings import load_settings

    pack = tmp_path / "pack"
    shutil.copytree(ROOT / "content" / "leipziger-osten", pack)
    config = tmp_path / "kiosk.yaml"
    write_config(config, pack)
    app = kiosk.app
    settings = load_settings(config)
    app.settings = app.host.settings = settings
    app.set_pack(load_content(settings, app.host))
    app.watcher._seen = app.watcher.fingerprint()
    kiosk.go("home")
    kiosk.config, kiosk.pack_dir = config, pack
    yield kiosk
    for name in ("documents", "events"):
        if app.host.plugins[name].state != "active":
            app.switch_plugin(name, True)
    kiosk.until(lambda: not app.watcher.busy)  # no check of this test's files runs on into the next


def write_config(path, pack, blocked=(), idle=90):
    blocked = list(BREAKING) + list(blocked)
    path.write_text(
        f"content:\n  pack: {pack}\n  available: [{pack}]\n"
        f"plugins:\n  order: [offers, events, documents, map, languages, qr, attract]\n  blocked: [{', '.join(blocked)}]\n"
        f"idle_timeout: {idle}\n"
    )


def settle(kiosk):
    """Let the watcher see the change, see it stay, check it, and apply it."""
    app = kiosk.app
    kiosk.advance(2.5)
    kiosk.advance(2.5)
    kiosk.until(lambda: not app.watcher.busy)
    kiosk.frames(3)
    kiosk.until(lambda: not app.watcher.busy)  # a plugin switched on or off has the pack read again
    kiosk.frames(3)


def edit(path, old, new):
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def offer_id(kiosk):
    return "integration-questions" if "integration-questions" in kiosk.app.pack.items("offers") else sorted(kiosk.app.pack.items("offers"))[0]


def test_a_valid_change_replaces_the_content_and_the_visitor_stays(live):
    app = live.app
    oid = offer_id(live)
    live.go(f"offer/{oid}")
    title = app.pack_text(app.pack.items("offers")[oid].title)
    old_pack = app.pack
    edit(live.pack_dir / "offers.yaml", f"de: {title}\n", f"de: {title} (neu)\n")
    settle(live)
    assert app.pack is not old_pack
    assert app.route == f"offer/{oid}"
    assert f"{title} (neu)" in live.texts()


def test_an_item_that_is_gone_sends_the_visitor_home(live):
    app = live.app
    live.go("document/willkommen-im-leipziger-osten" if "willkommen-im-leipziger-osten" in app.pack.items("documents") else f"document/{sorted(app.pack.items('documents'))[0]}")
    route = app.route
    assert route.startswith("document/")
    (live.pack_dir / "documents.yaml").write_text("documents: []\n")
    settle(live)
    assert app.route == "home"
    assert len(app.pack.items("documents")) == 0


def test_broken_content_keeps_the_last_good_and_says_what_is_wrong(live, caplog):
    app = live.app
    oid = offer_id(live)
    live.go(f"offer/{oid}")
    shown = list(live.texts())
    good = app.pack
    with caplog.at_level(logging.ERROR, logger="kiosk.reload"):
        edit(live.pack_dir / "offers.yaml", "category:", "categori:")
        settle(live)
    assert app.pack is good
    assert app.route == f"offer/{oid}" and live.texts() == shown
    last = app.watcher.last
    assert not last.ok
    assert any("offers.yaml:" in p and "categori" in p for p in last.problems)
    assert any("keeps showing its last good content" in r.getMessage() for r in caplog.records)
    app.admin.open_panel()
    live.frames(3)
    texts = "\n".join(live.texts())
    assert "Die letzte Änderung hat Fehler und wird nicht gezeigt" in texts
    assert "categori" in texts
    # mended: the new content comes in
    edit(live.pack_dir / "offers.yaml", "categori:", "category:")
    settle(live)
    assert app.watcher.last.ok, app.watcher.last.problems[:3]
    assert app.pack is not good


def test_a_broken_kiosk_yaml_changes_nothing(live):
    app = live.app
    before = app.settings
    live.config.write_text("content:\n  pack: [not, a, path\n")
    settle(live)
    assert app.settings is before
    assert not app.watcher.last.ok
    assert any("kiosk.yaml" in p for p in app.watcher.last.problems)


def test_kiosk_yaml_switches_plugins_and_the_timeout_without_restart(live):
    app = live.app
    assert any(t.route == "documents" for t in app.home_tiles())
    write_config(live.config, live.pack_dir, blocked=["documents"], idle=120)
    settle(live)
    assert app.host.plugins["documents"].state == "blocked"
    assert not any(t.route == "documents" for t in app.home_tiles())
    assert app.idle.timeout == 120
    write_config(live.config, live.pack_dir)
    settle(live)
    assert app.host.plugins["documents"].state == "active"
    assert any(t.route == "documents" for t in app.home_tiles())


def test_a_file_still_being_written_is_not_read(live):
    app = live.app
    old = app.pack
    edit(live.pack_dir / "offers.yaml", "category:", "categori:")  # half-way through a copy
    live.advance(2.5)
    edit(live.pack_dir / "offers.yaml", "categori:", "category:")  # the copy completes
    live.advance(2.5)
    live.advance(2.5)
    live.until(lambda: not app.watcher.busy)
    live.frames(2)
    assert app.watcher.last is not None and app.watcher.last.ok
    assert app.pack is not old
