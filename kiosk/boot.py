"""Prepare Kivy before its window exists: lockdown settings, text rendering, fonts.

Everything here must run before anything imports `kivy.core.window` (or `kivy.uix.label`), which
is why the shell's other modules import Kivy only after `prepare()`.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import re
import sys
import unicodedata
from pathlib import Path

from kiosk import assets
from kiosk.languages import RTL_RANGES

log = logging.getLogger("kiosk.boot")

_prepared = False
rtl_supported = False
_extents: dict = {}  # (font, size, bold, direction, text) -> (width, height), see get_extents
_EXTENTS_MAX = 50_000
_lefts: dict = {}  # the same keys: where the text's ink begins (its bounding box's left)
_advances: dict = {}  # (font, size, bold, letter) -> advance width
_guesses: dict = {}  # like _extents: (width, pixels it may be off by) of a line not measured
_glyphs: dict = {}  # (font file, size, letter) -> (mask, offset, advance in 1/64 px), see paint_basic
_runs: dict = {}  # (font file, size, letters) -> (mask, offset) of letters whose ink overlaps
_GLYPHS_MAX = 10_000  # letters (and runs of them) kept: about 2 MB for every screen in 10 languages
JOIN_ERR = 0.3  # font sizes: how far a line's width may be from the sum of its head's and its last word's
# (kerning and the space between them; 0.09 was once too little, at 44 px, on a text with a web address)
measured = 0  # raqm layouts made to measure text, for tests and benchmarks
MAX_SIDE = 7680  # pixels: an 8K panel's long side
state: Path | None = None  # the state folder in use, once prepared


def settle_heap() -> None:
    """Collect what is garbage now and keep everything still alive (the content pack, the
    screens built so far) out of the garbage collector's sight from now on. Python's full
    collection walks every object it tracks: over a 2,000-offer pack it took 20-80 ms and came
    on one tap in twenty (bench/tap). Called at start, after a new pack and after each visit,
    when nobody waits; what was frozen and has died since is collected at the next call.
    Then the C library gives the memory freed back to the system (glibc's `malloc_trim`): the
    free space left inside the heap by a visit's screens otherwise stays in the resident size."""
    import gc

    gc.unfreeze()
    gc.collect()
    gc.freeze()
    _trim()


def _glibc():
    """The C library when it is glibc (malloc_trim, mallopt), else False."""
    global _libc
    if _libc is None:
        try:
            _libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
            _libc.malloc_trim.argtypes = [ctypes.c_size_t]
            _libc.mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
        except (OSError, AttributeError) as exc:  # not glibc (musl, macOS): nothing to give back
            log.info("memory: malloc_trim is not available (%s)", exc)
            _libc = False
    return _libc


def _trim() -> None:
    if _glibc():
        _libc.malloc_trim(0)


M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter
MMAP_THRESHOLD = 128 * 1024  # glibc's own start value, kept fixed


def _separate_large_blocks() -> None:
    """Every block of 128 KiB or more gets memory of its own (mmapped, unmapped whole when
    freed). glibc starts so, but raises the threshold to the size of each such block freed, up
    to 32 MB: a screen's label images, Pillow's buffers and texture uploads then come from the
    heap, and the live blocks left between them keep its freed pages resident (the soak's fifth
    run: the heap's free space 54 -> 83 MB over 19,000 events, what is in use flat)."""
    if _glibc() and not _libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD):
        log.info("memory: mallopt(M_MMAP_THRESHOLD) refused")


_libc = None


