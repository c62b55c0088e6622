"""Usage figures: a real database file, counts only, small counts hidden, a one-page report."""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
import subprocess
import sys

import pytest

from conftest import ROOT
from plugins_stats import module

store_mod = module("store")
figures = module("figures")


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "stats.sqlite"
    store = store_mod.Store(path)
    yield store
    store.close()


def test_counts_survive_closing_and_opening_again(db):
    db.add("2026-11-24", 9, "visit")
    db.add("2026-11-24", 9, "visit")
    db.add("2026-11-24", 10, "language", "ar")
    db.close()
    again = store_mod.Store(db.path)
    assert again.rows() == [("2026-11-24", 9, "visit", "", 2), ("2026-11-24", 10, "language", "ar", 1)]
    assert again.days() == [("2026-11-24", "language", "ar", 1), ("2026-11-24", "visit", "", 2)]
    assert again.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert again.db.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL: see store.py
    again.close()


def test_the_file_holds_counts_and_nothing_else(db):
    db.add("2026-11-24", 9, "screen", "offer/<id>")
    columns = [row[1] for row in db.db.execute("PRAGMA table_info(counts)")]
    assert columns == ["day", "hour", "event", "subject", "count"]
    tables = [row[0] for row in db.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    assert tables == ["counts"]
    with pytest.raises(sqlite3.OperationalError):  # no rowid: not even the order counters were made in
        db.db.execute("SELECT rowid FROM counts")


@pytest.mark.parametrize("day, hour", [("2026-11-24", 24), ("2026-11-24", -1), ("24.11.2026", 9)])
def test_a_wrong_day_or_hour_is_refused(db, day, hour):
    with pytest.raises(ValueError):
        db.add(day, hour, "visit")


def test_a_kill_while_counting_leaves_a_sound_file(tmp_path):
    path = tmp_path / "stats.sqlite"
    counting = (
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT / 'tests')!r})\n"
        "from plugins_stats import module\n"
        f"store = module('store').Store({str(path)!r})\n"
        "n = 0\n"
        "while True:\n"
        "    store.add('2026-11-24', n % 24, 'visit')\n"
        "    n += 1\n"
        "    if n % 50 == 0:\n"
        "        print(n, flush=True)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", counting], stdout=subprocess.PIPE, text=True, cwd=ROOT / "tests")
    for line in proc.stdout:
        if int(line) >= 500:
            break
    proc.kill()
    proc.wait()
    store = store_mod.Store(path)
    assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    total = sum(row[4] for row in store.rows())
    assert total >= 500  # every add committed before the kill is there
    store.close()


