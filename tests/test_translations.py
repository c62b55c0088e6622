"""`kiosk translations`: export what a language lacks to PO, import it back without disturbing the YAML."""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest

from conftest import FIXTURES, ROOT
from kiosk.cli import main
from packs import load_pack
from kiosk.translations import completeness, summary, texts

MINI = FIXTURES / "packs" / "mini"
OSTEN = ROOT / "content" / "leipziger-osten"


def copy(src: Path, tmp_path: Path) -> Path:
    pack = tmp_path / src.name
    shutil.copytree(src, pack)
    return pack


def run(capsys, *argv) -> tuple[int, str]:
    code = main([*map(str, argv)])
    out = capsys.readouterr()
    return code, out.out + out.err


def translate(po_path: Path, how=lambda e: f"[pl] {e.msgid}") -> polib.POFile:
    po = polib.pofile(str(po_path))
    for entry in po:
        entry.msgstr = how(entry)
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    po.save(str(po_path))
    return po


def add_language(pack: Path, code: str) -> None:
    text = (pack / "pack.yaml").read_text()
    start = text.index("languages: [")
    end = text.index("]", start)
    (pack / "pack.yaml").write_text(text[:end] + f", {code}" + text[end:])


def test_export_writes_every_text_lacking_the_language_with_its_place(capsys, tmp_path):
    out = tmp_path / "pl.po"
    code, said = run(capsys, "translations", "export", OSTEN, "--lang", "pl", "--out", out)
    assert code == 0, said
    po = polib.pofile(str(out))
    all_texts = texts(OSTEN)
    assert len(po) == len(all_texts) > 50
    assert po.metadata["Language"] == "pl"
    first = po[0]
    assert first.msgctxt == "pack.yaml#name"
    assert first.msgid == "Leipziger Osten"
    assert first.msgstr == ""
    assert first.occurrences == [("pack.yaml", "6")]  # the line of `de: Leipziger Osten`
    assert first.comment == "source language: de (German)"
    offer = next(e for e in po if e.msgctxt == "offers.yaml#offers/dialog-alltag/title")
    line = int(offer.occurrences[0][1])
    assert (OSTEN / "offers.yaml").read_text().splitlines()[line - 1].strip() == f"de: {offer.msgid}"
    assert f"{len(po)} text(s) to translate into pl" in said


def test_export_leaves_out_what_is_translated(capsys, tmp_path):
    out = tmp_path / "en.po"
    code, _ = run(capsys, "translations", "export", OSTEN, "--lang", "en", "--out", out)
    assert code == 0
    assert len(polib.pofile(str(out))) == 0


def test_round_trip_adds_only_the_new_lines_and_keeps_comments_and_order(capsys, tmp_path):
    pack = copy(OSTEN, tmp_path)
    add_language(pack, "pl")
    before = {name: (pack / name).read_text().splitlines() for name in ("offers.yaml", "places.yaml", "events.yaml")}
    po_path = tmp_path / "pl.po"
    run(capsys, "translations", "export", pack, "--lang", "pl", "--out", po_path)
    translate(po_path)
    code, said = run(capsys, "translations", "import", pack, po_path)
    assert code == 0, said
    assert "0 problem(s)" in said
    for name, old in before.items():
        new = (pack / name).read_text().splitlines()
        added = iter(new)
        assert all(line in added for line in old), f"{name}: a line was changed or moved"  # old lines kept, in order
        assert all(line.lstrip().startswith("pl: ") or line.startswith("       ") for line in _extra(old, new)), name
    assert any(line.startswith("#") for line in before["offers.yaml"])  # the comments were there to keep
    loaded, report = load_pack(pack)
    assert loaded is not None, report.problems
    assert not [p for p in report.warnings if "translation for pl" in str(p)]
    title = next(e for e in texts(pack) if e.key == "offers.yaml#offers/dialog-alltag/title")
    assert title.values["pl"] == f"[pl] {title.values['de']}"
    assert summary(pack).split(", ")[-1] == "pl 100%"


def _extra(old, new):
    remaining = list(old)
    for line in new:
        if remaining and line == remaining[0]:
            remaining.pop(0)
        else:
            yield line