def prepare(width: int, height: int, fullscreen: bool, rotation: int = 0, state_dir: Path | None = None) -> None:
    """Configure Kivy for a locked-down kiosk window of the given size (idempotent)."""
    global _prepared, rtl_supported, state
    if _prepared:
        return
    from kiosk import paths

    _separate_large_blocks()
    state = Path(state_dir) if state_dir else paths.state_dir()
    (state / "kivy").mkdir(parents=True, exist_ok=True)
    os.environ["KIVY_HOME"] = str(state / "kivy")
    os.environ["KIVY_NO_ARGS"] = "1"  # no "-m inspector", no "-k"
    os.environ["KIVY_TEXT"] = "pil"  # Pillow + raqm: shaping and bidi (docs: shared/notes/kivy.md §0)
    os.environ["KIVY_LOG_MODE"] = "PYTHON"  # Kivy logs through logging; we own the handlers
    os.environ.setdefault("KIVY_NO_FILELOG", "1")
    os.environ["SDL_NO_SIGNAL_HANDLERS"] = "1"  # signals are the kiosk's (cli.py), not SDL's

    if not logging.getLogger().isEnabledFor(logging.INFO):
        os.environ.setdefault("KCFG_KIVY_LOG_LEVEL", "warning")  # read when Kivy is imported
        logging.getLogger("kivy").setLevel(logging.WARNING)  # Kivy's start-up chatter
    from kivy.config import Config

    if max(width, height) > MAX_SIDE:  # kiosk.yaml accepts up to 99999 pixels; no screen has them
        log.warning("a window of %dx%d pixels is larger than any screen: drawn at most %d pixels a side",
                    width, height, MAX_SIDE)
        width, height = min(width, MAX_SIDE), min(height, MAX_SIDE)
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


WORD_MAX = 64  # letters of one word shown; the rest is cut (see `tame`)
MARKS_MAX = 2  # combining marks kept on one letter (after NFC: Vietnamese and Arabic need at most 2)
TEXT_MAX = 5_000  # characters of one label: some pages of text
EXACT_MAX = 32  # a word longer than this is measured letter by letter (see get_extents)


def tame(text: str) -> str:
    """`text` as a label can lay it out at a bounded cost. raqm stacks any number of combining
    marks (a "Zalgo" title took 51 s), so marks are composed where Unicode can (NFC) and runs of
    more than MARKS_MAX are cut; a word is cut after WORD_MAX letters and a label after
    TEXT_MAX. The content check refuses such texts (kiosk/content/sanity.py); this is for
    whatever still gets here."""
    if text.isascii():
        if len(text) <= WORD_MAX:
            return text
    else:
        text = unicodedata.normalize("NFC", text)
        if any(unicodedata.combining(c) for c in text):
            text = _cut_marks(text)
    if len(text) > TEXT_MAX:
        text = text[:TEXT_MAX] + "…"
    if len(text) > WORD_MAX:
        text = re.sub(r"\S{%d}\S+" % WORD_MAX, lambda m: m[0][:WORD_MAX] + "…", text)
    return text


def _cut_marks(text: str) -> str:
    out, run = [], 0
    for char in text:
        if unicodedata.combining(char):
            run += 1
            if run > MARKS_MAX:
                continue
        else:
            run = 0
        out.append(char)
    return "".join(out)


# Characters that need raqm (HarfBuzz and FriBidi): right-to-left scripts, combining marks,
# joiners and direction controls, default-ignorable characters. A text with none of them, laid
# out left to right, is the same with Pillow's basic layout, at a fraction of the cost (a
# shaping plan is made anew for every raqm layout: 0.8 ms a text here, against 0.07 ms), except
# that the basic layout applies no kerning.
_NEEDS_SHAPING = re.compile(
    f"[{RTL_RANGES}\u00ad\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u200b-\u200f"
    "\u202a-\u202e\u2060-\u206f\u20d0-\u20ff\ufe00-\ufe0f\ufe20-\ufe2f\ufeff]"
)


def needs_shaping(text: str) -> bool:
    """True when `text` must be laid out by raqm (see _NEEDS_SHAPING)."""
    return not text.isascii() and _NEEDS_SHAPING.search(text) is not None


