"""Initializers: objects that build the ops of a variable's initial value, with TF1's names,
signatures, defaults and distributions (mirrors init_ops.py of TF 1.15).

`initializer(shape, dtype=None, partition_info=None)` builds ops in the current name scope (a
variable calls it under `<name>/Initializer/`): `zeros`, `Const`, `random_uniform`,
`truncated_normal`, ... exactly as TF's do. Also home of the Qr and DiagPart ops the orthogonal
initializer builds.
"""
from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..framework import dtypes as _dtypes
from ..framework import errors, registry
from ..framework.convert import constant as _constant
from ..framework.convert import convert_to_tensor
from ..framework.graph import Tensor, get_default_graph
from ..framework.tensor_shape import TensorShape, as_shape
from .common_shapes import shape_str

__all__ = ["zeros_initializer", "ones_initializer", "constant_initializer",
           "random_uniform_initializer", "random_normal_initializer",
           "truncated_normal_initializer", "uniform_unit_scaling_initializer",
           "variance_scaling_initializer", "glorot_uniform_initializer",
           "glorot_normal_initializer", "orthogonal_initializer", "qr", "diag_part"]

# The names of `tf.initializers` (the variables_* entries are bound in minitf/__init__ from
# ops/state.py: `variables`, `global_variables`, `local_variables`).
INITIALIZERS_ALL = ["zeros", "ones", "constant", "random_uniform", "random_normal",
                    "truncated_normal", "uniform_unit_scaling", "variance_scaling",
                    "glorot_uniform", "glorot_normal", "orthogonal", "he_normal", "he_uniform",
                    "lecun_normal", "lecun_uniform"]


# --------------------------------------------------------------------------------------------
# Qr and DiagPart (the ops an orthogonal initializer builds)

def _qr_infer(op):
    a = op.inputs[0]
    shape = a.shape
    if shape.ndims is not None and shape.ndims < 2:
        raise ValueError(f"Shape must be at least rank 2 but is rank {shape.ndims}")
    if shape.ndims is None:
        return [(a.dtype.base_dtype, shape), (a.dtype.base_dtype, shape)]
    batch, (m, n) = shape.dims[:-2], (shape.dims[-2].value, shape.dims[-1].value)
    if op.get_attr("full_matrices"):
        q, r = [m, m], [m, n]
    else:
        p = None if m is None or n is None else min(m, n)
        q, r = [m, p], [p, n]
    dt = a.dtype.base_dtype
    return [(dt, TensorShape(batch + q)), (dt, TensorShape(batch + r))]


def _qr_kernel(ctx: registry.KernelContext):
    qr_fn = ctx.xp.linalg.qr
    mode = "complete" if ctx.attrs["full_matrices"] else "reduced"

    def qr_op(a):
        q, r = qr_fn(a, mode=mode)
        return q.astype(a.dtype, copy=False), r.astype(a.dtype, copy=False)
    return qr_op


registry.register("Qr", infer=_qr_infer, kernel=_qr_kernel)


def qr(input: Any, full_matrices: bool = False, name: str | None = None) -> tuple:
    """`tf.qr` (`tf.linalg.qr`): the QR factorization (q, r) of the inner-most matrices."""
    g = get_default_graph()
    with g.name_scope(name or "Qr") as scope:
        a = convert_to_tensor(input, name="input")
        op = g.create_op("Qr", [a], {"full_matrices": bool(full_matrices),
                                     "T": a.dtype.base_dtype}, name=scope)
    return op.outputs[0], op.outputs[1]


def _diag_part_infer(op):
    x = op.inputs[0]
    shape = x.shape
    if shape.ndims is None:
        return [(x.dtype.base_dtype, shape)]
    rank = shape.ndims
    if rank % 2 or rank == 0:
        raise ValueError(f"Input must have even and non-zero rank, input rank is {rank}")
    half = rank // 2
    dims = []
    for a, b in zip(shape.dims[:half], shape.dims[half:]):
        if not a.is_compatible_with(b):
            raise ValueError(f"Dimensions must be equal, but are {a} and {b}")
        dims.append(a.merge_with(b))
    return [(x.dtype.base_dtype, TensorShape(dims))]


def _diag_part_kernel(ctx: registry.KernelContext):
    diagonal = ctx.xp.diagonal

    def diag_part_op(x):
        half = x.ndim // 2
        for i in range(half):
            if x.shape[i] != x.shape[i + half]:
                raise errors.InvalidArgumentError(
                    None, None, f"Invalid shape {shape_str(x.shape)}: dimensions {i} and "
                                f"{i + half} do not match.")
        out_shape = x.shape[:half]
        n = math.prod(out_shape)
        return diagonal(x.reshape(n, n)).reshape(out_shape)
    return diag_part_op


