"""The plugin API: the one module a plugin imports. Everything else in `kiosk/` is the shell's
own and may change without notice; what is listed in `__all__` here does not.

    from kiosk.api import hookimpl, Tile, KioskScreen, KLabel, load_kv

Widgets and the screen base class need Kivy's window set up first, so they are imported on
first use: a plugin's `plugin.py` that imports only hooks, parts and content types loads no
Kivy at all (which is how `kiosk check` reads content without a window).
"""

from __future__ import annotations

import datetime as dt
import importlib
from typing import TYPE_CHECKING, Any, Protocol, Sequence, runtime_checkable

from kiosk import hookimpl
from kiosk.commands import Context
from kiosk.content.fields import FieldReader
from kiosk.content.hours import WEEKDAYS, Day, Hours, Status
from kiosk.content.kinds import NAME_RULE, Kind
from kiosk.content.model import (
    EMPTY_TEXT, Address, Category, Contact, Pack, Place, Provider, Record, Text,
)
from kiosk.dates import digits
from kiosk.errors import KioskError, NotFound
from kiosk.languages import LANGUAGES, Language, is_rtl, isolate, isolate_ltr, language
from kiosk.parts import CODE_BYTES, Action, Code, Tile, Use
from kiosk.routes import on_first_use
from kiosk.yamlsafe import Loc

if TYPE_CHECKING:  # for type checkers only; at run time these load on first use
    from kiosk.screens import KioskScreen
    from kiosk.uix import (
        INK, MUTED, Icon, KButton, KLabel, KRecycleView, KScrollView, Row, hex_color, load_kv, scroll_to_top,
    )

_LAZY = {
    "KioskScreen": "kiosk.screens",
    "KLabel": "kiosk.uix",
    "KButton": "kiosk.uix",
    "Icon": "kiosk.uix",
    "Row": "kiosk.uix",
    "KScrollView": "kiosk.uix",
    "KRecycleView": "kiosk.uix",
    "load_kv": "kiosk.uix",
    "hex_color": "kiosk.uix",
    "scroll_to_top": "kiosk.uix",
    "INK": "kiosk.uix",
    "MUTED": "kiosk.uix",
}


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"kiosk.api has no {name!r}: a plugin may use only what kiosk.api.__all__ lists")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


@runtime_checkable
class Kiosk(Protocol):
    """The running kiosk as a plugin sees it: screens get it as `self.kiosk`, kv as `app`.

    Read these; change the session only through the methods. Kivy properties (`lang`, `rtl`,
    `pack`, `offered_languages`) can be bound to in kv: `app.t('shell.home', app.lang)`.
    """

    lang: str
    """The language code the whole screen is shown in."""
    rtl: bool
    """True while `lang` is written right to left (derived from it)."""
    pack: Pack | None
    """The content pack shown, whole and checked; None when there is none."""
    offered_languages: Sequence[str]
    """The language codes a visitor can switch to, the default first."""
    can_go_back: bool
    """True when `back()` has a screen to go back to."""
    settings: Any
    """kiosk.yaml as read (read-only); a plugin's own block comes to `kiosk_configure`."""
    state_dir: Any
    """A folder (pathlib.Path) where a plugin may keep files between runs, or None in a preview."""

    def now(self) -> dt.datetime:
        """The kiosk's time, aware, in the pack's time zone (fixed in tests and previews)."""

    def t(self, key: str, **values) -> str:
        """Interface string `<plugin>.<key>` in the screen's language, `{name}`s filled in."""

    def t_in(self, lang: str, key: str, **values) -> str:
        """Interface string `key` in language `lang`."""

    def text(self, text: Text | None) -> tuple[str, str]:
        """A content text in the screen's language, else the pack's default, else English:
        (the text, the language it is in); give that language to the KLabel showing it."""

    def language_name(self, code: str) -> str:
        """A language's own name in its own script ("العربية")."""

    def format_time(self, moment: dt.datetime | int) -> str:
        """A clock time as the screen's language writes it (a datetime, or minutes since midnight)."""

    def format_date(self, day: dt.date) -> str:
        """A date with its weekday as the screen's language writes it."""

    def weekday_name(self, index: int) -> str:
        """Weekday `index` (0 is Monday) in the screen's language."""

    def navigate(self, route: str) -> bool:
        """Show `route` ("offer/<id>"); an unknown route goes home. True when shown."""

    def back(self) -> None:
        """Back to the screen before, if there is one."""

    def home(self) -> None:
        """The home screen."""

    def set_language(self, code: str) -> None:
        """Switch every screen to language `code` (one of `offered_languages`)."""

    def prepare_languages(self) -> None:
        """A visitor is choosing a language (a screen that offers the choice shows): measure
        the screen `back()` returns to in every other offered language, in frames when nothing
        is drawn, so the switch only draws. What it measures is what the kiosk handed out
        through `text`, `t` and `weekday_name`."""

    def has_route(self, route: str) -> bool:
        """True when some active plugin serves `route`."""

    def current_items(self, kind: str | None = None) -> list[Record]:
        """The items a visitor should see now (`Record.is_current`): of one kind, or of all."""

    def route_of(self, item: Record) -> str | None:
        """The route of `item`'s detail screen (its kind's `detail`), if a plugin serves it."""

    def item_codes(self, item: Record) -> list[Code]:
        """Every plugin's QR codes for `item`."""

    def item_actions(self, item: Record) -> list[Action]:
        """Every plugin's actions for `item` whose routes are served."""

    def item_widgets(self, item: Record) -> list:
        """Every plugin's widgets for `item`'s detail screen."""

    def record_use(self, what: str, subject: str = "") -> None:
        """Count that a visitor did `what` (about `subject`), for the usage figures; never who."""


__all__ = [
    # hooks
    "hookimpl",
    # the running kiosk, screens and widgets
    "Kiosk", "KioskScreen", "KLabel", "KButton", "Icon", "Row", "KScrollView", "KRecycleView",
    "load_kv", "hex_color", "scroll_to_top", "INK", "MUTED", "on_first_use",
    # parts plugins hand to the shell
    "Tile", "Action", "Code", "CODE_BYTES", "Use", "Kind", "Context",
    # content
    "Pack", "Record", "Text", "EMPTY_TEXT", "Place", "Provider", "Category", "Address", "Contact",
    "Hours", "Day", "Status", "WEEKDAYS", "FieldReader", "Loc",
    # errors
    "KioskError", "NotFound",
    # languages and dates
    "Language", "LANGUAGES", "language", "is_rtl", "isolate", "isolate_ltr", "digits", "NAME_RULE",
]
