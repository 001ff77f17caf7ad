"""Queues: `tf.FIFOQueue`, `tf.RandomShuffleQueue`, `tf.PaddingFIFOQueue` and their ops
(FIFOQueueV2, RandomShuffleQueueV2, PaddingFIFOQueueV2, QueueEnqueueV2, QueueEnqueueManyV2,
QueueDequeueV2, QueueDequeueManyV2, QueueDequeueUpToV2, QueueSizeV2, QueueCloseV2,
QueueIsClosedV2), CountUpTo, the epoch counter of input pipelines, and the stacks of TF1's loop
gradients (StackV2, StackPushV2, StackPopV2, StackCloseV2, and ControlTrigger) (mirrors
data_flow_ops.py, state_ops.count_up_to and core/kernels/stack.cc of TF 1.15).

Run-time model. A queue lives in the running session's `resources.queues`, keyed by its
`shared_name` or else its op's name, so each session has its own (as TF's resource manager
does). The FIFOQueueV2 kernel returns the queue object as the handle; the other ops act on it.
Enqueues wait while the queue is full and dequeues while it lacks elements, each under the
queue's condition variable, so queue-runner threads (minitf/train/queue_runner.py) feed a
training loop that runs in another thread. Closing wakes every waiter: a dequeue then takes
what is left or fails with OutOfRangeError, and `cancel_pending_enqueues` cancels waiting
enqueues (CancelledError).

Stacks have no Python builder in TF1: its `tf.gradients` of a while loop pushes each forward
iteration's values and pops them in the backward loop. minitf builds its own loop gradients
otherwise, so these ops run graphs that TF built (framework/importer.py). StackV2 makes a new
stack at each run (TF keeps it for one step), whose object is the handle.

A RandomShuffleQueue hands out a random element each time and,
until closed, keeps `min_after_dequeue` elements back; its order for given seeds is its own,
not TF's. A PaddingFIFOQueue's elements may vary along the dimensions its shapes leave
unknown; `dequeue_many` pads them to the longest in the batch (zeros, empty strings).
"""
from __future__ import annotations

import collections
import itertools
import random as _random
import threading
from typing import Any

import numpy as np

from ..framework import dtypes as _dtypes
from ..framework import errors, registry
from ..framework.convert import constant_value, convert_to_tensor
from ..framework.graph import Operation, Tensor, get_default_graph, name_scope
from ..framework.tensor_shape import Dimension, TensorShape, as_shape, dims_str, unknown_shape
from .common_shapes import shape_str
from .random import get_seed

__all__ = ["FIFOQueue", "PaddingFIFOQueue", "QueueBase", "RandomShuffleQueue", "count_up_to"]