registry.register("DiagPart", infer=_diag_part_infer, kernel=_diag_part_kernel)


def diag_part(input: Any, name: str | None = None) -> Tensor:
    """`tf.diag_part`: the diagonal of a tensor of shape `s + s` (shape `s`)."""
    g = get_default_graph()
    with g.name_scope(name or "DiagPart") as scope:
        x = convert_to_tensor(input, name="input")
        return g.create_op("DiagPart", [x], {"T": x.dtype.base_dtype}, name=scope).outputs[0]


# --------------------------------------------------------------------------------------------
# Initializers

def _float_dtype(dtype: Any) -> _dtypes.DType:
    dtype = _dtypes.as_dtype(dtype)
    if not dtype.is_floating:
        raise ValueError(f"Expected floating point type, got {dtype}.")
    return dtype


def _dims(shape: Any) -> list[int]:
    """A fully defined shape (list, tuple or TensorShape) as a list of ints."""
    return [int(d) for d in as_shape(shape).as_list()]


def _compute_fans(shape: Any) -> tuple[int, int]:
    """(fan_in, fan_out): rank 0 -> (1, 1); [n] -> (n, n); [a, b] -> (a, b); higher ranks
    multiply both by the receptive field size prod(shape[:-2])."""
    dims = _dims(shape)
    if not dims:
        return 1, 1
    if len(dims) == 1:
        return dims[0], dims[0]
    receptive = 1
    for d in dims[:-2]:
        receptive *= d
    return dims[-2] * receptive, dims[-1] * receptive


def _scale_shape(shape: Any, partition_info: Any) -> Any:
    return shape if partition_info is None else partition_info.full_shape


class Initializer:
    """Base class of initializers: a config that can be saved and restored."""

    def get_config(self) -> dict:
        return {}

    @classmethod
    def from_config(cls, config: dict) -> "Initializer":
        return cls(**config)

    def _call_dtype(self, dtype: Any) -> _dtypes.DType:
        return self.dtype if dtype is None else _dtypes.as_dtype(dtype)


class Zeros(Initializer):
    """All zeros (`tf.zeros`: op `zeros`)."""

    def __init__(self, dtype: Any = _dtypes.float32):
        self.dtype = _dtypes.as_dtype(dtype)

    def __call__(self, shape: Any, dtype: Any = None, partition_info: Any = None) -> Tensor:
        from .array import zeros  # noqa: PLC0415 - array builders load after this module
        return zeros(shape, self._call_dtype(dtype))

    def get_config(self) -> dict:
        return {"dtype": self.dtype.name}


class Ones(Initializer):
    """All ones (`tf.ones`: op `ones`)."""

    def __init__(self, dtype: Any = _dtypes.float32):
        self.dtype = _dtypes.as_dtype(dtype)

    def __call__(self, shape: Any, dtype: Any = None, partition_info: Any = None) -> Tensor:
        from .array import ones  # noqa: PLC0415
        return ones(shape, self._call_dtype(dtype))

    def get_config(self) -> dict:
        return {"dtype": self.dtype.name}


class Constant(Initializer):
    """`value` as a `Const`: a scalar fills the shape; a list fills it in row-major order (with
    fewer values the last one repeats; more is an error)."""

    def __init__(self, value: Any = 0, dtype: Any = _dtypes.float32, verify_shape: bool = False):
        if not (np.isscalar(value) or isinstance(value, (list, tuple, np.ndarray))):
            raise TypeError(f"Invalid type for initial value: {type(value)} (expected Python "
                            f"scalar, list or tuple of values, or numpy.ndarray).")
        self.value = value
        self.dtype = _dtypes.as_dtype(dtype)
        self._verify_shape = verify_shape

    def __call__(self, shape: Any, dtype: Any = None, partition_info: Any = None,
                 verify_shape: bool | None = None) -> Tensor:
        if verify_shape is None:
            verify_shape = self._verify_shape
        return _constant(self.value, dtype=self._call_dtype(dtype), shape=shape,
                        verify_shape=verify_shape)

    def get_config(self) -> dict:
        return {"value": self.value, "dtype": self.dtype.name}


