"""Fusion of known op patterns inside a plan: fewer kernel calls, the same graph.

The graph users see (`get_operations()`, names, exports, gradients) keeps TF1's ops; only the
compiled plan replaces a matched group of them by one kernel that computes the same values, each
bit for bit as the plain kernels do. A group is fused only when every op outside it that
consumes one of its values runs after it, so the plan's order stays valid.

Two patterns are known:

- The LSTM step's state update of `BasicLSTMCell` (TF 1.15's `tf.multiply`/`tf.add` and the
  seed's `*`/`+` alike): the gates `[i, j, f, o]` split from one `[batch, 4 * units]` tensor,
  `new_c = c * sigmoid(f + forget_bias) + sigmoid(i) * tanh(j)`, `new_h = tanh(new_c) *
  sigmoid(o)`. Its fused kernel takes the sigmoids of the i, f and o columns in one pass (five
  ufunc calls in place of twelve), bit for bit as the plain kernels.
- A loop body's input projection, `bias_add(matmul(concat([ta.read(t), h], 1), W), b)` with the
  TensorArray, `W` and `b` entering the loop from outside (the cells of `dynamic_rnn`: both of
  a GRU's, LSTMCell's, BasicLSTMCell's, BasicRNNCell's). The inputs' share of the product is
  computed once for all steps, `X @ W[:depth] + b` as one GEMM, and each step adds
  `h @ W[depth:]` to its rows (what fused RNN kernels do); a training run still gets the
  concatenation it keeps for the kernel's gradient. The sums are grouped differently, so the
  values agree with the plain plan's to float rounding, not bit for bit. The loop drops the
  projection when it ends.
"""
from __future__ import annotations

from typing import Callable

from ..framework.convert import constant_value
from ..framework.graph import Operation, Tensor
from ..framework.registry import KernelContext, OpDef

_ADD = ("Add", "AddV2")
_ENTERS = ("Enter",)


class FusedOp:
    """A group of ops run as one kernel; errors are reported as raised by `_anchor`."""

    def __init__(self, ops: list[Operation], inputs: list[Tensor], outputs: list[Tensor],
                 kernel: Callable, anchor: Operation, pattern: dict):
        self.ops = ops
        self.pattern = pattern  # {"name": "lstm" | "projection", ...}: what loop fusion reads
        self._inputs = inputs
        self._outputs = outputs
        self._type = "Fused" + "".join(sorted({op._type for op in ops}))
        self._opdef = OpDef(self._type, None, kernel)
        self._anchor = anchor
        self._attrs = anchor._attrs
        self._name = anchor._name
        self._control_inputs: list = []
        self._defined_at = anchor._defined_at

    @property
    def name(self) -> str:
        return self._name


def _consumer(t: Tensor, *types: str) -> Operation | None:
    """The single op of one of `types` consuming `t`."""
    found = [op for op in t._consumers if op._type in types]
    return found[0] if len(found) == 1 else None


def _other(op: Operation, t: Tensor) -> Tensor | None:
    """The input of binary `op` that is not `t` (None when `t` is not one of them)."""
    a, b = op._inputs
    return b if a is t else a if b is t else None


def _lstm_group(split: Operation) -> tuple | None:
    """The ops of an LSTM state update starting at `split`, its inputs and the forget bias, or
    None when the pattern does not hold exactly."""
    if split._attrs.get("num_split") != 4 or split._control_inputs:
        return None
    axis, gates = split._inputs
    if gates.shape.ndims != 2 or gates.dtype.base_dtype.name not in ("float32", "float64"):
        return None
    axis_value = constant_value(axis)
    if axis_value is None or int(axis_value) not in (1, -1):
        return None
    i, j, f, o = split._outputs
    add_f = _consumer(f, *_ADD)
    if add_f is None:
        return None
    bias = constant_value(_other(add_f, f))
    if bias is None or bias.shape != ():
        return None
    sig_f = _consumer(add_f._outputs[0], "Sigmoid")
    sig_i, tanh_j = _consumer(i, "Sigmoid"), _consumer(j, "Tanh")
    sig_o = _consumer(o, "Sigmoid")
    if None in (sig_f, sig_i, tanh_j, sig_o):
        return None
    mul_c = _consumer(sig_f._outputs[0], "Mul")
    mul_in = _consumer(sig_i._outputs[0], "Mul")
    if mul_c is None or mul_in is None or \
            _other(mul_in, sig_i._outputs[0]) is not tanh_j._outputs[0]:
        return None
    c = _other(mul_c, sig_f._outputs[0])
    add_c = _consumer(mul_c._outputs[0], *_ADD)
    if c is None or add_c is None or _other(add_c, mul_c._outputs[0]) is not mul_in._outputs[0]:
        return None
    tanh_c = _consumer(add_c._outputs[0], "Tanh")
    mul_h = _consumer(sig_o._outputs[0], "Mul")
    if tanh_c is None or mul_h is None or \
            _other(mul_h, sig_o._outputs[0]) is not tanh_c._outputs[0]:
        return None
    if c.shape.ndims != 2 or c.dtype.base_dtype != gates.dtype.base_dtype:
        return None
    ops = [split, add_f, sig_f, mul_c, sig_i, tanh_j, mul_in, add_c, tanh_c, sig_o, mul_h]
    if any(op._control_inputs for op in ops):
        return None
    return ops, gates, c, float(bias)


