"""Queue-based input pipelines (mirrors training/input.py of TF 1.15).

Producers (`input_producer`, `string_input_producer`, `range_input_producer`,
`slice_input_producer`) are FIFOQueues filled by a QueueRunner (registered in
`GraphKeys.QUEUE_RUNNERS`) that enqueues the whole input, shuffled when asked, once per epoch;
with `num_epochs` a local `epochs` counter ends the input with OutOfRangeError after that many.

Batchers (`batch`, `shuffle_batch`, their `_join` forms over several inputs and their `maybe_`
forms that keep only some elements) put single elements (or, with `enqueue_many`, slices) into
a FIFOQueue, PaddingFIFOQueue (`dynamic_pad`) or RandomShuffleQueue from `num_threads`
enqueue threads, add a scalar summary of how full the queue is, and dequeue `batch_size` at a
time; once their inputs run out the queue closes and the last, smaller batch comes with
`allow_smaller_final_batch` (otherwise OutOfRangeError). SparseTensor inputs are not batched
here."""
from __future__ import annotations

from typing import Any

from ..framework import dtypes as _dtypes
from ..framework.convert import constant, constant_value, convert_to_tensor
from ..framework.graph import GraphKeys, Tensor, control_dependencies, name_scope
from ..framework.tensor_shape import as_shape
from ..ops import array as array_ops
from ..ops import control_flow, data_flow, logging_ops
from ..ops import math as math_ops
from ..ops import nn as nn_ops
from ..ops import random as random_ops
from ..ops.state import Variable
from .queue_runner import QueueRunner, add_queue_runner

__all__ = ["limit_epochs", "input_producer", "range_input_producer", "string_input_producer",
           "slice_input_producer", "match_filenames_once", "batch", "maybe_batch",
           "batch_join", "maybe_batch_join", "shuffle_batch", "maybe_shuffle_batch",
           "shuffle_batch_join", "maybe_shuffle_batch_join"]


def match_filenames_once(pattern: Any, name: str | None = None) -> Variable:
    """`tf.train.match_filenames_once`: a local variable holding the files matching
    `pattern` (a glob or a vector of them), listed once, when it is initialized."""
    from ..ops import io_ops  # noqa: PLC0415 - the readers' family loads on first use
    with name_scope(name, "matching_filenames", [pattern]) as name:
        return Variable(io_ops.matching_files(pattern), name=name, trainable=False,
                        validate_shape=False, collections=[GraphKeys.LOCAL_VARIABLES])


def limit_epochs(tensor: Any, num_epochs: int | None = None, name: str | None = None) -> Any:
    """`tensor`, evaluable `num_epochs` times (then OutOfRangeError); itself when None."""
    if num_epochs is None:
        return tensor
    if num_epochs <= 0:
        raise ValueError(f"num_epochs must be > 0 not {num_epochs}.")
    with name_scope(name, "limit_epochs", [tensor]) as name:
        zero64 = constant(0, dtype=_dtypes.int64)
        epochs = Variable(zero64, name="epochs", trainable=False,
                          collections=[GraphKeys.LOCAL_VARIABLES])
        counter = data_flow.count_up_to(epochs, num_epochs)
        with control_dependencies([counter]):
            return array_ops.identity(tensor, name=name)


def input_producer(input_tensor: Any, element_shape: Any = None, num_epochs: int | None = None,
                   shuffle: bool = True, seed: int | None = None, capacity: int = 32,
                   shared_name: str | None = None, summary_name: str | None = None,
                   name: str | None = None, cancel_op: Any = None) -> data_flow.FIFOQueue:
    """`tf.train.input_producer`: a queue of the rows of `input_tensor`, enqueued by a queue
    runner once per epoch (shuffled per epoch when `shuffle`)."""
    with name_scope(name, "input_producer", [input_tensor]):
        input_tensor = convert_to_tensor(input_tensor, name="input_tensor")
        rows = input_tensor.shape[1:]
        element_shape = rows if element_shape is None else rows.merge_with(as_shape(element_shape))
        if not element_shape.is_fully_defined():
            raise ValueError("Either `input_tensor` must have a fully defined shape or "
                             "`element_shape` must be specified")
        if shuffle:
            input_tensor = random_ops.random_shuffle(input_tensor, seed=seed)
        input_tensor = limit_epochs(input_tensor, num_epochs)
        q = data_flow.FIFOQueue(capacity=capacity, dtypes=[input_tensor.dtype.base_dtype],
                                shapes=[element_shape], shared_name=shared_name, name=name)
        enq = q.enqueue_many([input_tensor])
        add_queue_runner(QueueRunner(q, [enq], cancel_op=cancel_op))
        from .. import summary  # noqa: PLC0415 - summary builds on this package
        if summary_name is not None:
            summary.scalar(summary_name,
                           array_ops.cast(q.size(), _dtypes.float32) * (1.0 / capacity))
        return q


