"""String ops (mirrors string_ops.py and parsing_ops.string_to_number of TF 1.15):
`tf.string_split`, `tf.strings.split`, `tf.string_to_number`, `tf.as_string`,
`tf.string_join`, `tf.reduce_join`, `tf.substr`, `tf.string_to_hash_bucket_fast` and
`_strong`, `tf.regex_replace`, `tf.strings.regex_full_match`, `tf.strings.length`,
`tf.string_strip`, `tf.strings.lower` and `upper`.

Strings are host values (numpy object arrays of bytes) whatever the backend, as CuPy has no
string arrays; number and bool outputs live on the backend. TF's shape inference never
evaluates these ops, so none is constant-folded while building.
"""
from __future__ import annotations

import re
from typing import Any

import numpy as np

from ..framework import dtypes as _dtypes
from ..framework import errors, registry
from ..framework.convert import constant, convert_to_tensor
from ..framework.graph import Tensor, get_default_graph
from ..framework.sparse_tensor import SparseTensor
from ..framework.tensor_shape import TensorShape, dims_str
from .common_shapes import broadcast_shapes, check_dtype_allowed, deprecated_argument, shape_str
from .fingerprint import fingerprint64, siphash24

__all__ = ["string_split", "string_to_number", "as_string", "string_join", "reduce_join",
           "substr", "string_to_hash_bucket_fast", "string_to_hash_bucket_strong",
           "regex_replace", "string_strip"]


# --------------------------------------------------------------------------------------------
# StringSplit

def _string_split_infer(op):
    source, delimiter = op.inputs
    if source.shape.ndims is not None and source.shape.ndims != 1:
        raise ValueError(f"Shape must be rank 1 but is rank {source.shape.ndims}")
    if delimiter.shape.ndims is not None and delimiter.shape.ndims != 0:
        raise ValueError(f"Shape must be rank 0 but is rank {delimiter.shape.ndims}")
    return [(_dtypes.int64, TensorShape([None, 2])), (_dtypes.string, TensorShape([None])),
            (_dtypes.int64, TensorShape([2]))]


def _tokens(text: bytes, delimiter: bytes, skip_empty: bool) -> list:
    """`text` split at every byte of `delimiter` (an empty delimiter: into single bytes)."""
    if not delimiter:
        parts = [text[i:i + 1] for i in range(len(text))]
    else:
        parts = re.split(b"[" + re.escape(delimiter) + b"]", text)
    return [p for p in parts if p] if skip_empty else parts


def _check_vector_and_scalar(source: Any, sep: Any, what: str) -> None:
    if source.ndim != 1:
        raise errors.InvalidArgumentError(
            None, None, f"input must be a vector, got shape: {shape_str(source.shape)}")
    if sep.ndim != 0:
        raise errors.InvalidArgumentError(
            None, None, f"{what} must be a scalar, got shape: {shape_str(sep.shape)}")


def _sparse_rows(rows: list, xp: Any) -> tuple:
    """Token lists, one per input string, as the (indices, values, dense_shape) of a
    SparseTensor `[len(rows), longest row]`."""
    indices = [[b, i] for b, row in enumerate(rows) for i in range(len(row))]
    values = np.empty(len(indices), dtype=object)
    values[:] = [tok for row in rows for tok in row]
    width = max((len(row) for row in rows), default=0)
    return (xp.asarray(indices, dtype="int64").reshape(-1, 2), values,
            xp.asarray([len(rows), width], dtype="int64"))


def _string_split_kernel(ctx: registry.KernelContext):
    xp, skip_empty = ctx.xp, ctx.attrs.get("skip_empty", True)

    def string_split(source, delimiter):
        _check_vector_and_scalar(source, delimiter, "delimiter")
        sep = delimiter[()]
        return _sparse_rows([_tokens(text, sep, skip_empty) for text in source.tolist()], xp)
    return string_split


registry.register("StringSplit", infer=_string_split_infer, kernel=_string_split_kernel,
                  grad=registry.NOT_DIFFERENTIABLE, foldable=False)


def string_split(source: Any, sep: Any = None, skip_empty: bool = True, delimiter: Any = None,
                 name: str | None = None) -> SparseTensor:
    """`tf.string_split`: each string of the vector `source` cut at every character of `sep`
    (or its older name `delimiter`; a space by default), as a SparseTensor
    `[len(source), most tokens]` of bytes; `skip_empty` drops empty tokens."""
    if sep is None:
        sep = " " if delimiter is None else delimiter
    g = get_default_graph()
    with g.name_scope(name or "StringSplit"):
        sep = convert_to_tensor(sep, dtype=_dtypes.string)
        source = convert_to_tensor(source, dtype=_dtypes.string)
        indices, values, shape = g.create_op("StringSplit", [source, sep],
                                             {"skip_empty": bool(skip_empty)},
                                             name="StringSplit").outputs
        return SparseTensor(indices, values, shape)


