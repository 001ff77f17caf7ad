"""tf.while_loop, tf.cond and tf.case: structure and names, values, compiled execution, errors,
fetch/feed rules, and gradients (values; the numeric checks are in the gradient table)."""
import collections

import numpy as np
import pytest

import minitf as tf
from minitf.framework import errors
from tests.harness import run


def _names(prefix=""):
    return [o.name for o in tf.get_default_graph().get_operations() if o.name.startswith(prefix)]


# ---- while_loop: structure

def test_while_ops_are_tf1s():
    r = tf.while_loop(lambda i: i < 10, lambda i: i + 1, [tf.constant(0)])
    assert r.name == "while/Exit:0" and r.shape == tf.TensorShape([])
    assert _names("while/") == ["while/Enter", "while/Merge", "while/Less/y", "while/Less",
                                "while/LoopCond", "while/Switch", "while/Identity",
                                "while/add/y", "while/add", "while/NextIteration",
                                "while/Exit"]
    enter = tf.get_default_graph().get_operation_by_name("while/Enter")
    assert enter.get_attr("frame_name") == "while/while_context"
    assert run(r) == 10


def test_captured_tensors_enter_named_after_their_consumer():
    w = tf.constant([[0.5, 0.1], [0.2, 0.3]], name="w")
    tf.while_loop(lambda n, h: n < 5, lambda n, h: (n + 1, tf.matmul(h, w)), (0, tf.ones([3, 2])))
    names = _names("while/")
    assert names.index("while/MatMul/Enter") == names.index("while/MatMul") + 1
    enter = tf.get_default_graph().get_operation_by_name("while/MatMul/Enter")
    assert enter.get_attr("is_constant") is True and enter.inputs[0].name == "w:0"


def test_structures_come_back_as_given():
    Pair = collections.namedtuple("Pair", ["a", "b"])
    out = tf.while_loop(lambda i, s: i < 4,
                        lambda i, s: (i + 1, {"p": Pair(s["p"].a * 2.0, s["p"].b + 1)}),
                        (tf.constant(0), {"p": Pair(tf.constant(1.0), tf.constant(0))}))
    assert isinstance(out, tuple) and isinstance(out[1]["p"], Pair)
    i, s = run(out)
    assert i == 4 and s["p"].a == 16.0 and s["p"].b == 4
    listed = tf.while_loop(lambda i: i < 3, lambda i: [i + 1], [0], return_same_structure=True)
    assert isinstance(listed, list) and run(listed) == [3]


def test_zero_iterations_return_the_inputs():
    x = tf.constant([1.0, 2.0])
    np.testing.assert_array_equal(
        run(tf.while_loop(lambda v: tf.reduce_sum(v) > 100.0, lambda v: v * 2.0, [x])), [1, 2])


def test_maximum_iterations():
    r = tf.while_loop(lambda i: i < 10, lambda i: i + 1, [0], maximum_iterations=4)
    assert r.name == "while/Exit_1:0" and run(r) == 4
    assert "while/iteration_counter" in _names()
    a, b = tf.while_loop(lambda a, b: a < 10, lambda a, b: [a + 1, b * 2.0], [0, 1.0],
                         maximum_iterations=tf.constant(3))
    assert run([a, b]) == [3, 8.0]


def test_shape_invariants():
    i0, m0 = tf.constant(0), tf.ones([1, 2])
    i, m = tf.while_loop(lambda i, m: i < 3, lambda i, m: (i + 1, tf.concat([m, m], 0)),
                         [i0, m0], shape_invariants=[i0.get_shape(), tf.TensorShape([None, 2])])
    assert m.shape.as_list() == [None, 2] and run(m).shape == (8, 2)


def test_nested_loops_and_conds():
    def body(a, b):
        return a + 1, b + tf.while_loop(lambda c: c < a + 2, lambda c: c + 1, [0])
    assert run(tf.while_loop(lambda a, b: a < 3, body, (0, 0))) == (3, 9)
    x = tf.placeholder(tf.float32, [])

    def body2(i, acc):
        return i + 1, tf.cond(tf.equal(i % 2, 0), lambda: acc + tf.cast(i, tf.float32) * x,
                              lambda: acc - 1.0)
    assert run(tf.while_loop(lambda i, a: i < 6, body2, (0, 0.0)), {x: 10.0}) == (6, 57.0)
    r = tf.cond(x > 0, lambda: tf.while_loop(lambda k: k < 3.0 * x, lambda k: k + x, [x]),
                lambda: -x)
    assert run(r, {x: 2.0}) == 6.0 and run(r, {x: -2.0}) == 2.0


