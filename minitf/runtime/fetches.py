"""Fetch structures for `Session.run`: flatten any nest of tensors, ops, names and variables into
unique tensors and target ops, and rebuild the same nest from the computed values."""
from __future__ import annotations

from typing import Any, Callable

from ..framework import nest
from ..framework.graph import Graph, Operation, Tensor
from ..framework.indexed_slices import IndexedSlices, IndexedSlicesValue
from ..framework.sparse_tensor import SparseTensor, SparseTensorValue


def _identity(x: Any) -> Any:
    return x


class FetchMapper:
    """Resolves `fetches` once; `build(values)` returns them in the user's structure."""

    __slots__ = ("_structure", "_leaves", "tensors", "targets", "_index", "_slots", "_kind")

    def __init__(self, graph: Graph, fetches: Any):
        self._structure = fetches
        kind = type(fetches)
        if kind in (list, tuple) and not any(nest.is_sequence(f) for f in fetches):
            self._kind = kind  # flat: rebuilt without nest
        else:
            self._kind = None if nest.is_sequence(fetches) else 0
        self._leaves = [self._resolve(graph, f) for f in
                        (nest.flatten(fetches) if nest.is_sequence(fetches) else [fetches])]
        tensors: list[Tensor] = []
        index: dict[Tensor, int] = {}
        targets: list[Operation] = []

        def slot(t: Tensor | None) -> int:
            if t is None:
                return -1
            if t not in index:
                index[t] = len(tensors)
                tensors.append(t)
            return index[t]
        slots: list = []
        for leaf in self._leaves:
            if isinstance(leaf, Tensor):
                slots.append(slot(leaf))
            elif isinstance(leaf, IndexedSlices):  # fetched as IndexedSlicesValue
                slots.append((IndexedSlicesValue, slot(leaf.values), slot(leaf.indices),
                              slot(leaf.dense_shape)))
            elif isinstance(leaf, SparseTensor):  # fetched as SparseTensorValue
                slots.append((SparseTensorValue, slot(leaf.indices), slot(leaf.values),
                              slot(leaf.dense_shape)))
            else:
                slots.append(-1)
                if leaf not in targets:
                    targets.append(leaf)
        self.tensors = tuple(tensors)
        self.targets = tuple(targets)
        self._index = index
        self._slots = slots

    @staticmethod
    def _resolve(graph: Graph, fetch: Any) -> Tensor | Operation:
        if fetch is None:
            raise TypeError(f"Fetch argument None has invalid type {type(None)}")
        if isinstance(fetch, (IndexedSlices, SparseTensor)):
            for t in (fetch.values, fetch.indices, fetch.dense_shape):
                if t is not None and t.graph is not graph:
                    raise ValueError(f"Fetch argument {fetch!r} cannot be interpreted as a "
                                     f"Tensor. ({t} is not an element of this graph.)")
            return fetch
        if isinstance(fetch, (Tensor, Operation, str)):
            element = fetch
        else:
            conv = getattr(fetch, "_as_graph_element", None)
            if conv is None:
                raise TypeError(f"Fetch argument {fetch!r} has invalid type {type(fetch)}, must "
                                f"be a string or Tensor. (Can not convert a "
                                f"{type(fetch).__name__} into a Tensor or Operation.)")
            element = conv()
        try:
            element = graph.as_graph_element(element, allow_tensor=True, allow_operation=True)
        except TypeError as e:
            raise TypeError(f"Fetch argument {fetch!r} has invalid type {type(fetch)}, must be a "
                            f"string or Tensor. ({e})") from None
        except KeyError as e:
            raise ValueError(f"Fetch argument {fetch!r} cannot be interpreted as a Tensor. "
                             f"({e})") from None
        except ValueError as e:
            raise ValueError(f"Fetch argument {fetch!r} cannot be interpreted as a Tensor. "
                             f"({e})") from None
        if not graph.is_fetchable(element):
            op = element.op if isinstance(element, Tensor) else element
            raise ValueError(f"Operation {op.name!r} has been marked as not fetchable.")
        return element

    def build(self, values: tuple, to_host: Callable = _identity, fed: list | None = None) -> Any:
        """`values` (one per unique tensor) in the user's structure; `fed` holds
        (index, value) pairs of fetched tensors that were fed: TF returns those as fed."""
        host = [_host_value(to_host(v)) for v in values]
        if fed:
            for i, v in fed:
                host[i] = v
        out = [(host[i] if i >= 0 else None) if type(i) is int else
               i[0](*(host[j] if j >= 0 else None for j in i[1:]))
               for i in self._slots]
        kind = self._kind
        if kind == 0:
            return out[0]
        if kind is list:
            return out
        if kind is tuple:
            return tuple(out)
        return nest.pack_sequence_as(self._structure, out)


def mapper_key(fetches: Any) -> Any:
    """A hashable key for fetches whose mapper can be reused (a tensor or op, or a flat list or
    tuple of them), else None."""
    t = type(fetches)
    if t is Tensor or t is Operation:
        return fetches
    if (t is list or t is tuple) and all(type(f) is Tensor or type(f) is Operation
                                         for f in fetches):
        return (t, *fetches)
    return None


def _host_value(v: Any) -> Any:
    """numpy scalars for 0-d results; a copy of read-only (shared) arrays."""
    ndim = getattr(v, "ndim", None)
    if ndim == 0:
        return v[()]
    flags = getattr(v, "flags", None)
    if flags is not None and not flags.writeable:
        return v.copy()
    return v
