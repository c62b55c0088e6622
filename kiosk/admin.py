"""Admin mode: a hidden gesture, a PIN, and a panel to look after the kiosk while it runs."""

from __future__ import annotations

import logging

from kivy.clock import Clock
from kivy.metrics import dp
from kivy.properties import StringProperty

from kiosk import __version__
from kiosk.errors import KioskError
from kiosk.overlays import Overlay, PinPad
from kiosk.pin import PinGuard
from kiosk.uix import KButton, KLabel, Row, load_kv

log = logging.getLogger("kiosk.admin")

HOLD_SECONDS = 5.0
CORNER_DP = 110  # the square in the top-left corner that must be held; kiosk.kv keeps it free of controls


class AdminGesture:
    """One finger held still in the window's top-left corner for `HOLD_SECONDS` calls `opened`.
    Touches are observed, never consumed; a finger that leaves the corner cancels."""

    def __init__(self, window, opened, now=None, tick: float = 0.25):
        self.window = window
        self.opened = opened
        self._now = now or Clock.get_time
        self._holding: dict = {}  # touch uid -> time it went down
        window.bind(on_touch_down=self._down, on_touch_move=self._move, on_touch_up=self._up)
        self._event = Clock.schedule_interval(self._tick, tick)

    def in_corner(self, x: float, y: float) -> bool:
        size = dp(CORNER_DP)
        return x <= size and y >= self.window.height - size

    def _down(self, _window, touch):
        if self.in_corner(*touch.pos):
            self._holding[touch.uid] = self._now()

    def _move(self, _window, touch):
        if touch.uid in self._holding and not self.in_corner(*touch.pos):
            del self._holding[touch.uid]

    def _up(self, _window, touch):
        self._holding.pop(touch.uid, None)

    def _tick(self, _dt) -> None:
        for uid, since in list(self._holding.items()):
            if self._now() - since >= HOLD_SECONDS:
                del self._holding[uid]
                self.opened()


class Admin:
    """Ties the gesture, the PIN check and the panel to the running kiosk."""

    def __init__(self, kiosk, window, pin_path):
        self.kiosk = kiosk
        self.guard = PinGuard(pin_path, now=lambda: kiosk.now().timestamp())
        self.gesture = AdminGesture(window, self.ask_pin)
        self.pad = None
        self.panel = None

    def ask_pin(self) -> None:
        if self.pad is not None and self.pad.parent is not None:
            return
        if not self.guard.is_set():
            # a passer-by who found the corner learns nothing; the log tells the administrator
            log.warning("the admin corner was held, but no PIN is set: set one with `kiosk set-pin`")
            return
        self.pad = PinPad(self.kiosk, submit_to=self.submit)
        self.pad.message = self._pin_hint()
        self.kiosk.open_overlay(self.pad)

    def _pin_hint(self) -> str:
        t = self.kiosk.t_admin
        if not self.guard.is_set():
            return t("admin.pin_unset")
        locked = self.guard.locked_for()
        if locked > 0:
            return t("admin.pin_locked", minutes=max(1, round(locked / 60)))
        return ""

    def submit(self, pin: str) -> None:
        t = self.kiosk.t_admin
        try:
            result = self.guard.check(pin)
        except KioskError as exc:
            log.error("%s", exc)
            self.pad.message = t("admin.pin_broken")
            return
        if result == "ok":
            log.info("admin panel opened")
            self.kiosk.close_overlay(self.pad)
            self.open_panel()
        elif result == "empty":
            self.pad.message = t("admin.pin_empty")  # OK with nothing typed is not a try
        elif result == "unrecorded":
            self.pad.message = t("admin.pin_unrecorded")
        elif result == "wrong":
            log.warning("wrong admin PIN (%d tries left)", self.guard.tries_left())
            self.pad.message = t("admin.pin_wrong", tries=self.guard.tries_left())
        else:
            self.pad.message = self._pin_hint()

    def open_panel(self) -> None:
        self.kiosk.reset_session()  # the visitor's session ends; the panel reads left to right
        self.panel = AdminPanel(self.kiosk)
        self.kiosk.open_overlay(self.panel)


