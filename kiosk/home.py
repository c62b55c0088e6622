"""The home screen: a greeting and the tiles every plugin contributes."""

from __future__ import annotations

from kivy.properties import NumericProperty

from kiosk.screens import KioskScreen
from kiosk.uix import Tile, hex_color, load_kv


class HomeScreen(KioskScreen):
    """Route `home`: tiles from `kiosk_home_tiles`, in plugin order."""

    columns = NumericProperty(2)
    """`columns` is a NumericProperty and defaults to 2 (3 on a landscape screen)."""

    def __init__(self, kiosk=None, **kwargs):
        load_kv(__file__, "home.kv")
        super().__init__(kiosk, **kwargs)

    def show(self, **params):
        kiosk = self.kiosk
        grid = self.ids.tiles
        grid.clear_widgets()
        self.title = ""
        if kiosk.pack is None:
            return
        for tile in kiosk.home_tiles():
            widget = Tile(
                route=tile.route, title=tile.title, subtitle=tile.subtitle, icon=tile.icon,
                count="" if tile.count is None else str(tile.count), color=hex_color(tile.color),
            )
            widget.bind(on_release=lambda w: kiosk.navigate(w.route))
            grid.add_widget(widget)
