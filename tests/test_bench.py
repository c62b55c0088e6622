"""The benchmark's budget: each judged target is printed with its margin (docs/performance.md).
Only the arithmetic and the table are tested here; `make test` never times anything."""

from bench.results import budget, row, table


def test_a_met_target_shows_what_is_left_to_spare():
    r = row("load", "10,000 offers", [0.8, 0.9, 0.7], "s", target=1.0)
    assert r["met"] is True
    assert r["judged"] == 0.8 and r["margin"] == 0.2 and r["margin_pct"] == 20.0
    assert "+0.2 s (+20%)" in table([r])


def test_a_missed_target_shows_by_how_much_and_fails_the_budget():
    r = row("tap", "all taps", list(range(1, 101)), "ms", target=50, judge="p95")
    assert r["met"] is False
    assert r["judged"] == r["p95"] == 95.05
    assert r["margin"] == -45.05
    text = budget([r, row("qr", "a code", [3, 4], "ms")])
    assert text.splitlines()[0] == "budget: 0 of 1 targets met"
    assert "MISSED  tap all taps: 95.0 ms against p95 <= 50 ms, margin -45.0 ms (-90%)" in text
    assert "qr" not in text  # a measure without a target is reported in the table, not judged


def test_a_row_without_values_is_not_judged():
    r = row("start", "ratio", [], "x", target=1.5)
    assert r["met"] is None and "margin" not in r
    assert budget([r]) == "budget: no target was judged"


def test_the_markdown_table_has_a_row_per_measure_with_its_margin():
    from bench.results import markdown

    text = markdown([row("load", "10,000 offers", [0.8, 0.9, 0.7], "s", target=1.0), row("qr", "  a code", [3], "ms")])
    lines = text.splitlines()
    assert lines[2] == "| load | 10,000 offers | 0.8 s | 0.7-0.9 | 0.89 s | median <= 1 s | yes | +0.2 s (+20%) |"
    assert lines[3] == "| qr | a code | 3 ms | 3-3 |  |  |  |  |"
