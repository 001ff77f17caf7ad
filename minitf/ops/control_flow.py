"""Control-flow ops: no_op, group, tuple, with_dependencies (mirrors control_flow_ops.py)."""
from __future__ import annotations

import builtins
import contextlib
from typing import Any

from ..framework import dtypes as _dtypes
from ..framework import errors, nest, registry
from ..framework.convert import constant, convert_to_tensor
from ..framework.graph import (GraphKeys, Operation, Tensor, _user_frame, get_default_graph,
                               name_scope)
from ..framework.indexed_slices import IndexedSlices
from ..framework.tensor_shape import TensorShape
from .common_shapes import shape_str

__all__ = ["no_op", "group", "tuple", "while_loop", "cond", "case"]


# ---- NoOp

def _no_outputs(op):
    return []


def _no_op_fn(*inputs):
    return None


registry.register("NoOp", infer=_no_outputs, kernel=lambda ctx: _no_op_fn,
                  grad=registry.NOT_DIFFERENTIABLE)


def no_op(name: str | None = None) -> Operation:
    """`tf.no_op`: an op that does nothing; useful as a target carrying control inputs."""
    return get_default_graph().create_op("NoOp", [], {}, name=name or "NoOp")


def _group_on_device(device: str, deps: list, name: str | None = None) -> Operation:
    g = get_default_graph()
    with g.control_dependencies(deps), g.device(device):
        return no_op(name=name)


def group(*inputs: Any, **kwargs: Any) -> Operation:
    """`tf.group`: a NoOp (`group_deps`) that runs after all `inputs`. As TF1, inputs are
    grouped by device: one device gives one NoOp, several give a NoOp per device under the
    returned one; no inputs give a plain NoOp."""
    name = kwargs.pop("name", None)
    if kwargs:
        raise ValueError("Unknown keyword arguments: " + ", ".join(kwargs.keys()))
    g = get_default_graph()
    with g.name_scope(name or "group_deps") as scope:
        if not inputs:
            return no_op(name=scope)
        by_device: dict[str, list] = {}
        for inp in nest.flatten(inputs):
            if not hasattr(inp, "device"):
                raise TypeError(f"Expected tf.group() expected Tensor arguments not '{inp}' with "
                                f"type '{type(inp)}'")
            by_device.setdefault(inp.device, []).append(inp)
        if len(by_device) == 1:
            (device, deps), = by_device.items()
            return _group_on_device(device, deps, name=scope)
        per_device = [_group_on_device(device, by_device[device]) for device in sorted(by_device)]
        with g.control_dependencies(per_device):
            return no_op(name=scope)


def with_dependencies(dependencies: list, output_tensor: Any, name: str | None = None) -> Any:
    """`output_tensor` through an Identity (`control_dependency`) that runs after
    `dependencies`; an IndexedSlices stays sparse (its values go through the Identity)."""
    g = get_default_graph()
    with g.name_scope(name or "control_dependency") as scope:
        with g.control_dependencies(dependencies):
            if isinstance(output_tensor, IndexedSlices):
                values = output_tensor.values
                with g.colocate_with(values.op):
                    values = g.create_op("Identity", [values], {"T": values.dtype.base_dtype},
                                         name=scope).outputs[0]
                return IndexedSlices(values, output_tensor.indices, output_tensor.dense_shape)
            t = convert_to_tensor(output_tensor)
            with g.colocate_with(t.op):
                return g.create_op("Identity", [t], {"T": t.dtype.base_dtype},
                                   name=scope).outputs[0]


def tuple(tensors: list, name: str | None = None,  # noqa: A001 - TF1's own name, tf.tuple
          control_inputs: list | None = None) -> list:
    """`tf.tuple`: the same values, each gated to be available only once all are computed
    (identities depending on a `group` of all the inputs' ops)."""
    g = get_default_graph()
    with g.name_scope(name or "tuple"):
        tensors = [t if t is None or isinstance(t, (Operation, Tensor, IndexedSlices))
                   else convert_to_tensor(t) for t in tensors]
        gating_ops = [t if isinstance(t, Operation) else t.op for t in tensors if t is not None]
        for c in control_inputs or ():
            if isinstance(c, Tensor):
                c = c.op
            elif not isinstance(c, Operation):
                raise TypeError(f"Control input must be Operation or Tensor: {c}")
            gating_ops.append(c)
        gating_ops = sorted(set(gating_ops), key=lambda op: op._id)
        if not gating_ops:
            raise ValueError(f"Must have at least one Tensor: {tensors}")
        gate = group(*gating_ops)
        result = []
        for t in tensors:
            if isinstance(t, (Tensor, IndexedSlices)):
                result.append(with_dependencies([gate], t))
            elif isinstance(t, Operation):
                with g.control_dependencies([gate]):
                    result.append(group(t))
            else:
                result.append(None)
        return result



# ============================================================================================
# while_loop and cond: TF1's graph structure, run as functional constructs.
#
# The ops TF1 builds (Enter, Merge, Switch, Identity, NextIteration, Exit, LoopCond; Switch and
# Merge for cond) are all in the graph, with TF1's names, for users and exporters to see. A
# plan does not run them one by one: it runs the whole loop (or cond) as one node, whose kernel
# compiles the loop's cond and body (or both branches) once into sub-plans and calls them.

class _StructuralOpError(errors.InternalError):
    pass


def _structural_kernel(ctx: registry.KernelContext):
    def structural(*inputs):
        raise _StructuralOpError(None, None, f"{ctx.op_type} op '{ctx.op_name}' runs only as "
                                             f"part of its while loop or cond")
    return structural


def _same_as_data(op):
    t = op.inputs[0]
    return [(t.dtype.base_dtype, t.shape)]


def _same_ref_as_data(op):
    t = op.inputs[0]
    return [(t.dtype, t.shape)]


def _merge_infer(op):
    shape = op.inputs[0].shape
    for t in op.inputs[1:]:
        shape = shape.most_specific_compatible_shape(t.shape)
    return [(op.inputs[0].dtype.base_dtype, shape), (_dtypes.int32, TensorShape([]))]


def _switch_infer(op):
    data, pred = op.inputs
    if pred.shape.ndims not in (None, 0):
        raise ValueError(f"Shape must be rank 0 but is rank {pred.shape.ndims}")
    dtype = data.dtype if op.type == "RefSwitch" else data.dtype.base_dtype
    return [(dtype, data.shape)] * 2


def _loop_cond_infer(op):
    t = op.inputs[0]
    if t.shape.ndims not in (None, 0):
        raise ValueError(f"Shape must be rank 0 but is rank {t.shape.ndims}")
    return [(_dtypes.bool, TensorShape([]))]


