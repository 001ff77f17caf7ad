"""tf.gradients: the reverse walk, its names, aggregation, stops, grad_ys, overrides and errors."""
import numpy as np
import pytest

import minitf as tf
from minitf.framework import registry

from tests.harness import run


def _ones(*shape):
    return np.ones(shape, np.float32)


# ---- test-only ops: count how often a gradient is built, and an op without a gradient

_BUILT = []


def _same(op):
    return [(op.inputs[0].dtype, op.inputs[0].shape)]


def _counting_grad(op, grad):
    _BUILT.append(op.name)
    return [grad * 3.0]


registry.register("TestGradTriple", infer=_same, kernel=lambda ctx: lambda x: x * 3,
                  grad=_counting_grad)
registry.register("TestGradNone", infer=_same, kernel=lambda ctx: lambda x: x)
registry.register("TestGradDeclared", infer=_same, kernel=lambda ctx: lambda x: x,
                  grad=registry.NOT_DIFFERENTIABLE)


def _op(op_type, x, name=None):
    return tf.get_default_graph().create_op(op_type, [x], {}, name=name or op_type).outputs[0]


# ---- names and values

def test_names_follow_tf1_scopes():
    x = tf.placeholder(tf.float32, [2, 3], name="x")
    b = tf.placeholder(tf.float32, [3], name="b")
    y = x * b
    gx, gb = tf.gradients(y, [x, b])
    ops = [o.name for o in tf.get_default_graph().get_operations()
           if o.name.startswith("gradients/")]
    assert ops[:3] == ["gradients/Shape", "gradients/grad_ys_0", "gradients/Fill"]
    assert gx.name == "gradients/mul_grad/Reshape:0"
    assert gb.name == "gradients/mul_grad/Reshape_1:0"
    assert "gradients/mul_grad/BroadcastGradientArgs" in ops
    assert tf.gradients(y, x)[0].name.startswith("gradients_1/")
    assert tf.gradients(y, x, name="grads")[0].name.startswith("grads/")


def test_values_with_broadcasting():
    x = tf.placeholder(tf.float32, [2, 3])
    b = tf.placeholder(tf.float32, [3])
    xv = np.arange(6, dtype=np.float32).reshape(2, 3)
    bv = np.array([1, 2, 3], np.float32)
    gx, gb = run(tf.gradients(x * b - b, [x, b]), {x: xv, b: bv})
    np.testing.assert_allclose(gx, np.tile(bv, (2, 1)))
    np.testing.assert_allclose(gb, xv.sum(0) - 2)


def test_several_paths_are_summed_with_add_n():
    x = tf.placeholder(tf.float32, [3], name="x")
    y = x * x + x
    g, = tf.gradients(y, x)
    assert g.op.type == "AddN" and g.name == "gradients/AddN:0"
    np.testing.assert_allclose(run(g, {x: [1, 2, 3]}), [3, 5, 7])


def test_list_of_ys_is_summed():
    x = tf.placeholder(tf.float32, [2])
    g, = tf.gradients([x * 2.0, x * 5.0], x)
    np.testing.assert_allclose(run(g, {x: [1, 1]}), [7, 7])


def test_unconnected_and_integer_inputs_get_none():
    x = tf.placeholder(tf.float32, [2])
    z = tf.placeholder(tf.float32, [2])
    i = tf.placeholder(tf.int32, [2])
    assert tf.gradients(x * 2.0, [z, i]) == [None, None]
    assert tf.gradients(i * 2, i) == [None]


def test_unconnected_zero():
    x = tf.placeholder(tf.float32, [2, 3])
    z = tf.placeholder(tf.float32, [4])
    g, = tf.gradients(x * 2.0, z, unconnected_gradients="zero")
    np.testing.assert_array_equal(run(g, {z: np.ones(4)}), np.zeros(4))
    g, = tf.gradients(x * 2.0, z, unconnected_gradients=tf.UnconnectedGradients.ZERO)
    assert g is not None
    with pytest.raises(ValueError, match="Unknown value for unconnected_gradients"):
        tf.gradients(x, z, unconnected_gradients="bogus")


def test_y_is_x():
    x = tf.placeholder(tf.float32, [2])
    g, = tf.gradients(x, x)
    np.testing.assert_array_equal(run(g, {x: [5, 6]}), [1, 1])


def test_variable_in_xs_means_its_value():
    w = tf.Variable(np.full((2,), 3.0, np.float32), name="w")
    y = w * w
    g, = tf.gradients(y, w)
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        np.testing.assert_allclose(s.run(g), [6, 6])


def test_each_gradient_is_built_once():
    x = tf.placeholder(tf.float32, [2])
    t = _op("TestGradTriple", x)
    y = t * t + t * 2.0
    del _BUILT[:]
    g, = tf.gradients(y, x)
    assert _BUILT == ["TestGradTriple"]
    np.testing.assert_allclose(run(g, {x: [1, 2]}), (2 * 3 * np.array([1, 2]) + 2) * 3)


# ---- stops

def test_stop_gradient_blocks():
    x = tf.placeholder(tf.float32, [2])
    y = tf.stop_gradient(x * 2.0) * x
    g, = tf.gradients(y, x)
    np.testing.assert_allclose(run(g, {x: [1, 2]}), [2, 4])
    assert tf.gradients(tf.stop_gradient(x), x) == [None]


def test_stop_gradients_argument():
    x = tf.placeholder(tf.float32, [2])
    a = x * 2.0
    y = a * x
    g, = tf.gradients(y, x, stop_gradients=[a])
    np.testing.assert_allclose(run(g, {x: [1, 2]}), [2, 4])
    ga, gx = tf.gradients(y, [a, x], stop_gradients=[a])
    np.testing.assert_allclose(run(ga, {x: [1, 2]}), [1, 2])


