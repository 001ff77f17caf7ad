"""A whole LSTM loop (`dynamic_rnn` over BasicLSTMCell or LSTMCell) run as one kernel.

A while loop whose body, as its plan compiles it (after `fusion`), is exactly dynamic_rnn's
step -- read `x_t` from an input TensorArray, the fused input projection and LSTM update, write
`h` to an output TensorArray, `time + 1` (and the iteration counter's `+ 1`) -- and whose cond
only compares time and counter with bounds, runs as one Python loop of ten in-place array
calls per step, with no plan call, no TensorArray bookkeeping and no allocation per step:

    z = h @ W_h + P[t]          P = X @ W_x + b, every step's at once (one GEMM); the gates'
                                columns reordered [o, i, f, j], o/i/f's negated (exactly)
    z[:, :3H] = 1 / (1 + exp(z[:, :3H]));   u[:, :H] = tanh(z[:, 3H:])
    [i * tanh(j), f * c] = z[:, H:3H] * u   (u = [tanh(j), c]: the two products in one call)
    c = their sum;  h = tanh(c) * o         (c kept in u, h written into the output array)

The activations are the plain kernels' own formulas, so the values differ from the plain
loop's only by the grouping of the sums (the hoisted projection, the forget bias added to the
bias): they agree to a few ulps, relative, also where the gates saturate.

When a gradient asked the loop to keep values (a training run), the gates, cell states and
`tanh(c)` of every step go to per-step rows of preallocated buffers, which the backward loop
reads as it reads the plain loop's histories.

The graph, names, fetchable tensors and errors stay the plain loop's: a run that the fast form
cannot do exactly as the plain one (an index already written, a short or cleared input array,
mismatched dtypes, a loop that does not start) runs the plain loop instead.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from ..framework.convert import constant_value
from ..framework.graph import Operation, Tensor
from .fusion import FusedOp

# The outputs of fusion's LSTM group that a gradient may ask the loop to keep: position in the
# group's outputs (fusion._lstm_kernel's order) -> role in the fused loop.
_CELL_ROLES = {5: "sf", 7: "si", 8: "tj", 10: "c", 11: "tc", 12: "so", 13: "h"}


@dataclass
class _Spec:
    """Where dynamic_rnn's pieces are: loop variable positions, captured positions."""
    time: int
    counter: int | None
    flow: int
    c: int
    h: int
    bounds: list  # (loop variable position, captured position or None, constant or None)
    xs: int
    w: int
    b: int
    out: int
    forget_bias: float
    read_dtype: Any
    write_dtype: Any
    recorded: list  # the role of each value a gradient asked the loop to keep
    roles: dict  # body tensor -> its role, for the backward loop's match


def _increment_of(op: Operation, loop_var: dict) -> int | None:
    """The loop variable `op` adds one to, if it is `var + 1` (or `1 + var`)."""
    if op._type not in ("Add", "AddV2"):
        return None
    a, b = op._inputs
    for var, one in ((a, b), (b, a)):
        if var in loop_var and one.op._type == "Const":
            value = constant_value(one)
            if value is not None and value.shape == () and value == 1:
                return loop_var[var]
    return None


def _bounds(cond: Any, context: Any, time: int, counter: int | None) -> list | None:
    """`[(loop variable, captured position, constant)]` for a cond that is `time < T` (and
    `counter < N`, joined by LogicalAnd); None for any other cond."""
    merge = {t: k for k, t in enumerate(context.merges)}
    captured = {t: j for j, t in enumerate(context.capture_enters)}
    ops = [op for op in cond.ops if op._type != "Const"]
    less = [op for op in ops if op._type == "Less"]
    if len(ops) != len(less) + (len(less) == 2) or len(less) != 1 + (counter is not None):
        return None
    if len(less) == 2:
        both = [op for op in ops if op._type == "LogicalAnd"]
        if not both or {t.op for t in both[0]._inputs} != set(less) or \
                context.pred is not both[0]._outputs[0]:
            return None
    elif context.pred is not less[0]._outputs[0]:
        return None
    found = []
    for op in less:
        var, bound = op._inputs
        k = merge.get(var)
        j = captured.get(bound)
        value = None if j is not None else constant_value(bound)
        if k is None or (j is None and (value is None or value.shape != ())):
            return None
        found.append((k, j, None if value is None else int(value)))
    if sorted(k for k, _, _ in found) != sorted(k for k in (time, counter) if k is not None):
        return None
    return found


