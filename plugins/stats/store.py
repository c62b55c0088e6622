"""Usage counts on the device: one SQLite file of (day, hour, event, subject) -> count.

Only counts are stored. A visit adds 1 to a few counters and leaves nothing else behind: no
visitor identifier, no time finer than the hour, no order of one person's screens. The table has
no rowid (WITHOUT ROWID), so not even the order in which counters were first made is kept.

Durability: WAL journal with synchronous=NORMAL. In WAL mode NORMAL never corrupts the file on a
power cut or a crash; what a power cut may lose is the last commits before it (the touches of the
last seconds), which a count can afford. FULL would fsync on every touch: a wait on the screen's
thread and wear on a Raspberry Pi's SD card for no figure anyone needs.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
import threading
from pathlib import Path

SCHEMA_VERSION = 1

log = logging.getLogger("kiosk.stats")


def _check(path: Path) -> None:
    """Raise sqlite3.DatabaseError, at the start and not at the first count of the day, for a file
    that is no sound database (a card that failed, a file put there by hand). Read as immutable
    first, so that nothing is written, made or deleted beside it (SQLite deletes the journal of a
    file it closes), and what is there can still be kept aside whole. An immutable read does not
    wait for a kiosk writing the file at that moment (`kiosk stats` beside the running kiosk), so
    where one may be (its journal files are there) what it finds is read again read-only, with
    SQLite's locks, through those files."""
    if not path.is_file() or path.stat().st_size == 0:
        return  # a new file
    uri = path.resolve().as_uri()
    try:
        _quick_check(f"{uri}?immutable=1")
    except sqlite3.DatabaseError:
        if not all(path.with_name(path.name + suffix).exists() for suffix in ("-wal", "-shm")):
            raise  # nothing writes it now (a running kiosk keeps both): what was read is what is there
        _quick_check(f"{uri}?mode=ro")


def _quick_check(uri: str) -> None:
    probe = sqlite3.connect(uri, uri=True, timeout=10)
    try:
        found = probe.execute("PRAGMA quick_check").fetchone()[0]
    finally:
        probe.close()
    if found != "ok":
        raise sqlite3.DatabaseError(f"the file is damaged: {found}")


class Store:
    """Counts per day and hour; every method takes and returns plain values."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # the kiosk counts on Kivy's thread; `kiosk stats` reads in its own process
        self._lock = threading.Lock()
        _check(self.path)
        self.db = sqlite3.connect(self.path, timeout=10, check_same_thread=False, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version == 0:
            self.db.executescript(
                """
                BEGIN;
                CREATE TABLE IF NOT EXISTS counts (
                    day TEXT NOT NULL,         -- YYYY-MM-DD, the kiosk's local date
                    hour INTEGER NOT NULL,     -- 0 to 23, the kiosk's local hour
                    event TEXT NOT NULL,       -- visit, screen, topic, language, code, guide, speech
                    subject TEXT NOT NULL,     -- which screen, topic, language or code kind; or ''
                    count INTEGER NOT NULL,
                    PRIMARY KEY (day, hour, event, subject)
                ) WITHOUT ROWID;
                PRAGMA user_version = 1;
                COMMIT;
                """
            )

    def close(self) -> None:
        with self._lock:
            self.db.close()

    @classmethod
    def open_or_start_again(cls, path: Path | str, clock=dt.datetime.now) -> "Store":
        """The Store at `path`; if that file cannot be read as one, it is kept beside it as
        `stats.sqlite.unreadable-<when>` (with its journal files) for someone to look into, a
        WARNING says so, and counting starts again in a new file: the kiosk goes on counting."""
        path = Path(path)
        try:
            return cls(path)
        except sqlite3.DatabaseError as exc:
            aside = path.with_name(f"{path.name}.unreadable-{clock():%Y%m%d-%H%M%S}")
            for suffix in ("", "-wal", "-shm"):
                part = path.with_name(path.name + suffix)
                if part.exists():
                    part.rename(aside.with_name(aside.name + suffix))
            log.warning("the usage counts in %s cannot be read (%s): the file is kept as %s and counting starts "
                        "again in a new one", path, exc, aside.name)
            return cls(path)

    def add(self, day: str, hour: int, event: str, subject: str = "", count: int = 1) -> None:
        """Add `count` to one counter (one small transaction)."""
        if not 0 <= hour <= 23:
            raise ValueError(f"hour must be 0 to 23, not {hour}")
        dt.date.fromisoformat(day)  # a wrong day fails here, not in a report months later
        with self._lock:
            self.db.execute(
                "INSERT INTO counts (day, hour, event, subject, count) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (day, hour, event, subject) DO UPDATE SET count = count + excluded.count",
                (day, hour, event, subject, count),
            )

    def rows(self, start: str | None = None, end: str | None = None) -> list[tuple[str, int, str, str, int]]:
        """(day, hour, event, subject, count) from day `start` to day `end`, both included."""
        with self._lock:
            return self.db.execute(
                "SELECT day, hour, event, subject, count FROM counts WHERE day >= ? AND day <= ? "
                "ORDER BY day, hour, event, subject",
                (start or "0000-00-00", end or "9999-99-99"),
            ).fetchall()

    def days(self, start: str | None = None, end: str | None = None) -> list[tuple[str, str, str, int]]:
        """(day, event, subject, count) summed over the hours of each day."""
        with self._lock:
            return self.db.execute(
                "SELECT day, event, subject, SUM(count) FROM counts WHERE day >= ? AND day <= ? "
                "GROUP BY day, event, subject ORDER BY day, event, subject",
                (start or "0000-00-00", end or "9999-99-99"),
            ).fetchall()
