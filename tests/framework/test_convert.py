"""tf.constant, convert_to_tensor and static folding: TF1's dtype inference and errors."""
import numpy as np
import pytest

import minitf as tf
from minitf.framework import convert, registry
from minitf.framework.convert import constant_value, constant_value_as_shape
from tests.harness import run

registry.register("TestConvertStateful", infer=lambda op: [(tf.float32, tf.TensorShape([]))],
                  kernel=lambda ctx: lambda: ctx.xp.asarray(1.0, dtype="float32"), stateful=True)
registry.register("TestConvertFails", infer=lambda op: [(tf.float32, tf.TensorShape([]))],
                  kernel=lambda ctx: lambda x: 1 / 0)
registry.register("TestConvertFold", infer=lambda op: [(tf.int32, tf.TensorShape([2]))],
                  kernel=lambda ctx: None, fold=lambda op: (np.array([4, 5], np.int32),))


def _op(op_type, inputs=()):
    return tf.get_default_graph().create_op(op_type, list(inputs), {}).outputs[0]


@pytest.mark.parametrize("value, dtype", [
    (1.5, tf.float32), (1, tf.int32), (2 ** 40, tf.int64), ([1, 2 ** 40], tf.int64),
    (-(2 ** 31), tf.int32), (2 ** 31, tf.int64), (True, tf.bool), ("ab", tf.string),
    (b"ab", tf.string), ([1, 2.5], tf.float32), ([], tf.float32), (1j, tf.complex128),
    (np.array([1.0]), tf.float64), (np.array([1]), tf.int64), (np.float64(1.0), tf.float64),
    (np.int16(3), tf.int16), (np.array([1], np.uint8), tf.uint8), (np.array(["a"]), tf.string),
])
def test_constant_dtype_inference(value, dtype):
    assert tf.constant(value).dtype is dtype


def test_constant_values_and_names():
    c = tf.constant([[1, 2, 3], [4, 5, 6]], name="c")
    assert c.name == "c:0" and c.shape.as_list() == [2, 3] and c.op.type == "Const"
    assert tf.constant(1.0).name == "Const:0" and tf.constant(1.0).name == "Const_1:0"
    assert run(tf.constant("héllo")) == "héllo".encode()
    np.testing.assert_array_equal(run(tf.constant([["a", "b"]])), np.array([[b"a", b"b"]], object))
    assert run(tf.constant(2, dtype=tf.float32)) == np.float32(2.0)
    got = run(tf.constant(np.array([1.7, 2.2]), dtype=tf.int32))  # numpy values are cast
    np.testing.assert_array_equal(got, [1, 2])
    assert run(tf.constant(300, dtype=tf.int8)) == np.int8(44)  # wraps, as TF 1.x did


@pytest.mark.parametrize("value, dtype, text", [
    (2.5, tf.int32, "Expected int32, got 2.5 of type 'float' instead."),
    ([1, 2.5], tf.int32, "Expected int32, got 2.5 of type 'float' instead."),
    (1, tf.bool, "Expected bool, got 1 of type 'int' instead."),
    (1, tf.string, "Expected string, got 1 of type 'int' instead."),
    ("a", tf.float32, "Expected float32, got 'a' of type 'str' instead."),
    (1j, tf.float32, "Expected float32, got 1j of type 'complex' instead."),
    # a None element is refused, never stored as NaN (TF 1.15 names its internal `_Message`)
    ([None, 2.0], tf.float32, "Expected float32, got None of type '_Message' instead."),
    ([[1], [None]], tf.int32, "Expected int32, got None of type '_Message' instead."),
])
def test_constant_dtype_errors(value, dtype, text):
    with pytest.raises(TypeError) as info:
        tf.constant(value, dtype=dtype)
    assert str(info.value) == text