def test_loop_is_compiled_once_into_sub_plans():
    r = tf.while_loop(lambda i: i < 1000, lambda i: i + 1, [0])
    with tf.Session() as sess:
        compiled = []
        original = sess._compile_subplan

        def counting(*args, **kwargs):
            compiled.append(args)
            return original(*args, **kwargs)
        sess._compile_subplan = counting
        assert sess.run(r) == 1000 and sess.run(r) == 1000
        assert len(compiled) == 2  # the cond and the body, once
        (plan, _), = sess._plans.values()
        assert type(plan.ops[-1]).__name__ == "_Construct"
        assert plan.source.splitlines()[1].strip() == "v1 = k1(c0)"


def test_loop_ops_cannot_be_fetched_or_fed():
    r = tf.while_loop(lambda i: i < 3, lambda i: i + 1, [0])
    g = tf.get_default_graph()
    add = g.get_operation_by_name("while/add")
    assert not g.is_fetchable(add) and g.is_fetchable(r.op)
    with pytest.raises(ValueError, match="has been marked as not fetchable"):
        run(add.outputs[0])
    with tf.Session() as sess, pytest.raises(ValueError, match="may not be fed"):
        sess.run(r, {add.outputs[0]: 1})
    assert len(tf.get_collection(tf.GraphKeys.WHILE_CONTEXT)) == 1


def test_body_changing_dtype_fails_when_run():
    r = tf.while_loop(lambda i: i < 3, lambda i: tf.cast(i, tf.int64) + 1, [0])
    with pytest.raises(errors.InvalidArgumentError, match="Input 1 of node while/Merge was passed "
                                                           "int64 from while/NextIteration:0 "
                                                           "incompatible with expected int32"):
        run(r)
    f = tf.while_loop(lambda x: x < 3.0, lambda x: tf.cast(x, tf.float64) + 1, [0.0])
    with pytest.raises(errors.InvalidArgumentError, match="was passed double from "
                                                           "while_1/NextIteration:0 incompatible "
                                                           "with expected float\\."):
        run(f)


def test_kernel_error_inside_a_body_names_the_inner_op():
    x = tf.placeholder(tf.float32, [None])
    r = tf.while_loop(lambda i, v: i < 2, lambda i, v: (i + 1, tf.gather(v, [7], name="pick")),
                      (0, x))
    with pytest.raises(errors.InvalidArgumentError, match="while/pick"):
        run(r, {x: [1.0, 2.0]})


@pytest.mark.parametrize("kwargs, cls, match", [
    ({"loop_vars": []}, ValueError, "No loop variables provided"),
    ({"cond": 3}, TypeError, "cond must be callable"),
    ({"body": 3}, TypeError, "body must be callable"),
    ({"parallel_iterations": 0}, TypeError, "parallel_iterations must be a positive integer"),
    ({"maximum_iterations": [1, 2]}, ValueError, "maximum_iterations must be a scalar"),
])
def test_while_argument_errors(kwargs, cls, match):
    args = {"cond": lambda i: i < 3, "body": lambda i: i + 1, "loop_vars": [0], **kwargs}
    with pytest.raises(cls, match=match):
        tf.while_loop(**args)


def test_while_structure_and_shape_errors():
    with pytest.raises(ValueError, match="don't have the same nested structure"):
        tf.while_loop(lambda i, j: i < 3, lambda i, j: (i + 1,), [0, 1])
    with pytest.raises(ValueError, match="enters the loop with shape \\(1, 2\\), but has shape "
                                         "\\(2, 2\\) after one iteration"):
        tf.while_loop(lambda i, m: i < 3, lambda i, m: (i + 1, tf.concat([m, m], 0)),
                      [tf.constant(0), tf.ones([1, 2])])
    with pytest.raises(ValueError, match="not compatible with the initial shape"):
        tf.while_loop(lambda m: True, lambda m: m, [tf.ones([2])],
                      shape_invariants=[tf.TensorShape([3])])
    with pytest.raises(TypeError, match="LoopCond"):
        tf.while_loop(lambda i: i + 1, lambda i: i + 1, [0])
    with pytest.raises(TypeError, match="as a Python `bool` is not allowed"):
        tf.while_loop(lambda i: i < 3, lambda i: i + 1, tf.constant(0))


# ---- cond and case

