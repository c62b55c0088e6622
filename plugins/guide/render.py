"""The printed guide: plain data -> HTML -> PDF, through WeasyPrint (Pango and HarfBuzz).

This module knows no kiosk: it takes a `Guide` made of strings and writes a PDF. WeasyPrint
shapes every script with HarfBuzz, orders mixed text with the Unicode bidi algorithm, lays out
`dir="rtl"` pages mirrored, embeds (subsets of) the fonts and writes the text layer in logical
order, so an Arabic guide can be searched and copied. QR codes are inline SVG.
"""

from __future__ import annotations

import html
import logging
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

SIZES = {"a4": "A4", "a5": "A5"}
# page numbers in the digits the kiosk writes dates with (kiosk.api.digits): Arabic-Indic, Persian
NUMBERS = {"ar": "arabic-indic", "fa": "persian"}


@dataclass(frozen=True)
class Fact:
    """One line of an item: a label ("Hours") and its lines; `lang` is the text's language."""

    label: str
    lines: tuple[str, ...]
    lang: str = ""
    dir: str = ""  # "" the guide's; "ltr" for phone numbers and e-mail; "auto" for addresses, line by line


@dataclass(frozen=True)
class CodeBox:
    """A QR code with the caption that says what a phone gets from it."""

    caption: str
    payload: str


@dataclass(frozen=True)
class Entry:
    title: str
    summary: str = ""
    lang: str = ""  # the language of title and summary, when it is not the guide's
    facts: tuple[Fact, ...] = ()
    codes: tuple[CodeBox, ...] = ()
    note: str = ""  # e.g. "not translated yet"


@dataclass(frozen=True)
class Section:
    title: str
    entries: tuple[Entry, ...]
    color: str = "#1d4f91"
    intro: str = ""
    part: str = ""  # the heading of a group of sections (offers, events ...), shown in the contents


@dataclass(frozen=True)
class Guide:
    """A whole guide in one language. `labels` holds the few words of the frame: contents, page."""

    lang: str
    rtl: bool
    title: str
    subtitle: str
    made: str  # "Stand: 24. November 2026" in the guide's language
    sections: tuple[Section, ...]
    contents: str = "Contents"
    cover_lines: tuple[str, ...] = ()  # where the centre is, its hours
    cover_codes: tuple[CodeBox, ...] = ()
    footer: str = ""
    fonts: dict = field(default_factory=dict)  # "regular" / "bold" -> path of a TTF


MODULE_MM = 0.42  # the smallest module a phone's camera reads reliably from paper at arm's length


def qr_svg(payload: str, size_mm: float = 22.0) -> str:
    """An inline SVG of the QR code for `payload` (UTF-8 declared by an ECI header, as on the
    screen, so every scanner reads umlauts and Arabic the same; error correction M), one square
    per dark module, with the quiet zone of four modules the standard asks for; at least
    `size_mm` wide, wider when the code has so many modules that they would get too small."""
    import segno

    code = segno.make(payload, error="m", boost_error=False, micro=False, encoding="utf-8", eci=True)
    matrix = [[bool(dark) for dark in row] for row in code.matrix_iter(scale=1, border=0)]
    side = len(matrix) + 8
    size_mm = max(size_mm, side * MODULE_MM)
    d = "".join(f"M{x + 4} {y + 4}h1v1h-1z" for y, row in enumerate(matrix) for x, dark in enumerate(row) if dark)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {side} {side}" '
            f'width="{size_mm:.1f}mm" height="{size_mm:.1f}mm" shape-rendering="crispEdges">'
            f'<rect width="{side}" height="{side}" fill="#fff"/><path d="{d}" fill="#000"/></svg>')


