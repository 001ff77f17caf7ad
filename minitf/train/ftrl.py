"""`tf.train.FtrlOptimizer` (mirrors training/ftrl.py of TF 1.15)."""
from __future__ import annotations

from typing import Any

from ..framework.convert import constant, convert_to_tensor
from ..framework.graph import get_default_graph
from ..ops import array as array_ops
from ..ops import training_ops
from .optimizer import Optimizer

__all__ = ["FtrlOptimizer"]


class FtrlOptimizer(Optimizer):
    """FTRL-proximal (McMahan et al., 2013): per coordinate, the slots `accum` (squared
    gradients, from `initial_accumulator_value`) and `linear` (zeros), named `<var>/Ftrl` and
    `<var>/Ftrl_1` (or `accum_name`/`linear_name`); ApplyFtrl, or ApplyFtrlV2 when an L2
    shrinkage strength is given."""

    def __init__(self, learning_rate: Any, learning_rate_power: float = -0.5,
                 initial_accumulator_value: float = 0.1,
                 l1_regularization_strength: float = 0.0,
                 l2_regularization_strength: float = 0.0, use_locking: bool = False,
                 name: str = "Ftrl", accum_name: str | None = None,
                 linear_name: str | None = None,
                 l2_shrinkage_regularization_strength: float = 0.0):
        super().__init__(use_locking, name)
        for value, what, sign in (
                (initial_accumulator_value, "initial_accumulator_value", 1),
                (learning_rate_power, "learning_rate_power", -1),
                (l1_regularization_strength, "l1_regularization_strength", 1),
                (l2_regularization_strength, "l2_regularization_strength", 1),
                (l2_shrinkage_regularization_strength, "l2_shrinkage_regularization_strength",
                 1)):
            if value * sign < 0.0:
                raise ValueError(f"{what} {value:f} needs to be "
                                 f"{'positive' if sign > 0 else 'negative'} or zero")
        self._learning_rate = learning_rate
        self._learning_rate_power = learning_rate_power
        self._initial_accumulator_value = initial_accumulator_value
        self._l1_regularization_strength = l1_regularization_strength
        self._l2_regularization_strength = l2_regularization_strength
        self._l2_shrinkage_regularization_strength = l2_shrinkage_regularization_strength
        self._accum_name = accum_name
        self._linear_name = linear_name
        self._tensors: dict[str, Any] = {}

    def _create_slots(self, var_list):
        for v in var_list:
            with get_default_graph().colocate_with(v):
                val = constant(self._initial_accumulator_value, dtype=v.dtype.base_dtype,
                               shape=v.get_shape())
                self._get_or_make_slot(v, val, "accum", self._accum_name or self._name)
                self._zeros_slot(v, "linear", self._linear_name or self._name)

    def _prepare(self) -> None:
        for key, value in (("learning_rate", self._learning_rate),
                           ("l1_regularization_strength", self._l1_regularization_strength),
                           ("l2_regularization_strength", self._l2_regularization_strength),
                           ("l2_shrinkage_regularization_strength",
                            self._l2_shrinkage_regularization_strength),
                           ("learning_rate_power", self._learning_rate_power)):
            self._tensors[key] = convert_to_tensor(self._call_if_callable(value), name=key)

    def _hyper(self, var) -> dict:
        dtype = var.dtype.base_dtype
        cast = {k: array_ops.cast(t, dtype) for k, t in self._tensors.items()}
        out = {"lr": cast["learning_rate"], "l1": cast["l1_regularization_strength"],
               "l2": cast["l2_regularization_strength"],
               "lr_power": cast["learning_rate_power"]}
        if self._l2_shrinkage_regularization_strength > 0.0:
            out["l2_shrinkage"] = cast["l2_shrinkage_regularization_strength"]
        return out

    def _apply_dense(self, grad, var):
        accum, linear = self.get_slot(var, "accum"), self.get_slot(var, "linear")
        hyper = self._hyper(var)
        apply = training_ops.apply_ftrl_v2 if "l2_shrinkage" in hyper else \
            training_ops.apply_ftrl
        return apply(var, accum, linear, grad, use_locking=self._use_locking, **hyper)

    def _apply_sparse(self, grad, var):
        accum, linear = self.get_slot(var, "accum"), self.get_slot(var, "linear")
        hyper = self._hyper(var)
        apply = training_ops.sparse_apply_ftrl_v2 if "l2_shrinkage" in hyper else \
            training_ops.sparse_apply_ftrl
        return apply(var, accum, linear, grad.values, grad.indices,
                     use_locking=self._use_locking, **hyper)
