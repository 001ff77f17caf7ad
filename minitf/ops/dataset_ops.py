"""`tf.data` in TF1 graph mode: `Dataset` with its common transformations and the iterators
that read it (mirrors TF 1.15's python/data/ops/dataset_ops.py and iterator_ops.py).

Graph. Each dataset builds its op at construction, as TF1's datasets do (`TensorSliceDataset`,
`BatchDatasetV2`, `MapDataset`, ... with TF's helper constants `batch_size`, `count`, ...); its
one output is a scalar `variant`. A function given to `map` or `filter` is traced once into a
function graph of its own (TF's function library); outside tensors it reads become extra inputs
of the dataset op (TF's `other_arguments`). Iterators are `OneShotIterator` or `IteratorV2`
(with `MakeIterator` as initializer), `IteratorToStringHandle` and `IteratorGetNext`.

Run time. A dataset op's kernel returns a `_Data`: a recipe that starts a fresh Python
iterator of elements (tuples of arrays, one per flat component) on each call. An iterator lives
in the running session's `resources.iterators`, so each session reads its own; `MakeIterator`
restarts it, and `IteratorGetNext` raises OutOfRangeError ("End of sequence") at the end.
"""
from __future__ import annotations

import itertools
import os
from collections.abc import Callable
from collections.abc import Iterator as _PyIterator
from typing import Any

import numpy as np

from ..framework import dtypes as _dtypes
from ..framework import errors, nest, registry
from ..framework.convert import constant_value, convert_to_tensor
from ..framework.graph import Graph, Operation, Tensor, get_default_graph, name_scope
from ..framework.philox import Philox, PhiloxState
from ..framework.tensor_shape import Dimension, TensorShape, as_shape, unknown_shape
from ..framework.tf_record import read_records
from . import array as array_ops
from .common_shapes import shape_str
from .io_ops import file_lines, fixed_length_records
from .random import get_seed

__all__ = [
    "Dataset",
    "FixedLengthRecordDataset",
    "Iterator",
    "TFRecordDataset",
    "TextLineDataset",
    "get_output_classes",
    "get_output_shapes",
    "get_output_types",
    "make_initializable_iterator",
    "make_one_shot_iterator",
]

_SCALAR = TensorShape([])
_END = "End of sequence"


# --------------------------------------------------------------------------------------------
# Run-time values

class _Data:
    """A dataset's value: `start()` begins a new pass over its elements."""

    def __init__(self, start: Callable[[], _PyIterator[tuple]]):
        self.start = start


class _Function:
    """A traced `map`/`filter` function: its graph, argument placeholders and results."""

    def __init__(self, graph: Graph, args: list[Tensor], captured: list[Tensor],
                 outputs: list[Tensor]):
        self.graph = graph
        self.args = args
        self.captured = captured
        self.outputs = outputs


class _FunctionGraph(Graph):
    """The graph a dataset function is traced into: a tensor of an outer graph read by one of
    its ops becomes a placeholder here, fed with the outer value when the function runs."""

    def __init__(self, outer: Graph):
        super().__init__()
        self.outer = outer
        self.seed = outer.seed
        self.captures: dict[Tensor, Tensor] = {}

    def _captures_from(self, other: Graph) -> bool:
        return other is self.outer or self.outer._captures_from(other)

    def capture(self, t: Tensor) -> Tensor:
        if t.graph is self or not self._captures_from(t.graph):
            return t  # a tensor of an unrelated graph: create_op says so
        if t.graph is not self.outer:
            t = self.outer.capture(t)
        inner = self.captures.get(t)
        if inner is None:
            inner = self.captures[t] = super().create_op(
                "Placeholder", [], {"dtype": t.dtype.base_dtype, "shape": t.shape},
                name="captured_input").outputs[0]
        return inner

    def create_op(self, op_type: str, inputs: list = (), attrs: dict | None = None,
                  name: str | None = None, control_inputs: list = ()) -> Operation:
        inputs = [self.capture(t) if isinstance(t, Tensor) else t for t in inputs]
        return super().create_op(op_type, inputs, attrs, name, control_inputs)


def _trace(fn: Callable, types: Any, shapes: Any, what: str) -> tuple[_Function, Any]:
    """`fn` called on placeholders of the element structure `types`/`shapes` inside a function
    graph; returns the traced function and the nest of its results."""
    outer = get_default_graph()
    fg = _FunctionGraph(outer)
    with fg.as_default():
        from .array import placeholder
        args = [placeholder(t, s, name=f"arg{i}") for i, (t, s) in
                enumerate(zip(nest.flatten(types), nest.flatten(shapes)))]
        element = nest.pack_sequence_as(types, args)
        ret = fn(*element) if type(element) is tuple else fn(element)
        if isinstance(ret, list):
            ret = tuple(ret)
        flat = [fg.capture(convert_to_tensor(r)) for r in nest.flatten(ret)]
        ret = nest.pack_sequence_as(ret, flat)
    if not flat:
        raise TypeError(f"The {what} function must return at least one tensor.")
    return _Function(fg, args, list(fg.captures.values()), flat), ret


# --------------------------------------------------------------------------------------------
# Shape rules

def _dataset_infer(op):
    return [(_dtypes.variant, _SCALAR)]


def _iterator_infer(op):
    return [(_dtypes.resource, _SCALAR)]


def _get_next_infer(op):
    return list(zip(op.get_attr("output_types"), op.get_attr("output_shapes")))


def _make_iterator_infer(op):
    return []


def _string_handle_infer(op):
    return [(_dtypes.string, _SCALAR)]


# --------------------------------------------------------------------------------------------
# Kernels

def _scalar(value: Any, what: str) -> int:
    if getattr(value, "ndim", 0) != 0:
        raise errors.InvalidArgumentError(None, None, f"{what} must be a scalar")
    return int(value)


def _tensor_slice_kernel(ctx: registry.KernelContext):
    def tensor_slice_dataset(*components):
        sizes = [c.shape[0] for c in components]
        if any(s != sizes[0] for s in sizes):
            raise errors.InvalidArgumentError(
                None, None, "All components must have the same size in the 0th dimension")
        # strings stay 0-d object arrays (indexing one gives the bytes object itself)
        return _Data(lambda: (tuple(c[i, ...] if c.dtype == object else c[i]
                                    for c in components) for i in range(sizes[0])))
    return tensor_slice_dataset


def _tensor_kernel(ctx: registry.KernelContext):
    def tensor_dataset(*components):
        return _Data(lambda: iter((components,)))
    return tensor_dataset


def _range_kernel(ctx: registry.KernelContext):
    int64 = ctx.xp.int64

    def range_dataset(start, stop, step):
        start, stop, step = int(start), int(stop), int(step)
        if step == 0:
            raise errors.InvalidArgumentError(None, None, "step must be a non-zero integer.")
        return _Data(lambda: ((int64(i),) for i in range(start, stop, step)))
    return range_dataset


def _zip_kernel(ctx: registry.KernelContext):
    def zip_dataset(*inputs):
        def start():
            for parts in zip(*(d.start() for d in inputs)):
                yield tuple(itertools.chain.from_iterable(parts))
        return _Data(start)
    return zip_dataset


def _batches(data: _Data, size: int, drop_remainder: bool) -> _PyIterator[list]:
    it = data.start()
    while True:
        batch = list(itertools.islice(it, size))
        if not batch or (drop_remainder and len(batch) < size):
            return
        yield batch