# --------------------------------------------------------------------------------------------
# Helpers shared by the kernels below

def _host(value: Any) -> np.ndarray:
    """A kernel input as a host numpy array (CuPy arrays copied back; strings already are)."""
    get = getattr(value, "get", None)
    if get is not None and not isinstance(value, np.ndarray):
        value = get()
    return np.asarray(value)


def _strings(items: Any, shape: tuple) -> np.ndarray:
    """A host object array of `shape` holding `items` (bytes), in row-major order."""
    out = np.empty(len(items), dtype=object)
    out[:] = items
    return out.reshape(shape)


def _map_strings(fn: Any, x: np.ndarray) -> np.ndarray:
    """`fn` applied to each bytes element of the string array `x`; bytes results."""
    return _strings([fn(s) for s in x.ravel().tolist()], x.shape)


def _string_input(op_type: str, param: str, value: Any) -> Tensor:
    from .math import _convert_fixed  # noqa: PLC0415 - math is loaded with minitf
    return _convert_fixed(op_type, param, value, _dtypes.string)


def _string_op(op_type: str, inputs: list, attrs: dict, name: str | None,
               params: tuple = ("input",)) -> Tensor:
    """A generated-wrapper style op: scope `name` (default the op type) holds the constants of
    its string inputs (`StringLength/input`), and the op takes the scope's name."""
    g = get_default_graph()
    with g.name_scope(name or op_type) as scope:
        tensors = [_string_input(op_type, p, v) for p, v in zip(params, inputs)]
        return g.create_op(op_type, tensors, attrs, name=scope).outputs[0]


def _same_shape_as_input(op):
    return [(_dtypes.string, op.inputs[0].shape)]


def _elementwise(op_type: str, kernel: Any, infer: Any = _same_shape_as_input) -> None:
    registry.register(op_type, infer=infer, kernel=kernel, grad=registry.NOT_DIFFERENTIABLE,
                      foldable=False)


def _choice(op_type: str, attr: str, value: str, allowed: tuple) -> str:
    if value not in allowed:
        listed = ", ".join(f'"{a}"' for a in allowed)
        raise ValueError(f"Attr '{attr}' of '{op_type}' Op passed string '{value}' not in: "
                         f"{listed}.")
    return value


# --------------------------------------------------------------------------------------------
# StringToNumber

_FLOAT = re.compile(rb"[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf(?:inity)?|"
                    rb"nan(?:\([0-9A-Za-z_]*\))?)", re.IGNORECASE)
_HEX_FLOAT = re.compile(rb"[+-]?0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)"
                        rb"(?:[pP][+-]?\d+)?")
_INT = re.compile(rb"[+-]?\d+")


def _parse_number(text: bytes, floating: bool, lo: int, hi: int) -> Any:
    """`text` as TF's safe_strto* read it (surrounding whitespace allowed; floats in decimal,
    hex, inf or nan; integers in decimal and in range), else None."""
    s = text.strip()
    if floating:
        if _FLOAT.fullmatch(s):
            word = s.lower().lstrip(b"+-")
            if word.startswith(b"nan"):
                return float("nan")
            return float(s.split(b"(")[0])
        if _HEX_FLOAT.fullmatch(s):
            sign = -1.0 if s.startswith(b"-") else 1.0
            return sign * float.fromhex(s.lstrip(b"+-").decode())
        return None
    if _INT.fullmatch(s):
        value = int(s)
        return value if lo <= value <= hi else None
    return None


def _string_to_number_infer(op):
    return [(op.get_attr("out_type"), op.inputs[0].shape)]


def _string_to_number_kernel(ctx: registry.KernelContext):
    xp, out_type = ctx.xp, ctx.attrs["out_type"]
    np_type = _dtypes.np_dtype(out_type)
    floating = out_type.is_floating
    lo, hi = (0, 0) if floating else (int(np.iinfo(np_type).min), int(np.iinfo(np_type).max))

    def string_to_number(x):
        values = []
        for s in x.ravel().tolist():
            v = _parse_number(s, floating, lo, hi)
            if v is None:
                raise errors.InvalidArgumentError(
                    None, None, f"StringToNumberOp could not correctly convert string: "
                                f"{s.decode('utf-8', 'replace')}")
            values.append(v)
        with np.errstate(over="ignore"):
            return xp.asarray(np.array(values, dtype=np_type).reshape(x.shape))
    return string_to_number