def _lstm_kernel(forget_bias: float, ops: list[Operation]):
    """A factory of the fused kernel; its outputs are those of `ops` in order (split's four,
    then one per op), each computed only when the plan uses it."""
    def factory(ctx: KernelContext):
        xp = ctx.xp
        wanted = ctx.wanted
        w = dict(zip(("i", "j", "f", "o", "fa", "sf", "m1", "si", "tj", "m2", "c", "tc", "so",
                      "h"), wanted))

        def lstm_update(gates, c):
            units = gates.shape[1] // 4
            i, j = gates[:, :units], gates[:, units:2 * units]
            f, o = gates[:, 2 * units:3 * units], gates[:, 3 * units:]
            # the sigmoids of i, f and o side by side in one block (j needs none)
            s = xp.empty((gates.shape[0], 3 * units), gates.dtype)
            # `* -1` (exact), not `negative`: numpy 2.4's float32 negative into a strided
            # `out` reads a strided input as contiguous (one unit: single-column views)
            minus_one = xp.asarray(-1, gates.dtype)
            xp.multiply(i, minus_one, out=s[:, :units])
            xp.multiply(gates[:, 2 * units:], minus_one, out=s[:, units:])
            neg_f = s[:, units:2 * units]
            xp.subtract(neg_f, forget_bias, out=neg_f)  # -(f + b): sigmoid's own first step
            fa = -neg_f if w["fa"] else None
            xp.exp(s, out=s)
            xp.add(s, 1, out=s)
            xp.divide(1, s, out=s)
            si, sf, so = s[:, :units], s[:, units:2 * units], s[:, 2 * units:]
            tj = xp.tanh(j)
            m1 = xp.multiply(c, sf)
            m2 = xp.multiply(si, tj)
            new_c = xp.add(m1, m2, out=None if w["m1"] else m1)
            tc = xp.tanh(new_c)
            new_h = xp.multiply(tc, so)
            return i, j, f, o, fa, sf, m1, si, tj, m2, new_c, tc, so, new_h
        return lstm_update
    return factory


def _chain(ops: list[Operation], inputs: list[Tensor], ctx: KernelContext) -> Callable:
    """The group's ops run one after the other with their own kernels, each error named after
    its op: what a fused kernel falls back to when its fast form does not apply."""
    from .plan import as_op_error  # noqa: PLC0415 - plan.py imports this module
    steps = [(op, op._opdef.kernel(KernelContext(ctx.xp, op._attrs, op._name, op._type,
                                                 ctx.resources, ctx.compile)))
             for op in ops]
    outputs = [t for op in ops for t in op._outputs]

    def run(*values):
        env = dict(zip(inputs, values))
        for op, kernel in steps:
            args = [env[t] for t in op._inputs]
            try:
                result = kernel(*args)
            except Exception as e:  # noqa: BLE001 - named after the op that failed, as TF does
                raise as_op_error(e, op, args) from e
            if len(op._outputs) == 1:
                env[op._outputs[0]] = result
            else:
                env.update(zip(op._outputs, result))
        return tuple(env[t] for t in outputs)
    return run


def _lstm_fusion(split: Operation) -> tuple | None:
    found = _lstm_group(split)
    if found is None:
        return None
    group, gates, c, bias = found
    outputs = list(group[0]._outputs) + [g._outputs[0] for g in group[1:]]
    return group, [gates, c], outputs, _lstm_kernel(bias, group), \
        {"name": "lstm", "forget_bias": bias}