for _type, _infer in (("Enter", _same_as_data), ("RefEnter", _same_ref_as_data),
                      ("Exit", _same_as_data), ("NextIteration", _same_as_data),
                      ("Merge", _merge_infer), ("Switch", _switch_infer),
                      ("RefSwitch", _switch_infer), ("LoopCond", _loop_cond_infer)):
    registry.register(_type, infer=_infer, kernel=_structural_kernel)


def _enter_grad(op, grad):
    """What `tf.gradients` called inside a loop body (`tf.hessians`) passes through the Enter
    of a value captured from outside, as TF 1.15's `_EnterGrad` outside a gradient loop.
    Gradients *of* a loop never visit its Enters one by one: the walk takes a loop whole."""
    return grad


registry.set_gradient("Enter", _enter_grad)


# What gradients need from inside a loop or branch: a loop's iteration count, the values a body
# tensor took in each iteration (kept by the loop as it runs), one of those values, and the
# value a tensor of a branch took (when that branch ran).

def _history_read_kernel(ctx: registry.KernelContext):
    def history_read(history, index):
        return history[int(index)]
    return history_read


registry.register("LoopCount", infer=lambda op: [(_dtypes.int32, TensorShape([]))],
                  kernel=_structural_kernel, grad=registry.NOT_DIFFERENTIABLE)
registry.register("LoopHistory", infer=lambda op: [(_dtypes.resource, TensorShape([]))],
                  kernel=_structural_kernel, grad=registry.NOT_DIFFERENTIABLE)
registry.register("BranchValue", infer=_same_as_data, kernel=_structural_kernel,
                  grad=registry.NOT_DIFFERENTIABLE)
def _history_concat_infer(op):
    shape = op.get_attr("element_shape")
    rest = shape.dims[1:] if shape.ndims else None
    return [(op.get_attr("dtype"), TensorShape(None if rest is None else [None, *rest]))]


def _history_concat_kernel(ctx: registry.KernelContext):
    xp = ctx.xp
    dtype = ctx.attrs["dtype"].as_numpy_dtype
    shape = ctx.attrs["element_shape"]

    def history_concat(history):
        if isinstance(history, list):
            if history:
                return xp.concatenate(history, axis=0)
        elif len(history):  # the per-step rows of a fused loop, as one array
            return history.reshape((-1,) + history.shape[2:])
        if shape.ndims is None or not shape[1:].is_fully_defined():
            raise errors.InvalidArgumentError(
                None, None, "Cannot concatenate the values of a loop that ran no iteration: "
                            f"their shape {shape} is not fully defined")
        return xp.zeros([0, *shape.as_list()[1:]], dtype=dtype)
    return history_concat


registry.register("HistoryConcat", infer=_history_concat_infer, kernel=_history_concat_kernel,
                  grad=registry.NOT_DIFFERENTIABLE)
registry.register("HistoryRead",
                  infer=lambda op: [(op.get_attr("dtype"), op.get_attr("shape"))],
                  kernel=_history_read_kernel, grad=registry.NOT_DIFFERENTIABLE)


def _placed(ctx: Any, op_type: str, inputs: list, attrs: dict, name: str,
            prefix: str | None = None) -> Operation:
    """An op built outside any context and then placed in `ctx` (TF1's
    `_FixControlInputsAndContext`): its inputs are taken as they are, not captured. With a
    `prefix` (the full name of the op that needs it) it is named `<prefix>/<name>`."""
    g = get_default_graph()
    root = g.name_scope(None) if prefix else contextlib.nullcontext()
    with g.control_dependencies(None), root:
        op = g.create_op(op_type, inputs, attrs, name=f"{prefix}/{name}" if prefix else name)
    op._control_flow_context = ctx
    return op


def _unit_id(graph: Any) -> float:
    """A construct's place in creation order: after every op so far, before the next one. It
    takes no number from the graph's op counter, which TF 1.15 advances for its real ops only
    (random ops without an op seed take their seed from it)."""
    return graph._last_id + 0.5


class _Construct:
    """One while loop or cond, as a plan runs it: a node reading `_inputs` (outside values)
    and producing `_outputs` (the Exit or Merge tensors). It quacks like an Operation."""

    def __init__(self, graph: Any, outer_context: Any, op_type: str, name: str):
        self.outer_context = outer_context
        self._graph = graph
        self._type = op_type
        self._name = name
        self._inputs: list[Tensor] = []
        self._outputs: list[Tensor] = []
        self._control_inputs: list[Operation] = []
        self._attrs: dict = {}
        self._control_flow_context = outer_context
        self._defined_at = _user_frame()
        # the kernel is set when the construct is built
        self._opdef = registry.OpDef(op_type, infer=None, kernel=None, stateful=True)
        self._id: float = 0

    @property
    def name(self) -> str:
        return self._name

    @property
    def type(self) -> str:
        return self._type

    def _finish(self, outputs: list[Tensor]) -> None:
        self._outputs = list(outputs)
        self._id = _unit_id(self._graph)

    def _add_input(self, t: Tensor) -> None:
        if t not in self._inputs:
            self._inputs.append(t)
            if self._type == "Cond" and t.dtype._is_ref_dtype and t.op.type == "VariableV2":
                # a variable a branch reads through its RefSwitch: the cond's kernel reads it,
                # for the taken branch only, as TF's RefSwitch forwards the ref unread (an
                # uninitialized variable in the other branch is no error: initialized_value)
                self._opdef.ref_inputs += (len(self._inputs) - 1,)

    def _add_control_input(self, op: Operation) -> None:
        """A control input of an op inside, from outside: the construct runs after it (or the
        enclosing construct does, when `op` is outside that too)."""
        outer = self.outer_context
        if outer is not None and not outer._contains_op(op):
            outer.unit._add_control_input(op)
        elif op not in self._control_inputs:
            self._control_inputs.append(op)

    def __repr__(self) -> str:
        return f"<{self._type} construct '{self._name}'>"


class _Context:
    """Base of loop and branch contexts: which ops are inside, and how outside values enter
    (each kind defines `_capture_value`)."""

    def __init__(self, unit: _Construct, outer_context: Any):
        self.unit = unit
        self.outer_context = outer_context
        self._captured: dict[Tensor, Tensor] = {}
        self._inside: set = set()  # outside tensors that count as inside (cond's pivots)

    def as_tf_sees_it(self) -> Any:
        """The context TF1's `op._get_control_flow_context()` gives for this context's ops."""
        return self

    def _contains_op(self, op: Operation) -> bool:
        ctx = op._control_flow_context
        while ctx is not None:
            if ctx is self:
                return True
            ctx = ctx.outer_context
        return False

    def _contains(self, t: Tensor) -> bool:
        return t in self._inside or self._contains_op(t.op)

    _captures_refs = False  # conds and loops pass a variable updated inside through a Ref op

    def _capture(self, op_name: str, inputs: list, deps: list,
                 ref_inputs: tuple = ()) -> tuple[list, list]:
        """Called by Graph.create_op for an op being created in this context. Ref inputs of
        ops that update a variable (Assign's `ref`) name it: a cond passes it through a
        RefSwitch, a loop through a RefEnter, as TF does."""
        inputs = [t if (i in ref_inputs and not self._captures_refs) or self._contains(t)
                  else self._capture_value(t, op_name) for i, t in enumerate(inputs)]
        kept = []
        for d in deps:
            if self._contains_op(d):
                kept.append(d)
            else:
                self.unit._add_control_input(d)
        return inputs, kept

    def _outer_value(self, t: Tensor, op_name: str) -> Tensor:
        """`t` as seen at this construct's level (captured by the enclosing contexts first)."""
        outer = self.unit.outer_context
        if outer is not None and not outer._contains(t):
            t = outer._capture_value(t, op_name)
        return t


