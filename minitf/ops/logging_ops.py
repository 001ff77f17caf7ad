"""Printing, numeric checks and assertions (mirrors logging_ops.py, check_ops.py and
control_flow_ops.Assert).

Values are printed as TF's C++ `Tensor::SummarizeValue` prints them: `[1 2 3...]` for `tf.Print`
and `tf.Assert`, numpy-like nested brackets with `...` for `tf.print`. Strings are host values
(numpy object arrays) whatever the backend, as CuPy has no string arrays.
"""
from __future__ import annotations

import logging
import os
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
           "assert_rank_in", "assert_type", "assert_greater", "assert_none_equal", "assert_near",
           "assert_negative", "assert_non_negative", "assert_non_positive", "assert_integer",
           "assert_scalar", "assert_proper_iterable", "assert_rank_at_least",
           "assert_same_float_dtype", "is_numeric_tensor", "is_non_decreasing",
           "is_strictly_increasing"]


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
        import pprint  # noqa: PLC0415 - loaded by the first tf.print that formats a structure
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
                     condition: str, joined: bool = False) -> tuple:
    """The converted operands of a binary assert and its data: TF 1.15's default message,
    `message or ''` then `condition` (a symbol such as `<`, or the whole sentence) and the
    operands. `joined`: TF 1.15's source lacks a comma there, so the sentence and `x (...) = `
    arrive as one string (assert_greater; 1.15's assert_less_equal and assert_greater_equal
    too, which minitf keeps apart as the golden records from TF 2.x have them)."""
    x = convert_to_tensor(x, name="x")
    y = convert_to_tensor(y, name="y")
    if data is None:
        if len(condition) <= 2:
            condition = f"Condition x {condition} y did not hold element-wise:"
        x_text = f"x ({x.name}) = "
        data = [message or ""] + ([condition + x_text] if joined else [condition, x_text]) + \
            [x, f"y ({y.name}) = ", y]
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


def _binary_assert(default_name: str, compare: str, x: Any, y: Any, data: list | None,
                   summarize: int | None, message: str | None, name: str | None,
                   condition: str, joined: bool = False) -> Operation:
    """An Assert that `compare` (a math op's name) holds for x and y everywhere, checked when
    run (TF 1.15 checks only assert_equal while building)."""
    from . import math as math_ops  # noqa: PLC0415 - math builds on this family's neighbours
    g = get_default_graph()
    with g.name_scope(name or default_name):
        x, y, data = _assert_operands(x, y, data, message, condition, joined)
        holds = math_ops.reduce_all(getattr(math_ops, compare)(x, y))
        return Assert(holds, data, summarize=summarize)


def assert_less(x: Any, y: Any, data: list | None = None, summarize: int | None = None,
                message: str | None = None, name: str | None = None) -> Operation:
    """`tf.assert_less`: an Assert that x < y everywhere (checked when run)."""
    return _binary_assert("assert_less", "less", x, y, data, summarize, message, name, "<")


def assert_less_equal(x: Any, y: Any, data: list | None = None, summarize: int | None = None,
                      message: str | None = None, name: str | None = None) -> Operation:
    """`tf.assert_less_equal`: an Assert that x <= y everywhere (checked when run)."""
    return _binary_assert("assert_less_equal", "less_equal", x, y, data, summarize, message,
                          name, "<=")


def assert_greater(x: Any, y: Any, data: list | None = None, summarize: int | None = None,
                   message: str | None = None, name: str | None = None) -> Operation:
    """`tf.assert_greater`: an Assert that x > y everywhere (checked when run)."""
    return _binary_assert("assert_greater", "greater", x, y, data, summarize, message, name,
                          ">", joined=True)


def assert_greater_equal(x: Any, y: Any, data: list | None = None, summarize: int | None = None,
                         message: str | None = None, name: str | None = None) -> Operation:
    """`tf.assert_greater_equal`: an Assert that x >= y everywhere (checked when run)."""
    return _binary_assert("assert_greater_equal", "greater_equal", x, y, data, summarize,
                          message, name, ">=")


