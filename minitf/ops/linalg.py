"""Linear-algebra ops on (batches of) matrices: diagonals (MatrixDiag, MatrixDiagPart,
MatrixSetDiag), MatrixInverse and MatrixDeterminant with their gradients (TF 1.15's
array_grad.py and linalg_grad.py), and the functions TF 1.15 builds from other ops: `eye`
(linalg_ops_impl.py), `trace`, `tensordot` (math_ops.py), `matrix_transpose`
(array_ops.py) and the legacy `einsum` (special_math_ops.py), with their helper ops and names.
"""
from __future__ import annotations

import builtins
import numbers
import re
import string
from typing import Any

import numpy as np

from ..framework import dtypes as _dtypes
from ..framework import errors, registry
from ..framework.convert import convert_to_tensor
from ..framework.graph import Tensor, get_default_graph, name_scope
from ..framework.tensor_shape import TensorShape, unknown_shape
from ..logging import warning as _warn
from . import array as array_ops
from . import math as math_ops
from .common_shapes import check_dtype_allowed
from .init import check_solve_operands

__all__ = ["matrix_diag", "matrix_diag_part", "matrix_set_diag", "matrix_inverse",
           "matrix_determinant", "matrix_transpose", "eye", "trace", "tensordot", "einsum"]

_INVERTIBLE = ("float64", "float32", "float16", "complex64", "complex128")


def _dims(t: Tensor) -> list | None:
    return None if t.shape.ndims is None else [d.value for d in t.shape.dims]


def _at_least(t: Tensor, rank: int) -> list | None:
    dims = _dims(t)
    if dims is not None and len(dims) < rank:
        raise ValueError(f"Shape must be at least rank {rank} but is rank {len(dims)}")
    return dims


def _merge(a: int | None, b: int | None) -> int | None:
    if a is not None and b is not None and a != b:
        raise ValueError(f"Dimensions must be equal, but are {a} and {b}")
    return a if a is not None else b


def _square(dims: list) -> int | None:
    return _merge(dims[-2], dims[-1])


def _diagonal_index(xp: Any, rows: int, cols: int) -> tuple:
    n = builtins.min(rows, cols)
    k = xp.arange(n)
    return (Ellipsis, k, k)


# --------------------------------------------------------------------------------------------
# MatrixDiag, MatrixDiagPart, MatrixSetDiag

def _matrix_diag_infer(op):
    x = op.inputs[0]
    dims = _at_least(x, 1)
    if dims is None:
        return [(x.dtype.base_dtype, unknown_shape())]
    return [(x.dtype.base_dtype, TensorShape(dims + [dims[-1]]))]


def _matrix_diag_kernel(ctx: registry.KernelContext):
    xp = ctx.xp

    def matrix_diag_(d):
        n = d.shape[-1]
        out = xp.zeros(d.shape + (n,), dtype=d.dtype)
        out[_diagonal_index(xp, n, n)] = d
        return out
    return matrix_diag_


def _matrix_diag_grad(op, grad):
    return matrix_diag_part(grad)


registry.register("MatrixDiag", infer=_matrix_diag_infer, kernel=_matrix_diag_kernel,
                  grad=_matrix_diag_grad)


def matrix_diag(diagonal: Any, name: str = "diag") -> Tensor:
    """`tf.matrix_diag` / `tf.linalg.diag` (op MatrixDiag): square matrices with the last
    axis of `diagonal` on their diagonals."""
    g = get_default_graph()
    with g.name_scope(name) as scope:
        x = convert_to_tensor(diagonal, name="diagonal")
        return g.create_op("MatrixDiag", [x], {"T": x.dtype.base_dtype}, name=scope).outputs[0]


def _matrix_diag_part_infer(op):
    x = op.inputs[0]
    dims = _at_least(x, 2)
    if dims is None:
        return [(x.dtype.base_dtype, unknown_shape())]
    rows, cols = dims[-2:]
    n = None if rows is None or cols is None else builtins.min(rows, cols)
    return [(x.dtype.base_dtype, TensorShape(dims[:-2] + [n]))]


def _matrix_diag_part_kernel(ctx: registry.KernelContext):
    xp = ctx.xp
    return lambda x: xp.diagonal(x, axis1=-2, axis2=-1).copy()


def _matrix_diag_part_grad(op, grad):
    """A square matrix's gradient is MatrixDiag of the gradient; any other shape sets the
    diagonal of zeros."""
    x = op.inputs[0]
    matrix = x.shape[-2:]
    if matrix.is_fully_defined() and matrix.dims[0].value == matrix.dims[1].value:
        return matrix_diag(grad)
    return matrix_set_diag(array_ops.zeros_like(x), grad)


registry.register("MatrixDiagPart", infer=_matrix_diag_part_infer,
                  kernel=_matrix_diag_part_kernel, grad=_matrix_diag_part_grad)


def matrix_diag_part(input: Any, name: str = "diag_part") -> Tensor:
    """`tf.matrix_diag_part` / `tf.linalg.diag_part` (op MatrixDiagPart): the main diagonal of
    each innermost matrix."""
    g = get_default_graph()
    with g.name_scope(name) as scope:
        x = convert_to_tensor(input, name="input")
        return g.create_op("MatrixDiagPart", [x], {"T": x.dtype.base_dtype},
                           name=scope).outputs[0]


