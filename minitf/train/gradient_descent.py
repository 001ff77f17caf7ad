"""`tf.train.GradientDescentOptimizer` (mirrors training/gradient_descent.py of TF 1.15)."""
from __future__ import annotations

from typing import Any

from ..framework.convert import convert_to_tensor
from ..framework.indexed_slices import IndexedSlices
from ..ops import array as array_ops
from ..ops import training_ops
from .optimizer import Optimizer

__all__ = ["GradientDescentOptimizer"]


class GradientDescentOptimizer(Optimizer):
    """`var -= learning_rate * grad` (ApplyGradientDescent); sparse gradients subtract their
    scaled rows with ScatterSub, repeated rows adding up."""

    def __init__(self, learning_rate: Any, use_locking: bool = False,
                 name: str = "GradientDescent"):
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._learning_rate_tensor = None

    def _prepare(self) -> None:
        learning_rate = self._call_if_callable(self._learning_rate)
        self._learning_rate_tensor = convert_to_tensor(learning_rate, name="learning_rate")

    def _apply_dense(self, grad, var):
        return training_ops.apply_gradient_descent(
            var, array_ops.cast(self._learning_rate_tensor, var.dtype.base_dtype), grad,
            use_locking=self._use_locking).op

    def _apply_sparse_duplicate_indices(self, grad, var):
        delta = IndexedSlices(
            grad.values * array_ops.cast(self._learning_rate_tensor, var.dtype.base_dtype),
            grad.indices, grad.dense_shape)
        return var.scatter_sub(delta, use_locking=self._use_locking)