def assert_none_equal(x: Any, y: Any, data: list | None = None, summarize: int | None = None,
                      message: str | None = None, name: str | None = None) -> Operation:
    """`tf.assert_none_equal`: an Assert that x != y everywhere (checked when run)."""
    return _binary_assert("assert_none_equal", "not_equal", x, y, data, summarize, message,
                          name, "Condition x != y did not hold for every single element:")


def assert_near(x: Any, y: Any, rtol: Any = None, atol: Any = None, data: list | None = None,
                summarize: int | None = None, message: str | None = None,
                name: str | None = None) -> Operation:
    """`tf.assert_near`: an Assert that |x - y| < atol + rtol * |y| everywhere, the
    tolerances defaulting to 10 * eps of x's type (checked when run)."""
    from .math import abs as abs_, less, reduce_all  # noqa: PLC0415
    message = message or ""
    g = get_default_graph()
    with g.name_scope(name or "assert_near"):
        x = convert_to_tensor(x, name="x")
        y = convert_to_tensor(y, name="y", dtype=x.dtype)
        eps = np.finfo(x.dtype.as_numpy_dtype).eps
        rtol = convert_to_tensor(10 * eps if rtol is None else rtol, name="rtol", dtype=x.dtype)
        atol = convert_to_tensor(10 * eps if atol is None else atol, name="atol", dtype=x.dtype)
        if data is None:
            data = [message, f"x and y not equal to tolerance rtol = {rtol}, atol = {atol}",
                    f"x ({x.name}) = ", x, f"y ({y.name}) = ", y]
        tol = atol + rtol * abs_(y)
        diff = abs_(x - y)
        return Assert(reduce_all(less(diff, tol)), data, summarize=summarize)


def _unary_assert(default_name: str, check: Any, x: Any, data: list | None,
                  summarize: int | None, message: str | None, name: str | None,
                  condition: str, zero_first: bool) -> Operation:
    """An assert of x against 0 (`check` is assert_less or assert_less_equal, with 0 as its
    first or second operand), with TF 1.15's default data."""
    g = get_default_graph()
    with g.name_scope(name or default_name):
        x = convert_to_tensor(x, name="x")
        if data is None:
            data = [message or ""] + condition.format(x=f"x ({x.name}) = ").split("|") + [x]
        zero = convert_to_tensor(0, dtype=x.dtype.base_dtype)
        operands = (zero, x) if zero_first else (x, zero)
        return check(*operands, data=data, summarize=summarize)


def assert_positive(x: Any, data: list | None = None, summarize: int | None = None,
                    message: str | None = None, name: str | None = None) -> Operation:
    """`tf.assert_positive`: an Assert that x > 0 everywhere (an assert_less(0, x))."""
    return _unary_assert("assert_positive", assert_less, x, data, summarize, message, name,
                         "Condition x > 0 did not hold element-wise:|{x}", True)


def assert_negative(x: Any, data: list | None = None, summarize: int | None = None,
                    message: str | None = None, name: str | None = None) -> Operation:
    """`tf.assert_negative`: an Assert that x < 0 everywhere (an assert_less(x, 0))."""
    return _unary_assert("assert_negative", assert_less, x, data, summarize, message, name,
                         "Condition x < 0 did not hold element-wise:|{x}", False)


def assert_non_negative(x: Any, data: list | None = None, summarize: int | None = None,
                        message: str | None = None, name: str | None = None) -> Operation:
    """`tf.assert_non_negative`: an Assert that x >= 0 everywhere (an
    assert_less_equal(0, x))."""
    return _unary_assert("assert_non_negative", assert_less_equal, x, data, summarize, message,
                         name, "Condition x >= 0 did not hold element-wise:|{x}", True)


