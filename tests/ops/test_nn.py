"""tf.nn activations, softmax, bias_add, l2_loss: values, static shapes, TF1 names and errors."""
import numpy as np
import pytest

import minitf as tf
from minitf.framework import registry
from tests.harness import check_op, distinct_shape_input, run


def _softmax(x, axis=-1):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def _log_softmax(x, axis=-1):
    s = x - x.max(axis=axis, keepdims=True)
    return s - np.log(np.exp(s).sum(axis=axis, keepdims=True))


UNARY = [
    (tf.nn.relu, lambda x: np.maximum(x, 0)),
    (tf.nn.relu6, lambda x: np.clip(x, 0, 6)),
    (tf.nn.elu, lambda x: np.where(x < 0, np.expm1(x), x)),
    (tf.nn.softplus, lambda x: np.log1p(np.exp(x))),
    (tf.nn.softmax, _softmax),
    (tf.nn.log_softmax, _log_softmax),
    (tf.nn.l2_loss, lambda x: np.sum(x * x) / 2),
]


@pytest.mark.parametrize("fn, ref", UNARY, ids=[f.__name__ for f, _ in UNARY])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_unary_values_and_shapes(backend, fn, ref, dtype):
    x = distinct_shape_input(2, 3, 4, dtype=dtype) * 4
    check_op(fn, [x], lambda v: ref(v.astype(np.float64)).astype(dtype), backend=backend,
             rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("fn", [tf.nn.relu, tf.nn.relu6])
@pytest.mark.parametrize("dtype", [np.int32, np.int64, np.uint8])
def test_relu_on_integers(backend, fn, dtype):
    x = np.array([[0, 3, 8], [250, 5, 7]]).astype(dtype)
    if dtype != np.uint8:
        x[0, 0] = -4
    check_op(fn, [x], lambda v: np.clip(v, 0, 6 if fn is tf.nn.relu6 else None), backend=backend)


def test_float16_activations(backend):
    x = np.array([-3.0, -0.5, 0.0, 2.0, 7.0], np.float16)
    check_op(tf.nn.softplus, [x], lambda v: np.log1p(np.exp(v.astype(np.float64))).astype(
        np.float16), backend=backend, rtol=2e-3, atol=1e-3)
    check_op(tf.nn.relu6, [x], lambda v: np.clip(v, 0, 6), backend=backend)


def test_softplus_and_softmax_are_stable(backend):
    x = tf.constant([-1000.0, -100.0, 0.0, 30.0, 1000.0])
    sp, sm, lsm = run([tf.nn.softplus(x), tf.nn.softmax(x), tf.nn.log_softmax(x)],
                      backend=backend)
    assert np.all(np.isfinite(sp)) and np.all(np.isfinite(sm)) and np.all(np.isfinite(lsm))
    np.testing.assert_allclose(sp, [0.0, 3.72e-44, np.log(2), 30.0, 1000.0], atol=1e-6)
    np.testing.assert_allclose(sm, [0, 0, 0, 0, 1], atol=1e-7)
    np.testing.assert_allclose(lsm[3:], [-970.0, 0.0])


def test_default_names_and_types():
    x = tf.placeholder(tf.float32, [2, 3])
    outs = [tf.nn.relu(x), tf.nn.relu6(x), tf.nn.elu(x), tf.nn.softplus(x), tf.nn.softmax(x),
            tf.nn.log_softmax(x), tf.nn.l2_loss(x), tf.nn.bias_add(x, [1.0, 2.0, 3.0]),
            tf.nn.relu(x)]
    assert [t.name for t in outs] == ["Relu:0", "Relu6:0", "Elu:0", "Softplus:0", "Softmax:0",
                                      "LogSoftmax:0", "L2Loss:0", "BiasAdd:0", "Relu_1:0"]
    assert [t.op.type for t in outs[:8]] == ["Relu", "Relu6", "Elu", "Softplus", "Softmax",
                                             "LogSoftmax", "L2Loss", "BiasAdd"]
    assert outs[6].shape == tf.TensorShape([])
    assert outs[7].op.get_attr("data_format") == "NHWC"
    assert tf.nn.relu(x, name="act").name == "act:0"


def test_python_inputs_are_named_after_the_op_argument():
    tf.nn.relu([1.0, -2.0])
    tf.nn.l2_loss([1.0])
    tf.nn.bias_add([[1.0]], [2.0])
    tf.nn.softmax([1.0, 2.0])
    names = [op.name for op in tf.get_default_graph().get_operations()]
    assert names == ["Relu/features", "Relu", "L2Loss/t", "L2Loss", "BiasAdd/input",
                     "BiasAdd/bias", "BiasAdd", "Const", "Softmax"]


def test_namespace():
    assert not hasattr(tf, "relu") and not hasattr(tf, "softmax") and not hasattr(tf, "bias_add")
    for name in ["relu", "relu6", "elu", "softplus", "softmax", "log_softmax", "bias_add",
                 "l2_loss"]:
        assert getattr(tf.nn, name).__name__ == name


def test_all_nn_ops_await_gradients():
    for op_type in ["Relu", "Relu6", "Elu", "Softplus", "Softmax", "LogSoftmax", "BiasAdd",
                    "L2Loss"]:
        opdef = registry.lookup(op_type)
        assert opdef.grad is not registry.NOT_DIFFERENTIABLE and not opdef.stateful


@pytest.mark.parametrize("fn, param, allowed", [
    (tf.nn.relu, "features", "float32, float64, int32, uint8, int16, int8, int64, bfloat16, "
                             "uint16, float16, uint32, uint64, qint8"),
    (tf.nn.relu6, "features", "float32, float64, int32, uint8, int16, int8, int64, bfloat16, "
                              "uint16, float16, uint32, uint64"),
    (tf.nn.elu, "features", "float16, bfloat16, float32, float64"),
    (tf.nn.softplus, "features", "float16, bfloat16, float32, float64"),
    (tf.nn.l2_loss, "t", "float16, bfloat16, float32, float64"),
    (tf.nn.softmax, "logits", "float16, bfloat16, float32, float64"),
])
def test_dtype_errors(fn, param, allowed):
    with pytest.raises(TypeError, match=f"^Value passed to parameter '{param}' has DataType bool "
                                        f"not in list of allowed values: {allowed}$"):
        fn(tf.constant([True]))


def test_softmax_rank_errors(backend):
    with pytest.raises(ValueError, match=r"^Shape must be at least rank 1 but is rank 0 for "
                                         r"'Softmax' \(op: 'Softmax'\) with input shapes: \[\]\.$"):
        tf.nn.softmax(tf.constant(1.0))
    p = tf.placeholder(tf.float32)
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"logits must have >= 1 dimension, got \[\]"):
        run(tf.nn.log_softmax(p), {p: 3.0}, backend=backend)


