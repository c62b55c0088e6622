"""A frozen kiosk comes back by itself: systemd's watchdog, or our own supervisor without systemd.

The kiosk speaks systemd's notify protocol (a datagram to `$NOTIFY_SOCKET`): READY=1 once the first
frame is drawn, WATCHDOG=1 while its main thread still turns, STOPPING=1 on the way out. A thread of
its own watches the main thread: stuck for longer than the freeze limit, every thread's stack goes
to the log, the plugin whose frame is innermost in the main thread is named and written to a state
file ("froze the kiosk", switched off at the next start), and the process ends with EXIT_FROZEN.
Without systemd, `supervise()` plays systemd's part: it gives the kiosk a notify socket, kills it
when the pings stop, and starts it again (Restart=always, with a limit on bursts).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import traceback
from pathlib import Path

log = logging.getLogger("kiosk.watchdog")

EXIT_FROZEN = 70  # EX_SOFTWARE: the main thread stopped turning
EXIT_QUIT = 64  # the administrator quit the kiosk: stay stopped (RestartPreventExitStatus=64)
STATE_FILE = "frozen.json"
FROZE = "froze the kiosk"
DEFAULT_FREEZE_SECONDS = 30.0
STOP_GRACE_SECONDS = 10.0  # after SIGTERM: then the kiosk ends even if a plugin holds it


def freeze_limit(env=os.environ) -> float:
    """Seconds the main thread may stand still: $KIOSK_FREEZE_SECONDS, else half of systemd's
    WatchdogSec (so the stacks are in the log before systemd's SIGABRT), else 30."""
    try:
        if env.get("KIOSK_FREEZE_SECONDS"):
            return max(0.5, float(env["KIOSK_FREEZE_SECONDS"]))
        if env.get("WATCHDOG_USEC"):
            return max(0.5, int(env["WATCHDOG_USEC"]) / 2e6)
    except ValueError:
        log.error("KIOSK_FREEZE_SECONDS / WATCHDOG_USEC is not a number; using %g s", DEFAULT_FREEZE_SECONDS)
    return DEFAULT_FREEZE_SECONDS


def notify(message: str, env=os.environ) -> bool:
    """Send one notify-protocol message (e.g. "READY=1"); False when nobody listens."""
    address = env.get("NOTIFY_SOCKET")
    if not address:
        return False
    if address.startswith("@"):
        address = "\0" + address[1:]  # an abstract socket
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
            sock.sendto(message.encode(), address)
        return True
    except OSError as exc:
        log.debug("notify %r failed: %s", message, exc)
        return False


# -- the state file: which plugin froze the kiosk ------------------------------------------------


def frozen_plugins(state_dir: Path | None) -> dict[str, str]:
    """Plugins that froze the kiosk before, name -> why; they stay off until switched on."""
    if state_dir is None:
        return {}
    try:
        data = json.loads((Path(state_dir) / STATE_FILE).read_text())
        return {str(k): str(v.get("why", FROZE)) for k, v in data.get("plugins", {}).items()}
    except FileNotFoundError:
        return {}
    except (OSError, ValueError, AttributeError) as exc:
        log.error("cannot read %s: %s", Path(state_dir) / STATE_FILE, exc)
        return {}


def record_frozen(state_dir: Path, name: str, stack: str, when: str) -> None:
    path = Path(state_dir) / STATE_FILE
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        data = {}
    plugins = data.setdefault("plugins", {})
    plugins[name] = {"why": FROZE, "when": when, "stack": stack[-4000:]}
    _write(path, data)


def forgive(state_dir: Path | None, name: str) -> None:
    """The administrator switched `name` on again: it may start with the kiosk from now on."""
    if state_dir is None or name not in frozen_plugins(state_dir):
        return
    path = Path(state_dir) / STATE_FILE
    data = json.loads(path.read_text())
    data["plugins"].pop(name, None)
    _write(path, data)


def _write(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=1))
    os.replace(tmp, path)


# -- inside the kiosk: threads that fail -----------------------------------------------------------


