"""Scenario `load`: loading and checking the generated packs of 2,000 and 10,000 offers in 8
languages (the 10,000 in at most 1 s), with the memory it takes."""

from __future__ import annotations

import sys
import time

from bench import proc
from bench.results import row

TARGET_S = 1.0


def run(ctx) -> list[dict]:
    runs = 1 if ctx.quick else 5
    rows = []
    for offers, target in ((2000, None), (10000, TARGET_S)):
        folder = ctx.pack(offers)
        size_mb = sum(f.stat().st_size for f in folder.iterdir() if f.is_file()) / 2**20
        found = [proc.child("bench.load", folder) for _ in range(runs)]
        kept = [f["rss_after_mb"] - f["rss_before_mb"] for f in found]
        rows.append(row(
            "load", f"{offers:,} offers: load and check", [f["seconds"] for f in found], "s", target=target,
            note=f"pack {size_mb:.1f} MB of YAML; peak RSS {max(f['peak_mb'] for f in found):.0f} MB; "
                 f"kept after loading {min(kept):.0f}-{max(kept):.0f} MB",
            peak_rss_mb=round(max(f["peak_mb"] for f in found), 1), kept_mb=round(max(kept), 1),
            pack_mb=round(size_mb, 1),
        ))
    return rows


def child(out: str, folder: str) -> None:
    import gc

    from packs import load_pack

    before = proc.rss_mb()
    start = time.perf_counter()
    pack, report = load_pack(folder)
    seconds = time.perf_counter() - start
    if pack is None:
        raise SystemExit(f"the generated pack has errors: {[str(p) for p in report.errors][:5]}")
    gc.collect()
    proc.write_json(out, {"seconds": seconds, "peak_mb": proc.peak_rss_mb(), "rss_before_mb": before,
                          "rss_after_mb": proc.rss_mb(), "offers": len(pack.items("offers"))})


if __name__ == "__main__":
    child(*sys.argv[1:])
