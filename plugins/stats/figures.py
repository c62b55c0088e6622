"""The counts as people read them: a table, CSV, a daily series; small counts never exact."""

from __future__ import annotations

import csv
import datetime as dt
import io

SMALL = 5  # a count below this is shown as "< 5": too few to say how many people
EVENTS = ("visit", "screen", "topic", "language", "code", "guide", "speech")
LABELS = {
    "visit": "visits",
    "screen": "screens opened",
    "topic": "topics opened",
    "language": "languages chosen",
    "code": "QR codes shown",
    "guide": "guides started",
    "speech": "read-alouds started",
}
SHORT = {"visit": "visits", "screen": "screens", "topic": "topics", "language": "languages",
         "code": "QR codes", "guide": "guides", "speech": "read-alouds"}


def shown(count: int) -> str:
    """A count as it may be printed: 0, "< 5", or the number."""
    if count == 0:
        return "0"
    return f"< {SMALL}" if count < SMALL else str(count)


def period(start: str | None, end: str | None, today: dt.date, weeks: int = 4) -> tuple[dt.date, dt.date]:
    """--from and --to as dates; by default the last `weeks` weeks up to today."""
    end_day = dt.date.fromisoformat(end) if end else today
    start_day = dt.date.fromisoformat(start) if start else end_day - dt.timedelta(days=7 * weeks - 1)
    if start_day > end_day:
        raise ValueError(f"--from {start_day} is after --to {end_day}")
    return start_day, end_day


def last_month(today: dt.date) -> tuple[dt.date, dt.date]:
    """The calendar month before `today`'s."""
    end = today.replace(day=1) - dt.timedelta(days=1)
    return end.replace(day=1), end


def totals(days: list[tuple[str, str, str, int]]) -> dict[str, int]:
    """event -> count over the whole period."""
    out = dict.fromkeys(EVENTS, 0)
    for _day, event, _subject, count in days:
        out[event] = out.get(event, 0) + count
    return out


def by_subject(days, event: str, top: int = 10) -> list[tuple[str, int]]:
    """The most counted subjects of `event` over the period (screens, topics, languages ...)."""
    sums: dict[str, int] = {}
    for _day, ev, subject, count in days:
        if ev == event and subject:
            sums[subject] = sums.get(subject, 0) + count
    return sorted(sums.items(), key=lambda item: (-item[1], item[0]))[:top]


def series(days, event: str, start: dt.date, end: dt.date) -> list[tuple[dt.date, int]]:
    """(day, count of `event`) for every day from `start` to `end`, days without any as 0."""
    sums: dict[str, int] = {}
    for day, ev, _subject, count in days:
        if ev == event:
            sums[day] = sums.get(day, 0) + count
    out, day = [], start
    while day <= end:
        out.append((day, sums.get(day.isoformat(), 0)))
        day += dt.timedelta(days=1)
    return out


def table(days, start: dt.date, end: dt.date) -> list[str]:
    """`kiosk stats` as text: one line per day with any count, the totals, the top subjects."""
    per_day: dict[str, dict[str, int]] = {}
    for day, event, _subject, count in days:
        row = per_day.setdefault(day, dict.fromkeys(EVENTS, 0))
        row[event] = row.get(event, 0) + count
    widths = [10] + [max(len(SHORT[e]), 6) for e in EVENTS]
    header = ["day"] + [SHORT[e] for e in EVENTS]
    lines = [f"Usage from {start} to {end} (counts below {SMALL} are shown as \"< {SMALL}\")", "",
             _row(header, widths)]
    for day in sorted(per_day):
        lines.append(_row([day] + [shown(per_day[day][e]) for e in EVENTS], widths))
    if not per_day:
        lines.append("(nothing counted in this period)")
    total = totals(days)
    lines.append(_row(["all days"] + [shown(total[e]) for e in EVENTS], widths))
    for event in ("screen", "topic", "language", "code"):
        top = by_subject(days, event)
        if top:
            lines += ["", f"{LABELS[event]}:"]
            lines += [f"  {subject:<32} {shown(count):>6}" for subject, count in top]
    return lines


def csv_text(hours, days) -> str:
    """Day rows (hour empty) for every counter; hour rows only where that hour's count is at
    least SMALL. Counts below SMALL are written as "< 5"."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["day", "hour", "event", "subject", "count"])
    for day, event, subject, count in days:
        writer.writerow([day, "", event, subject, shown(count)])
    for day, hour, event, subject, count in hours:
        if count >= SMALL:
            writer.writerow([day, f"{hour:02d}", event, subject, count])
    return out.getvalue()


def _row(cells, widths) -> str:
    return "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths))).rstrip()
