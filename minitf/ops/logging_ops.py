"""Printing, numeric checks and assertions (mirrors logging_ops.py, check_ops.py and
control_flow_ops.Assert).

Values are printed as TF's C++ `Tensor::SummarizeValue` prints them: `[1 2 3...]` for `tf.Print`
and `tf.Assert`, numpy-like nested brackets with `...` for `tf.print`. Strings are host values
(numpy object arrays) whatever the backend, as CuPy has no string arrays.
"""
from __future__ import annotations

import logging
import os
import pprint
import random as _py_random
import struct
import sys
import weakref
from typing import Any

import numpy as np

from ..framework import dtypes as _dtypes
from ..framework import errors, nest, registry
from ..framework.convert import constant_value, convert_n_to_tensor, convert_to_tensor, is_tensor
from ..framework.graph import Operation, Tensor, get_default_graph
from ..framework.tensor_shape import TensorShape
from .common_shapes import check_dtype_allowed, same_as_input, shape_str
from .control_flow import cond, no_op, with_dependencies

__all__ = ["Print", "print", "check_numerics", "Assert", "assert_equal", "assert_less",
           "assert_less_equal", "assert_greater_equal", "assert_positive", "assert_rank",
           "assert_rank_in", "assert_type"]


# ---- how TF's kernels print values

_C_ESCAPES = {ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t", ord("\\"): "\\\\",
              ord("'"): "\\'", ord('"'): '\\"'}


def _c_escape(raw: bytes) -> str:
    """C-style escaping of a byte string (TF's CEscape): octal for non-printable bytes."""
    return "".join(_C_ESCAPES.get(c) or (chr(c) if 0x20 <= c < 0x7F else f"\\{c:03o}")
                   for c in raw)


def _as_float32(x: float) -> float | None:
    try:
        return struct.unpack("f", struct.pack("f", x))[0]
    except OverflowError:
        return None


def _format_float(v: float, double: bool) -> str:
    """The shortest of %.6g/%.9g (floats) or %.15g/%.17g (doubles) that reads back exactly."""
    if v != v:
        return "-nan" if struct.pack(">d", v)[0] & 0x80 else "nan"
    short, full = ("%.15g", "%.17g") if double else ("%.6g", "%.9g")
    text = short % v
    back = float(text) if double else _as_float32(float(text))
    return text if back == v else full % v


def _element_formatter(kind: str, double: bool, quote: bool):
    if kind == "f":
        return lambda v: _format_float(v, double)
    if kind == "b":
        return lambda v: "1" if v else "0"
    if kind in "OSU":
        def text(v):
            s = _c_escape(v if isinstance(v, bytes) else str(v).encode("utf-8"))
            return f'"{s}"' if quote else s
        return text
    return str


def _summarize_unprintable(n: int, limit: int, v2: bool) -> str:
    text = " ".join("?" * limit) + ("..." if limit < n else "")
    return f"[{text}]" if v2 else text


def summarize_value(value: Any, max_entries: int, v2: bool = False) -> str:
    """`value` (an array on any backend) as TF prints it: at most `max_entries` values in
    reading order (tf.Print, tf.Assert), or with `v2` the first and last `max_entries` of each
    dimension, numpy style (tf.print); a negative `max_entries` prints everything."""
    shape = tuple(value.shape)
    n = 1
    for d in shape:
        n *= d
    limit = n if max_entries < 0 else min(max_entries, n)
    kind = value.dtype.kind
    if kind == "c":
        return _summarize_unprintable(n, limit, v2)
    fmt = _element_formatter(kind, value.dtype.itemsize == 8, v2)
    if not shape:
        return " ".join(fmt(v) for v in value.reshape(-1)[:limit].tolist()) + (
            "..." if n > limit else "")
    if v2:
        return _summarize_v2(value, shape, limit, fmt)
    items = [fmt(v) for v in value.reshape(-1)[:limit].tolist()] if limit else []
    return _summarize_v1(shape, items, limit) + ("..." if n > limit else "")


