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


WITHHELD = f">= {SMALL}"  # a count of at least SMALL withheld so that no small one can be worked out


def shown(count: int) -> str:
    """A count as it may be printed: 0, "< 5", or the number."""
    if count == 0:
        return "0"
    return f"< {SMALL}" if count < SMALL else str(count)


def withheld(parts: list[int], total: int) -> set[int]:
    """The indexes of `parts` not to print exactly when `total` is printed beside them.

    A part below SMALL is never exact; and then the parts still printed must not let the total
    give the hidden ones away by subtraction: while what the hidden parts add up to (the total
    minus the printed parts) is between 1 and SMALL - 1, the smallest printed part is withheld
    as well. The hidden rest is then 0 or at least SMALL, which says nothing about a few people.
    """
    hidden = {i for i, count in enumerate(parts) if 0 < count < SMALL}
    while True:
        rest = total - sum(count for i, count in enumerate(parts) if i not in hidden)
        if not 0 < rest < SMALL:
            return hidden
        left = [i for i, count in enumerate(parts) if i not in hidden and count > 0]
        if not left:
            return hidden
        hidden.add(min(left, key=lambda i: (parts[i], i)))


def shown_among(parts: list[int], total: int) -> list[str]:
    """`parts` as printed beside their `total`: small ones "< 5", withheld ones ">= 5"."""
    hidden = withheld(parts, total)
    return [WITHHELD if i in hidden and count >= SMALL else shown(count) for i, count in enumerate(parts)]


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


def top_shown(days, event: str, top: int = 10) -> list[tuple[str, str]]:
    """The most counted subjects of `event` as printed beside the event's total for the period:
    the subjects left out count as hidden, so the total cannot give a small one away."""
    everything = by_subject(days, event, top=10**9)
    texts = shown_among([count for _s, count in everything], totals(days)[event])
    return [(subject, text) for (subject, _count), text in zip(everything, texts)][:top]


def table(days, start: dt.date, end: dt.date) -> list[str]:
    """`kiosk stats` as text: one line per day with any count, the totals, the top subjects."""
    per_day: dict[str, dict[str, int]] = {}
    for day, event, _subject, count in days:
        row = per_day.setdefault(day, dict.fromkeys(EVENTS, 0))
        row[event] = row.get(event, 0) + count
    widths = [10] + [max(len(SHORT[e]), 6) for e in EVENTS]
    header = ["day"] + [SHORT[e] for e in EVENTS]
    lines = [f"Usage from {start} to {end} (counts below {SMALL} are shown as \"< {SMALL}\"; "
             f"\"{WITHHELD}\" is withheld so that the totals do not give a small count away)", "",
             _row(header, widths)]
    order = sorted(per_day)
    total = totals(days)
    columns = {e: shown_among([per_day[day][e] for day in order], total[e]) for e in EVENTS}
    for n, day in enumerate(order):
        lines.append(_row([day] + [columns[e][n] for e in EVENTS], widths))
    if not per_day:
        lines.append("(nothing counted in this period)")
    lines.append(_row(["all days"] + [shown(total[e]) for e in EVENTS], widths))
    for event in ("screen", "topic", "language", "code"):
        top = top_shown(days, event)
        if top:
            lines += ["", f"{LABELS[event]}:"]
            lines += [f"  {subject:<32} {text:>6}" for subject, text in top]
    return lines


def csv_text(hours, days) -> str:
    """Day rows (hour empty) for every counter; hour rows only where that hour's count is at
    least SMALL and the day's count minus the hours written does not give a small one away
    (`withheld`). Counts below SMALL are written as "< 5"."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["day", "hour", "event", "subject", "count"])
    for day, event, subject, count in days:
        writer.writerow([day, "", event, subject, shown(count)])
    groups: dict[tuple[str, str, str], list[tuple[int, int]]] = {}
    for day, hour, event, subject, count in hours:
        groups.setdefault((day, event, subject), []).append((hour, count))
    for (day, event, subject), counted in groups.items():
        hidden = withheld([count for _hour, count in counted], sum(count for _hour, count in counted))
        for i, (hour, count) in enumerate(counted):
            if i not in hidden:
                writer.writerow([day, f"{hour:02d}", event, subject, count])
    return out.getvalue()


def _row(cells, widths) -> str:
    return "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths))).rstrip()
