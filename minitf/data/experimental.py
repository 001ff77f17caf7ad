"""`tf.data.experimental` (also `tf.contrib.data`): the transformations TF1 input pipelines
`apply` to datasets: grouping into windows by key, bucketing by sequence length, and the fused
shuffle-and-repeat and map-and-batch (mirrors python/data/experimental/ops of TF 1.15)."""
from __future__ import annotations

from typing import Any, Callable

import numpy as np

from ..framework import dtypes as _dtypes
from ..framework.convert import convert_to_tensor
from ..framework.graph import control_dependencies, get_default_graph, name_scope
from ..framework.tensor_shape import TensorShape, dimension_value
from ..ops import array as array_ops
from ..ops import math as math_ops
from ..ops.dataset_ops import Dataset, _flat_attrs, _trace

__all__ = ["group_by_window", "bucket_by_sequence_length", "shuffle_and_repeat",
           "map_and_batch", "unbatch"]

_SCALAR = TensorShape([])


def _scalar_int64(fn: Any, what: str, message: str) -> None:
    out = fn.outputs
    if len(out) != 1 or out[0].dtype.base_dtype != _dtypes.int64 or \
            not out[0].shape.is_compatible_with(_SCALAR):
        raise ValueError(message)


def _group_by_window(dataset: Dataset, key_func: Callable, reduce_func: Callable,
                     window_size_func: Callable) -> Dataset:
    key_fn, key_out = _trace(key_func, dataset._types, dataset._shapes, "key_func")
    _scalar_int64(key_fn, "key_func", f"`key_func` must return a single tf.int64 tensor. "
                                      f"Got type={getattr(key_out, 'dtype', key_out)} and "
                                      f"shape={getattr(key_out, 'shape', None)}")
    size_fn, _ = _trace(window_size_func, _dtypes.int64, _SCALAR, "window_size_func")
    _scalar_int64(size_fn, "window_size_func", "`window_size_func` must return a single "
                                               "tf.int64 scalar tensor.")
    made: list = []

    def reduce_of(key: Any, window: Any) -> Any:
        result = reduce_func(key, Dataset(window, dataset._types, dataset._shapes))
        if not isinstance(result, Dataset):
            raise TypeError("`reduce_func` must return a `Dataset` object.")
        made.append(result)
        return result._variant_tensor
    reduce_fn, _ = _trace(reduce_of, (_dtypes.int64, _dtypes.variant), (_SCALAR, _SCALAR),
                          "reduce_func")
    captured = [list(fn.graph.captures) for fn in (key_fn, reduce_fn, size_fn)]
    attrs = {"key_func": key_fn, "reduce_func": reduce_fn, "window_size_func": size_fn,
             "_n_captured": (len(captured[0]), len(captured[1])),
             "Tkey_func_other_arguments": [t.dtype.base_dtype for t in captured[0]],
             "Treduce_func_other_arguments": [t.dtype.base_dtype for t in captured[1]],
             "Twindow_size_func_other_arguments": [t.dtype.base_dtype for t in captured[2]],
             **_flat_attrs(made[0]._types, made[0]._shapes)}
    op = get_default_graph().create_op(
        "GroupByWindowDataset", [dataset._variant_tensor, *captured[0], *captured[1],
                                 *captured[2]], attrs, name="GroupByWindowDataset")
    return Dataset(op.outputs[0], made[0]._types, made[0]._shapes)


def group_by_window(key_func: Callable, reduce_func: Callable, window_size: Any = None,
                    window_size_func: Callable | None = None) -> Callable:
    """A transformation (for `Dataset.apply`) grouping elements by `key_func` (an int64 key)
    into windows of `window_size` (or `window_size_func(key)`), each window turned into a
    dataset by `reduce_func(key, window)`."""
    if window_size is not None:
        if window_size_func:
            raise ValueError("Either the `window_size` argument or the `window_size_func` "
                             "argument must be specified.")
        size = window_size

        def window_size_func(unused_key: Any) -> Any:
            return convert_to_tensor(size, dtype=_dtypes.int64)
    elif window_size_func is None:
        raise ValueError("Either the `window_size` argument or the `window_size_func` argument "
                         "must be specified.")
    return lambda dataset: _group_by_window(dataset, key_func, reduce_func, window_size_func)


