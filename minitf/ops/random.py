"""Random ops and TF1's seed rules (mirrors random_ops.py and framework/random_seed.py).

Every random op carries attrs `seed`/`seed2` fixed at construction by `get_seed`. Its kernel
draws from the running session's Philox4x32-10 generator for that op (`ctx.resources.rng`,
framework/philox.py), keyed and started as TF's GuardedPhiloxRandom, so a seeded op gives TF's
values: the same sequence in every new session, new values at each run (each run reserves
`num_elements * 256` blocks), and an unseeded op (`seed == seed2 == 0`) random seeds. The
distributions are TF's CPU kernels' (random_distributions.h, FillPhiloxRandom): uniform floats
from mantissa bits, Box-Muller normals, truncated normals by rejection over each output group's
own stretch of the stream, integers as `lo + word % range`, RandomShuffle's forward
Fisher-Yates, Multinomial's inverse CDF over doubles (as one shard). Uniform, integer, shuffle
and multinomial values are TF's bit for bit; normal-based ones agree to float rounding (TF calls
glibc's sinf/cosf/logf, minitf rounds correctly rounded float64 values, about 1% of float32
normals differ in the last bit).
"""
from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..framework import dtypes as _dtypes
from ..framework import errors, registry
from ..framework.convert import constant_value, constant_value_as_shape, convert_to_tensor
from ..framework.graph import Tensor, get_default_graph
from ..framework.tensor_shape import TensorShape, dimension_value, unknown_shape
from ..framework.philox import RESERVE_PER_OUTPUT
from .common_shapes import FLOAT_TYPES, check_dtype_allowed, same_as_input, shape_str

__all__ = ["random_normal", "random_uniform", "truncated_normal", "random_shuffle",
           "set_random_seed", "get_seed"]
# The names of the `tf.random` namespace, bound below to the same functions.
RANDOM_ALL = ["normal", "uniform", "truncated_normal", "shuffle", "set_random_seed", "get_seed"]

DEFAULT_GRAPH_SEED = 87654321
_MAXINT32 = 2**31 - 1
_SHAPE_TYPES = ("int32", "int64")
_UNIFORM_TYPES = (_dtypes.float16, _dtypes.bfloat16, _dtypes.float32, _dtypes.float64,
                  _dtypes.int32, _dtypes.int64)


# ---- seeds

def set_random_seed(seed: int | None) -> None:
    """`tf.set_random_seed`: the graph-level seed of the current default graph."""
    get_default_graph().seed = seed


def get_seed(op_seed: int | None) -> tuple[int | None, int | None]:
    """TF1's (seed, seed2) for a random op: graph seed and op seed; with only a graph seed the
    op seed is the graph's op counter (`_last_id`), with only an op seed the graph seed is
    87654321; both reduced modulo 2**31-1, and (0, 0) (TF's "nondeterministic") avoided."""
    g = get_default_graph()
    graph_seed = g.seed
    if graph_seed is not None:
        if op_seed is None:
            op_seed = g._last_id
        seeds = (graph_seed % _MAXINT32, op_seed % _MAXINT32)
    elif op_seed is not None:
        seeds = (DEFAULT_GRAPH_SEED, op_seed % _MAXINT32)
    else:
        seeds = (None, None)
    if seeds == (0, 0):
        return (0, _MAXINT32)
    return seeds


def _generator(ctx: registry.KernelContext) -> Any:
    """The session's Philox state for this op (framework/philox.py); attrs (0, 0) mean unseeded."""
    seed, seed2 = ctx.attrs["seed"], ctx.attrs["seed2"]
    if seed == 0 and seed2 == 0:
        return ctx.resources.rng(ctx.op_name, None, None)
    return ctx.resources.rng(ctx.op_name, seed, seed2)


# ---- TF's distributions over Philox words (random_distributions.h), vectorized over groups

def _words(xp, philox, n_blocks: int):
    """The uint32 words of blocks 0..n_blocks-1 in generation order."""
    return philox.blocks(xp, xp.arange(n_blocks, dtype=xp.uint64)).T.reshape(-1)


def _float_from_words(xp, w):
    """Uint32ToFloat: 23 random mantissa bits of a float in [1, 2), minus 1."""
    bits = (w & xp.uint32(0x7FFFFF)) | xp.uint32(127 << 23)
    return bits.view(xp.float32) - xp.float32(1.0)


def _double_from_words(xp, w0, w1):
    """Uint64ToDouble: 20 bits of w0 and all of w1 as the mantissa of a double in [1, 2),
    minus 1."""
    man = ((w0 & xp.uint32(0xFFFFF)).astype(xp.uint64) << xp.uint64(32)) | w1.astype(xp.uint64)
    return (man | xp.uint64(1023 << 52)).view(xp.float64) - 1.0


def _round_bfloat16(xp, f):
    """float32 values rounded (to nearest even) to bfloat16, kept as float32 (minitf's
    bfloat16 storage)."""
    bits = f.astype(xp.float32).view(xp.uint32)
    bits = (bits + xp.uint32(0x7FFF) + ((bits >> xp.uint32(16)) & xp.uint32(1))) \
        & xp.uint32(0xFFFF0000)
    return bits.view(xp.float32)


def _box_muller_float(xp, x0, x1):
    """BoxMullerFloat on word arrays: float32 at every step as TF's float code rounds (each
    transcendental computed in float64, then rounded)."""
    f32 = xp.float32
    u1 = xp.maximum(_float_from_words(xp, x0), f32(1.0e-7))
    v1 = (2 * math.pi * _float_from_words(xp, x1).astype(xp.float64)).astype(f32)
    logu = xp.log(u1.astype(xp.float64)).astype(f32)
    u2 = xp.sqrt((f32(-2.0) * logu).astype(xp.float64)).astype(f32)
    v = v1.astype(xp.float64)
    return (xp.sin(v).astype(f32) * u2), (xp.cos(v).astype(f32) * u2)