class WhileContext(_Context):
    """A loop's body and cond: loop variables enter through Merge/Switch/Identity, outside
    values through an Enter each (named after their first consumer, `.../MatMul/Enter`), a
    variable updated inside through a RefEnter."""

    _captures_refs = True

    def __init__(self, unit: _Construct, outer_context: Any, frame_name: str,
                 parallel_iterations: int, back_prop: bool, swap_memory: bool,
                 maximum_iterations: Any):
        super().__init__(unit, outer_context)
        self.name = frame_name
        self.parallel_iterations = parallel_iterations
        self.back_prop = back_prop
        self.swap_memory = swap_memory
        self.maximum_iterations = maximum_iterations
        self.loop_enters: list[Tensor] = []
        self.merges: list[Tensor] = []
        self.identities: list[Tensor] = []
        self.pred: Tensor | None = None
        self.nexts: list[Tensor] = []
        self.next_names: list[str] = []
        # ops each iteration runs for their effects: the control inputs of the NextIteration
        # ops of a loop TF built (its gradient's stack pushes)
        self.next_controls: list[Operation] = []
        self.exits: list[Tensor] = []
        self.capture_enters: list[Tensor] = []
        self.count: Tensor | None = None  # iterations run, once a gradient asks for it
        self.histories: dict[Tensor, Tensor] = {}  # body value -> its values, per iteration
        # A backward loop reads the values of its forward loop at `history_index`.
        self.forward: WhileContext | None = None
        self.history_index: Tensor | None = None

    def iteration_count(self) -> Tensor:
        """How many times the body ran (an output of the loop)."""
        if self.count is None:
            self.count = _placed(self, "LoopCount", [self.pred], {}, "iteration_count",
                                 self.unit.name).outputs[0]
            self.unit._outputs.append(self.count)
        return self.count

    def history(self, t: Tensor) -> Tensor:
        """The values `t` (a tensor of the body) took in each iteration, kept by the loop."""
        h = self.histories.get(t)
        if h is None:
            h = self.histories[t] = _placed(self, "LoopHistory", [t],
                                            {"T": t.dtype.base_dtype}, "history",
                                            t.op.name).outputs[0]
            self.unit._outputs.append(h)
        return h

    def _forward_value(self, t: Tensor, op_name: str) -> Tensor:
        """A value of the forward loop, as this backward loop sees it at its iteration."""
        forward = self.forward
        if t in forward.capture_enters:  # the same in every iteration: the outside value
            return self._capture_value(t.op.inputs[0], op_name)
        if t.op.type == "Const":  # cloned into this loop, not kept per iteration (as TF's)
            return _placed(self, "Const", [], dict(t.op._attrs), "Const", op_name).outputs[0]
        h = self._capture_value(forward.history(t), op_name)
        return _placed(self, "HistoryRead", [h, self.history_index],
                       {"dtype": t.dtype.base_dtype, "shape": t.shape}, "HistoryRead",
                       op_name).outputs[0]

    def _capture_value(self, t: Tensor, op_name: str) -> Tensor:
        enter = self._captured.get(t)
        if enter is None and self.forward is not None and self.forward._contains(t) and \
                t not in self.forward.unit._outputs:  # exits and histories are outside values
            enter = self._captured[t] = self._forward_value(t, op_name)
        if enter is None:
            outer = self._outer_value(t, op_name)
            kind = "RefEnter" if outer.dtype._is_ref_dtype else "Enter"
            op = _placed(self, kind, [outer],
                         {"T": outer.dtype.base_dtype, "frame_name": self.name,
                          "is_constant": True, "parallel_iterations": self.parallel_iterations},
                         kind, op_name)
            enter = self._captured[t] = op.outputs[0]
            self.unit._graph.prevent_feeding(enter)
            self.unit._inputs.append(outer)  # after the loop variables' initial values
            if outer.dtype._is_ref_dtype and outer.op.type == "VariableV2":
                # read by the loop's kernel, and only for a body reading its value: TF's
                # RefEnter forwards the ref unread
                self.unit._opdef.ref_inputs += (len(self.unit._inputs) - 1,)
            self.capture_enters.append(enter)
        return enter