def test_cond_ops_and_values():
    x = tf.placeholder(tf.float32, [], name="x")
    r = tf.cond(x > 1, lambda: x * x, lambda: 3 * x)
    assert r.name == "cond/Merge:0"
    assert _names("cond/") == ["cond/Switch", "cond/switch_t", "cond/switch_f", "cond/pred_id",
                               "cond/mul", "cond/mul/Switch", "cond/mul_1/x", "cond/mul_1",
                               "cond/mul_1/Switch", "cond/Merge"]
    assert run(r, {x: 2.0}) == 4.0 and run(r, {x: 0.5}) == 1.5


def test_only_the_taken_branch_runs():
    v = tf.Variable(0.0)
    p = tf.placeholder(tf.bool, [])
    r = tf.cond(p, lambda: tf.assign_add(v, 1.0), lambda: tf.assign_add(v, 10.0))
    with tf.Session() as sess:
        sess.run(v.initializer)
        assert sess.run(r, {p: True}) == 1.0 and sess.run(r, {p: False}) == 11.0
        assert sess.run(v) == 11.0


def test_cond_structures_and_strict():
    p = tf.placeholder(tf.bool, [])
    pair = tf.cond(p, lambda: (tf.constant(1), {"k": tf.constant(2.0)}),
                   lambda: (tf.constant(3), {"k": tf.constant(4.0)}))
    assert run(pair, {p: False}) == (3, {"k": 4.0})
    single = tf.cond(p, lambda: [tf.constant(1)], lambda: [tf.constant(2)])
    assert isinstance(single, tf.Tensor)
    strict = tf.cond(p, lambda: [tf.constant(1)], lambda: [tf.constant(2)], strict=True)
    assert isinstance(strict, list) and run(strict, {p: True}) == [1]
    op_result = tf.cond(p, lambda: tf.no_op(), lambda: tf.no_op())
    assert run(op_result, {p: True}) is not None


def test_cond_errors():
    t = tf.constant(True)
    with pytest.raises(TypeError, match="pred must not be a Python bool"):
        tf.cond(True, lambda: 1, lambda: 2)
    with pytest.raises(TypeError, match="true_fn must not be None"):
        tf.cond(t, None, lambda: 2)
    with pytest.raises(TypeError, match="false_fn must be callable"):
        tf.cond(t, lambda: 1, 2)
    with pytest.raises(ValueError, match="must have the same type: float32, int32"):
        tf.cond(t, lambda: tf.constant(1.0), lambda: tf.constant(1))
    with pytest.raises(ValueError, match="Incompatible return values of true_fn and false_fn"):
        tf.cond(t, lambda: (tf.constant(1), tf.constant(2)), lambda: tf.constant(1))
    with pytest.raises(ValueError, match="true_fn must have a return value"):
        tf.cond(t, lambda: None, lambda: 1)
    with pytest.raises(TypeError, match="does not match expected type of bool"):
        tf.cond(tf.constant(1), lambda: 1, lambda: 2)
    with pytest.raises(TypeError, match="true_fn and fn1 may not be set simultaneously"):
        tf.cond(t, lambda: 1, lambda: 2, fn1=lambda: 1)


def test_case():
    x = tf.placeholder(tf.int32, [])
    r = tf.case([(x > 5, lambda: tf.constant(5)), (x > 1, lambda: tf.constant(1))],
                default=lambda: tf.constant(-1))
    assert [run(r, {x: v}) for v in (7, 2, 0)] == [5, 1, -1]
    no_default = tf.case([(tf.equal(x, 0), lambda: tf.constant(10)),
                          (tf.equal(x, 7), lambda: tf.constant(70))])
    assert run(no_default, {x: 7}) == 70 and run(no_default, {x: 0}) == 10
    with pytest.raises(errors.InvalidArgumentError, match="None of conditions evaluated as True"):
        run(no_default, {x: 2})
    ex = tf.case([(x > 0, lambda: tf.constant(1)), (x > 1, lambda: tf.constant(2))],
                 default=lambda: tf.constant(3), exclusive=True)
    assert run(ex, {x: 1}) == 1
    with pytest.raises(errors.InvalidArgumentError, match="exclusive=True"):
        run(ex, {x: 5})
    with pytest.raises(TypeError, match="must be a list, tuple, or dict"):
        tf.case(3)
    with pytest.raises(TypeError, match="2-tuple"):
        tf.case([x > 1])
    with pytest.raises(TypeError, match="pred must be Tensor of type bool"):
        tf.case([(x, lambda: 1)])
    with pytest.raises(TypeError, match="must be callable"):
        tf.case([(x > 1, 1)])


