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
from .common_shapes import check_dtype_allowed, deprecated_argument, shape_str

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


# ---- SparseTensorDenseMatMul: a 2-D SparseTensor times a dense matrix

def _sparse_matmul_infer(op):
    _, values, a_shape, b = op.inputs
    adj_a, adj_b = op.get_attr("adjoint_a"), op.get_attr("adjoint_b")
    a = constant_value_as_shape(a_shape)
    if a.ndims is not None and a.ndims != 2:
        raise ValueError(f"Shape must be rank 2 but is rank {a.ndims}")
    if b.shape.ndims is not None and b.shape.ndims != 2:
        raise ValueError(f"Shape must be rank 2 but is rank {b.shape.ndims}")
    a_dims = [None, None] if a.ndims is None else a.as_list()
    b_dims = [None, None] if b.shape.ndims is None else b.shape.as_list()
    inner_a, inner_b = a_dims[0 if adj_a else 1], b_dims[1 if adj_b else 0]
    if inner_a is not None and inner_b is not None and inner_a != inner_b:
        raise ValueError(f"Dimensions must be equal, but are {inner_a} and {inner_b}")
    return [(values.dtype.base_dtype,
             TensorShape([a_dims[1 if adj_a else 0], b_dims[0 if adj_b else 1]]))]


def _sparse_matmul_kernel(ctx: registry.KernelContext):
    xp = ctx.xp
    adj_a, adj_b = ctx.attrs["adjoint_a"], ctx.attrs["adjoint_b"]

    def sparse_tensor_dense_mat_mul(indices, values, a_shape, b):
        if b.ndim != 2:
            raise errors.InvalidArgumentError(None, None, "Tensor 'b' is not a matrix")
        if a_shape.shape != (2,):
            raise errors.InvalidArgumentError(None, None, "Tensor 'a_shape' is not a vector")
        if indices.ndim != 2 or values.ndim != 1 or indices.shape[0] != values.shape[0]:
            raise errors.InvalidArgumentError(
                None, None, "Number of rows of a_indices does not match number of entries "
                            "in a_values")
        rows, cols = (int(d) for d in a_shape.tolist())
        if adj_a:
            rows, cols = cols, rows
        if adj_b:
            b = xp.conj(b.T) if xp.iscomplexobj(b) else b.T
        if cols != b.shape[0]:
            a_dims = [int(d) for d in a_shape.tolist()]
            raise errors.InvalidArgumentError(
                None, None, f"Cannot multiply A and B because inner dimension does not match: "
                            f"{cols} vs. {b.shape[0]}.  Did you forget a transpose?  "
                            f"Dimensions of A: [{a_dims[0]}, {a_dims[1]}).  Dimensions of B: "
                            f"{shape_str(b.T.shape if adj_b else b.shape)}")
        m_col, k_col = (1, 0) if adj_a else (0, 1)
        m, k = indices[:, m_col].astype("int64"), indices[:, k_col].astype("int64")
        for i in range(indices.shape[0]):
            if not 0 <= int(k[i]) < cols:
                raise errors.InvalidArgumentError(
                    None, None, f"k ({int(k[i])}) from index[{i},{k_col}] out of bounds "
                                f"(>={cols})")
            if not 0 <= int(m[i]) < rows:
                raise errors.InvalidArgumentError(
                    None, None, f"m ({int(m[i])}) from index[{i},{m_col}] out of bounds "
                                f"(>={rows})")
        vals = xp.conj(values) if adj_a and xp.iscomplexobj(values) else values
        out = xp.zeros((rows, b.shape[1]), dtype=b.dtype)
        xp.add.at(out, m, vals[:, None] * b[k])
        return out
    return sparse_tensor_dense_mat_mul


