"""A broken plugin is switched off, its tile goes, the visitor goes home; the kiosk goes on.

One deliberately broken fixture plugin per way of failing: at import (broken_import), in a hook
(raising_hook), while building its screen (raising_screen), in a touch handler (raising_touch).
"""

from __future__ import annotations

import logging

import pytest


def tile(kiosk, route):
    return next((w for w in kiosk.find() if getattr(w, "route", None) == route), None)


@pytest.fixture
def switched_on(kiosk):
    """Switch a breaking fixture plugin on (they are blocked in the test settings)."""
    names = []

    def on(name):
        kiosk.app.switch_plugin(name, True)
        kiosk.frames(2)
        names.append(name)
        return kiosk.app.host.plugins[name]

    yield on
    for name in names:
        kiosk.app.switch_plugin(name, False)


def test_import_and_hook_failures_are_contained_at_start(kiosk):
    host = kiosk.app.host
    assert host.plugins["broken_import"].state == "failed"
    assert host.plugins["raising_hook"].state == "failed"
    assert tile(kiosk, "hello") is not None  # the good fixture plugin next to them works


def test_a_screen_that_raises_while_built(kiosk, switched_on, caplog):
    info = switched_on("raising_screen")
    assert info.state == "active"
    assert tile(kiosk, "brokenscreen") is not None
    with caplog.at_level(logging.ERROR, logger="kiosk.plugins"):
        kiosk.tap(tile(kiosk, "brokenscreen"))
    assert kiosk.app.route == "home"
    assert info.state == "failed"
    assert "ValueError: this fixture screen breaks on purpose" in info.error
    assert tile(kiosk, "brokenscreen") is None
    assert any("plugin 'raising_screen' switched off" in r.getMessage() for r in caplog.records)


def test_a_touch_handler_that_raises(kiosk, switched_on, caplog):
    info = switched_on("raising_touch")
    kiosk.tap(tile(kiosk, "touchy"))
    assert kiosk.app.route == "touchy"
    button = kiosk.find(text="Do not press")[0]
    with caplog.at_level(logging.ERROR, logger="kiosk.plugins"):
        kiosk.tap(button)
    assert info.state == "failed"
    assert "KeyError" in info.error and "while the kiosk ran" in info.error
    assert kiosk.app.route == "home"
    assert tile(kiosk, "touchy") is None
    assert any("plugin 'raising_touch' switched off" in r.getMessage() for r in caplog.records)
    # the kiosk still answers
    kiosk.tap(tile(kiosk, "hello"))
    assert kiosk.app.route == "hello"


def test_a_failed_plugin_can_be_switched_on_again(kiosk, switched_on):
    info = switched_on("raising_screen")
    kiosk.tap(tile(kiosk, "brokenscreen"))
    assert info.state == "failed"
    kiosk.app.switch_plugin("raising_screen", True)
    assert info.state == "active" and tile(kiosk, "brokenscreen") is not None


def test_an_error_in_the_shell_is_logged_and_the_kiosk_goes_on(kiosk, caplog):
    from kivy.clock import Clock

    app = kiosk.app

    def shell_bug(_dt):
        raise ZeroDivisionError("a bug outside any plugin")

    Clock.schedule_once(shell_bug, 0)
    with caplog.at_level(logging.ERROR, logger="kiosk.guard"):
        kiosk.frames(2)
    assert app.guard.unexpected[-1] == "ZeroDivisionError: a bug outside any plugin"
    app.guard.unexpected.pop()  # expected here: the kiosk fixture fails a test on any other
    assert any("the kiosk goes on" in r.getMessage() for r in caplog.records)
    kiosk.tap(tile(kiosk, "hello"))
    assert app.route == "hello"
