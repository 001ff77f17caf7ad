"""Initializers: objects that build the ops of a variable's initial value, with TF1's names,
signatures, defaults and distributions (mirrors init_ops.py of TF 1.15).

`initializer(shape, dtype=None, partition_info=None)` builds ops in the current name scope (a
variable calls it under `<name>/Initializer/`): `zeros`, `Const`, `random_uniform`,
`truncated_normal`, ... exactly as TF's do. Also home of the Qr and DiagPart ops the orthogonal
initializer builds, with their gradients (TF 1.15's linalg_grad.py and array_grad.py) and the
ops those gradients build: Diag, MatrixBandPart and MatrixTriangularSolve.
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
from ..framework.tensor_shape import TensorShape, as_shape, merge_checked, unknown_shape
from . import array as array_ops
from . import math as math_ops
from .common_shapes import check_dtype_allowed, shape_str

__all__ = ["zeros_initializer", "ones_initializer", "constant_initializer",
           "random_uniform_initializer", "random_normal_initializer",
           "truncated_normal_initializer", "uniform_unit_scaling_initializer",
           "variance_scaling_initializer", "glorot_uniform_initializer",
           "glorot_normal_initializer", "orthogonal_initializer", "qr", "diag", "diag_part",
           "matrix_band_part", "matrix_triangular_solve"]

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


def _adjoint(matrix: Tensor) -> Tensor:
    """linalg.adjoint of a matrix of known rank: the conjugate transpose of the inner-most
    matrices, named as TF names it (`adjoint/matrix_transpose/transpose`)."""
    g = get_default_graph()
    with g.name_scope("adjoint"):
        matrix = convert_to_tensor(matrix, name="matrix")
        with g.name_scope("matrix_transpose"):
            ndims = matrix.shape.ndims
            perm = list(range(ndims - 2)) + [ndims - 1, ndims - 2]
            return array_ops.transpose(matrix, perm=perm, conjugate=True)


def _qr_grad(op, dq, dr):
    """TF 1.15's QrGrad: square R only (m >= n with reduced matrices, or m == n)."""
    q, r = op.outputs
    if q.dtype.is_complex:
        raise NotImplementedError(f"QrGrad not implemented for dtype: {q.dtype}")
    if r.shape.ndims is None or r.shape.as_list()[-2] is None or r.shape.as_list()[-1] is None:
        raise NotImplementedError("QrGrad not implemented with dynamic shapes.")
    if r.shape.dims[-2].value != r.shape.dims[-1].value:
        raise NotImplementedError("QrGrad not implemented when ncols > nrows or full_matrices "
                                  "is true and ncols != nrows.")
    qdq = math_ops.matmul(q, dq, adjoint_a=True)
    qdq_ = qdq - _adjoint(qdq)
    rdr = math_ops.matmul(r, dr, adjoint_b=True)
    rdr_ = rdr - _adjoint(rdr)
    tril = matrix_band_part(qdq_ + rdr_, -1, 0)

    def _triangular_solve(x, r):
        # x times the inverse of r's adjoint, for upper-triangular r
        return _adjoint(matrix_triangular_solve(r, _adjoint(x), lower=False, adjoint=False))

    grad_a = math_ops.matmul(q, dr + _triangular_solve(tril, r))
    grad_b = _triangular_solve(dq - math_ops.matmul(q, qdq), r)
    return grad_a + grad_b


registry.register("Qr", infer=_qr_infer, kernel=_qr_kernel, grad=_qr_grad)


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


def _diag_part_grad(op, grad):
    return diag(grad)


registry.register("DiagPart", infer=_diag_part_infer, kernel=_diag_part_kernel,
                  grad=_diag_part_grad)


def diag_part(input: Any, name: str | None = None) -> Tensor:
    """`tf.diag_part`: the diagonal of a tensor of shape `s + s` (shape `s`)."""
    g = get_default_graph()
    with g.name_scope(name or "DiagPart") as scope:
        x = convert_to_tensor(input, name="input")
        return g.create_op("DiagPart", [x], {"T": x.dtype.base_dtype}, name=scope).outputs[0]


def _diag_infer(op):
    x = op.inputs[0]
    if x.shape.ndims is None:
        return [(x.dtype.base_dtype, unknown_shape())]
    if x.shape.ndims < 1:
        raise ValueError("Shape must be at least rank 1 but is rank 0")
    return [(x.dtype.base_dtype, x.shape.concatenate(x.shape))]


