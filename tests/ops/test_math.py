"""Math ops: elementwise arithmetic with broadcasting, comparisons, logic, unary functions,
add_n, matmul, reductions, argmax/argmin and Tensor operators: values, static shapes and
dtypes, TF1's op names and types, and TF1's errors."""
import re

import numpy as np
import pytest

import minitf as tf
from minitf.framework import registry
from tests.harness import check_op, distinct_shape_input, run

# ---------------------------------------------------------------------------------------------
# Binary elementwise ops


def _away_from_zero(y):
    return np.where(np.abs(y) < 0.25, 0.75, y).astype(y.dtype)


BINARY = [  # builder, numpy reference, op type
    (tf.add, np.add, "Add"),
    (tf.subtract, np.subtract, "Sub"),
    (tf.multiply, np.multiply, "Mul"),
    (tf.maximum, np.maximum, "Maximum"),
    (tf.minimum, np.minimum, "Minimum"),
    (tf.squared_difference, lambda x, y: (x - y) ** 2, "SquaredDifference"),
    (tf.truediv, np.true_divide, "RealDiv"),
    (tf.divide, np.true_divide, "RealDiv"),
    (tf.div, np.true_divide, "RealDiv"),
    (tf.realdiv, np.true_divide, "RealDiv"),
    (tf.floordiv, lambda x, y: np.floor(x / y), "FloorDiv"),
    (tf.mod, np.remainder, "FloorMod"),
]


@pytest.mark.parametrize("fn, ref, op_type", BINARY, ids=[b[2] + "_" + b[0].__name__
                                                           for b in BINARY])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_binary_broadcasting(backend, fn, ref, op_type, dtype):
    x = distinct_shape_input(2, 3, 4, dtype=dtype) * 3
    y = _away_from_zero(distinct_shape_input(3, 1, dtype=dtype, seed=1))
    out = check_op(fn, [x, y], ref, backend=backend, rtol=1e-5)
    assert out[0].dtype == dtype
    assert fn(tf.placeholder(dtype, [2, 3, 4]), tf.placeholder(dtype, [3, 1])).op.type == \
        op_type


@pytest.mark.parametrize("fn, ref", [(tf.add, np.add), (tf.subtract, np.subtract),
                                     (tf.multiply, np.multiply), (tf.maximum, np.maximum),
                                     (tf.minimum, np.minimum),
                                     (tf.squared_difference, lambda x, y: (x - y) ** 2)])
@pytest.mark.parametrize("dtype", [np.int32, np.int64])
def test_binary_integers(backend, fn, ref, dtype):
    x = np.arange(-6, 6).reshape(3, 4).astype(dtype)
    y = np.array([3, -2, 5, 1], dtype)
    check_op(fn, [x, y], ref, backend=backend)


def test_pow(backend):
    x = np.abs(distinct_shape_input(3, 4)) + 0.5
    y = distinct_shape_input(4, seed=1)
    check_op(tf.pow, [x, y], np.power, backend=backend, rtol=1e-5)
    check_op(tf.pow, [np.array([2, -3, 4], np.int32), np.array([3, 2, 0], np.int32)],
             np.power, backend=backend)
    assert tf.pow(tf.constant(2.0), 3.0).name == "Pow:0"


def test_pow_of_integers_to_negative_powers_fails(backend):
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="Integers to negative integer powers are not allowed"):
        run(tf.pow(tf.constant([2, 3]), tf.constant([-1, 2])), backend=backend)


