"""Gradient checks of minitf/ops/math.py's ops."""
import minitf as tf

from . import GradCase

CASES = [
    GradCase("AddV2", lambda x, y: x + y, [(3, 4), (4,)], label="broadcast"),
    GradCase("AddV2", lambda x, y: x + y, [(3, 4), (3, 4)], label="same"),
    GradCase("Add", lambda x, y: tf.add(x, y), [(2, 1, 4), (3, 1)]),
    GradCase("Sub", lambda x, y: x - y, [(3, 1), (1, 4)]),
    GradCase("Sub", lambda x, y: x - y, [(3, 4), (3, 4)], label="same"),
    GradCase("Mul", lambda x, y: x * y, [(2, 3, 4), (3, 1)]),
    GradCase("Mul", lambda x, y: x * y, [(3, 4), (3, 4)], label="same"),
]
