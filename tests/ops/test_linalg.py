"""minitf/ops/linalg.py: the matrix diagonal ops, inverse and determinant (values against
numpy, static shapes, errors), eye, trace, matrix_transpose, tensordot, einsum, tf.linalg."""
import numpy as np
import pytest

import minitf as tf
from tests.harness import check_op, distinct_shape_input, run


def test_diagonal_ops(backend):
    d = distinct_shape_input(2, 3)
    x = distinct_shape_input(2, 3, 4, seed=1)
    check_op(tf.matrix_diag, [d], lambda v: np.stack([np.diag(r) for r in v]), backend=backend)
    check_op(tf.matrix_diag_part, [x], lambda v: np.diagonal(v, axis1=-2, axis2=-1),
             backend=backend)

    def set_ref(v, w):
        out = v.copy()
        out[:, np.arange(3), np.arange(3)] = w
        return out
    check_op(tf.matrix_set_diag, [x, d], set_ref, backend=backend)
    with pytest.raises(ValueError, match="Shape must be at least rank 2 but is rank 1"):
        tf.matrix_diag_part(tf.zeros([3]))
    with pytest.raises(ValueError, match="Dimensions must be equal, but are 3 and 4"):
        tf.matrix_set_diag(tf.zeros([2, 3, 4]), tf.zeros([2, 4]))
    with pytest.raises(tf.errors.InvalidArgumentError, match="must have diagonal.shape"):
        p = tf.placeholder(tf.float32, [None])
        run(tf.matrix_set_diag(tf.zeros([2, 3]), p), {p: np.zeros(3)})


def test_inverse_and_determinant(backend):
    x = (distinct_shape_input(2, 3, 3) * 0.3 + 2 * np.eye(3)).astype(np.float32)
    check_op(tf.matrix_inverse, [x], np.linalg.inv, backend=backend, rtol=1e-5, atol=1e-5)
    check_op(lambda t: tf.matrix_inverse(t, adjoint=True), [x],
             lambda v: np.linalg.inv(np.swapaxes(v, -1, -2)), backend=backend, rtol=1e-5,
             atol=1e-5)
    check_op(tf.matrix_determinant, [x], np.linalg.det, backend=backend, rtol=1e-5)
    with pytest.raises(tf.errors.InvalidArgumentError, match="Input is not invertible"):
        run(tf.matrix_inverse([[1.0, 2.0], [2.0, 4.0]]), backend=backend)
    with pytest.raises(ValueError, match="Dimensions must be equal, but are 2 and 3"):
        tf.matrix_determinant(tf.zeros([2, 3]))
    with pytest.raises(tf.errors.InvalidArgumentError, match="Input matrices must be squares"):
        p = tf.placeholder(tf.float32, [None, None])
        run(tf.matrix_inverse(p), {p: np.zeros((2, 3))})
    with pytest.raises(TypeError):
        tf.matrix_inverse(tf.zeros([2, 2], tf.int32))


def test_eye_trace_transpose():
    np.testing.assert_array_equal(run(tf.eye(2, 3, batch_shape=[2])),
                                  np.broadcast_to(np.eye(2, 3), (2, 2, 3)))
    n = tf.placeholder(tf.int32, [])
    np.testing.assert_array_equal(run(tf.eye(n, dtype=tf.int32), {n: 3}), np.eye(3))
    with pytest.raises(TypeError, match="num_rows and num_columns"):
        tf.eye(2.5)
    with pytest.raises(TypeError, match="batch_shape must be a list or tuple"):
        tf.eye(2, batch_shape=3)
    x = distinct_shape_input(2, 3, 3)
    np.testing.assert_allclose(run(tf.trace(x)), np.trace(x, axis1=1, axis2=2), rtol=1e-6)
    assert tf.trace(x).name == "Trace_1:0"
    np.testing.assert_array_equal(run(tf.matrix_transpose(x)), x.transpose(0, 2, 1))
    with pytest.raises(ValueError, match="should be a \\(batch\\) matrix"):
        tf.matrix_transpose(tf.zeros([3]))


def test_tensordot(backend):
    a, b = distinct_shape_input(2, 3, 4, 5), distinct_shape_input(5, 6, 3, seed=1)
    check_op(lambda x, y: tf.tensordot(x, y, [[3, 1], [0, 2]]), [a, b],
             lambda x, y: np.tensordot(x, y, [[3, 1], [0, 2]]), backend=backend, rtol=1e-5)
    check_op(lambda x, y: tf.tensordot(x, y, 1), [a, distinct_shape_input(5, 2)],
             lambda x, y: np.tensordot(x, y, 1), backend=backend, rtol=1e-5)
    with pytest.raises(ValueError, match="Different number of contraction axes"):
        tf.tensordot(a, b, [[0, 1], [0]])
    with pytest.raises(ValueError, match="'axes' must be at least 0"):
        tf.tensordot(a, b, -1)


@pytest.mark.parametrize("eq, shapes", [
    ("ij,jk->ik", [(2, 3), (3, 4)]), ("bij,bjk->bik", [(5, 2, 3), (5, 3, 4)]),
    ("ij->ji", [(2, 3)]), ("ij,ij->i", [(2, 3), (2, 3)]), ("i,j->ij", [(2,), (3,)]),
    ("ij,jk", [(2, 3), (3, 4)]), ("ij->", [(2, 3)]), ("ij,jk,kl->il", [(2, 3), (3, 4), (4, 5)]),
    ("ij,ij,ij->i", [(2, 3)] * 3), ("...ij,...jk->...ik", [(5, 2, 3), (5, 3, 4)])])
def test_einsum_values(eq, shapes):
    xs = [distinct_shape_input(*s, seed=i) for i, s in enumerate(shapes)]
    check_op(lambda *ts: tf.einsum(eq, *ts), xs, lambda *vs: np.einsum(eq, *vs), rtol=1e-5,
             unknown_shapes=False)


def test_einsum_structure_and_errors():
    a, b = tf.zeros([2, 3]), tf.zeros([3, 4])
    assert tf.einsum("ij,jk->ik", a, b).name == "einsum/MatMul:0"
    assert tf.einsum("ii", tf.zeros([3, 3])).op.type == "Sum"
    with pytest.raises(ValueError, match="Indices have incorrect format"):
        tf.einsum("ij,jk=>ik", a, b)
    with pytest.raises(ValueError, match='Got 1 arguments for equation "ij,jk->ik", expecting 2'):
        tf.einsum("ij,jk->ik", a)
    with pytest.raises(ValueError, match="an axis appears more than once: ii"):
        tf.einsum("ii->i", tf.zeros([3, 3]))
    with pytest.raises(TypeError, match="invalid keyword arguments"):
        tf.einsum("ij->ji", a, bad=1)


def test_linalg_namespace():
    assert tf.linalg.inv is tf.matrix_inverse and tf.linalg.det is tf.matrix_determinant
    assert tf.linalg.diag is tf.matrix_diag and tf.linalg.set_diag is tf.matrix_set_diag
    assert tf.linalg.transpose is tf.matrix_transpose and tf.linalg.matmul is tf.matmul
    assert tf.linalg.tensor_diag is tf.diag and tf.linalg.einsum is tf.einsum