def watch_threads(host) -> None:
    """From now on an exception that ends a thread is blamed on the plugin whose code raised it,
    which is switched off on Kivy's thread; any other is logged. Never only on stderr."""
    from kiosk.guard import blame

    def thread_failed(args) -> None:
        exc = args.exc_value
        name = blame(exc, host) if exc is not None else None
        thread = args.thread.name if args.thread is not None else "?"
        if name is None:
            log.error("a thread (%s) ended with an error:\n%s", thread,
                      "".join(traceback.format_exception(args.exc_type, exc, args.exc_traceback)))
            return
        from kivy.clock import Clock

        lines = str(exc).strip().splitlines()
        why = f"its thread {thread!r} raised {type(exc).__name__}" + (f": {lines[0]}" if lines else "")
        Clock.schedule_once(lambda _dt: host.fail(name, why, exc), 0)

    threading.excepthook = thread_failed


# -- inside the kiosk: watch the main thread -------------------------------------------------------


class Watchdog:
    """Watches that the main thread calls `beat()`; pings systemd while it does.

    `plugins()` gives (name, folder) of the active plugins, to blame the innermost frame on.
    `now` and `exit` are injectable: tests drive `check()` with a clock of their own."""

    def __init__(self, limit: float, state_dir: Path | None, plugins=lambda: (), now=time.monotonic,
                 exit=os._exit, env=os.environ):
        self.limit = limit
        self.state_dir = state_dir
        self.plugins = plugins
        self.now = now
        self.exit = exit
        self.env = env
        self.main = threading.main_thread()
        self._last = now()
        self._stop_by: float | None = None
        self._done = threading.Event()
        self._thread: threading.Thread | None = None

    def beat(self, *_args) -> None:
        """The main thread is turning (called from a Kivy clock event)."""
        self._last = self.now()

    def stopping(self, grace: float | None = None) -> None:
        """A stop was asked for: it must be done within `grace` seconds (the freeze limit, at most
        STOP_GRACE_SECONDS), or the kiosk is ended."""
        notify("STOPPING=1", self.env)
        if self._stop_by is None:
            self._stop_by = self.now() + (grace if grace is not None else min(STOP_GRACE_SECONDS, self.limit))

    def start(self) -> "Watchdog":
        interval = min(self.limit, _systemd_interval(self.env)) / 4
        self._thread = threading.Thread(target=self._run, args=(interval,), name="kiosk-watchdog", daemon=True)
        self._thread.start()
        return self

    def close(self) -> None:
        self._done.set()

    def _run(self, interval: float) -> None:
        while not self._done.wait(interval):
            self.check()

    def check(self) -> str:
        """'ok' (and systemd pinged), or ends the process: frozen, or too slow to stop."""
        now = self.now()
        if self._stop_by is not None and now > self._stop_by:
            return self.freeze("did not stop when asked")
        stuck = now - self._last
        if stuck > self.limit:
            return self.freeze(f"main thread stuck for {stuck:.1f} s (limit {self.limit:g} s)")
        notify("WATCHDOG=1", self.env)
        return "ok"

    def freeze(self, why: str) -> str:
        frames = sys._current_frames()
        main = frames.get(self.main.ident)
        culprit = innermost_plugin(main, self.plugins()) if main is not None else None
        stacks = []
        for thread in threading.enumerate():
            frame = frames.get(thread.ident)
            if frame is not None:
                stacks.append(f"Thread {thread.name}:\n{''.join(traceback.format_stack(frame))}")
        stack = "\n".join(stacks)
        blamed = f"plugin {culprit!r} {FROZE}" if culprit else "no plugin's code was running: the shell froze"
        log.critical("%s: %s; ending the kiosk (it is started again)\n%s", why, blamed, stack)
        if culprit and self.state_dir is not None:
            try:
                main_stack = "".join(traceback.format_stack(main))
                record_frozen(self.state_dir, culprit, main_stack, dt.datetime.now().isoformat(timespec="seconds"))
            except OSError as exc:
                log.error("cannot record that %r froze the kiosk: %s", culprit, exc)
        for handler in logging.getLogger().handlers:
            try:
                handler.flush()
            except Exception:  # a handler that cannot flush must not stop the exit
                pass
        self.exit(EXIT_FROZEN)
        return "frozen"


