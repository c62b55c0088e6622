"""Full garbage collections come when the screen has settled, never while a finger is down or
in the frame that answers a touch (kiosk/heap.py)."""

from __future__ import annotations

import gc


def due():
    """Make a full collection due: young collections as many as Python's own threshold."""
    from kiosk.heap import DUE

    for _ in range(DUE):
        gc.collect(1)
    assert gc.get_count()[2] >= DUE


def band(kiosk):
    band = kiosk.app.root.ids.title_band  # nothing to tap there
    return band.to_window(*band.center)


def test_no_full_collection_while_a_finger_is_down_then_one_when_it_is_lifted(kiosk):
    heap = kiosk.app.heap
    kiosk.frames(3)
    touch = kiosk.touch_down(*band(kiosk))
    due()
    before = heap.collections
    kiosk.frames(10)
    assert heap.collections == before  # held: someone is touching the screen
    kiosk.touch_up(touch)
    kiosk.frames(1)
    assert heap.collections == before  # the frame that answers the lift is the answer's
    kiosk.frames(3)
    assert heap.collections == before + 1
    assert gc.get_count()[2] < 2


def test_a_screen_still_drawing_waits_until_no_touch_for_a_while(kiosk):
    from kivy.core.window import Window  # not at import: the kiosk configures Kivy before its window opens

    from kiosk.heap import READING_SECONDS

    heap = kiosk.app.heap
    kiosk.tap_at(*band(kiosk))
    Window.canvas.ask_update()
    kiosk.frames(1)  # a frame that drew: the next one is not taken as settled
    due()
    before = heap.collections
    for _ in range(5):  # an animation: every frame draws
        Window.canvas.ask_update()
        kiosk.frames(1)
    assert heap.collections == before
    kiosk.time.value += READING_SECONDS  # nobody has touched it for a while: not a visitor waiting
    Window.canvas.ask_update()
    kiosk.frames(1)
    assert heap.collections == before + 1


def test_pythons_own_trigger_stays_as_a_safety_net(kiosk):
    from kiosk.heap import DUE, SAFETY

    assert gc.get_threshold()[2] == SAFETY > DUE


def test_errands_wait_for_a_lifted_finger_and_keep_within_their_budget(kiosk):
    from kiosk.heap import ERRAND_BUDGET_S

    heap = kiosk.app.heap
    kiosk.frames(3)
    done = []
    now = [0.0]

    def steps():
        for index in range(10):
            now[0] += ERRAND_BUDGET_S / 2  # each step takes half a frame's budget
            done.append(index)
            yield

    heap._timer = lambda: now[0]
    try:
        touch = kiosk.touch_down(*band(kiosk))
        heap.errand(steps())
        kiosk.frames(10)
        assert done == []  # a finger is down: nothing runs
        kiosk.touch_up(touch)
        kiosk.frames(1)
        assert done == []  # the frame that answers the lift is the answer's
        kiosk.frames(3)
        assert 0 < len(done) <= 2 * 3  # two steps a settled frame: the budget holds
        kiosk.until(lambda: heap.errands == 0, limit=20)
        assert done == list(range(10))
    finally:
        import time

        heap._timer = time.perf_counter


def test_an_errand_that_raises_is_logged_and_the_next_one_runs(kiosk, caplog):
    heap = kiosk.app.heap
    kiosk.frames(3)
    done = []

    def broken():
        yield
        raise ValueError("no such label")

    def fine():
        done.append(1)
        yield

    heap.errand(broken())
    heap.errand(fine())
    kiosk.until(lambda: heap.errands == 0, limit=20)
    assert done == [1]
    assert any("errand failed" in r.getMessage() and r.exc_info for r in caplog.records)