class _Queue:
    """One session's FIFO queue of component tuples; `shapes` holds a tuple per component
    (None: any shape; a None dimension: any size) or None."""

    kind = "FIFOQueue"

    def __init__(self, name: str, capacity: int, shapes: list):
        self.name = name
        self.capacity = capacity
        self.shapes = shapes
        self.items: collections.deque = collections.deque()
        self.closed = False
        self.cancellations = 0
        self.cond = threading.Condition()

    def _check(self, element: tuple) -> None:
        for i, (value, shape) in enumerate(zip(element, self.shapes)):
            if shape is not None and (len(value.shape) != len(shape) or any(
                    d is not None and d != v for d, v in zip(shape, value.shape))):
                raise errors.InvalidArgumentError(
                    None, None, f"Shape mismatch in tuple component {i}. Expected "
                                f"{dims_str(TensorShape(list(shape)))}, got "
                                f"{shape_str(value.shape)}")

    def put(self, elements: list) -> None:
        """Appends `elements` one by one, waiting for room (capacity < 0: unbounded). An
        enqueue fails once the queue is closed; one already waiting keeps waiting unless the
        close cancels pending enqueues."""
        for element in elements:
            self._check(element)
        with self.cond:
            if self.closed:
                raise errors.CancelledError(None, None, f"{self.kind} '{self.name}' is closed.")
            generation = self.cancellations
            for element in elements:
                while 0 <= self.capacity <= len(self.items):
                    if self.cancellations != generation:
                        raise errors.CancelledError(None, None,
                                                    "Enqueue operation was cancelled")
                    self.cond.wait()
                self.items.append(element)
                self.cond.notify_all()

    def _ready(self, n: int) -> bool:
        return len(self.items) >= n

    def _pop(self) -> tuple:
        return self.items.popleft()

    def take(self, n: int, allow_smaller: bool = False) -> list:
        """`n` elements, waiting until there are `n` (more with a RandomShuffleQueue's
        `min_after_dequeue`) or the queue is closed; a closed queue gives what it has to
        `allow_smaller`, if anything."""
        with self.cond:
            while not self.closed and not self._ready(n):
                self.cond.wait()
            if len(self.items) < n:
                if not (allow_smaller and self.items):
                    raise errors.OutOfRangeError(
                        None, None, f"{self.kind} '{self.name}' is closed and has insufficient "
                                    f"elements (requested {n}, current size {len(self.items)})")
                n = len(self.items)
            out = [self._pop() for _ in range(n)]
            self.cond.notify_all()
            return out

    def close(self, cancel_pending_enqueues: bool) -> None:
        with self.cond:
            self.closed = True
            self.cancellations += bool(cancel_pending_enqueues)
            self.cond.notify_all()


class _ShuffleQueue(_Queue):
    """A RandomShuffleQueue: each dequeued element is drawn at random, and until the queue is
    closed a dequeue leaves at least `min_after_dequeue` elements behind."""

    kind = "RandomShuffleQueue"

    def __init__(self, name: str, capacity: int, shapes: list, min_after_dequeue: int,
                 seeds: tuple[int, int]):
        super().__init__(name, capacity, shapes)
        self.items: list = []  # type: ignore[assignment]
        self.min_after_dequeue = min_after_dequeue
        self.rng = _random.Random(seeds[0] << 32 | seeds[1]) if seeds != (0, 0) else \
            _random.Random()

    def _ready(self, n: int) -> bool:
        return len(self.items) - n >= self.min_after_dequeue

    def _pop(self) -> tuple:
        i = self.rng.randrange(len(self.items))
        self.items[i], self.items[-1] = self.items[-1], self.items[i]
        return self.items.pop()


class _PaddingQueue(_Queue):
    """A PaddingFIFOQueue: its elements may differ along the dimensions left unknown."""

    kind = "PaddingFIFOQueue"


# --------------------------------------------------------------------------------------------
# Shape rules

_SCALAR = TensorShape([])


def _rank(t: Tensor, rank: int) -> None:
    n = t.shape.ndims
    if n is not None and n != rank:
        raise ValueError(f"Shape must be rank {rank} but is rank {n}")


def _queue_infer(op):
    return [(_dtypes.resource, _SCALAR)]


def _no_outputs(op):
    _rank(op.inputs[0], 0)
    return []


_QUEUE_TYPES = ("FIFOQueueV2", "RandomShuffleQueueV2", "PaddingFIFOQueueV2")


def _queue_op(handle: Tensor) -> Operation | None:
    op = handle.op
    return op if op.type in _QUEUE_TYPES else None


def _component_shapes(handle: Tensor, n: int) -> list[TensorShape]:
    """The element shapes the queue was declared with (unknown when it declared none)."""
    op = _queue_op(handle)
    shapes = op.get_attr("shapes") if op is not None else []
    return list(shapes) if shapes else [unknown_shape()] * n


def _dequeue_infer(op):
    _rank(op.inputs[0], 0)
    types = op.get_attr("component_types")
    return [(t, s) for t, s in zip(types, _component_shapes(op.inputs[0], len(types)))]


