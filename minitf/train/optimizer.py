"""`tf.train.Optimizer`: the base of TF1's optimizers (mirrors training/optimizer.py of TF 1.15).

`minimize` is `compute_gradients` (tf.gradients of the loss for the trainable variables) then
`apply_gradients`, which creates the slots (`<var>/<Optimizer>`, `_1`, ...) outside any control
flow, then under the optimizer's name scope converts the hyper-parameters (`_prepare`), adds
one update per variable under `update_<var op name>` colocated with it, and groups them
(`_finish`), adding `global_step += 1` when asked. Subclasses give `_create_slots`,
`_prepare`, `_apply_dense(grad, var)` and `_apply_sparse(grad, var)` (or
`_apply_sparse_duplicate_indices`), each returning the update op of one variable.
"""
from __future__ import annotations

from typing import Any

from ..autodiff import gradients as gradients_lib
from ..framework import dtypes as _dtypes
from ..framework import nest
from ..framework.convert import convert_to_tensor_or_indexed_slices
from ..framework.graph import GraphKeys, Tensor, get_default_graph, name_scope
from ..framework.indexed_slices import IndexedSlices
from ..ops import array as array_ops
from ..ops import control_flow
from ..ops import math as math_ops
from ..ops import state as state_ops
from ..ops.state import Variable
from . import slot_creator

__all__ = ["Optimizer"]


def _deduplicate_indexed_slices(values: Tensor, indices: Tensor) -> tuple[Tensor, Tensor]:
    """Sums the rows of `values` that share an index: (summed values, unique indices)."""
    unique_indices, new_index_positions = array_ops.unique(indices)
    summed_values = math_ops.unsorted_segment_sum(values, new_index_positions,
                                                  array_ops.shape(unique_indices)[0])
    return summed_values, unique_indices


def _var_key(var: Any) -> tuple:
    """The key of `var`'s slots: its graph and op name."""
    return (var.op.graph, var.op.name)


class _RefVariableProcessor:
    """Updates a ref Variable: dense or sparse, then its constraint if it has one."""

    def __init__(self, v: Variable):
        self._v = v

    def target(self) -> Tensor:
        return self._v._ref()

    def update_op(self, optimizer: Optimizer, g: Any) -> Any:
        if isinstance(g, Tensor):
            update_op = optimizer._apply_dense(g, self._v)
            if self._v.constraint is not None:
                with get_default_graph().control_dependencies([update_op]):
                    return self._v.assign(self._v.constraint(self._v))
            return update_op
        if self._v.constraint is not None:
            raise RuntimeError("Cannot use a constraint function on a sparse variable.")
        return optimizer._apply_sparse_duplicate_indices(g, self._v)


class _TensorProcessor:
    """A plain tensor: its gradient can be computed, but it cannot be updated."""

    def __init__(self, v: Tensor):
        self._v = v

    def target(self) -> Tensor:
        return self._v

    def update_op(self, optimizer: Optimizer, g: Any) -> Any:
        raise NotImplementedError("Trying to update a Tensor ", self._v)


def _get_processor(v: Any) -> Any:
    if isinstance(v, Variable):
        return _RefVariableProcessor(v)
    if isinstance(v, Tensor):
        return _TensorProcessor(v)
    raise NotImplementedError("Trying to optimize unsupported type ", v)