def _batch_kernel(ctx: registry.KernelContext):
    xp = ctx.xp

    def stack(batch: list) -> tuple:
        out = []
        for k in range(len(batch[0])):
            first = tuple(getattr(batch[0][k], "shape", ()))
            for j, element in enumerate(batch[1:], 1):
                shape = tuple(getattr(element[k], "shape", ()))
                if shape != first:
                    raise errors.InvalidArgumentError(
                        None, None, f"Cannot batch tensors with different shapes in component "
                                    f"{k}. First element had shape {shape_str(first)} and "
                                    f"element {j} had shape {shape_str(shape)}.")
            out.append(xp.stack([xp.asarray(e[k]) for e in batch]))
        return tuple(out)

    def batch_dataset(data, batch_size, drop_remainder):
        size = _scalar(batch_size, "batch_size")
        if size <= 0:
            raise errors.InvalidArgumentError(None, None, "Batch size must be greater than zero.")
        drop = bool(drop_remainder)
        return _Data(lambda: (stack(b) for b in _batches(data, size, drop)))
    return batch_dataset


def _padded_batch_kernel(ctx: registry.KernelContext):
    xp = ctx.xp
    n = ctx.attrs["N"]

    def pad(batch: list, shapes: list, values: list) -> tuple:
        out = []
        for k in range(n):
            parts = [xp.asarray(e[k]) for e in batch]
            want = [int(d) for d in shapes[k]]
            if len(want) != parts[0].ndim:
                raise errors.InvalidArgumentError(
                    None, None, f"All elements in a batch must have the same rank as the padded "
                                f"shape for component{k}: expected rank {len(want)} but got "
                                f"element with rank {parts[0].ndim}")
            size = [max(p.shape[d] for p in parts) if w == -1 else w for d, w in enumerate(want)]
            for p in parts:
                if any(p.shape[d] > size[d] for d in range(len(size))):
                    raise errors.InvalidArgumentError(
                        None, None, "Attempted to pad to a smaller size than the input element.")
            result = xp.full([len(parts)] + size, values[k], dtype=parts[0].dtype)
            for i, p in enumerate(parts):
                result[(i,) + tuple(slice(0, s) for s in p.shape)] = p
            out.append(result)
        return tuple(out)

    def padded_batch_dataset(data, batch_size, *rest):
        shapes, values, drop = rest[:n], rest[n:2 * n], bool(rest[2 * n])
        size = _scalar(batch_size, "batch_size")
        if size <= 0:
            raise errors.InvalidArgumentError(None, None, "Batch size must be greater than zero.")
        return _Data(lambda: (pad(b, shapes, values) for b in _batches(data, size, drop)))
    return padded_batch_dataset


class _PhiloxSamples:
    """TF's SingleSampleAdapter<PhiloxRandom>: the uint32 words of consecutive Philox blocks,
    one at a time, so that seeded shuffles draw the very numbers TF's kernel draws."""

    _BLOCKS = 64  # blocks computed per refill

    def __init__(self, xp: Any, seed: int, seed2: int):
        state = PhiloxState(seed, seed2)
        self._philox = Philox(state.key, state.counter)
        self._xp = xp
        self._next_block = 0
        self._words: list[int] = []

    def __call__(self) -> int:
        if not self._words:
            offsets = self._xp.arange(self._next_block, self._next_block + self._BLOCKS,
                                      dtype=self._xp.uint64)
            self._words = [int(w) for w in self._philox.blocks(self._xp, offsets).T.ravel()]
            self._words.reverse()
            self._next_block += self._BLOCKS
        return self._words.pop()


def _shuffled(elements: _PyIterator, size: int, sample: Callable[[], int]) -> _PyIterator:
    """TF's ShuffleDataset order: with the buffer full (or the input spent), move a uniformly
    drawn element (`sample() % count`) out and the oldest one into its place."""
    ring: list = [None] * size
    start = end = 0

    def take() -> Any:
        nonlocal start
        index = (start + sample() % (end - start)) % size
        element, ring[index] = ring[index], ring[start % size]
        start += 1
        return element
    for element in elements:
        ring[end % size] = element
        end += 1
        if end - start == size:
            yield take()
    while end > start:
        yield take()


def _shuffle_kernel(ctx: registry.KernelContext):
    reshuffle, xp = ctx.attrs["reshuffle_each_iteration"], ctx.xp

    def shuffle_dataset(data, buffer_size, seed, seed2):
        size = _scalar(buffer_size, "buffer_size")
        if size <= 0:
            raise errors.InvalidArgumentError(None, None,
                                              "buffer_size must be greater than zero.")
        seeds = (int(seed), int(seed2))
        if seeds == (0, 0):
            seeds = tuple(int.from_bytes(os.urandom(8), "little") for _ in range(2))
        # reshuffling draws each pass's seeds from a generator of its own (TF's
        # RandomSeedGenerator); a fixed order uses the seeds themselves every pass
        seed_generator = _PhiloxSamples(xp, *seeds) if reshuffle else None

        def start():
            pass_seeds = (seed_generator(), seed_generator()) if seed_generator else seeds
            return _shuffled(data.start(), size, _PhiloxSamples(xp, *pass_seeds))
        return _Data(start)
    return shuffle_dataset


def _repeat_kernel(ctx: registry.KernelContext):
    def repeat_dataset(data, count):
        count = _scalar(count, "count")

        def start():
            for _ in (itertools.count() if count < 0 else range(count)):
                empty = True
                for element in data.start():
                    empty = False
                    yield element
                if empty:
                    return
        return _Data(start)
    return repeat_dataset


def _function_kernel(ctx: registry.KernelContext, attr: str, extra: int):
    """The compiled function of a map/filter op and the number of trailing non-captured
    inputs (`num_parallel_calls`)."""
    fn: _Function = ctx.attrs[attr]
    return ctx.compile(fn.outputs, fn.args + fn.captured), extra


def _map_kernel(extra: int):
    def factory(ctx: registry.KernelContext):
        plan, _ = _function_kernel(ctx, "f", extra)

        def map_dataset(data, *rest):
            captured = rest[:len(rest) - extra]
            return _Data(lambda: (plan(*element, *captured) for element in data.start()))
        return map_dataset
    return factory


def _filter_kernel(ctx: registry.KernelContext):
    plan, _ = _function_kernel(ctx, "predicate", 0)

    def filter_dataset(data, *captured):
        return _Data(lambda: (e for e in data.start() if bool(plan(*e, *captured)[0])))
    return filter_dataset


def _reduce_kernel(ctx: registry.KernelContext):
    plan, _ = _function_kernel(ctx, "f", 0)
    n = len(ctx.attrs["Tstate"])

    def reduce_dataset(data, *rest):
        state, captured = tuple(rest[:n]), rest[n:]
        for element in data.start():
            state = tuple(plan(*state, *element, *captured))
        return state[0] if n == 1 else state
    return reduce_dataset


def _take_kernel(ctx: registry.KernelContext):
    def take_dataset(data, count):
        count = _scalar(count, "count")
        return _Data(lambda: data.start() if count < 0 else itertools.islice(data.start(), count))
    return take_dataset


def _skip_kernel(ctx: registry.KernelContext):
    def skip_dataset(data, count):
        count = _scalar(count, "count")

        def start():
            it = data.start()
            if count < 0:
                return iter(())
            return itertools.islice(it, count, None)
        return _Data(start)
    return skip_dataset


