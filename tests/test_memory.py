"""Large blocks get memory of their own, so the C heap does not fragment over a day
(kiosk/boot.py, `_separate_large_blocks`; the soak's fifth and sixth runs)."""

from __future__ import annotations

import pytest

from bench.proc import native_mb


def test_a_large_block_is_mapped_on_its_own_even_after_a_larger_one_was_freed(harness):
    from kiosk import boot

    if not boot._glibc():
        pytest.skip("not glibc")
    larger = bytearray(8 * 2**20)  # freed: glibc's own rule would raise its threshold to 8 MB
    del larger
    before = native_mb()["heap_mmap_mb"]
    block = bytearray(2 * 2**20)
    during = native_mb()["heap_mmap_mb"]
    del block
    assert during - before >= 1.9  # mapped on its own, not taken from the heap
    assert native_mb()["heap_mmap_mb"] == pytest.approx(before, abs=0.2)  # and given back whole
