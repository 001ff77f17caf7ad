"""tf.Variable, the state ops (VariableV2, Assign, AssignAdd, AssignSub, IsVariableInitialized),
collections and initializer ops: names as TF 1.15 gives them, values per session, and errors."""
import numpy as np
import pytest

import minitf as tf
from minitf.framework import errors
from minitf.ops import state
from tests.harness import session


def _ops():
    return [(op.name, op.type) for op in tf.get_default_graph().get_operations()]


# ---- the ops a Variable creates, its names and reprs

def test_variable_ops_and_names():
    v = tf.Variable([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], name="w")
    assert _ops() == [("w/initial_value", "Const"), ("w", "VariableV2"), ("w/Assign", "Assign"),
                      ("w/read", "Identity")]
    assert repr(v) == str(v) == "<tf.Variable 'w:0' shape=(2, 3) dtype=float32_ref>"
    assert v.name == "w:0" and v.op.name == "w" and v.op.type == "VariableV2"
    assert v.dtype == tf.float32_ref and v.dtype.name == "float32_ref"
    assert v.shape.as_list() == [2, 3] and v.get_shape().as_list() == [2, 3]
    assert v.initializer.name == "w/Assign" and v.initializer.type == "Assign"
    assert v.initial_value.name == "w/initial_value:0"
    assert v.value().name == "w/read:0" and v.value().dtype == tf.float32
    assert v._as_graph_element() is v._ref() is v.op.outputs[0]
    assert v.graph is tf.get_default_graph() and v.device == ""
    assert v.trainable and v.constraint is None
    assert v.op.get_attr("shape").as_list() == [2, 3] and v.op.get_attr("dtype") == tf.float32
    assert v.op.get_attr("container") == "" and v.op.get_attr("shared_name") == ""
    assert v.initializer.get_attr("use_locking") is True
    assert v.initializer.get_attr("validate_shape") is True
    assert [t.name for t in v.initializer.inputs] == ["w:0", "w/initial_value:0"]


def test_variable_default_names_follow_name_scopes():
    a = tf.Variable(1.0)
    b = tf.Variable(2.0)
    with tf.name_scope("ns"):
        c = tf.Variable(3, name="c")
        d = tf.Variable([4.0])
    e = tf.Variable(5.0, name="Variable")
    assert [x.name for x in (a, b, c, d, e)] == ["Variable:0", "Variable_1:0", "ns/c:0",
                                                "ns/Variable:0", "Variable_2:0"]
    assert c.dtype == tf.int32_ref


def test_variable_from_tensor_and_callable():
    t = tf.constant([1.0, 2.0], name="zeros")
    v = tf.Variable(t, name="v")
    assert v.initial_value is t
    with tf.name_scope("ns"):
        c = tf.Variable(lambda: tf.constant([1.0, 2.0]), name="c")
        u = tf.Variable(lambda: 7, name="seven")
    assert c.initial_value.name == "ns/c/Initializer/Const:0"
    assert u.initial_value.name == "ns/seven/Initializer/initial_value:0"
    assert ("ns/c", "VariableV2") in _ops()


def test_variable_value_read_value_and_operators():
    v = tf.Variable([1.0, 2.0], name="v")
    with tf.name_scope("ns"):
        r = v.read_value()
    assert r.name == "ns/read:0" and r.op.type == "Identity" and r.dtype == tf.float32
    s = v + 1.0
    assert s.name == "add:0" and s.op.inputs[0].name == "v/read:0"
    s2 = 1.0 + v
    assert s2.op.inputs[1].name == "v/read:0"
    assert tf.convert_to_tensor(v).name == "v/read:0"
    assert tf.convert_to_tensor(v, as_ref=True) is v._ref()
    assert tf.identity(v).op.inputs[0].name == "v/read:0"
    with pytest.raises(ValueError, match="Incompatible type conversion requested to type "
                                         "'int32' for variable of type 'float32_ref'"):
        tf.convert_to_tensor(v, dtype=tf.int32)


def test_variable_python_protocol():
    v = tf.Variable(1.0)
    w = tf.Variable(1.0)
    assert v == v and v != w and hash(v) == id(v)
    assert len({v, w}) == 2
    with pytest.raises(TypeError, match="'Variable' object is not iterable."):
        iter(v)


