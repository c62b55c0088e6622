"""The events plugin's screens: what is coming up, and one event in full."""

from __future__ import annotations

from kivy.clock import Clock
from kivy.properties import StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout

from kiosk.api import KioskScreen, KLabel, NotFound, isolate, language, load_kv, scroll_to_top

from .content import upcoming_events


def when(kiosk, event) -> str:
    """"Tuesday, 19 May 2026, 14:00 – 17:00" in the screen's language and local time."""
    start, end = (event.start.astimezone(kiosk.now().tzinfo), event.end.astimezone(kiosk.now().tzinfo))
    text = f"{kiosk.format_date(start.date())}, {kiosk.format_time(start)} – "
    if end.date() != start.date():
        text += f"{kiosk.format_date(end.date())}, "
    return text + kiosk.format_time(end)


class EventRow(ButtonBehavior, BoxLayout):
    event_id = StringProperty("")
    title = StringProperty("")
    title_lang = StringProperty("")
    when = StringProperty("")


class EventListScreen(KioskScreen):
    """Route `events`: upcoming events from now, soonest first; past ones are not shown."""

    empty_text = StringProperty("")

    def __init__(self, kiosk=None, **kwargs):
        load_kv(__file__, "events.kv")
        super().__init__(kiosk, **kwargs)

    def show(self, **_):
        kiosk = self.kiosk
        if kiosk.pack is None:
            raise NotFound("no content")
        self.title = self.t("events.title")
        rows = []
        for event in upcoming_events(kiosk.pack, kiosk.now()):
            title, lang = kiosk.text(event.title)
            rows.append({"event_id": event.id, "title": title, "title_lang": lang, "when": when(kiosk, event)})
        self.ids.list.data = rows
        self.empty_text = "" if rows else self.t("events.none")

    def open_event(self, event_id: str) -> None:
        self.kiosk.navigate(f"event/{event_id}")

    def reset(self):
        super().reset()


class EventScreen(KioskScreen):
    """Route `event/<id>`: the event, where and when, with what other plugins add."""

    def __init__(self, kiosk=None, **kwargs):
        load_kv(__file__, "events.kv")
        super().__init__(kiosk, **kwargs)

    def show(self, id=None, **_):
        kiosk = self.kiosk
        pack = kiosk.pack
        event = pack.items("events").get(id) if pack else None
        if event is None or event.is_over(kiosk.now()):
            raise NotFound(f"no upcoming event {id!r}")
        facts, box = self.ids.facts, self.ids.body
        facts.clear_widgets()
        box.clear_widgets()
        self.ids.actions.clear_widgets()
        scroll_to_top(self.ids.scroll)
        fallback = False

        def text(value, size="30sp", bold=False, into=None):
            nonlocal fallback
            shown, lang = kiosk.text(value)
            fallback = fallback or lang != kiosk.lang
            (into or box).add_widget(KLabel(text=shown, lang=lang, font_size=size, bold=bold))

        def heading(key, into=None):
            (into or box).add_widget(KLabel(text=self.t(key), font_size="24sp", bold=True, color=(0.33, 0.33, 0.36, 1)))

        self.title = kiosk.text(event.title)[0]
        # Facts first: when, where, in which languages; the calendar code follows.
        text(event.title, "44sp", bold=True, into=facts)
        facts.add_widget(KLabel(text=when(kiosk, event), font_size="32sp", bold=True, color=(0.54, 0.29, 0.03, 1)))
        text(event.summary, "30sp", into=facts)
        note = getattr(event, "status_note", None)
        if note:
            text(note, "26sp", into=facts)
        place = pack.places.get(event.place) if event.place else None
        if place:
            heading("events.place", into=facts)
            text(place.title, into=facts)
            for line in place.address.lines():
                facts.add_widget(KLabel(text=line, lang="de"))
        if event.languages:
            heading("events.languages", into=facts)
            facts.add_widget(KLabel(text=" · ".join(isolate(language(c).native) for c in event.languages)))
        for widget in self.item_widgets(event):
            box.add_widget(widget)
        if event.description:
            text(event.description, "28sp")
        if event.topics:
            heading("events.topics")
            for topic in event.topics:
                shown, lang = kiosk.text(topic)
                fallback = fallback or lang != kiosk.lang
                box.add_widget(KLabel(text="• " + shown, lang=lang, font_size="28sp"))
        for button in self.item_actions(event):
            self.ids.actions.add_widget(button)
        self.ids.notice.text = self.t("shell.not_translated") if fallback else ""
        # the facts grow as their texts wrap: show the top again once they have their height
        Clock.schedule_once(lambda _dt: scroll_to_top(self.ids.scroll), 0)