def _matrix_set_diag_infer(op):
    x, d = op.inputs
    dims = _at_least(x, 2)
    d_dims = _at_least(d, 1)
    if dims is not None and d_dims is not None:
        if len(d_dims) != len(dims) - 1:
            raise ValueError(f"Shape must be rank {len(dims) - 1} but is rank {len(d_dims)}")
        rows, cols = dims[-2:]
        n = None if rows is None or cols is None else builtins.min(rows, cols)
        _merge(n, d_dims[-1])
        batch = [_merge(a, b) for a, b in zip(dims[:-2], d_dims[:-1])]
        return [(x.dtype.base_dtype, TensorShape(batch + dims[-2:]))]
    return [(x.dtype.base_dtype, x.shape)]


def _matrix_set_diag_kernel(ctx: registry.KernelContext):
    xp = ctx.xp

    def matrix_set_diag_(x, d):
        rows, cols = x.shape[-2:]
        if d.shape != x.shape[:-2] + (builtins.min(rows, cols),):
            raise errors.InvalidArgumentError(
                None, None, f"must have diagonal.shape == input.shape[:-2] + "
                            f"min(input.shape[-2:]), but received input shape: "
                            f"{list(x.shape)} and diagonal shape: {list(d.shape)}")
        out = x.copy()
        out[_diagonal_index(xp, rows, cols)] = d
        return out
    return matrix_set_diag_


def _matrix_set_diag_grad(op, grad):
    """The input's gradient with a zero diagonal, and the gradient's diagonal."""
    x_shape = op.inputs[0].shape.merge_with(grad.shape)
    d_shape = op.inputs[1].shape
    batch = x_shape[:-2].merge_with(d_shape[:-1])
    matrix = x_shape[-2:]
    if batch.is_fully_defined() and matrix.is_fully_defined():
        diag_shape = batch.as_list() + [builtins.min(matrix.as_list())]
    else:
        with get_default_graph().colocate_with(grad):
            grad_shape = array_ops.shape(grad)
            grad_rank = array_ops.rank(grad)
            batch_t = array_ops.slice(grad_shape, [0], [grad_rank - 2])
            matrix_t = array_ops.slice(grad_shape, [grad_rank - 2], [2])
            min_dim = math_ops.reduce_min(matrix_t)
            diag_shape = array_ops.concat([batch_t, [min_dim]], 0)
    grad_input = matrix_set_diag(grad, array_ops.zeros(diag_shape, dtype=grad.dtype))
    grad_diag = matrix_diag_part(grad)
    return [grad_input, grad_diag]


registry.register("MatrixSetDiag", infer=_matrix_set_diag_infer,
                  kernel=_matrix_set_diag_kernel, grad=_matrix_set_diag_grad)


def matrix_set_diag(input: Any, diagonal: Any, name: str = "set_diag") -> Tensor:
    """`tf.matrix_set_diag` / `tf.linalg.set_diag` (op MatrixSetDiag): `input` with the main
    diagonal of each innermost matrix replaced by `diagonal`."""
    g = get_default_graph()
    with g.name_scope(name) as scope:
        x = convert_to_tensor(input, name="input")
        d = convert_to_tensor(diagonal, dtype=x.dtype.base_dtype, name="diagonal")
        return g.create_op("MatrixSetDiag", [x, d], {"T": x.dtype.base_dtype},
                           name=scope).outputs[0]


# --------------------------------------------------------------------------------------------
# MatrixInverse, MatrixDeterminant

def _matrix_inverse_infer(op):
    x = op.inputs[0]
    dims = _at_least(x, 2)
    if dims is None:
        return [(x.dtype.base_dtype, unknown_shape())]
    n = _square(dims)
    return [(x.dtype.base_dtype, TensorShape(dims[:-2] + [n, n]))]


def _square_or_fail(x: Any) -> None:
    if x.shape[-1] != x.shape[-2]:
        raise errors.InvalidArgumentError(
            None, None, f"Input matrices must be squares, got{x.shape[-2]} != {x.shape[-1]}")


def _matrix_inverse_kernel(ctx: registry.KernelContext):
    xp = ctx.xp
    adjoint = ctx.attrs["adjoint"]

    def matrix_inverse_(x):
        _square_or_fail(x)
        if adjoint:
            x = xp.conj(xp.swapaxes(x, -1, -2))
        if not x.size:
            return xp.zeros(x.shape, dtype=x.dtype)
        try:
            out = xp.linalg.inv(x)
        except Exception:  # noqa: BLE001 - numpy's LinAlgError, or cupy's
            raise errors.InvalidArgumentError(None, None, "Input is not invertible.") from None
        if not bool(xp.isfinite(out).all()):  # cupy reports a singular matrix with inf/nan
            raise errors.InvalidArgumentError(None, None, "Input is not invertible.")
        return out.astype(x.dtype, copy=False)
    return matrix_inverse_


def _matrix_inverse_grad(op, grad):
    """-A^-H grad A^-H."""
    ainv = op.outputs[0]
    return -math_ops.matmul(ainv, math_ops.matmul(grad, ainv, adjoint_b=True), adjoint_a=True)


registry.register("MatrixInverse", infer=_matrix_inverse_infer, kernel=_matrix_inverse_kernel,
                  grad=_matrix_inverse_grad)


def matrix_inverse(input: Any, adjoint: bool = False, name: str | None = None) -> Tensor:
    """`tf.matrix_inverse` / `tf.linalg.inv` (op MatrixInverse): the inverse of each innermost
    square matrix (of its adjoint with `adjoint`); a singular one fails at run time."""
    g = get_default_graph()
    with g.name_scope(name or "MatrixInverse") as scope:
        x = convert_to_tensor(input, name="input")
        check_dtype_allowed(x.dtype, "input", _INVERTIBLE)
        return g.create_op("MatrixInverse", [x],
                           {"T": x.dtype.base_dtype, "adjoint": bool(adjoint)},
                           name=scope).outputs[0]


