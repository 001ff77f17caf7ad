"""Golden cases: tf.TensorArray outside loops. Forward cases keep names (ops, reprs, static
shapes, values, TF1's run-time errors); gradient cases record op types only (`names=False`).

TF 2.x and TF 1.15 build `stack()` differently: 1.15 sizes the array with a
`TensorArrayStack/TensorArraySizeV3` op and leaves the stacked dimension unknown, where 2.x
reads a fixed size statically (a `TensorArrayStack/Const`, or nothing when the size is a tensor)
and knows the dimension. 2.x's `concat()` of an array with a known element shape also asks for
the size after the concat op (one more `Const`, or a `TensorArraySizeV3` when dynamic) and knows
dimension 0. The `tf115` patches below turn TF 2.x's records into 1.15's.
"""
import re

import numpy as np

from . import case, fetched_tensors, normal


def _stack_115(rec):
    """Patch: TF 1.15's stack/concat ops and static shapes (see the module docstring)."""
    if "graph" in rec:
        out = []
        for entry in rec["graph"]:
            name, _, typ = entry.partition(" (")
            const = re.fullmatch(r"(.*TensorArrayStack(?:_\d+)?)/Const", name)
            start = re.fullmatch(r"(.*TensorArrayStack(?:_\d+)?)/range/start", name)
            if const:
                out.append(f"{const.group(1)}/TensorArraySizeV3 (TensorArraySizeV3)")
                continue
            if start and not (out and out[-1].startswith(f"{start.group(1)}/TensorArraySizeV3")):
                out.append(f"{start.group(1)}/TensorArraySizeV3 (TensorArraySizeV3)")
            if out and re.fullmatch(r".*TensorArrayConcatV3(_\d+)? \(TensorArrayConcatV3\)",
                                    out[-1]) and typ in ("Const)", "TensorArraySizeV3)") \
                    and "/" not in name:
                continue  # 2.x's size query after the concat
            out.append(entry)
        rec["graph"] = out
    for t in fetched_tensors(rec):
        stacked = t.get("type") == "TensorArrayGatherV3" and "TensorArrayStack" in t["tensor"]
        if (stacked or t.get("type") == "TensorArrayConcatV3") and t.get("shape"):
            t["shape"] = [None] + t["shape"][1:]


def _facts(ta):
    return {"handle": repr(ta.handle), "flow": repr(ta.flow), "dtype": ta.dtype.name,
            "element_shape": str(ta.element_shape)}


# ---- forward

@case(tf115=_stack_115)
def write_read_stack(tf, rng):
    a = tf.placeholder(tf.float32, [2, 3], name="a")
    ta = tf.TensorArray(tf.float32, size=3, clear_after_read=False)
    w = ta.write(0, a).write(2, tf.constant(normal(rng, 2, 3)))
    facts = {"ta": _facts(ta), "w": _facts(w), "same_handle": w.handle is ta.handle}
    read = w.read(2)
    facts["read"] = repr(read)
    return {"fetch": {"read": read, "stack": w.stack()},
            "feed": {a: normal(rng, 2, 3)}, "facts": facts}


@case(tf115=_stack_115)
def unstack_write_stack_round_trip(tf, rng):
    x = tf.placeholder(tf.float32, [3, 4], name="x")
    inputs = tf.TensorArray(tf.float32, size=3).unstack(x)
    outputs = tf.TensorArray(tf.float32, size=3)
    for i in range(3):
        outputs = outputs.write(i, tf.tanh(inputs.read(i)) * float(i + 1))
    return {"fetch": outputs.stack(), "feed": {x: normal(rng, 3, 4)},
            "facts": {"element_shape": str(outputs.element_shape)}}


@case
def dynamic_size_grows(tf, rng):
    ta = tf.TensorArray(tf.float32, size=1, dynamic_size=True)
    w = ta.write(3, [1.0, 2.0]).write(0, tf.constant([3.0, 4.0]))
    return {"fetch": {"stack": w.stack(), "size": w.size()}}


@case(tf115=_stack_115)
def declared_element_shape_zeros(tf, rng):
    ta = tf.TensorArray(tf.float32, size=3, element_shape=[2], name="declared")
    w = ta.write(1, [1.0, 2.0])
    empty = tf.TensorArray(tf.float32, size=0, element_shape=[3], name="empty")
    partial = tf.TensorArray(tf.float32, size=2, element_shape=tf.TensorShape([None, 2]))
    return {"fetch": {"stack": w.stack(), "empty": empty.stack(),
                      "unwritten": tf.TensorArray(tf.float32, 2, element_shape=[4]).read(1)},
            "facts": {"read_shape": str(partial.read(0).shape),
                      "gather_shape": str(partial.gather([0, 1]).shape),
                      "element_shape": str(partial.element_shape)}}


