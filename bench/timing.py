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


def engines(graph: Callable, torch_fn: Callable, with_tf: bool, with_torch: bool) -> dict:
    """`{engine name: size -> runners}`: minitf always, TF's compat.v1 and PyTorch when installed
    (both held to 2 threads, as numpy's BLAS is here). `graph(tf_module, size, config)` builds the
    graph-mode runners, `torch_fn(torch, size)` the PyTorch ones."""
    import os

    import minitf
    found = {"minitf": lambda size: graph(minitf, size, None)}
    if with_tf:
        try:
            os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
            os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
            import tensorflow.compat.v1 as tf1
            tf1.disable_v2_behavior()
            cfg = tf1.ConfigProto(intra_op_parallelism_threads=2, inter_op_parallelism_threads=2)
            found["tf.compat.v1"] = lambda size: graph(tf1, size, cfg)
        except ImportError:
            pass
    if with_torch:
        try:
            import torch
            torch.set_num_threads(2)
            found["torch"] = lambda size: torch_fn(torch, size)
        except ImportError:
            pass
    return found


def interleaved_ms(fns: dict, repeat: int, min_time: float = 0.2) -> dict:
    """Median ms per call of each of `fns`, timed in rounds A B B A so that throttling hits all
    alike."""
    import statistics
    samples: dict = {name: [] for name in fns}
    order = list(fns)
    for r in range(repeat):
        for name in (order if r % 2 == 0 else order[::-1]):
            samples[name].append(time_call(fns[name], min_time))
    return {name: statistics.median(v) * 1e3 for name, v in samples.items()}