def _damaged(path, damage: str = "cut off") -> bytes:
    """A counts file as a failing card leaves one, its second half gone or a page of it zeroed
    (which SQLite opens, and counts into, without a word): its bytes."""
    store = store_mod.Store(path)
    for n in range(3000):
        store.add(f"2026-11-{1 + n % 28:02d}", n % 24, "topic", f"subject-{n % 97}")
    store.close()
    data = bytearray(path.read_bytes())
    if damage == "cut off":
        del data[len(data) // 2:]
    else:
        data[len(data) // 2:len(data) // 2 + 4096] = bytes(4096)
    path.write_bytes(bytes(data))
    return path.read_bytes()


@pytest.mark.parametrize("damage", ["not a database", "cut off", "a page zeroed"])
def test_a_file_that_cannot_be_read_is_kept_aside_and_counting_starts_again(tmp_path, caplog, damage):
    path = tmp_path / "stats.sqlite"
    if damage == "not a database":
        path.write_bytes(b"counts, kept here by hand\n" * 20)
        (tmp_path / "stats.sqlite-wal").write_bytes(b"a journal of another file")
    before = path.read_bytes() if damage == "not a database" else _damaged(path, damage)
    with caplog.at_level("WARNING", logger="kiosk.stats"):
        store = store_mod.Store.open_or_start_again(path, clock=lambda: dt.datetime(2026, 11, 24, 9, 5, 7))
    aside = tmp_path / "stats.sqlite.unreadable-20261124-090507"
    assert aside.read_bytes() == before  # nothing lost: the old file is there to be looked into
    if damage == "not a database":
        assert (tmp_path / "stats.sqlite.unreadable-20261124-090507-wal").read_bytes() == b"a journal of another file"
    store.add("2026-11-24", 9, "visit")
    assert store.rows() == [("2026-11-24", 9, "visit", "", 1)]
    store.close()
    (warning,) = [r.getMessage() for r in caplog.records]
    assert warning.startswith(f"the usage counts in {path} cannot be read (")
    assert warning.endswith("the file is kept as stats.sqlite.unreadable-20261124-090507 and counting starts again "
                            "in a new one")


def test_a_file_being_written_is_read_again_with_its_locks_before_it_is_called_damaged(tmp_path, monkeypatch):
    """An immutable read beside a running kiosk may catch its write half done: that alone must
    not set the kiosk's counts aside (the torn read is stood in for; the rest is real)."""
    path = tmp_path / "stats.sqlite"
    running = store_mod.Store(path)  # the kiosk, its journal files open
    running.add("2026-11-24", 9, "visit")
    real, read = store_mod._quick_check, []

    def torn(uri):
        read.append(uri.rsplit("?", 1)[1])
        if uri.endswith("immutable=1"):
            raise sqlite3.DatabaseError("database disk image is malformed")
        real(uri)

    monkeypatch.setattr(store_mod, "_quick_check", torn)
    reader = store_mod.Store(path)
    assert read == ["immutable=1", "mode=ro"]
    assert reader.rows() == [("2026-11-24", 9, "visit", "", 1)]
    reader.close()
    running.close()
    read.clear()
    with pytest.raises(sqlite3.DatabaseError):  # closed, nothing writes it: the immutable read is believed
        store_mod.Store(path)
    assert read == ["immutable=1"]


def test_kiosk_stats_says_in_one_line_that_the_counts_cannot_be_read_and_touches_nothing(tmp_path):
    path = tmp_path / "stats.sqlite"
    before = _damaged(path)
    env = {**os.environ, "KIOSK_STATE_DIR": str(tmp_path)}
    said = subprocess.run([sys.executable, "-m", "kiosk", "stats", "--config", str(ROOT / "kiosk.yaml")],
                          capture_output=True, text=True, env=env, timeout=120)
    assert said.returncode == 2, said.stderr
    assert said.stderr.strip() == (f"kiosk: the usage counts in {path} cannot be read (database disk image is "
                                   "malformed); the kiosk keeps that file aside and starts counting again the "
                                   "next time it starts")
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("stats")) == ["stats.sqlite"]


@pytest.mark.parametrize("count, text", [(0, "0"), (1, "< 5"), (4, "< 5"), (5, "5"), (1234, "1234")])
def test_small_counts_are_never_exact(count, text):
    assert figures.shown(count) == text


def test_csv_hides_small_counts_and_quiet_hours(db):
    for _ in range(7):
        db.add("2026-11-24", 9, "visit")
    for _ in range(3):
        db.add("2026-11-24", 14, "visit")
    db.add("2026-11-24", 14, "language", "fa")
    lines = figures.csv_text(db.rows(), db.days()).splitlines()
    assert lines == [
        "day,hour,event,subject,count",
        "2026-11-24,,language,fa,< 5",
        "2026-11-24,,visit,,10",
        # 14:00 had fewer than 5, and 10 - 7 would tell how many: no hour row at all
    ]


def test_the_table_has_a_line_per_day_and_the_totals(db):
    for _ in range(6):
        db.add("2026-11-23", 11, "visit")
        db.add("2026-11-23", 11, "topic", "counselling")
    db.add("2026-11-24", 9, "visit")
    text = "\n".join(figures.table(db.days(), dt.date(2026, 11, 1), dt.date(2026, 11, 30)))
    cells = [re.split(r"\s{2,}", line) for line in text.splitlines()]
    rows = {row[0]: row[1:4] for row in cells if row[0][:4] in ("2026", "all ")}
    # 7 visits in all: printing the 6 would give the 1 away, so it is withheld
    assert rows == {"2026-11-23": [">= 5", "0", "6"], "2026-11-24": ["< 5", "0", "0"], "all days": ["7", "0", "6"]}
    assert "counselling" in text


@pytest.mark.parametrize("start, end, expected", [
    (None, None, (dt.date(2026, 10, 28), dt.date(2026, 11, 24))),
    ("2026-11-01", None, (dt.date(2026, 11, 1), dt.date(2026, 11, 24))),
    ("2026-11-01", "2026-11-10", (dt.date(2026, 11, 1), dt.date(2026, 11, 10))),
])
def test_the_period(start, end, expected):
    assert figures.period(start, end, dt.date(2026, 11, 24)) == expected


def test_the_report_is_one_page_with_the_chart(db, tmp_path):
    report = module("report")
    for day in range(1, 31):
        for _ in range(day % 9):
            db.add(f"2026-11-{day:02d}", 10, "visit")
        db.add(f"2026-11-{day:02d}", 10, "topic", "german-courses")
    start, end = figures.last_month(dt.date(2026, 12, 1))
    pdf = tmp_path / "report.pdf"
    report.write_report(pdf, db.days(start.isoformat(), end.isoformat()), start, end, "Leipziger Osten")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "Pages:           1" in info
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "November 2026" in text and "Leipziger Osten" in text and "german-courses" in text
    assert "< 5" in text  # the days with 1 to 4 visits
    svg = report.chart_svg(figures.series(db.days(), "visit", start, end))
    assert svg.count("<rect") == 30


# -- the plugin in the running kiosk -------------------------------------------------------------


def counted(store) -> dict:
    return {(day, hour, event, subject): count for day, hour, event, subject, count in store.rows()}


def test_a_visit_is_counted_in_its_hour_and_nothing_else(kiosk):
    from kiosk.uix import Tile

    app = kiosk.app
    plugin = sys.modules["kiosk_plugins.stats.plugin"]
    store = plugin.store_for(app.state_dir)
    app.reset_session()
    kiosk.frames(2)
    before = counted(store)
    tile = next(t for t in kiosk.find(Tile) if t.route == "offers/counselling")
    kiosk.tap(tile)  # the first touch starts a visit
    kiosk.frames(3)
    row = next(w for w in app.current_screen().ids.list.walk() if getattr(w, "title", "") == "Hilfe im Alltag")
    kiosk.tap(row)
    assert app.route == "offer/dialog-alltag"
    app.set_language("ar")
    kiosk.frames(2)
    app.reset_session()  # the visitor leaves: the visit ends, nothing more is counted
    kiosk.frames(2)
    after = counted(store)
    added = {key: after[key] - before.get(key, 0) for key in after if after[key] != before.get(key, 0)}
    assert {(day, hour) for day, hour, _e, _s in added} == {("2026-11-24", 9)}  # the kiosk's hour
    by_event = {(event, subject): n for (_d, _h, event, subject), n in added.items()}
    codes = {s: n for (e, s), n in by_event.items() if e == "code"}
    assert codes and all(n >= 1 for n in codes.values())
    assert {k: n for k, n in by_event.items() if k[0] != "code"} == {
        ("visit", ""): 1, ("screen", "offers"): 1, ("screen", "offer"): 1, ("language", "ar"): 1,
        ("topic", "counselling"): 2,  # the list of the topic, and an offer of it
    }


def test_the_admin_panel_shows_the_last_weeks_as_a_chart(kiosk):
    app = kiosk.app
    store = sys.modules["kiosk_plugins.stats.plugin"].store_for(app.state_dir)
    for _ in range(12):
        store.add("2026-11-20", 15, "visit")
    store.add("2026-11-21", 15, "visit")
    app.admin.open_panel()
    kiosk.frames(3)
    chart = sys.modules["kiosk_plugins.stats.chart"]  # imported when the panel asked for it
    texts = "\n".join(kiosk.texts())
    assert "Nutzung der letzten 28 Tage" in texts
    assert "weniger als 5" in texts
    [bars] = kiosk.find(chart.BarChart)
    counts = bars.counts
    assert len(counts) == 28 and counts[-5] >= 12 and counts[-4] >= 1  # 20 and 21 November
    drawn = bars.bars()
    assert len(drawn) == 28
    assert drawn[-4][4] is (counts[-4] < 5)  # a small count is a pale bar, not its exact height
    assert drawn[-5][3] > drawn[-4][3] > 0
    app.close_overlays()


def test_kiosk_stats_prints_csv_and_a_report_from_the_kiosks_file(kiosk, tmp_path):
    app = kiosk.app
    store = sys.modules["kiosk_plugins.stats.plugin"].store_for(app.state_dir)
    for _ in range(6):
        store.add("2026-10-14", 11, "visit")
        store.add("2026-10-14", 11, "topic", "german")
    store.add("2026-10-15", 16, "language", "uk")
    env = {**os.environ, "KIOSK_STATE_DIR": str(app.state_dir)}

    def stats(*args):
        return subprocess.run([sys.executable, "-m", "kiosk", "stats", "--config", str(ROOT / "kiosk.yaml"), *args],
                              capture_output=True, text=True, env=env, timeout=120)

    table = stats("--from", "2026-10-01", "--to", "2026-10-31")
    assert table.returncode == 0, table.stderr
    assert "2026-10-14" in table.stdout and "german" in table.stdout
    csv = stats("--from", "2026-10-01", "--to", "2026-10-31", "--csv")
    assert csv.stdout.splitlines() == [
        "day,hour,event,subject,count",
        "2026-10-14,,topic,german,6",
        "2026-10-14,,visit,,6",
        "2026-10-15,,language,uk,< 5",
        "2026-10-14,11,topic,german,6",
        "2026-10-14,11,visit,,6",
    ]
    pdf = tmp_path / "october.pdf"
    report = stats("--report", str(pdf), "--from", "2026-10-01", "--to", "2026-10-31")
    assert report.returncode == 0, report.stderr
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Oktober 2026" in text and "Leipziger Osten" in text
    wrong = stats("--from", "14.10.2026")
    assert wrong.returncode == 2 and "2026-11-01" in wrong.stderr


@pytest.mark.parametrize("parts, hidden", [
    ([7, 3], {0, 1}),  # 10 - 7 would give the 3 away: the 7 is withheld as well
    ([7, 6, 3], {1, 2}),  # withholding the 6 leaves 9 hidden, which says nothing about the 3
    ([7, 2, 3], {1, 2}),  # two small hours add up to 5: nothing more need be withheld
    ([7, 8], set()),
    ([2], {0}),
    ([0, 6], set()),
])
def test_what_is_withheld_so_that_no_small_count_can_be_worked_out(parts, hidden):
    assert figures.withheld(parts, sum(parts)) == hidden
    rest = sum(parts) - sum(c for i, c in enumerate(parts) if i not in hidden)
    assert rest in (0, sum(parts)) or rest >= figures.SMALL  # (a small total is itself printed "< 5")


def test_csv_hour_rows_do_not_give_a_quiet_hour_away(db):
    for hour, count in ((9, 7), (11, 6), (14, 3)):
        for _ in range(count):
            db.add("2026-11-24", hour, "visit")
    lines = figures.csv_text(db.rows(), db.days()).splitlines()
    assert lines == [
        "day,hour,event,subject,count",
        "2026-11-24,,visit,,16",
        "2026-11-24,09,visit,,7",  # 16 - 7 = 9: the 3 at 14:00 stays unknown (11:00 is withheld too)
    ]


def test_the_table_withholds_a_day_that_would_give_a_quiet_day_away(db):
    for day, count in (("2026-11-23", 6), ("2026-11-24", 2), ("2026-11-25", 9)):
        for _ in range(count):
            db.add(day, 10, "visit")
    for subject, count in (("fa", 6), ("ar", 1)):
        for _ in range(count):
            db.add("2026-11-23", 10, "language", subject)
    text = "\n".join(figures.table(db.days(), dt.date(2026, 11, 1), dt.date(2026, 11, 30)))
    cells = [re.split(r"\s{2,}", line) for line in text.splitlines()]
    visits = {row[0]: row[1] for row in cells if row[0][:4] in ("2026", "all ")}
    assert visits == {"2026-11-23": ">= 5", "2026-11-24": "< 5", "2026-11-25": "9", "all days": "17"}
    languages = dict(re.split(r"\s{2,}", line.strip()) for line in text.splitlines() if line.strip()[:3] in ("fa ", "ar "))
    assert languages == {"fa": ">= 5", "ar": "< 5"}  # 7 languages chosen in all: the 6 would give the 1 away