def bucket_by_sequence_length(element_length_func: Callable, bucket_boundaries: list,
                              bucket_batch_sizes: list, padded_shapes: Any = None,
                              padding_values: Any = None, pad_to_bucket_boundary: bool = False,
                              no_padding: bool = False, drop_remainder: bool = False
                              ) -> Callable:
    """A transformation batching elements by length: bucket `i` holds lengths in
    `[boundaries[i-1], boundaries[i])` and makes (padded) batches of `bucket_batch_sizes[i]`."""
    with name_scope("bucket_by_seq_length"):
        if len(bucket_batch_sizes) != len(bucket_boundaries) + 1:
            raise ValueError("len(bucket_batch_sizes) must equal len(bucket_boundaries) + 1")
        batch_sizes = convert_to_tensor(bucket_batch_sizes, dtype=_dtypes.int64)

    def element_to_bucket_id(*args: Any) -> Any:
        seq_length = element_length_func(*args)
        boundaries = list(bucket_boundaries)
        buckets_min = [np.iinfo(np.int32).min] + boundaries
        buckets_max = boundaries + [np.iinfo(np.int32).max]
        conditions = math_ops.logical_and(math_ops.less_equal(buckets_min, seq_length),
                                          math_ops.less(seq_length, buckets_max))
        return math_ops.reduce_min(array_ops.where(conditions))

    def window_size_fn(bucket_id: Any) -> Any:
        return batch_sizes[bucket_id]

    def padded(shapes: Any, filler: Any) -> Any:
        from ..framework import nest  # noqa: PLC0415
        return nest.pack_sequence_as(shapes, [
            [filler if dimension_value(d) is None else d for d in TensorShape(s).dims]
            for s in nest.flatten(shapes)])

    def batching_fn(bucket_id: Any, grouped: Dataset) -> Dataset:
        if no_padding:
            return grouped.batch(batch_sizes[bucket_id], drop_remainder=drop_remainder)
        filler = None
        if pad_to_bucket_boundary:
            from ..ops.logging_ops import assert_less  # noqa: PLC0415
            check = assert_less(bucket_id, convert_to_tensor(len(bucket_batch_sizes) - 1,
                                                             dtype=_dtypes.int64),
                                message="When pad_to_bucket_boundary=True, elements must have "
                                        "length < max(bucket_boundaries).")
            with control_dependencies([check]):
                boundaries = convert_to_tensor(bucket_boundaries, dtype=_dtypes.int64)
                filler = boundaries[bucket_id] - 1
        shapes = padded(padded_shapes or grouped.output_shapes, filler)
        return grouped.padded_batch(batch_sizes[bucket_id], shapes, padding_values,
                                    drop_remainder=drop_remainder)

    return lambda dataset: dataset.apply(
        group_by_window(element_to_bucket_id, batching_fn, window_size_func=window_size_fn))


def shuffle_and_repeat(buffer_size: Any, count: Any = None, seed: int | None = None
                       ) -> Callable:
    """A transformation shuffling (a new order each pass) and repeating `count` times."""
    return lambda dataset: dataset.shuffle(buffer_size, seed).repeat(count)


def unbatch() -> Callable:
    """A transformation splitting each element along its first dimension
    (`Dataset.unbatch`)."""
    return lambda dataset: dataset.unbatch()


def map_and_batch(map_func: Callable, batch_size: Any, num_parallel_batches: Any = None,
                  drop_remainder: bool = False, num_parallel_calls: Any = None) -> Callable:
    """A transformation mapping then batching."""
    if num_parallel_batches is not None and num_parallel_calls is not None:
        raise ValueError("The `num_parallel_batches` and `num_parallel_calls` arguments are "
                         "mutually exclusive.")
    return lambda dataset: dataset.map(map_func).batch(batch_size, drop_remainder)