def paint_basic(image, xy, text: str, font, ink) -> None:
    """Draw `text` on the RGBA `image` at `xy` (integers) exactly as Pillow's
    `ImageDraw.text(xy, text, font=font, fill=ink)` does with a basic-layout font, from letters
    rasterised once instead of for every text (Pillow keeps no glyph cache: rasterising was a
    fifth of the frame that answers a tap on a home tile here, bench/tap).

    Pillow lays the letters side by side by their advances (whole pixels: the fonts are hinted;
    the basic layout has no kerning) and blends the text's mask once. Letters whose ink boxes
    do not overlap are blended one by one to the same pixels; where boxes overlap ("fo", "ve"),
    Pillow's own mask of those letters together is used, composed as Pillow composes it.
    tests/test_text_layout.py compares both over the shipped texts."""
    x, y = xy
    key = (font.path, font.size)
    pen = 0
    runs = []  # [first letter, after the last, pen at the first, right edge of the ink so far]
    glyphs = []
    for index, letter in enumerate(text):
        found = _glyphs.get(key + (letter,))
        if found is None:
            found = _glyph(font, key, letter)
        glyphs.append(found)
        mask, (left, _top), advance = found
        if mask is not None:
            start = ((pen + 32) >> 6) + left
            if runs and start < runs[-1][3]:
                run = runs[-1]
                run[1], run[3] = index + 1, max(run[3], start + mask.size[0])
            else:
                runs.append([index, index + 1, pen, start + mask.size[0]])
        pen += advance
    for first, end, at, _right in runs:
        if end - first == 1:
            mask, (left, top), _advance = glyphs[first]
        else:
            mask, (left, top) = _run(font, key, text[first:end])
        image.paste(ink, (x + ((at + 32) >> 6) + left, y + top), mask)


def _glyph(font, key, letter):
    from PIL import Image

    if len(_glyphs) >= _GLYPHS_MAX:
        _glyphs.clear()
    core, offset = font.getmask2(letter, "L")
    mask = Image.frombytes("L", core.size, bytes(core)) if core.size[0] and core.size[1] else None
    found = _glyphs[key + (letter,)] = (mask, offset, round(font.getlength(letter) * 64))
    return found


def _run(font, key, letters):
    from PIL import Image

    found = _runs.get(key + (letters,))
    if found is None:
        if len(_runs) >= _GLYPHS_MAX:
            _runs.clear()
        core, offset = font.getmask2(letters, "L")
        found = _runs[key + (letters,)] = (Image.frombytes("L", core.size, bytes(core)), offset)
    return found


