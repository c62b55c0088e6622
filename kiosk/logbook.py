"""What went wrong lately, for the admin panel; and the kiosk's own rotating log file."""

from __future__ import annotations

import collections
import datetime as dt
import logging
import logging.handlers
from pathlib import Path

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class Logbook(logging.Handler):
    """Keeps the last `size` warnings and errors (first line only) in memory."""

    def __init__(self, size: int = 30):
        super().__init__(level=logging.WARNING)
        self.entries: collections.deque = collections.deque(maxlen=size)

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = record.getMessage().strip().splitlines()
        except Exception as exc:  # a broken log call must not break logging
            message = [f"(unprintable log message: {exc})"]
        when = dt.datetime.fromtimestamp(record.created).strftime("%H:%M:%S")
        self.entries.append(f"{when} {record.levelname} {record.name}: {message[0] if message else ''}")

    def recent(self, count: int = 12) -> list[str]:
        return list(self.entries)[-count:][::-1]

    @classmethod
    def attach(cls) -> "Logbook":
        """The root logger's logbook, created on first use."""
        root = logging.getLogger()
        for handler in root.handlers:
            if isinstance(handler, cls):
                return handler
        book = cls()
        root.addHandler(book)
        return book


def log_to_file(folder: Path, max_bytes: int = 1_000_000, keep: int = 5) -> Path:
    """Also log to folder/kiosk.log, rotated at `max_bytes`, keeping `keep` old files."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "kiosk.log"
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=max_bytes, backupCount=keep, encoding="utf-8")
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.setLevel(logging.INFO)
    logging.getLogger().addHandler(handler)
    return path
