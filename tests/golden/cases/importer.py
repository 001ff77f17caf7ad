"""Golden cases: importer. tf.import_graph_def of a GraphDef each side builds itself: the names
of imported ops (`import/`, `import_1/`, `name=''` with TF's `_1` suffix, inside a name
scope), input_map and return_elements, the caller's control dependencies and devices; a while
loop and a cond run after import; a GraphDef given as text with TF's stack ops (StackV2,
StackPushV2, StackPopV2, StackCloseV2) and ControlTrigger, which TF's loop gradients use;
graph_util's freezing and import_meta_graph of an exported MetaGraphDef; and TF's errors."""
import numpy as np

from . import case, normal


def _small(tf):
    """A GraphDef with a placeholder, a constant, a MatMul and an Identity."""
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, [None, 3], name="x")
        w = tf.constant([[1.0], [2.0], [3.0]], name="w")
        tf.identity(tf.matmul(x, w, name="y") + 1.0, name="z")
    return g.as_graph_def()


def _text_graph(tf, text):
    from google.protobuf import text_format
    return text_format.Parse(text, tf.GraphDef())


@case
def import_names(tf, rng):
    gd = _small(tf)
    first = tf.import_graph_def(gd, return_elements=["z:0", "y"])
    second = tf.import_graph_def(gd, return_elements=["z:0"])
    bare = tf.import_graph_def(gd, name="", return_elements=["z:0", "x"])
    with tf.name_scope("outer"):
        scoped = tf.import_graph_def(gd, name="net", return_elements=["z:0"])
    again = tf.import_graph_def(gd, name="", return_elements=["z:0"])
    after = tf.identity(first[0], name="z")
    feed = {t.op.inputs[0].op.inputs[0].op.inputs[0]: normal(rng, 2, 3)
            for t in (first[0], second[0], bare[0], scoped[0], again[0])}
    return {"fetch": [first[0], second[0], bare[0], scoped[0], again[0], after], "feed": feed,
            "facts": {"first": [first[0].name, first[1].name], "bare_op": bare[1].name,
                      "after": after.name}}


@case
def import_input_map(tf, rng):
    gd = _small(tf)
    value = tf.constant(normal(rng, 2, 3), name="value")
    z, y = tf.import_graph_def(gd, input_map={"x:0": value}, return_elements=["z:0", "y:0"])
    z2, = tf.import_graph_def(gd, input_map={"x": [[1.0, 2.0, 3.0]]}, return_elements=["z:0"])
    mapped, = tf.import_graph_def(gd, input_map={"x:0": value}, return_elements=["x:0"])
    return {"fetch": [z, y, z2, mapped], "facts": {"mapped": mapped.name}}


@case
def import_control_dependencies_and_devices(tf, rng):
    gd = _small(tf)
    first = tf.constant(1.0, name="first")
    with tf.control_dependencies([first]), tf.device("/cpu:0"):
        z, w = tf.import_graph_def(gd, return_elements=["z", "w"])
    return {"facts": {"controls": [c.name for c in z.control_inputs], "device": z.device,
                      "w_device": w.device}}


@case
def import_while_loop_and_cond(tf, rng):
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, [None, 3], name="x")
        flag = tf.placeholder(tf.bool, [], name="flag")
        _, total = tf.while_loop(lambda i, a: i < 3,
                                 lambda i, a: (i + 1, a * 2.0 + tf.reduce_sum(x)),
                                 [tf.constant(0), tf.constant(1.0)])
        tf.identity(total, name="total")
        picked = tf.cond(flag, lambda: x * 3.0, lambda: tf.constant([[7.0, 8.0, 9.0]]))
        tf.identity(picked, name="picked")
    total, picked, x, flag = tf.import_graph_def(
        g.as_graph_def(), return_elements=["total:0", "picked:0", "x:0", "flag:0"])
    value = normal(rng, 1, 3)

    def run(sess):
        return [sess.run([total, picked], {x: value, flag: f}) for f in (True, False)]
    return {"run": run, "facts": {"total": total.name, "picked": picked.name}}


_STACKS = """
node { name: "max_size" op: "Const"
       attr { key: "dtype" value { type: DT_INT32 } }
       attr { key: "value" value { tensor { dtype: DT_INT32 tensor_shape {} int_val: %d } } } }
node { name: "value" op: "Const"
       attr { key: "dtype" value { type: DT_FLOAT } }
       attr { key: "value" value { tensor { dtype: DT_FLOAT tensor_shape { dim { size: 2 } }
                                            float_val: 1.5 float_val: -2 } } } }
node { name: "stack" op: "StackV2" input: "max_size"
       attr { key: "elem_type" value { type: DT_FLOAT } }
       attr { key: "stack_name" value { s: "acc" } } }
node { name: "push" op: "StackPushV2" input: "stack" input: "value"
       attr { key: "T" value { type: DT_FLOAT } }
       attr { key: "swap_memory" value { b: false } } }
node { name: "push_again" op: "StackPushV2" input: "stack" input: "value" input: "^push"
       attr { key: "T" value { type: DT_FLOAT } }
       attr { key: "swap_memory" value { b: false } } }
node { name: "pushed" op: "ControlTrigger" input: "^%s" }
node { name: "pop" op: "StackPopV2" input: "stack" input: "^pushed"
       attr { key: "elem_type" value { type: DT_FLOAT } } }
node { name: "pop_again" op: "StackPopV2" input: "stack" input: "^pop"
       attr { key: "elem_type" value { type: DT_FLOAT } } }
node { name: "close" op: "StackCloseV2" input: "stack" input: "^pop" }
"""