def test_integer_floor_division_and_modulo(backend):
    x = np.array([7, -7, 7, -7, 0], np.int32)
    y = np.array([3, 3, -3, -3, 5], np.int32)
    fd, md, dv = check_op(lambda a, b: [tf.floordiv(a, b), tf.mod(a, b), tf.div(a, b)], [x, y],
                          lambda a, b: [a // b, a % b, a // b], backend=backend)
    np.testing.assert_array_equal(fd, [2, -3, -3, 2, 0])
    np.testing.assert_array_equal(md, [1, 2, -2, -1, 0])


def test_float_floor_division_and_modulo_follow_tf(backend):
    x = tf.constant([7.0, -7.0, 7.0, -7.0, 1.0])
    y = tf.constant([3.0, 3.0, -3.0, -3.0, 0.1])
    fd, md = run([tf.floordiv(x, y), tf.mod(x, y)], backend=backend)
    np.testing.assert_array_equal(fd, [2.0, -3.0, -3.0, 2.0, 10.0])  # floor(1 / 0.1) is 10
    np.testing.assert_allclose(md[:4], [1.0, 2.0, -2.0, -1.0])


@pytest.mark.parametrize("fn", [tf.floordiv, tf.mod, tf.div,
                                lambda a, b: a // b, lambda a, b: a % b])
def test_integer_division_by_zero(backend, fn):
    x = tf.placeholder(tf.int32, [2])
    with pytest.raises(tf.errors.InvalidArgumentError, match="Integer division by zero"):
        run(fn(x, tf.constant([1, 0])), {x: np.array([3, 4], np.int32)}, backend=backend)


def test_truediv_casts_integers_to_floats(backend):
    cases = [(tf.int32, tf.float64, np.int32), (tf.int64, tf.float64, np.int64),
             (tf.int16, tf.float32, np.int16), (tf.uint8, tf.float32, np.uint8)]
    for dt, want, np_dt in cases:
        x = tf.constant([7, 1], dt)
        y = tf.constant([2, 3], dt)
        out = tf.truediv(x, y)
        assert out.dtype == want and out.op.type == "RealDiv"
        np.testing.assert_allclose(run(out, backend=backend), [3.5, 1 / 3], rtol=1e-6)
    tf.reset_default_graph()
    a = tf.placeholder(tf.int32, [2])
    out = a / 2
    assert out.name == "truediv:0" and out.dtype == tf.float64
    assert [op.name for op in tf.get_default_graph().get_operations()] == [
        "Placeholder", "truediv/y", "truediv/Cast", "truediv/Cast_1", "truediv"]


def test_truediv_errors():
    with pytest.raises(TypeError, match="x and y must have the same dtype, got tf.float32 != "
                                        "tf.int32"):
        tf.truediv(tf.constant([1.0]), tf.constant([1]))
    with pytest.raises(TypeError, match="Invalid dtype tf.bool in __truediv__"):
        tf.truediv(tf.constant([True]), tf.constant([True]))


def test_div_is_floor_division_for_integers_only():
    i = tf.div(tf.constant([7]), 2)
    f = tf.div(tf.constant([7.0]), 2)
    assert (i.name, i.op.type, f.name, f.op.type) == ("div:0", "FloorDiv", "div_1:0", "RealDiv")


def test_divide_without_name_is_the_python_operator():
    x = tf.placeholder(tf.float32, [2])
    assert tf.divide(x, 2.0).name == "truediv:0"
    assert tf.divide(x, x, name="ratio").name == "ratio:0"
    assert tf.divide(6, 4) == 1.5  # two Python numbers: Python's own `/`, as TF 1.15


def test_runtime_broadcast_failure(backend):
    x = tf.placeholder(tf.float32, [None])
    y = tf.placeholder(tf.float32, [None])
    feed = {x: np.ones(2, np.float32), y: np.ones(3, np.float32)}
    for out in (x + y, tf.maximum(x, y), tf.less(x, y), tf.pow(x, y)):
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match=r"Incompatible shapes: \[2\] vs. \[3\]"):
            run(out, feed, backend=backend)


def test_static_broadcast_failure():
    with pytest.raises(ValueError, match=r"Dimensions must be equal, but are 3 and 4 for 'Add' "
                                         r"\(op: 'Add'\) with input shapes: \[2,3\], \[4\]\."):
        tf.add(tf.placeholder(tf.float32, [2, 3]), tf.placeholder(tf.float32, [4]))


def test_partial_shapes_broadcast():
    x = tf.placeholder(tf.float32, [None, 1, 4])
    y = tf.placeholder(tf.float32, [3, 1])
    assert (x * y).shape.as_list() == [None, 3, 4]
    assert tf.maximum(tf.placeholder(tf.float32), y).shape.ndims is None
    assert tf.equal(tf.placeholder(tf.float32, [None, 3]), y).shape.as_list() == [3, 3]
    assert tf.add(tf.placeholder(tf.float32, [None, 3]), tf.placeholder(tf.float32, [1, 1])) \
        .shape.as_list() == [None, 3]


def test_binary_op_names():
    x = tf.placeholder(tf.float32, [2], name="x")
    outs = [tf.add(x, x), tf.subtract(x, x), tf.multiply(x, x), tf.maximum(x, x),
            tf.minimum(x, x), tf.squared_difference(x, x), tf.mod(x, x), tf.floordiv(x, x),
            tf.truediv(x, x), tf.realdiv(x, x), tf.floor_div(x, x), tf.add(x, x, name="sum"),
            tf.add(x, x)]
    assert [t.op.name for t in outs] == [
        "Add", "Sub", "Mul", "Maximum", "Minimum", "SquaredDifference", "FloorMod", "floordiv",
        "truediv", "RealDiv", "FloorDiv_1", "sum", "Add_1"]  # names are case-insensitive


def test_python_values_are_converted_inside_the_op_scope():
    x = tf.placeholder(tf.float32, [2], name="x")
    tf.subtract(x, 1.0)
    tf.multiply(2.0, x)
    tf.maximum(x, [0.0, 1.0], name="clamp")
    names = [op.name for op in tf.get_default_graph().get_operations()]
    assert names == ["x", "Sub/y", "Sub", "Mul/x", "Mul", "clamp/y", "clamp"]


def test_binary_dtype_errors():
    f = tf.placeholder(tf.float32, [2])
    i = tf.placeholder(tf.int32, [2])
    with pytest.raises(TypeError, match="Input 'y' of 'Mul' Op has type int32 that does not "
                                        "match type float32 of argument 'x'."):
        tf.multiply(f, i)
    with pytest.raises(TypeError, match="Input 'y' of 'Sub' Op has type float32 that does not "
                                        "match type int32 of argument 'x'."):
        tf.subtract(1, f)  # the first input fixes the type, as TF's op definitions do
    with pytest.raises(TypeError, match="Expected int32 passed to parameter 'y' of op "
                                        "'Maximum', got 1.5 of type 'float' instead. Error: "
                                        "Expected int32, got 1.5"):
        tf.maximum(i, 1.5)
    with pytest.raises(TypeError, match="Value passed to parameter 'x' has DataType string not "
                                        "in list of allowed values: bfloat16, float16"):
        tf.subtract(tf.constant(["a"]), "b")
    with pytest.raises(TypeError, match="Value passed to parameter 'x' has DataType bool not in "
                                        "list of allowed values: float32, float64, int32"):
        tf.less(tf.constant([True]), False)
    with pytest.raises(TypeError, match="Value passed to parameter 'x' has DataType uint8 not in "
                                        "list of allowed values: bfloat16, float32, float16"):
        tf.pow(tf.constant([1], tf.uint8), 1)


def test_strings_add_and_compare(backend):
    s = tf.constant(["ab", "c"])
    cat, eq, ne = run([tf.add(s, "!"), tf.equal(s, "c"), tf.not_equal(s, "c")], backend=backend)
    assert list(cat) == [b"ab!", b"c!"]
    assert eq.tolist() == [False, True] and ne.tolist() == [True, False]
    assert (s + "x").op.type == "Add"


# ---------------------------------------------------------------------------------------------
# Comparisons and logical ops

COMPARISONS = [(tf.equal, np.equal, "Equal"), (tf.not_equal, np.not_equal, "NotEqual"),
               (tf.less, np.less, "Less"), (tf.less_equal, np.less_equal, "LessEqual"),
               (tf.greater, np.greater, "Greater"),
               (tf.greater_equal, np.greater_equal, "GreaterEqual")]


@pytest.mark.parametrize("fn, ref, op_type", COMPARISONS, ids=[c[2] for c in COMPARISONS])
@pytest.mark.parametrize("dtype", [np.float32, np.int32, np.int64])
def test_comparisons(backend, fn, ref, op_type, dtype):
    x = np.round(distinct_shape_input(4, 3) * 2).astype(dtype)
    y = np.round(distinct_shape_input(3, seed=1) * 2).astype(dtype)
    out = check_op(fn, [x, y], ref, backend=backend)
    assert out[0].dtype == np.bool_
    t = fn(tf.placeholder(dtype, [4, 3]), 1)
    assert (t.op.name, t.dtype) == (op_type, tf.bool)


def test_logical_ops(backend):
    a = np.array([[True, False, True], [False, False, True]])
    b = np.array([True, False, False])
    check_op(lambda x, y: [tf.logical_and(x, y), tf.logical_or(x, y), tf.logical_not(x),
                           tf.logical_xor(x, y), x & y, x | y, x ^ y, ~x, True & y],
             [a, b], lambda x, y: [x & y, x | y, ~x, x ^ y, x & y, x | y, x ^ y, ~x, y],
             backend=backend)


def test_logical_op_names():
    a = tf.placeholder(tf.bool, [3], name="a")
    b = tf.placeholder(tf.bool, [3], name="b")
    outs = [tf.logical_and(a, b), tf.logical_or(a, b), tf.logical_not(a), a & b, a | True,
            ~a, tf.logical_or(a, b, name="either")]
    assert [t.op.name for t in outs] == ["LogicalAnd", "LogicalOr", "LogicalNot", "and", "or",
                                         "LogicalNot_1", "either"]
    xor = tf.logical_xor(a, b)
    assert (xor.op.name, xor.op.type) == ("LogicalXor", "LogicalAnd")
    op_xor = a ^ b
    assert op_xor.op.name == "xor"
    assert [t.op.name for t in op_xor.op.inputs[1].op.inputs[0].op.inputs] == ["a", "b"]
    assert op_xor.op.inputs[1].op.name == "xor/LogicalNot"


def test_logical_ops_need_bools():
    with pytest.raises(TypeError, match="Input 'x' of 'LogicalAnd' Op has type float32 that "
                                        "does not match expected type of bool."):
        tf.logical_and(tf.constant([1.0]), tf.constant([True]))
    with pytest.raises(TypeError, match="Input 'x' of 'LogicalNot' Op has type int32"):
        ~tf.constant([1])
    with pytest.raises(TypeError, match="Expected bool passed to parameter 'y' of op "
                                        "'LogicalOr', got 1 of type 'int' instead."):
        tf.logical_or(tf.constant([True]), 1)


# ---------------------------------------------------------------------------------------------
# Unary ops


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


UNARY = [  # builder, reference, domain, op type
    (tf.negative, np.negative, "any", "Neg"),
    (tf.abs, np.abs, "any", "Abs"),
    (tf.square, np.square, "any", "Square"),
    (tf.sqrt, np.sqrt, "pos", "Sqrt"),
    (tf.rsqrt, lambda x: 1 / np.sqrt(x), "pos", "Rsqrt"),
    (tf.exp, np.exp, "any", "Exp"),
    (tf.log, np.log, "pos", "Log"),
    (tf.log1p, np.log1p, "pos", "Log1p"),
    (tf.tanh, np.tanh, "any", "Tanh"),
    (tf.sigmoid, _sigmoid, "any", "Sigmoid"),
    (tf.sign, np.sign, "any", "Sign"),
    (tf.reciprocal, np.reciprocal, "pos", "Reciprocal"),
    (tf.floor, np.floor, "any", "Floor"),
    (tf.ceil, np.ceil, "any", "Ceil"),
    (tf.round, np.round, "any", "Round"),
    (tf.sin, np.sin, "any", "Sin"),
    (tf.cos, np.cos, "any", "Cos"),
]


@pytest.mark.parametrize("fn, ref, domain, op_type", UNARY, ids=[u[3] for u in UNARY])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_unary(backend, fn, ref, domain, op_type, dtype):
    x = distinct_shape_input(2, 3, 4, dtype=dtype) * 3
    if domain == "pos":
        x = np.abs(x) + np.asarray(0.1, dtype)
    x.flat[0] = 0.0 if domain == "any" else x.flat[0]
    out = check_op(fn, [x], ref, backend=backend, rtol=2e-6 if dtype == np.float32 else 1e-12)
    assert out[0].dtype == dtype
    t = fn(tf.placeholder(dtype, [None, 4]))
    assert (t.op.name, t.op.type, t.shape.as_list()) == (op_type, op_type, [None, 4])


@pytest.mark.parametrize("fn, ref", [(tf.negative, np.negative), (tf.abs, np.abs),
                                     (tf.square, np.square), (tf.sign, np.sign)])
@pytest.mark.parametrize("dtype", [np.int32, np.int64, np.int8])
def test_unary_integers(backend, fn, ref, dtype):
    x = np.array([[-9, 0, 4], [7, -1, 11]], dtype)
    check_op(fn, [x], ref, backend=backend)


def test_integer_edge_cases(backend):
    smallest = tf.constant([-2147483648, -3], tf.int32)
    big = tf.constant([100, 3], tf.int8)
    a, s = run([tf.abs(smallest), tf.square(big)], backend=backend)
    assert a.tolist() == [-2147483648, 3] and a.dtype == np.int32  # wraps as in TF
    assert s.tolist() == [16, 9] and s.dtype == np.int8


def test_round_is_bankers_and_integers_pass_through(backend):
    x = tf.constant([0.5, 1.5, 2.5, -0.5, -1.5, 2.6])
    np.testing.assert_array_equal(run(tf.round(x), backend=backend),
                                  [0.0, 2.0, 2.0, -0.0, -2.0, 3.0])
    i = tf.placeholder(tf.int32, [2])
    assert tf.round(i) is i
    assert tf.round(2.5).op.inputs[0].op.name == "x"  # converted outside any scope, as TF


def test_special_values(backend):
    x = tf.constant([0.0, -1.0, np.inf, -np.inf, np.nan])
    sq, rs, lg, sg, sig, ex = run([tf.sqrt(x), tf.rsqrt(x), tf.log(x), tf.sign(x),
                                   tf.sigmoid(x * 100.0), tf.exp(x)], backend=backend)
    np.testing.assert_array_equal(sq[[0, 2]], [0.0, np.inf])
    assert np.isnan(sq[1]) and np.isnan(rs[1]) and rs[0] == np.inf
    assert lg[0] == -np.inf and np.isnan(lg[1])
    np.testing.assert_array_equal(sg[:4], [0.0, -1.0, 1.0, -1.0])
    assert np.isnan(sg[4])
    np.testing.assert_array_equal(sig[:4], [0.5, 0.0, 1.0, 0.0])
    np.testing.assert_allclose(ex[:4], [1.0, np.exp(-1.0), np.inf, 0.0], rtol=1e-6)


def test_sigmoid_of_a_scalar_and_float16(backend):
    s, h = run([tf.sigmoid(0.0), tf.sigmoid(tf.constant([-20.0, 0.0, 20.0], tf.float16))],
               backend=backend)
    assert s == 0.5 and s.dtype == np.float32
    assert h.dtype == np.float16
    np.testing.assert_allclose(h, [0.0, 0.5, 1.0], atol=1e-3)


def test_is_finite_nan_inf(backend):
    x = np.array([0.0, np.inf, -np.inf, np.nan, 2.0], np.float32)
    check_op(lambda v: [tf.is_finite(v), tf.is_nan(v), tf.is_inf(v)], [x],
             lambda v: [np.isfinite(v), np.isnan(v), np.isinf(v)], backend=backend)


def test_reciprocal_of_integers_has_no_kernel(backend):
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="No OpKernel was registered to support Op 'Reciprocal' with these "
                             r"attrs: \[T=DT_INT32\]"):
        run(tf.reciprocal(tf.constant([2, 1])), backend=backend)


def test_unary_names_for_python_values():
    tf.negative(3)
    tf.abs([-1.5, 2.0])
    tf.sigmoid(1.0)
    tf.tanh(1.0, name="t")
    names = [op.name for op in tf.get_default_graph().get_operations()]
    assert names == ["Neg/x", "Neg", "Abs/x", "Abs", "Sigmoid/x", "Sigmoid", "t/x", "t"]


def test_unary_dtype_errors():
    with pytest.raises(TypeError, match="Value passed to parameter 'x' has DataType int32 not in "
                                        "list of allowed values: bfloat16, float16, float32, "
                                        "float64, complex64, complex128"):
        tf.sqrt(4)
    with pytest.raises(TypeError, match="DataType uint8 not in list"):
        tf.negative(tf.constant([1], tf.uint8))
    with pytest.raises(TypeError, match="DataType int32 not in list of allowed values: "
                                        "bfloat16, float16, float32, float64$"):
        tf.floor(tf.constant([1]))


def test_tf_nn_aliases():
    assert tf.nn.sigmoid is tf.sigmoid and tf.nn.tanh is tf.tanh


def test_conj_of_real_tensors_adds_nothing(backend):
    x = tf.placeholder(tf.float32, [2])
    assert tf.conj(x) is x
    z = tf.constant([1 + 2j, 3 - 1j], tf.complex64)
    np.testing.assert_array_equal(run(tf.conj(z), backend=backend), [1 - 2j, 3 + 1j])
    with pytest.raises(TypeError, match="Expected numeric or variant tensor, got dtype "
                                        "tf.string"):
        tf.conj(tf.constant(["a"]))


# ---------------------------------------------------------------------------------------------
# Tensor operators


def test_operator_names_and_types():
    x = tf.placeholder(tf.float32, [2, 2], name="x")
    y = tf.placeholder(tf.float32, [2, 2], name="y")
    outs = [x + y, x - y, x * y, x / y, x // y, x % y, x ** y, x @ y, -x, abs(x), x < y,
            x <= y, x > y, x >= y, x.__div__(y), x + y, 2.0 * x, 1.0 < x]
    got = [(t.op.name, t.op.type) for t in outs]
    assert got == [("add", "AddV2"), ("sub", "Sub"), ("mul", "Mul"), ("truediv", "RealDiv"),
                   ("floordiv", "FloorDiv"), ("mod", "FloorMod"), ("pow", "Pow"),
                   ("matmul", "MatMul"), ("Neg", "Neg"), ("Abs", "Abs"), ("Less", "Less"),
                   ("LessEqual", "LessEqual"), ("Greater", "Greater"),
                   ("GreaterEqual", "GreaterEqual"), ("div", "RealDiv"), ("add_1", "AddV2"),
                   ("mul_1", "Mul"), ("Greater_1", "Greater")]


def test_operator_constants_are_named_x_and_y():
    x = tf.placeholder(tf.float32, [2], name="x")
    _ = x - 1.0
    _ = 2.0 ** x
    _ = np.ones((3, 2), np.float32) @ tf.placeholder(tf.float32, [2, 4], name="m")
    names = [op.name for op in tf.get_default_graph().get_operations()]
    assert names == ["x", "sub/y", "sub", "pow/x", "pow", "m", "matmul/x", "matmul"]


def test_operators_values(backend):
    a = distinct_shape_input(3, 4)
    b = np.abs(distinct_shape_input(4, seed=1)) + 0.5
    check_op(lambda x, y: [x + y, x - y, x * y, x / y, x // y, x % y, abs(x) ** y, -x, abs(x),
                           x < y, x >= y, 2.0 - x, 3.0 / y, np.float32(2.0) * x,
                           np.array([1.0, 2.0, 3.0, 4.0], np.float32) + y],
             [a, b], lambda x, y: [x + y, x - y, x * y, x / y, np.floor(x / y),
                                   np.remainder(x, y), np.abs(x) ** y, -x, np.abs(x), x < y,
                                   x >= y, 2.0 - x, 3.0 / y, 2.0 * x,
                                   np.array([1.0, 2.0, 3.0, 4.0]) + y],
             backend=backend, rtol=1e-5)


def test_python_scalars_take_the_tensor_dtype():
    i = tf.placeholder(tf.int64, [2])
    h = tf.placeholder(tf.float16, [2])
    assert (i + 1).dtype == tf.int64 and (2 * i).dtype == tf.int64
    assert (h * 0.5).dtype == tf.float16 and (1 - h).dtype == tf.float16
    assert (i // 2).dtype == tf.int64 and (i < 3).dtype == tf.bool


def test_python_float_with_int_tensor_fails():
    i = tf.placeholder(tf.int32, [2])
    with pytest.raises(TypeError, match="Input 'y' of 'AddV2' Op has type float32 that does not "
                                        "match type int32 of argument 'x'."):
        i + 1.5
    with pytest.raises(TypeError, match="Expected int32, got 1.5 of type 'float' instead."):
        1.5 - i
    with pytest.raises(TypeError, match="Expected int32 passed to parameter 'y' of op 'Less'"):
        i < 1.5
    with pytest.raises(TypeError, match="Input 'y' of 'Mul' Op has type float32 that does not "
                                        "match type int32 of argument 'x'."):
        i * tf.placeholder(tf.float32, [2])


def test_operator_defers_to_objects_that_know_the_tensor():
    class Other:
        def __radd__(self, tensor):
            return "handled"

    assert tf.placeholder(tf.float32, [2]) + Other() == "handled"
    with pytest.raises(TypeError):
        tf.placeholder(tf.float32, [2]) - object()


def test_bool_operators_on_non_bools_fail():
    with pytest.raises(TypeError, match="Input 'x' of 'LogicalAnd' Op has type int32"):
        tf.constant([1]) & tf.constant([1])


# ---------------------------------------------------------------------------------------------
# add_n


def test_add_n(backend):
    a, b, c = (distinct_shape_input(2, 3, seed=s) for s in range(3))
    check_op(lambda x, y, z: tf.add_n([x, y, z, x]), [a, b, c],
             lambda x, y, z: x + y + z + x, backend=backend)
    check_op(lambda x, y: tf.add_n([x, y]), [np.arange(6, dtype=np.int64).reshape(2, 3)] * 2,
             lambda x, y: x + y, backend=backend)
    total = tf.add_n([tf.constant(1.5), 2.0, 3.0])
    assert run(total, backend=backend) == 6.5


def test_add_n_names_and_single_input():
    x = tf.placeholder(tf.float32, [2], name="x")
    assert tf.add_n([x]) is x
    named = tf.add_n([x], name="total")
    assert (named.op.name, named.op.type) == ("total", "Identity")
    s = tf.add_n([x, x])
    assert (s.op.name, s.op.type, s.op.get_attr("N")) == ("AddN", "AddN", 2)
    tf.add_n([[1, 2], [3, 4]], name="ints")
    names = [op.name for op in tf.get_default_graph().get_operations()]
    assert names[-3:] == ["Const", "Const_1", "ints"]


def test_add_n_merges_shapes():
    a = tf.placeholder(tf.float32, [None, 3])
    b = tf.placeholder(tf.float32, [2, None])
    assert tf.add_n([a, b]).shape.as_list() == [2, 3]
    assert tf.add_n([tf.placeholder(tf.float32), b]).shape.as_list() == [2, None]


def test_add_n_errors(backend):
    msg = "inputs must be a list of at least one Tensor/IndexedSlices with the same dtype and " \
          "shape"
    with pytest.raises(ValueError, match=msg):
        tf.add_n([])
    with pytest.raises(ValueError, match=msg):
        tf.add_n(tf.placeholder(tf.float32, [2]))
    with pytest.raises(TypeError, match=r"Tensors in list passed to 'inputs' of 'AddN' Op have "
                                        r"types \[float32, int32\] that don't all match."):
        tf.add_n([tf.constant([1.0]), tf.constant([1])])
    with pytest.raises(TypeError, match="Value passed to parameter 'inputs' has DataType bool"):
        tf.add_n([tf.constant(True), tf.constant(False)])
    with pytest.raises(ValueError, match=r"Dimension 1 in both shapes must be equal, but are 4 "
                                         r"and 3. Shapes are \[2,4\] and \[2,3\].\n\tFrom "
                                         r"merging shape 1 with other shapes. for 'AddN_2'"):
        tf.add_n([tf.placeholder(tf.float32, s) for s in ([2, 3], [2, 4], [2, 3])])
    with pytest.raises(ValueError, match="Shapes must be equal rank, but are 1 and 2"):
        tf.add_n([tf.placeholder(tf.float32, [2]), tf.placeholder(tf.float32, [1, 2])])
    x = tf.placeholder(tf.float32, [None])
    y = tf.placeholder(tf.float32, [None])
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"Inputs to operation AddN_4 of type AddN must have the same size "
                             r"and shape.  Input 0: \[2\] != input 1: \[1\]"):
        run(tf.add_n([x, y]), {x: np.ones(2, np.float32), y: np.ones(1, np.float32)},
            backend=backend)


# ---------------------------------------------------------------------------------------------
# matmul


def test_matmul_transposes(backend):
    a, b = distinct_shape_input(2, 3), distinct_shape_input(3, 4, seed=1)
    check_op(tf.matmul, [a, b], np.matmul, backend=backend, rtol=1e-5)
    check_op(lambda x, y: tf.matmul(x, y, transpose_a=True), [a.T.copy(), b],
             lambda x, y: x.T @ y, backend=backend, rtol=1e-5)
    check_op(lambda x, y: tf.matmul(x, y, transpose_b=True), [a, b.T.copy()],
             lambda x, y: x @ y.T, backend=backend, rtol=1e-5)
    check_op(lambda x, y: tf.matmul(x, y, adjoint_a=True, adjoint_b=True),
             [a.T.copy(), b.T.copy()], lambda x, y: x.T @ y.T, backend=backend, rtol=1e-5)
    m = tf.matmul(tf.placeholder(tf.float32, [3, 2]), tf.placeholder(tf.float32, [4, 3]),
                  transpose_a=True, transpose_b=True)
    assert (m.op.type, m.op.get_attr("transpose_a"), m.op.get_attr("transpose_b")) == \
        ("MatMul", True, True)
    assert m.shape.as_list() == [2, 4]


def test_matmul_dtypes(backend):
    i = np.arange(6, dtype=np.int32).reshape(2, 3)
    check_op(tf.matmul, [i, i.T.copy()], np.matmul, backend=backend)
    d = distinct_shape_input(2, 3, dtype=np.float64)
    check_op(lambda x: tf.matmul(x, x, transpose_b=True), [d], lambda x: x @ x.T,
             backend=backend, rtol=1e-12)


def test_matmul_partial_shapes():
    p = tf.placeholder(tf.float32, [None, 3])
    b = tf.placeholder(tf.float32, [3, 4])
    assert tf.matmul(p, b).shape.as_list() == [None, 4]
    assert tf.matmul(b, p, True, True).shape.as_list() == [4, None]
    assert tf.matmul(tf.placeholder(tf.float32, [2, None]), b).shape.as_list() == [2, 4]


def test_batch_matmul(backend):
    a = distinct_shape_input(4, 2, 3)
    b = distinct_shape_input(4, 3, 5, seed=1)
    check_op(tf.matmul, [a, b], np.matmul, backend=backend, rtol=1e-5)
    check_op(lambda x, y: tf.matmul(y, x, True, True), [a, b],
             lambda x, y: np.swapaxes(y, 1, 2) @ np.swapaxes(x, 1, 2), backend=backend,
             rtol=1e-5)
    c = distinct_shape_input(3, 5, seed=2)  # rank 2 broadcast against the batch
    check_op(tf.matmul, [b, c.T.copy()], np.matmul, backend=backend, rtol=1e-5)
    d = distinct_shape_input(6, 1, 2, 3, seed=3)  # batch dims broadcast: (6,1) with (4,)
    check_op(tf.matmul, [d, b], np.matmul, backend=backend, rtol=1e-5)


def test_batch_matmul_op_and_shapes():
    m = tf.matmul(tf.placeholder(tf.float32, [None, 2, 3]), tf.placeholder(tf.float32, [4, 3, 5]),
                  transpose_a=False, transpose_b=False)
    assert (m.op.name, m.op.type, m.shape.as_list()) == ("MatMul", "BatchMatMulV2", [4, 2, 5])
    t = tf.matmul(tf.placeholder(tf.float32, [2, 4, 3]), tf.placeholder(tf.float32, [2, 5, 4]),
                  transpose_a=True, transpose_b=True)
    assert (t.op.get_attr("adj_x"), t.op.get_attr("adj_y"), t.shape.as_list()) == \
        (True, True, [2, 3, 5])
    u = tf.matmul(tf.placeholder(tf.float32), tf.placeholder(tf.float32, [3, 4]))
    assert u.op.type == "BatchMatMulV2" and u.shape.ndims is None


def test_matmul_static_errors():
    with pytest.raises(ValueError, match=r"Dimensions must be equal, but are 3 and 2 for 'MatMul' "
                                         r"\(op: 'MatMul'\) with input shapes: \[2,3\], \[2,3\]."):
        tf.matmul(tf.placeholder(tf.float32, [2, 3]), tf.placeholder(tf.float32, [2, 3]))
    with pytest.raises(ValueError, match=r"Shape must be rank 2 but is rank 1 for 'MatMul_1' "
                                         r"\(op: 'MatMul'\) with input shapes: \[3\], \[3,2\]."):
        tf.matmul(tf.placeholder(tf.float32, [3]), tf.placeholder(tf.float32, [3, 2]))
    with pytest.raises(ValueError, match="Shape must be at least rank 2 but is rank 1 for "
                                         "'MatMul_2' \\(op: 'BatchMatMulV2'\\)"):
        tf.matmul(tf.placeholder(tf.float32, [2, 3, 4]), tf.placeholder(tf.float32, [4]))
    with pytest.raises(ValueError, match="Dimensions must be equal, but are 2 and 3"):
        tf.matmul(tf.placeholder(tf.float32, [2, 3, 4]), tf.placeholder(tf.float32, [3, 4, 5]))
    with pytest.raises(ValueError, match="Only one of transpose_a and adjoint_a can be True."):
        tf.matmul(tf.placeholder(tf.float32, [2, 2]), tf.placeholder(tf.float32, [2, 2]),
                  transpose_a=True, adjoint_a=True)
    with pytest.raises(ValueError, match="Only one of transpose_b and adjoint_b can be True."):
        tf.matmul(tf.placeholder(tf.float32, [2, 2]), tf.placeholder(tf.float32, [2, 2]),
                  transpose_b=True, adjoint_b=True)
    with pytest.raises(TypeError, match="Input 'b' of 'MatMul' Op has type int32 that does not "
                                        "match type float32 of argument 'a'."):
        tf.matmul(tf.placeholder(tf.float32, [2, 2]), tf.placeholder(tf.int32, [2, 2]))
    with pytest.raises(TypeError, match="Input 'y' of 'BatchMatMulV2' Op has type int32"):
        tf.matmul(tf.placeholder(tf.float32, [1, 2, 2]), tf.placeholder(tf.int32, [2, 2]))
    with pytest.raises(TypeError, match="Value passed to parameter 'a' has DataType bool"):
        tf.matmul(tf.placeholder(tf.bool, [2, 2]), tf.placeholder(tf.bool, [2, 2]))
    with pytest.raises(TypeError, match="Value passed to parameter 'a' has DataType uint8 not in "
                                        "list of allowed values: bfloat16, float16, float32, "
                                        "float64, int32, int64, complex64, complex128$"):
        tf.matmul(tf.placeholder(tf.uint8, [2, 2]), tf.placeholder(tf.uint8, [2, 2]))
    with pytest.raises(TypeError, match="Value passed to parameter 'x' has DataType uint8"):
        tf.matmul(tf.placeholder(tf.uint8, [1, 2, 2]), tf.placeholder(tf.uint8, [1, 2, 2]))


def test_matmul_runtime_errors(backend):
    a = tf.placeholder(tf.float32, [2, None])
    b = tf.placeholder(tf.float32, [None, 4])
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"Matrix size-incompatible: In\[0\]: \[2,3\], In\[1\]: \[5,4\]"):
        run(tf.matmul(a, b), {a: np.ones((2, 3), np.float32), b: np.ones((5, 4), np.float32)},
            backend=backend)
    x = tf.placeholder(tf.float32, [None, 2, 3])
    y = tf.placeholder(tf.float32, [None, None, None])
    feed = {x: np.ones((4, 2, 3), np.float32)}
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"Matrix size-incompatible: In\[0\]: \[4,2,3\], In\[1\]: "
                             r"\[4,5,3\]"):
        run(tf.matmul(x, y), {**feed, y: np.ones((4, 5, 3), np.float32)}, backend=backend)
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"In\[0\] and In\[1\] must have compatible batch dimensions: "
                             r"\[4,2,3\] vs. \[3,3,5\]"):
        run(tf.matmul(x, y), {**feed, y: np.ones((3, 3, 5), np.float32)}, backend=backend)


