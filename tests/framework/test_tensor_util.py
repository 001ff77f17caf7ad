"""tf.make_tensor_proto / tf.make_ndarray: dtypes, shapes, TF's compact fill of fewer values
than the shape holds, and TF 1.15's errors (fields checked against TF)."""
import numpy as np
import pytest

import minitf as tf

pytest.importorskip("tensorboard", reason="TensorProtos need the tensorboard extra")


@pytest.mark.parametrize("args, kwargs, dtype, dims, values, raw_bytes", [
    (([[1.0, 2.0], [3.0, 4.0]],), {}, np.float32, [2, 2], [1.0, 2.0, 3.0, 4.0], 16),
    ((5,), {"shape": [2, 3]}, np.int32, [2, 3], [5] * 6, 0),
    (([1, 2],), {"dtype": tf.float64, "shape": [4]}, np.float64, [4], [1.0, 2.0, 2.0, 2.0], 0),
    ((np.arange(6, dtype=np.int32),), {"shape": [2, 3]}, np.int32, [2, 3], list(range(6)), 24),
    ((["ab", "c"],), {}, object, [2], [b"ab", b"c"], 0),
    ((True,), {}, np.bool_, [], [True], 0),
])
def test_round_trip(args, kwargs, dtype, dims, values, raw_bytes):
    proto = tf.make_tensor_proto(*args, **kwargs)
    assert [d.size for d in proto.tensor_shape.dim] == dims
    assert len(proto.tensor_content) == raw_bytes
    back = tf.make_ndarray(proto)
    assert back.dtype == dtype and back.ravel().tolist() == values
    assert tf.make_tensor_proto(proto) is proto
    assert tf.contrib.util.make_ndarray is tf.make_ndarray


def test_errors():
    with pytest.raises(ValueError, match=r"^Too many elements provided. Needed at most 2, but "
                                         r"received 3$"):
        tf.make_tensor_proto([1, 2, 3], shape=[2])
    with pytest.raises(TypeError, match=r"^Expected Tensor's shape: \(2, 1\), got \(2,\)\.$"):
        tf.make_tensor_proto([1, 2], shape=[2, 1], verify_shape=True)
    with pytest.raises(TypeError, match=r"Expected Tensor's shape: \(3,\), got \(2,\)\."):
        tf.make_tensor_proto([1, 2], shape=[3], allow_broadcast=True)
