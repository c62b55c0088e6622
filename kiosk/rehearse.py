"""Measuring a screen's texts in the languages a visitor may switch to, before they choose.

A language switch lays out every text of the screen it returns to anew, in the new language. With
Arabic and Persian each word and line is a raqm layout never measured before: 41 % of a switch to
Persian went to measuring (bench/language, py-spy). While the language screen shows, the visitor
reads the list of languages; the kiosk measures meanwhile, in settled frames (`QuietCollector`,
kiosk/heap.py), what the screen below would say in each of them. The measurements go into the
text provider's caches (kiosk/boot.py), keyed by font, size, direction and text, so a guess that
turns out wrong costs only the idle time it took: the switch measures what it finds missing.

What a label would say in another language comes from `Said`: the kiosk notes, for every text it
hands out, how it came to be (a content text, an interface string with its values, a weekday's
name), and says it again in another language from that. A text it did not hand out (an address,
a phone number) is the same in every language; only its direction may change.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice

SAID_MAX = 8192  # texts remembered: a list of 2,000 offers notes three texts a row


class Said:
    """How each text the kiosk handed out lately came to be: `note(shown, how)`, where `how` is
    ("text", Text), ("t", key, values), ("weekday", index) or ("tile", route, "title" or
    "subtitle") of a home tile; `again(shown, lang)` says it in `lang`. `tiles(lang)` gives the
    home tiles in `lang` (asked once a language until `fresh()`)."""

    def __init__(self, catalog, tiles=None):
        self._catalog = catalog
        self._how: dict[str, tuple] = {}
        self._tiles = tiles
        self._tiles_in: dict[str, dict] = {}

    def forget(self) -> None:
        """Forget everything noted (a new pack: the old one's texts must not stay alive here)."""
        self._how.clear()
        self._tiles_in.clear()

    def fresh(self) -> None:
        """Ask for the tiles again: the time or the content may have changed."""
        self._tiles_in.clear()

    def note(self, shown: str, how: tuple) -> None:
        found = self._how
        if shown in found:
            return
        if len(found) >= SAID_MAX:  # the oldest half goes (a dict keeps the order of insertion)
            for old in list(islice(found, SAID_MAX // 2)):
                del found[old]
        found[shown] = how

    def __len__(self) -> int:
        return len(self._how)

    def again(self, shown: str, lang: str, fallbacks: tuple) -> tuple[str, str] | None:
        """`shown` as it reads in `lang`: (text, language it is in), or None when the kiosk did
        not hand it out."""
        how = self._how.get(shown)
        if how is None:
            return None
        kind = how[0]
        if kind == "text":
            return how[1].pick(lang, fallbacks)
        if kind == "t":
            return self._catalog.t(how[1], lang, **how[2]), ""
        if kind == "tile":
            tiles = self._tiles_in.get(lang)
            if tiles is None:
                tiles = self._tiles_in[lang] = {t.route: t for t in self._tiles(lang)} if self._tiles else {}
            tile = tiles.get(how[1])
            if tile is None:
                return None
            return getattr(tile, how[2]), ""  # in the screen's language, as the hook was asked
        from kiosk import dates

        return dates.weekday(self._catalog, lang, how[1]), ""


def rehearsal(kiosk, screen, languages, still, also=()) -> Iterator[None]:
    """Steps (for `QuietCollector.errand`) that measure every label of `screen`, and the labels
    of `also` ((label, the text it will show) pairs: the header's title), as they would read in
    each of `languages`, one label a step; stops as soon as `still()` is false. Right-to-left
    languages first: theirs are the costly layouts."""
    from kiosk.languages import is_rtl, text_direction
    from kiosk.uix import KLabel

    work = [(w, w.given) for w in screen.walk(restrict=True) if isinstance(w, KLabel) and w.given]
    work += [(label, text) for label, text in also if text]
    work = [(label, given) for label, given in work if label.width > 1]
    fallbacks = (kiosk.pack.default_language if kiosk.pack else "de", "en")
    for lang in sorted(languages, key=lambda code: not is_rtl(code)):
        for label, given in work:
            if not still():
                return
            found = kiosk.said.again(given, lang, fallbacks)
            text, text_lang = found if found is not None else (given, label.lang)
            label.rehearse(text, text_direction(text, text_lang or lang))
            yield


def chrome_labels(root, screens) -> list:
    """The labels of `root` outside `screens` (the screen manager): header, navigation, tools."""
    from kiosk.uix import KLabel

    found, todo = [], [root]
    while todo:
        widget = todo.pop()
        if widget.uid == screens.uid:  # (`ids` hold proxies: compared by uid)
            continue
        if isinstance(widget, KLabel):
            found.append(widget)
        todo.extend(widget.children)
    return found
