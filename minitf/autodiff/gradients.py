"""`tf.gradients`: symbolic reverse mode over the graph (mirrors gradients_util.py of TF 1.15).

The walk, as TF1 does it: mark the ops between `xs` and `ys`, count for each of them how many
consumers between will send it a gradient, then pop ready ops from a queue, sum what each
received (AddN), and call its registered gradient under `gradients/<op name>_grad/`. Every op is
visited once, so no gradient subgraph is built twice.
"""
from __future__ import annotations

import collections
import enum
from typing import Any, Sequence

from ..framework import dtypes as _dtypes
from ..framework import registry
from ..framework.convert import convert_to_tensor, convert_to_tensor_or_indexed_slices
from ..framework.graph import (Operation, Tensor, control_flow_unit, get_default_graph,
                               name_scope)
from ..framework.indexed_slices import IndexedSlices
from ..ops import array as array_ops
from ..ops import control_flow
from ..ops import math as math_ops

__all__ = ["gradients", "AggregationMethod", "UnconnectedGradients", "RegisterGradient",
           "NotDifferentiable", "no_gradient"]


class UnconnectedGradients(enum.Enum):
    """What `tf.gradients` returns for an `x` that `ys` does not depend on."""
    NONE = "none"
    ZERO = "zero"


class AggregationMethod:
    """How several gradients reaching one tensor are summed (all give the same numbers)."""
    ADD_N = 0
    DEFAULT = ADD_N
    EXPERIMENTAL_TREE = 1
    EXPERIMENTAL_ACCUMULATE_N = 2


class RegisterGradient:
    """Decorator `@tf.RegisterGradient("OpType")` registering `fn(op, *grads)`."""

    def __init__(self, op_type: str):
        if not isinstance(op_type, str):
            raise TypeError("op_type must be a string")
        self._op_type = op_type

    def __call__(self, fn: Any) -> Any:
        registry.register_gradient(self._op_type, fn)
        return fn


def NotDifferentiable(op_type: str) -> None:  # noqa: N802 - TF1's name
    """Declares that ops of `op_type` have no gradient (their inputs get None)."""
    if not isinstance(op_type, str):
        raise TypeError("op_type must be a string")
    registry.register_gradient(op_type, registry.NOT_DIFFERENTIABLE)


no_gradient = NotDifferentiable


def _is_trainable(t: Tensor) -> bool:
    """Gradients flow only through floating and complex tensors."""
    base = t.dtype.base_dtype
    return base.is_floating or base.is_complex


def _as_list(x: Any) -> list:
    return list(x) if isinstance(x, (list, tuple)) else [x]


def _default_grad_ys(grad_ys: list, ys: list[Tensor]) -> list:
    """Ones shaped like each y where no gradient is given; given ones are checked for kind."""
    if len(grad_ys) != len(ys):
        raise ValueError(f"Length mismatch. Passed {len(grad_ys)} grad_ys for {len(ys)} ys")
    out = []
    for i, (y, gy) in enumerate(zip(ys, grad_ys)):
        if gy is None:
            if y.dtype.is_complex:
                raise TypeError(f"Gradients of complex tensors must set grad_ys (y.dtype = "
                                f"{y.dtype.base_dtype.name})")
            shape = array_ops.shape(y)
            one = convert_to_tensor(1, dtype=y.dtype.base_dtype, name=f"grad_ys_{i}")
            out.append(array_ops.fill(shape, one))
            continue
        gy = convert_to_tensor_or_indexed_slices(gy, name=f"grad_ys_{i}")
        kind = y.dtype.base_dtype
        gkind = gy.dtype.base_dtype
        if (kind.is_floating or kind.is_integer) and not (gkind.is_floating or gkind.is_integer):
            raise TypeError(f"Gradient type {gkind.name} generated for real or integer-valued "
                            f"tensor {y} with type {kind.name} must be real or integer")
        if kind.is_complex and not gkind.is_complex:
            raise TypeError(f"Gradient type {gkind.name} generated for complex-valued tensor "
                            f"{y} with type {kind.name} must be real")
        out.append(gy)
    return out


