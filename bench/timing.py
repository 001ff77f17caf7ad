"""What every benchmark here shares: the timer, the engines, interleaved rounds, the result rows
and the one table they are printed in."""
from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)  # minitf from this checkout, installed or not

TF, TORCH = "tf.compat.v1", "torch"
PEERS = (TF, TORCH)
SHORT = {TF: "TF"}


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


def tf_v1():
    """`(tensorflow.compat.v1, a 2-thread ConfigProto)`, or None where TF is not installed."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
    try:
        import tensorflow.compat.v1 as tf1
    except ImportError:
        return None
    tf1.disable_v2_behavior()
    tf1.logging.set_verbosity(tf1.logging.ERROR)  # its deprecation warnings, once per API
    return tf1, tf1.ConfigProto(intra_op_parallelism_threads=2, inter_op_parallelism_threads=2)


def engines(graph: Callable, torch_fn: Callable | None, with_tf: bool,
            with_torch: bool) -> dict:
    """`{engine name: size -> runners}`: minitf always, TF's compat.v1 and PyTorch when installed
    (both held to 2 threads, as numpy's BLAS is here). `graph(tf_module, size, config)` builds the
    graph-mode runners, `torch_fn(torch, size)` the PyTorch ones (None: no PyTorch version)."""
    import minitf
    found = {"minitf": lambda size: graph(minitf, size, None)}
    tf = tf_v1() if with_tf else None
    if tf is not None:
        found[TF] = lambda size: graph(tf[0], size, tf[1])
    if with_torch and torch_fn is not None:
        try:
            import torch
        except ImportError:
            return found
        torch.set_num_threads(2)
        found[TORCH] = lambda size: torch_fn(torch, size)
    return found


def rounds(measures: dict, repeat: int) -> dict:
    """`{name: [one result per round]}` of calling each of `measures`, in rounds A B B A so that
    the machine's throttling hits all alike."""
    samples: dict = {name: [] for name in measures}
    order = list(measures)
    for r in range(repeat):
        for name in (order if r % 2 == 0 else order[::-1]):
            samples[name].append(measures[name]())
    return samples


def interleaved_ms(fns: dict, repeat: int, min_time: float = 0.2) -> dict:
    """Median ms per call of each of `fns` over interleaved rounds."""
    samples = rounds({name: (lambda fn=fn: time_call(fn, min_time)) for name, fn in fns.items()},
                     repeat)
    return {name: statistics.median(v) * 1e3 for name, v in samples.items()}


def disagreement(losses: dict, rtol: float = 1e-4) -> str:
    """A note naming each engine's first loss where they differ (the engines then do not
    compute the same model, and their times are not comparable), else ""."""
    ref = losses["minitf"]
    if all(abs(v - ref) <= rtol * abs(ref) for v in losses.values()):
        return ""
    return "first losses differ: " + ", ".join(f"{k} {v:.6f}" for k, v in losses.items())


@dataclass(frozen=True)
class Bound:
    """A target: minitf's figure at most `limit` times `peer`'s (or, with no peer, at most
    `limit` in the row's unit; `strict`: below it)."""
    limit: float
    peer: str | None = None
    strict: bool = False

    def text(self, unit: str) -> str:
        sign = "<" if self.strict else "≤"
        if self.peer is None:
            return f"{sign} {self.limit:g}{_sep(unit)}{unit}"
        return f"{sign} {self.limit:.1f}x {SHORT.get(self.peer, self.peer)}"

    def met(self, values: dict) -> bool | None:
        """Whether `values` meet it; None where a figure it needs is missing."""
        mine = values.get("minitf")
        if self.peer is None:
            return None if mine is None else (mine < self.limit if self.strict
                                              else mine <= self.limit)
        theirs = values.get(self.peer)
        if mine is None or theirs is None:
            return None
        return mine / theirs <= self.limit


@dataclass
class Row:
    """One figure of a benchmark: each engine's median (`values`, in `unit`) and its targets.
    `note`: what the table should say beneath it (e.g. engines that disagree)."""
    figure: str
    unit: str
    values: dict
    bounds: tuple = ()
    note: str = ""

    def target(self) -> str:
        return ", ".join(b.text(self.unit) for b in self.bounds)

    def met(self) -> str:
        """Whether the targets are met: "yes" (all), "no" (one is missed) or "-" (none is missed
        but one cannot be checked, its peer missing)."""
        verdicts = [b.met(self.values) for b in self.bounds]
        if False in verdicts:
            return "no"
        return "yes" if verdicts and None not in verdicts else "-"


def _sep(unit: str) -> str:
    return "" if unit in ("x", "") else " "


def _num(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "x":
        return f"{value:.2f}x"
    digits = 0 if abs(value) >= 100 else 1 if abs(value) >= 10 else 2 if abs(value) >= 1 else 3
    return f"{value:.{digits}f}{_sep(unit)}{unit}"


def table(rows: list, peers: tuple = PEERS, markdown: bool = False) -> str:
    """The rows as one table: figure | minitf | each peer | minitf's ratio to each peer | target
    | met?, then the rows' notes; a figure a run lacks reads "-". Plain text, or Markdown."""
    head = ["figure", "minitf", *peers, *(f"ratio vs {SHORT.get(p, p)}" for p in peers),
            "target", "met?"]
    body, notes = [], []
    for row in rows:
        mine = row.values.get("minitf")
        ratios = [None if mine is None or row.values.get(p) is None else mine / row.values[p]
                  for p in peers]
        figure = row.figure
        if row.note:
            notes.append(f"[{len(notes) + 1}] {row.note}")
            figure += f" [{len(notes)}]"
        body.append([figure, _num(mine, row.unit),
                     *(_num(row.values.get(p), row.unit) for p in peers),
                     *(_num(r, "x") for r in ratios), row.target() or "-", row.met()])
    if markdown:
        lines = ["| " + " | ".join(cells) + " |" for cells in [head, ["---"] * len(head), *body]]
    else:
        widths = [max(len(cells[i]) for cells in [head, *body]) for i in range(len(head))]
        lines = ["  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                           for i, (c, w) in enumerate(zip(cells, widths))).rstrip()
                 for cells in [head, *body]]
    return "\n".join(lines + ([""] + notes if notes else []))
