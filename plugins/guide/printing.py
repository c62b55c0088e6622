"""Printing the guide on the centre's printer through CUPS: `lp -d PRINTER FILE`."""

from __future__ import annotations

import logging
import shutil
import subprocess
import tempfile
from pathlib import Path

from .content import guide_of
from .render import write_pdf

log = logging.getLogger("kiosk.guide")


class Printing:
    """plugins.config.guide: `printer` (a CUPS queue; no printing without it), `size`, `lp`."""

    def __init__(self):
        self.printer: str | None = None
        self.size = "a4"
        self.lp = "lp"

    def configure(self, printer, size, lp) -> None:
        self.printer, self.size, self.lp = printer, size, lp

    def make(self, kiosk, lang: str) -> Path:
        """Write the guide in `lang` under the kiosk's state folder; returns the PDF."""
        base = Path(kiosk.state_dir) if kiosk.state_dir else Path(tempfile.gettempdir()) / "kiosk"
        out = base / "guide" / f"guide-{lang}-{self.size}.pdf"
        write_pdf(guide_of(kiosk.pack, lang, kiosk.t_in, kiosk.item_codes, kiosk.now()), out, self.size)
        return out

    def send(self, pdf: Path, title: str) -> str:
        """Hand `pdf` to CUPS; returns lp's answer ("request id is ..."); raises OSError."""
        lp = shutil.which(self.lp)
        if lp is None:
            raise OSError(f"{self.lp} is not installed (Debian: cups-client)")
        # A5 pages go two to a sheet of A4 (CUPS's number-up), to be cut or folded
        options = ["-o", "media=A4"] + (["-o", "number-up=2"] if self.size == "a5" else [])
        result = subprocess.run([lp, "-d", self.printer, "-t", title, *options, str(pdf)],
                                capture_output=True, text=True, timeout=60)
        if result.returncode != 0:
            raise OSError((result.stderr or result.stdout).strip() or f"lp exited with {result.returncode}")
        return result.stdout.strip()


PRINTING = Printing()
