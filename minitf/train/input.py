"""Queue-based input pipelines: `tf.train.range_input_producer`, `input_producer` and
`limit_epochs` (mirrors training/input.py of TF 1.15). A producer is a FIFOQueue filled by a
QueueRunner (registered in `GraphKeys.QUEUE_RUNNERS`) that enqueues its whole input, shuffled
when asked, once per epoch; with `num_epochs` a local `epochs` counter ends the input with
OutOfRangeError after that many."""
from __future__ import annotations

from typing import Any

from ..framework import dtypes as _dtypes
from ..framework.convert import constant, convert_to_tensor
from ..framework.graph import GraphKeys, control_dependencies, name_scope
from ..framework.tensor_shape import as_shape
from ..ops import array as array_ops
from ..ops import data_flow
from ..ops import random as random_ops
from ..ops.state import Variable
from .queue_runner import QueueRunner, add_queue_runner

__all__ = ["limit_epochs", "input_producer", "range_input_producer"]


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

