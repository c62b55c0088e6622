"""A real `kiosk run` against signals and a plugin that freezes it: every signal is logged and
handled, a frozen main thread ends the process with its plugin named, and the next start goes
on without that plugin."""

from __future__ import annotations

import json
import signal
import threading
import time

import pytest

from conftest import ROOT
from robust_kiosk import Kiosk, Xvfb

ROBUST_PLUGINS = ROOT / "tests" / "fixtures" / "robust_plugins"


@pytest.fixture(scope="module")
def xvfb():
    server = Xvfb()
    yield server
    server.stop()


def write_config(tmp_path):
    path = tmp_path / "kiosk.yaml"
    path.write_text(
        f"content:\n  pack: {ROOT / 'content' / 'leipziger-osten'}\n"
        "plugins:\n  order: [offers, events, documents, map, languages, qr, attract]\n"
        "screen:\n  size: 1080x1920\n  fullscreen: false\n"
    )
    return path


def wait_for(condition, seconds: float = 60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def start(xvfb, tmp_path, **env):
    kiosk = Kiosk(xvfb.display, write_config(tmp_path), tmp_path / "state",
                  env={"KIOSK_TEST_FREEZE": str(tmp_path / "freeze-now"), **env},
                  args=["--plugins-dir", str(ROBUST_PLUGINS)])
    assert kiosk.ready(), kiosk.err[-3000:]
    return kiosk


def test_sigint_stops_cleanly_and_is_logged(xvfb, tmp_path):
    kiosk = start(xvfb, tmp_path)
    kiosk.signal(signal.SIGINT)
    assert kiosk.stop() == 0, kiosk.err[-3000:]
    assert "signal SIGINT: stopping" in kiosk.log()
    assert "Traceback" not in kiosk.err


def test_sighup_reloads_the_content_and_the_kiosk_goes_on(xvfb, tmp_path):
    kiosk = start(xvfb, tmp_path)
    kiosk.signal(signal.SIGHUP)
    assert wait_for(lambda: "(SIGHUP)" in kiosk.log()), kiosk.log()[-2000:]
    assert kiosk.proc.poll() is None  # still running
    assert "signal SIGHUP: checking content and settings again" in kiosk.log()
    assert kiosk.stop() == 0
    assert "signal SIGTERM: stopping" in kiosk.log()


def test_a_frozen_kiosk_ends_naming_its_plugin_and_starts_without_it(xvfb, tmp_path):
    kiosk = start(xvfb, tmp_path, KIOSK_FREEZE_SECONDS="5")  # a busy test machine may stall for 2 s
    (tmp_path / "freeze-now").touch()
    kiosk.signal(signal.SIGHUP)  # the reload shows home again: the freezer's hook never returns
    assert kiosk.wait_message("X-SPINNING=1"), kiosk.log()[-3000:]
    assert kiosk.wait(seconds=60) == 70  # non-zero: Restart= brings it back
    log = kiosk.log()
    assert "plugin 'freezer' froze the kiosk" in log
    assert "in spin" in log and "Thread MainThread" in log  # every stack, the loop in it
    state = json.loads((tmp_path / "state" / "frozen.json").read_text())
    assert state["plugins"]["freezer"]["why"] == "froze the kiosk"
    # the next start: the freezer stays off, the kiosk is up
    again = start(xvfb, tmp_path)
    assert again.stop() == 0
    assert "plugin 'freezer' is off: it froze the kiosk before" in again.log()


def test_sigterm_ends_a_kiosk_held_by_a_plugin(xvfb, tmp_path):
    # The stop's grace is min(10 s, the freeze limit). With a limit of 4 s both deadlines fell
    # within one check (every limit/4 s) of each other, and which reason ended the kiosk depended
    # on when its last heartbeat had come: at 20 s the stop's deadline (10 s) is always first.
    kiosk = start(xvfb, tmp_path, KIOSK_FREEZE_SECONDS="20")
    (tmp_path / "freeze-now").touch()
    kiosk.signal(signal.SIGHUP)
    assert kiosk.wait_message("X-SPINNING=1")
    kiosk.signal(signal.SIGTERM)
    assert kiosk.wait(seconds=60) == 70
    assert kiosk.wait_message("STOPPING=1", seconds=1)
    log = kiosk.log()
    assert "signal SIGTERM: stopping" in log and "did not stop when asked" in log
    assert "plugin 'freezer' froze the kiosk" in log


def fifo_pack(tmp_path):
    import os
    import shutil

    pack = tmp_path / "pack"
    shutil.copytree(ROOT / "content" / "leipziger-osten", pack)
    (pack / "events.yaml").unlink()
    os.mkfifo(pack / "events.yaml")
    return pack


def test_kiosk_check_does_not_hang_on_a_fifo(tmp_path):
    import subprocess
    import sys

    pack = fifo_pack(tmp_path)
    run = subprocess.run([sys.executable, "-m", "kiosk", "check", str(pack)], capture_output=True, text=True,
                         timeout=60, cwd=ROOT)
    assert run.returncode == 1
    assert "events.yaml:1: cannot read file: it is a FIFO (named pipe), not a regular file" in run.stdout


def test_a_fifo_at_start_neither_hangs_nor_ignores_sigterm(xvfb, tmp_path):
    pack = fifo_pack(tmp_path)
    config = tmp_path / "kiosk.yaml"
    config.write_text(f"content:\n  pack: {pack}\nscreen:\n  fullscreen: false\n")
    kiosk = Kiosk(xvfb.display, config, tmp_path / "state")
    assert kiosk.ready(), kiosk.err[-3000:]
    assert kiosk.stop() == 0
    assert "it is a FIFO" in kiosk.log()


START_WARNINGS = """
import sys
sys.path.insert(0, "tests")
from harness import Harness
from kiosk.settings import load_settings
harness = Harness.start(load_settings(sys.argv[1]), size=(1080, 1920), state_dir=sys.argv[2])
harness.app.admin.open_panel()
harness.frames(3)
print("\\n".join(harness.texts()))
"""


def test_start_up_warnings_are_in_the_admin_panel(tmp_path):
    import shutil
    import subprocess
    import sys

    pack = tmp_path / "pack"
    shutil.copytree(ROOT / "content" / "leipziger-osten", pack)
    (pack / "notes.yaml").write_text("notes: []\n")  # a file no pack has: a warning at start
    config = tmp_path / "kiosk.yaml"
    config.write_text(f"content:\n  pack: {pack}\n")
    run = subprocess.run([sys.executable, "-c", START_WARNINGS, str(config), str(tmp_path / "state")],
                         capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert run.returncode == 0, run.stderr[-3000:]
    panel = run.stdout
    assert "Letzte Fehler und Warnungen" in panel
    assert "notes.yaml:1: warning: file is not read" in panel


def test_sys_exit_and_thread_errors_of_plugins_are_contained_and_blamed(xvfb, tmp_path):
    kiosk = start(xvfb, tmp_path, KIOSK_TEST_EXIT="1", KIOSK_TEST_THREAD="1")
    assert wait_for(lambda: "plugin 'threader' switched off" in kiosk.log()), kiosk.log()[-3000:]
    assert kiosk.proc.poll() is None  # still running: sys.exit(0) did not end it
    assert kiosk.stop() == 0
    log = kiosk.log()
    assert "plugin 'exiter' switched off: kiosk_home_tiles raised SystemExit" in log
    assert "this fixture thread fails on purpose" in log


class _OneWriter:
    """A log file's stream that, like Python's buffered files, refuses a write begun while one is
    under way in the same thread; the first line it is given is written while `signum` arrives."""

    def __init__(self, signum):
        self.signum, self.lines, self.refused = signum, [], []
        self.writing = False
        self.arrived = threading.Event()

    def write(self, text):
        if self.writing:
            self.refused.append(text)
            raise RuntimeError("reentrant call inside the log file's buffer")
        self.writing = True
        try:
            if self.signum is not None:
                signum, self.signum = self.signum, None
                signal.raise_signal(signum)  # its handler runs here, halfway through this line
            self.lines.append(text)
        finally:
            self.writing = False
        if "signal" in text:
            self.arrived.set()

    def flush(self):
        pass


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_in_the_middle_of_a_log_line_is_logged_after_it(signum):
    """systemd's SIGTERM came while the kiosk wrote its 'ready' line, and the handler's own log
    line went into the file's buffer again: a traceback in the log (seen once in CI)."""
    import logging

    from kiosk import cli

    class Dog:
        stopped = False

        def stopping(self):
            Dog.stopped = True

    stream = _OneWriter(signum)
    handler = logging.StreamHandler(stream)
    handler.handleError = lambda record: stream.refused.append(record.getMessage())
    root = logging.getLogger()
    saved = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)}
    root.addHandler(handler)
    running = {"app": None, "stop": False}
    try:
        cli._handle_signals(running, Dog())
        cli.log.warning("kiosk ready, showing home")
        for thread in threading.enumerate():
            if thread.name == "kiosk-signal":  # what the handler asked for, done aside
                thread.join(30)
        assert stream.arrived.is_set(), stream.lines
    finally:
        root.removeHandler(handler)
        for s, previous in saved.items():
            signal.signal(s, previous)
    assert stream.refused == []
    assert stream.lines[0] == "kiosk ready, showing home\n" and "signal " + signum.name in stream.lines[1]
    assert running["stop"] is Dog.stopped is (signum == signal.SIGTERM)
