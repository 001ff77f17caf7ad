"""`tf.add_check_numerics_ops` and `tf.verify_tensor_all_finite` (mirrors
tensorflow/python/ops/numerics.py): CheckNumerics ops (logging_ops.py) put where TF1 puts them,
so a NaN or Inf is reported with the name of the op that produced it."""
from __future__ import annotations

from typing import Any

from ..framework import dtypes as _dtypes
from ..framework.convert import convert_to_tensor
from ..framework.graph import Operation, Tensor, get_default_graph
from .common_shapes import deprecated_argument
from .control_flow import group, with_dependencies
from .logging_ops import check_numerics

__all__ = ["add_check_numerics_ops", "verify_tensor_all_finite"]

_CHECKED = (_dtypes.float16, _dtypes.float32, _dtypes.float64)


def verify_tensor_all_finite(t: Any = None, msg: str | None = None, name: str | None = None,
                             x: Any = None, message: str | None = None) -> Tensor:
    """`t` itself (through a `control_dependency` Identity), failing the run with `msg` when
    it holds a NaN or Inf. `x` and `message` are TF's newer names of `t` and `msg`."""
    x = deprecated_argument("x", x, "t", t)
    message = deprecated_argument("message", message, "msg", msg)
    g = get_default_graph()
    with g.name_scope(name or "VerifyFinite"):
        x = convert_to_tensor(x, name="x")
        with g.colocate_with(x.op):
            verified = check_numerics(x, message=message)
            return with_dependencies([verified], x)


def add_check_numerics_ops() -> Operation:
    """A `group_deps` NoOp over a CheckNumerics of every half, float and double tensor of the
    default graph, chained by control dependencies in creation order (so the check of an op's
    inputs runs before the checks of its outputs). Each check's message is the checked
    tensor's name (`div:0`), which a failure names."""
    checks: list = []
    for op in get_default_graph().get_operations():
        for output in op.outputs:
            if output.dtype not in _CHECKED:
                continue
            if op._control_flow_context is not None:
                raise ValueError("`tf.add_check_numerics_ops() is not compatible with TensorFlow "
                                 "control flow operations such as `tf.cond()` or "
                                 "`tf.while_loop()`.")
            with get_default_graph().control_dependencies(checks):
                checks = [check_numerics(output, message=f"{op.name}:{output.value_index}")]
    return group(*checks)
