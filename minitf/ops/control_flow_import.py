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
    around it, outermost first, each ("loop", key), ("cond", key) or ("branch", key, side)."""

    def __init__(self, nodes: dict[str, ParsedNode]):
        self.nodes = nodes
        self.paths: dict[str, tuple] = {}
        self._out: dict[str, tuple] = {}  # where a node's outputs are
        self._switch_out: dict[str, tuple] = {}  # a cond Switch's two outputs
        self.loops: dict[tuple, dict] = {}  # loop key -> {"frame_name", "parallel_iterations"}
        self._cond_paths: dict[str, tuple] = {}  # cond key -> where its own ops are
        order = [n for kind, n in _order(nodes, {}) if kind == "node"]
        for node in order:
            self._place(node)
        for node in order:  # a cond's Switch goes into the branch that reads it
            if node.name in self._switch_out:
                self._place_switch(node)
        for key, path in self._cond_paths.items():  # the predicate Identity is the cond's
            if key in nodes:
                self.paths[key] = path

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

    def _innermost(self, node: ParsedNode, inputs: list[tuple]) -> tuple:
        inner = max(inputs, key=len, default=())
        for ctx in inputs:
            if inner[:len(ctx)] != ctx:
                raise ValueError(f"Node '{node.name}' reads values of different loops or cond "
                                 f"branches ({_describe(ctx)} and {_describe(inner)}): its "
                                 f"graph's control flow is malformed")
        return inner

    def _data_inputs(self, node: ParsedNode) -> list[tuple]:
        return [self._output(src, index) for src, index in node.inputs
                if not (node.op == "Merge" and self._is_next(src))]

    def _is_next(self, src: str) -> bool:
        return src in self.nodes and self.nodes[src].op == "NextIteration"

    def _place(self, node: ParsedNode) -> None:
        name, op = node.name, node.op
        data = self._data_inputs(node)
        controls = [self._control(src) for src in node.controls]
        if op in _ENTERS:
            outer = self._innermost(node, data + controls)
            frame = node.attr_value("frame_name") or ""
            key = (outer, frame)
            self.loops.setdefault(key, {"frame_name": frame, "parallel_iterations":
                                        node.attr_value("parallel_iterations") or 10})
            self.paths[name] = self._out[name] = outer + (("loop", key),)
        elif op in _EXITS:
            inner = self._innermost(node, data + controls)
            loops = [i for i, item in enumerate(inner) if item[0] == "loop"]
            if not loops:
                raise ValueError(f"Node '{name}' ({op}) is not inside a while loop")
            self.paths[name] = inner[:loops[-1] + 1]
            self._out[name] = inner[:loops[-1]]
        elif op == "Merge" and len(data) < len(node.inputs):  # a loop variable's Merge
            self.paths[name] = self._out[name] = self._innermost(node, data + controls)
        elif op == "Merge":
            self._place_merge(node, data, controls)
        elif op == "BranchValue":
            inner = self._innermost(node, data + controls)
            if not inner or inner[-1][0] != "branch":
                raise ValueError(f"Node '{name}' (BranchValue) does not read a cond branch")
            self.paths[name], self._out[name] = inner[:-1], inner[:-2]
        elif op in ("Switch", "RefSwitch") and not self._loop_switch(node):
            self._place_cond_switch(node)
        else:
            inner = self._innermost(node, data + controls)
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

    def _cond_key(self, node: ParsedNode) -> str:
        """A cond is named by its predicate Identity (`cond/pred_id`): the value Switches read
        it; the predicate's own Switch sits beside it in the cond's scope."""
        (data, data_index), (pred, pred_index) = node.inputs[:2]
        if (data, data_index) == (pred, pred_index):
            pred_id = f"{_scope(node.name)}/pred_id"
            found = self.nodes.get(pred_id)
            if found is not None and found.op == "Identity" and \
                    found.inputs[:1] == [(pred, pred_index)]:
                return pred_id
            return node.name
        return pred

    def _place_cond_switch(self, node: ParsedNode) -> None:
        if len(node.inputs) < 2:
            raise ValueError(f"Node '{node.name}' (Switch) needs a data and a predicate input")
        key = self._cond_key(node)
        outer = self._innermost(node, self._data_inputs(node) +
                                [self._control(src) for src in node.controls])
        cond = outer + (("cond", key),)
        self._switch_out[node.name] = (cond + (("branch", key, 0),),
                                       cond + (("branch", key, 1),))
        self.paths[node.name] = self._out[node.name] = cond
        self._cond_paths[key] = cond

    def _place_switch(self, node: ParsedNode) -> None:
        """The predicate's Switch stays at the cond's level; a value's Switch goes into the
        branch whose side is read (the true one when both are)."""
        (data, _), (pred, _) = node.inputs[:2]
        if data == pred:
            return
        used = {index for n in self.nodes.values() for src, index in n.inputs
                if src == node.name}
        side = 0 if used == {0} else 1
        self.paths[node.name] = self._switch_out[node.name][side]

    def _place_merge(self, node: ParsedNode, data: list[tuple], controls: list[tuple]) -> None:
        sides = {}
        for ctx in data:
            if not ctx or ctx[-1][0] != "branch":
                raise ValueError(f"Node '{node.name}' (Merge) merges values that no cond "
                                 f"branch computed")
            sides[ctx[-1][2]] = ctx
        keys = {ctx[-1][1] for ctx in data}
        if len(keys) != 1 or set(sides) != {0, 1} or sides[0][:-1] != sides[1][:-1]:
            raise ValueError(f"Node '{node.name}' (Merge) does not merge the two branches of "
                             f"one cond")
        cond = sides[0][:-1]
        self.paths[node.name] = cond
        self._out[node.name] = self._innermost(node, [cond[:-1]] + controls)

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
            ctx = self.context(path)
            op._control_flow_context = ctx
            self.members.setdefault(path, []).append(op)
        constructs = sorted((p for p in self.contexts if p and p[-1][0] != "branch"), key=len,
                            reverse=True)
        for path in constructs:  # innermost first: outer constructs see inner ones whole
            if path[-1][0] == "loop":
                self._loop(path)
            else:
                self._cond(path)
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
        pred_id = self.ops.get(key) if key in self.s.nodes and \
            self.s.nodes[key].op == "Identity" else None
        pivot_switch = next((op for op in ops if op._type in ("Switch", "RefSwitch") and
                             op._inputs[0] is op._inputs[1]), None)
        if pred_id is None and pivot_switch is None:
            raise ValueError(f"The cond of '{key}' has neither a predicate Identity nor a "
                             f"Switch of its predicate")
        pred = pred_id._inputs[0] if pred_id is not None else pivot_switch._inputs[0]
        scope = _scope(pred_id.name if pred_id is not None else pivot_switch.name)
        unit._name = scope
        unit._inputs = [pred]
        if pred_id is None:
            pred_id = self._op(construct, "Identity", [pred], {"T": _dtypes.bool},
                               f"{scope}/pred_id")
        if pivot_switch is None:
            pivot_switch = self._op(construct, "Switch", [pred, pred], {"T": _dtypes.bool},
                                    f"{scope}/Switch")
        pivots = []
        for side, label in ((0, "switch_f"), (1, "switch_t")):
            found = self._consumers(pivot_switch.outputs[side], "Identity")
            pivot = found[0] if found else self._op(
                construct, "Identity", [pivot_switch.outputs[side]], {"T": _dtypes.bool},
                f"{scope}/{label}")
            self.pivots.add(pivot)
            pivots.append(pivot.outputs[0])
        branches = []
        for side in (0, 1):
            branch_path = path + (("branch", key, side),)
            ctx = self.context(branch_path)
            ctx.pred, ctx.pivot = pred_id.outputs[0], pivots[side]
            ctx._inside = {ctx.pred, ctx.pivot}
            for op in self.members.get(branch_path, []):
                if op._type in ("Switch", "RefSwitch") and op._inputs[1] is pred_id.outputs[0]:
                    outer = op._inputs[0]
                    ctx._captured[outer] = op.outputs[side]
                    ctx.capture_outer.append(outer)
                    ctx.capture_switches.append(op.outputs[side])
                    unit._add_input(outer)
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

    @staticmethod
    def _side(t: Any, branches: list) -> int:
        return 1 if branches[1]._contains(t) else 0
