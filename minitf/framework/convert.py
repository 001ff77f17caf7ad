"""Python values to tensors (`tf.constant`, `tf.convert_to_tensor`) and static folding of values
known at graph-construction time (mirrors constant_op.py, tensor_util.py).

The `Const` op lives here because it is the op that conversion creates.
"""
from __future__ import annotations

import numbers
from typing import Any, Callable

import numpy as np

from . import dtypes as _dtypes
from . import registry
from .graph import Operation, Tensor, get_default_graph
from .tensor_shape import TensorShape, as_shape, unknown_shape

_FOLD_MAX_ELEMENTS = 1 << 16


# --------------------------------------------------------------------------------------------
# numpy arrays from Python values, with TF's type rules

def _check_compatible(values: Any, dtype: _dtypes.DType) -> None:
    """TF refuses e.g. a Python float where an int32 is asked: 'Expected int32, got 2.5 ...'."""
    base = dtype.base_dtype
    if isinstance(values, (list, tuple)):
        for v in values:
            _check_compatible(v, dtype)
        return
    if values is None:
        # TF 1.15 reports a None element through its internal `_Message` placeholder.
        raise TypeError(f"Expected {base.name}, got None of type '_Message' instead.")
    if isinstance(values, (np.ndarray, np.generic)):
        return
    ok = True
    if base.is_integer:
        ok = isinstance(values, numbers.Integral)
    elif base.is_floating or base.is_complex:
        ok = isinstance(values, numbers.Number)  # bools too: TF counts them as reals
        if base.is_floating and isinstance(values, complex):
            ok = False
    elif base is _dtypes.bool:
        ok = isinstance(values, (bool, np.bool_))
    elif base is _dtypes.string:
        ok = isinstance(values, (str, bytes))
    if not ok:
        raise TypeError(f"Expected {base.name}, got {values!r} of type "
                        f"'{type(values).__name__}' instead.")


def _encode_strings(values: Any) -> Any:
    if isinstance(values, str):
        return values.encode("utf-8")
    if isinstance(values, (list, tuple)):
        return [_encode_strings(v) for v in values]
    return values


def to_ndarray(values: Any, dtype: _dtypes.DType | None = None) -> np.ndarray:
    """The numpy array TF would store for `values` (float64 lists become float32, ints int32)."""
    if dtype is not None:
        dtype = _dtypes.as_dtype(dtype).base_dtype
    if isinstance(values, (np.ndarray, np.generic)):
        arr = np.asarray(values)
        if arr.dtype.kind in "SU" or (arr.dtype == object):
            arr = np.array(_encode_strings(arr.tolist()), dtype=object)
        if dtype is not None:
            arr = arr.astype(_dtypes.np_dtype(dtype), copy=False)
        return arr
    if values is None:
        raise ValueError("None values not supported.")
    if dtype is not None:
        _check_compatible(values, dtype)
        if dtype is _dtypes.string:
            return np.array(_encode_strings(values), dtype=object)
        try:
            return np.array(values, dtype=_dtypes.np_dtype(dtype))
        except OverflowError:
            pass
        try:  # TF 1.x (numpy 1.x) wraps integers that do not fit the requested type
            return np.array(values).astype(_dtypes.np_dtype(dtype))
        except (OverflowError, TypeError, ValueError):
            raise ValueError(f"Can't convert Python value {values!r} to a {dtype.name} "
                             f"tensor (out of range).") from None
    if _has_strings(values):
        return np.array(_encode_strings(values), dtype=object)
    try:
        arr = np.array(values)
    except ValueError as e:
        raise ValueError(f"Argument must be a dense tensor: {values!r} - got shape "
                         f"{_ragged_shape(values)}, but wanted a rectangular one.") from e
    if arr.dtype == object:
        raise TypeError(f"Failed to convert object of type {type(values)} to Tensor. Contents: "
                        f"{values}. Consider casting elements to a supported type.")
    if arr.dtype == np.float64:
        arr = arr.astype(np.float32)
    elif arr.dtype.kind in "iu" and arr.dtype != np.int32:
        if arr.size == 0 or (arr.min() >= -(1 << 31) and arr.max() < (1 << 31)):
            arr = arr.astype(np.int32)
        else:
            arr = arr.astype(np.int64)
    return arr