registry.register("StringToNumber", infer=_string_to_number_infer,
                  kernel=_string_to_number_kernel, grad=registry.NOT_DIFFERENTIABLE,
                  foldable=False)


def string_to_number(string_tensor: Any = None, out_type: Any = _dtypes.float32,
                     name: str | None = None, input: Any = None) -> Tensor:  # noqa: A002
    """`tf.string_to_number` / `tf.strings.to_number` (op StringToNumber): each string read as
    a number of `out_type` (float32, float64, int32 or int64)."""
    string_tensor = deprecated_argument("input", input, "string_tensor", string_tensor)
    out_type = _dtypes.as_dtype(out_type)
    check_dtype_allowed(out_type, "out_type", ("float32", "float64", "int32", "int64"))
    return _string_op("StringToNumber", [string_tensor], {"out_type": out_type}, name,
                      ("string_tensor",))


# --------------------------------------------------------------------------------------------
# AsString

_AS_STRING_TYPES = ("int8", "int16", "int32", "int64", "complex64", "complex128", "float32",
                    "float64", "bool")


def _as_string_format(dtype: _dtypes.DType, attrs: dict) -> str:
    """The printf format TF's AsString builds from its attrs (errors as its kernel's)."""
    precision, scientific, shortest = attrs["precision"], attrs["scientific"], attrs["shortest"]
    width, fill = attrs["width"], attrs["fill"]
    floating = dtype.is_floating or dtype.is_complex
    if scientific and shortest:
        raise errors.InvalidArgumentError(
            None, None, "Cannot select both scientific and shortest notation")
    if len(fill) > 1:
        raise errors.InvalidArgumentError(
            None, None, "Fill string must be one or fewer characters")
    if fill and fill not in " +-0#":
        raise errors.InvalidArgumentError(None, None, f'Fill argument not supported: "{fill}"')
    if not floating and dtype != _dtypes.bool:
        if scientific or shortest:
            raise errors.InvalidArgumentError(
                None, None, f"scientific and shortest format not supported for datatype "
                            f"{dtype.name}")
        if precision > -1:
            raise errors.InvalidArgumentError(
                None, None, f"precision not supported for datatype {dtype.name}")
    spec = "%" + fill + (str(width) if width > -1 else "")
    spec += f".{precision}" if precision > -1 else ""
    return spec + ("g" if shortest else "e" if scientific else "f" if floating else "d")


def _as_string_kernel(ctx: registry.KernelContext):
    dtype = ctx.attrs["T"]
    spec = _as_string_format(dtype, ctx.attrs)
    if dtype == _dtypes.bool:
        def text(v):
            return b"true" if v else b"false"
    elif dtype.is_complex:
        def text(v):
            return ("(" + spec % v.real + "," + spec % v.imag + ")").encode()
    else:
        def text(v):
            return (spec % v).encode()

    def as_string(x):
        x = _host(x)
        return _strings([text(v) for v in x.ravel().tolist()], x.shape)
    return as_string


registry.register("AsString", infer=_same_shape_as_input, kernel=_as_string_kernel,
                  grad=registry.NOT_DIFFERENTIABLE, foldable=False)


def as_string(input: Any, precision: int = -1, scientific: bool = False,  # noqa: A002
              shortest: bool = False, width: int = -1, fill: str = "",
              name: str | None = None) -> Tensor:
    """`tf.as_string` (op AsString): numbers and bools as strings, printf style (`%f` for
    floats unless `scientific` or `shortest`; `width` padded with `fill`)."""
    g = get_default_graph()
    with g.name_scope(name or "AsString") as scope:
        x = convert_to_tensor(input, name="input")
        check_dtype_allowed(x.dtype, "input", _AS_STRING_TYPES)
        attrs = {"T": x.dtype.base_dtype, "precision": int(precision),
                 "scientific": bool(scientific), "shortest": bool(shortest),
                 "width": int(width), "fill": str(fill)}
        return g.create_op("AsString", [x], attrs, name=scope).outputs[0]


# --------------------------------------------------------------------------------------------
# StringJoin