def _unbatch_kernel(ctx: registry.KernelContext):
    def unbatch_dataset(data):
        def rows(element: tuple) -> _PyIterator:
            sizes = [len(c) for c in element]
            for i, size in enumerate(sizes[1:], 1):
                if size != sizes[0]:
                    raise errors.InvalidArgumentError(
                        None, None, "Input element must have the same batch size in each "
                        f"component. Component 0 had size {sizes[0]} but component {i} had "
                        f"size, {size}.")  # sic: TF's wording
            return (tuple(c[j] for c in element) for j in range(sizes[0]))
        return _Data(lambda: itertools.chain.from_iterable(map(rows, data.start())))
    return unbatch_dataset


def _flat_map_kernel(ctx: registry.KernelContext):
    plan, _ = _function_kernel(ctx, "f", 0)

    def flat_map_dataset(data, *captured):
        def start():
            for element in data.start():
                yield from plan(*element, *captured)[0].start()
        return _Data(start)
    return flat_map_dataset


def _string_elements(values: Any) -> Any:
    return ((np.array(v, dtype=object),) for v in values)


def _names(filenames: Any) -> list:
    return filenames.reshape(-1).tolist()


def _text_line_kernel(ctx: registry.KernelContext):
    def text_line_dataset(filenames, compression_type, buffer_size):
        names, compression = _names(filenames), compression_type[()].decode()
        return _Data(lambda: _string_elements(
            line for name in names for line in file_lines(name, compression)))
    return text_line_dataset


def _tf_record_kernel(ctx: registry.KernelContext):
    def tf_record_dataset(filenames, compression_type, buffer_size):
        names, compression = _names(filenames), compression_type[()].decode()
        return _Data(lambda: _string_elements(
            record for name in names for _, record in read_records(name, compression)))
    return tf_record_dataset


def _fixed_length_kernel(ctx: registry.KernelContext):
    def records(name: bytes, header: int, size: int, footer: int, compression: str):
        if not compression:
            body = os.path.getsize(name) - header - footer if os.path.exists(name) else None
            if body is not None and body % size:
                raise errors.InvalidArgumentError(
                    None, None, f"Excluding the header ({header} bytes) and footer ({footer} "
                                f"bytes), input file \"{name.decode()}\" has body length {body} "
                                f"bytes, which is not an exact multiple of the record length "
                                f"({size} bytes).")
        return fixed_length_records(name, header, size, footer, 0, compression)

    def fixed_length_record_dataset(filenames, header_bytes, record_bytes, footer_bytes,
                                    buffer_size, compression_type):
        names, compression = _names(filenames), compression_type[()].decode()
        header, size, footer = int(header_bytes), int(record_bytes), int(footer_bytes)
        if size <= 0:
            raise errors.InvalidArgumentError(None, None, "record_bytes must be greater than 0.")
        return _Data(lambda: _string_elements(
            record for name in names for record in records(name, header, size, footer,
                                                            compression)))
    return fixed_length_record_dataset


def _concatenate_kernel(ctx: registry.KernelContext):
    def concatenate_dataset(first, second):
        return _Data(lambda: itertools.chain(first.start(), second.start()))
    return concatenate_dataset


def _shard_kernel(ctx: registry.KernelContext):
    def shard_dataset(data, num_shards, index):
        n, i = _scalar(num_shards, "num_shards"), _scalar(index, "index")
        if n <= 0:
            raise errors.InvalidArgumentError(
                None, None, f"Number of shards must be greater than zero (currently num_shards "
                            f"= {n}).")
        if not 0 <= i < n:
            raise errors.InvalidArgumentError(
                None, None, f"Index must be between 0 and {n - 1} (currently index = {i}).")
        return _Data(lambda: itertools.islice(data.start(), i, None, n))
    return shard_dataset


def _cache_kernel(ctx: registry.KernelContext):
    """The first complete pass is kept (in memory) and replayed by later passes of the same
    iterator; a pass abandoned midway keeps nothing."""
    def cache_dataset(data, filename):
        kept: list = []

        def start():
            if kept:
                yield from kept[0]
                return
            seen = []
            for element in data.start():
                seen.append(element)
                yield element
            kept.append(seen)
        return _Data(start)
    return cache_dataset


def _interleave_kernel(ctx: registry.KernelContext):
    """Up to `cycle_length` of the datasets `f` makes, read `block_length` elements at a time
    in turn; an exhausted one is replaced by the next input's dataset."""
    plan, _ = _function_kernel(ctx, "f", 2)

    def interleave_dataset(data, *rest):
        captured, (cycle_length, block_length) = rest[:-2], rest[-2:]
        cycle, block = _scalar(cycle_length, "cycle_length"), _scalar(block_length, "block_length")
        if cycle <= 0:
            cycle = os.cpu_count() or 1
        if block <= 0:
            raise errors.InvalidArgumentError(None, None, "block_length must be greater than "
                                                          "zero.")

        def start():
            # TF's InterleaveDataset: fixed slots visited in turn; an empty slot takes the next
            # input's dataset when the cursor reaches it
            inputs = data.start()
            slots: list = [None] * cycle
            index = in_block = num_open = 0
            end_of_input = False
            while not end_of_input or num_open:
                if slots[index] is not None:
                    element = next(slots[index], None)
                    if element is not None:
                        in_block += 1
                        if in_block == block:
                            in_block, index = 0, (index + 1) % cycle
                        yield element
                        continue
                    slots[index] = None
                    num_open -= 1
                    in_block, index = 0, (index + 1) % cycle
                elif not end_of_input:
                    element = next(inputs, None)
                    if element is None:
                        end_of_input = True
                    else:
                        slots[index] = plan(*element, *captured)[0].start()
                        num_open += 1
                else:
                    in_block, index = 0, (index + 1) % cycle
        return _Data(start)
    return interleave_dataset


def _generator_kernel(ctx: registry.KernelContext):
    """Elements of a Python generator, checked against the declared types and shapes."""
    generator, args = ctx.attrs["_generator"], ctx.attrs["_args"]
    structure = ctx.attrs["_structure"]
    types, shapes = ctx.attrs["output_types"], ctx.attrs["output_shapes"]

    def element_of(value: Any) -> tuple:
        try:
            flat = _flatten_up_to(structure, value)
        except (TypeError, ValueError):
            flat = []
        if len(flat) != len(types):
            raise errors.InvalidArgumentError(
                None, None, f"`generator` yielded an element that did not match the expected "
                            f"structure. The expected structure was {len(types)} components, "
                            f"but the yielded element was {value!r}.")
        out = []
        for v, dtype, shape in zip(flat, types, shapes):
            try:
                arr = np.asarray(v, dtype=object if dtype == _dtypes.string else
                                 dtype.as_numpy_dtype)
            except (TypeError, ValueError):
                raise errors.InvalidArgumentError(
                    None, None, f"`generator` yielded an element that could not be converted "
                                f"to the expected type. The expected type was {dtype.name}, but "
                                f"the yielded element was {v!r}.") from None
            if not shape.is_compatible_with(arr.shape):
                raise errors.InvalidArgumentError(
                    None, None, f"`generator` yielded an element of shape "
                                f"{shape_str(arr.shape)} where an element of shape "
                                f"{shape_str(shape.as_list() if shape.ndims is not None else ())} "
                                f"was expected.")
            out.append(arr)
        return tuple(out)

    def generator_dataset():
        return _Data(lambda: (element_of(v) for v in generator(*args)))
    return generator_dataset


