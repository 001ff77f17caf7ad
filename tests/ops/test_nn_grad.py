"""Gradients of the tf.nn ops and the ops they build (ReluGrad, BiasAddGrad, ...), the
cross-entropy ops, dynamic_partition/dynamic_stitch, and the gradients of init.py's (DiagPart,
Qr, with Diag, MatrixBandPart, MatrixTriangularSolve) and logging_ops.py's (Print,
CheckNumerics) ops: values against numpy, static shapes, TF1's names and errors."""
import numpy as np
import pytest

import minitf as tf
from minitf.framework import registry
from minitf.ops import nn as nn_ops
from tests.harness import check_op, distinct_shape_input, run


def _softmax(x):
    e = np.exp(x - x.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def _names():
    return [op.name for op in tf.get_default_graph().get_operations()]


# ---- gradient graphs and their names

@pytest.mark.parametrize("fn, grad_type", [(tf.nn.relu, "ReluGrad"), (tf.nn.relu6, "Relu6Grad"),
                                           (tf.nn.elu, "EluGrad"),
                                           (tf.nn.softplus, "SoftplusGrad")])
def test_activation_gradients_build_grad_ops(fn, grad_type):
    x = tf.placeholder(tf.float32, [2, 3])
    y = fn(x)
    g = tf.gradients(y, x)[0]
    assert g.name == f"gradients/{y.op.name}_grad/{grad_type}:0"
    assert g.op.type == grad_type and g.shape.as_list() == [2, 3]
    # Relu, Relu6 and Elu differentiate through their output, Softplus through its input
    assert g.op.inputs[1] is (x if grad_type == "SoftplusGrad" else y)


def test_gradient_graph_names():
    x = tf.placeholder(tf.float32, [2, 3])
    b = tf.placeholder(tf.float32, [3])
    gx, gb = tf.gradients(tf.nn.bias_add(x, b), [x, b])
    assert gb.name == "gradients/BiasAdd_grad/BiasAddGrad:0" and gb.shape.as_list() == [3]
    assert gx.name == "gradients/Fill:0"  # BiasAdd passes its gradient through
    assert tf.gradients(tf.nn.l2_loss(x), x)[0].name == "gradients_1/L2Loss_grad/mul:0"
    assert tf.gradients(tf.nn.softmax(x), x)[0].name == "gradients_2/Softmax_grad/mul_1:0"
    assert tf.gradients(tf.nn.log_softmax(x), x)[0].name == "gradients_3/LogSoftmax_grad/sub:0"
    names = [n for n in _names() if n.startswith("gradients_2/")]
    assert names == ["gradients_2/Shape", "gradients_2/grad_ys_0", "gradients_2/Fill",
                     "gradients_2/Softmax_grad/mul",
                     "gradients_2/Softmax_grad/Sum/reduction_indices",
                     "gradients_2/Softmax_grad/Sum", "gradients_2/Softmax_grad/sub",
                     "gradients_2/Softmax_grad/mul_1"]


def test_second_order_ops_and_names(backend):
    x = tf.placeholder(tf.float64, [2, 3])
    dy = tf.placeholder(tf.float64, [2, 3])
    g = tf.gradients(tf.nn.relu(x), x, grad_ys=dy)[0]
    gdy, gx = tf.gradients(g, [dy, x])
    assert gdy.name == "gradients_1/gradients/Relu_grad/ReluGrad_grad/ReluGrad:0"
    # the mask is piecewise constant: the path to x carries zeros (`zeros_like`)
    assert "gradients_1/gradients/Relu_grad/ReluGrad_grad/zeros_like" in _names()
    out = run(gx, {x: np.ones((2, 3)), dy: np.ones((2, 3))}, backend=backend)
    np.testing.assert_array_equal(out, np.zeros((2, 3)))


def test_first_and_second_order_values(backend):
    xv = np.array([[-2.0, -0.5, 0.5], [3.0, 6.5, 7.0]])
    dyv = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    x = tf.placeholder(tf.float64, [2, 3])
    dy = tf.placeholder(tf.float64, [2, 3])
    out = {}
    for name in ("relu", "relu6", "elu", "softplus"):
        g = tf.gradients(getattr(tf.nn, name)(x), x, grad_ys=dy)[0]
        out[name] = (g, tf.gradients(g, dy, grad_ys=tf.ones_like(dy))[0])
    vals = run(out, {x: xv, dy: dyv}, backend=backend)
    sig = 1 / (1 + np.exp(-xv))
    want = {"relu": (xv > 0) * 1.0, "relu6": ((xv > 0) & (xv < 6)) * 1.0,
            "elu": np.where(xv < 0, np.exp(xv), 1.0), "softplus": sig}
    for name, (g, second) in vals.items():
        np.testing.assert_allclose(g, dyv * want[name], rtol=1e-12)
        np.testing.assert_allclose(second, want[name], rtol=1e-12)


def test_softplus_grad_grad_with_respect_to_x(backend):
    x = tf.constant([-50.0, -1.0, 0.0, 2.0, 50.0], tf.float64)
    g = tf.gradients(tf.nn.softplus(x), x)[0]
    g2 = tf.gradients(g, x)[0]
    e = np.exp(-np.abs([-50.0, -1.0, 0.0, 2.0, 50.0]))
    np.testing.assert_allclose(run(g2, backend=backend), e / (1 + e) ** 2, rtol=1e-10)
    assert g2.op.type == "RealDiv" and g2.op.control_inputs == []


# ---- the gradient-only ops themselves

@pytest.mark.parametrize("fn, ref", [
    (nn_ops.relu_grad, lambda g, x: g * (x > 0)),
    (nn_ops.relu6_grad, lambda g, x: g * ((x > 0) & (x < 6))),
    (nn_ops.elu_grad, lambda g, y: np.where(y < 0, g * (y + 1), g)),
    (nn_ops.softplus_grad, lambda g, x: g / (1 + np.exp(-x))),
])
def test_grad_op_values(backend, fn, ref):
    g = distinct_shape_input(2, 3, 4)
    x = distinct_shape_input(2, 3, 4, seed=1) * 4
    check_op(fn, [g, x], ref, backend=backend, rtol=1e-6)


def test_grad_op_extremes_and_ints(backend):
    g = np.ones(4, np.float32)
    x = np.array([-1e4, -100.0, 100.0, 1e4], np.float32)
    check_op(nn_ops.softplus_grad, [g, x], lambda a, b: np.array([0, 3.72e-44, 1, 1], np.float32),
             backend=backend)
    gi = np.array([1, 2, 3], np.int32)
    check_op(nn_ops.relu_grad, [gi, np.array([-1, 0, 5], np.int32)],
             lambda a, b: np.array([0, 0, 3], np.int32), backend=backend)


def test_grad_op_errors(backend):
    with pytest.raises(ValueError, match=r"^Dimension 1 in both shapes must be equal, but are 3 "
                                         r"and 4\. Shapes are \[2,3\] and \[2,4\]\. for "
                                         r"'ReluGrad' \(op: 'ReluGrad'\)"):
        nn_ops.relu_grad(tf.zeros([2, 3]), tf.zeros([2, 4]))
    with pytest.raises(ValueError, match="Shapes must be equal rank, but are 1 and 2"):
        nn_ops.elu_grad(tf.zeros([3]), tf.zeros([1, 3]))
    with pytest.raises(TypeError, match="'gradients' has DataType int32 not in list"):
        nn_ops.softplus_grad(tf.constant([1]), tf.constant([1]))
    a, b = tf.placeholder(tf.float32), tf.placeholder(tf.float32)
    with pytest.raises(tf.errors.InvalidArgumentError, match="g and a must be the same size"):
        run(nn_ops.relu6_grad(a, b), {a: np.zeros(3), b: np.zeros(2)}, backend=backend)


def test_bias_add_grad_op(backend):
    g = distinct_shape_input(2, 3, 4, 5)
    check_op(nn_ops.bias_add_grad, [g], lambda v: v.sum((0, 1, 2)), backend=backend, rtol=1e-5)
    check_op(lambda v: nn_ops.bias_add_grad(v, data_format="NCHW"), [g],
             lambda v: v.sum((0, 2, 3)), backend=backend, rtol=1e-5)
    gi = np.arange(6, dtype=np.int32).reshape(2, 3)
    check_op(nn_ops.bias_add_grad, [gi], lambda v: v.sum(0).astype(np.int32), backend=backend)
    assert nn_ops.bias_add_grad(tf.placeholder(tf.float32)).shape.as_list() == [None]
    with pytest.raises(ValueError, match="Shape must be at least rank 3 but is rank 2"):
        nn_ops.bias_add_grad(tf.zeros([2, 3]), data_format="NCHW")
    p = tf.placeholder(tf.float32)
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"Input tensor must be at least 2D: "
                                                             r"\[3\]"):
        run(nn_ops.bias_add_grad(p), {p: np.zeros(3)}, backend=backend)