def _matrix_determinant_infer(op):
    x = op.inputs[0]
    dims = _at_least(x, 2)
    if dims is None:
        return [(x.dtype.base_dtype, unknown_shape())]
    _square(dims)
    return [(x.dtype.base_dtype, TensorShape(dims[:-2]))]


def _matrix_determinant_kernel(ctx: registry.KernelContext):
    xp = ctx.xp

    def matrix_determinant_(x):
        _square_or_fail(x)
        if not x.shape[-1]:
            return xp.ones(x.shape[:-2], dtype=x.dtype)
        return xp.asarray(xp.linalg.det(x), dtype=x.dtype)
    return matrix_determinant_


def _matrix_determinant_grad(op, grad):
    """det(A) grad A^-H, per matrix."""
    a, c = op.inputs[0], op.outputs[0]
    a_adj_inv = matrix_inverse(a, adjoint=True)
    multipliers = array_ops.reshape(grad * c, array_ops.concat([array_ops.shape(c), [1, 1]], 0))
    return multipliers * a_adj_inv


registry.register("MatrixDeterminant", infer=_matrix_determinant_infer,
                  kernel=_matrix_determinant_kernel, grad=_matrix_determinant_grad)


def matrix_determinant(input: Any, name: str | None = None) -> Tensor:
    """`tf.matrix_determinant` / `tf.linalg.det` (op MatrixDeterminant): the determinant of each
    innermost square matrix."""
    g = get_default_graph()
    with g.name_scope(name or "MatrixDeterminant") as scope:
        x = convert_to_tensor(input, name="input")
        check_dtype_allowed(x.dtype, "input", _INVERTIBLE)
        return g.create_op("MatrixDeterminant", [x], {"T": x.dtype.base_dtype},
                           name=scope).outputs[0]


# --------------------------------------------------------------------------------------------
# Functions built from other ops

def matrix_transpose(a: Any, name: str = "matrix_transpose", conjugate: bool = False) -> Tensor:
    """`tf.matrix_transpose` / `tf.linalg.transpose`: the two innermost axes swapped (a
    Transpose whose permutation is a constant when the rank is known)."""
    with name_scope(name, values=[a]):
        a = convert_to_tensor(a, name="a")
        ndims = a.shape.ndims
        if ndims is not None:
            if ndims < 2:
                raise ValueError(f"Argument 'a' should be a (batch) matrix, with rank >= 2.  "
                                 f"Found: {a.shape}")
            perm: Any = list(builtins.range(ndims - 2)) + [ndims - 1, ndims - 2]
        else:
            a_rank = array_ops.rank(a)
            perm = array_ops.concat(
                (array_ops._range_op(0, a_rank - 2, 1, "Range"), [a_rank - 1, a_rank - 2]), 0)
        return array_ops.transpose(a, perm=perm, conjugate=conjugate)


def adjoint(matrix: Any, name: str | None = None) -> Tensor:
    """`tf.linalg.adjoint`: the conjugate transpose of each innermost matrix."""
    with name_scope(name, "adjoint", [matrix]):
        matrix = convert_to_tensor(matrix, name="matrix")
        return matrix_transpose(matrix, conjugate=True)


def trace(x: Any, name: str | None = None) -> Tensor:
    """`tf.trace` / `tf.linalg.trace`: the sum of each innermost matrix's diagonal."""
    with name_scope(name, "Trace", [x]) as scope:
        x = convert_to_tensor(x, name="x")
        return math_ops.reduce_sum(matrix_diag_part(x), [-1], name=scope)


def eye(num_rows: Any, num_columns: Any = None, batch_shape: Any = None,
        dtype: Any = _dtypes.float32, name: str | None = None) -> Tensor:
    """`tf.eye` / `tf.linalg.eye`: identity matrices (a MatrixDiag of ones; a MatrixSetDiag of
    zeros when not square), optionally batched."""
    with name_scope(name, "eye", [num_rows, num_columns, batch_shape]):
        is_square = num_columns is None
        batch_shape = [] if batch_shape is None else batch_shape
        num_columns = num_rows if num_columns is None else num_columns
        if isinstance(num_rows, Tensor) or isinstance(num_columns, Tensor):
            diag_size: Any = math_ops.minimum(num_rows, num_columns)
        else:
            if not isinstance(num_rows, numbers.Integral) or \
                    not isinstance(num_columns, numbers.Integral):
                raise TypeError("num_rows and num_columns must be positive integer values.")
            is_square = num_rows == num_columns
            diag_size = np.minimum(num_rows, num_columns)
        if isinstance(batch_shape, Tensor) or isinstance(diag_size, Tensor):
            batch_shape = convert_to_tensor(batch_shape, name="shape", dtype=_dtypes.int32)
            diag_shape: Any = array_ops.concat((batch_shape, [diag_size]), axis=0)
            if not is_square:
                shape: Any = array_ops.concat((batch_shape, [num_rows, num_columns]), axis=0)
        else:
            if not isinstance(batch_shape, (list, tuple)):
                raise TypeError("batch_shape must be a list or tuple.")
            batch_shape = list(batch_shape)
            diag_shape = batch_shape + [diag_size]
            if not is_square:
                shape = batch_shape + [num_rows, num_columns]
        diag_ones = array_ops.ones(diag_shape, dtype=dtype)
        if is_square:
            return matrix_diag(diag_ones)
        return matrix_set_diag(array_ops.zeros(shape, dtype=dtype), diag_ones)


# ---- tensordot