# ---- grad_ys

def test_grad_ys_given():
    x = tf.placeholder(tf.float32, [2])
    g, = tf.gradients(x * 3.0, x, grad_ys=[tf.constant([1.0, 10.0])])
    np.testing.assert_allclose(run(g, {x: [0, 0]}), [3, 30])
    g, = tf.gradients([x * 3.0, x], x, grad_ys=[None, np.array([2.0, 2.0], np.float32)])
    np.testing.assert_allclose(run(g, {x: [0, 0]}), [5, 5])


def test_grad_ys_errors():
    x = tf.placeholder(tf.float32, [2])
    with pytest.raises(ValueError, match="Passed 1 grad_ys for 2 ys"):
        tf.gradients([x, x], x, grad_ys=[None])
    with pytest.raises(TypeError, match="must be real or integer"):
        tf.gradients(x, x, grad_ys=[tf.constant([True, False])])


# ---- gradient lookup

def test_missing_gradient_is_lookup_error_naming_op():
    x = tf.placeholder(tf.float32, [2])
    y = _op("TestGradNone", x, name="nograd")
    with pytest.raises(LookupError, match=r"No gradient defined for operation 'nograd' "
                                          r"\(op type: TestGradNone\)"):
        tf.gradients(y * 2.0, x)


def test_declared_non_differentiable_gives_none():
    x = tf.placeholder(tf.float32, [2])
    assert tf.gradients(_op("TestGradDeclared", x) * 2.0, x) == [None]


def test_register_gradient_and_override_map():
    @tf.RegisterGradient("TestGradTimesTen")
    def _times_ten(op, grad):
        return [grad * 10.0]

    with pytest.raises(KeyError, match="Registering two gradient with name 'TestGradTimesTen'"):
        tf.RegisterGradient("TestGradTimesTen")(_times_ten)
    x = tf.placeholder(tf.float32, [2])
    g = tf.get_default_graph()
    with g.gradient_override_map({"Identity": "TestGradTimesTen"}):
        y = tf.identity(x)
    assert y.op.get_attr("_gradient_op_type") == "TestGradTimesTen"
    grad, = tf.gradients(y, x)
    np.testing.assert_allclose(run(grad, {x: [1, 1]}), [10, 10])
    with g.gradient_override_map({"Identity": "TestGradUnknownName"}):
        z = tf.identity(x)
    with pytest.raises(LookupError, match="No gradient defined"):
        tf.gradients(z, x)


def test_not_differentiable_registration():
    registry.register("TestGradLater", infer=_same, kernel=lambda ctx: lambda x: x)
    tf.NotDifferentiable("TestGradLater")
    x = tf.placeholder(tf.float32, [2])
    assert tf.gradients(_op("TestGradLater", x), x) == [None]
    with pytest.raises(KeyError, match="Registering two gradient"):
        tf.no_gradient("TestGradLater")
    with pytest.raises(TypeError, match="op_type must be a string"):
        tf.NotDifferentiable(3)


# ---- gate_gradients, aggregation and checks

def test_gate_gradients_wraps_in_tuple():
    x = tf.placeholder(tf.float32, [2, 3])
    b = tf.placeholder(tf.float32, [3])
    gx, gb = tf.gradients(x * b, [x, b], gate_gradients=True)
    assert gx.name == "gradients/mul_grad/tuple/control_dependency:0"
    assert gb.name == "gradients/mul_grad/tuple/control_dependency_1:0"
    assert [c.name for c in gx.op.control_inputs] == ["gradients/mul_grad/tuple/group_deps"]


def test_invalid_aggregation_method():
    x = tf.placeholder(tf.float32, [2])
    with pytest.raises(ValueError, match="Invalid aggregation_method"):
        tf.gradients(x, x, aggregation_method=7)
    g, = tf.gradients(x * x, x, aggregation_method=tf.AggregationMethod.EXPERIMENTAL_TREE)
    np.testing.assert_allclose(run(g, {x: [1, 2]}), [2, 4])


def test_wrong_number_of_gradients_is_value_error():
    registry.register("TestGradWrongCount", infer=_same, kernel=lambda ctx: lambda x: x,
                      grad=lambda op, g: [g, g])
    x = tf.placeholder(tf.float32, [2])
    with pytest.raises(ValueError, match="Num gradients 2 generated for op"):
        tf.gradients(_op("TestGradWrongCount", x), x)


def test_gradient_shape_must_match_input():
    registry.register("TestGradBadShape", infer=_same, kernel=lambda ctx: lambda x: x,
                      grad=lambda op, g: [tf.zeros([5])])
    x = tf.placeholder(tf.float32, [2])
    with pytest.raises(ValueError, match="Incompatible shapes between op input and calculated "
                                         "input gradient"):
        tf.gradients(_op("TestGradBadShape", x), x)


# ---- IndexedSlices

def test_indexed_slices_gradients_are_concatenated_and_fetched():
    registry.register("TestGradSparse", infer=_same, kernel=lambda ctx: lambda x: x,
                      grad=lambda op, g: [tf.IndexedSlices(g[:1], tf.constant([1]),
                                                           tf.shape(op.inputs[0]))])
    x = tf.placeholder(tf.float32, [3, 2])
    y = _op("TestGradSparse", x) + _op("TestGradSparse", x)
    g, = tf.gradients(y, x)
    assert isinstance(g, tf.IndexedSlices)
    value = run(g, {x: np.ones((3, 2))})
    assert isinstance(value, tf.IndexedSlicesValue)
    np.testing.assert_array_equal(value.indices, [1, 1])
    np.testing.assert_array_equal(value.values, np.ones((2, 2)))
    np.testing.assert_array_equal(value.dense_shape, [3, 2])
    assert "IndexedSlices(indices=" in repr(g)