def test_bias_add_grad_grad_tiles(backend):
    up = tf.placeholder(tf.float64, [2, None, 3])
    db = nn_ops.bias_add_grad(up)
    second = tf.gradients(db, up, grad_ys=tf.constant([1.0, 2.0, 3.0], tf.float64))[0]
    assert second.op.type == "Tile"
    out = run(second, {up: np.zeros((2, 4, 3))}, backend=backend)
    np.testing.assert_array_equal(out, np.broadcast_to([1.0, 2.0, 3.0], (2, 4, 3)))
    upc = tf.placeholder(tf.float64, [2, 3, None])
    second = tf.gradients(nn_ops.bias_add_grad(upc, data_format="NCHW"), upc,
                          grad_ys=tf.constant([1.0, 2.0, 3.0], tf.float64))[0]
    out = run(second, {upc: np.zeros((2, 3, 5))}, backend=backend)
    np.testing.assert_array_equal(out, np.broadcast_to([[1.0], [2.0], [3.0]], (2, 3, 5)))


# ---- SoftmaxCrossEntropyWithLogits

def _xent_ref(logits, labels):
    log_sm = logits - logits.max(-1, keepdims=True)
    log_sm = log_sm - np.log(np.exp(log_sm).sum(-1, keepdims=True))
    return -(labels * log_sm).sum(-1), _softmax(logits) - labels


