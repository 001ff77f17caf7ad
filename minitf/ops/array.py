"""Array ops: placeholders, identity, shapes, slicing, joining (mirrors array_ops.py)."""
from __future__ import annotations

from typing import Any

from ..framework import dtypes as _dtypes
from ..framework import errors, registry
from ..framework.convert import convert_to_tensor
from ..framework.graph import Tensor, get_default_graph
from ..framework.tensor_shape import as_shape, dims_str, unknown_shape
from .common_shapes import same_as_input

__all__ = ["placeholder", "placeholder_with_default", "identity"]


# ---- Placeholder

def _placeholder_infer(op):
    return [(op.get_attr("dtype"), op.get_attr("shape"))]


def _placeholder_kernel(ctx: registry.KernelContext):
    dtype, shape = ctx.attrs["dtype"], ctx.attrs["shape"]
    shape_part = "" if shape.ndims is None else f" and shape {dims_str(shape)}"
    message = (f"You must feed a value for placeholder tensor '{ctx.op_name}' with dtype "
               f"{dtype.tf_name}{shape_part}")

    def missing_feed():
        raise errors.InvalidArgumentError(None, None, message)
    return missing_feed


registry.register("Placeholder", infer=_placeholder_infer, kernel=_placeholder_kernel,
                  grad=registry.NOT_DIFFERENTIABLE, stateful=True)


def placeholder(dtype: Any, shape: Any = None, name: str | None = None) -> Tensor:
    """`tf.placeholder`: a value that must be fed; `shape` may be partial or None."""
    dtype = _dtypes.as_dtype(dtype).base_dtype
    shape = unknown_shape() if shape is None else as_shape(shape)
    op = get_default_graph().create_op("Placeholder", [], {"dtype": dtype, "shape": shape},
                                       name=name or "Placeholder")
    return op.outputs[0]


def _pwd_infer(op):
    return [(op.inputs[0].dtype.base_dtype, op.get_attr("shape"))]


registry.register("PlaceholderWithDefault", infer=_pwd_infer,
                  kernel=lambda ctx: _identity_fn, grad=lambda op, g: [g], stateful=True)


def placeholder_with_default(input: Any, shape: Any, name: str | None = None) -> Tensor:
    """A placeholder that passes `input` through when it is not fed."""
    g = get_default_graph()
    with g.name_scope(name or "PlaceholderWithDefault") as scope:
        value = convert_to_tensor(input)
        shape = as_shape(shape)
        if not value.shape.is_compatible_with(shape) and value.shape.ndims is not None:
            raise ValueError(f"Shapes must be equal rank, but are {value.shape.ndims} and "
                             f"{shape.ndims}")
        return g.create_op("PlaceholderWithDefault", [value],
                           {"dtype": value.dtype.base_dtype, "shape": shape},
                           name=scope).outputs[0]


# ---- Identity

def _identity_fn(x):
    return x


registry.register("Identity", infer=same_as_input, kernel=lambda ctx: _identity_fn,
                  grad=lambda op, g: [g])


def identity(input: Any, name: str | None = None) -> Tensor:
    """`tf.identity`: the same value under a new name."""
    x = convert_to_tensor(input)
    return get_default_graph().create_op("Identity", [x], {"T": x.dtype.base_dtype},
                                         name=name or "Identity").outputs[0]
