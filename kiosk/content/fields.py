"""Reading the fields every kind of content shares: texts in many languages, contacts, hours.

A `FieldReader` is what a content kind's reader receives (see `kiosk.api.Kind`): it turns located
YAML values into model values and reports every problem with its file and line, so each plugin's
kind is checked exactly as strictly, and in the same words, as the built-in ones.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path
from types import MappingProxyType
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from kiosk.clock import DEFAULT_ZONE  # a pack without `timezone:` is read in this zone
from kiosk.content import sanity
from kiosk.content.hours import read_hours
from kiosk.content.model import Contact, Locs, Text
from kiosk.languages import LANGUAGES
from kiosk.schema import Reader, Report, date_hint, did_you_mean, loose_time
from kiosk.yamlsafe import Loc, Mapping, Scalar

URL_RE = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE_RE = re.compile(r"^\+?[0-9][0-9 ()/-]{4,}$")
DATETIME_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T](\d{1,2}:\d{2})(?::\d{2})?([+-]\d{2}:\d{2}|Z)?$")
COMMON = ("as_of", "status_note")
"""Fields every item of every kind may have: when its information was last checked (`as_of`,
a date) and a note on its status in the pack's languages (`status_note`)."""
TITLES = ("title", "name", "value", "topic", "attribution")
"""Text fields shown as one line of a heading: no line breaks, no direction controls."""


