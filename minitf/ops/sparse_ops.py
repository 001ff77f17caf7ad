"""Sparse tensors made dense, their placeholders, and the edit distance of sparse sequences
(mirrors sparse_ops.py of TF 1.15, the SparseToDense op of gen_sparse_ops and its gradient in
sparse_grad.py, `array_ops.sparse_placeholder` and `array_ops.edit_distance` with
core/kernels/edit_distance_op.cc).
"""
from __future__ import annotations

from typing import Any

from ..framework import dtypes as _dtypes
from ..framework import errors, registry
from ..framework.convert import constant_value_as_shape, convert_to_tensor
from ..framework.graph import Tensor, get_default_graph
from ..framework.sparse_tensor import SparseTensor, convert_to_sparse_tensor
from ..framework.tensor_shape import TensorShape, dims_str
from . import array as array_ops
from . import math as math_ops

__all__ = ["edit_distance", "sparse_placeholder", "sparse_tensor_to_dense", "sparse_to_dense"]


# ---- SparseToDense

def _sparse_to_dense_infer(op):
    indices, output_shape, values, default = op.inputs
    for t, most, what in ((indices, 2, "sparse_indices"), (output_shape, 1, "output_shape"),
                          (values, 1, "sparse_values"), (default, 0, "default_value")):
        if t.shape.ndims is not None and t.shape.ndims > most:
            raise ValueError(f"Shape must be at most rank {most} but is rank {t.shape.ndims}")
    return [(values.dtype.base_dtype, constant_value_as_shape(output_shape))]


def _index_string(row: list) -> str:
    return "[" + ",".join(str(v) for v in row) + "]"


def _sparse_to_dense_kernel(ctx: registry.KernelContext):
    xp, validate = ctx.xp, ctx.attrs.get("validate_indices", True)

    def sparse_to_dense(indices, output_shape, values, default):
        if indices.ndim > 2:
            raise errors.InvalidArgumentError(
                None, None, f"sparse_indices should be a scalar, vector, or matrix, got shape "
                            f"{dims_str(TensorShape(list(indices.shape)))}")
        if output_shape.ndim != 1:
            raise errors.InvalidArgumentError(
                None, None, f"output_shape should be a vector, got shape "
                            f"{dims_str(TensorShape(list(output_shape.shape)))}")
        n = indices.shape[0] if indices.ndim > 0 else 1
        rank = indices.shape[1] if indices.ndim > 1 else 1
        if values.ndim > 1 or (values.ndim == 1 and values.shape[0] != n):
            raise errors.InvalidArgumentError(
                None, None, f"sparse_values has incorrect shape "
                            f"{dims_str(TensorShape(list(values.shape)))}, should be [] or [{n}]")
        if default.ndim != 0:
            raise errors.InvalidArgumentError(
                None, None, f"default_value should be a scalar, got shape "
                            f"{dims_str(TensorShape(list(default.shape)))}")
        if output_shape.shape[0] != rank:
            raise errors.InvalidArgumentError(
                None, None, f"output_shape has incorrect number of elements: "
                            f"{output_shape.shape[0]} should be: {rank}")
        shape = [int(d) for d in output_shape.tolist()]
        idx = indices.reshape(n, rank).astype("int64")
        bounds = xp.asarray(shape, dtype="int64")
        outside = ((idx < 0) | (idx >= bounds)).any(axis=1)
        if validate and n:
            strides = [1] * rank
            for i in range(rank - 2, -1, -1):
                strides[i] = strides[i + 1] * shape[i + 1]
            flat = (xp.where(outside[:, None], 0, idx) * xp.asarray(strides, "int64")).sum(1)
            step = xp.concatenate([xp.ones(1, "int64"), flat[1:] - flat[:-1]])
            bad = outside | (step <= 0)
            if bool(bad.any()):
                first = int(xp.argmax(bad))
                row = _index_string(idx[first].tolist())
                reason = (f"is out of bounds: need 0 <= index < {_index_string(shape)}"
                          if bool(outside[first]) else
                          "is out of order" if int(step[first]) < 0 else "is repeated")
                raise errors.InvalidArgumentError(None, None,
                                                  f"indices[{first}] = {row} {reason}")
        elif bool(outside.any()):
            raise errors.InvalidArgumentError(
                None, None, f"Indices are not valid (out of bounds).  Shape: "
                            f"{_index_string(shape)}")
        out = xp.full(shape, default, dtype=values.dtype)
        out[tuple(idx.T)] = values
        return out
    return sparse_to_dense