def _group_by_window_kernel(ctx: registry.KernelContext):
    """Elements grouped by `key_func`'s int64 key into windows of `window_size_func(key)`; a
    full window, and at the end each partial one in key order, goes through `reduce_func(key,
    window dataset)`, whose elements come out (TF's GroupByWindowDataset)."""
    key_plan, _ = _function_kernel(ctx, "key_func", 0)
    reduce_plan, _ = _function_kernel(ctx, "reduce_func", 0)
    size_plan, _ = _function_kernel(ctx, "window_size_func", 0)
    n_key, n_reduce = ctx.attrs["_n_captured"]

    def group_by_window_dataset(data, *captured):
        key_args = captured[:n_key]
        reduce_args = captured[n_key:n_key + n_reduce]
        size_args = captured[n_key + n_reduce:]

        def flush(key: int, window: list) -> _PyIterator[tuple]:
            elements = list(window)
            dataset = _Data(lambda: iter(elements))
            return reduce_plan(np.int64(key), dataset, *reduce_args)[0].start()

        def start():
            groups: dict = {}
            sizes: dict = {}
            for element in data.start():
                key = int(key_plan(*element, *key_args)[0])
                if key not in groups:
                    size = int(size_plan(np.int64(key), *size_args)[0])
                    if size <= 0:
                        raise errors.InvalidArgumentError(
                            None, None, f"Window size must be greater than zero, but got "
                                        f"{size}.")
                    groups[key], sizes[key] = [], size
                groups[key].append(element)
                if len(groups[key]) == sizes[key]:
                    yield from flush(key, groups.pop(key))
                    del sizes[key]
            for key in sorted(groups):
                yield from flush(key, groups[key])
        return _Data(start)
    return group_by_window_dataset


def _prefetch_kernel(ctx: registry.KernelContext):
    def prefetch_dataset(data, buffer_size):
        return data  # elements are made when asked for: nothing to overlap in one thread
    return prefetch_dataset


class _IteratorState:
    """One session's iterator: the pass it is reading, if started."""

    def __init__(self, name: str, types: list):
        self.name = name
        self.types = types  # the component dtypes, checked by handles that name it
        self.elements: _PyIterator[tuple] | None = None


def _iterator_state(ctx: registry.KernelContext) -> Callable[[], _IteratorState]:
    iterators = ctx.resources.iterators
    key = ctx.attrs.get("shared_name") or ctx.op_name
    lock = ctx.resources.lock
    types = list(ctx.attrs["output_types"])

    def get() -> _IteratorState:
        with lock:
            state = iterators.get(key)
            if state is None:
                state = iterators[key] = _IteratorState(key, types)
        return state
    return get


def _iterator_kernel(ctx: registry.KernelContext):
    return _iterator_state(ctx)


def _one_shot_kernel(ctx: registry.KernelContext):
    get = _iterator_state(ctx)
    lock = ctx.resources.lock

    def one_shot_iterator(data):
        state = get()
        with lock:
            if state.elements is None:
                state.elements = data.start()
        return state
    return one_shot_iterator


def _make_iterator_kernel(ctx: registry.KernelContext):
    lock = ctx.resources.lock

    def make_iterator(data, state):
        with lock:
            state.elements = data.start()
    return make_iterator


def _get_next_kernel(ctx: registry.KernelContext):
    single = len(ctx.attrs["output_types"]) == 1
    lock = ctx.resources.lock

    def iterator_get_next(state):
        with lock:
            if state.elements is None:
                raise errors.FailedPreconditionError(
                    None, None, "GetNext() failed because the iterator has not been "
                                "initialized. Ensure that you have run the initializer operation "
                                "for this iterator before getting the next element.")
            element = next(state.elements, None)
        if element is None:
            raise errors.OutOfRangeError(None, None, _END)
        return element[0] if single else element
    return iterator_get_next


def _from_string_handle_kernel(ctx: registry.KernelContext):
    iterators, lock = ctx.resources.iterators, ctx.resources.lock
    want = list(ctx.attrs["output_types"])

    def iterator_from_string_handle(handle):
        key = handle.item() if hasattr(handle, "item") else handle
        with lock:
            state = iterators.get(key.decode() if isinstance(key, bytes) else str(key))
        if state is None:
            raise errors.InvalidArgumentError(
                None, None, "Could not parse string_handle as a valid ResourceHandle")
        if len(want) != len(state.types):
            raise errors.InvalidArgumentError(
                None, None, f"Number of components does not match: expected {len(want)} types "
                            f"but got {len(state.types)}.")
        for i, (a, b) in enumerate(zip(want, state.types)):
            if a != b:
                raise errors.InvalidArgumentError(
                    None, None, f"Data type mismatch at component {i}: expected {a.tf_name} "
                                f"but got {b.tf_name}.")
        return state
    return iterator_from_string_handle


def _string_handle_kernel(ctx: registry.KernelContext):
    def iterator_to_string_handle(state):
        return state.name.encode()
    return iterator_to_string_handle


for _type, _infer, _kernel, _stateful in (
        ("TensorSliceDataset", _dataset_infer, _tensor_slice_kernel, False),
        ("TensorDataset", _dataset_infer, _tensor_kernel, False),
        ("RangeDataset", _dataset_infer, _range_kernel, False),
        ("ZipDataset", _dataset_infer, _zip_kernel, False),
        ("BatchDatasetV2", _dataset_infer, _batch_kernel, False),
        ("PaddedBatchDatasetV2", _dataset_infer, _padded_batch_kernel, False),
        ("ShuffleDataset", _dataset_infer, _shuffle_kernel, False),
        ("RepeatDataset", _dataset_infer, _repeat_kernel, False),
        ("MapDataset", _dataset_infer, _map_kernel(0), True),
        ("ParallelMapDatasetV2", _dataset_infer, _map_kernel(1), True),
        ("FilterDataset", _dataset_infer, _filter_kernel, True),
        ("FlatMapDataset", _dataset_infer, _flat_map_kernel, True),
        ("TextLineDataset", _dataset_infer, _text_line_kernel, True),
        ("TFRecordDataset", _dataset_infer, _tf_record_kernel, True),
        ("FixedLengthRecordDatasetV2", _dataset_infer, _fixed_length_kernel, True),
        ("TakeDataset", _dataset_infer, _take_kernel, False),
        ("SkipDataset", _dataset_infer, _skip_kernel, False),
        ("UnbatchDataset", _dataset_infer, _unbatch_kernel, False),
        ("PrefetchDataset", _dataset_infer, _prefetch_kernel, False),
        ("ConcatenateDataset", _dataset_infer, _concatenate_kernel, False),
        ("ShardDataset", _dataset_infer, _shard_kernel, False),
        ("CacheDataset", _dataset_infer, _cache_kernel, False),
        ("InterleaveDataset", _dataset_infer, _interleave_kernel, True),
        ("GeneratorDataset", _dataset_infer, _generator_kernel, True),
        ("GroupByWindowDataset", _dataset_infer, _group_by_window_kernel, True),
        ("ReduceDataset", _get_next_infer, _reduce_kernel, True),
        ("IteratorV2", _iterator_infer, _iterator_kernel, True),
        ("OneShotIterator", _iterator_infer, _one_shot_kernel, True),
        ("MakeIterator", _make_iterator_infer, _make_iterator_kernel, True),
        ("IteratorGetNext", _get_next_infer, _get_next_kernel, True),
        ("IteratorToStringHandle", _string_handle_infer, _string_handle_kernel, True),
        ("IteratorFromStringHandleV2", _iterator_infer, _from_string_handle_kernel, True)):
    registry.register(_type, infer=_infer, kernel=_kernel, grad=registry.NOT_DIFFERENTIABLE,
                      stateful=_stateful)