def _dequeue_many_infer(op, allow_smaller: bool = False):
    handle, n = op.inputs
    _rank(handle, 0)
    _rank(n, 0)
    value = None if allow_smaller else constant_value(n)
    if value is not None and value < 0:
        raise ValueError(f"Input 'n' must be >= 0, but is {value}")
    batch = TensorShape([None if value is None else int(value)])
    types = op.get_attr("component_types")
    return [(t, batch.concatenate(s) if s.ndims is not None else unknown_shape())
            for t, s in zip(types, _component_shapes(handle, len(types)))]


def _dequeue_up_to_infer(op):
    return _dequeue_many_infer(op, allow_smaller=True)


def _size_infer(op):
    _rank(op.inputs[0], 0)
    return [(_dtypes.int32, _SCALAR)]


def _is_closed_infer(op):
    _rank(op.inputs[0], 0)
    return [(_dtypes.bool, _SCALAR)]


# --------------------------------------------------------------------------------------------
# Kernels

def resource_kernel(store: str, make: Any):
    """The kernel of an op that makes a session resource (a queue, a reader): the one of the
    op's shared name (else its op name) in the session's `resources.<store>`, made on first
    use by `make(name, attrs)`."""
    def factory(ctx: registry.KernelContext):
        resources = getattr(ctx.resources, store)
        attrs = ctx.attrs
        key = attrs["shared_name"] or ctx.op_name
        lock = ctx.resources.lock

        def resource_op():
            with lock:
                resource = resources.get(key)
                if resource is None:
                    resource = resources[key] = make(key, attrs)
            return resource
        return resource_op
    return factory


def _queue_kernel(make: Any):
    """A queue op's kernel; `make(name, capacity, shapes, attrs)` makes its queue."""
    def make_queue(name: str, attrs: dict) -> _Queue:
        shapes = [None if s.ndims is None else tuple(s.as_list()) for s in attrs["shapes"]] \
            or [None] * len(attrs["component_types"])
        return make(name, attrs["capacity"], shapes, attrs)
    return resource_kernel("queues", make_queue)


_fifo_queue_kernel = _queue_kernel(lambda name, capacity, shapes, attrs:
                                   _Queue(name, capacity, shapes))
_shuffle_queue_kernel = _queue_kernel(lambda name, capacity, shapes, attrs: _ShuffleQueue(
    name, capacity, shapes, attrs["min_after_dequeue"], (attrs["seed"], attrs["seed2"])))
_padding_queue_kernel = _queue_kernel(lambda name, capacity, shapes, attrs:
                                      _PaddingQueue(name, capacity, shapes))


def _copy(value: Any) -> Any:
    """A queue's own copy of a component (a string scalar may arrive as a bytes object)."""
    return np.array(value, dtype=object) if isinstance(value, bytes) else value.copy()


def _enqueue_kernel(ctx: registry.KernelContext):
    def queue_enqueue(queue, *components):
        queue.put([tuple(_copy(c) for c in components)])
    return queue_enqueue


def _enqueue_many_kernel(ctx: registry.KernelContext):
    def queue_enqueue_many(queue, *components):
        sizes = {c.shape[0] if c.ndim else None for c in components}
        if None in sizes:
            raise errors.InvalidArgumentError(
                None, None, "EnqueueMany requires the components to have at least one "
                            "dimension")
        if len(sizes) != 1:
            raise errors.InvalidArgumentError(
                None, None, f"EnqueueMany requires the 0th dimension of all components to "
                            f"match, got sizes {sorted(sizes)}")
        count = sizes.pop()
        queue.put([tuple(c[i, ...].copy() for c in components) for i in range(count)])
    return queue_enqueue_many


def _dequeue_kernel(ctx: registry.KernelContext):
    n = len(ctx.attrs["component_types"])

    def queue_dequeue(queue):
        element = queue.take(1)[0]
        return element if n > 1 else element[0]
    return queue_dequeue