def _projection_group(concat: Operation) -> tuple | None:
    """The ops `ConcatV2 -> MatMul -> BiasAdd` of a loop body's input projection, whose concat
    starts with a read of a TensorArray from outside the loop, and the fused op's inputs (the
    read's handle and index last); None when the pattern does not hold exactly."""
    if len(concat._inputs) != 3:
        return None
    x, h, axis = concat._inputs
    read = x.op
    if read._type != "TensorArrayReadV3" or read._inputs[0].op._type not in _ENTERS or \
            read._inputs[2].op._type not in _ENTERS:
        return None
    axis_value = constant_value(axis)
    if axis_value is None or int(axis_value) not in (1, -1) or x.shape.ndims != 2:
        return None
    mm = _consumer(concat._outputs[0], "MatMul")
    if mm is None or mm._inputs[0] is not concat._outputs[0] or \
            mm._attrs.get("transpose_a") or mm._attrs.get("transpose_b"):
        return None
    w = mm._inputs[1]
    ba = _consumer(mm._outputs[0], "BiasAdd")
    if w.op._type not in _ENTERS or ba is None or ba._inputs[0] is not mm._outputs[0] or \
            ba._attrs.get("data_format") == "NCHW" or ba._inputs[1].op._type not in _ENTERS:
        return None
    ops = [concat, mm, ba]
    if any(op._control_inputs for op in ops):
        return None
    inputs = [x, h, axis, w, ba._inputs[1], *read._inputs[:2]]
    return ops, inputs, [op._outputs[0] for op in ops], _projection_kernel(ops, inputs), \
        {"name": "projection"}


def _projection_kernel(ops: list[Operation], inputs: list[Tensor]):
    """A factory of the fused projection: the hoisted form when the product itself is not
    wanted and the array is complete, else the three plain kernels one after the other."""
    def factory(ctx: KernelContext):
        xp = ctx.xp
        plain = _chain(ops, inputs, ctx)
        concat_op = ops[0]
        concat = concat_op._opdef.kernel(KernelContext(xp, concat_op._attrs, concat_op._name,
                                                       concat_op._type))
        wants_xh, wants_product, wants_sum = ctx.wanted
        if wants_product or not wants_sum:
            return plain

        def hoisted(x, h, axis, w, b, handle, index):
            found = _projected(handle, w, b, h, xp)
            i = int(index)
            if found is None or not 0 <= i < found[0].shape[0]:
                return plain(x, h, axis, w, b, handle, index)
            xh = concat(x, h, axis) if wants_xh else None  # kept for the kernel's gradient
            projection, w_state = found
            gates = xp.matmul(h, w_state)
            gates += projection[i]
            return xh, None, gates
        return hoisted
    return factory


def _projected(store, w, b, h, xp) -> tuple | None:
    """`(X @ W[:depth] + b as [steps, batch, units], W[depth:])` for the elements of a complete
    TensorArray `store`, computed once per (W, b) and kept with it (the store lives for one run
    and its written elements never change; a GRU reads one array into two projections); None
    when the shapes do not fit."""
    complete = getattr(store, "complete", None)  # what a TensorArray handle's value has
    elements = None if complete is None else complete()
    if elements is None:
        return None
    kept = store.derived.get((id(w), id(b)))
    if kept is not None and kept[0] is w and kept[1] is b:
        return kept[2]
    if elements.ndim != 3 or getattr(w, "ndim", 0) != 2 or \
            getattr(b, "ndim", 0) != 1 or getattr(h, "ndim", 0) != 2:
        return None
    steps, batch, depth = elements.shape
    if w.shape[0] != depth + h.shape[1] or b.shape[0] != w.shape[1] or h.shape[0] != batch or \
            not (elements.dtype == w.dtype == b.dtype == h.dtype):
        return None
    projection = xp.matmul(elements.reshape(steps * batch, depth), w[:depth])
    projection += b
    found = projection.reshape(steps, batch, w.shape[1]), w[depth:]
    store.derived[(id(w), id(b))] = (w, b, found)
    return found


_PATTERNS = {"Split": _lstm_fusion, "ConcatV2": _projection_group}
ENABLED = True  # tests switch it off to compare the fused plans with the plain ones


def fuse(ops: list[Operation]) -> list:
    """`ops` (a plan's schedule) with each known pattern replaced by one FusedOp placed where
    its last op was; groups whose values are consumed earlier are left alone."""
    if not ENABLED:
        return ops
    position = {op: k for k, op in enumerate(ops)}
    replaced: dict[Operation, FusedOp | None] = {}
    for op in ops:
        match = _PATTERNS.get(op._type)
        if match is None or op in replaced:
            continue
        found = match(op)
        if found is None:
            continue
        group, inputs, outputs, kernel, pattern = found
        if any(g not in position or g in replaced for g in group):
            continue
        last = max(position[g] for g in group)
        members = set(group)
        if any(position.get(consumer, last + 1) <= last
               for g in group for t in g._outputs for consumer in t._consumers
               if consumer not in members):
            continue
        if any(position.get(consumer, last + 1) <= last
               for consumer in ops for dep in consumer._control_inputs if dep in members):
            continue
        fused = FusedOp(group, inputs, outputs, kernel, op, pattern)
        for g in group:
            replaced[g] = None
        replaced[ops[last]] = fused
    if not replaced:
        return ops
    out = []
    for op in ops:
        if op in replaced:
            if replaced[op] is not None:
                out.append(replaced[op])
        else:
            out.append(op)
    return out