def test_softmax_empty(backend):
    p = tf.placeholder(tf.float32, [None, None])
    out = run(tf.nn.softmax(p), {p: np.zeros((2, 0))}, backend=backend)
    assert out.shape == (2, 0)


@pytest.mark.parametrize("fn, ref", [(tf.nn.softmax, _softmax), (tf.nn.log_softmax, _log_softmax)])
@pytest.mark.parametrize("axis", [0, 1, -2, 2, -1])
def test_softmax_axis(backend, fn, ref, axis):
    x = distinct_shape_input(2, 3, 4)
    check_op(lambda t: fn(t, axis=axis), [x], lambda v: ref(v, axis), backend=backend,
             rtol=1e-5)


def test_softmax_axis_graph_and_dim_alias():
    x = tf.placeholder(tf.float32, [2, None, 4])
    y = tf.nn.softmax(x, dim=1)
    assert y.name == "transpose_1:0" and y.shape.as_list() == [2, None, 4]
    types = [op.type for op in tf.get_default_graph().get_operations()]
    assert types.count("Transpose") == 2 and types.count("Softmax") == 1
    assert tf.get_default_graph().get_operation_by_name("Softmax").inputs[0].name == \
        "transpose:0"
    assert tf.nn.log_softmax(x, axis=2).name == "LogSoftmax:0"  # the last axis needs no transpose
    assert tf.nn.softmax(x, axis=1, name="sm").name == "sm:0"