def test_initialized_value_uses_cond():
    v = tf.Variable(3.0, name="v")
    w = tf.Variable(v.initialized_value() * 2.0, name="w")
    same = tf.Variable(v.initialized_value(), name="same")  # the cond's Merge itself
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run([w, same]) == [6.0, 3.0]
    inside = tf.cond(tf.constant(True), lambda: tf.constant(1.0) * 2, lambda: tf.constant(0.0))
    assert tf.Variable(inside).name == "Variable:0"
    with pytest.raises(ValueError, match="^Initializer for variable while/Variable/ is from inside"):
        tf.while_loop(lambda i: i < 2, lambda i: i + tf.Variable(tf.constant(1)), [0])


def test_a_cond_reads_a_captured_variable_only_in_the_taken_branch():
    # TF's RefSwitch forwards the ref unread: initialized_value before the variable's own
    # initializer takes the initial value; a shadow variable (ExponentialMovingAverage) too
    v = tf.Variable(3.0, name="v")
    w = tf.Variable(v.initialized_value() * 2.0, name="w")
    ema = tf.train.ExponentialMovingAverage(0.9)
    ema.apply([v])
    p = tf.placeholder(tf.bool, [])
    reads = tf.cond(p, lambda: tf.identity(v._ref()), lambda: tf.constant(-1.0))
    with tf.Session() as sess:
        sess.run(tf.variables_initializer([w, ema.average(v)]))
        assert sess.run([w, ema.average(v)]) == [6.0, 3.0]
        assert sess.run(reads, {p: False}) == -1.0
        with pytest.raises(tf.errors.FailedPreconditionError,
                           match="Attempting to use uninitialized value v"):
            sess.run(reads, {p: True})
        sess.run(v.initializer)
        assert sess.run(reads, {p: True}) == 3.0


def test_a_variable_updated_in_a_cond_passes_through_a_ref_switch():
    v = tf.Variable(1.0, name="v")
    u = tf.Variable(0.0, name="u")
    p = tf.placeholder(tf.bool, [], name="p")
    bump = tf.cond(p, lambda: tf.assign_add(v, 5.0), lambda: tf.identity(v))
    first = tf.cond(p, lambda: tf.assign(u, 7.0), lambda: tf.constant(1.0))
    g = tf.get_default_graph()
    switch = g.get_operation_by_name("cond/AssignAdd/Switch")
    assert switch.type == "RefSwitch" and switch.inputs[0].name == "v:0"
    assert g.get_operation_by_name("cond/AssignAdd").inputs[0].name == "cond/AssignAdd/Switch:1"
    x = tf.placeholder(tf.float32, [None, 3])
    tf.layers.batch_normalization(x, training=p)
    assert [op.name for op in g.get_operations() if op.type == "RefSwitch"][1:] == [
        "cond_1/Assign/Switch", "batch_normalization/cond_2/AssignMovingAvg/Switch",
        "batch_normalization/cond_3/AssignMovingAvg/Switch"]
    with tf.Session() as sess:
        assert sess.run(first, {p: True}) == 7.0  # u was never initialized: only assigned
        sess.run(v.initializer)
        assert sess.run(bump, {p: True}) == 6.0 and sess.run(bump, {p: False}) == 6.0


def test_a_variable_updated_in_a_loop_passes_through_a_ref_enter():
    v = tf.Variable(0.0, name="v")
    u = tf.Variable(0.0, name="u")
    w = tf.Variable(2.0, name="w")
    count = tf.while_loop(lambda i: i < 3, lambda i: tf.tuple(
        [i + 1], control_inputs=[tf.assign_add(v, 1.0)])[0], [0])
    last = tf.while_loop(lambda i: i < 3, lambda i: tf.tuple(
        [i + 1], control_inputs=[tf.assign(u, tf.cast(i, tf.float32))])[0], [0])
    total = tf.while_loop(lambda i, a: i < 3, lambda i, a: (i + 1, a + tf.identity(w._ref())),
                          [0, 0.0])[1]
    g = tf.get_default_graph()
    enter = g.get_operation_by_name("while/AssignAdd/RefEnter")
    assert enter.type == "RefEnter" and enter.inputs[0].name == "v:0"
    with tf.Session() as sess:
        assert sess.run(last) == 3 and sess.run(u) == 2.0  # u only assigned: no read
        with pytest.raises(tf.errors.FailedPreconditionError,
                           match="Attempting to use uninitialized value w"):
            sess.run(total)
        sess.run([v.initializer, w.initializer])
        assert sess.run(count) == 3 and sess.run(v) == 3.0 and sess.run(total) == 6.0