def match(context: Any, cond: Any, body: Any, recorded: list[Tensor]) -> _Spec | None:
    """dynamic_rnn's LSTM loop found in compiled `cond` and `body` plans, or None."""
    if context.next_controls:
        return None
    loop_var = {t: k for k, t in enumerate(context.identities)}
    captured = {t: j for j, t in enumerate(context.capture_enters)}
    kinds: dict[str, list] = {}
    for op in body.ops:
        if op._type != "Const":
            key = op.pattern["name"] if isinstance(op, FusedOp) else op._type
            kinds.setdefault(key, []).append(op)
    adds = kinds.pop("AddV2", []) + kinds.pop("Add", [])
    if sorted(kinds) != ["TensorArrayReadV3", "TensorArrayWriteV3", "lstm", "projection"] or \
            any(len(ops) != 1 for ops in kinds.values()) or len(adds) not in (1, 2):
        return None
    (proj,), (cell,) = kinds["projection"], kinds["lstm"]
    (read,), (write,) = kinds["TensorArrayReadV3"], kinds["TensorArrayWriteV3"]
    x, h, _, w, b, handle, index = proj._inputs
    gates, c = cell._inputs
    new_c, new_h = cell._outputs[10], cell._outputs[13]
    out, out_index, value, flow = write._inputs
    if x is not read._outputs[0] or gates is not proj._outputs[2] or out_index is not index \
            or value is not new_h:
        return None
    positions = [loop_var.get(t) for t in (index, flow, c, h)] + \
        [captured.get(t) for t in (handle, w, b, out)]
    if None in positions:
        return None
    time, flow_at, c_at, h_at, xs_at, w_at, b_at, out_at = positions
    steps = [_increment_of(op, loop_var) for op in adds]
    if time not in steps:
        return None
    counter = next((k for k in steps if k != time), None)
    nexts = context.nexts
    if len(adds) == 2 and counter is None or \
            {time, counter, flow_at, c_at, h_at} - {None} != set(range(len(nexts))) or \
            nexts[c_at] is not new_c or nexts[h_at] is not new_h or \
            nexts[flow_at] is not write._outputs[0] or \
            nexts[time] is not adds[steps.index(time)]._outputs[0] or \
            (counter is not None and nexts[counter] is not adds[steps.index(counter)]._outputs[0]):
        return None
    bounds = _bounds(cond, context, time, counter)
    roles = {context.identities[time]: "time", c: "c_prev", h: "h_prev", flow: "flow",
             write._outputs[0]: "flow", proj._outputs[0]: "xh"}
    roles.update((cell._outputs[k], role) for k, role in _CELL_ROLES.items())
    wanted = [roles.get(t) for t in recorded]
    if bounds is None or None in wanted:
        return None
    return _Spec(time, counter, flow_at, c_at, h_at, bounds, xs_at, w_at, b_at, out_at,
                 cell.pattern["forget_bias"], read._attrs["dtype"], write._attrs["T"], wanted,
                 roles)


def fused_loop(context: Any, cond: Any, body: Any, recorded: list[Tensor], xp: Any,
               compile_fn: Any) -> Callable | None:
    """The fused kernel of a dynamic_rnn LSTM loop or of its gradient loop, else None."""
    spec = match(context, cond, body, recorded)
    if spec is not None:
        return compile_loop(spec, xp)
    grad = match_backward(context, cond, body, recorded, compile_fn)
    return None if grad is None else compile_backward(grad, xp)


