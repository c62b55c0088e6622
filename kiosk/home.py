"""The home screen: a greeting and the tiles every plugin contributes."""

from __future__ import annotations

import math

from kivy.clock import Clock
from kivy.metrics import dp
from kivy.properties import NumericProperty

from kiosk.screens import KioskScreen
from kiosk.uix import Tile, hex_color, load_kv

ROW_MIN_DP = 180  # a tile is never lower, whatever its text
ROW_MAX_DP = 330  # nor higher: what is left above the tiles stays with the greeting


def fit_columns(count: int, wide: bool) -> int:
    """Columns for `count` tiles: two on a tall screen (three from seven tiles on), and on a wide
    one as many as make two rows, three to five."""
    if wide:
        return max(1, min(count, 5, max(3, math.ceil(count / 2))))
    return 2 if count <= 6 else 3


class HomeScreen(KioskScreen):
    """Route `home`: tiles from `kiosk_home_tiles`, in plugin order."""

    columns = NumericProperty(2)
    """`columns` is a NumericProperty and defaults to 2: tile columns, from `fit_columns`."""
    row_height = NumericProperty(dp(ROW_MIN_DP))
    """`row_height` is a NumericProperty: the height of every tile row: the tallest tile's need,
    more when there is room (up to ROW_MAX_DP)."""

    def __init__(self, kiosk=None, **kwargs):
        load_kv(__file__, "home.kv")
        super().__init__(kiosk, **kwargs)
        self._relayout = Clock.create_trigger(self._layout_tiles, -1)
        self._shown: tuple = ((), "")  # the tiles on screen and their language
        self.bind(size=self._relayout)
        self.ids.greeting_box.bind(height=self._relayout)

    def show(self, **params):
        kiosk = self.kiosk
        grid = self.ids.tiles
        self.title = ""
        tiles = []
        if kiosk.pack is not None:
            seen = set()
            for tile in kiosk.home_tiles():
                if tile.title.casefold() in seen:
                    continue  # one tile per kind: two "Events" tiles would read as one thing twice
                seen.add(tile.title.casefold())
                tiles.append(tile)
        if (tiles, kiosk.lang) == self._shown and len(grid.children) == len(tiles):
            return  # the same tiles: the ones on screen stay, laid out and drawn (bench/tap)
        self._shown = (tiles, kiosk.lang)
        self.clear(grid)
        for tile in tiles:
            widget = Tile(
                route=tile.route, title=tile.title, subtitle=tile.subtitle, icon=tile.icon,
                count="" if tile.count is None else str(tile.count), color=hex_color(tile.color),
            )
            widget.bind(on_release=lambda w: kiosk.navigate(w.route), need=self._relayout)
            grid.add_widget(widget)
        self._layout_tiles()

    def _layout_tiles(self, *_):
        tiles = list(self.ids.tiles.children)
        wide = self.width > self.height
        self.columns = fit_columns(len(tiles), wide)
        rows = max(1, math.ceil(len(tiles) / self.columns))
        spacing = self.ids.tiles.spacing[1]
        room = self.height - self.ids.greeting_box.height - dp(96) - spacing * (rows - 1)
        need = max([dp(ROW_MIN_DP)] + [t.need for t in tiles])
        self.row_height = max(need, min(dp(ROW_MAX_DP), room / rows))