def test_matmul_op_of_unknown_rank_checks_it_at_run_time(backend):
    """Op MatMul (as gradients build it) on inputs of unknown rank: TF's kernel, not a
    contraction of the wrong axes."""
    from minitf.ops.math import _mat_mul
    a, b = tf.placeholder(tf.float32), tf.placeholder(tf.float32)
    product = _mat_mul(a, b, transpose_b=True)
    assert product.op.type == "MatMul"
    np.testing.assert_allclose(
        run(product, {a: np.ones((2, 3), np.float32), b: np.full((4, 3), 2, np.float32)},
            backend=backend), np.full((2, 4), 6))
    for k, feed in enumerate(({a: np.ones((2, 3, 4), np.float32), b: np.ones((2, 4))},
                              {a: np.ones((2, 3), np.float32), b: np.ones(3, np.float32)})):
        shape = "[2,3,4]" if k == 0 else "[3]"
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match=rf"In\[{k}\] is not a matrix. Instead it has shape "
                                 rf"{re.escape(shape)}"):
            run(product, feed, backend=backend)


# ---------------------------------------------------------------------------------------------
# Reductions

REDUCTIONS = [
    (tf.reduce_sum, np.sum, "Sum"), (tf.reduce_mean, np.mean, "Mean"),
    (tf.reduce_max, np.max, "Max"), (tf.reduce_min, np.min, "Min"),
    (tf.reduce_prod, np.prod, "Prod"),
]
AXES = [
    ({}, {}), ({"axis": 0}, {"axis": 0}), ({"axis": -1}, {"axis": -1}),
    ({"axis": [0, 2]}, {"axis": (0, 2)}), ({"axis": 1, "keepdims": True},
                                           {"axis": 1, "keepdims": True}),
    ({"keepdims": True}, {"keepdims": True}),
    ({"axis": [1, 2], "keep_dims": True}, {"axis": (1, 2), "keepdims": True}),
    ({"reduction_indices": [0]}, {"axis": (0,)}), ({"axis": []}, {"axis": ()}),
]