def _diag_kernel(ctx: registry.KernelContext):
    xp = ctx.xp

    def diag_op(x):
        if x.ndim < 1:
            raise errors.InvalidArgumentError(None, None,
                                              f"Input must be at least rank 1, got {x.ndim}")
        return xp.diag(x.reshape(-1)).reshape(x.shape + x.shape)
    return diag_op


def _diag_grad(op, grad):
    return diag_part(grad)


registry.register("Diag", infer=_diag_infer, kernel=_diag_kernel, grad=_diag_grad)


def diag(diagonal: Any, name: str | None = None) -> Tensor:
    """`tf.diag`: the tensor of shape `s + s` with `diagonal` (shape `s`) on its diagonal."""
    g = get_default_graph()
    with g.name_scope(name or "Diag") as scope:
        x = convert_to_tensor(diagonal, name="diagonal")
        return g.create_op("Diag", [x], {"T": x.dtype.base_dtype}, name=scope).outputs[0]


# --------------------------------------------------------------------------------------------
# MatrixBandPart and MatrixTriangularSolve (the ops Qr's gradient builds)

def _band_part_kernel(ctx: registry.KernelContext):
    xp = ctx.xp

    def matrix_band_part_(x, num_lower, num_upper):
        if x.ndim < 2:
            raise errors.InvalidArgumentError(
                None, None, f"input must be at least 2-dim, received shape: {shape_str(x.shape)}")
        rows, cols = x.shape[-2:]
        bounds = []
        for what, value, size, noun in (("num_lower", num_lower, rows, "rows"),
                                        ("num_upper", num_upper, cols, "columns")):
            if value.ndim:
                raise errors.InvalidArgumentError(
                    None, None, f"{what} must be scalar, got shape {shape_str(value.shape)}")
            value = int(value)
            if value > size:
                raise errors.InvalidArgumentError(
                    None, None, f"{what} must be negative or less or equal to number of {noun} "
                                f"({size}) got: {value}")
            bounds.append(value)
        lower, upper = bounds
        i = xp.arange(rows).reshape(-1, 1)
        j = xp.arange(cols).reshape(1, -1)
        keep = ((i - j <= lower) | (lower < 0)) & ((j - i <= upper) | (upper < 0))
        return xp.where(keep, x, xp.zeros((), x.dtype))
    return matrix_band_part_


def _band_part_grad(op, grad):
    return matrix_band_part(grad, op.inputs[1], op.inputs[2]), None, None


registry.register("MatrixBandPart", infer=lambda op: [(op.inputs[0].dtype.base_dtype,
                                                       op.inputs[0].shape)],
                  kernel=_band_part_kernel, grad=_band_part_grad)


def matrix_band_part(input: Any, num_lower: Any, num_upper: Any,  # noqa: A002 - TF's name
                     name: str | None = None) -> Tensor:
    """`tf.matrix_band_part`: the inner-most matrices with everything outside the band of
    `num_lower` sub- and `num_upper` super-diagonals zeroed (negative: keep all)."""
    g = get_default_graph()
    with g.name_scope(name or "MatrixBandPart") as scope:
        x = convert_to_tensor(input, name="input")
        lower = convert_to_tensor(num_lower, preferred_dtype=_dtypes.int64, name="num_lower")
        upper = convert_to_tensor(num_upper, dtype=lower.dtype.base_dtype, name="num_upper")
        check_dtype_allowed(lower.dtype, "num_lower", ("int32", "int64"))
        return g.create_op("MatrixBandPart", [x, lower, upper],
                           {"T": x.dtype.base_dtype, "Tindex": lower.dtype.base_dtype},
                           name=scope).outputs[0]


def _merge_dim(a: Any, b: Any) -> Any:
    """Two dimensions (ints or None) that must agree, as TF's C++ shape merge checks them."""
    if a is not None and b is not None and a != b:
        raise ValueError(f"Dimensions must be equal, but are {a} and {b}")
    return a if a is not None else b


