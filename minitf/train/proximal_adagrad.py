"""`tf.train.ProximalAdagradOptimizer` (mirrors training/proximal_adagrad.py of TF 1.15)."""
from __future__ import annotations

from typing import Any

from ..framework.convert import constant
from ..framework.graph import get_default_graph
from ..ops import training_ops
from .optimizer import Optimizer
from .proximal_gradient_descent import proximal_hyper_parameters

__all__ = ["ProximalAdagradOptimizer"]


class ProximalAdagradOptimizer(Optimizer):
    """Adagrad's rate with FOBOS's L1/L2 proximal step (ApplyProximalAdagrad); the slot
    `<var>/ProximalAdagrad` starts at `initial_accumulator_value`. As TF 1.15, the
    hyper-parameters are not cast to the variable's type."""

    def __init__(self, learning_rate: Any, initial_accumulator_value: float = 0.1,
                 l1_regularization_strength: float = 0.0,
                 l2_regularization_strength: float = 0.0, use_locking: bool = False,
                 name: str = "ProximalAdagrad"):
        if initial_accumulator_value <= 0.0:
            raise ValueError(f"initial_accumulator_value must be positive: "
                             f"{initial_accumulator_value}")
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._initial_accumulator_value = initial_accumulator_value
        self._l1_regularization_strength = l1_regularization_strength
        self._l2_regularization_strength = l2_regularization_strength
        self._hyper: tuple = ()

    def _create_slots(self, var_list):
        for v in var_list:
            with get_default_graph().colocate_with(v):
                val = constant(self._initial_accumulator_value, shape=v.get_shape(),
                               dtype=v.dtype.base_dtype)
            self._get_or_make_slot(v, val, "accumulator", self._name)

    def _prepare(self) -> None:
        self._hyper = proximal_hyper_parameters(self)

    def _apply_dense(self, grad, var):
        acc = self.get_slot(var, "accumulator")
        return training_ops.apply_proximal_adagrad(var, acc, *self._hyper, grad,
                                                   use_locking=self._use_locking)

    def _apply_sparse(self, grad, var):
        acc = self.get_slot(var, "accumulator")
        return training_ops.sparse_apply_proximal_adagrad(
            var, acc, *self._hyper, grad.values, grad.indices, use_locking=self._use_locking)