def _while_kernel(unit: _Construct, context: WhileContext):
    """The loop's kernel factory: cond and body compiled once, run per iteration; the values
    a gradient asked for are recorded per iteration, when the plan uses them."""
    def factory(ctx: registry.KernelContext):
        n = len(context.merges)
        outputs = unit._outputs
        wanted = ctx.wanted or (True,) * len(outputs)
        recorded = [i for i in range(n, len(outputs))
                    if wanted[i] and outputs[i].op.type == "LoopHistory"]
        count_at = outputs.index(context.count) if context.count is not None and \
            wanted[outputs.index(context.count)] else None
        cond = ctx.compile([context.pred], context.merges + context.capture_enters, (), context)
        body = ctx.compile(context.nexts + [outputs[i].op.inputs[0] for i in recorded],
                           context.identities + context.capture_enters,
                           context.next_controls, context)
        expected = [t.dtype.base_dtype for t in context.merges]
        merge_names = [t.op.name for t in context.merges]
        next_names = context.next_names
        xp = ctx.xp
        plain = len(outputs) == n

        def check(values):
            for k, (v, want) in enumerate(zip(values, expected)):
                got = getattr(v, "dtype", None)
                if got is not None and want.as_numpy_dtype is not None and \
                        got != want.as_numpy_dtype:
                    raise errors.InvalidArgumentError(
                        None, None, f"Input 1 of node {merge_names[k]} was passed "
                                    f"{_dtypes.as_dtype(got).tf_name} from {next_names[k]}:0 "
                                    f"incompatible with expected {want.tf_name}.")

        run_cond, run_body = cond.fn, body.fn
        from ..runtime import rnn_loop  # noqa: PLC0415 - loaded by the first loop a plan runs
        fused = rnn_loop.fused_loop(context, cond, body,
                                    [outputs[i].op.inputs[0] for i in recorded], xp, ctx.compile)

        def loop(values, captured):
            done = None if fused is None else fused(values, captured)
            if done is None and plain:
                if run_cond(*values, *captured)[0]:
                    values = run_body(*values, *captured)
                    check(values)
                    while run_cond(*values, *captured)[0]:
                        values = run_body(*values, *captured)
            elif done is None:
                histories = [[] for _ in recorded]
                count = 0
                while run_cond(*values, *captured)[0]:
                    out = run_body(*values, *captured)
                    values = out[:n]
                    if count == 0:
                        check(values)
                    for history, v in zip(histories, out[n:]):
                        history.append(v)
                    count += 1
            else:
                values, histories, count = done
            if plain:
                return values if n > 1 else values[0]
            result = [*values] + [None] * (len(outputs) - n)
            for i, history in zip(recorded, histories):
                result[i] = history
            if count_at is not None:
                result[count_at] = xp.asarray(count, dtype=xp.int32)
            return builtins.tuple(result)

        arrays = [k for k, t in enumerate(context.capture_enters)
                  if t.dtype.base_dtype == _dtypes.resource]
        refs = unit._opdef.ref_inputs  # captured variables, read here (ctx.refs)
        variables = ctx.resources.variables
        from .state import _uninitialized  # noqa: PLC0415 - state builds on control flow
        ref_reads = [(i, name, _reads_value(context.capture_enters[i - n]))
                     for i, name in zip(refs, ctx.refs)]

        def with_refs(inputs: tuple) -> tuple:
            """The inputs with each captured variable in its place (None where only named)."""
            full = list(inputs)
            for i, name, reads in ref_reads:
                if reads and name not in variables:
                    raise _uninitialized(name)
                full.insert(i, variables[name] if reads else None)
            return builtins.tuple(full)

        def while_loop(*inputs):
            if refs:
                inputs = with_refs(inputs)
            try:
                return loop(inputs[:n], inputs[n:])
            except Exception as e:  # noqa: BLE001 - named after the op of the cond or body
                error = body.op_error(e) or cond.op_error(e)
                if error is None:
                    raise
                raise error from (None if isinstance(e, errors.OpError) else e)
            finally:  # what fused kernels derived from captured TensorArrays (a projection)
                for k in arrays:
                    derived = getattr(inputs[n + k], "derived", None)
                    if derived:
                        derived.clear()
        return while_loop
    return factory


def _is_trainable(t: Tensor) -> bool:
    return t.dtype.base_dtype.is_floating or t.dtype.base_dtype.is_complex


def _dense(g: Any) -> Tensor:
    return convert_to_tensor(g)


def _gradient_root(unit: _Construct) -> str:
    """The scope gradients of `unit` go under (`gradients/`), so that the backward construct
    is `gradients/while/...` and holds `gradients/while/mul_grad/...`, as in TF1."""
    scope, suffix = get_default_graph().get_name_scope(), unit.name + "_grad"
    return scope[:-len(suffix)] if scope.endswith(suffix) else scope + "/"


def _while_grad(unit: _Construct, *grads: Any) -> list:
    """One backward loop over the values the forward loop kept: it runs the body's gradient
    once per forward iteration, last to first, carrying the loop variables' gradients and
    summing those of the values the body captured (weights)."""
    from ..autodiff import gradients as autodiff  # noqa: PLC0415 - autodiff builds on ops
    from . import array as array_ops, math as math_ops, nn as nn_ops  # noqa: PLC0415
    context: WhileContext = unit._context
    n = len(context.merges)
    if not context.back_prop:
        return [None] * len(unit._inputs)
    carried = [k for k in range(n) if _is_trainable(context.merges[k])]
    captured = [j for j, e in enumerate(context.capture_enters) if _is_trainable(e)]
    root = _gradient_root(unit)
    count = context.iteration_count()
    start = [_dense(grads[k]) for k in carried]
    for k, g in zip(carried, start):
        _take_shape(g, context.merges[k].shape)
    sums = [array_ops.zeros_like(context.capture_enters[j].op.inputs[0]) for j in captured]

    sparse: dict[int, IndexedSlices] = {}  # captured position -> its per-iteration slices
    products: dict[int, Operation] = {}  # captured position -> its per-iteration `a^T b`
    bias_sums: dict[int, Operation] = {}  # captured position -> its per-iteration BiasAddGrad
    loops: list[WhileContext] = []

    def body(i, *state):
        backward = get_default_graph()._control_flow_context
        loops.append(backward)
        index = i - 1
        backward.forward, backward.history_index = context, index
        carried_grads, partial = state[:len(carried)], state[len(carried):]
        ys = [context.nexts[k] for k in carried]
        xs = [context.identities[k] for k in carried] + \
            [context.capture_enters[j] for j in captured]
        with name_scope(root):
            got = autodiff.walk(ys, xs, list(carried_grads), level=context)
        new_grads = [array_ops.zeros_like(g) if d is None else _dense(d)
                     for g, d in zip(carried_grads, got[:len(carried)])]
        for k, g in zip(carried, new_grads):
            _take_shape(g, context.merges[k].shape)
        new_sums = []
        for pos, (s, d) in enumerate(zip(partial, got[len(carried):])):
            if isinstance(d, IndexedSlices):  # rows gathered in the body: kept, not summed
                sparse[pos] = d
                d = None
            elif _is_weight_product(d):  # one GEMM over all iterations, after the loop
                products[pos] = d.op
                d = None
            elif _is_bias_sum(d):  # one column sum over all iterations, after the loop
                bias_sums[pos] = d.op
                d = None
            new_sums.append(s if d is None else s + _dense(d))
        return (index, *new_grads, *new_sums)

    # each gradient has its loop variable's shape, which the loop's invariant bounds
    invariants = [count.shape, *(context.merges[k].shape for k in carried),
                  *(s.shape for s in sums)]
    result = while_loop(lambda i, *state: i > 0, body, [count, *start, *sums],
                        shape_invariants=invariants, back_prop=False,
                        name=f"{root}{unit.name}/")
    joined: dict[Tensor, Tensor] = {}

    def concatenated(t: Tensor) -> Tensor:
        """The values `t` of the backward body took in every iteration, as one matrix."""
        if t not in joined:
            joined[t] = _history_concat(loops[0].history(t))
        return joined[t]
    result = list(result)
    out: list = [None] * len(unit._inputs)
    for k, g in zip(carried, result[1:1 + len(carried)]):
        out[k] = g
    for pos, (j, g) in enumerate(zip(captured, result[1 + len(carried):])):
        d = sparse.get(pos)
        if d is not None:  # the rows of every iteration, as one IndexedSlices (TF's b_acc)
            outer = context.capture_enters[j].op.inputs[0]
            rows = d.values.shape
            if outer.shape.ndims is not None:  # a row of the values is a row of `outer`
                rows = rows.merge_with(TensorShape([None]).concatenate(outer.shape[1:]))
            g = IndexedSlices(_history_concat(loops[0].history(d.values), rows),
                              _history_concat(loops[0].history(d.indices)),
                              array_ops.shape(outer))
        product = products.get(pos)
        if product is not None:  # sum over t of a_t^T b_t = [a_1; ...; a_T]^T [b_1; ...; b_T]
            a, b = (concatenated(t) for t in product.inputs)
            g = g + math_ops.matmul(a, b, transpose_a=True)
        bias = bias_sums.get(pos)
        if bias is not None:  # sum over t of the column sums of d_t: those of [d_1; ...; d_T]
            g = g + nn_ops.bias_add_grad(concatenated(bias.inputs[0]))
        out[n + j] = g
    return out