def test_softmax_xent_op_values(backend):
    logits = distinct_shape_input(3, 5) * 3
    labels = _softmax(distinct_shape_input(3, 5, seed=2))
    for dtype in (np.float32, np.float64):
        check_op(nn_ops.gen_softmax_cross_entropy_with_logits,
                 [logits.astype(dtype), labels.astype(dtype)],
                 lambda a, b: _xent_ref(a.astype(np.float64), b.astype(np.float64)),
                 backend=backend, rtol=1e-5)


def test_softmax_xent_op_broadcasts_labels(backend):
    logits = distinct_shape_input(3, 4)
    labels = np.array([[0.1, 0.2, 0.3, 0.4]], np.float32)
    loss, backprop = run(nn_ops.gen_softmax_cross_entropy_with_logits(logits, labels),
                         backend=backend)
    want = _xent_ref(logits, np.broadcast_to(labels, (3, 4)))
    np.testing.assert_allclose(loss, want[0], rtol=1e-5)
    np.testing.assert_allclose(backprop, want[1], rtol=1e-5, atol=1e-7)


def test_softmax_xent_op_is_stable(backend):
    logits = np.array([[1e4, 0.0, -1e4], [-1e4, -1e4, -1e4], [1e4, 1e4, -1e4]], np.float32)
    labels = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.5, 0.5, 0.0]], np.float32)
    loss, backprop = run(nn_ops.gen_softmax_cross_entropy_with_logits(logits, labels),
                         backend=backend)
    np.testing.assert_allclose(loss, [1e4, np.log(3), np.log(2)], rtol=1e-6)
    np.testing.assert_allclose(backprop, [[1, -1, 0], [-2 / 3, 1 / 3, 1 / 3], [0, 0, 0]],
                               atol=1e-6)


def test_softmax_xent_op_shapes_and_errors(backend):
    op = nn_ops.gen_softmax_cross_entropy_with_logits
    loss, backprop = op(tf.placeholder(tf.float32, [None, 4]),
                        tf.placeholder(tf.float32, [3, None]))
    assert loss.name == "SoftmaxCrossEntropyWithLogits:0" and loss.shape.as_list() == [3]
    assert backprop.name == "SoftmaxCrossEntropyWithLogits:1"
    assert backprop.shape.as_list() == [3, 4]
    unknown = op(tf.placeholder(tf.float32), tf.placeholder(tf.float32))
    assert unknown.loss.shape.as_list() == [None] and unknown.backprop.shape.as_list() == [None,
                                                                                            None]
    assert op(tf.zeros([3, 4]), tf.zeros([4])).backprop.shape.as_list() == [3, 4]
    with pytest.raises(ValueError, match=r"^Dimensions must be equal, but are 3 and 4 for "):
        op(tf.zeros([2, 3]), tf.zeros([2, 4]))
    with pytest.raises(ValueError, match="Shape must be broadcasted with rank 2, but is rank 3"):
        op(tf.zeros([2, 3, 3]), tf.zeros([2, 3, 3]))
    with pytest.raises(ValueError, match="but is rank is unknown"):
        op(tf.placeholder(tf.float32, [1, 2, 3]), tf.placeholder(tf.float32))
    a, b = tf.placeholder(tf.float32), tf.placeholder(tf.float32)
    loss = op(a, b).loss
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"logits and labels must be broadcastable: logits_size=\[3,3\] "
                             r"labels_size=\[2,4\]"):
        run(loss, {a: np.zeros((3, 3)), b: np.zeros((2, 4))}, backend=backend)
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="logits and labels must be either 2-dimensional, or broadcasted to "
                             "be 2-dimensional"):
        run(loss, {a: np.zeros(3), b: np.zeros(3)}, backend=backend)
    empty = run(op(tf.zeros([3, 0]), tf.zeros([3, 0])), backend=backend)
    np.testing.assert_array_equal(empty.loss, np.zeros(3))
    assert empty.backprop.shape == (3, 0)


