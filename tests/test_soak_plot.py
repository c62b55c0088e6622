"""The soak's verdict and its picture (bench/soak.py), on made-up samples: growth within the band
is met, growth past it is not, and the PNG has a panel per curve with the curve drawn in it."""

from __future__ import annotations

from PIL import Image

from bench import soak


def _points(rss_end: float, textures_end: int) -> list[dict]:
    points = []
    for i in range(0, 6):
        points.append({"events": i * 1000, "rss_mb": 200.0 if i else 180.0, "textures": 100 if i else 80,
                       "widgets": 500})
    points[-1].update(rss_mb=rss_end, textures=textures_end)
    return points


def test_growth_within_five_percent_is_met_and_past_it_is_not():
    flat = _points(209.0, 104)
    grown = _points(212.0, 106)
    assert soak._stable("live textures", "textures", flat, flat[1], flat[-1], 1000)["met"] is True
    row = soak._stable("live textures", "textures", grown, grown[1], grown[-1], 1000)
    assert row["met"] is False and row["max"] == 6.0
    assert "100 after 1,000 events, 106 at the end" in row["note"]


def test_plot_draws_a_panel_per_curve(tmp_path):
    out = tmp_path / "soak.png"
    soak.plot(_points(209.0, 104), 1000, out, "soak: test")
    image = Image.open(out).convert("RGB")
    assert image.width == soak.PLOT_WIDTH
    colours = set(image.getdata())
    for _key, _label, _unit, colour in soak.CURVES:
        assert colour in colours  # each curve is drawn in its own colour


def test_second_half_growth_is_reported_not_judged():
    points = _points(210.0, 100)
    out = soak._second_half(points)
    assert out["met"] is None and out["target"] is None
    assert out["measure"].startswith("RSS growth, 2,000 -> 5,000 events")
    assert out["max"] == 5.0  # 200 -> 210 MB
