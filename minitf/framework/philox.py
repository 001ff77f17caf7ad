"""TF's counter-based Philox4x32-10 generator and the per-op state its random kernels keep.

A random op owns one generator (TF's GuardedPhiloxRandom) keyed by its `seed` attr, with
`seed2` in the upper half of its 128-bit counter. Each run hands the kernel the current
counter and moves it on by `num_elements * 256` blocks (ReserveRandomOutputs(n, 256)); the
kernel then computes the blocks it needs for its output groups, all at once on `xp` arrays.
"""
from __future__ import annotations

import os
import threading
from typing import Any

_M32 = 0xFFFFFFFF
_M64 = (1 << 64) - 1
_M128 = (1 << 128) - 1
_MUL_A, _MUL_B = 0xD2511F53, 0xCD9E8D57  # the round multipliers
_KEY_A, _KEY_B = 0x9E3779B9, 0xBB67AE85  # the Weyl key increments
ROUNDS = 10
RESERVE_PER_OUTPUT = 256  # blocks reserved per output element each run


class PhiloxState:
    """One op's generator in one session: a key and a 128-bit block counter."""

    def __init__(self, seed: int, seed2: int):
        seed &= _M64
        seed2 &= _M64
        self.key = (seed & _M32, seed >> 32)
        self.counter = seed2 << 64  # counter words [0, 0, seed2 lo, seed2 hi]
        self._lock = threading.Lock()  # concurrent runs each reserve their own blocks

    @classmethod
    def unseeded(cls) -> PhiloxState:
        """Both seeds random, as TF does for attrs (0, 0)."""
        return cls(int.from_bytes(os.urandom(8), "little"),
                   int.from_bytes(os.urandom(8), "little"))

    def reserve(self, num_outputs: int, multiplier: int = RESERVE_PER_OUTPUT) -> Philox:
        """The generator as it stands, for one kernel run; moves this one past the run's
        reserved blocks."""
        with self._lock:
            start = self.counter
            self.counter = (start + num_outputs * multiplier) & _M128
        return Philox(self.key, start)


class Philox:
    """A fixed (key, counter) start: `blocks(xp, offsets)` computes whole 4-word blocks."""

    def __init__(self, key: tuple[int, int], counter: int):
        self.key = key
        self.counter = counter

    def blocks(self, xp: Any, offsets: Any) -> Any:
        """The 4 uint32 outputs of the blocks at `counter + offsets` (a uint64 array of any
        shape): an array of shape (4,) + offsets.shape."""
        offsets = xp.asarray(offsets, dtype=xp.uint64)
        start_lo = xp.uint64(self.counter & _M64)
        start_hi = self.counter >> 64
        lo = offsets + start_lo  # wraps modulo 2**64
        carry = (lo < offsets).astype(xp.uint64)
        hi = carry + xp.uint64(start_hi & _M64)
        m32 = xp.uint64(_M32)
        s32 = xp.uint64(32)
        c0, c1 = lo & m32, lo >> s32
        c2, c3 = hi & m32, hi >> s32
        k0, k1 = self.key
        mul_a, mul_b = xp.uint64(_MUL_A), xp.uint64(_MUL_B)
        for r in range(ROUNDS):
            ka = xp.uint64((k0 + r * _KEY_A) & _M32)
            kb = xp.uint64((k1 + r * _KEY_B) & _M32)
            p0 = c0 * mul_a  # < 2**64: exact
            p1 = c2 * mul_b
            c0, c1, c2, c3 = ((p1 >> s32) ^ c1 ^ ka), p1 & m32, ((p0 >> s32) ^ c3 ^ kb), p0 & m32
        return xp.stack([c0, c1, c2, c3]).astype(xp.uint32)