def _batch(xp: Any, parts: list, dtype: Any, shape: tuple) -> Any:
    """`parts` stacked along a new dimension 0, each padded (zeros, empty strings) to the
    largest size along the dimensions `shape` leaves unknown; strings stay numpy arrays
    whatever the backend."""
    mod = np if dtype == object else xp
    if not parts:
        return mod.zeros((0,) + tuple(w or 0 for w in shape), dtype)
    size = tuple(max(p.shape[d] for p in parts) if w is None else w
                 for d, w in enumerate(shape))
    if all(p.shape == size for p in parts):
        return mod.stack(parts)
    out = mod.full((len(parts),) + size, b"" if dtype == object else 0, dtype)
    for i, p in enumerate(parts):
        out[(i,) + tuple(slice(0, k) for k in p.shape)] = p
    return out


def _dequeue_many_kernel(allow_smaller: bool):
    def factory(ctx: registry.KernelContext):
        xp = ctx.xp
        types = [_dtypes.np_dtype(t) for t in ctx.attrs["component_types"]]
        what = "DequeueUpTo" if allow_smaller else "DequeueMany"

        def queue_dequeue_many(queue, n):
            if None in queue.shapes:
                raise errors.InvalidArgumentError(
                    None, None, f"{queue.kind}'s DequeueMany and DequeueUpTo require the "
                                f"components to have specified shapes.")
            n = int(n)
            if n < 0:
                raise errors.InvalidArgumentError(None, None,
                                                  f"{what} requested {n} < 0 elements")
            elements = queue.take(n, allow_smaller)
            out = tuple(_batch(xp, [e[i] for e in elements], dt, shape)
                        for i, (dt, shape) in enumerate(zip(types, queue.shapes)))
            return out if len(types) > 1 else out[0]
        return queue_dequeue_many
    return factory


def _size_kernel(ctx: registry.KernelContext):
    asarray = ctx.xp.asarray

    def queue_size(queue):
        return asarray(len(queue.items), dtype="int32")
    return queue_size


def _close_kernel(ctx: registry.KernelContext):
    cancel = ctx.attrs["cancel_pending_enqueues"]

    def queue_close(queue):
        queue.close(cancel)
    return queue_close


def _is_closed_kernel(ctx: registry.KernelContext):
    asarray = ctx.xp.asarray

    def queue_is_closed(queue):
        return asarray(queue.closed)
    return queue_is_closed


for _type, _infer, _kernel in (
        ("FIFOQueueV2", _queue_infer, _fifo_queue_kernel),
        ("RandomShuffleQueueV2", _queue_infer, _shuffle_queue_kernel),
        ("PaddingFIFOQueueV2", _queue_infer, _padding_queue_kernel),
        ("QueueEnqueueV2", _no_outputs, _enqueue_kernel),
        ("QueueEnqueueManyV2", _no_outputs, _enqueue_many_kernel),
        ("QueueDequeueV2", _dequeue_infer, _dequeue_kernel),
        ("QueueDequeueManyV2", _dequeue_many_infer, _dequeue_many_kernel(False)),
        ("QueueDequeueUpToV2", _dequeue_up_to_infer, _dequeue_many_kernel(True)),
        ("QueueSizeV2", _size_infer, _size_kernel),
        ("QueueCloseV2", _no_outputs, _close_kernel),
        ("QueueIsClosedV2", _is_closed_infer, _is_closed_kernel)):
    registry.register(_type, infer=_infer, kernel=_kernel, grad=registry.NOT_DIFFERENTIABLE,
                      stateful=True)


# --------------------------------------------------------------------------------------------
# The Python queue objects

def _as_type_list(dtypes: Any) -> list[_dtypes.DType]:
    if not isinstance(dtypes, (list, tuple)):
        dtypes = [dtypes]
    return [_dtypes.as_dtype(d) for d in dtypes]


