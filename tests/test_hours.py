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


# -- closures, public holidays and exceptions -------------------------------------------------------

from kiosk.content.hours import Closure, Opening, PublicHolidays, known_region  # noqa: E402

WEEKDAYS_9_12 = tuple(Day(slots=((540, 720),)) for _ in range(5)) + (Day(), Day())
SAXONY = PublicHolidays("DE-SN")
BERLIN_STATE = PublicHolidays("DE-BE")


def office(**kw):
    return Hours(days=WEEKDAYS_9_12, **kw)


@pytest.mark.parametrize("hours,now,open_now,closes,opens,closed_for", [
    # Buß- und Bettag (Wednesday 18 November 2026) is a public holiday in Saxony only
    (office(holidays=SAXONY), "2026-11-18 10:00", False, None, "2026-11-19 09:00", "Buß- und Bettag"),
    (office(holidays=BERLIN_STATE), "2026-11-18 10:00", True, "2026-11-18 12:00", None, None),
    (office(holidays=SAXONY), "2026-11-17 13:00", False, None, "2026-11-19 09:00", None),  # Tuesday after hours
    # ... unless the offer opens on holidays, or opens on that one day
    (office(holidays=SAXONY, open_on_holidays=True), "2026-11-18 10:00", True, "2026-11-18 12:00", None, None),
    (office(holidays=SAXONY, openings=(Opening(dt.date(2026, 11, 18), ((600, 660),)),)), "2026-11-18 10:30", True, "2026-11-18 11:00", None, None),
    (office(holidays=SAXONY, openings=(Opening(dt.date(2026, 11, 18)),)), "2026-11-18 08:00", False, None, "2026-11-18 09:00", None),
    # Christmas: a closed fortnight, then the first working day of the new year
    (office(holidays=SAXONY, closed=(Closure(dt.date(2026, 12, 23), dt.date(2027, 1, 1), "Weihnachtsferien"),)),
     "2026-12-23 10:00", False, None, "2027-01-04 09:00", "Weihnachtsferien"),
    (office(closed=(Closure(dt.date(2026, 12, 24), dt.date(2026, 12, 24)),)), "2026-12-24 10:00", False, None, "2026-12-25 09:00", True),
    (office(closed=(Closure(dt.date(2026, 12, 24), dt.date(2026, 12, 24)),)), "2026-12-23 10:00", True, "2026-12-23 12:00", None, None),
    # the day after a closure: its usual hours again
    (office(closed=(Closure(dt.date(2026, 12, 21), dt.date(2026, 12, 23)),)), "2026-12-20 12:00", False, None, "2026-12-24 09:00", None),
    # a weekend is not "closed for" anything: it is never open then
    (office(closed=(Closure(dt.date(2026, 11, 28), dt.date(2026, 11, 29), "x"),)), "2026-11-28 10:00", False, None, "2026-11-30 09:00", None),
])
def test_status_with_closures_and_holidays(hours, now, open_now, closes, opens, closed_for):
    status = hours.status(at(now))
    assert status.open_now is open_now
    assert status.closes == (at(closes) if closes else None)
    assert status.opens == (at(opens) if opens else None)
    assert status.closed_for == closed_for


def test_a_long_closure_is_looked_past():
    closed = office(closed=(Closure(dt.date(2026, 7, 1), dt.date(2026, 8, 31), "Sommerpause"),))
    assert closed.status(at("2026-07-01 10:00")).opens == at("2026-09-01 09:00")


def test_holiday_names_in_the_screens_language_where_the_package_has_them():
    assert SAXONY.name(dt.date(2026, 12, 25)) == "Erster Weihnachtstag"
    assert SAXONY.name(dt.date(2026, 12, 25), "en") == "Christmas Day"
    assert SAXONY.name(dt.date(2026, 12, 25), "ar") == "Erster Weihnachtstag"  # not in the package: German
    assert SAXONY.name(dt.date(2026, 12, 24)) is None  # Christmas Eve is no public holiday
    assert PublicHolidays("DE-BY").name(dt.date(2026, 11, 18)) is None


