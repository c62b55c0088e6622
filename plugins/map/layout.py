"""Where the map's texts go: inside the visible view, clear of the panels and of each other.

Boxes are (left, bottom, right, top) in pixels. A text is given its candidate boxes in order of
preference; it takes the first that lies inside the view and overlaps nothing already taken, or
none at all (it is then not shown). No Kivy here, so the rules can be tested on their own.
"""

from __future__ import annotations

Box = tuple[float, float, float, float]


def box_of(x: float, y: float, width: float, height: float) -> Box:
    return x, y, x + width, y + height


def overlaps(a: Box, b: Box, pad: float = 0) -> bool:
    return a[0] < b[2] + pad and b[0] < a[2] + pad and a[1] < b[3] + pad and b[1] < a[3] + pad


def inside(box: Box, view: Box) -> bool:
    return view[0] <= box[0] and box[2] <= view[2] and view[1] <= box[1] and box[3] <= view[3]


def shift_inside(box: Box, view: Box) -> Box | None:
    """`box` moved the least to lie inside `view`; None if it is larger than the view."""
    width, height = box[2] - box[0], box[3] - box[1]
    if width > view[2] - view[0] or height > view[3] - view[1]:
        return None
    x = min(max(box[0], view[0]), view[2] - width)
    y = min(max(box[1], view[1]), view[3] - height)
    return x, y, x + width, y + height


class Placer:
    """Takes boxes one after another: each new one inside `view` and clear of all taken so far
    (the panels and markers are taken first, as `block`)."""

    def __init__(self, view: Box, pad: float = 0):
        self.view = view
        self.pad = pad
        self.taken: list[Box] = []

    def block(self, box: Box | None) -> None:
        if box is not None and box[2] > box[0] and box[3] > box[1]:
            self.taken.append(box)

    def free(self, box: Box) -> bool:
        return inside(box, self.view) and not any(overlaps(box, other, self.pad) for other in self.taken)

    def take(self, candidates) -> Box | None:
        """The first free candidate, now taken; None when none is free."""
        for box in candidates:
            if box is not None and self.free(box):
                self.taken.append(box)
                return box
        return None