@case
def gather_scatter(tf, rng):
    x = tf.placeholder(tf.float32, [2, 3], name="x")
    ta = tf.TensorArray(tf.float32, size=4, clear_after_read=False).scatter([3, 0], x)
    return {"fetch": {"gather": ta.gather([0, 3, 1, 0]), "read": ta.read(3)},
            "feed": {x: normal(rng, 2, 3)}}


@case
def split_concat_varied_lengths(tf, rng):
    x = tf.placeholder(tf.float32, [5, 2], name="x")
    ta = tf.TensorArray(tf.float32, size=3, infer_shape=False).split(x, [2, 0, 3])
    other = tf.TensorArray(tf.float32, size=2, infer_shape=False).split(x, [1, 4])
    return {"fetch": {"concat": ta.concat(), "read": other.read(1)},
            "feed": {x: normal(rng, 5, 2)},
            "facts": {"element_shape": str(ta.element_shape)}}


@case(tf115=_stack_115)
def concat_and_split_even(tf, rng):
    x = tf.placeholder(tf.float32, [6, 2], name="x")
    ta = tf.TensorArray(tf.float32, size=3).split(x, [2, 2, 2])
    facts = {"element_shape": str(ta.element_shape)}
    return {"fetch": {"concat": ta.concat()}, "feed": {x: normal(rng, 6, 2)}, "facts": facts}


@case(tf115=_stack_115)
def dtypes_and_flows(tf, rng):
    ints = tf.TensorArray(tf.int32, size=2).write(0, 7).write(1, 8)
    bools = tf.TensorArray(tf.bool, size=2).write(0, True).write(1, False)
    floats = tf.TensorArray(tf.float32, size=1)
    wrote = floats.write(0, [1, 2])  # Python ints are written as the array's dtype
    return {"fetch": {"ints": ints.stack(), "bools": bools.stack(), "flow": floats.flow,
                      "write_flow": wrote.flow, "as_float": wrote.read(0)}}


@case
def close_after_read(tf, rng):
    ta = tf.TensorArray(tf.float32, size=2).write(0, [1.0]).write(1, [2.0])
    read = ta.read(1)
    with tf.control_dependencies([read]):
        close = ta.close()
    return {"fetch": {"read": read, "close": close}}


@case
def clear_after_read_false_reads_twice(tf, rng):
    ta = tf.TensorArray(tf.float32, size=2, clear_after_read=False).write(1, [5.0, 6.0])
    return {"fetch": [ta.read(1), ta.read(1), ta.gather([1, 1, 0])]}


# ---- errors

@case(error="Tried to write to index 5 but array is not resizeable and size is: 3")
def error_write_out_of_range(tf, rng):
    return {"fetch": tf.TensorArray(tf.float32, size=3).write(5, 1.0).flow}


@case(error="Could not write to TensorArray index 0 because it has already been written to.")
def error_write_twice(tf, rng):
    return {"fetch": tf.TensorArray(tf.float32, size=3).write(0, 1.0).write(0, 2.0).flow}


@case(error="Could not read index 1 twice because it was cleared after a previous read")
def error_read_twice(tf, rng):
    ta = tf.TensorArray(tf.float32, size=3).write(1, 1.0)
    r = ta.read(1)
    with tf.control_dependencies([r]):
        again = ta.read(1)
    return {"fetch": again}


@case(error="Furthermore, the element shape is not fully defined: <unknown>.")
def error_read_unwritten_unknown_shape(tf, rng):
    return {"fetch": tf.TensorArray(tf.float32, size=3).read(1)}


@case(error="TensorArray has size zero, but element shape <unknown> is not fully defined.",
      tf115=_stack_115)
def error_stack_size_zero(tf, rng):
    return {"fetch": tf.TensorArray(tf.float32, size=0).stack()}


@case(error="TensorArray dtype is float but Op is trying to write dtype int32.")
def error_write_dtype(tf, rng):
    return {"fetch": tf.TensorArray(tf.float32, size=2).write(0, tf.constant(1)).flow}


@case(error="Inconsistent shapes: saw (3,) but expected (2,)")
def error_inconsistent_shapes(tf, rng):
    tf.TensorArray(tf.float32, size=2).write(0, [1.0, 2.0]).write(1, [1.0, 2.0, 3.0])