def _sparse_to_dense_grad(op, grad):
    sparse_indices, output_shape, _, _ = op.inputs
    values_grad = array_ops.gather_nd(grad, sparse_indices)
    default_grad = math_ops.reduce_sum(grad) - math_ops.reduce_sum(values_grad)
    return [array_ops.zeros_like(sparse_indices), array_ops.zeros_like(output_shape),
            values_grad, default_grad]


registry.register("SparseToDense", infer=_sparse_to_dense_infer, kernel=_sparse_to_dense_kernel,
                  grad=_sparse_to_dense_grad)


def _sparse_to_dense_op(indices: Any, output_shape: Any, values: Any, default_value: Any,
                        validate_indices: bool, name: str | None) -> Tensor:
    g = get_default_graph()
    with g.name_scope(name or "SparseToDense") as scope:
        indices = convert_to_tensor(indices, name="sparse_indices")
        output_shape = convert_to_tensor(output_shape, dtype=indices.dtype, name="output_shape")
        values = convert_to_tensor(values, name="sparse_values")
        default_value = convert_to_tensor(default_value, dtype=values.dtype,
                                          name="default_value")
        attrs = {"validate_indices": bool(validate_indices), "T": values.dtype.base_dtype,
                 "Tindices": indices.dtype.base_dtype}
        return g.create_op("SparseToDense", [indices, output_shape, values, default_value],
                           attrs, name=scope).outputs[0]


def sparse_to_dense(sparse_indices: Any, output_shape: Any, sparse_values: Any,
                    default_value: Any = 0, validate_indices: bool = True,
                    name: str | None = None) -> Tensor:
    """`tf.sparse_to_dense`: a dense tensor of `output_shape` holding `sparse_values` at
    `sparse_indices` (a scalar, a vector or a matrix of coordinates) and `default_value` elsewhere.
    With `validate_indices`, coordinates must be in bounds, sorted and unique."""
    return _sparse_to_dense_op(sparse_indices, output_shape, sparse_values, default_value,
                               validate_indices, name)


def sparse_tensor_to_dense(sp_input: Any, default_value: Any = 0, validate_indices: bool = True,
                           name: str | None = None) -> Tensor:
    """`tf.sparse_tensor_to_dense` (`tf.sparse.to_dense`): the SparseTensor's dense form."""
    sp_input = convert_to_sparse_tensor(sp_input)
    return _sparse_to_dense_op(sp_input.indices, sp_input.dense_shape, sp_input.values,
                               default_value, validate_indices, name)


# ---- EditDistance: Levenshtein distances of the sequences along the last axis

def _edit_distance_infer(op):
    from ..framework.convert import constant_value  # noqa: PLC0415
    hyp_shape, truth_shape = op.inputs[2], op.inputs[5]
    known = [constant_value(t) for t in (hyp_shape, truth_shape)]
    if all(k is not None for k in known):
        if known[0].shape != known[1].shape:
            raise ValueError("hypothesis_shape and truth_shape must have the same rank")
        return [(_dtypes.float32, TensorShape(_elementwise_max(*known)[:-1]))]
    return [(_dtypes.float32, TensorShape(None))]  # TF's shape fn needs both shapes' values


def _elementwise_max(a: Any, b: Any) -> list[int]:
    return [max(int(x), int(y)) for x, y in zip(a.reshape(-1).tolist(), b.reshape(-1).tolist())]


def _levenshtein(a: list, b: list) -> int:
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


def _sequences(indices: Any, values: Any) -> dict:
    """The values of each sequence (keyed by all index columns but the last), in index
    order."""
    seqs: dict = {}
    for row, value in sorted(zip(map(tuple, indices.tolist()), values.tolist())):
        seqs.setdefault(row[:-1], []).append(value)
    return seqs


