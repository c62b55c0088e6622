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
    app.watcher.rewatch()
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
    """Let the watching thread see the change, let it stay quiet, check it, and apply it."""
    watcher = kiosk.app.watcher
    kiosk.until(lambda: watcher.changes != watcher.checked)  # the operating system told us
    kiosk.advance(watcher.quiet + 1)
    kiosk.until(lambda: not watcher.busy and watcher.changes == watcher.checked)
    kiosk.frames(3)
    kiosk.until(lambda: not watcher.busy)  # a plugin switched on or off has the pack read again
    kiosk.frames(3)


def edit(path, old, new):
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def offer_id(kiosk):
    return "integration-questions" if "integration-questions" in kiosk.app.pack.items("offers") else sorted(kiosk.app.pack.items("offers"))[0]


def retitle(kiosk) -> str:
    """Open an offer, add " (neu)" to its German title on disk and let the kiosk reload: the
    title it should show now."""
    app = kiosk.app
    oid = offer_id(kiosk)
    kiosk.go(f"offer/{oid}")
    title = app.pack_text(app.pack.items("offers")[oid].title)
    edit(kiosk.pack_dir / "offers.yaml", f"de: {title}\n", f"de: {title} (neu)\n")
    settle(kiosk)
    return f"{title} (neu)"


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
    oid = sorted(app.pack.items("offers"))[0]
    live.go(f"offer/{oid}")
    edit(live.pack_dir / "offers.yaml", f"- id: {oid}\n", "- id: renamed-offer\n")
    settle(live)
    assert app.route == "home"
    assert oid not in app.pack.items("offers") and "renamed-offer" in app.pack.items("offers")


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
    watcher = app.watcher
    old = app.pack
    checks = watcher.checked
    edit(live.pack_dir / "offers.yaml", "category:", "categori:")  # half-way through a copy
    live.until(lambda: watcher.changes != watcher.checked)
    live.advance(watcher.quiet / 2)
    edit(live.pack_dir / "offers.yaml", "categori:", "category:")  # the copy completes
    settle(live)
    assert watcher.last is not None and watcher.last.ok
    assert app.pack is not old
    assert watcher.checked > checks


# -- what is on disk never reaches the screen half-done -------------------------------------------

def offers_text(kiosk):
    return (kiosk.pack_dir / "offers.yaml").read_text()


def keep_first_offer(text: str) -> str:
    head, *items = text.split("\n  - id: ")
    return head + "\n  - id: " + items[0].rstrip() + "\n"


def test_an_emptied_file_does_not_empty_the_screen(live):
    app = live.app
    shown = app.pack
    (live.pack_dir / "offers.yaml").write_text("")  # `: > offers.yaml`
    settle(live)
    assert app.pack is shown and len(app.pack.items("offers")) > 2
    last = app.watcher.last
    assert not last.ok
    assert last.held or any("offers.yaml" in p for p in last.problems)


def test_a_deleted_file_is_held_for_the_administrator(live):
    app = live.app
    shown = app.pack
    (live.pack_dir / "offers.yaml").unlink()
    settle(live)
    assert app.pack is shown
    assert app.watcher.held is not None
    assert ("offers", len(shown.items("offers")), len(shown.items("offers"))) in app.watcher.held.held


def test_a_change_that_removes_most_offers_waits_for_a_confirmation(live):
    from kiosk.uix import KButton

    app = live.app
    shown = app.pack
    before = len(shown.items("offers"))
    (live.pack_dir / "offers.yaml").write_text(keep_first_offer(offers_text(live)))
    settle(live)
    assert app.pack is shown  # held, not shown
    app.admin.open_panel()
    live.frames(3)
    text = "\n".join(live.texts())
    assert f"würde {before - 1} von {before} offers entfernen" in text
    confirm = next(b for b in live.find(KButton) if b.text == "Änderung übernehmen")
    live.tap(confirm)
    live.frames(3)
    assert len(app.pack.items("offers")) == 1
    assert app.watcher.held is None
    assert not any(b.text == "Änderung übernehmen" for b in live.find(KButton))
    app.close_overlays()


def test_a_fifo_in_place_of_a_file_cannot_wedge_the_reload(live):
    import os

    app = live.app
    shown = app.pack
    events = live.pack_dir / "events.yaml"
    good = events.read_text()
    events.unlink()
    os.mkfifo(events)
    settle(live)
    assert app.pack is shown and not app.watcher.busy
    assert any("events.yaml:1: cannot read file: it is a FIFO" in p for p in app.watcher.last.problems)
    events.unlink()
    events.write_text(good)
    settle(live)
    assert app.watcher.last.ok and app.pack is not shown


