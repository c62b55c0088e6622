"""The offers plugin's screens: a list of current offers per category, and one offer in full."""

from __future__ import annotations

from kivy.clock import Clock
from kivy.metrics import dp
from kivy.properties import BooleanProperty, ListProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.recycleview.views import RecycleDataViewBehavior

from kiosk.api import (
    INK, MUTED, Icon, KioskScreen, KLabel, KRecycleView, NotFound, Row, hex_color, isolate, language, load_kv,
    scroll_to_top,
)

from . import content
from .content import current_offers

# state -> (icon, ground, ink): each state its own colour, icon and word
STATES = {
    "open": ("check", (0.08, 0.42, 0.22, 1), (1, 1, 1, 1)),
    "later": ("clock", (0.93, 0.91, 0.87, 1), (0.2, 0.2, 0.22, 1)),
    "appointment": ("events", (0.11, 0.31, 0.57, 1), (1, 1, 1, 1)),
    "ask": ("phone", (0.98, 0.9, 0.7, 1), (0.4, 0.22, 0.0, 1)),
}


def status_state(kiosk, hours, status=None) -> str:
    """'open' now, opens 'later', by 'appointment' only, or 'ask' (no times known). `status` is
    `hours.status(now, lang)` when the caller has it already."""
    if hours is None:
        return "ask"
    status = status if status is not None else hours.status(kiosk.now())
    if status.open_now:
        return "open"
    if status.opens is not None:
        return "later"
    return "appointment" if status.by_appointment else "ask"


def status_line(kiosk, hours, status=None) -> str:
    """Open now / opens Tuesday 10:00 / by appointment, in the screen's language."""
    if hours is None:
        return kiosk.t("offers.no_hours")
    now = kiosk.now()
    status = status if status is not None else hours.status(now, kiosk.lang)
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


class StatusBadge(Row):
    """Whether an offer is open: its word on the state's colour, with the state's icon."""

    text = StringProperty("")
    state_name = StringProperty("ask")
    """`state_name` is a StringProperty and defaults to 'ask': a key of STATES."""
    icon = StringProperty("phone")
    ground = ListProperty(STATES["ask"][1])
    ink = ListProperty(STATES["ask"][2])
    font_size = NumericProperty(dp(28))

    def on_state_name(self, *_):
        self.icon, self.ground, self.ink = STATES.get(self.state_name, STATES["ask"])


class NoteMarker(Row):
    """An item's status note ("this information dates from 2007") on an amber ground."""

    text = StringProperty("")
    lang = StringProperty("")
    font_size = NumericProperty(dp(26))
    lines = NumericProperty(0)


class OfferRow(RecycleDataViewBehavior, ButtonBehavior, BoxLayout):
    """One row of the offer list (a RecycleView view class). Whether its offer is open is worked
    out when the row first comes into view (`status_of` in its data), not for every row of a
    long list on the tap that opens it."""

    def refresh_view_attrs(self, rv, index, data):
        later = data.pop("status_of", None)
        if later is not None:
            data["status"], data["state_name"] = later()
        super().refresh_view_attrs(rv, index, data)

    offer_id = StringProperty("")
    title = StringProperty("")
    title_lang = StringProperty("")
    provider = StringProperty("")
    provider_lang = StringProperty("")
    status = StringProperty("")
    state_name = StringProperty("ask")
    note = StringProperty("")
    note_lang = StringProperty("")
    color = ListProperty([0.11, 0.31, 0.57, 1])


class OfferList(KRecycleView):
    """One category's list of offers (`OfferListScreen` keeps one for each category opened)."""

    room = NumericProperty(0)
    """The height the screen leaves it (offers.kv)."""
    shown = ObjectProperty(None, allownone=True)
    """What it shows: (content, day, category, language, filter, minute); None before it is filled."""
    empty_text = StringProperty("")
    """What the screen says while this list has no rows."""
    hours = ObjectProperty(())
    """Each row's offer's opening hours, in the rows' order."""