def range_input_producer(limit: Any, num_epochs: int | None = None, shuffle: bool = True,
                         seed: int | None = None, capacity: int = 32,
                         shared_name: str | None = None,
                         name: str | None = None) -> data_flow.FIFOQueue:
    """`tf.train.range_input_producer`: a queue yielding 0 .. limit-1 (int32), in order or
    shuffled per epoch, `num_epochs` times (forever: None)."""
    with name_scope(name, "input_producer", [limit]) as name:
        range_tensor = array_ops.range(limit)
        return input_producer(range_tensor, [], num_epochs, shuffle, seed, capacity,
                              shared_name, f"fraction_of_{capacity}_full", name)



def string_input_producer(string_tensor: Any, num_epochs: int | None = None,
                          shuffle: bool = True, seed: int | None = None, capacity: int = 32,
                          shared_name: str | None = None, name: str | None = None,
                          cancel_op: Any = None) -> data_flow.FIFOQueue:
    """`tf.train.string_input_producer`: a queue of the strings (file names) of the vector
    `string_tensor`, once per epoch, shuffled per epoch when `shuffle`."""
    not_null_err = "string_input_producer requires a non-null input tensor"
    if not isinstance(string_tensor, Tensor) and not string_tensor:
        raise ValueError(not_null_err)
    with name_scope(name, "input_producer", [string_tensor]) as name:
        string_tensor = convert_to_tensor(string_tensor, dtype=_dtypes.string)
        not_empty = logging_ops.Assert(math_ops.greater(array_ops.size(string_tensor), 0),
                                       [not_null_err])
        with control_dependencies([not_empty]):
            string_tensor = array_ops.identity(string_tensor)
        return input_producer(string_tensor, [], num_epochs, shuffle, seed, capacity,
                              shared_name, f"fraction_of_{capacity}_full", name, cancel_op)


def slice_input_producer(tensor_list: Any, num_epochs: int | None = None, shuffle: bool = True,
                         seed: int | None = None, capacity: int = 32,
                         shared_name: str | None = None, name: str | None = None) -> list:
    """`tf.train.slice_input_producer`: one row (slice along dimension 0) of each tensor of
    `tensor_list` per run, the same row for all, in order or shuffled per epoch."""
    with name_scope(name, "input_producer", tensor_list):
        tensor_list = [convert_to_tensor(t) for t in tensor_list]
        if not tensor_list:
            raise ValueError("Expected at least one tensor in slice_input_producer().")
        range_size = array_ops.shape(tensor_list[0])[0]
        queue = range_input_producer(range_size, num_epochs=num_epochs, shuffle=shuffle,
                                     seed=seed, capacity=capacity, shared_name=shared_name)
        index = queue.dequeue()
        return [array_ops.gather(t, index) for t in tensor_list]


# ---- batching helpers

def _as_tensor_list(tensors: Any) -> list:
    if isinstance(tensors, dict):
        return [tensors[k] for k in sorted(tensors, key=str)]
    return tensors


def _as_tensor_list_list(tensors_list: Any) -> list:
    if not tensors_list:
        raise ValueError("Expected at least one set of tensors")
    if isinstance(tensors_list[0], dict):
        expected_keys = set(tensors_list[0].keys())
        for tensors in tensors_list[1:]:
            if set(tensors.keys()) != expected_keys:
                raise ValueError("All dictionaries in tensors_list must have the same keys")
        return [_as_tensor_list(tensors) for tensors in tensors_list]
    return tensors_list


