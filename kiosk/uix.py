"""Widgets every screen shares: direction-aware labels and rows, icons, buttons, tiles.

Their look is in `kiosk.kv`; a plugin's `.kv` builds on these classes. Right-to-left is handled
here once: a `KLabel` takes its paragraph direction and alignment from its language, and a `Row`
mirrors the order of its children when the screen's language is written right to left.
"""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path
from weakref import WeakSet

from kivy.clock import Clock
from kivy.core.text.markup import MarkupLabel
from kivy.lang import Builder
from kivy.properties import BooleanProperty, ListProperty, NumericProperty, ObjectProperty, OptionProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.label import Label
from kivy.uix.recycleview import RecycleView
from kivy.uix.screenmanager import ScreenManager
from kivy.uix.scrollview import ScrollView

from kiosk.languages import FSI, LRI, PDI, isolate  # noqa: F401 (Unicode isolates, UAX #9)

_loaded: set[str] = set()

INK = (0.11, 0.11, 0.12, 1)  # the colour of text on the kiosk's light ground (kiosk.kv)
MUTED = (0.33, 0.33, 0.36, 1)  # of what is said about a text: headings, "as of" dates
GROUND = (0.965, 0.953, 0.925, 1)  # the warm light ground of every screen: the window's clear colour

# One digit style on every screen (docs/content.md): a content text written with Arabic-Indic or
# Persian digits is shown with 0-9, like the kiosk's own times, dates and counts.
WESTERN_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")

_line_counts: dict = {}  # the layout options of a text -> its lines (KLabel._count_lines)
_LINE_COUNTS_MAX = 20_000
_NOT_LAYOUT = {"color", "disabled_color", "outline_color", "disabled_outline_color", "mipmap", "font_context"}

# Textures labels that keep theirs (`KLabel.keeps`) drew, by what decides their pixels
# (KLabel._drawn_key), the latest last; a label showing the same text the same way takes one of
# these instead of drawing it again. Bounded by count, so that how many textures the kiosk holds
# does not go with the sizes of what it showed last (bench/soak), and by pixels
_drawn: OrderedDict = OrderedDict()
_drawn_px = 0
_DRAWN_COUNT = 128  # textures kept: the rows in view of every list of a pack, and the buttons
_DRAWN_MAX = 6_000_000  # pixels kept (24 MB) at most
_DRAWN_ONE_MAX = 200_000  # a larger texture (a long description) is not kept
_sharing: WeakSet = WeakSet()  # labels showing a kept texture


def _context_lost(_texture) -> None:
    """The OpenGL context was made anew (kept textures are empty now): every label draws again."""
    global _drawn_px
    _drawn.clear()
    _drawn_px = 0
    for label in list(_sharing):
        label._trigger_texture()
    _sharing.clear()


WAIT_MAX = 3  # passes a label waits for its parents' layouts: never for ever; and within Kivy's 10
# iterations a frame (Clock.max_iteration), which 8 waits and the home tiles' nested layouts overran (the soak)


def _hashable(value):
    if isinstance(value, list):
        return tuple(value)
    if isinstance(value, dict):
        return tuple(sorted(value.items()))
    return value


def load_kv(module_file: str, name: str) -> None:
    """Load the .kv file `name` next to `module_file`, once per process."""
    path = str(Path(module_file).resolve().with_name(name))
    if path not in _loaded:
        Builder.load_file(path)
        _loaded.add(path)


