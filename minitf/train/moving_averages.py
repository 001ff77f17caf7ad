"""`tf.train.ExponentialMovingAverage` and the moving-average update it builds (mirrors
training/moving_averages.py of TF 1.15).

`apply(var_list)` makes one shadow per variable or tensor, `<name>/ExponentialMovingAverage`
(a slot: a non-trainable variable created outside any control flow; a Variable's shadow starts
at its value, a tensor's at zeros), then under the name scope `ExponentialMovingAverage`
updates each with `shadow -= (1 - decay) * (shadow - value)` (`AssignMovingAvg`, `_1`, ...),
grouped into the op named after the EMA. Built after a train op under
`tf.control_dependencies([train_op])`, the averages see the updated values.
"""
from __future__ import annotations

from typing import Any

from ..framework import dtypes as _dtypes
from ..framework.convert import convert_to_tensor
from ..framework.graph import GraphKeys, add_to_collection, get_default_graph, name_scope
from ..ops import array as array_ops
from ..ops import control_flow
from ..ops import init as init_ops
from ..ops import math as math_ops
from ..ops import state as state_ops
from ..ops.state import Variable
from ..ops.variable_scope import get_variable, get_variable_scope, variable_scope
from . import slot_creator

__all__ = ["ExponentialMovingAverage"]


def _unique_in_scope(name: str) -> str:
    """`name`, or `name_1`, `name_2` ... when the current variable scope already holds it
    (unless the scope reuses)."""
    scope = get_variable_scope()
    if scope.reuse:
        return name
    taken = {v.op.name for v in state_ops.global_variables(scope.name + "/")}
    full_name = f"{scope.name}/{name}"
    if full_name not in taken:
        return name
    idx = 1
    while f"{full_name}_{idx}" in taken:
        idx += 1
    return f"{name}_{idx}"


def _zero_debias(unbiased_var: Variable, value: Any, decay: Any) -> Any:
    """The debiased update of a zero-started average: a biased average and a step counter
    (variables `<shadow>/biased`, `<shadow>/local_step`), and the shadow set to the biased
    average over 1 - (1 - decay) ** step."""
    with variable_scope(unbiased_var.name[:-len(":0")], values=[unbiased_var, value, decay]):
        with get_default_graph().colocate_with(unbiased_var):
            biased_var = get_variable(_unique_in_scope("biased"),
                                      initializer=init_ops.zeros_initializer(),
                                      shape=unbiased_var.get_shape(),
                                      dtype=unbiased_var.dtype.base_dtype, trainable=False)
            local_step = get_variable(_unique_in_scope("local_step"), shape=[],
                                      dtype=unbiased_var.dtype.base_dtype,
                                      initializer=init_ops.zeros_initializer(),
                                      trainable=False)
    update_biased = state_ops.assign_sub(biased_var, (biased_var - value) * decay)
    update_local_step = local_step.assign_add(1)
    bias_factor = 1 - math_ops.pow(1.0 - decay, update_local_step)
    return state_ops.assign(unbiased_var, update_biased / bias_factor,
                            name=get_default_graph().get_name_scope() + "/")


def assign_moving_average(variable: Any, value: Any, decay: Any, zero_debias: bool = True,
                          name: str | None = None) -> Any:
    """`variable -= (1 - decay) * (variable - value)` (an AssignSub named after the scope
    `AssignMovingAvg`), or its zero-debiased form."""
    with name_scope(name, "AssignMovingAvg", [variable, value, decay]) as scope:
        decay = convert_to_tensor(1.0 - decay, name="decay")
        if decay.dtype != variable.dtype.base_dtype:
            decay = array_ops.cast(decay, variable.dtype.base_dtype)
        with get_default_graph().colocate_with(variable):
            if zero_debias:
                return _zero_debias(variable, value, decay)
            return state_ops.assign_sub(variable, (variable - value) * decay, name=scope)


class ExponentialMovingAverage:
    """Shadow copies of variables (or tensors) kept as exponential moving averages:
    `shadow = decay * shadow + (1 - decay) * value` each time `apply`'s op runs; with
    `num_updates`, the decay is min(decay, (1 + n) / (10 + n)). `zero_debias` debiases the
    averages of tensors (which start at zero)."""

    def __init__(self, decay: Any, num_updates: Any = None, zero_debias: bool = False,
                 name: str = "ExponentialMovingAverage"):
        self._decay = decay
        self._num_updates = num_updates
        self._zero_debias = zero_debias
        self._name = name
        self._averages: dict = {}

    @property
    def name(self) -> str:
        return self._name

    def apply(self, var_list: Any = None) -> Any:
        """Creates the shadows of `var_list` (default: the trainable variables) and returns
        the op updating them all."""
        if var_list is None:
            var_list = state_ops.trainable_variables()
        g = get_default_graph()
        zero_debias_true = set()
        for var in var_list:
            if var.dtype.base_dtype not in (_dtypes.float16, _dtypes.float32, _dtypes.float64):
                raise TypeError(f"The variables must be half, float, or double: {var.name}")
            if var not in self._averages:
                with state_ops.init_scope(g):
                    if isinstance(var, Variable):
                        avg = slot_creator.create_slot(var, var.initialized_value(), self.name)
                        add_to_collection(GraphKeys.MOVING_AVERAGE_VARIABLES, var)
                    else:
                        avg = slot_creator.create_zeros_slot(
                            var, self.name,
                            colocate_with_primary=var.op.type in ("Variable", "VariableV2"))
                        if self._zero_debias:
                            zero_debias_true.add(avg)
                self._averages[var] = avg
        with name_scope(self.name) as scope:
            decay = convert_to_tensor(self._decay, name="decay")
            if self._num_updates is not None:
                num_updates = array_ops.cast(self._num_updates, _dtypes.float32,
                                             name="num_updates")
                decay = math_ops.minimum(decay, (1.0 + num_updates) / (10.0 + num_updates))
            updates = [assign_moving_average(self._averages[var], var, decay,
                                             zero_debias=self._averages[var] in zero_debias_true)
                       for var in var_list]
            return control_flow.group(*updates, name=scope)

    def average(self, var: Any) -> Variable | None:
        """The shadow of `var`, or None."""
        return self._averages.get(var)

    def average_name(self, var: Any) -> str:
        """The op name of `var`'s shadow: its own once made, else the name it would get."""
        if var in self._averages:
            return self._averages[var].op.name
        return get_default_graph().unique_name(f"{var.op.name}/{self.name}", mark_as_used=False)

    def variables_to_restore(self, moving_avg_variables: Any = None) -> dict:
        """A Saver's name map restoring each averaged variable from its shadow's name (the
        trainable and moving-average variables by default) and every other global variable
        from its own."""
        if moving_avg_variables is None:
            moving_avg_variables = state_ops.trainable_variables() + \
                state_ops.moving_average_variables()
        moving_avg_variables = set(moving_avg_variables)
        name_map = {self.average_name(v): v for v in moving_avg_variables}
        averaged_names = {v.name for v in moving_avg_variables}
        for v in state_ops.global_variables():
            if v.name not in averaged_names and v.op.name not in name_map:
                name_map[v.op.name] = v
        return name_map
