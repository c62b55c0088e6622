"""The watchdog inside the kiosk (driven by a clock of the test's) and the supervisor outside it
(a real process tree)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from kiosk import watchdog

HERE = Path(__file__).resolve().parent


class Clock:
    def __init__(self):
        self.value = 100.0

    def __call__(self):
        return self.value


@pytest.fixture
def listener():
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    address = f"\0kiosk-wd-test-{os.getpid()}-{time.monotonic_ns()}"
    sock.bind(address)
    sock.settimeout(5)
    yield sock, {"NOTIFY_SOCKET": "@" + address[1:]}
    sock.close()


def make(tmp_path, env, clock, exits):
    # the "plugin" is this test folder: the innermost frame of the main thread is this test
    return watchdog.Watchdog(limit=5, state_dir=tmp_path, plugins=lambda: [("fixture", HERE)],
                             now=clock, exit=exits.append, env=env)


def test_a_turning_main_thread_pings_systemd(tmp_path, listener):
    sock, env = listener
    clock, exits = Clock(), []
    dog = make(tmp_path, env, clock, exits)
    for _ in range(10):
        clock.value += 4
        dog.beat()
        assert dog.check() == "ok"
        assert sock.recv(100) == b"WATCHDOG=1"
    assert exits == []


def test_a_stuck_main_thread_is_dumped_blamed_and_ended(tmp_path, listener, caplog):
    _sock, env = listener
    clock, exits = Clock(), []
    dog = make(tmp_path, env, clock, exits)
    clock.value += 5.5
    assert dog.check() == "frozen"
    assert exits == [watchdog.EXIT_FROZEN]
    assert "main thread stuck for 5.5 s (limit 5 s): plugin 'fixture' froze the kiosk" in caplog.text
    assert "test_a_stuck_main_thread_is_dumped_blamed_and_ended" in caplog.text  # the stack
    assert watchdog.frozen_plugins(tmp_path) == {"fixture": "froze the kiosk"}
    stack = json.loads((tmp_path / watchdog.STATE_FILE).read_text())["plugins"]["fixture"]["stack"]
    assert "test_robust_watchdog.py" in stack
    watchdog.forgive(tmp_path, "fixture")  # the administrator switched it on again
    assert watchdog.frozen_plugins(tmp_path) == {}


def test_a_stop_that_does_not_happen_ends_the_kiosk(tmp_path, listener):
    sock, env = listener
    clock, exits = Clock(), []
    dog = make(tmp_path, env, clock, exits)
    dog.stopping(grace=3)
    assert sock.recv(100) == b"STOPPING=1"
    clock.value += 2
    dog.beat()
    assert dog.check() == "ok" and exits == []
    clock.value += 2
    dog.beat()  # still turning, but not stopping: a plugin holds the stop
    assert dog.check() == "frozen" and exits == [watchdog.EXIT_FROZEN]


@pytest.mark.parametrize("env, limit", [
    ({}, 30.0), ({"WATCHDOG_USEC": "20000000"}, 10.0), ({"KIOSK_FREEZE_SECONDS": "3", "WATCHDOG_USEC": "20000000"}, 3.0),
])
def test_the_freeze_limit_comes_from_systemd_or_the_environment(env, limit):
    assert watchdog.freeze_limit(env) == limit


CHILD = textwrap.dedent("""
    import os, socket, sys, time
    count = int(open(sys.argv[1]).read() or 0) + 1 if os.path.exists(sys.argv[1]) else 1
    open(sys.argv[1], "w").write(str(count))
    def tell(message):
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as s:
            s.sendto(message.encode(), "\\0" + os.environ["NOTIFY_SOCKET"][1:])
    tell("READY=1")
    if count == 1:
        sys.exit(3)          # a crash
    if count == 2:
        while True:          # frozen: no more pings
            time.sleep(1)
    sys.exit(64)             # the administrator quit
""")


def test_the_supervisor_restarts_a_crashed_or_frozen_kiosk_until_it_is_quit(tmp_path):
    child = tmp_path / "child.py"
    child.write_text(CHILD)
    count = tmp_path / "count"
    supervisor = (
        "import sys, logging; logging.basicConfig(); from kiosk.watchdog import supervise; "
        f"sys.exit(supervise([sys.executable, {str(child)!r}, {str(count)!r}], limit=1, restart_seconds=0.1))"
    )
    run = subprocess.run([sys.executable, "-c", supervisor], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert count.read_text() == "3"
    assert "exit code 3" in run.stderr
    assert "stopped pinging; killing it" in run.stderr
    assert "quit by its administrator" in run.stderr


def test_switching_a_frozen_plugin_on_in_the_panel_lets_it_start_again(kiosk):
    app = kiosk.app
    watchdog.record_frozen(app.state_dir, "hello", "a stack", "2026-11-24T09:00:00")
    app.switch_plugin("hello", False)
    assert watchdog.frozen_plugins(app.state_dir) == {"hello": "froze the kiosk"}
    app.switch_plugin("hello", True)  # the administrator's choice
    assert watchdog.frozen_plugins(app.state_dir) == {}
    assert app.host.plugins["hello"].state == "active"
    kiosk.until(lambda: not app.watcher.busy)