def test_constant_value_errors():
    a = tf.constant(1.0)
    with pytest.raises(ValueError, match=r"^None values not supported\.$"):
        tf.constant(None)
    with pytest.raises(TypeError, match=r"^List of Tensors when single Tensor expected$"):
        tf.constant(a)
    with pytest.raises(TypeError, match=r"^List of Tensors when single Tensor expected$"):
        tf.constant([a, 1.0])
    with pytest.raises(ValueError, match=r"^Argument must be a dense tensor"):
        tf.constant([[1, 2], [3]])
    with pytest.raises(TypeError, match=r"^Failed to convert object of type <class 'object'> to "
                                        r"Tensor\."):
        tf.constant(object())
    with pytest.raises(ValueError, match=r"out of range"):
        tf.constant(2 ** 70, dtype=tf.int64)


def test_constant_shape():
    np.testing.assert_array_equal(run(tf.constant(7, shape=[2, 3])), np.full((2, 3), 7))
    np.testing.assert_array_equal(run(tf.constant([1, 2], shape=[2, 2])), [[1, 2], [2, 2]])
    np.testing.assert_array_equal(run(tf.constant([1, 2, 3, 4, 5, 6], shape=[2, 3])),
                                  [[1, 2, 3], [4, 5, 6]])
    got = run(tf.constant([1.5, 2], shape=[3]))
    assert got.dtype == np.float32 and got.tolist() == [1.5, 2.0, 2.0]
    empty = run(tf.constant([], shape=[2]))
    assert empty.dtype == np.float32 and empty.tolist() == [0.0, 0.0]
    assert run(tf.constant(5, shape=[0, 2])).shape == (0, 2)
    assert tf.constant([1, 2], shape=(2,), verify_shape=True).shape.as_list() == [2]
    assert tf.constant(1.0, shape=tf.TensorShape([4])).shape.as_list() == [4]


def test_constant_shape_errors():
    with pytest.raises(ValueError, match=r"^Too many elements provided\. Needed at most 2, but "
                                         r"received 3$"):
        tf.constant([1, 2, 3], shape=[2])
    with pytest.raises(TypeError, match=r"^Expected Tensor's shape: \(2, 2\), got \(2,\)\.$"):
        tf.constant([1, 2], shape=[2, 2], verify_shape=True)
    with pytest.raises(ValueError, match="must be fully defined"):
        tf.constant(1, shape=[None, 2])


def test_fetched_constant_is_a_copy():
    c = tf.constant([1.0, 2.0])
    with tf.Session() as sess:
        got = sess.run(c)
        got[0] = 100.0
        assert sess.run(c).tolist() == [1.0, 2.0]


def test_convert_to_tensor():
    a = tf.constant(1.0, name="a")
    assert tf.convert_to_tensor(a) is a and tf.convert_to_tensor(a, dtype=tf.float32) is a
    assert tf.convert_to_tensor(a, dtype="float32") is a
    assert tf.convert_to_tensor(1.5, name="nm").name == "nm:0"
    assert tf.convert_to_tensor([1, 2]).dtype is tf.int32
    assert tf.convert_to_tensor(1, dtype=tf.int64).dtype is tf.int64
    assert tf.convert_to_tensor(np.float64(2.0)).dtype is tf.float64
    assert tf.convert_to_tensor(1, preferred_dtype=tf.float32).dtype is tf.float32
    assert tf.convert_to_tensor(1, dtype_hint=tf.float32).dtype is tf.float32
    # a preferred dtype that does not fit is dropped silently
    assert tf.convert_to_tensor(1.5, preferred_dtype=tf.int32).dtype is tf.float32
    assert convert.is_tensor(a) and not convert.is_tensor(1.0)
    assert [t.dtype for t in convert.convert_n_to_tensor([1, 2.0])] == [tf.int32, tf.float32]