class OfferListScreen(KioskScreen):
    """Routes `offers` and `offers/<category>`: the current offers, with an "in my language" filter."""

    only_mine = BooleanProperty(False)
    """`only_mine` is a BooleanProperty and defaults to False: keep offers given in the screen's language."""
    empty_text = StringProperty("")
    room = NumericProperty(0)  # the height the list may take (offers.kv)

    def __init__(self, kiosk=None, **kwargs):
        load_kv(__file__, "offers.kv")
        super().__init__(kiosk, **kwargs)
        self._rows: dict = {}  # (category, language) -> what `_listed` found, for this content and day
        self._rows_stamp = None
        # A list of its own for each category opened, the latest last, as it was left: its rows
        # made and drawn, scrolled where it was. Opening a category again shows it, as going
        # back from an offer does; a tile's tap no longer fills one list anew with another
        # category's rows (bench/tap: the tile was the slowest tap, 18-28 ms above the list's
        # floor, where going back costs 1-7).
        first = self.ids.list.__ref__()  # the widget itself: `ids` holds weak proxies
        self._lists: dict = {}
        self._spare = first  # the kv's list, for the first category opened
        self.ids.list = self._current = first  # the list on the screen

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
        # what the rows say, sorted, once a day per list and language (a tile's tap shows a
        # list of hundreds: looking up every title again was a twentieth of its frame)
        now = kiosk.now()
        stamp = (content.changes, now.date())
        if stamp != self._rows_stamp:  # new content or a new day: nothing of before is kept
            self._rows, self._rows_stamp = {}, stamp
            self._forget_lists()
        listing = self._list_for(category)
        shown = (*stamp, category, kiosk.lang, self.only_mine, now.replace(second=0, microsecond=0))
        if shown[:-1] == (listing.shown or ())[:-1]:
            self.empty_text = listing.empty_text
            if shown != listing.shown:  # the same rows, minutes later: only whether each is open
                listing.shown = shown
                self._restate(listing, now)
            return  # the list as it is, where it was scrolled to: back from an offer costs a frame
        listing.shown = shown
        rows_of = self._rows.get((category, kiosk.lang))
        if rows_of is None:
            rows_of = self._rows[(category, kiosk.lang)] = self._listed(category)
        total = len(rows_of)
        if self.only_mine:
            rows_of = [r for r in rows_of if kiosk.lang in r[0].languages]
        rows = [dict(fixed, status_of=self._status_of(offer.hours, now)) for offer, fixed in rows_of]
        listing.hours = [offer.hours for offer, _fixed in rows_of]
        listing.data = rows
        if not rows:
            listing.empty_text = kiosk.t("offers.empty_filtered") if total else kiosk.t("offers.empty")
        else:
            listing.empty_text = ""
        self.empty_text = listing.empty_text

    def _status_of(self, hours, now):
        """Whether an offer with `hours` is open at `now`, worked out when its row first comes
        into view (`OfferRow.refresh_view_attrs`)."""
        kiosk = self.kiosk

        def work_out():
            status = hours.status(now, kiosk.lang) if hours else None  # once for both
            return status_line(kiosk, hours, status), status_state(kiosk, hours, status)
        return work_out

    def _restate(self, listing, now) -> None:
        """Work out again whether each row's offer is open, at `now`: the rows with a view (on
        the screen, or kept by the list for where they were) at once, the others when they come
        into view. Filling the list anew for it was most of a tile's tap minutes after the last."""
        for row, hours in zip(listing.data, listing.hours):
            row["status_of"] = self._status_of(hours, now)
        # Kivy (pinned at 2.3.1) keeps a row's view in one of the adapter's two states its
        # docstring names: `views` (shown) or `dirty_views` (in step with its data, kept for
        # its index and shown again without `refresh_view_attrs`); there is no public way to
        # reach the second. In tests/test_app.py, ..._hours_later_says_what_is_open_then fails
        # if `views` is missed, ..._kept_out_of_view_says_what_is_open_... if `dirty_views` is.
        adapter = listing.view_adapter
        held = dict(adapter.views)
        for views in adapter.dirty_views.values():  # a view kept for its index is shown as it is
            held.update(views)
        for index, view in held.items():
            if index < len(listing.data):
                view.refresh_view_attrs(listing, index, listing.data[index])

    LISTS_MAX = 12
    """Lists kept for categories opened (`show`), each with the rows in its view: a pack's every
    category, as a rule; past this many, the one opened longest ago goes."""

    def _list_for(self, category):
        """The list of `category`, on the screen in the place of the one shown before
        (`ids.list` is the one shown)."""
        listing = self._lists.pop(category, None)
        if listing is None:
            if self._spare is not None:
                listing, self._spare = self._spare, None
            else:
                listing = OfferList()
            if len(self._lists) >= self.LISTS_MAX:
                _discard(self._lists.pop(next(iter(self._lists))))
        self._lists[category] = listing
        shown = self._current
        if listing is not shown:
            box = shown.parent
            box.add_widget(listing, index=box.children.index(shown))
            box.remove_widget(shown)
            self.ids.list = self._current = listing
        listing.room = self.room
        return listing

    def on_room(self, _screen, room):
        self.ids.list.room = room  # (during the kv rule, before `__init__` has gone on)

    def _forget_lists(self) -> None:
        """New content or a new day: the lists of other categories go (the one shown is filled
        again), and their labels are not drawn again."""
        shown = self._current
        for listing in self._lists.values():
            if listing is not shown:
                _discard(listing)
        self._lists = {key: listing for key, listing in self._lists.items() if listing is shown}

    def _listed(self, category) -> list:
        """[(offer, what its row says but whether it is open)] of today's offers, by title."""
        kiosk = self.kiosk
        pack = kiosk.pack
        offers = current_offers(pack, kiosk.now(), category)
        titles = {o.id: kiosk.text(o.title) for o in offers}  # each title looked up once
        offers.sort(key=lambda o: titles[o.id][0].casefold())
        colors = {c.id: hex_color(c.color) for c in pack.categories}
        default_color = hex_color("#1d4f91")
        listed = []
        for offer in offers:
            title, title_lang = titles[offer.id]
            provider = pack.providers.get(offer.provider)
            ptext, plang = kiosk.text(provider.title) if provider else ("", kiosk.lang)
            note, note_lang = kiosk.text(offer.status_note) if offer.status_note else ("", kiosk.lang)
            listed.append((offer, {
                "offer_id": offer.id, "title": title, "title_lang": title_lang,
                "provider": ptext, "provider_lang": plang,
                "note": note, "note_lang": note_lang,
                "color": colors.get(offer.category, default_color),
                "height": dp(236 + (44 if note else 0)),
            }))
        return listed

    def open_offer(self, offer_id: str) -> None:
        self.kiosk.navigate(f"offer/{offer_id}")

    def reset(self):
        super().reset()
        self.only_mine = False
        for listing in self._lists.values():  # the next visitor sees every list from its top
            scroll_to_top(listing)