def _node(op: Any, level: Any) -> Any:
    """What the walk visits for `op`: the op itself, or the loop or cond it is part of."""
    if type(op) is Operation and op._control_flow_context is not None:
        return control_flow_unit(op, level) or op
    return op


def _slot(node: Any, t: Tensor) -> int:
    """The index of `t` among the outputs of its node."""
    return t.value_index if node is t.op else node._outputs.index(t)


def _between(to_nodes: list, from_nodes: list, level: Any) -> set:
    """The nodes on a path of trainable tensors from some `from_nodes` to some `to_nodes`."""
    reached: set = set()
    queue = collections.deque(from_nodes)
    while queue:
        node = queue.popleft()
        if node in reached:
            continue
        reached.add(node)
        for t in node._outputs:
            if _is_trainable(t):
                queue.extend(_node(c, level) for c in t._consumers)
    between: set = set()
    queue = collections.deque(to_nodes)
    while queue:
        node = queue.popleft()
        if node in reached and node not in between:
            between.add(node)
            queue.extend(_node(t.op, level) for t in node._inputs)
    return between


def _aggregate(received: list, op: Operation, index: int) -> Any:
    """One gradient from all those an output received: AddN of tensors, concatenated rows of
    IndexedSlices (a dense one among them becomes all its rows)."""
    received = [g for g in received if g is not None]
    if not received:
        return None
    if len(received) == 1:
        return received[0]
    if not all(isinstance(g, (Tensor, IndexedSlices)) for g in received):
        raise TypeError(f"Invalid gradient {received} [index = {index}]. Gradients have to be "
                        f"either all Tensors or all IndexedSlices")
    if all(isinstance(g, Tensor) for g in received):
        g = get_default_graph()
        with g.colocate_with(received[0].op, ignore_existing=True):
            return math_ops.add_n(received)
    slices = [g if isinstance(g, IndexedSlices) else _dense_as_slices(g) for g in received]
    if len({s.indices.dtype.base_dtype for s in slices}) > 1:
        slices = [IndexedSlices(s.values, array_ops.cast(s.indices, _dtypes.int64), s.dense_shape)
                  for s in slices]
    return IndexedSlices(array_ops.concat([s.values for s in slices], 0),
                         array_ops.concat([s.indices for s in slices], 0),
                         slices[0].dense_shape)


def _dense_as_slices(t: Tensor) -> IndexedSlices:
    shape = array_ops.shape(t)
    return IndexedSlices(t, array_ops.range(0, shape[0]), shape)


def gradients(ys: Any, xs: Any, grad_ys: Any = None, name: str = "gradients",
              colocate_gradients_with_ops: bool = False, gate_gradients: bool = False,
              aggregation_method: Any = None, stop_gradients: Any = None,
              unconnected_gradients: Any = UnconnectedGradients.NONE) -> list:
    """The sum of the derivatives of `ys` with respect to each of `xs`, built as graph ops."""
    ys = _as_list(ys)
    xs = _as_list(xs)
    stop_gradients = [] if stop_gradients is None else _as_list(stop_gradients)
    grad_ys = [None] * len(ys) if grad_ys is None else _as_list(grad_ys)
    try:
        unconnected = UnconnectedGradients(unconnected_gradients)
    except ValueError:
        raise ValueError(f"Unknown value for unconnected_gradients: "
                         f"'{unconnected_gradients}'") from None
    if aggregation_method not in (None, AggregationMethod.ADD_N,
                                  AggregationMethod.EXPERIMENTAL_TREE,
                                  AggregationMethod.EXPERIMENTAL_ACCUMULATE_N):
        raise ValueError(f"Invalid aggregation_method specified {aggregation_method}.")
    with name_scope(name, "gradients", ys + xs + stop_gradients + grad_ys):
        ys = [convert_to_tensor_or_indexed_slices(y, name="y") for y in ys]
        xs = [x if isinstance(x, (Tensor, IndexedSlices)) else
              convert_to_tensor(x, name="x", as_ref=True) for x in xs]
        grad_ys = _default_grad_ys(grad_ys, ys)
        result = walk(ys, xs, grad_ys, get_default_graph()._control_flow_context,
                      stop_gradients, gate_gradients)
        if unconnected is UnconnectedGradients.ZERO:
            result = [array_ops.zeros_like(x) if g is None else g for x, g in zip(xs, result)]
    return result