# ---- gradients

def test_loop_gradient_values_and_names():
    x = tf.placeholder(tf.float32, [], name="x")
    _, y = tf.while_loop(lambda i, y: i < 3, lambda i, y: (i + 1, y * x), (0, tf.constant(1.0)))
    g, = tf.gradients(y, x)
    assert run([y, g], {x: 2.0}) == [8.0, 12.0]
    names = _names("gradients/")
    assert "gradients/while/mul_grad/Mul" in names and "gradients/while/Exit_2" in names
    r = tf.while_loop(lambda i, y: i < 10, lambda i, y: (i + 1, y * x), (0, tf.constant(1.0)),
                      maximum_iterations=4)
    assert run([r[1], tf.gradients(r[1], x)[0]], {x: 2.0}) == [16.0, 32.0]


def test_loop_keeps_history_only_for_gradients():
    x = tf.placeholder(tf.float32, [])
    _, y = tf.while_loop(lambda i, y: i < 3, lambda i, y: (i + 1, y * x), (0, tf.constant(1.0)))
    g, = tf.gradients(y, x)
    with tf.Session() as sess:
        assert sess.run(y, {x: 2.0}) == 8.0
        plans = list(sess._plans.values())
        assert sess.run(g, {x: 2.0}) == 12.0
    inference = plans[0][0]
    assert "LoopHistory" not in {t.op.type for t in inference.fetches}


def test_back_prop_false_gives_none():
    x = tf.placeholder(tf.float32, [])
    y = tf.while_loop(lambda k, y: k < 3, lambda k, y: (k + 1, y * x), (0, x), back_prop=False)
    assert tf.gradients(y[1], x) == [None]


def test_cond_gradient_flows_into_the_taken_branch():
    x = tf.placeholder(tf.float32, [])
    r = tf.cond(x > 1, lambda: x * x, lambda: 3 * x)
    g, = tf.gradients(r, x)
    assert run([r, g], {x: 2.0}) == [4.0, 4.0] and run([r, g], {x: 0.5}) == [1.5, 3.0]
    assert "gradients/cond/mul_grad/Mul" in _names()


def test_gradient_through_variable_read_in_loop():
    v = tf.Variable(2.0, name="v")
    _, y = tf.while_loop(lambda i, y: i < 3, lambda i, y: (i + 1, y * v.read_value()),
                         (0, tf.constant(1.0)))
    assert "while/read/Enter" in _names() or any("RefEnter" == o.type for o in
                                                 tf.get_default_graph().get_operations())
    g, = tf.gradients(y, v)
    with tf.Session() as sess:
        sess.run(v.initializer)
        assert sess.run([y, g]) == [8.0, 12.0]


def test_gradient_through_variable_read_in_cond():
    v = tf.Variable(3.0, name="v")
    p = tf.placeholder(tf.bool, [])
    r = tf.cond(p, lambda: v.read_value() * v.read_value(), lambda: tf.constant(1.0))
    g, = tf.gradients(r, v)
    with tf.Session() as sess:
        sess.run(v.initializer)
        assert sess.run([r, g], {p: True}) == [9.0, 6.0]
        assert sess.run(g, {p: False}) == 0.0


def test_rows_gathered_in_a_loop_stay_sparse():
    x = tf.placeholder(tf.float32, [5, 3])
    _, h = tf.while_loop(lambda t, h: t < 4,
                         lambda t, h: (t + 1, h * 0.5 + tf.gather(x, t) * h),
                         (0, tf.ones([3])))
    g, = tf.gradients(tf.reduce_sum(h), x)
    assert isinstance(g, tf.IndexedSlices) and g.values.shape.as_list() == [None, 3]
    value = run(g, {x: np.ones((5, 3), np.float32)})
    assert sorted(value.indices.tolist()) == [0, 1, 2, 3] and value.values.shape == (4, 3)
    dense = run(tf.convert_to_tensor(g), {x: np.ones((5, 3), np.float32)})
    assert dense[4].tolist() == [0, 0, 0] and dense[0].tolist() == pytest.approx([1.5 ** 3] * 3)
    _, none = tf.while_loop(lambda t, h: t < 0, lambda t, h: (t + 1, h * tf.gather(x, t)),
                            (0, tf.ones([3])))
    z, = tf.gradients(tf.reduce_sum(none), x)
    assert run(tf.convert_to_tensor(z), {x: np.ones((5, 3), np.float32)}).sum() == 0


