"""While loops and conds of an imported GraphDef, rebuilt as the constructs minitf's plans run
(the reverse of the dataflow graph that ops/control_flow.py exports, TF1's frames and branches).

A GraphDef holds a loop as TF1's executor runs it: Enter ops (attr `frame_name`) take values
into the loop's frame, a Merge per loop variable reads its Enter and, through a back edge, its
NextIteration; Switch ops on the LoopCond split each value between the body (Identity of output
1) and an Exit (output 0). A cond is a predicate Identity `pred_id`, a Switch of the predicate
whose outputs the pivots `switch_t`/`switch_f` read, a Switch on `pred_id` per outside value a
branch reads, and a Merge per result. Branch ops without inputs wait for their pivot.

`analyze` finds, for every node, the frames and branches around it by following the dataflow
(a node is where its innermost input is; Enter goes in, Exit and Merge come out); `rebuild`
makes the WhileContext/CondContext of each and the construct standing for it, as while_loop and
cond would have built them. Structural ops that a pruned GraphDef lacks (an unused Exit, a
pivot no constant waited for) are added back, named as TF names them.

TF's gradient of a cond is a second cond on the same `pred_id` (a Switch of each incoming
gradient, a Merge per outgoing one) whose branches read the forward branches' values directly.
Such a cond reads the first one's results, so it is kept apart from it; its reads of the forward
branches become outputs of the forward cond (BranchValue) that it captures, which is how
minitf's own cond gradients read them.
"""
from __future__ import annotations

from typing import Any

from ..framework import dtypes as _dtypes
from ..framework.graph import Operation
from ..framework.importer import ParsedNode, _order
from . import control_flow as cf

_EXITS = ("Exit", "RefExit", "LoopCount", "LoopHistory")
_ENTERS = ("Enter", "RefEnter")


def _scope(name: str) -> str:
    return name.rsplit("/", 1)[0] if "/" in name else ""