def innermost_plugin(frame, plugins) -> str | None:
    """The plugin whose folder holds the innermost frame of the stack that ends in `frame`."""
    folders = [(name, str(Path(folder).resolve()) + os.sep) for name, folder in plugins if folder]
    while frame is not None:
        try:
            path = str(Path(frame.f_code.co_filename).resolve())
        except (OSError, ValueError):
            path = frame.f_code.co_filename
        for name, folder in folders:
            if path.startswith(folder):
                return name
        frame = frame.f_back
    return None


def _systemd_interval(env) -> float:
    try:
        return int(env["WATCHDOG_USEC"]) / 1e6 if env.get("WATCHDOG_USEC") else float("inf")
    except ValueError:
        return float("inf")


# -- outside the kiosk: our own supervisor when there is no systemd ------------------------------


def under_systemd(env=os.environ) -> bool:
    return bool(env.get("NOTIFY_SOCKET") or env.get("INVOCATION_ID"))


def supervise(command: list[str], limit: float = DEFAULT_FREEZE_SECONDS * 2, restart_seconds: float = 3.0,
              burst: int = 10, burst_seconds: float = 300.0, env=None, start_seconds: float = 120.0) -> int:
    """Run `command` (a kiosk) as systemd would with Restart=always and WatchdogSec=`limit`: it is
    killed when its pings stop (or it does not report READY within `start_seconds`) and started
    again after `restart_seconds`, unless it exits with EXIT_QUIT or we are told to stop. After
    `burst` starts within `burst_seconds`, it gives up (exit code 1)."""
    env = dict(os.environ if env is None else env)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC)
    address = f"\0kiosk-supervisor-{os.getpid()}"
    sock.bind(address)
    env["NOTIFY_SOCKET"] = "@" + address[1:]
    env["WATCHDOG_USEC"] = str(int(limit * 1e6))
    stop = {"signal": None}
    child: dict = {"proc": None}

    def forward(signum, _frame):
        if signum != signal.SIGHUP:
            stop["signal"] = signum
        if child["proc"] is not None and child["proc"].poll() is None:
            child["proc"].send_signal(signum)

    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, forward)
    starts: list[float] = []
    try:
        while True:
            starts = [t for t in starts if time.monotonic() - t < burst_seconds] + [time.monotonic()]
            if len(starts) > burst:
                log.error("the kiosk was started %d times in %g s; giving up", burst, burst_seconds)
                return 1
            child["proc"] = proc = subprocess.Popen(command, env=env)
            code = _watch(proc, sock, limit, start_seconds)
            if stop["signal"] is not None:
                return 0 if code in (0, -stop["signal"]) else code
            if code == EXIT_QUIT:
                log.warning("the kiosk was quit by its administrator; not starting it again")
                return 0
            log.error("the kiosk ended (exit code %s); starting it again in %g s", code, restart_seconds)
            if _sleep_unless_stopped(restart_seconds, stop):
                return 0
    finally:
        sock.close()


def _watch(proc, sock, limit: float, start_seconds: float) -> int:
    """Wait for `proc` to end; kill it when it stops pinging. Its exit code."""
    import select

    ready = False
    deadline = time.monotonic() + start_seconds
    while True:
        code = proc.poll()
        if code is not None:
            return code
        readable, _, _ = select.select([sock], [], [], 0.2)
        if readable:
            message = sock.recv(4096).decode(errors="replace")
            for line in message.splitlines():
                if line == "READY=1":
                    ready = True
                    deadline = time.monotonic() + limit
                elif line == "WATCHDOG=1" and ready:
                    deadline = time.monotonic() + limit
        if time.monotonic() > deadline:
            log.error("the kiosk %s; killing it", "stopped pinging" if ready else "did not become ready")
            proc.send_signal(signal.SIGABRT)
            try:
                return proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                return proc.wait()


def _sleep_unless_stopped(seconds: float, stop: dict) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if stop["signal"] is not None:
            return True
        time.sleep(0.05)
    return stop["signal"] is not None