def _string_join_infer(op):
    ranks = [t.shape.ndims for t in op.inputs]
    if all(r == 0 for r in ranks):
        return [(_dtypes.string, TensorShape([]))]
    out = None
    for t in op.inputs:
        if t.shape.ndims not in (None, 0):
            out = _merge_shapes(out, t.shape)
    return [(_dtypes.string, out if out is not None else TensorShape(None))]


def _merge_shapes(a: TensorShape | None, b: TensorShape) -> TensorShape:
    """Two shapes that must agree, with TF's shape-inference message when they do not."""
    if a is None:
        return b
    if a.ndims != b.ndims:
        raise ValueError(f"Shapes must be equal rank, but are {a.ndims} and {b.ndims}")
    dims = []
    for i, (x, y) in enumerate(zip(a.as_list(), b.as_list())):
        if x is not None and y is not None and x != y:
            raise ValueError(f"Dimension {i} in both shapes must be equal, but are {x} and {y}. "
                             f"Shapes are {dims_str(a)} and {dims_str(b)}.")
        dims.append(x if x is not None else y)
    return TensorShape(dims)


def _string_join_kernel(ctx: registry.KernelContext):
    sep = ctx.attrs["separator"]
    sep = sep.encode() if isinstance(sep, str) else sep

    def string_join(*inputs):
        shape = None
        for x in inputs:
            if x.ndim:
                if shape is None:
                    shape = x.shape
                elif x.shape != shape:
                    raise errors.InvalidArgumentError(
                        None, None, f"Input shapes do not match: {shape_str(shape)} vs. "
                                    f"{shape_str(x.shape)}")
        shape = shape if shape is not None else ()
        columns = [np.broadcast_to(x, shape).ravel().tolist() for x in inputs]
        return _strings([sep.join(parts) for parts in zip(*columns)], shape)
    return string_join


registry.register("StringJoin", infer=_string_join_infer, kernel=_string_join_kernel,
                  grad=registry.NOT_DIFFERENTIABLE, foldable=False)


def string_join(inputs: list, separator: str = "", name: str | None = None) -> Tensor:
    """`tf.string_join` / `tf.strings.join` (op StringJoin): the strings of `inputs` joined
    elementwise with `separator`; scalars are repeated to the others' common shape."""
    g = get_default_graph()
    with g.name_scope(name or "StringJoin") as scope:
        tensors = [convert_to_tensor(v, name=f"inputs_{i}") for i, v in enumerate(inputs)]
        types = [t.dtype.base_dtype for t in tensors]
        if any(t != _dtypes.string for t in types):
            raise TypeError(f"Tensors in list passed to 'inputs' of 'StringJoin' Op have types "
                            f"[{', '.join(t.name for t in types)}] that do not match expected "
                            f"type string.")
        return g.create_op("StringJoin", tensors, {"N": len(tensors), "separator": separator},
                           name=scope).outputs[0]


# --------------------------------------------------------------------------------------------
# ReduceJoin

def _reduce_join_infer(op):
    from .math import _reduction_infer  # noqa: PLC0415 - the shape rule of Sum and the like
    return _reduction_infer(op)


def _reduce_join_kernel(ctx: registry.KernelContext):
    keep = ctx.attrs["keep_dims"]
    sep = ctx.attrs["separator"]
    sep = sep.encode() if isinstance(sep, str) else sep

    def reduce_join(x, indices):
        n = x.ndim
        axes = []
        for a in _host(indices).reshape(-1).tolist():
            if not -n <= a < n:
                raise errors.OutOfRangeError(
                    None, None, f"Invalid reduction dimension {a} for input with {n} "
                                f"dimension(s)")
            if a % n in axes:
                raise errors.InvalidArgumentError(
                    None, None, f"Duplicate reduction dimension {a % n}")
            axes.append(a % n)
        kept = [i for i in range(n) if i not in axes]
        # the first listed axis varies fastest in each joined string, as TF's kernel joins
        moved = np.transpose(x, kept + axes[::-1])
        out_shape = tuple(x.shape[i] for i in kept)
        outer = int(np.prod(out_shape, dtype=np.int64))
        inner = int(np.prod([x.shape[a] for a in axes], dtype=np.int64))
        rows = moved.reshape(outer, inner).tolist()
        joined = _strings([sep.join(r) for r in rows], out_shape)
        if keep:
            joined = joined.reshape(tuple(1 if i in axes else d for i, d in enumerate(x.shape)))
        return joined
    return reduce_join


