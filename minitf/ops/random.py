"""Random ops and TF1's seed rules (mirrors random_ops.py and framework/random_seed.py).

Every random op carries attrs `seed`/`seed2` fixed at construction by `get_seed`. Its kernel
draws from the running session's generator for that op (`ctx.resources.rng`): a seeded op
yields the same sequence in every new session and new values at each run; an unseeded one
(`seed == seed2 == 0`) differs from program run to program run. TF's Philox bits are not
reproduced, only these rules and the distributions.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from ..framework import dtypes as _dtypes
from ..framework import errors, registry
from ..framework.convert import constant_value, constant_value_as_shape, convert_to_tensor
from ..framework.graph import Tensor, get_default_graph
from ..framework.tensor_shape import TensorShape, dimension_value, unknown_shape
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
    """The session's generator for this op; attrs (0, 0) mean unseeded."""
    seed, seed2 = ctx.attrs["seed"], ctx.attrs["seed2"]
    if seed == 0 and seed2 == 0:
        return ctx.resources.rng(ctx.op_name, None, None)
    return ctx.resources.rng(ctx.op_name, seed, seed2)


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

def _normal_kernel(ctx: registry.KernelContext):
    gen = _generator(ctx)
    dtype = _dtypes.np_dtype(ctx.attrs["dtype"])

    def random_standard_normal(shape):
        return gen.standard_normal(_run_shape(shape)).astype(dtype, copy=False)
    return random_standard_normal


def _truncated_normal_kernel(ctx: registry.KernelContext):
    gen = _generator(ctx)
    xp = ctx.xp
    dtype = _dtypes.np_dtype(ctx.attrs["dtype"])

    def truncated_normal(shape):
        x = gen.standard_normal(_run_shape(shape)).astype(dtype, copy=False)
        redraw = xp.abs(x) >= 2
        while bool(redraw.any()):  # values beyond two standard deviations are drawn again
            x[redraw] = gen.standard_normal(int(redraw.sum())).astype(dtype, copy=False)
            redraw = xp.abs(x) >= 2
        return x
    return truncated_normal


def _uniform_kernel(ctx: registry.KernelContext):
    gen = _generator(ctx)
    minimum = ctx.xp.minimum
    dtype = _dtypes.np_dtype(ctx.attrs["dtype"])
    below_one = 1.0 - float(np.finfo(dtype).epsneg)  # casting may round up to 1: keep [0, 1)

    def random_uniform(shape):
        return minimum(gen.random_sample(_run_shape(shape)).astype(dtype, copy=False), below_one)
    return random_uniform


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
    dtype = _dtypes.np_dtype(ctx.attrs["Tout"])

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
        return gen.randint(lo, hi, size=dims, dtype=dtype)
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

def _shuffle_kernel(ctx: registry.KernelContext):
    gen = _generator(ctx)

    def random_shuffle(value):
        if value.ndim == 0 or value.shape[0] <= 1:
            return value
        perm = gen.permutation(value.shape[0])
        return value[perm.tolist() if value.dtype.kind == "O" else perm]  # strings stay on host
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
        # Inverse-CDF sampling of each row's softmax, all rows and draws at once.
        p = xp.exp(logits - logits.max(axis=1, keepdims=True)).astype(xp.float64)
        cdf = xp.cumsum(p, axis=1)
        cdf /= cdf[:, -1:]
        u = gen.random_sample((logits.shape[0], n))
        picked = (u[:, :, None] >= cdf[:, None, :]).sum(axis=2)
        return xp.minimum(picked, logits.shape[1] - 1).astype(dtype)
    return multinomial


registry.register("Multinomial", infer=_multinomial_infer, kernel=_multinomial_kernel,
                  grad=registry.NOT_DIFFERENTIABLE, stateful=True)


def multinomial(logits: Any, num_samples: Any, seed: int | None = None, name: str | None = None,
                output_dtype: Any = None) -> Tensor:
    """`tf.multinomial` (op Multinomial): `num_samples` class indices per row of `logits`
    `[batch, classes]`, drawn from the row's softmax; `[batch, num_samples]` of `output_dtype`
    (int64 by default)."""
    dtype = _dtypes.int64 if output_dtype is None else _dtypes.as_dtype(output_dtype)
    check_dtype_allowed(dtype, "output_dtype", _SHAPE_TYPES)
    g = get_default_graph()
    with g.name_scope(name or "multinomial"):
        logits = convert_to_tensor(logits, name="logits")
        check_dtype_allowed(logits.dtype, "logits", ("float32", "float64", "int32", "uint8",
                                                    "int16", "int8", "int64", "bfloat16",
                                                    "uint16", "float16", "uint32", "uint64"))
        attrs = {"T": logits.dtype.base_dtype, "output_dtype": dtype, **_seed_attrs(seed)}
        with g.name_scope("Multinomial") as scope:
            num = convert_to_tensor(num_samples, dtype=_dtypes.int32, name="num_samples")
            return g.create_op("Multinomial", [logits, num], attrs, name=scope).outputs[0]


__all__ += ["multinomial"]


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
