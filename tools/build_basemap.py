"""Render a pack's schematic base map from its GeoJSON drawing into a raster MBTiles file.

    .venv/bin/python tools/build_basemap.py                      # the default pack's map
    .venv/bin/python tools/build_basemap.py SOURCE.geojson OUT.mbtiles [--zooms 14-17]

The drawing (LineStrings of streets with `kind` main or street, Polygons of parks, Points of
area names) and the build settings (the collection's `kiosk_basemap` member: name, attribution,
bounds, center, minzoom, maxzoom) come from the GeoJSON. Output: 256 px PNG tiles in an MBTiles
1.3 file (rows bottom-up, as the specification wants) with its metadata table. The same input
gives the same bytes: fixed colours, no dithering, fixed PNG settings, rows written in order.
Street names are set along their streets in Kiosk Sans; the map uses no OpenStreetMap data.

The names of areas, parks and stations are not drawn into the tiles, where the edge of the
screen or the legend would cut them: they go into the metadata as `kiosk_labels` (a JSON list of
name, names by language from `name:xx` properties, kind, lat, lon, minzoom, maxzoom), and the
kiosk sets them as text inside the visible part of the map, in the screen's language where the
drawing gives one.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import os
import sqlite3
import sys
import tempfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent


def _load_mercator():
    """The map plugin's own projection module: one formula for the tiles and the pins."""
    spec = importlib.util.spec_from_file_location("_basemap_mercator", ROOT / "plugins" / "map" / "mercator.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


mercator = _load_mercator()

SOURCE = ROOT / "content" / "leipziger-osten" / "map" / "district.geojson"
OUT = ROOT / "content" / "leipziger-osten" / "map" / "district.mbtiles"
FONT = ROOT / "assets" / "fonts" / "KioskSans-Regular.ttf"

SS = 2  # drawn at twice the size, then averaged 2x2: smooth lines, seamless tile edges
GROUND = (242, 239, 232)
PARK = (212, 229, 196)
PARK_EDGE = (186, 211, 166)
AREAS = {"park": (PARK, PARK_EDGE), "station": ((222, 216, 208), (196, 189, 179))}  # fill, edge
STYLE = {  # kind -> casing colour, fill colour, fill width in px per zoom (14, 15, 16, 17)
    "main": ((208, 181, 118), (253, 238, 184), (4, 7, 11, 16)),
    "street": ((203, 196, 183), (255, 255, 255), (2, 4, 7, 11)),
}
CASING = 1.5  # px on each side
INK = (52, 52, 58)
HALO = (250, 248, 243)
LABEL_PX = {"main": (0, 16, 20, 23), "street": (0, 15, 19, 22)}  # 0: no street names at z14
LABEL_GAP = 700  # px between two labels of the same street


@dataclass(frozen=True)
class Label:
    """A rendered label (RGBA, supersampled) and its top-left corner in supersampled world px."""

    image: Image.Image
    x: int
    y: int

    @property
    def box(self) -> tuple[int, int, int, int]:
        return self.x, self.y, self.x + self.image.width, self.y + self.image.height


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", nargs="?", type=Path, default=SOURCE)
    parser.add_argument("out", nargs="?", type=Path, default=OUT)
    parser.add_argument("--zooms", help="e.g. 14-17 (default: the source's minzoom-maxzoom)")
    args = parser.parse_args(argv)
    zooms = None
    if args.zooms:
        low, _, high = args.zooms.partition("-")
        zooms = range(int(low), int(high or low) + 1)
    count = build(args.source, args.out, zooms)
    print(f"{args.out}: {count} tiles, {args.out.stat().st_size} bytes")
    return 0


def build(source: Path, out: Path, zooms=None) -> int:
    """Render `source` into the MBTiles file `out` (replaced whole); returns the tile count."""
    collection = json.loads(Path(source).read_text(encoding="utf-8"))
    meta = collection["kiosk_basemap"]
    bounds = tuple(meta["bounds"])
    zooms = zooms or range(meta["minzoom"], meta["maxzoom"] + 1)
    features = collection["features"]
    rows = []
    labels_meta = area_labels(features)
    for zoom in zooms:
        labels = place_labels(features, zoom)
        columns, tile_rows = mercator.tiles_covering(bounds, zoom)
        for x in columns:
            for y in tile_rows:
                png = encode(render_tile(features, labels, zoom, x, y))
                rows.append((zoom, x, mercator.tms_row(y, zoom), png))
    center = meta.get("center") or [(bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2, zooms[0]]
    metadata = {
        "name": meta["name"],
        "format": "png",
        "type": "baselayer",
        "version": "1",
        "description": collection.get("description", ""),
        "attribution": meta["attribution"],
        "bounds": ",".join(f"{v:.6f}" for v in bounds),
        "center": f"{center[0]:.7f},{center[1]:.7f},{int(center[2])}",
        "minzoom": str(min(zooms)),
        "maxzoom": str(max(zooms)),
        "kiosk_labels": json.dumps(labels_meta, ensure_ascii=False, sort_keys=True, separators=(",", ":")),
    }
    write_mbtiles(out, metadata, rows)
    return len(rows)


# -- drawing ------------------------------------------------------------------------------------


def _ss_pixel(lon: float, lat: float, zoom: int) -> tuple[float, float]:
    x, y = mercator.pixel(lat, lon, zoom)
    return x * SS, y * SS


def render_tile(features, labels, zoom: int, tx: int, ty: int) -> Image.Image:
    """Tile (tx, ty) (XYZ) at `zoom`: parks, then street casings, street fills, labels."""
    size = mercator.TILE * SS
    ox, oy = tx * size, ty * size
    image = Image.new("RGB", (size, size), GROUND)
    draw = ImageDraw.Draw(image)
    level = max(0, min(3, zoom - 14))

    def points(coords):
        return [(px - ox, py - oy) for px, py in (_ss_pixel(lon, lat, zoom) for lon, lat in coords)]

    for feature in features:
        geometry = feature["geometry"]
        colors = AREAS.get(feature["properties"].get("kind"))
        if colors and geometry["type"] == "Polygon":
            for ring in geometry["coordinates"]:
                draw.polygon(points(ring), fill=colors[0], outline=colors[1], width=SS)
    streets = [f for f in features if f["properties"].get("kind") in STYLE]
    streets.sort(key=lambda f: f["properties"]["kind"] == "main")  # main streets on top
    for layer in ("casing", "fill"):
        for feature in streets:
            casing, fill, widths = STYLE[feature["properties"]["kind"]]
            width = widths[level] * SS + (2 * CASING * SS if layer == "casing" else 0)
            _polyline(draw, points(feature["geometry"]["coordinates"]), casing if layer == "casing" else fill, width)
    for label in labels:
        left, top, right, bottom = label.box
        if right > ox and left < ox + size and bottom > oy and top < oy + size:
            image.paste(label.image, (label.x - ox, label.y - oy), label.image)
    return image.resize((mercator.TILE, mercator.TILE), Image.Resampling.BOX)


def _polyline(draw, pts, color, width) -> None:
    draw.line(pts, fill=color, width=round(width), joint="curve")
    radius = width / 2
    for x, y in (pts[0], pts[-1]):  # round ends, so streets meet cleanly
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=color)


LABEL_KINDS = ("area", *AREAS)


def area_labels(features) -> list[dict]:
    """The names of areas, parks and stations with where they stand and the zooms they show at
    (parks and stations from zoom 15), for the kiosk to set as text: `kiosk_labels`."""
    found = []
    for feature in features:
        props = feature["properties"]
        if props.get("kind") not in LABEL_KINDS or not props.get("name"):
            continue
        lon, lat = _anchor(feature["geometry"])
        names = {key[5:]: value for key, value in props.items() if key.startswith("name:") and value}
        found.append({
            "name": props["name"], "names": names, "kind": props["kind"],
            "lat": round(lat, 7), "lon": round(lon, 7),
            "minzoom": props.get("minzoom", 15 if props["kind"] in AREAS else 0), "maxzoom": props.get("maxzoom", 99),
        })
    return found


def place_labels(features, zoom: int) -> list[Label]:
    """Street names along their streets, none overlapping another (area names are not drawn:
    see `area_labels`)."""
    level = max(0, min(3, zoom - 14))
    placed: list[Label] = []
    streets = [f for f in features if f["properties"].get("kind") in STYLE and f["properties"].get("name")]
    streets.sort(key=lambda f: (f["properties"]["kind"] != "main", f["properties"]["name"]))
    for feature in streets:
        props = feature["properties"]
        size = LABEL_PX[props["kind"]][level]
        if not size:
            continue
        flat = _text_image(props["name"], size, INK)
        own: list[tuple[float, float]] = []
        pts = [_ss_pixel(lon, lat, zoom) for lon, lat in feature["geometry"]["coordinates"]]
        for (x1, y1), (x2, y2) in zip(pts, pts[1:]):
            length = math.hypot(x2 - x1, y2 - y1)
            room = length - flat.width - 24 * SS
            if room < 0:
                continue
            count = max(1, int(length // (LABEL_GAP * SS)))
            angle = math.degrees(math.atan2(-(y2 - y1), x2 - x1))
            if angle > 90:
                angle -= 180
            elif angle <= -90:
                angle += 180
            turned = flat.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True)
            for i in range(count):
                t = (i + 0.5) / count
                cx, cy = x1 + (x2 - x1) * t, y1 + (y2 - y1) * t
                if any(math.hypot(cx - ax, cy - ay) < LABEL_GAP * SS for ax, ay in own):
                    continue
                label = Label(turned, round(cx - turned.width / 2), round(cy - turned.height / 2))
                if _try_place(placed, label):
                    own.append((cx, cy))
    return placed


def _anchor(geometry) -> tuple[float, float]:
    if geometry["type"] == "Point":
        return tuple(geometry["coordinates"])
    ring = geometry["coordinates"][0][:-1]
    return sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring)


def _try_place(placed: list[Label], label: Label) -> bool:
    pad = 6 * SS
    l1, t1, r1, b1 = label.box
    for other in placed:
        l2, t2, r2, b2 = other.box
        if l1 < r2 + pad and l2 < r1 + pad and t1 < b2 + pad and t2 < b1 + pad:
            return False
    placed.append(label)
    return True


def _text_image(text: str, px: float, ink) -> Image.Image:
    """`text` in Kiosk Sans at `px` (tile pixels), with a light halo, on a transparent ground."""
    font = ImageFont.truetype(str(FONT), round(px * SS))
    halo = max(2, round(px * SS / 7))
    left, top, right, bottom = font.getbbox(text, stroke_width=halo)
    image = Image.new("RGBA", (right - left + 2, bottom - top + 2), HALO + (0,))
    ImageDraw.Draw(image).text(
        (1 - left, 1 - top), text, font=font, fill=ink + (255,), stroke_width=halo, stroke_fill=HALO + (255,)
    )
    return image


# -- writing --------------------------------------------------------------------------------------


def encode(image: Image.Image) -> bytes:
    """A small palette PNG; deterministic: median cut without dithering, fixed zlib level."""
    paletted = image.quantize(colors=64, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    buffer = BytesIO()
    paletted.save(buffer, format="PNG", optimize=False, compress_level=9)
    return buffer.getvalue()


def write_mbtiles(out: Path, metadata: dict, rows) -> None:
    """Write an MBTiles 1.3 file: the metadata and tiles tables, replacing `out` at once."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(suffix=".mbtiles", dir=out.parent)
    os.close(handle)
    try:
        db = sqlite3.connect(temp)
        db.executescript(
            """
            PRAGMA page_size = 4096;
            CREATE TABLE metadata (name TEXT, value TEXT);
            CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB);
            CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row);
            """
        )
        db.executemany("INSERT INTO metadata VALUES (?, ?)", sorted(metadata.items()))
        db.executemany("INSERT INTO tiles VALUES (?, ?, ?, ?)", sorted(rows))
        db.commit()
        db.execute("VACUUM")
        db.close()
        os.chmod(temp, 0o644)  # mkstemp made it private; a map is for everyone to read
        os.replace(temp, out)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)


if __name__ == "__main__":
    sys.exit(main())