def test_softmax_axis_builds_tf_graph():
    """The op list TF 1.15 builds for softmax on axis 1 (recorded from TensorFlow)."""
    tf.nn.softmax(tf.placeholder(tf.float32, [2, 3, 4]), axis=1)
    assert [(op.name, op.type) for op in tf.get_default_graph().get_operations()] == [
        ("Placeholder", "Placeholder"), ("Rank", "Const"), ("Rank_1", "Const"),
        ("Sub/y", "Const"), ("Sub", "Sub"), ("range/start", "Const"), ("range/limit", "Const"),
        ("range/delta", "Const"), ("range", "Range"), ("range_1/start", "Const"),
        ("range_1/delta", "Const"), ("range_1", "Range"), ("concat/values_1", "Pack"),
        ("concat/values_3", "Const"), ("concat/axis", "Const"), ("concat", "ConcatV2"),
        ("transpose", "Transpose"), ("Softmax", "Softmax"), ("Sub_1/y", "Const"),
        ("Sub_1", "Sub"), ("range_2/start", "Const"), ("range_2/limit", "Const"),
        ("range_2/delta", "Const"), ("range_2", "Range"), ("range_3/start", "Const"),
        ("range_3/delta", "Const"), ("range_3", "Range"), ("concat_1/values_1", "Pack"),
        ("concat_1/values_3", "Const"), ("concat_1/axis", "Const"), ("concat_1", "ConcatV2"),
        ("transpose_1", "Transpose")]


def test_softmax_axis_errors():
    x = tf.placeholder(tf.float32, [2, 3])
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"^Dimension \(3\) must be in the range \[-2, 2\) where 2 is the "
                             r"number of dimensions in the input\.$"):
        tf.nn.softmax(x, axis=3)
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"Dimension \(-3\)"):
        tf.nn.log_softmax(x, axis=-3)
    with pytest.raises(ValueError, match="Cannot specify both 'axis' and 'dim'"):
        tf.nn.softmax(x, axis=0, dim=0)
    with pytest.raises(TypeError, match="unsupported operand"):
        tf.nn.softmax(tf.placeholder(tf.float32), axis=0)
    with pytest.raises(TypeError, match="axis must be"):
        tf.nn.softmax(x, axis=tf.placeholder(tf.int32, []))
    with pytest.raises(TypeError, match="axis must be"):
        tf.nn.softmax(x, axis=0.5)
    assert tf.nn.softmax(tf.placeholder(tf.float32)).shape.ndims is None


def test_bias_add_values(backend):
    x = distinct_shape_input(2, 3, 4)
    b = distinct_shape_input(4, seed=1)
    check_op(tf.nn.bias_add, [x, b], lambda v, c: v + c, backend=backend)
    xi = np.arange(12, dtype=np.int32).reshape(3, 4)
    check_op(tf.nn.bias_add, [xi, np.array([1, 2, 3, 4], np.int32)], lambda v, c: v + c,
             backend=backend)


def test_bias_add_nchw(backend):
    x = distinct_shape_input(2, 3, 4, 5)
    b = distinct_shape_input(3, seed=1)
    check_op(lambda v, c: tf.nn.bias_add(v, c, data_format="NCHW"), [x, b],
             lambda v, c: v + c.reshape(3, 1, 1), backend=backend)


def test_bias_add_static_shapes():
    b = tf.placeholder(tf.float32, [5])
    assert tf.nn.bias_add(tf.placeholder(tf.float32, [None, None]), b).shape.as_list() == [None, 5]
    assert tf.nn.bias_add(tf.placeholder(tf.float32), b).shape.ndims is None
    unknown_bias = tf.placeholder(tf.float32, [None])
    assert tf.nn.bias_add(tf.placeholder(tf.float32, [2, 3]), unknown_bias).shape.as_list() == \
        [2, 3]


