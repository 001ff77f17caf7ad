"""The compiled plan: pruning, generated straight-line code, freeing, caching and error mapping."""
import inspect

import numpy as np
import pytest

import minitf as tf
from minitf.framework import errors, registry
from minitf.runtime import plan as plan_mod

_SCALAR = tf.TensorShape([])


def _same(op):
    x = op.inputs[0]
    return [(x.dtype, x.shape)]


def _raise_kernel(ctx):
    def kernel(x):
        raise ValueError("boom")
    return kernel


def _op_error_kernel(ctx):
    def kernel(x):
        raise errors.NotFoundError(None, None, "missing thing")
    return kernel


def _oom_kernel(ctx):
    def kernel(x):
        raise MemoryError("no memory")
    return kernel


def _counter_kernel(ctx):
    store = ctx.resources.variables

    def kernel():
        store[ctx.op_name] = store.get(ctx.op_name, 0) + 1
        return ctx.xp.asarray(store[ctx.op_name], dtype="int32")
    return kernel


def _sub_kernel(ctx):
    """Runs a sub-graph given by attrs through the plan's compile callback."""
    sub = ctx.compile([ctx.attrs["body_out"]], [ctx.attrs["body_in"]])
    return lambda x: sub(x)[0]


registry.register("TestPlanRaise", infer=_same, kernel=_raise_kernel)
registry.register("TestPlanOpError", infer=_same, kernel=_op_error_kernel)
registry.register("TestPlanOOM", infer=_same, kernel=_oom_kernel)
registry.register("TestPlanCounter", infer=lambda op: [(tf.int32, _SCALAR)],
                  kernel=_counter_kernel, stateful=True)
registry.register("TestPlanSub", infer=_same, kernel=_sub_kernel, stateful=True)
registry.register("TestPlanRefRead", infer=lambda op: [(tf.float32, _SCALAR)],
                  kernel=lambda ctx: lambda: ctx.xp.asarray(len(ctx.refs), dtype="float32"),
                  ref_inputs=(0,))


def _op(op_type, inputs=(), name=None, attrs=None):
    return tf.get_default_graph().create_op(op_type, list(inputs), attrs or {}, name=name)


def _line():
    return inspect.currentframe().f_back.f_lineno


def _session_plan(sess):
    (plan, _), = sess._plans.values()
    return plan


def test_prune_keeps_only_needed_ops_and_stops_at_feeds():
    a = tf.placeholder(tf.float32, name="a")
    b = tf.constant(1.0, name="b")
    c = tf.identity(a + b, name="c")
    unused = tf.identity(b, name="unused")
    needed = plan_mod.prune([c], [], set())
    assert [op.name for op in needed] == ["a", "b", "add", "c"]
    assert [op.name for op in plan_mod.prune([c], [], {c.op.inputs[0]})] == ["c"]
    assert [op.name for op in plan_mod.prune([], [unused.op], set())] == ["b", "unused"]
    with tf.control_dependencies([unused]):
        d = tf.identity(b, name="d")
    # a pure op only waited for (TF's optimizer makes it a NoOp) does not run
    assert [op.name for op in plan_mod.prune([d], [], set())] == ["b", "d"]
    check = tf.check_numerics(b, "bad", name="check")
    with tf.control_dependencies([check]):
        e = tf.identity(b, name="e")
    assert [op.name for op in plan_mod.prune([e], [], set())] == ["b", "check", "e"]


def test_control_only_pure_ops_do_not_run_but_checks_and_effects_do():
    """As TF (its dependency optimizer): a MatMul that would fail, only waited for, is skipped;
    CheckNumerics and stateful ops waited for still run."""
    a = tf.placeholder(tf.float32)
    b = tf.constant(1.0)
    v = tf.Variable(0.0)
    with tf.control_dependencies([tf.matmul(a, a), v.assign_add(1.0)]):
        d = tf.identity(b)
    with tf.control_dependencies([tf.check_numerics(a, "bad")]):
        e = tf.identity(b)
    with tf.Session() as sess:
        sess.run(v.initializer)
        assert sess.run(d, {a: np.ones((2, 3), np.float32)}) == 1.0
        assert sess.run(v) == 1.0
        with pytest.raises(tf.errors.InvalidArgumentError, match="bad : Tensor had NaN"):
            sess.run(e, {a: np.array([np.nan], np.float32)})