def _tensordot_axes(a: Tensor, axes: Any) -> tuple:
    """The contracted axes of `a` and of `b` (lists, or int32 tensors)."""
    if isinstance(axes, numbers.Integral):
        if axes < 0:
            raise ValueError("'axes' must be at least 0.")
        ndims = a.shape.ndims
        if ndims is not None:
            if axes > ndims:
                raise ValueError(f"'axes' must not be larger than the number of dimensions of "
                                 f"tensor {a}.")
            return list(builtins.range(ndims - axes, ndims)), list(builtins.range(axes))
        rank = array_ops.rank(a)
        return (array_ops.range(rank - axes, rank, dtype=_dtypes.int32),
                array_ops.range(axes, dtype=_dtypes.int32))
    if isinstance(axes, (list, tuple)):
        if len(axes) != 2:
            raise ValueError("'axes' must be an integer or have length 2.")
        a_axes, b_axes = axes
        if isinstance(a_axes, numbers.Integral) and isinstance(b_axes, numbers.Integral):
            a_axes, b_axes = [a_axes], [b_axes]
        if len(a_axes) != len(b_axes):
            raise ValueError(f"Different number of contraction axes 'a' and 'b', "
                             f"{len(a_axes)} != {len(b_axes)}.")
        return a_axes, b_axes
    axes = convert_to_tensor(axes, name="axes", dtype=_dtypes.int32)
    return axes[0], axes[1]


def _tensordot_reshape(a: Tensor, axes: Any, flipped: bool = False) -> tuple:
    """`a` transposed and reshaped into the matrix MatMul contracts (its contracted axes last,
    or first when `flipped`), its free dimensions, and their static sizes (or None)."""
    if a.shape.is_fully_defined() and isinstance(axes, (list, tuple)):
        shape_a = a.shape.as_list()
        axes = [i if i >= 0 else i + len(shape_a) for i in axes]
        free = [i for i in builtins.range(len(shape_a)) if i not in axes]
        free_dims = [shape_a[i] for i in free]
        prod_free = int(np.prod(free_dims))
        prod_axes = int(np.prod([shape_a[i] for i in axes]))
        perm = list(axes) + free if flipped else free + list(axes)
        new_shape = [prod_axes, prod_free] if flipped else [prod_free, prod_axes]
        return array_ops.reshape(array_ops.transpose(a, perm), new_shape), free_dims, free_dims
    if a.shape.ndims is not None and isinstance(axes, (list, tuple)):
        shape_list = a.shape.as_list()
        axes = [i if i >= 0 else i + len(shape_list) for i in axes]
        free = [i for i in builtins.range(len(shape_list)) if i not in axes]
        free_dims_static: list | None = [shape_list[i] for i in free]
        axes = convert_to_tensor(axes, dtype=_dtypes.int32, name="axes")
        free = convert_to_tensor(free, dtype=_dtypes.int32, name="free")
        shape_a = array_ops.shape(a)
    else:
        free_dims_static = None
        shape_a = array_ops.shape(a)
        rank_a = array_ops.rank(a)
        axes = convert_to_tensor(axes, dtype=_dtypes.int32, name="axes")
        axes = array_ops.where(axes >= 0, axes, axes + rank_a)
        free, _ = math_ops.setdiff1d(array_ops.range(rank_a), axes)
    free_dims = array_ops.gather(shape_a, free)
    axes_dims = array_ops.gather(shape_a, axes)
    prod_free_dims = math_ops.reduce_prod(free_dims)
    prod_axes_dims = math_ops.reduce_prod(axes_dims)
    if flipped:
        perm = array_ops.concat([axes, free], 0)
        new_shape = array_ops.stack([prod_axes_dims, prod_free_dims])
    else:
        perm = array_ops.concat([free, axes], 0)
        new_shape = array_ops.stack([prod_free_dims, prod_axes_dims])
    reshaped = array_ops.reshape(array_ops.transpose(a, perm), new_shape)
    return reshaped, free_dims, free_dims_static


def tensordot(a: Any, b: Any, axes: Any, name: str | None = None) -> Tensor:
    """`tf.tensordot` / `tf.linalg.tensordot`: sums of products over `axes` of `a` and `b`,
    one MatMul between transposes and reshapes."""
    with name_scope(name, "Tensordot", [a, b, axes]) as scope:
        a = convert_to_tensor(a, name="a")
        b = convert_to_tensor(b, name="b")
        a_axes, b_axes = _tensordot_axes(a, axes)
        a_reshape, a_free_dims, a_free_static = _tensordot_reshape(a, a_axes)
        b_reshape, b_free_dims, b_free_static = _tensordot_reshape(b, b_axes, True)
        ab_matmul = math_ops.matmul(a_reshape, b_reshape)
        if isinstance(a_free_dims, list) and isinstance(b_free_dims, list):
            return array_ops.reshape(ab_matmul, a_free_dims + b_free_dims, name=scope)
        a_free_dims = convert_to_tensor(a_free_dims, dtype=_dtypes.int32)
        b_free_dims = convert_to_tensor(b_free_dims, dtype=_dtypes.int32)
        product = array_ops.reshape(ab_matmul, array_ops.concat([a_free_dims, b_free_dims], 0),
                                    name=scope)
        if a_free_static is not None and b_free_static is not None:
            product.set_shape(a_free_static + b_free_static)
        return product


# ---- einsum (TF 1.15's legacy implementation: transposes, reshapes, MatMul, Sum)

