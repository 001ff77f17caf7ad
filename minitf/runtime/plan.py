"""Compile a pruned graph into straight-line Python: one generated function per (fetches, feeds).

Each needed tensor becomes a local variable, each op one line calling its bound kernel, each
value is deleted after its last use, constants are inlined. The generated function does no
lookups, no shape checks and no dispatch on op types; an error is traced back to its op through
the line number it was raised on, and re-raised as TF1's error class naming that op.
"""
from __future__ import annotations

import itertools
from typing import Any, Callable, Sequence

from ..framework import errors
from ..framework.convert import ConstantValue
from ..framework.graph import Operation, Tensor, control_flow_unit, variable_op
from ..framework.registry import KernelContext
from . import fusion

_counter = itertools.count()


def prune(fetch_tensors: Sequence[Tensor], targets: Sequence[Operation],
          fed: set, level: Any = None) -> list[Operation]:
    """The ops needed to compute `fetch_tensors` and run `targets`, in creation (topological)
    order; the walk stops at fed tensors and does not evaluate variable refs. Ops inside a
    loop or cond are replaced by their construct (`graph.control_flow_unit`)."""
    needed: set = set()
    stack: list[Operation] = [t.op for t in fetch_tensors if t not in fed] + list(targets)
    while stack:
        op = stack.pop()
        if op._control_flow_context is not None:
            op = control_flow_unit(op, level) or op
        if op in needed:
            continue
        needed.add(op)
        refs = op._opdef.ref_inputs
        for i, t in enumerate(op._inputs):
            if t not in fed and i not in refs and t.op not in needed:
                stack.append(t.op)
        for c in op._control_inputs:
            if c not in needed:
                stack.append(c)
    ops = _without_control_only(sorted(needed, key=lambda o: o._id), fetch_tensors, targets,
                                level)
    return schedule(ops)


# Ops that only check their input: a control dependency on them is their whole point.
_CHECKS = frozenset({"CheckNumerics"})


def _without_control_only(ops: list[Operation], fetch_tensors: Sequence[Tensor],
                          targets: Sequence[Operation], level: Any) -> list[Operation]:
    """`ops` less the pure ops whose values no op of the plan reads, which are there only
    because something waits for them through a control dependency (the unused half of a
    gradient `tuple`, a first layer's input gradient under GATE_OP). TF's graph optimizer turns
    them into NoOps (its dependency optimizer); here they are not run at all. Ops with effects,
    refs or checks, and fetched ones, always run."""
    def unit(op: Operation) -> Any:
        return control_flow_unit(op, level) or op if op._control_flow_context is not None \
            else op
    in_plan = set(ops)
    kept = {unit(t.op) for t in fetch_tensors} | {unit(op) for op in targets}
    skipped: set = set()
    for op in reversed(ops):
        opdef = op._opdef
        if op in kept or opdef.stateful or opdef.ref_inputs or op._type in _CHECKS or \
                not op._outputs:
            continue
        if any(c in in_plan and c not in skipped
               for t in op._outputs for c in map(unit, t._consumers)):
            continue
        skipped.add(op)
    return [op for op in ops if op not in skipped] if skipped else ops


def schedule(ops: list[Operation]) -> list[Operation]:
    """Runs reads of variables as late as possible: just before their first consumer.

    A read is an op registered `read_late` (VariableV2), or a pure op without control inputs
    whose inputs are all reads (the `v/read` Identity). TF1's reads alias the variable's buffer,
    so an op that runs after an update in the same `run` sees the new value (`identity(v)` under
    `control_dependencies([assign_add])`, fetching `v` beside its update, an initial value
    computed from another variable); reading late gives the same values.
    """
    late: set = set()
    for op in ops:
        opdef = op._opdef
        if opdef.extra.get("read_late") or (
                op._inputs and not opdef.stateful and not op._control_inputs
                and all(t.op in late for i, t in enumerate(op._inputs)
                        if i not in opdef.ref_inputs)):
            late.add(op)
    if not late:
        return ops
    out: list[Operation] = []
    emitted: set = set()

    def emit(op: Operation) -> None:
        if op in emitted:
            return
        emitted.add(op)
        for i, t in enumerate(op._inputs):
            if t.op in late and i not in op._opdef.ref_inputs:
                emit(t.op)
        out.append(op)
    for op in ops:
        if op not in late:
            emit(op)
    for op in ops:  # reads only fetched: after everything else
        emit(op)
    return out


def node_info(op: Operation) -> str:
    file, line = op._defined_at
    return f"\n\t [[node {op.name} (defined at {file}:{line}) ]]"