def _as_original_type(original_tensors: Any, dequeued: Any) -> Any:
    """The dequeued batch in the structure the inputs came in (a dict by key, else what the
    queue's dequeue gives: one tensor for one component, a list for several)."""
    if isinstance(original_tensors, dict):
        if len(original_tensors) == 1:
            dequeued = [dequeued]
        return {k: dequeued[i] for i, k in enumerate(sorted(original_tensors, key=str))}
    return dequeued


def _validate(tensor_list: Any) -> list[Tensor]:
    tensor_list = [convert_to_tensor(t) for t in tensor_list]
    if not tensor_list:
        raise ValueError("Expected at least one tensor in batch().")
    return tensor_list


def _validate_join(tensor_list_list: Any) -> list[list[Tensor]]:
    tensor_list_list = [[convert_to_tensor(t) for t in tl] for tl in tensor_list_list]
    if not tensor_list_list:
        raise ValueError("Expected at least one input in batch_join().")
    return tensor_list_list


def _validate_keep_input(keep_input: Any, enqueue_many: bool) -> Tensor:
    keep_input = convert_to_tensor(keep_input)
    if keep_input.shape.ndims is None:
        raise ValueError("`keep_input` dimensions must be known at graph construction.")
    if not enqueue_many and keep_input.shape.ndims == 1:
        raise ValueError("`keep_input` cannot be a vector when `enqueue_many=False`.")
    if keep_input.shape.ndims > 1:
        raise ValueError("`keep_input` must be 0 or 1 dimensions.")
    return keep_input


def _types(tensor_list_list: list) -> list:
    all_types = [[t.dtype for t in tl] for tl in tensor_list_list]
    types = all_types[0]
    for other_types in all_types[1:]:
        if other_types != types:
            raise TypeError(f"Expected types to be consistent: "
                            f"{', '.join(x.name for x in types)} vs. "
                            f"{', '.join(x.name for x in other_types)}.")
    return types


def _shapes(tensor_list_list: list, shapes: Any, enqueue_many: bool) -> Any:
    """The element shapes: `shapes` when given, else those of the first input's tensors
    (without their batch dimension under `enqueue_many`); every rank must be known."""
    if shapes is not None:
        return shapes
    for tl in tensor_list_list:
        for t in tl:
            if t.shape.ndims is None:
                raise ValueError(f"Cannot infer Tensor's rank: {t}")
    first = tensor_list_list[0]
    return [(t.shape.with_rank_at_least(1)[1:] if enqueue_many else t.shape).as_list()
            for t in first]


def _select_which_to_enqueue(tensor_list: list, keep_input: Tensor) -> list:
    """The rows of each tensor whose `keep_input` entry is true."""
    select = array_ops.cast(keep_input, _dtypes.int32)
    return [nn_ops.dynamic_partition(x, select, num_partitions=2)[1] for x in tensor_list]


def _enqueue_op(enqueue_fn: Any, tensor_list: list, keep_input: Tensor) -> Any:
    """The op that enqueues `tensor_list`, if `keep_input` (statically true: always)."""
    if keep_input.shape.ndims == 1:
        return enqueue_fn(_select_which_to_enqueue(tensor_list, keep_input))
    known = constant_value(keep_input)
    if known is not None:
        return enqueue_fn(tensor_list) if bool(known) else control_flow.no_op()
    return control_flow.cond(keep_input, lambda: enqueue_fn(tensor_list), control_flow.no_op)


def _fraction_full(queue: Any, capacity: int, min_after_dequeue: int | None) -> None:
    """The scalar summary of how full the queue is (beyond `min_after_dequeue`, when
    shuffling)."""
    from .. import summary  # noqa: PLC0415 - summary builds on this package
    if min_after_dequeue is None:
        summary.scalar(f"fraction_of_{capacity}_full",
                       array_ops.cast(queue.size(), _dtypes.float32) * (1.0 / capacity))
        return
    over = math_ops.maximum(0, queue.size() - min_after_dequeue)
    summary.scalar(f"fraction_over_{min_after_dequeue}_of_{capacity - min_after_dequeue}_full",
                   array_ops.cast(over, _dtypes.float32) *
                   (1.0 / (capacity - min_after_dequeue)))