def _einsum_labels(equation: str, input_shapes: list) -> tuple[list, str]:
    """Each input's axis labels (ellipses resolved to unused letters) and the output's (the
    labels seen once, sorted, when the equation gives none)."""
    equation = equation.replace(" ", "")
    match = re.match(r"^([a-zA-Z,.]+)(->[a-zA-Z.]*)?$", equation)
    if not match:
        raise ValueError(f"Indices have incorrect format: {equation}")
    inputs = match.group(1).split(",")
    output = match.group(2)[2:] if match.group(2) else None
    if len(input_shapes) != len(inputs):
        raise ValueError(f'Got {len(input_shapes)} arguments for equation "{equation}", '
                         f'expecting {len(inputs)}')
    ellipsis = ""
    if "..." in equation:
        unused = "".join(c for c in string.ascii_letters if c not in "".join(inputs))
        for i, labels in enumerate(inputs):
            if "..." not in labels:
                continue
            parts = labels.split("...")
            if len(parts) != 2:
                raise ValueError("Unable to resolve ellipsis. Excess number found.")
            if input_shapes[i].ndims is None:
                raise ValueError("Unable to statically infer ellipsis axes.")
            n = input_shapes[i].ndims - len("".join(parts))
            if n < 0:
                raise ValueError("Ellipses lengths do not match.")
            if len(unused) < n:
                raise ValueError("Unable to resolve ellipsis, too many distinct labels.")
            replaced = unused[-n:] if n > 0 else ""
            inputs[i] = labels.replace("...", replaced)
            if len(replaced) > len(ellipsis):
                ellipsis = replaced
        if any("." in labels for labels in inputs):
            raise ValueError("period '.' found outside of ellipsis")
        if output is not None:
            output = output.replace("...", ellipsis)
            if "." in output:
                raise ValueError("period '.' found outside of ellipsis")
    if output is None:
        counts: dict = {}
        for labels in inputs:
            for c in labels:
                if c not in ellipsis:
                    counts[c] = counts.get(c, 0) + 1
        output = ellipsis + "".join(sorted(c for c, k in counts.items() if k == 1))
    return inputs, output


def _transpose_if_necessary(tensor: Tensor, perm: list) -> Tensor:
    if perm != list(builtins.range(len(perm))):
        return array_ops.transpose(tensor, perm=perm)
    return tensor


def _reshape_if_necessary(tensor: Tensor, new_shape: list) -> Tensor:
    new_shape = [-1 if d is None else d for d in new_shape]
    current = [d.value for d in tensor.shape.dims]
    if len(new_shape) == len(current) and all(
            not isinstance(b, Tensor) and (a == b or b == -1)
            for a, b in zip(current, new_shape)):
        return tensor
    return array_ops.reshape(tensor, new_shape)


def _known_shape(tensor: Tensor) -> list:
    """The static shape, with `shape(tensor)[i]` for each unknown dimension."""
    dims = tensor.shape.as_list()
    unknown = [i for i, d in enumerate(dims) if d is None]
    if unknown:
        shape_t = array_ops.shape(tensor)
        for i in unknown:
            dims[i] = shape_t[i]
    return dims


def _total_size(dims: list) -> Any:
    total: Any = 1
    for d in dims:
        total *= d
    return total


def _einsum_reduction(t0: Tensor, labels0: str, t1: Tensor, labels1: str,
                      axes_to_sum: set) -> tuple[Tensor, str]:
    """Two inputs contracted over `axes_to_sum`: a broadcast product when there is nothing to
    sum, else one (batch) MatMul of the inputs with preserved axes first and summed axes
    innermost."""
    if len(labels0) != t0.shape.ndims:
        raise ValueError(f"Tensor t0 of rank {t0.shape.ndims} does not match einsum reduction "
                         f"of length {len(labels0)}")
    if len(labels1) != t1.shape.ndims:
        raise ValueError(f"Tensor t1 of rank {t1.shape.ndims} does not match einsum reduction "
                         f"of length {len(labels1)}")
    preserved = (set(labels0) & set(labels1)) - axes_to_sum
    broadcast = [set(labels0) - preserved - axes_to_sum, set(labels1) - preserved - axes_to_sum]

    def order(which: int, a: str) -> tuple:
        if a in preserved:
            return (-1, a)
        if (which == 0 and a in broadcast[0]) or (which == 1 and a in axes_to_sum):
            return (0, a)
        return (1, a)

    sorted0 = sorted(labels0, key=lambda a: order(0, a))
    sorted1 = sorted(labels1, key=lambda a: order(1, a))
    t0 = _transpose_if_necessary(t0, [labels0.find(a) for a in sorted0])
    t1 = _transpose_if_necessary(t1, [labels1.find(a) for a in sorted1])
    n_pres = len(preserved)
    if not axes_to_sum:
        for _ in broadcast[1]:
            t0 = array_ops.expand_dims(t0, -1)
        for _ in broadcast[0]:
            t1 = array_ops.expand_dims(t1, n_pres)
        product = math_ops.multiply(t0, t1)
        return product, "".join(sorted0 + sorted1[n_pres:])
    n_sum = len(axes_to_sum)
    shape0 = _known_shape(t0)
    summed = _total_size(shape0[-n_sum:])
    t0 = _reshape_if_necessary(t0, shape0[:n_pres] + [_total_size(shape0[n_pres:-n_sum]),
                                                      summed])
    shape1 = _known_shape(t1)
    t1 = _reshape_if_necessary(t1, shape1[:n_pres] + [summed,
                                                      _total_size(shape1[n_pres + n_sum:])])
    product = math_ops.matmul(t0, t1)
    n_b1 = len(broadcast[1])
    uncompacted = shape0[:n_pres + len(broadcast[0])] + shape1[len(shape1) - n_b1:]
    product = _reshape_if_necessary(product, uncompacted)
    labels = sorted0[:n_pres + len(broadcast[0])] + sorted1[len(sorted1) - n_b1:]
    return product, "".join(labels)


