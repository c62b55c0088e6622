"""Scenario `qr`: an offer's QR codes made and drawn the first time their payload is seen, and
again from the cache; also the code's matrix alone (segno's part). A new code is made in the frame
after its panel is built (plugins/qr/widgets.py): the panel's own time holds only its widgets and
the codes' sizes, and the first frame that draws it holds the codes' making."""

from __future__ import annotations

import sys
import time

from bench import drive, proc
from bench.results import row


def run(ctx) -> list[dict]:
    count = 10 if ctx.quick else 40
    data = proc.child("bench.qr", ctx.pack(2000), count)
    codes = data["codes_per_panel"]
    return [
        row("qr", "panel of new codes made", data["first"], "ms",
            note=f"{codes:.1f} codes per offer (web page, place, contact): widgets and the codes' sizes"),
        row("qr", "the same panel again, codes cached", data["cached"], "ms"),
        row("qr", "  the frame that draws a panel", data["drawn"], "ms",
            note="new codes are made in it; the whole window is drawn again (the software-OpenGL floor, see tap)"),
        row("qr", "one code's matrix (segno)", data["matrix"], "ms"),
    ]


def child(out: str, pack: str, count: str) -> None:
    harness = drive.start(pack)
    app = harness.app
    host = app.host
    qr_plugin = host.plugins.get("qr")
    if qr_plugin is None or not qr_plugin.active:
        raise SystemExit("the qr plugin is not active")
    overlay = app.root.ids.overlay
    offers = sorted(app.pack.items("offers").values(), key=lambda o: o.id)[: int(count)]
    first, cached, drawn, matrix, codes = [], [], [], [], []

    def make(offer, into) -> None:
        start = time.perf_counter()
        panels = host.call_one(qr_plugin, "kiosk_item_widgets", item=offer, pack=app.pack, kiosk=app) or []
        for panel in panels:
            overlay.add_widget(panel)
        into.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        harness.frames(1)
        drawn.append((time.perf_counter() - start) * 1000)
        for panel in panels:
            overlay.remove_widget(panel)
        harness.frames(1)
        codes.append(sum(len(p.children) for p in panels))

    for offer in offers:
        make(offer, first)
        make(offer, cached)
    views = _code_views(host, qr_plugin, app, offers[0])
    if views:
        module = sys.modules[type(views[0]).__module__]
        for offer in offers:
            payload = f"https://example.org/bench/{offer.id}/{time.perf_counter_ns()}"
            start = time.perf_counter()
            module.matrix(payload)
            matrix.append((time.perf_counter() - start) * 1000)
    proc.write_json(out, {"first": first, "cached": cached, "drawn": drawn, "matrix": matrix,
                          "codes_per_panel": sum(codes) / max(1, len(codes))})


def _code_views(host, plugin, app, offer):
    panels = host.call_one(plugin, "kiosk_item_widgets", item=offer, pack=app.pack, kiosk=app) or []
    return [w for p in panels for w in p.walk(restrict=True) if type(w).__name__ == "QRCodeView"]


if __name__ == "__main__":
    child(*sys.argv[1:])
