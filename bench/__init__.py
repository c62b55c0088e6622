"""Benchmarks: `make bench` (never part of `make test`). They drive the kiosk with the tests'
harness and monkey (tests/harness.py, tests/monkey.py), which is why tests/ is on the path."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