def test_softmax_xent_op_gradients(backend):
    logits = tf.placeholder(tf.float64, [2, 3])
    labels = tf.placeholder(tf.float64, [2, 3])
    loss, backprop = nn_ops.gen_softmax_cross_entropy_with_logits(logits, labels)
    g_loss = tf.constant([2.0, -1.0], tf.float64)
    gl, gz = tf.gradients(loss, [logits, labels], grad_ys=g_loss)
    # only the loss was used: no second-order term (no Softmax op) is built
    assert "Softmax" not in {op.type for op in tf.get_default_graph().get_operations()}
    lv, zv = distinct_shape_input(2, 3, dtype=np.float64), _softmax(distinct_shape_input(2, 3,
                                                                                        seed=3))
    gl_v, gz_v = run([gl, gz], {logits: lv, labels: zv}, backend=backend)
    sm = _softmax(lv)
    np.testing.assert_allclose(gl_v, [[2.0], [-1.0]] * (sm - zv), rtol=1e-12)
    np.testing.assert_allclose(gz_v, [[2.0], [-1.0]] * -np.log(sm), rtol=1e-12)
    gg = tf.constant(distinct_shape_input(2, 3, dtype=np.float64, seed=4))
    second = tf.gradients(backprop, logits, grad_ys=gg)[0]
    assert "Softmax" in {op.type for op in tf.get_default_graph().get_operations()}
    ggv = distinct_shape_input(2, 3, dtype=np.float64, seed=4)
    want = sm * (ggv - (ggv * sm).sum(-1, keepdims=True))
    np.testing.assert_allclose(run(second, {logits: lv, labels: zv}, backend=backend), want,
                               rtol=1e-12)


# ---- SparseSoftmaxCrossEntropyWithLogits

def test_sparse_xent_op_values(backend):
    logits = distinct_shape_input(4, 3) * 2
    for dtype in (np.int32, np.int64):
        labels = np.array([2, 0, 1, 1], dtype)

        def ref(a, b):
            onehot = np.eye(3)[b]
            return _xent_ref(a.astype(np.float64), onehot)
        check_op(nn_ops.gen_sparse_softmax_cross_entropy_with_logits, [logits, labels], ref,
                 backend=backend, rtol=1e-5, atol=1e-7)


def test_sparse_xent_op_is_stable(backend):
    logits = np.array([[1e4, 0.0, -1e4], [-1e4, -1e4, -1e4]], np.float32)
    loss, backprop = run(nn_ops.gen_sparse_softmax_cross_entropy_with_logits(logits, [1, 2]),
                         backend=backend)
    np.testing.assert_allclose(loss, [1e4, np.log(3)], rtol=1e-6)
    np.testing.assert_allclose(backprop, [[1, -1, 0], [1 / 3, 1 / 3, -2 / 3]], atol=1e-6)


def test_sparse_xent_op_shapes_and_errors(backend):
    op = nn_ops.gen_sparse_softmax_cross_entropy_with_logits
    loss, backprop = op(tf.placeholder(tf.float32, [None, 4]), tf.placeholder(tf.int32, [3]))
    assert loss.shape.as_list() == [3] and backprop.shape.as_list() == [3, 4]
    assert loss.op.get_attr("Tlabels") == tf.int32
    assert op(tf.zeros([2, 3]), [0, 1]).loss.op.get_attr("Tlabels") == tf.int64
    with pytest.raises(ValueError, match="Dimensions must be equal, but are 3 and 2"):
        op(tf.zeros([3, 3]), [0, 1])
    with pytest.raises(ValueError, match="Shape must be rank 2 but is rank 1"):
        op(tf.zeros([3]), [0, 1])
    with pytest.raises(ValueError, match="Shape must be rank 1 but is rank 2"):
        op(tf.zeros([3, 3]), [[0, 1]])
    with pytest.raises(TypeError, match="'labels' has DataType float32 not in list"):
        op(tf.zeros([3, 3]), tf.zeros([3]))
    a, b = tf.placeholder(tf.float32), tf.placeholder(tf.int32)
    loss = op(a, b).loss
    for av, bv, message in [
            (np.zeros(3), np.zeros(3), r"logits must be 2-D, but got shape \[3\]"),
            (np.zeros((3, 2)), np.zeros((3, 1)), r"labels must be 1-D, but got shape \[3,1\]"),
            (np.zeros((3, 2)), np.zeros(2), r"logits and labels must have the same first "
                                            r"dimension, got logits shape \[3,2\] and labels "
                                            r"shape \[2\]"),
            (np.zeros((3, 0)), np.zeros(3), r"Must have at least one class, but got logits "
                                            r"shape \[3,0\]"),
            (np.zeros((3, 3)), [0, 5, 1], r"^Received a label value of 5 which is outside the "
                                          r"valid range of \[0, 3\)\.  Label values: 0 5 1\n"),
            (np.zeros((3, 3)), [0, -1, 7], r"^Received a label value of -1 which is outside "
                                           r"the valid range of \[0, 3\)\.  Label values: 0 -1 "
                                           r"7\n")]:
        with pytest.raises(tf.errors.InvalidArgumentError, match=message):
            run(loss, {a: av, b: bv}, backend=backend)
    assert run(loss, {a: np.zeros((0, 3)), b: np.zeros(0)}, backend=backend).shape == (0,)


