"""Admin mode on the real app: the corner gesture, the PIN pad, the panel and what it can do."""

from __future__ import annotations

import pytest

from kiosk.admin import AdminPanel
from kiosk.overlays import PinPad
from kiosk.pin import write_pin

PIN = "480715"


@pytest.fixture
def admin(kiosk, tmp_path):
    """The kiosk with a PIN set (in a fresh file, so no lock carries over between tests)."""
    app = kiosk.app
    path = tmp_path / "pin.json"
    write_pin(path, PIN)
    guard = app.admin.guard
    saved = guard.path, guard.lock
    guard.path, guard.lock = path, path.with_name("pin.tries.json")
    yield kiosk
    guard.path, guard.lock = saved
    app.close_overlays()


def corner():
    from kivy.core.window import Window

    return 20, Window.height - 20


def overlay(kiosk, cls):
    return next((w for w in kiosk.app.overlays() if isinstance(w, cls)), None)


def type_pin(kiosk, digits: str) -> None:
    pad = overlay(kiosk, PinPad)
    keys = {w.text: w for w in pad.ids.keypad.children}
    for digit in digits:
        kiosk.tap(keys[digit])
    kiosk.tap(pad.ids.ok)


def open_pad(kiosk):
    touch = kiosk.hold(*corner(), seconds=5.5)
    kiosk.touch_up(touch)
    kiosk.frames(3)
    return overlay(kiosk, PinPad)


def test_holding_the_corner_five_seconds_asks_for_the_pin(admin):
    touch = admin.hold(*corner(), seconds=4)
    assert overlay(admin, PinPad) is None  # not yet
    admin.advance(1.5)
    admin.touch_up(touch)
    admin.frames(3)
    assert overlay(admin, PinPad) is not None
    assert "PIN für die Verwaltung" in admin.texts()


def test_a_short_hold_or_a_finger_that_wanders_opens_nothing(admin):
    admin.tap_at(*corner())
    admin.advance(6)
    assert overlay(admin, PinPad) is None
    x, y = corner()
    touch = admin.hold(x, y, seconds=2)
    admin.touch_move(touch, x + 400, y - 400)
    admin.advance(5)
    admin.touch_up(touch)
    admin.frames(3)
    assert overlay(admin, PinPad) is None


def test_the_right_pin_opens_the_panel(admin):
    app = admin.app
    app.set_language("ar")
    open_pad(admin)
    type_pin(admin, PIN)
    assert overlay(admin, PinPad) is None
    panel = overlay(admin, AdminPanel)
    assert panel is not None
    texts = "\n".join(admin.texts())
    assert app.lang == "de"  # opening the panel ended the visitor's session
    assert "Version 0.1.0" in texts and "läuft seit" in texts
    assert "leipziger-osten" in texts
    check = next(line for line in texts.splitlines() if line.startswith("Prüfung: in Ordnung ("))
    pack = app.pack  # the counts of the shipped default pack, which grows as its content does
    counts = f"places {len(pack.places)} · providers {len(pack.providers)} · offers {len(pack.items('offers'))} · events {len(pack.items('events'))} · documents {len(pack.items('documents'))}"
    assert counts in check and check.endswith(", 0 Warnungen")
    assert "Übersetzt: de 100%, en 100%, ar 100%, tr 100%, ru 100%, vi 100%, uk 100%, fa 100%" in texts
    assert "offers: an" in texts and "qr: an" in texts
    # blocked in the test settings; further down the list: scroll to it, as a person would
    from kivy.uix.scrollview import ScrollView

    row = next(w for w in panel.ids.plugins.walk() if getattr(w, "text", "") == "raising_screen: aus")
    next(w for w in panel.walk() if isinstance(w, ScrollView)).scroll_to(row, animate=False)
    admin.frames(3)
    assert "raising_screen: aus" in admin.texts()
    admin.tap(panel.ids.close)
    assert overlay(admin, AdminPanel) is None


def test_wrong_pins_count_down_then_lock(admin):
    pad = open_pad(admin)
    for left in (4, 3, 2, 1):
        type_pin(admin, "1111")
        assert pad.message == f"Falsche PIN. Noch {left} Versuche."
    type_pin(admin, "1111")
    assert "Gesperrt für 5 Min." in pad.message
    type_pin(admin, PIN)  # the right one, but locked
    assert overlay(admin, AdminPanel) is None
    admin.app.clock.advance(5 * 60 + 1)
    type_pin(admin, PIN)
    assert overlay(admin, AdminPanel) is not None


def test_without_a_pin_the_corner_tells_a_passer_by_nothing(admin, tmp_path, caplog):
    guard = admin.app.admin.guard
    guard.path = tmp_path / "missing.json"
    before = admin.texts()
    assert open_pad(admin) is None
    assert admin.texts() == before
    assert "no PIN is set: set one with `kiosk set-pin`" in caplog.text  # the administrator reads the log


def test_the_panel_switches_a_plugin_off_and_on_without_restart(admin):
    app = admin.app
    app.admin.open_panel()
    admin.frames(3)
    panel = overlay(admin, AdminPanel)

    def button(name):
        return next(w for w in panel.ids.plugins.walk() if getattr(w, "plugin", None) == name)

    assert any(t.route == "documents" for t in app.home_tiles())
    admin.tap(button("documents"))
    assert app.host.plugins["documents"].state == "blocked"
    assert not any(t.route == "documents" for t in app.home_tiles())
    assert not app.navigate("documents")
    admin.until(lambda: not app.watcher.busy)  # the pack is read again with the kinds now declared
    admin.tap(button("documents"))
    assert app.host.plugins["documents"].state == "active"
    admin.until(lambda: not app.watcher.busy)  # its documents come back with that reading
    assert any(t.route == "documents" for t in app.home_tiles())
    app.close_overlays()
    assert admin.go("documents") and app.route == "documents"


def test_the_panel_switches_the_pack_and_back(admin):
    app = admin.app
    app.admin.open_panel()
    admin.frames(3)
    panel = overlay(admin, AdminPanel)
    westen = next(w for w in panel.ids.packs.children if w.text == "leipziger-westen")
    admin.tap(westen)
    admin.until(lambda: not app.watcher.busy)
    admin.frames(2)
    assert app.pack.id == "leipziger-westen"
    assert "leipziger-westen" in "\n".join(admin.texts())
    osten = next(w for w in overlay(admin, AdminPanel).ids.packs.children if w.text == "leipziger-osten")
    admin.tap(osten)
    admin.until(lambda: not app.watcher.busy)
    assert app.pack.id == "leipziger-osten"


def test_recent_errors_are_listed(admin):
    import logging

    logging.getLogger("kiosk.test").error("a test error for the admin panel")
    admin.app.admin.open_panel()
    admin.frames(3)
    assert "a test error for the admin panel" in "\n".join(admin.texts())


def test_quit_stops_the_app(admin, monkeypatch):
    app = admin.app
    stopped = []
    monkeypatch.setattr(app, "stop", lambda *a: stopped.append(True))  # the edge: a real stop ends the test run
    app.admin.open_panel()
    admin.frames(3)
    admin.tap(overlay(admin, AdminPanel).ids.quit)
    assert stopped == [True]


def test_an_open_panel_closes_when_the_kiosk_resets(admin):
    app = admin.app
    app.admin.open_panel()
    admin.frames(3)
    admin.advance(91)
    assert overlay(admin, AdminPanel) is None
    assert app.route == "attract"
