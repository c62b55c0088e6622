"""Run the benchmarks and write bench/results.json: median, spread, target, met.

Scenario so far: `load`, loading and checking generated packs of 2,000 and 10,000 offers in 8
languages. Each run is a fresh process, so its peak memory is its own.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.generate import generate

HERE = Path(__file__).resolve().parent
RUNS = 5

LOAD = """
import resource, sys, time
from kiosk.content import load_pack
t = time.perf_counter()
pack, report = load_pack(sys.argv[1])
took = time.perf_counter() - t
assert pack is not None, [str(p) for p in report.errors][:5]
print(took, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def run_load(folder: Path) -> tuple[float, int]:
    out = subprocess.run([sys.executable, "-c", LOAD, str(folder)], capture_output=True, text=True, check=True)
    seconds, rss_kb = out.stdout.split()
    return float(seconds), int(rss_kb)


def summary(name, values, target, unit):
    median = statistics.median(values)
    return {
        "scenario": name, "unit": unit, "median": round(median, 4),
        "min": round(min(values), 4), "max": round(max(values), 4), "runs": len(values),
        "target": target, "met": None if target is None else median <= target,
    }


def main() -> int:
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for n, target in ((2000, None), (10000, 1.0)):
            folder = generate(Path(tmp) / f"bench-{n}", n)
            size = sum(f.stat().st_size for f in folder.iterdir())
            runs = [run_load(folder) for _ in range(RUNS)]
            row = summary(f"load {n} offers", [r[0] for r in runs], target, "s")
            row["peak_rss_mb"] = round(max(r[1] for r in runs) / 1024, 1)
            row["pack_mb"] = round(size / 2**20, 1)
            results.append(row)
    (HERE / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(f"{'scenario':28} {'median':>9} {'min':>9} {'max':>9} {'target':>7}  met   extra")
    for r in results:
        extra = ", ".join(f"{k}={r[k]}" for k in ("peak_rss_mb", "pack_mb") if k in r)
        print(f"{r['scenario']:28} {r['median']:>9} {r.get('min', ''):>9} {r.get('max', ''):>9} "
              f"{str(r['target'] or '-'):>7}  {str(r['met'] if r['met'] is not None else '-'):5} {extra}")
    return 0 if all(r["met"] is not False for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
