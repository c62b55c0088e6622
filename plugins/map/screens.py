"""The map screen: the district, its pins and legend, and the card of the place tapped.

Routes `map` (centred on "you are here") and `map/<place>` (centred on the place, its card open).
The card is a panel inside this screen, leading to the offers there.
"""

from __future__ import annotations

from kivy.metrics import dp
from kivy.properties import BooleanProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.floatlayout import FloatLayout
from kivy.uix.label import Label

from kiosk.api import KButton, KioskScreen, KLabel, NotFound, hex_color, load_kv, scroll_to_top

from . import tiles
from .layout import Placer, box_of, shift_inside
from .view import HereMarker, Pin

HERE_COLOR = [0.1, 0.45, 0.85, 1]


class MapButton(ButtonBehavior, FloatLayout):
    """A round button with one icon, floating over the map."""

    icon = StringProperty("info")
    """`icon` is a StringProperty and defaults to 'info'."""


class Panel(BoxLayout):
    """A white panel over the map; touches on it never reach the map below (unless it is
    hidden: opacity 0)."""

    def _covers(self, touch) -> bool:
        return self.opacity > 0 and self.collide_point(*touch.pos)

    def on_touch_down(self, touch):
        if not self._covers(touch):
            return False
        super().on_touch_down(touch)
        return True

    def on_touch_move(self, touch):
        return super().on_touch_move(touch) or self._covers(touch)

    def on_touch_up(self, touch):
        return super().on_touch_up(touch) or self._covers(touch)


class ScaleBar(BoxLayout):
    """A north arrow and a scale bar of a round length (50 m, 100 m, 200 m ...) for the zoom shown.
    The map is never rotated: north is always up."""

    zoom = NumericProperty(16.0)
    """`zoom` is a NumericProperty: the map's zoom, bound in the kv."""
    lat = NumericProperty(51.34)
    """`lat` is a NumericProperty: the latitude the scale is measured at (the map's centre)."""
    bar = NumericProperty(100)
    """`bar` is a NumericProperty: the bar's length in pixels."""
    label = StringProperty("")
    """`label` is a StringProperty: the length the bar stands for, e.g. "200 m"."""

    def on_zoom(self, *_):
        self._measure()

    def on_lat(self, *_):
        self._measure()

    def _measure(self):
        from kivy.metrics import dp

        from .mercator import meters_per_pixel

        per_px = meters_per_pixel(self.lat, self.zoom)
        longest = dp(220) * per_px
        meters = next((m for m in reversed((10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000)) if m <= longest), 10)
        self.bar = meters / per_px
        self.label = f"{meters // 1000} km" if meters >= 1000 else f"{meters} m"


class PlaceCard(Panel):
    """The card of one place: its name, address and a button per current offer there."""

    max_height = NumericProperty(0)
    """`max_height` is a NumericProperty: the card never grows taller (its offers scroll)."""


class MapText(Label):
    """A text of one line over the map; the screen puts it inside the view, clear of panels and
    markers, or hides it (opacity 0) where there is no room."""

    lang = StringProperty("")
    """`lang` is a StringProperty: the language of the text ('' = the screen's), for its direction."""

    def box(self):
        return box_of(self.x, self.y, self.width, self.height)

    def show_at(self, box) -> None:
        if box is None:
            self.opacity = 0
            return
        self.pos = box[0], box[1]
        self.opacity = 1


class AreaLabel(MapText):
    """The name of an area, park or station: `entry`, a `content.MapLabel`."""

    entry = ObjectProperty(None)
    kind = StringProperty("area")
    """`kind` is a StringProperty: the entry's kind (area, park, station), for the kv."""

    @property
    def lat(self) -> float:
        return self.entry.lat

    @property
    def lon(self) -> float:
        return self.entry.lon


class PinName(MapText):
    """The name of a pin's place, beside the pin."""

    place_id = StringProperty("")
    selected = BooleanProperty(False)
    """`selected` is a BooleanProperty: drawn dark, like its pin, while its card is open."""


