"""The floor for `start`: Kivy alone, started the way `kiosk shot` starts, one Label, one PNG.

Its own Xvfb (as `kiosk shot` starts one), a window of the same size, Kivy's own defaults for
everything else, the same frames and the same read-back of the window as `Harness.screenshot`.
Usage: python -m bench.bare_kivy OUT.png [WxH]
"""

from __future__ import annotations

import atexit
import os
import subprocess
import sys


def virtual_display() -> None:
    read, write = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1920x1920x24", "-nolisten", "tcp", "-noreset"],
        pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as pipe:
        os.environ["DISPLAY"] = ":" + pipe.readline().strip()
    atexit.register(lambda: (xvfb.terminate(), xvfb.wait(5)))


def main(out: str, size: str = "1080x1920") -> None:
    width, height = size.split("x")
    virtual_display()
    os.environ["KIVY_NO_ARGS"] = "1"
    os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")
    from kivy.config import Config

    Config.set("graphics", "width", width)
    Config.set("graphics", "height", height)
    Config.set("graphics", "maxfps", "0")
    from kivy.app import App
    from kivy.base import EventLoop
    from kivy.core.window import Window
    from kivy.graphics.opengl import GL_RGBA, GL_UNSIGNED_BYTE, glReadPixels
    from kivy.uix.label import Label
    from PIL import Image

    class Bare(App):
        def build(self):
            return Label(text="Hallo", font_size="40sp")

    app = Bare()
    app._run_prepare()  # as the harness does: App.run() without its loop
    for _ in range(5):  # the harness's three frames at start and two before the shot
        EventLoop.idle()
    Window.dispatch("on_draw")
    w, h = Window.size
    data = glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE)
    Image.frombytes("RGBA", (w, h), data).transpose(Image.FLIP_TOP_BOTTOM).convert("RGB").save(out)


if __name__ == "__main__":
    main(*sys.argv[1:])