class Structure:
    """Where each node of an imported GraphDef is: `paths[name]` is the tuple of the constructs
    around it, outermost first, each ("loop", (outer, frame name)), ("cond", key) or
    ("branch", key, side); `cross` lists the inputs a node reads from the branch of an
    earlier cond on the same predicate (TF's cond gradients), which the rebuild routes through
    that cond's outputs.

    Each cond Switch starts a cond of its own, named after it; Switches whose branches meet (an
    op reading both, a Merge joining them) are one cond (union-find), unless one reads what the
    other computed: then they are a cond and its gradient, apart."""

    def __init__(self, nodes: dict[str, ParsedNode]):
        self.nodes = nodes
        self.paths: dict[str, tuple] = {}
        self.cross: list[tuple[str, str, Any]] = []  # (node, "data" | "control", index | src)
        self._out: dict[str, tuple] = {}  # where a node's outputs are
        self._switch_out: dict[str, tuple] = {}  # a cond Switch's two outputs
        self.switch_sides: dict[str, list[int]] = {}  # a value Switch -> the sides read
        self._frames: dict[str, int] = {}  # frame name -> parallel_iterations
        self._parent: dict[str, str] = {}  # cond key -> the key it was joined to
        self._pred: dict[str, str] = {}  # cond key -> its predicate, through Identities
        self._bits: dict[str, int] = {}  # cond key -> the bits of the Switches it joins
        self._reads: dict[str, int] = {}  # cond key -> bits of the conds its inputs follow
        self._after: dict[str, int] = {}  # node -> bits of the conds whose results it reads
        self._pred_ids: dict[str, str] = {}  # a predicate Identity -> the first Switch on it
        order = [n for kind, n in _order(nodes, {}) if kind == "node"]
        for node in order:
            self._place(node)
        for node in order:
            if node.name in self._switch_out:
                self._place_switch(node)
        for name, switch in self._pred_ids.items():  # `cond/pred_id` is its cond's, as TF's
            self.paths[name] = self._switch_out[switch][0][:-1]
        self.paths = {name: self._canon(path) for name, path in self.paths.items()}
        self.loops = {item[1]: {"frame_name": item[1][1],
                                "parallel_iterations": self._frames[item[1][1]]}
                      for path in self.paths.values() for item in path if item[0] == "loop"}

    # ---- conds joined as their branches meet

    def _find(self, key: str) -> str:
        while self._parent[key] != key:
            key = self._parent[key]
        return key

    def _canon(self, ctx: tuple) -> tuple:
        out = []
        for item in ctx:
            if item[0] == "loop":
                out.append(("loop", (self._canon(item[1][0]), item[1][1])))
            else:
                out.append((item[0], self._find(item[1])) + item[2:])
        return tuple(out)

    def _later(self, key: str, than: str) -> bool:
        """The cond `key` reads results of the cond `than` (it is its gradient)."""
        return bool(self._reads[self._find(key)] & self._bits[self._find(than)])

    def _join(self, a: tuple, b: tuple) -> str | None:
        """Makes the conds `a` and `b` (items of the same level) one, where they can be:
        returns "a" or "b" for the later of two conds on the same predicate, "joined" when they
        became one, None when they are different constructs."""
        if a[0] != "cond" or b[0] != "cond":
            return None
        ka, kb = self._find(a[1]), self._find(b[1])
        if self._pred[ka] != self._pred[kb]:
            return None
        if self._later(kb, ka):
            return "b"
        if self._later(ka, kb):
            return "a"
        self._parent[kb] = ka
        self._bits[ka] |= self._bits[kb]
        self._reads[ka] |= self._reads[kb]
        return "joined"

    def _meet(self, node: ParsedNode, a: tuple, b: tuple) -> tuple:
        """The innermost of two places a node reads from (one inside the other)."""
        a, b = self._canon(a), self._canon(b)
        i = 0
        while i < min(len(a), len(b)):
            if a[i] == b[i]:
                i += 1
                continue
            found = self._join(a[i], b[i])
            if found == "joined":
                a, b = self._canon(a), self._canon(b)
                continue
            if found is None:
                raise self._malformed(node, a, b)
            return a if found == "a" else b
        return a if len(a) >= len(b) else b

    def _malformed(self, node: ParsedNode, a: tuple, b: tuple) -> ValueError:
        return ValueError(f"Node '{node.name}' reads values of different loops or cond "
                          f"branches ({_describe(a)} and {_describe(b)}): its graph's control "
                          f"flow is malformed")

    def _crosses(self, read: tuple, at: tuple) -> bool:
        """`read` is a branch of an earlier cond on the predicate of the branch `at` is in, on
        the same side."""
        i = next(i for i, (x, y) in enumerate(zip(read, at)) if x != y)
        return read[i][0] == at[i][0] == "cond" and len(read) == i + 2 and len(at) > i + 1 and \
            at[i + 1][0] == "branch" and read[i + 1][2] == at[i + 1][2] and \
            self._later(at[i][1], read[i][1])

    def _innermost(self, node: ParsedNode, inputs: list[tuple],
                   edges: list | None = None) -> tuple:
        """Where `node` goes: the innermost place among its inputs'. `edges` (one per input,
        ("data", position) or ("control", name)) records the reads of an earlier cond."""
        inner: tuple = ()
        for ctx in inputs:
            inner = self._meet(node, inner, ctx)
        inner = self._canon(inner)
        for k, ctx in enumerate(inputs):
            ctx = self._canon(ctx)
            if inner[:len(ctx)] == ctx:
                continue
            if edges is None or not self._crosses(ctx, inner):
                raise self._malformed(node, ctx, inner)
            self.cross.append((node.name,) + edges[k])
        return inner

    # ---- where values are

    def _output(self, src: str, index: int) -> tuple:
        if src not in self.nodes:  # replaced through input_map: from outside
            return ()
        sides = self._switch_out.get(src)
        return sides[index] if sides is not None and index < 2 else self._out[src]

    def _control(self, src: str) -> tuple:
        if src not in self.nodes:
            return ()
        sides = self._switch_out.get(src)
        return self.paths[src] if sides is not None else self._out[src]

    def _is_next(self, src: str) -> bool:
        return src in self.nodes and self.nodes[src].op == "NextIteration"

    def _reads_of(self, node: ParsedNode) -> tuple[list[tuple], list[tuple]]:
        """The places of a node's inputs (a Merge's back edge left out), and what each is."""
        places, edges = [], []
        for k, (src, index) in enumerate(node.inputs):
            if not (node.op == "Merge" and self._is_next(src)):
                places.append(self._output(src, index))
                edges.append(("data", k))
        for src in node.controls:
            places.append(self._control(src))
            edges.append(("control", src))
        return places, edges

    def _place(self, node: ParsedNode) -> None:
        name, op = node.name, node.op
        places, edges = self._reads_of(node)
        self._after[name] = 0
        for src, _ in node.inputs:
            self._after[name] |= self._after.get(src, 0)
        for src in node.controls:
            self._after[name] |= self._after.get(src, 0)
        if op in _ENTERS:
            outer = self._innermost(node, places)
            frame = node.attr_value("frame_name") or ""
            self._frames.setdefault(frame, node.attr_value("parallel_iterations") or 10)
            self.paths[name] = self._out[name] = outer + (("loop", (outer, frame)),)
        elif op in _EXITS:
            inner = self._innermost(node, places)
            loops = [i for i, item in enumerate(inner) if item[0] == "loop"]
            if not loops:
                raise ValueError(f"Node '{name}' ({op}) is not inside a while loop")
            self.paths[name] = inner[:loops[-1] + 1]
            self._out[name] = inner[:loops[-1]]
        elif op == "Merge" and len(places) - len(node.controls) < len(node.inputs):
            self.paths[name] = self._out[name] = self._innermost(node, places)  # a loop's
        elif op == "Merge":
            self._place_merge(node, places[:len(places) - len(node.controls)],
                              places[len(places) - len(node.controls):])
        elif op == "BranchValue":
            inner = self._innermost(node, places)
            if not inner or inner[-1][0] != "branch":
                raise ValueError(f"Node '{name}' (BranchValue) does not read a cond branch")
            self.paths[name], self._out[name] = inner[:-1], inner[:-2]
            self._after[name] |= self._bits[self._find(inner[-1][1])]
        elif op in ("Switch", "RefSwitch") and not self._loop_switch(node):
            self._place_cond_switch(node, places)
        else:
            inner = self._innermost(node, places, edges)
            self._out[name] = inner
            pivot = op == "Identity" and node.inputs and self._pivot_switch(node.inputs[0][0])
            self.paths[name] = inner[:-1] if pivot else inner  # switch_t/switch_f

    def _pivot_switch(self, name: str) -> bool:
        """`name` is a cond's Switch of its predicate (whose outputs the pivots read)."""
        node = self.nodes.get(name)
        return name in self._switch_out and node.inputs[0] == node.inputs[1]

    def _loop_switch(self, node: ParsedNode) -> bool:
        src = node.inputs[1][0] if len(node.inputs) > 1 else None
        return src in self.nodes and self.nodes[src].op == "LoopCond"

    def _predicate(self, node: ParsedNode) -> str:
        """A Switch's predicate, followed back through Identities (a cond's `pred_id`)."""
        src, index = node.inputs[1]
        while src in self.nodes and self.nodes[src].op == "Identity" and \
                self.nodes[src].inputs:
            src, index = self.nodes[src].inputs[0]
        return f"{src}:{index}"

    def _place_cond_switch(self, node: ParsedNode, places: list[tuple]) -> None:
        if len(node.inputs) < 2:
            raise ValueError(f"Node '{node.name}' (Switch) needs a data and a predicate input")
        key = node.name
        pred = node.inputs[1][0]
        if node.inputs[0] != node.inputs[1] and pred in self.nodes and \
                self.nodes[pred].op == "Identity":
            self._pred_ids.setdefault(pred, key)
        self._parent[key] = key
        self._pred[key] = self._predicate(node)
        self._bits[key] = 1 << len(self._bits)
        self._reads[key] = self._after[key]
        cond = self._innermost(node, places) + (("cond", key),)
        self._switch_out[key] = (cond + (("branch", key, 0),), cond + (("branch", key, 1),))
        self.paths[key] = self._out[key] = cond

    def _place_switch(self, node: ParsedNode) -> None:
        """The sides of a value's Switch that branches read: it goes into that branch, or
        stays at the cond's level, beside both, when both read it (TF's Merge gradient)."""
        (data, _), (pred, _) = node.inputs[:2]
        if data != pred:
            sides = sorted({index for n in self.nodes.values() for src, index in n.inputs
                            if src == node.name and index < 2}) or [1]
            self.switch_sides[node.name] = sides
            if len(sides) == 1:
                self.paths[node.name] = self._switch_out[node.name][sides[0]]

    def _place_merge(self, node: ParsedNode, data: list[tuple], controls: list[tuple]) -> None:
        data = [self._canon(ctx) for ctx in data]
        if not data or any(not ctx or ctx[-1][0] != "branch" for ctx in data):
            raise ValueError(f"Node '{node.name}' (Merge) merges values that no cond "
                             f"branch computed")
        for ctx in data[1:]:  # the two sides of one cond
            if ctx[:-2] == data[0][:-2] and ctx[-2] != data[0][-2]:
                self._join(data[0][-2], ctx[-2])
        data = [self._canon(ctx) for ctx in data]
        sides = {ctx[-1][2]: ctx for ctx in data}
        if len({ctx[:-1] for ctx in data}) != 1 or set(sides) != {0, 1}:
            raise ValueError(f"Node '{node.name}' (Merge) does not merge the two branches of "
                             f"one cond")
        cond = data[0][:-1]
        self.paths[node.name] = cond
        self._out[node.name] = self._innermost(node, [cond[:-1]] + controls)
        self._after[node.name] |= self._bits[self._find(cond[-1][1])]

    # ---- rebuilding

    def rebuild(self, g: Any, ops: dict[str, Operation], unit_ids: dict) -> None:
        _Rebuild(self, g, ops, unit_ids).run()