def _discard(listing) -> None:
    """A list that goes: its labels are not laid out or drawn again (`KLabel.discarded`)."""
    for widget in listing.walk(restrict=True):
        if hasattr(widget, "discarded"):
            widget.discarded = True


class OfferScreen(KioskScreen):
    """Route `offer/<id>`: everything about one offer, with what other plugins add (QR, map)."""

    def __init__(self, kiosk=None, **kwargs):
        load_kv(__file__, "offers.kv")
        super().__init__(kiosk, **kwargs)
        self._hours = HoursTable()

    def show(self, id=None, **_):
        kiosk = self.kiosk
        pack = kiosk.pack
        offer = pack.items("offers").get(id) if pack else None
        if offer is None or not offer.is_current(kiosk.now()):
            raise NotFound(f"no current offer {id!r}")
        facts, box = self.ids.facts, self.ids.body
        if self._hours.parent is not None:  # kept, filled again below: every offer's table is the same shape
            self._hours.parent.remove_widget(self._hours)
        self.clear(facts, box, self.ids.actions)
        scroll_to_top(self.ids.scroll)
        fallback = False

        # Every widget has a slot of its own (`kept`): the next offer fills the same widgets.
        def text(slot, value, size="30sp", bold=False, color=INK, into=None):
            nonlocal fallback
            shown, lang = kiosk.text(value)
            fallback = fallback or lang != kiosk.lang
            (into or box).add_widget(self.kept(slot, KLabel, text=shown, lang=lang, font_size=size, bold=bold,
                                               color=color))

        def heading(slot, key, into=None):
            (into or box).add_widget(self.kept(slot, KLabel, text=kiosk.t(key), font_size="24sp", bold=True,
                                               color=MUTED))

        facts_made = 0

        def fact(icon, value, lang="", size="30sp"):
            nonlocal facts_made
            facts.add_widget(self.kept(f"fact{facts_made}", Fact, icon=icon, text=value, lang=lang, font_size=size))
            facts_made += 1

        title, _ = kiosk.text(offer.title)
        self.title = title
        self.topic = offer.category
        # Facts first: whether it is open, the hours, where, the phone and the languages, on the
        # first screen in both orientations; the codes to take home follow.
        text("title", offer.title, "44sp", bold=True, into=facts)
        text("summary", offer.summary, "30sp", into=facts)
        facts.add_widget(self.kept("status", StatusBadge, text=status_line(kiosk, offer.hours),
                                   state_name=status_state(kiosk, offer.hours)))
        if offer.status_note:
            shown, lang = kiosk.text(offer.status_note)
            facts.add_widget(self.kept("note", NoteMarker, text=shown, lang=lang, font_size=dp(26)))
        as_of = getattr(offer, "as_of", None)
        if as_of:
            facts.add_widget(self.kept("as_of", KLabel, text=kiosk.t("offers.as_of", date=kiosk.format_date(as_of)),
                                       font_size="24sp", color=MUTED))
        place = pack.places.get(offer.place) if offer.place else None
        if place:
            lines = list(place.address.lines())
            if kiosk.text(place.title)[0] != place.address.street:
                lines.insert(0, kiosk.text(place.title)[0])
            for index, line in enumerate(lines):  # one label a line: read aloud, "49" and "04315" stay apart
                fact("place" if index == 0 else "", line, lang="de")
        contact = _contact(pack, offer)
        if contact.phone:
            fact("phone", contact.phone, lang="de")
        if offer.languages:
            fact("language", " · ".join(isolate(language(c).native) for c in offer.languages))
        provider = pack.providers.get(offer.provider)
        later_texts = (offer.hours.note if offer.hours else None, offer.description, provider.title if provider else None)
        # the notice stands above everything: set now, so nothing moves when the rest comes
        fallback = fallback or any(value and kiosk.text(value)[1] != kiosk.lang for value in later_texts)
        self.ids.notice.text = kiosk.t("shell.not_translated") if fallback else ""

        # The tap is answered in its own frame by the head of the facts: the title, the summary,
        # whether it is open, where, the phone and the languages. Below them come, a frame each,
        # the week's hours, what other plugins add (the QR codes, each saying what a phone gets,
        # and the buttons), and the rest (bench/tap: the whole offer screen in the tap's frame
        # was twice the budget here).
        def hours():
            if offer.hours and any(day.slots or day.appointment for day in offer.hours.days):
                self._hours.fill(kiosk, offer.hours)
                facts.add_widget(self._hours)
                if offer.hours.note:
                    text("hours_note", offer.hours.note, "26sp", into=facts)

        def additions():
            for widget in self.item_widgets(offer):
                box.add_widget(widget)
            for button in self.item_actions(offer):
                self.ids.actions.add_widget(button)

        def rest():
            if offer.description:
                text("description", offer.description, "28sp", color=(0.2, 0.2, 0.22, 1))
            if provider:
                heading("provider_heading", "offers.provider")
                text("provider", provider.title)
            if contact.email or contact.website:
                heading("contact_heading", "offers.contact")
                for slot, value in (("email", contact.email), ("website", contact.website)):
                    if value:
                        box.add_widget(self.kept(slot, KLabel, text=value, lang="en", font_size="26sp"))

        self.later(hours)
        self.later(additions)
        self.later(rest)
        # the facts grow as their texts wrap: show the top again once they have their height
        Clock.schedule_once(lambda _dt: scroll_to_top(self.ids.scroll), 0)


