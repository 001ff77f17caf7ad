"""Gradient checks of minitf/ops/tensor_array.py's ops (each through the gradient array its
gradient reads or writes)."""
import minitf as tf

from . import GradCase


def _ta(size, **kwargs):
    return tf.TensorArray(tf.float64, size=size, **kwargs)


def _read(x):
    """Reads of unstacked rows, one row read twice (clear_after_read=False), one never."""
    u = _ta(4, clear_after_read=False).unstack(x)
    return u.read(2) * u.read(2) + 3.0 * u.read(0)


def _write(a, b):
    """Written elements, stacked (with one unwritten element) and fixed to a static shape."""
    st = _ta(3).write(0, a).write(2, tf.tanh(b)).stack()
    return tf.reshape(st, [3, 2, 3]) * 2.0


def _gather(x):
    """Rows gathered, one twice; the result goes through an op, so that its gradient is
    named `gradients/...` (a TensorArray gradient needs that to find its source)."""
    return tf.reshape(_ta(4, clear_after_read=False).unstack(x).gather([3, 1, 3]), [3, 3]) * 2.0


def _scatter(x):
    return tf.sin(_ta(5, element_shape=[2]).scatter([4, 0, 2], x).gather([0, 1, 2, 3, 4]))


def _concat(a, b):
    c = _ta(2, infer_shape=False).write(0, a).write(1, b).concat()
    return tf.reshape(c, [5, 3]) ** 2


def _split(x):
    sp = _ta(3, infer_shape=False, clear_after_read=False).split(x, [2, 1, 3])
    return tf.reshape(sp.read(2) * sp.read(0)[:1], [3, 4])


CASES = [
    GradCase("TensorArrayReadV3", _read, [(4, 3)]),
    GradCase("TensorArrayWriteV3", _write, [(2, 3), (2, 3)]),
    GradCase("TensorArrayGatherV3", _gather, [(4, 3)]),
    GradCase("TensorArrayScatterV3", _scatter, [(3, 2)]),
    GradCase("TensorArrayConcatV3", _concat, [(2, 3), (3, 3)]),
    GradCase("TensorArraySplitV3", _split, [(6, 4)]),
]
