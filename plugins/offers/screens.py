"""The offers plugin's screens: a list of current offers per category, and one offer in full."""

from __future__ import annotations

from kivy.properties import BooleanProperty, ListProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout

from kiosk.api import KioskScreen, KLabel, NotFound, hex_color, language, load_kv, scroll_to_top

from .content import current_offers


def status_line(kiosk, hours) -> str:
    """Open now / opens Tuesday 10:00 / by appointment, in the screen's language."""
    if hours is None:
        return kiosk.t("offers.no_hours")
    now = kiosk.now()
    status = hours.status(now, kiosk.lang)
    if status.open_now:
        return kiosk.t("offers.open_until", time=kiosk.format_time(status.closes))
    closed = _closed_today(kiosk, status.closed_for)
    if status.opens is not None:
        days = (status.opens.date() - now.date()).days
        when = kiosk.format_time(status.opens)
        if days == 0:
            text = kiosk.t("offers.opens_today", time=when)
        elif days == 1:
            text = kiosk.t("offers.opens_tomorrow", time=when)
        elif days < 7:
            text = kiosk.t("offers.opens_on", day=kiosk.weekday_name(status.opens.weekday()), time=when)
        else:  # after a closed week or longer a weekday alone would mislead
            text = kiosk.t("offers.opens_date", date=kiosk.format_date(status.opens.date()), time=when)
        if status.by_appointment:
            text += " · " + kiosk.t("offers.also_appointment")
        return f"{closed} · {text}" if closed else text
    text = kiosk.t("offers.by_appointment") if status.by_appointment else kiosk.t("offers.no_hours")
    return f"{closed} · {text}" if closed else text


def _closed_today(kiosk, why) -> str:
    """"Closed today (Christmas holidays)" when a closure or a public holiday closes today."""
    if why is None:
        return ""
    if isinstance(why, str):
        reason = why
    elif why is True:
        reason = ""
    else:
        reason = kiosk.text(why)[0]
    closed = kiosk.t("offers.closed_today")
    return f"{closed} ({reason})" if reason else closed


class OfferRow(ButtonBehavior, BoxLayout):
    """One row of the offer list (a RecycleView view class)."""

    offer_id = StringProperty("")
    title = StringProperty("")
    title_lang = StringProperty("")
    provider = StringProperty("")
    provider_lang = StringProperty("")
    status = StringProperty("")
    color = ListProperty([0.11, 0.31, 0.57, 1])


class OfferListScreen(KioskScreen):
    """Routes `offers` and `offers/<category>`: the current offers, with an "in my language" filter."""

    only_mine = BooleanProperty(False)
    """`only_mine` is a BooleanProperty and defaults to False: keep offers given in the screen's language."""
    empty_text = StringProperty("")

    def __init__(self, kiosk=None, **kwargs):
        load_kv(__file__, "offers.kv")
        super().__init__(kiosk, **kwargs)

    def on_only_mine(self, *_):
        if self.kiosk and self.kiosk.pack:
            self.show(**self.params)

    def show(self, category=None, **_):
        kiosk = self.kiosk
        pack = kiosk.pack
        if pack is None:
            raise NotFound("no content")
        found = pack.category(category) if category else None
        if category and found is None:
            raise NotFound(f"unknown category {category!r}")
        self.title = kiosk.text(found.title)[0] if found else kiosk.t("offers.title")
        self.topic = category or ""
        offers = current_offers(pack, kiosk.now(), category)
        total = len(offers)
        if self.only_mine:
            offers = [o for o in offers if kiosk.lang in o.languages]
        offers.sort(key=lambda o: kiosk.text(o.title)[0].casefold())
        rows = []
        for offer in offers:
            title, title_lang = kiosk.text(offer.title)
            provider = pack.providers.get(offer.provider)
            ptext, plang = kiosk.text(provider.title) if provider else ("", kiosk.lang)
            cat = pack.category(offer.category)
            rows.append({
                "offer_id": offer.id, "title": title, "title_lang": title_lang,
                "provider": ptext, "provider_lang": plang,
                "status": status_line(kiosk, offer.hours),
                "color": hex_color(cat.color if cat else "#1d4f91"),
            })
        self.ids.list.data = rows
        if not offers:
            self.empty_text = kiosk.t("offers.empty_filtered") if total else kiosk.t("offers.empty")
        else:
            self.empty_text = ""

    def open_offer(self, offer_id: str) -> None:
        self.kiosk.navigate(f"offer/{offer_id}")

    def reset(self):
        super().reset()
        self.only_mine = False


