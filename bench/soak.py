"""Scenarios `monkey` and `soak`, in one run: the monkey (tests/monkey.py) with a fixed seed over
every screen and language, ending with no error and a kiosk that still goes home; resident memory
after it compared with after the first 1,000 events (growth at most 5%), with the live widgets,
textures and Kivy cache entries, which must not keep growing.

Here the monkey costs about a quarter of a second an event (text measuring and software OpenGL), so
`make bench` runs the 20,000 the issue asks for (`--long`); `python -m bench` alone runs 3,000,
with the monkey's verdict taken at 10,000 as well.
"""

from __future__ import annotations

import gc
import sys
import time

from bench import drive, proc
from bench.results import row

SEED = 2026
SIZE = (540, 960)  # a quarter of the pixels: the same screens, drawn four times faster
BASELINE = 1000  # memory is compared with what it was after this many events
TARGET_GROWTH = 5.0  # percent
STABLE = 1.1  # live widgets and textures may vary with the screen shown, not keep growing


def run(ctx) -> list[dict]:
    events, every = (300, 100) if ctx.quick else (20000, 1000) if ctx.long else (3000, 500)
    baseline = 100 if ctx.quick else BASELINE
    try:
        data = proc.child("bench.soak", events, every, SEED, timeout=6 * 3600)
    except proc.ChildFailed as exc:
        return [{"scenario": "monkey", "measure": f"{events:,} events, seed {SEED}", "unit": "", "n": 0,
                 "target": "no error, goes home", "met": False, "note": str(exc)[-600:]}]
    points = {p["events"]: p for p in data["points"]}
    base, end = points[baseline], data["points"][-1]
    growth = (end["rss_mb"] - base["rss_mb"]) / base["rss_mb"] * 100
    routes = ", ".join(f"{k} {v}" for k, v in sorted(data["routes"].items()))
    rows = [
        {"scenario": "monkey", "measure": f"{data['events']:,} events, seed {SEED}, no error",
         "unit": "", "n": 1, "target": "no error, goes home", "met": True,
         "note": f"{data['seconds'] / data['events'] * 1000:.0f} ms an event at {SIZE[0]}x{SIZE[1]}; "
                 f"languages {len(data['languages'])}; routes: {routes}"},
        row("soak", f"RSS growth, {baseline:,} -> {end['events']:,} events", [growth], "%",
            target=TARGET_GROWTH, judge="max",
            note=f"RSS {base['rss_mb']:.0f} -> {end['rss_mb']:.0f} MB; curve: "
                 + " ".join(f"{p['rss_mb']:.0f}" for p in data["points"])),
        _stable("live widgets", "widgets", data["points"], base, end, baseline),
        _stable("live textures", "textures", data["points"], base, end, baseline),
        row("soak", "Kivy cache entries", [p["cached"] for p in data["points"]], "",
            note=" ".join(str(p["cached"]) for p in data["points"])),
    ]
    if "responsive_at" in data:
        rows[0]["note"] += f"; went home when asked at {', '.join(map(str, data['responsive_at']))} events"
    return rows


def _stable(measure: str, key: str, points, base, end, baseline) -> dict:
    """Stable: at the end at most STABLE times what was alive after the baseline's events."""
    out = row("soak", measure, [p[key] for p in points], "",
              note=f"{base[key]} after {baseline:,} events, {end[key]} at the end; "
                   + " ".join(str(p[key]) for p in points))
    out["target"] = f"end <= {STABLE:g} x after {baseline:,}"
    out["met"] = end[key] <= STABLE * base[key]
    return out


def census() -> dict:
    """Live widgets, live textures and Kivy cache entries, after a full collection."""
    from kivy.cache import Cache
    from kivy.graphics.texture import Texture
    from kivy.uix.widget import Widget

    gc.collect()
    widgets = textures = 0
    for obj in gc.get_objects():
        if isinstance(obj, Widget):
            widgets += 1
        elif isinstance(obj, Texture):
            textures += 1
    cached = sum(len(v) for v in Cache._objects.values())
    return {"widgets": widgets, "textures": textures, "cached": cached, "rss_mb": round(proc.rss_mb(), 1)}


def child(out: str, events: str, every: str, seed: str) -> None:
    from monkey import Monkey

    harness = drive.start(size=SIZE)
    _warm_up(harness)
    monkey = Monkey(harness, seed=int(seed))
    points = []
    responsive = []
    start = time.perf_counter()
    done = 0
    while done < int(events):
        monkey.run(int(every))  # each chunk ends by going home, as a visitor always can
        done += int(every)
        responsive.append(done)
        points.append({"events": done, "seconds": round(time.perf_counter() - start, 1), **census()})
        print(f"soak: {points[-1]}", file=sys.stderr, flush=True)
    report = monkey.report
    proc.write_json(out, {
        "events": report.events, "seconds": time.perf_counter() - start, "points": points,
        "routes": dict(report.routes), "languages": dict(report.languages), "actions": dict(report.actions),
        "responsive_at": [r for r in responsive if r in (1000, 10000, int(events))],
    })


def _warm_up(harness) -> None:
    """Build every kind of screen once in every language before counting, as a kiosk does in its
    first minutes: what the first visits create once (screens, their widgets, the textures of
    their words) is not growth."""
    app = harness.app
    pack = app.pack
    routes = ["home", "offers", "events", "documents", "map", "languages", "attract"]
    routes += [f"offers/{c.id}" for c in pack.categories]
    routes += [f"offer/{i}" for i in list(pack.items("offers"))[:3]] + [f"document/{i}" for i in list(pack.items("documents"))[:2]]
    routes += [f"map/{i}" for i in list(pack.places)[:2]]
    for lang in app.offered_languages:
        app.set_language(lang)
        for route in routes:
            harness.go(route)  # a route no plugin serves (map switched off) just goes home
    app.reset_session()
    harness.frames(3)


if __name__ == "__main__":
    child(*sys.argv[1:])
