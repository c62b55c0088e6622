"""A display to draw on: the real one, or a private virtual one (Xvfb) for headless use."""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess

from kiosk.errors import KioskError


def has_display() -> bool:
    """An X or Wayland display, or SDL told to draw on the console (SDL_VIDEODRIVER=kmsdrm)."""
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or os.environ.get("SDL_VIDEODRIVER"))


def start_virtual(width: int = 1920, height: int = 1920) -> subprocess.Popen:
    """Start Xvfb on a free display number, point DISPLAY at it, and stop it at exit."""
    return begin_virtual(width, height)()


def begin_virtual(width: int = 1920, height: int = 1920):
    """Start Xvfb on a free display number, stopped at exit; return `ready()`, which waits until
    it accepts clients, points DISPLAY at it and returns its process. Xvfb takes a tenth of a
    second or more to start, which the caller may spend on work that needs no display."""
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        raise KioskError("no display, and Xvfb is not installed (Debian: apt-get install xvfb)")
    read, write = os.pipe()
    proc = subprocess.Popen(
        [xvfb, "-displayfd", str(write), "-screen", "0", f"{width}x{height}x24", "-nolisten", "tcp", "-noreset"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        preexec_fn=_die_with_parent(os.getpid()),
    )
    os.close(write)
    atexit.register(_stop, proc)

    def ready() -> subprocess.Popen:
        with os.fdopen(read) as pipe:
            number = pipe.readline().strip()  # Xvfb writes it once it accepts clients
        if not number:
            proc.kill()
            raise KioskError("Xvfb did not start")
        os.environ["DISPLAY"] = f":{number}"
        os.environ.pop("WAYLAND_DISPLAY", None)
        return proc

    return ready


def _die_with_parent(parent: int):
    """Run in the child before Xvfb starts: the kernel ends it when we end, however we end (a
    SIGKILL runs no atexit handler). Linux only; elsewhere atexit is all there is."""
    import ctypes
    import signal

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        prctl = libc.prctl
    except (OSError, AttributeError):
        return None
    PR_SET_PDEATHSIG = 1

    def arm() -> None:
        prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != parent:  # we died before the line above: do not outlive us
            os._exit(1)

    return arm


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
