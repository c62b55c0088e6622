"""A one-page report for funders: a month's counts, a chart of the visits, what is not counted.

WeasyPrint lays it out from HTML (the printed guide uses it too, so no second PDF library); the
chart is a few SVG rectangles, drawn here.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

from . import figures

LABELS_DE = {
    "visit": "Besuche",
    "screen": "Bildschirme geöffnet",
    "topic": "Themen geöffnet",
    "language": "Sprachen gewählt",
    "code": "QR-Codes gezeigt",
    "guide": "Wegweiser gestartet",
    "speech": "Vorlesen gestartet",
}
MONTHS_DE = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
             "Oktober", "November", "Dezember")

CSS = """
@page { size: A4; margin: 18mm 18mm 16mm; }
body { font-family: 'Noto Sans', 'DejaVu Sans', sans-serif; font-size: 10.5pt; color: #1c1c1e; }
h1 { font-size: 20pt; margin: 0 0 2mm; color: #12355b; }
.sub { color: #555; margin: 0 0 6mm; }
table { border-collapse: collapse; width: 100%; margin: 0 0 5mm; }
td, th { padding: 1.4mm 2mm; border-bottom: 0.3pt solid #ccc; text-align: left; }
td.n, th.n { text-align: right; }
h2 { font-size: 12pt; margin: 5mm 0 2mm; color: #12355b; }
.cols { display: flex; gap: 8mm; }
.cols > div { flex: 1; }
.note { font-size: 8.5pt; color: #555; margin-top: 6mm; border-top: 0.5pt solid #aaa; padding-top: 2mm; }
"""


def month_title(start: dt.date, end: dt.date) -> str:
    if start.day == 1 and (end + dt.timedelta(days=1)).day == 1 and start.month == end.month:
        return f"{MONTHS_DE[start.month - 1]} {start.year}"
    return f"{start:%d.%m.%Y} bis {end:%d.%m.%Y}"


def chart_svg(points: list[tuple[dt.date, int]], width: float = 480, height: float = 150) -> str:
    """Bars of one count per day; a day with fewer than SMALL is a pale bar of that height."""
    if not points:
        return ""
    top = max([figures.SMALL] + [count for _day, count in points])
    left, bottom = 30.0, 18.0
    slot = (width - left) / len(points)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}pt" height="{height}pt" '
             f'viewBox="0 0 {width} {height}">']
    for tick in sorted({0, top // 2, top}):
        y = height - bottom - (height - bottom - 8) * tick / top
        parts.append(f'<line x1="{left}" x2="{width}" y1="{y:.1f}" y2="{y:.1f}" stroke="#bbb" stroke-width="0.5"/>')
        parts.append(f'<text x="{left - 4}" y="{y + 3:.1f}" font-size="7" text-anchor="end">{tick}</text>')
    for i, (day, count) in enumerate(points):
        small = 0 < count < figures.SMALL
        value = figures.SMALL if small else count
        h = (height - bottom - 8) * value / top
        x = left + i * slot + slot * 0.15
        colour = "#b9c8da" if small else "#1d5a96"
        parts.append(f'<rect x="{x:.1f}" y="{height - bottom - h:.1f}" width="{slot * 0.7:.1f}" '
                     f'height="{h:.1f}" fill="{colour}"/>')
        if day.weekday() == 0 and i + 2 < len(points):  # Mondays, not so near the end it is cut
            parts.append(f'<text x="{x:.1f}" y="{height - 5}" font-size="7">{day:%d.%m.}</text>')
    parts.append("</svg>")
    return "".join(parts)


def report_html(days, start: dt.date, end: dt.date, place: str) -> str:
    total = figures.totals(days)
    rows = "".join(
        f"<tr><td>{LABELS_DE[e]} ({html.escape(figures.LABELS[e])})</td><td class='n'>{figures.shown(total[e])}</td></tr>"
        for e in figures.EVENTS
    )

    def top(event):
        found = figures.top_shown(days, event, top=8)
        if not found:
            return "<p>—</p>"
        return "<table>" + "".join(
            f"<tr><td>{html.escape(s)}</td><td class='n'>{html.escape(c)}</td></tr>" for s, c in found
        ) + "</table>"

    chart = chart_svg(figures.series(days, "visit", start, end))
    return f"""<!doctype html><html lang="de"><head><meta charset="utf-8"><style>{CSS}</style></head><body>
<h1>Nutzung des Kiosks: {html.escape(month_title(start, end))}</h1>
<p class="sub">{html.escape(place)} · {start:%d.%m.%Y} bis {end:%d.%m.%Y} · erstellt am {dt.date.today():%d.%m.%Y}</p>
<table><tr><th>Gezählt (usage counted)</th><th class="n">Anzahl</th></tr>{rows}</table>
<h2>Besuche pro Tag (visits per day)</h2>
{chart}
<div class="cols">
<div><h2>Häufigste Themen (topics)</h2>{top("topic")}</div>
<div><h2>Gewählte Sprachen (languages)</h2>{top("language")}</div>
</div>
<p class="note">Ein Besuch ist die Zeit von der ersten Berührung bis zum Zurücksetzen des Bildschirms.
Der Kiosk zählt nur: keine Kennung einer Person, keine Abfolge der Bildschirme eines Besuchs,
nichts genauer als eine Stunde, keine Kamera, kein Mikrofon, keine Verbindung zu Telefonen.
Zahlen unter {figures.SMALL} stehen als „&lt; {figures.SMALL}“ (im Diagramm als heller Balken).
A visit runs from the first touch to the reset of the screen; only counts are kept, no person is identified.</p>
</body></html>"""


def write_report(path: Path, days, start: dt.date, end: dt.date, place: str) -> None:
    from weasyprint import HTML

    HTML(string=report_html(days, start, end, place)).write_pdf(path)