# --------------------------------------------------------------------------------------------
# Datasets

def _flat_attrs(types: Any, shapes: Any) -> dict:
    return {"output_types": nest.flatten(types), "output_shapes": nest.flatten(shapes)}


def _normalize(element: Any) -> Any:
    """Each component of `element` as a tensor (`normalize_element/component_<i>`)."""
    flat = nest.flatten(element)
    with name_scope("normalize_element"):
        tensors = [c if isinstance(c, Tensor) else convert_to_tensor(c, name=f"component_{i}")
                   for i, c in enumerate(flat)]
    return nest.pack_sequence_as(element, tensors)


def _int64(value: Any, name: str) -> Tensor:
    return convert_to_tensor(value, dtype=_dtypes.int64, name=name)


def _dataset(op_type: str, inputs: list, attrs: dict, types: Any, shapes: Any) -> Dataset:
    """A dataset of op `op_type` (named after it) with elements of `types` and `shapes`."""
    op = get_default_graph().create_op(op_type, inputs, {**attrs, **_flat_attrs(types, shapes)},
                                       name=op_type)
    return Dataset(op.outputs[0], types, shapes)


def _flatten_up_to(structure: Any, value: Any) -> list:
    """`value` flattened as deep as `structure` goes (its leaves may be lists: shapes)."""
    if isinstance(structure, dict):
        return [x for k in sorted(structure) for x in _flatten_up_to(structure[k], value[k])]
    if isinstance(structure, (tuple, list)):
        if not isinstance(value, (tuple, list)) or len(value) != len(structure):
            raise ValueError(f"The two structures don't have the same sequence length. Input "
                             f"structure has length {len(structure)}, while shallow structure "
                             f"has length {len(value) if isinstance(value, (tuple, list)) else 1}.")
        return [x for s, v in zip(structure, value) for x in _flatten_up_to(s, v)]
    return [value]


def _padded_shape(shape: Any) -> tuple[TensorShape, Tensor | None]:
    """A padded shape's static form and, when it holds tensors (sizes known only at run time),
    the int64 vector of its sizes."""
    try:
        return as_shape(shape), None
    except (TypeError, ValueError):
        from ..framework.convert import constant_value_as_shape  # noqa: PLC0415
        sizes = array_ops.stack([array_ops.cast(convert_to_tensor(-1 if d is None else d),
                                                _dtypes.int64) for d in shape])
        return constant_value_as_shape(sizes), sizes


class _Structured:
    """The element structure of a dataset or iterator, as TF1's legacy properties give it."""

    _types: Any
    _shapes: Any

    @property
    def output_types(self) -> Any:
        return self._types

    @property
    def output_shapes(self) -> Any:
        return self._shapes

    @property
    def output_classes(self) -> Any:
        return nest.map_structure(lambda _: Tensor, self._types)


