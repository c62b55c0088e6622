"""Where the map's tiles come from: the pack's MBTiles file, and a tile server if configured.

The MBTiles file is read synchronously (a local SQLite look-up takes well under a millisecond),
so the map is whole in the frame after it is shown. A tile server is only ever an addition: an
administrator sets `plugins.config.map.online` in kiosk.yaml; its tiles are fetched by one
background thread with the configured User-Agent into a disk cache, and until one arrives (or
when the server fails, which is logged and never shown) the pack's own tile is drawn.
No Kivy here: the map widget turns the bytes into textures.
"""

from __future__ import annotations

import logging
import queue
import sqlite3
import threading
import time
import urllib.error
import urllib.request
import weakref
from dataclasses import dataclass
from pathlib import Path

from kiosk.api import KioskError

from .mercator import tms_row

log = logging.getLogger("kiosk.map")

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"


class MBTiles:
    """The raster tiles of one MBTiles file, by XYZ address (the file stores rows bottom-up)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True)
        self._damaged = False

    def tile(self, zoom: int, x: int, y: int) -> bytes | None:
        """The tile's image, or None where there is none, or where the file cannot give it: a file
        damaged after it was checked loses those tiles (left blank, said once), not the map."""
        try:
            row = self._db.execute(
                "SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?",
                (zoom, x, tms_row(y, zoom)),
            ).fetchone()
        except sqlite3.DatabaseError as exc:
            if not self._damaged:
                self._damaged = True
                log.warning("the map's tiles file %s is damaged (%s): the tiles it cannot give are left blank; "
                            "kiosk check says more", self.path, exc)
            return None
        return bounded(bytes(row[0]), (zoom, x, y)) if row else None

    def close(self) -> None:
        self._db.close()


_open: dict[tuple, MBTiles] = {}


def mbtiles(path: str) -> MBTiles:
    """One open MBTiles per file version: a pack replaced on disk is read afresh."""
    stat = Path(path).stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    source = _open.get(key)
    if source is None:
        for old in [k for k in _open if k[0] == str(path)]:
            _open.pop(old).close()
        source = _open[key] = MBTiles(path)
    return source


@dataclass(frozen=True)
class OnlineConfig:
    """`plugins.config.map.online` in kiosk.yaml."""

    url: str
    user_agent: str
    cache_dir: Path

    @classmethod
    def read(cls, block, base: Path) -> "OnlineConfig":
        """Check the block; KioskError says what is wrong (the kiosk then switches the map off)."""
        if not isinstance(block, dict):
            raise KioskError("plugins.config.map.online must be a mapping with url, user_agent and cache_dir")
        unknown = sorted(set(block) - {"url", "user_agent", "cache_dir"})
        if unknown:
            raise KioskError(f"plugins.config.map.online: unknown field {unknown[0]!r} (url, user_agent, cache_dir)")
        url = str(block.get("url") or "").strip()
        if not url.startswith(("https://", "http://")) or not all(p in url for p in ("{z}", "{x}", "{y}")):
            raise KioskError(
                "plugins.config.map.online.url must be a web address with {z}, {x} and {y}, "
                f"like https://tiles.example.org/{{z}}/{{x}}/{{y}}.png, not {url!r}"
            )
        agent = str(block.get("user_agent") or "").strip()
        if not agent:
            raise KioskError(
                "plugins.config.map.online.user_agent is required: tile servers want to know who asks "
                "(e.g. \"Kiosk IC-E Leipzig, admin@example.org\")"
            )
        folder = str(block.get("cache_dir") or "").strip()
        if not folder:
            raise KioskError("plugins.config.map.online.cache_dir is required: the folder that keeps fetched tiles")
        cache = Path(folder)
        return cls(url, agent, cache if cache.is_absolute() else base / cache)


class OnlineTiles:
    """Tiles from a tile server, fetched in the background into a disk cache.

    `tile()` answers at once from the cache, or returns None and asks the worker thread for the
    tile; each listener (a weakly held bound method) is called, from the worker thread, with the
    tile's (zoom, x, y) when it has arrived. A tile that failed is not asked for again.
    """

    PAUSE_AFTER = 5  # failures in a row ...
    PAUSE = 300.0  # ... make the worker rest this many seconds: the server may be down

    def __init__(self, config: OnlineConfig, timeout: float = 10.0):
        self.config = config
        self.timeout = timeout
        self.suffix = Path(config.url.split("?")[0]).suffix or ".tile"
        self._queue: queue.LifoQueue = queue.LifoQueue()  # the newest request is the one on screen
        self._pending: set = set()
        self._failed: set = set()
        self._listeners: list = []
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self.failures = 0

    def path(self, zoom: int, x: int, y: int) -> Path:
        return self.config.cache_dir / str(zoom) / str(x) / f"{y}{self.suffix}"

    def tile(self, zoom: int, x: int, y: int) -> bytes | None:
        key = (zoom, x, y)
        with self._lock:
            if key in self._pending or key in self._failed:
                return None
        try:
            return bounded(self.path(zoom, x, y).read_bytes(), (zoom, x, y))
        except OSError:
            pass
        with self._lock:
            if key in self._pending:
                return None
            self._pending.add(key)
            if self._thread is None:
                self._thread = threading.Thread(target=self._work, name="map-tiles", daemon=True)
                self._thread.start()
        self._queue.put(key)
        return None

    def listen(self, method) -> None:
        self._listeners.append(weakref.WeakMethod(method))

    def wait(self, timeout: float) -> bool:
        """Wait until nothing is pending (for tests and tools); False after `timeout` seconds."""
        with self._changed:
            return self._changed.wait_for(lambda: not self._pending, timeout)

    def stop(self) -> None:
        self._stop.set()
        self._queue.put(None)

    # -- the worker thread ------------------------------------------------------------------------

    def _work(self) -> None:
        in_a_row = 0
        while not self._stop.is_set():
            key = self._queue.get()
            if key is None:
                break
            ok = self._fetch(key)
            with self._changed:
                self._pending.discard(key)
                if not ok:
                    self._failed.add(key)
                self._changed.notify_all()
            if ok:
                in_a_row = 0
                for ref in list(self._listeners):
                    method = ref()
                    if method is not None:
                        method(key)
            else:
                in_a_row += 1
                if in_a_row >= self.PAUSE_AFTER:
                    log.warning("map: %d tile downloads failed in a row; pausing for %d s", in_a_row, self.PAUSE)
                    self._stop.wait(self.PAUSE)
                    in_a_row = 0

    def _fetch(self, key) -> bool:
        zoom, x, y = key
        url = self.config.url.format(z=zoom, x=x, y=y)
        request = urllib.request.Request(url, headers={"User-Agent": self.config.user_agent})
        started = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                data = response.read(4 * 1024 * 1024)
        except (urllib.error.URLError, OSError, ValueError) as exc:
            return self._failure(url, str(exc))
        if not data.startswith((PNG_MAGIC, JPEG_MAGIC)):
            return self._failure(url, "the answer is not a PNG or JPEG image")
        path = self.path(zoom, x, y)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temp = path.with_name(path.name + ".part")
            temp.write_bytes(data)
            temp.replace(path)
        except OSError as exc:
            return self._failure(url, f"cannot write the cache: {exc}")
        log.debug("map: fetched %s in %.2f s", url, time.monotonic() - started)
        return True

    def _failure(self, url: str, why: str) -> bool:
        self.failures += 1
        if self.failures <= 3 or self.failures % 100 == 0:  # the log stays readable when offline
            log.warning("map: tile %s not fetched (%s); the pack's own map is shown (%d failures)", url, why, self.failures)
        return False


_online: OnlineTiles | None = None


def configure_online(config: OnlineConfig | None) -> None:
    """Use tiles from this server from now on (None: only the pack's own)."""
    global _online
    if _online is not None:
        _online.stop()
    _online = OnlineTiles(config) if config is not None else None


def online() -> OnlineTiles | None:
    """The configured tile server's source, or None."""
    return _online


MAX_TILE_SIDE = 1024  # pixels; map tiles are 256 or 512 (retina) a side
MAX_TILE_BYTES = 2 * 1024 * 1024
_refused: set = set()


def bounded(data: bytes, key) -> bytes | None:
    """`data` if it is a PNG or JPEG tile of at most MAX_TILE_SIDE pixels a side, read from its
    header before anything decodes it: an 8000 x 8000 tile is 79 KB on disk and 256 MB decoded.
    None (logged once per tile) otherwise: a hole in the map, not a kiosk out of memory."""
    size = tile_size(data) if len(data) <= MAX_TILE_BYTES else None
    if size is not None and max(size) <= MAX_TILE_SIDE:
        return data
    if key not in _refused:
        _refused.add(key)
        what = f"{size[0]} x {size[1]} pixels" if size else f"{len(data):,} bytes, not a PNG or JPEG of a size it can tell"
        log.warning("map: tile %s refused (%s; a tile has at most %d pixels a side)", key, what, MAX_TILE_SIDE)
    return None


def tile_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) from a PNG's IHDR or a JPEG's frame header; None when it has neither."""
    if data.startswith(PNG_MAGIC) and data[12:16] == b"IHDR":
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    if data.startswith(JPEG_MAGIC):
        i = 2
        while i + 9 < len(data):
            if data[i] != 0xFF:
                return None
            marker = data[i + 1]
            if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
                i += 2
                continue
            length = int.from_bytes(data[i + 2:i + 4], "big")
            if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
                return int.from_bytes(data[i + 7:i + 9], "big"), int.from_bytes(data[i + 5:i + 7], "big")
            i += 2 + length
    return None