def compile_loop(spec: _Spec, xp: Any) -> Callable:
    """`run(values, captured) -> (next values, kept values per recorded role, iterations)`, or
    None from `run` when this run must take the plain loop."""
    matmul, dot, add, multiply, divide = xp.matmul, xp.dot, xp.add, xp.multiply, xp.divide
    exp, tanh = xp.exp, xp.tanh

    def steps_of(values, captured) -> int:
        steps = None
        for k, j, value in spec.bounds:
            n = (int(captured[j]) if j is not None else value) - int(values[k])
            steps = n if steps is None else min(steps, n)
        return steps

    def fits(xs, out, w, b, c0, h0, t0, steps) -> bool:
        """The plain loop would run `steps` iterations without an error or a resize."""
        elements = getattr(xs, "complete", lambda: None)()
        if elements is None or getattr(out, "buf", None) is None or \
                xs.element_dtype is not spec.read_dtype or \
                out.element_dtype is not spec.write_dtype or elements.ndim != 3:
            return False
        batch, units = getattr(h0, "shape", (0, 0)) if getattr(h0, "ndim", 0) == 2 else (0, 0)
        depth = elements.shape[2]
        dtype = w.dtype
        return (units > 0 and dtype.kind == "f" and
                elements.dtype == dtype == b.dtype == c0.dtype == h0.dtype == out.buf.dtype
                and w.shape == (depth + units, 4 * units) and b.shape == (4 * units,)
                and elements.shape[1] == batch and c0.shape == (batch, units)
                and out.full == (batch, units) and t0 + steps <= min(xs.size, out.size)
                and xs.cleared.find(1, t0, t0 + steps) < 0
                and out.written.find(1, t0, t0 + steps) < 0
                and out.read.find(1, t0, t0 + steps) < 0)

    def reordered(a, units: int) -> Any:
        """`a`'s gate columns (last axis, [i, j, f, o]) as [o, i, f, j]: the sigmoids side by
        side, i and f next to j's place in the pair buffer; o, i and f negated (exactly), so
        that sigmoid's exp needs no negation per step. Block copies into a C-ordered array: a
        column gather comes out F-ordered, on which the per-step GEMM runs at half speed."""
        out = xp.empty(a.shape, a.dtype)
        minus_one = xp.asarray(-1, a.dtype)  # not `negative`: see fusion.lstm_update
        for k, block in enumerate((3, 0, 2)):
            xp.multiply(a[..., block * units:(block + 1) * units], minus_one,
                        out=out[..., k * units:(k + 1) * units])
        out[..., 3 * units:] = a[..., units:2 * units]
        return out

    def run(values, captured):
        t0 = int(values[spec.time])
        steps = steps_of(values, captured)
        xs, out = captured[spec.xs], captured[spec.out]
        w, b = captured[spec.w], captured[spec.b]
        c0, h0 = values[spec.c], values[spec.h]
        if steps <= 0 or t0 < 0 or not fits(xs, out, w, b, c0, h0, t0, steps):
            return None
        batch, units = h0.shape
        depth = w.shape[0] - units
        dtype = w.dtype
        one = xp.asarray(1, dtype)  # a 0-d array: a ufunc converts a scalar at every call
        bias = reordered(b, units)
        bias[2 * units:3 * units] -= dtype.type(spec.forget_bias)  # f's, negated
        w_all = reordered(w, units)
        w_h = w_all[depth:]
        x = xs.buf[t0:t0 + steps].reshape(steps * batch, depth)
        projected = matmul(x, w_all[:depth]).reshape(steps, batch, 4 * units)
        projected += bias
        record = bool(spec.recorded)
        # per-step rows when a gradient keeps the values, else one set reused by every step:
        # the gates z, the pairs [tanh(j), c] (c as the step finds it; the next row's c is the
        # step's new one), tanh(c)
        z = xp.empty((steps if record else 1, batch, 4 * units), dtype)
        pairs = xp.empty((steps + 1 if record else 1, batch, 2 * units), dtype)
        tcs = xp.empty((steps if record else 1, batch, units), dtype)
        products = xp.empty((batch, 2 * units), dtype)
        pairs[0, :, units:] = c0

        def frame(t: int) -> tuple:
            zt = z[t]
            return (zt, zt[:, :3 * units], zt[:, 3 * units:], zt[:, units:3 * units],
                    zt[:, :units], pairs[t], pairs[t][:, :units],
                    pairs[t + 1 if record else t][:, units:], tcs[t])
        frames = [frame(t) for t in range(steps)] if record else [frame(0)] * steps
        rows = out.buf[t0:t0 + steps]
        i_tj, f_c = products[:, :units], products[:, units:]
        h = h0
        for (zt, sig, j, i_f, so, tj_c, tj, c_new, tc), p, h_new in zip(frames, projected,
                                                                        rows):
            # outputs passed by position, `dot` rather than the `matmul` ufunc: at small
            # sizes each call's own overhead is most of a step
            dot(h, w_h, zt)
            add(zt, p, zt)
            exp(sig, sig)  # sigmoid(x) = 1 / (1 + exp(-x)) on the negated o, i, f
            add(sig, one, sig)
            divide(one, sig, sig)
            tanh(j, tj)
            multiply(i_f, tj_c, products)  # [i * tanh(j), f * c]
            add(i_tj, f_c, c_new)
            tanh(c_new, tc)
            multiply(tc, so, h_new)
            h = h_new
        flags = b"\x01" * steps
        out.written[t0:t0 + steps] = flags
        xs.read[t0:t0 + steps] = flags
        if xs.clear_after_read:
            xs.cleared[t0:t0 + steps] = flags
        new = list(values)
        new[spec.time] = _plus(values[spec.time], steps)
        if spec.counter is not None:
            new[spec.counter] = _plus(values[spec.counter], steps)
        # copies: h is the output array's last row, and c a view of the loop's own buffer
        new[spec.c], new[spec.h] = pairs[-1, :, units:].copy(), h.copy()
        kept = [_kept(role, spec, values, z, pairs, tcs, rows, xs.buf[t0:t0 + steps], units,
                      xp) for role in spec.recorded]
        return new, kept, steps
    return run


