"""Web Mercator (EPSG:3857) as slippy-map tiles use it: degrees <-> world pixels <-> tiles.

Pure arithmetic, no Kivy: the map widget, the base-map builder and the tests share it.
World coordinates are normalised to 0..1 (x east from 180° W, y south from about 85° N); at
zoom z the world is `TILE * 2**z` pixels wide, with y growing downwards as in tile names.
"""

from __future__ import annotations

import math

TILE = 256
MAX_LAT = 85.0511287798066  # where the square Web Mercator world ends


def world(lat: float, lon: float) -> tuple[float, float]:
    """Normalised world position (x, y), both 0..1, of a point in degrees."""
    lat = max(-MAX_LAT, min(MAX_LAT, lat))
    x = (lon + 180.0) / 360.0
    phi = math.radians(lat)
    y = (1.0 - math.log(math.tan(phi) + 1.0 / math.cos(phi)) / math.pi) / 2.0
    return x, y


def latlon(x: float, y: float) -> tuple[float, float]:
    """The point in degrees (lat, lon) at normalised world position (x, y)."""
    lon = x * 360.0 - 180.0
    lat = math.degrees(math.atan(math.sinh(math.pi * (1.0 - 2.0 * y))))
    return lat, lon


def world_size(zoom: float) -> float:
    """Width (= height) of the whole world in pixels at `zoom` (may be fractional)."""
    return TILE * 2.0 ** zoom


def pixel(lat: float, lon: float, zoom: float) -> tuple[float, float]:
    """World pixel (x right, y down) of a point at `zoom`."""
    x, y = world(lat, lon)
    size = world_size(zoom)
    return x * size, y * size


def tile_of(lat: float, lon: float, zoom: int) -> tuple[int, int]:
    """The (x, y) slippy-map tile (XYZ, y down) that holds a point at integer `zoom`."""
    x, y = world(lat, lon)
    n = 2 ** zoom
    return min(n - 1, int(x * n)), min(n - 1, int(y * n))


def tms_row(y: int, zoom: int) -> int:
    """MBTiles store rows bottom-up (TMS): the row of XYZ tile row `y`, and back (it is its own
    inverse)."""
    return (2 ** zoom - 1) - y


def tiles_covering(bounds: tuple[float, float, float, float], zoom: int) -> tuple[range, range]:
    """The tile columns and rows (XYZ) that cover `bounds` = (west, south, east, north)."""
    west, south, east, north = bounds
    x0, y0 = tile_of(north, west, zoom)
    x1, y1 = tile_of(south, east, zoom)
    return range(x0, x1 + 1), range(y0, y1 + 1)


def meters_per_pixel(lat: float, zoom: float) -> float:
    """Ground distance of one pixel at `lat` and `zoom` (equatorial radius 6378137 m)."""
    return 2 * math.pi * 6378137.0 * math.cos(math.radians(lat)) / world_size(zoom)
