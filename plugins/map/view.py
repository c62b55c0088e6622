"""The map widget: the pack's tiles under pins, moved by one finger and zoomed by two.

`TileMap` draws the tiles of the nearest whole zoom level, scaled to any zoom in between, and
keeps the view inside the map's bounds at every step, so no empty area is ever seen. Tiles are
read synchronously and their textures kept in a small LRU cache: the map is whole in the first
frame after it is shown, and it runs no timers of its own. Markers are child widgets placed at
their latitude and longitude with the Web Mercator formulas of `mercator`.
"""

from __future__ import annotations

import logging
import math
from collections import OrderedDict
from io import BytesIO

from kivy.clock import Clock
from kivy.core.image import Image as CoreImage
from kivy.graphics import Color, Ellipse, InstructionGroup, Rectangle, Triangle
from kivy.metrics import dp
from kivy.properties import (
    BooleanProperty, ListProperty, NumericProperty, ObjectProperty, StringProperty,
)
from kivy.uix.stencilview import StencilView
from kivy.uix.widget import Widget

from . import mercator

log = logging.getLogger("kiosk.map")

_TEXTURES: OrderedDict = OrderedDict()
TILE = 256  # a tile's pixels; on screen its edge is 181-362 px (the zoom rounded to a level)


def _texture_limit() -> int:
    """Tiles kept (256 kB each): two windowfuls of 256-px tiles, which is at least one view of
    181-px tiles (a zoom half a level below a tile level: the most tiles a view can need), so a
    view never evicts its own tiles; and panning back finds theirs, without holding 160 tiles
    (40 MB) on any screen (bench/soak)."""
    from kivy.core.window import Window

    across = -(-int(Window.width) // TILE) + 1
    down = -(-int(Window.height) // TILE) + 1
    return max(16, 2 * across * down)
_BROKEN: set = set()


def tile_texture(key, data: bytes, fmt: str):
    """The texture for one tile's bytes, from the LRU cache when it was made before."""
    hit = _TEXTURES.get(key)
    if hit is not None:
        _TEXTURES.move_to_end(key)
        return hit
    if key in _BROKEN:
        return None
    try:
        texture = CoreImage(BytesIO(data), ext=fmt, nocache=True).texture
    except Exception as exc:  # a damaged tile is a hole in the map, not a broken kiosk
        log.warning("map: tile %s cannot be decoded: %s", key, exc)
        _BROKEN.add(key)
        return None
    _TEXTURES[key] = texture
    limit = _texture_limit()
    while len(_TEXTURES) > limit:
        _TEXTURES.popitem(last=False)
    return texture


class MapMarker(Widget):
    """Something standing at a latitude and longitude; `place_at` puts its anchor on a point."""

    lat = NumericProperty(0.0)
    """`lat` is a NumericProperty and defaults to 0: degrees north."""
    lon = NumericProperty(0.0)
    """`lon` is a NumericProperty and defaults to 0: degrees east."""

    def anchor(self) -> tuple[float, float]:
        """The point of the widget that stands on its position (default: its centre)."""
        return self.center

    def place_at(self, x: float, y: float) -> None:
        ax, ay = self.anchor()
        self.pos = (self.x + x - ax, self.y + y - ay)


class Pin(MapMarker):
    """A place's pin: a disc split into the colours of the kinds of offers there, the place's
    number (which the legend lists with its name) in its middle, and a point whose tip stands on
    the place. Its name is written beside it where there is room (`PinName`)."""

    place_id = StringProperty("")
    """`place_id` is a StringProperty and defaults to ''."""
    colors = ListProperty()
    """`colors` is a ListProperty: one rgba per category of the offers there, in pack order."""
    number = StringProperty("")
    """`number` is a StringProperty and defaults to '': the place's number, shown in the disc
    and beside its name in the legend."""
    selected = BooleanProperty(False)
    """`selected` is a BooleanProperty and defaults to False: True while its card is open."""
    radius = NumericProperty(dp(36))
    """`radius` is a NumericProperty: the disc's radius in pixels."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._art = InstructionGroup()
        self.canvas.before.add(self._art)
        self.fbind("pos", self._draw)
        self.fbind("size", self._draw)
        self.fbind("colors", self._draw)
        self.fbind("selected", self._draw)
        self.fbind("radius", self._resize)
        self._resize()

    def _resize(self, *_):
        self.size = (2 * self.radius + dp(8), 2 * self.radius + dp(30))

    def anchor(self) -> tuple[float, float]:
        return self.center_x, self.y

    def disc_center(self) -> tuple[float, float]:
        return self.center_x, self.top - self.radius - dp(4)

    def hit(self, x: float, y: float, margin: float = 0) -> bool:
        """True when (x, y) falls on the disc or the point (plus `margin`)."""
        cx, cy = self.disc_center()
        if math.hypot(x - cx, y - cy) <= self.radius + dp(4) + margin:
            return True
        return abs(x - cx) <= self.radius * 0.5 + margin and self.y - margin <= y <= cy

    def _draw(self, *_):
        art = self._art
        art.clear()
        cx, cy = self.disc_center()
        r = self.radius * (1.12 if self.selected else 1.0)
        ring = r + dp(4)
        art.add(Color(0, 0, 0, 0.22))
        art.add(Ellipse(pos=(cx - ring + dp(2), cy - ring - dp(3)), size=(2 * ring, 2 * ring)))
        art.add(Color(0.12, 0.12, 0.14, 1))
        art.add(Triangle(points=[cx - r * 0.55, cy - r * 0.6, cx + r * 0.55, cy - r * 0.6, cx, self.y]))
        art.add(Color(0.12, 0.12, 0.14, 1) if self.selected else Color(1, 1, 1, 1))
        art.add(Ellipse(pos=(cx - ring, cy - ring), size=(2 * ring, 2 * ring)))
        colors = list(self.colors) or [[0.45, 0.45, 0.48, 1]]
        step = 360.0 / len(colors)
        for index, rgba in enumerate(colors):
            art.add(Color(*rgba))
            art.add(Ellipse(pos=(cx - r, cy - r), size=(2 * r, 2 * r),
                            angle_start=index * step, angle_end=(index + 1) * step))
        inner = r * 0.58
        art.add(Color(1, 1, 1, 1))
        art.add(Ellipse(pos=(cx - inner, cy - inner), size=(2 * inner, 2 * inner)))


class HereMarker(MapMarker):
    """The kiosk's own position: a blue dot with a halo, "you are here" written under it."""

    text = StringProperty("")
    """`text` is a StringProperty and defaults to '': "You are here" in the screen's language."""


class TileMap(StencilView):
    """A slippy map over `source` (an `tiles.MBTiles`), optionally `online` tiles on top.

    The view is `mx`, `my` (the world position at the widget's centre, 0..1, see `mercator`) and
    a continuous `zoom`; `set_view` is the only way to change them, and it keeps the view inside
    `bounds` and between the zoom limits. Events: `on_pin(place_id)` when a pin is tapped,
    `on_tap_empty()` when the map is tapped elsewhere, `on_placed()` when the markers have been
    put where they belong (texts over the map are laid out then).
    """

    __events__ = ("on_pin", "on_tap_empty", "on_placed")

    zoom = NumericProperty(16.0)
    """`zoom` is a NumericProperty and defaults to 16: the (continuous) zoom shown."""
    mx = NumericProperty(0.5)
    """`mx` is a NumericProperty and defaults to 0.5: the world x (0..1) at the centre."""
    my = NumericProperty(0.5)
    """`my` is a NumericProperty and defaults to 0.5: the world y (0..1, down) at the centre."""
    bounds = ListProperty([-180.0, -85.0, 180.0, 85.0])
    """`bounds` is a ListProperty: [west, south, east, north] in degrees; the view stays inside."""
    min_zoom = NumericProperty(0.0)
    max_zoom = NumericProperty(19.0)
    tile_zooms = ListProperty([0, 19])
    """`tile_zooms` is a ListProperty: the lowest and highest zoom level the source holds."""
    source = ObjectProperty(None, allownone=True)
    """`source` is an ObjectProperty: the `tiles.MBTiles` drawn (None: nothing)."""
    online = ObjectProperty(None, allownone=True)
    """`online` is an ObjectProperty: `tiles.OnlineTiles` drawn over `source`, or None."""
    fmt = StringProperty("png")
    """`fmt` is a StringProperty and defaults to 'png': the image format of `source`'s tiles."""
    ground = ListProperty([0.8, 0.8, 0.8, 1])
    """`ground` is a ListProperty: the colour where no tile is (never seen while tiles cover
    the bounds; tests look for it)."""
    missing = NumericProperty(0)
    """`missing` is a NumericProperty: tiles on screen that no source had, at the last drawing."""
    focus = ListProperty([0.0, 0.0])
    """`focus` is a ListProperty and defaults to [0, 0]: where `look_at` puts its point, in
    fractions of the widget's size from its centre (a card covering part of the map moves it)."""

    def __init__(self, **kwargs):
        self._touches: list = []
        self._target = None  # (lat, lon, zoom) kept at `focus` until a finger moves the map
        self._pinch = None
        super().__init__(**kwargs)
        # in `canvas`, not `canvas.before`: inside the stencil (whose rule may be applied after
        # this, when kv builds the widget) and under the markers
        self._ground_color = Color(*self.ground)
        self._ground = Rectangle(pos=self.pos, size=self.size)
        self._tiles = InstructionGroup()
        for index, instruction in enumerate((self._ground_color, self._ground, self._tiles)):
            self.canvas.insert(index, instruction)
        self._trigger = Clock.create_trigger(self._redraw, -1)
        for name in ("pos", "size"):
            self.fbind(name, self._on_geometry)
        for name in ("zoom", "mx", "my", "source", "online"):
            self.fbind(name, self._trigger)

    # -- the view --------------------------------------------------------------------------------

    def look_at(self, lat: float, lon: float, zoom: float | None = None) -> None:
        """Show (lat, lon) at `focus`, and keep it there through changes of size or focus until
        a finger moves the map."""
        self._target = (lat, lon, self.zoom if zoom is None else zoom)
        self._apply_target()

    def set_view(self, mx: float, my: float, zoom: float) -> None:
        """Show world position (mx, my) at the centre at `zoom`, both kept within their limits."""
        zoom = min(max(zoom, self.lowest_zoom()), max(self.max_zoom, self.lowest_zoom()))
        size = mercator.world_size(zoom)
        (x0, y0), (x1, y1) = self._world_bounds()
        half_w, half_h = self.width / 2 / size, self.height / 2 / size
        mx = (x0 + x1) / 2 if x1 - x0 <= 2 * half_w else min(max(mx, x0 + half_w), x1 - half_w)
        my = (y0 + y1) / 2 if y1 - y0 <= 2 * half_h else min(max(my, y0 + half_h), y1 - half_h)
        self.zoom, self.mx, self.my = zoom, mx, my
        self._trigger()

    def lowest_zoom(self) -> float:
        """The smallest zoom at which the bounds still fill the widget (and min_zoom allows)."""
        (x0, y0), (x1, y1) = self._world_bounds()
        if self.width <= 1 or self.height <= 1 or x1 <= x0 or y1 <= y0:
            return self.min_zoom
        fit = math.log2(max(self.width / ((x1 - x0) * mercator.TILE), self.height / ((y1 - y0) * mercator.TILE)))
        return min(max(self.min_zoom, fit), self.max_zoom)

    def zoom_by(self, steps: float) -> None:
        """Zoom in (positive) or out around the centre, as the +/- buttons do."""
        self._target = None
        self.set_view(self.mx, self.my, self.zoom + steps)

    def center_latlon(self) -> tuple[float, float]:
        return mercator.latlon(self.mx, self.my)

    def screen_pos(self, lat: float, lon: float) -> tuple[float, float]:
        """Where (lat, lon) is drawn, in the coordinates of this widget's parent."""
        size = mercator.world_size(self.zoom)
        x, y = mercator.world(lat, lon)
        return self.center_x + (x - self.mx) * size, self.center_y - (y - self.my) * size

    def latlon_at(self, x: float, y: float) -> tuple[float, float]:
        size = mercator.world_size(self.zoom)
        return mercator.latlon(self.mx + (x - self.center_x) / size, self.my - (y - self.center_y) / size)

    def _world_bounds(self):
        west, south, east, north = self.bounds
        return mercator.world(north, west), mercator.world(south, east)

    def _apply_target(self) -> None:
        if self._target is None or self.width <= 1 or self.height <= 1:
            return
        lat, lon, zoom = self._target
        fx, fy = self.focus
        zoom = min(max(zoom, self.lowest_zoom()), self.max_zoom)
        size = mercator.world_size(zoom)
        x, y = mercator.world(lat, lon)
        self.set_view(x - fx * self.width / size, y + fy * self.height / size, zoom)

    def _on_geometry(self, *_):
        self._ground.pos, self._ground.size = self.pos, self.size
        if self._target is not None:
            self._apply_target()
        else:
            self.set_view(self.mx, self.my, self.zoom)

    def on_focus(self, *_):
        self._apply_target()

    def on_ground(self, *_):
        if hasattr(self, "_ground_color"):
            self._ground_color.rgba = self.ground

    # -- drawing ---------------------------------------------------------------------------------

    def add_widget(self, widget, *args, **kwargs):
        super().add_widget(widget, *args, **kwargs)
        self._trigger()  # a new marker is placed with the next drawing

    def redraw_soon(self, *_) -> None:
        """Draw again (and place markers and texts again) before the next frame."""
        self._trigger()

    def _redraw(self, *_):
        self._tiles.clear()
        for child in self.children:
            if isinstance(child, MapMarker):
                child.place_at(*self.screen_pos(child.lat, child.lon))
        self.dispatch("on_placed")
        if self.source is None or self.width <= 1:
            self.missing = 0
            return
        low, high = self.tile_zooms
        level = int(min(max(round(self.zoom), low), high))
        size = mercator.world_size(self.zoom)
        side = size / 2 ** level  # a tile's edge on screen
        ox = round(self.center_x - self.mx * size)  # whole pixels: crisp tiles at whole zooms
        oy = round(self.center_y + self.my * size)
        last = 2 ** level - 1
        columns = range(max(0, math.floor((self.x - ox) / side)), min(last, math.ceil((self.right - ox) / side) - 1) + 1)
        rows = range(max(0, math.floor((oy - self.top) / side)), min(last, math.ceil((oy - self.y) / side) - 1) + 1)
        missing = 0
        self._tiles.add(Color(1, 1, 1, 1))
        for ty in rows:
            for tx in columns:
                texture = self._texture(level, tx, ty)
                if texture is None:
                    missing += 1
                    continue
                self._tiles.add(Rectangle(texture=texture, pos=(ox + tx * side, oy - (ty + 1) * side), size=(side, side)))
        self.missing = missing

    def _texture(self, level: int, tx: int, ty: int):
        if self.online is not None:
            data = self.online.tile(level, tx, ty)
            if data is not None:
                texture = tile_texture(("online", self.online.config.url, level, tx, ty), data, _sniff(data))
                if texture is not None:
                    return texture
        data = self.source.tile(level, tx, ty)
        if data is None:
            return None
        return tile_texture((str(self.source.path), level, tx, ty), data, self.fmt)

    def tile_arrived(self, key) -> None:
        """Called by the online source's worker thread: draw again in the kiosk's thread."""
        Clock.schedule_once(lambda _dt: self._trigger(), 0)

    def on_online(self, _instance, online) -> None:
        if online is not None:
            online.listen(self.tile_arrived)

    # -- touch -----------------------------------------------------------------------------------

    def on_touch_down(self, touch):
        if not self.collide_point(*touch.pos) or len(self._touches) >= 2:
            return False
        touch.grab(self)
        touch.ud[id(self)] = {"start": touch.pos, "moved": False}
        self._touches.append(touch)
        if len(self._touches) == 2:
            self._start_pinch()
            for each in self._touches:
                each.ud[id(self)]["moved"] = True  # a pinch is never a tap
        return True

    def on_touch_move(self, touch):
        if touch.grab_current is not self or touch not in self._touches:
            return False
        state = touch.ud[id(self)]
        if not state["moved"] and math.dist(state["start"], touch.pos) > dp(12):
            state["moved"] = True
        if not state["moved"]:
            return True
        self._target = None
        if self._pinch is not None and len(self._touches) == 2:
            self._move_pinch()
        elif len(self._touches) == 1:
            size = mercator.world_size(self.zoom)
            self.set_view(self.mx - touch.dx / size, self.my + touch.dy / size, self.zoom)
        return True

    def on_touch_up(self, touch):
        if touch.grab_current is not self or touch not in self._touches:
            return False
        touch.ungrab(self)
        self._touches.remove(touch)
        self._pinch = None
        if not touch.ud[id(self)]["moved"] and not self._touches:
            self._tap(*touch.pos)
        return True

    def _start_pinch(self):
        a, b = self._touches
        mid = ((a.x + b.x) / 2, (a.y + b.y) / 2)
        size = mercator.world_size(self.zoom)
        anchor = (self.mx + (mid[0] - self.center_x) / size, self.my - (mid[1] - self.center_y) / size)
        self._pinch = (max(1.0, math.dist(a.pos, b.pos)), self.zoom, anchor)

    def _move_pinch(self):
        a, b = self._touches
        distance, zoom, (ax, ay) = self._pinch
        zoom = zoom + math.log2(max(1.0, math.dist(a.pos, b.pos)) / distance)
        zoom = min(max(zoom, self.lowest_zoom()), self.max_zoom)
        size = mercator.world_size(zoom)
        mid = ((a.x + b.x) / 2, (a.y + b.y) / 2)
        # the point that was under the fingers stays under them
        self.set_view(ax - (mid[0] - self.center_x) / size, ay + (mid[1] - self.center_y) / size, zoom)

    def _tap(self, x, y):
        pins = [c for c in self.children if isinstance(c, Pin)]  # the top-most pin first
        for margin in (0, dp(14)):
            for pin in pins:
                if pin.hit(x, y, margin):
                    self.dispatch("on_pin", pin.place_id)
                    return
        self.dispatch("on_tap_empty")

    def on_pin(self, place_id):
        pass

    def on_tap_empty(self):
        pass

    def on_placed(self):
        pass


def _sniff(data: bytes) -> str:
    return "jpg" if data[:3] == b"\xff\xd8\xff" else "png"
