"""Executor overhead: fixed cost per `Session.run` and steady-state cost per op.

Graphs (the same for every engine):
  run cost  -- fetch `x + 0` of a fed 1-element placeholder (one op, one feed, one fetch);
  op cost   -- a chain `y = y + x` of N adds on a fed 1-element placeholder; the cost per op is
               (t(N) - t(1)) / (N - 1), so the fixed cost cancels out.
Also numpy's own 1-element add, the floor any interpreter pays per op.

Engines run side by side in one process, interleaved A B B A, so that the machine's throttling
hits all alike; compare ratios. TensorFlow's `tf.compat.v1` joins when importable, once with
its default graph optimizer and once with it off.

    python bench/overhead.py [--ops 1000] [--repeat 7]
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from timing import time_call  # noqa: E402 - bench/ is the script's folder


def _chain_runner(tf, n_ops: int, config=None):
    """A session running a chain of `n_ops` adds on a fed placeholder; returns its run()."""
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, [1], name="x")
        y = x
        for _ in range(n_ops):
            y = y + x
    sess = tf.Session(graph=g, config=config)
    feed = {x: np.ones(1, np.float32)}
    return lambda: sess.run(y, feed)


def _engines(with_tf: bool) -> dict:
    import minitf
    engines = {"minitf": (minitf, None)}
    if with_tf:
        try:
            os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
            import tensorflow.compat.v1 as tf1
            tf1.disable_v2_behavior()
        except ImportError:
            return engines
        off = tf1.ConfigProto(graph_options=tf1.GraphOptions(
            optimizer_options=tf1.OptimizerOptions(opt_level=tf1.OptimizerOptions.L0)))
        off.graph_options.rewrite_options.disable_meta_optimizer = True
        off.intra_op_parallelism_threads = off.inter_op_parallelism_threads = 2
        engines["tf.compat.v1"] = (tf1, None)
        engines["tf.compat.v1 (optimizer off)"] = (tf1, off)
    return engines


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ops", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=5, help="interleaved rounds (A B B A each)")
    ap.add_argument("--no-tf", action="store_true", help="skip TensorFlow even if installed")
    args = ap.parse_args()

    engines = _engines(not args.no_tf)
    runners = {name: (_chain_runner(mod, 1, cfg), _chain_runner(mod, args.ops, cfg))
               for name, (mod, cfg) in engines.items()}
    a = np.ones(1, np.float32)
    runners["numpy add"] = (lambda: np.add(a, a), None)

    samples: dict[str, list] = {name: [] for name in runners}
    order = list(runners)
    for r in range(args.repeat):
        for name in (order if r % 2 == 0 else order[::-1]):
            one, chain = runners[name]
            t1 = time_call(one)
            tn = time_call(chain) if chain is not None else None
            samples[name].append((t1, tn))

    print(f"executor overhead, median of {args.repeat} interleaved rounds "
          f"(chain of {args.ops} adds on a 1-element fed placeholder)")
    print(f"{'engine':32s} {'run (1 op) µs':>14s} {'per op µs':>10s}")
    results = {}
    for name, rows in samples.items():
        t1 = statistics.median(r[0] for r in rows) * 1e6
        if rows[0][1] is None:
            print(f"{name:32s} {'':>14s} {t1:10.2f}")
            results[name] = (None, t1)
            continue
        per_op = statistics.median((r[1] - r[0]) / (args.ops - 1) for r in rows) * 1e6
        results[name] = (t1, per_op)
        print(f"{name:32s} {t1:14.1f} {per_op:10.2f}")
    base = results["minitf"]
    for name, (t1, per_op) in results.items():
        if name != "minitf" and t1 is not None:
            print(f"ratio minitf / {name}: run {base[0] / t1:.2f}x, per op {base[1] / per_op:.2f}x")
    print("targets: run <= 30 µs, per op <= 1.5 µs")


if __name__ == "__main__":
    main()
