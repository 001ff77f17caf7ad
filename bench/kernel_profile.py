"""Where minitf's time goes: calls and time per kernel, by op type, in the LSTM benchmark.

Every kernel the plans bind (a while loop's body and cond included, fused groups as one
`Fused...` entry) is wrapped with a timer; the timer costs about 0.2 µs a call, so small
kernels read a little slow. Each entry counts its kernel's own time, less that of the kernels
it ran: a `While` entry is the loop's own work, which is all of it when the loop ran as one
fused LSTM loop (minitf/runtime/rnn_loop.py).

    python bench/kernel_profile.py [--sizes 1 2] [--what inference train] [--runs 10] [--top 12]
"""
from __future__ import annotations

import argparse
import collections
import contextlib
import os
import sys
import time
from typing import Callable, Iterator

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import lstm  # noqa: E402 - bench/ is the script's folder, first on sys.path


@contextlib.contextmanager
def kernel_timer() -> Iterator[dict]:
    """Yields {op type: [calls, seconds]}, filled by every plan compiled inside the block."""
    from minitf.runtime import plan as plan_mod
    stats: dict = collections.defaultdict(lambda: [0, 0.0])
    original = plan_mod.Plan._generate
    clock = time.perf_counter

    inner = [0.0]  # time of the kernels run inside the one running now

    def timed(factory: Callable, op_type: str) -> Callable:
        def make(ctx):
            kernel = factory(ctx)
            if not callable(kernel):
                return kernel
            entry = stats[op_type]

            def run(*args):
                outer = inner[0]
                inner[0] = 0.0
                t = clock()
                try:
                    return kernel(*args)
                finally:
                    elapsed = clock() - t
                    entry[0] += 1
                    entry[1] += elapsed - inner[0]
                    inner[0] = outer + elapsed
            return run
        return make

    wrapped: dict = {}  # id(opdef) -> (opdef, its own kernel factory), put back on the way out

    def generate(self, *args, **kwargs):
        for op in self.ops:
            opdef = op._opdef
            if opdef.kernel is not None and id(opdef) not in wrapped:
                wrapped[id(opdef)] = opdef, opdef.kernel
                opdef.kernel = timed(opdef.kernel, op._type)
        return original(self, *args, **kwargs)
    plan_mod.Plan._generate = generate
    try:
        yield stats
    finally:
        plan_mod.Plan._generate = original
        for opdef, factory in wrapped.values():
            opdef.kernel = factory


def profile(size: str, what: str, runs: int) -> list[tuple[str, int, float, float]]:
    """(op type, calls per run, µs per call, ms per run), slowest first."""
    import minitf
    with kernel_timer() as stats:
        run = lstm._graph_runners(minitf, size)[what]
        run()  # compiles; its calls are not counted
        for entry in stats.values():
            entry[:] = [0, 0.0]
        for _ in range(runs):
            run()
    rows = [(op_type, calls // runs, seconds / calls * 1e6, seconds / runs * 1e3)
            for op_type, (calls, seconds) in stats.items() if calls]
    return sorted(rows, key=lambda r: -r[3])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", nargs="*", default=list(lstm.SIZES), choices=list(lstm.SIZES))
    ap.add_argument("--what", nargs="*", default=["inference", "train step"],
                    choices=["inference", "train step"])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--top", type=int, default=12)
    args = ap.parse_args()
    for size in args.sizes:
        for what in args.what:
            rows = profile(size, what, args.runs)
            batch, steps, depth, units = lstm.SIZES[size]
            total = sum(r[3] for r in rows)
            print(f"\nLSTM size {size} (B={batch} T={steps} I={depth} H={units}), {what}: "
                  f"{total:.2f} ms per run in kernels")
            print(f"  {'op type':44s} {'calls/run':>9s} {'µs/call':>9s} {'ms/run':>8s}")
            for op_type, calls, us, ms in rows[:args.top]:
                print(f"  {op_type:44s} {calls:9d} {us:9.2f} {ms:8.3f}")


if __name__ == "__main__":
    main()
