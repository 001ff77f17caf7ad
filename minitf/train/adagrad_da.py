"""`tf.train.AdagradDAOptimizer` (mirrors training/adagrad_da.py of TF 1.15)."""
from __future__ import annotations

from typing import Any

from ..framework.convert import constant, convert_to_tensor
from ..framework.graph import get_default_graph
from ..ops import array as array_ops
from ..ops import training_ops
from .optimizer import Optimizer

__all__ = ["AdagradDAOptimizer"]


class AdagradDAOptimizer(Optimizer):
    """Adagrad dual averaging (ApplyAdagradDA): slots `<var>/AdagradDA` (gradient sum, from 0)
    and `<var>/AdagradDA_1` (squared-gradient sum, from
    `initial_gradient_squared_accumulator_value`); the int64 `global_step` + 1 is the step
    (the caller advances it, e.g. with `minimize(global_step=...)`)."""

    def __init__(self, learning_rate: Any, global_step: Any,
                 initial_gradient_squared_accumulator_value: float = 0.1,
                 l1_regularization_strength: float = 0.0,
                 l2_regularization_strength: float = 0.0, use_locking: bool = False,
                 name: str = "AdagradDA"):
        if initial_gradient_squared_accumulator_value <= 0.0:
            raise ValueError(f"initial_gradient_squared_accumulator_value must be positive: "
                             f"{initial_gradient_squared_accumulator_value}")
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._initial_gradient_squared_accumulator_value = \
            initial_gradient_squared_accumulator_value
        self._l1_regularization_strength = l1_regularization_strength
        self._l2_regularization_strength = l2_regularization_strength
        self._global_step = global_step
        self._learning_rate_tensor = None
        self._global_step_on_worker = None

    def _create_slots(self, var_list):
        for v in var_list:
            with get_default_graph().colocate_with(v):
                dtype = v.dtype.base_dtype
                g_val = constant(0.0, shape=v.get_shape(), dtype=dtype)
                gg_val = constant(self._initial_gradient_squared_accumulator_value,
                                  shape=v.get_shape(), dtype=dtype)
            self._get_or_make_slot(v, g_val, "gradient_accumulator", self._name)
            self._get_or_make_slot(v, gg_val, "gradient_squared_accumulator", self._name)

    def _prepare(self) -> None:
        self._learning_rate_tensor = convert_to_tensor(self._learning_rate, name="learning_rate")
        with get_default_graph().colocate_with(self._learning_rate_tensor):
            self._global_step_on_worker = array_ops.identity(self._global_step) + 1

    def _args(self, var) -> dict:
        dtype = var.dtype.base_dtype
        with get_default_graph().device(var.device):
            global_step = array_ops.identity(self._global_step_on_worker)
        return {"lr": array_ops.cast(self._learning_rate_tensor, dtype),
                "l1": array_ops.cast(self._l1_regularization_strength, dtype),
                "l2": array_ops.cast(self._l2_regularization_strength, dtype),
                "global_step": global_step, "use_locking": self._use_locking}

    def _apply_dense(self, grad, var):
        return training_ops.apply_adagrad_da(
            var, self.get_slot(var, "gradient_accumulator"),
            self.get_slot(var, "gradient_squared_accumulator"), grad, **self._args(var))

    def _apply_sparse(self, grad, var):
        return training_ops.sparse_apply_adagrad_da(
            var, self.get_slot(var, "gradient_accumulator"),
            self.get_slot(var, "gradient_squared_accumulator"), grad.values, grad.indices,
            **self._args(var))