def as_op_error(e: BaseException, op: Operation, inputs: Sequence[Any] | None = None
                ) -> errors.OpError:
    """Re-labels an exception raised by `op`'s kernel as TF1 would report it. An op may
    register `explain(exc, input_values) -> message | None` to word numpy's errors as TF does
    ("Incompatible shapes: [2] vs. [3]"); it runs only on this error path."""
    if isinstance(e, errors.OpError):
        return type(e)(None, op, e.message + node_info(op)) if e.op is None else e
    if isinstance(e, MemoryError):
        return errors.ResourceExhaustedError(None, op, f"OOM when running {op.name}: {e}" +
                                             node_info(op))
    explain = op._opdef.extra.get("explain")
    message = explain(e, inputs) if explain is not None and inputs is not None else None
    return errors.InvalidArgumentError(None, op, (message or f"{type(e).__name__}: {e}") +
                                       node_info(op))


class Plan:
    """A compiled, reusable run of a graph region: call it with feed values (in `feeds` order);
    it returns the fetched values (in `fetches` order)."""

    def __init__(self, fetches: Sequence[Tensor], targets: Sequence[Operation],
                 feeds: Sequence[Tensor], xp: Any, resources: Any,
                 compile_fn: Callable | None = None, level: Any = None):
        self.fetches = tuple(fetches)
        self.feeds = tuple(feeds)
        # (fetch position, feed position) of fetched tensors that are fed
        self.fed_fetches = tuple((i, self.feeds.index(t)) for i, t in enumerate(self.fetches)
                                 if t in self.feeds)
        fed = set(self.feeds)
        self.ops = fusion.fuse(prune(self.fetches, targets, fed, level))
        self._line_ops: dict[int, tuple[Operation, list[str]]] = {}
        self._fn = self._generate(xp, resources, fed, compile_fn)

    def _generate(self, xp: Any, resources: Any, fed: set, compile_fn: Callable | None):
        slot: dict[Tensor, str] = {}
        for i, t in enumerate(self.feeds):
            slot[t] = f"f{i}"
        last_use: dict[Tensor, int] = {}
        for pos, op in enumerate(self.ops):
            refs = op._opdef.ref_inputs
            for i, t in enumerate(op._inputs):
                if i not in refs:
                    last_use[t] = pos
        keep = set(self.fetches)
        needed_outputs: set = set(self.fetches) | set(last_use)

        env: dict[str, Any] = {}
        params: list[str] = [slot[t] for t in self.feeds]
        body: list[str] = []
        ncount = 0
        constants: set = set()
        for pos, op in enumerate(self.ops):
            refs = op._opdef.ref_inputs
            if op._outputs and all(t in fed for t in op._outputs):
                continue
            ctx = KernelContext(xp, op._attrs, op._name, op._type, resources, compile_fn,
                                tuple(variable_op(op._inputs[i])._name for i in refs),
                                tuple(t in needed_outputs and t not in fed for t in op._outputs))
            kernel = op._opdef.kernel(ctx)
            outs = []
            for t in op._outputs:
                if t in fed or t not in needed_outputs:
                    outs.append("_")
                else:
                    ncount += 1
                    slot[t] = f"v{ncount}"
                    outs.append(slot[t])
            folded = None if isinstance(kernel, ConstantValue) else \
                _static(op, xp) or _folded(op, kernel, refs, slot, env, constants)
            if folded is not None:
                for k, (t, value, out) in enumerate(zip(op._outputs, folded, outs)):
                    if out != "_":
                        cname = f"c{pos}_{k}"
                        env[cname] = _freeze(value, xp)
                        params.append(f"{cname}={cname}")
                        slot[t] = cname
                        constants.add(cname)
                line = None
            elif isinstance(kernel, ConstantValue):
                # read straight from a default argument: no store, no del
                cname = f"c{pos}"
                env[cname] = _freeze(kernel.value, xp)
                params.append(f"{cname}={cname}")
                if outs[0] != "_":
                    ncount -= 1
                    slot[op._outputs[0]] = cname
                    constants.add(cname)
                line = None
            else:
                kname = f"k{pos}"
                env[kname] = kernel
                params.append(f"{kname}={kname}")
                args = ", ".join(slot[t] for i, t in enumerate(op._inputs) if i not in refs)
                call = f"{kname}({args})"
                if len(outs) == 0 or all(o == "_" for o in outs):
                    line = call
                elif len(outs) == 1:
                    line = f"{outs[0]} = {call}"
                else:
                    line = f"{', '.join(outs)} = {call}"
            if line is not None:
                self._line_ops[len(body) + 2] = (op, [slot[t] for i, t in enumerate(op._inputs)
                                                      if i not in refs])
                body.append(line)
            dead = sorted({slot[t] for i, t in enumerate(op._inputs)
                           if i not in refs and last_use.get(t) == pos and t not in keep
                           and t in slot} - constants)
            if dead:
                body.append(f"del {', '.join(dead)}")
        rets = [slot[t] for t in self.fetches]
        ret = f"return ({', '.join(rets)}{',' if len(rets) == 1 else ''})"
        name = f"_plan_{next(_counter)}"
        src = f"def {name}({', '.join(params)}):\n" + "".join(
            f"    {line}\n" for line in body + [ret])
        self.source = src
        code = compile(src, f"<minitf plan {name}>", "exec")
        exec(code, env)
        self._code = env[name].__code__
        return env[name]

    def op_at_fault(self, tb: Any) -> tuple[Operation | None, list | None]:
        """The op whose line raised and its input values, found by walking the traceback to
        the generated frame."""
        while tb is not None:
            if tb.tb_frame.f_code is self._code:
                op, names = self._line_ops.get(tb.tb_lineno, (None, None))
                if op is None:
                    return None, None
                local = tb.tb_frame.f_locals
                return op, [local.get(n) for n in names]
            tb = tb.tb_next
        return None, None

    @property
    def fn(self) -> Callable:
        """The generated function itself, for callers running it in a tight loop (a while
        loop's body), which map an exception it raised with `op_error`."""
        return self._fn

    def op_error(self, e: BaseException) -> errors.OpError | None:
        """`e`, raised while running this plan, as TF1's error naming the op at fault; None
        when no op of this plan raised it."""
        op, inputs = self.op_at_fault(e.__traceback__)
        if op is not None and op._type == "VariableV2" and \
                isinstance(e, errors.FailedPreconditionError):
            op = self._first_reader(op) or op  # as TF, which fails the op reading the value
        return None if op is None else as_op_error(e, op, inputs)

    def _first_reader(self, variable: Operation) -> Operation | None:
        """The first op of this plan that reads `variable`'s value (its `v/read`)."""
        ref = variable._outputs[0]
        for _, (op, _) in sorted(self._line_ops.items()):
            if any(t is ref and i not in op._opdef.ref_inputs
                   for i, t in enumerate(op._inputs)):
                return op
        return None

    def __call__(self, *feed_values: Any) -> tuple:
        try:
            return self._fn(*feed_values)
        except Exception as e:
            error = self.op_error(e)
            if error is None:
                raise
            raise error from (None if isinstance(e, errors.OpError) else e)