def _take_shape(grad: Tensor, shape: TensorShape) -> None:
    """Gives a loop variable's gradient the variable's static shape, which the ops that made
    it may have lost (a batch size): the backward loop's shapes then hold in every iteration."""
    if grad.shape.is_compatible_with(shape):
        grad.set_shape(shape)


def _is_bias_sum(d: Any) -> bool:
    """`d` is a captured vector's whole gradient in one iteration, the column sums of a matrix
    (BiasAdd's gradient in a cell): the loop keeps the matrix instead of summing."""
    return isinstance(d, Tensor) and d.op.type == "BiasAddGrad" and \
        d.op.get_attr("data_format") != "NCHW" and d.op.inputs[0].shape.ndims == 2 and \
        d.op.inputs[0].shape[1:].is_fully_defined()


def _is_weight_product(d: Any) -> bool:
    """`d` is a captured matrix's whole gradient in one iteration, MatMul's `a^T b` (a dense
    layer's or an RNN cell's kernel): the loop keeps `a` and `b` instead of summing it."""
    return isinstance(d, Tensor) and d.op.type == "MatMul" and \
        d.op.get_attr("transpose_a") and not d.op.get_attr("transpose_b") and \
        all(t.shape.ndims == 2 and t.shape[1:].is_fully_defined() for t in d.op.inputs)


def _history_concat(history: Tensor, shape: TensorShape | None = None) -> Tensor:
    """The values a loop kept (each of `shape`, known or not), concatenated along their
    first axis."""
    element = history.op.inputs[0]
    return get_default_graph().create_op(
        "HistoryConcat", [history],
        {"dtype": element.dtype.base_dtype, "element_shape": shape or element.shape},
        name="HistoryConcat").outputs[0]


def _shape_at_most(shape: TensorShape, bound: TensorShape) -> bool:
    """`shape` is at least as specific as `bound` (TF1's _ShapeLessThanOrEqual)."""
    if bound.dims is None:
        return True
    if shape.ndims != bound.ndims:
        return False
    return all(b.value is None or a.value == b.value for a, b in zip(shape.dims, bound.dims))


def _is_tensor_array(x: Any) -> bool:
    from . import tensor_array  # noqa: PLC0415 - tensor_array builds on this module
    return isinstance(x, tensor_array.TensorArray)


def _flow_of(x: Any) -> Any:
    return x.flow if _is_tensor_array(x) else x


def _with_tensor_arrays(templates: list, tensors: list) -> list:
    """`tensors`, with each one standing for a TensorArray's flow wrapped back into one."""
    from . import tensor_array  # noqa: PLC0415
    return [tensor_array.build_ta_with_new_flow(tmpl, t) if _is_tensor_array(tmpl) else t
            for tmpl, t in zip(templates, tensors)]


def _create(op_type: str, inputs: list, attrs: dict, name: str) -> Operation:
    return get_default_graph().create_op(op_type, inputs, attrs, name=name)


def _seal(g: Any, first_op: int, context: _Context, fetchable: tuple = ()) -> None:
    """Ops built inside a loop or branch can be neither fetched nor fed from outside (TF1)."""
    for op in g._ops[first_op:]:
        if context._contains_op(op):
            if op not in fetchable:
                g.prevent_fetching(op)
            for t in op._outputs:
                g.prevent_feeding(t)


def while_loop(cond: Any, body: Any, loop_vars: Any, shape_invariants: Any = None,
               parallel_iterations: int = 10, back_prop: bool = True, swap_memory: bool = False,
               name: str | None = None, maximum_iterations: Any = None,
               return_same_structure: bool = False) -> Any:
    """`tf.while_loop`: repeats `body` while `cond` holds, over any nest of loop variables."""
    from . import math as math_ops  # noqa: PLC0415 - math builds on this module's group()
    with name_scope(name, "while", loop_vars) as scope:
        if not loop_vars:
            raise ValueError("No loop variables provided")
        if not callable(cond):
            raise TypeError("cond must be callable.")
        if not callable(body):
            raise TypeError("body must be callable.")
        if parallel_iterations < 1:
            raise TypeError("parallel_iterations must be a positive integer.")
        try_to_pack = len(loop_vars) == 1 and not return_same_structure
        if maximum_iterations is not None:
            maximum_iterations = convert_to_tensor(maximum_iterations, name="maximum_iterations")
            if maximum_iterations.shape.ndims != 0:
                raise ValueError(f"maximum_iterations must be a scalar, saw shape: "
                                 f"{maximum_iterations.shape}")
            counter = constant(0, dtype=maximum_iterations.dtype, name="iteration_counter")
            user_cond, user_body, limit = cond, body, maximum_iterations
            if try_to_pack:
                loop_vars = (counter, loop_vars[0])
                cond = lambda i, lv: math_ops.logical_and(i < limit, user_cond(lv))  # noqa: E731
                body = lambda i, lv: (i + 1, user_body(lv))  # noqa: E731
            else:
                loop_vars = (counter, loop_vars)
                cond = lambda i, lv: math_ops.logical_and(i < limit, user_cond(*lv))  # noqa: E731
                body = lambda i, lv: (i + 1, user_body(*lv))  # noqa: E731
            try_to_pack = False
        if shape_invariants is not None:
            if maximum_iterations is not None:
                shape_invariants = (TensorShape([]), shape_invariants)
            nest.assert_same_structure(loop_vars, shape_invariants, check_types=False)
        g = get_default_graph()
        outer = g._control_flow_context
        unit = _Construct(g, outer, "While", scope[:-1])
        context = WhileContext(unit, outer, g.unique_name("while_context"), parallel_iterations,
                               back_prop, swap_memory, maximum_iterations)
        if outer is None:
            g.add_to_collection(GraphKeys.WHILE_CONTEXT, context)
        result = _build_loop(g, context, cond, body, loop_vars, shape_invariants)
        if not return_same_structure and len(context.exits) == 1:
            result = result[0]
        if maximum_iterations is not None:
            return result[1]
        return result