def _summarize_v1(shape: tuple, items: list, limit: int) -> str:
    out: list[str] = []
    pos = 0

    def dim(d: int) -> None:
        nonlocal pos
        if pos >= limit:
            return
        if d == len(shape) - 1:
            for i in range(shape[d]):
                if pos >= limit:
                    if d != 0:
                        out.append("...")
                    return
                if i > 0:
                    out.append(" ")
                out.append(items[pos])
                pos += 1
            return
        for _ in range(shape[d]):
            if pos >= limit:  # nothing more is printed for the rest of this dimension
                return
            out.append("[")
            dim(d + 1)
            out.append("]")

    dim(0)
    return "".join(out)


def _summarize_v2(value: Any, shape: tuple, k: int, fmt) -> str:
    sub = value
    for d, size in enumerate(shape):
        if size > 2 * k:
            sub = sub.take(list(range(k)) + list(range(size - k, size)), axis=d)
    ndim = len(shape)

    def spacing(d: int) -> str:
        return " " if d == ndim - 1 else "\n" * (ndim - d - 1) + " " * (d + 1)

    def rec(x: Any, d: int) -> str:
        if d == ndim:
            return fmt(x)
        gap = spacing(d)
        if shape[d] <= 2 * k:
            return "[" + gap.join(rec(item, d + 1) for item in x) + "]"
        text = "[" + gap.join(rec(item, d + 1) for item in x[:k]) + gap + "..."
        return text + "".join(gap + rec(item, d + 1) for item in x[k:]) + "]"

    return rec(sub.tolist(), 0)


# ---- Print (tf.Print)

_print_counts: "weakref.WeakKeyDictionary[Any, dict]" = weakref.WeakKeyDictionary()


def _print_kernel(ctx: registry.KernelContext):
    message = ctx.attrs["message"]
    first_n, summarize = ctx.attrs["first_n"], ctx.attrs["summarize"]
    counts = _print_counts.setdefault(ctx.resources, {}) if first_n >= 0 else None
    op_name = ctx.op_name

    def print_op(x, *data):
        if counts is not None:  # first_n counts per session, as TF's kernel instance does
            if counts.get(op_name, 0) >= first_n:
                return x
            counts[op_name] = counts.get(op_name, 0) + 1
        text = message + "".join(f"[{summarize_value(d, summarize)}]" for d in data)
        sys.stderr.write(text + "\n")
        return x
    return print_op


def _print_grad(op, grad):
    """The gradient passes through to `input_` only; the printed `data` get none."""
    return [grad] + [None] * (len(op.inputs) - 1)


registry.register("Print", infer=same_as_input, kernel=_print_kernel, grad=_print_grad,
                  stateful=True)


def Print(input_: Any, data: list, message: str | None = None, first_n: int | None = None,
          summarize: int | None = None, name: str | None = None) -> Tensor:
    """`tf.Print`: passes `input_` through and, when run, writes `message` and the first
    `summarize` (3) values of each tensor in `data` to stderr, for the first `first_n` runs
    (all when negative or None)."""
    g = get_default_graph()
    with g.name_scope(name or "Print") as scope:
        x = convert_to_tensor(input_, name="input")
        data = convert_n_to_tensor(data, name="data")
        attrs = {"T": x.dtype.base_dtype, "U": [d.dtype.base_dtype for d in data],
                 "message": message or "", "first_n": -1 if first_n is None else int(first_n),
                 "summarize": 3 if summarize is None else int(summarize)}
        return g.create_op("Print", [x] + data, attrs, name=scope).outputs[0]


# ---- StringFormat and PrintV2 (tf.print)

def _string_format_infer(op):
    return [(_dtypes.string, TensorShape([]))]


def _string_format_kernel(ctx: registry.KernelContext):
    pieces = ctx.attrs["template"].split(ctx.attrs["placeholder"])
    summarize = ctx.attrs["summarize"]

    def string_format(*inputs):
        text = pieces[0] + "".join(summarize_value(v, summarize, v2=True) + piece
                                   for v, piece in zip(inputs, pieces[1:]))
        return np.array(text.encode("utf-8"), dtype=object)
    return string_format


registry.register("StringFormat", infer=_string_format_infer, kernel=_string_format_kernel,
                  grad=registry.NOT_DIFFERENTIABLE)


def _no_outputs(op):
    return []


_LOG_LEVELS = {"log(info)": logging.INFO, "log(warning)": logging.WARNING,
               "log(error)": logging.ERROR}


