"""What a screen shows, as a person would read it aloud: its title, then its labels in reading order.

Reading order is top to bottom, and within one line in the screen's direction (right to left in
Arabic and Persian). Buttons are not read (they are things to touch, not content); rows of a
list are, as far as they are on the screen.
"""

from __future__ import annotations


def screen_pieces(screen, label_class, skip_classes=()) -> list[tuple[str, str]]:
    """(text, lang) pieces of `screen`, in reading order; lang '' is the screen's language.

    `label_class` is the kiosk's text label; a label inside one of `skip_classes` (buttons) is
    left out."""
    rtl = bool(getattr(getattr(screen, "kiosk", None), "rtl", False))
    found = []
    for widget in screen.walk(restrict=True):
        if not isinstance(widget, label_class) or not widget.text.strip():
            continue
        if widget.opacity == 0 or widget.width <= 1 or widget.height <= 1 or _inside(widget, skip_classes, screen):
            continue
        left, top = widget.to_window(widget.x, widget.top)
        right, _ = widget.to_window(widget.right, widget.y)
        found.append((-round(top), -right if rtl else left, widget.text.strip(), widget.lang))
    found.sort(key=lambda f: (f[0], f[1]))
    pieces: list[tuple[str, str]] = []
    title = (screen.title or "").strip()
    if title:
        pieces.append((title, ""))
    for _top, _side, text, lang in found:
        if pieces and pieces[-1][0] == text:
            continue  # the heading of a detail screen repeats its title
        pieces.append((text, lang))
    return pieces


def _inside(widget, classes, stop) -> bool:
    parent = widget.parent
    while parent is not None and parent is not stop:
        if classes and isinstance(parent, classes):
            return True
        parent = parent.parent
    return False
