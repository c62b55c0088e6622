"""Make large content packs with a fixed seed: N offers in 8 languages, for the benchmarks."""

from __future__ import annotations

import random
from pathlib import Path

LANGS = ("de", "en", "ar", "tr", "ru", "vi", "uk", "fa")
WORDS = {
    "de": "Beratung Hilfe Kurs Treffen Familie Arbeit Schule Wohnung Sprache Nachbarschaft",
    "en": "advice help course meeting family work school housing language neighbourhood",
    "ar": "استشارة مساعدة دورة لقاء عائلة عمل مدرسة سكن لغة حي",
    "tr": "danışmanlık yardım kurs buluşma aile iş okul konut dil mahalle",
    "ru": "консультация помощь курс встреча семья работа школа жильё язык район",
    "vi": "tư vấn giúp đỡ khóa học gặp gỡ gia đình việc làm trường học nhà ở ngôn ngữ khu phố",
    "uk": "консультація допомога курс зустріч родина робота школа житло мова район",
    "fa": "مشاوره کمک دوره دیدار خانواده کار مدرسه مسکن زبان محله",
}
CATEGORIES = ("counselling", "german", "homework", "community", "info")


def _text(rng: random.Random, words: int, indent: str) -> str:
    lines = []
    for lang in LANGS:
        vocab = WORDS[lang].split()
        lines.append(f"{indent}{lang}: {' '.join(rng.choice(vocab) for _ in range(words))}")
    return "\n".join(lines)


def generate(folder: Path, offers: int, seed: int = 1) -> Path:
    """Write a valid pack with `offers` offers into `folder`; return the folder."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    cats = "\n".join(
        f"  - id: {c}\n    title:\n{_text(rng, 1, '      ')}\n    icon: info\n    color: \"#1d4f91\"" for c in CATEGORIES
    )
    (folder / "pack.yaml").write_text(
        f"id: {folder.name}\nname:\n{_text(rng, 2, '  ')}\nlanguages: [{', '.join(LANGS)}]\n"
        f"location:\n  place: p0\ncategories:\n{cats}\n"
    )
    places = [
        f"  - id: p{i}\n    title:\n{_text(rng, 2, '      ')}\n    address:\n      street: Straße {i}\n"
        f"      postcode: \"04315\"\n      town: Leipzig\n    lat: {51.33 + rng.random() * 0.03:.6f}\n"
        f"    lon: {12.38 + rng.random() * 0.05:.6f}"
        for i in range(50)
    ]
    (folder / "places.yaml").write_text("places:\n" + "\n".join(places) + "\n")
    providers = [
        f"  - id: org{i}\n    title:\n{_text(rng, 3, '      ')}\n    contact:\n      phone: \"+49 341 {100000 + i}\""
        for i in range(20)
    ]
    (folder / "providers.yaml").write_text("providers:\n" + "\n".join(providers) + "\n")
    rows = []
    for i in range(offers):
        day = rng.choice(("mon", "tue", "wed", "thu", "fri"))
        start = rng.randint(8, 15)
        rows.append(
            f"  - id: offer-{i}\n    title:\n{_text(rng, 3, '      ')}\n    summary:\n{_text(rng, 10, '      ')}\n"
            f"    category: {rng.choice(CATEGORIES)}\n    provider: org{rng.randrange(20)}\n"
            f"    place: p{rng.randrange(50)}\n    languages: [{', '.join(rng.sample(LANGS, 3))}]\n"
            f"    url: https://example.org/offer/{i}\n"
            f"    hours:\n      {day}: [\"{start:02d}:00-{start + 2:02d}:00\"]"
        )
    (folder / "offers.yaml").write_text("offers:\n" + "\n".join(rows) + "\n")
    return folder