def test_sparse_xent_op_gradients(backend):
    logits = tf.placeholder(tf.float64, [3, 4])
    labels = tf.constant([3, 0, 1])
    loss, backprop = nn_ops.gen_sparse_softmax_cross_entropy_with_logits(logits, labels)
    lv = distinct_shape_input(3, 4, dtype=np.float64)
    g, g_labels = tf.gradients(loss, [logits, labels])
    assert g_labels is None
    np.testing.assert_allclose(run(g, {logits: lv}, backend=backend),
                               _softmax(lv) - np.eye(4)[[3, 0, 1]], rtol=1e-12, atol=1e-15)
    # the backprop output's own gradient is the softmax Jacobian (as TF 2.x; 1.15 refused it)
    gg = distinct_shape_input(3, 4, dtype=np.float64, seed=5)
    second = tf.gradients(backprop, logits, grad_ys=tf.constant(gg))[0]
    sm = _softmax(lv)
    np.testing.assert_allclose(run(second, {logits: lv}, backend=backend),
                               sm * (gg - (gg * sm).sum(-1, keepdims=True)), rtol=1e-12)


# ---- DynamicPartition, DynamicStitch, ParallelDynamicStitch

def test_dynamic_partition(backend):
    data = distinct_shape_input(5, 3)
    parts = np.array([1, 0, 2, 1, 0], np.int32)
    out = tf.dynamic_partition(tf.placeholder_with_default(data, [5, 3]), parts, 3)
    assert [t.name for t in out] == ["DynamicPartition:0", "DynamicPartition:1",
                                     "DynamicPartition:2"]
    assert all(t.shape.as_list() == [None, 3] for t in out)
    for got, i in zip(run(out, backend=backend), range(3)):
        assert got.dtype == np.float32
        np.testing.assert_array_equal(got, data[parts == i])
    assert tf.dynamic_partition(tf.placeholder(tf.float32, [4, 2, 3]),
                                tf.placeholder(tf.int32, [4, 2]), 2)[0].shape.as_list() == [None,
                                                                                            3]
    assert tf.dynamic_partition(tf.placeholder(tf.float32), tf.placeholder(tf.int32),
                                2)[1].shape.ndims is None
    two_d = run(tf.dynamic_partition(np.arange(6.0).reshape(2, 3), [[0, 1, 0], [1, 1, 0]], 2),
                backend=backend)
    np.testing.assert_array_equal(two_d[0], [0.0, 2.0, 5.0])
    assert run(tf.dynamic_partition([1, 2], [1, 1], 2), backend=backend)[0].shape == (0,)


def test_dynamic_partition_errors(backend):
    with pytest.raises(ValueError, match="Dimensions must be equal, but are 2 and 3"):
        tf.dynamic_partition([[1, 2], [3, 4]], [0, 1, 0], 2)
    with pytest.raises(ValueError, match="Shape must be at least rank 2 but is rank 1"):
        tf.dynamic_partition([1, 2], [[0, 1]], 2)
    with pytest.raises(ValueError, match="'num_partitions' of 'DynamicPartition' Op passed 0 "
                                         "less than minimum 1"):
        tf.dynamic_partition([1, 2], [0, 0], 0)
    p = tf.placeholder(tf.int32)
    d = tf.placeholder(tf.float32)
    out = tf.dynamic_partition(d, p, 2)
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"partitions\[3\] = 5 is not in "
                                                             r"\[0, 2\)"):
        run(out, {d: np.zeros(4), p: [0, 1, 0, 5]}, backend=backend)
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"partitions\[1,0\] = -1 is not"):
        run(out, {d: np.zeros((2, 2)), p: [[0, 1], [-1, 0]]}, backend=backend)
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"data.shape must start with partitions.shape, got data.shape = "
                             r"\[2,2\], partitions.shape = \[3\]"):
        run(out, {d: np.zeros((2, 2)), p: [0, 1, 0]}, backend=backend)


def test_dynamic_stitch(backend):
    a = distinct_shape_input(2, 3)
    b = distinct_shape_input(1, 3, seed=1)
    out = check_op(lambda x, y: tf.dynamic_stitch([tf.constant([2, 0]), tf.constant([1])],
                                                  [x, y]),
                   [a, b], lambda x, y: np.stack([x[1], y[0], x[0]]), backend=backend)
    gap = tf.dynamic_stitch([[0, 3], [1]], [[1.0, 2.0], [3.0]])
    assert gap.name == "DynamicStitch:0" and gap.shape.as_list() == [4]
    np.testing.assert_array_equal(run(gap, backend=backend), [1.0, 3.0, 0.0, 2.0])
    later_wins = tf.dynamic_stitch([[0, 1], [1]], [[1, 2], [9]])
    np.testing.assert_array_equal(run(later_wins, backend=backend), [1, 9])
    unknown = tf.dynamic_stitch([tf.placeholder(tf.int32, [None]), [1]],
                                [tf.placeholder(tf.float32, [None, 2]), [[1.0, 2.0]]])
    assert unknown.shape.as_list() == [None, 2]
    assert out[0].shape == (3, 3)


