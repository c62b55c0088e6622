"""Scenario `start`: `kiosk shot home` against bare Kivy showing one Label and writing its PNG
the same way (bench/bare_kivy.py): at most 1.5 times, timed two ways, pair by pair: from process
start to the PNG written, and to the process's exit (its Xvfb stopped)."""

from __future__ import annotations

import compileall
import statistics
import sys
from pathlib import Path

from bench import proc
from bench.results import row

TARGET_RATIO = 1.5
COMPILED = ("kiosk", "plugins", "bench")  # the sources either process imports from this checkout


def compile_sources() -> None:
    """Write the bytecode of the checkout's own modules, as a kiosk's first start does. Kivy's
    come compiled from site-packages; with PYTHONDONTWRITEBYTECODE set (as in this project's
    sessions) every `kiosk shot` compiled its ~100 own modules from source again (0.15 s here),
    which a kiosk that has started once never does."""
    for folder in COMPILED:
        compileall.compile_dir(str(proc.REPO / folder), quiet=1)


def run(ctx) -> list[dict]:
    reps = 2 if ctx.quick else 6
    kiosk_cmd = [str(Path(sys.executable).with_name("kiosk")), "shot", "home", "--out"]
    bare_cmd = [sys.executable, "-m", "bench.bare_kivy"]
    compile_sources()
    for command in (bare_cmd, kiosk_cmd):  # one untimed start each: the files in the page cache
        proc.timed_png(command + [str(ctx.tmp / "start-warm.png")], ctx.tmp / "start-warm.png")
    kiosk, bare = [], []
    for i in range(reps):  # alternating, so a busy minute on the machine hits both
        png = ctx.tmp / f"start-{i}.png"
        order = (("bare", bare_cmd, bare), ("kiosk", kiosk_cmd, kiosk))
        for _, command, into in order if i % 2 == 0 else reversed(order):
            into.append(proc.timed_png(command + [str(png)], png))
    ratios = [k.seconds / b.seconds for k, b in zip(kiosk, bare)]
    exit_ratios = [k.exit_seconds / b.exit_seconds for k, b in zip(kiosk, bare)]
    ratio = statistics.median(k.seconds for k in kiosk) / statistics.median(b.seconds for b in bare)
    exit_ratio = statistics.median(k.exit_seconds for k in kiosk) / statistics.median(b.exit_seconds for b in bare)
    return [
        row("start", "kiosk shot home / bare Kivy", ratios, "x", target=TARGET_RATIO,
            note=f"ratio of medians {ratio:.2f}; each from process start to PNG written, {reps} pairs, alternating"),
        row("start", "  the same, to exit", exit_ratios, "x", target=TARGET_RATIO,
            note=f"ratio of medians {exit_ratio:.2f}; each from process start to its exit, Xvfb stopped"),
        row("start", "  kiosk shot home", [k.seconds for k in kiosk], "s",
            note=f"to exit {statistics.median(k.exit_seconds for k in kiosk):.2f} s; "
                 f"peak PSS {max(k.peak_mb for k in kiosk):.0f} MB with its Xvfb"),
        row("start", "  bare Kivy, one Label", [b.seconds for b in bare], "s",
            note=f"to exit {statistics.median(b.exit_seconds for b in bare):.2f} s; "
                 f"peak PSS {max(b.peak_mb for b in bare):.0f} MB with its Xvfb"),
    ]