def _as_shape_list(shapes: Any, unknown_dim_allowed: bool = False
                   ) -> list[TensorShape] | None:
    """Declared element shapes, one per component (a single shape given as a list of ints
    counts as one), fully defined unless `unknown_dim_allowed` (then a list of shapes, each of
    known rank)."""
    if unknown_dim_allowed and (not isinstance(shapes, (list, tuple)) or not shapes or any(
            shape is None or isinstance(shape, int) for shape in shapes)):
        raise ValueError("When providing partial shapes, a list of shapes must be provided.")
    if shapes is None:
        return None
    if isinstance(shapes, TensorShape):
        shapes = [shapes]
    if not isinstance(shapes, (tuple, list)):
        raise TypeError("shapes must be a TensorShape or a list or tuple of TensorShapes.")
    if all(shape is None or isinstance(shape, int) for shape in shapes):
        shapes = [shapes]
    shapes = [as_shape(shape) for shape in shapes]
    if not unknown_dim_allowed and any(not shape.is_fully_defined() for shape in shapes):
        raise ValueError(f"All shapes must be fully defined: {shapes}")
    if any(shape.ndims is None for shape in shapes):
        raise ValueError(f"All shapes must have a defined rank: {shapes}")
    return shapes


class QueueBase:
    """`tf.QueueBase`: the ops of a queue built by a subclass (`FIFOQueue`)."""

    def __init__(self, dtypes: list, shapes: list | None, names: list | None,
                 queue_ref: Tensor):
        self._dtypes = dtypes
        if shapes is not None and len(shapes) != len(dtypes):
            raise ValueError("Queue shapes must have the same length as dtypes")
        self._shapes = shapes if shapes is not None else [unknown_shape()] * len(dtypes)
        self._names = names
        self._queue_ref = queue_ref
        self._name = queue_ref.op.name.split("/")[-1]

    @property
    def queue_ref(self) -> Tensor:
        return self._queue_ref

    @property
    def name(self) -> str:
        return self._queue_ref.op.name

    @property
    def dtypes(self) -> list:
        return self._dtypes

    @property
    def shapes(self) -> list:
        return self._shapes

    @property
    def names(self) -> list | None:
        return self._names

    def _components(self, vals: Any) -> list[Tensor]:
        """`vals` (one value, a list, or a dict by component name) as tensors of the queue's
        dtypes named `component_<i>`."""
        if isinstance(vals, dict):
            if not self._names:
                raise ValueError("Queue must have names to enqueue a dictionary")
            if sorted(self._names, key=str) != sorted(vals.keys(), key=str):
                raise ValueError(f"Keys in dictionary to enqueue do not match names of Queue.  "
                                 f"Dictionary: {sorted(vals.keys())}, Queue: "
                                 f"{sorted(self._names)}")
            vals = [vals[k] for k in self._names]
        elif self._names:
            raise ValueError("You must enqueue a dictionary in a Queue with names")
        elif not isinstance(vals, (list, tuple)):
            vals = [vals]
        if len(vals) != len(self._dtypes):
            raise ValueError(f"Expected {len(self._dtypes)} components, got {len(vals)}")
        return [convert_to_tensor(v, dtype=dt, name=f"component_{i}")
                for i, (v, dt) in enumerate(zip(vals, self._dtypes))]

    def _create(self, op_type: str, inputs: list, name: str, attrs: dict | None = None
                ) -> Operation:
        attrs = dict(attrs or {})
        return get_default_graph().create_op(op_type, [self._queue_ref] + inputs, attrs,
                                             name=name)

    def enqueue(self, vals: Any, name: str | None = None) -> Operation:
        """Adds one element (waits while the queue is full)."""
        with name_scope(name, f"{self._name}_enqueue", [self._queue_ref]) as scope:
            vals = self._components(vals)
            for val, shape in zip(vals, self._shapes):
                val.shape.assert_is_compatible_with(shape)
            return self._create("QueueEnqueueV2", vals, scope,
                                {"Tcomponents": [v.dtype for v in vals], "timeout_ms": -1})

    def enqueue_many(self, vals: Any, name: str | None = None) -> Operation:
        """Adds the slices along dimension 0 of every component, one element each."""
        with name_scope(name, f"{self._name}_EnqueueMany", [self._queue_ref]) as scope:
            vals = self._components(vals)
            batch = Dimension(None)
            for val, shape in zip(vals, self._shapes):
                dims = val.shape.with_rank_at_least(1)
                batch = batch.merge_with(dims[0])
                dims[1:].assert_is_compatible_with(shape)
            return self._create("QueueEnqueueManyV2", vals, scope,
                                {"Tcomponents": [v.dtype for v in vals], "timeout_ms": -1})

    def _outputs(self, op: Operation) -> Any:
        outs = list(op.outputs)
        if self._names:
            return dict(zip(self._names, outs))
        return outs[0] if len(outs) == 1 else outs

    def dequeue(self, name: str | None = None) -> Any:
        """One element (waits for one; OutOfRangeError once closed and empty)."""
        op = self._create("QueueDequeueV2", [], name or f"{self._name}_Dequeue",
                          {"component_types": self._dtypes, "timeout_ms": -1})
        return self._outputs(op)

    def _dequeue_n(self, op_type: str, n: Any, name: str) -> Any:
        g = get_default_graph()
        with g.name_scope(name) as scope:
            n_t = convert_to_tensor(n, dtype=_dtypes.int32, name="n")
            op = self._create(op_type, [n_t], scope,
                              {"component_types": self._dtypes, "timeout_ms": -1})
        return self._outputs(op)

    def dequeue_many(self, n: Any, name: str | None = None) -> Any:
        """`n` elements stacked along a new dimension 0."""
        return self._dequeue_n("QueueDequeueManyV2", n, name or f"{self._name}_DequeueMany")

    def dequeue_up_to(self, n: Any, name: str | None = None) -> Any:
        """Like `dequeue_many`, but once the queue is closed it gives the fewer than `n`
        elements left, if any (OutOfRangeError when none)."""
        return self._dequeue_n("QueueDequeueUpToV2", n, name or f"{self._name}_DequeueUpTo")

    def size(self, name: str | None = None) -> Tensor:
        """The number of elements now in the queue (int32)."""
        return self._create("QueueSizeV2", [], name or f"{self._name}_Size").outputs[0]

    def close(self, cancel_pending_enqueues: bool = False, name: str | None = None
              ) -> Operation:
        """Closes the queue: no more enqueues; dequeues drain what is left."""
        return self._create("QueueCloseV2", [], name or f"{self._name}_Close",
                            {"cancel_pending_enqueues": bool(cancel_pending_enqueues)})

    def is_closed(self, name: str | None = None) -> Tensor:
        return self._create("QueueIsClosedV2", [], name or f"{self._name}_Is_Closed").outputs[0]