def test_variable_dtype_shape_and_validate_shape():
    v = tf.Variable(1, dtype=tf.float32, name="a")
    assert v.dtype == tf.float32_ref and v.initial_value.dtype == tf.float32
    w = tf.Variable(np.zeros((2, 3)), name="b")
    assert w.dtype == tf.float64_ref
    u = tf.Variable(tf.constant([1.0, 2.0]), validate_shape=False, name="u")
    assert u.shape.ndims is None
    assert repr(u) == "<tf.Variable 'u:0' shape=<unknown> dtype=float32_ref>"
    assert u.initializer.get_attr("validate_shape") is False
    s = tf.Variable(tf.constant([1.0, 2.0]), shape=[None], name="s")
    assert s.shape.as_list() == [None]
    with pytest.raises(ValueError, match=r"Dimension 0 in both shapes must be equal, but are 3 "
                                         r"and 2\. Shapes are \[3\] and \[2\]\. for 'x/Assign' "
                                         r"\(op: 'Assign'\) with input shapes: \[3\], \[2\]\."):
        tf.Variable(tf.constant([1.0, 2.0]), shape=[3], name="x")


def test_variable_collections_and_trainable():
    a = tf.Variable(1.0, name="a")
    b = tf.Variable(1.0, trainable=False, name="b")
    c = tf.Variable(1.0, collections=[tf.GraphKeys.LOCAL_VARIABLES], name="c")
    d = tf.Variable(1.0, collections=["mine", tf.GraphKeys.GLOBAL_VARIABLES], name="d")
    e = tf.Variable(1.0, trainable=None, name="e")
    assert tf.global_variables() == tf.all_variables() == [a, b, d, e]
    assert tf.trainable_variables() == [a, c, d, e]
    assert tf.local_variables() == [c]
    assert tf.get_collection("mine") == [d]
    assert not b.trainable and e.trainable
    assert tf.global_variables(scope="[ab]") == [a, b]
    m = tf.Variable(1.0, collections=[tf.GraphKeys.MODEL_VARIABLES,
                                      tf.GraphKeys.MOVING_AVERAGE_VARIABLES], trainable=False)
    assert tf.model_variables() == [m] and tf.moving_average_variables() == [m]


def test_variable_is_built_outside_control_dependencies():
    x = tf.constant(1.0, name="x")
    with tf.control_dependencies([x]):
        v = tf.Variable(1.0, name="v")
        y = tf.constant(2.0, name="y")
    assert [op.control_inputs for op in tf.get_default_graph().get_operations()
            if op.name.startswith("v")] == [[], [], [], []]
    assert y.op.control_inputs == [x.op] and v.initializer.control_inputs == []


def test_variable_follows_the_graph_of_its_initial_value():
    g = tf.Graph()
    with g.as_default():
        c = tf.constant([1.0, 2.0])
    x = tf.Variable(c, name="x")
    assert x.graph is g and x.name == "x:0"
    assert tf.get_default_graph() is not g


def test_variable_devices():
    c = tf.Variable(1.0, caching_device="/cpu:0", name="c")
    assert c.value().device == "/device:CPU:0" and c.device == ""
    with tf.device("/gpu:0"):
        d = tf.Variable(1.0, name="d")
        e = tf.Variable(lambda: 1.0, name="e")
    assert d.device == d.value().device == d.initializer.device == "/device:GPU:0"
    assert d.initial_value.device == "/device:GPU:0"
    assert e.device == e.initializer.device == "/device:GPU:0"
    assert e.initial_value.device == ""


def test_variable_construction_errors():
    with pytest.raises(ValueError, match="^initial_value must be specified.$"):
        tf.Variable()
    with pytest.raises(ValueError, match="collections argument to Variable constructor must be "
                                         "a list, tuple, or set. Got foo of type <class 'str'>"):
        tf.Variable(1.0, collections="foo")
    with pytest.raises(ValueError, match="The `constraint` argument must be a callable."):
        tf.Variable(1.0, constraint=5)
    with pytest.raises(ValueError, match="'bad name' is not a valid scope name"):
        tf.Variable(1.0, name="bad name")
    with pytest.raises(TypeError, match="Expected int32"):
        tf.Variable(1.5, dtype=tf.int32)
    p = tf.placeholder(tf.float32, [None, 3])
    with pytest.raises(ValueError, match=r"initial_value must have a shape specified: "
                                         r"Tensor\(\"Placeholder:0\", shape=\(\?, 3\)"):
        tf.Variable(p)
    assert tf.Variable(p, validate_shape=False).shape.ndims is None