def _build_loop(g: Any, context: WhileContext, cond: Any, body: Any, loop_vars: Any,
                shape_invariants: Any) -> Any:
    unit = context.unit
    flat_vars = nest.flatten(loop_vars)
    inputs = [t if isinstance(t, Tensor) else convert_to_tensor(t)
              for t in map(_flow_of, flat_vars)]
    outer = context.outer_context
    if outer is not None:  # initial values from outside an enclosing loop or branch
        inputs = [t if outer._contains(t) else outer._capture_value(t, None) for t in inputs]
    invariants = [None] * len(inputs) if shape_invariants is None else \
        [None if _is_tensor_array(v) else (s if isinstance(s, TensorShape) else TensorShape(s))
         for v, s in zip(flat_vars, nest.flatten(shape_invariants))]
    first_op = len(g._ops)
    outer = g._control_flow_context
    g._control_flow_context = context
    try:
        for x, invariant in zip(inputs, invariants):
            enter = _placed(context, "Enter", [x],
                            {"T": x.dtype.base_dtype, "frame_name": context.name,
                             "is_constant": False,
                             "parallel_iterations": context.parallel_iterations},
                            "Enter").outputs[0]
            if invariant is not None:
                if not _shape_at_most(x.shape, invariant):
                    raise ValueError(f"The shape invariant specified for {x.name} is not "
                                     f"compatible with the initial shape of the loop variable. "
                                     f"It enters the loop with shape {x.shape}, but the "
                                     f"specified shape invariant is {invariant}.")
                enter._shape = invariant
            context.loop_enters.append(enter)
        unit._inputs = list(inputs)
        context.merges = [_create("Merge", [e, e], {"T": e.dtype.base_dtype, "N": 2},
                                  "Merge").outputs[0] for e in context.loop_enters]
        for m, e in zip(context.merges, context.loop_enters):
            m._shape = e.shape
        packed = nest.pack_sequence_as(loop_vars, _with_tensor_arrays(flat_vars, context.merges))
        pred = convert_to_tensor(cond(*packed))
        if pred.dtype.base_dtype != _dtypes.bool:
            raise TypeError(f"Input 'input' of 'LoopCond' Op has type {pred.dtype.name} that "
                            f"does not match expected type of bool.")
        pivot = _create("LoopCond", [pred], {}, "LoopCond").outputs[0]
        context.pred = pivot.op.inputs[0]
        switches = [_create("Switch", [m, pivot], {"T": m.dtype.base_dtype}, "Switch")
                    for m in context.merges]
        context.identities = [_create("Identity", [sw.outputs[1]],
                                      {"T": sw.outputs[1].dtype.base_dtype},
                                      "Identity").outputs[0] for sw in switches]
        packed_body = nest.pack_sequence_as(loop_vars,
                                            _with_tensor_arrays(flat_vars, context.identities))
        result = body(*packed_body)
        if not nest.is_sequence(result):
            result = [result]
        nest.assert_same_structure(list(packed_body), list(result))
        flat_result = nest.flatten(result)
        outs = [convert_to_tensor(_flow_of(v)) for v in flat_result]
        if len(outs) != len(context.merges):
            raise ValueError(f"Number of inputs and outputs of body must match loop_vars: "
                             f"{len(context.merges)}, {len(outs)}")
        for m, v in zip(context.merges, outs):
            nxt = _create("NextIteration", [v], {"T": v.dtype.base_dtype}, "NextIteration")
            context.nexts.append(nxt.inputs[0])
            context.next_names.append(nxt.name)
            if not _shape_at_most(v.shape, m.shape):
                entered = m.op.inputs[0].op.inputs[0]
                raise ValueError(f"Input tensor '{entered.name}' enters the loop with shape "
                                 f"{entered.shape}, but has shape {v.shape} after one "
                                 f"iteration. To allow the shape to vary across iterations, "
                                 f"use the `shape_invariants` argument of tf.while_loop to "
                                 f"specify a less-specific shape.")
        context.exits = [_create("Exit", [sw.outputs[0]], {"T": sw.outputs[0].dtype.base_dtype},
                                 "Exit").outputs[0] for sw in switches]
    finally:
        g._control_flow_context = outer
    unit._finish(context.exits)
    unit._context = context
    unit._opdef.kernel = _while_kernel(unit, context)
    unit._opdef.grad = _while_grad
    _seal(g, first_op, context, fetchable={t.op for t in context.exits})
    exits = _with_tensor_arrays(flat_result, context.exits)
    return nest.pack_sequence_as(result, exits)


# ---- cond

class _CondConstructContext(_Context):
    """The ops of a cond outside its branches (the pred Switch, pivots, Merges): outside values
    they read become inputs of the cond as a whole."""

    def as_tf_sees_it(self) -> Any:
        """TF1 builds a cond's Merges after leaving its branches: they are at the level the
        cond is (so `tf.Variable(v.initialized_value())` is not 'inside a conditional')."""
        return self.outer_context

    def _capture_value(self, t: Tensor, prefix: str | None) -> Tensor:
        t = self._outer_value(t, prefix)
        self.unit._add_input(t)
        return t


class CondContext(_Context):
    """One branch of a cond: outside values enter through a Switch on the predicate, of which
    the branch takes its side (`cond/add/Switch:1` for the true branch)."""

    _captures_refs = True

    def __init__(self, unit: _Construct, outer_context: _Context, pred: Tensor, pivot: Tensor,
                 branch: int):
        super().__init__(unit, outer_context)
        self.pred = pred
        self.pivot = pivot
        self.branch = branch
        self._inside = {pred, pivot}
        self.capture_outer: list[Tensor] = []
        self.capture_switches: list[Tensor] = []
        self.values: dict[Tensor, Tensor] = {}  # branch tensor -> its BranchValue output
        # A backward branch reads the values of its forward branch.
        self.forward: CondContext | None = None

    def branch_value(self, t: Tensor) -> Tensor:
        """`t`, a tensor of this branch, as an output of the cond (set when the branch ran)."""
        v = self.values.get(t)
        if v is None:
            v = self.values[t] = _placed(self.outer_context, "BranchValue", [t],
                                         {"T": t.dtype.base_dtype}, "value",
                                         t.op.name).outputs[0]
            self.unit._outputs.append(v)
        return v

    def _forward_value(self, t: Tensor, prefix: str | None) -> Tensor:
        forward = self.forward
        if t in forward.capture_switches:
            t = forward.capture_outer[forward.capture_switches.index(t)]
        elif t is forward.pred or t is forward.pivot:
            t = forward.unit._inputs[0]
        else:
            t = forward.branch_value(t)
        return self._capture_value(t, prefix)

    def _capture_value(self, t: Tensor, prefix: str | None) -> Tensor:
        side = self._captured.get(t)
        if side is None and self.forward is not None and self.forward._contains(t):
            side = self._captured[t] = self._forward_value(t, prefix)
        if side is None:
            outer = self._outer_value(t, prefix)
            kind = "RefSwitch" if outer.dtype._is_ref_dtype else "Switch"
            op = _placed(self, kind, [outer, self.pred], {"T": outer.dtype.base_dtype},
                         "Switch", prefix)
            side = self._captured[t] = op.outputs[self.branch]
            self.unit._add_input(outer)
            self.capture_outer.append(outer)
            self.capture_switches.append(side)
        return side

    def _branch_output(self, v: Any) -> Tensor:
        """A value the branch returns, as a tensor of the branch (TF1's _BuildCondTensor)."""
        if isinstance(v, Operation):
            return with_dependencies([v], self.pivot)
        v = convert_to_tensor(_flow_of(v))
        return v if self._contains(v) else self._capture_value(v, None)

    def build(self, fn: Any) -> tuple[Any, Any]:
        original = fn()
        if original is None:
            return None, None
        result = nest.map_structure(self._branch_output, original)
        return original, result if isinstance(result, (list, builtins.tuple)) else [result]