def _print_v2_kernel(ctx: registry.KernelContext):
    stream, end = ctx.attrs["output_stream"], ctx.attrs["end"]

    def print_v2(text):
        raw = text.reshape(-1)[0] if hasattr(text, "reshape") else text
        msg = raw.decode("utf-8", "backslashreplace") if isinstance(raw, bytes) else str(raw)
        if stream.startswith("file://"):
            with open(stream[len("file://"):], "a") as f:
                f.write(msg + end)
        elif stream in _LOG_LEVELS:
            logging.getLogger("tensorflow").log(_LOG_LEVELS[stream], msg + end)
        else:
            out = sys.stdout if stream == "stdout" else sys.stderr
            out.write(msg + end)
            out.flush()
    return print_v2


registry.register("PrintV2", infer=_no_outputs, kernel=_print_v2_kernel,
                  grad=registry.NOT_DIFFERENTIABLE, stateful=True)


def _placeholder_string(text: str) -> str:
    """'{}' made longer with digits until it does not occur in `text` (as TF picks it)."""
    placeholder = "{}"
    rng = _py_random.Random(5)
    while placeholder in text:
        placeholder += str(rng.randint(0, 9))
    return placeholder


def _stream_name(output_stream: Any) -> str:
    """The PrintV2 attr for a stream: 'stdout', 'stderr', 'log(info)' ... or 'file://path'."""
    if isinstance(output_stream, str) and output_stream.startswith("file://"):
        return output_stream
    if output_stream is sys.stdout:
        return "stdout"
    if output_stream is sys.stderr:
        return "stderr"
    levels = {logging.INFO: "log(info)", logging.info: "log(info)",
              logging.WARNING: "log(warning)", logging.warning: "log(warning)",
              logging.warn: "log(warning)", logging.ERROR: "log(error)",
              logging.error: "log(error)"}
    if isinstance(output_stream, int) or callable(output_stream):
        found = levels.get(output_stream)
        if found is not None:
            return found
    raise ValueError(f"Unsupported output stream, logging level, or file.{output_stream}. "
                     f"Supported streams are sys.stdout, sys.stderr, tf.logging.info, "
                     f"tf.logging.warning, tf.logging.error. File needs to be in the form of "
                     f"'file://<filepath>'.")


def print_v2(*inputs: Any, **kwargs: Any) -> Operation:
    """`tf.print` (TF 1.15's print_v2): an op (PrintV2) that, when run, prints its arguments
    joined by `sep` and followed by `end`, tensors formatted like numpy, to `output_stream`
    (sys.stderr, sys.stdout, a logging level or function, or 'file://path').
    Keywords: output_stream, summarize (3), sep (' '), end (os.linesep), name."""
    output_stream = kwargs.pop("output_stream", sys.stderr)
    name = kwargs.pop("name", None)
    summarize = kwargs.pop("summarize", 3)
    sep = kwargs.pop("sep", " ")
    end = kwargs.pop("end", os.linesep)
    if kwargs:
        raise ValueError(f"Unrecognized keyword arguments for tf.print: {kwargs}")
    stream = _stream_name(output_stream)
    g = get_default_graph()
    if (len(inputs) == 1 and is_tensor(inputs[0]) and inputs[0].shape.ndims == 0
            and inputs[0].dtype == _dtypes.string):
        formatted = inputs[0]
    else:
        tensor_free = nest.map_structure(lambda x: "" if is_tensor(x) else x, inputs)
        placeholder = _placeholder_string(" ".join(pprint.pformat(x) for x in tensor_free))
        templates, tensors = [], []
        for inp in inputs:
            parts = []
            for x in nest.flatten(inp):
                if is_tensor(x):
                    tensors.append(convert_to_tensor(x))
                    parts.append(placeholder)
                else:
                    parts.append(x)
            templates.append(inp if isinstance(inp, str) else
                             pprint.pformat(nest.pack_sequence_as(inp, parts)))
        template = sep.join(templates).replace(f"'{placeholder}'", placeholder)
        attrs = {"T": [t.dtype.base_dtype for t in tensors], "template": template,
                 "placeholder": placeholder, "summarize": 3 if summarize is None else summarize}
        formatted = g.create_op("StringFormat", tensors, attrs,
                                name=f"{name}_format" if name else "StringFormat").outputs[0]
    return g.create_op("PrintV2", [formatted], {"output_stream": stream, "end": end},
                       name=name or "PrintV2")