def _flat_leaves(values: Any) -> list:
    if isinstance(values, (list, tuple)):
        return [leaf for v in values for leaf in _flat_leaves(v)]
    return [values]


def _has_strings(values: Any) -> bool:
    if isinstance(values, (str, bytes)):
        return True
    if isinstance(values, (list, tuple)) and values:
        return _has_strings(values[0])
    return False


def _ragged_shape(values: Any) -> list:
    if isinstance(values, (list, tuple)):
        return [len(values)]
    return []


# --------------------------------------------------------------------------------------------
# Const

def _const_infer(op: Operation):
    value = op.get_attr("value")
    return [(op.get_attr("dtype"), TensorShape(value.shape))]


class ConstantValue:
    """Marks a kernel whose result is fixed at compile time: the plan inlines the value."""
    __slots__ = ("value",)

    def __init__(self, value: Any):
        self.value = value


def _const_kernel(ctx: registry.KernelContext):
    value = ctx.attrs["value"]
    if value.dtype == object:
        return ConstantValue(value)
    return ConstantValue(ctx.xp.asarray(value))


registry.register("Const", infer=_const_infer, kernel=_const_kernel,
                  grad=registry.NOT_DIFFERENTIABLE,
                  fold=lambda op: (op.get_attr("value"),))


def constant(value: Any, dtype: Any = None, shape: Any = None, name: str = "Const",
             verify_shape: bool = False) -> Tensor:
    """`tf.constant`: a Const op holding `value`, reshaped or broadcast to `shape` if given."""
    try:
        arr = to_ndarray(value, dtype)
    except TypeError:
        if dtype is None and any(isinstance(v, Tensor) for v in _flat_leaves(value)):
            raise TypeError("List of Tensors when single Tensor expected") from None
        raise
    if shape is not None:
        shape = as_shape(shape)
        if not shape.is_fully_defined():
            raise ValueError(f"Shape {shape} must be fully defined for tf.constant")
        target = tuple(shape.as_list())
        n = int(np.prod(target, dtype=np.int64))
        if verify_shape and arr.shape != target:
            raise TypeError(f"Expected Tensor's shape: {target}, got {arr.shape}.")
        if n == 0 and not isinstance(value, (np.ndarray, np.generic)):
            arr = arr.reshape(-1)[:0]  # TF ignores the values of a Python constant with no elements
        if arr.size > n:
            raise ValueError(f"Too many elements provided. Needed at most {n}, but received "
                             f"{arr.size}")
        if arr.size == n:
            arr = arr.reshape(target)
        elif arr.size == 0:  # TF fills a tensor given no values with zeros
            arr = np.zeros(target, dtype=arr.dtype) if arr.dtype != object else \
                np.full(target, b"", dtype=object)
        else:  # fewer values: the last one is repeated
            flat = arr.reshape(-1)
            arr = np.concatenate([flat, np.repeat(flat[-1:], n - arr.size)]).reshape(target)
    dt = _dtypes.as_dtype(dtype).base_dtype if dtype is not None else _dtypes.as_dtype(arr.dtype)
    g = get_default_graph()
    return g.create_op("Const", [], {"value": arr, "dtype": dt}, name=name).outputs[0]


# --------------------------------------------------------------------------------------------
# convert_to_tensor

_conversion_functions: list[tuple[int, type, Callable]] = []


def register_tensor_conversion_function(base_type: Any, conversion_func: Callable,
                                        priority: int = 100) -> None:
    """Registers `conversion_func(value, dtype=None, name=None, as_ref=False)` for `base_type`."""
    _conversion_functions.append((priority, base_type, conversion_func))
    _conversion_functions.sort(key=lambda e: e[0])