def _exponential_space_einsum(equation: str, inputs: list) -> Tensor:
    """An index summed over more than two inputs: every input broadcast to all the axes, one
    product, one Sum."""
    idx_in, idx_out = _einsum_labels(equation, [x.shape for x in inputs])
    idx_all = set("".join(idx_in) + idx_out)
    order = {}
    for ax in sorted(idx_all):
        if ax not in idx_out:
            order[ax] = len(order)
    for ax in idx_out:
        order[ax] = len(order)
    for i, (x, axes) in enumerate(zip(inputs, idx_in)):
        if x.shape.ndims != len(axes):
            raise ValueError(f"Input {i} with axes {axes} has incorrect number of dimensions "
                             f"(expected {len(axes)}, got {x.shape.ndims})")
        sorted_idx = sorted(axes, key=order.get)
        if list(axes) != sorted_idx:
            inputs[i] = array_ops.transpose(x, [axes.find(ax) for ax in sorted_idx])
            idx_in[i] = sorted_idx
    reduction = []
    shapes = [[d if d else -1 for d in x.shape.as_list()] for x in inputs]
    for j, ax in enumerate(sorted(idx_all, key=order.get)):
        dims = []
        for i, idx in enumerate(idx_in):
            if ax not in idx:
                shapes[i].insert(j, 1)
            elif isinstance(shapes[i][j], int) and shapes[i][j] > 1:
                dims.append(shapes[i][j])
        if len(set(dims)) > 1:
            raise ValueError(f"Dimension mismatch on axis: {ax}")
        if ax not in idx_out:
            reduction.append(j)
    expanded: Any = 1
    for x, s in zip(inputs, shapes):
        expanded *= array_ops.reshape(x, s)
    return math_ops.reduce_sum(expanded, reduction)


def einsum(equation: str, *inputs: Any, **kwargs: Any) -> Tensor:
    """`tf.einsum` / `tf.linalg.einsum`: the contraction `equation` describes, built as TF
    1.15 builds it: pairwise transposes, reshapes and MatMuls (a product where nothing is
    summed), a Sum over labels absent from the output, a final transpose; `'ii'` is a trace.
    A label repeated within one input is refused, as 1.15 refuses it."""
    name = kwargs.pop("name", None)
    if kwargs:
        raise TypeError("invalid keyword arguments for this function: "
                        + ", ".join(sorted(kwargs)))
    with name_scope(name, "einsum", [equation, inputs]):
        inputs = [convert_to_tensor(x) for x in inputs]
        input_labels, output_labels = _einsum_labels(equation, [x.shape for x in inputs])
        all_labels = set("".join(input_labels) + output_labels)
        for a in all_labels:
            for labels in input_labels:
                if (len(input_labels) == 1 and labels.count(a) == 2
                        and labels == labels[::-1] and "->" not in equation):
                    return trace(inputs[0])
                if labels.count(a) > 1:
                    raise ValueError(f"Subscript not supported: an axis appears more than "
                                     f"once: {labels}")
        for a in all_labels:
            if sum(1 for s in input_labels if a in s) > 2 and a not in output_labels:
                _warn("Falling back to exponential-space implementation of einsum() because "
                      "index \"%s\" is summed over more than two inputs.", a)
                return _exponential_space_einsum(equation, list(inputs))
        temp, temp_labels = inputs[0], input_labels[0]
        for i in builtins.range(len(inputs) - 1):
            axes_to_sum = set(temp_labels) & set(input_labels[i + 1]) - set(output_labels)
            temp, temp_labels = _einsum_reduction(temp, temp_labels, inputs[i + 1],
                                                  input_labels[i + 1], axes_to_sum)
        missing = set(temp_labels) - set(output_labels)
        if missing:
            axis = [i for i, a in enumerate(temp_labels) if a not in output_labels]
            temp = math_ops.reduce_sum(temp, axis=axis)
            temp_labels = "".join(a for a in temp_labels if a in output_labels)
        if sorted(temp_labels) != sorted(output_labels):
            raise ValueError(f"Invalid equation: {equation}")
        return _transpose_if_necessary(temp, [temp_labels.index(a) for a in output_labels])


# --------------------------------------------------------------------------------------------
# Cholesky, MatrixSolve and Svd with their gradients (linalg_grad.py of TF 1.15)

def _cholesky_kernel(ctx: registry.KernelContext):
    xp = ctx.xp

    def cholesky_(x):
        _square_or_fail(x)
        if not x.size:
            return xp.zeros(x.shape, dtype=x.dtype)
        try:
            out = xp.linalg.cholesky(x)
        except Exception:  # noqa: BLE001 - numpy's LinAlgError, or cupy's
            out = None
        if out is None or not bool(xp.isfinite(out).all()):
            raise errors.InvalidArgumentError(
                None, None, "Cholesky decomposition was not successful. The input might not be "
                            "valid.")
        return out.astype(x.dtype, copy=False)
    return cholesky_


def _cholesky_grad(op, grad):
    """TF 1.15's: Phi(L^H grad) (the lower triangle, half the diagonal), sandwiched between
    L^-H and L^-1, then made symmetric."""
    from .init import matrix_band_part, matrix_triangular_solve  # noqa: PLC0415
    l = op.outputs[0]  # noqa: E741 - TF's name
    num_rows = array_ops.shape(l)[-1]
    batch_shape = array_ops.shape(l)[:-2]
    l_inverse = matrix_triangular_solve(l, eye(num_rows, batch_shape=batch_shape,
                                               dtype=l.dtype))
    middle = math_ops.matmul(l, grad, adjoint_a=True)
    middle = matrix_set_diag(middle, 0.5 * matrix_diag_part(middle))
    middle = matrix_band_part(middle, -1, 0)
    grad_a = math_ops.matmul(math_ops.matmul(l_inverse, middle, adjoint_a=True), l_inverse)
    grad_a += adjoint(grad_a)
    return grad_a * 0.5