def _sparse_matmul_grad(op, grad):
    """TF 1.15's sparse_grad: the dense side's gradient is A (adjointed once more) times
    `grad`; each value's, the dot product of the `grad` row and `b` row it met."""
    indices, values, a_shape, b = op.inputs
    adj_a, adj_b = op.get_attr("adjoint_a"), op.get_attr("adjoint_b")
    b_grad = _sparse_matmul_op(indices, values, a_shape, grad, not adj_a, False, None)
    if adj_b:
        b_grad = array_ops.transpose(b_grad)
    rows, cols = indices[:, 0], indices[:, 1]
    parts_a = array_ops.gather(grad, cols if adj_a else rows)
    parts_b = array_ops.gather(array_ops.transpose(b) if adj_b else b, rows if adj_a else cols)
    return [None, math_ops.reduce_sum(parts_a * parts_b, axis=1), None, b_grad]


registry.register("SparseTensorDenseMatMul", infer=_sparse_matmul_infer,
                  kernel=_sparse_matmul_kernel, grad=_sparse_matmul_grad)


def _sparse_matmul_op(indices: Any, values: Any, a_shape: Any, b: Any, adjoint_a: bool,
                      adjoint_b: bool, name: str | None) -> Tensor:
    g = get_default_graph()
    with g.name_scope(name or "SparseTensorDenseMatMul") as scope:
        indices = convert_to_tensor(indices, name="a_indices")
        check_dtype_allowed(indices.dtype, "a_indices", ("int32", "int64"))
        values = convert_to_tensor(values, name="a_values")
        a_shape = convert_to_tensor(a_shape, dtype=_dtypes.int64, name="a_shape")
        if isinstance(b, Tensor) and b.dtype.base_dtype != values.dtype.base_dtype:
            raise TypeError(f"Input 'b' of 'SparseTensorDenseMatMul' Op has type "
                            f"{b.dtype.base_dtype.name} that does not match type "
                            f"{values.dtype.base_dtype.name} of argument 'a_values'.")
        b = convert_to_tensor(b, dtype=values.dtype.base_dtype, name="b")
        attrs = {"T": values.dtype.base_dtype, "Tindices": indices.dtype.base_dtype,
                 "adjoint_a": bool(adjoint_a), "adjoint_b": bool(adjoint_b)}
        return g.create_op("SparseTensorDenseMatMul", [indices, values, a_shape, b], attrs,
                           name=scope).outputs[0]


def sparse_tensor_dense_matmul(sp_a: Any, b: Any, adjoint_a: bool = False,
                               adjoint_b: bool = False, name: str | None = None) -> Tensor:
    """`tf.sparse_tensor_dense_matmul` (`tf.sparse.sparse_dense_matmul`): the 2-D SparseTensor
    `sp_a` times the dense matrix `b` (either adjointed first), op SparseTensorDenseMatMul
    inside the scope `SparseTensorDenseMatMul`; repeated indices add up."""
    sp_a = convert_to_sparse_tensor(sp_a)
    g = get_default_graph()
    with g.name_scope(name or "SparseTensorDenseMatMul"):
        b = convert_to_tensor(b, name="b")
        return _sparse_matmul_op(sp_a.indices, sp_a.values, sp_a.dense_shape, b, adjoint_a,
                                 adjoint_b, None)


# ---- SparseReduceSum: the sum of a SparseTensor's values over axes, a dense result

def _sparse_reduce_infer(op):
    from ..framework.convert import constant_value  # noqa: PLC0415
    _, values, shape_t, axes_t = op.inputs
    keep = op.get_attr("keep_dims")
    shape, axes = constant_value(shape_t), constant_value(axes_t)
    if shape is None or axes is None:
        return [(values.dtype.base_dtype, TensorShape(None))]
    dims = [int(d) for d in shape.reshape(-1)]
    reduced = {_axis(int(a), len(dims)) for a in axes.reshape(-1)}
    out = [1 if i in reduced else d for i, d in enumerate(dims) if keep or i not in reduced]
    return [(values.dtype.base_dtype, TensorShape(out))]


def _axis(a: int, rank: int, error: Any = ValueError) -> int:
    if not -rank <= a < rank:
        raise error(f"Invalid reduction dimension {a}, for input with {rank} dimensions.")
    return a % rank