@case(error="which is incompatible with the TensorArray's inferred element shape: [2]")
def error_write_incompatible_at_run_time(tf, rng):
    p = tf.placeholder(tf.float32, name="p")
    q = tf.placeholder(tf.float32, name="q")
    w = tf.TensorArray(tf.float32, size=2).write(0, p).write(1, q)
    return {"fetch": w.flow, "feed": {p: np.ones(2, np.float32), q: np.ones(1, np.float32)}}


@case(error="Max scatter index must be < array size (4 vs. 3)")
def error_scatter_out_of_range(tf, rng):
    return {"fetch": tf.TensorArray(tf.float32, size=3).scatter([0, 4], [1.0, 2.0]).flow}


@case(error="Expected sum of lengths to be equal to values.shape[0], but sum of lengths is 2")
def error_split_lengths(tf, rng):
    return {"fetch": tf.TensorArray(tf.float32, size=2).split([1.0, 2.0, 3.0], [1, 1]).flow}


@case(error="TensorArray has inconsistent shapes.  Index 0 has shape: [2] but index 1 has "
            "shape: [1]", tf115=_stack_115)
def error_stack_inconsistent_shapes(tf, rng):
    ta = tf.TensorArray(tf.float32, size=2, infer_shape=False)
    return {"fetch": ta.write(0, [1.0, 2.0]).write(1, [1.0]).stack()}


# ---- gradients: d sum(y * w) for fixed random weights w

def _sized_stack_115(rec):
    """Patch for a gradient case (op types only) that stacks a fixed-size array: TF 1.15 sizes
    it with a TensorArraySizeV3 op."""
    rec["op_types"] = sorted(set(rec["op_types"]) | {"TensorArraySizeV3"})


def _grad_case(name, shapes, build, value_shape=None, stacks_fixed_size=False):
    def fn(tf, rng):
        xs = [tf.placeholder(tf.float32, s) for s in shapes]
        y = build(tf, *xs)
        w = tf.constant(normal(rng, *(value_shape or y.shape.as_list())))
        grads = tf.gradients(tf.reduce_sum(y * w), xs)
        return {"fetch": {"grads": grads}, "feed": {x: normal(rng, *s) for x, s in
                                                   zip(xs, shapes)}, "names": False}
    case(name=name, tf115=_sized_stack_115 if stacks_fixed_size else None)(fn)


def _repeated_reads(tf, x):
    u = tf.TensorArray(tf.float32, size=3, clear_after_read=False).unstack(x)
    return u.read(1) * u.read(1) + u.read(0)


def _round_trip(tf, x, n):
    inputs = tf.TensorArray(tf.float32, size=n).unstack(x)
    outputs = tf.TensorArray(tf.float32, size=n)
    for i in range(n):
        outputs = outputs.write(i, tf.sin(inputs.read(i)) * float(i + 1))
    return outputs.stack()


_grad_case("grad_unstack_read", [(3, 4)],
           lambda tf, x: tf.TensorArray(tf.float32, size=3).unstack(x).read(1) * 2.0)
_grad_case("grad_write_stack", [(2, 3), (2, 3)],
           lambda tf, a, b: tf.TensorArray(tf.float32, size=2).write(0, a).write(1, b).stack(),
           (2, 2, 3), stacks_fixed_size=True)
_grad_case("grad_write_read_unread_is_zero", [(3,), (3,)],
           lambda tf, a, b: tf.TensorArray(tf.float32, size=2).write(0, a).write(1, b).read(0))
_grad_case("grad_unstack_write_stack_round_trip", [(4, 3)],
           lambda tf, x: _round_trip(tf, x, 4), (4, 3), stacks_fixed_size=True)
_grad_case("grad_repeated_reads", [(3, 2)], _repeated_reads)
_grad_case("grad_gather_scatter", [(3, 2)],
           lambda tf, x: tf.TensorArray(tf.float32, size=4, clear_after_read=False)
           .scatter([3, 0, 1], x).gather([0, 3, 0, 2]), (4, 2))
_grad_case("grad_split_concat", [(5, 2)],
           lambda tf, x: tf.TensorArray(tf.float32, size=2, infer_shape=False)
           .split(x, [2, 3]).concat(), (5, 2))
_grad_case("grad_unstack_concat", [(3, 2)],
           lambda tf, x: tf.TensorArray(tf.float32, size=3).unstack(x).concat(), (6,))
_grad_case("grad_dynamic_size_stack", [(3, 2)],
           lambda tf, x: tf.TensorArray(tf.float32, size=0, dynamic_size=True).unstack(x)
           .stack(), (3, 2))
