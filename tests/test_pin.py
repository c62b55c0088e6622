"""The admin PIN: a salted hash on disk, five tries, then five minutes locked."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import ROOT
from kiosk.errors import KioskError
from kiosk.pin import LOCK_SECONDS, MAX_LOCK_SECONDS, MAX_TRIES, PinGuard, lock_path, write_pin


class Clock:
    def __init__(self):
        self.value = 1_000_000.0

    def __call__(self):
        return self.value


def test_the_pin_is_stored_only_as_a_salted_hash(tmp_path):
    path = tmp_path / "pin.json"
    write_pin(path, "482916")
    text = path.read_text()
    assert "482916" not in text
    record = json.loads(text)
    assert record["algorithm"] == "pbkdf2-sha256" and record["iterations"] >= 100_000
    assert len(bytes.fromhex(record["salt"])) == 16
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    write_pin(tmp_path / "other.json", "482916")
    assert json.loads((tmp_path / "other.json").read_text())["hash"] != record["hash"]  # salted


@pytest.mark.parametrize("bad", ["123", "12ab", "", "1234567890123", " 1234"])
def test_a_pin_is_four_to_twelve_digits(tmp_path, bad):
    with pytest.raises(KioskError, match="4 to 12 digits"):
        write_pin(tmp_path / "pin.json", bad)


def test_five_wrong_tries_lock_for_five_minutes_even_across_restarts(tmp_path):
    path = tmp_path / "pin.json"
    write_pin(path, "2468")
    clock = Clock()
    guard = PinGuard(path, clock)
    for left in range(MAX_TRIES - 1, 0, -1):
        assert guard.check("1111") == "wrong"
        assert guard.tries_left() == left
    assert guard.check("1111") == "locked"
    assert guard.check("2468") == "locked"  # even the right PIN, while locked
    again = PinGuard(path, clock)  # a restart does not lift the lock
    assert again.check("2468") == "locked"
    clock.value += LOCK_SECONDS - 1
    assert again.check("2468") == "locked"
    clock.value += 2
    assert again.check("2468") == "ok"
    assert again.tries_left() == MAX_TRIES


def test_a_right_pin_clears_the_count(tmp_path):
    path = tmp_path / "pin.json"
    write_pin(path, "2468")
    guard = PinGuard(path, Clock())
    guard.check("0000")
    guard.check("0000")
    assert guard.check("2468") == "ok"
    assert guard.tries_left() == MAX_TRIES


def test_an_empty_ok_is_not_a_try(tmp_path):
    path = tmp_path / "pin.json"
    write_pin(path, "2468")
    guard = PinGuard(path, Clock())
    for _ in range(MAX_TRIES * 3):  # a passer-by tapping OK again and again
        assert guard.check("") == "empty"
    assert guard.tries_left() == MAX_TRIES
    assert guard.check("2468") == "ok"


def test_tries_that_cannot_be_written_down_fail_closed(tmp_path, caplog):
    path = tmp_path / "pin.json"
    write_pin(path, "2468")
    # the tries file cannot be written: its temporary file's name is taken by a folder
    (tmp_path / (lock_path(path).name + ".tmp")).mkdir()
    guard = PinGuard(path, Clock())
    for _ in range(MAX_TRIES + 2):
        assert guard.check("1111") == "unrecorded"
    assert guard.check("2468") == "unrecorded"  # not even the right PIN gets in
    assert "no PIN is accepted until it can" in caplog.text
    (tmp_path / (lock_path(path).name + ".tmp")).rmdir()
    assert guard.check("2468") == "ok"


def test_lockouts_escalate_until_the_right_pin(tmp_path):
    path = tmp_path / "pin.json"
    write_pin(path, "2468")
    clock = Clock()
    guard = PinGuard(path, clock)
    lengths = []
    for _ in range(4):
        for _ in range(MAX_TRIES):
            result = guard.check("1111")
        assert result == "locked"
        lengths.append(round(guard.locked_for()))
        clock.value += guard.locked_for() + 1
    assert lengths == [LOCK_SECONDS, 2 * LOCK_SECONDS, 4 * LOCK_SECONDS, 8 * LOCK_SECONDS]
    for _ in range(40):  # never longer than a day
        for _ in range(MAX_TRIES):
            guard.check("1111")
        assert guard.locked_for() <= MAX_LOCK_SECONDS
        clock.value += guard.locked_for() + 1
    assert guard.check("2468") == "ok"
    for _ in range(MAX_TRIES):
        guard.check("1111")
    assert round(guard.locked_for()) == LOCK_SECONDS  # the right PIN ended the escalation


def test_no_pin_file_means_no_admin_mode(tmp_path):
    assert PinGuard(tmp_path / "none.json", Clock()).check("1234") == "unset"


def test_a_damaged_pin_file_says_so(tmp_path):
    path = tmp_path / "pin.json"
    path.write_text("{not json")
    with pytest.raises(KioskError, match="kiosk set-pin"):
        PinGuard(path, Clock()).check("1234")


def test_set_pin_command(tmp_path):
    config = tmp_path / "kiosk.yaml"
    config.write_text(f"content:\n  pack: {ROOT / 'content' / 'leipziger-osten'}\nadmin:\n  pin_file: admin/pin.json\n")
    run = subprocess.run(
        [sys.executable, "-m", "kiosk", "set-pin", "--config", str(config), "--stdin"],
        input="97531\n", capture_output=True, text=True, timeout=60,
    )
    assert run.returncode == 0, run.stderr
    assert "admin PIN set" in run.stdout
    assert PinGuard(tmp_path / "admin" / "pin.json", Clock()).check("97531") == "ok"
    bad = subprocess.run(
        [sys.executable, "-m", "kiosk", "set-pin", "--config", str(config), "--stdin"],
        input="12\n", capture_output=True, text=True, timeout=60,
    )
    assert bad.returncode == 2 and "4 to 12 digits" in bad.stderr
