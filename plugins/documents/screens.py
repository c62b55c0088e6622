"""The documents plugin's screens: the list of downloads, and one document with its code."""

from __future__ import annotations

from kiosk.api import KButton, KioskScreen, KLabel, NotFound, isolate, language, load_kv


class DocumentListScreen(KioskScreen):
    """Route `documents`: every document of the pack as a large button."""

    def __init__(self, kiosk=None, **kwargs):
        load_kv(__file__, "documents.kv")
        super().__init__(kiosk, **kwargs)

    def show(self, **_):
        kiosk = self.kiosk
        if kiosk.pack is None:
            raise NotFound("no content")
        self.title = self.t("documents.title")
        box = self.ids.body
        box.clear_widgets()
        for doc in kiosk.pack.items("documents").values():
            button = KButton(text=kiosk.text(doc.title)[0], icon="documents", height="132dp")
            button.bind(on_release=lambda b, i=doc.id: kiosk.navigate(f"document/{i}"))
            box.add_widget(button)


class DocumentScreen(KioskScreen):
    """Route `document/<id>`: title, what it is, its languages and format, and its code."""

    def __init__(self, kiosk=None, **kwargs):
        load_kv(__file__, "documents.kv")
        super().__init__(kiosk, **kwargs)

    def show(self, id=None, **_):
        kiosk = self.kiosk
        pack = kiosk.pack
        doc = pack.items("documents").get(id) if pack else None
        if doc is None:
            raise NotFound(f"no document {id!r}")
        box = self.ids.body
        box.clear_widgets()
        fallback = False
        self.title = kiosk.text(doc.title)[0]
        for value, size, bold in ((doc.title, "44sp", True), (doc.summary, "30sp", False)):
            shown, lang = kiosk.text(value)
            fallback = fallback or lang != kiosk.lang
            box.add_widget(KLabel(text=shown, lang=lang, font_size=size, bold=bold))
        facts = []
        if doc.languages:
            facts.append(" · ".join(isolate(language(c).native) for c in doc.languages))
        if doc.format:
            facts.append(isolate(doc.format))
        if facts:  # in the screen's direction; each name and the format keep their own
            box.add_widget(KLabel(text="  |  ".join(facts), font_size="26sp", color=(0.33, 0.33, 0.36, 1)))
        for widget in self.item_widgets(doc):
            box.add_widget(widget)
        self.ids.notice.text = self.t("shell.not_translated") if fallback else ""