def _plus(v: Any, n: int) -> Any:
    """`v + n` in `v`'s own dtype, as the plain loop's `i + 1` with a constant one."""
    dtype = getattr(v, "dtype", None)
    return v + (n if dtype is None else dtype.type(n))


def _kept(role: str, spec: _Spec, values: list, z: Any, pairs: Any, tcs: Any, rows: Any,
          x: Any, units: int, xp: Any) -> Any:
    """The values `role` took in each step, indexable by step as the plain loop's lists."""
    steps = len(rows)
    gates = {"so": 0, "si": 1, "sf": 2}
    if role in gates:
        k = gates[role]
        return z[:, :, k * units:(k + 1) * units]
    if role in ("time", "flow"):
        v = values[spec.time if role == "time" else spec.flow]
        return [_plus(v, k) for k in range(steps)] if role == "time" else [v] * steps
    kept = {"tj": lambda: pairs[:steps, :, :units], "c_prev": lambda: pairs[:steps, :, units:],
            "c": lambda: pairs[1:, :, units:], "tc": lambda: tcs, "h": lambda: rows,
            "h_prev": lambda: [values[spec.h], *rows[:steps - 1]],
            "xh": lambda: _inputs_and_states(x, values[spec.h], rows, xp)}
    return kept[role]()


def _inputs_and_states(x: Any, h0: Any, rows: Any, xp: Any) -> Any:
    """Each step's [x_t, h_prev], by step, laid out in backward order: the gradient loop
    hands them on reversed, for the kernel gradient's GEMM over all steps, with no copy."""
    steps, batch, depth = x.shape
    backward = xp.empty((steps, batch, depth + rows.shape[2]), x.dtype)
    xh = backward[::-1]
    xh[:, :, :depth] = x
    xh[0, :, depth:] = h0
    xh[1:, :, depth:] = rows[:-1]
    return xh


# ---- the backward loop

# A fused forward loop's gradient, as autodiff builds it from the LSTM step: the kernels it
# runs per step, by type (more of other types: Identity, HistoryRead, the index's Sub, shapes).
_GRAD_OPS = {"SigmoidGrad": 3, "TanhGrad": 2, "Mul": 6, "AddN": 2, "ConcatV2": 1, "MatMul": 1,
             "Slice": 2, "TensorArrayGradV3": 2, "TensorArrayReadV3": 1, "TensorArrayWriteV3": 1}