registry.register("Cholesky", infer=_matrix_inverse_infer, kernel=_cholesky_kernel,
                  grad=_cholesky_grad)


def cholesky(input: Any, name: str | None = None) -> Tensor:  # noqa: A002 - TF's name
    """`tf.cholesky` / `tf.linalg.cholesky` (op Cholesky): the lower-triangular L with
    L L^H = input for each innermost matrix; only the lower triangle of `input` is read."""
    g = get_default_graph()
    with g.name_scope(name or "Cholesky") as scope:
        x = convert_to_tensor(input, name="input")
        check_dtype_allowed(x.dtype, "input", _INVERTIBLE)
        return g.create_op("Cholesky", [x], {"T": x.dtype.base_dtype}, name=scope).outputs[0]


def _matrix_solve_infer(op):
    from .init import _triangular_solve_infer  # noqa: PLC0415 - the same shape rule
    return _triangular_solve_infer(op)


def _matrix_solve_kernel(ctx: registry.KernelContext):
    xp = ctx.xp
    adjoint_ = ctx.attrs["adjoint"]

    def matrix_solve_(matrix, rhs):
        if check_solve_operands(matrix, rhs):
            return xp.zeros(rhs.shape, rhs.dtype)
        if adjoint_:
            matrix = xp.conj(xp.swapaxes(matrix, -1, -2))
        try:
            out = xp.linalg.solve(matrix, rhs)
        except Exception:  # noqa: BLE001 - numpy's LinAlgError, or cupy's
            out = None
        if out is None or not bool(xp.isfinite(out).all()):
            raise errors.InvalidArgumentError(None, None, "Input matrix is not invertible.")
        return out.astype(rhs.dtype, copy=False)
    return matrix_solve_


def _matrix_solve_grad(op, grad):
    """grad_b = A^-H grad (A^-1 grad with adjoint); grad_a = -grad_b c^H (-c grad_b^H)."""
    a = op.inputs[0]
    adjoint_a = op.get_attr("adjoint")
    c = op.outputs[0]
    grad_b = matrix_solve(a, grad, adjoint=not adjoint_a)
    if adjoint_a:
        grad_a = -math_ops.matmul(c, grad_b, adjoint_b=True)
    else:
        grad_a = -math_ops.matmul(grad_b, c, adjoint_b=True)
    return grad_a, grad_b


registry.register("MatrixSolve", infer=_matrix_solve_infer, kernel=_matrix_solve_kernel,
                  grad=_matrix_solve_grad)


def matrix_solve(matrix: Any, rhs: Any, adjoint: bool = False,  # noqa: A002 - TF's names
                 name: str | None = None) -> Tensor:
    """`tf.matrix_solve` / `tf.linalg.solve` (op MatrixSolve): x with matrix @ x = rhs (its
    adjoint with `adjoint`) for each innermost square matrix; batch dimensions must agree."""
    g = get_default_graph()
    with g.name_scope(name or "MatrixSolve") as scope:
        a = convert_to_tensor(matrix, name="matrix")
        b = convert_to_tensor(rhs, dtype=a.dtype.base_dtype, name="rhs")
        check_dtype_allowed(a.dtype, "matrix", _INVERTIBLE)
        return g.create_op("MatrixSolve", [a, b],
                           {"adjoint": bool(adjoint), "T": a.dtype.base_dtype},
                           name=scope).outputs[0]


__all__ += ["cholesky", "matrix_solve"]


_SVD = ("float64", "float32", "float16", "complex64", "complex128")


def _svd_infer(op):
    a = op.inputs[0]
    dt = a.dtype.base_dtype
    dims = _at_least(a, 2)
    compute_uv = op.get_attr("compute_uv")
    empty = TensorShape([0])
    if dims is None:
        uv = unknown_shape() if compute_uv else empty
        return [(dt, unknown_shape()), (dt, uv), (dt, uv)]
    batch, m, n = dims[:-2], dims[-2], dims[-1]
    p = None if m is None or n is None else builtins.min(m, n)
    s = TensorShape(batch + [p])
    if not compute_uv:
        return [(dt, s), (dt, empty), (dt, empty)]
    if op.get_attr("full_matrices"):
        u, v = batch + [m, m], batch + [n, n]
    else:
        u, v = batch + [m, p], batch + [n, p]
    return [(dt, s), (dt, TensorShape(u)), (dt, TensorShape(v))]


def _svd_kernel(ctx: registry.KernelContext):
    xp = ctx.xp
    compute_uv, full = ctx.attrs["compute_uv"], ctx.attrs["full_matrices"]

    def svd_(a):
        m, n = a.shape[-2], a.shape[-1]
        p = builtins.min(m, n)
        real = xp.zeros((), a.dtype).real.dtype
        if not a.size:
            s = xp.zeros(a.shape[:-2] + (p,), a.dtype)
            if not compute_uv:
                return s, xp.zeros((0,), a.dtype), xp.zeros((0,), a.dtype)
            um, vn = (m, n) if full else (p, p)
            u = xp.zeros(a.shape[:-2] + (m, um), a.dtype)
            v = xp.zeros(a.shape[:-2] + (n, vn), a.dtype)
            u[..., xp.arange(p), xp.arange(p)] = 1
            v[..., xp.arange(p), xp.arange(p)] = 1
            return s, u, v
        if not compute_uv:
            s = xp.linalg.svd(a, compute_uv=False)
            return (s.astype(real, copy=False).astype(a.dtype, copy=False),
                    xp.zeros((0,), a.dtype), xp.zeros((0,), a.dtype))
        u, s, vh = xp.linalg.svd(a, full_matrices=full)
        v = xp.conj(xp.swapaxes(vh, -1, -2))
        return (s.astype(a.dtype, copy=False), u.astype(a.dtype, copy=False),
                v.astype(a.dtype, copy=False))
    return svd_


