"""tf.while_loop: cost per iteration, and a recurrence forward and forward+backward.

Graphs (the same for every engine):
  one-add loop -- `while i < 1000: i = i + 1` (int32); µs per iteration = run time / 1000;
  recurrence   -- 100 steps of `h = tanh(h @ W + x_t)` at batch 32, 128 units, `x_t` read from a
                  fed [100, 32, 128] tensor with `tf.gather`; forward fetches the last h,
                  forward+backward fetches the gradients of sum(h) w.r.t. W and x.

Engines run side by side in one process, interleaved A B B A, so that the machine's throttling
hits all alike; compare ratios. TensorFlow's `tf.compat.v1` joins when importable (2 threads).

    python bench/while_loop.py [--repeat 4] [--no-tf]
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from timing import time_call  # noqa: E402 - bench/ is the script's folder

STEPS, BATCH, UNITS = 100, 32, 128


def _runners(tf, config=None) -> dict:
    rng = np.random.RandomState(0)
    wv = (rng.standard_normal((UNITS, UNITS)) / np.sqrt(UNITS)).astype(np.float32)
    xv = rng.standard_normal((STEPS, BATCH, UNITS)).astype(np.float32)
    g = tf.Graph()
    with g.as_default():
        count = tf.while_loop(lambda i: i < 1000, lambda i: i + 1, [tf.constant(0)])
        x = tf.placeholder(tf.float32, xv.shape, name="x")
        w = tf.Variable(wv, name="w")
        h0 = tf.zeros([BATCH, UNITS])
        _, h = tf.while_loop(lambda t, h: t < STEPS,
                             lambda t, h: (t + 1, tf.tanh(tf.matmul(h, w) + tf.gather(x, t))),
                             (tf.constant(0), h0))
        grads = tf.gradients(tf.reduce_sum(h), [w, x])
        init = tf.global_variables_initializer()
    sess = tf.Session(graph=g, config=config)
    sess.run(init)
    feed = {x: xv}
    return {"one-add loop (1000 it)": lambda: sess.run(count),
            "recurrence forward": lambda: sess.run(h, feed),
            "recurrence fwd+bwd": lambda: sess.run(grads, feed)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=4, help="interleaved rounds (A B B A each)")
    ap.add_argument("--no-tf", action="store_true", help="skip TensorFlow even if installed")
    args = ap.parse_args()
    import minitf
    engines = {"minitf": _runners(minitf)}
    if not args.no_tf:
        try:
            os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
            import tensorflow.compat.v1 as tf1
            tf1.disable_v2_behavior()
            cfg = tf1.ConfigProto(intra_op_parallelism_threads=2, inter_op_parallelism_threads=2)
            engines["tf.compat.v1"] = _runners(tf1, cfg)
        except ImportError:
            pass
    names = list(engines)
    samples = {(e, k): [] for e in names for k in engines[e]}
    for r in range(args.repeat):
        for e in (names if r % 2 == 0 else names[::-1]):
            for k, fn in engines[e].items():
                samples[e, k].append(time_call(fn, 0.3))
    print(f"while_loop, median of {args.repeat} interleaved rounds")
    for k in engines["minitf"]:
        row = {e: statistics.median(samples[e, k]) for e in names}
        cells = "   ".join(
            f"{e}: {row[e] * 1e6 / 1000:.2f} µs/iteration" if k.startswith("one-add")
            else f"{e}: {row[e] * 1e3:.2f} ms" for e in names)
        ratio = "" if len(names) == 1 else \
            f"   ratio minitf / tf: {row['minitf'] / row[names[1]]:.2f}x"
        print(f"  {k:24s} {cells}{ratio}")
    print("targets: <= 6 µs per one-add iteration; recurrence <= 1.0x TensorFlow")


if __name__ == "__main__":
    main()