_GRAD_OTHERS = {"Identity", "HistoryRead", "Sub", "Add", "AddV2", "Sum", "Reshape", "Shape",
                "BroadcastGradientArgs", "FloorMod", "ConcatOffset"}
_KEPT = ("so", "tc", "sf", "c_prev", "tj", "si", "time")


@dataclass
class _GradSpec:
    """Where the backward loop's pieces are (positions of its loop variables and captures)."""
    dc: int
    dh: int
    kept: dict  # forward role -> captured position of its history
    w: int
    out: int  # captured positions of the output and input arrays' handles
    xs: int
    out_source: str
    xs_source: str
    recorded: list  # "dgates" or "xh" per value a later GEMM asked the loop to keep


def _outer(t: Tensor) -> Tensor:
    return t.op._inputs[0]


def _unreduced(t: Tensor) -> Tensor:
    """`t` before a gradient's `reshape(reduce_sum(...))` for broadcasting, which sums nothing
    when the shapes are equal, as the fused loops check they are."""
    if t.op._type == "Reshape" and t.op._inputs[0].op._type == "Sum":
        return t.op._inputs[0].op._inputs[0]
    return t


def _passes_on(t: Tensor, source: Tensor) -> bool:
    """`t` is `source` or its copy through Identity ops."""
    while t is not source and t.op._type == "Identity":
        t = t.op._inputs[0]
    return t is source


def match_backward(context: Any, cond: Any, body: Any, recorded: list[Tensor],
                   compile_fn: Any) -> _GradSpec | None:
    """The gradient loop of a dynamic_rnn LSTM loop (one `match` accepts), or None."""
    forward = getattr(context, "forward", None)
    if forward is None or compile_fn is None or context.next_controls:
        return None
    spec = match(forward, compile_fn([forward.pred], forward.merges + forward.capture_enters,
                                     (), forward),
                 compile_fn(forward.nexts, forward.identities + forward.capture_enters, (),
                            forward), [])
    if spec is None:
        return None
    kinds: dict[str, list] = {}
    for op in body.ops:
        if op._type != "Const":
            kinds.setdefault(op._type, []).append(op)
    if any(len(kinds.get(k, ())) != n for k, n in _GRAD_OPS.items()) or \
            set(kinds) - set(_GRAD_OPS) - _GRAD_OTHERS:
        return None
    captured = {t: j for j, t in enumerate(context.capture_enters)}
    loop_var = {t: k for k, t in enumerate(context.identities)}
    kept = {}
    for op in kinds.get("HistoryRead", ()):
        enter = op._inputs[0]
        history = _outer(enter) if enter in captured else None
        role = None if history is None or history.op._type != "LoopHistory" else \
            spec.roles.get(history.op._inputs[0])
        if role is None:
            return None
        kept.setdefault(role, (captured[enter], op._outputs[0]))
    (concat,), (mm,), (write,), (read,) = (kinds[k] for k in (
        "ConcatV2", "MatMul", "TensorArrayWriteV3", "TensorArrayReadV3"))
    if mm._inputs[0] is not concat._outputs[0] or mm._inputs[1] not in captured or \
            not mm._attrs.get("transpose_b") or mm._attrs.get("transpose_a") or \
            any(role not in kept for role in _KEPT):
        return None
    grads = {op._outputs[0]: op for op in kinds["TensorArrayGradV3"]}
    out_grad, xs_grad = grads.get(read._inputs[0]), grads.get(write._inputs[0])
    slices = kinds["Slice"]
    dx = write._inputs[2]
    dh_prev = next((s._outputs[0] for s in slices if s._outputs[0] is not dx), None)
    if out_grad is None or xs_grad is None or dh_prev is None or \
            dx.op not in slices or any(s._inputs[0] is not mm._outputs[0] for s in slices) or \
            _outer(out_grad._inputs[0]) is not _outer(forward.capture_enters[spec.out]) or \
            _outer(xs_grad._inputs[0]) is not _outer(forward.capture_enters[spec.xs]) or \
            out_grad._inputs[0] not in captured or xs_grad._inputs[0] not in captured or \
            _outer(mm._inputs[1]) is not _outer(forward.capture_enters[spec.w]) or \
            read._inputs[1] is not kept["time"][1] or write._inputs[1] is not kept["time"][1]:
        return None
    # the loop variables: the index, the carried gradients (of the forward's float variables),
    # then one sum per float value the forward captured
    carried = [k for k in range(len(forward.merges)) if _trainable(forward.merges[k])]
    sums = [j for j, e in enumerate(forward.capture_enters) if _trainable(e)]
    if sorted(carried) != sorted([spec.flow, spec.c, spec.h]) or \
            len(context.merges) != 1 + len(carried) + len(sums):
        return None
    nexts, ids = context.nexts, context.identities
    dc, dh, flow = (1 + carried.index(k) for k in (spec.c, spec.h, spec.flow))
    if not _passes_on(nexts[flow], ids[flow]) or nexts[dh] is not dh_prev or \
            _unreduced(nexts[dc]).op._type != "Mul" or \
            kept["sf"][1] not in _unreduced(nexts[dc]).op._inputs or \
            nexts[0].op._type != "Sub" or nexts[0].op._inputs[0] is not ids[0]:
        return None
    for pos, j in enumerate(sums, start=1 + len(carried)):
        if j in (spec.w, spec.b):
            ok = nexts[pos] is ids[pos]  # summed after the loop, by one GEMM
        else:  # a flow: its sum adds the write's flow, a zero
            ok = nexts[pos].op._type in ("Add", "AddV2") and \
                set(nexts[pos].op._inputs) == {ids[pos], write._outputs[0]}
        if not ok:
            return None
    xh = kept.get("xh", (None, None))[1]
    wanted = ["dgates" if t is concat._outputs[0] else "xh" if t is xh else None
              for t in recorded]
    bound = cond.ops[-1] if cond.ops else None
    if None in wanted or bound is None or bound._type != "Greater" or \
            bound._inputs[0] is not context.merges[0] or \
            constant_value(bound._inputs[1]) != 0 or \
            [op for op in cond.ops if op._type != "Const"] != [bound]:
        return None
    return _GradSpec(dc, dh, {role: kept[role][0] for role in kept},
                     captured[mm._inputs[1]], captured[out_grad._inputs[0]],
                     captured[xs_grad._inputs[0]], out_grad._attrs["source"],
                     xs_grad._attrs["source"], wanted)


