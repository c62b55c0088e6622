"""Open now, or when it opens next: across weekdays, midnight and "by appointment"."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from kiosk.content.hours import Day, Hours

BERLIN = ZoneInfo("Europe/Berlin")


def at(text):  # 2026-11-23 is a Monday
    return dt.datetime.fromisoformat(text).replace(tzinfo=BERLIN)


TUESDAY_10_12 = Hours(days=(Day(), Day(slots=((600, 720),)), Day(), Day(), Day(), Day(), Day()))
LATE = Hours(days=tuple(Day(slots=((1080, 1440),)) for _ in range(7)))  # 18:00-24:00 every day
APPOINTMENT = Hours(by_appointment=True)


@pytest.mark.parametrize("hours,now,open_now,closes,opens", [
    (TUESDAY_10_12, "2026-11-24 10:00", True, "2026-11-24 12:00", None),
    (TUESDAY_10_12, "2026-11-24 11:59", True, "2026-11-24 12:00", None),
    (TUESDAY_10_12, "2026-11-24 12:00", False, None, "2026-12-01 10:00"),  # closes at 12: next week
    (TUESDAY_10_12, "2026-11-24 09:59", False, None, "2026-11-24 10:00"),
    (TUESDAY_10_12, "2026-11-23 23:59", False, None, "2026-11-24 10:00"),  # across midnight
    (TUESDAY_10_12, "2026-11-29 12:00", False, None, "2026-12-01 10:00"),  # Sunday: across the week's end
    (LATE, "2026-11-23 23:30", True, "2026-11-24 00:00", None),
    (LATE, "2026-11-24 00:00", False, None, "2026-11-24 18:00"),
    (APPOINTMENT, "2026-11-24 10:00", False, None, None),
])
def test_status(hours, now, open_now, closes, opens):
    status = hours.status(at(now))
    assert status.open_now is open_now
    assert status.closes == (at(closes) if closes else None)
    assert status.opens == (at(opens) if opens else None)


def test_by_appointment_is_told():
    assert APPOINTMENT.status(at("2026-11-24 10:00")).by_appointment
    assert APPOINTMENT.appointment_only
    assert not TUESDAY_10_12.appointment_only


def test_status_line_on_screen(kiosk):
    """The offer list tells "opens today at 10:00" on Tuesday morning, in the screen's language."""
    from plugins_offers import status_line

    app = kiosk.app
    assert status_line(app, TUESDAY_10_12) == "Öffnet heute um 10:00 Uhr"
    app.set_language("en")
    assert status_line(app, TUESDAY_10_12) == "Opens today at 10:00"
    app.clock.moment = at("2026-11-24 10:30")
    assert status_line(app, TUESDAY_10_12) == "Open now, until 12:00"
    app.set_language("fa")
    assert "12:00" in status_line(app, TUESDAY_10_12)  # one digit style on every screen (docs/content.md)
    app.clock.moment = at("2026-11-25 10:30")
    app.set_language("de")
    assert status_line(app, TUESDAY_10_12) == "Öffnet Dienstag um 10:00 Uhr"
    assert status_line(app, APPOINTMENT) == "Termin nach Vereinbarung"
    assert status_line(app, None) == "Bitte nach den Zeiten fragen"