def test_dynamic_stitch_errors(backend):
    with pytest.raises(ValueError, match="Dimensions must be equal, but are 2 and 1"):
        tf.dynamic_stitch([[0, 2], [1]], [[1, 2], [3, 4]])
    with pytest.raises(TypeError, match=r"Tensors in list passed to 'data' of 'DynamicStitch' "
                                        r"Op have types \[float32, int32\] that don't all match"):
        tf.dynamic_stitch([[0], [1]], [[1.0], [2]])
    with pytest.raises(ValueError, match="List argument 'data' to 'DynamicStitch' Op with length "
                                         "1 must match length 2 of argument 'indices'"):
        tf.dynamic_stitch([[0], [1]], [[1.0]])
    i = tf.placeholder(tf.int32, [None])
    d = tf.placeholder(tf.float32)
    out = tf.dynamic_stitch([i, [1]], [d, [3.0]])
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"indices\[1\] is out of range"):
        run(out, {i: [0, -2], d: [1.0, 2.0]}, backend=backend)
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"data\[0\].shape = \[3\] does not start with indices\[0\].shape "
                             r"= \[2\]"):
        run(out, {i: [0, 2], d: [1.0, 2.0, 3.0]}, backend=backend)
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"Need data\[0\].shape\[1:\] = data\[1\].shape\[1:\], got "
                             r"data\[0\].shape = \[2,2\], data\[1\].shape = \[1\]"):
        run(out, {i: [0, 2], d: np.zeros((2, 2))}, backend=backend)


def test_partition_and_stitch_gradients(backend):
    data = tf.placeholder(tf.float64, [5, 2])
    parts = tf.dynamic_partition(data, tf.constant([1, 0, 2, 1, 0]), 3)
    total = tf.reduce_sum(parts[0] * 2.0) + tf.reduce_sum(parts[2] * parts[2])
    g = tf.gradients(total, data)[0]
    dv = distinct_shape_input(5, 2, dtype=np.float64)
    want = np.zeros((5, 2))
    want[[1, 4]] = 2.0
    want[2] = 2 * dv[2]
    np.testing.assert_allclose(run(g, {data: dv}, backend=backend), want)
    assert g.op.type == "Reshape"
    a = tf.placeholder(tf.float64, [2, 3])
    s = nn_ops._parallel_dynamic_stitch([tf.constant([2, 0]), tf.constant([1])],
                                        [a, tf.ones([1, 3], tf.float64)])
    assert s.op.type == "ParallelDynamicStitch" and s.name == "ParallelDynamicStitch:0"
    ga, gi = tf.gradients(s, [a, s.op.inputs[0]], grad_ys=tf.constant(np.arange(9.0).reshape(3,
                                                                                          3)))
    assert gi is None and ga.op.type == "GatherV2"
    np.testing.assert_array_equal(run(ga, {a: np.zeros((2, 3))}, backend=backend),
                                  [[6.0, 7.0, 8.0], [0.0, 1.0, 2.0]])


# ---- init.py: Diag, DiagPart, MatrixBandPart, MatrixTriangularSolve, Qr

def test_diag(backend):
    x = distinct_shape_input(2, 3)
    check_op(tf.diag, [x], lambda v: np.diag(v.ravel()).reshape(2, 3, 2, 3), backend=backend)
    assert tf.diag([1.0, 2.0]).name == "Diag:0"
    assert tf.diag(tf.placeholder(tf.float32)).shape.ndims is None
    with pytest.raises(ValueError, match=r"^Shape must be at least rank 1 but is rank 0 for "
                                         r"'Diag_2' \(op: 'Diag'\)"):
        tf.diag(3.0)
    p = tf.placeholder(tf.float32)
    with pytest.raises(tf.errors.InvalidArgumentError, match="Input must be at least rank 1, "
                                                             "got 0"):
        run(tf.diag(p), {p: 2.0}, backend=backend)


def test_diag_and_diag_part_gradients(backend):
    x = tf.placeholder(tf.float64, [2, 3, 2, 3])
    g = tf.gradients(tf.diag_part(x), x, grad_ys=tf.constant(np.arange(6.0).reshape(2, 3)))[0]
    assert g.name == "gradients/DiagPart_grad/Diag:0"
    np.testing.assert_array_equal(run(g, {x: np.zeros((2, 3, 2, 3))}, backend=backend),
                                  np.diag(np.arange(6.0)).reshape(2, 3, 2, 3))
    v = tf.placeholder(tf.float64, [3])
    gv = tf.gradients(tf.diag(v), v, grad_ys=tf.constant(np.arange(9.0).reshape(3, 3)))[0]
    assert gv.op.type == "DiagPart"
    np.testing.assert_array_equal(run(gv, {v: np.zeros(3)}, backend=backend), [0.0, 4.0, 8.0])


def _band(x, lower, upper):
    i, j = np.indices(x.shape[-2:])
    keep = ((lower < 0) | (i - j <= lower)) & ((upper < 0) | (j - i <= upper))
    return np.where(keep, x, 0)


@pytest.mark.parametrize("lower, upper", [(-1, 0), (0, -1), (1, 2), (0, 0), (3, 4), (-1, -1)])
def test_matrix_band_part(backend, lower, upper):
    x = distinct_shape_input(2, 3, 4)
    check_op(lambda t: tf.matrix_band_part(t, lower, upper), [x],
             lambda v: _band(v, lower, upper), backend=backend)


