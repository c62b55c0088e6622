"""Reading YAML straight from libyaml's events gives exactly what composing and converting give,
and leaves every text with something to say to the careful way that says it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kiosk import yamlsafe
from kiosk.yamlsafe import Mapping, Scalar, Sequence, YamlError, load_text

ROOT = Path(__file__).resolve().parent.parent


def careful(text: str, name: str = "t.yaml"):
    node = yaml.compose(text, Loader=yamlsafe._Loader)
    return None if node is None else yamlsafe._Converter(name).convert(node)


def shape(value, seen=None):
    """Everything a reader can see of a value: types, texts, quoting, lines, keys in their
    order with their lines, and which collections are one and the same (aliases)."""
    seen = {} if seen is None else seen
    if value is None:
        return None
    if type(value) is Scalar:
        assert "plain" not in vars(value) or value.plain is False  # plain is set only when quoted
        return ("scalar", str(value), value.plain, value.loc)
    if id(value) in seen:
        return ("same as", seen[id(value)])
    seen[id(value)] = len(seen)
    if type(value) is Sequence:
        return ("sequence", value.loc, [shape(item, seen) for item in value])
    assert type(value) is Mapping, type(value)
    assert list(value.key_locs) == list(value), "a key's line for every key, in the same order"
    return ("mapping", value.loc, [(key, type(key), value.key_locs[key], shape(item, seen))
                                   for key, item in value.items()])


def same_both_ways(text: str):
    fast = yamlsafe._build(text, "t.yaml")
    assert shape(fast) == shape(careful(text))
    return fast


def every_yaml_file():
    for path in sorted(ROOT.glob("**/*.yaml")):
        if ".venv" not in path.parts and ".git" not in path.parts:
            yield path


def test_every_yaml_file_of_the_project_reads_the_same_both_ways():
    paths = list(every_yaml_file())
    assert len(paths) > 30  # content packs, strings, settings, fixtures
    for path in paths:
        text = path.read_bytes().decode("utf-8-sig")
        try:
            careful(text)
        except (yaml.YAMLError, YamlError):
            with pytest.raises(yamlsafe._Careful):
                yamlsafe._build(text, "t.yaml")
            continue
        same_both_ways(text)


def test_a_generated_pack_reads_the_same_both_ways(tmp_path):
    from bench.generate import generate

    folder = generate(tmp_path / "pack", 60)
    for path in sorted(folder.glob("*.yaml")):
        same_both_ways(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("text", [
    "",
    "# only a comment\n",
    "---\n...\n",
    "--- just a text\n",
    "[a, 'b', \"c\", ~, null, '', 10:00]",
    "a: plain\nb: 'single'\nc: \"double\"\nd: |\n  literal\n  block\ne: >\n  folded\n  text\nf:\ng: ~\n",
    "a: !!str 10\nb: !!int '3'\nc: ! quoted\nd: !!map {x: 1}\ne: !!seq [1]\n",
    "top:\n  - id: x\n    title: {de: Hallo, ar: مرحبا}\n    hours:\n      mon: [\"10:00-12:00\"]\n  - id: y\n",
    "a: &n note\nb: *n\nc: [*n, *n]\n",
    "week: &w\n  mon: ['10:00-12:00']\n  tue: ['10:00-12:00']\nx:\n  hours: *w\ny:\n  hours: *w\n",
    "a: &s [1, &m {k: v}, 3]\nb: *s\nc: *m\n",
    "a: 1\r\nb: 2\r\n",
    "a: " + "{a: " * 40 + "x" + "}" * 40 + "\n",
])
def test_texts_that_read_cleanly_read_the_same_both_ways(text):
    same_both_ways(text)


def test_an_alias_of_a_collection_is_the_same_value_and_of_a_text_a_new_one_where_it_was_written():
    value = same_both_ways("a: &s [x]\nb: *s\nc: &t text\nd: *t\n")
    assert value["b"] is value["a"]
    assert value["d"] == "text" and value["d"] is not value["c"] and value["d"].loc.line == 3


def test_aliases_up_to_the_growth_allowed_read_the_fast_way():
    # a hundred aliases of a block of 99 texts: 9,900 values a reader walks, far less written,
    # within ALIAS_ALLOWANCE
    text = "block: &b [" + ", ".join(["x"] * 99) + "]\nuses:\n" + "".join("  - *b\n" for _ in range(100))
    value = same_both_ways(text)
    assert len(value["uses"]) == 100 and value["uses"][99] is value["block"]


@pytest.mark.parametrize("text, why", [
    ("a: 1\na: 2\n", "a key said twice"),
    ("a: !!python/object:os.system x\n", "an unsafe tag"),
    ("a: !custom x\n", "a local tag"),
    ("!!str a: 1\n", "a tag on a key"),
    ("!!merge <<: {a: 1}\n", "a merge key"),
    ("? [a, b]\n: 1\n", "a key that is a list"),
    ("&k a: 1\nb: *k\n", "an anchor on a key"),
    ("a: &x 1\n*x : 2\n", "an alias as a key"),
    ("a: *nowhere\n", "an alias never defined"),
    ("a: &x 1\nb: &x 2\n", "an anchor defined twice"),
    ("a: 1\n---\nb: 2\n", "a second document"),
    ("a: &x [1, *x]\n", "an alias inside the value it names"),
    ("a: [1, 2\nb: 3\n", "a syntax error"),
    ("a: " + "[" * (yamlsafe.DEEPEST + 1) + "]" * (yamlsafe.DEEPEST + 1) + "\n", "nested deeper than the fast way goes"),
])
def test_texts_with_something_to_say_are_left_to_the_careful_way(text, why):
    with pytest.raises(yamlsafe._Careful):
        yamlsafe._build(text, "t.yaml")


def test_an_alias_bomb_is_left_to_the_careful_way_which_refuses_it():
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]']
    for prev, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 10) + "]")
    text = "\n".join(lines) + "\n"
    with pytest.raises(yamlsafe._Careful):
        yamlsafe._build(text, "t.yaml")
    with pytest.raises(YamlError, match="aliases .* expand this file far beyond what is written"):
        load_text(text, "t.yaml")


def test_an_alias_inside_the_value_it_names_is_refused_with_its_line():
    with pytest.raises(YamlError) as caught:
        load_text("title: x\nloop: &x\n  again: *x\n", "t.yaml")
    assert caught.value.problems == [(yamlsafe.Loc("t.yaml", 2), "an alias (*name) inside the value it names would "
                                                                 "repeat it without end: write out what it should repeat")]


def test_values_nested_past_pythons_recursion_are_refused_with_a_message():
    deep = 600
    with pytest.raises(YamlError, match="values are nested hundreds of levels deep here"):
        load_text("a: " + "{a: " * deep + "x" + "}" * deep + "\n", "t.yaml")


def test_a_key_said_twice_is_still_worded_and_the_rest_read():
    with pytest.raises(YamlError) as caught:
        load_text("a: 1\nb: 2\na: 3\n", "t.yaml")
    assert caught.value.problems == [(yamlsafe.Loc("t.yaml", 3), "'a' appears twice here (first at line 1): keep "
                                                                 "one and remove or rename the other")]
    assert caught.value.partial == {"a": "1", "b": "2"}


# -- items one by one ------------------------------------------------------------------------------


def streamed(path: Path, key: str) -> list:
    return list(yamlsafe.stream_items(path, key))


def same_items(items: list, whole) -> bool:
    """The items as `whole` holds them, with one record of what is shared for all of them, so
    that aliases between items count too."""
    seen_items, seen_whole = {}, {}
    return [shape(item, seen_items) for item in items] == [shape(item, seen_whole) for item in whole]


def test_streamed_items_are_what_the_whole_file_holds(tmp_path):
    from bench.generate import generate

    folder = generate(tmp_path / "pack", 60)
    for path, key in [(folder / "offers.yaml", "offers"), (folder / "places.yaml", "places"),
                      *[(ROOT / "content" / "leipziger-osten" / f"{k}.yaml", k) for k in ("offers", "documents", "places")]]:
        whole = load_text(path.read_text(encoding="utf-8"), str(path))[key]
        items = streamed(path, key)
        assert len(items) == len(whole) > 0
        assert same_items(items, whole)


def test_streamed_items_may_be_texts_lists_and_aliases_of_earlier_items(tmp_path):
    path = tmp_path / "offers.yaml"
    path.write_text("# a comment\noffers:\n  - just a text\n  - &first {id: a, note: &n hello}\n  - [x, *n]\n"
                    "  - *first\n  - 'quoted'\n")
    items = streamed(path, "offers")
    assert same_items(items, load_text(path.read_text(), str(path))["offers"])
    assert [str(items[0]), items[4].plain, items[3] is items[1]] == ["just a text", False, True]


@pytest.mark.parametrize("text", [
    "",
    "offers:\n",
    "offer:\n  - id: a\n",
    "- id: a\n",
    "offers:\n  - id: a\nnotes: x\n",
    "notes: x\noffers:\n  - id: a\n",
    "offers:\n  - id: a\n  - id: b\n    id: c\n",
    "offers:\n  - id: a\n  - [b\n",
    "offers: {a: 1}\n",
    "{}\n",  # no key at all: the whole file's reader says it has no "offers:" line
    "&top {}\n",
])
def test_a_file_that_is_not_one_clean_list_is_not_streamed(tmp_path, text):
    path = tmp_path / "offers.yaml"
    path.write_text(text)
    with pytest.raises(yamlsafe.NotStreamed):
        streamed(path, "offers")


def test_a_file_that_cannot_be_read_is_not_streamed(tmp_path):
    with pytest.raises(yamlsafe.NotStreamed):
        streamed(tmp_path / "missing.yaml", "offers")
    (tmp_path / "latin1.yaml").write_bytes("offers:\n  - id: \xe4\n".encode("latin-1"))
    with pytest.raises(yamlsafe.NotStreamed):
        streamed(tmp_path / "latin1.yaml", "offers")


def whole_and_streamed(folder, monkeypatch):
    """(pack, report) read item by item, and (pack, report) read with every file whole."""
    from kiosk.content import loader
    from packs import builtin_kinds

    def whole(path, key):
        raise yamlsafe.NotStreamed
        yield  # a generator, as stream_items is

    streamed_items = []

    def counted(path, key):
        for item in yamlsafe.stream_items(path, key):
            streamed_items.append(key)
            yield item

    kinds = builtin_kinds()
    with monkeypatch.context() as m:
        m.setattr(loader, "stream_items", counted)
        first = loader.load_pack(folder, kinds)
    assert "places" in streamed_items  # every pack's places.yaml is one clean list
    with monkeypatch.context() as m:
        m.setattr(loader, "stream_items", whole)
        second = loader.load_pack(folder, kinds)
    return first, second


def test_a_pack_read_item_by_item_is_the_pack_read_whole(tmp_path, monkeypatch):
    import shutil

    from bench.generate import generate
    from kiosk.content import cache

    packs = [generate(tmp_path / "generated", 60), *sorted((ROOT / "content").iterdir()),
             ROOT / "tests" / "fixtures" / "packs" / "mini"]
    for folder in packs:
        copy = tmp_path / "copies" / folder.name  # the same path for both reads: it is in every message
        shutil.copytree(folder, copy)
        (pack, report), (pack_whole, report_whole) = whole_and_streamed(copy, monkeypatch)
        assert pack is not None and report.problems == report_whole.problems
        assert cache.dumps((pack, report.problems)) == cache.dumps((pack_whole, report_whole.problems))


def test_a_file_of_an_empty_mapping_is_reported_as_when_read_whole(tmp_path, monkeypatch):
    import shutil

    folder = tmp_path / "mini"
    shutil.copytree(ROOT / "tests" / "fixtures" / "packs" / "mini", folder)
    (folder / "offers.yaml").write_text("{}\n")
    (pack, report), (pack_whole, report_whole) = whole_and_streamed(folder, monkeypatch)
    assert report.problems == report_whole.problems
    assert [p.message for p in report.errors] == ['offers.yaml has no "offers:" line: write "offers:" and list the '
                                                  'items under it']
    assert pack is None and pack_whole is None


@pytest.mark.parametrize("mistake", [
    ("  - id: offer-3\n", "  - id: offer-3\n    id: offer-3b\n"),  # a key twice, after items with warnings
    ("offers:\n", "notes: x\noffers:\n"),  # another top key
    ("  - id: offer-40\n", "  - id: offer-40\n    title: [unclosed\n"),  # a syntax error
])
def test_a_file_given_up_after_some_items_reports_exactly_what_reading_it_whole_does(tmp_path, monkeypatch, mistake):
    from bench.generate import generate

    folder = generate(tmp_path / "pack", 60)
    path = folder / "offers.yaml"
    text = path.read_text(encoding="utf-8")
    # warnings in the first items, so that a report left from the items read first would show
    text = text.replace("      en: ", "      eng: ", 3)
    old, new = mistake
    assert old in text
    path.write_text(text.replace(old, new, 1))
    (pack, report), (pack_whole, report_whole) = whole_and_streamed(folder, monkeypatch)
    assert report.problems == report_whole.problems
    assert len(report.errors) >= 1 and (pack is None) == (pack_whole is None)


# -- random texts ----------------------------------------------------------------------------------


class RandomYaml:
    """Small YAML texts made of the pieces that the two ways must agree on: block and flow
    collections, plain, quoted and block scalars, tags safe and not, anchors and aliases
    (defined or not), keys written twice or that are no plain word, comments, documents;
    two in five of them files of items under `offers:`. Many are clean, more are not."""

    WORDS = ["a", "id", "de", "no", "yes", "~", "null", "", "10:00", "x y", "<<", "-", "?", ":", "ü", "ع", "'q'",
             '"d"']
    TAGS = ["", "", "", "", "! ", "!!str ", "!!int ", "!!map ", "!!seq ", "!!merge ", "!x ", "!!python/object ",
            "!!binary "]
    ODD_KEYS = ["&k1 k", "*a1", "!!str k", "? k", "<<", "'q'", "!!merge <<", "[k]"]

    def __init__(self, seed: int):
        import random

        self.random = random.Random(seed)
        self.anchors: list[str] = []
        self.clean = False  # only safe tags, plain keys and defined aliases: more texts read cleanly

    def scalar(self, in_flow: bool) -> str:
        r, word = self.random.random(), self.random.choice(self.WORDS)
        if r < 0.5 and word and word not in ("-", "?", ":") and word[0] not in "'\"<":
            return word
        if r < 0.75:
            return "'" + word.replace("'", "''") + "'"
        return '"' + word.replace('"', '\\"') + '"' if r < 0.9 or in_flow else "|"

    def prefix(self) -> str:
        tag = self.random.choice(self.TAGS[:6] if self.clean else self.TAGS)
        if self.random.random() < 0.15:
            # an anchor's name again is a mistake the careful way words: not in clean texts
            self.anchors.append(f"a{len(self.anchors)}" if self.clean else self.random.choice(["a1", "a2", "a3"]))
            return f"&{self.anchors[-1]} {tag}"
        return tag

    def alias(self) -> str | None:
        if self.anchors and self.random.random() < 0.15:
            return "*" + self.random.choice(self.anchors if self.clean else [*self.anchors, "undefined"])
        return None

    def flow(self, depth: int) -> str:
        r = self.random.random()
        if depth > 3 or r < 0.4:
            return self.alias() or self.prefix() + self.scalar(True)
        if r < 0.7:
            return self.prefix() + "[" + ", ".join(self.flow(depth + 1) for _ in range(self.random.randint(0, 3))) + "]"
        pairs = [f"{self.random.choice('abc')}: {self.flow(depth + 1)}" for _ in range(self.random.randint(0, 3))]
        return self.prefix() + "{" + ", ".join(pairs) + "}"

    def block(self, depth: int, indent: int) -> tuple[str, list[str]]:
        """A value at `indent`: what follows its key or dash, and the lines under it."""
        r, pad = self.random.random(), " " * indent
        if depth > 4 or r < 0.35:
            alias = self.alias()
            if alias:
                return " " + alias, []
            text = self.scalar(False)
            if text == "|":
                return " " + self.prefix() + self.random.choice("|>"), [pad + "  one", pad + "  two"]
            return " " + self.prefix() + text, []
        if r < 0.45:
            return " " + self.flow(depth), []
        head, lines = self.prefix().strip(), []
        if r < 0.7:
            for _ in range(self.random.randint(1, 3)):
                inline, under = self.block(depth + 1, indent + 2)
                lines += [pad + "-" + inline, *under]
        else:
            keys = ["a", "b", "id", "de", "c"] + (["a"] if self.random.random() < 0.2 else [])
            for key in self.random.sample(keys, self.random.randint(1, 4)):
                if self.random.random() < 0.05 and not self.clean:
                    key = self.random.choice(self.ODD_KEYS)
                inline, under = self.block(depth + 1, indent + 2)
                lines += [pad + key + ":" + inline, *under]
            if self.random.random() < 0.05:
                lines.append(pad + "# a comment")
        return (" " + head) if head else "", lines

    def text(self) -> str:
        self.anchors.clear()
        self.clean = self.random.random() < 0.25
        if self.random.random() < 0.4:
            lines, indent = [self.random.choice(["offers:", "offers:", "offers: &top"])], self.random.choice([0, 2])
            for number in range(self.random.randint(0, 5)):
                if self.random.random() < 0.7:
                    lines.append(" " * indent + f"- id: o{number}")
                    for key in self.random.sample(["title", "x", "y"], self.random.randint(0, 3)):
                        inline, under = self.block(3, indent + 4)
                        lines += [" " * (indent + 2) + key + ":" + inline, *under]
                else:
                    inline, under = self.block(2, indent + 2)
                    lines += [" " * indent + "-" + inline, *under]
            lines += self.random.choice([[]] * 8 + [["other: 1"], ["offers: []"]])
        else:
            inline, lines = self.block(0, 0)
            lines = [inline.strip()] + lines if inline.strip() else lines
        start = self.random.choice([[]] * 15 + [["---"]])
        end = self.random.choice([[]] * 15 + [["---", "a: 1"], ["..."]])  # a second document, or the end of one
        lines = start + lines + end
        return "\n".join(lines) + "\n"


@pytest.mark.parametrize("growth, allowance", [(yamlsafe.ALIAS_GROWTH, yamlsafe.ALIAS_ALLOWANCE), (1, 0)])
def test_random_texts_read_the_same_both_ways_and_item_by_item(tmp_path, monkeypatch, growth, allowance):
    """Whatever the fast way builds is what the careful way builds, and whatever it streams is
    the whole file's list. With (1, 0) an alias may add nothing, so the first alias to a
    collection is where both ways must give up alike."""
    monkeypatch.setattr(yamlsafe, "ALIAS_GROWTH", growth)
    monkeypatch.setattr(yamlsafe, "ALIAS_ALLOWANCE", allowance)
    texts, path = RandomYaml(2026 + allowance), tmp_path / "offers.yaml"
    ways = {"fast": 0, "careful only": 0, "streamed": 0}
    for _ in range(700):
        text = texts.text()
        path.write_text(text, encoding="utf-8")
        try:
            whole = careful(text, str(path))
        except (YamlError, yaml.YAMLError):
            whole = None  # a text the careful way refuses: the fast way must not build it
        try:
            fast = yamlsafe._build(text, str(path))
        except yamlsafe._Careful:
            ways["careful only"] += 1
        else:
            ways["fast"] += 1
            assert whole is not None and shape(fast) == shape(whole), text
        try:
            items = streamed(path, "offers")
        except yamlsafe.NotStreamed:
            continue
        ways["streamed"] += 1
        assert type(whole) is Mapping and list(whole) == ["offers"] and type(whole["offers"]) is Sequence, text
        assert same_items(items, whole["offers"]), text
    assert min(ways.values()) >= 40, ways  # each way taken often enough to say something


OFFER_FIELDS = {  # what an offer's field may hold in a random offers.yaml: right, wrong, or not YAML at all
    "title": ["\n      de: Beratung\n      en: Advice", " Beratung", "\n      de: ''", "\n      xx: a",
              "\n      de: Beratung\n      de: B", " {de: a, en: b}", "\n      de: [a]", "\n      de: a\n     en: b"],
    "summary": ["\n      de: Wir helfen.", "\n      en: We help.", " ~", '\n      de: "a\u202eb"'],
    "category": [" help", " nope", " [help]", " Help"],
    "provider": [" city", " town", ""],
    "place": [" hall", " nowhere", " &p hall"],
    "languages": [" [de, ar]", " [xx]", " de", " [de, de]"],
    "url": [" https://example.org/a", " example.org", " 'https://x\n      y'"],
    "hours": ['\n      tue: ["10:00-12:00"]', '\n      tue: ["12:00-10:00"]', "\n      mon: x", " *p"],
    "valid_from": [" 2026-01-01", " 2026-13-01", " '2026-02-01'"],
    "valid_until": [" 2025-01-01", " 2027-01-01"],
    "bogus": [" 1"],
}


def test_random_offers_files_report_the_same_read_item_by_item_and_whole(tmp_path, monkeypatch):
    """The loader's item-by-item reading, and its forgetting when a file must be read whole,
    against reading every file whole: the same report, message for message, and the same pack."""
    import random
    import shutil

    from kiosk.content import cache

    folder, choose = tmp_path / "mini", random.Random(2026)
    shutil.copytree(ROOT / "tests" / "fixtures" / "packs" / "mini", folder)
    ways = {"streamed": 0, "whole": 0, "with errors": 0, "without": 0}
    real, streamed_items = yamlsafe.stream_items, []

    def counted(path, key):  # only to know which way offers.yaml went
        for item in real(path, key):
            streamed_items.append(key)
            yield item

    for _ in range(400):
        items = []
        for number in range(choose.randint(0, 6)):
            lines = [f"  - id: {choose.choice([f'o{number}', 'o0', f'O{number}'])}"]
            lines += [f"    {key}:{choose.choice(OFFER_FIELDS[key])}"
                      for key in choose.sample(list(OFFER_FIELDS), choose.randint(2, 8))]
            if choose.random() < 0.05:
                lines.append("    " + choose.choice(["title: again", "- stray", "[unclosed", "&a k: 1"]))
            items.append("\n".join(lines) + "\n")
        text = choose.choice(["offers:\n", "offers:\n", "# offers\noffers:\n", "offers: &all\n"]) + "".join(items)
        if choose.random() < 0.1:
            text += choose.choice(["notes: x\n", "offers: []\n", "---\nx: 1\n", "  - *all\n", "{}\n"])
        if choose.random() < 0.05:  # a file of no items, right or wrong
            text = choose.choice(["{}\n", "", "# none yet\n", "offers: []\n", "offers:\n", "[]\n"])
        (folder / "offers.yaml").write_text(text, encoding="utf-8")
        streamed_items.clear()
        with monkeypatch.context() as m:
            m.setattr(yamlsafe, "stream_items", counted)
            (pack, report), (pack_whole, report_whole) = whole_and_streamed(folder, monkeypatch)
        assert report.problems == report_whole.problems, text
        assert (pack is None) == (pack_whole is None), text
        if pack is not None:
            assert cache.dumps((pack, report.problems)) == cache.dumps((pack_whole, report_whole.problems)), text
        ways["with errors" if pack is None else "without"] += 1
        ways["streamed" if "offers" in streamed_items else "whole"] += 1
    assert min(ways.values()) >= 40, ways