def _sparse_reduce_kernel(ctx: registry.KernelContext):
    xp, keep = ctx.xp, ctx.attrs["keep_dims"]

    def invalid(message):
        return errors.InvalidArgumentError(None, None, message)

    def sparse_reduce_sum(indices, values, shape, axes):
        for value, what, rank in ((indices, "indices", 2), (values, "values", 1),
                                  (shape, "shape", 1)):
            if value.ndim != rank:
                raise invalid(f"Input {what} should be a {'matrix' if rank == 2 else 'vector'} "
                              f"but received shape {shape_str(value.shape)}")
        if indices.shape[0] != values.shape[0] or indices.shape[1] != shape.shape[0]:
            raise invalid(f"Input indices {shape_str(indices.shape)} do not match values "
                          f"{shape_str(values.shape)} and shape {shape_str(shape.shape)}")
        dims = [int(d) for d in shape.tolist()]
        rank = len(dims)

        def bad_axis(message):
            return invalid(message)
        reduced = {_axis(int(a), rank, bad_axis) for a in axes.reshape(-1).tolist()}
        idx = indices.astype("int64")
        bounds = xp.asarray(dims, dtype="int64")
        outside = ((idx < 0) | (idx >= bounds)).any(axis=1) if rank else xp.zeros(0, bool)
        if bool(outside.any()):
            first = int(xp.argmax(outside))
            raise invalid(f"indices[{first}] = {_index_string(idx[first].tolist())} is out of "
                          f"bounds: need 0 <= index < {_index_string(dims)}")
        kept = [i for i in range(rank) if i not in reduced]
        out = xp.zeros([dims[i] for i in kept], dtype=values.dtype)
        if kept:
            xp.add.at(out, tuple(idx[:, i] for i in kept), values)
        else:
            out = values.sum(dtype=values.dtype).reshape(())
        if keep:
            out = out.reshape([1 if i in reduced else d for i, d in enumerate(dims)])
        return out
    return sparse_reduce_sum


