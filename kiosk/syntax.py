"""Explain a YAML syntax error to someone who is not a programmer: where, what, and what to write.

The parser's own words ("mapping values are not allowed in this context") name its grammar, not
the mistake. Here the line itself is read: a tab, a colon inside a text, a quote or bracket left
open, a line indented unlike its neighbours; each message ends with what to write instead.
`item_lines` finds the list item (or top-level key) around a line, so the reader can try the file
again without it and report the other items' problems too.
"""

from __future__ import annotations

import re

_KEY_VALUE = re.compile(r"^(?P<lead>\s*(?:-\s+)?)(?P<key>[^\s:#\"'][^:#]*?):[ \t]+(?P<value>.*?)\s*$")
_DASH = re.compile(r"^( *)-( |$)")
_SPECIAL_START = "*&!@`%|>"


def explain(lines: list[str], exc) -> tuple[int, str, int]:
    """(line to report, message, line whose item holds the mistake), all 1-based."""
    problem = (exc.problem or "").lower()
    context = (exc.context or "").lower()
    at = _line_of(exc.problem_mark, len(lines))
    opened = _line_of(exc.context_mark, len(lines)) if exc.context_mark else at

    tab = _first_tab(lines, at)
    if tab:
        return tab, ("a tab is used to indent this line: indent with spaces only, "
                     "two for each level, as the lines above do"), tab

    unclosed = _unclosed_quote(lines, at)
    if unclosed:
        number, quote = unclosed
        return number, (f"the quote {quote} that starts the text on this line is never closed: "
                        f"end the text with {quote} on the same line"), number
    dash = _dash_without_space(lines, at)
    if dash:
        return dash, f"a dash that starts a list entry needs a space after it: - {lines[dash - 1].strip()[1:]}", dash

    if "quoted scalar" in context:
        quote = _quote_char(lines[opened - 1])
        return opened, (f"the quote {quote} that starts the text on this line is never closed: "
                        f"end the text with {quote} on the same line"), opened
    if "flow sequence" in context or "flow mapping" in context:
        start, end = ("[", "]") if "sequence" in context else ("{", "}")
        return opened, (f"the {start} on this line is not closed: end it with {end} on the same line, "
                        f"like {'[de, en]' if start == '[' else '{de: Hallo, en: Hello}'}"), opened

    text = lines[at - 1] if 0 < at <= len(lines) else ""
    kv = _KEY_VALUE.match(text)
    if "mapping values" in problem and kv and ": " in kv["value"] + " ":
        return at, (f"the text after {kv['key'].strip()}: contains a colon, so put it in quotes: "
                    f"{kv['key'].strip()}: {_quoted(kv['value'])}"), at
    if ("alias" in problem or "cannot start any token" in problem) and kv and kv["value"][:1] in _SPECIAL_START:
        return at, (f"a text cannot start with {kv['value'][0]} unless it is in quotes: "
                    f"{kv['key'].strip()}: {_quoted(kv['value'])}"), at
    if kv and kv["value"][:1] in "\"'" and not _closes_at_end(kv["value"]):
        return at, (f"the text after {kv['key'].strip()}: goes on after its closing quote: "
                    f"put the whole text in quotes: {kv['key'].strip()}: {_quoted(kv['value'])}"), at
    above = _line_above(lines, at)
    if above is not None:
        want, have = _indent(lines[above]), _indent(text)
        if _KEY_VALUE.match(lines[above]) and not lines[above].rstrip().endswith(":") and have > want:
            return at, (f"this line is indented further than the line above, which has its value already: "
                        f"indent it by {want} spaces like line {above + 1}, or put it under a key of its own"), at
        if have != want:
            return at, (f"this line is indented by {have} spaces, the line above by {want}: "
                        f"line it up with the line it belongs to (two spaces for each level)"), at
    return at, (f"this line cannot be read ({exc.problem}): compare it with the lines above; "
                "write key: value, indent by two spaces for each level, and put quotes around "
                "a text with a colon"), at


def item_lines(lines: list[str], line: int) -> tuple[int, int] | None:
    """The 0-based [start, end) lines of the list entry, or else the top-level key, around `line`;
    None when the line is the file's first key line of a document that has no other."""
    index = min(max(line - 1, 0), len(lines) - 1)
    top = index
    while top > 0 and not _is_top(lines[top]):
        top -= 1
    end = index + 1
    while end < len(lines) and not _is_top(lines[end]):
        end += 1
    dashes = [i for i in range(top + 1, end) if _DASH.match(lines[i])]
    if dashes:
        level = min(_indent(lines[i]) for i in dashes)
        starts = [i for i in dashes if _indent(lines[i]) == level]
        before = [i for i in starts if i <= index]
        if before:
            start = before[-1]
            after = [i for i in starts if i > start]
            stop = after[0] if after else end
            while stop > start + 1 and not lines[stop - 1].strip():
                stop -= 1
            return start, stop
    if not _is_top(lines[top]):
        return None
    return top, end


def item_id(lines: list[str], span: tuple[int, int]) -> list[str]:
    """The id written in a list entry's lines, if any: [id] or []."""
    first = _indent(lines[span[0]])
    for i in range(*span):
        match = re.match(r"^\s*(?:-\s*)?id:\s*[\"']?([A-Za-z0-9_-]+)", lines[i])
        if match and (i == span[0] or _indent(lines[i]) <= first + 2):
            return [match[1]]
    return []


def _unclosed_quote(lines: list[str], at: int) -> tuple[int, str] | None:
    """A value that opens a quote and never closes it on its line, at or above `at` (a quoted
    text may run over lines, so the parser stumbles only later)."""
    for number in range(min(at, len(lines)), max(at - 30, 0), -1):
        kv = _KEY_VALUE.match(lines[number - 1])
        value = kv["value"] if kv else ""
        quote = value[:1]
        if quote in ("\"", "'") and value.replace("\\" + quote, "").count(quote) % 2 == 1:
            return number, quote
    return None


def _dash_without_space(lines: list[str], at: int) -> int | None:
    for number in range(min(at, len(lines)), max(at - 3, 0), -1):
        if re.match(r"^\s*-[^\s-]", lines[number - 1]):
            return number
    return None


def _is_top(text: str) -> bool:
    return bool(text) and not text[0].isspace() and not text.startswith("#")


def _line_of(mark, count: int) -> int:
    return min(mark.line + 1, max(count, 1)) if mark else 1


def _first_tab(lines: list[str], at: int) -> int | None:
    for number in range(max(at - 1, 0), -1, -1):
        if number < len(lines) and re.match(r"^[ ]*\t", lines[number]):
            start = number
            while start > 0 and re.match(r"^[ ]*\t", lines[start - 1]):
                start -= 1
            return start + 1
        if number < at - 3:
            break
    return None


def _quote_char(text: str) -> str:
    kv = _KEY_VALUE.match(text)
    value = kv["value"] if kv else text.strip()
    return "'" if value.startswith("'") else '"'


def _closes_at_end(value: str) -> bool:
    body = value.split(" #", 1)[0].rstrip()
    return len(body) >= 2 and body[-1] == body[0]


def _quoted(value: str) -> str:
    if '"' not in value:
        return f'"{value}"'
    if "'" not in value:
        return f"'{value}'"
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _line_above(lines: list[str], at: int) -> int | None:
    for i in range(at - 2, -1, -1):
        if lines[i].strip() and not lines[i].lstrip().startswith("#"):
            return i
    return None