def _dir(text: str) -> str:
    """The direction of `text`'s first strong letter: "04315 Leipzig" is left to right in any guide."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return "ltr"


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _lang_attr(lang: str, guide: Guide) -> str:
    return f' lang="{_e(lang)}" dir="auto"' if lang and lang != guide.lang else ""


def _codes(codes, css="codes", size_mm=22.0) -> str:
    if not codes:
        return ""
    parts = [f'<figure class="code">{qr_svg(c.payload, size_mm)}<figcaption>{_e(c.caption)}</figcaption></figure>' for c in codes]
    return f'<div class="{css}">{"".join(parts)}</div>'


def _entry(entry: Entry, guide: Guide, size: str) -> str:
    # A4: the codes beside the text, on the side a line ends; A5: below it, in a row
    out = ['<article class="item">', _codes(entry.codes) if size == "a4" else ""]
    attr = _lang_attr(entry.lang, guide)
    out.append(f"<h3{attr}>{_e(entry.title)}</h3>")
    if entry.summary:
        out.append(f'<p class="summary"{attr}>{_e(entry.summary)}</p>')
    if entry.facts:
        out.append("<dl>")
        for fact in entry.facts:
            out.append(f"<dt>{_e(fact.label)}</dt>")
            for line in fact.lines:
                if fact.dir == "ltr":
                    out.append(f'<dd><bdi dir="ltr">{_e(line)}</bdi></dd>')
                elif fact.dir == "auto":  # each line its own direction: "04315 Leipzig" stays in order in Arabic
                    out.append(f'<dd dir="{_dir(line)}">{_e(line)}</dd>')
                else:
                    out.append(f"<dd>{_e(line)}</dd>")
        out.append("</dl>")
    if entry.note:
        out.append(f'<p class="note">{_e(entry.note)}</p>')
    if size != "a4":
        out.append(_codes(entry.codes, "codes below"))
    out.append("</article>")
    return "".join(out)


def to_html(guide: Guide, size: str = "a4") -> str:
    """The guide as one HTML document, styled for paged media."""
    page = SIZES[size]
    fonts = guide.fonts
    faces = "".join(
        f'@font-face {{ font-family: "Kiosk Sans"; font-weight: {weight}; src: url("{Path(fonts[key]).resolve().as_uri()}"); }}'
        for key, weight in (("regular", 400), ("bold", 700)) if key in fonts
    )
    scale = 1.0 if size == "a4" else 0.82
    css = CSS.format(page=page, faces=faces, scale=scale, footer=_css_string(guide.footer),
                     side="right" if guide.rtl else "left", outer="left" if guide.rtl else "right",
                     numbers=NUMBERS.get(guide.lang, "decimal"))
    body = ['<section class="cover">', f"<h1>{_e(guide.title)}</h1>"]
    if guide.subtitle:
        body.append(f'<p class="subtitle">{_e(guide.subtitle)}</p>')
    for line in guide.cover_lines:
        body.append(f'<p class="where" dir="{_dir(line)}">{_e(line)}</p>')
    body.append(_codes(guide.cover_codes, "cover-codes"))
    body.append(f'<p class="made">{_e(guide.made)}</p></section>')
    body.append(f'<nav class="toc"><h2>{_e(guide.contents)}</h2><ol>')
    part = None
    for index, section in enumerate(guide.sections):
        if section.part and section.part != part:
            part = section.part
            body.append(f'<li class="part">{_e(part)}</li>')
        body.append(f'<li><a href="#s{index}">{_e(section.title)}</a></li>')
    body.append("</ol></nav>")
    part = None
    for index, section in enumerate(guide.sections):
        head = ""
        if section.part and section.part != part:
            part = section.part
            head = f'<p class="part-title">{_e(part)}</p>'
        body.append(f'<section class="part" id="s{index}" style="--accent: {_e(section.color)}">{head}'
                    f'<h2 style="border-color: {_e(section.color)}">{_e(section.title)}</h2>')
        if section.intro:
            body.append(f'<p class="intro">{_e(section.intro)}</p>')
        body.extend(_entry(entry, guide, size) for entry in section.entries)
        body.append("</section>")
    direction = "rtl" if guide.rtl else "ltr"
    return (f'<!DOCTYPE html><html lang="{_e(guide.lang)}" dir="{direction}"><head><meta charset="utf-8">'
            f"<title>{_e(guide.title)}</title><style>{css}</style></head><body>{''.join(body)}</body></html>")


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_pdf(guide: Guide, out: Path | str, size: str = "a4") -> Path:
    """Write the guide as a PDF to `out`; returns the path."""
    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.WARNING)  # not a line per page in the kiosk's log
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    HTML(string=to_html(guide, size)).write_pdf(out)
    return out


CSS = """
{faces}
@page {{
  size: {page};
  margin: 16mm 15mm 18mm 15mm;
  @bottom-{outer} {{ content: counter(page, {numbers}); font: 9pt "Kiosk Sans"; color: #555; }}
  @bottom-{side} {{ content: {footer}; font: 8pt "Kiosk Sans"; color: #777; width: 80%; }}
}}
@page :first {{ @bottom-{outer} {{ content: none; }} @bottom-{side} {{ content: none; }} }}
html {{ font-family: "Kiosk Sans"; font-size: calc(10.5pt * {scale}); line-height: 1.4; color: #1a1a1a; }}
body {{ margin: 0; }}
.cover {{ page-break-after: always; padding-top: 35%; }}
.cover h1 {{ font-size: 2.8em; line-height: 1.15; margin: 0 0 .4em; color: #1d4f91; }}
.cover .subtitle {{ font-size: 1.35em; margin: 0 0 1.5em; }}
.cover .where {{ margin: .1em 0; font-size: 1.1em; }}
.cover .made {{ margin-top: 2em; color: #555; }}
.cover-codes {{ margin-top: 1.5em; }}
.toc {{ page-break-after: always; }}
.toc h2 {{ font-size: 1.7em; color: #1d4f91; }}
.toc ol {{ list-style: none; padding: 0; margin: 0; }}
.toc li {{ margin: .35em 0; }}
.toc li.part {{ font-weight: 700; margin-top: 1em; color: #1d4f91; }}
.toc a {{ color: inherit; text-decoration: none; }}
.toc a::after {{ content: leader(". ") target-counter(attr(href), page, {numbers}); }}
section.part {{ page-break-before: always; }}
section.part + section.part {{ page-break-before: auto; margin-top: 1.6em; }}
.part-title {{ font-weight: 700; color: #555; margin: 0; text-transform: uppercase; letter-spacing: .05em; }}
h2 {{ break-after: avoid; font-size: 1.55em; margin: .2em 0 .6em; padding-bottom: .15em; border-bottom: 3pt solid #1d4f91; }}
.intro {{ margin: 0 0 1em; break-after: avoid; }}
.part-title {{ break-after: avoid; }}
.item {{ break-inside: avoid; border-bottom: .5pt solid #ccc; padding: .2em 0 .8em; margin-bottom: .8em; overflow: hidden; min-height: 30mm; }}
.item h3 {{ font-size: 1.2em; margin: 0 0 .2em; }}
.item .summary {{ margin: 0 0 .4em; }}
.item .note {{ color: #666; font-size: .9em; margin: .3em 0 0; }}
dl {{ margin: 0; }}
dt {{ font-weight: 700; font-size: .9em; color: #444; margin-top: .25em; }}
dd {{ margin: 0; }}
.codes {{ float: right; margin-left: 4mm; }}
[dir=rtl] dd, [dir=rtl] .cover .where {{ text-align: right; }}
[dir=rtl] .codes {{ float: left; margin-left: 0; margin-right: 4mm; }}
.code {{ display: inline-block; margin: 0 0 0 2mm; text-align: center; vertical-align: top; }}
.code figcaption {{ max-width: 30mm; margin: 0 auto; }}
[dir=rtl] .code {{ margin: 0 2mm 0 0; }}
.codes.below, [dir=rtl] .codes.below {{ float: none; margin: .4em 0 0; }}
.code svg {{ display: block; }}
.code figcaption {{ font-size: .72em; color: #444; line-height: 1.2; }}
"""