# What the gradient loop's per-step factors of one chunk may take: a core's L2 cache, about.
_CACHE_BYTES = 1 << 19


def _trainable(t: Tensor) -> bool:
    return t.dtype.base_dtype.is_floating or t.dtype.base_dtype.is_complex


def compile_backward(spec: _GradSpec, xp: Any) -> Callable:
    """`run(values, captured) -> (next values, kept values per recorded role, iterations)`,
    or None from `run` when this run must take the plain loop. The per-step factors that do not
    depend on the gradients (the gates' derivatives) are computed for as many steps at once as
    fit a core's cache: one pass over all steps is memory-bound at large sizes."""
    dot, add, multiply, subtract = xp.dot, xp.add, xp.multiply, xp.subtract

    def factors(blocks, dc_from_h, si, tj, sf, c_prev, so, tc):
        """What the gradients of a chunk of steps are multiplied by, in the gradients' own
        rows: [di, dj, df, do] = dc * [tj * si * (1 - si), si * (1 - tj^2),
        c_prev * sf * (1 - sf)] and dh * tc * so * (1 - so); dc += dh * so * (1 - tc^2)."""
        one = si.dtype.type(1)
        for k, (a, c) in enumerate(((si, tj), (tj, si), (sf, c_prev), (so, tc))):
            block = blocks[:, :, k]
            multiply(a, a, out=block)  # a sigmoid s: s - s^2; tj: 1 - tj^2
            subtract(a if a is not tj else one, block, out=block)
            multiply(block, c, out=block)
        multiply(tc, tc, out=dc_from_h)
        subtract(one, dc_from_h, out=dc_from_h)
        multiply(dc_from_h, so, out=dc_from_h)

    def run(values, captured):
        steps = int(values[0])
        k = {role: captured[j] for role, j in spec.kept.items()}
        so, tc, sf, c_prev, tj, si = (k[r] for r in _KEPT[:-1])
        w = captured[spec.w]
        time = k["time"]
        dc0, dh0 = values[spec.dc], values[spec.dh]
        if steps <= 0 or any(getattr(v, "shape", (None,))[0] != steps or
                             getattr(v, "ndim", 0) != 3 for v in (so, tc, sf, c_prev, tj, si)) \
                or len(time) != steps or getattr(dh0, "shape", None) != so.shape[1:] or \
                getattr(dc0, "shape", None) != so.shape[1:]:
            return None
        t0 = int(time[0])
        if int(time[-1]) != t0 + steps - 1 or t0 < 0:
            return None
        batch, units = so.shape[1:]
        depth = w.shape[0] - units
        dtype = w.dtype
        gout = captured[spec.out].grad(spec.out_source)
        gxs = captured[spec.xs].grad(spec.xs_source)
        lo, hi = t0, t0 + steps
        if not (gout.buf is not None and gout.full == (batch, units) and hi <= gout.size and
                gout.cleared.find(1, lo, hi) < 0 and gxs.buf is not None and
                gxs.full == (batch, depth) and hi <= gxs.size and
                gxs.written.find(1, lo, hi) < 0 and gxs.read.find(1, lo, hi) < 0 and
                dh0.dtype == dc0.dtype == dtype == so.dtype == gout.buf.dtype == gxs.buf.dtype):
            return None
        written = gout.written
        for i in range(lo, hi):  # unwritten gradients read as zeros, as the plain loop's
            if not written[i]:
                gout.buf[i] = 0
        flags = b"\x01" * steps
        gout.written[lo:hi] = gout.read[lo:hi] = gout.cleared[lo:hi] = flags
        d_out = gout.buf[lo:hi]
        # the gates' gradients in backward order, as the plain loop's history lists them (what
        # its HistoryConcat then reshapes without a copy); `blocks` indexes them by step
        backward = xp.empty((steps, batch, 4 * units), dtype)
        gates = backward[::-1]
        blocks = gates.reshape(steps, batch, 4, units)
        dc_from_h = xp.empty((steps, batch, units), dtype)
        dxh = xp.empty((steps, batch, depth + units), dtype)
        w_t = w.T  # a transposed GEMM runs as fast as a plain one; copying w.T costs 4 ns/value
        dh, dc = xp.empty((batch, units), dtype), xp.empty((batch, units), dtype)
        dc_next = dc0.copy()
        dh_next = dh0
        dc_each_gate = dc[:, None]
        # each step's views made once (outputs passed by position, as in the forward loop)
        frames = [(d_out[t], dc_from_h[t], blocks[t, :, 3], blocks[t, :, :3], sf[t], gates[t],
                   dxh[t], dxh[t, :, depth:]) for t in range(steps)]
        # the factors of a chunk of steps whose values fit in a core's cache, computed at once
        chunk = max(1, _CACHE_BYTES // (gates[0].nbytes + 1))
        for end in range(steps, 0, -chunk):
            start = max(0, end - chunk)
            factors(blocks[start:end], dc_from_h[start:end], *(
                v[start:end] for v in (si, tj, sf, c_prev, so, tc)))
            for d_o, dc_h, do, dsig, sf_t, dgates, dxh_t, dh_t in reversed(frames[start:end]):
                add(dh_next, d_o, dh)
                multiply(dh, dc_h, dc)
                add(dc, dc_next, dc)
                multiply(dh, do, do)
                multiply(dc_each_gate, dsig, dsig)
                multiply(dc, sf_t, dc_next)
                dot(dgates, w_t, dxh_t)
                dh_next = dh_t
        gxs.buf[lo:hi] = dxh[:, :, :depth]
        gxs.written[lo:hi] = flags
        new = list(values)
        new[0] = _plus(values[0], -steps)
        new[spec.dc], new[spec.dh] = dc_next, dh_next
        x = k.get("xh")
        kept = [backward if role == "dgates" else x[::-1] for role in spec.recorded]
        return new, kept, steps
    return run