class Dataset(_Structured):
    """`tf.data.Dataset`: a sequence of elements (nests of tensors) built in the graph, read
    through an iterator."""

    def __init__(self, variant: Tensor, types: Any, shapes: Any):
        self._variant_tensor = variant
        self._types = types
        self._shapes = shapes

    # ---- sources
    @staticmethod
    def from_tensors(tensors: Any) -> Dataset:
        """One element: `tensors` themselves."""
        element = _normalize(tensors)
        types = nest.map_structure(lambda t: t.dtype.base_dtype, element)
        shapes = nest.map_structure(lambda t: t.shape, element)
        return _dataset("TensorDataset", nest.flatten(element), {
            "Toutput_types": nest.flatten(types)}, types, shapes)

    @staticmethod
    def from_tensor_slices(tensors: Any) -> Dataset:
        """One element per slice along dimension 0 of every component."""
        element = _normalize(tensors)
        flat = nest.flatten(element)
        batch = Dimension(None)
        for t in flat:
            batch = batch.merge_with(t.shape.with_rank_at_least(1)[0])
        types = nest.map_structure(lambda t: t.dtype.base_dtype, element)
        shapes = nest.map_structure(lambda t: t.shape[1:], element)
        return _dataset("TensorSliceDataset", flat, {
            "Toutput_types": nest.flatten(types)}, types, shapes)

    @staticmethod
    def range(*args: Any) -> Dataset:
        """`range(stop)`, `range(start, stop)` or `range(start, stop, step)` as int64."""
        if not 1 <= len(args) <= 3:
            raise ValueError(f"Invalid arguments to RangeDataset: {args}")
        start, stop, step = (0, args[0], 1) if len(args) == 1 else \
            (args[0], args[1], 1) if len(args) == 2 else args
        inputs = [_int64(start, "start"), _int64(stop, "stop"), _int64(step, "step")]
        return _dataset("RangeDataset", inputs, {}, _dtypes.int64, _SCALAR)

    @staticmethod
    def zip(datasets: Any) -> Dataset:
        """Elements of `datasets` (a nest of datasets) side by side, until one ends."""
        flat = nest.flatten(datasets)
        for d in flat:
            if not isinstance(d, Dataset):
                raise TypeError(f"The argument to `Dataset.zip()` must be a (nested) structure "
                                f"of `Dataset` objects. Got {type(d).__name__}.")
        types = nest.pack_sequence_as(datasets, [d._types for d in flat])
        shapes = nest.pack_sequence_as(datasets, [d._shapes for d in flat])
        return _dataset(
            "ZipDataset", [d._variant_tensor for d in flat], {"N": len(flat)}, types, shapes)

    # ---- transformations
    def batch(self, batch_size: Any, drop_remainder: bool = False) -> Dataset:
        """Consecutive elements stacked; the last batch may be smaller unless dropped."""
        size = _int64(batch_size, "batch_size")
        drop = convert_to_tensor(drop_remainder, dtype=_dtypes.bool, name="drop_remainder")
        known = constant_value(size) if constant_value(drop) else None
        dim = TensorShape([None if known is None else int(known)])
        shapes = nest.map_structure(lambda s: dim.concatenate(s), self._shapes)
        return _dataset("BatchDatasetV2", [self._variant_tensor, size, drop],
                           {"parallel_copy": False}, self._types, shapes)

    def unbatch(self) -> Dataset:
        """Each element split along its first dimension into that many elements (after TF's
        normalizing `map`)."""
        flat_shapes = nest.flatten(self._shapes)
        if any(s.ndims == 0 for s in flat_shapes):
            raise ValueError("Cannot unbatch an input with scalar components.")
        batch_dim = Dimension(None)
        for s in flat_shapes:
            try:
                batch_dim = batch_dim.merge_with(s[0] if s.ndims else None)
            except ValueError:
                raise ValueError("Cannot unbatch an input whose components have different "
                                 "batch sizes.") from None
        normalized = self.map(lambda *components: components[0] if len(components) == 1
                              else components)
        shapes = nest.map_structure(lambda s: s[1:] if s.ndims else s, self._shapes)
        return _dataset("UnbatchDataset", [normalized._variant_tensor], {}, self._types, shapes)

    def padded_batch(self, batch_size: Any, padded_shapes: Any, padding_values: Any = None,
                     drop_remainder: bool = False) -> Dataset:
        """Batches of elements padded to `padded_shapes` (None / -1: the batch's longest)."""
        size = _int64(batch_size, "batch_size")
        flat_types = nest.flatten(self._types)
        flat_shapes = nest.flatten(self._shapes)
        padded = [_padded_shape(p) for p in _flatten_up_to(self._types, padded_shapes)]
        wanted = [static for static, _ in padded]
        for have, want in zip(flat_shapes, wanted):
            if not have.is_compatible_with(want) and have.ndims == want.ndims:
                raise ValueError(f"The padded shape {want} is not compatible with the "
                                 f"corresponding input component shape {have}.")
            if have.ndims is not None and want.ndims is not None and have.ndims != want.ndims:
                raise ValueError(f"The padded shape {want} is not compatible with the "
                                 f"corresponding input component shape {have}.")
        shape_tensors = [
            t if t is not None else convert_to_tensor(
                [-1 if d.value is None else d.value for d in w.dims], dtype=_dtypes.int64)
            for w, (_, t) in zip(wanted, padded)]
        values = [None] * len(flat_types) if padding_values is None else \
            nest.flatten(padding_values)
        value_tensors = [convert_to_tensor(v if v is not None else
                                           ("" if t is _dtypes.string else 0),
                                           dtype=t, name="padding_value")
                         for v, t in zip(values, flat_types)]
        drop = convert_to_tensor(drop_remainder, dtype=_dtypes.bool, name="drop_remainder")
        known = constant_value(size) if constant_value(drop) else None
        dim = TensorShape([None if known is None else int(known)])
        shapes = nest.pack_sequence_as(self._shapes, [dim.concatenate(w) for w in wanted])
        return _dataset("PaddedBatchDatasetV2",
                           [self._variant_tensor, size, *shape_tensors, *value_tensors, drop],
                           {"Toutput_types": flat_types, "N": len(flat_types),
                            "parallel_copy": False}, self._types, shapes)

    def shuffle(self, buffer_size: Any, seed: int | None = None,
                reshuffle_each_iteration: bool | None = None) -> Dataset:
        """Elements in random order, drawn from a buffer of `buffer_size`; a new order each
        pass unless `reshuffle_each_iteration=False`."""
        size = _int64(buffer_size, "buffer_size")
        op_seed, op_seed2 = get_seed(seed)
        inputs = [self._variant_tensor, size, _int64(op_seed or 0, "seed"),
                  _int64(op_seed2 or 0, "seed2")]
        reshuffle = True if reshuffle_each_iteration is None else bool(reshuffle_each_iteration)
        return _dataset("ShuffleDataset", inputs, {"reshuffle_each_iteration": reshuffle},
                           self._types, self._shapes)

    def repeat(self, count: Any = None) -> Dataset:
        """The elements `count` times over (None or -1: forever)."""
        c = _int64(-1 if count is None else count, "count")
        return _dataset("RepeatDataset", [self._variant_tensor, c], {}, self._types,
                           self._shapes)

    def _traced(self, fn: Callable, what: str) -> tuple[_Function, Any]:
        if not callable(fn):
            raise TypeError(f"`{what}` must be callable.")
        return _trace(fn, self._types, self._shapes, what)

    def _traced_dataset_fn(self, map_func: Callable) -> tuple[_Function, Dataset]:
        """`map_func` traced as a function from an element to a dataset (its variant), and the
        dataset the trace made (its element structure is the result's)."""
        made: list = []

        def dataset_of(*args: Any) -> Tensor:
            dataset = map_func(*args)
            if not isinstance(dataset, Dataset):
                raise TypeError("`map_func` must return a `Dataset` object.")
            made.append(dataset)
            return dataset._variant_tensor
        fn, _ = self._traced(dataset_of, "map_func")
        return fn, made[0]

    def map(self, map_func: Callable, num_parallel_calls: Any = None) -> Dataset:
        """`map_func` applied to each element (traced once into a function of the graph)."""
        fn, ret = self._traced(map_func, "map_func")
        types = nest.map_structure(lambda t: t.dtype.base_dtype, ret)
        shapes = nest.map_structure(lambda t: t.shape, ret)
        captured = list(fn.graph.captures)
        attrs = {"f": fn, "Targuments": [t.dtype.base_dtype for t in captured],
                 "use_inter_op_parallelism": True, "preserve_cardinality": False}
        if num_parallel_calls is None:
            return _dataset("MapDataset", [self._variant_tensor, *captured], attrs, types,
                               shapes)
        calls = _int64(num_parallel_calls, "num_parallel_calls")
        return _dataset("ParallelMapDatasetV2", [self._variant_tensor, *captured, calls],
                           {**attrs, "sloppy": False}, types, shapes)

    def reduce(self, initial_state: Any, reduce_func: Callable) -> Any:
        """The state `reduce_func(state, element)` leaves after every element, from
        `initial_state` (a tensor or nest of them, run when fetched); state shapes that change
        are relaxed until the trace keeps them, as TF does."""
        with name_scope("initial_state"):
            initial_state = _normalize(initial_state)
        state_types = nest.map_structure(lambda t: t.dtype.base_dtype, initial_state)
        state_shapes = nest.map_structure(lambda t: t.shape, initial_state)
        while True:
            fn, ret = _trace(reduce_func, (state_types, self._types),
                             (state_shapes, self._shapes), "reduce_func")
            flat_ret = nest.flatten(ret)
            new_types = [t.dtype.base_dtype for t in flat_ret]
            if any(a != b for a, b in zip(new_types, nest.flatten(state_types))):
                raise TypeError(f"The element types for the new state must match the initial "
                                f"state. Expected {state_types}; got "
                                f"{nest.pack_sequence_as(ret, new_types)}.")
            flat_shapes = nest.flatten(state_shapes)
            relaxed = [a.most_specific_compatible_shape(t.shape)
                       for a, t in zip(flat_shapes, flat_ret)]
            if all(a.as_list() == b.as_list() if a.ndims is not None else b.ndims is None
                   for a, b in zip(relaxed, flat_shapes)):
                break
            state_shapes = nest.pack_sequence_as(state_types, relaxed)
        captured = list(fn.graph.captures)
        op = get_default_graph().create_op(
            "ReduceDataset", [self._variant_tensor, *nest.flatten(initial_state), *captured],
            {"f": fn, "Tstate": nest.flatten(state_types),
             "Targuments": [t.dtype.base_dtype for t in captured],
             "use_inter_op_parallelism": True, **_flat_attrs(state_types, state_shapes)},
            name="ReduceDataset")
        return nest.pack_sequence_as(state_types, list(op.outputs))

    def filter(self, predicate: Callable) -> Dataset:
        """The elements for which `predicate` gives True (a scalar bool)."""
        fn, ret = self._traced(predicate, "predicate")
        out = fn.outputs[0]
        if len(fn.outputs) != 1 or out.dtype.base_dtype is not _dtypes.bool or \
                not out.shape.is_compatible_with(_SCALAR):
            raise ValueError(f"`predicate` return type must be convertible to a scalar boolean "
                             f"tensor. Was {ret}.")
        captured = list(fn.graph.captures)
        return _dataset("FilterDataset", [self._variant_tensor, *captured],
                           {"predicate": fn, "Targuments": [t.dtype.base_dtype
                                                            for t in captured]},
                           self._types, self._shapes)

    def flat_map(self, map_func: Callable) -> Dataset:
        """The elements of the datasets `map_func` makes of each element, one after
        another."""
        fn, made = self._traced_dataset_fn(map_func)
        captured = list(fn.graph.captures)
        return _dataset("FlatMapDataset", [self._variant_tensor, *captured],
                        {"f": fn, "Targuments": [t.dtype.base_dtype for t in captured]},
                        made._types, made._shapes)

    def interleave(self, map_func: Callable, cycle_length: Any = -1, block_length: Any = 1,
                   num_parallel_calls: Any = None) -> Dataset:
        """The elements of the datasets `map_func` makes, `cycle_length` of them read in
        turn, `block_length` elements at a time."""
        fn, made = self._traced_dataset_fn(map_func)
        captured = list(fn.graph.captures)
        return _dataset("InterleaveDataset",
                        [self._variant_tensor, *captured, _int64(cycle_length, "cycle_length"),
                         _int64(block_length, "block_length")],
                        {"f": fn, "Targuments": [t.dtype.base_dtype for t in captured]},
                        made._types, made._shapes)

    def concatenate(self, dataset: Dataset) -> Dataset:
        """This dataset's elements, then `dataset`'s (the same structure and types)."""
        if not nest.is_sequence(self._types) == nest.is_sequence(dataset._types) or \
                nest.flatten(self._types) != nest.flatten(dataset._types):
            raise TypeError(f"Two datasets to concatenate have different types "
                            f"{self._types} and {dataset._types}")
        shapes = nest.pack_sequence_as(self._shapes, [
            a.most_specific_compatible_shape(b)
            for a, b in zip(nest.flatten(self._shapes), nest.flatten(dataset._shapes))])
        return _dataset("ConcatenateDataset", [self._variant_tensor, dataset._variant_tensor],
                        {}, self._types, shapes)

    def shard(self, num_shards: Any, index: Any) -> Dataset:
        """Every `num_shards`-th element, starting at `index`."""
        return _dataset("ShardDataset", [self._variant_tensor, _int64(num_shards, "num_shards"),
                                         _int64(index, "index")],
                        {"require_non_empty": False}, self._types, self._shapes)

    def cache(self, filename: Any = "") -> Dataset:
        """The same elements, computed once per iterator and replayed after (kept in memory,
        also when a `filename` is given)."""
        name = convert_to_tensor(filename, dtype=_dtypes.string, name="filename")
        return _dataset("CacheDataset", [self._variant_tensor, name], {}, self._types,
                        self._shapes)

    def apply(self, transformation_func: Callable) -> Dataset:
        """`transformation_func(self)`, which must return a Dataset."""
        dataset = transformation_func(self)
        if not isinstance(dataset, Dataset):
            raise TypeError(f"`transformation_func` must return a Dataset. Got {dataset}.")
        return dataset

    @staticmethod
    def from_generator(generator: Callable, output_types: Any, output_shapes: Any = None,
                       args: Any = None) -> Dataset:
        """The elements `generator(*args)` yields on each pass, converted to `output_types`
        and checked against `output_shapes` when the iterator reads them."""
        if not callable(generator):
            raise TypeError("`generator` must be callable.")
        types = nest.map_structure(_dtypes.as_dtype, output_types)
        if output_shapes is None:
            shapes = nest.map_structure(lambda _: unknown_shape(), types)
        else:
            shapes = nest.pack_sequence_as(types, [as_shape(s) for s in
                                                   _flatten_up_to(types, output_shapes)])
        args = tuple(np.asarray(a) for a in (args or ()))
        op = get_default_graph().create_op(
            "GeneratorDataset", [], {"_generator": generator, "_args": args, "_structure": types,
                                     **_flat_attrs(types, shapes)}, name="GeneratorDataset")
        return Dataset(op.outputs[0], types, shapes)

    def take(self, count: Any) -> Dataset:
        """At most the first `count` elements (-1: all)."""
        return _dataset("TakeDataset", [self._variant_tensor, _int64(count, "count")], {},
                           self._types, self._shapes)

    def skip(self, count: Any) -> Dataset:
        """All but the first `count` elements (-1: none)."""
        return _dataset("SkipDataset", [self._variant_tensor, _int64(count, "count")], {},
                           self._types, self._shapes)

    def prefetch(self, buffer_size: Any) -> Dataset:
        """The same elements (TF prepares `buffer_size` ahead; a single-threaded reader makes
        each when asked)."""
        return _dataset("PrefetchDataset",
                           [self._variant_tensor, _int64(buffer_size, "buffer_size")],
                           {"slack_period": 0}, self._types, self._shapes)

    # ---- iterators
    def make_one_shot_iterator(self) -> Iterator:
        """An iterator that starts by itself on first use, once per session."""
        return make_one_shot_iterator(self)

    def make_initializable_iterator(self, shared_name: str | None = None) -> Iterator:
        """An iterator restarted by running its `initializer`."""
        return make_initializable_iterator(self, shared_name)