def _folded(op: Operation, kernel: Callable, refs: tuple, slot: dict, env: dict,
            constants: set) -> tuple | None:
    """The outputs of a pure op whose inputs are all constants, computed once while compiling
    (the shapes and reduction axes of gradient graphs, `tf.zeros` of a static shape). An op
    that fails is left in the plan, so that its error is raised when it runs, as TF's."""
    if op._opdef.stateful or refs or not op._inputs or not op._outputs:
        return None
    names = [slot.get(t) for t in op._inputs]
    if not all(n in constants for n in names):
        return None
    try:
        value = kernel(*(env[n] for n in names))
    except Exception:  # noqa: BLE001 - raised again, with TF's error class, when it runs
        return None
    return value if len(op._outputs) > 1 else (value,)


def _static(op: Operation, xp: Any) -> tuple | None:
    """The outputs of an op that its static shapes decide (`Shape` of a fully defined shape,
    `BroadcastGradientArgs` of two such), as the op's `fold` rule gives them."""
    fold = op._opdef.extra.get("fold")
    value = None if fold is None or op._opdef.stateful else fold(op)
    if value is None or any(v is None for v in value):  # ShapeN knows some shapes only
        return None
    return tuple(xp.asarray(v) for v in value)


def _freeze(value: Any, xp: Any) -> Any:
    """Constants are shared by every run: make numpy ones read-only so no one mutates them.
    A numpy constant of rank 0 becomes a numpy scalar, what every ufunc returns at rank 0 (a
    loop's `i < n`, `i + 1`), so that operators on such values take numpy's fast scalar path."""
    if getattr(value, "ndim", None) == 0 and getattr(xp, "__name__", "") == "numpy" and \
            value.dtype.kind in "biufc":
        return value[()]
    flags = getattr(value, "flags", None)
    if flags is not None and hasattr(flags, "writeable"):
        try:
            value.flags.writeable = False
        except ValueError:
            pass
    return value