def test_new_language_goes_in_the_packs_order_inside_flow_maps_too(capsys, tmp_path):
    pack = copy(MINI, tmp_path)
    (pack / "documents.yaml").write_text(
        "documents:\n  - id: guide\n    title: {de: Wegweiser, en: Guide}  # keep me\n    url: https://example.org/guide\n"
    )
    text = (pack / "pack.yaml").read_text().replace("languages: [de, en]", "languages: [de, ar, en]")
    (pack / "pack.yaml").write_text(text)
    po_path = tmp_path / "ar.po"
    run(capsys, "translations", "export", pack, "--lang", "ar", "--out", po_path)
    translate(po_path, lambda e: "دليل" if e.msgid == "Wegweiser" else "نص: " + e.msgid)
    code, said = run(capsys, "translations", "import", pack, po_path)
    assert code == 0, said
    title = (pack / "documents.yaml").read_text().splitlines()[2]
    assert title.startswith("    title: {de: Wegweiser, ar: دليل, en: Guide}") and title.endswith("# keep me")
    assert "      de: Beratung\n      ar: 'نص: Beratung'\n      en: Advice\n" in (pack / "offers.yaml").read_text()
    code, said = run(capsys, "check", pack)
    assert code == 0 and "0 warning(s)" in said, said


def test_a_changed_source_makes_the_translation_outdated_and_exported_again(capsys, tmp_path):
    pack = copy(MINI, tmp_path)
    add_language(pack, "pl")
    po_path = tmp_path / "pl.po"
    run(capsys, "translations", "export", pack, "--lang", "pl", "--out", po_path)
    translate(po_path)
    run(capsys, "translations", "import", pack, po_path)
    assert [str(c) for c in completeness(pack)] == ["de 100%", "en 100%", "pl 100%"]
    offers = pack / "offers.yaml"
    offers.write_text(offers.read_text().replace("de: Wir helfen.", "de: Wir helfen gern."))
    pl = completeness(pack)[2]
    assert (pl.total, pl.missing, pl.outdated, pl.percent) == (10, 0, 1, 90)
    assert str(pl) == "pl 90% (1 outdated)"
    again = tmp_path / "pl2.po"
    run(capsys, "translations", "export", pack, "--lang", "pl", "--out", again)
    po = polib.pofile(str(again))
    assert len(po) == 1
    (entry,) = po
    assert entry.msgid == "Wir helfen gern."
    assert entry.msgstr == "[pl] Wir helfen."
    assert "fuzzy" in entry.flags
    assert "source text changed" in entry.comment
    # en was written by hand (nothing recorded for it): it stays current
    assert completeness(pack)[1].outdated == 0


def test_import_refuses_entries_whose_source_changed_since_export_and_keeps_the_rest(capsys, tmp_path):
    pack = copy(MINI, tmp_path)
    po_path = tmp_path / "pl.po"
    run(capsys, "translations", "export", pack, "--lang", "pl", "--out", po_path)
    translate(po_path)
    offers = pack / "offers.yaml"
    offers.write_text(offers.read_text().replace("de: Beratung", "de: Sozialberatung"))
    code, said = run(capsys, "translations", "import", pack, po_path)
    assert code == 1
    problem = next(line for line in said.splitlines() if "changed since this file was exported" in line)
    assert problem.startswith(f"{po_path}:")
    assert "offers.yaml#offers/advice/title" in problem
    assert "9 translation(s) written" in said
    assert "pl: Sozialberatung" not in offers.read_text() and "pl: '[pl] Wir helfen.'" in offers.read_text()


def test_untranslated_and_fuzzy_entries_are_left_out(capsys, tmp_path):
    pack = copy(MINI, tmp_path)
    po_path = tmp_path / "pl.po"
    run(capsys, "translations", "export", pack, "--lang", "pl", "--out", po_path)
    po = polib.pofile(str(po_path))
    po[0].msgstr = "Mini"
    po[1].msgstr = "Pomoc"
    po[1].flags.append("fuzzy")
    po.save(str(po_path))
    code, said = run(capsys, "translations", "import", pack, po_path)
    assert code == 0, said
    assert "1 translation(s) written" in said and "9 left out" in said
    assert "Pomoc" not in (pack / "pack.yaml").read_text()


@pytest.mark.parametrize("argv, words", [
    (["export", "{tmp}", "--lang", "pl", "--out", "{tmp}/x.po"], "is not a content pack"),
    (["export", str(MINI), "--lang", "xx", "--out", "{tmp}/x.po"], "unknown language code 'xx'"),
    (["import", str(MINI), "{tmp}/missing.po"], "no file"),
])
def test_command_mistakes_get_one_clear_line(capsys, tmp_path, argv, words):
    code, said = run(capsys, "translations", *(a.replace("{tmp}", str(tmp_path)) for a in argv))
    assert code == 2
    assert words in said and "Traceback" not in said


def test_a_po_file_without_a_known_language_is_refused(capsys, tmp_path):
    pack = copy(MINI, tmp_path)
    po = polib.POFile()
    po.metadata = {"Language": "Klingon", "Content-Type": "text/plain; charset=UTF-8"}
    po.save(str(tmp_path / "x.po"))
    code, said = run(capsys, "translations", "import", pack, tmp_path / "x.po")
    assert code == 2 and "Language: 'Klingon'" in said
