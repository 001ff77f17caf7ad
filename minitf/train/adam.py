"""`tf.train.AdamOptimizer` (mirrors training/adam.py of TF 1.15)."""
from __future__ import annotations

from typing import Any

from ..framework.convert import convert_to_tensor
from ..framework.graph import get_default_graph
from ..ops import array as array_ops
from ..ops import control_flow, training_ops
from ..ops import math as math_ops
from ..ops import state as state_ops
from .optimizer import Optimizer

__all__ = ["AdamOptimizer"]


class AdamOptimizer(Optimizer):
    """Adam (Kingma & Ba) as TF1 computes it: slots `<var>/Adam` (m) and `<var>/Adam_1` (v),
    and the non-slot `beta1_power`/`beta2_power` (created first, next to the variable whose
    name sorts first, and multiplied by beta1/beta2 after every step). Epsilon is added to the
    uncorrected `sqrt(v)`. Sparse gradients decay all of m and v and add their rows with
    ScatterAdd, so rows absent from a step keep moving."""

    def __init__(self, learning_rate: Any = 0.001, beta1: Any = 0.9, beta2: Any = 0.999,
                 epsilon: Any = 1e-08, use_locking: bool = False, name: str = "Adam"):
        super().__init__(use_locking, name)
        self._lr = learning_rate
        self._beta1 = beta1
        self._beta2 = beta2
        self._epsilon = epsilon
        self._lr_t = None
        self._beta1_t = None
        self._beta2_t = None
        self._epsilon_t = None

    def _get_beta_accumulators(self):
        graph = get_default_graph()
        return (self._get_non_slot_variable("beta1_power", graph=graph),
                self._get_non_slot_variable("beta2_power", graph=graph))

    def _create_slots(self, var_list):
        first_var = min(var_list, key=lambda x: x.name)
        self._create_non_slot_variable(initial_value=self._beta1, name="beta1_power",
                                       colocate_with=first_var)
        self._create_non_slot_variable(initial_value=self._beta2, name="beta2_power",
                                       colocate_with=first_var)
        for v in var_list:
            self._zeros_slot(v, "m", self._name)
            self._zeros_slot(v, "v", self._name)

    def _prepare(self) -> None:
        self._lr_t = convert_to_tensor(self._call_if_callable(self._lr), name="learning_rate")
        self._beta1_t = convert_to_tensor(self._call_if_callable(self._beta1), name="beta1")
        self._beta2_t = convert_to_tensor(self._call_if_callable(self._beta2), name="beta2")
        self._epsilon_t = convert_to_tensor(self._call_if_callable(self._epsilon),
                                            name="epsilon")

    def _apply_dense(self, grad, var):
        m = self.get_slot(var, "m")
        v = self.get_slot(var, "v")
        beta1_power, beta2_power = self._get_beta_accumulators()
        dtype = var.dtype.base_dtype
        return training_ops.apply_adam(
            var, m, v, array_ops.cast(beta1_power, dtype), array_ops.cast(beta2_power, dtype),
            array_ops.cast(self._lr_t, dtype), array_ops.cast(self._beta1_t, dtype),
            array_ops.cast(self._beta2_t, dtype), array_ops.cast(self._epsilon_t, dtype), grad,
            use_locking=self._use_locking).op

    def _apply_sparse(self, grad, var):
        beta1_power, beta2_power = self._get_beta_accumulators()
        dtype = var.dtype.base_dtype
        beta1_power = array_ops.cast(beta1_power, dtype)
        beta2_power = array_ops.cast(beta2_power, dtype)
        lr_t = array_ops.cast(self._lr_t, dtype)
        beta1_t = array_ops.cast(self._beta1_t, dtype)
        beta2_t = array_ops.cast(self._beta2_t, dtype)
        epsilon_t = array_ops.cast(self._epsilon_t, dtype)
        lr = lr_t * math_ops.sqrt(1 - beta2_power) / (1 - beta1_power)
        graph = get_default_graph()
        # m_t = beta1 * m + (1 - beta1) * g, the rows of g added after the decay
        m = self.get_slot(var, "m")
        m_scaled_g_values = grad.values * (1 - beta1_t)
        m_t = state_ops.assign(m, m * beta1_t, use_locking=self._use_locking)
        with graph.control_dependencies([m_t]):
            m_t = state_ops.scatter_add(m, grad.indices, m_scaled_g_values,
                                        use_locking=self._use_locking)
        # v_t = beta2 * v + (1 - beta2) * g * g
        v = self.get_slot(var, "v")
        v_scaled_g_values = (grad.values * grad.values) * (1 - beta2_t)
        v_t = state_ops.assign(v, v * beta2_t, use_locking=self._use_locking)
        with graph.control_dependencies([v_t]):
            v_t = state_ops.scatter_add(v, grad.indices, v_scaled_g_values,
                                        use_locking=self._use_locking)
        v_sqrt = math_ops.sqrt(v_t)
        var_update = state_ops.assign_sub(var, lr * m_t / (v_sqrt + epsilon_t),
                                          use_locking=self._use_locking)
        return control_flow.group(*[var_update, m_t, v_t])

    def _finish(self, update_ops, name_scope):
        graph = get_default_graph()
        with graph.control_dependencies(update_ops):
            beta1_power, beta2_power = self._get_beta_accumulators()
            with graph.colocate_with(beta1_power):
                update_beta1 = beta1_power.assign(beta1_power * self._beta1_t,
                                                  use_locking=self._use_locking)
                update_beta2 = beta2_power.assign(beta2_power * self._beta2_t,
                                                  use_locking=self._use_locking)
        return control_flow.group(*update_ops + [update_beta1, update_beta2], name=name_scope)
