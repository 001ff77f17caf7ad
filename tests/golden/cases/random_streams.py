"""Seeded random ops' values: TF's Philox4x32-10 streams (minitf/framework/philox.py) as TF's CPU
kernels use them, for every dtype, in a first run, a second run (the op's generator moved on by
256 blocks an output) and a new session (back to the start). Ops carry explicit op seeds: with
only a graph seed, seed2 comes from an op counter that TF 2.x counts differently from 1.15.
Normal-based values agree to float rounding (glibc's sinf/cosf/logf against minitf's
correctly rounded ones), the rest bit for bit."""
import numpy as np

from .random import rcase


def _runs(tf, fetch, init=False):
    """First run, second run and a new session's first run of `fetch`."""
    def run(sess):
        if init:
            sess.run(tf.global_variables_initializer())
        first, second = sess.run(fetch), sess.run(fetch)
        with tf.Session(graph=sess.graph) as other:
            if init:
                other.run(tf.global_variables_initializer())
            again = other.run(fetch)
        return {"first": first, "second": second, "new_session": again}
    return run


@rcase
def normal_float32(tf, rng):
    tf.set_random_seed(42)
    return {"run": _runs(tf, {"n5": tf.random_normal([5], seed=7),
                              "n7x3": tf.random_normal([7, 3], mean=1.0, stddev=2.0, seed=8)})}


@rcase
def uniform_float32(tf, rng):
    tf.set_random_seed(42)
    return {"run": _runs(tf, {"u34": tf.random_uniform([3, 4], seed=1),
                              "u13": tf.random_uniform([13], -2.0, 5.0, seed=2)})}


@rcase
def float64_streams(tf, rng):
    tf.set_random_seed(3)
    return {"run": _runs(tf, {
        "u": tf.random_uniform([7], seed=2, dtype=tf.float64),
        "n": tf.random_normal([9], seed=3, dtype=tf.float64),
        "t": tf.truncated_normal([11], seed=4, dtype=tf.float64)})}


@rcase
def float16_streams(tf, rng):
    return {"run": _runs(tf, {
        "u": tf.random_uniform([9], seed=8, dtype=tf.float16),
        "n": tf.random_normal([10], seed=8, dtype=tf.float16),
        "t": tf.truncated_normal([6], seed=9, dtype=tf.float16)})}


@rcase
def truncated_normal_float32(tf, rng):
    tf.set_random_seed(42)
    return {"run": _runs(tf, {"t": tf.truncated_normal([203], seed=4),
                              "t3": tf.truncated_normal([3], stddev=0.5, seed=5)})}


@rcase
def uniform_int(tf, rng):
    tf.set_random_seed(5)
    return {"run": _runs(tf, {
        "i32": tf.random_uniform([11], -5, 100, dtype=tf.int32, seed=6),
        "i64": tf.random_uniform([7], -5, 10**12, dtype=tf.int64, seed=6),
        "wide": tf.random_uniform([5], -2**31, 2**31 - 1, dtype=tf.int32, seed=7)})}


@rcase
def shuffle_streams(tf, rng):
    tf.set_random_seed(42)
    return {"run": _runs(tf, {
        "vec": tf.random_shuffle(tf.range(37), seed=3),
        "rows": tf.random_shuffle(tf.reshape(tf.range(24), [6, 4]), seed=4),
        "two": tf.random_shuffle(tf.range(2), seed=5)})}


@rcase
def multinomial_streams(tf, rng):
    tf.set_random_seed(42)
    logits = np.log(np.array([[0.1, 0.2, 0.7], [0.5, 0.25, 0.25]], np.float32))
    return {"run": _runs(tf, {
        "m": tf.multinomial(logits, 13, seed=6),
        "inf": tf.multinomial([[1.0, 2.0, float("-inf"), 0.5]] * 3, 5, seed=7,
                              output_dtype=tf.int32)})}


@rcase
def initializers(tf, rng):
    tf.set_random_seed(42)
    g = tf.get_variable("glorot", [128, 512], initializer=tf.glorot_uniform_initializer(seed=11))
    n = tf.get_variable("normal", [33, 7], initializer=tf.glorot_normal_initializer(seed=12))
    t = tf.get_variable("trunc", [9, 5],
                        initializer=tf.truncated_normal_initializer(stddev=0.1, seed=13))
    return {"run": _runs(tf, {"glorot_head": g[:2], "glorot_tail": g[-1], "normal": n,
                              "trunc": t}, init=True)}


@rcase
def dropout_mask(tf, rng):
    tf.set_random_seed(42)
    return {"run": _runs(tf, tf.nn.dropout(tf.ones([7, 13]), keep_prob=0.7, seed=14))}