print = print_v2  # noqa: A001 - exported as tf.print, as TF does


# ---- CheckNumerics

def _check_numerics_kernel(ctx: registry.KernelContext):
    xp = ctx.xp
    message = ctx.attrs["message"]

    def check_numerics(x):
        if not bool(xp.isfinite(x).all()):
            has_inf, has_nan = bool(xp.isinf(x).any()), bool(xp.isnan(x).any())
            what = "Inf and NaN" if has_inf and has_nan else ("Inf" if has_inf else "NaN")
            raise errors.InvalidArgumentError(None, None,
                                              f"{message} : Tensor had {what} values")
        return x
    return check_numerics


def _check_numerics_grad(op, grad):
    """The gradient passes through, checked for NaN and Inf as well."""
    return check_numerics(grad, "Not a number (NaN) or infinity (Inf) values detected in "
                                f"gradient. {op.get_attr('message')}")


registry.register("CheckNumerics", infer=same_as_input, kernel=_check_numerics_kernel,
                  grad=_check_numerics_grad)


def check_numerics(tensor: Any, message: str, name: str | None = None) -> Tensor:
    """`tf.check_numerics`: passes `tensor` through; running it fails with
    InvalidArgumentError if it holds NaN or Inf values."""
    if isinstance(message, bytes):
        message = message.decode("utf-8")
    elif not isinstance(message, str):
        raise TypeError(f"Expected string for argument 'message' not {message!r}.")
    g = get_default_graph()
    with g.name_scope(name or "CheckNumerics") as scope:
        x = convert_to_tensor(tensor, name="tensor")
        check_dtype_allowed(x.dtype, "tensor", ("bfloat16", "float16", "float32", "float64"))
        return g.create_op("CheckNumerics", [x], {"T": x.dtype.base_dtype, "message": message},
                           name=scope).outputs[0]


# ---- Assert

def _assert_kernel(ctx: registry.KernelContext):
    summarize = ctx.attrs["summarize"]

    def assert_op(condition, *data):
        if condition.ndim > 1 or condition.size != 1:  # TF accepts a legacy scalar, [1]
            raise errors.InvalidArgumentError(
                None, None, f"In[0] should be a scalar: {shape_str(condition.shape)}")
        if bool(condition.reshape(-1)[0]):
            return
        parts = " ".join(f"[{summarize_value(d, summarize)}]" for d in data)
        raise errors.InvalidArgumentError(None, None, f"assertion failed: {parts}")
    return assert_op


registry.register("Assert", infer=_no_outputs, kernel=_assert_kernel,
                  grad=registry.NOT_DIFFERENTIABLE, stateful=True)


def _assert_op(condition: Any, data: list, summarize: int | None) -> Operation:
    """The Assert op itself, `Assert` in the current scope (data converted there again)."""
    g = get_default_graph()
    with g.name_scope("Assert") as scope:
        if isinstance(condition, Tensor):
            if condition.dtype.base_dtype != _dtypes.bool:
                raise TypeError(f"Input 'condition' of 'Assert' Op has type "
                                f"{condition.dtype.base_dtype.name} that does not match "
                                f"expected type of bool.")
        else:
            condition = convert_to_tensor(condition, dtype=_dtypes.bool, name="condition")
        tensors = convert_n_to_tensor(data, name="data")
        attrs = {"T": [t.dtype.base_dtype for t in tensors],
                 "summarize": 3 if summarize is None else int(summarize)}
        return g.create_op("Assert", [condition] + tensors, attrs, name=scope)


def Assert(condition: Any, data: list, summarize: int | None = None,
           name: str | None = None) -> Operation:
    """`tf.Assert`: an op that, when run, fails with InvalidArgumentError "assertion failed:
    [...]" (the first `summarize` values of each of `data`) unless `condition` is true.
    Unless every datum is int32 or string (values TF keeps in host memory), the Assert runs
    only when the condition is false, in a `tf.cond` named `AssertGuard`, so that the data
    is not copied for an assertion that holds; the cond's Merge op is then returned."""
    g = get_default_graph()
    with g.name_scope(name or "Assert"):
        xs = convert_n_to_tensor(data)  # TF converts `data` here, then again inside the op
        if all(x.dtype.base_dtype in (_dtypes.int32, _dtypes.string) for x in xs):
            return _assert_op(condition, data, summarize)
        condition = convert_to_tensor(condition, name="Condition")
        guarded = cond(condition, no_op, lambda: _assert_op(condition, data, summarize),
                       name="AssertGuard")
        return guarded.op


