"""Scenario `load`: loading and checking the generated packs of 2,000 and 10,000 offers in 8
languages (the 10,000 in at most 1 s and at most 150 MB kept), cold and warm.

Cold: no cache of the pack yet, as on the first start after an edit (the pack is read, checked
and written to the cache). Warm: the cache holds this pack's check, as on every later start and
`kiosk check`. Each run is a fresh process, so its memory figures are its own: what stays resident
after loading is the RSS after (a full collection done) minus the RSS before the plugins were
imported."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench import proc
from bench.results import row

TARGET_S = 1.0
TARGET_KEPT_MB = 150.0


def run(ctx) -> list[dict]:
    runs = 1 if ctx.quick else 5
    rows = []
    for offers, target in ((2000, None), (10000, TARGET_S)):
        folder = ctx.pack(offers)
        size_mb = sum(f.stat().st_size for f in folder.iterdir() if f.is_file()) / 2**20
        found = {"cold": [], "warm": []}
        for _ in range(runs):  # cold and warm alternate, so a busy moment hits both
            cache = Path(tempfile.mkdtemp(prefix="bench-cache-", dir=ctx.tmp))
            found["cold"].append(proc.child("bench.load", folder, cache))
            found["warm"].append(proc.child("bench.load", folder, cache))
            shutil.rmtree(cache)
        floor = [proc.child("bench.load", folder, "--parse-only")["seconds"] for _ in range(runs)]
        rows.append(row("load", f"  floor: {offers:,} offers' YAML parsed alone (libyaml's events)", floor, "s",
                        note="reading the files and libyaml's parsing of them into events, nothing built or "
                             "checked: what a cold load costs at least with PyYAML"))
        for mode, runs_found in found.items():
            kept = [f["rss_after_mb"] - f["rss_before_mb"] for f in runs_found]
            cpu = sorted(f["cpu_seconds"] for f in runs_found)
            what = "no cache yet: read, check, cache it" if mode == "cold" else "read from the cache"
            rows.append(row(
                "load", f"{offers:,} offers, {mode}", [f["seconds"] for f in runs_found], "s",
                target=target,
                note=f"{what}; pack {size_mb:.1f} MB of YAML; CPU {cpu[len(cpu) // 2]:.2f} s (median); peak RSS "
                     f"{max(f['peak_mb'] for f in runs_found):.0f} MB; kept after loading "
                     f"{min(kept):.0f}-{max(kept):.0f} MB; load average {runs_found[-1]['load_average']}",
                cpu_seconds=[round(c, 3) for c in cpu], peak_rss_mb=round(max(f["peak_mb"] for f in runs_found), 1),
                kept_mb=round(max(kept), 1), pack_mb=round(size_mb, 1),
            ))
            if target is not None:
                rows.append(row("load", f"{offers:,} offers, {mode}: kept", kept, "MB", target=TARGET_KEPT_MB,
                                judge="max", note="RSS after loading minus before the plugins were imported"))
    return rows


def child(out: str, folder: str, cache: str) -> None:
    import gc

    if cache == "--parse-only":
        _parse_only(out, Path(folder))
        return
    before = proc.rss_mb()
    from kiosk.content import load_pack
    from packs import builtin_kinds

    kinds = builtin_kinds()
    start, cpu = time.perf_counter(), time.process_time()
    pack, report = load_pack(folder, kinds, cache=Path(cache))
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    if pack is None:
        raise SystemExit(f"the generated pack has errors: {[str(p) for p in report.errors][:5]}")
    gc.collect()
    proc.write_json(out, {"seconds": seconds, "cpu_seconds": cpu, "peak_mb": proc.peak_rss_mb(),
                          "rss_before_mb": before, "rss_after_mb": proc.rss_mb(),
                          "offers": len(pack.items("offers")), "problems": len(report.problems),
                          "load_average": [round(v, 2) for v in os.getloadavg()]})


def _parse_only(out: str, folder: Path) -> None:
    """The floor of a cold load: every YAML file of the pack read and parsed into libyaml's
    events, from which kiosk.yamlsafe builds its values (the cyclic collector paused, as there)."""
    from kiosk.yamlsafe import _Loader, no_cyclic_gc

    start = time.perf_counter()
    with no_cyclic_gc():
        for path in sorted(folder.glob("*.yaml")):
            loader = _Loader(path.read_text(encoding="utf-8"))
            while loader.check_event():
                loader.get_event()
            loader.dispose()
    proc.write_json(out, {"seconds": time.perf_counter() - start})


if __name__ == "__main__":
    child(*sys.argv[1:])