def _sparse_reduce_grad(op, out_grad):
    """TF 1.15's sparse_grad: the gradient reshaped to the kept-dims shape, each value taking
    the entry its index falls into (index // (shape // kept shape), a GatherNd)."""
    sp_indices, sp_shape = op.inputs[0], op.inputs[2]
    kept = math_ops._kept_dims_shape(sp_shape, op.inputs[3])
    reshaped = array_ops.reshape(out_grad, kept)
    scale = sp_shape // array_ops.cast(kept, _dtypes.int64)
    return [None, array_ops.gather_nd(reshaped, sp_indices // scale), None, None]


registry.register("SparseReduceSum", infer=_sparse_reduce_infer, kernel=_sparse_reduce_kernel,
                  grad=_sparse_reduce_grad)


def sparse_reduce_sum(sp_input: Any, axis: Any = None, keepdims: Any = None,
                      reduction_axes: Any = None, keep_dims: Any = None) -> Tensor:
    """`tf.sparse_reduce_sum` (`tf.sparse.reduce_sum`): op SparseReduceSum, the sum of
    `sp_input`'s values over `axis` (all axes when None), a dense tensor (zeros where no value
    falls); `reduction_axes` and `keep_dims` are the old names of `axis` and `keepdims`."""
    keepdims = deprecated_argument("keepdims", keepdims, "keep_dims", keep_dims)
    axis = deprecated_argument("axis", axis, "reduction_axes", reduction_axes)
    keepdims = bool(keepdims) if keepdims is not None else False
    sp_input = convert_to_sparse_tensor(sp_input)
    if axis is None:
        import numpy as _np  # noqa: PLC0415 - graph-building constant, not a kernel
        from ..framework.convert import constant  # noqa: PLC0415
        rank = sp_input.dense_shape.shape.dims[0].value \
            if sp_input.dense_shape.shape.ndims == 1 else None
        if rank is not None:
            axis = constant(_np.arange(rank), _dtypes.int32)
        else:
            axis = array_ops.range(0, array_ops.size(sp_input.dense_shape))
    g = get_default_graph()
    with g.name_scope("SparseReduceSum") as scope:
        axes = convert_to_tensor(axis, dtype=_dtypes.int32, name="reduction_axes")
        values = sp_input.values
        return g.create_op("SparseReduceSum", [sp_input.indices, values,
                                               sp_input.dense_shape, axes],
                           {"T": values.dtype.base_dtype, "keep_dims": keepdims},
                           name=scope).outputs[0]


__all__ += ["sparse_tensor_dense_matmul", "sparse_reduce_sum"]


# ---- SparseSegmentSum, SparseSegmentMean, SparseSegmentSqrtN (and the two gradient ops):
# rows `indices` of `data` summed (or averaged) into the sorted `segment_ids`

def _sparse_segment_infer(op):
    data, indices, segment_ids = op.inputs[:3]
    for t, what in ((indices, "indices"), (segment_ids, "segment_ids")):
        if t.shape.ndims is not None and t.shape.ndims != 1:
            raise ValueError(f"Shape must be rank 1 but is rank {t.shape.ndims}")
    if indices.shape.ndims == 1 and segment_ids.shape.ndims == 1:
        n_i, n_s = indices.shape.dims[0].value, segment_ids.shape.dims[0].value
        if n_i is not None and n_s is not None and n_i != n_s:
            raise ValueError(f"Dimensions must be equal, but are {n_i} and {n_s}")
    if data.shape.ndims is None:
        return [(data.dtype.base_dtype, TensorShape(None))]
    if data.shape.ndims < 1:
        raise ValueError(f"Shape must be at least rank 1 but is rank {data.shape.ndims}")
    rows = None
    if op.type.endswith("Grad"):
        from ..framework.convert import constant_value  # noqa: PLC0415
        dim0 = constant_value(op.inputs[3])
        rows = None if dim0 is None else int(dim0)
    return [(data.dtype.base_dtype, TensorShape([rows]).concatenate(data.shape[1:]))]


def _segment_checks(xp: Any, indices: Any, segment_ids: Any, rows: int) -> int:
    """TF's run-time checks; the number of output segments (the last id + 1)."""
    if indices.ndim != 1 or segment_ids.ndim != 1:
        raise errors.InvalidArgumentError(None, None, "indices and segment_ids should be "
                                                      "vectors")
    if indices.shape[0] != segment_ids.shape[0]:
        raise errors.InvalidArgumentError(
            None, None, "segment_ids and indices should have same size.")
    if not segment_ids.shape[0]:
        return 0
    ids = segment_ids.astype("int64")
    if int(ids[0]) < 0 or bool((ids[1:] < ids[:-1]).any()):
        raise errors.InvalidArgumentError(None, None, "segment ids are not increasing")
    bad = (indices < 0) | (indices >= rows)
    if bool(bad.any()):
        i = int(xp.argmax(bad))
        raise errors.InvalidArgumentError(
            None, None, f"Bad: indices[{i}] == {int(indices[i])} out of range [0, {rows})")
    return int(ids[-1]) + 1


def _segment_counts(xp: Any, segment_ids: Any, n: int, dtype: Any) -> Any:
    counts = xp.zeros(n, dtype=dtype)
    xp.add.at(counts, segment_ids.astype("int64"), 1)
    return counts


def _sparse_segment_kernel(scale: str):
    def factory(ctx: registry.KernelContext):
        xp = ctx.xp

        def sparse_segment(data, indices, segment_ids):
            n = _segment_checks(xp, indices, segment_ids, data.shape[0])
            out = xp.zeros((n,) + data.shape[1:], dtype=data.dtype)
            xp.add.at(out, segment_ids.astype("int64"), data[indices.astype("int64")])
            if scale != "sum" and n:
                counts = _segment_counts(xp, segment_ids, n, data.dtype)
                div = counts if scale == "mean" else xp.sqrt(counts)
                div = xp.where(counts > 0, div, 1).reshape((n,) + (1,) * (data.ndim - 1))
                out = (out / div).astype(data.dtype)
            return out
        return sparse_segment
    return factory


def _sparse_segment_grad_kernel(scale: str):
    def factory(ctx: registry.KernelContext):
        xp = ctx.xp

        def sparse_segment_grad(grad, indices, segment_ids, output_dim0):
            rows = int(output_dim0)
            n = _segment_checks(xp, indices, segment_ids, rows)
            if n > grad.shape[0]:
                raise errors.InvalidArgumentError(
                    None, None, f"Segment id {n - 1} out of range [0, {grad.shape[0]}).")
            share = grad
            if n:
                counts = _segment_counts(xp, segment_ids, grad.shape[0], grad.dtype)
                div = counts if scale == "mean" else xp.sqrt(counts)
                div = xp.where(counts > 0, div, 1).reshape((-1,) + (1,) * (grad.ndim - 1))
                share = (grad / div).astype(grad.dtype)
            out = xp.zeros((rows,) + grad.shape[1:], dtype=grad.dtype)
            xp.add.at(out, indices.astype("int64"), share[segment_ids.astype("int64")])
            return out
        return sparse_segment_grad
    return factory


def _sparse_segment_sum_grad(op, grad):
    rows = array_ops.shape(op.inputs[0])[0]
    return [math_ops.unsorted_segment_sum(array_ops.gather(grad, op.inputs[2]), op.inputs[1],
                                          rows), None, None]


def _sparse_segment_scaled_grad(grad_op: str):
    def grad_fn(op, grad):
        rows = array_ops.shape(op.inputs[0])[0]
        return [_segment_op(grad_op, [grad, op.inputs[1], op.inputs[2], rows], None), None,
                None]
    return grad_fn


def _sparse_segment_grad_grad(forward_op: str):
    """The gradient ops are linear in `grad`: their adjoint is the forward op."""
    def grad_fn(op, grad):
        return [_segment_op(forward_op, [grad, op.inputs[1], op.inputs[2]], None), None, None,
                None]
    return grad_fn


registry.register("SparseSegmentSum", infer=_sparse_segment_infer,
                  kernel=_sparse_segment_kernel("sum"), grad=_sparse_segment_sum_grad)
registry.register("SparseSegmentMean", infer=_sparse_segment_infer,
                  kernel=_sparse_segment_kernel("mean"),
                  grad=_sparse_segment_scaled_grad("SparseSegmentMeanGrad"))
registry.register("SparseSegmentSqrtN", infer=_sparse_segment_infer,
                  kernel=_sparse_segment_kernel("sqrtn"),
                  grad=_sparse_segment_scaled_grad("SparseSegmentSqrtNGrad"))
registry.register("SparseSegmentMeanGrad", infer=_sparse_segment_infer,
                  kernel=_sparse_segment_grad_kernel("mean"),
                  grad=_sparse_segment_grad_grad("SparseSegmentMean"))
registry.register("SparseSegmentSqrtNGrad", infer=_sparse_segment_infer,
                  kernel=_sparse_segment_grad_kernel("sqrtn"),
                  grad=_sparse_segment_grad_grad("SparseSegmentSqrtN"))


def _segment_op(op_type: str, inputs: list, name: str | None) -> Tensor:
    """gen_math_ops' sparse segment ops: data (float for Mean/SqrtN), int indices and int32
    segment_ids (and output_dim0 for the gradient ops)."""
    g = get_default_graph()
    with g.name_scope(name or op_type) as scope:
        allowed = ("float32", "float64", "int32", "uint8", "int16", "int8", "int64",
                   "bfloat16", "uint16", "float16", "uint32", "uint64") \
            if op_type == "SparseSegmentSum" else ("bfloat16", "float16", "float32", "float64")
        first = "data" if len(inputs) == 3 else "grad"
        data = convert_to_tensor(inputs[0], name=first)
        check_dtype_allowed(data.dtype, first, allowed)
        indices = convert_to_tensor(inputs[1], name="indices")
        check_dtype_allowed(indices.dtype, "indices", ("int32", "int64"))
        segment_ids = convert_to_tensor(inputs[2], dtype=_dtypes.int32, name="segment_ids")
        tensors = [data, indices, segment_ids]
        if len(inputs) == 4:
            tensors.append(convert_to_tensor(inputs[3], dtype=_dtypes.int32,
                                             name="output_dim0"))
        attrs = {"T": data.dtype.base_dtype, "Tidx": indices.dtype.base_dtype}
        return g.create_op(op_type, tensors, attrs, name=scope).outputs[0]


# ---- embedding_lookup_sparse: per-row combined embeddings of a SparseTensor of ids

def embedding_lookup_sparse(params: Any, sp_ids: Any, sp_weights: Any,
                            partition_strategy: str = "mod", name: str | None = None,
                            combiner: str | None = None, max_norm: Any = None) -> Tensor:
    """`tf.nn.embedding_lookup_sparse`: for each row of the SparseTensor `sp_ids`, the
    embeddings of its ids combined by `combiner` ('sum', 'mean' (the default), 'sqrtn'),
    weighted by `sp_weights` when given. Built as TF 1.15 builds it, in scope
    `embedding_lookup_sparse`: Unique of the ids, embedding_lookup of the distinct ones, then
    SparseSegmentSum/Mean/SqrtN (no weights) or Gather, Mul and SegmentSum (weights)."""
    from . import nn_impl  # noqa: PLC0415 - nn builds on the array, math and sparse ops
    from .partitioned_variables import PartitionedVariable  # noqa: PLC0415
    if combiner is None:
        combiner = "mean"
    if combiner not in ("mean", "sqrtn", "sum"):
        raise ValueError("combiner must be one of 'mean', 'sqrtn' or 'sum'")
    if isinstance(params, PartitionedVariable):
        params = list(params)
    if not isinstance(params, list):
        params = [params]
    if not isinstance(sp_ids, SparseTensor):
        raise TypeError("sp_ids must be SparseTensor")
    ignore_weights = sp_weights is None
    if not ignore_weights:
        if not isinstance(sp_weights, SparseTensor):
            raise TypeError("sp_weights must be either None or SparseTensor")
        sp_ids.values.shape.assert_is_compatible_with(sp_weights.values.shape)
        sp_ids.indices.shape.assert_is_compatible_with(sp_weights.indices.shape)
        sp_ids.dense_shape.shape.assert_is_compatible_with(sp_weights.dense_shape.shape)
    g = get_default_graph()
    with g.name_scope(name or "embedding_lookup_sparse") as scope:
        segment_ids = sp_ids.indices[:, 0]
        if segment_ids.dtype != _dtypes.int32:
            segment_ids = array_ops.cast(segment_ids, _dtypes.int32)
        ids, idx = array_ops.unique(sp_ids.values)
        embeddings = nn_impl.embedding_lookup(params, ids, partition_strategy=partition_strategy,
                                              max_norm=max_norm)
        if embeddings.dtype in (_dtypes.float16, _dtypes.bfloat16):
            embeddings = array_ops.cast(embeddings, _dtypes.float32)
        if ignore_weights:
            op_type = {"sum": "SparseSegmentSum", "mean": "SparseSegmentMean",
                       "sqrtn": "SparseSegmentSqrtN"}[combiner]
            return _segment_op(op_type, [embeddings, idx, segment_ids], scope)
        weights = sp_weights.values
        if weights.dtype != embeddings.dtype:
            weights = array_ops.cast(weights, embeddings.dtype)
        embeddings = array_ops.gather(embeddings, idx)
        ones = array_ops.fill(array_ops.expand_dims(array_ops.rank(embeddings) - 1, 0), 1)
        bcast_weights_shape = array_ops.concat([array_ops.shape(weights), ones], 0)
        orig_weights_shape = weights.shape
        weights = array_ops.reshape(weights, bcast_weights_shape)
        if embeddings.shape.ndims is not None:
            weights.set_shape(orig_weights_shape.concatenate(
                [1] * (embeddings.shape.ndims - 1)))
        embeddings *= weights
        if combiner == "sum":
            return math_ops.segment_sum(embeddings, segment_ids, name=scope)
        embeddings = math_ops.segment_sum(embeddings, segment_ids)
        if combiner == "mean":
            weight_sum = math_ops.segment_sum(weights, segment_ids)
        else:
            weight_sum = math_ops.sqrt(math_ops.segment_sum(math_ops.pow(weights, 2),
                                                            segment_ids))
        return math_ops.div(embeddings, weight_sum, name=scope)


NN_ALL = ["embedding_lookup_sparse"]