@pytest.mark.parametrize("fn, ref, op_type", REDUCTIONS, ids=[r[2] for r in REDUCTIONS])
@pytest.mark.parametrize("kwargs, np_kwargs", AXES, ids=[str(a[0]) for a in AXES])
def test_reductions(backend, fn, ref, op_type, kwargs, np_kwargs):
    x = distinct_shape_input(2, 3, 4)
    out = check_op(lambda v: fn(v, **kwargs), [x], lambda v: ref(v, **np_kwargs),
                   backend=backend, rtol=1e-5)
    assert out[0].dtype == np.float32
    assert fn(tf.placeholder(tf.float32, [2, 3, 4]), **kwargs).op.type == op_type


@pytest.mark.parametrize("fn, ref", [(tf.reduce_sum, np.sum), (tf.reduce_prod, np.prod),
                                     (tf.reduce_max, np.max), (tf.reduce_min, np.min)])
@pytest.mark.parametrize("dtype", [np.int32, np.int64, np.float64])
def test_reductions_keep_the_dtype(backend, fn, ref, dtype):
    x = np.array([[3, -1, 2], [5, 4, -6]], dtype)
    out = check_op(lambda v: [fn(v, 1), fn(v)], [x], lambda v: [ref(v, 1), ref(v)],
                   backend=backend)
    assert out[0].dtype == dtype and np.asarray(out[1]).dtype == dtype


def test_integer_sums_wrap_as_in_tf(backend):
    assert run(tf.reduce_sum(tf.constant([100, 100], tf.int8)), backend=backend) == -56


def test_integer_mean_truncates(backend):
    x = np.array([[-7, 2], [-3, 0], [5, 2]], np.int32)
    out = check_op(lambda v: [tf.reduce_mean(v, 1), tf.reduce_mean(v)], [x],
                   lambda v: [np.array([-2, -1, 3], np.int32), np.int32(0)], backend=backend)
    assert out[0].dtype == np.int32
    m8, m64 = run([tf.reduce_mean(tf.constant([100, 100], tf.int8)),
                   tf.reduce_mean(tf.constant([-7, 2, 0, 0], tf.int64))], backend=backend)
    assert (m8, m8.dtype, m64, m64.dtype) == (100, np.int8, -1, np.int64)
    assert run(tf.reduce_mean(tf.constant([7, 2], tf.uint8)), backend=backend) == 4


def test_reductions_over_empty_axes(backend):
    z = tf.placeholder(tf.float32, [0, 3])
    zi = tf.placeholder(tf.int32, [0, 3])
    feed = {z: np.zeros((0, 3), np.float32), zi: np.zeros((0, 3), np.int32)}
    mx, mn, mean, imx, imean, s, keep = run(
        [tf.reduce_max(z, 0), tf.reduce_min(z, 0), tf.reduce_mean(z, 0), tf.reduce_max(zi, 0),
         tf.reduce_mean(zi, 0), tf.reduce_sum(z, 0), tf.reduce_max(z, 1, keepdims=True)],
        feed, backend=backend)
    np.testing.assert_array_equal(mx, [-np.inf] * 3)
    np.testing.assert_array_equal(mn, [np.inf] * 3)
    assert np.isnan(mean).all() and mean.dtype == np.float32
    np.testing.assert_array_equal(imx, [np.iinfo(np.int32).min] * 3)
    np.testing.assert_array_equal(imean, [0, 0, 0])
    np.testing.assert_array_equal(s, [0.0, 0.0, 0.0])
    assert keep.shape == (0, 1)


def test_reduce_any_all(backend):
    b = np.array([[True, False, False, True], [False, False, False, True],
                  [True, True, True, True]])
    check_op(lambda v: [tf.reduce_any(v), tf.reduce_all(v), tf.reduce_any(v, 1),
                        tf.reduce_all(v, axis=0), tf.reduce_any(v, 1, keepdims=True),
                        tf.reduce_all(v, reduction_indices=[1], keep_dims=True)],
             [b], lambda v: [v.any(), v.all(), v.any(1), v.all(0), v.any(1, keepdims=True),
                             v.all(1, keepdims=True)], backend=backend)
    with pytest.raises(TypeError, match="Input 'input' of 'Any' Op has type float32 that does "
                                        "not match expected type of bool."):
        tf.reduce_any(tf.placeholder(tf.float32, [2]))


def test_reduction_names():
    x = tf.placeholder(tf.float32, [2, 3], name="x")
    a = tf.reduce_sum(x)
    b = tf.reduce_sum(x, 1)
    c = tf.reduce_mean(x, name="avg")
    d = tf.reduce_max([[1.0, 5.0]], 1)
    names = [op.name for op in tf.get_default_graph().get_operations()]
    assert names == ["x", "Const", "Sum", "Sum_1/reduction_indices", "Sum_1", "Const_1", "avg",
                     "Max/input", "Max/reduction_indices", "Max"]
    assert (a.shape, b.shape.as_list(), c.name, d.shape.as_list()) == \
        (tf.TensorShape([]), [2], "avg:0", [1])
    assert b.op.get_attr("keep_dims") is False and b.op.get_attr("Tidx") == tf.int32


def test_reduction_static_shapes():
    p = tf.placeholder(tf.float32, [None, 3, 4])
    assert tf.reduce_sum(p, 1).shape.as_list() == [None, 4]
    assert tf.reduce_sum(p, [0, -1], keepdims=True).shape.as_list() == [1, 3, 1]
    axis = tf.placeholder(tf.int32, [])
    assert tf.reduce_sum(p, axis).shape.ndims is None
    assert tf.reduce_sum(p, axis, keepdims=True).shape.as_list() == [None, None, None]
    u = tf.placeholder(tf.float32)
    assert tf.reduce_sum(u, 1).shape.ndims is None
    assert tf.reduce_max(tf.placeholder(tf.float32, [2, 3]), tf.constant(1, tf.int64)).shape \
        .as_list() == [2]


def test_reduction_with_a_tensor_axis(backend):
    x = distinct_shape_input(2, 3, 4)
    axis = tf.placeholder(tf.int32, [])
    px = tf.placeholder(tf.float32, [2, 3, 4])
    s, k = run([tf.reduce_sum(px, axis), tf.reduce_max(px, axis, keepdims=True)],
               {px: x, axis: np.int32(-2)}, backend=backend)
    np.testing.assert_allclose(s, x.sum(1), rtol=1e-5)
    np.testing.assert_array_equal(k, x.max(1, keepdims=True))


