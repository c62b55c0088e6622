"""Lockdown: nothing a passer-by can press, type or pass on the command line ends or opens the
kiosk (the Kivy settings from shared/notes/kivy.md, section 1)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from conftest import ROOT

PROBE = """
import json, os, sys
from kiosk import boot
boot.prepare(1080, 1920, fullscreen=True, state_dir=sys.argv[1])
from kivy.config import Config
print(json.dumps({
    "exit_on_escape": Config.get("kivy", "exit_on_escape"),
    "fullscreen": Config.get("graphics", "fullscreen"),
    "borderless": Config.get("graphics", "borderless"),
    "show_cursor": Config.get("graphics", "show_cursor"),
    "allow_screensaver": Config.get("graphics", "allow_screensaver"),
    "mouse": Config.get("input", "mouse"),
    "modules": Config.options("modules"),
    "no_args": os.environ.get("KIVY_NO_ARGS"),
    "kivy_home": os.environ.get("KIVY_HOME"),
}))
"""


def test_the_settings_of_a_fullscreen_kiosk(tmp_path):
    run = subprocess.run([sys.executable, "-c", PROBE, str(tmp_path)], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    seen = json.loads(run.stdout.strip().splitlines()[-1])
    assert seen == {
        "exit_on_escape": "0",
        "fullscreen": "auto",
        "borderless": "1",
        "show_cursor": "0",  # no cursor
        "allow_screensaver": "0",  # no screensaver or blanking
        "mouse": "mouse,disable_multitouch,disable_on_activity",  # no emulation dots, no double taps
        "modules": [],  # no inspector, monitor, touchring
        "no_args": "1",  # Kivy reads no options from the command line
        "kivy_home": str(tmp_path / "kivy"),  # its own config.ini, not ~/.kivy
    }


def test_escape_and_a_close_request_do_not_end_it(kiosk):
    from kivy.base import EventLoop
    from kivy.core.window import Window

    status = EventLoop.status
    Window.dispatch("on_keyboard", 27, 0, "", [])  # Escape
    assert Window.dispatch("on_request_close", source="keyboard") is True  # refused
    assert Window.dispatch("on_request_close") is True  # the window manager's close (Alt+F4)
    kiosk.frames(3)
    assert EventLoop.status == status and status not in ("stopped", "closed")
    tile = next(w for w in kiosk.find() if getattr(w, "route", "") == "hello")
    kiosk.tap(tile)
    assert kiosk.app.route == "hello"  # still answering


def test_f1_opens_no_settings_panel(kiosk):
    from kivy.core.window import Window
    from kivy.uix.settings import Settings

    Window.dispatch("on_keyboard", 282, 0, "", [])  # F1
    Window.dispatch("on_keyboard", 282, 0, "", ["ctrl"])
    kiosk.frames(3)
    assert not [w for w in Window.children if isinstance(w, Settings)]
    assert not [w for root in Window.children for w in root.walk() if isinstance(w, Settings)]


def test_no_inspector_and_no_touch_ring(kiosk):
    from kivy.modules import Modules

    active = [name for name, mod in Modules.mods.items() if mod.get("activated")]
    assert active == []


def test_command_line_options_are_refused(tmp_path):
    env = dict(os.environ, KIOSK_STATE_DIR=str(tmp_path))
    for argv in (["run", "-m", "inspector"], ["run", "-k"], ["--size=100x100"]):
        run = subprocess.run([sys.executable, "-m", "kiosk", *argv], capture_output=True, text=True, timeout=60, env=env, cwd=ROOT)
        assert run.returncode == 2, (argv, run.stdout, run.stderr)
        assert "unrecognized arguments" in run.stderr
