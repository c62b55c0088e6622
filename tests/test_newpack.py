"""`kiosk new-pack`: one command gives a pack that passes `kiosk check` and explains its fields."""

from __future__ import annotations

import re

import pytest

from kiosk.cli import main
from packs import load_pack


def run(capsys, *argv) -> tuple[int, str]:
    code = main([*map(str, argv)])
    out = capsys.readouterr()
    return code, out.out + out.err


def test_new_pack_passes_check_with_only_translations_left_to_do(capsys, tmp_path):
    folder = tmp_path / "neustadt"
    code, said = run(capsys, "new-pack", folder, "--name", "Neustadt: Treffpunkt", "--languages", "de,ar,en")
    assert code == 0, said
    code, said = run(capsys, "check", folder)
    assert code == 0, said
    assert ": ok: 1 places, 1 providers, 1 offers, 0 events, 0 documents, 3 languages (de, ar, en)" in said
    warnings = [line for line in said.splitlines() if "warning:" in line]
    assert warnings and all("has no translation for ar: add a line ar: ..." in line for line in warnings), said
    pack, _ = load_pack(folder)
    assert pack.id == "neustadt"
    assert pack.name.values == {"de": "Neustadt: Treffpunkt", "ar": "Neustadt: Treffpunkt", "en": "Neustadt: Treffpunkt"}
    assert pack.languages == ("de", "ar", "en")


def test_a_pack_in_other_languages_starts_from_english_examples(capsys, tmp_path):
    folder = tmp_path / "ankara"
    assert run(capsys, "new-pack", folder, "--name", "Ankara", "--languages", "tr,ar")[0] == 0
    code, said = run(capsys, "check", folder)
    assert code == 0, said
    assert "title has no translation for tr, ar" in said


@pytest.mark.parametrize("file", ["pack.yaml", "places.yaml", "providers.yaml", "offers.yaml", "events.yaml"])
def test_every_field_is_explained_by_a_comment(capsys, tmp_path, file):
    folder = tmp_path / "neustadt"
    run(capsys, "new-pack", folder, "--name", "Neustadt", "--languages", "de,en")
    lines = (folder / file).read_text().splitlines()
    assert lines[0].startswith(f"# {file}: ")
    texts = re.compile(r"^\s*(-\s+)?[a-z]{2}: ")  # a language line of a text needs no comment of its own
    for number, line in enumerate(lines):
        if not line.strip() or line.lstrip().startswith("#") or texts.match(line):
            continue
        if not re.match(r"^\s*(- )?[a-z_]+:", line):
            continue
        explained = "#" in line or lines[number - 1].lstrip().startswith("#")
        parent = re.match(r"^\s*[a-z_]+:\s*$", line) and "#" in lines[number + 1]
        assert explained or parent or line.strip() in ("title:", "name:", "address:", "contact:"), f"{file}:{number + 1}: {line}"


@pytest.mark.parametrize("argv, words", [
    (["{tmp}/Neu Stadt", "--name", "X", "--languages", "de"], "use lowercase letters, digits and dashes"),
    (["{tmp}/neu", "--name", "X", "--languages", "de,xx"], "unknown language code 'xx'"),
    (["{tmp}/neu", "--name", "X", "--languages", ","], "--languages needs at least one code"),
    (["{tmp}/neu", "--name", " ", "--languages", "de"], "--name must not be empty"),
    (["{tmp}/full", "--name", "X", "--languages", "de"], "exists and is not empty"),
])
def test_mistakes_are_refused_in_one_line(capsys, tmp_path, argv, words):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "notes.txt").write_text("mine\n")
    code, said = run(capsys, "new-pack", *(a.replace("{tmp}", str(tmp_path)) for a in argv))
    assert code == 2
    assert words in said and len(said.strip().splitlines()) == 1, said
    assert (tmp_path / "full" / "notes.txt").read_text() == "mine\n"


def test_the_content_guide_starts_from_what_new_pack_writes(capsys, tmp_path):
    from conftest import ROOT

    guide = (ROOT / "docs" / "content.md").read_text()
    start = guide.index("## Start here")
    command = '.venv/bin/kiosk new-pack content/neustadt --name "Neustadt" --languages de,en,ar'
    assert command in guide[start:start + 400]
    block = guide[guide.index("```yaml", start) + len("```yaml\n"):]
    block = block[: block.index("```")]
    folder = tmp_path / "neustadt"
    run(capsys, "new-pack", folder, "--name", "Neustadt", "--languages", "de,en,ar")
    assert block.strip() in (folder / "pack.yaml").read_text()