def test_reduction_errors(backend):
    x = tf.placeholder(tf.float32, [2, 3, 4])
    with pytest.raises(ValueError, match=r"Invalid reduction dimension 3 for input with 3 "
                                         r"dimensions. for 'Sum' \(op: 'Sum'\)"):
        tf.reduce_sum(x, 3)
    with pytest.raises(ValueError, match="Invalid reduction dimension -4 for input"):
        tf.reduce_mean(x, [0, -4])
    with pytest.raises(ValueError, match="Shape must be at most rank 1 but is rank 2"):
        tf.reduce_sum(x, [[0]])
    with pytest.raises(ValueError, match="Cannot specify both 'reduction_indices' and 'axis'."):
        tf.reduce_sum(x, 0, reduction_indices=1)
    with pytest.raises(ValueError, match="Cannot specify both 'keep_dims' and 'keepdims'."):
        tf.reduce_max(x, 0, keepdims=True, keep_dims=True)
    with pytest.raises(TypeError, match="Value passed to parameter 'reduction_indices' has "
                                        "DataType float32 not in list of allowed values: "
                                        "int32, int64"):
        tf.reduce_sum(x, 1.0)
    with pytest.raises(TypeError, match="Value passed to parameter 'input' has DataType bool"):
        tf.reduce_sum(tf.placeholder(tf.bool, [2]))
    axis = tf.placeholder(tf.int32, [])
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"Invalid reduction dimension \(5 for input with 3 dimension\(s\)"):
        run(tf.reduce_sum(x, axis), {x: np.ones((2, 3, 4), np.float32), axis: 5},
            backend=backend)


def test_reduce_over_unknown_rank_or_python_values(backend):
    u = tf.placeholder(tf.float32)
    s = tf.reduce_sum(u)
    assert s.shape == tf.TensorShape([])
    assert tf.reduce_sum(u, keepdims=True).shape.ndims is None
    m = tf.reduce_mean([1.0, 2.0, 4.5])
    got = run([s, m], {u: np.ones((2, 3), np.float32)}, backend=backend)
    assert got == [6.0, 2.5]
    assert m.op.inputs[0].op.name == "Mean/input"


def test_reduce_logsumexp(backend):
    x = distinct_shape_input(2, 3, 4) * 10

    def ref(v, axis=None, keepdims=False):
        m = v.max(axis=axis, keepdims=True)
        out = np.log(np.exp(v - m).sum(axis=axis, keepdims=True)) + m
        return out if keepdims else np.squeeze(out, axis=axis)

    check_op(lambda v: [tf.reduce_logsumexp(v), tf.reduce_logsumexp(v, 1),
                        tf.reduce_logsumexp(v, [0, 2], keepdims=True)], [x],
             lambda v: [ref(v), ref(v, 1), ref(v, (0, 2), True)], backend=backend, rtol=1e-5)
    r = tf.reduce_logsumexp(tf.constant([[0.0, -np.inf], [-np.inf, -np.inf]]), 1)
    assert (r.op.name, r.op.type) == ("ReduceLogSumExp/Add", "Add")
    np.testing.assert_array_equal(run(r, backend=backend), [0.0, -np.inf])


# ---------------------------------------------------------------------------------------------
# argmax, argmin


def test_argmax_argmin(backend):
    x = distinct_shape_input(3, 4)
    out = check_op(lambda v: [tf.argmax(v, 0), tf.argmax(v, 1), tf.argmin(v, -1), tf.argmax(v),
                              tf.argmax(v, 1, output_type=tf.int32), tf.argmin(v, dimension=0),
                              tf.argmax(v, axis=1)],
                   [x], lambda v: [v.argmax(0), v.argmax(1), v.argmin(-1), v.argmax(0),
                                   v.argmax(1), v.argmin(0), v.argmax(1)], backend=backend)
    assert [o.dtype for o in out] == [np.int64] * 4 + [np.int32] + [np.int64] * 2
    ties = np.array([[1, 3, 3], [2, 2, 0]], np.int32)  # the first of equal values wins
    check_op(lambda v: [tf.argmax(v, 1), tf.argmin(v, 1)], [ties],
             lambda v: [v.argmax(1), v.argmin(1)], backend=backend)
    assert run(tf.argmax(tf.constant([False, True, True]), 0), backend=backend) == 1


def test_argmax_skips_nans_as_tf(backend):
    x = tf.constant([[1.0, np.nan, 3.0], [np.nan, 0.0, -1.0]])
    mx, mn = run([tf.argmax(x, 1), tf.argmin(x, 1)], backend=backend)
    assert mx.tolist() == [2, 1] and mn.tolist() == [0, 2]


def test_argmax_names_and_shapes():
    x = tf.placeholder(tf.float32, [None, 4], name="x")
    a = tf.argmax(x, 1)
    b = tf.argmin(x, name="lo")
    assert (a.name, a.op.type, a.shape.as_list(), a.dtype) == ("ArgMax:0", "ArgMax", [None],
                                                               tf.int64)
    assert (b.name, b.shape.as_list()) == ("lo:0", [4])
    assert a.op.inputs[1].op.name == "ArgMax/dimension"
    assert tf.argmax(tf.placeholder(tf.float32), 1).shape.ndims is None
    assert tf.argmax(tf.placeholder(tf.float32, [5]), 0).shape == tf.TensorShape([])
    assert tf.argmax(x, tf.placeholder(tf.int32, [])).shape.as_list() == [None]
    assert tf.argmax([1, 3, 2]).op.inputs[0].op.name == "ArgMax_4/input"


def test_argmax_errors(backend):
    x = tf.placeholder(tf.float32, [2, 3])
    with pytest.raises(ValueError, match=r"Dimension \(2\) must be in the range \[-2, 2\), where "
                                         r"2 is the number of dimensions in the input."):
        tf.argmax(x, 2)
    with pytest.raises(ValueError, match="Cannot specify both 'dimension' and 'axis'."):
        tf.argmax(x, 1, dimension=1)
    with pytest.raises(TypeError, match="Value passed to parameter 'output_type' has DataType "
                                        "float32 not in list of allowed values: int16, uint16, "
                                        "int32, int64"):
        tf.argmax(x, 1, output_type=tf.float32)
    with pytest.raises(TypeError, match="DataType int16 not in list of allowed values: int32, "
                                        "int64"):
        tf.argmin(x, 1, output_type=tf.int16)
    with pytest.raises(ValueError, match="Shape must be rank 0 but is rank 1"):
        tf.argmax(x, [1])
    p = tf.placeholder(tf.float32, [None, 3])
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"Reduction axis 0 is empty in shape \[0,3\]"):
        run(tf.argmax(p, 0), {p: np.zeros((0, 3), np.float32)}, backend=backend)
    axis = tf.placeholder(tf.int32, [])
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"Expected dimension in the range \[-2, 2\), but got 2"):
        run(tf.argmax(p, axis), {p: np.zeros((2, 3), np.float32), axis: 2}, backend=backend)


# ---------------------------------------------------------------------------------------------
# Registry


def test_non_differentiable_ops_are_declared():
    declared = {"Equal", "NotEqual", "Less", "LessEqual", "Greater", "GreaterEqual",
                "LogicalAnd", "LogicalOr", "LogicalNot", "ArgMax", "ArgMin", "Any", "All",
                "IsFinite", "IsNan", "IsInf"}
    ops = registry.registered_ops()
    for op_type in declared:
        assert ops[op_type].grad == registry.NOT_DIFFERENTIABLE, op_type
    for op_type in ("Add", "AddV2", "Sub", "Mul", "RealDiv", "MatMul", "BatchMatMulV2", "Sum",
                    "Mean", "Sigmoid", "Tanh", "AddN", "Maximum", "Pow"):
        assert ops[op_type].grad != registry.NOT_DIFFERENTIABLE, op_type


# ---- expm1, erf, trigonometric and hyperbolic ops, rint, atan2, truncatediv/mod, count_nonzero,
# norm

_MORE_UNARY = [  # builder, numpy reference, input scale and offset
    (tf.expm1, np.expm1, 2, 0), (tf.tan, np.tan, 0.4, 0), (tf.asin, np.arcsin, 0.3, 0),
    (tf.acos, np.arccos, 0.3, 0), (tf.atan, np.arctan, 3, 0), (tf.sinh, np.sinh, 2, 0),
    (tf.cosh, np.cosh, 2, 0), (tf.asinh, np.arcsinh, 3, 0), (tf.acosh, np.arccosh, 1, 3),
    (tf.atanh, np.arctanh, 0.3, 0), (tf.rint, np.rint, 3, 0),
]


@pytest.mark.parametrize("fn, ref, scale, offset", _MORE_UNARY,
                         ids=[f.__name__ for f, *_ in _MORE_UNARY])
def test_more_unary_values_and_shapes(backend, fn, ref, scale, offset):
    x = np.clip(distinct_shape_input(2, 3, 4) * scale, -0.95, None) + offset
    check_op(fn, [x.astype(np.float32)], lambda v: ref(v.astype(np.float64)).astype(np.float32),
             backend=backend, rtol=1e-5)


def test_erf_and_erfc_match_the_math_module():
    import math
    xs = np.concatenate([np.linspace(-7, 7, 1401), [0.0, 2.5, -2.5, 30.0, np.inf, -np.inf]])
    erf, erfc = run([tf.erf(tf.constant(xs)), tf.erfc(tf.constant(xs))])
    np.testing.assert_allclose(erf, [math.erf(v) for v in xs], rtol=1e-13, atol=1e-300)
    np.testing.assert_allclose(erfc, [math.erfc(v) for v in xs], rtol=5e-12, atol=1e-300)
    assert np.isnan(run(tf.erf(tf.constant([np.nan], tf.float32))))[0]


def test_more_unary_refuse_integers():
    for fn in (tf.erf, tf.erfc, tf.rint, tf.expm1, tf.tan):
        with pytest.raises(TypeError, match="not in list of allowed values"):
            fn(tf.constant([1, 2]))


def test_atan2_broadcasts_and_checks_types():
    y, x = distinct_shape_input(3, 4), distinct_shape_input(4, seed=1)
    check_op(tf.atan2, [y, x], np.arctan2, rtol=1e-6)
    with pytest.raises(TypeError, match="does not match type float32 of argument 'y'"):
        tf.atan2(tf.zeros([2]), tf.zeros([2], tf.float64))
    with pytest.raises(ValueError, match="Dimensions must be equal, but are 3 and 2"):
        tf.atan2(tf.zeros([3]), tf.zeros([2]))


