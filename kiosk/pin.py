"""The administrator's PIN: stored only as a salted hash, and locked after too many wrong tries."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
from pathlib import Path

from kiosk.errors import KioskError

ITERATIONS = 200_000  # PBKDF2-SHA256; about 0.1 s on a laptop, under a second on a Raspberry Pi
MAX_TRIES = 5
LOCK_SECONDS = 5 * 60
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
    try for `LOCK_SECONDS`. The count survives a restart, so pulling the plug does not reset it.
    `now` gives seconds (the kiosk's injectable clock)."""

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
        """'ok', 'wrong' (tries_left() says how many remain), 'locked' or 'unset'."""
        if not self.is_set():
            return "unset"
        if self.locked_for() > 0:
            return "locked"
        try:
            record = json.loads(self.path.read_text())
            ok = matches(record, pin)
        except (OSError, ValueError, KeyError, KioskError) as exc:
            raise KioskError(f"the PIN file {self.path} cannot be read ({exc}); set it again with `kiosk set-pin`") from exc
        state = self._state()
        if ok:
            if state:
                self.lock.unlink(missing_ok=True)
            return "ok"
        failures = state.get("failures", 0) + 1
        if failures >= MAX_TRIES:
            _write_json(self.lock, {"failures": 0, "locked_until": self._now() + LOCK_SECONDS})
            return "locked"
        _write_json(self.lock, {"failures": failures, "locked_until": 0})
        return "wrong"

    def _state(self) -> dict:
        try:
            return json.loads(self.lock.read_text())
        except FileNotFoundError:
            return {}
        except (OSError, ValueError):
            # a damaged tries file must not open the door: treat it as locked from now on
            return {"failures": 0, "locked_until": self._now() + LOCK_SECONDS}


def _write_json(path: Path, data: dict) -> None:
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        json.dump(data, handle)
    os.replace(tmp, path)
