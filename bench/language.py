"""Scenario `language`: on an offer's screen, the visitor opens the language screen and taps a
language; timed from that tap to the offer fully drawn in the new language (p95 at most 150 ms),
Arabic and Persian included, on the default content (real texts, 8 languages)."""

from __future__ import annotations

import random
import sys

from bench import drive, proc
from bench.results import percentile, row

TARGET_MS = 150


def run(ctx) -> list[dict]:
    offers = 2 if ctx.quick else 6
    data = proc.child("bench.language", offers)
    every = [v for values in data["settled"].values() for v in values]
    first = [v for values in data["first"].values() for v in values]
    rows = [row("language", "tap to offer fully drawn, all", every, "ms", target=TARGET_MS, judge="p95",
                note=f"{len(every)} switches on {offers} offers; first frame of the new language: "
                     f"median {percentile(first, 50):.0f} ms, p95 {percentile(first, 95):.0f} ms")]
    for code in ("ar", "fa", "de"):
        if data["settled"].get(code):
            rows.append(row("language", f"  to {code}", data["settled"][code], "ms", target=TARGET_MS, judge="p95"))
    return rows


def child(out: str, offers: str) -> None:
    harness = drive.start()
    app = harness.app
    pack = app.pack
    rng = random.Random(3)
    current = sorted(o.id for o in pack.items("offers").values() if o.is_current(app.now()))
    chosen = rng.sample(current, min(int(offers), len(current)))
    first: dict[str, list[float]] = {}
    settled: dict[str, list[float]] = {}
    for offer in chosen:
        route = f"offer/{offer}"
        harness.go(route)
        harness.frames(3)
        order = [c for c in app.offered_languages if c != app.lang]
        rng.shuffle(order)
        for code in order + [app.offered_languages[0]]:  # ends where it began
            if code == app.lang:
                continue
            harness.tap(app.root.ids.language_button)
            button = next(w for w in harness.find() if getattr(w, "code", None) == code and hasattr(w, "native"))
            answer = drive.tap(harness, button, lambda: app.route == route and app.lang == code)
            first.setdefault(code, []).append(answer.first_ms)
            settled.setdefault(code, []).append(answer.settled_ms)
    proc.write_json(out, {"first": first, "settled": settled})


if __name__ == "__main__":
    child(*sys.argv[1:])
