"""Gradient checks through tf.while_loop and tf.cond (their structural op types)."""
import minitf as tf

from . import GradCase


def _recurrence(w, h0):
    """A matrix recurrence reading a captured weight: what dynamic_rnn's loop does."""
    return tf.while_loop(lambda n, h: n < 4, lambda n, h: (n + 1, tf.tanh(tf.matmul(h, w))),
                         (0, h0))[1]


def _power(x):
    return tf.while_loop(lambda i, y: i < 3, lambda i, y: (i + 1, y * x), (0, x))[1]


def _bounded(x):
    return tf.while_loop(lambda i, y: i < 100, lambda i, y: (i + 1, y * x + 0.5), (0, x),
                         maximum_iterations=3)[1]


def _nested(a):
    def outer(i, h):
        return i + 1, tf.while_loop(lambda j, h2: j < i + 1,
                                    lambda j, h2: (j + 1, h2 * a + 0.1), (0, h))[1]
    return tf.while_loop(lambda i, h: i < 3, outer, (0, a))[1]


def _cond_in_loop(a, b):
    def body(i, acc):
        return i + 1, tf.cond(tf.equal(i % 2, 0), lambda: acc * a + b, lambda: acc * b)
    return tf.while_loop(lambda i, acc: i < 5, body, (0, a))[1]


def _loop_in_cond(x):
    return tf.cond(tf.reduce_sum(x) > 0.0,
                   lambda: tf.while_loop(lambda k, y: k < 3, lambda k, y: (k + 1, y * x),
                                         (0, x))[1],
                   lambda: x * -2.0)


CASES = [
    GradCase("Enter", _recurrence, [(3, 3), (2, 3)], label="captured_weight"),
    GradCase("Exit", _power, [(3,)]),
    GradCase("NextIteration", _bounded, [(2, 2)], label="maximum_iterations"),
    GradCase("LoopCond", _nested, [(3,)], label="nested", tol=1e-5),
    GradCase("Merge", lambda x: tf.cond(tf.reduce_sum(x) > 0.0, lambda: x * x, lambda: x * 3.0),
             [(4,)]),
    GradCase("Switch", _cond_in_loop, [(3,), (3,)], label="cond_in_loop"),
    GradCase("Merge", _loop_in_cond, [(3,)], label="loop_in_cond"),
]


def _gather_in_loop(x):
    return tf.while_loop(lambda t, h: t < 4,
                         lambda t, h: (t + 1, h * 0.5 + tf.gather(x, t) * h),
                         (0, x[0] * 0.0 + 1.0))[1]


CASES.append(GradCase("Exit", _gather_in_loop, [(5, 3)], label="sparse_capture"))


def _tensor_array_recurrence(x, w):
    """dynamic_rnn's loop: inputs unstacked into a TensorArray, outputs written to another."""
    steps = x.shape[0].value
    inputs = tf.TensorArray(tf.float64, size=steps).unstack(x)
    outputs = tf.TensorArray(tf.float64, size=steps)

    def body(t, h, out):
        h = tf.tanh(tf.matmul(h, w) + inputs.read(t))
        return t + 1, h, out.write(t, h)
    _, h, out = tf.while_loop(lambda t, h, out: t < steps, body,
                              (0, x[0] * 0.0, outputs))
    return tf.reshape(out.stack(), x.shape) + h


CASES.append(GradCase("Exit", _tensor_array_recurrence, [(4, 2, 3), (3, 3)],
                      label="tensor_arrays"))
