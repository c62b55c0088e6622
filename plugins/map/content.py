"""The map plugin's content: the `map:` section of pack.yaml, a raster MBTiles file in the pack."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from kiosk.api import Kind, Loc, Text

MAP_FIELDS = ("tiles", "attribution", "bounds", "min_zoom", "max_zoom", "zoom")
MAX_LAT = 85.0511  # where Web Mercator maps end
MAX_ZOOM = 22


@dataclass(frozen=True, slots=True)
class MapLabel:
    """A name the kiosk sets as text over the map (the tiles leave it out, so the screen's edge
    and the legend never cut it): an area, a park or a station, from the MBTiles metadata
    `kiosk_labels` that tools/build_basemap.py writes."""

    name: str
    kind: str  # area, park, station
    lat: float
    lon: float
    min_zoom: float = 0
    max_zoom: float = 99
    names: tuple[tuple[str, str], ...] = ()  # (language, name) where the drawing gives one

    def name_in(self, lang: str) -> tuple[str, str]:
        """(the name in `lang`, or the drawing's own; its language or '' for the drawing's)."""
        for code, name in self.names:
            if code == lang:
                return name, code
        return self.name, ""

    def shows_at(self, zoom: float) -> bool:
        return self.min_zoom <= round(zoom) <= self.max_zoom


@dataclass(frozen=True, slots=True)
class MapInfo:
    """The pack's base map (`map:` in pack.yaml): a raster MBTiles file, checked by the loader.

    `bounds` is (west, south, east, north) in degrees: the view never leaves it. `tile_zooms` are
    the zoom levels the file holds; `min_zoom`, `max_zoom` and `zoom` (the start) limit the view.
    """

    tiles: str  # absolute path of the .mbtiles file
    format: str  # png or jpg
    attribution: Text
    bounds: tuple[float, float, float, float]
    tile_zooms: tuple[int, int]
    min_zoom: float
    max_zoom: float
    zoom: float
    loc: Loc | None = None
    labels: tuple[MapLabel, ...] = ()

    def contains(self, lat: float, lon: float) -> bool:
        west, south, east, north = self.bounds
        return west <= lon <= east and south <= lat <= north


def read_map(node, r):
    """The `map:` section: the MBTiles file must exist in the pack and hold raster tiles."""
    m = r.fields(node, "map", required=("tiles",), optional=MAP_FIELDS)
    if m is None or "tiles" not in m:
        return None
    name = r.string(m["tiles"], "map.tiles")
    if not name:
        return None
    where = m["tiles"].loc
    path = (r.folder / name).resolve()
    if not path.is_relative_to(r.folder.resolve()):
        r.error(where, f"map.tiles must be a file inside the pack's folder, not {name!r}")
        return None
    if not path.is_file():
        r.error(where, f"map.tiles: there is no file {name!r} in the pack")
        return None
    try:
        tiles = _read_mbtiles(path)
    except ValueError as exc:
        r.error(where, f"map.tiles: {name!r} {exc}")
        return None
    ok = True
    attribution = None
    if "attribution" in m:
        attribution = r.plain_or_text(m["attribution"], "map.attribution")
        ok = attribution is not None
    elif tiles["attribution"]:
        attribution = r.neutral_text(tiles["attribution"], m.loc)
    else:
        r.error(m.loc, "map needs an attribution (who drew the map, and the licence): "
                                 f"{name!r} has none in its metadata, so give map.attribution")
        ok = False
    bounds = tiles["bounds"]
    if "bounds" in m:
        bounds = _bounds(m["bounds"], tiles["bounds"], r)
        ok = ok and bounds is not None
    elif bounds is None:
        r.error(where, f"map.tiles: {name!r} has no bounds in its metadata: give map.bounds "
                                 "as [west, south, east, north]")
        ok = False
    low, high = tiles["zooms"]
    view = {"min_zoom": float(low), "max_zoom": float(high), "zoom": tiles["center_zoom"]}
    for key in ("min_zoom", "max_zoom", "zoom"):
        if key in m:
            value = r.number(m[key], f"map.{key}", 0, MAX_ZOOM)
            ok = ok and value is not None
            view[key] = value if value is not None else view[key]
    if view["zoom"] is None:
        view["zoom"] = view["min_zoom"]
    if view["min_zoom"] > view["max_zoom"]:
        r.error(m.loc, f"map.min_zoom ({view['min_zoom']:g}) is above map.max_zoom ({view['max_zoom']:g})")
        ok = False
    elif not view["min_zoom"] <= view["zoom"] <= view["max_zoom"]:
        loc = m["zoom"].loc if "zoom" in m else m.loc
        r.error(loc, f"map.zoom ({view['zoom']:g}) must lie between map.min_zoom "
                               f"({view['min_zoom']:g}) and map.max_zoom ({view['max_zoom']:g})")
        ok = False
    if not ok:
        return None
    return MapInfo(
        tiles=str(path), format=tiles["format"], attribution=attribution, bounds=bounds,
        tile_zooms=(low, high), loc=m.loc, labels=tiles["labels"], **view,
    )

def _bounds(node, outer, r):
    """[west, south, east, north] in degrees, inside the tiles' own bounds."""
    if not isinstance(node, list):
        r.sequence(node, "map.bounds")  # reports what it is instead
        return None
    values = node
    if len(values) != 4:
        r.error(getattr(node, "loc", Loc("?", 1)), "map.bounds must be a list of four numbers: [west, south, east, north]")
        return None
    limits = ((180, "west"), (MAX_LAT, "south"), (180, "east"), (MAX_LAT, "north"))
    numbers = [r.number(v, f"map.bounds {side}", -limit, limit) for v, (limit, side) in zip(values, limits)]
    if any(n is None for n in numbers):
        return None
    west, south, east, north = numbers
    if west >= east or south >= north:
        r.error(node.loc, "map.bounds must be [west, south, east, north]: west below east, south below north")
        return None
    if outer is not None and not (outer[0] <= west and outer[1] <= south and east <= outer[2] and north <= outer[3]):
        box = ", ".join(f"{v:g}" for v in outer)
        r.error(node.loc, f"map.bounds reach beyond the map's tiles ({box}): the kiosk would show empty areas")
        return None
    return west, south, east, north