class RandomUniform(Initializer):
    """U[minval, maxval) (`tf.random_uniform`); maxval None means 1 for floats."""

    def __init__(self, minval: Any = 0, maxval: Any = None, seed: int | None = None,
                 dtype: Any = _dtypes.float32):
        self.minval = minval
        self.maxval = maxval
        self.seed = seed
        self.dtype = _dtypes.as_dtype(dtype)

    def __call__(self, shape: Any, dtype: Any = None, partition_info: Any = None) -> Tensor:
        from .random import random_uniform  # noqa: PLC0415
        return random_uniform(shape, self.minval, self.maxval, self._call_dtype(dtype),
                              seed=self.seed)

    def get_config(self) -> dict:
        return {"minval": self.minval, "maxval": self.maxval, "seed": self.seed,
                "dtype": self.dtype.name}


class RandomNormal(Initializer):
    """N(mean, stddev**2) (`tf.random_normal`)."""

    def __init__(self, mean: float = 0.0, stddev: float = 1.0, seed: int | None = None,
                 dtype: Any = _dtypes.float32):
        self.mean = mean
        self.stddev = stddev
        self.seed = seed
        self.dtype = _float_dtype(dtype)

    def __call__(self, shape: Any, dtype: Any = None, partition_info: Any = None) -> Tensor:
        from .random import random_normal  # noqa: PLC0415
        return random_normal(shape, self.mean, self.stddev, self._call_dtype(dtype),
                             seed=self.seed)

    def get_config(self) -> dict:
        return {"mean": self.mean, "stddev": self.stddev, "seed": self.seed,
                "dtype": self.dtype.name}


class TruncatedNormal(RandomNormal):
    """Normal samples redrawn beyond two standard deviations (`tf.truncated_normal`)."""

    def __call__(self, shape: Any, dtype: Any = None, partition_info: Any = None) -> Tensor:
        from .random import truncated_normal  # noqa: PLC0415
        return truncated_normal(shape, self.mean, self.stddev, self._call_dtype(dtype),
                                seed=self.seed)


class UniformUnitScaling(Initializer):
    """U(-L, L) with L = factor * sqrt(3 / prod(shape[:-1])), keeping a matmul's output scale."""

    def __init__(self, factor: float = 1.0, seed: int | None = None,
                 dtype: Any = _dtypes.float32):
        self.factor = factor
        self.seed = seed
        self.dtype = _float_dtype(dtype)

    def __call__(self, shape: Any, dtype: Any = None, partition_info: Any = None) -> Tensor:
        from .random import random_uniform  # noqa: PLC0415
        input_size = 1.0
        for d in _dims(_scale_shape(shape, partition_info))[:-1]:
            input_size *= float(d)
        limit = math.sqrt(3 / max(input_size, 1.0)) * self.factor
        return random_uniform(shape, -limit, limit, self._call_dtype(dtype), seed=self.seed)

    def get_config(self) -> dict:
        return {"factor": self.factor, "seed": self.seed, "dtype": self.dtype.name}


_TRUNCATED_NORMAL_STD = 0.87962566103423978  # std of a unit normal truncated to [-2, 2]


class VarianceScaling(Initializer):
    """Samples with variance scale / n, n = fan_in, fan_out or their mean (each at least 1):
    a truncated normal (std corrected for the truncation), a plain normal, or a uniform."""

    def __init__(self, scale: float = 1.0, mode: str = "fan_in",
                 distribution: str = "truncated_normal", seed: int | None = None,
                 dtype: Any = _dtypes.float32):
        if scale <= 0.0:
            raise ValueError("`scale` must be positive float.")
        if mode not in {"fan_in", "fan_out", "fan_avg"}:
            raise ValueError("Invalid `mode` argument:", mode)
        distribution = distribution.lower()
        if distribution not in {"normal", "uniform", "truncated_normal", "untruncated_normal"}:
            raise ValueError("Invalid `distribution` argument:", distribution)
        self.scale = scale
        self.mode = mode
        self.distribution = distribution
        self.seed = seed
        self.dtype = _float_dtype(dtype)

    def __call__(self, shape: Any, dtype: Any = None, partition_info: Any = None) -> Tensor:
        from .random import random_normal, random_uniform, truncated_normal  # noqa: PLC0415
        dtype = self._call_dtype(dtype)
        fan_in, fan_out = _compute_fans(_scale_shape(shape, partition_info))
        n = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2.0}[self.mode]
        scale = self.scale / max(1.0, n)
        if self.distribution in ("normal", "truncated_normal"):
            stddev = math.sqrt(scale) / _TRUNCATED_NORMAL_STD
            return truncated_normal(shape, 0.0, stddev, dtype, seed=self.seed)
        if self.distribution == "untruncated_normal":
            return random_normal(shape, 0.0, math.sqrt(scale), dtype, seed=self.seed)
        limit = math.sqrt(3.0 * scale)
        return random_uniform(shape, -limit, limit, dtype, seed=self.seed)

    def get_config(self) -> dict:
        return {"scale": self.scale, "mode": self.mode, "distribution": self.distribution,
                "seed": self.seed, "dtype": self.dtype.name}


