"""Learning-rate schedules of a global step: `tf.train.exponential_decay`,
`natural_exp_decay`, `inverse_time_decay`, `polynomial_decay`, `cosine_decay`,
`linear_cosine_decay` and `piecewise_constant`
(mirrors training/learning_rate_decay.py of TF 1.15, which builds the graphs of Keras'
learning_rate_schedule classes: a name scope per schedule, the rate's dtype for everything).
"""
from __future__ import annotations

import math
from typing import Any

from ..framework import dtypes as _dtypes
from ..framework.convert import constant, convert_to_tensor
from ..framework.graph import Tensor, name_scope
from ..ops import array as array_ops
from ..ops import control_flow
from ..ops import math as math_ops

__all__ = [
    "cosine_decay",
    "exponential_decay",
    "inverse_time_decay",
    "linear_cosine_decay",
    "natural_exp_decay",
    "piecewise_constant",
    "piecewise_constant_decay",
    "polynomial_decay",
]


def _exponential(learning_rate: Any, global_step: Any, decay_steps: Any, decay_rate: Any,
                 staircase: bool, name: str | None) -> Tensor:
    with name_scope(name or "ExponentialDecay") as scope:
        initial_learning_rate = convert_to_tensor(learning_rate, name="initial_learning_rate")
        dtype = initial_learning_rate.dtype
        decay_steps = array_ops.cast(decay_steps, dtype)
        decay_rate = array_ops.cast(decay_rate, dtype)
        p = array_ops.cast(global_step, dtype) / decay_steps
        if staircase:
            p = math_ops.floor(p)
        return math_ops.multiply(initial_learning_rate, math_ops.pow(decay_rate, p), name=scope)


def exponential_decay(learning_rate: Any, global_step: Any, decay_steps: Any, decay_rate: Any,
                      staircase: bool = False, name: str | None = None) -> Tensor:
    """`learning_rate * decay_rate ** (global_step / decay_steps)`, the exponent floored with
    `staircase`; the op `ExponentialDecay`."""
    return _exponential(learning_rate, global_step, decay_steps, decay_rate, staircase, name)


def natural_exp_decay(learning_rate: Any, global_step: Any, decay_steps: Any, decay_rate: Any,
                      staircase: bool = False, name: str | None = None) -> Tensor:
    """`learning_rate * exp(-decay_rate * global_step / decay_steps)`: exponential_decay of
    the rate `exp(-decay_rate)`, computed (Neg, Exp) before the schedule's scope."""
    natural_exp_rate = math_ops.exp(math_ops.negative(decay_rate))
    return _exponential(learning_rate, global_step, decay_steps, natural_exp_rate, staircase,
                        name)


def inverse_time_decay(learning_rate: Any, global_step: Any, decay_steps: Any, decay_rate: Any,
                       staircase: bool = False, name: str | None = None) -> Tensor:
    """`learning_rate / (1 + decay_rate * global_step / decay_steps)` (the quotient floored
    with `staircase`); the op `InverseTimeDecay`."""
    with name_scope(name or "InverseTimeDecay") as scope:
        initial_learning_rate = convert_to_tensor(learning_rate, name="initial_learning_rate")
        dtype = initial_learning_rate.dtype
        decay_steps = array_ops.cast(decay_steps, dtype)
        decay_rate = array_ops.cast(decay_rate, dtype)
        p = array_ops.cast(global_step, dtype) / decay_steps
        if staircase:
            p = math_ops.floor(p)
        const = array_ops.cast(constant(1), dtype)
        denom = math_ops.add(const, math_ops.multiply(decay_rate, p))
        return math_ops.divide(initial_learning_rate, denom, name=scope)


def polynomial_decay(learning_rate: Any, global_step: Any, decay_steps: Any,
                     end_learning_rate: Any = 0.0001, power: Any = 1.0, cycle: bool = False,
                     name: str | None = None) -> Tensor:
    """`(learning_rate - end) * (1 - step / decay_steps) ** power + end`, the step held at
    `decay_steps`, or with `cycle` the period stretched to the next multiple of `decay_steps`
    past the step; the op `PolynomialDecay`."""
    with name_scope(name or "PolynomialDecay") as scope:
        initial_learning_rate = convert_to_tensor(learning_rate, name="initial_learning_rate")
        dtype = initial_learning_rate.dtype
        end_learning_rate = array_ops.cast(end_learning_rate, dtype)
        power = array_ops.cast(power, dtype)
        step = array_ops.cast(global_step, dtype)
        decay_steps_recomp = array_ops.cast(decay_steps, dtype)
        if cycle:
            multiplier = control_flow.cond(math_ops.equal(step, 0), lambda: 1.0,
                                           lambda: math_ops.ceil(step / decay_steps))
            decay_steps_recomp = math_ops.multiply(decay_steps_recomp, multiplier)
        else:
            step = math_ops.minimum(step, decay_steps_recomp)
        p = math_ops.divide(step, decay_steps_recomp)
        return math_ops.add(math_ops.multiply(initial_learning_rate - end_learning_rate,
                                              math_ops.pow(1 - p, power)),
                            end_learning_rate, name=scope)


