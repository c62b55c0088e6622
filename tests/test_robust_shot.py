"""A `kiosk shot` killed from outside leaves no private Xvfb behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import ROOT


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return found


def command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] not in "ZX"
    except OSError:
        return False


def wait_for(condition, seconds: float = 60):
    """Poll `condition` until it is true; fail after `seconds` (a bound, not a measurement)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.02)
    raise TimeoutError(f"not true after {seconds} s: {condition}")


def test_a_killed_shot_leaves_no_xvfb(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "KIOSK_USE_DISPLAY")}
    env["KIOSK_STATE_DIR"] = str(tmp_path / "state")
    shot = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "shot", "-v", "home", "--out", str(tmp_path / "x.png"),
         "--config", str(ROOT / "kiosk.yaml")],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    xvfb = None
    try:
        for line in shot.stderr:  # the window is open on the private display: Xvfb is serving
            if "GL: OpenGL version" in line:
                break
        xvfb = next(c for c in children(shot.pid) if "Xvfb" in command(c))
        shot.send_signal(signal.SIGKILL)  # no atexit, no finally: only the kernel can clean up
        shot.wait(timeout=60)
        wait_for(lambda: not alive(xvfb))
    finally:
        if shot.poll() is None:
            shot.kill()
        if xvfb is not None and alive(xvfb):
            os.kill(xvfb, signal.SIGKILL)  # only when the test failed: leave nothing behind
