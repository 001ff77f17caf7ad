"""`tf.hessians` (mirrors `hessians` of TF 1.15's gradients_impl.py): the first-order gradient
of `sum(ys)` flattened, then, in a while_loop over its elements, the gradient of each element
with respect to `x`, written to a TensorArray, stacked and reshaped to `x.shape + x.shape`.

The loop body calls `tf.gradients` on tensors from outside the loop, so the walk meets the
Enter ops that bring them in, whose gradient (ops/control_flow.py) passes it through.
"""
from __future__ import annotations

from typing import Any

from ..framework import dtypes as _dtypes
from ..ops import array as array_ops
from ..ops import control_flow
from ..ops.tensor_array import TensorArray
from .gradients import gradients

__all__ = ["hessians"]


def hessians(ys: Any, xs: Any, name: str = "hessians", colocate_gradients_with_ops: bool = False,
             gate_gradients: bool = False, aggregation_method: Any = None) -> list:
    """`tf.hessians`: for each x in `xs`, the Hessian of `sum(ys)` with respect to x, of shape
    `x.shape + x.shape`, built as TF 1.15 builds it (one while_loop per x). `name` is accepted
    and unused, as in TF 1.15."""
    xs = list(xs) if isinstance(xs, (list, tuple)) else [xs]
    kwargs = {"colocate_gradients_with_ops": colocate_gradients_with_ops,
              "gate_gradients": gate_gradients, "aggregation_method": aggregation_method}
    result = []
    for gradient, x in zip(gradients(ys, xs, **kwargs), xs):
        gradient = array_ops.reshape(gradient, [-1])
        n = array_ops.size(x)
        loop_vars = [array_ops.constant(0, _dtypes.int32), TensorArray(x.dtype, n)]

        def body(j, partial, gradient=gradient, x=x):
            return j + 1, partial.write(j, gradients(gradient[j], x, **kwargs)[0])
        _, hessian = control_flow.while_loop(lambda j, _, n=n: j < n, body, loop_vars)
        shape = array_ops.shape(x)
        result.append(array_ops.reshape(hessian.stack(), array_ops.concat((shape, shape), 0)))
    return result