def test_matrix_band_part_names_and_errors(backend):
    y = tf.matrix_band_part(tf.zeros([3, 4]), 1, 0)
    assert y.name == "MatrixBandPart:0" and y.op.get_attr("Tindex") == tf.int64
    assert [op.name for op in tf.get_default_graph().get_operations()][-3:] == [
        "MatrixBandPart/num_lower", "MatrixBandPart/num_upper", "MatrixBandPart"]
    x = tf.placeholder(tf.float32)
    lo = tf.placeholder(tf.int64)
    for xv, lv, message in [
            (np.ones((3, 4)), 5, r"num_lower must be negative or less or equal to number of rows "
                                 r"\(3\) got: 5"),
            (np.ones(3), 1, r"input must be at least 2-dim, received shape: \[3\]"),
            (np.ones((3, 4)), [1], r"num_lower must be scalar, got shape \[1\]")]:
        with pytest.raises(tf.errors.InvalidArgumentError, match=message):
            run(tf.matrix_band_part(x, lo, 1), {x: xv, lo: lv}, backend=backend)
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"num_upper must be negative or less or equal to number of columns "
                             r"\(4\) got: 9"):
        run(tf.matrix_band_part(x, 1, 9), {x: np.ones((3, 4))}, backend=backend)


def _tri(shape, seed=0):
    return distinct_shape_input(*shape, dtype=np.float64, seed=seed) * 0.3 + 2 * np.eye(shape[-1])


@pytest.mark.parametrize("lower", [True, False])
@pytest.mark.parametrize("adjoint", [False, True])
def test_matrix_triangular_solve(backend, lower, adjoint):
    a, b = _tri((2, 3, 3)), distinct_shape_input(2, 3, 4, dtype=np.float64, seed=1)

    def ref(m, r):
        t = np.tril(m) if lower else np.triu(m)
        return np.linalg.solve(np.swapaxes(t, -1, -2) if adjoint else t, r)
    check_op(lambda m, r: tf.matrix_triangular_solve(m, r, lower=lower, adjoint=adjoint),
             [a, b], ref, backend=backend, rtol=1e-12)
    check_op(lambda m, r: tf.matrix_triangular_solve(m, r, lower=lower, adjoint=adjoint),
             [a[0].astype(np.float32), b[0].astype(np.float32)], ref, backend=backend, rtol=1e-5)


def test_matrix_triangular_solve_shapes_and_errors(backend):
    solve = tf.matrix_triangular_solve
    y = solve(tf.placeholder(tf.float32, [None, 3, None]), tf.placeholder(tf.float32, [2, None, 4]))
    assert y.name == "MatrixTriangularSolve:0" and y.shape.as_list() == [2, 3, 4]
    assert y.op.get_attr("lower") is True and y.op.get_attr("adjoint") is False
    # as TF's shape function: an unknown matrix takes its size from the rhs
    assert solve(tf.placeholder(tf.float32), tf.placeholder(tf.float32, [3, 2])).shape.as_list() \
        == [3, 2]
    assert solve(tf.placeholder(tf.float32), tf.placeholder(tf.float32)).shape.ndims is None
    with pytest.raises(ValueError, match="Dimensions must be equal, but are 2 and 3"):
        solve(tf.ones([2, 3]), tf.ones([2, 1]))
    with pytest.raises(ValueError, match="Dimensions must be equal, but are 2 and 3"):
        solve(tf.ones([2, 2]), tf.ones([3, 1]))
    with pytest.raises(ValueError, match="Shape must be at least rank 2 but is rank 1"):
        solve(tf.ones([2]), tf.ones([2, 1]))
    with pytest.raises(ValueError, match=r"Dimension 0 in both shapes must be equal, but are 3 "
                                         r"and 2\. Shapes are \[3\] and \[2\]\."):
        solve(tf.ones([3, 2, 2]), tf.ones([2, 2, 1]))
    with pytest.raises(TypeError, match="'matrix' has DataType int32 not in list"):
        solve(tf.ones([2, 2], tf.int32), tf.ones([2, 1], tf.int32))
    a, b = tf.placeholder(tf.float64), tf.placeholder(tf.float64)
    for av, bv, message in [
            (np.eye(2), np.ones((3, 1)), "Input matrix and rhs are incompatible."),
            (np.ones((2, 3)), np.ones((2, 1)), "Input matrix must be square."),
            (np.ones((2, 2, 2)), np.ones((3, 2, 1)), "All input tensors must have the same "
                                                     "outer dimensions."),
            (np.array([[1.0, 0.0], [1.0, 0.0]]), np.ones((2, 1)),
             "Input matrix is not invertible.")]:
        with pytest.raises(tf.errors.InvalidArgumentError, match=message):
            run(solve(a, b), {a: av, b: bv}, backend=backend)
    assert run(solve(a, b), {a: np.zeros((0, 0)), b: np.zeros((0, 2))},
               backend=backend).shape == (0, 2)