def test_gradient_loop_keeps_the_loop_variables_shapes():
    """A loop variable's gradient whose ops lose its static shape (a gather's, made dense) keeps
    the variable's shape, so the backward loop builds (TF's gradient Merges never check it)."""
    w = tf.constant([[0.5, 0.1], [0.2, 0.3]])
    _, h = tf.while_loop(lambda i, h: i < 3,
                         lambda i, h: (i + 1, tf.matmul(tf.gather(h, tf.range(4)), w)),
                         (0, tf.ones([4, 2])))
    g, = tf.gradients(tf.reduce_sum(h), w)
    hs, want = [np.ones((4, 2))], np.zeros((2, 2))
    w0 = np.array([[0.5, 0.1], [0.2, 0.3]])
    for _ in range(3):
        hs.append(hs[-1] @ w0)
    dh = np.ones((4, 2))
    for t in reversed(range(3)):
        want += hs[t].T @ dh
        dh = dh @ w0.T
    np.testing.assert_allclose(run(g), want, rtol=1e-5)


@pytest.mark.parametrize("steps", [0, 1, 4])
def test_weight_gradient_is_one_product_after_the_loop(steps):
    """A captured matrix's gradient `sum_t a_t^T b_t` is one MatMul of the kept `a`s and `b`s
    after the backward loop, equal to the per-iteration sum (zero iterations: zeros)."""
    rng = np.random.RandomState(4)
    w0 = rng.randn(3, 3).astype(np.float64)
    xv = rng.randn(5, 2, 3)
    w = tf.constant(w0)
    x = tf.placeholder(tf.float64, [5, 2, 3])
    n = tf.placeholder(tf.int32, [])
    _, h = tf.while_loop(lambda t, h: t < n,
                         lambda t, h: (t + 1, tf.tanh(tf.matmul(h, w) + x[t])),
                         (0, tf.ones([2, 3], tf.float64)))
    g, = tf.gradients(tf.reduce_sum(h), w)
    products = [o for o in tf.get_default_graph().get_operations()
                if o.type == "MatMul" and o._control_flow_context is None
                and o.name.startswith("gradients/")]
    assert products and all(o.inputs[0].op.type == "HistoryConcat" for o in products)
    hs, want = [np.ones((2, 3))], np.zeros((3, 3))
    for t in range(steps):
        hs.append(np.tanh(hs[-1] @ w0 + xv[t]))
    dh = np.ones((2, 3))
    for t in reversed(range(steps)):
        dz = dh * (1 - hs[t + 1] ** 2)
        want += hs[t].T @ dz
        dh = dz @ w0.T
    np.testing.assert_allclose(run(g, {x: xv, n: steps}), want, rtol=1e-10)


@pytest.mark.parametrize("steps", [0, 1, 4])
def test_bias_gradient_is_one_column_sum_after_the_loop(steps):
    """A captured bias's gradient `sum_t colsum(d_t)` is one BiasAddGrad of the kept `d`s after
    the backward loop, equal to the per-iteration sum (zero iterations: zeros)."""
    rng = np.random.RandomState(5)
    w0, b0 = rng.randn(3, 3), rng.randn(3)
    xv = rng.randn(5, 2, 3)
    w, b = tf.constant(w0), tf.constant(b0)
    x = tf.placeholder(tf.float64, [5, 2, 3])
    n = tf.placeholder(tf.int32, [])
    _, h = tf.while_loop(
        lambda t, h: t < n,
        lambda t, h: (t + 1, tf.tanh(tf.nn.bias_add(tf.matmul(h, w) + x[t], b))),
        (0, tf.ones([2, 3], tf.float64)))
    g, = tf.gradients(tf.reduce_sum(h), b)
    sums = [o for o in tf.get_default_graph().get_operations()
            if o.type == "BiasAddGrad" and o._control_flow_context is None]
    assert sums and all(o.inputs[0].op.type == "HistoryConcat" for o in sums)
    hs, want = [np.ones((2, 3))], np.zeros(3)
    for t in range(steps):
        hs.append(np.tanh(hs[-1] @ w0 + xv[t] + b0))
    dh = np.ones((2, 3))
    for t in reversed(range(steps)):
        dz = dh * (1 - hs[t + 1] ** 2)
        want += dz.sum(0)
        dh = dz @ w0.T
    np.testing.assert_allclose(run(g, {x: xv, n: steps}), want, rtol=1e-10)