def test_convert_to_tensor_errors():
    a = tf.constant(1.0, name="a")
    with pytest.raises(ValueError, match=r"^Tensor conversion requested dtype int32 for Tensor "
                                         r"with dtype float32: <tf\.Tensor 'a:0' shape=\(\) "
                                         r"dtype=float32>$"):
        tf.convert_to_tensor(a, dtype=tf.int32)
    with pytest.raises(TypeError, match=r"^Expected int32, got 1\.5 of type 'float' instead\.$"):
        tf.convert_to_tensor(1.5, dtype=tf.int32)
    with pytest.raises(TypeError, match=r"^Can't convert Operation 'a' to Tensor \(target "
                                        r"dtype=None, name=None, as_ref=False\)$"):
        tf.convert_to_tensor(a.op)
    with pytest.raises(TypeError, match=r"^Failed to convert object of type <class 'dict'> to "
                                        r"Tensor\. Contents: \{1: 2\}\. Consider casting elements "
                                        r"to a supported type\.$"):
        tf.convert_to_tensor({1: 2})


def test_registered_conversion_functions():
    class Wrapped:
        def __init__(self, v):
            self.v = v

    def conv(value, dtype=None, name=None, as_ref=False):
        return tf.constant(value.v, dtype=dtype, name=name or "Wrapped")

    tf.register_tensor_conversion_function(Wrapped, conv)
    try:
        t = tf.convert_to_tensor(Wrapped(3))
        assert t.name == "Wrapped:0" and t.dtype is tf.int32
        assert tf.convert_to_tensor(Wrapped(3), preferred_dtype=tf.float32).dtype is tf.float32
        assert (tf.constant(1.0) + Wrapped(2.0)).dtype is tf.float32
    finally:
        convert._conversion_functions[:] = [e for e in convert._conversion_functions
                                            if e[1] is not Wrapped]


def test_binary_dtypes():
    f, i = tf.constant(1.0), tf.constant(1)
    assert (f + 1).dtype is tf.float32 and (1 + f).dtype is tf.float32
    assert (f + [1, 2]).dtype is tf.float32 and (f + np.float64(2.0)).dtype is tf.float32
    assert (f + np.array([2.0])).dtype is tf.float32 and (i + 2).dtype is tf.int32
    with pytest.raises(TypeError, match=r"^Input 'y' of 'AddV2' Op has type int32 that does not "
                                        r"match type float32 of argument 'x'\.$"):
        f + i  # noqa: B018
    with pytest.raises(TypeError, match=r"^Input 'y' of 'Add' Op has type int32 that does not "
                                        r"match type float32 of argument 'x'\.$"):
        tf.add(f, i)
    with pytest.raises(TypeError, match=r"^Input 'y' of 'AddV2' Op has type float32 that does not "
                                        r"match type int32 of argument 'x'\.$"):
        i + 1.5  # noqa: B018
    with pytest.raises(TypeError, match=r"^Input 'y' of 'Add' Op has type int32 that does not "
                                        r"match type float32 of argument 'x'\.$"):
        tf.add(1.5, i)


def test_constant_value_folding():
    c = tf.constant([1, 2])
    np.testing.assert_array_equal(constant_value(c), [1, 2])
    np.testing.assert_array_equal(constant_value(tf.identity(c)), [1, 2])
    np.testing.assert_array_equal(constant_value(c + tf.constant([10, 20])), [11, 22])
    assert constant_value(c) is constant_value(c)  # memoized on the op
    assert constant_value(tf.placeholder(tf.float32)) is None
    assert constant_value(tf.identity(tf.placeholder(tf.int32))) is None
    assert constant_value(tf.placeholder_with_default(tf.constant(3), [])) is None
    assert constant_value(3) is None
    np.testing.assert_array_equal(constant_value(_op("TestConvertFold")), [4, 5])