def _describe(ctx: tuple) -> str:
    if not ctx:
        return "the top level"
    item = ctx[-1]
    if item[0] == "loop":
        return f"the loop of frame '{item[1][1]}'"
    if item[0] == "cond":
        return f"the cond of '{item[1]}'"
    return f"the {'true' if item[2] else 'false'} branch of the cond of '{item[1]}'"


def analyze(nodes: dict[str, ParsedNode]) -> Structure:
    return Structure(nodes)


class _Rebuild:
    """Builds the contexts and constructs of one import, outermost first."""

    def __init__(self, structure: Structure, g: Any, ops: dict[str, Operation], unit_ids: dict):
        self.s = structure
        self.g = g
        self.ops = ops
        self.unit_ids = unit_ids
        self.contexts: dict[tuple, Any] = {(): None}
        self.members: dict[tuple, list[Operation]] = {}
        self.first = len(g._ops) - len(ops)  # the import's ops are the graph's last
        self.names = {op: name for name, op in ops.items()}
        self.pivots: set[Operation] = set()  # what TF's constants wait for, to be in a frame

    def context(self, path: tuple) -> Any:
        """The minitf context of `path` (made with its outer ones on first use)."""
        if path in self.contexts:
            return self.contexts[path]
        outer = self.context(path[:-1])
        item = path[-1]
        if item[0] == "loop":
            info = self.s.loops[item[1]]
            unit = cf._Construct(self.g, outer, "While", "")
            ctx = cf.WhileContext(unit, outer, info["frame_name"], info["parallel_iterations"],
                                  True, False, None)
        elif item[0] == "cond":
            unit = cf._Construct(self.g, outer, "Cond", "")
            ctx = cf._CondConstructContext(unit, outer)
        else:
            construct = outer
            ctx = cf.CondContext(construct.unit, construct, None, None, item[2])
        self.contexts[path] = ctx
        return ctx

    def run(self) -> None:
        for name, op in self.ops.items():
            path = self.s.paths.get(name, ())
            if name in self.s.switch_sides and path[-1][0] == "cond":  # one of its branches
                path = path + (("branch", path[-1][1], self.s.switch_sides[name][0]),)
            op._control_flow_context = self.context(path)
            self.members.setdefault(path, []).append(op)
        constructs = sorted((p for p in self.contexts if p and p[-1][0] != "branch"), key=len,
                            reverse=True)
        for path in constructs:  # innermost first: outer constructs see inner ones whole
            if path[-1][0] == "loop":
                self._loop(path)
            else:
                self._cond(path)
        self._cross()
        for path in constructs:
            self._external_controls(path)
        for op in self.ops.values():
            if any(c in self.pivots for c in op._control_inputs):
                op._control_inputs = [c for c in op._control_inputs if c not in self.pivots]
        for path in sorted(constructs, key=len):
            ctx = self.contexts[path]
            unit = ctx.unit
            unit._id = self.unit_ids[path[-1]]
            fetchable = {t.op for t in unit._outputs}
            cf._seal(self.g, self.first, ctx, fetchable=fetchable)

    # ---- helpers

    def _op(self, ctx: Any, op_type: str, inputs: list, attrs: dict, name: str) -> Operation:
        """A structural op the GraphDef lacks, placed in `ctx` under a unique `name`."""
        g = self.g
        with g.control_dependencies(None), g.name_scope(None):
            op = g.create_op(op_type, inputs, attrs, name=name)
        op._control_flow_context = ctx
        return op

    def _consumers(self, t: Any, op_type: str) -> list[Operation]:
        return [c for c in t._consumers if c._type == op_type]

    def _external_controls(self, path: tuple) -> None:
        """Control inputs from outside a construct wait for it as a whole (the construct runs
        after them), as minitf's own loops and conds hold them."""
        ctx = self.contexts[path]
        for ops in (ops for p, ops in self.members.items() if p[:len(path)] == path):
            for op in ops:
                outside = [c for c in op._control_inputs if not ctx._contains_op(c)]
                for c in outside:
                    op._control_inputs.remove(c)
                    ctx.unit._add_control_input(c)

    # ---- loops

    def _loop(self, path: tuple) -> None:
        ctx = self.contexts[path]
        unit = ctx.unit
        ops = self.members.get(path, [])
        loop_conds = [op for op in ops if op._type == "LoopCond"]
        if len(loop_conds) != 1:
            raise ValueError(f"The while loop of frame '{ctx.name}' has {len(loop_conds)} "
                             f"LoopCond nodes; it needs one")
        pivot = loop_conds[0].outputs[0]
        scope = _scope(loop_conds[0].name)
        unit._name = scope
        ctx.pred = pivot.op.inputs[0]
        merges = [op for op in ops if op._type == "Merge"]
        entered = set()
        exits = []
        for m in merges:
            enter = m._inputs[0]
            if enter.op._type not in _ENTERS:
                raise ValueError(f"The loop Merge '{m.name}' does not read an Enter first")
            entered.add(enter.op)
            nxt = self.ops[self._next_name(m)]
            m._inputs = [enter, enter]  # the back edge is the construct's business
            switch = self._one(self._consumers(m.outputs[0], "Switch"), m, "Switch") or \
                self._op(ctx, "Switch", [m.outputs[0], pivot], {"T": m.outputs[0].dtype},
                         f"{scope}/Switch")
            body_value = self._body_value(switch)
            exit_ = self._one(self._consumers(switch.outputs[0], "Exit"), m, "Exit") or \
                self._op(ctx, "Exit", [switch.outputs[0]], {"T": m.outputs[0].dtype},
                         f"{scope}/Exit")
            self.pivots.update((m, body_value.op))
            ctx.loop_enters.append(enter)
            ctx.merges.append(m.outputs[0])
            ctx.identities.append(body_value)
            ctx.nexts.append(nxt._inputs[0])
            ctx.next_names.append(nxt.name)
            ctx.next_controls += [c for c in nxt._control_inputs if c not in ctx.next_controls]
            exits.append(exit_.outputs[0])
            unit._inputs.append(enter.op._inputs[0])
        ctx.exits = exits
        for op in ops:
            if op._type in _ENTERS and op not in entered:
                enter = op.outputs[0]
                ctx._captured[enter.op._inputs[0]] = enter
                ctx.capture_enters.append(enter)
                unit._inputs.append(enter.op._inputs[0])
        outputs = list(exits)
        for op in ops:
            if op._type == "LoopCount":
                ctx.count = op.outputs[0]
                outputs.append(ctx.count)
            elif op._type == "LoopHistory":
                ctx.histories[op._inputs[0]] = op.outputs[0]
                outputs.append(op.outputs[0])
        unit._outputs = outputs
        unit._context = ctx
        unit._opdef.kernel = cf._while_kernel(unit, ctx)
        unit._opdef.grad = cf._while_grad

    @staticmethod
    def _body_value(switch: Operation) -> Any:
        """What the body reads of a loop variable: TF's Identity of the Switch's true output
        when that is its only reader, else that output itself (TF's gradient loop counter)."""
        readers = switch.outputs[1]._consumers
        if len(readers) == 1 and readers[0]._type == "Identity":
            return readers[0].outputs[0]
        return switch.outputs[1]

    def _next_name(self, merge: Operation) -> str:
        for src, _ in self.s.nodes[self.names[merge]].inputs:
            if self.s._is_next(src):
                return src
        raise ValueError(f"The loop Merge '{merge.name}' has no NextIteration input")

    @staticmethod
    def _one(found: list[Operation], merge: Operation, op_type: str) -> Operation | None:
        if len(found) > 1:
            raise ValueError(f"The loop variable of Merge '{merge.name}' has "
                             f"{len(found)} {op_type} nodes; it needs one")
        return found[0] if found else None

    # ---- conds

    def _cond(self, path: tuple) -> None:
        construct = self.contexts[path]
        unit = construct.unit
        key = path[-1][1]
        ops = self.members.get(path, [])
        values = [op for side in (0, 1)
                  for op in self.members.get(path + (("branch", key, side),), [])
                  if self.names.get(op) in self.s.switch_sides]
        pivot_switch = next((op for op in ops if op._type in ("Switch", "RefSwitch") and
                             op._inputs[0] is op._inputs[1]), None)
        pred_id = values[0]._inputs[1] if values else pivot_switch._inputs[0]
        pred = pred_id.op._inputs[0] if pred_id.op._type == "Identity" else pred_id
        scope = _scope((pivot_switch or values[0]).name)
        unit._name = scope
        unit._inputs = [pred]
        if pivot_switch is None:  # a cond TF's gradient built has none
            pivot_switch = self._op(construct, "Switch", [pred, pred], {"T": _dtypes.bool},
                                    f"{scope}/Switch")
        pivots = []
        for side, label in ((0, "switch_f"), (1, "switch_t")):
            found = self._consumers(pivot_switch.outputs[side], "Identity")
            pivot = found[0] if found else self._op(
                construct, "Identity", [pivot_switch.outputs[side]], {"T": _dtypes.bool},
                f"{scope}/{label}")
            pivot._control_flow_context = construct
            self.pivots.add(pivot)
            pivots.append(pivot.outputs[0])
        branches = []
        for side in (0, 1):
            ctx = self.context(path + (("branch", key, side),))
            ctx.pred, ctx.pivot = pred_id, pivots[side]
            ctx._inside = {ctx.pred, ctx.pivot}
            for op in values:
                if side in self.s.switch_sides[self.names[op]]:
                    outer = op._inputs[0]
                    ctx._captured[outer] = op.outputs[side]
                    ctx._inside.add(op.outputs[side])
                    ctx.capture_outer.append(outer)
                    ctx.capture_switches.append(op.outputs[side])
                    unit._add_input(outer)
                    self.pivots.add(op)  # what TF's gradients wait for, to be in the branch
            branches.append(ctx)
        merges = [op for op in ops if op._type == "Merge"]
        results: list[list] = [[], []]
        for m in merges:
            for t in m._inputs:
                results[self._side(t, branches)].append(t)
        outputs = [m.outputs[0] for m in merges] + [m.outputs[1] for m in merges]
        for op in ops:
            if op._type == "BranchValue":
                t = op._inputs[0]
                branches[self._side(t, branches)].values[t] = op.outputs[0]
                outputs.append(op.outputs[0])
        unit._outputs = outputs
        unit._branches = [(branches[0], results[0]), (branches[1], results[1])]
        unit._n_results = len(merges)
        unit._opdef.kernel = cf._cond_kernel(unit)
        unit._opdef.grad = cf._cond_grad

    def _cross(self) -> None:
        """Reads of an earlier cond's branch (TF's cond gradients read the forward branch's
        values) become outputs of that cond (BranchValue) that the reading branch captures, as
        minitf's own cond gradients read them; control edges across go."""
        for name, kind, which in self.s.cross:
            op = self.ops[name]
            if kind == "control":
                source = self.ops[which]
                if source in op._control_inputs:
                    op._control_inputs.remove(source)
                continue
            src, index = self.s.nodes[name].inputs[which]
            t = op._inputs[which]
            forward = self.contexts[self.s._canon(self.s._output(src, index))]
            value = forward.branch_value(t)
            side = op._control_flow_context._capture_value(value, op.name)
            op._inputs[which] = side
            t._consumers.remove(op)
            side._consumers.append(op)

    @staticmethod
    def _side(t: Any, branches: list) -> int:
        return 1 if branches[1]._contains(t) else 0