def _box_muller_double(xp, x0, x1, x2, x3):
    """BoxMullerDouble over four word arrays."""
    u1 = xp.maximum(_double_from_words(xp, x0, x1), 1.0e-7)
    v1 = 2 * math.pi * _double_from_words(xp, x2, x3)
    u2 = xp.sqrt(-2.0 * xp.log(u1))
    return xp.sin(v1) * u2, xp.cos(v1) * u2


def _interleave(xp, a, b):
    return xp.stack([a, b], axis=-1).reshape(a.shape[:-1] + (-1,))


def _cast_float(xp, f, dtype):
    """float32 results as `dtype` (half rounds to nearest even; bfloat16 kept in float32)."""
    if dtype == "bfloat16":
        return _round_bfloat16(xp, f)
    return f.astype(_dtypes.np_dtype(_dtypes.as_dtype(dtype)), copy=False)


def _uniform_values(xp, philox, n: int, dtype: str):
    """RandomUniform's first n values: one block per group of 4 (float, half, bfloat16) or 2
    (double) outputs."""
    if dtype == "float64":
        w = _words(xp, philox, -(-n // 2)).reshape(-1, 2)
        return _double_from_words(xp, w[:, 0], w[:, 1])[:n]
    w = _words(xp, philox, -(-n // 4))[:n]
    if dtype == "float16":
        bits = ((w & xp.uint32(0x3FF)) | xp.uint32(15 << 10)).astype(xp.uint16)
        return bits.view(xp.float16) - xp.float16(1.0)
    if dtype == "bfloat16":
        bits = ((w & xp.uint32(0x7F)) << xp.uint32(16)) | xp.uint32(127 << 23)
        return bits.view(xp.float32) - xp.float32(1.0)
    return _float_from_words(xp, w)


def _normal_values(xp, philox, n: int, dtype: str):
    """RandomStandardNormal's first n values: Box-Muller on word pairs (float types) or
    word quadruples (double), one block per group."""
    if dtype == "float64":
        w = _words(xp, philox, -(-n // 2)).reshape(-1, 4)
        d0, d1 = _box_muller_double(xp, w[:, 0], w[:, 1], w[:, 2], w[:, 3])
        return _interleave(xp, d0, d1)[:n]
    w = _words(xp, philox, -(-n // 4)).reshape(-1, 2)
    f0, f1 = _box_muller_float(xp, w[:, 0], w[:, 1])
    return _cast_float(xp, _interleave(xp, f0, f1)[:n], dtype)


def _truncated_values(xp, philox, n: int, dtype: str):
    """TruncatedNormal's first n values. Group g (4 outputs; 2 for double) reads words one
    at a time from block g * 256 (g * 128 for double) on, Box-Muller candidates in draw order,
    keeping those with |x| < 2 until the group is full."""
    group = 2 if dtype == "float64" else 4
    skip = group * RESERVE_PER_OUTPUT // 4
    n_groups = -(-n // group)
    base = xp.arange(n_groups, dtype=xp.uint64) * xp.uint64(skip)
    todo = xp.arange(n_groups)  # groups still short of `group` values
    out = xp.zeros((n_groups, group), dtype=xp.float64 if dtype == "float64" else xp.float32)
    have = xp.zeros(n_groups, dtype=xp.int64)
    step, done_blocks = 2, 0
    while todo.size:
        offsets = base[todo][:, None] + xp.arange(done_blocks, done_blocks + step,
                                                   dtype=xp.uint64)[None, :]
        w = philox.blocks(xp, offsets)  # (4, groups, step)
        if dtype == "float64":
            a, b = _box_muller_double(xp, w[0], w[1], w[2], w[3])
        else:
            a, b = _box_muller_float(xp, xp.stack([w[0], w[2]], -1).reshape(w.shape[1], -1),
                                     xp.stack([w[1], w[3]], -1).reshape(w.shape[1], -1))
        cand = _interleave(xp, a, b)  # (groups, candidates) in draw order
        ok = xp.abs(cand) < 2
        rank = xp.cumsum(ok, axis=1) - 1 + have[todo][:, None]
        take = ok & (rank < group)
        rows = xp.broadcast_to(todo[:, None], cand.shape)[take]
        out[rows, rank[take]] = cand[take]
        have[todo] += take.sum(axis=1)
        todo = todo[have[todo] < group]
        done_blocks += step
    flat = out.reshape(-1)[:n]
    return flat if dtype == "float64" else _cast_float(xp, flat, dtype)


def _uniform_int_values(xp, philox, n: int, lo: int, hi: int, dtype: str):
    """RandomUniformInt: lo + word % (hi - lo), int32 on one word per output (4 a block),
    int64 on two (2 a block), the range unsigned and the sum wrapping."""
    if dtype == "int64":
        w = _words(xp, philox, -(-n // 2)).reshape(-1, 2).astype(xp.uint64)
        bits = w[:, 0] | (w[:, 1] << xp.uint64(32))
        rng = xp.uint64((hi - lo) & ((1 << 64) - 1))
        return ((bits % rng)[:n] + xp.uint64(lo & ((1 << 64) - 1))).view(xp.int64)
    w = _words(xp, philox, -(-n // 4))[:n]
    rng = xp.uint32((hi - lo) & 0xFFFFFFFF)
    return ((w % rng) + xp.uint32(lo & 0xFFFFFFFF)).view(xp.int32)


def _seed_attrs(seed: int | None) -> dict:
    seed1, seed2 = get_seed(seed)
    return {"seed": seed1 or 0, "seed2": seed2 or 0}


# ---- shapes

def _shape_tensor(shape: Any) -> Tensor:
    """A shape argument as an int32/int64 tensor named `shape` (TF's tensor_util.shape_tensor)."""
    dtype = None
    if isinstance(shape, TensorShape):
        if not shape.is_fully_defined():
            raise ValueError(f"Cannot convert a partially known TensorShape to a Tensor: {shape}")
        shape = shape.as_list()
    if isinstance(shape, (tuple, list)):
        if not shape:
            dtype = _dtypes.int32
        else:
            shape = [dimension_value(d) for d in shape]
    t = convert_to_tensor(shape, dtype=dtype, name="shape")
    check_dtype_allowed(t.dtype, "shape", _SHAPE_TYPES)
    return t


def _output_shape(shape_t: Tensor) -> TensorShape:
    """The static shape a random op's 1-D shape input describes (-1 or unknown -> `?`)."""
    rank = shape_t.shape.ndims
    if rank is not None and rank != 1:
        raise ValueError(f"Shape must be rank 1 but is rank {rank}")
    value = constant_value(shape_t)
    if value is not None:
        for d in value.reshape(-1).tolist():
            if d < -1:
                raise ValueError(f"Invalid value in tensor used for shape: {d}")
        return TensorShape([None if d == -1 else d for d in value.reshape(-1).tolist()])
    if rank is None:
        return unknown_shape()
    return constant_value_as_shape(shape_t)


def _random_infer(op):
    return [(op.get_attr("dtype"), _output_shape(op.inputs[0]))]


def _run_shape(shape) -> tuple:
    """The shape input's value at run time as a tuple, checked as TF's kernels check it."""
    if shape.ndim != 1:
        raise errors.InvalidArgumentError(
            None, None, f"shape must be a vector of {{int32,int64}}, got shape "
                        f"{shape_str(shape.shape)}")
    dims = tuple(int(d) for d in shape.tolist())
    for d in dims:
        if d < 0:
            raise errors.InvalidArgumentError(None, None, f"Dimension {d} must be >= 0")
    return dims


# ---- RandomStandardNormal, TruncatedNormal, RandomUniform

def _dtype_name(dtype: Any) -> str:
    return dtype if isinstance(dtype, str) else dtype.name


def _philox_kernel(values):
    """A kernel that reserves num_elements * 256 blocks of the op's generator per run and
    fills the output from them with `values(xp, philox, n, dtype)`."""
    def make(ctx: registry.KernelContext):
        state = _generator(ctx)
        xp = ctx.xp
        dtype = _dtype_name(ctx.attrs["dtype"])

        def random_op(shape):
            dims = _run_shape(shape)
            n = math.prod(dims)
            philox = state.reserve(n)
            return values(xp, philox, n, dtype).reshape(dims)
        return random_op
    return make


_normal_kernel = _philox_kernel(_normal_values)
_truncated_normal_kernel = _philox_kernel(_truncated_values)
_uniform_kernel = _philox_kernel(_uniform_values)


for _op_type, _kernel in (("RandomStandardNormal", _normal_kernel),
                          ("TruncatedNormal", _truncated_normal_kernel),
                          ("RandomUniform", _uniform_kernel)):
    registry.register(_op_type, infer=_random_infer, kernel=_kernel,
                      grad=registry.NOT_DIFFERENTIABLE, stateful=True)


def _random_op(op_type: str, shape_t: Tensor, dtype: _dtypes.DType, seed: int | None) -> Tensor:
    check_dtype_allowed(dtype, "dtype", FLOAT_TYPES)
    attrs = {"dtype": dtype, "T": shape_t.dtype.base_dtype, **_seed_attrs(seed)}
    return get_default_graph().create_op(op_type, [shape_t], attrs, name=op_type).outputs[0]


def _binary(op_type: str, x: Tensor, y: Tensor, name: str) -> Tensor:
    """`x <op> y` for two tensors of one dtype (the math family registers Mul, Sub, Add)."""
    return get_default_graph().create_op(op_type, [x, y], {"T": x.dtype.base_dtype},
                                         name=name).outputs[0]


def _scaled(op_type: str, default_name: str, shape: Any, mean: Any, stddev: Any, dtype: Any,
            seed: int | None, name: str | None) -> Tensor:
    """`op(shape) * stddev + mean`, named as TF names it (scope/RandomX, scope/mul, scope)."""
    dtype = _dtypes.as_dtype(dtype).base_dtype
    g = get_default_graph()
    with g.name_scope(name or default_name) as scope:
        shape_t = _shape_tensor(shape)
        mean_t = convert_to_tensor(mean, dtype=dtype, name="mean")
        stddev_t = convert_to_tensor(stddev, dtype=dtype, name="stddev")
        rnd = _random_op(op_type, shape_t, dtype, seed)
        return _binary("Add", _binary("Mul", rnd, stddev_t, "mul"), mean_t, scope)


def random_normal(shape: Any, mean: Any = 0.0, stddev: Any = 1.0, dtype: Any = _dtypes.float32,
                  seed: int | None = None, name: str | None = None) -> Tensor:
    """`tf.random_normal`: N(mean, stddev**2) samples of `shape`."""
    return _scaled("RandomStandardNormal", "random_normal", shape, mean, stddev, dtype, seed, name)


def truncated_normal(shape: Any, mean: Any = 0.0, stddev: Any = 1.0,
                     dtype: Any = _dtypes.float32, seed: int | None = None,
                     name: str | None = None) -> Tensor:
    """`tf.truncated_normal`: normal samples, redrawn while more than 2 stddevs from the mean."""
    return _scaled("TruncatedNormal", "truncated_normal", shape, mean, stddev, dtype, seed, name)


# ---- RandomUniformInt

def _uniform_int_infer(op):
    for t in op.inputs[1:]:
        if t.shape.ndims is not None and t.shape.ndims != 0:
            raise ValueError(f"Shape must be rank 0 but is rank {t.shape.ndims}")
    return [(op.get_attr("Tout"), _output_shape(op.inputs[0]))]


def _uniform_int_kernel(ctx: registry.KernelContext):
    gen = _generator(ctx)
    dtype = _dtype_name(ctx.attrs["Tout"])

    def random_uniform_int(shape, minval, maxval):
        dims = _run_shape(shape)
        for what, v in (("minval", minval), ("maxval", maxval)):
            if v.ndim != 0:
                raise errors.InvalidArgumentError(
                    None, None, f"{what} must be 0-D, got shape {shape_str(v.shape)}")
        lo, hi = int(minval), int(maxval)
        if lo >= hi:
            raise errors.InvalidArgumentError(None, None,
                                              f"Need minval < maxval, got {lo} >= {hi}")
        n = math.prod(dims)
        philox = gen.reserve(n)
        return _uniform_int_values(ctx.xp, philox, n, lo, hi, dtype).reshape(dims)
    return random_uniform_int


registry.register("RandomUniformInt", infer=_uniform_int_infer, kernel=_uniform_int_kernel,
                  grad=registry.NOT_DIFFERENTIABLE, stateful=True)


def random_uniform(shape: Any, minval: Any = 0, maxval: Any = None, dtype: Any = _dtypes.float32,
                   seed: int | None = None, name: str | None = None) -> Tensor:
    """`tf.random_uniform`: U[minval, maxval) samples. Floats are `RandomUniform * (max - min) +
    min`; integer dtypes draw with RandomUniformInt and need `maxval`."""
    dtype = _dtypes.as_dtype(dtype).base_dtype
    if dtype not in _UNIFORM_TYPES:
        raise ValueError(f"Invalid dtype {dtype!r}")
    if maxval is None:
        if dtype.is_integer:
            raise ValueError(f"Must specify maxval for integer dtype {dtype!r}")
        maxval = 1
    g = get_default_graph()
    with g.name_scope(name or "random_uniform") as scope:
        shape_t = _shape_tensor(shape)
        min_t = convert_to_tensor(minval, dtype=dtype, name="min")
        max_t = convert_to_tensor(maxval, dtype=dtype, name="max")
        if dtype.is_integer:
            attrs = {"Tout": dtype, "T": shape_t.dtype.base_dtype, **_seed_attrs(seed)}
            return g.create_op("RandomUniformInt", [shape_t, min_t, max_t], attrs,
                               name=scope).outputs[0]
        rnd = _random_op("RandomUniform", shape_t, dtype, seed)
        scaled = _binary("Mul", rnd, _binary("Sub", max_t, min_t, "sub"), "mul")
        return _binary("Add", scaled, min_t, scope)


# ---- RandomShuffle

def _shuffle_permutation(xp, philox, size: int) -> list:
    """TF's forward Fisher-Yates: position i swaps with i + word_i % (size - i), the words
    read one at a time from the run's generator."""
    words = _words(xp, philox, -(-(size - 1) // 4))[:size - 1]
    spans = xp.arange(size, 1, -1, dtype=xp.uint64)
    steps = (words.astype(xp.uint64) % spans).tolist()
    perm = list(range(size))
    for i, j in enumerate(steps):
        j += i
        perm[i], perm[j] = perm[j], perm[i]
    return perm


def _shuffle_kernel(ctx: registry.KernelContext):
    gen = _generator(ctx)
    xp = ctx.xp

    def random_shuffle(value):
        if value.ndim == 0 or value.size <= 1 or value.shape[0] <= 1:
            return value
        size = value.shape[0]
        philox = gen.reserve(-(-(size - 1) // 4), 1)  # ReserveSamples32(size - 1)
        perm = _shuffle_permutation(xp, philox, size)
        return value[perm if value.dtype.kind == "O" else xp.asarray(perm)]
    return random_shuffle


registry.register("RandomShuffle", infer=same_as_input, kernel=_shuffle_kernel,
                  grad=registry.NOT_DIFFERENTIABLE, stateful=True)


def random_shuffle(value: Any, seed: int | None = None, name: str | None = None) -> Tensor:
    """`tf.random_shuffle` (op RandomShuffle): a random permutation along axis 0."""
    attrs = _seed_attrs(seed)
    g = get_default_graph()
    with g.name_scope(name or "RandomShuffle") as scope:
        value = convert_to_tensor(value, name="value")
        attrs["T"] = value.dtype.base_dtype
        return g.create_op("RandomShuffle", [value], attrs, name=scope).outputs[0]


normal = random_normal
uniform = random_uniform
shuffle = random_shuffle


# ---- Multinomial

def _multinomial_infer(op):
    logits, num_samples = op.inputs
    if logits.shape.ndims is not None and logits.shape.ndims != 2:
        raise ValueError(f"Shape must be rank 2 but is rank {logits.shape.ndims}")
    if num_samples.shape.ndims is not None and num_samples.shape.ndims != 0:
        raise ValueError(f"Shape must be rank 0 but is rank {num_samples.shape.ndims}")
    batch = logits.shape.dims[0].value if logits.shape.ndims == 2 else None
    n = constant_value(num_samples)
    return [(op.get_attr("output_dtype"), TensorShape([batch, None if n is None else int(n)]))]


def _multinomial_kernel(ctx: registry.KernelContext):
    gen = _generator(ctx)
    xp = ctx.xp
    dtype = _dtypes.np_dtype(ctx.attrs["output_dtype"])

    def multinomial(logits, num_samples):
        if logits.ndim != 2:
            raise errors.InvalidArgumentError(
                None, None, f"logits should be a matrix, got shape {shape_str(logits.shape)}")
        if logits.shape[1] == 0:
            raise errors.InvalidArgumentError(None, None, "num_classes should be positive, "
                                                          "got: 0")
        n = int(num_samples)
        if n < 0:
            raise errors.InvalidArgumentError(
                None, None, f"num_samples should be nonnegative, got: {n}")
        batch, classes = logits.shape
        if batch * n == 0:
            return xp.zeros((batch, n), dtype=dtype)
        # TF's CPU kernel: reserve 2 * ceil4(n) outputs a row, then (one shard) read a
        # double (two words) per draw, rows one after another; each draw is the first class
        # whose unnormalized running sum of exp(logit - max) over finite logits exceeds
        # u * total.
        philox = gen.reserve(batch * ((n + 3) // 4 * 4) * 2)
        w = _words(xp, philox, -(-(batch * n) // 2)).reshape(-1, 2)[:batch * n]
        u = _double_from_words(xp, w[:, 0], w[:, 1]).reshape(batch, n)
        x = logits.astype(xp.float64)
        finite = xp.isfinite(x)
        top = xp.where(finite, x, -xp.inf).max(axis=1, keepdims=True)
        top = xp.where(xp.isfinite(top), top, 0.0)
        cdf = xp.cumsum(xp.where(finite, xp.exp(xp.where(finite, x, top) - top), 0.0), axis=1)
        target = u * cdf[:, -1:]
        picked = (target[:, :, None] >= cdf[:, None, :]).sum(axis=2)
        return picked.astype(dtype)
    return multinomial


registry.register("Multinomial", infer=_multinomial_infer, kernel=_multinomial_kernel,
                  grad=registry.NOT_DIFFERENTIABLE, stateful=True)


def _multinomial_impl(logits: Any, num_samples: Any, dtype: Any, seed: int | None) -> Tensor:
    """The Multinomial op (`Multinomial`, its `num_samples` constant inside), int64 indices
    unless `dtype` says int32; the seeds are drawn after `logits` is converted, as TF does."""
    dtype = _dtypes.int64 if dtype is None else _dtypes.as_dtype(dtype)
    check_dtype_allowed(dtype, "output_dtype", _SHAPE_TYPES)
    g = get_default_graph()
    logits = convert_to_tensor(logits, name="logits")
    check_dtype_allowed(logits.dtype, "logits", ("float32", "float64", "int32", "uint8",
                                                "int16", "int8", "int64", "bfloat16",
                                                "uint16", "float16", "uint32", "uint64"))
    attrs = {"T": logits.dtype.base_dtype, "output_dtype": dtype, **_seed_attrs(seed)}
    with g.name_scope("Multinomial") as scope:
        num = convert_to_tensor(num_samples, dtype=_dtypes.int32, name="num_samples")
        return g.create_op("Multinomial", [logits, num], attrs, name=scope).outputs[0]


def multinomial(logits: Any, num_samples: Any, seed: int | None = None, name: str | None = None,
                output_dtype: Any = None) -> Tensor:
    """`tf.multinomial` (op Multinomial): `num_samples` class indices per row of `logits`
    `[batch, classes]`, drawn from the row's softmax; `[batch, num_samples]` of `output_dtype`
    (int64 by default)."""
    with get_default_graph().name_scope(name or "multinomial"):
        return _multinomial_impl(logits, num_samples, output_dtype, seed)


def categorical(logits: Any, num_samples: Any, dtype: Any = None, seed: int | None = None,
                name: str | None = None) -> Tensor:
    """`tf.random.categorical`: `multinomial` under TF 2's name (scope `categorical`, the
    dtype argument `dtype`)."""
    with get_default_graph().name_scope(name or "categorical"):
        return _multinomial_impl(logits, num_samples, dtype, seed)


__all__ += ["multinomial"]
RANDOM_ALL += ["multinomial", "categorical"]


def random_crop(value: Any, size: Any, seed: int | None = None,
                name: str | None = None) -> Tensor:
    """`tf.random_crop`: a Slice of `size` from `value` at a uniformly drawn offset (an int32
    RandomUniformInt modulo the room left per dimension); `value` smaller than `size` fails
    at run time ("Need value.shape >= size")."""
    from . import array as array_ops  # noqa: PLC0415 - array and math sit above random
    from . import math as math_ops  # noqa: PLC0415
    from .control_flow import with_dependencies  # noqa: PLC0415
    from .logging_ops import Assert  # noqa: PLC0415
    g = get_default_graph()
    with g.name_scope(name or "random_crop") as scope:
        value = convert_to_tensor(value, name="value")
        size = convert_to_tensor(size, dtype=_dtypes.int32, name="size")
        shape = array_ops.shape(value)
        check = Assert(math_ops.reduce_all(shape >= size),
                       ["Need value.shape >= size, got ", shape, size], summarize=1000)
        shape = with_dependencies([check], shape)
        limit = shape - size + 1
        offset = random_uniform(array_ops.shape(shape), dtype=size.dtype,
                                maxval=size.dtype.max, seed=seed) % limit
        return array_ops.slice(value, offset, size, name=scope)


__all__ += ["random_crop"]


# ---- RandomGamma, RandomGammaGrad, RandomPoissonV2
#
# TF 1.15's CPU kernels (random_op.cc, random_poisson_op.cc) compute in double: output i
# (alpha or rate index i // num_samples, sample i % num_samples, stored at
# sample * num_params + param) reads its own stretch of the run's Philox stream, starting
# 256 * i blocks in. A normal or uniform draw takes one block, which yields two doubles used
# last first. The samplers below run all outputs in lockstep rounds, each output reading the
# blocks its own loop would read, so that the values are TF's.

def _param_output_shape(op, shape_t: Tensor, param: Tensor) -> TensorShape:
    return _output_shape(shape_t).concatenate(param.shape)


def _uniform_pair(xp, w):
    """The two doubles of a block (w is (4, n)): elements 0 and 1 of the draw."""
    return _double_from_words(xp, w[0], w[1]), _double_from_words(xp, w[2], w[3])


def _per_output(xp, num_samples: int, params: Any):
    """Each output's parameter (double) and its first block's offset."""
    n = params.size * num_samples
    index = xp.arange(n)
    return params.reshape(-1).astype(xp.float64)[index // num_samples], \
        index.astype(xp.uint64) * xp.uint64(RESERVE_PER_OUTPUT), index


def _to_output_layout(xp, values, num_samples: int, num_params: int):
    """Values in output-index order (param-major) stored sample-major, as TF stores them."""
    return values.reshape(num_params, num_samples).T.reshape(-1)


def _gamma_samples(xp, philox, alphas, num_samples: int):
    """Marsaglia and Tsang's sampler (alpha < 1 boosted by u ** (1 / alpha)), alpha == 1
    drawn as -log(1 - u), as TF 1.15's RandomGamma kernel does, in double."""
    a, base, _ = _per_output(xp, num_samples, alphas)
    n = a.size
    out = xp.zeros(n)
    exponential = a == 1.0
    if exponential.any():
        idx = xp.nonzero(exponential)[0]
        _, u = _uniform_pair(xp, philox.blocks(xp, base[idx]))
        out[idx] = -xp.log(1.0 - u)
    less = a < 1
    d = a + xp.where(less, 2.0 / 3, -1.0 / 3)
    c = 1.0 / 3 / xp.sqrt(d)
    cursor = xp.zeros(n, dtype=xp.uint64)
    norm_left = xp.zeros(n, dtype=xp.int64)
    norm = xp.zeros((n, 2))
    uni_left = xp.zeros(n, dtype=xp.int64)
    uni = xp.zeros((n, 2))

    def draw(idx, left, buf, pair):
        """The next double of `idx`'s outputs from their buffers, refilled from a new
        block (two doubles, used second first) when empty."""
        empty = idx[left[idx] == 0]
        if empty.size:
            first, second = pair(philox.blocks(xp, base[empty] + cursor[empty]))
            buf[empty, 0], buf[empty, 1] = first, second
            left[empty] = 2
            cursor[empty] += xp.uint64(1)
        left[idx] -= 1
        return buf[idx, left[idx]]

    def box_muller(w):
        return _box_muller_double(xp, w[0], w[1], w[2], w[3])

    pending = xp.nonzero(~exponential)[0]
    while pending.size:
        x = draw(pending, norm_left, norm, box_muller)
        v = 1 + c[pending] * x
        positive = v > 0
        finished = xp.zeros(pending.size, dtype=bool)
        tried, x, v = pending[positive], x[positive], v[positive]
        if tried.size:
            v = v * v * v
            u = draw(tried, uni_left, uni, lambda w: _uniform_pair(xp, w))
            dd = d[tried]
            accept = (u < 1 - 0.0331 * (x * x) * (x * x)) | \
                (xp.log(u) < 0.5 * x * x + dd * (1 - v + xp.log(v)))
            done = tried[accept]
            res = dd[accept] * v[accept]
            boost = less[done]
            if boost.any():
                b = draw(done[boost], uni_left, uni, lambda w: _uniform_pair(xp, w))
                res[boost] *= b ** (1 / a[done[boost]])
            out[done] = res
            finished[xp.nonzero(positive)[0][accept]] = True
        pending = pending[~finished]
    return out


def _poisson_samples(xp, philox, rates, num_samples: int, highest: float):
    """Knuth's product of uniforms below rate 10, Hormann's transformed rejection from 10 on
    (TF's constants and order of tests), in double; every loop turn of every output takes
    one uniform (Knuth) or one block (Hormann), so all outputs advance in lockstep. A NaN
    rate gives NaN (TF's kernel would never stop)."""
    rate, base, _ = _per_output(xp, num_samples, rates)
    out = xp.full(rate.size, xp.nan)
    knuth = xp.nonzero(rate < 10)[0]
    if knuth.size:
        limit = xp.exp(-rate[knuth])
        prod = xp.ones(knuth.size)
        x = xp.zeros(knuth.size)
        pending = xp.arange(knuth.size)
        turn = 0
        while pending.size:
            first, second = _uniform_pair(
                xp, philox.blocks(xp, base[knuth[pending]] + xp.uint64(turn // 2)))
            u = second if turn % 2 == 0 else first
            prod[pending] = prod[pending] * u
            stop = (prod[pending] <= limit[pending]) & (x[pending] <= highest)
            out[knuth[pending[stop]]] = x[pending[stop]]
            pending = pending[~stop]
            x[pending] += 1
            turn += 1
    hormann = xp.nonzero(rate >= 10)[0]
    if hormann.size:
        lam = rate[hormann]
        log_rate = xp.log(lam)
        b = 0.931 + 2.53 * xp.sqrt(lam)
        a = -0.059 + 0.02483 * b
        inv_alpha = 1.1239 + 1.1328 / (b - 3.4)
        pending = xp.arange(hormann.size)
        turn = 0
        while pending.size:
            v, u = _uniform_pair(xp, philox.blocks(xp, base[hormann[pending]] +
                                                   xp.uint64(turn)))
            u = u - 0.5
            p_a, p_b, p_lam = a[pending], b[pending], lam[pending]
            u_shifted = 0.5 - xp.abs(u)
            k = xp.floor((2 * p_a / u_shifted + p_b) * u + p_lam + 0.43)
            usable = k <= highest
            accept = usable & (u_shifted >= 0.07) & (v <= 0.9277 - 3.6224 / (p_b - 2))
            test = usable & ~accept & ~((k < 0) | ((u_shifted < 0.013) & (v > u_shifted)))
            if test.any():
                kt, ut = k[test], u_shifted[test]
                s = xp.log(v[test] * inv_alpha[pending[test]] / (p_a[test] / (ut * ut)
                                                                  + p_b[test]))
                lgammas = xp.asarray([math.lgamma(float(q) + 1) for q in kt.tolist()])
                t = -p_lam[test] + kt * log_rate[pending[test]] - lgammas
                accept[xp.nonzero(test)[0][s <= t]] = True
            out[hormann[pending[accept]]] = k[accept]
            pending = pending[~accept]
            turn += 1
    return out


def _cast_samples(xp, values, dtype: str):
    """Doubles cast to the output type as C++'s static_cast does (half through float)."""
    if dtype == "float16":
        return values.astype(xp.float32).astype(xp.float16)
    return values.astype(_dtypes.np_dtype(_dtypes.as_dtype(dtype)))


def _gamma_infer(op):
    shape_t, alpha = op.inputs
    return [(alpha.dtype.base_dtype, _param_output_shape(op, shape_t, alpha))]


def _gamma_kernel(ctx: registry.KernelContext):
    gen = _generator(ctx)
    xp = ctx.xp
    dtype = _dtype_name(ctx.attrs["T"])

    def random_gamma_(shape, alpha):
        dims = _run_shape(shape)
        num_samples = math.prod(dims)
        out_shape = dims + tuple(alpha.shape)
        if num_samples == 0:
            return xp.zeros(out_shape, dtype=_dtypes.np_dtype(ctx.attrs["T"]))
        if alpha.size == 0:
            raise errors.InvalidArgumentError(
                None, None, "Input alpha should have non-zero element count, got: 0")
        philox = gen.reserve(num_samples * alpha.size)
        values = _gamma_samples(xp, philox, alpha, num_samples)
        values = _to_output_layout(xp, values, num_samples, alpha.size)
        return _cast_samples(xp, values, dtype).reshape(out_shape)
    return random_gamma_


def _gamma_grad(op, grad):
    """The implicit reparameterization gradient: d sample / d alpha from RandomGammaGrad,
    summed over the sample dimensions."""
    from . import array as array_ops  # noqa: PLC0415 - array and math sit above random
    from . import math as math_ops  # noqa: PLC0415
    shape, alpha = op.inputs
    sample = op.outputs[0]
    with get_default_graph().control_dependencies([grad]):
        num_sample_dimensions = array_ops.shape(shape)[0]
        new_shape = array_ops.concat([array_ops.ones([num_sample_dimensions],
                                                     dtype=_dtypes.int32),
                                      array_ops.shape(alpha)], axis=0)
        alpha_broadcastable = array_ops.reshape(alpha, new_shape)
        partial_a = random_gamma_grad(alpha_broadcastable, sample)
        return None, math_ops.reduce_sum(grad * partial_a,
                                         axis=array_ops.range(num_sample_dimensions))


registry.register("RandomGamma", infer=_gamma_infer, kernel=_gamma_kernel, grad=_gamma_grad,
                  stateful=True)


def _lgamma(xp, values):
    return xp.asarray([math.lgamma(v) for v in values.reshape(-1).tolist()]).reshape(
        values.shape)


def _regularized_gamma(xp, a, x, upper: bool):
    """P(a, x) by its series (upper False) or Q(a, x) by Lentz's continued fraction (upper
    True), in double, to full precision for the x each is used for (x < a + 1 for P)."""
    if not upper:
        term = xp.ones_like(a)
        total = xp.ones_like(a)
        ap = a.copy()
        for _ in range(2000):
            ap = ap + 1
            term = term * x / ap
            total = total + term
            if bool((xp.abs(term) <= xp.abs(total) * 1e-17).all()):
                break
        return xp.exp(a * xp.log(x) - x - _lgamma(xp, a + 1)) * total
    tiny = 1e-300
    b = x + 1 - a
    c = xp.full_like(a, 1 / tiny)
    d = 1 / b
    h = d
    for i in range(1, 2000):
        an = -i * (i - a)
        b = b + 2
        d = an * d + b
        d = xp.where(xp.abs(d) < tiny, tiny, d)
        c = b + an / c
        c = xp.where(xp.abs(c) < tiny, tiny, c)
        d = 1 / d
        delta = d * c
        h = h * delta
        if bool((xp.abs(delta - 1) <= 1e-16).all()):
            break
    return xp.exp(a * xp.log(x) - x - _lgamma(xp, a)) * h


def _gamma_sample_der_alpha(xp, a, x):
    """d x / d alpha at the gamma(alpha) sample x for a fixed uniform quantile:
    -(dP/dalpha) / pdf(x), dP/dalpha by Richardson-extrapolated central differences of the
    series or continued fraction (whichever holds at x)."""
    a = a.astype(xp.float64)
    x = x.astype(xp.float64)
    out = xp.zeros(x.shape)
    ok = (x > 0) & xp.isfinite(x) & (a > 0)
    if not ok.any():
        return xp.where(ok, out, xp.where(x > 0, xp.nan, 0.0))
    av, xv = a[ok], x[ok]
    upper = xv >= av + 1
    sign = xp.where(upper, -1.0, 1.0)

    def slope(h):
        hi = xp.where(upper, _regularized_gamma(xp, av + h, xv, True),
                      _regularized_gamma(xp, av + h, xv, False))
        lo = xp.where(upper, _regularized_gamma(xp, av - h, xv, True),
                      _regularized_gamma(xp, av - h, xv, False))
        return sign * (hi - lo) / (2 * h)

    h = 1e-3 * av
    d_p = (4 * slope(h / 2) - slope(h)) / 3
    pdf = xp.exp((av - 1) * xp.log(xv) - xv - _lgamma(xp, av))
    out[ok] = -d_p / pdf
    return out


def _gamma_grad_infer(op):
    from .common_shapes import broadcast_shapes  # noqa: PLC0415
    alpha, sample = op.inputs
    return [(alpha.dtype.base_dtype, broadcast_shapes(alpha.shape, sample.shape))]


def _gamma_grad_kernel(ctx: registry.KernelContext):
    xp = ctx.xp

    def random_gamma_grad_(alpha, sample):
        a, x = xp.broadcast_arrays(alpha, sample)
        return _gamma_sample_der_alpha(xp, a, x).astype(alpha.dtype)
    return random_gamma_grad_


registry.register("RandomGammaGrad", infer=_gamma_grad_infer, kernel=_gamma_grad_kernel,
                  grad=registry.NOT_DIFFERENTIABLE)


def random_gamma_grad(alpha: Any, sample: Any, name: str | None = None) -> Tensor:
    """gen_random_ops.random_gamma_grad (op RandomGammaGrad): the derivative of gamma(alpha)
    samples with respect to alpha (broadcasting)."""
    g = get_default_graph()
    with g.name_scope(name or "RandomGammaGrad") as scope:
        alpha = convert_to_tensor(alpha, name="alpha")
        check_dtype_allowed(alpha.dtype, "alpha", ("float32", "float64"))
        sample = convert_to_tensor(sample, dtype=alpha.dtype, name="sample")
        return g.create_op("RandomGammaGrad", [alpha, sample], {"T": alpha.dtype.base_dtype},
                           name=scope).outputs[0]


def random_gamma(shape: Any, alpha: Any, beta: Any = None, dtype: Any = _dtypes.float32,
                 seed: int | None = None, name: str | None = None) -> Tensor:
    """`tf.random_gamma` (`tf.random.gamma`): `shape` samples from each gamma(alpha, rate
    beta) distribution, `shape + broadcast(alpha, beta).shape`; the RandomGamma op over alpha
    broadcast against beta, divided by beta, floored at the type's tiniest normal number."""
    from . import array as array_ops  # noqa: PLC0415 - array and math sit above random
    from . import math as math_ops  # noqa: PLC0415
    dtype = _dtypes.as_dtype(dtype).base_dtype
    g = get_default_graph()
    with g.name_scope(name or "random_gamma"):
        shape = convert_to_tensor(shape, name="shape", dtype=_dtypes.int32)
        alpha = convert_to_tensor(alpha, name="alpha", dtype=dtype)
        beta = convert_to_tensor(1 if beta is None else beta, name="beta", dtype=dtype)
        alpha_broadcast = alpha + array_ops.zeros_like(beta)
        check_dtype_allowed(dtype, "alpha", ("float16", "float32", "float64"))
        attrs = {"S": shape.dtype.base_dtype, "T": dtype, **_seed_attrs(seed)}
        sample = g.create_op("RandomGamma", [shape, alpha_broadcast], attrs,
                             name="RandomGamma").outputs[0]
        tiny = np.finfo(dtype.as_numpy_dtype).tiny  # a numpy scalar of `dtype`
        return math_ops.maximum(tiny, sample / beta)


def _poisson_infer(op):
    shape_t, rate = op.inputs
    return [(op.get_attr("dtype"), _param_output_shape(op, shape_t, rate))]


def _poisson_kernel(ctx: registry.KernelContext):
    gen = _generator(ctx)
    xp = ctx.xp
    dtype = _dtype_name(ctx.attrs["dtype"])
    out_type = _dtypes.as_dtype(dtype)
    highest = float(out_type.max)

    def random_poisson_(shape, rate):
        dims = _run_shape(shape)
        num_samples = math.prod(dims)
        out_shape = dims + tuple(rate.shape)
        if num_samples == 0 or rate.size == 0:
            return xp.zeros(out_shape, dtype=_dtypes.np_dtype(out_type))
        philox = gen.reserve(num_samples * rate.size)
        values = _poisson_samples(xp, philox, rate, num_samples, highest)
        values = _to_output_layout(xp, values, num_samples, rate.size)
        if out_type.is_integer:
            values = xp.nan_to_num(values, nan=0.0)
        return _cast_samples(xp, values, dtype).reshape(out_shape)
    return random_poisson_


registry.register("RandomPoissonV2", infer=_poisson_infer, kernel=_poisson_kernel,
                  grad=registry.NOT_DIFFERENTIABLE, stateful=True)


def random_poisson(lam: Any, shape: Any, dtype: Any = _dtypes.float32, seed: int | None = None,
                   name: str | None = None) -> Tensor:
    """`tf.random_poisson` (`tf.random.poisson`, op RandomPoissonV2): `shape` samples from
    each Poisson(lam) distribution, `shape + lam.shape`, of `dtype` (float or int)."""
    dtype = _dtypes.as_dtype(dtype).base_dtype
    g = get_default_graph()
    with g.name_scope(name or "random_poisson"):
        shape = convert_to_tensor(shape, name="shape", dtype=_dtypes.int32)
        seeds = _seed_attrs(seed)
        with g.name_scope("RandomPoissonV2") as scope:
            rate = convert_to_tensor(lam, name="rate", preferred_dtype=_dtypes.float64)
            check_dtype_allowed(rate.dtype, "rate", ("float16", "float32", "float64", "int32",
                                                     "int64"))
            check_dtype_allowed(dtype, "dtype", ("float16", "float32", "float64", "int32",
                                                 "int64"))
            attrs = {"S": shape.dtype.base_dtype, "R": rate.dtype.base_dtype, "dtype": dtype,
                     **seeds}
            return g.create_op("RandomPoissonV2", [shape, rate], attrs, name=scope).outputs[0]


gamma = random_gamma
poisson = random_poisson
__all__ += ["random_gamma", "random_poisson"]
RANDOM_ALL += ["gamma", "poisson"]