def _as_name_list(names: Any, dtypes: list) -> list | None:
    if names is None:
        return None
    names = list(names) if isinstance(names, (list, tuple)) else [names]
    if len(names) != len(dtypes):
        raise ValueError("Queue names must have the same length as dtypes")
    return names


def _queue_ref(op_type: str, name: str, attrs: dict) -> Tensor:
    g = get_default_graph()
    with g.name_scope(name or op_type) as scope:
        return g.create_op(op_type, [], attrs, name=scope).outputs[0]


class FIFOQueue(QueueBase):
    """`tf.FIFOQueue`: a first-in first-out queue of `capacity` elements, each a tuple of
    tensors of `dtypes` (and of `shapes`, when given)."""

    def __init__(self, capacity: int, dtypes: Any, shapes: Any = None, names: Any = None,
                 shared_name: str | None = None, name: str = "fifo_queue"):
        dtypes = _as_type_list(dtypes)
        shapes = _as_shape_list(shapes)
        names = _as_name_list(names, dtypes)
        ref = _queue_ref("FIFOQueueV2", name, {
            "component_types": dtypes, "shapes": shapes or [], "capacity": int(capacity),
            "container": "", "shared_name": shared_name or ""})
        super().__init__(dtypes, shapes, names, ref)


class RandomShuffleQueue(QueueBase):
    """`tf.RandomShuffleQueue`: dequeues its elements in random order and, until closed,
    keeps at least `min_after_dequeue` of them back, so that what it hands out is mixed.
    Seeds come from `seed` and the graph seed as for random ops; shuffled orders are
    minitf's own, not TF's."""

    def __init__(self, capacity: int, min_after_dequeue: int, dtypes: Any, shapes: Any = None,
                 names: Any = None, seed: int | None = None, shared_name: str | None = None,
                 name: str = "random_shuffle_queue"):
        dtypes = _as_type_list(dtypes)
        shapes = _as_shape_list(shapes)
        names = _as_name_list(names, dtypes)
        seed1, seed2 = get_seed(seed)
        if seed1 is None and seed2 is None:
            seed1, seed2 = 0, 0
        elif seed is None and shared_name is not None:
            # a graph seed but no op seed: seed2 from the shared name, not the op counter
            import hashlib  # noqa: PLC0415 - rarely needed, and slow to import
            digest = hashlib.md5((str(seed1) + shared_name).encode("utf-8")).hexdigest()
            seed2 = int(digest[:8], 16) & 0x7FFFFFFF
        ref = _queue_ref("RandomShuffleQueueV2", name, {
            "component_types": dtypes, "shapes": shapes or [], "capacity": int(capacity),
            "min_after_dequeue": int(min_after_dequeue), "seed": seed1, "seed2": seed2,
            "container": "", "shared_name": shared_name or ""})
        super().__init__(dtypes, shapes, names, ref)