def _batch(kind: str, tensors: Any, batch_size: Any, keep_input: Any, threads: int = 1,
           capacity: int = 32, enqueue_many: bool = False, shapes: Any = None,
           dynamic_pad: bool = False, allow_smaller_final_batch: bool = False,
           shared_name: str | None = None, name: str | None = None,
           min_after_dequeue: int | None = None, seed: int | None = None) -> Any:
    """What every batcher builds, under the name scope `kind` ("batch", "batch_join",
    "shuffle_batch", "shuffle_batch_join"): the queue (a RandomShuffleQueue when given
    `min_after_dequeue`), its runner with one enqueue op per input of a `_join` form or one
    op `threads` times, the fullness summary, and the dequeue of `batch_size`."""
    join = kind.endswith("_join")
    tensor_lists = _as_tensor_list_list(tensors) if join else [_as_tensor_list(tensors)]
    flat = [t for tl in tensor_lists for t in tl]
    with name_scope(name, kind, flat + [keep_input]) as name:
        if kind == "shuffle_batch" and capacity <= min_after_dequeue:
            raise ValueError(f"capacity {capacity} must be bigger than min_after_dequeue "
                             f"{min_after_dequeue}.")
        tensor_lists = _validate_join(tensor_lists) if join else [_validate(tensor_lists[0])]
        keep_input = _validate_keep_input(keep_input, enqueue_many)
        types = _types(tensor_lists)
        shapes = _shapes(tensor_lists, shapes, enqueue_many)
        if min_after_dequeue is not None:
            queue = data_flow.RandomShuffleQueue(
                capacity=capacity, min_after_dequeue=min_after_dequeue, seed=seed,
                dtypes=types, shapes=shapes, shared_name=shared_name)
        else:
            queue_class = data_flow.PaddingFIFOQueue if dynamic_pad else data_flow.FIFOQueue
            queue = queue_class(capacity=capacity, dtypes=types, shapes=shapes,
                                shared_name=shared_name)
        enqueue_fn = queue.enqueue_many if enqueue_many else queue.enqueue
        ops = [_enqueue_op(enqueue_fn, tl, keep_input) for tl in tensor_lists]
        add_queue_runner(QueueRunner(queue, ops * threads))
        _fraction_full(queue, capacity, min_after_dequeue)
        if allow_smaller_final_batch:
            dequeued = queue.dequeue_up_to(batch_size, name=name)
        else:
            dequeued = queue.dequeue_many(batch_size, name=name)
        return _as_original_type(tensors[0] if join else tensors, dequeued)


# ---- the batching functions

def batch(tensors: Any, batch_size: Any, num_threads: int = 1, capacity: int = 32,
          enqueue_many: bool = False, shapes: Any = None, dynamic_pad: bool = False,
          allow_smaller_final_batch: bool = False, shared_name: str | None = None,
          name: str | None = None) -> Any:
    """`tf.train.batch`: batches of `batch_size` of `tensors` (a list or dict; one element
    per run of their ops, or slices with `enqueue_many`), in order; `dynamic_pad` pads
    elements of different shapes."""
    return _batch("batch", tensors, batch_size, True, num_threads, capacity, enqueue_many,
                  shapes, dynamic_pad, allow_smaller_final_batch, shared_name, name)


def maybe_batch(tensors: Any, keep_input: Any, batch_size: Any, num_threads: int = 1,
                capacity: int = 32, enqueue_many: bool = False, shapes: Any = None,
                dynamic_pad: bool = False, allow_smaller_final_batch: bool = False,
                shared_name: str | None = None, name: str | None = None) -> Any:
    """`tf.train.maybe_batch`: `batch` of the elements for which `keep_input` (a bool
    scalar, or per row with `enqueue_many`) is true."""
    return _batch("batch", tensors, batch_size, keep_input, num_threads, capacity,
                  enqueue_many, shapes, dynamic_pad, allow_smaller_final_batch, shared_name,
                  name)


