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
import statistics

import numpy as np
import timing

STEPS, BATCH, UNITS, COUNT = 100, 32, 128, 1000
LOOP = "one-add while_loop iteration"
FORWARD = f"recurrence {STEPS}x({BATCH}x{UNITS}) forward"
BACKWARD = f"recurrence {STEPS}x({BATCH}x{UNITS}) fwd+bwd"


def _runners(tf, _size=None, config=None) -> dict:
    rng = np.random.RandomState(0)
    wv = (rng.standard_normal((UNITS, UNITS)) / np.sqrt(UNITS)).astype(np.float32)
    xv = rng.standard_normal((STEPS, BATCH, UNITS)).astype(np.float32)
    g = tf.Graph()
    with g.as_default():
        count = tf.while_loop(lambda i: i < COUNT, lambda i: i + 1, [tf.constant(0)])
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
    return {LOOP: lambda: sess.run(count),
            FORWARD: lambda: sess.run(h, feed),
            BACKWARD: lambda: sess.run(grads, feed)}


def measure(repeat: int = 4, with_tf: bool = True, with_torch: bool = False) -> list:
    """µs per one-add iteration and ms per recurrence run of each engine (no PyTorch
    version: `with_torch` is unused)."""
    runners = {name: make(None) for name, make in
               timing.engines(_runners, None, with_tf, False).items()}
    samples = timing.rounds(
        {name: (lambda fns=fns: {k: timing.time_call(fn, 0.3) for k, fn in fns.items()})
         for name, fns in runners.items()}, repeat)

    def median(k: str, scale: float) -> dict:
        return {name: statistics.median(s[k] for s in per_round) * scale
                for name, per_round in samples.items()}
    same = (timing.Bound(1.0, timing.TF),)
    return [timing.Row(LOOP, "µs", median(LOOP, 1e6 / COUNT), (timing.Bound(6),)),
            timing.Row(FORWARD, "ms", median(FORWARD, 1e3), same),
            timing.Row(BACKWARD, "ms", median(BACKWARD, 1e3), same)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=4, help="interleaved rounds (A B B A each)")
    ap.add_argument("--no-tf", action="store_true", help="skip TensorFlow even if installed")
    args = ap.parse_args()
    print(f"while_loop, median of {args.repeat} interleaved rounds")
    print(timing.table(measure(args.repeat, not args.no_tf), (timing.TF,)))


if __name__ == "__main__":
    main()
