"""The short monkey: random taps, swipes and language changes with a fixed seed end with no error
and a kiosk that still goes home when asked (the long run, 20,000 events, is in `make bench-long`)."""

from __future__ import annotations

import pytest

from monkey import Monkey, MonkeyError

SEED = 1
EVENTS = 100
SMALL = (540, 960)  # the same screens at a quarter of the pixels: software GL draws them faster


@pytest.fixture
def calm_kiosk(kiosk):
    """The session kiosk without the fixture plugins that break on purpose (tests/test_faults.py
    covers those); switched on again afterwards."""
    host = kiosk.app.host
    blocked = [
        name for name, info in host.plugins.items()
        if name.startswith(("raising_", "broken_")) and info.state == "active"
    ]
    for name in blocked:
        host.set_blocked(name, True)
    kiosk.resize(*SMALL)
    yield kiosk
    for name in blocked:
        host.set_blocked(name, False)


def test_random_taps_and_swipes_end_with_a_working_kiosk(calm_kiosk):
    app = calm_kiosk.app
    report = Monkey(calm_kiosk, seed=SEED).run(EVENTS)
    print(report.summary())
    assert report.events >= EVENTS
    assert app.route == "home"
    # it got past the home screen into lists and details, and into other languages
    assert {"home", "offers", "offer"} <= set(report.routes), report.summary()
    assert len(report.languages) >= 3, report.summary()


def _log_error(*_):
    import logging

    logging.getLogger("kiosk.test").error("broken on purpose")


def _raise(*_):
    raise RuntimeError("broken on purpose")


@pytest.mark.parametrize("fault", [_log_error, _raise], ids=["logged error", "exception"])
def test_an_error_fails_the_run_and_names_the_seed(calm_kiosk, fault):
    app = calm_kiosk.app
    caught = len(app.guard.unexpected)
    app.bind(route=fault)  # breaks at the first screen change
    try:
        with pytest.raises(MonkeyError, match="broken on purpose") as failure:
            Monkey(calm_kiosk, seed=SEED).run(50)
    finally:
        app.unbind(route=fault)
        del app.guard.unexpected[caught:]  # made on purpose: not a fault of the shell
    assert f"monkey seed {SEED}" in str(failure.value)
