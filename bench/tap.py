"""Scenario `tap`: a finger lifted from a home tile, a list row, back or home, to the first frame
of the new screen drawn, on the 2,000-offer pack (p95 at most 50 ms)."""

from __future__ import annotations

import random
import sys

from bench import drive, proc
from bench.results import percentile, row

TARGET_MS = 50
KINDS = ("tile", "row", "back", "home")


def run(ctx) -> list[dict]:
    cycles = 10 if ctx.quick else 60  # four taps each
    data = proc.child("bench.tap", ctx.pack(2000), cycles)
    ctx.info["gl_renderer"] = data["gl"]
    every = [v for kind in KINDS for v in data["first"][kind]]
    rows = [row("tap", "lift to new screen drawn, all taps", every, "ms", target=TARGET_MS, judge="p95",
                note=f"2,000 offers, 1080x1920; p50 {_p(every, 50)} ms; {len(every)} taps")]
    for kind in KINDS:
        first, settled = data["first"][kind], data["settled"][kind]
        rows.append(row("tap", f"  {kind}", first, "ms", target=TARGET_MS, judge="p95",
                        note=f"settled (no more drawing) median {_p(settled, 50)} ms, p95 {_p(settled, 95)} ms"))
    for screen, values in data["redraw"].items():
        rows.append(row("tap", f"  floor: redraw {screen}, no change", values, "ms",
                        note="drawing and swapping alone: what software OpenGL costs per frame here"))
    return rows


def _p(values, q):
    return round(percentile(values, q), 1)


def child(out: str, pack: str, cycles: str) -> None:
    harness = drive.start(pack)
    tiles = visit_all(harness)
    first, settled, target = journey(harness, tiles, int(cycles))
    redraw = {}
    for name, where in (("home", "home"), ("list", tiles[0]), ("offer", target)):
        harness.go(where)
        harness.frames(5)
        redraw[name] = drive.redraw_ms(harness, 8)
    proc.write_json(out, {"first": first, "settled": settled, "redraw": redraw, "gl": drive.gl_renderer()})


def visit_all(harness) -> list[str]:
    """Every category's list built once (the first visit builds its widgets and kv); their routes."""
    from kiosk.uix import Tile

    tiles = [t.route for t in harness.find(Tile) if t.route.startswith("offers/")]
    for route in tiles:
        harness.go(route)
        harness.frames(3)
    harness.go("home")
    harness.frames(3)
    return tiles


def journey(harness, tiles, cycles: int, seed: int = 8, start: int = 0):
    """`cycles` times: a tile (the `start`th, then the next ones), a row of its list, back,
    home. (first frame ms, settled ms) by kind of tap, and the last offer's route."""
    from kiosk.uix import Tile

    app = harness.app
    rng = random.Random(seed)
    first = {k: [] for k in KINDS}
    settled = {k: [] for k in KINDS}

    def note(kind, answer):
        first[kind].append(answer.first_ms)
        settled[kind].append(answer.settled_ms)

    for cycle in range(start, start + cycles):
        route = tiles[cycle % len(tiles)]
        tile = next(t for t in harness.find(Tile) if t.route == route)
        note("tile", drive.tap(harness, tile, lambda: app.route == route))
        if cycle % 2:  # scroll somewhere else in the list now and then (not timed)
            harness.swipe(540, 900, 0, rng.uniform(400, 1200), steps=6)
            harness.advance(2)
        rows = [w for w in app.current_screen().ids.list.walk() if getattr(w, "offer_id", "") and drive.in_view(w)]
        offer = rng.choice(rows)
        target = f"offer/{offer.offer_id}"
        note("row", drive.tap(harness, offer, lambda: app.route == target))
        note("back", drive.tap(harness, app.root.ids.back_button, lambda: app.route == route))
        note("home", drive.tap(harness, app.root.ids.home_button, lambda: app.route == "home"))
    return first, settled, target


if __name__ == "__main__":
    child(*sys.argv[1:])