class GlorotUniform(VarianceScaling):
    """U(-L, L), L = sqrt(6 / (fan_in + fan_out)): `get_variable`'s default for floats."""

    def __init__(self, seed: int | None = None, dtype: Any = _dtypes.float32):
        super().__init__(1.0, "fan_avg", "uniform", seed, dtype)

    def get_config(self) -> dict:
        return {"seed": self.seed, "dtype": self.dtype.name}


class GlorotNormal(VarianceScaling):
    """Truncated normal with std sqrt(2 / (fan_in + fan_out)) (before the truncation)."""

    def __init__(self, seed: int | None = None, dtype: Any = _dtypes.float32):
        super().__init__(1.0, "fan_avg", "truncated_normal", seed, dtype)

    def get_config(self) -> dict:
        return {"seed": self.seed, "dtype": self.dtype.name}


class Orthogonal(Initializer):
    """A random orthogonal matrix (reshaped to `shape`) times `gain`: the Q of the QR
    factorization of a normal matrix, its columns' signs fixed by R's diagonal so that Q is
    uniformly distributed."""

    def __init__(self, gain: float = 1.0, seed: int | None = None,
                 dtype: Any = _dtypes.float32):
        self.gain = gain
        self.seed = seed
        self.dtype = _float_dtype(dtype)

    def __call__(self, shape: Any, dtype: Any = None, partition_info: Any = None) -> Tensor:
        from .array import reshape, transpose  # noqa: PLC0415
        from .math import sign  # noqa: PLC0415
        from .random import random_normal  # noqa: PLC0415
        dtype = self._call_dtype(dtype)
        dims = _dims(shape)
        if len(dims) < 2:
            raise ValueError("The tensor to initialize must be at least two-dimensional")
        rows = 1
        for d in dims[:-1]:
            rows *= d
        cols = dims[-1]
        flat = (cols, rows) if rows < cols else (rows, cols)
        a = random_normal(flat, dtype=dtype, seed=self.seed)
        q, r = qr(a, full_matrices=False)
        q *= sign(diag_part(r))
        if rows < cols:
            with get_default_graph().name_scope("matrix_transpose"):
                q = transpose(q, perm=[1, 0])
        return self.gain * reshape(q, dims)

    def get_config(self) -> dict:
        return {"gain": self.gain, "seed": self.seed, "dtype": self.dtype.name}


def he_normal(seed: int | None = None) -> VarianceScaling:
    """Truncated normal, variance 2 / fan_in."""
    return VarianceScaling(2.0, "fan_in", "truncated_normal", seed)


def he_uniform(seed: int | None = None) -> VarianceScaling:
    """Uniform, variance 2 / fan_in."""
    return VarianceScaling(2.0, "fan_in", "uniform", seed)


def lecun_normal(seed: int | None = None) -> VarianceScaling:
    """Truncated normal, variance 1 / fan_in."""
    return VarianceScaling(1.0, "fan_in", "truncated_normal", seed)


def lecun_uniform(seed: int | None = None) -> VarianceScaling:
    """Uniform, variance 1 / fan_in."""
    return VarianceScaling(1.0, "fan_in", "uniform", seed)


# TF1's spellings are these very classes.
zeros_initializer = Zeros
ones_initializer = Ones
constant_initializer = Constant
random_uniform_initializer = RandomUniform
random_normal_initializer = RandomNormal
truncated_normal_initializer = TruncatedNormal
uniform_unit_scaling_initializer = UniformUnitScaling
variance_scaling_initializer = VarianceScaling
glorot_uniform_initializer = GlorotUniform
glorot_normal_initializer = GlorotNormal
orthogonal_initializer = Orthogonal

# `tf.initializers.*` names bound to the objects above.
zeros = Zeros
ones = Ones
constant = Constant
random_uniform = RandomUniform
random_normal = RandomNormal
truncated_normal = TruncatedNormal
uniform_unit_scaling = UniformUnitScaling
variance_scaling = VarianceScaling
glorot_uniform = GlorotUniform
glorot_normal = GlorotNormal
orthogonal = Orthogonal