@case
def import_stack_ops(tf, rng):
    gd = _text_graph(tf, _STACKS % (-1, "push_again"))
    pop, again = tf.import_graph_def(gd, return_elements=["pop:0", "pop_again:0"])
    return {"fetch": [pop, again]}


@case(error="is empty when calling Pop()")
def import_stack_pop_empty(tf, rng):
    gd = _text_graph(tf, _STACKS % (-1, "push"))
    again, = tf.import_graph_def(gd, return_elements=["pop_again:0"])
    return {"fetch": again}


@case(error="overflowed its max_size (1)")
def import_stack_overflow(tf, rng):
    gd = _text_graph(tf, _STACKS % (1, "push_again"))
    pop, = tf.import_graph_def(gd, return_elements=["pop:0"])
    return {"fetch": pop}


@case
def freeze_and_import(tf, rng):
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, [None, 3], name="x")
        w = tf.Variable(normal(rng, 3, 2), name="w")
        b = tf.Variable(normal(rng, 2), name="b")
        tf.nn.relu(tf.matmul(x, w) + b, name="out")
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            frozen = tf.graph_util.convert_variables_to_constants(sess, g.as_graph_def(),
                                                                  ["out"])
    out, x = tf.import_graph_def(frozen, name="", return_elements=["out:0", "x:0"])
    return {"fetch": out, "feed": {x: normal(rng, 2, 3)},
            "facts": {"nodes": [(n.name, n.op) for n in frozen.node]}}


@case
def import_meta_graph_round_trip(tf, rng):
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, [None, 3], name="x")
        w = tf.Variable(normal(rng, 3, 2), name="w")
        tf.Variable(0, name="step", trainable=False)
        y = tf.matmul(x, w, name="y")
        tf.add_to_collection("outputs", y)
        tf.add_to_collection("labels", "y")
        tf.add_to_collection("sizes", 3)
        tf.train.Saver()
        meta = tf.train.export_meta_graph()
    saver = tf.train.import_meta_graph(meta, import_scope="restored")
    collections = {k: [getattr(v, "name", v) for v in tf.get_collection(k)]
                   for k in ("outputs", "labels", "sizes", "variables", "trainable_variables")}
    return {"fetch": tf.get_collection("outputs")[0], "init": True,
            "feed": {"restored/x:0": normal(rng, 2, 3)},
            "facts": {"collections": collections, "restore": saver.saver_def.restore_op_name,
                      "kinds": {k: meta.collection_def[k].WhichOneof("kind")
                                for k in sorted(meta.collection_def)}}}


@case(error="Attempted to map inputs that were not found in graph_def")
def import_missing_input_map_key(tf, rng):
    tf.import_graph_def(_small(tf), input_map={"nope": tf.constant(1.0)})


@case(error="Requested return tensor 'nope:0' not found in graph def")
def import_missing_return_tensor(tf, rng):
    tf.import_graph_def(_small(tf), return_elements=["nope:0"])


@case(error="Requested return node 'nope' not found in graph def")
def import_missing_return_node(tf, rng):
    tf.import_graph_def(_small(tf), return_elements=["nope"])


@case(error="Invalid return output 3 of node 'y', which has 1 output(s)")
def import_bad_return_index(tf, rng):
    tf.import_graph_def(_small(tf), return_elements=["y:3"])


@case(error="incompatible with expected float")
def import_input_map_dtype(tf, rng):
    tf.import_graph_def(_small(tf), input_map={"x:0": tf.constant([[1, 2, 3]])})


@case(error="Op type not registered 'FooBar'")
def import_unknown_op(tf, rng):
    gd = _small(tf)
    gd.node[1].op = "FooBar"
    tf.import_graph_def(gd)


@case(error="Unknown input node 'nope'")
def import_unknown_input(tf, rng):
    gd = _small(tf)
    gd.node[2].input[0] = "nope"
    tf.import_graph_def(gd)


@case(error="Connecting to invalid output 4 of source node x which has 1 outputs")
def import_bad_input_index(tf, rng):
    gd = _small(tf)
    gd.node[2].input[0] = "x:4"
    tf.import_graph_def(gd)


@case(error="Node 'x' is not unique")
def import_duplicate_node(tf, rng):
    gd = _small(tf)
    gd.node.add().CopyFrom(gd.node[0])
    tf.import_graph_def(gd)


@case(error="nodes in a cycle")
def import_cycle(tf, rng):
    gd = _small(tf)
    gd.node[1].input.append("^z")
    tf.import_graph_def(gd)


@case(error="requires a non-empty `name` if `input_map` contains non-Tensor values")
def import_empty_name_with_values(tf, rng):
    tf.import_graph_def(_small(tf), input_map={"x:0": np.ones((1, 3), np.float32)}, name="")
