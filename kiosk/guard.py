"""The last line of defence: an error anywhere while the kiosk runs never ends it.

Kivy hands every exception that escapes its event loop (a touch handler, a clock callback, a kv
rule) to its ExceptionManager. This handler blames the plugin whose code raised, switches that
plugin off (its tiles and screens go, the visitor goes home) and lets the kiosk go on. An error in
the shell itself is logged, and the kiosk goes on too: a public screen never shows a traceback.
"""

from __future__ import annotations

import logging
import traceback
from pathlib import Path

from kivy.base import ExceptionHandler, ExceptionManager

log = logging.getLogger("kiosk.guard")


class Guard(ExceptionHandler):
    def __init__(self, host):
        super().__init__()
        self.host = host
        self.unexpected: list[str] = []  # errors no plugin could be blamed for
        self._seen: dict[str, int] = {}

    def handle_exception(self, exc):
        name = blame(exc, self.host) if isinstance(exc, (Exception, SystemExit)) else None
        if not isinstance(exc, Exception) and name is None:  # KeyboardInterrupt, the shell's stop
            return ExceptionManager.RAISE
        if name is not None:
            self.host.fail(name, f"raised {type(exc).__name__}: {_first_line(exc)} while the kiosk ran", exc)
            return ExceptionManager.PASS
        text = f"{type(exc).__name__}: {_first_line(exc)}"
        self.unexpected.append(text)
        count = self._seen.get(text, 0) + 1
        self._seen[text] = count
        if count <= 3 or count % 1000 == 0:  # a fault in every frame must not flood the log
            log.error("unexpected error, the kiosk goes on (seen %d times):\n%s", count,
                      "".join(traceback.format_exception(exc)))
        return ExceptionManager.PASS

    def install(self) -> "Guard":
        ExceptionManager.add_handler(self)
        return self


def blame(exc: BaseException, host) -> str | None:
    """The active plugin whose file is the innermost frame of `exc`'s traceback, if any."""
    folders = [
        (info.name, Path(info.path).resolve())
        for info in host.plugins.values()
        if info.path is not None and info.state == "active"
    ]
    culprit = None
    for frame in traceback.extract_tb(exc.__traceback__):
        try:
            path = Path(frame.filename).resolve()
        except (OSError, ValueError):
            continue
        for name, folder in folders:
            if path.is_relative_to(folder):
                culprit = name
    return culprit


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else ""