registry.register("ReduceJoin", infer=_reduce_join_infer, kernel=_reduce_join_kernel,
                  grad=registry.NOT_DIFFERENTIABLE, foldable=False)


def _reduce_join_dims(x: Tensor, axis: Any) -> Any:
    """All axes, last first, when `axis` is None (a constant when the rank is known)."""
    if axis is not None:
        return axis
    if x.shape.ndims is not None:
        return constant(np.arange(x.shape.ndims - 1, -1, -1), dtype=_dtypes.int32)
    from .array import range as range_, rank  # noqa: PLC0415 - loaded with minitf
    return range_(rank(x) - 1, -1, -1)


def reduce_join(inputs: Any, axis: Any = None, keep_dims: bool | None = None,
                separator: str = "", name: str | None = None, reduction_indices: Any = None,
                keepdims: bool | None = None) -> Tensor:
    """`tf.reduce_join` / `tf.strings.reduce_join` (op ReduceJoin): the strings along `axis`
    (all axes by default) joined with `separator`."""
    keepdims = deprecated_argument("keepdims", keepdims, "keep_dims", keep_dims)
    axis = deprecated_argument("axis", axis, "reduction_indices", reduction_indices)
    g = get_default_graph()
    with g.name_scope("ReduceJoin"):
        x = convert_to_tensor(inputs)
        axis = _reduce_join_dims(x, axis)
        with g.name_scope(name or "ReduceJoin") as scope:
            x = _string_input("ReduceJoin", "inputs", x)
            indices = convert_to_tensor(axis, dtype=_dtypes.int32, name="reduction_indices")
            return g.create_op("ReduceJoin", [x, indices],
                               {"keep_dims": bool(keepdims), "separator": separator},
                               name=scope).outputs[0]


# --------------------------------------------------------------------------------------------
# Substr

def _substr_infer(op):
    x, pos, length = op.inputs
    ps, ls = pos.shape, length.shape
    if ps.ndims is not None and ls.ndims is not None:
        if ps.ndims != ls.ndims:
            raise ValueError(f"Shape must be rank {ls.ndims} but is rank {ps.ndims}")
        if ps.as_list() != ls.as_list():
            raise ValueError(f"pos and len shapes must match: {dims_str(ps)} vs. "
                             f"{dims_str(ls)}")
    return [(_dtypes.string, broadcast_shapes(x.shape, ps))]


def _utf8_starts(s: bytes) -> list:
    """The byte offset of each UTF-8 character of `s`, then len(s)."""
    return [i for i, b in enumerate(s) if b & 0xC0 != 0x80] + [len(s)]


def _substr_kernel(ctx: registry.KernelContext):
    chars = ctx.attrs["unit"] == "UTF8_CHAR"

    def cut(s: bytes, p: int, n: int, i: int) -> bytes:
        starts = _utf8_starts(s) if chars else None
        size = len(starts) - 1 if chars else len(s)
        if not -size <= p <= size:
            shown = "" if chars else f" b'{s.decode('utf-8', 'replace')}'"
            raise errors.InvalidArgumentError(
                None, None, f"pos {p} out of range for string{shown} at index {i}")
        p = p + size if p < 0 else p
        end = size if n < 0 else min(p + n, size)
        return s[starts[p]:starts[end]] if chars else s[p:end]

    def substr(x, pos, length):
        pos, length = _host(pos), _host(length)
        x, pos, length = np.broadcast_arrays(x, pos, length)
        items = zip(x.ravel().tolist(), pos.ravel().tolist(), length.ravel().tolist())
        return _strings([cut(s, p, n, i) for i, (s, p, n) in enumerate(items)], x.shape)
    return substr


registry.register("Substr", infer=_substr_infer, kernel=_substr_kernel,
                  grad=registry.NOT_DIFFERENTIABLE, foldable=False)


def substr(input: Any, pos: Any, len: Any, name: str | None = None,  # noqa: A002
           unit: str = "BYTE") -> Tensor:
    """`tf.substr` / `tf.strings.substr` (op Substr): `len` bytes (or UTF-8 characters) of
    each string from `pos` (negative: from the end); `pos` and `len` broadcast against
    `input`."""
    from .array import _same_type  # noqa: PLC0415 - array ops are loaded with minitf
    unit = _choice("Substr", "unit", unit, ("BYTE", "UTF8_CHAR"))
    g = get_default_graph()
    with g.name_scope(name or "Substr") as scope:
        x = _string_input("Substr", "input", input)
        pos_t, len_t = _same_type("Substr", [("pos", pos), ("len", len)], ("int32", "int64"))
        return g.create_op("Substr", [x, pos_t, len_t],
                           {"T": pos_t.dtype.base_dtype, "unit": unit}, name=scope).outputs[0]