def _install_text_provider() -> bool:
    """Make every Label draw with the paragraph direction it is given; True when bidi works."""
    from PIL import ImageFont, features

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
        with a Latin word or a number still reads right to left; and that lays out every text at
        a bounded cost (see `tame`)."""

        def _get_text(self):
            raw = self._text
            if raw is not self._tamed_from:
                self._tamed_from, self._tamed = raw, tame(raw)
            return self._tamed

        _tamed_from = None
        _tamed = ""
        text = property(_get_text, LabelPIL._set_text)
        label = text

        def _direction(self):
            return "rtl" if has_raqm and self.options.get("base_direction") == "rtl" else None

        _basic: dict = {}  # (font file, size) -> the font with Pillow's basic layout

        def _font_for(self, text, direction):
            """The font to lay `text` out with: the basic layout when raqm would do no more."""
            if direction is not None or needs_shaping(text):
                return self._select_font()
            options = self.options
            size = int(options["font_size"])
            if size < 1:
                return None
            key = (options["font_name_r"], size)
            font = self._basic.get(key)
            if font is None:
                font = self._basic[key] = ImageFont.truetype(key[0], size, layout_engine=ImageFont.Layout.BASIC)
            return font

        _room = None  # while laying out a wrapped text: the width its lines may have

        def render(self, real=False):
            if real:
                return super().render(real)
            width, height = self._text_size
            if width is not None and height is None and not self.options.get("shorten"):
                self._room = max(0, width - 2 * (self.options.get("padding_x") or 0))
            try:
                size = super().render(real)
            finally:
                room, self._room = self._room, None
            if room is not None:
                self._measure_lines()
            return size

        def _measure_lines(self):
            """The lines a wrapped layout chose, measured exactly: their widths align them."""
            for line in self._cached_lines:
                for word in line.words:
                    width = self.get_extents(word.text)[0]
                    line.w += width - word.lw
                    word.lw = width

        def _guess(self, key, text):
            """While Kivy wraps a paragraph it measures the line so far after each word, a text
            never seen before and never seen again ("Den", "Den ", "Den passenden", ...): each
            one a raqm layout, most of a language switch's time. Its width is about its head's
            (the line before the last word) plus the last word's, which is measured once for
            every text it is in. Whether the line fits is only in doubt when that guess comes
            within the error bound of the room; then it is measured (`render` measures the
            lines chosen), so the lines are exactly those of measuring every time."""
            cut = len(text) - 1 if text.endswith(" ") else text.rfind(" ") + 1
            if cut <= 0:
                return None
            head_key = key[:-1] + (text[:cut],)
            head = _extents.get(head_key)
            join = max(4.0, JOIN_ERR * float(self.options.get("font_size") or 0))
            err = join
            if head is None:
                guessed = _guesses.get(head_key)
                if guessed is None:
                    return None
                (head, err) = guessed[0], guessed[1] + join
            tail = self.get_extents(text[cut:])
            width = head[0] + tail[0]
            if abs(width - self._room) <= err:
                return None
            if len(_guesses) >= _EXTENTS_MAX:
                _guesses.clear()
            _guesses[key] = ((width, tail[1]), err)
            return width, tail[1]

        def get_extents(self, text):
            # Kivy measures wrapped text word by word, and with raqm each measurement costs
            # about a millisecond: remembered, a language switch or a list redraw measures
            # mostly words it has seen before (bench/: 2.4x fewer ms per monkey event)
            options = self.options
            key = (options.get("font_name_r"), options.get("font_size"), options.get("bold"),
                   self._direction(), text)
            found = _extents.get(key)
            if found is None and self._room is not None and " " in text:
                found = self._guess(key, text)
            if found is None:
                direction = self._direction()
                font = self._font_for(text, direction)
                if not font:
                    return 0, 0
                if len(text) > EXACT_MAX and not any(c.isspace() for c in text):
                    # Kivy breaks a word wider than the line by measuring ever shorter parts of
                    # it, each a raqm layout: one 10,000-letter word took minutes. Letter by
                    # letter (each letter measured once) it is a sum; a little wider than exact,
                    # so a broken word never overflows its line
                    found = (int(sum(map(self._advance, text)) * 1.02) + 1, sum(font.getmetrics()))
                    _extents[key] = found
                    return found
                global measured
                measured += 1
                left, top, right, bottom = font.getbbox(text, direction=direction)
                ascent, descent = font.getmetrics()
                found = (right - left, ascent + descent)
                if len(_extents) >= _EXTENTS_MAX:
                    _extents.clear()
                    _lefts.clear()
                _extents[key] = found
                _lefts[key] = left
            return found

        def _advance(self, char):
            options = self.options
            key = (options.get("font_name_r"), options.get("font_size"), options.get("bold"), char)
            width = _advances.get(key)
            if width is None:
                width = _advances[key] = self._select_font().getlength(char)
            return width

        def _render_text(self, text, x, y):
            direction = self._direction()
            font = self._font_for(text, direction)
            if not font:
                return
            color = tuple(int(c * 255) for c in self.options["color"])
            # get_extents measured from the ink's left edge; draw from there too, or a
            # right-to-left run whose bounding box starts left of 0 loses its last letter.
            # Where the line was measured, its edge is known: no second layout of it
            options = self.options
            key = (options.get("font_name_r"), options.get("font_size"), options.get("bold"), direction, text)
            left = _lefts.get(key)
            if left is None:
                left = font.getbbox(text, direction=direction)[0]
            if font.layout_engine == ImageFont.Layout.BASIC and "\n" not in text:
                paint_basic(self._pil_im, (int(x - left), int(y)), text, font, color)
            else:
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