def test_prune_does_not_walk_ref_inputs():
    p = tf.placeholder(tf.float32, name="p")
    r = _op("TestPlanRefRead", [p], name="r").outputs[0]
    assert [op.name for op in plan_mod.prune([r], [], set())] == ["r"]
    with tf.Session() as sess:
        assert sess.run(r) == 1.0  # ctx.refs names the ref input; the placeholder never runs


def test_generated_source_frees_values_after_last_use():
    a = tf.placeholder(tf.float32, [None], name="a")
    c = a + tf.constant(1.0)
    d = c + c
    e = d + a
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(e, {a: [1.0]}), [5.0])
        src = _session_plan(sess).source
    lines = [line.strip() for line in src.splitlines()]
    assert lines[0].startswith("def _plan_") and lines[0].endswith(":")
    assert lines[1:] == ["v1 = k1(f0, c0)", "v2 = k2(v1, v1)", "del v1", "v3 = k3(v2, f0)",
                         "del f0, v2", "return (v3,)"]


def test_fetched_values_are_not_freed():
    a = tf.placeholder(tf.float32, [None], name="a")
    c = a + a
    d = c + c
    with tf.Session() as sess:
        got = sess.run([d, c], {a: [1.0]})
        src = _session_plan(sess).source
    assert [v.tolist() for v in got] == [[4.0], [2.0]]
    assert "del f0\n" in src and "return (v2, v1)" in src and "del v1" not in src


def test_plan_is_compiled_once_and_cached():
    a = tf.placeholder(tf.float32, name="a")
    b = tf.placeholder(tf.float32, name="b")
    c = a + b
    with tf.Session() as sess:
        sess.run(c, {a: 1.0, b: 2.0})
        plan = _session_plan(sess)
        assert sess.run(c, {a: 3.0, b: 4.0}) == 7.0
        assert sess.run([c], {a: 3.0, b: 4.0}) == [7.0]  # same fetched tensors, same plan
        assert _session_plan(sess) is plan
        sess.run(c, {b: 2.0, a: 1.0})  # another feed order is another signature
        sess.run(c, {a: 1.0, b: 2.0, tf.constant(5.0): 1.0})
        assert len(sess._plans) == 3
        sess.close()
        assert sess._plans == {}


def test_stateful_op_runs_once_per_run():
    n = _op("TestPlanCounter", name="counter").outputs[0]
    with tf.Session() as sess:
        assert sess.run([n, n, n + 0]) == [1, 1, 1]
        assert sess.run(n) == 2
    with tf.Session() as other:  # each session owns its state
        assert other.run(n) == 1


def test_kernel_exception_becomes_invalid_argument_naming_the_op():
    x = tf.constant(1.0)
    bad = tf.get_default_graph().create_op("TestPlanRaise", [x], {}, name="bad").outputs[0]
    line = _line() - 1
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError) as info:
            sess.run(bad + 1.0)
    err = info.value
    assert str(err) == f"ValueError: boom\n\t [[node bad (defined at test_plan.py:{line}) ]]"
    assert err.op is bad.op and err.error_code == tf.errors.INVALID_ARGUMENT
    assert isinstance(err.__cause__, ValueError)


def test_op_error_keeps_its_class_and_gains_the_node_suffix():
    x = tf.constant(1.0)
    bad = tf.get_default_graph().create_op("TestPlanOpError", [x], {}, name="nf").outputs[0]
    line = _line() - 1
    with tf.Session() as sess:
        with pytest.raises(tf.errors.NotFoundError) as info:
            sess.run(bad)
    assert str(info.value) == f"missing thing\n\t [[node nf (defined at test_plan.py:{line}) ]]"
    assert info.value.op is bad.op


def test_memory_error_becomes_resource_exhausted():
    bad = _op("TestPlanOOM", [tf.constant(1.0)], name="oom").outputs[0]
    with tf.Session() as sess:
        with pytest.raises(tf.errors.ResourceExhaustedError, match=r"^OOM when running oom: no "
                                                                   r"memory\n\t \[\[node oom "):
            sess.run(bad)