# --------------------------------------------------------------------------------------------
# File datasets

_READER_BUFFER_BYTES = 256 * 1024  # TF's default read buffer


def _optional(name: str, value: Any, default: Any, dtype: _dtypes.DType) -> Tensor:
    """A reader argument as TF's datasets pass it: the value given or the default, as a
    constant of that name."""
    return convert_to_tensor(default if value is None else value, dtype=dtype, name=name)


class TextLineDataset(Dataset):
    """`tf.data.TextLineDataset`: the lines of the text files `filenames` (a string or
    vector of strings), without line ends; `compression_type` "", "GZIP" or "ZLIB"."""

    def __init__(self, filenames: Any, compression_type: Any = None, buffer_size: Any = None):
        inputs = [convert_to_tensor(filenames, dtype=_dtypes.string, name="filenames"),
                  _optional("compression_type", compression_type, "", _dtypes.string),
                  _optional("buffer_size", buffer_size, _READER_BUFFER_BYTES, _dtypes.int64)]
        op = get_default_graph().create_op("TextLineDataset", inputs, {}, name="TextLineDataset")
        super().__init__(op.outputs[0], _dtypes.string, _SCALAR)


def _tf_record_file(filename: Tensor, compression_type: Any, buffer_size: Any) -> Dataset:
    inputs = [convert_to_tensor(filename, dtype=_dtypes.string, name="filenames"),
              _optional("compression_type", compression_type, "", _dtypes.string),
              _optional("buffer_size", buffer_size, _READER_BUFFER_BYTES, _dtypes.int64)]
    op = get_default_graph().create_op("TFRecordDataset", inputs, {}, name="TFRecordDataset")
    return Dataset(op.outputs[0], _dtypes.string, _SCALAR)


class TFRecordDataset(Dataset):
    """`tf.data.TFRecordDataset`: the records of the TFRecord files `filenames` (strings, or
    a dataset of them), one file after another, decompressed as `compression_type` says."""

    def __init__(self, filenames: Any, compression_type: Any = None, buffer_size: Any = None):
        if isinstance(filenames, Dataset):
            if filenames.output_types != _dtypes.string:
                raise TypeError("`filenames` must be a `tf.data.Dataset` of `tf.string` "
                                "elements.")
            if not filenames.output_shapes.is_compatible_with(_SCALAR):
                raise ValueError("`filenames` must be a `tf.data.Dataset` of scalar "
                                 "`tf.string` elements.")
        else:
            filenames = convert_to_tensor(filenames, dtype=_dtypes.string)
            filenames = Dataset.from_tensor_slices(
                array_ops.reshape(filenames, [-1], name="flat_filenames"))
        flat = filenames.flat_map(lambda f: _tf_record_file(f, compression_type, buffer_size))
        super().__init__(flat._variant_tensor, flat._types, flat._shapes)


