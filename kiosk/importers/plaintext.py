"""HTML of a web page as the plain text a kiosk shows: paragraphs, list items, no markup."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

_BLOCKS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section", "blockquote"}
_SKIP = {"script", "style", "iframe", "noscript", "svg"}
_SENTENCE_END = re.compile(r"(?<=[.!?؟۔])\s+")


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self.skipping += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")
            if tag == "li":
                self.parts.append("• ")

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def html_to_text(html: str | None) -> str:
    """Paragraphs separated by one blank line; spaces collapsed; entities decoded."""
    if not html:
        return ""
    parser = _Text()
    parser.feed(html)
    parser.close()
    text = unescape("".join(parser.parts)).replace("\xa0", " ")
    lines = [re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in text.split("\n")]
    paragraphs, current = [], []
    for line in lines:
        if line:
            current.append(line)
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(p for p in paragraphs if p.strip("• "))


def sentences(text: str, limit: int) -> str:
    """As many whole sentences of `text` as fit in `limit` characters (at least the first, cut
    with an ellipsis when even that is too long); paragraphs become one line."""
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    # a heading runs into what follows it: "Erste Schritte: Hier finden Sie ..."
    # and a list ends before the next paragraph: "• Arbeit. Bringen Sie ..."
    def joined(i: int, p: str) -> str:
        if i + 1 == len(paragraphs) or p[-1] in ".!?:;…؟۔":
            return p
        if not p.startswith("•"):
            return f"{p}:"
        return p if paragraphs[i + 1].startswith("•") else f"{p}."

    flat = " ".join(joined(i, p) for i, p in enumerate(paragraphs))
    flat = " ".join(flat.split())
    if len(flat) <= limit:
        return flat
    taken = ""
    for sentence in _SENTENCE_END.split(flat):
        candidate = f"{taken} {sentence}".strip()
        if len(candidate) > limit:
            break
        taken = candidate
    if taken:
        return taken
    cut = flat[: limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:-–") + "…"


def after(text: str, summary: str) -> str:
    """What `text` says beyond its `summary` (its first sentences), as plain text."""
    flat = sentences(text, len(text) + 1)
    return flat[len(summary):].strip() if summary and flat.startswith(summary) else flat
