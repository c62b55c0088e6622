"""Turn samples into result rows (median, spread, p95, target, met) and show them as a table."""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import time
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def percentile(values, q: float) -> float:
    """The q-th percentile (0..100), linear between closest ranks."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q / 100
    low = int(k)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def row(scenario: str, measure: str, values, unit: str, *, target: float | None = None,
        judge: str = "median", note: str = "", **extra) -> dict:
    """One line of the table: `judge` (median, p95 or max) is compared with `target` (at most)."""
    values = [float(v) for v in values]
    out = {"scenario": scenario, "measure": measure, "unit": unit, "n": len(values)}
    if values:
        out.update(
            median=_round(statistics.median(values)), min=_round(min(values)), max=_round(max(values)),
            p25=_round(percentile(values, 25)), p75=_round(percentile(values, 75)),
            p95=_round(percentile(values, 95)),
        )
    out["target"] = None if target is None else f"{judge} <= {target:g} {unit}".strip()
    out["met"] = None
    if target is not None and values:
        judged(out, out[judge], target)
    out["note"] = note
    out.update(extra)
    return out


def judged(out: dict, value: float, limit: float) -> dict:
    """Judge `value` against the upper `limit`: met, and the margin left (negative: missed by)."""
    out["met"] = value <= limit
    out["judged"] = _round(value)
    out["limit"] = _round(limit)
    out["margin"] = _round(limit - value)
    out["margin_pct"] = round((limit - value) / limit * 100, 1) if limit else None
    return out


def skipped(scenario: str, why: str) -> dict:
    return {"scenario": scenario, "measure": "skipped", "unit": "", "n": 0, "target": None, "met": None, "note": why}


def failed(scenario: str, why: str) -> dict:
    return {"scenario": scenario, "measure": "failed", "unit": "", "n": 0, "target": "runs", "met": False, "note": why}


def _round(value: float) -> float:
    return round(value, 3) if abs(value) < 100 else round(value, 1)


def machine() -> dict:
    """What the figures were taken on, and how busy the machine was."""
    info = {
        "when": time.strftime("%Y-%m-%d %H:%M:%S %z"),
        "host": platform.node(),
        "system": platform.platform(),
        "python": platform.python_version(),
        "kivy": _version("kivy"),
        "pillow": _version("pillow"),
        "cpus": os.cpu_count(),
        "cpu": _cpu_model(),
        "memory_gb": _memory_gb(),
        "load_average": [round(v, 2) for v in os.getloadavg()],
        "commit": _git("rev-parse", "--short", "HEAD"),
        "dirty": bool(_git("status", "--porcelain", "--untracked-files=no")),
    }
    return info


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "?"


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def _memory_gb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 2**20, 1)
    except OSError:
        pass
    return None


def _git(*args) -> str:
    try:
        return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def write(path: Path, rows: list[dict], info: dict, options: dict) -> None:
    data = {"machine": info, "options": options, "results": rows}
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


COLUMNS = (("scenario", 10), ("measure", 34), ("median", 9), ("spread (min-max)", 19), ("p95", 9),
           ("target", 20), ("met", 5), ("margin", 16))


def table(rows: list[dict]) -> str:
    """A plain-text table; notes follow the row they belong to."""
    head = "  ".join(f"{name:<{width}}" for name, width in COLUMNS)
    lines = [head, "-" * len(head)]
    for r in rows:
        unit = r.get("unit", "")
        cells = [
            r["scenario"], r["measure"],
            _cell(r.get("median"), unit),
            f"{_num(r['min'])}-{_num(r['max'])}" if "min" in r else "",
            _cell(r.get("p95"), unit) if r.get("n", 0) > 1 else "",
            r.get("target") or "-",
            {True: "yes", False: "NO", None: "-"}[r.get("met")],
            margin(r),
        ]
        lines.append("  ".join(f"{str(c):<{w}}" for c, (_, w) in zip(cells, COLUMNS)).rstrip())
        if r.get("note"):
            lines.append(f"{'':12}{r['note']}")
    return "\n".join(lines)


def margin(r: dict) -> str:
    """'12 ms (24%)' left to spare, or '-230 ms (-460%)' over the target; '' when not judged."""
    if r.get("margin") is None:
        return ""
    pct = "" if r.get("margin_pct") is None else f" ({r['margin_pct']:+.0f}%)"
    return f"{'+' if r['margin'] >= 0 else ''}{_num(r['margin'])} {r.get('unit', '')}".rstrip() + pct


def budget(rows: list[dict]) -> str:
    """Every judged target on a line of its own: what was measured, the target, the margin."""
    judged_rows = [r for r in rows if r.get("met") is not None]
    if not judged_rows:
        return "budget: no target was judged"
    missed = [r for r in judged_rows if r["met"] is False]
    lines = [f"budget: {len(judged_rows) - len(missed)} of {len(judged_rows)} targets met"]
    for r in judged_rows:
        what = f"{r['scenario']} {r['measure'].strip()}"
        if "judged" in r:
            found = f"{_num(r['judged'])} {r.get('unit', '')}".rstrip()
            lines.append(f"  {'met   ' if r['met'] else 'MISSED'}  {what}: {found} against {r['target']}, "
                         f"margin {margin(r)}")
        else:
            lines.append(f"  {'met   ' if r['met'] else 'MISSED'}  {what}: {r.get('target')} ({r.get('note', '')[:80]})")
    return "\n".join(lines)


def _cell(value, unit: str) -> str:
    return "" if value is None else f"{_num(value)} {unit}".strip()


def _num(value) -> str:
    if value is None:
        return ""
    if float(value).is_integer():
        return f"{value:.0f}"
    return f"{value:.0f}" if abs(value) >= 100 else f"{value:.3g}" if abs(value) < 10 else f"{value:.1f}"


def markdown(rows: list[dict]) -> str:
    """The table as docs/performance.md shows it (`python -m bench.results [results.json]`)."""
    lines = ["| scenario | measure | median | min-max | p95 | target | met | margin |",
             "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        unit = r.get("unit", "")
        met = {True: "yes", False: "**no**", None: ""}[r.get("met")]
        spread = f"{_num(r['min'])}-{_num(r['max'])}" if "min" in r else ""
        p95 = _cell(r.get("p95"), unit) if r.get("n", 0) > 1 else ""
        cells = [r["scenario"], r["measure"].strip(), _cell(r.get("median"), unit), spread, p95,
                 r.get("target") or "", met, margin(r)]
        lines.append("| " + " | ".join(str(c).replace("|", "/") for c in cells) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    import sys

    data = json.loads(Path(sys.argv[1] if len(sys.argv) > 1 else REPO / "bench" / "results.json").read_text())
    print(markdown(data["results"]))
    info = data["machine"]
    print(f"\n{info['cpus']} x {info['cpu']}, {info.get('gl_renderer', '?')}; load average "
          f"{info['load_average']} before, {info.get('load_average_after')} after; {info.get('minutes')} min; "
          f"commit {info['commit']}{' (dirty)' if info.get('dirty') else ''}; {info['when']}")