def test_variable_initial_value_from_a_loop_body_is_refused():
    def body(i):
        tf.Variable(tf.constant(1.0), name="v")
        return i + 1
    with pytest.raises(ValueError, match="Initializer for variable while/v/ is from inside a "
                                         "control-flow construct"):
        tf.while_loop(lambda i: i < 2, body, [0])


def test_variable_def_round_trip():
    v = tf.Variable([1.0, 2.0], name="v")
    proto = v.to_proto()
    assert str(proto) == ('variable_name: "v:0"\ninitializer_name: "v/Assign"\n'
                          'snapshot_name: "v/read:0"\ninitial_value_name: "v/initial_value:0"\n'
                          'trainable: true\n')
    w = tf.Variable.from_proto(proto)
    assert w._ref() is v._ref() and w.initializer is v.initializer
    assert w.value() is v.value() and w.initial_value is v.initial_value
    with tf.name_scope("outer"):
        o = tf.Variable(1.0, name="o")
    assert o.to_proto(export_scope="outer").variable_name == "o:0"
    assert v.to_proto(export_scope="outer") is None
    assert tf.Variable(variable_def=o.to_proto(export_scope="outer"),
                       import_scope="outer")._ref() is o._ref()
    with pytest.raises(ValueError, match="variable_def and initial_value are mutually exclusive"):
        tf.Variable(1.0, variable_def=proto)


# ---- values in sessions

def test_uninitialized_variable_error(backend):
    v = tf.Variable([1.0], name="w")
    y = v + 1.0
    with session(backend) as sess:
        # TF fails the op that reads the value (`w/read`); a fetch of `w` itself names `w`
        for fetch, node in ((v, "w"), (v.value(), "w/read"), (y, "w/read")):
            with pytest.raises(errors.FailedPreconditionError,
                               match=rf"^Attempting to use uninitialized value w\n\t \[\[node "
                                     rf"{node} ") as e:
                sess.run(fetch)
            assert e.value.op.name == node


def test_initializer_values_per_session_and_reset(backend):
    v = tf.Variable(1.0, name="v")
    inc = tf.assign_add(v, 1.0)
    init = tf.global_variables_initializer()
    with session(backend) as sess:
        assert sess.run(init) is None
        sess.run(inc)
        assert sess.run(inc) == np.float32(3.0)
        with session(backend, sess.graph) as other:
            with pytest.raises(errors.FailedPreconditionError):
                other.run(v)
            other.run(init)
            assert other.run(v) == 1.0
        assert sess.run(v) == 3.0
        sess.run(init)
        assert sess.run(v) == 1.0
        assert isinstance(sess.run(v), np.float32)


def test_assign_methods_return_new_values(backend):
    v = tf.Variable([1.0, 2.0], name="v")
    a = tf.assign(v, [10.0, 20.0])
    b = v.assign([3.0, 4.0])
    c = tf.assign_add(v, [1.0, 1.0])
    d = v.assign_add([0.5, 0.5])
    e = tf.assign_sub(v, [2.0, 2.0])
    f = v.assign_sub([1.0, 0.0], name="down")
    with session(backend) as sess:
        sess.run(v.initializer)
        got = [sess.run(x).tolist() for x in (v, a, b, c, d, e, f, v)]
    assert got == [[1, 2], [10, 20], [3, 4], [4, 5], [4.5, 5.5], [2.5, 3.5], [1.5, 3.5],
                   [1.5, 3.5]]
    assert [x.name for x in (a, b, c, d, e, f)] == ["Assign:0", "Assign_1:0", "AssignAdd:0",
                                                  "AssignAdd_1:0", "AssignSub:0", "down:0"]
    assert a.dtype == tf.float32_ref and a.shape.as_list() == [2]
    assert a.op.get_attr("use_locking") is True and b.op.get_attr("use_locking") is False
    assert c.op.get_attr("use_locking") is False and d.op.get_attr("use_locking") is False
    assert a.op.inputs[1].name == "Assign/value:0"