def test_an_edit_during_a_check_is_checked_next(live):
    import threading

    from kiosk import reload

    app = live.app
    watcher = app.watcher
    gate = threading.Event()

    def slow_check(*args):
        gate.wait(60)  # the check reads the files only once the test let it
        return reload._check(*args)

    watcher.check = slow_check
    try:
        oid = offer_id(live)
        title = app.pack_text(app.pack.items("offers")[oid].title)
        seen = watcher.changes  # before the edit: its event may come at once
        edit(live.pack_dir / "offers.yaml", f"de: {title}\n", f"de: {title} (1)\n")
        live.until(lambda: watcher.changes != seen)
        # the check starts once the files were quiet for `quiet` seconds; under load the edit's
        # events can come apart and start that wait again, so wait for it rather than a fixed time
        live.until(lambda: watcher.busy)
        edit(live.pack_dir / "offers.yaml", f"de: {title} (1)\n", f"de: {title} (2)\n")  # while it runs
        live.until(lambda: watcher.changes != watcher.checked)
    finally:
        watcher.check = reload._check
        gate.set()
    live.until(lambda: not watcher.busy)
    live.advance(watcher.quiet + 1)
    live.until(lambda: not watcher.busy and watcher.changes == watcher.checked)
    live.frames(3)
    assert app.pack_text(app.pack.items("offers")[oid].title) == f"{title} (2)"


def test_a_wedged_check_cannot_stop_later_reloads(live):
    import threading

    from kiosk import reload

    app = live.app
    watcher = app.watcher
    wedged = threading.Event()
    watcher.check = lambda *args: wedged.wait(600) and reload._check(*args)  # a read that never returns
    try:
        watcher.reload("a check that hangs")
        live.advance(watcher.check_seconds + 2)
        assert not watcher.busy
        assert "did not finish in 60 s" in watcher.last.problems[0]
    finally:
        watcher.check = reload._check
    oid = offer_id(live)
    title = app.pack_text(app.pack.items("offers")[oid].title)
    edit(live.pack_dir / "offers.yaml", f"de: {title}\n", f"de: {title} (neu)\n")
    settle(live)
    assert app.pack_text(app.pack.items("offers")[oid].title) == f"{title} (neu)"
    wedged.set()  # the old worker ends at last: its result is dropped
    live.frames(5)
    assert app.pack_text(app.pack.items("offers")[oid].title) == f"{title} (neu)"


def test_a_file_written_in_two_halves_is_read_whole(live):
    app = live.app
    watcher = app.watcher
    assert watcher.mode == "os"
    shown = app.pack
    path = live.pack_dir / "offers.yaml"
    text = offers_text(live)
    half = len(text) // 2
    with open(path, "w") as handle:
        handle.write(text[:half])
        handle.flush()
        live.until(lambda: watcher.writing)
        live.advance(watcher.quiet * 3)  # a long pause in the middle of the copy
        assert app.pack is shown and not watcher.busy
        handle.write(text[half:])
    settle(live)
    assert app.watcher.last.ok and app.pack is not shown
    assert len(app.pack.items("offers")) == len(shown.items("offers"))


def test_a_pack_link_switched_and_back_is_noticed(live, tmp_path):
    import os
    import shutil

    app = live.app
    first, second = tmp_path / "v1", tmp_path / "v2"
    shutil.copytree(live.pack_dir, first)
    shutil.copytree(live.pack_dir, second)
    oid = offer_id(live)
    title = app.pack_text(app.pack.items("offers")[oid].title)
    edit(second / "offers.yaml", f"de: {title}\n", f"de: {title} (v2)\n")
    link = tmp_path / "current"
    link.symlink_to(first)
    write_config(live.config, link)
    settle(live)
    assert app.pack.path == str(first)

    def switch(target):
        tmp = tmp_path / "current.new"
        tmp.symlink_to(target)
        os.replace(tmp, link)  # as deployment tools switch a release
        settle(live)

    switch(second)
    assert app.pack.path == str(second) and app.pack_text(app.pack.items("offers")[oid].title) == f"{title} (v2)"
    switch(first)
    assert app.pack.path == str(first) and app.pack_text(app.pack.items("offers")[oid].title) == title


def test_the_polling_fallback_notices_changes_off_the_ui_thread(live):
    import threading

    from kiosk.reload import ContentWatcher

    app = live.app
    seen = []
    watcher = ContentWatcher(app, seen.append, watch="poll")
    threads = []
    original = watcher.changed
    watcher.changed = lambda *a, **k: (threads.append(threading.current_thread().name), original(*a, **k))
    try:
        assert watcher.mode == "poll"
        live.until(lambda: watcher._watch._prints, limit=3000)  # its first look
        edit(live.pack_dir / "events.yaml", "events:", "events:  ")
        live.until(lambda: watcher.changes, limit=3000)
        assert threads and "MainThread" not in threads
    finally:
        watcher.stop()


def test_os_notifications_arrive_off_the_ui_thread(live):
    import threading

    app = live.app
    watcher = app.watcher
    threads = []
    original = watcher.changed
    watcher.changed = lambda *a, **k: (threads.append(threading.current_thread().name), original(*a, **k))
    try:
        edit(live.pack_dir / "events.yaml", "events:", "events:  ")
        live.until(lambda: threads)
        assert "MainThread" not in threads
    finally:
        del watcher.changed
