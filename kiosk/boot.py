"""Prepare Kivy before its window exists: lockdown settings, text rendering, fonts.

Everything here must run before anything imports `kivy.core.window` (or `kivy.uix.label`), which
is why the shell's other modules import Kivy only after `prepare()`.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from kiosk import assets

log = logging.getLogger("kiosk.boot")

_prepared = False
rtl_supported = False
_extents: dict = {}  # (font, size, bold, direction, text) -> (width, height), see get_extents
_EXTENTS_MAX = 50_000
state: Path | None = None  # the state folder in use, once prepared


def prepare(width: int, height: int, fullscreen: bool, rotation: int = 0, state_dir: Path | None = None) -> None:
    """Configure Kivy for a locked-down kiosk window of the given size (idempotent)."""
    global _prepared, rtl_supported, state
    if _prepared:
        return
    from kiosk import paths

    state = Path(state_dir) if state_dir else paths.state_dir()
    (state / "kivy").mkdir(parents=True, exist_ok=True)
    os.environ["KIVY_HOME"] = str(state / "kivy")
    os.environ["KIVY_NO_ARGS"] = "1"  # no "-m inspector", no "-k"
    os.environ["KIVY_TEXT"] = "pil"  # Pillow + raqm: shaping and bidi (docs: shared/notes/kivy.md §0)
    os.environ["KIVY_LOG_MODE"] = "PYTHON"  # Kivy logs through logging; we own the handlers
    os.environ.setdefault("KIVY_NO_FILELOG", "1")

    if not logging.getLogger().isEnabledFor(logging.INFO):
        os.environ.setdefault("KCFG_KIVY_LOG_LEVEL", "warning")  # read when Kivy is imported
        logging.getLogger("kivy").setLevel(logging.WARNING)  # Kivy's start-up chatter
    from kivy.config import Config

    Config.set("kivy", "exit_on_escape", "0")
    Config.set("kivy", "desktop", "0")
    Config.set("kivy", "keyboard_mode", "dock")
    Config.set("kivy", "log_level", "warning")
    Config.set("graphics", "width", str(width))
    Config.set("graphics", "height", str(height))
    Config.set("graphics", "fullscreen", "auto" if fullscreen else "0")
    Config.set("graphics", "borderless", "1" if fullscreen else "0")
    Config.set("graphics", "resizable", "0")
    Config.set("graphics", "rotation", str(rotation))
    Config.set("graphics", "show_cursor", "0" if fullscreen else "1")
    Config.set("graphics", "allow_screensaver", "0")
    Config.set("graphics", "maxfps", "60")
    # no multisampling: on software OpenGL it is up to half of a frame's cost; the kv draws
    # its rounded shapes with SmoothRoundedRectangle, which smooths its own edges
    Config.set("graphics", "multisamples", "0")
    # no red emulation dots, ever; and when a touchscreen is found (probesysfs), the mouse events
    # the system makes of the same touches are dropped, so no tap counts twice
    Config.set("input", "mouse", "mouse,disable_multitouch,disable_on_activity")
    for key in list(Config.options("modules")):
        Config.remove_option("modules", key)  # no inspector, monitor or touch ring
    Config.set(
        "kivy", "default_font",
        str(["KioskSans", str(assets.FONT_REGULAR), str(assets.FONT_REGULAR), str(assets.FONT_BOLD), str(assets.FONT_BOLD)]),
    )
    rtl_supported = _install_text_provider()
    _prepared = True


def _install_text_provider() -> bool:
    """Make every Label draw with the paragraph direction it is given; True when bidi works."""
    from PIL import features

    import kivy.core.text as core_text
    from kivy.core.text import LabelBase
    from kivy.core.text.text_pil import LabelPIL

    has_raqm = bool(features.check("raqm"))
    if not has_raqm:
        log.error(
            "Pillow has no complex text layout (raqm; Debian: libfribidi0 libraqm0): "
            "right-to-left languages are switched off"
        )

    class KioskCoreLabel(LabelPIL):
        """LabelPIL that tells raqm the paragraph direction, so a right-to-left line that starts
        with a Latin word or a number still reads right to left."""

        def _direction(self):
            return "rtl" if has_raqm and self.options.get("base_direction") == "rtl" else None

        def get_extents(self, text):
            # Kivy measures wrapped text word by word, and with raqm each measurement costs
            # about a millisecond: remembered, a language switch or a list redraw measures
            # mostly words it has seen before (bench/: 2.4x fewer ms per monkey event)
            options = self.options
            key = (options.get("font_name_r"), options.get("font_size"), options.get("bold"),
                   self._direction(), text)
            found = _extents.get(key)
            if found is None:
                font = self._select_font()
                if not font:
                    return 0, 0
                left, top, right, bottom = font.getbbox(text, direction=self._direction())
                ascent, descent = font.getmetrics()
                found = (right - left, ascent + descent)
                if len(_extents) >= _EXTENTS_MAX:
                    _extents.clear()
                _extents[key] = found
            return found

        def _render_text(self, text, x, y):
            font = self._select_font()
            if not font:
                return
            color = tuple(int(c * 255) for c in self.options["color"])
            direction = self._direction()
            # get_extents measured from the ink's left edge; draw from there too, or a
            # right-to-left run whose bounding box starts left of 0 loses its last letter
            left = font.getbbox(text, direction=direction)[0]
            self._pil_draw.text((int(x - left), int(y)), text, font=font, fill=color, direction=direction)

    core_text.Label = KioskCoreLabel
    # kivy.uix.label binds the provider's class when it is imported: when that happened before
    # this boot (a test module importing kiosk.uix at collection), it still holds SDL2's, which
    # neither shapes nor orders right-to-left text
    label_module = sys.modules.get("kivy.uix.label")
    if label_module is not None:
        label_module.CoreLabel = KioskCoreLabel
    LabelBase.register("KioskSans", str(assets.FONT_REGULAR), None, str(assets.FONT_BOLD))
    LabelBase.register("KioskIcons", str(assets.ICON_FONT))
    return has_raqm