def test_assign_read_value_false_and_names():
    v = tf.Variable([1.0, 2.0], name="v")
    with tf.name_scope("q"):
        assert v.assign([1.0, 1.0]).name == "q/Assign:0"
        assert v.assign_add([1.0, 1.0], name="up").name == "q/up:0"
        op = v.assign_sub([1.0, 1.0], read_value=False)
    assert isinstance(op, tf.Operation) and op.name == "q/AssignSub"
    assert isinstance(v.assign([0.0, 0.0], read_value=False), tf.Operation)
    assert isinstance(v.assign_add([0.0, 0.0], read_value=False), tf.Operation)
    assert tf.assign(v, [1.0, 1.0], validate_shape=False).op.get_attr("validate_shape") is False


def test_fetched_values_do_not_change(backend):
    v = tf.Variable([1.0, 2.0], name="v")
    a = v.assign([5.0, 6.0])
    with session(backend) as sess:
        sess.run(v.initializer)
        before = sess.run(v)
        value = sess.run(v.value())
        sess.run(a)
        assert before.tolist() == [1.0, 2.0] and value.tolist() == [1.0, 2.0]
        before[0] = 100.0  # a fetched value is the caller's own array
        assert sess.run(v).tolist() == [5.0, 6.0]


def test_assigned_array_is_copied():
    v = tf.Variable([1.0, 2.0], name="v")
    p = tf.placeholder(tf.float32, [2])
    a = tf.assign(v, p)
    fed = np.array([3.0, 4.0], np.float32)
    with session() as sess:
        sess.run(a, {p: fed})
        fed[0] = -1.0
        assert sess.run(v).tolist() == [3.0, 4.0]


