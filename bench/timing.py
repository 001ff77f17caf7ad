"""The timer every benchmark here uses: the best of several batches of calls."""
from __future__ import annotations

import time
from typing import Callable


def time_call(fn: Callable[[], object], min_time: float = 0.2) -> float:
    """Seconds per call of `fn`: the best of 4 batches, each sized to take about `min_time`
    (the first call, which compiles, is not timed)."""
    fn()
    n = 1
    while True:
        t0 = time.perf_counter()
        for _ in range(n):
            fn()
        dt = time.perf_counter() - t0
        if dt > min_time / 4:
            break
        n *= 2
    best = dt / n
    for _ in range(3):
        t0 = time.perf_counter()
        for _ in range(n):
            fn()
        best = min(best, (time.perf_counter() - t0) / n)
    return best