# --------------------------------------------------------------------------------------------
# StringToHashBucketFast, StringToHashBucketStrong

def _hash_bucket_infer(op):
    return [(_dtypes.int64, op.inputs[0].shape)]


def _hash_bucket_kernel(hash_fn: Any) -> Any:
    def factory(ctx: registry.KernelContext):
        xp, buckets = ctx.xp, ctx.attrs["num_buckets"]
        fn = hash_fn(ctx.attrs)

        def string_to_hash_bucket(x):
            values = [fn(s) % buckets for s in x.ravel().tolist()]
            return xp.asarray(np.array(values, dtype=np.int64).reshape(x.shape))
        return string_to_hash_bucket
    return factory


def _strong_hash(attrs: dict) -> Any:
    key = list(attrs["key"])
    if len(key) != 2:
        raise errors.InvalidArgumentError(None, None, "Key must have 2 elements")
    return lambda s: siphash24((key[0], key[1]), s)


for _type, _hash in (("StringToHashBucketFast", lambda attrs: fingerprint64),
                     ("StringToHashBucketStrong", _strong_hash)):
    registry.register(_type, infer=_hash_bucket_infer, kernel=_hash_bucket_kernel(_hash),
                      grad=registry.NOT_DIFFERENTIABLE, foldable=False)


def _num_buckets(op_type: str, num_buckets: int) -> int:
    if num_buckets < 1:
        raise ValueError(f"Attr 'num_buckets' of '{op_type}' Op passed {num_buckets} less than "
                         f"minimum 1.")
    return int(num_buckets)


def string_to_hash_bucket_fast(input: Any, num_buckets: int,  # noqa: A002
                               name: str | None = None) -> Tensor:
    """`tf.string_to_hash_bucket_fast` (op StringToHashBucketFast): each string's FarmHash
    Fingerprint64 modulo `num_buckets`, as int64 (TF's values exactly)."""
    buckets = _num_buckets("StringToHashBucketFast", num_buckets)
    return _string_op("StringToHashBucketFast", [input], {"num_buckets": buckets}, name)


def string_to_hash_bucket_strong(input: Any, num_buckets: int, key: Any,  # noqa: A002
                                 name: str | None = None) -> Tensor:
    """`tf.string_to_hash_bucket_strong` (op StringToHashBucketStrong): each string's
    SipHash-2-4 under the two-word `key`, modulo `num_buckets`, as int64."""
    buckets = _num_buckets("StringToHashBucketStrong", num_buckets)
    return _string_op("StringToHashBucketStrong", [input],
                      {"num_buckets": buckets, "key": [int(k) for k in key]}, name)


# --------------------------------------------------------------------------------------------
# Regular expressions: StaticRegexReplace, RegexReplace, StaticRegexFullMatch, RegexFullMatch
#
# TF uses RE2 on UTF-8 bytes; minitf runs Python's `re` on the decoded text with ASCII classes
# (`\w`, `\d`, `\s` as RE2's), so `.` matches one character as in RE2. RE2-only syntax (`\C`,
# `\pN` ...) is not translated.

def _compile(pattern: Any) -> re.Pattern:
    text = pattern.decode("utf-8", "surrogateescape") if isinstance(pattern, bytes) else pattern
    try:
        return re.compile(text, re.ASCII)
    except re.error as e:
        raise errors.InvalidArgumentError(
            None, None, f"Invalid pattern: {text}, error: {e}") from None


def _rewriter(rewrite: Any, groups: int) -> Any:
    """RE2's rewrite string as a function of a match (`\\0`-`\\9` groups, `\\\\` a backslash),
    or None when it names a group the pattern lacks (RE2 then replaces nothing)."""
    text = rewrite.decode("utf-8", "surrogateescape") if isinstance(rewrite, bytes) else rewrite
    parts: list = []
    i = 0
    while i < len(text):
        c = text[i]
        if c != "\\":
            parts.append(c)
        elif i + 1 < len(text) and text[i + 1].isdigit():
            if int(text[i + 1]) > groups:
                return None
            parts.append(int(text[i + 1]))
            i += 1
        elif i + 1 < len(text) and text[i + 1] == "\\":
            parts.append("\\")
            i += 1
        else:  # RE2 stops rewriting at an invalid escape
            break
        i += 1
    return lambda m: "".join(p if isinstance(p, str) else (m.group(p) or "") for p in parts)