def _edit_distance_kernel(ctx: registry.KernelContext):
    """Host-side: the sequences are grouped from the coordinates, as TF's kernel does."""
    xp, normalize = ctx.xp, ctx.attrs["normalize"]
    to_host = ctx.resources.backend.to_host

    def edit_distance(h_indices, h_values, h_shape, t_indices, t_values, t_shape):
        h_indices, h_values, h_shape, t_indices, t_values, t_shape = (
            to_host(v) for v in (h_indices, h_values, h_shape, t_indices, t_values, t_shape))
        if h_shape.shape != t_shape.shape:
            raise errors.InvalidArgumentError(
                None, None, f"hypothesis_shape and truth_shape must have the same rank; got "
                            f"{h_shape.size} and {t_shape.size}")
        out_shape = _elementwise_max(h_shape, t_shape)[:-1]
        strides = [1] * len(out_shape)
        for k in range(len(out_shape) - 2, -1, -1):
            strides[k] = strides[k + 1] * out_shape[k + 1]
        out = [0.0] * (strides[0] * out_shape[0] if out_shape else 1)
        hyp, truth = _sequences(h_indices, h_values), _sequences(t_indices, t_values)
        for loc in set(hyp) | set(truth):
            h_seq, t_seq = hyp.get(loc, []), truth.get(loc, [])
            if loc in hyp and loc in truth:
                value = _levenshtein(t_seq, h_seq) / (len(t_seq) if normalize else 1)
            elif loc in hyp:  # an empty truth: TF divides by zero
                value = (float("inf") if h_seq else float("nan")) if normalize else len(h_seq)
            else:  # an empty hypothesis
                value = 1.0 if normalize else len(t_seq)
            out[sum(i * s for i, s in zip(loc, strides))] = value
        return xp.asarray(out, dtype=xp.float32).reshape(out_shape)
    return edit_distance


registry.register("EditDistance", infer=_edit_distance_infer, kernel=_edit_distance_kernel,
                  grad=registry.NOT_DIFFERENTIABLE)


def edit_distance(hypothesis: Any, truth: Any, normalize: bool = True,
                  name: str = "edit_distance") -> Tensor:
    """`tf.edit_distance`: the Levenshtein distance between the sequences (along the last
    axis) of two SparseTensors, one per remaining position; with `normalize`, divided by the
    truth's length (an empty truth gives inf, an empty hypothesis 1)."""
    from ..framework.sparse_tensor import SparseTensorValue  # noqa: PLC0415
    if not isinstance(hypothesis, (SparseTensor, SparseTensorValue)):
        raise TypeError("Hypothesis must be a SparseTensor.")
    if not isinstance(truth, (SparseTensor, SparseTensorValue)):
        raise TypeError("Truth must be a SparseTensor.")
    hypothesis, truth = convert_to_sparse_tensor(hypothesis), convert_to_sparse_tensor(truth)
    if hypothesis.values.dtype.base_dtype != truth.values.dtype.base_dtype:
        raise TypeError(f"Input 'truth_values' of 'EditDistance' Op has type "
                        f"{truth.values.dtype.base_dtype.name} that does not match type "
                        f"{hypothesis.values.dtype.base_dtype.name} of argument "
                        f"'hypothesis_values'.")
    g = get_default_graph()
    return g.create_op(
        "EditDistance", [hypothesis.indices, hypothesis.values, hypothesis.dense_shape,
                         truth.indices, truth.values, truth.dense_shape],
        {"normalize": bool(normalize), "T": hypothesis.values.dtype.base_dtype},
        name=name).outputs[0]


# ---- sparse_placeholder

def sparse_placeholder(dtype: Any, shape: Any = None, name: str | None = None) -> SparseTensor:
    """`tf.sparse_placeholder`: a SparseTensor of three placeholders, fed from a
    SparseTensorValue or an `(indices, values, dense_shape)` triple. A fully known `shape`
    becomes a constant dense shape; a partial one only fixes the rank."""
    shape_name = None if name is None else name + "/shape"
    rank: Any = None
    if shape is not None:
        if isinstance(shape, Tensor):
            rank = shape.shape.dims[0] if shape.shape.ndims is not None else None
        else:
            rank = len(shape)
            shape = None if None in list(shape) else convert_to_tensor(
                shape, dtype=_dtypes.int64, name=shape_name)
    if shape is None:
        shape = array_ops.placeholder(_dtypes.int64, shape=[rank], name=shape_name)
    values = array_ops.placeholder(dtype, shape=[None],
                                   name=None if name is None else name + "/values")
    indices = array_ops.placeholder(_dtypes.int64, shape=[None, rank],
                                    name=None if name is None else name + "/indices")
    return SparseTensor(values=values, indices=indices, dense_shape=shape)