def _reads_value(t: Tensor) -> bool:
    """Whether an op reads `t`'s value, not only names the variable behind it (a ref input)."""
    return any(i not in c._opdef.ref_inputs
               for c in t._consumers for i, x in enumerate(c._inputs) if x is t)


def _cond_kernel(unit: _Construct):
    """The cond's kernel factory: both branches compiled once; only the taken one runs (and
    gives the values of its tensors that a gradient asked for)."""
    def factory(ctx: registry.KernelContext):
        n = unit._n_results
        outputs = unit._outputs
        from .state import _uninitialized  # noqa: PLC0415 - state builds on control flow
        refs = unit._opdef.ref_inputs  # variables read here (ctx.refs), not passed in
        variables = ctx.resources.variables
        passed = [i for i in range(len(unit._inputs)) if i not in refs]
        compiled = []
        for context, results in unit._branches:  # false branch first: its index is 0
            mine = [outputs.index(v) for v in context.values.values()]
            plan = ctx.compile(results + [outputs[i].op.inputs[0] for i in mine],
                               [context.pivot, context.pred] + context.capture_switches, (),
                               context)
            wanted = [unit._inputs.index(t) for t in context.capture_outer]
            compiled.append((plan, [passed.index(i) for i in wanted if i not in refs],
                             [(ctx.refs[refs.index(i)], _reads_value(switch)) if i in refs
                              else None for i, switch in zip(wanted, context.capture_switches)],
                             mine))
        indices = (ctx.xp.asarray(0, dtype=ctx.xp.int32), ctx.xp.asarray(1, dtype=ctx.xp.int32))
        plain = len(outputs) == 2 * n

        def branch_inputs(inputs: tuple, positions: list, names: list) -> list:
            values = iter([inputs[i] for i in positions])
            out = []
            for ref in names:
                if ref is None:
                    out.append(next(values))
                elif not ref[1]:  # only updated (Assign's ref): nothing to read
                    out.append(None)
                elif ref[0] not in variables:
                    raise _uninitialized(ref[0])
                else:
                    out.append(variables[ref[0]])
            return out

        def cond(*inputs):
            pred = inputs[0]
            if pred.ndim:  # TF's Switch takes a scalar predicate only
                raise errors.InvalidArgumentError(
                    None, None, f"The second input must be a scalar, but it has shape "
                                f"{shape_str(pred.shape)}")
            taken = 1 if pred else 0
            plan, positions, names, mine = compiled[taken]
            values = plan(pred, pred, *(branch_inputs(inputs, positions, names) if refs else
                                        [inputs[i] for i in positions]))
            if plain:
                return (*values, *(indices[taken],) * n)
            result = [*values[:n], *(indices[taken],) * n] + [None] * (len(outputs) - 2 * n)
            for i, v in zip(mine, values[n:]):
                result[i] = v
            return builtins.tuple(result)
        return cond
    return factory


def _cond_grad(unit: _Construct, *grads: Any) -> list:
    """A backward cond on the same predicate: each branch builds the gradient of its forward
    branch, reading the forward branch's values; inputs a branch does not use get zeros."""
    from ..autodiff import gradients as autodiff  # noqa: PLC0415 - autodiff builds on ops
    from . import array as array_ops  # noqa: PLC0415
    inputs = unit._inputs
    wanted = [i for i in range(1, len(inputs)) if _is_trainable(inputs[i])]
    if not wanted:
        return [None] * len(inputs)
    result_grads = grads[:unit._n_results]

    def branch(forward: CondContext, results: list):
        def build():
            get_default_graph()._control_flow_context.forward = forward
            ys, grad_ys = [], []
            for r, g in zip(results, result_grads):
                if g is not None and _is_trainable(r):
                    ys.append(r)
                    grad_ys.append(g)
            xs = [forward.capture_switches[forward.capture_outer.index(inputs[i])]
                  if inputs[i] in forward.capture_outer else None for i in wanted]
            present = [x for x in xs if x is not None]
            with name_scope(root):
                got = iter(autodiff.walk(ys, present, grad_ys, level=forward) if ys and present
                           else [None] * len(present))
            out = []
            for i, x in zip(wanted, xs):
                d = next(got) if x is not None else None
                out.append(array_ops.zeros_like(inputs[i]) if d is None else _dense(d))
            return out
        return build

    (ctx_f, flat_f), (ctx_t, flat_t) = unit._branches
    root = _gradient_root(unit)
    got = cond(inputs[0], branch(ctx_t, flat_t), branch(ctx_f, flat_f), strict=True,
               name=f"{root}{unit.name}/")
    out: list = [None] * len(inputs)
    for i, g in zip(wanted, got):
        out[i] = g
    return out


def _unpack_if_singleton(x: Any) -> Any:
    return x[0] if isinstance(x, (list, builtins.tuple)) and len(x) == 1 else x