def _decode(s: bytes) -> str:
    return s.decode("utf-8", "surrogateescape")


def _encode(s: str) -> bytes:
    return s.encode("utf-8", "surrogateescape")


def _replacer(pattern: Any, rewrite: Any, replace_global: bool) -> Any:
    regex = _compile(pattern)
    repl = _rewriter(rewrite, regex.groups)
    if repl is None:
        return lambda s: s
    count = 0 if replace_global else 1
    return lambda s: _encode(regex.sub(repl, _decode(s), count=count))


def _static_regex_replace_kernel(ctx: registry.KernelContext):
    fn = _replacer(ctx.attrs["pattern"], ctx.attrs["rewrite"], ctx.attrs["replace_global"])
    return lambda x: _map_strings(fn, x)


def _scalar_string(value: np.ndarray, what: str) -> bytes:
    if value.ndim:
        raise errors.InvalidArgumentError(
            None, None, f"{what} must be scalar, but received {shape_str(value.shape)}")
    return value[()]


def _regex_replace_kernel(ctx: registry.KernelContext):
    replace_global = ctx.attrs["replace_global"]

    def regex_replace(x, pattern, rewrite):
        fn = _replacer(_scalar_string(pattern, "Pattern"), _scalar_string(rewrite, "Rewrite"),
                       replace_global)
        return _map_strings(fn, x)
    return regex_replace


def _full_match_infer(op):
    return [(_dtypes.bool, op.inputs[0].shape)]


def _matcher(pattern: Any) -> Any:
    regex = _compile(pattern)
    return lambda s: regex.fullmatch(_decode(s)) is not None


def _full_match(fn: Any, x: np.ndarray, xp: Any) -> Any:
    return xp.asarray(np.array([fn(s) for s in x.ravel().tolist()], dtype=bool)
                      .reshape(x.shape))


def _static_regex_full_match_kernel(ctx: registry.KernelContext):
    fn, xp = _matcher(ctx.attrs["pattern"]), ctx.xp
    return lambda x: _full_match(fn, x, xp)


def _regex_full_match_kernel(ctx: registry.KernelContext):
    xp = ctx.xp
    return lambda x, pattern: _full_match(_matcher(_scalar_string(pattern, "Pattern")), x, xp)


_elementwise("StaticRegexReplace", _static_regex_replace_kernel)
_elementwise("RegexReplace", _regex_replace_kernel)
_elementwise("StaticRegexFullMatch", _static_regex_full_match_kernel, _full_match_infer)
_elementwise("RegexFullMatch", _regex_full_match_kernel, _full_match_infer)


def _is_text(value: Any) -> bool:
    return isinstance(value, (str, bytes))


def regex_replace(input: Any, pattern: Any, rewrite: Any,  # noqa: A002
                  replace_global: bool = True, name: str | None = None) -> Tensor:
    """`tf.regex_replace` / `tf.strings.regex_replace`: matches of `pattern` replaced by
    `rewrite` (`\\1` names a group); op StaticRegexReplace when both are Python strings, else
    RegexReplace."""
    if _is_text(pattern) and _is_text(rewrite):
        return _string_op("StaticRegexReplace", [input],
                          {"pattern": pattern, "rewrite": rewrite,
                           "replace_global": bool(replace_global)}, name)
    return _string_op("RegexReplace", [input, pattern, rewrite],
                      {"replace_global": bool(replace_global)}, name,
                      ("input", "pattern", "rewrite"))


def regex_full_match(input: Any, pattern: Any, name: str | None = None) -> Tensor:  # noqa: A002
    """`tf.strings.regex_full_match`: whether each whole string matches `pattern` (op
    StaticRegexFullMatch for a Python string pattern, else RegexFullMatch)."""
    if _is_text(pattern):
        return _string_op("StaticRegexFullMatch", [input], {"pattern": pattern}, name)
    return _string_op("RegexFullMatch", [input, pattern], {}, name, ("input", "pattern"))


# --------------------------------------------------------------------------------------------
# StringLength, StringStrip, StringLower, StringUpper

def _string_length_infer(op):
    return [(_dtypes.int32, op.inputs[0].shape)]


