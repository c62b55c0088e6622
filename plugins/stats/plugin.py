"""Usage figures: count what visitors do, per day and hour; `kiosk stats`; the panel's chart.

What a visitor does reaches this plugin as `kiosk_used(use)`: what (a visit started, a screen or
topic opened, a language chosen, a QR code shown, a guide or read-aloud started) and about what.
It adds 1 to that counter for the kiosk's current day and hour, and keeps nothing else.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from kiosk.api import KioskError, hookimpl

from . import figures

log = logging.getLogger("kiosk.stats")

FILE = "stats.sqlite"
CHART_DAYS = 28
# Use.what -> the counter it adds to; anything else (visit_end, a plugin's own word) is not counted
EVENTS = {"visit_start": "visit", "screen": "screen", "language": "language", "code_shown": "code",
          "guide": "guide", "speech": "speech"}
QUIET_ROUTES = ("home", "attract", "languages")  # the screens every visit passes: no figure

_stores: dict = {}  # path -> Store


def store_for(state_dir):
    """The database (a Store) in `state_dir`, opened once per process, when first needed (SQLite
    is no part of the kiosk's start); None in a preview (no state). One that cannot be read is
    kept aside and counting starts again (`Store.open_or_start_again`)."""
    if state_dir is None:
        return None
    path = Path(state_dir) / FILE
    if path not in _stores:
        from .store import Store

        _stores[path] = Store.open_or_start_again(path)
    return _stores[path]


def counters(what: str, subject: str) -> list[tuple[str, str]]:
    """The (event, subject) counters one use adds 1 to."""
    event = EVENTS.get(what)
    if event is None:
        return []
    if event != "screen":
        return [(event, subject if event in ("language", "code") else "")]
    route, _, topic = subject.partition("/")
    if route in QUIET_ROUTES:
        return []
    return [("screen", route)] + ([("topic", topic)] if topic else [])


# -- the running kiosk ---------------------------------------------------------------------------


@hookimpl
def kiosk_used(use, kiosk):
    found = counters(use.what, use.subject)
    store = store_for(kiosk.state_dir) if found else None  # the home screen at start counts nothing
    if store is None:
        return
    now = kiosk.now()
    for event, subject in found:
        store.add(now.date().isoformat(), now.hour, event, subject)


@hookimpl
def kiosk_admin_widgets(kiosk):
    from .panel import StatsSection

    store = store_for(kiosk.state_dir)
    return [StatsSection(kiosk, store)] if store is not None else None


# -- the command line ----------------------------------------------------------------------------


@hookimpl
def kiosk_commands(commands):
    commands.add("stats", "usage counts per day (small counts as '< 5'); a monthly report as PDF", _setup, _run)


def _setup(parser) -> None:
    parser.add_argument("--from", dest="start", metavar="DATE", help="first day, e.g. 2026-11-01 (default: 4 weeks ago)")
    parser.add_argument("--to", dest="end", metavar="DATE", help="last day (default: today)")
    parser.add_argument("--csv", action="store_true", help="comma-separated values instead of a table")
    parser.add_argument("--report", type=Path, metavar="FILE.pdf",
                        help="write a one-page report for funders (default period: last month)")


def _run(args, context) -> int:
    import sqlite3
    import sys

    from .store import Store

    path = Path(context.state_dir) / FILE
    try:
        # read where it is: setting a file aside is the kiosk's to do, which may have it open
        store = Store(path)
    except sqlite3.DatabaseError as exc:
        raise KioskError(f"the usage counts in {path} cannot be read ({exc}); the kiosk keeps that file "
                         "aside and starts counting again the next time it starts") from None
    today = context.now().date()
    try:
        if args.report and not (args.start or args.end):
            start, end = figures.last_month(today)
        else:
            start, end = figures.period(args.start, args.end, today)
    except ValueError as exc:
        raise KioskError(f"--from and --to are days like 2026-11-01: {exc}") from None
    days = store.days(start.isoformat(), end.isoformat())
    if args.report:
        from .report import write_report

        pack = context.pack
        place = pack.name.pick("de", ("en",))[0] if pack is not None else ""
        write_report(args.report, days, start, end, place)
        print(f"kiosk stats: report for {start} to {end} written to {args.report}")
    elif args.csv:
        sys.stdout.write(figures.csv_text(store.rows(start.isoformat(), end.isoformat()), days))
    else:
        print("\n".join(figures.table(days, start, end)))
    return 0


def chart_period(today: dt.date) -> tuple[dt.date, dt.date]:
    return today - dt.timedelta(days=CHART_DAYS - 1), today
