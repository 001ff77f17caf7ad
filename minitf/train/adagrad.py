"""`tf.train.AdagradOptimizer` (mirrors training/adagrad.py of TF 1.15)."""
from __future__ import annotations

from typing import Any

from ..framework.convert import convert_to_tensor
from ..ops import array as array_ops
from ..ops import training_ops
from ..ops.init import Constant
from .optimizer import Optimizer

__all__ = ["AdagradOptimizer"]


class AdagradOptimizer(Optimizer):
    """Adagrad: `accum += g²; var -= lr * g / sqrt(accum)` (no epsilon), with the slot
    `<var>/Adagrad` starting at `initial_accumulator_value`."""

    def __init__(self, learning_rate: Any, initial_accumulator_value: float = 0.1,
                 use_locking: bool = False, name: str = "Adagrad"):
        if initial_accumulator_value <= 0.0:
            raise ValueError(f"initial_accumulator_value must be positive: "
                             f"{initial_accumulator_value}")
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._initial_accumulator_value = initial_accumulator_value
        self._learning_rate_tensor = None

    def _create_slots(self, var_list):
        for v in var_list:
            dtype = v.dtype.base_dtype
            if v.get_shape().is_fully_defined():
                init = Constant(self._initial_accumulator_value, dtype=dtype)
            else:
                init = self._init_constant_op(v, dtype)
            self._get_or_make_slot_with_initializer(v, init, v.get_shape(), dtype,
                                                    "accumulator", self._name)

    def _init_constant_op(self, v, dtype):
        def init():
            value = array_ops.fill(array_ops.shape(v), self._initial_accumulator_value)
            return array_ops.cast(value, dtype)
        return init

    def _prepare(self) -> None:
        self._learning_rate_tensor = convert_to_tensor(
            self._call_if_callable(self._learning_rate), name="learning_rate")

    def _apply_dense(self, grad, var):
        acc = self.get_slot(var, "accumulator")
        return training_ops.apply_adagrad(
            var, acc, array_ops.cast(self._learning_rate_tensor, var.dtype.base_dtype), grad,
            use_locking=self._use_locking)

    def _apply_sparse(self, grad, var):
        acc = self.get_slot(var, "accumulator")
        return training_ops.sparse_apply_adagrad(
            var, acc, array_ops.cast(self._learning_rate_tensor, var.dtype.base_dtype),
            grad.values, grad.indices, use_locking=self._use_locking)