def test_matrix_triangular_solve_gradient_graph():
    a = tf.placeholder(tf.float64, [3, 3])
    b = tf.placeholder(tf.float64, [3, 2])
    ga, gb = tf.gradients(tf.matrix_triangular_solve(a, b), [a, b])
    assert gb.op.type == "MatrixTriangularSolve" and gb.op.get_attr("adjoint") is True
    assert ga.op.type == "MatrixBandPart"
    ga_up = tf.gradients(tf.matrix_triangular_solve(a, b, lower=False, adjoint=True), a)[0]
    assert ga_up.op.type == "MatrixBandPart"


def test_qr_gradient_values(backend):
    a = tf.placeholder(tf.float64, [4, 3])
    q, r = tf.qr(a)
    g = tf.gradients([q, r], a, grad_ys=[tf.ones([4, 3], tf.float64),
                                         tf.ones([3, 3], tf.float64)])[0]
    av = distinct_shape_input(4, 3, dtype=np.float64) + np.eye(4, 3)
    got = run(g, {a: av}, backend=backend)
    # central differences of sum(q) + sum(r)
    eps = 1e-6
    want = np.zeros_like(av)
    for idx in np.ndindex(*av.shape):
        d = np.zeros_like(av)
        d[idx] = eps
        plus = [m.sum() for m in np.linalg.qr(av + d)]
        minus = [m.sum() for m in np.linalg.qr(av - d)]
        want[idx] = (sum(plus) - sum(minus)) / (2 * eps)
    np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-8)


def test_qr_gradient_errors():
    q, _ = tf.qr(tf.placeholder(tf.float64, [2, 3]))
    with pytest.raises(NotImplementedError, match="QrGrad not implemented when ncols > nrows or "
                                                  "full_matrices is true and ncols != nrows."):
        tf.gradients(q, q.op.inputs[0])
    q_full, _ = tf.qr(tf.placeholder(tf.float64, [4, 3]), full_matrices=True)
    with pytest.raises(NotImplementedError, match="ncols > nrows"):
        tf.gradients(q_full, q_full.op.inputs[0])
    q_dyn, _ = tf.qr(tf.placeholder(tf.float64, [None, 3]))
    with pytest.raises(NotImplementedError, match="QrGrad not implemented with dynamic shapes."):
        tf.gradients(q_dyn, q_dyn.op.inputs[0])


def test_qr_gradient_builds_tf_ops():
    a = tf.placeholder(tf.float64, [3, 3])
    tf.gradients(tf.qr(a)[0], a)
    types = [op.type for op in tf.get_default_graph().get_operations()
             if op.name.startswith("gradients/")]
    assert types.count("MatrixTriangularSolve") == 2 and "MatrixBandPart" in types
    assert "gradients/Qr_grad/adjoint/matrix_transpose/transpose" in _names()


# ---- logging_ops.py: Print, CheckNumerics

def test_print_gradient_reaches_the_input_only(backend, capsys):
    x = tf.placeholder(tf.float32, [2])
    other = tf.placeholder(tf.float32, [3])
    p = tf.Print(x, [x, other], message="m", first_n=0)
    gx, go = tf.gradients(p * 3.0, [x, other])
    assert go is None
    np.testing.assert_array_equal(run(gx, {x: [1.0, 2.0], other: np.zeros(3)}, backend=backend),
                                  [3.0, 3.0])


def test_check_numerics_gradient(backend):
    x = tf.placeholder(tf.float32, [2])
    y = tf.check_numerics(x, "checked x")
    g = tf.gradients(tf.sqrt(y), x)[0]
    check = tf.get_default_graph().get_operation_by_name("gradients/CheckNumerics_grad/"
                                                         "CheckNumerics")
    assert check.get_attr("message") == ("Not a number (NaN) or infinity (Inf) values detected "
                                         "in gradient. checked x")
    np.testing.assert_allclose(run(g, {x: [4.0, 1.0]}, backend=backend), [0.25, 0.5])
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"Not a number \(NaN\) or infinity \(Inf\) values detected in "
                             r"gradient\. checked x : Tensor had Inf values"):
        run(g, {x: [4.0, 0.0]}, backend=backend)


def test_no_op_of_these_files_is_left_without_a_gradient():
    for op_type in ["Relu", "Relu6", "Elu", "Softplus", "Softmax", "LogSoftmax", "BiasAdd",
                    "L2Loss", "ReluGrad", "Relu6Grad", "EluGrad", "SoftplusGrad", "BiasAddGrad",
                    "SoftmaxCrossEntropyWithLogits", "SparseSoftmaxCrossEntropyWithLogits",
                    "DynamicPartition", "DynamicStitch", "ParallelDynamicStitch", "Qr",
                    "DiagPart", "Diag", "MatrixBandPart", "MatrixTriangularSolve", "Print",
                    "CheckNumerics"]:
        assert callable(registry.lookup(op_type).grad), op_type