def test_bias_add_static_errors():
    x = tf.placeholder(tf.float32, [2, 3])
    with pytest.raises(ValueError, match=r"^Dimensions must be equal, but are 3 and 2 for "
                                         r"'BiasAdd' \(op: 'BiasAdd'\) with input shapes: "
                                         r"\[2,3\], \[2\]\.$"):
        tf.nn.bias_add(x, [1.0, 2.0])
    with pytest.raises(ValueError, match=r"Shape must be rank 1 but is rank 2 for 'BiasAdd_1'"):
        tf.nn.bias_add(x, [[1.0, 2.0, 3.0]])
    with pytest.raises(ValueError, match=r"Shape must be at least rank 2 but is rank 1"):
        tf.nn.bias_add([1.0, 2.0], [1.0, 2.0])
    with pytest.raises(ValueError, match=r"Shape must be at least rank 3 but is rank 2"):
        tf.nn.bias_add(x, [1.0, 2.0], data_format="NCHW")
    with pytest.raises(ValueError, match="Tensor conversion requested dtype float32"):
        tf.nn.bias_add(x, tf.constant([1, 2, 3]))
    with pytest.raises(ValueError, match=r"^Attr 'data_format' of 'BiasAdd' Op passed string "
                                         r"'NCW' not in: \"NHWC\", \"NCHW\"\.$"):
        tf.nn.bias_add(x, [1.0, 2.0, 3.0], data_format="NCW")
    with pytest.raises(TypeError, match="parameter 'value' has DataType bool"):
        tf.nn.bias_add([[True]], [True])


def test_bias_add_run_time_errors(backend):
    p, q = tf.placeholder(tf.float32), tf.placeholder(tf.float32)
    y = tf.nn.bias_add(p, q)
    cases = [
        (np.ones(3), np.ones(3), r"Input tensor must be at least 2D: \[3\]"),
        (np.ones((2, 3)), np.ones((1, 3)), r"Biases must be 1D: \[1,3\]"),
        (np.ones((2, 3)), np.ones(2), r"Must provide as many biases as the last dimension of "
                                      r"the input tensor: \[2\] vs\. \[2,3\]"),
    ]
    for xv, bv, message in cases:
        with pytest.raises(tf.errors.InvalidArgumentError, match=message):
            run(y, {p: xv, q: bv}, backend=backend)


# ---- leaky_relu, selu, softsign, top_k, in_top_k

_SELU_SCALE, _SELU_ALPHA = 1.0507009873554805, 1.6732632423543772