def walk(ys: list, xs: list, grad_ys: list, level: Any = None, stop_gradients: Sequence = (),
         gate_gradients: bool = False) -> list:
    """The reverse walk itself, over the nodes at `level` (the graph's top, or the body of a
    loop or branch whose gradient is being built): `grad_ys` flow back from `ys` to `xs`."""
    to_nodes = [_node(y.op, level) for y in ys]
    from_nodes = [_node(x.op, level) for x in xs]
    between = _between(to_nodes, from_nodes, level)
    pending: collections.Counter = collections.Counter()
    for node in between:
        for t in node._inputs:
            source = _node(t.op, level)
            if source in between:
                pending[source] += 1

    # node -> one list per output of the gradients it received
    grads: dict[Any, list[list]] = {}

    def add_grad(t: Tensor, g: Any) -> None:
        node = _node(t.op, level)
        slots = grads.get(node)
        if slots is None:
            slots = grads[node] = [[] for _ in node._outputs]
        slots[_slot(node, t)].append(g)

    for y, gy in zip(ys, grad_ys):
        add_grad(y, gy)
    stop_nodes = {node for node in from_nodes
                  if all(pending[_node(t.op, level)] == 0 for t in node._inputs)}
    stop_nodes.update(_node(t.op, level) for t in stop_gradients)

    queue = collections.deque()
    seen: set = set()
    for node in to_nodes:
        if pending[node] == 0 and node in between and node not in seen:
            seen.add(node)
            queue.append(node)
    while queue:
        node = queue.popleft()
        _backprop(node, grads, stop_nodes, gate_gradients, add_grad)
        for t in node._inputs:
            source = _node(t.op, level)
            pending[source] -= 1
            if pending[source] == 0 and source in between:
                queue.append(source)

    result = []
    for x in xs:
        node = _node(x.op, level)
        slots = grads.get(node)
        g = None if slots is None else slots[_slot(node, x)]
        if isinstance(g, list):  # x's node was never visited: its own gradients only
            g = _aggregate(g, node, _slot(node, x))
        result.append(g)
    return result


def _backprop(op: Any, grads: dict, stop_ops: set, gate: bool, add_grad: Any) -> None:
    """Sums what node `op` received, calls its gradient, and sends each input its share."""
    slots = grads.get(op)
    if slots is None:
        return
    out_grads = slots
    for i, received in enumerate(slots):
        out_grads[i] = _aggregate(received, op, i) if isinstance(received, list) else received
    if op in stop_ops or all(g is None for g in out_grads):
        return
    grad_fn = registry.gradient_function(op)
    if grad_fn is None:
        return
    for i, g in enumerate(out_grads):
        if g is None and _is_trainable(op._outputs[i]):
            out_grads[i] = array_ops.zeros_like(op._outputs[i], optimize=False)
    with name_scope(op.name + "_grad"):
        in_grads = _as_list(grad_fn(op, *out_grads))
        if len(in_grads) != len(op._inputs):
            raise ValueError(f"Num gradients {len(in_grads)} generated for op {op.node_def} do "
                             f"not match num inputs {len(op._inputs)}")
        if gate and sum(g is not None for g in in_grads) > 1:
            in_grads = control_flow.tuple(in_grads)
    for i, (t, g) in enumerate(zip(op._inputs, in_grads)):
        if g is None:
            continue
        if isinstance(g, Tensor):
            try:
                g.set_shape(t.shape)
            except ValueError:
                raise ValueError(f"Incompatible shapes between op input and calculated input "
                                 f"gradient.  Forward operation: {op.name}.  Input index: {i}. "
                                 f"Original input shape: {t.shape}.  Calculated input gradient "
                                 f"shape: {g.shape}") from None
        add_grad(t, g)
