"""Is this kiosk well? The running kiosk rewrites a small file in its state folder every
`EVERY` seconds; `kiosk status` reads it, with the content sync's own state beside it."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
from pathlib import Path

log = logging.getLogger("kiosk.status")

FILE = "status.json"
EVERY = 30.0  # seconds between two writes; a file older than three of these is a stopped kiosk


class StatusFile:
    """Writes `status.json` now and every `EVERY` seconds while the kiosk runs."""

    def __init__(self, app, state_dir: Path):
        from kivy.clock import Clock

        self.app = app
        self.path = Path(state_dir) / FILE
        self.started = _now()
        self.write()
        self._event = Clock.schedule_interval(lambda _dt: self.write(), EVERY)

    def write(self) -> None:
        from kiosk.sync import write_json

        app = self.app
        pack = app.pack
        last = app.watcher.last if app.watcher is not None else None
        data = {
            "pid": os.getpid(),
            "started": self.started.isoformat(timespec="seconds"),
            "written": _now().isoformat(timespec="seconds"),
            "pack": Path(pack.path).name if pack else None,
            "pack_title": app.pack_text(pack.name) if pack else None,
            "pack_path": pack.path if pack else None,
            "content_problems": list(last.problems[:20]) if last is not None and not last.ok else [],
            "plugins": [{"name": i.name, "state": i.state, "error": i.error or ""} for i in app.host.all()],
        }
        try:
            write_json(self.path, data)
        except OSError as exc:  # a full or read-only disk must not stop the screen
            log.error("cannot write %s: %s", self.path, exc)


def read(settings, state_dir: Path) -> dict:
    """What `kiosk status` shows: the running kiosk's file and the sync state, in one mapping."""
    try:
        data = json.loads((Path(state_dir) / FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = {}
    now = _now()
    written = _moment(data.get("written"))
    data["running"] = bool(written and (now - written).total_seconds() < 3 * EVERY and _alive(data.get("pid")))
    started = _moment(data.get("started"))
    data["uptime"] = round((now - started).total_seconds()) if data["running"] and started else None
    data.setdefault("pack", settings.pack.name if settings.pack else None)
    data.setdefault("plugins", [])
    data.setdefault("content_problems", [])
    data["revision"], data["synced"], data["head"], data["refused"] = None, None, None, {}
    data["last_error"] = data["content_problems"][0] if data["content_problems"] else ""
    if settings.source is not None:
        from kiosk import paths
        from kiosk.sync import Syncer

        sync = Syncer(settings, paths.sync_dir(state_dir)).state()
        data["source"] = {"git": settings.source.git, "branch": settings.source.branch}
        data["revision"] = sync["revision"] or None
        data["synced"] = sync.get("synced")
        data["head"] = sync.get("head")
        data["refused"] = sync["refused"]
        data["last_error"] = sync.get("last_error") or data["last_error"]
    return data


def lines(data: dict) -> list[str]:
    """`read()` in words, for a person at the office."""
    out = []
    if data["running"]:
        out.append(f"running: yes, pid {data['pid']}, up {_duration(data['uptime'])} (since {data['started']})")
    else:
        seen = f" (last seen {data['written']})" if data.get("written") else ""
        out.append(f"running: no{seen}")
    title = f" ({data['pack_title']})" if data.get("pack_title") else ""
    out.append(f"pack: {data['pack'] or '-'}{title}")
    if "source" in data:
        out.append(f"source: {data['source']['git']} branch {data['source']['branch']}")
        head = data["head"]
        behind = "" if not head or head == data["revision"] else f"; the branch's head is {head[:10]}"
        out.append(f"revision: {data['revision'] or 'none yet'}{behind}")
        out.append(f"last synced: {data['synced'] or 'never'}")
    out.append(f"last error: {data['last_error'] or 'none'}")
    if data["plugins"]:
        out.append("plugins: " + ", ".join(
            f"{p['name']} {p['state']}" + (f" ({p['error']})" if p["error"] else "") for p in data["plugins"]))
    else:
        out.append("plugins: unknown (the kiosk has not run here)")
    return out


def _alive(pid) -> bool:
    if not isinstance(pid, int):
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _moment(text):
    try:
        return dt.datetime.fromisoformat(text) if text else None
    except ValueError:
        return None


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).astimezone()


def _duration(seconds) -> str:
    seconds = int(seconds or 0)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    text = f"{hours:d}:{rest // 60:02d}:{rest % 60:02d}"
    return f"{days} d {text}" if days else text