class LegendRow(BoxLayout):
    """One line of the legend: a coloured disc with an icon (or the "you are here" dot, or a
    place's number as on its pin), and what it means."""

    dot = BooleanProperty(False)
    """`dot` is a BooleanProperty and defaults to False: draw the "you are here" dot instead."""
    number = StringProperty("")
    """`number` is a StringProperty and defaults to '': a place's number instead of an icon."""
    icon = StringProperty("info")
    color = StringProperty("#455a64")
    text = StringProperty("")
    lang = StringProperty("")


class MapScreen(KioskScreen):
    """Routes `map` and `map/<place>`."""

    card_open = BooleanProperty(False)
    """`card_open` is a BooleanProperty and defaults to False: a place's card is shown."""
    landscape = BooleanProperty(False)
    """`landscape` is a BooleanProperty: the map is wider than tall (the card then stands at
    the side instead of the bottom)."""
    attribution = StringProperty("")
    """`attribution` is a StringProperty: who drew the map, in the screen's language."""
    attribution_lang = StringProperty("")
    place_title = StringProperty("")
    place_title_lang = StringProperty("")
    place_address = StringProperty("")
    offers_heading = StringProperty("")
    scale_lat = NumericProperty(51.34)
    """`scale_lat` is a NumericProperty: the latitude the scale bar is measured at (the map's)."""

    def __init__(self, kiosk=None, **kwargs):
        load_kv(__file__, "map.kv")
        super().__init__(kiosk, **kwargs)
        self._info = None  # the pack's MapInfo the map was set up for
        self._placed = False  # the view has been set for this visitor
        self.place_id = None  # the place whose card is open
        self.ids.map.bind(
            on_pin=lambda _map, place_id: self.open_card(place_id),
            on_tap_empty=lambda _map: self.close_card(),
            on_placed=lambda _map: self.lay_out_texts(),
        )
        # a panel that moves, grows or shows lays the texts out again
        for panel in (self.ids.legend, self.ids.controls, self.ids.scale, self.ids.card):
            for name in ("pos", "size", "opacity"):
                panel.fbind(name, self.ids.map.redraw_soon)

    @property
    def map(self):
        return self.ids.map

    # -- filling -----------------------------------------------------------------------------------

    def show(self, place=None, **_):
        kiosk = self.kiosk
        pack = kiosk.pack
        info = pack.section("map") if pack else None
        if info is None:
            raise NotFound("this content pack has no map")
        bounds = getattr(info, "bounds", None)
        if bounds:
            self.scale_lat = (bounds[1] + bounds[3]) / 2
        target = None
        if place is not None:
            target = pack.places.get(place)
            if target is None or target.approximate or not info.contains(target.lat, target.lon):
                raise NotFound(f"no place {place!r} on the map")
        arriving = not (self.manager and self.manager.current == self.name)  # else a refresh
        if info is not self._info:
            self._set_up(info)
        self.map.online = tiles.online()
        self.title = self.t("map.title")
        self.attribution, self.attribution_lang = kiosk.text(info.attribution)
        self._fill(pack, info, target)
        if target is not None and (arriving or not self._placed):
            self.open_card(target.id, zoom=info.zoom)
        elif not self._placed:
            self.back_to_here()
        elif self.place_id is not None:
            self.open_card(self.place_id, zoom=self.map.zoom, move=False)
        self._placed = True

    def _set_up(self, info) -> None:
        view = self.map
        view.source = tiles.mbtiles(info.tiles)
        view.fmt = info.format
        view.bounds = list(info.bounds)
        view.tile_zooms = list(info.tile_zooms)
        view.min_zoom, view.max_zoom = info.min_zoom, info.max_zoom
        self._info = info
        self._placed = False
        self.place_id = None

    def _fill(self, pack, info, target) -> None:
        """Pins for the places where something is on now (offers, events: every kind of item
        with a place), and the place asked for; the legend."""
        kiosk = self.kiosk
        view = self.map
        view.clear_widgets()
        offers_at: dict[str, list] = {}
        for item in kiosk.current_items():
            if getattr(item, "place", None):
                offers_at.setdefault(item.place, []).append(item)
        if target is not None:
            offers_at.setdefault(target.id, [])
        rank = {c.id: i for i, c in enumerate(pack.categories)}
        shown: set[str] = set()
        left_out = False
        places = []
        for place_id, offers in offers_at.items():
            place = pack.places.get(place_id)
            if place is None:
                continue
            if place.approximate or not info.contains(place.lat, place.lon):
                left_out = True  # an estimate would send people to the wrong door
                continue
            categories = sorted({o.category for o in offers if getattr(o, "category", None)},
                                key=lambda c: rank.get(c, len(rank)))
            shown.update(categories)
            places.append((place, categories))
        here = pack.places.get(pack.location)
        has_here = here is not None and not here.approximate and info.contains(here.lat, here.lon)
        # numbered from the nearest: 1 is where the visitor stands or the place closest to it
        origin = (here.lat, here.lon) if has_here else ((info.bounds[1] + info.bounds[3]) / 2, (info.bounds[0] + info.bounds[2]) / 2)
        places.sort(key=lambda p: (_distance(origin, (p[0].lat, p[0].lon)), kiosk.text(p[0].title)[0].casefold()))
        numbered = [(str(n), place, categories) for n, (place, categories) in enumerate(places, 1)]
        for label in info.labels:
            name, lang = label.name_in(kiosk.lang)
            view.add_widget(AreaLabel(text=name, lang=lang or pack.default_language, entry=label, opacity=0))
        for number, place, categories in sorted(numbered, key=lambda p: -p[1].lat):  # southern pins in front
            colors = [hex_color(pack.category(c).color) for c in categories if pack.category(c)]
            view.add_widget(Pin(place_id=place.id, lat=place.lat, lon=place.lon, colors=colors,
                                number=number, selected=place.id == self.place_id))
        if has_here:
            view.add_widget(HereMarker(lat=here.lat, lon=here.lon, text=self.t("map.you_are_here")), index=len(view.children) - len(info.labels))
        for number, place, _categories in numbered:  # names over every pin
            title, lang = kiosk.text(place.title)
            view.add_widget(PinName(text=title, lang=lang, place_id=place.id, opacity=0,
                                    selected=place.id == self.place_id))
        legend = self.ids.legend
        legend.clear_widgets()
        if has_here:
            legend.add_widget(LegendRow(dot=True, color="#1a73d9", text=self.t("map.you_are_here")))
        for category in pack.categories:
            if category.id in shown:
                title, lang = kiosk.text(category.title)
                legend.add_widget(LegendRow(icon=category.icon, color=category.color, text=title, lang=lang))
        for number, place, _categories in numbered:
            title, lang = kiosk.text(place.title)
            legend.add_widget(LegendRow(number=number, color="#1d1d20", text=title, lang=lang))
        if left_out:
            legend.add_widget(KLabel(text=self.t("map.legend_approximate"), font_size="21sp", color=(0.55, 0.3, 0.0, 1)))

    # -- the texts over the map --------------------------------------------------------------------

    def lay_out_texts(self) -> None:
        """Put each pin's name beside its pin and each area's name on its area, inside the view
        and clear of the legend, the buttons, the scale, the card, the markers and each other;
        a name with no room is hidden (a pin keeps its number, which the legend lists)."""
        view = self.map
        if view.width <= 1 or view.height <= 1:
            return
        inset = dp(10)
        placer = Placer((view.x + inset, view.y + inset, view.right - inset, view.top - inset), pad=dp(6))
        for panel in (self.ids.legend, self.ids.controls, self.ids.scale, self.ids.card):
            if panel.opacity > 0 and panel.width > 0 and panel.height > 0:
                placer.block(box_of(panel.x, panel.y, panel.width, panel.height))
        pins, names, areas = [], {}, []
        for child in view.children:
            if isinstance(child, Pin):
                pins.append(child)
                placer.block(box_of(child.x, child.y, child.width, child.height))
            elif isinstance(child, HereMarker):
                for part in (child, *child.children):
                    placer.block(box_of(part.x, part.y, part.width, part.height))
            elif isinstance(child, PinName):
                names[child.place_id] = child
            elif isinstance(child, AreaLabel):
                areas.append(child)
        gap = dp(10)  # more than the placer's pad
        pins.sort(key=lambda p: (not p.selected, int(p.number or 0)))
        for pin in pins:
            name = names.get(pin.place_id)
            if name is None:
                continue
            if name.texture is None:
                name.texture_update()  # measured once: a pan lays the texts out at every frame
            width, height = name.size
            cx, cy = pin.disc_center()
            # beside the disc, else above it, else under the tip: just clear of its own pin
            right = box_of(pin.right + gap, cy - height / 2, width, height)
            left = box_of(pin.x - gap - width, cy - height / 2, width, height)
            above = box_of(cx - width / 2, pin.top + gap, width, height)
            below = box_of(cx - width / 2, pin.y - gap - height, width, height)
            sides = (left, right) if self.kiosk.rtl else (right, left)
            name.show_at(placer.take((*sides, above, below)))
        zoom = view.zoom
        lowest = {"area": 0, "park": 1, "station": 1}
        for label in sorted(areas, key=lambda a: lowest.get(a.kind, 2)):
            if not label.entry.shows_at(zoom):
                label.opacity = 0
                continue
            if label.texture is None:
                label.texture_update()
            width, height = label.size
            x, y = view.screen_pos(label.lat, label.lon)
            if not (view.x <= x <= view.right and view.y <= y <= view.top):
                label.opacity = 0  # its place is off the screen
                continue
            middle = box_of(x - width / 2, y - height / 2, width, height)
            step = height + dp(10)
            candidates = [shift_inside((b[0], b[1] + dy, b[2], b[3] + dy), placer.view)
                          for b in (middle,) for dy in (0, step, -step, 2 * step, -2 * step)]
            label.show_at(placer.take(candidates))

    # -- the card ------------------------------------------------------------------------------------

    def open_card(self, place_id: str, zoom: float | None = None, move: bool = True) -> None:
        """Open the card of `place_id` and bring its pin into the part of the map left free."""
        kiosk = self.kiosk
        pack = kiosk.pack
        place = pack.places.get(place_id)
        if place is None:
            self.close_card()
            return
        self.place_id = place_id
        self.place_title, self.place_title_lang = kiosk.text(place.title)
        self.place_address = ", ".join(place.address.lines())
        offers = [o for o in kiosk.current_items() if getattr(o, "place", None) == place_id and kiosk.route_of(o)]
        offers.sort(key=lambda o: kiosk.text(o.title)[0].casefold())
        self.offers_heading = self.t("map.offers_here") if offers else self.t("map.no_offers_here")
        box = self.ids.card_offers
        box.clear_widgets()
        for offer in offers:
            category = pack.category(getattr(offer, "category", None) or "")
            title, _lang = kiosk.text(offer.title)
            button = KButton(
                text=title, icon=category.icon if category else "info", font_size="26sp", height="84dp",
                color=hex_color(category.color if category else "#455a64"),
            )
            button.bind(on_release=lambda _b, route=kiosk.route_of(offer): kiosk.navigate(route))
            box.add_widget(button)
        scroll_to_top(self.ids.card_scroll)
        for pin in self.pins() + self.pin_names():
            pin.selected = pin.place_id == place_id
        self.card_open = True
        if move:
            self.map.look_at(place.lat, place.lon, zoom)

    def close_card(self) -> None:
        self.card_open = False
        self.place_id = None
        self.ids.card_offers.clear_widgets()
        for pin in self.pins() + self.pin_names():
            pin.selected = False

    def back_to_here(self) -> None:
        """The "you are here" button: the card closes, the map shows the kiosk at the start zoom."""
        self.close_card()
        pack = self.kiosk.pack
        info = pack.section("map") if pack else None
        if info is None:
            return
        here = pack.places.get(pack.location)
        if here is not None and info.contains(here.lat, here.lon):
            self.map.look_at(here.lat, here.lon, info.zoom)
        else:
            west, south, east, north = info.bounds
            self.map.look_at((south + north) / 2, (west + east) / 2, info.zoom)

    def pins(self) -> list[Pin]:
        return [c for c in self.map.children if isinstance(c, Pin)]

    def pin_names(self) -> list[PinName]:
        return [c for c in self.map.children if isinstance(c, PinName)]

    def reset(self):
        super().reset()
        self._placed = False
        self.close_card()
        if self._info is not None and self.kiosk.pack is not None and self.kiosk.pack.section("map") is self._info:
            self.back_to_here()


def _distance(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Roughly proportional to the distance on the ground, for ordering places nearby."""
    import math

    return math.hypot(a[0] - b[0], (a[1] - b[1]) * math.cos(math.radians(a[0])))