def _triangular_solve_infer(op):
    """TF 1.15's MatrixSolveShapeFn for square matrices: batch dims must agree (no
    broadcasting); the output is batch + [n, k] with k the columns of `rhs`."""
    matrix, rhs = op.inputs
    lhs, b = matrix.shape.as_list() if matrix.shape.ndims is not None else None, \
        rhs.shape.as_list() if rhs.shape.ndims is not None else None
    for dims in (lhs, b):
        if dims is not None and len(dims) < 2:
            raise ValueError(f"Shape must be at least rank 2 but is rank {len(dims)}")
    n = None if lhs is None else _merge_dim(lhs[-2], lhs[-1])
    if lhs is not None and b is not None:
        batch = merge_checked(TensorShape(lhs[:-2]), TensorShape(b[:-2]))
    else:
        batch = TensorShape((lhs or b)[:-2]) if (lhs or b) is not None else None
    n = _merge_dim(n, None if b is None else b[-2])
    dtype = matrix.dtype.base_dtype
    if batch is None:
        return [(dtype, unknown_shape())]
    return [(dtype, batch.concatenate([n, None if b is None else b[-1]]))]


def check_solve_operands(matrix: Any, rhs: Any) -> bool:
    """TF's run-time checks of a (triangular) solve's operands; True when either is empty."""
    if matrix.shape[:-2] != rhs.shape[:-2]:
        raise errors.InvalidArgumentError(
            None, None, "All input tensors must have the same outer dimensions.")
    if matrix.shape[-1] != matrix.shape[-2]:
        raise errors.InvalidArgumentError(None, None, "Input matrix must be square.")
    if matrix.shape[-2] != rhs.shape[-2]:
        raise errors.InvalidArgumentError(None, None, "Input matrix and rhs are incompatible.")
    return matrix.size == 0 or rhs.size == 0


def _triangular_solve_kernel(ctx: registry.KernelContext):
    xp = ctx.xp
    lower, adjoint = ctx.attrs["lower"], ctx.attrs["adjoint"]

    def matrix_triangular_solve_(matrix, rhs):
        if check_solve_operands(matrix, rhs):
            return xp.zeros(rhs.shape, rhs.dtype)
        if not xp.diagonal(matrix, axis1=-2, axis2=-1).all():
            raise errors.InvalidArgumentError(None, None, "Input matrix is not invertible.")
        tri = xp.tril(matrix) if lower else xp.triu(matrix)
        if adjoint:
            tri = xp.conj(xp.swapaxes(tri, -1, -2))
        return xp.linalg.solve(tri, rhs).astype(rhs.dtype, copy=False)
    return matrix_triangular_solve_


def _triangular_solve_grad(op, grad):
    a = op.inputs[0]
    adjoint_a, lower_a = op.get_attr("adjoint"), op.get_attr("lower")
    c = op.outputs[0]
    grad_b = matrix_triangular_solve(a, grad, lower=lower_a, adjoint=not adjoint_a)
    if adjoint_a:
        grad_a = -math_ops.matmul(c, grad_b, adjoint_b=True)
    else:
        grad_a = -math_ops.matmul(grad_b, c, adjoint_b=True)
    if lower_a:
        grad_a = matrix_band_part(grad_a, -1, 0)
    else:
        grad_a = matrix_band_part(grad_a, 0, -1)
    return grad_a, grad_b


registry.register("MatrixTriangularSolve", infer=_triangular_solve_infer,
                  kernel=_triangular_solve_kernel, grad=_triangular_solve_grad)


def matrix_triangular_solve(matrix: Any, rhs: Any, lower: bool = True, adjoint: bool = False,
                            name: str | None = None) -> Tensor:
    """`tf.matrix_triangular_solve`: x with `matrix @ x = rhs` for the lower (or upper)
    triangle of the inner-most matrices (their adjoints with `adjoint`); the other triangle is
    ignored."""
    g = get_default_graph()
    with g.name_scope(name or "MatrixTriangularSolve") as scope:
        a = convert_to_tensor(matrix, name="matrix")
        b = convert_to_tensor(rhs, dtype=a.dtype.base_dtype, name="rhs")
        check_dtype_allowed(a.dtype, "matrix", ("float64", "float32", "float16", "complex64",
                                                "complex128"))
        return g.create_op("MatrixTriangularSolve", [a, b],
                           {"lower": bool(lower), "adjoint": bool(adjoint),
                            "T": a.dtype.base_dtype}, name=scope).outputs[0]


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