def test_load_and_eval(backend):
    v = tf.Variable([0.0, 0.0, 0.0], name="v")
    with session(backend) as sess:
        v.load([1.0, 2.0, 3.0], sess)
        assert sess.run(v).tolist() == [1.0, 2.0, 3.0]
        assert v.eval(session=sess).tolist() == [1.0, 2.0, 3.0]
        with sess.as_default():
            v.load(np.array([4.0, 5.0, 6.0]))
            assert v.eval().tolist() == [4.0, 5.0, 6.0]
        with pytest.raises(ValueError, match=r"Cannot feed value of shape \(2,\) for Tensor "
                                             r"'v/initial_value:0', which has shape '\(3,\)'"):
            v.load([1.0, 2.0], sess)
    with pytest.raises(ValueError, match="Either session argument should be provided or "
                                         "default session should be established"):
        v.load([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="No default session is registered"):
        v.eval()


def test_is_variable_initialized(backend):
    v = tf.Variable(1.0, name="v")
    flag = tf.is_variable_initialized(v)
    assert flag.name == "IsVariableInitialized:0" and flag.dtype == tf.bool
    assert flag.shape.ndims == 0 and flag.op.inputs[0] is v._ref()
    with session(backend) as sess:
        assert sess.run(flag) == np.bool_(False)
        sess.run(v.initializer)
        assert sess.run(flag) == np.bool_(True)


# ---- state op errors

def test_assign_static_shape_errors():
    v = tf.Variable([1.0, 2.0], name="v")
    with pytest.raises(ValueError, match=r"^Dimension 0 in both shapes must be equal, but are 2 "
                                         r"and 3\. Shapes are \[2\] and \[3\]\. for 'Assign' "
                                         r"\(op: 'Assign'\) with input shapes: \[2\], \[3\]\.$"):
        tf.assign(v, [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match=r"^Shapes must be equal rank, but are 1 and 0 for "
                                         r"'Assign_1' \(op: 'Assign'\)"):
        tf.assign(v, 1.0)
    with pytest.raises(ValueError, match=r"Dimension 0 in both shapes must be equal, but are 2 "
                                         r"and 3\..* for 'AssignAdd' \(op: 'AssignAdd'\)"):
        tf.assign_add(v, [1.0, 2.0, 3.0])
    assert tf.assign(v, [1.0, 2.0, 3.0], validate_shape=False).shape.as_list() == [3]


def test_assign_runtime_errors(backend):
    v = tf.Variable([1.0, 2.0], name="v")
    p = tf.placeholder(tf.float32)
    put, add, sub = tf.assign(v, p), tf.assign_add(v, p), tf.assign_sub(v, p)
    loose = tf.assign(v, p, validate_shape=False)
    assert put.shape.as_list() == [2] and loose.shape.ndims is None
    with session(backend) as sess:
        with pytest.raises(errors.FailedPreconditionError,
                           match=r"^Attempting to use uninitialized value v\n\t \[\[node "
                                 r"AssignAdd "):
            sess.run(add, {p: [1.0, 2.0]})
        shape_msg = r"^Assign requires shapes of both tensors to match\. lhs shape= \[2\] " \
                    r"rhs shape= \[3\]\n\t \[\[node Assign "
        with pytest.raises(errors.InvalidArgumentError, match=shape_msg):
            sess.run(put, {p: [1.0, 2.0, 3.0]})
        sess.run(v.initializer)
        with pytest.raises(errors.InvalidArgumentError, match=shape_msg):
            sess.run(put, {p: [1.0, 2.0, 3.0]})
        for op, value in ((add, [1.0, 2.0, 3.0]), (add, 1.0), (sub, [[1.0, 2.0]])):
            with pytest.raises(errors.InvalidArgumentError,
                               match="^Parameters and update must be the same size"):
                sess.run(op, {p: value})
        assert sess.run(loose, {p: [1.0, 2.0, 3.0]}).tolist() == [1.0, 2.0, 3.0]
        assert sess.run(v).tolist() == [1.0, 2.0, 3.0]


def test_assign_type_errors():
    v = tf.Variable([1.0, 2.0], name="v")
    with pytest.raises(TypeError, match="^Input 'value' of 'Assign' Op has type int32 that does "
                                        "not match type float32 of argument 'ref'.$"):
        tf.assign(v, tf.constant([1, 2]))
    with pytest.raises(TypeError, match="^Input 'value' of 'AssignAdd' Op has type int32"):
        v.assign_add(tf.constant([1, 2]))
    u = tf.Variable(5, name="u")
    with pytest.raises(TypeError, match=r"^Expected int32 passed to parameter 'value' of op "
                                        r"'Assign', got 3\.5 of type 'float' instead\. Error: "
                                        r"Expected int32"):
        u.assign(3.5)
    # TF1 calls `ref.assign(...)` on anything that is not a ref tensor
    with pytest.raises(AttributeError, match="^'Tensor' object has no attribute 'assign'$"):
        tf.assign(v.value(), [1.0, 2.0])
    with pytest.raises(AttributeError, match="^'Tensor' object has no attribute 'assign_sub'$"):
        tf.assign_sub(tf.constant([1.0]), [2.0])
    with pytest.raises(AttributeError, match="^'Tensor' object has no attribute "
                                             "'is_initialized'$"):
        tf.is_variable_initialized(v.value())
    with pytest.raises(AttributeError, match="^'float' object has no attribute 'dtype'$"):
        tf.assign_add(1.0, 2.0)
    s = tf.Variable(["a", "b"], name="s")
    with pytest.raises(TypeError, match="Value passed to parameter 'ref' has DataType string not "
                                        "in list of allowed values"):
        tf.assign_add(s, ["c", "d"])
    assert tf.assign(s, ["c", "d"]).dtype.name == "string_ref"


# ---- sliced assignment: variable[...].assign(value), op StridedSliceAssign

def test_sliced_assign_writes_in_place(backend):
    v = tf.Variable(np.arange(12, dtype=np.float32).reshape(3, 4), name="v")
    i = tf.placeholder(tf.int32, [])
    row = v[i].assign(tf.fill([4], -1.0))
    block = v[1:, ::2].assign([[10.0, 20.0], [30.0, 40.0]])
    assert row.name == "strided_slice/_assign:0" and row.dtype == tf.float32_ref
    assert row.shape.as_list() == [3, 4] and row.op.inputs[0] is v._ref()
    assert [t.name for t in row.op.inputs[1:4]] == ["strided_slice/stack:0",
                                                    "strided_slice/stack_1:0",
                                                    "strided_slice/stack_2:0"]
    n = tf.Variable([1, 2, 3], name="n")
    counted = n[-1].assign(7)
    with session(backend) as sess:
        sess.run(tf.global_variables_initializer())
        before = sess.run(v)
        np.testing.assert_array_equal(sess.run(row, {i: 2})[2], [-1.0] * 4)
        got = sess.run(block)
        assert got[1].tolist() == [10.0, 5.0, 20.0, 7.0]
        assert got[2].tolist() == [30.0, -1.0, 40.0, -1.0]
        assert before[2].tolist() == [8.0, 9.0, 10.0, 11.0]  # a fetched value never moves
        assert sess.run(counted).tolist() == [1, 2, 7] and sess.run(n).dtype == np.int32


def test_sliced_assign_names():
    v = tf.Variable([1.0, 2.0, 3.0], name="v")
    assert v[0].assign(5.0, name="first").name == "first:0"
    assert v[1:].op.type == "StridedSlice"
    named = tf.strided_slice(v.value(), [0], [1], var=v, name="part")
    assert named.assign([4.0]).name == "part_assign:0"
    with tf.name_scope("outer"):
        # TF appends `_assign` to the slice's full scope and opens it again under `outer`
        assert v[::2].assign([0.0, 0.0]).name == "outer/outer/strided_slice/_assign:0"


def test_sliced_assign_errors(backend):
    with pytest.raises(ValueError, match="^Sliced assignment is only supported for variables$"):
        tf.constant([1.0, 2.0])[0].assign(3.0)
    with pytest.raises(ValueError, match="^Sliced assignment is only supported for variables$"):
        tf.strided_slice(tf.constant([1.0, 2.0]), [0], [1]).assign([3.0])
    v = tf.Variable([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], name="v")
    with pytest.raises(TypeError, match="^Input 'value' of 'StridedSliceAssign' Op has type "
                                        "int32 that does not match type float32 of argument "
                                        "'ref'.$"):
        v[0].assign(tf.constant([1, 2, 3]))
    wrong = v[0:1].assign([[1.0, 2.0]])  # shapes are checked when it runs, as in TF
    empty = v[2:].assign([5.0])  # nothing selected: nothing written and nothing checked
    assert tf.gradients(v[0].assign(v[1]), v) == [None]
    with session(backend) as sess:
        with pytest.raises(errors.FailedPreconditionError,
                           match=r"^Attempting to use uninitialized value v\n"):
            sess.run(wrong)
        sess.run(v.initializer)
        with pytest.raises(errors.UnimplementedError,
                           match=r"^sliced l-value shape \[1,3\] does not match r-value shape "
                                 r"\[1,2\]\. Automatic broadcasting not yet implemented\.\n\t "
                                 r"\[\[node strided_slice_2/_assign "):
            sess.run(wrong)
        assert sess.run(empty).tolist() == [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]


# ---- initializer ops and the uninitialized report

def test_initializer_ops():
    a = tf.Variable(1.0, name="a")
    b = tf.Variable(2.0, name="b")
    c = tf.Variable(3.0, name="c")
    loc = tf.Variable(4.0, name="loc", collections=[tf.GraphKeys.LOCAL_VARIABLES])
    init = tf.global_variables_initializer()
    some = tf.variables_initializer([a, c], name="some")
    none = tf.variables_initializer([])
    old = tf.initialize_all_variables()
    local = tf.local_variables_initializer()
    assert (init.name, init.type) == ("init", "NoOp")
    assert [x.name for x in init.control_inputs] == ["a/Assign", "b/Assign", "c/Assign"]
    assert some.name == "some" and [x.name for x in some.control_inputs] == ["a/Assign",
                                                                             "c/Assign"]
    assert (none.name, none.type, none.control_inputs) == ("init_1", "NoOp", [])
    assert old.name == "init_2" and len(old.control_inputs) == 3
    assert local.name == "init_3" and local.control_inputs == [loc.initializer]
    assert tf.initialize_variables([b]).control_inputs == [b.initializer]
    assert tf.initialize_local_variables().control_inputs == [loc.initializer]


def test_global_variables_initializer_without_variables(backend):
    tf.constant(1.0)
    init = tf.global_variables_initializer()
    assert (init.name, init.type, init.control_inputs) == ("init", "NoOp", [])
    with session(backend) as sess:
        assert sess.run(init) is None


def _has_report_ops() -> bool:
    from minitf.ops import array, math
    return all(hasattr(m, n) for m, n in ((array, "boolean_mask"), (array, "stack"),
                                          (math, "logical_not")))


@pytest.mark.skipif(not _has_report_ops(), reason="needs tf.boolean_mask, tf.stack and "
                                                  "tf.logical_not")
def test_report_uninitialized_variables():
    a = tf.Variable(1.0, name="a")
    tf.Variable(2.0, name="b")
    loc = tf.Variable(3.0, name="loc", collections=[tf.GraphKeys.LOCAL_VARIABLES])
    report = tf.report_uninitialized_variables()
    assert report.dtype == tf.string and report.shape.as_list() == [None]
    names = [op.name for op in tf.get_default_graph().get_operations()]
    assert names[12:16] == ["report_uninitialized_variables/IsVariableInitialized",
                            "report_uninitialized_variables/IsVariableInitialized_1",
                            "report_uninitialized_variables/IsVariableInitialized_2",
                            "report_uninitialized_variables/stack"]
    assert report.device == "/device:CPU:0"
    with session() as sess:
        assert sess.run(report).tolist() == [b"a", b"b", b"loc"]
        sess.run(a.initializer)
        sess.run(loc.initializer)
        assert sess.run(report).tolist() == [b"b"]
        sess.run(tf.global_variables_initializer())
        assert sess.run(report).shape == (0,)


def test_report_uninitialized_variables_without_variables():
    report = tf.report_uninitialized_variables()
    assert report.name == "report_uninitialized_variables/Const:0"
    assert report.dtype == tf.string and report.shape.as_list() == [0]
    with session() as sess:
        got = sess.run(report)
    assert got.shape == (0,) and got.dtype == object


def test_variable_synchronization_enums():
    assert tf.VariableSynchronization.ON_READ.value == 3
    assert tf.VariableAggregation.ONLY_FIRST_TOWER is tf.VariableAggregation.ONLY_FIRST_REPLICA
    v = tf.Variable(1.0, synchronization=tf.VariableSynchronization.ON_READ)
    assert not v.trainable and v.synchronization is tf.VariableSynchronization.ON_READ
    assert v.aggregation is tf.VariableAggregation.NONE
    assert state.Variable is tf.Variable


def test_ref_ops_and_read_are_colocated_with_the_variable():
    with tf.device("/cpu:0"):
        v = tf.Variable([1.0, 2.0], name="v")
        w = tf.get_variable("w", [2], initializer=tf.zeros_initializer())
    with tf.device("/gpu:0"):
        a = v.assign([3.0, 4.0])
        c = tf.is_variable_initialized(v)
        x = v + 1.0
    for op in (v.op, v.initializer, v.value().op, a.op, c.op):
        assert op.device == "/device:CPU:0", op.name
    assert [op.get_attr("_class") for op in (v.initializer, v.value().op, a.op, c.op)] == \
        [[b"loc:@v"]] * 4
    assert x.device == "/device:GPU:0" and v.op.colocation_groups() == [b"loc:@v"]
    # from a function: the initializer ops and the variable op itself carry the variable's group
    init_ops = [op for op in tf.get_default_graph().get_operations()
                if op.name.startswith("w/Initializer/")]
    assert init_ops and all(op.device == "" for op in init_ops)
    assert all(op.get_attr("_class") == [b"loc:@w"] for op in init_ops + [w.op])


def test_variable_set_shape():
    v = tf.Variable(tf.zeros([3, 4]), validate_shape=False, name="v")
    assert v.shape.ndims is None
    v.set_shape([3, None])
    assert v.shape.as_list() == [3, None] and v.value().shape.as_list() == [3, None]
    with pytest.raises(ValueError, match=r"^Dimension 0 in both shapes must be equal, but are 3 "
                                         r"and 2\. Shapes are \[3,\?\] and \[2,4\]\.$"):
        v.set_shape([2, 4])