class PaddingFIFOQueue(QueueBase):
    """`tf.PaddingFIFOQueue`: a FIFOQueue whose `shapes` (required) may leave dimensions
    unknown; `dequeue_many` pads each batch to its longest element."""

    def __init__(self, capacity: int, dtypes: Any, shapes: Any, names: Any = None,
                 shared_name: str | None = None, name: str = "padding_fifo_queue"):
        dtypes = _as_type_list(dtypes)
        shapes = _as_shape_list(shapes, unknown_dim_allowed=True)
        names = _as_name_list(names, dtypes)
        if len(dtypes) != len(shapes):
            raise ValueError(f"Shapes must be provided for all components, but received "
                             f"{len(dtypes)} dtypes and {len(shapes)} shapes.")
        ref = _queue_ref("PaddingFIFOQueueV2", name, {
            "component_types": dtypes, "shapes": shapes, "capacity": int(capacity),
            "container": "", "shared_name": shared_name or ""})
        super().__init__(dtypes, shapes, names, ref)


# --------------------------------------------------------------------------------------------
# CountUpTo

def _count_up_to_infer(op):
    ref = op.inputs[0]
    _rank(ref, 0)
    return [(ref.dtype.base_dtype, _SCALAR)]


def _count_up_to_kernel(ctx: registry.KernelContext):
    variables = ctx.resources.variables
    key = ctx.refs[0]
    limit = ctx.attrs["limit"]
    lock = ctx.resources.lock
    asarray = ctx.xp.asarray

    def count_up_to_():
        with lock:
            old = variables.get(key)
            if old is None:
                raise errors.FailedPreconditionError(
                    None, None, f"Attempting to use uninitialized value {key}")
            if int(old) >= limit:
                raise errors.OutOfRangeError(None, None, f"Reached limit of {limit}")
            new = asarray(old + 1, dtype=old.dtype)
            if getattr(new, "flags", None) is not None:
                new.flags.writeable = False
            variables[key] = new
        return old
    return count_up_to_


registry.register("CountUpTo", infer=_count_up_to_infer, kernel=_count_up_to_kernel,
                  grad=registry.NOT_DIFFERENTIABLE, stateful=True, ref_inputs=(0,))


