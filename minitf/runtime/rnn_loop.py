"""A whole LSTM loop (`dynamic_rnn` over BasicLSTMCell or LSTMCell) run as one kernel.

A while loop whose body, as its plan compiles it (after `fusion`), is exactly dynamic_rnn's
step -- read `x_t` from an input TensorArray, the fused input projection and LSTM update, write
`h` to an output TensorArray, `time + 1` (and the iteration counter's `+ 1`) -- and whose cond
only compares time and counter with bounds, runs as one Python loop of ten in-place array
calls per step, with no plan call, no TensorArray bookkeeping and no allocation per step:

    z = h @ W_h + P[t]          P = X @ W_x + b, every step's at once (one GEMM)
    z = tanh(z)                 the gates' columns reordered [j, i, f, o], i/f/o's halved
    z[:, H:] = z[:, H:] / 2 + 1/2          sigmoid(x) = (tanh(x / 2) + 1) / 2
    c = c * f + i * j;  h = tanh(c) * o    (h written straight into the output array)

Halving weights is exact in binary floating point, so the only difference from the plain
loop is sigmoid's formula: the values agree to a few ulps, as the hoisted projection's do.
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

# A BasicLSTMCell fused group's outputs, by position (fusion._lstm_kernel's order), that a
# gradient may ask to keep: name -> role in the fused loop.
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
                 cell.pattern["forget_bias"], read._attrs["dtype"], write._attrs["T"], wanted)


def compile_loop(spec: _Spec, xp: Any) -> Callable:
    """`run(values, captured) -> (next values, kept values per recorded role, iterations)`, or
    None from `run` when this run must take the plain loop."""
    matmul, add, multiply, tanh = xp.matmul, xp.add, xp.multiply, xp.tanh

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
        half = dtype.type(0.5)
        # columns [j, i, f, o]; i, f, o halved (exactly), the forget bias folded into f's
        order = xp.concatenate([xp.arange(units, 2 * units), xp.arange(units),
                                xp.arange(2 * units, 4 * units)])
        scale = xp.full(4 * units, half, dtype)
        scale[:units] = 1
        bias = b.copy()
        bias[2 * units:3 * units] += dtype.type(spec.forget_bias)
        w_all = w[:, order] * scale
        w_h = w_all[depth:]
        x = xs.buf[t0:t0 + steps].reshape(steps * batch, depth)
        projected = matmul(x, w_all[:depth]).reshape(steps, batch, 4 * units)
        projected += bias[order] * scale
        record = bool(spec.recorded)
        # per-step rows when a gradient keeps the values, else one set reused by every step
        z = xp.empty((steps if record else 1, batch, 4 * units), dtype)
        cs = xp.empty((steps + 1 if record else 1, batch, units), dtype)
        tcs = xp.empty((steps if record else 1, batch, units), dtype)
        m = xp.empty((batch, units), dtype)
        cs[0] = c0

        def frame(t: int) -> tuple:
            zt = z[t]
            return (zt, *(zt[:, k * units:(k + 1) * units] for k in range(4)), zt[:, units:],
                    cs[t], cs[t + 1 if record else t], tcs[t])
        frames = [frame(t) for t in range(steps)] if record else [frame(0)] * steps
        rows = out.buf[t0:t0 + steps]
        h = h0
        for (zt, tj, si, sf, so, sig, c_prev, c_new, tc), p, h_new in zip(frames, projected,
                                                                          rows):
            matmul(h, w_h, out=zt)
            add(zt, p, out=zt)
            tanh(zt, out=zt)
            multiply(sig, half, out=sig)
            add(sig, half, out=sig)
            multiply(c_prev, sf, out=c_new)
            multiply(si, tj, out=m)
            add(c_new, m, out=c_new)
            tanh(c_new, out=tc)
            multiply(tc, so, out=h_new)
            h = h_new
        one = b"\x01" * steps
        out.written[t0:t0 + steps] = one
        xs.read[t0:t0 + steps] = one
        if xs.clear_after_read:
            xs.cleared[t0:t0 + steps] = one
        new = list(values)
        new[spec.time] = _plus(values[spec.time], steps)
        if spec.counter is not None:
            new[spec.counter] = _plus(values[spec.counter], steps)
        new[spec.c], new[spec.h] = cs[-1], h
        kept = [_kept(role, spec, values, z, cs, tcs, rows, xs.buf[t0:t0 + steps], units, xp)
                 for role in spec.recorded]
        return new, kept, steps
    return run


def _plus(v: Any, n: int) -> Any:
    """`v + n` in `v`'s own dtype, as the plain loop's `i + 1` with a constant one."""
    dtype = getattr(v, "dtype", None)
    return v + (n if dtype is None else dtype.type(n))


def _kept(role: str, spec: _Spec, values: list, z: Any, cs: Any, tcs: Any, rows: Any,
          x: Any, units: int, xp: Any) -> Any:
    """The values `role` took in each step, indexable by step as the plain loop's lists."""
    steps = len(rows)
    gates = ("tj", "si", "sf", "so")
    if role in gates:
        k = gates.index(role)
        return z[:, :, k * units:(k + 1) * units]
    if role in ("time", "flow"):
        v = values[spec.time if role == "time" else spec.flow]
        return [_plus(v, k) for k in range(steps)] if role == "time" else [v] * steps
    kept = {"c_prev": lambda: cs[:steps], "c": lambda: cs[1:], "tc": lambda: tcs,
            "h": lambda: rows,
            "h_prev": lambda: [values[spec.h], *rows[:steps - 1]],
            "xh": lambda: xp.concatenate([x, xp.concatenate([values[spec.h][None], rows[:-1]])],
                                         axis=2)}
    return kept[role]()
