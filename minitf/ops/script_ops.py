"""`tf.py_func`: a Python function as an op of the graph (ops PyFunc and PyFuncStateless;
mirrors TF 1.15's script_ops.py and the checks of its py_func kernel).

The function is kept by the graph (as TF's graph keeps its py_funcs alive) and found by the
op's `token` attr, `pyfunc_<n>`. It receives host numpy values (scalars as numpy scalars, as
TF passes them) and its results are checked against `Tout` when the op runs. Its outputs have
unknown static shapes; callers `set_shape` what they know.
"""
from __future__ import annotations

import itertools
import traceback
import weakref
from collections.abc import Callable
from typing import Any

from ..framework import dtypes as _dtypes
from ..framework import errors, registry
from ..framework.convert import convert_to_tensor
from ..framework.graph import Operation, Tensor, get_default_graph
from ..framework.tensor_shape import unknown_shape

__all__ = ["py_func", "numpy_function"]

_tokens = itertools.count()


class _Callback:
    """A py_func's function, held by its graph; the kernel finds it by token while the graph
    lives (TF's FuncRegistry)."""

    def __init__(self, func: Callable):
        self.func = func


_CALLBACKS: weakref.WeakValueDictionary[str, _Callback] = weakref.WeakValueDictionary()

# Python exceptions the kernel reports with a class of their own (the rest: UnknownError).
_ERROR_CLASSES = ((ValueError, errors.InvalidArgumentError),
                  (TypeError, errors.InvalidArgumentError),
                  (StopIteration, errors.OutOfRangeError),
                  (MemoryError, errors.ResourceExhaustedError),
                  (NotImplementedError, errors.UnimplementedError))


def _py_func_infer(op):
    return [(t, unknown_shape()) for t in op.get_attr("Tout")]


def _as_result(xp: Any, value: Any) -> Any:
    """One returned value as an array, text as an object array of bytes (TF's conversion)."""
    if isinstance(value, str):
        value = value.encode("utf-8")
    if isinstance(value, bytes):
        out = xp.empty((), dtype=object)
        out[()] = value
        return out
    result = xp.asarray(value, order="C")
    if result.dtype.kind in "SU":
        flat = [v.encode("utf-8") if isinstance(v, str) else bytes(v)
                for v in result.ravel().tolist()]
        out = xp.empty(len(flat), dtype=object)
        out[:] = flat
        return out.reshape(result.shape)
    return result


def _py_func_kernel(ctx: registry.KernelContext):
    token = ctx.attrs["token"]
    expected = list(ctx.attrs["Tout"])
    backend = ctx.resources.backend
    xp = backend.xp

    def py_func(*inputs):
        func = _CALLBACKS[token].func
        args = [backend.to_host(v) for v in inputs]
        args = [a[()] if getattr(a, "ndim", None) == 0 else a for a in args]
        try:
            ret = func(*args)
        except Exception as e:
            cls = next((c for py, c in _ERROR_CLASSES if isinstance(e, py)),
                       errors.UnknownError)
            text = "".join(traceback.format_exception(type(e), e, e.__traceback__))
            raise cls(None, None, text.rstrip("\n")) from e
        if ret is None:
            values = []
        elif isinstance(ret, (list, tuple)):
            values = list(ret)
        else:
            values = [ret]
        if len(values) != len(expected):
            raise errors.InvalidArgumentError(
                None, None, f"{token} returns {len(values)} values, but expects to see "
                            f"{len(expected)} values.")
        out = []
        for i, (value, want) in enumerate(zip(values, expected)):
            a = _as_result(xp, value)
            got = _dtypes.as_dtype(a.dtype)
            if got is not want:
                raise errors.InvalidArgumentError(
                    None, None, f"{i}-th value returned by {token} is {got._tf_name}, but "
                                f"expects {want._tf_name}")
            out.append(backend.to_device(a))
        return tuple(out) if len(out) != 1 else out[0]
    return py_func


def numpy_function(func: Callable, inp: Any, Tout: Any, name: str | None = None) -> Any:
    """`tf.numpy_function`: `py_func` of a stateful op (TF 1.15's, as py_func's default)."""
    return py_func(func, inp, Tout, stateful=True, name=name)


for _type, _stateful in (("PyFunc", True), ("PyFuncStateless", False)):
    # stateless py_funcs still run per session.run: the plan never folds a Python callback
    registry.register(_type, infer=_py_func_infer, kernel=_py_func_kernel,
                      grad=registry.NOT_DIFFERENTIABLE, stateful=True)


def py_func(func: Callable, inp: Any, Tout: Any, stateful: bool = True,
            name: str | None = None) -> Any:
    """`tf.py_func`: `func` called on the values of `inp` (numpy arrays) whenever the op runs;
    a list `Tout` gives a list of tensors, a single dtype one tensor. Not differentiable."""
    if not callable(func):
        raise TypeError(f"Expected func to be callable, got func of type {type(func)}")
    as_list = isinstance(Tout, (list, tuple))
    types = [_dtypes.as_dtype(t) for t in (Tout if as_list else [Tout])]
    g = get_default_graph()
    inputs = [convert_to_tensor(x) for x in (inp or [])]
    token = f"pyfunc_{next(_tokens)}"
    callback = _CALLBACKS[token] = _Callback(func)
    g._state.setdefault("py_funcs", []).append(callback)
    op_type = "PyFunc" if stateful else "PyFuncStateless"
    op: Operation = g.create_op(op_type, inputs,
                                {"token": token, "Tin": [t.dtype.base_dtype for t in inputs],
                                 "Tout": types}, name=name or op_type)
    outputs: list[Tensor] = list(op.outputs)
    if not as_list:
        return outputs[0]
    return outputs if outputs else op