class AdminPanel(Overlay):
    """Version, uptime, content and its check, plugins with their state, recent errors; reload,
    switch the pack, switch plugins on and off, quit. Filled again after every action."""

    status = StringProperty("")
    """`status` is a StringProperty: version and uptime."""

    def __init__(self, kiosk=None, **kwargs):
        load_kv(__file__, "admin.kv")
        super().__init__(kiosk, **kwargs)
        self.fill()
        self._event = Clock.schedule_interval(lambda _dt: self.fill_status(), 1.0)

    def on_parent(self, _widget, parent):
        if parent is None:
            self._event.cancel()

    def t(self, key: str, **values) -> str:
        return self.kiosk.t_admin(key, **values)

    def fill_status(self) -> None:
        self.status = self.t("admin.version", version=__version__, uptime=_duration(self.kiosk.uptime()))

    def fill(self) -> None:
        kiosk = self.kiosk
        self.fill_status()
        self._fill_content(self.ids.content)
        self._fill_plugins(self.ids.plugins)
        errors = kiosk.logbook.recent()
        self.ids.errors.text = "\n".join(errors) if errors else self.t("admin.no_errors")
        extensions = self.ids.extensions
        extensions.clear_widgets()
        for widget in kiosk.admin_widgets():
            extensions.add_widget(widget)
        packs = self.ids.packs
        packs.clear_widgets()
        for path in kiosk.settings.packs:
            shown = kiosk.pack is not None and str(path) == kiosk.pack.path
            button = KButton(text=path.name, icon="check" if shown else "", disabled=shown)
            button.bind(on_release=lambda _b, p=path: self.switch_pack(p))
            packs.add_widget(button)

    def _fill_content(self, box) -> None:
        kiosk = self.kiosk
        box.clear_widgets()
        lang = kiosk.admin_lang
        pack = kiosk.pack
        name = kiosk.pack_text(pack.name) if pack else "—"
        path = pack.path if pack else str(kiosk.settings.pack)
        box.add_widget(_line(self.t("admin.pack", name=name, path=path), lang))
        if kiosk.settings.source is not None:
            self._fill_sync(box)
        watcher = kiosk.watcher
        if watcher is not None and watcher.busy:
            box.add_widget(_line(self.t("admin.loading"), lang))
        last = watcher.last if watcher is not None else None
        held = watcher.held if watcher is not None else None
        if held is not None:  # a change that would empty most of a kind waits for a yes
            parts = [self.t("admin.held_part", removed=removed, before=before, kind=kind)
                     for kind, removed, before in held.held]
            box.add_widget(_line(self.t("admin.held", when=_clock(held.when), what=", ".join(parts)), lang,
                                 color=(0.7, 0.1, 0.1, 1)))
            button = KButton(text=self.t("admin.confirm"), size_hint_y=None, height=dp(84), font_size=dp(24))
            button.bind(on_release=lambda _b: self.confirm())
            box.add_widget(button)
        if last is not None and not last.ok and not last.held:
            box.add_widget(_line(self.t("admin.check_failed", when=_clock(last.when)), lang, color=(0.7, 0.1, 0.1, 1)))
            for problem in last.problems[:8]:
                box.add_widget(_line(problem, lang, size="22sp"))
        elif pack is not None:
            warnings = last.warnings if last is not None else kiosk.start_warnings
            counts = " · ".join(f"{kind} {n}" for kind, n in pack.counts().items())
            box.add_widget(_line(self.t("admin.check_ok", counts=counts, warnings=warnings), lang))
            box.add_widget(_line(self.t("admin.translated", summary=_translated(pack.path)), lang, size="22sp"))

    def _fill_sync(self, box) -> None:
        """Content from git: the revision shown, the last sync, and why the head is refused."""
        from kiosk.sync import Syncer

        lang, source = self.kiosk.admin_lang, self.kiosk.settings.source
        state = Syncer(self.kiosk.settings).state()
        synced = state.get("synced", "")[11:19] or "—"
        box.add_widget(_line(self.t("admin.sync", branch=source.branch, git=source.git,
                                    revision=state["revision"][:10] or "—", synced=synced), lang, size="22sp"))
        head = state.get("head", "")
        refused = state["refused"].get(head) if head and head != state["revision"] else None
        if refused:
            box.add_widget(_line(self.t("admin.sync_refused", revision=head[:10]), lang, color=(0.7, 0.1, 0.1, 1)))
            for reason in refused["reasons"][:8]:
                box.add_widget(_line(reason, lang, size="22sp"))
        elif state.get("last_error"):
            box.add_widget(_line(self.t("admin.sync_error", error=state["last_error"]), lang,
                                 size="22sp", color=(0.7, 0.1, 0.1, 1)))

    def _fill_plugins(self, box) -> None:
        box.clear_widgets()
        for info in self.kiosk.host.all():
            row = Row(size_hint_y=None, height=dp(84), spacing=dp(16))
            state = self.t(f"admin.state_{info.state}")
            text = f"{info.name}: {state}" + (f" ({info.error})" if info.error else "")
            label = KLabel(text=text, font_size="24sp", lang=self.kiosk.admin_lang, pos_hint={"center_y": 0.5})
            label.shorten, label.max_lines = True, 2
            row.add_widget(label)
            if info in self.kiosk.host.rejected:
                box.add_widget(row)
                continue
            on = info.state != "active"
            button = KButton(
                text=self.t("admin.switch_on" if on else "admin.switch_off"), size_hint_x=None,
                width=dp(260), font_size=dp(24), color=(0.11, 0.42, 0.2, 1) if on else (0.45, 0.45, 0.5, 1),
            )
            button.plugin = info.name
            button.bind(on_release=lambda _b, n=info.name, o=on: self.switch_plugin(n, o))
            row.add_widget(button)
            box.add_widget(row)

    # -- actions -------------------------------------------------------------------------------------

    def reload(self) -> None:
        self.kiosk.reload_content("reload in the admin panel")
        self.fill()

    def confirm(self) -> None:
        self.kiosk.watcher.confirm()
        self.fill()

    def switch_pack(self, path) -> None:
        self.kiosk.reload_content(f"admin switched to {path.name}", pack=path)
        self.fill()

    def switch_plugin(self, name: str, on: bool) -> None:
        self.kiosk.switch_plugin(name, on)
        self.fill()

    def close(self) -> None:
        self.kiosk.close_overlay(self)

    def quit(self) -> None:
        log.warning("the administrator quit the kiosk")
        self.kiosk.quit_by_admin = True  # exit code EXIT_QUIT: the service is not started again
        self.kiosk.stop()


def _line(text: str, lang: str, size: str = "26sp", color=(0.11, 0.11, 0.12, 1)) -> KLabel:
    return KLabel(text=text, font_size=size, color=color, lang=lang)


def _clock(moment) -> str:
    return moment.strftime("%H:%M:%S") if moment else ""


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    text = f"{hours:d}:{minutes:02d}:{seconds:02d}"
    return f"{days} d {text}" if days else text


def _translated(folder: str) -> str:
    """How complete each language is (kiosk/translations.py); the files were just checked."""
    from kiosk import translations
    from kiosk.errors import KioskError

    try:
        return translations.summary(folder)
    except KioskError as exc:
        return str(exc)