def _string_length_kernel(ctx: registry.KernelContext):
    xp = ctx.xp
    if ctx.attrs["unit"] == "UTF8_CHAR":
        def size(s):
            return sum(1 for b in s if b & 0xC0 != 0x80)
    else:
        size = len

    def string_length(x):
        return xp.asarray(np.array([size(s) for s in x.ravel().tolist()], dtype=np.int32)
                          .reshape(x.shape))
    return string_length


def _case_kernel(method: str) -> Any:
    def factory(ctx: registry.KernelContext):
        if ctx.attrs["encoding"]:
            def fn(s):
                return getattr(s.decode("utf-8", "surrogateescape"), method)().encode(
                    "utf-8", "surrogateescape")
        else:  # ASCII only, as TF's default
            fn = getattr(bytes, method)
        return lambda x: _map_strings(fn, x)
    return factory


_elementwise("StringLength", _string_length_kernel, _string_length_infer)
_elementwise("StringStrip", lambda ctx: lambda x: _map_strings(bytes.strip, x))
_elementwise("StringLower", _case_kernel("lower"))
_elementwise("StringUpper", _case_kernel("upper"))


def string_length(input: Any, name: str | None = None, unit: str = "BYTE") -> Tensor:  # noqa: A002
    """`tf.strings.length` (op StringLength): each string's length in bytes or UTF-8
    characters, as int32."""
    unit = _choice("StringLength", "unit", unit, ("BYTE", "UTF8_CHAR"))
    return _string_op("StringLength", [input], {"unit": unit}, name)


def string_strip(input: Any, name: str | None = None) -> Tensor:  # noqa: A002
    """`tf.string_strip` / `tf.strings.strip` (op StringStrip): leading and trailing
    whitespace removed."""
    return _string_op("StringStrip", [input], {}, name)


def lower(input: Any, encoding: str = "", name: str | None = None) -> Tensor:  # noqa: A002
    """`tf.strings.lower` (op StringLower): ASCII letters lowered, or all letters when
    `encoding` is 'utf-8'."""
    return _string_op("StringLower", [input], {"encoding": encoding}, name)


def upper(input: Any, encoding: str = "", name: str | None = None) -> Tensor:  # noqa: A002
    """`tf.strings.upper` (op StringUpper): ASCII letters raised, or all letters when
    `encoding` is 'utf-8'."""
    return _string_op("StringUpper", [input], {"encoding": encoding}, name)


# --------------------------------------------------------------------------------------------
# StringSplitV2 (tf.strings.split)

def _string_split_v2_kernel(ctx: registry.KernelContext):
    xp, maxsplit = ctx.xp, ctx.attrs["maxsplit"]

    def string_split_v2(source, sep):
        _check_vector_and_scalar(source, sep, "sep")
        sep = sep[()] or None  # empty: runs of whitespace, as Python's split()
        rows = [text.split(sep, maxsplit) for text in source.tolist()]
        return _sparse_rows(rows, xp)
    return string_split_v2


registry.register("StringSplitV2", infer=_string_split_infer, kernel=_string_split_v2_kernel,
                  grad=registry.NOT_DIFFERENTIABLE, foldable=False)


def strings_split(input: Any = None, sep: Any = None, maxsplit: int = -1,  # noqa: A002
                  result_type: str = "SparseTensor", source: Any = None,
                  name: str | None = None) -> SparseTensor:
    """`tf.strings.split` (TF 1.15's v1 export; op StringSplitV2): each string of the vector
    `input` split at every `sep` (default: runs of whitespace), at most `maxsplit` times, as a
    SparseTensor. TF builds a RaggedTensor for other ranks or `result_type='RaggedTensor'`,
    which minitf does not have."""
    input = deprecated_argument("input", input, "source", source)  # noqa: A001
    g = get_default_graph()
    with g.name_scope(name or "StringSplit"):
        x = convert_to_tensor(input, dtype=_dtypes.string, name="input")
        if result_type not in ("SparseTensor", "RaggedTensor"):
            raise ValueError("result_type must be 'RaggedTensor' or 'SparseTensor'.")
        if result_type != "SparseTensor" or x.shape.ndims != 1:
            raise ValueError(f"minitf's tf.strings.split returns a SparseTensor for a vector "
                             f"of known rank 1 only (TF builds a RaggedTensor here), got shape "
                             f"{x.shape} and result_type={result_type!r}")
        sep_t = convert_to_tensor(sep or "", dtype=_dtypes.string)
        indices, values, shape = g.create_op("StringSplitV2", [x, sep_t],
                                             {"maxsplit": int(maxsplit)},
                                             name="StringSplitV2").outputs
        return SparseTensor(indices, values, shape)
