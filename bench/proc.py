"""Run one measurement in a fresh process: a scenario's kiosk (one window per process, its own
memory figures), or a whole command timed from its start to the PNG it writes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
POLL = 0.02  # seconds between two looks at a process tree's memory


class ChildFailed(RuntimeError):
    """A scenario's process failed; the message ends with the last lines it wrote to stderr."""


def child(module: str, *args, timeout: float = 3600) -> dict:
    """Run `python -m module out.json args...` and return what it wrote to out.json."""
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        out = Path(tmp) / "out.json"
        env = dict(os.environ, KIOSK_USE_DISPLAY="0", PYTHONPATH=str(REPO))
        result = subprocess.run(
            [sys.executable, "-m", module, str(out), *map(str, args)],
            cwd=REPO, env=env, capture_output=True, text=True, timeout=timeout,
        )
        if result.returncode != 0 or not out.exists():
            tail = "\n".join(result.stderr.strip().splitlines()[-15:])
            raise ChildFailed(f"{module} exited with {result.returncode}:\n{tail}")
        return json.loads(out.read_text())


def write_json(path: str, data) -> None:
    """What a scenario's process hands back to the runner."""
    Path(path).write_text(json.dumps(data, ensure_ascii=False))


@dataclass
class Run:
    seconds: float  # from just before the process was started to the PNG's last write
    exit_seconds: float  # to the process's exit, Xvfb and all stopped
    peak_mb: float  # largest sum of the tree's proportional set size (PSS) seen while it ran


def timed_png(command: list[str], png: Path, cwd: Path = REPO, timeout: float = 120) -> Run:
    """Start `command`, which writes `png`; time it and watch its process tree's memory."""
    png.unlink(missing_ok=True)
    start = time.time()
    proc = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0.0
    while proc.poll() is None:
        peak = max(peak, tree_pss_mb(proc.pid))
        if time.time() - start > timeout:
            proc.kill()
            raise ChildFailed(f"{command[0]} took longer than {timeout} s")
        time.sleep(POLL)
    ended = time.time()
    stderr = proc.stderr.read().decode(errors="replace")
    if proc.returncode != 0 or not png.exists():
        tail = "\n".join(stderr.strip().splitlines()[-10:])
        raise ChildFailed(f"{' '.join(command[:3])} exited with {proc.returncode}:\n{tail}")
    written = png.stat().st_mtime_ns / 1e9
    return Run(seconds=written - start, exit_seconds=ended - start, peak_mb=peak)


def tree_pss_mb(root: int) -> float:
    """Proportional set size of `root` and all its descendants, in MB (shared pages split
    between the processes that share them, so a multi-process browser is not counted twice)."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, ()))
        total += _pss_kb(pid)
    return total / 1024


def _pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def rss_mb() -> float:
    """This process's resident memory now, in MB."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def native_mb() -> dict:
    """Where the resident memory is: glibc's heap (`mallinfo2`: in use, free inside it, in
    mmapped blocks) and `/proc/self/smaps_rollup` (anonymous against file-backed pages), in MB;
    empty where the C library or the kernel does not tell."""
    import ctypes

    out = {}
    try:
        class Info(ctypes.Structure):
            _fields_ = [(name, ctypes.c_size_t) for name in (
                "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
                "fordblks", "keepcost")]

        libc = ctypes.CDLL("libc.so.6")
        libc.mallinfo2.restype = Info
        info = libc.mallinfo2()
        out.update(heap_used_mb=info.uordblks / 2**20, heap_free_mb=info.fordblks / 2**20,
                   heap_mmap_mb=info.hblkhd / 2**20)
    except (OSError, AttributeError):
        pass
    try:
        for line in Path("/proc/self/smaps_rollup").read_text().splitlines():
            name, _, rest = line.partition(":")
            if name in ("Anonymous", "Rss"):
                out["anon_mb" if name == "Anonymous" else "smaps_rss_mb"] = int(rest.split()[0]) / 1024
    except OSError:
        pass
    return {k: round(v, 1) for k, v in out.items()}


def peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