def _svd_grad(op, grad_s, grad_u, grad_v):
    """TF 1.15's SvdGrad: every case for compute_uv=False; with U and V, real types, known
    inner dimensions and, for full matrices, |m - n| <= 1 only (NotImplementedError else)."""
    a = op.inputs[0]
    a_shape = a.shape.with_rank_at_least(2)
    grad_s_mat = matrix_diag(grad_s)
    if not op.get_attr("compute_uv"):
        s, u, v = svd(a, compute_uv=True)
        grad_a = math_ops.matmul(u, math_ops.matmul(grad_s_mat, v, adjoint_b=True))
        grad_a.set_shape(a_shape)
        return grad_a
    full_matrices = op.get_attr("full_matrices")
    if a.dtype.is_complex:
        raise NotImplementedError("SVD gradient is not implemented for complex types and "
                                  "compute_uv=True.")
    grad_u_shape = grad_u.shape.with_rank_at_least(2)
    grad_v_shape = grad_v.shape.with_rank_at_least(2)
    m = a_shape.dims[-2].merge_with(grad_u_shape.dims[-2])
    n = a_shape.dims[-1].merge_with(grad_v_shape.dims[-2])
    batch_shape = a_shape[:-2].merge_with(grad_u_shape[:-2]).merge_with(grad_v_shape[:-2])
    a_shape = batch_shape.concatenate([m, n])
    m, n = a_shape.dims[-2].value, a_shape.dims[-1].value
    if m is None or n is None:
        raise NotImplementedError("SVD gradient has not been implemented for input with unknown "
                                  "inner matrix shape.")
    s, u, v = op.outputs
    use_adjoint = False
    if m > n:  # the gradient of A^H = V S U^H, transposed at the end
        use_adjoint = True
        m, n = n, m
        u, v = v, u
        grad_u, grad_v = grad_v, grad_u
    with get_default_graph().control_dependencies([grad_s, grad_u, grad_v]):
        if full_matrices and builtins.abs(m - n) > 1:
            raise NotImplementedError("svd gradient is not implemented for abs(m - n) > 1 when "
                                      "full_matrices is True")
        s_mat = matrix_diag(s)
        s2 = math_ops.square(s)
        s_shape = array_ops.shape(s)
        identity = eye(s_shape[-1], batch_shape=s_shape[:-1], dtype=s.dtype)
        f = matrix_set_diag(
            math_ops.reciprocal(array_ops.expand_dims(s2, -2) - array_ops.expand_dims(s2, -1)
                                + identity), array_ops.zeros_like(s))
        s_inv_mat = matrix_diag(math_ops.reciprocal(s))
        v1 = v[..., :, :m]
        grad_v1 = grad_v[..., :, :m]
        u_gu = math_ops.matmul(u, grad_u, adjoint_a=True)
        v_gv = math_ops.matmul(v1, grad_v1, adjoint_a=True)
        f_u = f * u_gu
        f_v = f * v_gv
        term1_nouv = (grad_s_mat + math_ops.matmul(f_u + adjoint(f_u), s_mat)
                      + math_ops.matmul(s_mat, f_v + adjoint(f_v)))
        term1 = math_ops.matmul(u, math_ops.matmul(term1_nouv, v1, adjoint_b=True))
        if m == n:
            grad_a_before_transpose = term1
        else:
            gv1t = matrix_transpose(grad_v1)
            gv1t_v1 = math_ops.matmul(gv1t, v1)
            term2_nous = gv1t - math_ops.matmul(gv1t_v1, v1, adjoint_b=True)
            if full_matrices:
                v2 = v[..., :, m:n]
                grad_v2 = grad_v[..., :, m:n]
                v1t_gv2 = math_ops.matmul(v1, grad_v2, adjoint_a=True)
                term2_nous -= math_ops.matmul(v1t_gv2, v2, adjoint_b=True)
            u_s_inv = math_ops.matmul(u, s_inv_mat)
            term2 = math_ops.matmul(u_s_inv, term2_nous)
            grad_a_before_transpose = term1 + term2
        if use_adjoint:
            grad_a = matrix_transpose(grad_a_before_transpose)
        else:
            grad_a = grad_a_before_transpose
        grad_a.set_shape(a_shape)
        return grad_a


registry.register("Svd", infer=_svd_infer, kernel=_svd_kernel, grad=_svd_grad)


def svd(tensor: Any, full_matrices: bool = False, compute_uv: bool = True,
        name: str | None = None) -> Any:
    """`tf.svd` / `tf.linalg.svd` (op Svd): the singular values s (descending) of each
    innermost matrix, and with `compute_uv` the singular vectors u and v (a = u diag(s) v^H);
    returns (s, u, v), or s alone without `compute_uv`."""
    g = get_default_graph()
    with g.name_scope(name or "Svd") as scope:
        a = convert_to_tensor(tensor, name="input")
        check_dtype_allowed(a.dtype, "input", _SVD)
        op = g.create_op("Svd", [a], {"compute_uv": bool(compute_uv),
                                      "full_matrices": bool(full_matrices),
                                      "T": a.dtype.base_dtype}, name=scope)
    s, u, v = op.outputs
    return (s, u, v) if compute_uv else s


__all__ += ["svd"]