class FieldReader(Reader):
    """Typed access to a pack's located YAML values; each method returns None after reporting.

    `folder` is the pack's folder, `languages` the pack's languages (the default first) and
    `zone` its time zone: read from pack.yaml before any kind is read.
    """

    def __init__(self, report: Report, folder: Path, icons=None):
        super().__init__(report)
        self.folder = folder
        self.icons = icons
        self.languages: tuple[str, ...] = ()
        self.zone = zone(DEFAULT_ZONE)
        self.holidays = None  # the region's public holidays (pack.yaml `holidays:`), for hours
        # equal immutable values read again (a week's days, a tuple of languages, the field
        # names of an item) are kept once: a large pack repeats them thousands of times
        self._shared: dict = {}

    def share(self, value):
        """`value`, or the equal value read before (for hashable, immutable values)."""
        return self._shared.setdefault(value, value)

    def error(self, loc: Loc, message: str) -> None:
        self.report.error(loc, message)

    def warn(self, loc: Loc, message: str) -> None:
        self.report.warn(loc, message)

    # -- records ------------------------------------------------------------------------------

    def record(self, node, what: str, required=(), optional=()):
        """Start reading one item: (its fields, the values every record has) or (None, None).

        The values hold `id`, `loc` and `locs` (where each field was written), and `as_of` and
        `status_note` when the item gives them; `optional` need not list those two."""
        m = self.fields(node, what, required=("id", *required), optional=(*optional, *COMMON))
        if m is None:
            return None, None
        base = {"loc": m.loc, "locs": Locs.of(m.key_locs, self._shared)}
        rid = self.ident(m["id"], f"{what} id") if "id" in m else None
        # an item without a usable id is still read to the end, so that all its mistakes show
        base["id"] = rid or ""
        if "as_of" in m:
            base["as_of"] = self.date(m["as_of"], "as_of")
            if base["as_of"] is None:
                base["id"] = ""
        if "status_note" in m:
            base["status_note"] = self._text_or_fail(m["status_note"], "status_note", base)
        return m, base

    def texts(self, m, base: dict, names) -> bool:
        """Read each text field of `names` that `m` has into `base`; False if one is wrong."""
        for name in names:
            if name in m:
                base[name] = self.text(m[name], name)
        return all(base.get(n) is not None for n in names if n in m)

    def _text_or_fail(self, node, what, base):
        value = self.text(node, what)
        if value is None:
            base["id"] = ""
        return value

    # -- values ---------------------------------------------------------------------------------

    def lang(self, node):
        code = self.scalar(node, "language code")
        if code is None:
            return None
        if code not in LANGUAGES:
            self.report.error(node.loc, f"unknown language code {str(code)!r}{did_you_mean(code, LANGUAGES)}")
            return None
        return _CODES[code]

    def langs(self, node, what: str) -> tuple[str, ...]:
        return self.share(tuple(dict.fromkeys(c for c in (self.lang(n) for n in self.sequence(node, what)) if c)))

    def ident(self, node, what: str, pattern=None, kinds: str = "lowercase letters, digits and dashes"):
        value = super().ident(node, what, pattern, kinds)
        return None if value is None else sys.intern(value)  # ids name each other: one string each

    def text(self, node, what: str):
        """A text map; a missing translation for one of the pack's languages is a warning."""
        if isinstance(node, Scalar) and not node.is_null:
            self.report.error(
                node.loc,
                f"{what} must be a map of language to text (like \"de: ...\" on its own line), not a single text",
            )
            return None
        # any language may be a key here, so a mapping is all fields() would check
        m = node if isinstance(node, Mapping) else self.fields(node, what)
        if m is None:
            return None
        values = {}
        check = sanity.title if what in TITLES else sanity.prose
        for code, value in m.items():
            if code not in LANGUAGES:
                self.report.error(m.key_locs[code], f"unknown language code {code!r} in {what}{did_you_mean(code, LANGUAGES)}")
                continue
            # a text is read for every language of every item: what string() takes, without
            # making its message; anything else goes through string(), which says what is wrong
            if isinstance(value, Scalar) and not value.is_null and value.strip():
                text = value.strip()
            else:
                text = self.string(value, f"{what} ({code})")
                text = text.strip() if text else None
            if text:
                findings = check(text)
                if not findings or self.sane(value.loc, f"{what} ({code})", findings):
                    values[code] = text
        if not values:
            self.report.error(m.loc, f"{what} has no text: write at least one line like de: ...")
            return None
        missing = [c for c in self.languages if c not in values]
        if missing:
            self.report.warn(m.loc, f"{what} has no translation for {', '.join(missing)}: add a line {missing[0]}: ... "
                                    "(kiosk translations export makes a file for a translator)")
        return Text(MappingProxyType(values), m.loc)

    def plain_or_text(self, node, what: str):
        """A text map, or one plain text for every language (a name or a licence line)."""
        if isinstance(node, Scalar) and not node.is_null:
            text = self.line(node, what)
            return self.neutral_text(text, node.loc) if text else None
        return self.text(node, what)

    def line(self, node, what: str):
        """One line of text (a name, a street): no line breaks, no direction controls."""
        text = self.string(node, what)
        if text and not self.sane(node.loc, what, sanity.single_line(text.strip())):
            return None
        return text

    def sane(self, loc: Loc, what: str, findings) -> bool:
        """Report what `kiosk.content.sanity` found; False when one of them is an error."""
        ok = True
        for finding in findings:
            if finding.warning:
                self.report.warn(loc, f"{what}: {finding.message}")
            else:
                self.report.error(loc, f"{what}: {finding.message}")
                ok = False
        return ok

    def neutral_text(self, text: str, loc: Loc) -> Text:
        """The same text in every language of the pack (a name, a licence line)."""
        codes = self.languages or ("en",)
        return Text(MappingProxyType({code: text.strip() for code in codes}), loc)

    def url(self, node, what: str):
        url = self.string(node, what)
        if url and not self.sane(node.loc, what, sanity.url(url)):
            return None
        if url and not URL_RE.match(url):
            self.report.error(node.loc, f"{what} must be a web address starting with http:// or https://, not {url!r}")
            return None
        return url

    def contact(self, node) -> Contact:
        m = self.fields(node, "contact", optional=("phone", "email", "website"))
        if m is None:
            return Contact()
        phone = self.phone(m["phone"]) if "phone" in m else None
        email = self.string(m.get("email"), "email") if "email" in m else None
        if email and not self.sane(m["email"].loc, "email", sanity.url(email)):
            email = None
        if email and not EMAIL_RE.match(email):
            self.report.error(m["email"].loc, f"email {email!r} is not an e-mail address: write it like info@example.org")
            email = None
        website = self.url(m["website"], "website") if "website" in m else None
        return Contact(phone, email, website)

    def phone(self, node):
        """A phone number as people write it: digits, spaces and + ( ) / -."""
        phone = self.string(node, "phone")
        if phone and not PHONE_RE.match(phone):
            self.report.error(node.loc, f"phone {phone!r} must be digits, spaces and + ( ) / - only, like \"+49 341 123456\"")
            return None
        return phone

    def hours(self, node):
        """Opening hours: weekdays, closures, exceptions; the pack's public holidays apply."""
        return read_hours(self, node, self.text, self.holidays)

    def timezone(self, node):
        """A time zone name like Europe/Berlin, as a ZoneInfo."""
        name = self.string(node, "timezone")
        found = zone(name) if name else None
        if name and found is None:
            self.report.error(node.loc, f"unknown time zone {name!r} (like Europe/Berlin)")
        return found

    def datetime(self, node, what: str, in_zone=None):
        """A date and time like "2026-05-19 14:00", in `in_zone` (default: the pack's)."""
        text = self.string(node, what)
        if not text:
            return None
        in_zone = in_zone or self.zone
        match = DATETIME_RE.match(text.strip())
        if match:
            try:
                date = dt.date.fromisoformat(match[1])
                hh, mm = map(int, match[2].split(":"))
                value = dt.datetime.combine(date, dt.time(hh, mm))
                if match[3]:
                    return dt.datetime.fromisoformat(text.strip().replace(" ", "T").replace("Z", "+00:00"))
                return value.replace(tzinfo=in_zone)
            except ValueError:
                pass
        date, _, clock = text.strip().partition(" ")
        german, loose = date_hint(date), loose_time(clock) if clock else "00:00"
        if german and loose:
            self.report.error(node.loc, f"{what}: write \"{german} {loose}\" (year-month-day hour:minute) instead of {text!r}")
        else:
            self.report.error(node.loc, f"{what} must be a date and time like \"2026-05-19 14:00\" (year-month-day hour:minute), not {text!r}")
        return None

    def pack_file(self, node, what: str):
        """A file inside the pack's folder, named relative to it: its absolute Path, or None."""
        name = self.string(node, what)
        if not name:
            return None
        path = (self.folder / name).resolve()
        if not path.is_relative_to(self.folder.resolve()):
            self.report.error(node.loc, f"{what} must be a file inside the pack's folder, not {name!r}")
            return None
        if not path.is_file():
            self.report.error(node.loc, f"{what}: there is no file {name!r} in the pack")
            return None
        return path


_CODES = {code: code for code in LANGUAGES}  # each language code as one string object


def zone(name: str):
    """The ZoneInfo for `name`, or None when there is no such zone."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