def test_get_static_value_knows_tf_pythons_ops_only():
    """TF1's Python-side constant_value: constants, static shapes, casts, concats, packs,
    fills, ranges, (not) equal -- no arithmetic, which only the shape inference folds."""
    c = tf.constant([1, 2])
    np.testing.assert_array_equal(tf.get_static_value(c), [1, 2])
    assert tf.get_static_value(c + 1) is None and constant_value(c + 1) is not None
    assert tf.get_static_value(tf.identity(c)) is None
    np.testing.assert_array_equal(tf.get_static_value(tf.cast(c, tf.float32)), [1.0, 2.0])
    np.testing.assert_array_equal(tf.get_static_value(tf.concat([c, c], 0)), [1, 2, 1, 2])
    np.testing.assert_array_equal(tf.get_static_value(tf.shape(tf.zeros([2, 3]))), [2, 3])
    np.testing.assert_array_equal(tf.get_static_value(tf.fill([2], 3.0)), [3.0, 3.0])
    np.testing.assert_array_equal(tf.get_static_value(tf.range(3)), [0, 1, 2])
    assert tf.get_static_value(tf.equal(c, 1)).tolist() == [True, False]
    p = tf.placeholder(tf.int32, [])
    assert tf.get_static_value(tf.stack([p, 3])) is None
    assert [None if v is None else int(v) for v in
            tf.get_static_value(tf.stack([p, 3]), partial=True)] == [None, 3]
    assert tf.contrib.util.constant_value is tf.get_static_value
    with pytest.raises(TypeError, match=r"^3 is not a Tensor, has type <class 'int'>$"):
        tf.get_static_value(3)
    known = tf.constant(2.0)
    tf.get_static_value(known)
    with pytest.raises(ValueError, match="may not be fed"):
        run(known * 2, {known: 1.0})


def test_dropout_decides_on_the_static_value_of_rate():
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    assert tf.nn.dropout(x, rate=tf.constant(0.0)) is x
    # 1 - keep_prob is not static (the scope of the call above is "dropout")
    assert tf.nn.dropout(x, tf.constant(1.0)).name == "dropout_1/mul_1:0"


def test_constant_value_skips_stateful_and_failing_ops():
    stateful = _op("TestConvertStateful")
    assert constant_value(stateful) is None and constant_value(tf.identity(stateful)) is None
    assert constant_value(_op("TestConvertFails", [tf.constant(1.0)])) is None


def test_constant_value_as_shape():
    assert constant_value_as_shape(tf.constant([2, -1, 3])).as_list() == [2, None, 3]
    assert constant_value_as_shape(tf.constant(-1)).ndims is None
    assert constant_value_as_shape(tf.placeholder(tf.int32, [3])).as_list() == [None] * 3
    assert constant_value_as_shape(tf.placeholder(tf.int32, [None])).ndims is None
    with pytest.raises(ValueError, match=r"^Shape must be rank 1 but is rank 0$"):
        constant_value_as_shape(tf.constant(2))


def test_constant_value_as_shape_of_a_sliced_shape():
    """TF's shape inference reads `tf.shape(x)[b:e:k]` of a partly known shape (TF 2.21's
    results); negative strides and shrinking slices stay unknown."""
    x = tf.placeholder(tf.float32, [None, 2, 5])
    s = tf.shape(x)

    def dims(t):
        shape = constant_value_as_shape(t)
        return None if shape.ndims is None else shape.as_list()
    assert dims(s[:2]) == [None, 2]
    assert dims(s[1:]) == [2, 5]
    assert dims(s[-2:]) == [2, 5]
    assert dims(s[0:3:2]) == [None, 5]
    assert dims(s[1:2]) == [2]
    assert dims(s[::-1]) == [None] * 3
    assert dims(tf.shape(tf.placeholder(tf.float32))[:2]) is None
    assert tf.reshape(x, tf.concat([s[:2], [-1]], 0)).shape.as_list() == [None, 2, None]
    assert tf.fill(s[:2], 1.0).shape.as_list() == [None, 2]


def test_python_bool_is_a_real_number_for_float_dtypes():
    x = tf.placeholder(tf.float32, [2])
    assert tf.constant(True, tf.float32).op.get_attr("value") == 1.0
    assert (x + True).dtype == tf.float32
