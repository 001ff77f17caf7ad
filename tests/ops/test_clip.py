"""tf.clip_by_value: values, TF1's graph (Minimum then Maximum under `clip_by_value`), shape
checks and dtype errors."""
import numpy as np
import pytest

import minitf as tf
from tests.harness import check_op, distinct_shape_input, run, session


def test_clip_by_value_with_scalars(backend):
    x = distinct_shape_input(3, 4) * 2
    check_op(lambda v: tf.clip_by_value(v, -1.0, 0.5), [x], lambda v: np.clip(v, -1.0, 0.5),
             backend=backend)


def test_clip_by_value_with_tensor_bounds(backend):
    x = distinct_shape_input(3, 4) * 2
    lo = np.array([-1.0, -0.5, 0.0, 0.2], np.float32)
    hi = np.full((3, 4), 0.8, np.float32)
    check_op(lambda v, a, b: tf.clip_by_value(v, a, b), [x, lo, hi],
             lambda v, a, b: np.minimum(np.maximum(v, a), b), backend=backend)


def test_clip_by_value_integers_and_python_values(backend):
    ints, floats = run([tf.clip_by_value(tf.constant([-5, 0, 5, 10]), 0, 6),
                        tf.clip_by_value([1.0, 5.0, -3.0], 0, 2)], backend=backend)
    assert ints.tolist() == [0, 0, 5, 6] and ints.dtype == np.int32
    assert floats.tolist() == [1.0, 2.0, 0.0] and floats.dtype == np.float32


def test_clip_by_value_graph():
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    out = tf.clip_by_value(x, 0.0, 1.0)
    named = tf.clip_by_value(x, 0.0, 1.0, name="c")
    assert (out.name, out.op.type, out.shape.as_list()) == ("clip_by_value:0", "Maximum",
                                                            [None, 3])
    assert named.name == "c:0"
    assert [op.name for op in tf.get_default_graph().get_operations()] == [
        "x", "clip_by_value/Minimum/y", "clip_by_value/Minimum", "clip_by_value/y",
        "clip_by_value", "c/Minimum/y", "c/Minimum", "c/y", "c"]
    tf.clip_by_value([1.0], 0.0, 1.0)
    assert tf.get_default_graph().get_operations()[-5].name == "clip_by_value_1/t"


def test_clip_bounds_may_not_broadcast_the_input():
    x = tf.placeholder(tf.float32, [3])
    with pytest.raises(ValueError, match=r"Shapes \(3,\) and \(2, 3\) are not compatible"):
        tf.clip_by_value(x, tf.placeholder(tf.float32, [2, 3]), 1.0)
    with pytest.raises(ValueError, match=r"Shapes \(3,\) and \(2, 3\) are not compatible"):
        tf.clip_by_value(x, 0.0, tf.placeholder(tf.float32, [2, 3]))


def test_clip_bounds_must_fit_the_dtype():
    with pytest.raises(TypeError, match="Expected int32 passed to parameter 'y' of op 'Maximum', "
                                        "got 0.5 of type 'float' instead."):
        tf.clip_by_value(tf.placeholder(tf.int32, [2]), 0.5, 1)
    with pytest.raises(TypeError, match="Input 'y' of 'Minimum' Op has type float64 that does "
                                        "not match type float32 of argument 'x'."):
        tf.clip_by_value(tf.placeholder(tf.float32, [2]), 0.0,
                         tf.constant(1.0, tf.float64))


# ---- clip_by_norm, global_norm, clip_by_global_norm, clip_by_average_norm

def _np_clip_by_norm(x, clip, axes=None):
    norm = np.sqrt(np.sum(x.astype(np.float64) ** 2, axis=axes, keepdims=True))
    return x * clip / np.maximum(norm, clip)


@pytest.mark.parametrize("axes", [None, [1], 0, [0, 1]])
def test_clip_by_norm(backend, axes):
    x = distinct_shape_input(3, 4) * 2
    check_op(lambda v: tf.clip_by_norm(v, 1.5, axes=axes), [x],
             lambda v: _np_clip_by_norm(v, 1.5, None if axes is None else tuple(np.atleast_1d(axes))),
             backend=backend)


def test_clip_by_norm_keeps_small_and_zero_tensors(backend):
    small, zero, tensor_norm = run([tf.clip_by_norm([0.3, 0.4], 1.0),
                                    tf.clip_by_norm(tf.zeros([2, 3]), 1.0),
                                    tf.clip_by_norm([3.0, 4.0], tf.constant(2.5))],
                                   backend=backend)
    np.testing.assert_allclose(small, [0.3, 0.4], rtol=1e-6)
    assert zero.tolist() == [[0.0] * 3] * 2
    np.testing.assert_allclose(tensor_norm, [1.5, 2.0], rtol=1e-6)