def test_missing_placeholder_names_the_node_and_where_it_was_defined():
    a = tf.placeholder(tf.float32, [None, 3], name="a")
    line = _line() - 1
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError) as info:
            sess.run(a + 1.0)
    assert str(info.value) == ("You must feed a value for placeholder tensor 'a' with dtype float "
                               f"and shape [?,3]\n\t [[node a (defined at test_plan.py:{line}) ]]")
    assert info.value.op is a.op


def test_sub_plans_through_the_compile_callback():
    body_in = tf.placeholder(tf.float32, [], name="body_in")
    body_out = body_in + 10.0
    x = tf.placeholder(tf.float32, [], name="x")
    y = _op("TestPlanSub", [x], name="sub", attrs={"body_in": body_in, "body_out": body_out})
    with tf.Session() as sess:
        assert sess.run(y.outputs[0], {x: 1.0}) == 11.0
    bad_out = _op("TestPlanRaise", [body_in], name="inner").outputs[0]
    z = _op("TestPlanSub", [x], name="sub2", attrs={"body_in": body_in, "body_out": bad_out})
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError) as info:
            sess.run(z.outputs[0], {x: 1.0})
    assert info.value.op is bad_out.op and "[[node inner " in str(info.value)


def test_plan_called_directly():
    a = tf.placeholder(tf.float32, [], name="a")
    b = a + 2.0
    p = plan_mod.Plan([b], [], [a], np, None)
    assert p(np.float32(1.0)) == (3.0,)
    assert p.fetches == (b,) and p.feeds == (a,) and [op.name for op in p.ops] == ["add/y", "add"]
    with pytest.raises(TypeError):
        p()  # a wrong call is not an op's fault: the plain Python error comes through


# ---- variable reads run late: TF1's reads alias the variable, so they see earlier updates

def test_read_after_update_in_the_same_run_sees_the_new_value():
    v = tf.Variable(1.0, name="v")
    inc = tf.assign_add(v, 10.0)
    with tf.control_dependencies([inc]):
        after = tf.identity(v)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run(after) == 11.0
        assert sess.run([v, inc]) == [21.0, 21.0]


def test_read_consumed_before_an_update_keeps_the_old_value():
    v = tf.Variable(1.0, name="v")
    before = v + 0.0
    with tf.control_dependencies([before]):
        inc = tf.assign_add(v, 10.0)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run([before, inc]) == [1.0, 11.0]


def test_initial_value_computed_from_another_variable():
    v = tf.Variable(3.0, name="v")
    w = tf.Variable(v * 2.0, name="w")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run(w) == 6.0


def test_schedule_places_reads_just_before_their_first_consumer():
    v = tf.Variable(1.0, name="v")
    c = tf.constant(2.0, name="c")
    out = c * 3.0 + v
    plan_ops = [op.name for op in plan_mod.prune([out], [], set())]
    assert plan_ops.index("v") == plan_ops.index("add") - 2  # v, v/read, add
    assert plan_ops[plan_ops.index("v") + 1] == "v/read"


def test_control_input_added_later_recompiles_the_plan():
    v = tf.Variable(1.0, name="v")
    inc = tf.assign_add(v, 1.0)
    out = tf.identity(v)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run(out) == 1.0
        out.op._add_control_input(inc.op)
        assert sess.run(out) == 2.0


def test_constant_subgraphs_are_computed_once_while_compiling():
    x = tf.placeholder(tf.float32, [2, 3])
    from minitf.ops.array import broadcast_gradient_args
    rx, ry = broadcast_gradient_args([2, 3], [3])
    z = tf.zeros([2, 3]) + 1.0
    y = tf.reduce_sum(x * z, ry)
    plan = plan_mod.Plan([y, rx], [], [x], np, None)
    assert "BroadcastGradientArgs" not in plan.source and plan.source.count("(") < 8
    assert [op.type for op in plan.ops].count("BroadcastGradientArgs") == 1
    out, r = plan(np.ones((2, 3), np.float32))
    np.testing.assert_array_equal(out, [2, 2, 2])
    assert r.size == 0


def test_constant_op_that_fails_still_fails_when_run():
    bad = tf.gather(tf.constant([1.0, 2.0, 3.0]), tf.constant([5]), name="bad")
    with tf.Session() as sess, pytest.raises(tf.errors.InvalidArgumentError, match="bad"):
        sess.run(bad)