@pytest.mark.parametrize("fn, ref", [
    (lambda x: tf.nn.leaky_relu(x, 0.1), lambda x: np.where(x > 0, x, 0.1 * x)),
    (tf.nn.selu, lambda x: _SELU_SCALE * np.where(x < 0, _SELU_ALPHA * np.expm1(x), x)),
    (tf.nn.softsign, lambda x: x / (1 + np.abs(x)))], ids=["leaky_relu", "selu", "softsign"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_more_activations(backend, fn, ref, dtype):
    x = distinct_shape_input(2, 3, 4, dtype=dtype) * 4
    check_op(fn, [x], lambda v: ref(v.astype(np.float64)).astype(dtype), backend=backend,
             rtol=1e-5, atol=1e-6)


def test_leaky_relu_names_and_integer_features():
    y = tf.nn.leaky_relu(tf.constant([-2, 3]))
    assert y.dtype == tf.float32 and y.op.name == "LeakyRelu"
    assert y.op.get_attr("alpha") == pytest.approx(0.2)
    np.testing.assert_allclose(run(y), [-0.4, 3.0])
    with pytest.raises(TypeError, match="not in list of allowed values"):
        tf.nn.selu(tf.constant([1, 2]))


def test_activation_gradient_ops_refuse_other_shapes():
    from minitf.ops import nn as nn_ops
    for make in (lambda g, x: nn_ops.leaky_relu_grad(g, x), nn_ops.selu_grad,
                 nn_ops.softsign_grad):
        g, x = tf.placeholder(tf.float32), tf.placeholder(tf.float32)
        with pytest.raises(tf.errors.InvalidArgumentError, match="g and a must be the same size"):
            run(make(g, x), {g: np.ones(3), x: np.ones(2)})


def test_top_k_values_indices_and_ties(backend):
    x = np.array([[4, 1, 4, 9, 1], [2, 7, 7, 0, 3]], np.int32)
    top = tf.nn.top_k(x, 3)
    assert type(top).__name__ == "TopKV2" and top._fields == ("values", "indices")
    assert top.values.shape.as_list() == [2, 3] and top.indices.dtype == tf.int32
    values, indices = run(top, backend=backend)
    np.testing.assert_array_equal(values, [[9, 4, 4], [7, 7, 3]])
    np.testing.assert_array_equal(indices, [[3, 0, 2], [1, 2, 4]])
    k = tf.placeholder(tf.int32)
    dynamic = tf.nn.top_k(tf.placeholder(tf.float32, [2, None]), k)
    assert dynamic.values.shape.as_list() == [2, None]


def test_top_k_errors():
    with pytest.raises(ValueError, match="input must have last dimension >= k = 5 but is 3"):
        tf.nn.top_k(tf.zeros([2, 3]), 5)
    with pytest.raises(ValueError, match="must be non-negative but is -1"):
        tf.nn.top_k(tf.zeros([2, 3]), -1)
    with pytest.raises(ValueError, match="Shape must be at least rank 1 but is rank 0"):
        tf.nn.top_k(tf.constant(1.0))
    with pytest.raises(ValueError, match="Input must be scalar but has rank 1"):
        tf.nn.top_k(tf.zeros([2, 3]), [1, 2])
    x, k = tf.placeholder(tf.float32, [2, None]), tf.placeholder(tf.int32)
    top = tf.nn.top_k(x, k)
    for kv, message in ((5, "input must have at least k columns. Had 3, needed 5"),
                        (-1, "Need k >= 0, got -1"), ([1, 2], "k must be scalar, got shape \\[2\\]")):
        with pytest.raises(tf.errors.InvalidArgumentError, match=message):
            run(top, {x: np.ones((2, 3)), k: kv})


def test_in_top_k_values_and_errors():
    p = np.array([[1.0, 2.0, 2.0], [3.0, 1.0, 1.0], [1.0, np.nan, 0.0], [1.0, 2.0, 3.0]],
                 np.float32)
    r = tf.nn.in_top_k(p, [1, 2, 1, 7], 1)
    assert r.op.name == "in_top_k/InTopKV2" and r.shape.as_list() == [4]
    np.testing.assert_array_equal(run(r), [True, False, False, False])
    np.testing.assert_array_equal(run(tf.nn.in_top_k(p, [0, 0, 0, 0], 3)),
                                  [True, True, True, True])
    with pytest.raises(ValueError, match="Dimensions must be equal, but are 2 and 3"):
        tf.nn.in_top_k(tf.zeros([2, 3]), [1, 2, 0], 1)
    with pytest.raises(TypeError, match="does not match expected type of float32"):
        tf.nn.in_top_k(tf.zeros([2, 3], tf.float64), [1, 2], 1)
    with pytest.raises(TypeError, match="not in list of allowed values"):
        tf.nn.in_top_k(tf.zeros([2, 3]), [1.0, 2.0], 1)
    ph = tf.placeholder(tf.float32)
    for value, targets, message in (
            (np.ones((3, 3)), [1, 0], ("First dimension of predictions 3 must match length "
                                       "of targets 2")),
            (np.ones(3), [1, 0], "predictions must be 2-dimensional")):
        with pytest.raises(tf.errors.InvalidArgumentError, match=message):
            run(tf.nn.in_top_k(ph, targets, 1), {ph: value})


@pytest.mark.parametrize("axis", [0, 1, -1, -3])
def test_sort_and_argsort_along_any_axis(backend, axis):
    x = distinct_shape_input(3, 4, 5)
    check_op(lambda v: tf.sort(v, axis), [x], lambda v: np.sort(v, axis), backend=backend)
    check_op(lambda v: tf.sort(v, axis, "DESCENDING"), [x], lambda v: -np.sort(-v, axis),
             backend=backend)
    check_op(lambda v: tf.argsort(v, axis), [x],
             lambda v: np.argsort(v, axis, kind="stable").astype(np.int32), backend=backend)


def test_sort_ties_are_stable_and_errors():
    x = tf.constant([3.0, 1.0, 3.0, 1.0])
    assert run(tf.argsort(x)).tolist() == [1, 3, 0, 2]
    assert run(tf.argsort(x, direction="DESCENDING")).tolist() == [0, 2, 1, 3]
    assert tf.sort(x).name == "sort/Neg_1:0" and tf.argsort(x).op.type == "TopKV2"
    with pytest.raises(ValueError, match="^UP should be one of ASCENDING, DESCENDING$"):
        tf.sort(x, direction="UP")
    with pytest.raises(ValueError, match="axis must be a constant scalar"):
        tf.argsort(x, axis=tf.placeholder(tf.int32, []))
    with pytest.raises(ValueError, match="axis must be a constant scalar"):
        tf.sort(x, axis=[0])


# ---- crelu, LRN, LRNGrad

def test_crelu(backend):
    x = distinct_shape_input(2, 3)
    check_op(tf.nn.crelu, [x], lambda v: np.maximum(np.concatenate([v, -v], -1), 0),
             backend=backend)
    y = tf.nn.crelu(tf.placeholder(tf.float32, [2, 3]), axis=0, name="cc")
    assert y.name == "cc/Relu:0" and y.op.inputs[0].op.name == "cc" and \
        y.op.inputs[0].op.type == "ConcatV2" and y.shape.as_list() == [4, 3]


def _np_lrn(x, r, bias, alpha, beta):
    x = x.astype(np.float64)
    sq = np.square(x)
    norm = np.zeros_like(x)
    for d in range(x.shape[-1]):
        norm[..., d] = sq[..., max(0, d - r):d + r + 1].sum(-1)
    return x / (bias + alpha * norm) ** beta


def test_lrn(backend):
    x = distinct_shape_input(2, 3, 4, 7)
    check_op(lambda t: tf.nn.lrn(t, 2, 1.5, 0.3, 0.6), [x],
             lambda t: _np_lrn(t, 2, 1.5, 0.3, 0.6), backend=backend, rtol=1e-5)
    y = tf.nn.local_response_normalization(tf.placeholder(tf.float32, [1, 2, 2, 6]), name="n")
    assert (y.op.name, y.op.type, y.op.get_attr("depth_radius"), y.op.get_attr("beta")) == \
        ("n", "LRN", 5, 0.5)
    assert tf.nn.lrn is tf.nn.local_response_normalization


def test_lrn_gradient_values():
    x = distinct_shape_input(1, 2, 2, 5, seed=3)
    img = tf.constant(x)
    grad = tf.gradients(tf.reduce_sum(tf.nn.lrn(img, 1, 1.0, 0.5, 0.75) * np.arange(20.0)
                                      .reshape(1, 2, 2, 5).astype(np.float32)), img)[0]
    assert grad.op.type == "LRNGrad" and grad.op.name.endswith("LRN_grad/LRNGrad")
    x64, w = x.astype(np.float64), np.arange(20.0).reshape(1, 2, 2, 5)
    numeric = np.zeros_like(x64)
    for i in np.ndindex(x.shape):
        d = np.zeros_like(x64)
        d[i] = 1e-6
        numeric[i] = ((_np_lrn(x64 + d, 1, 1.0, 0.5, 0.75) - _np_lrn(x64 - d, 1, 1.0, 0.5, 0.75))
                      * w).sum() / 2e-6
    np.testing.assert_allclose(run(grad), numeric, rtol=1e-4, atol=1e-5)


def test_lrn_errors():
    with pytest.raises(ValueError, match="Shape must be rank 4 but is rank 2"):
        tf.nn.lrn(tf.ones([2, 3]))
    with pytest.raises(TypeError, match="Value passed to parameter 'input' has DataType float64 "
                                        "not in list of allowed values: float16, bfloat16, "
                                        "float32"):
        tf.nn.lrn(tf.zeros([1, 1, 1, 2], tf.float64))
    p = tf.placeholder(tf.float32)
    with pytest.raises(tf.errors.InvalidArgumentError, match="in must be 4-dimensional"):
        run(tf.nn.lrn(p), {p: np.zeros((2, 2))})
    from minitf.ops.nn import lrn_grad
    q = tf.placeholder(tf.float32)
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="input_grads, input_image, and out_image should have the same "
                             "shape"):
        run(lrn_grad(q, tf.ones([1, 1, 1, 2]), tf.ones([1, 1, 1, 2])), {q: np.ones((1, 1, 1, 3))})
    assert registry.lookup("LRNGrad").grad == registry.NOT_DIFFERENTIABLE
