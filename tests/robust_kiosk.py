"""A real `kiosk run` in its own process on a private Xvfb, for the tests that need one: it tells
when it is ready through the systemd notify protocol, as under systemd."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from conftest import ROOT

START_SECONDS = 120  # a bound for a start on a busy machine, not a measurement


class Xvfb:
    def __init__(self, size="1920x1920"):
        read, write = os.pipe()
        self.proc = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write), "-screen", "0", f"{size}x24", "-nolisten", "tcp", "-noreset"],
            pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        os.close(write)
        with os.fdopen(read) as pipe:
            self.display = ":" + pipe.readline().strip()

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=30)


class Kiosk:
    """One `kiosk run`; `ready()` waits for READY=1, `messages` holds every notify message."""

    def __init__(self, display: str, config: Path, state: Path, env=None, args=(), command="run"):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.address = f"\0kiosk-test-{os.getpid()}-{time.monotonic_ns()}"
        self.sock.bind(self.address)
        self.messages: list[str] = []
        self.state = state
        environment = {k: v for k, v in os.environ.items() if k not in ("WAYLAND_DISPLAY", "INVOCATION_ID", "WATCHDOG_USEC")}
        environment.update(DISPLAY=display, KIOSK_STATE_DIR=str(state), NOTIFY_SOCKET="@" + self.address[1:])
        environment.update(env or {})
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "kiosk", command, "--config", str(config), *args],
            env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
        )
        self.out = self.err = ""

    def wait_message(self, wanted: str, seconds: float = START_SECONDS) -> bool:
        deadline = time.monotonic() + seconds
        while wanted not in self.messages and time.monotonic() < deadline:
            ended = self.proc.poll() is not None
            self.sock.settimeout(0 if ended else 0.2)
            try:
                self.messages += self.sock.recv(4096).decode().splitlines()
            except (socket.timeout, BlockingIOError):
                if ended:  # nothing more will come
                    break
        return wanted in self.messages

    def ready(self, seconds: float = START_SECONDS) -> bool:
        return self.wait_message("READY=1", seconds)

    def signal(self, signum) -> None:
        self.proc.send_signal(signum)

    def wait(self, seconds: float = 60) -> int:
        try:
            self.out, self.err = self.proc.communicate(timeout=seconds)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.out, self.err = self.proc.communicate()
            raise
        return self.proc.returncode

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.signal(signal.SIGTERM)
        code = self.wait()
        self.sock.close()
        return code

    def log(self) -> str:
        path = self.state / "logs" / "kiosk.log"
        return path.read_text() if path.exists() else ""