class OfferScreen(KioskScreen):
    """Route `offer/<id>`: everything about one offer, with what other plugins add (QR, map)."""

    def __init__(self, kiosk=None, **kwargs):
        load_kv(__file__, "offers.kv")
        super().__init__(kiosk, **kwargs)

    def show(self, id=None, **_):
        kiosk = self.kiosk
        pack = kiosk.pack
        offer = pack.items("offers").get(id) if pack else None
        if offer is None or not offer.is_current(kiosk.now()):
            raise NotFound(f"no current offer {id!r}")
        box = self.ids.body
        box.clear_widgets()
        scroll_to_top(self.ids.scroll)
        fallback = False

        def text(value, size="30sp", bold=False, color=None):
            nonlocal fallback
            shown, lang = kiosk.text(value)
            fallback = fallback or lang != kiosk.lang
            label = KLabel(text=shown, lang=lang, font_size=size, bold=bold)
            if color:
                label.color = color
            box.add_widget(label)

        def heading(key):
            box.add_widget(KLabel(text=kiosk.t(key), font_size="26sp", bold=True, color=(0.33, 0.33, 0.36, 1)))

        def plain(value, size="30sp", lang=""):
            box.add_widget(KLabel(text=value, font_size=size, lang=lang))

        title, _ = kiosk.text(offer.title)
        self.title = title
        self.topic = offer.category
        text(offer.title, "46sp", bold=True)
        text(offer.summary, "32sp")
        plain(status_line(kiosk, offer.hours), "30sp")
        # What other plugins add (the QR codes) comes early: taking it home is why people stop.
        for widget in self.item_widgets(offer):
            box.add_widget(widget)
        if offer.description:
            text(offer.description, "28sp", color=(0.2, 0.2, 0.22, 1))
        provider = pack.providers.get(offer.provider)
        if provider:
            heading("offers.provider")
            text(provider.title)
        place = pack.places.get(offer.place)
        if place:
            heading("offers.address")
            if kiosk.text(place.title)[0] != place.address.street:
                text(place.title)
            for line in place.address.lines():
                plain(line, lang="de")
        if offer.hours and any(day.slots for day in offer.hours.days):
            heading("offers.hours")
            box.add_widget(HoursTable(kiosk, offer.hours))
            if offer.hours.note:
                text(offer.hours.note, "26sp")
        if offer.languages:
            heading("offers.languages")
            plain(" · ".join(language(c).native for c in offer.languages), lang="en")
        contact = pack.contact_of(offer)
        if contact:
            heading("offers.contact")
            for value in (contact.phone, contact.email, contact.website):
                if value:
                    plain(value, lang="en")
        for button in self.item_actions(offer):
            box.add_widget(button)
        self.ids.notice.text = kiosk.t("shell.not_translated") if fallback else ""


class HoursTable(BoxLayout):
    """Seven rows, Monday first; today's row is marked."""

    def __init__(self, kiosk, hours, **kwargs):
        super().__init__(orientation="vertical", size_hint_y=None, spacing=4, **kwargs)
        self.bind(minimum_height=self.setter("height"))
        today = kiosk.now().weekday()
        for index, day in enumerate(hours.days):
            if day.slots:
                when = ", ".join(f"{kiosk.format_time(s)} – {kiosk.format_time(e)}" for s, e in day.slots)
            elif day.appointment:
                when = kiosk.t("offers.by_appointment")
            else:
                when = kiosk.t("offers.closed")
            self.add_widget(HoursRow(day=kiosk.weekday_name(index), when=when, today=index == today))
        if hours.by_appointment and not hours.appointment_only:
            self.add_widget(KLabel(text=kiosk.t("offers.also_appointment"), font_size="26sp"))


class HoursRow(BoxLayout):
    day = StringProperty("")
    when = StringProperty("")
    today = BooleanProperty(False)
