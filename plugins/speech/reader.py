"""What a screen shows, as a person would read it aloud: its title, then its labels in reading order.

Reading order is top to bottom, and within one line in the screen's direction (right to left in
Arabic and Persian); what belongs to one thing to touch (a tile, a row of a list) is read
together, before the next. Buttons of actions are not read (they are things to do, not content);
rows of a list are, as far as they are on the screen.
"""

from __future__ import annotations

from kivy.uix.behaviors import ButtonBehavior


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
        block = _block(widget, screen)
        found.append((_place(block, rtl), _place(widget, rtl), widget.text.strip(), widget.lang))
    found.sort(key=lambda f: (f[0], f[1]))
    pieces: list[tuple[str, str]] = []
    title = (screen.title or "").strip()
    if title:
        pieces.append((title, ""))
    for _block_at, _at, text, lang in found:
        if pieces and pieces[-1][0] == text:
            continue  # the heading of a detail screen repeats its title
        pieces.append((text, lang))
    return pieces


def _place(widget, rtl: bool) -> tuple[int, float]:
    """Where a reader's eye meets `widget`: its top, then its start side."""
    left, top = widget.to_window(widget.x, widget.top)
    right, _ = widget.to_window(widget.right, widget.y)
    return -round(top), -right if rtl else left


def _block(widget, stop):
    """The tile or row that `widget` is part of (the nearest thing to touch), else itself."""
    parent = widget.parent
    while parent is not None and parent is not stop:
        if isinstance(parent, ButtonBehavior):
            return parent
        parent = parent.parent
    return widget


def _inside(widget, classes, stop) -> bool:
    parent = widget.parent
    while parent is not None and parent is not stop:
        if classes and isinstance(parent, classes):
            return True
        parent = parent.parent
    return False