def batch_join(tensors_list: Any, batch_size: Any, capacity: int = 32,
               enqueue_many: bool = False, shapes: Any = None, dynamic_pad: bool = False,
               allow_smaller_final_batch: bool = False, shared_name: str | None = None,
               name: str | None = None) -> Any:
    """`tf.train.batch_join`: `batch` over several inputs of one structure, one enqueue
    thread each."""
    return _batch("batch_join", tensors_list, batch_size, True, 1, capacity, enqueue_many,
                  shapes, dynamic_pad, allow_smaller_final_batch, shared_name, name)


def maybe_batch_join(tensors_list: Any, keep_input: Any, batch_size: Any, capacity: int = 32,
                     enqueue_many: bool = False, shapes: Any = None, dynamic_pad: bool = False,
                     allow_smaller_final_batch: bool = False, shared_name: str | None = None,
                     name: str | None = None) -> Any:
    """`tf.train.maybe_batch_join`: `batch_join` of the elements `keep_input` keeps."""
    return _batch("batch_join", tensors_list, batch_size, keep_input, 1, capacity,
                  enqueue_many, shapes, dynamic_pad, allow_smaller_final_batch, shared_name,
                  name)


def shuffle_batch(tensors: Any, batch_size: Any, capacity: int, min_after_dequeue: int,
                  num_threads: int = 1, seed: int | None = None, enqueue_many: bool = False,
                  shapes: Any = None, allow_smaller_final_batch: bool = False,
                  shared_name: str | None = None, name: str | None = None) -> Any:
    """`tf.train.shuffle_batch`: batches drawn at random from a RandomShuffleQueue of
    `capacity` that keeps `min_after_dequeue` elements back for mixing."""
    return _batch("shuffle_batch", tensors, batch_size, True, num_threads, capacity,
                  enqueue_many, shapes, False, allow_smaller_final_batch, shared_name, name,
                  min_after_dequeue, seed)


def maybe_shuffle_batch(tensors: Any, batch_size: Any, capacity: int, min_after_dequeue: int,
                        keep_input: Any, num_threads: int = 1, seed: int | None = None,
                        enqueue_many: bool = False, shapes: Any = None,
                        allow_smaller_final_batch: bool = False,
                        shared_name: str | None = None, name: str | None = None) -> Any:
    """`tf.train.maybe_shuffle_batch`: `shuffle_batch` of the elements `keep_input`
    keeps."""
    return _batch("shuffle_batch", tensors, batch_size, keep_input, num_threads, capacity,
                  enqueue_many, shapes, False, allow_smaller_final_batch, shared_name, name,
                  min_after_dequeue, seed)


def shuffle_batch_join(tensors_list: Any, batch_size: Any, capacity: int,
                       min_after_dequeue: int, seed: int | None = None,
                       enqueue_many: bool = False, shapes: Any = None,
                       allow_smaller_final_batch: bool = False,
                       shared_name: str | None = None, name: str | None = None) -> Any:
    """`tf.train.shuffle_batch_join`: `shuffle_batch` over several inputs of one structure,
    one enqueue thread each."""
    return _batch("shuffle_batch_join", tensors_list, batch_size, True, 1, capacity,
                  enqueue_many, shapes, False, allow_smaller_final_batch, shared_name, name,
                  min_after_dequeue, seed)


def maybe_shuffle_batch_join(tensors_list: Any, batch_size: Any, capacity: int,
                             min_after_dequeue: int, keep_input: Any, seed: int | None = None,
                             enqueue_many: bool = False, shapes: Any = None,
                             allow_smaller_final_batch: bool = False,
                             shared_name: str | None = None, name: str | None = None) -> Any:
    """`tf.train.maybe_shuffle_batch_join`: `shuffle_batch_join` of the elements
    `keep_input` keeps."""
    return _batch("shuffle_batch_join", tensors_list, batch_size, keep_input, 1, capacity,
                  enqueue_many, shapes, False, allow_smaller_final_batch, shared_name, name,
                  min_after_dequeue, seed)
