"""Trains an LSTM sequence classifier, TF1 style: `BasicLSTMCell` through `tf.nn.dynamic_rnn`
with per-row `sequence_length`, a softmax layer on the final state's `h`, and
`tf.train.AdamOptimizer`; prints the loss as it falls and the held-out accuracy.

The data are generated (nothing to download): noisy waveforms of random length, frequency,
phase and amplitude, labelled by their shape -- sine, square, triangle or sawtooth. Telling
them apart takes the shape of the whole cycle, not any single value.

On this machine (2 CPU cores, numpy backend) the default run (`--steps 600`, batch 64, 32 units,
learning rate 0.01) takes the loss from 1.39 to about 0.19 and reaches 0.920 accuracy on 1024
held-out sequences in 14-16 s (graph building and the evaluation included). The same script on
TensorFlow 2.21's `tf.compat.v1` reaches 0.929; its initial weights differ, as TF 2.x numbers
graph-seeded ops' seed2 with a counter of its own where TF 1.15 (and minitf) use the op id.

    python examples/lstm_classifier.py [--steps 600]
"""
from __future__ import annotations

import argparse
import time

import numpy as np

import minitf as tf

CLASSES = ("sine", "square", "triangle", "sawtooth")
MAX_TIME, MIN_TIME = 40, 20


def waveforms(n: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`n` padded sequences [n, MAX_TIME, 1], their lengths [n] and their class labels [n]."""
    rng = np.random.RandomState(seed)
    labels = rng.randint(0, len(CLASSES), n).astype(np.int32)
    lengths = rng.randint(MIN_TIME, MAX_TIME + 1, n).astype(np.int32)
    t = np.arange(MAX_TIME)[None, :]
    period = rng.uniform(6.0, 14.0, (n, 1))
    phase = (t / period + rng.uniform(0.0, 1.0, (n, 1))) % 1.0  # position within the cycle
    shapes = np.stack([np.sin(2 * np.pi * phase),
                       np.where(phase < 0.5, 1.0, -1.0),
                       4.0 * np.abs(phase - 0.5) - 1.0,
                       2.0 * phase - 1.0])
    x = shapes[labels, np.arange(n)] * rng.uniform(0.5, 1.5, (n, 1))
    x = x + rng.normal(0.0, 0.1, x.shape)
    x[t >= lengths[:, None]] = 0.0
    return x[..., None].astype(np.float32), lengths, labels


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--steps", type=int, default=600)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--units", type=int, default=32)
    args = ap.parse_args()

    train_x, train_len, train_y = waveforms(4096, seed=0)
    test_x, test_len, test_y = waveforms(1024, seed=1)

    tf.set_random_seed(1)
    x = tf.placeholder(tf.float32, [None, MAX_TIME, 1], name="x")
    lengths = tf.placeholder(tf.int32, [None], name="lengths")
    y = tf.placeholder(tf.int32, [None], name="y")
    cell = tf.nn.rnn_cell.BasicLSTMCell(args.units)
    _, state = tf.nn.dynamic_rnn(cell, x, sequence_length=lengths, dtype=tf.float32)
    logits = tf.layers.dense(state.h, len(CLASSES))
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y,
                                                                         logits=logits))
    accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1, output_type=tf.int32), y),
                                      tf.float32))
    train_op = tf.train.AdamOptimizer(0.01).minimize(loss)

    print("variables:", ", ".join(f"{v.name} {v.shape}" for v in tf.trainable_variables()))
    rng = np.random.RandomState(2)
    start = time.perf_counter()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for step in range(args.steps + 1):
            rows = rng.randint(0, len(train_y), args.batch)
            _, value = sess.run([train_op, loss], {x: train_x[rows], lengths: train_len[rows],
                                                   y: train_y[rows]})
            if step % 50 == 0 or step == args.steps:
                print(f"step {step:4d}  loss {value:.4f}")
        acc = sess.run(accuracy, {x: test_x, lengths: test_len, y: test_y})
    print(f"held-out accuracy {acc:.3f} after {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