def cosine_decay(learning_rate: Any, global_step: Any, decay_steps: Any, alpha: float = 0.0,
                 name: str | None = None) -> Tensor:
    """`learning_rate * ((1 - alpha) * 0.5 * (1 + cos(pi * t)) + alpha)` with
    `t = min(step, decay_steps) / decay_steps` (SGDR without restarts); ops under
    `CosineDecay`, the last one unnamed (`CosineDecay/Mul_3`) as in TF 1.15."""
    with name_scope(name or "CosineDecay"):
        initial_learning_rate = convert_to_tensor(learning_rate, name="initial_learning_rate")
        dtype = initial_learning_rate.dtype
        decay_steps = array_ops.cast(decay_steps, dtype)
        step = math_ops.minimum(array_ops.cast(global_step, dtype), decay_steps)
        completed_fraction = step / decay_steps
        cosine_decayed = 0.5 * (1.0 + math_ops.cos(constant(math.pi) * completed_fraction))
        decayed = (1 - alpha) * cosine_decayed + alpha
        return math_ops.multiply(initial_learning_rate, decayed)


def linear_cosine_decay(learning_rate: Any, global_step: Any, decay_steps: Any,
                        num_periods: float = 0.5, alpha: float = 0.0, beta: float = 0.001,
                        name: str | None = None) -> Tensor:
    """`learning_rate * ((alpha + linear) * cosine + beta)` with `linear = (decay_steps - t) /
    decay_steps` and `cosine = 0.5 * (1 + cos(pi * 2 * num_periods * t / decay_steps))`, `t`
    the step held at `decay_steps`; the op `LinearCosineDecay`."""
    with name_scope(name or "LinearCosineDecay") as scope:
        initial_learning_rate = convert_to_tensor(learning_rate, name="initial_learning_rate")
        dtype = initial_learning_rate.dtype
        decay_steps = array_ops.cast(decay_steps, dtype)
        num_periods = array_ops.cast(num_periods, dtype)
        alpha = array_ops.cast(alpha, dtype)
        beta = array_ops.cast(beta, dtype)
        step = math_ops.minimum(array_ops.cast(global_step, dtype), decay_steps)
        linear_decayed = (decay_steps - step) / decay_steps
        completed_fraction = step / decay_steps
        fraction = 2.0 * num_periods * completed_fraction
        cosine_decayed = 0.5 * (1.0 + math_ops.cos(constant(math.pi) * fraction))
        linear_cosine_decayed = (alpha + linear_decayed) * cosine_decayed + beta
        return math_ops.multiply(initial_learning_rate, linear_cosine_decayed, name=scope)


def piecewise_constant(x: Any, boundaries: Any, values: Any, name: str | None = None) -> Tensor:
    """`values[0]` while `x <= boundaries[0]`, `values[i]` while `boundaries[i-1] < x <=
    boundaries[i]`, `values[-1]` past the last boundary (a `tf.case` under
    `PiecewiseConstant`). int32 boundaries are cast for an int64 `x`; other dtype mismatches
    are ValueErrors."""
    boundaries = [convert_to_tensor(b) for b in boundaries]
    values = [convert_to_tensor(v) for v in values]
    x_recomp = convert_to_tensor(x)
    for i, b in enumerate(boundaries):
        if b.dtype.base_dtype != x_recomp.dtype.base_dtype:
            if b.dtype.base_dtype == _dtypes.int32 and \
                    x_recomp.dtype.base_dtype == _dtypes.int64:
                boundaries[i] = array_ops.cast(b, x_recomp.dtype.base_dtype)
            else:
                raise ValueError(f"Boundaries ({b.dtype.base_dtype}) must have the same dtype "
                                 f"as x ({x_recomp.dtype.base_dtype}).")
    for v in values[1:]:
        if v.dtype.base_dtype != values[0].dtype.base_dtype:
            raise ValueError(f"Values must have elements all with the same dtype "
                             f"({values[0].dtype.base_dtype} vs {v.dtype.base_dtype}).")
    if len(boundaries) != len(values) - 1:
        raise ValueError("The length of boundaries should be 1 less than the length of values")
    with name_scope(name or "PiecewiseConstant"):
        pred_fn_pairs = [(x_recomp <= boundaries[0], lambda: values[0]),
                         (x_recomp > boundaries[-1], lambda: values[-1])]
        for low, high, v in zip(boundaries[:-1], boundaries[1:], values[1:-1]):
            pred = (x_recomp > low) & (x_recomp <= high)
            pred_fn_pairs.append((pred, lambda v=v: v))
        return control_flow.case(pred_fn_pairs, lambda: values[0], exclusive=True)


piecewise_constant_decay = piecewise_constant
