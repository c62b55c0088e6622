"""Run the scenarios, print the table and write bench/results.json."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

from bench import checking, language, load, peer, qr, soak, start, tap
from bench.generate import generate
from bench.results import budget, failed, machine, table, write

HERE = Path(__file__).resolve().parent
SCENARIOS = {"start": start, "tap": tap, "language": language, "load": load, "checking": checking, "qr": qr,
             "soak": soak, "peer": peer}


class Context:
    """What every scenario gets: the options, a scratch folder, the generated packs, machine notes."""

    def __init__(self, tmp: Path, quick: bool, long: bool):
        self.tmp = tmp
        self.quick = quick
        self.long = long
        self.info: dict = {}
        self._packs: dict[int, Path] = {}

    def pack(self, offers: int) -> Path:
        """The seeded pack of `offers` offers in 8 languages (made once per run)."""
        if offers not in self._packs:
            self._packs[offers] = generate(self.tmp / f"bench-{offers}", offers)
        return self._packs[offers]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="few repetitions: a smoke run of a few minutes")
    parser.add_argument("--long", action="store_true",
                        help="the soak and the monkey at full length (20,000 events; takes hours here)")
    parser.add_argument("--only", action="append", choices=sorted(SCENARIOS), metavar="NAME",
                        help=f"run only this scenario (repeatable): {', '.join(SCENARIOS)}")
    parser.add_argument("--out", type=Path, default=HERE / "results.json", help="default: bench/results.json")
    args = parser.parse_args(argv)
    names = args.only or list(SCENARIOS)
    info = machine()
    rows: list[dict] = []
    began = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-") as tmp:
        ctx = Context(Path(tmp), args.quick, args.long)
        for name in names:
            print(f"bench: {name} ...", file=sys.stderr, flush=True)
            t = time.monotonic()
            try:
                found = SCENARIOS[name].run(ctx)
            except Exception as exc:  # one broken scenario must not lose the others' figures
                traceback.print_exc()
                last = (str(exc).strip().splitlines() or [""])[-1]
                found = [failed(name, f"{type(exc).__name__}: {last}")]
            for r in found:
                r.setdefault("seconds", round(time.monotonic() - t, 1))
            rows.extend(found)
            print(f"bench: {name} done in {time.monotonic() - t:.0f} s", file=sys.stderr, flush=True)
    info.update(ctx.info)
    info["load_average_after"] = [round(v, 2) for v in os.getloadavg()]
    info["minutes"] = round((time.monotonic() - began) / 60, 1)
    write(args.out, rows, info, {"quick": args.quick, "long": args.long, "only": args.only})
    print(table(rows))
    print()
    print(budget(rows))
    print(f"\nmachine: {info['cpus']} x {info['cpu']}, {info.get('gl_renderer', '?')}; load average "
          f"{info['load_average']} before, {info['load_average_after']} after; {info['minutes']} min; "
          f"written to {args.out}")
    return 0 if all(r.get("met") is not False for r in rows) else 1