@pytest.mark.parametrize("code, known", [("DE-SN", True), ("DE", True), ("DE-XX", False), ("XX", False), ("AT-9", True)])
def test_known_regions(code, known):
    assert known_region(code) is known


def test_status_line_on_a_public_holiday_and_after_a_closed_week(kiosk):
    from plugins_offers import status_line

    app = kiosk.app
    app.clock.moment = at("2026-11-18 10:00")  # Buß- und Bettag, a Wednesday
    assert status_line(app, office(holidays=SAXONY)) == "Heute geschlossen (Buß- und Bettag) · Öffnet morgen um 09:00 Uhr"
    assert status_line(app, office(holidays=BERLIN_STATE)) == "Jetzt geöffnet, bis 12:00 Uhr"
    app.set_language("en")
    assert status_line(app, office(holidays=SAXONY)) == "Closed today (Repentance and Prayer Day) · Opens tomorrow at 09:00"
    christmas = office(holidays=SAXONY, closed=(Closure(dt.date(2026, 12, 21), dt.date(2027, 1, 1)),))
    app.clock.moment = at("2026-12-21 10:00")
    from kiosk import dates

    monday = dates.date(app.catalog, "en", dt.date(2027, 1, 4))  # not "Opens Monday": that would be today
    assert status_line(app, christmas) == f"Closed today · Opens on {monday} at 09:00"


def test_the_offer_screen_says_closed_today_with_the_closures_note(kiosk, tmp_path):
    """Tuesday 24 November, 9:00: the counselling office is usually open at 10, but not today."""
    import shutil

    from conftest import ROOT
    from packs import load_pack

    pack_dir = tmp_path / "leipziger-osten"
    shutil.copytree(ROOT / "content" / "leipziger-osten", pack_dir)
    offers = pack_dir / "offers.yaml"
    text = offers.read_text()
    first = '      tue: ["10:00-12:00"]\n'
    assert first in text
    text = text.replace(first, first + '      closed:\n        - date: "2026-11-24"\n'
                                       "          note: {de: Teamtag, en: Team day}\n", 1)
    offers.write_text(text.replace("    valid_until: 2013-07-31\n", "", 1))  # the project ended: pretend it goes on
    pack, report = load_pack(pack_dir)
    assert pack is not None, report.problems
    app = kiosk.app
    app.set_pack(pack)
    assert kiosk.go("offer/koordination-integration")
    from kiosk import dates

    next_week = dates.date(app.catalog, "de", dt.date(2026, 12, 1))
    assert f"Heute geschlossen (Teamtag) · Öffnet am {next_week} um 10:00 Uhr · Auch nach Vereinbarung" in kiosk.texts()


def test_the_hours_table_is_filled_again_for_each_offer(kiosk):
    """The offer screen keeps its table of hours: the next offer's days replace the last one's."""
    kiosk.go("offer/kifaz-krabbelgruppe")  # Tuesday 10-12
    rows = [w for w in kiosk.app.current_screen().walk() if type(w).__name__ == "HoursRow"]
    assert [(r.day, r.when) for r in rows if r.open] == [("Dienstag", "10:00 Uhr – 12:00 Uhr")]
    assert [r.today for r in rows].index(True) == 1  # NOW is a Tuesday
    kiosk.go("offer/kifaz-lesewiese")  # Wednesday 15:30-17:30
    again = [w for w in kiosk.app.current_screen().walk() if type(w).__name__ == "HoursRow"]
    assert again == rows  # the same rows, filled again
    assert [(r.day, r.when) for r in again if r.open] == [("Mittwoch", "15:30 Uhr – 17:30 Uhr")]
    texts = kiosk.texts()
    assert "15:30 Uhr – 17:30 Uhr" in texts and "10:00 Uhr – 12:00 Uhr" not in texts
    kiosk.go("offer/dialog-alltag")  # no hours known: no table
    assert not [w for w in kiosk.app.current_screen().walk() if type(w).__name__ == "HoursRow"]