def convert_to_tensor(value: Any, dtype: Any = None, name: str | None = None,
                      preferred_dtype: Any = None, dtype_hint: Any = None,
                      as_ref: bool = False) -> Tensor:
    """Returns `value` as a Tensor of the default graph (or its own graph if it has one)."""
    preferred_dtype = preferred_dtype if preferred_dtype is not None else dtype_hint
    if dtype is not None:
        dtype = _dtypes.as_dtype(dtype)
    if isinstance(value, Tensor):
        if dtype is not None and not dtype.is_compatible_with(value.dtype):
            raise ValueError(f"Tensor conversion requested dtype {dtype.name} for Tensor with "
                             f"dtype {value.dtype.name}: {value!r}")
        return value
    for _, base_type, fn in _conversion_functions:
        if isinstance(value, base_type):
            if dtype is None and preferred_dtype is not None:
                try:
                    ret = fn(value, dtype=_dtypes.as_dtype(preferred_dtype), name=name,
                             as_ref=as_ref)
                except (TypeError, ValueError):
                    ret = NotImplemented
                if ret is not NotImplemented and ret is not None:
                    return ret
            ret = fn(value, dtype=dtype, name=name, as_ref=as_ref)
            if ret is NotImplemented:
                continue
            if not isinstance(ret, Tensor):
                raise RuntimeError(f"{fn} returned non-Tensor {ret!r}")
            if dtype is not None and not dtype.is_compatible_with(ret.dtype):
                raise RuntimeError(f"{fn}: conversion returned dtype {ret.dtype.name}, "
                                   f"requested {dtype.name}")
            return ret
    if isinstance(value, Operation):
        raise TypeError(f"Can't convert Operation '{value.name}' to Tensor (target dtype="
                        f"{dtype!r}, name={name!r}, as_ref={as_ref!r})")
    if dtype is None and preferred_dtype is not None:
        try:
            return constant(value, dtype=preferred_dtype, name=name or "Const")
        except (TypeError, ValueError):
            pass
    try:
        return constant(value, dtype=dtype, name=name or "Const")
    except TypeError as e:
        if isinstance(value, (numbers.Number, np.generic, np.ndarray, list, tuple, str, bytes)):
            raise
        raise TypeError(f"Failed to convert object of type {type(value)} to Tensor. Contents: "
                        f"{value}. Consider casting elements to a supported type.") from e


def convert_n_to_tensor(values: Any, dtype: Any = None, name: str | None = None) -> list[Tensor]:
    return [convert_to_tensor(v, dtype=dtype, name=None if name is None else f"{name}_{i}")
            for i, v in enumerate(values)]


def convert_to_tensor_or_indexed_slices(value: Any, dtype: Any = None, name: str | None = None):
    if hasattr(value, "indices") and hasattr(value, "values"):
        return value
    return convert_to_tensor(value, dtype=dtype, name=name)


def is_tensor(x: Any) -> bool:
    return isinstance(x, Tensor) or hasattr(x, "_as_graph_element") and \
        isinstance(getattr(x, "_as_graph_element")(), Tensor)


# --------------------------------------------------------------------------------------------
# Static values

def constant_value(tensor: Any) -> np.ndarray | None:
    """The value of `tensor` if it can be computed while building the graph, else None.

    Like TF's C++ shape refiner, it evaluates small subgraphs of pure ops whose inputs are all
    known (with numpy kernels); ops may also declare a `fold` rule that needs no input values
    (Shape of a fully defined shape). Results are memoized on the op.
    """
    if not isinstance(tensor, Tensor):
        return None
    op = tensor.op
    cached = op.__dict__.get("_folded", _MISSING)
    if cached is _MISSING:
        cached = _fold(op)
        op._folded = cached
    return None if cached is None else cached[tensor.value_index]


_MISSING = object()


def _fold(op: Operation) -> tuple | None:
    opdef = op._opdef
    fold = opdef.extra.get("fold")
    if fold is not None:
        out = fold(op)
        if out is not None:
            return tuple(out)
    if opdef.stateful or opdef.ref_inputs or op._control_flow_context is not None:
        return None
    if opdef.extra.get("foldable") is False:  # values TF's shape inference never computes
        return None
    if any((t.shape.num_elements() or 0) > _FOLD_MAX_ELEMENTS for t in op._outputs):
        return None
    values = []
    for t in op._inputs:
        v = constant_value(t)
        if v is None or v.size > _FOLD_MAX_ELEMENTS:
            return None
        values.append(v)
    ctx = registry.KernelContext(np, op._attrs, op.name, op.type)
    try:
        fn = opdef.kernel(ctx)
        if isinstance(fn, ConstantValue):
            return (fn.value,)
        with np.errstate(all="ignore"):
            out = fn(*values)
    except Exception:  # a kernel that fails on known values is left to fail at run time
        return None
    outs = out if isinstance(out, tuple) else (out,)
    return tuple(np.asarray(o) if o is not None else None for o in outs)


