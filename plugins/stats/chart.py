"""A bar chart drawn with Kivy's canvas: one bar per day, for the admin panel."""

from __future__ import annotations

from kivy.clock import Clock
from kivy.graphics import Color, Line, Rectangle
from kivy.metrics import dp
from kivy.properties import ListProperty, NumericProperty
from kivy.uix.widget import Widget

BAR = (0.11, 0.35, 0.59, 1)
SMALL_BAR = (0.73, 0.78, 0.85, 1)  # a day with a few visits: shown as "fewer than SMALL"
AXIS = (0.6, 0.6, 0.62, 1)


class BarChart(Widget):
    """Bars for `counts`, scaled to the largest; a count below `small` (but above 0) is drawn
    pale at the height of `small`, so that the chart does not tell what the table hides."""

    counts = ListProperty()
    """`counts` is a ListProperty and defaults to []: one count per bar, oldest first."""
    small = NumericProperty(5)
    """`small` is a NumericProperty and defaults to 5: counts below it are not shown exactly."""

    def __init__(self, **kwargs):
        self._redraw = Clock.create_trigger(self.draw)
        super().__init__(**kwargs)
        self.bind(pos=self._redraw, size=self._redraw, counts=self._redraw, small=self._redraw)
        self._redraw()

    def bars(self) -> list[tuple[float, float, float, float, bool]]:
        """(x, y, width, height, small) of each bar in window coordinates."""
        if not self.counts:
            return []
        top = max([self.small, *self.counts])
        slot = self.width / len(self.counts)
        out = []
        for i, count in enumerate(self.counts):
            small = 0 < count < self.small
            value = self.small if small else count
            height = (self.height - dp(2)) * value / top
            out.append((self.x + i * slot + slot * 0.15, self.y + dp(2), slot * 0.7, height, small))
        return out

    def draw(self, *_args) -> None:
        self.canvas.clear()
        with self.canvas:
            Color(*AXIS)
            Line(points=[self.x, self.y + dp(1), self.right, self.y + dp(1)], width=dp(1))
            for x, y, width, height, small in self.bars():
                Color(*(SMALL_BAR if small else BAR))
                Rectangle(pos=(x, y), size=(width, height))


if __name__ == "__main__":
    from kivy.app import App

    class Demo(App):
        def build(self):
            return BarChart(counts=[3, 12, 0, 25, 7, 1, 19, 30, 4, 11, 16, 0, 2, 22])

    Demo().run()