def assert_non_positive(x: Any, data: list | None = None, summarize: int | None = None,
                        message: str | None = None, name: str | None = None) -> Operation:
    """`tf.assert_non_positive`: an Assert that x <= 0 everywhere (an
    assert_less_equal(x, 0)); TF 1.15 runs its sentence and `x (...) = ` together."""
    return _unary_assert("assert_non_positive", assert_less_equal, x, data, summarize, message,
                         name, "Condition x <= 0 did not hold element-wise:{x}", False)


def assert_integer(x: Any, message: str | None = None, name: str | None = None) -> Operation:
    """`tf.assert_integer`: a static check that x has an integer type (TypeError), else a
    NoOp."""
    g = get_default_graph()
    with g.name_scope(name or "assert_integer"):
        x = convert_to_tensor(x, name="x")
        if not x.dtype.is_integer:
            raise TypeError(f'{message or ""}  Expected "x" to be integer type.  Found: '
                            f"{x.name} of dtype {x.dtype}")
        return no_op("statically_determined_was_integer")


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


def assert_scalar(tensor: Any, name: str | None = None, message: str | None = None) -> Tensor:
    """`tf.assert_scalar`: `tensor` (converted, named after the scope) when its static shape
    is a scalar's, else ValueError (an unknown shape fails too)."""
    g = get_default_graph()
    with g.name_scope(name or "assert_scalar") as scope:
        tensor = convert_to_tensor(tensor, name=scope)
        if tensor.shape.ndims != 0:
            raise ValueError(f"{message or ''}Expected scalar shape for {tensor.name}, saw "
                             f"shape: {tensor.shape}.")
        return tensor


def assert_proper_iterable(values: Any) -> None:
    """`tf.assert_proper_iterable`: TypeError unless `values` is an iterable other than a
    tensor, an array or a string."""
    if isinstance(values, (Tensor, np.ndarray, bytes, str)) or \
            type(values).__name__ == "SparseTensor":
        raise TypeError(f'Expected argument "values" to be a "proper" iterable.  Found: '
                        f"{type(values)}")
    if not hasattr(values, "__iter__"):
        raise TypeError(f'Expected argument "values" to be iterable.  Found: {type(values)}')


def _assert_rank(default_name: str, relation: str, compare: Any, x: Any, rank: Any,
                 data: list | None, summarize: int | None, message: str | None,
                 name: str | None) -> Operation:
    """assert_rank and assert_rank_at_least: a NoOp when x's static rank is known and
    `compare(rank(x), rank)` holds, a ValueError when it is known and fails, else an Assert
    (`relation` is `rank` or `rank at least`)."""
    from .array import shape  # noqa: PLC0415
    from . import math as math_ops  # noqa: PLC0415
    g = get_default_graph()
    with g.name_scope(name or default_name):
        x = convert_to_tensor(x, name="x")
        rank = convert_to_tensor(rank, name="rank")
        message = message or ""
        if data is None:
            data = [message, f"Tensor {x.name} must have {relation}", rank, "Received shape: ",
                    shape(x)]
        assert_type(rank, _dtypes.int32)
        rank_static = constant_value(rank)
        if rank_static is not None:
            if rank_static.ndim != 0:
                raise ValueError("Rank must be a scalar.")
            x_rank = x.shape.ndims
            if x_rank is not None:
                if not compare(x_rank, int(rank_static)):
                    raise ValueError(f"{message}.  Tensor {x.name} must have {relation} "
                                     f"{int(rank_static)}.  Received rank {x_rank}, shape "
                                     f"{x.shape}")
                return no_op(name="static_checks_determined_all_ok")
        from .array import rank as rank_of  # noqa: PLC0415
        dynamic = math_ops.equal if relation == "rank" else math_ops.greater_equal
        condition = dynamic(rank_of(x), rank)
        if rank_static is None:
            rank_check = assert_rank(rank, 0, data=["Rank must be a scalar. Received rank: ",
                                                    rank])
            condition = with_dependencies([rank_check], condition)
        return Assert(condition, data, summarize=summarize)