def _read_mbtiles(path: Path) -> dict:
    """What the kiosk needs from a raster MBTiles file; ValueError says what is wrong with it."""
    try:
        db = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise ValueError(f"cannot be opened: {exc}") from None
    with closing(db):
        try:
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
            if not {"metadata", "tiles"} <= tables:
                raise ValueError("is not an MBTiles file (an SQLite database with the tables metadata and tiles)")
            meta = {str(k): str(v) for k, v in db.execute("SELECT name, value FROM metadata") if k and v is not None}
            low, high = db.execute("SELECT MIN(zoom_level), MAX(zoom_level) FROM tiles").fetchone()
        except sqlite3.DatabaseError as exc:
            raise ValueError(f"is not an MBTiles file (an SQLite database with the tables metadata and tiles): {exc}") from None
        try:
            # a file cut short or with pages lost (a failed copy, a failing card) may still read
            # its metadata: the map would then lose its tiles in front of visitors
            found = db.execute("PRAGMA quick_check").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            found = str(exc)
    if found != "ok":
        raise ValueError(f"is damaged ({found.splitlines()[0]}): copy it again, or make it again "
                         "(tools/build_basemap.py makes the project's own)")
    fmt = meta.get("format", "").strip().lower()
    if fmt == "pbf":
        raise ValueError("holds vector tiles (format pbf); the kiosk draws raster tiles (png or jpg)")
    if fmt not in ("png", "jpg", "jpeg"):
        raise ValueError(f"must say format png or jpg in its metadata, not {fmt or 'nothing'!r}")
    if low is None:
        raise ValueError("holds no tiles")
    bounds = None
    if "bounds" in meta:
        try:
            bounds = tuple(float(v) for v in meta["bounds"].split(","))
        except ValueError:
            bounds = ()
        if len(bounds) != 4 or not (bounds[0] < bounds[2] and bounds[1] < bounds[3]):
            raise ValueError(f"has bounds {meta['bounds']!r} in its metadata, not west,south,east,north")
    center_zoom = None
    try:
        center_zoom = float(meta["center"].split(",")[2])
    except (KeyError, IndexError, ValueError):
        pass
    if center_zoom is not None and not low <= center_zoom <= high:
        center_zoom = None
    return {
        "format": "jpg" if fmt == "jpeg" else fmt, "bounds": bounds, "zooms": (int(low), int(high)),
        "center_zoom": center_zoom, "attribution": meta.get("attribution", "").strip(),
        "labels": _labels(meta.get("kiosk_labels")),
    }


def _labels(value: str | None) -> tuple[MapLabel, ...]:
    """The `kiosk_labels` metadata; ValueError says what is wrong with it."""
    if not value:
        return ()
    try:
        entries = json.loads(value)
    except ValueError as exc:
        raise ValueError(f"has kiosk_labels in its metadata that are not JSON ({exc})") from None
    if not isinstance(entries, list):
        raise ValueError("has kiosk_labels in its metadata that are not a list")
    labels = []
    for number, entry in enumerate(entries, 1):
        try:
            names = entry.get("names") or {}
            label = MapLabel(
                name=str(entry["name"]).strip(), kind=str(entry.get("kind", "area")),
                lat=float(entry["lat"]), lon=float(entry["lon"]),
                min_zoom=float(entry.get("minzoom", 0)), max_zoom=float(entry.get("maxzoom", 99)),
                names=tuple(sorted((str(k), str(v).strip()) for k, v in names.items() if str(v).strip())),
            )
        except (AttributeError, KeyError, TypeError, ValueError):
            raise ValueError(f"has a kiosk_labels entry (number {number}) without a name, lat and lon") from None
        if not label.name or not (-MAX_LAT <= label.lat <= MAX_LAT and -180 <= label.lon <= 180):
            raise ValueError(f"has a kiosk_labels entry (number {number}) without a name or outside the world")
        labels.append(label)
    return tuple(labels)


def check_map(info, pack, r) -> None:
    """Places the map cannot show are worth a warning: they get no pin."""
    if info is None:
        return
    here = pack.places.get(pack.location)
    if here is not None and not info.contains(here.lat, here.lon):
        r.warn(pack.locs.get("location", here.loc), f"the kiosk's place {here.id!r} lies outside the map's bounds: "
                         "the map shows no \"you are here\"")
    used = {getattr(item, "place", None) for kind in pack.kinds.values() for item in kind.values()}
    for place in pack.places.values():
        if place.id in used and not place.approximate and not info.contains(place.lat, place.lon):
            r.warn(place.loc, f"place {place.id!r} lies outside the map's bounds: the map shows no pin for it")


KIND = Kind(name="map", section="map", read=read_map, check=check_map, label="map")
