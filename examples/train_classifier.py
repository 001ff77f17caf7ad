"""Trains a small classifier, TF1 style: `tf.layers.dense` layers, softmax cross-entropy and
`tf.train.AdamOptimizer`, on three interleaved spirals; prints the loss as it falls and the
final accuracy.

    python examples/train_classifier.py [--steps 600]
"""
import argparse

import numpy as np

import minitf as tf


def spirals(n_per_class: int, classes: int = 3, seed: int = 0):
    """Points on `classes` interleaved noisy spiral arms, and their arm index as the label."""
    rng = np.random.RandomState(seed)
    xs, ys = [], []
    for k in range(classes):
        r = np.linspace(0.05, 1.0, n_per_class)
        t = np.linspace(k * 4.0, (k + 1) * 4.0, n_per_class) + rng.randn(n_per_class) * 0.2
        xs.append(np.stack([r * np.sin(t), r * np.cos(t)], 1))
        ys.append(np.full(n_per_class, k))
    return np.concatenate(xs).astype(np.float32), np.concatenate(ys).astype(np.int32)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--steps", type=int, default=600)
    args = ap.parse_args()

    data, labels = spirals(100)
    tf.set_random_seed(1)
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    y = tf.placeholder(tf.int32, [None], name="y")
    h = tf.layers.dense(x, 64, activation=tf.nn.relu)
    h = tf.layers.dense(h, 64, activation=tf.nn.relu)
    logits = tf.layers.dense(h, 3)
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y,
                                                                         logits=logits))
    accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1, output_type=tf.int32), y),
                                      tf.float32))
    train_op = tf.train.AdamOptimizer(0.01).minimize(loss)

    print("variables:", ", ".join(v.name for v in tf.trainable_variables()))
    feed = {x: data, y: labels}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for step in range(args.steps + 1):
            _, value = sess.run([train_op, loss], feed)
            if step % 100 == 0:
                print(f"step {step:4d}  loss {value:.4f}")
        print(f"final accuracy {sess.run(accuracy, feed):.3f}")


if __name__ == "__main__":
    main()
