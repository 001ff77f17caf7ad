"""tf.check_numerics, tf.verify_tensor_all_finite and tf.add_check_numerics_ops (issue 9, item
7): TF1's names, control dependencies and messages naming the op that produced a NaN or Inf."""
import numpy as np
import pytest

import minitf as tf
from tests.harness import run


def _chain():
    """a / cast(b) -> log -> + w, with float32, float64, int and ref tensors in the graph."""
    a = tf.placeholder(tf.float32, [2], name="a")
    b = tf.placeholder(tf.float64, [2], name="b")
    w = tf.Variable([1.0, 2.0], name="w")
    tf.constant([1, 2], name="ints")
    d = tf.div(a, tf.cast(b, tf.float32))
    e = tf.log(d) + w
    return a, b, w, e


def test_add_check_numerics_ops_checks_every_float_tensor_in_order():
    _chain()
    with tf.name_scope("outer"):
        chk = tf.add_check_numerics_ops()
    assert (chk.name, chk.type) == ("outer/group_deps", "NoOp")
    assert [c.name for c in chk.control_inputs] == ["outer/CheckNumerics_7"]
    checks = [op for op in tf.get_default_graph().get_operations() if op.type == "CheckNumerics"]
    checked = ["a:0", "b:0", "w/initial_value:0", "w/read:0", "Cast:0", "div:0", "Log:0", "add:0"]
    assert [op.inputs[0].name for op in checks] == checked
    assert [op.get_attr("message") for op in checks] == checked
    assert [op.name for op in checks] == ["outer/CheckNumerics"] + [
        f"outer/CheckNumerics_{i}" for i in range(1, 8)]
    assert [[c.name for c in op.control_inputs] for op in checks] == [[]] + [
        [checks[i].name] for i in range(7)]


@pytest.mark.parametrize("av, bv, producer, what", [
    ([1.0, 0.0], [1.0, 0.0], "div:0", "NaN"),
    ([1.0, 2.0], [0.0, 1.0], "div:0", "Inf"),
    ([-1.0, 2.0], [1.0, 2.0], "Log:0", "NaN"),
    ([0.0, 2.0], [1.0, 2.0], "Log:0", "Inf"),
    ([np.nan, np.inf], [1.0, 1.0], "a:0", "Inf and NaN"),
    ([1.0, 1.0], [np.inf, 1.0], "b:0", "Inf"),
])
def test_add_check_numerics_ops_names_the_producer(backend, av, bv, producer, what):
    a, b, w, e = _chain()
    chk = tf.add_check_numerics_ops()
    with tf.Session(config=tf.ConfigProto(backend=backend)) as sess:
        sess.run(w.initializer)
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match=f"^{producer} : Tensor had {what} values\n\t \\[\\[node "
                                 f"CheckNumerics"):
            sess.run([e, chk], {a: av, b: bv})
        got, none = sess.run([e, chk], {a: [1.0, 2.0], b: [1.0, 2.0]})  # the session still runs
        np.testing.assert_allclose(got, [1.0, 2.0])
        assert none is None


def test_add_check_numerics_ops_on_an_empty_graph_and_half_types():
    assert tf.add_check_numerics_ops().name == "group_deps"
    tf.placeholder(tf.bfloat16, [2], name="bf")
    h = tf.placeholder(tf.float16, [2], name="h")
    chk = tf.add_check_numerics_ops()
    # bfloat16 is not checked, as in TF
    assert [(c.name, c.inputs[0].name) for c in chk.control_inputs] == [("CheckNumerics", "h:0")]
    with pytest.raises(tf.errors.InvalidArgumentError, match="^h:0 : Tensor had NaN values"):
        run(chk, {h: np.array([np.nan, 1.0], np.float16)})


@pytest.mark.parametrize("build", [
    lambda x: tf.cond(x > 0, lambda: x * 2.0, lambda: x),
    lambda x: tf.while_loop(lambda v: v < 10.0, lambda v: v * 2.0, [x]),
], ids=["cond", "while_loop"])
def test_add_check_numerics_ops_refuses_control_flow(build):
    build(tf.constant(1.0))
    with pytest.raises(ValueError, match=r"not compatible with TensorFlow control flow "
                                         r"operations such as `tf.cond\(\)`"):
        tf.add_check_numerics_ops()


def test_verify_tensor_all_finite(backend):
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    v = tf.verify_tensor_all_finite(x, "vmsg")
    assert v.name == "VerifyFinite/control_dependency:0" and v.shape.as_list() == [None, 3]
    check = tf.get_default_graph().get_operation_by_name("VerifyFinite/CheckNumerics")
    assert [c.name for c in v.op.control_inputs] == [check.name]
    assert check.get_attr("message") == "vmsg"
    np.testing.assert_array_equal(run(v, {x: [[1.0, 2.0, 3.0]]}, backend=backend),
                                  [[1.0, 2.0, 3.0]])
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="^vmsg : Tensor had NaN values\n\t \\[\\[node VerifyFinite/Check"):
        run(v, {x: [[np.nan, 2.0, 3.0]]}, backend=backend)
    w = tf.verify_tensor_all_finite(x=[1.0, 2.0], message="m", name="mine")
    assert w.name == "mine/control_dependency:0"
    assert w.op.inputs[0].name == "mine/x:0"


def test_verify_tensor_all_finite_argument_errors():
    with pytest.raises(ValueError, match="Cannot specify both 't' and 'x'"):
        tf.verify_tensor_all_finite(t=[1.0], x=[1.0], msg="m")
    with pytest.raises(ValueError, match="Cannot specify both 'msg' and 'message'"):
        tf.verify_tensor_all_finite([1.0], msg="m", message="m")
    with pytest.raises(TypeError, match="DataType int32 not in list of allowed values"):
        tf.verify_tensor_all_finite([1, 2], "m")


def test_check_numerics_message_type():
    assert tf.check_numerics([1.0], b"bytes").op.get_attr("message") == "bytes"
    with pytest.raises(TypeError, match="^Expected string for argument 'message' not 3.$"):
        tf.check_numerics([1.0], 3)
    with pytest.raises(TypeError, match="^Expected string for argument 'message' not None.$"):
        tf.check_numerics([1.0], None)


def test_gradient_through_checked_ops():
    x = tf.placeholder(tf.float64, [3], name="x")
    y = tf.reduce_sum(tf.sqrt(tf.verify_tensor_all_finite(x, "x")))
    g = tf.gradients(y, x)[0]
    np.testing.assert_allclose(run(g, {x: [4.0, 1.0, 9.0]}), [0.25, 0.5, 1 / 6])
    with pytest.raises(tf.errors.InvalidArgumentError, match="^x : Tensor had Inf values"):
        run(g, {x: [np.inf, 1.0, 9.0]})