def count_up_to(ref: Any, limit: int, name: str | None = None) -> Tensor:
    """`tf.count_up_to`: increments the int32/int64 scalar variable `ref` and returns its old
    value, until it reaches `limit` (then OutOfRangeError)."""
    t = ref._variable if hasattr(ref, "_variable") else ref
    if not isinstance(t, Tensor) or not t.dtype._is_ref_dtype:
        raise TypeError("'CountUpTo' Op requires that input 'ref' be a mutable tensor (e.g.: a "
                        "tf.Variable)")
    if t.dtype.base_dtype not in (_dtypes.int32, _dtypes.int64):
        raise TypeError(f"Value passed to parameter 'ref' has DataType "
                        f"{t.dtype.base_dtype.name} not in list of allowed values: int32, int64")
    g = t.graph
    with g.as_default(), g.name_scope(name or "CountUpTo") as scope:
        return g.create_op("CountUpTo", [t], {"T": t.dtype.base_dtype, "limit": int(limit)},
                           name=scope).outputs[0]


# --------------------------------------------------------------------------------------------
# Stacks

class _Stack:
    """One StackV2 value: its elements, its bound and whether it was closed."""

    __slots__ = ("name", "elem_type", "max_size", "items", "closed")

    def __init__(self, name: str, elem_type: _dtypes.DType, max_size: int):
        self.name = name
        self.elem_type = elem_type
        self.max_size = max_size
        self.items: list = []
        self.closed = False

    def check_open(self) -> None:
        if self.closed:
            raise errors.InvalidArgumentError(None, None, f"Stack[{self.name}] has already "
                                                          f"been closed.")


def _stack_infer(op):
    _rank(op.inputs[0], 0)
    return [(_dtypes.resource, _SCALAR)]


def _stack_kernel(ctx: registry.KernelContext):
    elem_type = ctx.attrs["elem_type"]
    name = ctx.attrs.get("stack_name") or ctx.op_name
    counter = itertools.count()

    def stack_v2(max_size):
        if getattr(max_size, "ndim", 0):
            raise errors.InvalidArgumentError(
                None, None, f"Stack size must be a scalar, but had shape: "
                            f"{shape_str(max_size.shape)}")
        return _Stack(f"{name}_{next(counter)}", elem_type, int(max_size))
    return stack_v2


def _stack_push_infer(op):
    _rank(op.inputs[0], 0)
    t = op.inputs[1]
    return [(t.dtype.base_dtype, t.shape)]


def _stack_push_kernel(ctx: registry.KernelContext):
    dtype = ctx.attrs["T"]

    def stack_push_v2(stack, elem):
        stack.check_open()
        if dtype != stack.elem_type:
            raise errors.InvalidArgumentError(None, None, f"Must have type "
                                                          f"{stack.elem_type.tf_name} but got "
                                                          f"{dtype.tf_name}")
        if 0 <= stack.max_size <= len(stack.items):
            raise errors.InvalidArgumentError(None, None, f"Stack[{stack.name}] overflowed its "
                                                          f"max_size ({stack.max_size})")
        stack.items.append(elem)
        return elem
    return stack_push_v2


def _stack_pop_infer(op):
    _rank(op.inputs[0], 0)
    return [(op.get_attr("elem_type"), unknown_shape())]


def _stack_pop_kernel(ctx: registry.KernelContext):
    def stack_pop_v2(stack):
        stack.check_open()
        if not stack.items:
            raise errors.InvalidArgumentError(None, None, f"Stack[{stack.name}] is empty when "
                                                          f"calling Pop().")
        return stack.items.pop()
    return stack_pop_v2


def _stack_close_kernel(ctx: registry.KernelContext):
    def stack_close_v2(stack):
        stack.items.clear()
        stack.closed = True
    return stack_close_v2


for _type, _infer, _kernel in (("StackV2", _stack_infer, _stack_kernel),
                               ("StackPushV2", _stack_push_infer, _stack_push_kernel),
                               ("StackPopV2", _stack_pop_infer, _stack_pop_kernel),
                               ("StackCloseV2", _no_outputs, _stack_close_kernel)):
    registry.register(_type, infer=_infer, kernel=_kernel, grad=registry.NOT_DIFFERENTIABLE,
                      stateful=True)
registry.register("ControlTrigger", infer=lambda op: [], kernel=lambda ctx: lambda: None,
                  grad=registry.NOT_DIFFERENTIABLE)
