"""The administrator's PIN: stored only as a salted hash, and locked after too many wrong tries."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import re
import secrets
from pathlib import Path

from kiosk.errors import KioskError

ITERATIONS = 200_000  # PBKDF2-SHA256; about 0.1 s on a laptop, under a second on a Raspberry Pi
log = logging.getLogger("kiosk.pin")

MAX_TRIES = 5
LOCK_SECONDS = 5 * 60  # the first lock; each further lock in a row lasts twice as long
MAX_LOCK_SECONDS = 24 * 60 * 60
PIN_RE = re.compile(r"^[0-9]{4,12}$")


def check_format(pin: str) -> None:
    if not PIN_RE.match(pin):
        raise KioskError("a PIN is 4 to 12 digits (0-9), nothing else")


def hash_pin(pin: str, salt: bytes | None = None, iterations: int = ITERATIONS) -> dict:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode(), salt, iterations)
    return {"algorithm": "pbkdf2-sha256", "iterations": iterations, "salt": salt.hex(), "hash": digest.hex()}


def matches(record: dict, pin: str) -> bool:
    if record.get("algorithm") != "pbkdf2-sha256":
        raise KioskError(f"unknown PIN hash algorithm {record.get('algorithm')!r}")
    expected = hash_pin(pin, bytes.fromhex(record["salt"]), int(record["iterations"]))["hash"]
    return hmac.compare_digest(expected, record["hash"])


def write_pin(path: Path, pin: str) -> None:
    """Store a new PIN (as a salted hash, readable by the owner only); resets any lock."""
    check_format(pin)
    path.parent.mkdir(parents=True, exist_ok=True)
    _write_json(path, hash_pin(pin))
    lock = lock_path(path)
    if lock.exists():
        lock.unlink()


def lock_path(pin_path: Path) -> Path:
    return pin_path.with_name(pin_path.stem + ".tries.json")


class PinGuard:
    """Checks PINs against the stored hash; after `MAX_TRIES` wrong ones in a row it refuses every
    try for `LOCK_SECONDS`, twice as long after each further lock (at most `MAX_LOCK_SECONDS`),
    until the right PIN is given. The count survives a restart, so pulling the plug does not reset
    it. Every try is written down before the PIN is compared: when that cannot be done, no PIN is
    accepted (the door fails closed) and the log says why. `now` gives seconds (the kiosk's
    injectable clock)."""

    def __init__(self, path: Path, now):
        self.path = Path(path)
        self.lock = lock_path(self.path)
        self._now = now

    def is_set(self) -> bool:
        return self.path.is_file()

    def locked_for(self) -> float:
        """Seconds until tries are allowed again (0 when they are)."""
        return max(0.0, self._state().get("locked_until", 0) - self._now())

    def tries_left(self) -> int:
        return MAX_TRIES - self._state().get("failures", 0)

    def check(self, pin: str) -> str:
        """'ok', 'wrong' (tries_left() says how many remain), 'locked', 'unset', 'empty' (nothing
        typed: not a try) or 'unrecorded' (the try could not be written down: refused)."""
        if not self.is_set():
            return "unset"
        if not pin:
            return "empty"
        if self.locked_for() > 0:
            return "locked"
        try:
            record = json.loads(self.path.read_text())
        except (OSError, ValueError) as exc:
            raise KioskError(f"the PIN file {self.path} cannot be read ({exc}); set it again with `kiosk set-pin`") from exc
        state = self._state()
        failures = state.get("failures", 0) + 1
        locks = state.get("locks", 0)
        if not self._record({"failures": failures, "locked_until": 0, "locks": locks}):
            return "unrecorded"
        try:
            ok = matches(record, pin)
        except (ValueError, KeyError, TypeError, KioskError) as exc:
            raise KioskError(f"the PIN file {self.path} cannot be read ({exc}); set it again with `kiosk set-pin`") from exc
        if ok:
            self._record({"failures": 0, "locked_until": 0, "locks": 0})
            return "ok"
        if failures >= MAX_TRIES:
            seconds = min(MAX_LOCK_SECONDS, LOCK_SECONDS * 2 ** locks)
            if not self._record({"failures": 0, "locked_until": self._now() + seconds, "locks": locks + 1}):
                return "unrecorded"
            log.warning("admin PIN locked for %d min after %d wrong tries (lock %d in a row)",
                        seconds // 60, MAX_TRIES, locks + 1)
            return "locked"
        return "wrong"

    def _record(self, state: dict) -> bool:
        try:
            _write_json(self.lock, state)
        except OSError as exc:
            log.error("cannot write down admin PIN tries in %s (%s): no PIN is accepted until it can",
                      self.lock, exc.strerror or exc)
            return False
        return True

    def _state(self) -> dict:
        try:
            state = json.loads(self.lock.read_text())
            if not isinstance(state, dict):
                raise ValueError("not a record")
            return state
        except FileNotFoundError:
            return {}
        except (OSError, ValueError):
            # a damaged tries file must not open the door: treat it as locked from now on
            return {"failures": 0, "locked_until": self._now() + LOCK_SECONDS, "locks": 1}


def _write_json(path: Path, data: dict) -> None:
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        json.dump(data, handle)
    os.replace(tmp, path)
