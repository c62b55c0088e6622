"""The Kivy application: the session state (language, pack, route) and navigation.

Kept thin on purpose: plugins build the screens, the host contains their failures, the loader
owns content; this class only connects them to the window.
"""

from __future__ import annotations

import logging
import operator

from kivy.app import App
from kivy.core.window import Window
from kivy.properties import AliasProperty, BooleanProperty, ListProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.floatlayout import FloatLayout

from kiosk import dates, languages
from kiosk.boot import settle_heap
from kiosk.errors import KioskError, NotFound
from kiosk.home import HomeScreen
from kiosk.logbook import Logbook
from kiosk.parts import Action, Code, Tile, Use, fitting_codes
from kiosk.rehearse import Said, chrome_labels, rehearsal
from kiosk.uix import GROUND, load_kv

log = logging.getLogger("kiosk.app")

HOME = "home"


class Shell(FloatLayout):
    """The window's content (layout in kiosk.kv): the frame with the header and the screen
    manager, and above it `ids.overlay`, where notices and the admin panel open."""


class KioskApp(App):
    """The running kiosk. Screens bind to its properties; plugins reach it as `kiosk` and may
    use only what `kiosk.api.Kiosk` describes."""

    lang = StringProperty("de")
    """`lang` is a StringProperty: the language code the whole screen is shown in. It has one
    owner: `_use_language`, through which every change goes (a visitor's choice, a reset, a new
    pack), and which tells the plugins (`kiosk_language_changed`)."""

    def _get_rtl(self) -> bool:
        return languages.is_rtl(self.lang)

    rtl = AliasProperty(_get_rtl, None, bind=["lang"], cache=True)
    """`rtl` is a read-only AliasProperty: True while `lang` is written right to left."""
    pack = ObjectProperty(None, allownone=True, comparator=operator.is_)
    """`pack` is an ObjectProperty: the content pack shown, or None. A reloaded pack replaces the
    old one even when it is equal to it (packs compare by value; the kiosk wants the new one)."""
    route = StringProperty(HOME)
    """`route` is a StringProperty: the route of the screen shown."""
    can_go_back = BooleanProperty(False)
    header_title = StringProperty("")
    offered_languages = ListProperty()
    """`offered_languages` is a ListProperty: the codes a visitor can switch to."""
    has_languages = BooleanProperty(False)
    admin_lang = StringProperty("de")
    """`admin_lang` is a StringProperty: the language of the admin screens (de or en)."""
    chrome = BooleanProperty(True)
    """`chrome` is a BooleanProperty: False while a full-screen route (the attract loop) hides the
    header."""
    reach_top = NumericProperty(0)
    """`reach_top` is a NumericProperty: pixels from the window's bottom up to the highest point a
    visitor's hand reaches (kiosk/reach.py, from kiosk.yaml's `screen.stele`). Every screen puts
    its navigation and main actions below it."""
    nav_bottom = BooleanProperty(True)
    """`nav_bottom` is a BooleanProperty: True when the top of the screen is out of reach, so the
    navigation (home, back, language) sits at the bottom; False on a desk, where all is within reach."""
    wide = BooleanProperty(False)
    """`wide` is a BooleanProperty: True on a landscape window, whose screens use two columns."""

    def __init__(self, settings, host, catalog, pack, clock, rtl_supported=True, state_dir=None,
                 start_warnings=0, **kwargs):
        super().__init__(**kwargs)
        self.settings = settings
        self.host = host
        self.catalog = catalog
        self.said = Said(catalog, self.home_tiles)  # how each text handed out came to be (kiosk/rehearse.py)
        self.clock = clock
        self.rtl_supported = rtl_supported
        self.state_dir = state_dir
        self.start_warnings = start_warnings  # warnings of the pack's check at start
        self.history: list[str] = []
        self._visiting = False  # between a visitor's first touch and the reset after them
        self._screens: dict[str, object] = {}
        self.logbook = Logbook.attach()
        self.watcher = None  # ContentWatcher, once built
        self.heap = None  # QuietCollector, once built
        self.idle = None  # IdleWatch, once built
        self.admin = None
        self._started = 0.0
        host.listeners.append(self._plugin_switched_off)
        self.set_pack(pack)

    # -- kivy ----------------------------------------------------------------------------------------

    def build(self):
        from kivy.clock import Clock

        from kiosk import paths
        from kiosk.admin import Admin
        from kiosk.guard import Guard
        from kiosk.heap import QuietCollector
        from kiosk.idle import IdleWatch
        from kiosk.reload import ContentWatcher

        self.title = "Kiosk"
        load_kv(__file__, "kiosk.kv")
        Window.clearcolor = GROUND  # the ground of every screen, drawn by clearing the window
        self.guard = Guard(self.host).install()
        self.host.routes.registry("shell").add(HOME, HomeScreen)
        Window.bind(on_request_close=lambda *a, **k: True)  # no closing from outside
        self.root = Shell()
        self.has_languages = self.has_route("languages")
        self._started = Clock.get_time()
        self.idle = IdleWatch(Window, timeout=self.settings.idle_timeout)
        self.idle.bind(on_warning=self._still_there, on_idle=self._visitor_gone, on_active=self._visitor_back)
        Window.bind(on_touch_down=self._visit_starts)
        self.admin = Admin(self, Window, paths.pin_file(self.settings, self.state_dir))
        Window.bind(size=self._measure_reach)
        self._measure_reach(Window, Window.size)
        self.watcher = ContentWatcher(self, self.apply_content)
        self.heap = QuietCollector(Window, Clock)  # full garbage collections off the tap's path
        return self.root

    def _measure_reach(self, _window, size) -> None:
        from kiosk.reach import reach_top

        width, height = size
        screen = self.settings.screen
        self.reach_top = reach_top(screen.diagonal_in, screen.bottom_cm, width, height)
        self.nav_bottom = self.reach_top < height - 1
        self.wide = width > height

    def load_kv(self, filename=None):
        return False  # kiosk.kv is loaded once, in build(), not by Kivy's name-based guess

    def on_start(self):
        self.navigate(HOME)
        settle_heap()

    def open_settings(self, *args):
        return False  # F1 opens nothing on a public screen

    # -- strings and languages ----------------------------------------------------------------------

    def t(self, key: str, *_bind, **values) -> str:
        """Interface string `key` in the screen's language (kv passes app.lang to re-bind)."""
        shown = self.catalog.t(key, self.lang, **values)
        self.said.note(shown, ("t", key, values))
        return shown

    def t_in(self, lang: str, key: str, *_bind, **values) -> str:
        """Interface string `key` in language `lang` (the attract loop shows several at once)."""
        return self.catalog.t(key, lang, **values)

    def format_time(self, moment) -> str:
        """A clock time (a datetime, or minutes since midnight) as the screen's language writes it."""
        return dates.time(self.catalog, self.lang, moment)

    def format_date(self, day) -> str:
        """A date with its weekday, as the screen's language writes it."""
        return dates.date(self.catalog, self.lang, day)

    def weekday_name(self, index: int) -> str:
        """The name of weekday `index` (0 is Monday) in the screen's language."""
        shown = dates.weekday(self.catalog, self.lang, index)
        self.said.note(shown, ("weekday", index))
        return shown

    def t_admin(self, key: str, *_bind, **values) -> str:
        """Interface string `key` of the admin screens, in `admin_lang`."""
        return self.catalog.t(key, self.admin_lang, **values)

    def is_rtl(self, code: str) -> bool:
        return languages.is_rtl(code)

    def text_direction(self, text: str, code: str) -> str:
        return languages.text_direction(text, code)

    def gutter(self, size: float, bottom: float = 0, *_bind) -> tuple:
        """Padding that keeps a scrolled body clear of its bar, which is on the left in RTL."""
        return (size, 0, 0, bottom) if self.rtl else (0, 0, size, bottom)

    def language_name(self, code: str, *_bind) -> str:
        return languages.language(code).native

    def pack_text(self, text, *_bind) -> str:
        return self.text(text)[0]

    def text(self, text) -> tuple[str, str]:
        """A content text in the screen's language, else the pack's default, else English:
        (text, language used)."""
        if text is None:
            return "", self.lang
        default = self.pack.default_language if self.pack else "de"
        found = text.pick(self.lang, (default, "en"))
        self.said.note(found[0], ("text", text))
        return found

    def prepare_languages(self) -> None:
        """The visitor is choosing a language: measure the texts of the screen `back()` returns
        to as they would read in every other offered language, in frames when nothing is drawn
        (kiosk/rehearse.py), so the switch finds them measured."""
        if not self.history or self.heap is None:
            return
        try:
            spec, params = self.host.routes.resolve(self.history[-1])
        except NotFound:
            return
        screen = self._screens.get(spec.pattern)
        if screen is None or not screen.shown or screen.params != params:
            return
        route, lang = self.route, self.lang
        self.said.fresh()

        def still() -> bool:
            return self.route == route and self.lang == lang

        ids = self.root.ids
        title = ids.band_title if self.nav_bottom else ids.inline_title
        # the header, the navigation and the screen's tools; the title will be the screen's
        chrome = [(w, screen.title if w.uid == title.uid else w.given) for w in chrome_labels(self.root, self.screens)]
        others = [code for code in self.offered_languages if code != lang]
        self.heap.errand(rehearsal(self, screen, others, still, also=chrome))

    def set_language(self, code: str) -> None:
        """A visitor chose language `code`: every screen follows."""
        if code not in self.offered_languages:
            log.warning("language %r is not offered here", code)
            return
        if self._use_language(code):
            self.record_use("language", code)
            self.refresh()

    def _use_language(self, code: str) -> bool:
        """The one place the language changes; True when it did."""
        if code == self.lang:
            return False
        self.lang = code
        self.host.call("kiosk_language_changed", lang=code)
        return True

    def set_pack(self, pack) -> None:
        """Show `pack` from now on, whole; the visitor stays where they are if it still exists."""
        changed = self.pack is not None and pack is not self.pack
        if changed:
            self.said.forget()  # it holds texts of the old pack: they go with it
        self.pack = pack
        offered = list(pack.languages) if pack else ["de"]
        if not self.rtl_supported:
            offered = [c for c in offered if not languages.is_rtl(c)] or ["de"]
        self.offered_languages = offered
        if pack is not None:
            self.clock.zone = _zone(pack.timezone)  # times shown and encoded are the pack's
        if not changed or self.lang not in offered:
            self._use_language(self.default_language())
        self.admin_lang = "de" if self.default_language() == "de" else "en"
        if changed:
            self.host.call("kiosk_content_changed", pack=pack)
            if self.root:
                self.refresh()
            settle_heap()  # the old pack goes, the new one stays

    def default_language(self) -> str:
        """The language after each reset: kiosk.yaml's, if the pack offers it, else the pack's."""
        offered = self.offered_languages or ["de"]
        return self.settings.language if self.settings.language in offered else offered[0]

    def reset_session(self) -> None:
        """Forget the last visitor: default language, home, filters and scroll positions cleared,
        notices and panels closed."""
        self.close_overlays()
        for screen in self._screens.values():
            screen.reset()
        self.host.call("kiosk_reset")
        if self._visiting:
            self._visiting = False
            self.record_use("visit_end")
        self.history.clear()
        if self.pack is not None:
            self._use_language(self.default_language())
        self.navigate(HOME, remember=False)
        settle_heap()

    def _visit_starts(self, _window, _touch) -> None:
        """The first touch after a reset starts a visit (observed, never consumed)."""
        if not self._visiting:
            self._visiting = True
            self.record_use("visit_start")

    def record_use(self, what: str, subject: str = "") -> None:
        """Tell the plugins that count (`kiosk_used`) what a visitor did; never who."""
        self.host.call("kiosk_used", use=Use(what, subject, self.lang), kiosk=self)

    # -- the visitor comes and goes ------------------------------------------------------------------

    def _still_there(self, _idle, seconds_left: float) -> None:
        from kiosk.overlays import StillThere

        notice = next((w for w in self.overlays() if isinstance(w, StillThere)), None)
        if notice is None:
            notice = StillThere(self)
            self.open_overlay(notice)
        notice.seconds = max(1, int(seconds_left + 0.999))

    def _visitor_back(self, _idle) -> None:
        from kiosk.overlays import StillThere

        for widget in self.overlays():
            if isinstance(widget, StillThere):
                self.close_overlay(widget)

    def _visitor_gone(self, _idle) -> None:
        log.info("no touch for %s s: reset for the next visitor", self.settings.idle_timeout)
        self.reset_session()
        if self.has_route("attract"):
            self.navigate("attract", remember=False)

    # -- overlays --------------------------------------------------------------------------------------

    def overlays(self) -> list:
        return list(self.root.ids.overlay.children) if self.root else []

    def open_overlay(self, widget) -> None:
        self.root.ids.overlay.add_widget(widget)

    def close_overlay(self, widget) -> None:
        if widget.parent is not None:
            widget.parent.remove_widget(widget)

    def close_overlays(self) -> None:
        for widget in self.overlays():
            self.close_overlay(widget)

    # -- administration ------------------------------------------------------------------------------

    def uptime(self) -> float:
        from kivy.clock import Clock

        return Clock.get_time() - self._started

    def reload_content(self, reason: str, pack=None) -> bool:
        """Check content and settings again now (in the background); see `apply_content`."""
        return self.watcher.reload(reason, pack=pack)

    def apply_content(self, outcome) -> None:
        """Take checked content and settings: valid ones replace the old at once and whole;
        broken ones change nothing on screen (the log and the admin panel say what is wrong)."""
        if not outcome.ok:
            self._refresh_admin()
            return
        old, new = self.settings, outcome.settings
        self.settings = new
        self.host.settings = new
        for name in sorted(set(old.plugins_blocked) ^ set(new.plugins_blocked)):
            if name in self.host.plugins:
                self.switch_plugin(name, name not in new.plugins_blocked)
        if self.idle is not None:
            self.idle.timeout = new.idle_timeout
        log.info("content %s loaded (%s)", outcome.pack.path, outcome.reason)
        self.set_pack(outcome.pack)
        self._refresh_admin()

    def switch_plugin(self, name: str, on: bool) -> None:
        kinds = self.host.content_kinds()
        try:
            info = self.host.set_blocked(name, not on)
        except KioskError as exc:
            log.error("cannot switch plugin %r %s: %s", name, "on" if on else "off", exc)
            return
        log.info("plugin %r switched %s: %s", name, "on" if on else "off", info.state)
        if on:
            from kiosk import watchdog

            watchdog.forgive(self.state_dir, name)  # it froze the kiosk once; it may start with it again
        if self.host.content_kinds() != kinds and self.watcher is not None:
            # the pack is read with the kinds the plugins declare: read it again with the new ones
            self.reload_content(f"plugin {name!r} switched {'on' if on else 'off'}")
        self.has_languages = self.has_route("languages")
        if self.root and self.route == HOME:
            self.refresh()

    def _refresh_admin(self) -> None:
        panel = self.admin.panel if self.admin else None
        if panel is not None and panel.parent is not None:
            panel.fill()

    # -- content and plugins -------------------------------------------------------------------------

    def now(self):
        return self.clock.now()

    def home_tiles(self, lang: str | None = None) -> list[Tile]:
        """Every plugin's tiles for the home screen, in the screen's language or in `lang`."""
        if lang is None:
            lang, t = self.lang, self.t
        else:
            def t(key, *_bind, **values):
                return self.catalog.t(key, lang, **values)
        tiles = []
        for result in self.host.call("kiosk_home_tiles", pack=self.pack, now=self.now(), lang=lang, t=t):
            tiles.extend(t for t in result if isinstance(t, Tile) and self.has_route(t.route))
        if lang == self.lang:
            for tile in tiles:  # plugins pick their texts themselves: noted here (kiosk/rehearse.py)
                self.said.note(tile.title, ("tile", tile.route, "title"))
                self.said.note(tile.subtitle, ("tile", tile.route, "subtitle"))
        return tiles

    def current_items(self, kind: str | None = None) -> list:
        """The items a visitor should see now: of one kind, or of every kind plugins read."""
        if self.pack is None:
            return []
        now = self.now()
        names = [kind] if kind else [k.name for k in self.host.content_kinds() if k.file]
        return [item for name in names for item in self.pack.items(name).values() if item.is_current(now)]

    def route_of(self, item) -> str | None:
        """The route of `item`'s detail screen, if a plugin serves one."""
        if self.pack is None:
            return None
        for kind in self.host.content_kinds():
            if kind.detail and kind.file and self.pack.items(kind.name).get(item.id) is item:
                route = kind.detail.replace("<id>", item.id)
                return route if self.has_route(route) else None
        return None

    def item_codes(self, item) -> list[Code]:
        """Every plugin's QR codes for `item`, most useful first."""
        return fitting_codes(self.host.call("kiosk_item_codes", item=item, pack=self.pack), item)

    def item_actions(self, item) -> list[Action]:
        """The buttons other plugins offer for `item` (e.g. "show on map"), for routes served."""
        found = self.host.call("kiosk_item_actions", item=item, pack=self.pack, t=self.t)
        return [a for result in found for a in result if isinstance(a, Action) and self.has_route(a.route)]

    def item_widgets(self, item) -> list:
        """What other plugins add to `item`'s detail screen (the QR codes, for one)."""
        found = self.host.call("kiosk_item_widgets", item=item, pack=self.pack, kiosk=self)
        return [w for result in found for w in result]

    def screen_widgets(self, screen) -> list:
        """What plugins add to every screen's action bar (a speaker button, for one)."""
        found = self.host.call("kiosk_screen_widgets", screen=screen, kiosk=self)
        return [w for result in found for w in result]

    def admin_widgets(self) -> list:
        """The sections plugins add to the admin panel."""
        return [w for result in self.host.call("kiosk_admin_widgets", kiosk=self) for w in result]

    def has_route(self, route: str) -> bool:
        try:
            self.host.routes.resolve(route)
        except NotFound:
            return False
        return True

    # -- navigation ------------------------------------------------------------------------------------

    @property
    def screens(self):
        return self.root.ids.screens

    def navigate(self, route: str, remember: bool = True) -> bool:
        """Show `route`; an unknown route or id goes home and is logged. True when shown."""
        try:
            spec, params = self.host.routes.resolve(route)
        except NotFound as exc:
            log.warning("%s: going home", exc)
            if route != HOME:
                self.navigate(HOME, remember=False)
            return False
        try:
            screen = self._screen(spec)
            screen.again = screen.shown and screen.params == params
            screen.params = params
            screen.drop_later()
            screen.show(**params)
            screen.shown = True
        except (Exception, SystemExit) as exc:
            self._screen_broke(spec.plugin, route, exc)
            return False
        left = self.screens.current_screen
        if left is not None and left is not screen:
            left.drop_later()
        if remember and self.route != route and self.screens.current:
            self.history.append(self.route)
        if route == HOME:
            self.history.clear()
        self.route = route
        self.screens.current = screen.name
        self.header_title = screen.title
        self.chrome = not screen.fullscreen
        self.can_go_back = bool(self.history)
        screen.dispatch("on_shown")
        tools = self.root.ids.screen_tools
        tools.clear_widgets()
        for widget in self.screen_widgets(screen):
            tools.add_widget(widget)
        if remember:
            self.record_use("screen", route.split("/")[0] + (f"/{screen.topic}" if screen.topic else ""))
        return True

    def screen_failed(self, screen, exc: BaseException) -> None:
        """A step of filling `screen` after its first frame (`KioskScreen.later`) raised."""
        self._screen_broke(screen.plugin, self.route, exc)

    def _screen_broke(self, plugin: str, route: str, exc: BaseException) -> None:
        """Filling a screen raised. An id that does not exist goes home; anything else switches
        the plugin off and goes home: a visitor never sees a traceback."""
        if isinstance(exc, NotFound):
            log.warning("%s: going home", exc)
            self.navigate(HOME, remember=False)
            return
        self.host.fail(plugin, f"its screen for {route!r} raised {type(exc).__name__}: {exc}", exc)
        if plugin != "shell":
            self.navigate(HOME, remember=False)

    def back(self) -> None:
        if self.history:
            self.navigate(self.history.pop(), remember=False)
            self.can_go_back = bool(self.history)

    def home(self) -> None:
        self.navigate(HOME)

    def refresh(self) -> None:
        """Fill the current screen again (after a language or content change)."""
        self.navigate(self.route, remember=False)

    def current_screen(self):
        return self.screens.current_screen

    def _screen(self, spec):
        screen = self._screens.get(spec.pattern)
        if screen is None:
            screen = spec.factory(self)
            screen.name = spec.pattern
            screen.plugin = spec.plugin
            self._screens[spec.pattern] = screen
            self.screens.add_widget(screen)
        return screen

    def _plugin_switched_off(self, info) -> None:
        """Drop a switched-off plugin's screens; if one is showing, go home."""
        showing = self.screens.current_screen if self.root else None
        for pattern, screen in list(self._screens.items()):
            if screen.plugin == info.name:
                del self._screens[pattern]
                if screen is not showing:
                    self.screens.remove_widget(screen)
        self.has_languages = self.has_route("languages")
        if showing is not None and showing.plugin == info.name:
            self.history.clear()
            self.navigate(HOME, remember=False)
            self.screens.remove_widget(showing)
        elif self.root and self.route == HOME:
            self.refresh()


def _zone(name: str):
    from zoneinfo import ZoneInfo

    return ZoneInfo(name)