class KLabel(Label):
    """A label in the kiosk's font. `lang` is the language of its text ('' = the screen's), and
    decides its direction: right-to-left text is shaped, ordered and aligned right."""

    lang = StringProperty("")
    """`lang` is a StringProperty and defaults to '' (the screen's language)."""
    align = OptionProperty("start", options=("start", "end", "center"))
    """`align` is an OptionProperty and defaults to 'start': the side a line begins on in the
    screen's direction (left, or right in Arabic and Persian); 'end' is the other side. Set this,
    not `halign`, which the kv derives from it whenever the direction changes."""
    lines = NumericProperty(0)
    """`lines` is a NumericProperty and defaults to 0 (as many lines as the text needs): at most
    this many lines, the last one ending in "…" at a word boundary, never inside a word."""
    keeps = BooleanProperty(False)
    """`keeps` is a BooleanProperty and defaults to False. True for a label whose texts come
    back: a list's rows (a recycled view shows another row's text, and the same rows again when
    the list is opened again), a button's word. What it draws is kept, a bounded number of
    textures, and a label showing exactly that again takes it instead of drawing."""

    discarded = False  # taken off its screen (KioskScreen.clear): not drawn, unless taken back
    _missed = False  # a change came while discarded: drawn again when taken back

    def __init__(self, **kwargs):
        self._full = ""
        self.given = ""  # the text as it was given, before digits and fitting (kiosk/rehearse.py)
        self._fitting = False
        self._waits = self._fit_waits = 0
        self._fit_trigger = Clock.create_trigger(self._fit, -1)
        super().__init__(**kwargs)
        self.fbind("width", self._fit_trigger)
        self.fbind("font_size", self._fit_trigger)
        self.fbind("lines", self._fit_trigger)
        if self.lines:
            self._fit_trigger()

    def texture_update(self, *largs):
        # A new label is 100 px wide until its parents have laid it out: laid out at that width,
        # each word longer than the line is measured again and again, one letter shorter each
        # time, only to be laid out once more a moment later (bench/tap: 90 % of the text
        # measurements of a new offer screen). Wait for the layouts pending above it, which
        # run before the same frame is drawn.
        if self._waits < WAIT_MAX and self._unsized():
            self._waits += 1
            self._trigger_texture()
            return
        self._waits = 0
        if self.discarded:
            self._missed = True
            return
        holder = self._holder()
        if holder is not None and (largs or hasattr(holder, "stale_labels")):
            # a language switch changes the direction of every label, on every screen and in
            # every row a list keeps for reuse: those not on the window are drawn when they
            # come back (bench/language: more than half of a switch's measuring went to them).
            # Asked directly (no clock's `dt`), a label off any screen is drawn, as Kivy's is
            self._wait_on(holder)
            return
        key = self._drawn_key() if self.keeps else None
        if key is not None:
            found = _drawn.get(key)
            if found is not None:  # drawn before, exactly so: the same texture again
                _drawn.move_to_end(key)
                self.texture, self.is_shortened = found
                self.texture_size = list(found[0].size)
                _sharing.add(self)
                return
        super().texture_update(*largs)
        if key is not None:
            self._keep(key)

    def _drawn_key(self):
        """What decides this label's pixels: its text, its width and every option of its core
        label; None for markup and empty labels, which are not kept."""
        core = self._label
        if not core.text or isinstance(core, MarkupLabel):
            return None
        return core.text, _hashable(core.usersize), tuple(sorted((k, _hashable(v)) for k, v in core.options.items()))

    def _keep(self, key) -> None:
        """Keep the texture just made for `key`, for the next label that shows the same (a list's
        rows when the category is opened again: a fifth of a tile's tap went to drawing them anew)."""
        global _drawn_px
        texture, core = self.texture, self._label
        if texture is None or texture is core.texture_1px:
            return
        pixels = texture.width * texture.height
        if pixels > _DRAWN_ONE_MAX:
            return
        texture.bind()  # drawn now, from this text: drawing it later would take whatever text the label has then
        core.texture = None  # the core label makes a new texture for its next text, never into this one
        # its core label stays an observer (Kivy's remove_reload_observer compares bound methods
        # by identity and so never finds one), weakly; after a context loss that redraws its own
        texture.add_reload_observer(_context_lost)
        _drawn[key] = (texture, self.is_shortened)
        _sharing.add(self)
        _drawn_px += pixels
        while (_drawn_px > _DRAWN_MAX or len(_drawn) > _DRAWN_COUNT) and _drawn:
            old, _shortened = _drawn.popitem(last=False)[1]
            _drawn_px -= old.width * old.height

    def shown_again(self) -> None:
        """Its screen is shown again after a change came while it was hidden."""
        self._fit_trigger()
        self._trigger_texture()

    def take_back(self) -> None:
        """On a screen again after `KioskScreen.clear` took it off (`KioskScreen.kept`)."""
        self.discarded = False
        if self._missed:
            self._missed = False
            self._trigger_texture()

    def _holder(self):
        """What keeps this label off the window: its kiosk screen while that is not shown, or
        the top of a tree of widgets on no window (a row a list keeps for reuse, a widget kept
        for the next offer, the label itself); None when it is on the window."""
        widget, child = self.parent, self
        while widget is not None:
            if widget is child:  # the window: its own parent
                return None
            if hasattr(widget, "stale_labels"):
                return widget if widget.parent is None else None
            child, widget = widget, widget.parent
        return child

    def _wait_on(self, holder) -> None:
        """Be drawn (and fitted) when `holder` is shown or put on the window (`shown_again`)."""
        if hasattr(holder, "stale_labels"):  # a screen: KioskScreen.on_parent
            holder.stale_labels.add(self)
            return
        waiting = holder.__dict__.get("_labels_waiting")
        if waiting is None:
            waiting = holder._labels_waiting = set()
            holder.fbind("parent", _put_back)
        waiting.add(self)

    def _unsized(self) -> bool:
        """An ancestor has a layout pending, which will give this label its width."""
        if self.size_hint_x is None:
            return False
        widget, child = self.parent, self
        while widget is not None and widget is not child:
            # a Layout's trigger is a ClockEvent; a RecycleLayout's is a plain method
            if getattr(getattr(widget, "_trigger_layout", None), "is_triggered", False):
                return True
            widget, child = widget.parent, widget
        return False

    @property
    def full_text(self) -> str:
        """The whole text, also while `text` shows it shortened."""
        return self._full

    def on_text(self, _label, text):
        if self._fitting:
            return
        # not set here: Label's own handler of this same change would then draw the old text
        self.given = text
        self._full = text.translate(WESTERN_DIGITS)
        if self.lines or self._full != text:
            self._fit_trigger()

    def rehearse(self, text: str, direction: str) -> None:
        """Lay `text` out as this label would show it, at its width, in `direction` ('ltr' or
        'rtl'), and draw nothing: what it measures is remembered, so showing it later measures
        nothing again (kiosk/rehearse.py)."""
        from kivy.core.text import Label as CoreLabel

        shown = self._shortened(text.translate(WESTERN_DIGITS), base_direction=direction)
        core = CoreLabel(**self._options(text=shown, base_direction=direction))
        core.resolve_font_name()
        core.render()  # the layout alone, as in `_count_lines`

    def _count_lines(self, text: str, **change) -> int:
        from kivy.core.text import Label as CoreLabel

        options = self._options(text=text, max_lines=0, shorten=False, **change)
        # the same text at the same width and font, for a list row shown again: counted once
        key = tuple(_hashable(v) for name, v in options.items() if name not in _NOT_LAYOUT)
        count = _line_counts.get(key)
        if count is None:
            core = CoreLabel(**options)
            core.resolve_font_name()
            core.render()  # the layout pass alone: `refresh` would also make a GL texture, unused
            if len(_line_counts) >= _LINE_COUNTS_MAX:
                _line_counts.clear()
            count = _line_counts[key] = len(core._cached_lines)
        return count

    def _options(self, **change) -> dict:
        """This label's core label options, with `change` (for a layout of another text)."""
        options = {name: getattr(self, name) for name in self._font_properties}
        options.update(change)
        return options

    def _shortened(self, full: str, **change) -> str:
        """`full` as shown: whole, or within `lines` lines ending in "…" (`change`: options
        other than the label's own, as in `_count_lines`)."""
        if not (self.lines and full and self.width > 1 and self._count_lines(full, **change) > self.lines):
            return full
        words = full.split(" ")
        low, high = 0, len(words) - 1  # the longest prefix of words that fits with "…"
        while low < high:
            middle = (low + high + 1) // 2
            if self._count_lines(" ".join(words[:middle]) + "…", **change) <= self.lines:
                low = middle
            else:
                high = middle - 1
        return " ".join(words[:low]).rstrip(" ,;:·-–") + "…" if low else full[: max(1, len(full) // 2)] + "…"

    def _fit(self, *_):
        if self._fit_waits < WAIT_MAX and self._unsized():
            self._fit_waits += 1
            self._fit_trigger()
            return
        self._fit_waits = 0
        if self.lines:
            holder = self._holder()
            if holder is not None:
                # not on the window: fitted when it is (`shown_again`); a language switch
                # changes the texts of hidden screens too, not worth measuring now
                self._wait_on(holder)
                return
        shown = self._shortened(self._full)
        if shown != self.text:
            self._fitting = True
            self.text = shown
            self._fitting = False


def _put_back(holder, parent) -> None:
    """`holder`, a tree of widgets off the window, has a parent again: its waiting labels are
    drawn (if it is still off the window, they wait on whatever holds it now)."""
    if parent is None:
        return
    holder.funbind("parent", _put_back)
    for label in holder.__dict__.pop("_labels_waiting", ()):
        label.shown_again()


class Icon(Label):
    """A glyph of the icon font, by name (see assets/icons.yaml)."""

    icon = StringProperty("info")
    """`icon` is a StringProperty and defaults to 'info'."""


class Row(BoxLayout):
    """A horizontal BoxLayout that lays its children out right to left when `mirrored`."""

    mirrored = BooleanProperty(False)
    """`mirrored` is a BooleanProperty and defaults to False; the kv binds it to `app.rtl`."""

    def on_mirrored(self, *_):
        self._trigger_layout()

    def do_layout(self, *args):
        super().do_layout(*args)
        if self.mirrored:
            for child in self.children:
                child.x = self.x + (self.right - child.right)


class KButton(ButtonBehavior, BoxLayout):
    """A large touch target with an icon and a label; `color` is its background."""

    text = StringProperty("")
    """`text` is a StringProperty and defaults to ''."""
    icon = StringProperty("")
    """`icon` is a StringProperty and defaults to '' (no icon)."""
    color = ListProperty([0.11, 0.31, 0.57, 1])
    """`color` is a ListProperty (rgba) and defaults to a dark blue."""
    text_color = ListProperty([1, 1, 1, 1])
    """`text_color` is a ListProperty (rgba) and defaults to white."""
    font_size = NumericProperty(0)
    """`font_size` is a NumericProperty; 0 means the kv default."""


class ReachFrame(BoxLayout):
    """The window's frame, top to bottom: the title band, the screens and the navigation row
    `nav`, which stands at the bottom while `nav_bottom` (the top of a tall screen is out of
    reach) and at the top otherwise (a desk, where all of the screen is within reach)."""

    nav = ObjectProperty(None, allownone=True)
    """`nav` is an ObjectProperty and defaults to None: the row with home, back and language."""
    nav_bottom = BooleanProperty(True)
    """`nav_bottom` is a BooleanProperty and defaults to True; the kv binds it to `app.nav_bottom`."""

    def on_nav(self, *_):
        self._place_nav()

    def on_nav_bottom(self, *_):
        self._place_nav()

    def _place_nav(self):
        nav = self.nav
        if nav is None or nav.parent is not self:
            return
        self.remove_widget(nav)
        # a vertical BoxLayout stacks children[0] at the bottom
        self.add_widget(nav, index=0 if self.nav_bottom else len(self.children))


class Tile(ButtonBehavior, BoxLayout):
    """A home-screen tile: icon, title, subtitle and an optional count, on a coloured ground."""

    route = StringProperty("")
    title = StringProperty("")
    title_lang = StringProperty("")
    """`title_lang` is a StringProperty and defaults to '' (the screen's language)."""
    subtitle = StringProperty("")
    subtitle_lang = StringProperty("")
    icon = StringProperty("info")
    count = StringProperty("")
    color = ListProperty([0.11, 0.31, 0.57, 1])
    need = NumericProperty(0)
    """`need` is a NumericProperty: the height its icon and its title of up to three lines need."""


def hex_color(value: str, alpha: float = 1.0) -> list[float]:
    value = value.lstrip("#")
    return [int(value[i:i + 2], 16) / 255 for i in (0, 2, 4)] + [alpha]


class QuietBar:
    """A scroll bar that lights up when the view scrolls, not whenever its content is laid out.

    Kivy's ScrollView shows its bar at full colour on every `update_from_scroll` (called for a
    change of size or position too) and fades it half a second later, over half a second: a
    screen whose content grows after it is shown (`KioskScreen.later`), or that is filled again
    for a new language, would draw every frame for a second to fade a bar nobody scrolled. Here a
    layout that leaves the scroll position where it was keeps a resting bar at rest
    (`bar_inactive_color`, which still shows that there is more)."""

    _quiet_at = None  # (scroll_x, scroll_y) at the last update
    _lit = False  # lit by scrolling, and not yet faded back

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._rest()

    def update_from_scroll(self, *largs):
        at = (self.scroll_x, self.scroll_y)
        if self._quiet_at is not None and at != self._quiet_at:
            self._lit = True
        elif all(abs(a - b) < 1e-3 for a, b in zip(self._bar_color, self.bar_inactive_color)):
            self._lit = False  # faded back since it was last lit (an animation ends near, not at, it)
        self._quiet_at = at
        # Kivy binds the lit colour again on every update and unbinds it once when the bar has
        # faded: each update in between left a binding behind, for ever (the soak: 1,700 more
        # after 3,000 events). Bound once here, however often it updates.
        self.funbind("bar_color", self._change_bar_color)
        super().update_from_scroll(*largs)  # lights the bar and starts its fade
        if not self._lit:
            self._rest()

    def _rest(self) -> None:
        """The state Kivy leaves a bar in once it has faded (`_bind_inactive_bar_color`), at once."""
        if self._bind_inactive_bar_color_ev is not None:
            self._bind_inactive_bar_color_ev.cancel()
        self.funbind("bar_color", self._change_bar_color)
        self.funbind("bar_inactive_color", self._change_bar_color)  # bound once, however often it rests
        self.fbind("bar_inactive_color", self._change_bar_color)
        self._bar_color = self.bar_inactive_color


class KScrollView(QuietBar, ScrollView):
    """The ScrollView of every screen (its look: kiosk.kv)."""


class KRecycleView(QuietBar, RecycleView):
    """The RecycleView of every long list (its look: kiosk.kv)."""


class KScreenManager(ScreenManager):
    """The shell's screens, without Kivy's clipping stencil (its kv rule is not applied: kiosk.kv).

    Kivy's ScreenManager clips its screens with a stencil, for transitions that slide them in;
    the kiosk's are instant (NoTransition), and every screen keeps within its bounds (a scroll
    view clips its own content). Filling the stencil and testing every pixel against it was a
    third of drawing a list screen here (software OpenGL; bench/tap's floor)."""


def scroll_to_top(view) -> None:
    """Show the top of a ScrollView or RecycleView and stop a fling still moving it (setting
    `scroll_y` alone is undone by the fling's next step)."""
    for effect in (view.effect_x, view.effect_y):
        if effect is not None:
            effect.velocity = 0
            effect.is_manual = False
    if isinstance(view, QuietBar):
        view._quiet_at = (view.scroll_x, 1)  # put back, not scrolled: the bar stays as it is
    view.scroll_y = 1
    view._update_effect_bounds()  # the effects' value follows scroll_y again