def test_clip_by_norm_graph_and_indexed_slices():
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    out = tf.clip_by_norm(x, 1.0)
    assert (out.name, out.op.type, out.shape.as_list()) == ("clip_by_norm:0", "Identity",
                                                            [None, 3])
    slices = tf.IndexedSlices(tf.constant([[3.0, 4.0]]), tf.constant([2]), tf.constant([4, 2]))
    clipped = tf.clip_by_norm(slices, 2.5, name="rows")
    assert isinstance(clipped, tf.IndexedSlices) and clipped.indices is slices.indices
    assert clipped.dense_shape is slices.dense_shape and clipped.values.name == "rows:0"
    value = run(clipped)
    np.testing.assert_allclose(value.values, [[1.5, 2.0]], rtol=1e-6)
    assert value.indices.tolist() == [2]
    with pytest.raises(ValueError, match="Dimensions must be equal"):
        tf.clip_by_norm(x, tf.ones([2]))


def test_global_norm(backend):
    a, b = tf.constant([3.0, 4.0]), tf.constant([[12.0]])
    s = tf.IndexedSlices(tf.constant([[6.0, 8.0]]), tf.constant([0]))
    norm = tf.global_norm([a, None, b])
    assert (norm.name, norm.op.type, norm.shape.as_list()) == ("global_norm/global_norm:0",
                                                               "Sqrt", [])
    assert [op.type for op in tf.get_default_graph().get_operations()[4:]] == [
        "L2Loss", "L2Loss", "Pack", "Const", "Sum", "Const", "Mul", "Sqrt"]
    values = run([norm, tf.global_norm((a, s), name="gn")], backend=backend)
    np.testing.assert_allclose(values, [13.0, np.sqrt(125.0)], rtol=1e-6)
    assert tf.global_norm([b], name="gn").name == "gn_1/global_norm:0"


@pytest.mark.parametrize("bad", ["abc", 3.0, None])
def test_global_norms_need_a_sequence(bad):
    with pytest.raises(TypeError, match="t_list should be a sequence"):
        tf.global_norm(bad)
    with pytest.raises(TypeError, match="t_list should be a sequence"):
        tf.clip_by_global_norm(bad, 1.0)


def test_clip_by_global_norm(backend):
    a, b = tf.constant([3.0, 4.0]), tf.constant([12.0])
    s = tf.IndexedSlices(tf.constant([[0.0, 0.0]]), tf.constant([1]), tf.constant([3, 2]))
    clipped, norm = tf.clip_by_global_norm([a, None, b, s], 6.5)
    assert norm.name == "global_norm/global_norm:0"
    assert clipped[1] is None and isinstance(clipped[3], tf.IndexedSlices)
    assert [clipped[i].name for i in (0, 2)] == ["clip_by_global_norm/clip_by_global_norm/_0:0",
                                                 "clip_by_global_norm/clip_by_global_norm/_2:0"]
    assert clipped[3].values.name == "clip_by_global_norm/clip_by_global_norm/_3:0"
    assert clipped[3].indices is s.indices
    loose, loose_norm = tf.clip_by_global_norm((a, b), 100.0, name="loose")
    given = tf.constant(10.0)
    used, used_norm = tf.clip_by_global_norm([a], 1.0, use_norm=given)
    values = run([clipped[0], clipped[2], clipped[3].values, norm, loose, used],
                 backend=backend)
    np.testing.assert_allclose(values[0], [1.5, 2.0], rtol=1e-6)
    np.testing.assert_allclose(values[1], [6.0], rtol=1e-6)
    assert values[2].tolist() == [[0.0, 0.0]] and values[3] == pytest.approx(13.0)
    np.testing.assert_allclose(values[4][0], [3.0, 4.0], rtol=1e-6)
    np.testing.assert_allclose(values[5][0], [0.3, 0.4], rtol=1e-6)
    assert [t.name for t in loose] == ["loose_1/loose_1/_0:0", "loose_1/loose_1/_1:0"]
    assert loose_norm.name == "loose/global_norm:0"
    assert used_norm is given


def test_clip_by_global_norm_of_infinite_or_nan_norm_is_nan(backend):
    x = tf.placeholder(tf.float32, [2])
    clipped, norm = tf.clip_by_global_norm([x, tf.constant([1.0, 2.0])], 1.0)
    with session(backend) as sess:
        for bad in (np.inf, np.nan):
            (c0, c1), n = sess.run([clipped, norm], {x: [bad, 1.0]})
            assert np.isnan(c0).all() and np.isnan(c1).all()
            assert np.isinf(n) if bad == np.inf else np.isnan(n)


def test_clip_by_average_norm(backend):
    x = distinct_shape_input(2, 5)

    def reference(v):
        l2norm_inv = 1 / np.sqrt(np.sum(v.astype(np.float64) ** 2))
        return v * 0.1 * min(l2norm_inv * v.size, 1 / 0.1)
    check_op(lambda v: tf.clip_by_average_norm(v, 0.1), [x], reference, backend=backend)
    out = tf.clip_by_average_norm(tf.constant(x), 10.0, name="avg")
    assert (out.name, out.op.type) == ("avg:0", "Identity")
    np.testing.assert_allclose(run(out), x, rtol=1e-6)