# ---- assert_* helpers (check_ops.py)

def _static_failure(data: list) -> errors.InvalidArgumentError:
    """The build-time error of a check whose inputs are all known: `data` with constant
    tensors shown by value."""
    def text(d: Any) -> Any:
        if not isinstance(d, Tensor):
            return str(d)
        value = constant_value(d)
        return d if value is None else str(value)
    return errors.InvalidArgumentError(None, None, "\n".join(text(d) for d in data))


def _assert_operands(x: Any, y: Any, data: list | None, message: str | None,
                     symbol: str) -> tuple:
    """The converted operands of a binary assert and its data (TF's default message)."""
    x = convert_to_tensor(x, name="x")
    y = convert_to_tensor(y, name="y")
    if data is None:
        data = [message or "", f"Condition x {symbol} y did not hold element-wise:",
                f"x ({x.name}) = ", x, f"y ({y.name}) = ", y]
    return x, y, data


def assert_equal(x: Any, y: Any, data: list | None = None, summarize: int | None = None,
                 message: str | None = None, name: str | None = None) -> Operation:
    """`tf.assert_equal`: an Assert that x == y everywhere; when both values are known while
    building and differ, InvalidArgumentError is raised at once (a NoOp when x is y)."""
    from .math import equal, reduce_all
    g = get_default_graph()
    with g.name_scope(name or "assert_equal"):
        x, y, data = _assert_operands(x, y, data, message, "==")
        if x is y:
            return no_op()
        condition = reduce_all(equal(x, y))
        x_static, y_static = constant_value(x), constant_value(y)
        if x_static is not None and y_static is not None and \
                not np.all(np.equal(x_static, y_static)):
            raise _static_failure(data)
        return Assert(condition, data, summarize=summarize)


def assert_less(x: Any, y: Any, data: list | None = None, summarize: int | None = None,
                message: str | None = None, name: str | None = None) -> Operation:
    """`tf.assert_less`: an Assert that x < y everywhere (checked when run)."""
    from .math import less, reduce_all
    g = get_default_graph()
    with g.name_scope(name or "assert_less"):
        x, y, data = _assert_operands(x, y, data, message, "<")
        return Assert(reduce_all(less(x, y)), data, summarize=summarize)


def assert_less_equal(x: Any, y: Any, data: list | None = None, summarize: int | None = None,
                      message: str | None = None, name: str | None = None) -> Operation:
    """`tf.assert_less_equal`: an Assert that x <= y everywhere (checked when run)."""
    from .math import less_equal, reduce_all
    g = get_default_graph()
    with g.name_scope(name or "assert_less_equal"):
        x, y, data = _assert_operands(x, y, data, message, "<=")
        return Assert(reduce_all(less_equal(x, y)), data, summarize=summarize)


def assert_greater_equal(x: Any, y: Any, data: list | None = None, summarize: int | None = None,
                         message: str | None = None, name: str | None = None) -> Operation:
    """`tf.assert_greater_equal`: an Assert that x >= y everywhere (checked when run)."""
    from .math import greater_equal, reduce_all
    g = get_default_graph()
    with g.name_scope(name or "assert_greater_equal"):
        x, y, data = _assert_operands(x, y, data, message, ">=")
        return Assert(reduce_all(greater_equal(x, y)), data, summarize=summarize)


def assert_positive(x: Any, data: list | None = None, summarize: int | None = None,
                    message: str | None = None, name: str | None = None) -> Operation:
    """`tf.assert_positive`: an Assert that x > 0 everywhere (an assert_less(0, x))."""
    message = message or ""
    g = get_default_graph()
    with g.name_scope(name or "assert_positive"):
        x = convert_to_tensor(x, name="x")
        if data is None:
            data = [message, "Condition x > 0 did not hold element-wise:", f"x ({x.name}) = ", x]
        zero = convert_to_tensor(0, dtype=x.dtype.base_dtype)
        return assert_less(zero, x, data=data, summarize=summarize)


