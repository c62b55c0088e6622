"""Scenario `checking`: taps while the running kiosk checks new content of 10,000 offers, as after
a sync or an edit, once with the check in a thread of the kiosk's own (as before) and once as the
kiosk checks a large pack now, in a child process (kiosk.content.apart).

A check is pure Python and holds the interpreter's lock while it runs; in a thread it takes the
screen's thread's turns. The file is changed before every check, so each one is a new key and a
whole check, never a read from the cache. Reported beside the taps with nothing checked (`tap`)."""

from __future__ import annotations

import shutil
import sys
import tempfile
import threading
from pathlib import Path

from bench import drive, proc, tap
from bench.results import percentile, row

MODES = ("thread", "apart")
MIN_CHECKS = 3  # taps go on until this many checks are done: each ends in the kiosk's read of the pack
MAX_CYCLES = 400
LABELS = {"thread": "in a thread of the kiosk (before)", "apart": "in a child process (now)"}


def run(ctx) -> list[dict]:
    cycles = 6 if ctx.quick else 24  # four taps each, per mode
    data = proc.child("bench.checking", ctx.pack(2000), ctx.pack(10000), cycles)
    rows = []
    for mode in MODES:
        found = data[mode]
        every = [v for kind in tap.KINDS for v in found["first"][kind]]
        by_kind = ", ".join(f"{k} {_p(found['first'][k], 95)}" for k in tap.KINDS)
        # judged: the taps as the kiosk runs now; the thread is the comparison, how it ran before
        target = tap.TARGET_MS if mode == "apart" else None
        rows.append(row("checking", f"tap while 10,000 offers are checked {LABELS[mode]}", every, "ms",
                        target=target, judge="p95",
                        note=f"p50 {_p(every, 50)} ms; p95 by kind: {by_kind}; {len(every)} taps during "
                             f"{found['checks']} checks, {found['in_kiosk']} of them by the kiosk itself"))
    return rows


def _p(values, q):
    return round(percentile(values, q), 1)


def child(out: str, pack: str, big: str, cycles: str) -> None:
    from kiosk import reload
    from kiosk.content import loader

    harness = drive.start(pack)
    app = harness.app
    tiles = tap.visit_all(harness)
    kinds = app.host.content_kinds()
    scratch = Path(tempfile.mkdtemp(prefix="bench-checking-"))
    copy = scratch / "pack"
    shutil.copytree(big, copy)  # edited before every check: the run's own pack stays as generated
    counts = {"in_kiosk": 0}
    real = loader._PackLoader.load

    def counted(self):
        if threading.current_thread().name == "bench-check":
            counts["in_kiosk"] += 1
        return real(self)

    loader._PackLoader.load = counted
    results = {}
    for mode in MODES:
        apart = app.watcher.apart() if mode == "apart" else None  # as a reload makes it
        stop, began = threading.Event(), threading.Event()
        done = {"checks": 0, "error": ""}
        counts["in_kiosk"] = 0

        def checking(apart=apart, stop=stop, began=began, done=done, mode=mode):
            while not stop.is_set() and not done["error"]:
                with open(copy / "offers.yaml", "a", encoding="utf-8") as f:
                    f.write(f"# {mode} {done['checks']}\n")  # new content: a whole check
                began.set()
                outcome = reload._check(None, copy, app.settings, reload.Outcome(), kinds, apart)
                if outcome.pack is None:
                    done["error"] = f"the pack has errors: {outcome.problems[:3]}"
                done["checks"] += 1

        worker = threading.Thread(target=checking, name="bench-check", daemon=True)
        worker.start()
        began.wait()
        first = {k: [] for k in tap.KINDS}
        laps = 0
        while laps < int(cycles) or (done["checks"] < MIN_CHECKS and laps < MAX_CYCLES and not done["error"]):
            found, _settled, _target = tap.journey(harness, tiles, 2, seed=laps, start=laps)
            for kind in tap.KINDS:
                first[kind].extend(found[kind])
            laps += 2
        stop.set()
        worker.join()
        if done["error"]:
            raise RuntimeError(done["error"])
        results[mode] = {"first": first, "checks": done["checks"], "in_kiosk": counts["in_kiosk"]}
    loader._PackLoader.load = real
    shutil.rmtree(scratch)
    proc.write_json(out, results)


if __name__ == "__main__":
    child(*sys.argv[1:])