def cond(pred: Any, true_fn: Any = None, false_fn: Any = None, strict: bool = False,
         name: str | None = None, fn1: Any = None, fn2: Any = None) -> Any:
    """`tf.cond`: `true_fn()` if `pred` else `false_fn()`; both are built, one runs."""
    if fn1 is not None:
        if true_fn is not None:
            raise TypeError("cond(): true_fn and fn1 may not be set simultaneously.")
        true_fn = fn1
    if fn2 is not None:
        if false_fn is not None:
            raise TypeError("cond(): false_fn and fn2 may not be set simultaneously.")
        false_fn = fn2
    if true_fn is None:
        raise TypeError("true_fn must not be None.")
    if false_fn is None:
        raise TypeError("false_fn must not be None.")
    if not callable(true_fn):
        raise TypeError("true_fn must be callable.")
    if not callable(false_fn):
        raise TypeError("false_fn must be callable.")
    with name_scope(name, "cond", [pred]) as scope:
        if isinstance(pred, bool):
            raise TypeError("pred must not be a Python bool")
        g = get_default_graph()
        outer = g._control_flow_context
        unit = _Construct(g, outer, "Cond", scope[:-1])
        construct = _CondConstructContext(unit, outer)
        first_op = len(g._ops)
        g._control_flow_context = construct
        try:
            pred = convert_to_tensor(pred)
            if pred.dtype.base_dtype != _dtypes.bool:
                raise TypeError(f"Input 'pred' of 'Switch' Op has type {pred.dtype.name} that "
                                f"does not match expected type of bool.")
            switch = _create("Switch", [pred, pred], {"T": _dtypes.bool}, "Switch")
            p_false, p_true = switch.outputs
            from .array import identity  # noqa: PLC0415 - array builds on nothing here
            pivot_t = identity(p_true, name="switch_t")
            pivot_f = identity(p_false, name="switch_f")
            pred_id = identity(pred, name="pred_id")
            branch_results = []
            for fn, pivot, side, label in ((true_fn, pivot_t, 1, "true_fn"),
                                           (false_fn, pivot_f, 0, "false_fn")):
                context = CondContext(unit, construct, pred_id, pivot, side)
                g._control_flow_context = context
                original, results = context.build(fn)
                g._control_flow_context = construct
                if original is None:
                    raise ValueError(f"{label} must have a return value.")
                branch_results.append((context, original, results))
            (ctx_t, orig_t, res_t), (ctx_f, orig_f, res_f) = branch_results
            if not strict:
                orig_t, orig_f = _unpack_if_singleton(orig_t), _unpack_if_singleton(orig_f)
            try:
                nest.assert_same_structure(orig_t, orig_f)
            except TypeError as e:
                raise TypeError(f"Incompatible return types of true_fn and false_fn: {e}") \
                    from None
            except ValueError as e:
                raise ValueError(f"Incompatible return values of true_fn and false_fn: {e}") \
                    from None
            if not res_t:
                raise ValueError("true_fn and false_fn must return at least one result.")
            flat_t, flat_f = nest.flatten(res_t), nest.flatten(res_f)
            for x, y in zip(flat_t, flat_f):
                if x.dtype.base_dtype != y.dtype.base_dtype:
                    raise ValueError(f"Outputs of true_fn and false_fn must have the same type: "
                                     f"{x.dtype.name}, {y.dtype.name}")
            merges = [_create("Merge", [f, t], {"T": t.dtype.base_dtype, "N": 2}, "Merge")
                      for f, t in zip(flat_f, flat_t)]
        finally:
            g._control_flow_context = outer
        outputs = [m.outputs[0] for m in merges]
        unit._finish(outputs + [m.outputs[1] for m in merges])
        unit._branches = [(ctx_f, flat_f), (ctx_t, flat_t)]
        unit._n_results = len(merges)
        unit._opdef.kernel = _cond_kernel(unit)
        unit._opdef.grad = _cond_grad
        _seal(g, first_op, construct, fetchable=set(merges))
        if outer is None:
            g.add_to_collection(GraphKeys.COND_CONTEXT, ctx_t)
            g.add_to_collection(GraphKeys.COND_CONTEXT, ctx_f)
        result = nest.pack_sequence_as(orig_t if strict else res_t,
                                       _with_tensor_arrays(nest.flatten(orig_t), outputs))
        return _unpack_if_singleton(result) if not strict else result


def case(pred_fn_pairs: Any, default: Any = None, exclusive: bool = False, strict: bool = False,
         name: str = "case") -> Any:
    """`tf.case`: the function of the first true predicate (nested conds, as TF1 builds them);
    `default` when none holds; with `exclusive`, an Assert that at most one holds."""
    from . import array as array_ops, math as math_ops  # noqa: PLC0415
    from .logging_ops import Assert  # noqa: PLC0415
    if not isinstance(pred_fn_pairs, (list, builtins.tuple, dict)):
        raise TypeError("fns must be a list, tuple, or dict")
    pairs = list(pred_fn_pairs.items()) if isinstance(pred_fn_pairs, dict) else \
        list(pred_fn_pairs)
    for pair in pairs:
        if not isinstance(pair, builtins.tuple) or len(pair) != 2:
            raise TypeError("Each entry in pred_fn_pairs must be a 2-tuple")
        pred, fn = pair
        if not isinstance(pred, Tensor) or pred.dtype.base_dtype != _dtypes.bool:
            raise TypeError(f"pred must be Tensor of type bool: {getattr(pred, 'name', pred)}")
        if not callable(fn):
            raise TypeError(f"fn for pred {pred.name} must be callable.")
    predicates = [p for p, _ in pairs]
    actions = [f for _, f in pairs]

    def at_most(preds: list, n: int, message: str) -> Operation:
        stacked = array_ops.stack(preds, name="preds_c")
        count = math_ops.reduce_sum(array_ops.cast(stacked, _dtypes.int32), name="num_true_conds")
        limit = constant(n, name="n_true_conds")
        names = ", ".join(getattr(p, "name", "?") for p in preds)
        return Assert(math_ops.less_equal(count, limit),
                      [f"{message}: more than {n} conditions ({names}) evaluated as True:",
                       stacked], summarize=len(preds))

    with name_scope(name, "case", [predicates]):
        if default is None:
            if not pairs:
                raise ValueError("No pred_fn_pairs and no default provided")
            all_preds = list(predicates)
            last_pred, last_fn = predicates.pop(), actions.pop()
            others = list(predicates)

            def default():  # noqa: F811 - TF1's: the last action, once no other holds and it does
                none_true = ["Input error: None of conditions evaluated as True:",
                             array_ops.stack(all_preds, name="preds_c")]
                checks = [at_most(others, 0, f"Implementation error: selected default action "
                                             f"#{len(others)} was called, but some of other "
                                             f"predicates are True: ")] if others else []
                checks.append(Assert(last_pred, none_true))
                with get_default_graph().control_dependencies(checks):
                    return last_fn()
        fn = default
        for predicate, action in reversed(list(zip(predicates, actions))):
            fn = (lambda p, a, f: lambda: cond(p, a, f, strict=strict))(predicate, action, fn)
        if exclusive and predicates:
            with get_default_graph().control_dependencies(
                    [at_most(predicates, 1, "Input error: exclusive=True")]):
                return fn()
        return fn()


def _imported_structure(nodes: dict) -> Any:
    """The loops and conds of an imported GraphDef (control_flow_import.py, loaded on first
    use)."""
    from . import control_flow_import  # noqa: PLC0415 - builds on this module
    return control_flow_import.analyze(nodes)


registry.set_import_structure_builder(_imported_structure)
