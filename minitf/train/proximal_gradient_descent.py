"""`tf.train.ProximalGradientDescentOptimizer` (mirrors training/proximal_gradient_descent.py
of TF 1.15)."""
from __future__ import annotations

from typing import Any

from ..framework.convert import convert_to_tensor
from ..ops import training_ops
from .optimizer import Optimizer

__all__ = ["ProximalGradientDescentOptimizer"]


def proximal_hyper_parameters(opt: Optimizer) -> tuple:
    """The learning rate and L1 and L2 strengths of a proximal optimizer as tensors, in its
    name scope, uncast (as TF 1.15)."""
    return (convert_to_tensor(opt._learning_rate, name="learning_rate"),
            convert_to_tensor(opt._l1_regularization_strength,
                              name="l1_regularization_strength"),
            convert_to_tensor(opt._l2_regularization_strength,
                              name="l2_regularization_strength"))


class ProximalGradientDescentOptimizer(Optimizer):
    """Gradient descent with FOBOS's L1/L2 proximal step (ApplyProximalGradientDescent); no
    slots. As TF 1.15, the hyper-parameters are not cast to the variable's type."""

    def __init__(self, learning_rate: Any, l1_regularization_strength: float = 0.0,
                 l2_regularization_strength: float = 0.0, use_locking: bool = False,
                 name: str = "ProximalGradientDescent"):
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._l1_regularization_strength = l1_regularization_strength
        self._l2_regularization_strength = l2_regularization_strength
        self._hyper: tuple = ()

    def _prepare(self) -> None:
        self._hyper = proximal_hyper_parameters(self)

    def _apply_dense(self, grad, var):
        return training_ops.apply_proximal_gradient_descent(
            var, *self._hyper, grad, use_locking=self._use_locking).op

    def _apply_sparse(self, grad, var):
        return training_ops.sparse_apply_proximal_gradient_descent(
            var, *self._hyper, grad.values, grad.indices, use_locking=self._use_locking).op