def assert_rank(x: Any, rank: Any, data: list | None = None, summarize: int | None = None,
                message: str | None = None, name: str | None = None) -> Operation:
    """`tf.assert_rank`: a NoOp when x's static rank is known and right, a ValueError when it
    is known and wrong, else an Assert checked when run."""
    return _assert_rank("assert_rank", "rank", int.__eq__, x, rank, data, summarize, message,
                        name)


def assert_rank_at_least(x: Any, rank: Any, data: list | None = None,
                         summarize: int | None = None, message: str | None = None,
                         name: str | None = None) -> Operation:
    """`tf.assert_rank_at_least`: as assert_rank, for a rank of at least `rank`."""
    return _assert_rank("assert_rank_at_least", "rank at least", int.__ge__, x, rank, data,
                        summarize, message, name)


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


def assert_same_float_dtype(tensors: Any = None, dtype: Any = None) -> _dtypes.DType:
    """`tf.assert_same_float_dtype`: the one floating type of `tensors` (None entries
    skipped) and `dtype`, float32 when neither gives one; ValueError on a mismatch or a
    non-float type."""
    if tensors:
        expected = dtype
        first = None
        for item in tensors:
            if item is None:
                continue
            item_type = item.dtype.base_dtype
            if not expected:
                expected, first = item_type, getattr(item, "name", str(item))
            elif expected != item_type:
                as_first = f" as {first}" if first else ""
                raise ValueError(f"{getattr(item, 'name', str(item))}, type={item_type}, must "
                                 f"be of the same type ({expected}){as_first}.")
        dtype = expected
    if not dtype:
        return _dtypes.float32
    if not dtype.is_floating:
        raise ValueError(f"Expected floating point type, got {dtype}.")
    return dtype


# TF 1.15's NUMERIC_TYPES (its quantized types, which minitf lacks, aside)
_NUMERIC_TYPES = frozenset(_dtypes.as_dtype(t) for t in (
    "float32", "float64", "int8", "int16", "int32", "int64", "uint8", "complex64"))


def is_numeric_tensor(tensor: Any) -> bool:
    """`tf.is_numeric_tensor`: whether `tensor` is a Tensor of one of TF 1.15's numeric
    types."""
    return isinstance(tensor, Tensor) and tensor.dtype in _NUMERIC_TYPES


def _monotonic(default_name: str, compare: str, x: Any, name: str | None) -> Tensor:
    """reduce_all(0 <compare> x[1:] - x[:-1]) over x flattened; the differences come from a
    cond that gives [] for fewer than two elements, as TF 1.15 builds them."""
    from . import array as array_ops  # noqa: PLC0415
    from . import math as math_ops  # noqa: PLC0415
    g = get_default_graph()
    with g.name_scope(name or default_name):
        x = array_ops.reshape(convert_to_tensor(x), [-1])
        if not is_numeric_tensor(x):
            raise TypeError(f"Expected x to be numeric, instead found: {x}")
        is_shorter_than_two = math_ops.less(array_ops.size(x), 2)
        s_len = array_ops.shape(x) - 1
        diff = cond(is_shorter_than_two, lambda: convert_to_tensor([], dtype=x.dtype),
                    lambda: array_ops.strided_slice(x, [1], [1] + s_len)
                    - array_ops.strided_slice(x, [0], s_len))
        zero = convert_to_tensor(0, dtype=diff.dtype)
        return math_ops.reduce_all(getattr(math_ops, compare)(zero, diff))


def is_non_decreasing(x: Any, name: str | None = None) -> Tensor:
    """`tf.is_non_decreasing`: whether x[i] <= x[i+1] for all adjacent elements of x read in
    row-major order."""
    return _monotonic("is_non_decreasing", "less_equal", x, name)


def is_strictly_increasing(x: Any, name: str | None = None) -> Tensor:
    """`tf.is_strictly_increasing`: whether x[i] < x[i+1] for all adjacent elements."""
    return _monotonic("is_strictly_increasing", "less", x, name)