def test_truncatediv_and_truncatemod_round_toward_zero():
    a, b = np.array([7, -7, 7, -7, 0], np.int64), np.array([2, 2, -2, -2, 5], np.int64)
    div, mod, fdiv, fmod = run([tf.truncatediv(a, b), tf.truncatemod(a, b),
                                tf.truncatediv(a.astype(np.float32), 2.0),
                                tf.truncatemod(a.astype(np.float32), 2.0)])
    np.testing.assert_array_equal(div, [3, -3, -3, 3, 0])
    np.testing.assert_array_equal(mod, [1, -1, 1, -1, 0])
    np.testing.assert_array_equal(fdiv, [3.5 // 1, -3, 3, -3, 0])
    np.testing.assert_array_equal(fmod, [1, -1, 1, -1, 0])
    assert div.dtype == np.int64 and fdiv.dtype == np.float32


def test_truncatediv_errors():
    with pytest.raises(tf.errors.InvalidArgumentError, match="Integer division by zero"):
        run(tf.truncatediv([1, 2], [0, 1]))
    with pytest.raises(tf.errors.InvalidArgumentError, match="Integer division by zero"):
        run(tf.truncatemod([1, 2], [1, 0]))
    # no element computed, no error: TF's reduced_shape does `[] % 0` for a scalar's sum
    empty = run(tf.floormod(tf.zeros([0], tf.int32), 0))
    assert empty.shape == (0,) and empty.dtype == np.int32
    x = tf.placeholder(tf.float32)
    grad, = tf.gradients(tf.reduce_sum(tf.pow(x * 2.0, 2)), [x])
    assert run(grad, {x: 3.0}) == 24.0
    with pytest.raises(TypeError, match="not in list of allowed values"):
        tf.truncatemod(tf.constant([1], tf.uint8), tf.constant([1], tf.uint8))


def test_count_nonzero():
    x = np.array([[0, 1, 2], [0, 0, 3]], np.int32)
    t = tf.count_nonzero(x, axis=1, keepdims=True, dtype=tf.int32)
    assert t.dtype == tf.int32 and t.shape.as_list() == [2, 1]
    assert t.op.name == "count_nonzero/Cast_1"
    np.testing.assert_array_equal(run(t), [[2], [1]])
    assert run(tf.count_nonzero(x)) == 3
    with pytest.raises(ValueError, match="Cannot specify both 'reduction_indices' and 'axis'"):
        tf.count_nonzero(x, axis=0, reduction_indices=0)


@pytest.mark.parametrize("ord_, axis", [("euclidean", None), (1, 0), (2, 1), (np.inf, -1),
                                        (3, 1), (0.5, 0), ("fro", (0, 1)), (1, (0, 1)),
                                        (np.inf, (1, 0))])
def test_norm_values_and_shapes(ord_, axis):
    x = distinct_shape_input(3, 4) * 3
    if isinstance(axis, tuple):
        ref = np.linalg.norm(np.transpose(x, axis), ord_)
    elif ord_ == "euclidean":
        ref = np.linalg.norm(x.ravel())
    else:
        ref = np.linalg.norm(x, ord_, axis=axis)
    check_op(lambda v: tf.norm(v, ord=ord_, axis=axis), [x], lambda v: np.float32(ref),
             rtol=1e-5, unknown_shapes=False)
    kept = tf.norm(x, ord=ord_, axis=axis, keepdims=True)
    assert kept.shape.ndims == 2


def test_matrix_2_norm_is_the_largest_singular_value():
    """As TF 1.15 builds it (map_fn, cond, Svd): values, names and shapes checked against TF."""
    x = np.random.RandomState(0).randn(2, 3, 4)
    t = tf.constant(x)
    by_rows = tf.norm(t, ord=2, axis=[1, 2])
    kept = tf.norm(t, ord=2, axis=(-1, 0), keepdims=True)
    p = tf.placeholder(tf.float64, [None, 3, 4])
    unknown = tf.norm(p, ord=2, axis=[1, 2])
    assert (by_rows.name, kept.name) == ("norm/Squeeze:0", "norm_1/transpose_1:0")
    assert "norm/Svd" in {op.name for op in tf.get_default_graph().get_operations()}
    grad = tf.gradients(tf.reduce_sum(by_rows), t)[0]
    with tf.Session() as sess:
        a, b, c, g = sess.run([by_rows, kept, unknown, grad], {p: x})
    np.testing.assert_allclose(a, np.linalg.norm(x, 2, axis=(1, 2)), rtol=1e-12)
    np.testing.assert_allclose(b.ravel(), np.linalg.norm(x, 2, axis=(2, 0)), rtol=1e-12)
    np.testing.assert_allclose(c, a, rtol=1e-12)
    u, _, vt = np.linalg.svd(x)  # d sigma_max / dx = u_1 v_1^T
    np.testing.assert_allclose(g, np.einsum("bi,bj->bij", u[:, :, 0], vt[:, 0, :]), rtol=1e-9)


def test_norm_errors():
    with pytest.raises(ValueError, match="'ord' must be a supported vector norm, got fro"):
        tf.norm(tf.zeros([3]), ord="fro")
    with pytest.raises(ValueError, match="'ord' must be a supported vector norm, got -1"):
        tf.norm(tf.zeros([3]), ord=-1)
    with pytest.raises(ValueError, match="'ord' must be a supported matrix norm"):
        tf.norm(tf.zeros([3, 3]), ord=3, axis=[0, 1])
    with pytest.raises(ValueError, match="tuple of 2 unique integers, got \\(1, 1\\)"):
        tf.norm(tf.zeros([3, 3]), axis=[1, 1])
    with pytest.raises(ValueError, match="tuple of 2 unique integers, got \\[0, 1, 2\\]"):
        tf.norm(tf.zeros([3, 3, 3]), axis=[0, 1, 2])


def test_math_and_dtypes_namespaces_are_the_same_objects():
    assert tf.math.reduce_sum is tf.reduce_sum and tf.math.top_k is tf.nn.top_k
    assert tf.math.in_top_k is tf.nn.in_top_k and tf.math.divide_no_nan is tf.div_no_nan
    assert tf.math.softsign is tf.nn.softsign and tf.math.erf is tf.erf
    assert tf.dtypes.float32 is tf.float32 and tf.dtypes.cast is tf.cast
    assert tf.dtypes.as_dtype is tf.as_dtype and tf.dtypes.DType is tf.DType


# ---- segment_sum, linspace

def test_segment_sum_values_and_errors(backend):
    d = distinct_shape_input(5, 3)
    out = run(tf.segment_sum(d, [0, 0, 1, 3, 3]), backend=backend)
    np.testing.assert_allclose(out, [d[0] + d[1], d[2], np.zeros(3), d[3] + d[4]], rtol=1e-6)
    with pytest.raises(tf.errors.InvalidArgumentError, match="segment ids are not increasing"):
        run(tf.segment_sum([1.0, 2.0, 3.0], [0, 2, 1]))
    with pytest.raises(tf.errors.InvalidArgumentError, match="segment ids must be >= 0"):
        run(tf.segment_sum([1.0, 2.0], [-1, 0]))
    with pytest.raises(tf.errors.InvalidArgumentError, match="should be the same size"):
        ids = tf.placeholder(tf.int32, [None])
        run(tf.segment_sum([1.0, 2.0], ids), {ids: [0]})
    with pytest.raises(ValueError, match="Shape must be rank 1 but is rank 2"):
        tf.segment_sum(tf.zeros([2, 2]), [[0, 0], [1, 1]])


def test_linspace_values_and_errors(backend):
    n = tf.placeholder(tf.int32, [])
    t = tf.linspace(1.0, 4.0, n)
    assert t.op.type == "LinSpace" and t.shape.as_list() == [None]
    np.testing.assert_allclose(run(t, {n: 4}, backend=backend), [1, 2, 3, 4])
    assert tf.lin_space is tf.linspace
    with pytest.raises(ValueError, match="Requires num > 0: 0"):
        tf.linspace(0.0, 1.0, 0)
    with pytest.raises(tf.errors.InvalidArgumentError, match="Requires num > 0: -1"):
        run(t, {n: -1})
    with pytest.raises(ValueError, match="Shape must be rank 0 but is rank 1"):
        tf.linspace([0.0], 1.0, 3)


def test_bincount_forms_and_errors(backend):
    arr = tf.placeholder(tf.int32, [None])
    plain = tf.bincount(arr)
    bounded = tf.bincount(arr, minlength=6, maxlength=7, dtype=tf.int64)
    weighted = tf.bincount(arr, weights=[0.5, 1.0, 2.0, 4.0])
    assert (plain.op.type, plain.dtype, plain.shape.as_list()) == ("Bincount", tf.int32, [None])
    assert bounded.dtype == tf.int64 and weighted.op.type == "UnsortedSegmentSum"
    feed = {arr: [3, 1, 1, 0]}
    out = run([plain, bounded, weighted], feed, backend=backend)
    assert out[0].tolist() == [1, 2, 0, 1] and out[1].tolist() == [1, 2, 0, 1, 0, 0]
    np.testing.assert_allclose(out[2], [4.0, 3.0, 0.0, 0.5])
    assert run(tf.bincount(arr, maxlength=2), feed, backend=backend).tolist() == [1, 2]
    assert run(tf.bincount(tf.zeros([0], tf.int32)), backend=backend).tolist() == []
    with pytest.raises(tf.errors.InvalidArgumentError, match="Input arr must be non-negative!"):
        run(plain, {arr: [1, -2]}, backend=backend)
    with pytest.raises(TypeError):
        tf.bincount(arr, dtype=tf.bool)
    assert registry.lookup("Bincount").grad is registry.NOT_DIFFERENTIABLE


# ---------------------------------------------------------------------------------------------
# Segment reductions, arg_max/arg_min, EuclideanNorm, Cross, HistogramFixedWidth

def _np_segments(data, ids, n, reduce, empty):
    out = np.full((n,) + data.shape[ids.ndim:], empty, dtype=np.float64)
    flat_ids, rows = ids.reshape(-1), data.reshape((-1,) + data.shape[ids.ndim:])
    for k in range(n):
        picked = rows[flat_ids == k]
        if len(picked):
            out[k] = reduce(picked, axis=0)
    return out.astype(data.dtype)


SORTED = [("SegmentSum", tf.segment_sum, np.sum, 0), ("SegmentMean", tf.segment_mean, np.mean, 0),
          ("SegmentMax", tf.segment_max, np.max, 0), ("SegmentMin", tf.segment_min, np.min, 0),
          ("SegmentProd", tf.segment_prod, np.prod, 1)]


@pytest.mark.parametrize("op_type, fn, reduce, empty", SORTED, ids=[s[0] for s in SORTED])
def test_sorted_segments(backend, op_type, fn, reduce, empty):
    data = distinct_shape_input(5, 3, 2)
    ids = np.array([0, 0, 2, 2, 3], np.int32)
    # the number of segments is known only when run (TF's shape rule too): EnsureShape fixes it
    out = check_op(lambda x: tf.ensure_shape(fn(x, ids), [4, 3, 2]), [data],
                   lambda x: _np_segments(x, ids, 4, reduce, empty), backend=backend)
    assert out[0].shape == (4, 3, 2)
    y = fn(tf.placeholder(tf.float32, [5, 3]), ids)
    assert y.op.type == op_type and y.op.name == op_type and y.shape.as_list() == [None, 3]
    assert tf.math.segment_max is tf.segment_max


def test_segment_mean_of_integers_truncates():
    got = run(tf.segment_mean(tf.constant([1, -4, 3, 4, 7]), [0, 0, 1, 1, 1]))
    np.testing.assert_array_equal(got, [-1, 4])


@pytest.mark.parametrize("ids, message", [
    ([0, 2, 1], "segment ids are not increasing"),
    ([-1, 0, 0], "segment ids must be >= 0"),
    ([0, 0], "segment_ids should be the same size as dimension 0 of input."),
])
def test_sorted_segment_run_time_errors(ids, message):
    data = tf.constant(np.ones((3, 2), np.float32))
    with pytest.raises(tf.errors.InvalidArgumentError, match=message):
        run(tf.segment_max(data, tf.placeholder(tf.int32)), {
            tf.get_default_graph().get_tensor_by_name("Placeholder:0"): ids})


def test_sorted_segment_shape_errors():
    with pytest.raises(ValueError, match="Shape must be rank 1 but is rank 2"):
        tf.segment_mean(tf.ones([2, 3]), [[0, 1]])
    with pytest.raises(ValueError, match="Dimensions must be equal, but are 2 and 3"):
        tf.segment_min(tf.ones([2, 3]), [0, 1, 1])
    with pytest.raises(TypeError, match="Value passed to parameter 'data' has DataType bool"):
        tf.segment_max(tf.constant([True]), [0])


UNSORTED = [("UnsortedSegmentMax", tf.unsorted_segment_max, np.max, np.finfo(np.float32).min),
            ("UnsortedSegmentMin", tf.unsorted_segment_min, np.min, np.finfo(np.float32).max),
            ("UnsortedSegmentProd", tf.unsorted_segment_prod, np.prod, 1.0)]


@pytest.mark.parametrize("op_type, fn, reduce, empty", UNSORTED, ids=[u[0] for u in UNSORTED])
def test_unsorted_segments(backend, op_type, fn, reduce, empty):
    data = distinct_shape_input(2, 3, 4)
    ids = np.array([[1, -1, 3], [1, 0, 3]], np.int64)  # -1 is dropped, segment 2 is empty
    check_op(lambda x: fn(x, ids, 4), [data], lambda x: _np_segments(x, ids, 4, reduce, empty),
             backend=backend)
    y = fn(tf.placeholder(tf.float32, [2, 3, 4]), ids, 4)
    assert y.op.type == op_type and y.shape.as_list() == [4, 4]
    assert getattr(tf.math, fn.__name__) is fn


def test_unsorted_segment_integer_extremes():
    got = run([tf.unsorted_segment_max(tf.constant([1, 2]), [0, 0], 2),
               tf.unsorted_segment_min(tf.constant([1, 2]), [1, 1], 2)])
    np.testing.assert_array_equal(got[0], [2, np.iinfo(np.int32).min])
    np.testing.assert_array_equal(got[1], [np.iinfo(np.int32).max, 1])


@pytest.mark.parametrize("fn, scale", [(tf.unsorted_segment_mean, lambda n: n),
                                        (tf.unsorted_segment_sqrt_n, np.sqrt)])
def test_unsorted_segment_mean_and_sqrt_n(backend, fn, scale):
    data = distinct_shape_input(4, 3)
    ids = np.array([2, 0, 2, -1])
    sums = _np_segments(data, ids, 4, np.sum, 0.0)
    counts = np.maximum(np.bincount(ids[ids >= 0], minlength=4), 1)[:, None]
    check_op(lambda x: fn(x, ids, 4), [data], lambda x: sums / scale(counts), backend=backend,
             unknown_shapes=False)
    y = fn(tf.constant(data), ids, 4)
    assert y.op.name == ("UnsortedSegmentMean/truediv" if fn is tf.unsorted_segment_mean
                         else "UnsortedSegmentSqrtN/truediv")


def test_unsorted_segment_errors():
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"segment_ids\[1\] = 5 is out of "
                                                             r"range \[0, 3\)"):
        run(tf.unsorted_segment_prod(tf.ones([2]), tf.constant([0, 5]), 3))
    with pytest.raises(ValueError, match="must be non-negative but is -1"):
        tf.unsorted_segment_min(tf.ones([2]), [0, 1], -1)


def test_arg_max_and_arg_min():
    x = tf.placeholder(tf.float32, [2, 3])
    a, b = tf.arg_max(x, 1), tf.arg_min(x, 0, output_type=tf.int32)
    assert (a.op.name, a.op.type, a.dtype, a.shape.as_list()) == ("ArgMax", "ArgMax", tf.int64,
                                                                   [2])
    assert (b.op.name, b.dtype, b.op.inputs[1].op.name) == ("ArgMin", tf.int32, "ArgMin/dimension")
    got = run([a, b], {x: [[1.0, 5.0, 2.0], [7.0, 0.0, 3.0]]})
    np.testing.assert_array_equal(got[0], [1, 0])
    np.testing.assert_array_equal(got[1], [0, 1, 0])
    with pytest.raises(TypeError, match="Value passed to parameter 'output_type' has DataType "
                                        "int16"):
        tf.arg_max(x, 0, output_type=tf.int16)


def test_reduce_euclidean_norm(backend):
    x = distinct_shape_input(2, 3, 4)
    check_op(lambda t: tf.math.reduce_euclidean_norm(t, [0, 2]), [x],
             lambda t: np.sqrt((t.astype(np.float64) ** 2).sum(axis=(0, 2))), backend=backend,
             rtol=1e-5)
    check_op(lambda t: tf.math.reduce_euclidean_norm(t, keepdims=True), [x],
             lambda t: np.sqrt((t.astype(np.float64) ** 2).sum(keepdims=True)), backend=backend,
             rtol=1e-5)
    y = tf.math.reduce_euclidean_norm(tf.constant([[3, 4], [2, 3]]), 1)
    assert y.op.type == "EuclideanNorm" and y.op.name == "EuclideanNorm"
    np.testing.assert_array_equal(run(y), [5, 3])  # integers: the root truncated


def test_cross(backend):
    a, b = distinct_shape_input(2, 3), distinct_shape_input(2, 3, seed=1)
    check_op(tf.cross, [a, b], np.cross, backend=backend)
    assert tf.linalg.cross is tf.cross
    with pytest.raises(ValueError, match="Dimension must be 3 but is 2"):
        tf.cross(tf.ones([1, 2]), tf.ones([1, 2]))
    with pytest.raises(ValueError, match="Shapes must be equal rank, but are 2 and 1"):
        tf.cross(tf.ones([1, 3]), tf.ones([3]))
    p, q = tf.placeholder(tf.float32), tf.placeholder(tf.float32)
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"Both inputs must be of same shape: \[1,3\] vs. \[3\]"):
        run(tf.cross(p, q), {p: np.ones((1, 3)), q: np.ones(3)})
    with pytest.raises(tf.errors.FailedPreconditionError,
                       match="Cross-products are only defined for 3-element vectors."):
        run(tf.cross(p, q), {p: np.ones(2), q: np.ones(2)})


