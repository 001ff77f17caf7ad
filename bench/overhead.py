"""Executor overhead: fixed cost per `Session.run` and steady-state cost per op.

Graphs (the same for every engine):
  run cost  -- fetch `x + 0` of a fed 1-element placeholder (one op, one feed, one fetch);
  op cost   -- a chain `y = y + x` of N adds on a fed 1-element placeholder; the cost per op is
               (t(N) - t(1)) / (N - 1), so the fixed cost cancels out.
Also numpy's own 1-element add, the floor any interpreter pays per op.

Engines run side by side in one process, interleaved A B B A, so that the machine's throttling
hits all alike; compare ratios. TensorFlow's `tf.compat.v1` joins when importable, once with
its default graph optimizer and once with it off (2 threads).

    python bench/overhead.py [--ops 1000] [--repeat 5] [--no-tf]
"""
from __future__ import annotations

import argparse
import statistics

import numpy as np
import timing

TF_OFF = "TF optimizer off"
NUMPY = "numpy add"


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


def _pair(tf, n_ops: int, config=None):
    """Runners of a 1-op chain and an `n_ops` chain."""
    return _chain_runner(tf, 1, config), _chain_runner(tf, n_ops, config)


def _optimizer_off(tf1, config):
    """A copy of `config` with TF's graph optimizers (grappler and the function library) off."""
    off = tf1.ConfigProto()
    off.CopyFrom(config)
    off.graph_options.optimizer_options.opt_level = tf1.OptimizerOptions.L0
    off.graph_options.rewrite_options.disable_meta_optimizer = True
    return off


def measure(repeat: int = 5, with_tf: bool = True, with_torch: bool = False,
            ops: int = 1000) -> list:
    """The fixed cost per run and the cost per op of each engine, in µs (PyTorch has no
    session, so `with_torch` is unused)."""
    runners = {name: make(ops) for name, make in
               timing.engines(_pair, None, with_tf, False).items()}
    tf = timing.tf_v1() if timing.TF in runners else None
    if tf is not None:
        runners[TF_OFF] = _pair(tf[0], ops, _optimizer_off(*tf))
    a = np.ones(1, np.float32)
    runners[NUMPY] = (lambda: np.add(a, a), None)
    samples = timing.rounds(
        {name: (lambda one=one, chain=chain: (timing.time_call(one),
                                              chain and timing.time_call(chain)))
         for name, (one, chain) in runners.items()}, repeat)
    run, per_op = {}, {}
    for name, pairs in samples.items():
        if runners[name][1] is None:  # numpy's add: the per-op floor
            per_op[name] = statistics.median(t1 for t1, _ in pairs) * 1e6
            continue
        run[name] = statistics.median(t1 for t1, _ in pairs) * 1e6
        per_op[name] = statistics.median((tn - t1) / (ops - 1) for t1, tn in pairs) * 1e6
    return [timing.Row("fixed cost per run", "µs", run, (timing.Bound(30),)),
            timing.Row(f"per op, chain of {ops} adds", "µs", per_op, (timing.Bound(1.5),))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ops", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=5, help="interleaved rounds (A B B A each)")
    ap.add_argument("--no-tf", action="store_true", help="skip TensorFlow even if installed")
    args = ap.parse_args()
    rows = measure(args.repeat, not args.no_tf, ops=args.ops)
    print(f"executor overhead, median of {args.repeat} interleaved rounds "
          f"(chain of {args.ops} adds on a 1-element fed placeholder)")
    print(timing.table(rows, (timing.TF, TF_OFF, NUMPY)))


if __name__ == "__main__":
    main()
