"""Scenario `peer`: `kiosk shot` of an offer against what a person might pick instead, headless
Chromium taking a screenshot of the same offer as a static HTML page of the same size (the same
texts, sizes and colours, the kiosk's font through @font-face, the QR codes as images). Wall time
from process start to PNG written and peak memory (PSS of the whole process tree), as ratios."""

from __future__ import annotations

import base64
import html
import io
import shutil
import statistics
import sys
from pathlib import Path

from bench import drive, proc
from bench.results import row, skipped

CHROMIUM = "/usr/bin/chromium"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--window-size=1080,1920")
OFFER = "dialog-alltag"


def run(ctx) -> list[dict]:
    chromium = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    if not chromium:
        return [skipped("peer", "skipped: chromium not installed (tools/sysdeps.sh bench installs it)")]
    reps = 2 if ctx.quick else 5
    page = ctx.tmp / "offer.html"
    page.write_text(proc.child("bench.peer", OFFER)["html"])
    kiosk_cmd = [str(Path(sys.executable).with_name("kiosk")), "shot", f"offer/{OFFER}", "--out"]
    kiosk, browser = [], []
    for i in range(reps):
        png = ctx.tmp / f"peer-{i}.png"
        profile = ctx.tmp / f"chromium-profile-{i}"  # a fresh profile each time: a cold start, like the kiosk's
        chromium_cmd = [chromium, *FLAGS, f"--user-data-dir={profile}", f"--screenshot={png}", page.as_uri()]
        runs = ((kiosk_cmd + [str(png)], kiosk), (chromium_cmd, browser))
        for command, into in runs if i % 2 == 0 else reversed(runs):
            into.append(proc.timed_png(command, png))
    k_time = statistics.median(r.seconds for r in kiosk)
    b_time = statistics.median(r.seconds for r in browser)
    k_mem = statistics.median(r.peak_mb for r in kiosk)
    b_mem = statistics.median(r.peak_mb for r in browser)
    return [
        row("peer", "wall time, kiosk shot / chromium", [k.seconds / b.seconds for k, b in zip(kiosk, browser)], "x",
            note=f"offer/{OFFER} at 1080x1920, process start to PNG: kiosk {k_time:.2f} s, chromium {b_time:.2f} s"),
        row("peer", "peak memory, kiosk shot / chromium", [k.peak_mb / b.peak_mb for k, b in zip(kiosk, browser)], "x",
            note=f"PSS of the process tree: kiosk {k_mem:.0f} MB (with its Xvfb), chromium {b_mem:.0f} MB"),
    ]


# -- the page ------------------------------------------------------------------------------------

def child(out: str, offer: str) -> None:
    """Write the offer screen as a static HTML page: what the kiosk shows, in browser terms."""
    harness = drive.start()
    if not harness.go(f"offer/{offer}"):
        raise SystemExit(f"no offer {offer!r} in the default pack")
    harness.frames(5)
    proc.write_json(out, {"html": page(harness)})


def page(harness) -> str:
    from kiosk import assets

    app = harness.app
    blocks = [_block(w) for w in _shown(app.current_screen())]
    header = "".join(_label(w, inline=True) for w in _shown(app.root.ids.header))
    rtl = "rtl" if app.rtl else "ltr"
    return f"""<!doctype html>
<html lang="{app.lang}" dir="{rtl}"><head><meta charset="utf-8"><title>{html.escape(app.header_title)}</title>
<style>
@font-face {{ font-family: KioskSans; src: url("{Path(assets.FONT_REGULAR).as_uri()}"); }}
@font-face {{ font-family: KioskSans; font-weight: bold; src: url("{Path(assets.FONT_BOLD).as_uri()}"); }}
html, body {{ margin: 0; width: 1080px; height: 1920px; overflow: hidden; background: #f6f3ec;
  font-family: KioskSans; color: #1c1c1f; }}
header {{ height: 120px; background: #12365c; color: #fff; display: flex; align-items: center;
  gap: 16px; padding: 0 16px; }}
header span {{ padding: 10px 20px; background: rgba(255,255,255,.12); border-radius: 14px; }}
main {{ padding: 24px 68px 40px 40px; }}
p {{ margin: 0 0 14px 0; }}
img {{ image-rendering: pixelated; }}
</style></head>
<body><header>{header}</header><main>{''.join(blocks)}</main></body></html>
"""


def _shown(root):
    from kivy.uix.label import Label

    codes = []
    for widget in root.walk(restrict=True):
        if type(widget).__name__ == "QRCodeView":
            codes.append(widget)
            yield widget
        elif isinstance(widget, Label) and widget.text and widget.font_name != "KioskIcons" and not any(
            _inside(widget, code) for code in codes
        ):
            yield widget


def _inside(widget, ancestor) -> bool:
    while widget is not None and widget is not ancestor:
        widget = widget.parent if widget.parent is not widget else None
    return widget is ancestor


def _block(widget) -> str:
    if type(widget).__name__ == "QRCodeView":
        return _code(widget)
    return _label(widget)


def _label(widget, inline: bool = False) -> str:
    r, g, b, a = (round(c * 255) if i < 3 else round(c, 2) for i, c in enumerate(widget.color))
    style = f"font-size:{widget.font_size:.0f}px;color:rgba({r},{g},{b},{a});font-weight:{'bold' if widget.bold else 'normal'}"
    direction = getattr(widget, "base_direction", None) or "auto"
    tag = "span" if inline else "p"
    return f'<{tag} dir="{direction}" style="{style}">{html.escape(widget.text)}</{tag}>'


def _code(view) -> str:
    import qrcode

    image = qrcode.make(view.payload, border=4, box_size=1, error_correction=qrcode.constants.ERROR_CORRECT_M)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    data = base64.b64encode(buffer.getvalue()).decode()
    side = int(view.side)
    return (f'<figure style="display:inline-block;vertical-align:top;background:#fff;margin:0 16px 16px 0;'
            f'padding:24px;border-radius:14px;width:{side}px;text-align:center">'
            f'<img alt="" width="{side}" height="{side}" src="data:image/png;base64,{data}">'
            f'<figcaption style="font-size:20px">{html.escape(view.caption)}</figcaption></figure>')


if __name__ == "__main__":
    child(*sys.argv[1:])