def test_histogram_fixed_width(backend):
    values = np.array([-1.0, 0.0, 1.5, 2.0, 5.0, 15.0], np.float32)
    h = tf.histogram_fixed_width(tf.constant(values), [0.0, 5.0], nbins=5)
    assert h.op.name == "histogram_fixed_width" and h.op.type == "HistogramFixedWidth"
    assert h.shape.as_list() == [5] and h.dtype == tf.int32
    np.testing.assert_array_equal(run(h, backend=backend), [2, 1, 1, 0, 2])
    ints = tf.histogram_fixed_width(tf.constant([-1, 0, 1, 2, 5, 15]), [0, 5], nbins=3,
                                    dtype=tf.int64)
    np.testing.assert_array_equal(run(ints, backend=backend), [3, 1, 2])


def test_histogram_fixed_width_errors():
    with pytest.raises(ValueError, match="Requires nbins > 0: 0"):
        tf.histogram_fixed_width(tf.constant([1.0]), [0.0, 5.0], nbins=0)
    with pytest.raises(ValueError, match="Dimension must be 2 but is 3"):
        tf.histogram_fixed_width(tf.constant([1.0]), [0.0, 5.0, 6.0], nbins=2)
    vr, nb = tf.placeholder(tf.float32), tf.placeholder(tf.int32)
    h = tf.histogram_fixed_width(tf.constant([1.0]), vr, nbins=nb)
    assert h.shape.as_list() == [None]
    for feed, message in (({vr: [5.0, 0.0], nb: 3}, r"value_range\[0\] < value_range\[1\], "
                                                     r"but got '\[5, 0\]'"),
                          ({vr: [0.0, 5.0], nb: -1}, "nbins should be a positive number, but "
                                                     "got '-1'"),
                          ({vr: [0.0, 5.0, 6.0], nb: 2}, "value_range should be a vector of 2 "
                                                         "elements.")):
        with pytest.raises(tf.errors.InvalidArgumentError, match=message):
            run(h, feed)


# ---------------------------------------------------------------------------------------------
# log_sigmoid, reduce_variance/reduce_std, saturate_cast, Lgamma/Digamma/Polygamma, Bitcast,
# UniqueWithCounts


def _op_names_and_types():
    return [(op.name, op.type) for op in tf.get_default_graph().get_operations()]


def test_log_sigmoid(backend):
    x = tf.placeholder(tf.float32, [2, 3])
    y = tf.log_sigmoid(x)
    assert tf.math.log_sigmoid is tf.log_sigmoid
    assert y.name == "LogSigmoid:0" and y.shape.as_list() == [2, 3]
    assert _op_names_and_types()[1:] == [("LogSigmoid/Neg", "Neg"),
                                         ("LogSigmoid/Softplus", "Softplus"),
                                         ("LogSigmoid", "Neg")]
    assert tf.log_sigmoid(x, name="ls").name == "ls:0"
    values = np.array([-30.0, -1.0, 0.0, 2.0, 40.0], np.float32)
    want = [-30.0, -1.3132616, -0.69314718, -0.126928, -4.2483541e-18]  # TF's
    np.testing.assert_allclose(run(tf.log_sigmoid(values), backend=backend), want, rtol=1e-6)
    check_op(tf.log_sigmoid, [distinct_shape_input(2, 3, 4, dtype=np.float64)],
             lambda v: -np.logaddexp(0.0, -v), backend=backend, rtol=1e-12)


def test_reduce_variance_and_std(backend):
    x = distinct_shape_input(2, 3, 4, dtype=np.float64)
    for axis, keep in ((None, False), (1, False), ([0, 2], True), (-1, True)):
        np_axis = tuple(axis) if isinstance(axis, list) else axis
        check_op(lambda t, a=axis, k=keep: tf.math.reduce_variance(t, axis=a, keepdims=k), [x],
                 lambda v, a=np_axis, k=keep: np.var(v, axis=a, keepdims=k), backend=backend,
                 rtol=1e-12)
        check_op(lambda t, a=axis, k=keep: tf.math.reduce_std(t, axis=a, keepdims=k), [x],
                 lambda v, a=np_axis, k=keep: np.std(v, axis=a, keepdims=k), backend=backend,
                 rtol=1e-12)
    assert not hasattr(tf, "reduce_std") and not hasattr(tf, "reduce_variance")


def test_reduce_variance_and_std_names():
    x = tf.placeholder(tf.float32, [2, 3])
    std = tf.math.reduce_std(x, axis=1)
    assert std.name == "reduce_std/Sqrt:0" and std.shape.as_list() == [2]
    assert [t for _, t in _op_names_and_types()[1:]] == ["Const", "Mean", "Sub", "Square",
                                                         "Const", "Mean", "Sqrt"]
    assert _op_names_and_types()[2][0] == "reduce_std/reduce_variance/Mean"
    var = tf.math.reduce_variance(x)
    assert var.name == "reduce_variance/Mean_1:0" and var.shape.as_list() == []
    assert tf.math.reduce_variance(x, name="v").name == "v/Mean_1:0"