def _sliced_shape(op: Operation) -> TensorShape | None:
    """A 1-D slice `s[b:e:k]` of a partially known shape `s` (`tf.shape(x)[:2]`), as TF reads
    it: known begin, end and positive stride, and no masks but whole-range begin and end."""
    bounds = [constant_value(t) for t in op.inputs[1:]]
    if any(v is None or v.shape != (1,) for v in bounds):
        return None
    attrs = op._attrs
    if attrs["ellipsis_mask"] or attrs["new_axis_mask"] or attrs["shrink_axis_mask"] or \
            attrs["begin_mask"] not in (0, 1) or attrs["end_mask"] not in (0, 1):
        return None
    begin, end, stride = (int(v[0]) for v in bounds)
    if stride <= 0:
        return None
    whole = constant_value_as_shape(op.inputs[0])
    if whole.ndims is None:
        return None
    return TensorShape(whole.dims[slice(None if attrs["begin_mask"] else begin,
                                        None if attrs["end_mask"] else end, stride)])


# The ops whose values TF's Python-side `constant_value` computes from its inputs' values
_STATIC_FROM_INPUTS = frozenset({"Range", "Cast", "Concat", "ConcatV2", "Equal", "NotEqual"})


def static_value(tensor: Any, partial: bool = False) -> np.ndarray | None:
    """`tf.get_static_value`: TF1's Python-side `constant_value`, which knows fewer ops than
    the shape inference's `constant_value` above (no arithmetic: `1 - tf.constant(0.)` is not
    static), so that builders deciding on it build TF's graphs. A tensor with a static value
    can no longer be fed. `partial`: a Pack of some unknown scalars gives None for those."""
    if not isinstance(tensor, Tensor):
        raise TypeError(f"{tensor!r} is not a Tensor, has type {type(tensor)}")
    value = _static(tensor, partial)
    if value is not None:
        tensor.graph.prevent_feeding(tensor)
    return value


def _static(tensor: Tensor, partial: bool) -> np.ndarray | None:
    op = tensor.op
    kind = op.type
    if kind in ("Const", "Shape", "Size", "Rank"):
        return constant_value(tensor)
    if kind == "Fill":
        known = tensor.shape.is_fully_defined() and _static(op.inputs[1], False) is not None
        return constant_value(tensor) if known else None
    if kind == "Pack":
        if not op.inputs or op.get_attr("axis") != 0:
            return None
        values = [_static(t, partial) for t in op.inputs]
        if any(v is None for v in values) and not partial:
            return None
        return np.array(values)
    if kind in _STATIC_FROM_INPUTS and all(_static(t, False) is not None for t in op.inputs):
        return constant_value(tensor)
    return None


def constant_value_as_shape(tensor: Tensor) -> TensorShape:
    """A (partial) shape from a 1-D int tensor: known entries where statically known, as TF's
    shape functions read shape arguments (`tf.stack([tf.shape(x)[0], 3])` -> (?, 3))."""
    shape = tensor.shape
    if shape.ndims == 0:
        v = constant_value(tensor)
        if v is not None and v.ndim == 0 and int(v) == -1:
            return unknown_shape()
        raise ValueError("Shape must be rank 1 but is rank 0")
    value = constant_value(tensor)
    if value is not None:
        return TensorShape([None if int(d) < 0 else int(d) for d in value.reshape(-1)])
    op = tensor.op
    if op.type == "Shape":
        return op.inputs[0].shape
    if op.type == "Pack":
        dims = []
        for t in op.inputs:
            v = constant_value(t)
            dims.append(None if v is None or int(v) < 0 else int(v))
        return TensorShape(dims)
    if op.type == "ConcatV2":
        result = TensorShape([])
        for t in op.inputs[:-1]:
            result = result.concatenate(constant_value_as_shape(t))
        return result
    if op.type == "StridedSlice":
        sliced = _sliced_shape(op)
        if sliced is not None:
            return sliced
    n = shape[0].value if shape.ndims == 1 else None
    return unknown_shape(n)