def _contact(pack, offer):
    """Every official contact the content gives for the offer: its own, completed by its
    provider's (an offer with an e-mail address of its own keeps its provider's phone)."""
    from dataclasses import fields, replace

    own = offer.contact
    provider = pack.providers.get(offer.provider)
    if provider is None or not provider.contact:
        return own
    missing = {f.name: getattr(provider.contact, f.name) for f in fields(own) if not getattr(own, f.name)}
    return replace(own, **missing)


class Fact(Row):
    """One fact of an offer with its icon: the address, the phone, the languages."""

    icon = StringProperty("info")
    text = StringProperty("")
    lang = StringProperty("")
    font_size = NumericProperty(dp(30))


class HoursTable(BoxLayout):
    """Seven rows, Monday first; today's row is marked. The offer screen keeps one and fills it
    for each offer (`fill`): a day's label whose text stays the same is not drawn again."""

    def __init__(self, **kwargs):
        super().__init__(orientation="vertical", size_hint_y=None, spacing=4, **kwargs)
        self.bind(minimum_height=self.setter("height"))
        self._rows: list[HoursRow] = []
        self._also = KLabel(font_size="26sp")

    def fill(self, kiosk, hours) -> None:
        today = kiosk.now().weekday()
        self.clear_widgets()
        while len(self._rows) < len(hours.days):
            self._rows.append(HoursRow())
        for index, (row, day) in enumerate(zip(self._rows, hours.days)):
            if day.slots:
                when = ", ".join(f"{kiosk.format_time(s)} – {kiosk.format_time(e)}" for s, e in day.slots)
            elif day.appointment:
                when = kiosk.t("offers.by_appointment")
            else:
                when = kiosk.t("offers.closed")
            row.day, row.when = kiosk.weekday_name(index), when
            row.today, row.open = index == today, bool(day.slots or day.appointment)
            self.add_widget(row)
        if hours.by_appointment and not hours.appointment_only:
            self._also.text = kiosk.t("offers.also_appointment")
            self.add_widget(self._also)


class HoursRow(BoxLayout):
    day = StringProperty("")
    when = StringProperty("")
    today = BooleanProperty(False)
    open = BooleanProperty(False)
    """`open` is a BooleanProperty: the day has hours (or appointments); a closed day is muted."""