def test_saturate_cast(backend):
    x = tf.placeholder(tf.float32, [3])
    y = tf.saturate_cast(x, tf.uint8)
    assert y.name == "saturate_cast:0" and y.dtype == tf.uint8
    assert [t for _, t in _op_names_and_types()[1:]] == ["Const", "Maximum", "Const", "Minimum",
                                                         "Cast"]
    assert _op_names_and_types()[1][0] == "saturate_cast/min"
    np.testing.assert_array_equal(run(y, {x: [-3.0, 300.0, 4.7]}, backend=backend), [0, 255, 4])
    clamped = tf.saturate_cast(np.array([-1e10, 1e10, 3.5]), tf.int32)
    np.testing.assert_array_equal(run(clamped, backend=backend),
                                  [-2147483648, 2147483647, 3])
    np.testing.assert_array_equal(run(tf.saturate_cast(np.array([-129, 300, 5], np.int32),
                                                       tf.int8), backend=backend), [-128, 127, 5])
    widening = tf.saturate_cast(tf.constant([1, 2], tf.int32), tf.float32, name="w")
    assert widening.op.type == "Cast" and widening.name == "w:0"
    assert widening.op.inputs[0].op.type == "Const"


_SPECIAL_X = np.array([0.5, -0.5, -2.5, 1e-8, 3.7, -3.7, 30.0, 1e5])
# TF's values at _SPECIAL_X, digamma and polygamma with orders _POLYGAMMA_N
_DIGAMMA = [-1.9635100260214227, 0.036489973978576451, 1.1031566406452433,
            -1.0000000057721566e+08, 1.1671535393615109, -0.84507685887042006,
            3.3844381326855251, 11.512920464961896]
_POLYGAMMA_N = np.array([1.0, 2.0, 3.0, 1.0, 4.0, 2.0, 1.0, 3.0])
_POLYGAMMA = [4.9348022005446799, -0.82879664423431998, 194.74787621918756, 1.0e16,
              -0.053038611107953972, -68.893454688673529, 0.033895060357739946,
              2.0000300002000002e-15]


def test_lgamma(backend):
    import math
    x = tf.placeholder(tf.float64, [8])
    assert tf.lgamma(x).name == "Lgamma:0" and tf.lgamma(x).op.type == "Lgamma"
    assert tf.math.lgamma is tf.lgamma
    want = [math.lgamma(v) for v in _SPECIAL_X]
    np.testing.assert_allclose(run(tf.lgamma(x), {x: _SPECIAL_X}, backend=backend), want,
                               rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(run(tf.lgamma(_SPECIAL_X.astype(np.float32)), backend=backend),
                               want, rtol=1e-6)
    wide = np.concatenate([np.linspace(-30.3, 30.3, 100), np.geomspace(1e-6, 1e6, 50)])
    check_op(tf.lgamma, [wide], lambda v: np.array([math.lgamma(t) for t in v]),
             backend=backend, rtol=1e-12, atol=1e-13)
    edges = run(tf.lgamma(np.array([0.0, -1.0, -7.0, 1.0, 2.0, np.inf, -np.inf, np.nan])),
                backend=backend)
    np.testing.assert_array_equal(edges[:3], np.inf)
    np.testing.assert_allclose(edges[3:5], 0.0, atol=1e-14)
    np.testing.assert_array_equal(edges[5:], [np.inf, np.inf, np.nan])


def test_digamma_and_polygamma(backend):
    assert tf.math.digamma is tf.digamma and tf.math.polygamma is tf.polygamma
    np.testing.assert_allclose(run(tf.digamma(_SPECIAL_X), backend=backend), _DIGAMMA,
                               rtol=1e-12)
    np.testing.assert_allclose(run(tf.digamma(_SPECIAL_X.astype(np.float32)), backend=backend),
                               _DIGAMMA, rtol=2e-6, atol=1e-6)
    np.testing.assert_allclose(run(tf.polygamma(_POLYGAMMA_N, _SPECIAL_X), backend=backend),
                               _POLYGAMMA, rtol=1e-11)
    np.testing.assert_allclose(run(tf.polygamma(np.zeros(8), _SPECIAL_X), backend=backend),
                               _DIGAMMA, rtol=1e-12)
    np.testing.assert_allclose(run(tf.polygamma(_POLYGAMMA_N.astype(np.float32),
                                                _SPECIAL_X.astype(np.float32)),
                                   backend=backend), _POLYGAMMA, rtol=2e-6)
    # the derivative of digamma, by central differences
    x = np.linspace(-4.7, 9.3, 29)
    h = 1e-5
    slope = (run(tf.digamma(x + h)) - run(tf.digamma(x - h))) / (2 * h)
    np.testing.assert_allclose(run(tf.polygamma(np.ones_like(x), x)), slope, rtol=1e-6)
    edges = run(tf.digamma(np.array([0.0, -3.0, np.inf, -np.inf, np.nan])), backend=backend)
    np.testing.assert_array_equal(edges, [np.nan, np.nan, np.inf, np.nan, np.nan])
    odd = run(tf.polygamma(np.array([1.0, 1.0, 2.0, 1.5, -1.0, 1.0, 0.0]),
                           np.array([0.0, -1.0, 0.0, 2.0, 2.0, np.inf, np.inf])),
              backend=backend)
    np.testing.assert_array_equal(odd, [np.inf, np.inf, np.nan, np.nan, np.nan, 0.0, np.inf])


def test_polygamma_shapes_names_and_errors():
    a = tf.placeholder(tf.float32, [3, 1])
    x = tf.placeholder(tf.float32, [4])
    p = tf.polygamma(a, x)
    assert p.name == "Polygamma:0" and p.shape.as_list() == [3, 4]
    check_op(tf.polygamma, [np.array([[1.0], [2.0]]), np.array([0.5, 1.5, 2.5])],
             lambda n, v: np.array([[np.pi ** 2 / 2, np.pi ** 2 / 2 - 4, np.pi ** 2 / 2 - 40 / 9],
                                    [-16.828796644234316, -0.8287966442343186,
                                     -0.8287966442343186 + 16 / 27]]), rtol=1e-10)
    with pytest.raises(TypeError, match="has DataType int32 not in list of allowed values: "
                                        "bfloat16, float16, float32, float64"):
        tf.lgamma(tf.constant([1, 2]))
    with pytest.raises(TypeError, match="has DataType int32 not in list of allowed values: "
                                        "bfloat16, float16, float32, float64"):
        tf.digamma(tf.constant([1, 2]))
    with pytest.raises(TypeError, match="has DataType float16 not in list of allowed values: "
                                        "float32, float64"):
        tf.polygamma(tf.constant(1.0, tf.float16), tf.constant(1.0, tf.float16))
    with pytest.raises(TypeError, match="Input 'x' of 'Polygamma' Op has type float64 that "
                                        "does not match type float32 of argument 'a'"):
        tf.polygamma(tf.constant(1.0), tf.constant(1.0, tf.float64))
    with pytest.raises(ValueError, match="Dimensions must be equal"):
        tf.polygamma(tf.zeros([2]), tf.zeros([3]))


def test_bitcast(backend):
    x = tf.placeholder(tf.float32, [2, 3])
    narrow = tf.bitcast(x, tf.uint8)
    assert narrow.name == "Bitcast:0" and narrow.op.type == "Bitcast"
    assert narrow.shape.as_list() == [2, 3, 4] and narrow.dtype == tf.uint8
    value = distinct_shape_input(2, 3)
    np.testing.assert_array_equal(run(narrow, {x: value}, backend=backend),
                                  value.view(np.uint8).reshape(2, 3, 4))
    pairs = np.arange(24, dtype=np.int32).reshape(3, 4, 2)
    check_op(lambda t: tf.bitcast(t, tf.int64), [pairs],
             lambda v: v.view(np.int64).reshape(3, 4), backend=backend)
    check_op(lambda t: tf.bitcast(t, tf.int32), [value], lambda v: v.view(np.int32),
             backend=backend)
    check_op(lambda t: tf.bitcast(t, tf.int8), [np.array(7, np.int32)],
             lambda v: v.reshape(1).view(np.int8), backend=backend)
    unknown = tf.bitcast(tf.placeholder(tf.int32), tf.int64)
    assert unknown.shape.ndims is None


def test_bitcast_errors():
    with pytest.raises(ValueError, match="Cannot bitcast due to shape. 3 does not match 2"):
        tf.bitcast(tf.zeros([2, 3], tf.int32), tf.int64)
    with pytest.raises(ValueError, match="Shape must be at least rank 1 but is rank 0"):
        tf.bitcast(tf.zeros([], tf.int32), tf.int64)
    with pytest.raises(TypeError, match="Value passed to parameter 'input' has DataType bool "
                                        "not in list of allowed values"):
        tf.bitcast(tf.zeros([2, 4], tf.bool), tf.int8)
    with pytest.raises(TypeError, match="Value passed to parameter 'type' has DataType string"):
        tf.bitcast(tf.zeros([2], tf.int32), tf.string)
    p = tf.placeholder(tf.int32, [None, None])
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=re.escape("Cannot bitcast from 3 to 9: shape [2,3]")):
        run(tf.bitcast(p, tf.int64), {p: np.zeros((2, 3), np.int32)})


def test_unique_with_counts(backend):
    x = tf.placeholder(tf.int32, [None])
    u = tf.unique_with_counts(x)
    assert type(u).__name__ == "UniqueWithCounts" and u._fields == ("y", "idx", "count")
    assert [t.name for t in u] == ["UniqueWithCounts:0", "UniqueWithCounts:1",
                                   "UniqueWithCounts:2"]
    assert [t.dtype for t in u] == [tf.int32, tf.int32, tf.int32]
    y, idx, count = run(u, {x: [3, 1, 3, 2, 1, 3]}, backend=backend)
    np.testing.assert_array_equal(y, [3, 1, 2])
    np.testing.assert_array_equal(idx, [0, 1, 0, 2, 1, 0])
    np.testing.assert_array_equal(count, [3, 2, 1])
    wide = tf.unique_with_counts(np.array([2.5, -1.0, 2.5]), out_idx=tf.int64)
    assert wide.idx.dtype == tf.int64 and wide.count.dtype == tf.int64
    assert wide.idx.shape.as_list() == [3] and wide.count.shape.as_list() == [None]
    y, idx, count = run(wide, backend=backend)
    np.testing.assert_array_equal(y, [2.5, -1.0])
    assert idx.dtype == np.int64 and count.dtype == np.int64
    np.testing.assert_array_equal(idx, [0, 1, 0])
    np.testing.assert_array_equal(count, [2, 1])
    with pytest.raises(TypeError, match="parameter 'out_idx' has DataType float32"):
        tf.unique_with_counts([1, 2], out_idx=tf.float32)
    m = tf.unique_with_counts(tf.zeros([2, 2]))  # TF checks the rank only when running
    with pytest.raises(tf.errors.InvalidArgumentError, match="unique expects a 1D vector"):
        run(m.y)