def assert_type(tensor: Any, tf_type: Any, message: str | None = None,
                name: str | None = None) -> Operation:
    """`tf.assert_type`: a static check of `tensor`'s dtype (TypeError), else a NoOp."""
    message = message or ""
    g = get_default_graph()
    with g.name_scope(name or "assert_type"):
        tensor = convert_to_tensor(tensor, name="tensor")
        if tensor.dtype != tf_type:
            raise TypeError(f"{message}  {tensor.name} must be of type {tf_type}")
        return no_op("statically_determined_correct_type")


def assert_rank(x: Any, rank: Any, data: list | None = None, summarize: int | None = None,
                message: str | None = None, name: str | None = None) -> Operation:
    """`tf.assert_rank`: a NoOp when x's static rank is known and right, a ValueError when it
    is known and wrong, else an Assert checked when run."""
    from .array import shape
    g = get_default_graph()
    with g.name_scope(name or "assert_rank"):
        x = convert_to_tensor(x, name="x")
        rank = convert_to_tensor(rank, name="rank")
        message = message or ""
        if data is None:
            data = [message, f"Tensor {x.name} must have rank", rank, "Received shape: ",
                    shape(x)]
        assert_type(rank, _dtypes.int32)
        rank_static = constant_value(rank)
        if rank_static is not None:
            if rank_static.ndim != 0:
                raise ValueError("Rank must be a scalar.")
            x_rank = x.shape.ndims
            if x_rank is not None:
                if x_rank != int(rank_static):
                    raise ValueError(f"{message}.  Tensor {x.name} must have rank "
                                     f"{int(rank_static)}.  Received rank {x_rank}, shape "
                                     f"{x.shape}")
                return no_op(name="static_checks_determined_all_ok")
        return Assert(_dynamic_rank_condition(x, rank, rank_static), data, summarize=summarize)


def _dynamic_rank_condition(x: Tensor, rank: Tensor, rank_static: Any) -> Tensor:
    """rank(x) == rank, also checked to be given a scalar rank when that is not known."""
    from .array import rank as rank_of
    from .math import equal
    condition = equal(rank_of(x), rank)
    if rank_static is None:
        rank_check = assert_rank(rank, 0, data=["Rank must be a scalar. Received rank: ", rank])
        condition = with_dependencies([rank_check], condition)
    return condition



def assert_rank_in(x: Any, ranks: Any, data: list | None = None, summarize: int | None = None,
                   message: str | None = None, name: str | None = None) -> Operation:
    """`tf.assert_rank_in`: x's rank is one of `ranks` (int32 scalars): a NoOp when all are
    known and it holds, a ValueError when known and it fails, else an Assert checked when run."""
    from .array import rank as rank_of
    from .array import shape
    from .math import equal, logical_or
    g = get_default_graph()
    with g.name_scope(name or "assert_rank_in"):
        x = convert_to_tensor(x, name="x")
        ranks = tuple(convert_to_tensor(r, name="rank") for r in ranks)
        message = message or ""
        if data is None:
            data = [message, f"Tensor {x.name} must have rank in"] + list(ranks) + \
                ["Received shape: ", shape(x)]
        for r in ranks:
            assert_type(r, _dtypes.int32)
        statics = tuple(constant_value(r) for r in ranks)
        if all(s is not None for s in statics):
            if any(s.ndim != 0 for s in statics):
                raise ValueError("Rank must be a scalar.")
            x_rank = x.shape.ndims
            if x_rank is not None:
                if x_rank not in [int(s) for s in statics]:
                    raise ValueError(f"{message}Tensor {x.name} must have rank in "
                                     f"{tuple(int(s) for s in statics)}.  Received rank "
                                     f"{x_rank}, shape {x.shape}")
                return no_op(name="static_checks_determined_all_ok")
        actual = rank_of(x)
        condition = equal(ranks[0], actual)
        for r in ranks[1:]:
            condition = logical_or(condition, equal(r, actual))
        for r, s in zip(ranks, statics):
            if s is None:
                check = assert_rank(r, 0, data=["Rank must be a scalar. Received rank: ", r])
                condition = with_dependencies([check], condition)
        return Assert(condition, data, summarize=summarize)
