"""The soak's census counts widgets and textures, not the weak proxies that stand for them."""

from __future__ import annotations

import weakref


def test_a_widget_is_counted_once_however_many_proxies_stand_for_it(kiosk):
    from kivy.uix.widget import Widget

    from bench.soak import census

    before = census()["widgets"]
    made = Widget()
    proxies = [made.proxy_ref, weakref.proxy(made)]  # as `ids` and Kivy's own bindings hold them
    assert census()["widgets"] == before + 1
    del made
    assert census()["widgets"] == before  # and a dead proxy is not counted, nor does it raise
    assert len(proxies) == 2
