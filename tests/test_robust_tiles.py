"""Map tiles are checked for their pixel size before anything decodes them: an 8000 x 8000 tile
(tens of kilobytes on disk, 256 MB decoded) is a hole in the map, not a kiosk out of memory."""

from __future__ import annotations

import sqlite3
from io import BytesIO

from PIL import Image

from test_map import plugin_module


def image(size, fmt="PNG", mode="RGB") -> bytes:
    out = BytesIO()
    Image.new(mode, size, 200).save(out, fmt)
    return out.getvalue()


def test_an_oversized_tile_is_refused_before_it_is_decoded(tmp_path, caplog):
    tiles = plugin_module("tiles")
    path = tmp_path / "bomb.mbtiles"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE metadata (name TEXT, value TEXT)")
    db.execute("CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB)")
    big, normal = image((8000, 8000), mode="L"), image((256, 256))
    assert len(big) < 1_000_000  # small on disk
    db.execute("INSERT INTO tiles VALUES (15, 1, 1, ?)", (big,))
    db.execute("INSERT INTO tiles VALUES (15, 2, 1, ?)", (normal,))
    db.commit()
    db.close()
    source = tiles.MBTiles(path)
    y = (2 ** 15 - 1) - 1  # the file stores rows bottom-up
    assert source.tile(15, 1, y) is None
    assert source.tile(15, 2, y) == normal
    assert "refused (8000 x 8000 pixels; a tile has at most 1024 pixels a side)" in caplog.text
    source.close()


def test_tile_sizes_are_read_from_png_and_jpeg_headers():
    tiles = plugin_module("tiles")
    assert tiles.tile_size(image((256, 256))) == (256, 256)
    assert tiles.tile_size(image((512, 300), "JPEG")) == (512, 300)
    assert tiles.tile_size(image((9000, 20), "JPEG")) == (9000, 20)
    assert tiles.tile_size(b"GIF89a....") is None