class Optimizer:
    """Base class of the optimizers; build one of its subclasses and call `minimize`."""

    GATE_NONE = 0
    GATE_OP = 1
    GATE_GRAPH = 2

    def __init__(self, use_locking: bool, name: str):
        if not name:
            raise ValueError("Must specify the optimizer name")
        self._use_locking = use_locking
        self._name = name
        # {slot name: {_var_key(var): slot variable}}
        self._slots: dict[str, dict] = {}
        # {(name, graph): variable}
        self._non_slot_dict: dict[tuple, Variable] = {}

    def get_name(self) -> str:
        return self._name

    # ---- the public steps
    def minimize(self, loss: Any, global_step: Any = None, var_list: Any = None,
                 gate_gradients: int = GATE_OP, aggregation_method: Any = None,
                 colocate_gradients_with_ops: bool = False, name: str | None = None,
                 grad_loss: Any = None) -> Any:
        """An op that updates `var_list` (default: the trainable variables) to lower `loss`,
        and adds one to `global_step` if given."""
        grads_and_vars = self.compute_gradients(
            loss, var_list=var_list, gate_gradients=gate_gradients,
            aggregation_method=aggregation_method,
            colocate_gradients_with_ops=colocate_gradients_with_ops, grad_loss=grad_loss)
        vars_with_grad = [v for g, v in grads_and_vars if g is not None]
        if not vars_with_grad:
            raise ValueError(f"No gradients provided for any variable, check your graph for ops "
                             f"that do not support gradients, between variables "
                             f"{[str(v) for _, v in grads_and_vars]} and loss {loss}.")
        return self.apply_gradients(grads_and_vars, global_step=global_step, name=name)

    def compute_gradients(self, loss: Any, var_list: Any = None,
                          gate_gradients: int = GATE_OP, aggregation_method: Any = None,
                          colocate_gradients_with_ops: bool = False,
                          grad_loss: Any = None) -> list:
        """`[(gradient, variable), ...]` of `loss` for `var_list` (default: the trainable
        variables); a gradient is a Tensor, an IndexedSlices or None. A callable `loss` is
        called first (graph mode has no tape: its variables default as a tensor's do)."""
        if callable(loss):
            loss = loss()
        if gate_gradients not in (Optimizer.GATE_NONE, Optimizer.GATE_OP,
                                  Optimizer.GATE_GRAPH):
            raise ValueError(f"gate_gradients must be one of: Optimizer.GATE_NONE, "
                             f"Optimizer.GATE_OP, Optimizer.GATE_GRAPH.  Not {gate_gradients}")
        self._assert_valid_dtypes([loss])
        if grad_loss is not None:
            self._assert_valid_dtypes([grad_loss])
        if var_list is None:
            var_list = (get_default_graph().get_collection(GraphKeys.TRAINABLE_VARIABLES)
                        + get_default_graph().get_collection(
                            GraphKeys.TRAINABLE_RESOURCE_VARIABLES))
        else:
            var_list = nest.flatten(var_list)
        processors = [_get_processor(v) for v in var_list]
        if not var_list:
            raise ValueError("No variables to optimize.")
        var_refs = [p.target() for p in processors]
        grads = gradients_lib.gradients(
            loss, var_refs, grad_ys=grad_loss,
            gate_gradients=(gate_gradients == Optimizer.GATE_OP),
            aggregation_method=aggregation_method,
            colocate_gradients_with_ops=colocate_gradients_with_ops)
        if gate_gradients == Optimizer.GATE_GRAPH:
            grads = control_flow.tuple(grads)
        grads_and_vars = list(zip(grads, var_list))
        self._assert_valid_dtypes([v for g, v in grads_and_vars if g is not None])
        return grads_and_vars

    def apply_gradients(self, grads_and_vars: Any, global_step: Any = None,
                        name: str | None = None) -> Any:
        """An op applying each (gradient, variable) pair (None gradients are skipped), then
        adding one to `global_step` if given; named `name` or after the optimizer."""
        grads_and_vars = tuple(grads_and_vars)
        if not grads_and_vars:
            raise ValueError("No variables provided.")
        converted = []
        for g, v in grads_and_vars:
            if g is not None:
                try:
                    g = convert_to_tensor_or_indexed_slices(g)
                except TypeError:
                    raise TypeError(f"Gradient must be convertible to a Tensor or "
                                    f"IndexedSlices, or None: {g}") from None
                if not isinstance(g, (Tensor, IndexedSlices)):
                    raise TypeError(f"Gradient must be a Tensor, IndexedSlices, or None: {g}")
            converted.append((g, v, _get_processor(v)))
        var_list = [v for g, v, _ in converted if g is not None]
        if not var_list:
            raise ValueError(f"No gradients provided for any variable: "
                             f"{[str(v) for _, v, _ in converted]}.")
        graph = get_default_graph()
        with state_ops.init_scope(graph):
            self._create_slots(var_list)
        update_ops = []
        with name_scope(name, self._name) as scope:
            self._prepare()
            for grad, var, processor in converted:
                if grad is None:
                    continue
                with name_scope("update_" + var.op.name), graph.colocate_with(var):
                    update_ops.append(processor.update_op(self, grad))
            if global_step is None:
                apply_updates = self._finish(update_ops, scope)
            else:
                with graph.control_dependencies([self._finish(update_ops, "update")]), \
                        graph.colocate_with(global_step):
                    apply_updates = state_ops.assign_add(global_step, 1, name=scope)
            if isinstance(apply_updates, Tensor):
                apply_updates = apply_updates.op
            train_op = graph.get_collection_ref(GraphKeys.TRAIN_OP)
            if apply_updates not in train_op:
                train_op.append(apply_updates)
            return apply_updates

    # ---- slots and the optimizer's variables
    def get_slot(self, var: Any, name: str) -> Variable | None:
        """The slot `name` ("m", "momentum", ...) made for `var`, or None."""
        named_slots = self._slots.get(name)
        if not named_slots:
            return None
        return named_slots.get(_var_key(var))

    def get_slot_names(self) -> list[str]:
        return sorted(self._slots)

    def variables(self) -> list[Variable]:
        """The optimizer's variables in the default graph (non-slot ones and slots), by
        name."""
        graph = get_default_graph()
        found = [v for v in self._non_slot_dict.values() if v.op.graph is graph]
        for slots in self._slots.values():
            found.extend(v for v in slots.values() if v.op.graph is graph)
        return sorted(found, key=lambda v: v.name)

    def _create_non_slot_variable(self, initial_value: Any, name: str,
                                  colocate_with: Variable) -> Variable:
        """A variable of the optimizer not tied to one variable (Adam's `beta1_power`), made
        once per graph, next to `colocate_with`."""
        graph = colocate_with.graph
        key = (name, graph)
        v = self._non_slot_dict.get(key)
        if v is None:
            with graph.colocate_with(colocate_with):
                v = Variable(initial_value, name=name, trainable=False)
            self._non_slot_dict[key] = v
        return v

    def _get_non_slot_variable(self, name: str, graph: Any = None) -> Variable | None:
        return self._non_slot_dict.get((name, graph))

    def _non_slot_variables(self) -> list[Variable]:
        return list(self._non_slot_dict.values())

    def _slot_dict(self, slot_name: str) -> dict:
        return self._slots.setdefault(slot_name, {})

    def _get_or_make_slot(self, var: Any, val: Tensor, slot_name: str,
                          op_name: str) -> Variable:
        named_slots = self._slot_dict(slot_name)
        if _var_key(var) not in named_slots:
            named_slots[_var_key(var)] = slot_creator.create_slot(var, val, op_name)
        return named_slots[_var_key(var)]

    def _get_or_make_slot_with_initializer(self, var: Any, initializer: Any, shape: Any,
                                           dtype: Any, slot_name: str,
                                           op_name: str) -> Variable:
        named_slots = self._slot_dict(slot_name)
        if _var_key(var) not in named_slots:
            named_slots[_var_key(var)] = slot_creator.create_slot_with_initializer(
                var, initializer, shape, dtype, op_name)
        return named_slots[_var_key(var)]

    def _zeros_slot(self, var: Any, slot_name: str, op_name: str) -> Variable:
        named_slots = self._slot_dict(slot_name)
        if _var_key(var) not in named_slots:
            named_slots[_var_key(var)] = slot_creator.create_zeros_slot(var, op_name)
        return named_slots[_var_key(var)]

    # ---- what subclasses give
    @staticmethod
    def _call_if_callable(param: Any) -> Any:
        return param() if callable(param) else param

    def _valid_dtypes(self) -> set:
        return {_dtypes.float16, _dtypes.bfloat16, _dtypes.float32, _dtypes.float64}

    def _assert_valid_dtypes(self, tensors: list) -> None:
        valid = self._valid_dtypes()
        for t in tensors:
            dtype = t.dtype.base_dtype
            if dtype not in valid:
                # TF prints its set of valid types in hash order
                order = [_dtypes.float32, _dtypes.float64, _dtypes.float16, _dtypes.bfloat16]
                names = ", ".join(repr(d) for d in order if d in valid)
                raise ValueError(f"Invalid type {dtype!r} for {t.name}, expected: [{names}].")

    def _create_slots(self, var_list: list) -> None:
        """Creates the slots of `var_list` (none by default)."""

    def _prepare(self) -> None:
        """Converts the hyper-parameters to tensors, in the optimizer's name scope."""

    def _apply_sparse_duplicate_indices(self, grad: IndexedSlices, var: Variable) -> Any:
        """Sums the rows of repeated indices, then `_apply_sparse`."""
        summed_values, unique_indices = _deduplicate_indexed_slices(grad.values, grad.indices)
        return self._apply_sparse(IndexedSlices(summed_values, unique_indices,
                                                grad.dense_shape), var)

    def _finish(self, update_ops: list, name_scope: str) -> Any:
        """Groups the updates into the op `name_scope`."""
        return control_flow.group(*update_ops, name=name_scope)

