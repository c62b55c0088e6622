"""The admin panel's section: visits of the last four weeks as a bar chart, and the totals."""

from __future__ import annotations

from kivy.metrics import dp
from kivy.uix.boxlayout import BoxLayout

from kiosk.api import KLabel

from . import figures
from .chart import BarChart

# Staff read the admin panel, in German or English (as kiosk/admin.yaml); the public never sees
# these, so they are not in a strings.yaml that every shipped language must translate.
STRINGS = {
    "de": {
        "title": "Nutzung der letzten {days} Tage",
        "totals": "Besuche: {visits} · Themen: {topics} · QR-Codes: {codes} · Sprachwahlen: {languages}",
        "range": "Besuche pro Tag, {start} bis {end}; helle Balken: weniger als {small}. "
                 "Nur Zählungen, niemand wird erkannt.",
    },
    "en": {
        "title": "Use in the last {days} days",
        "totals": "Visits: {visits} · topics: {topics} · QR codes: {codes} · languages chosen: {languages}",
        "range": "Visits per day, {start} to {end}; pale bars: fewer than {small}. "
                 "Counts only, nobody is identified.",
    },
}


class StatsSection(BoxLayout):
    """Title, a line of totals, the chart of visits per day, its first and last day."""

    def __init__(self, kiosk, store, **kwargs):
        super().__init__(orientation="vertical", size_hint_y=None, spacing=dp(8), **kwargs)
        self.bind(minimum_height=self.setter("height"))
        from .plugin import chart_period

        lang = "de" if kiosk.lang == "de" else "en"
        start, end = chart_period(kiosk.now().date())
        days = store.days(start.isoformat(), end.isoformat())
        points = figures.series(days, "visit", start, end)
        total = figures.totals(days)
        t = lambda key, **values: STRINGS[lang][key].format(**values)  # noqa: E731
        self.add_widget(KLabel(text=t("title", days=len(points)), font_size="32sp", bold=True, lang=lang))
        self.add_widget(KLabel(
            text=t("totals", visits=figures.shown(total["visit"]), topics=figures.shown(total["topic"]),
                   codes=figures.shown(total["code"]), languages=figures.shown(total["language"])),
            font_size="24sp", lang=lang,
        ))
        self.chart = BarChart(counts=[count for _day, count in points], small=figures.SMALL,
                              size_hint_y=None, height=dp(220))
        self.add_widget(self.chart)
        self.add_widget(KLabel(text=t("range", start=f"{start:%d.%m.}", end=f"{end:%d.%m.%Y}", small=figures.SMALL),
                               font_size="20sp", lang=lang, color=(0.35, 0.35, 0.38, 1)))