class FixedLengthRecordDataset(Dataset):
    """`tf.data.FixedLengthRecordDataset`: the records of `record_bytes` bytes of the files
    `filenames`, between `header_bytes` and `footer_bytes` (a body that is not a whole number
    of records is an InvalidArgumentError)."""

    def __init__(self, filenames: Any, record_bytes: Any, header_bytes: Any = None,
                 footer_bytes: Any = None, buffer_size: Any = None,
                 compression_type: Any = None):
        inputs = [convert_to_tensor(filenames, dtype=_dtypes.string, name="filenames"),
                  _optional("header_bytes", header_bytes, 0, _dtypes.int64),
                  convert_to_tensor(record_bytes, dtype=_dtypes.int64, name="record_bytes"),
                  _optional("footer_bytes", footer_bytes, 0, _dtypes.int64),
                  _optional("buffer_size", buffer_size, _READER_BUFFER_BYTES, _dtypes.int64),
                  _optional("compression_type", compression_type, "", _dtypes.string)]
        op = get_default_graph().create_op("FixedLengthRecordDatasetV2", inputs, {},
                                           name="FixedLengthRecordDatasetV2")
        super().__init__(op.outputs[0], _dtypes.string, _SCALAR)


# --------------------------------------------------------------------------------------------
# Iterators

class Iterator(_Structured):
    """`tf.data.Iterator`: reads the elements of a dataset; `get_next()` gives the next one
    (OutOfRangeError at the end)."""

    def __init__(self, resource: Tensor, initializer: Operation | None, types: Any,
                 shapes: Any):
        self._iterator_resource = resource
        self._initializer = initializer
        self._types = types
        self._shapes = shapes
        g = resource.graph
        self._string_handle = g.create_op("IteratorToStringHandle", [resource], {},
                                          name="IteratorToStringHandle").outputs[0]

    @staticmethod
    def _structure(output_types: Any, output_shapes: Any) -> tuple[Any, Any]:
        """The dtypes and static shapes (unknown where not given) of an iterator's elements."""
        types = nest.map_structure(_dtypes.as_dtype, output_types)
        if output_shapes is None:
            return types, nest.map_structure(lambda _: unknown_shape(), types)
        return types, nest.pack_sequence_as(types, [as_shape(s) for s in
                                                    _flatten_up_to(types, output_shapes)])

    @staticmethod
    def from_structure(output_types: Any, output_shapes: Any = None,
                       shared_name: str | None = None, output_classes: Any = None
                       ) -> Iterator:
        """An iterator of the given structure, bound to a dataset by `make_initializer`."""
        types, shapes = Iterator._structure(output_types, output_shapes)
        g = get_default_graph()
        op = g.create_op("IteratorV2", [], {"shared_name": shared_name or "", "container": "",
                                            **_flat_attrs(types, shapes)}, name="IteratorV2")
        return Iterator(op.outputs[0], None, types, shapes)

    @staticmethod
    def from_string_handle(string_handle: Any, output_types: Any, output_shapes: Any = None,
                           output_classes: Any = None) -> Iterator:
        """The iterator whose `string_handle()` value is fed to `string_handle` at run time (one
        graph reading from several datasets' iterators); its elements must have
        `output_types`."""
        types, shapes = Iterator._structure(output_types, output_shapes)
        handle = convert_to_tensor(string_handle, dtype=_dtypes.string)
        op = get_default_graph().create_op("IteratorFromStringHandleV2", [handle],
                                           _flat_attrs(types, shapes),
                                           name="IteratorFromStringHandleV2")
        return Iterator(op.outputs[0], None, types, shapes)

    @property
    def initializer(self) -> Operation:
        if self._initializer is None:
            raise ValueError("Iterator does not have an initializer.")
        return self._initializer


    def string_handle(self, name: str | None = None) -> Tensor:
        return self._string_handle

    def make_initializer(self, dataset: Dataset, name: str | None = None) -> Operation:
        """An op that restarts this iterator on `dataset` (of a compatible structure)."""
        try:
            nest.assert_same_structure(self._types, dataset._types)
        except (TypeError, ValueError) as e:
            raise TypeError(f"Expected output types {self._types!r} but got dataset with output "
                            f"types {dataset._types!r}.") from e
        if nest.flatten(self._types) != nest.flatten(dataset._types):
            raise TypeError(f"Expected output types {self._types!r} but got dataset with output "
                            f"types {dataset._types!r}.")
        if not all(a.is_compatible_with(b) for a, b in zip(nest.flatten(self._shapes),
                                                          nest.flatten(dataset._shapes))):
            raise TypeError(f"Expected output shapes compatible with {self._shapes!r} but got "
                            f"dataset with output shapes {dataset._shapes!r}.")
        g = get_default_graph()
        return g.create_op("MakeIterator", [dataset._variant_tensor, self._iterator_resource],
                           {}, name=name or "make_initializer")

    def get_next(self, name: str | None = None) -> Any:
        """The next element, in the dataset's structure with its static shapes."""
        g = get_default_graph()
        op = g.create_op("IteratorGetNext", [self._iterator_resource],
                         _flat_attrs(self._types, self._shapes), name=name or "IteratorGetNext")
        return nest.pack_sequence_as(self._types, list(op.outputs))


def _placeholders_below(t: Tensor) -> Operation | None:
    seen: set = set()
    stack = [t.op]
    while stack:
        op = stack.pop()
        if op in seen:
            continue
        seen.add(op)
        if op.type == "Placeholder":
            return op
        stack.extend(i.op for i in op.inputs)
    return None


def make_one_shot_iterator(dataset: Dataset) -> Iterator:
    """`tf.compat.v1.data.make_one_shot_iterator`: an iterator needing no initializer; its
    dataset may not read placeholders."""
    placeholder = _placeholders_below(dataset._variant_tensor)
    if placeholder is not None:
        raise ValueError(f"Cannot capture a placeholder (name:{placeholder.name}, "
                         f"type:Placeholder) by value.")
    g = get_default_graph()
    op = g.create_op("OneShotIterator", [dataset._variant_tensor],
                     {"container": "", "shared_name": "",
                      **_flat_attrs(dataset._types, dataset._shapes)}, name="OneShotIterator")
    return Iterator(op.outputs[0], None, dataset._types, dataset._shapes)


def make_initializable_iterator(dataset: Dataset, shared_name: str | None = None) -> Iterator:
    """`tf.compat.v1.data.make_initializable_iterator`: an iterator (re)started by running its
    `initializer` (the dataset may read placeholders fed then)."""
    g = get_default_graph()
    resource = g.create_op("IteratorV2", [], {"shared_name": shared_name or "", "container": "",
                                              **_flat_attrs(dataset._types, dataset._shapes)},
                           name="IteratorV2").outputs[0]
    init = g.create_op("MakeIterator", [dataset._variant_tensor, resource], {},
                       name="MakeIterator")
    return Iterator(resource, init, dataset._types, dataset._shapes)


def get_output_types(dataset_or_iterator: Any) -> Any:
    """`tf.compat.v1.data.get_output_types`: the nest of DTypes of its elements."""
    return dataset_or_iterator.output_types


def get_output_shapes(dataset_or_iterator: Any) -> Any:
    """`tf.compat.v1.data.get_output_shapes`: the nest of static shapes of its elements."""
    return dataset_or_iterator.output_shapes


def get_output_classes(dataset_or_iterator: Any) -> Any:
    """`tf.compat.v1.data.get_output_classes`: the nest of classes (tf.Tensor) of its
    elements."""
    return dataset_or_iterator.output_classes
