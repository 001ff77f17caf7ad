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


# ---------------------------------------------------------------------------------------------
# Cholesky, MatrixSolve (values, shapes, errors, gradients), tf.linalg.norm


def _spd(*shape, seed=0):
    a = distinct_shape_input(*shape, dtype=np.float64, seed=seed)
    return a @ np.swapaxes(a, -1, -2) + shape[-1] * np.eye(shape[-1])


def _gradient_error(build, *values):
    phs = [tf.placeholder(tf.float64, v.shape) for v in values]
    y = build(*phs)
    with tf.Session():
        return tf.test.compute_gradient_error(phs, [v.shape for v in values], y,
                                              y.shape.as_list(), x_init_value=list(values),
                                              delta=1e-6)


def test_cholesky(backend):
    a = _spd(2, 3, 3)
    check_op(tf.cholesky, [a], np.linalg.cholesky, backend=backend, rtol=1e-12)
    check_op(tf.cholesky, [a.astype(np.float32)], np.linalg.cholesky, backend=backend,
             rtol=1e-5, atol=1e-5)
    assert tf.linalg.cholesky is tf.cholesky
    p = tf.placeholder(tf.float64, [None, 4, 4])
    assert tf.cholesky(p).name == "Cholesky:0" and tf.cholesky(p).shape.as_list() == [None, 4, 4]
    assert tf.cholesky(p, name="c").name == "c:0"
    upper_ignored = np.triu(np.full((3, 3), 7.0), 1) + np.tril(a[0])
    np.testing.assert_allclose(run(tf.cholesky(upper_ignored), backend=backend),
                               np.linalg.cholesky(a[0]), rtol=1e-12)


def test_cholesky_errors():
    with pytest.raises(ValueError, match="Shape must be at least rank 2 but is rank 1"):
        tf.cholesky(tf.zeros([3]))
    with pytest.raises(ValueError, match="Dimensions must be equal, but are 2 and 3"):
        tf.cholesky(tf.zeros([2, 3]))
    with pytest.raises(TypeError, match="has DataType int32 not in list of allowed values"):
        tf.cholesky(tf.zeros([2, 2], tf.int32))
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="Cholesky decomposition was not successful. The input might not "
                             "be valid."):
        run(tf.cholesky([[1.0, 2.0], [2.0, 1.0]]))
    p = tf.placeholder(tf.float32, [None, None])
    with pytest.raises(tf.errors.InvalidArgumentError, match="Input matrices must be squares"):
        run(tf.cholesky(p), {p: np.zeros((2, 3))})


def test_cholesky_gradient():
    x = distinct_shape_input(2, 3, 3, dtype=np.float64, seed=3)

    def build(t):  # a symmetric positive definite input, so that both triangles matter
        return tf.cholesky(tf.matmul(t, t, transpose_b=True) + 3.0 * tf.eye(3, dtype=tf.float64))
    assert _gradient_error(build, x) < 1e-6
    with tf.Graph().as_default():
        p = tf.placeholder(tf.float32, [3, 3])
        g, = tf.gradients(tf.cholesky(p), p)
        assert g.name == "gradients/Cholesky_grad/mul_1:0"
        assert tf.get_default_graph().get_operation_by_name(
            "gradients/Cholesky_grad/MatrixBandPart").type == "MatrixBandPart"


def test_matrix_solve(backend):
    a = (distinct_shape_input(2, 3, 3, dtype=np.float64) + 3 * np.eye(3))
    b = distinct_shape_input(2, 3, 4, dtype=np.float64, seed=1)
    check_op(tf.matrix_solve, [a, b], np.linalg.solve, backend=backend, rtol=1e-10)
    check_op(lambda m, r: tf.matrix_solve(m, r, adjoint=True), [a, b],
             lambda m, r: np.linalg.solve(np.swapaxes(m, -1, -2), r), backend=backend,
             rtol=1e-10)
    assert tf.linalg.solve is tf.matrix_solve
    x = tf.matrix_solve(tf.placeholder(tf.float32, [None, 3, 3]),
                        tf.placeholder(tf.float32, [2, None, 5]))
    assert x.name == "MatrixSolve:0" and x.shape.as_list() == [2, 3, 5]
    assert x.op.get_attr("adjoint") is False


def test_matrix_solve_errors():
    with pytest.raises(ValueError, match="Dimensions must be equal, but are 3 and 4"):
        tf.matrix_solve(tf.zeros([3, 3]), tf.zeros([4, 2]))
    with pytest.raises(ValueError, match="Shape must be at least rank 2 but is rank 1"):
        tf.matrix_solve(tf.zeros([3, 3]), tf.zeros([3]))
    with pytest.raises(TypeError, match="has DataType int32 not in list of allowed values"):
        tf.matrix_solve(tf.zeros([2, 2], tf.int32), tf.zeros([2, 1], tf.int32))
    with pytest.raises(tf.errors.InvalidArgumentError, match="Input matrix is not invertible"):
        run(tf.matrix_solve([[1.0, 2.0], [2.0, 4.0]], [[1.0], [1.0]]))
    m = tf.placeholder(tf.float64, [None, None])
    r = tf.placeholder(tf.float64, [None, None])
    with pytest.raises(tf.errors.InvalidArgumentError, match="Input matrix must be square"):
        run(tf.matrix_solve(m, r), {m: np.zeros((2, 3)), r: np.zeros((2, 1))})
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="Input matrix and rhs are incompatible"):
        run(tf.matrix_solve(m, r), {m: np.eye(2), r: np.zeros((3, 1))})


def test_matrix_solve_gradient():
    a = distinct_shape_input(2, 3, 3, dtype=np.float64) + 3 * np.eye(3)
    b = distinct_shape_input(2, 3, 4, dtype=np.float64, seed=1)
    assert _gradient_error(tf.matrix_solve, a, b) < 1e-6
    assert _gradient_error(lambda m, r: tf.matrix_solve(m, r, adjoint=True), a, b) < 1e-6
    with tf.Graph().as_default():
        m = tf.placeholder(tf.float64, [3, 3])
        r = tf.placeholder(tf.float64, [3, 2])
        ga, gb = tf.gradients(tf.matrix_solve(m, r), [m, r])
        assert gb.name == "gradients/MatrixSolve_grad/MatrixSolve:0"
        assert ga.name == "gradients/MatrixSolve_grad/Neg:0"


def test_linalg_norm_is_tf_norm():
    assert tf.linalg.norm is tf.norm
    np.testing.assert_allclose(run(tf.linalg.norm([[3.0, 4.0]], axis=1)), [5.0])


def _svd_reference(full_matrices=False):
    def ref(a):
        u, s, vh = np.linalg.svd(a, full_matrices=full_matrices)
        return s, u, np.swapaxes(vh, -1, -2)
    return ref


def _fix_signs(s, u, v):
    """Singular vectors are defined up to sign: make each column of v start non-negative."""
    k = s.shape[-1]
    signs = np.sign(v[..., :1, :k])
    signs[signs == 0] = 1
    u = u.copy()
    v = v.copy()
    u[..., :, :k] *= signs
    v[..., :, :k] *= signs
    return s, u, v


def test_svd(backend):
    for shape in ((2, 3, 5), (5, 3), (4, 4)):
        a = distinct_shape_input(*shape, dtype=np.float64)
        for full in (False, True):
            got = check_op(lambda t, f=full: tf.svd(t, full_matrices=f), [a], None,
                           backend=backend)
            s, u, v = got
            want = _svd_reference(full)(a)
            np.testing.assert_allclose(s, want[0], rtol=1e-12)
            k = s.shape[-1]
            reconstructed = np.matmul(u[..., :, :k] * s[..., None, :],
                                      np.swapaxes(v[..., :, :k], -1, -2))
            np.testing.assert_allclose(reconstructed, a, atol=1e-12)
            for got_t, want_t in zip(_fix_signs(s, u, v)[1:], _fix_signs(*want)[1:]):
                np.testing.assert_allclose(got_t[..., :, :k], want_t[..., :, :k], atol=1e-10)
            eye_u = np.matmul(np.swapaxes(u, -1, -2), u)
            np.testing.assert_allclose(eye_u, np.broadcast_to(np.eye(u.shape[-1]), eye_u.shape),
                                       atol=1e-12)
        check_op(lambda t: tf.svd(t, compute_uv=False), [a.astype(np.float32)],
                 lambda t: np.linalg.svd(t, compute_uv=False), backend=backend, rtol=1e-5,
                 atol=1e-5)


def test_svd_shapes_names_and_errors():
    a = tf.placeholder(tf.float64, [3, 4])
    s, u, v = tf.svd(a)
    assert [t.name for t in (s, u, v)] == ["Svd:0", "Svd:1", "Svd:2"]
    assert [t.shape.as_list() for t in (s, u, v)] == [[3], [3, 3], [4, 3]]
    assert [t.shape.as_list() for t in tf.svd(a, full_matrices=True)] == [[3], [3, 3], [4, 4]]
    only_s = tf.svd(a, compute_uv=False, name="sv")
    assert only_s.name == "sv:0" and only_s.shape.as_list() == [3]
    assert [t.shape.as_list() for t in only_s.op.outputs[1:]] == [[0], [0]]
    assert only_s.op.get_attr("compute_uv") is False
    assert tf.linalg.svd is tf.svd
    p = tf.placeholder(tf.float32, [2, None, 3])
    assert [t.shape.as_list() for t in tf.svd(p)] == [[2, None], [2, None, None], [2, 3, None]]
    with pytest.raises(ValueError, match="Shape must be at least rank 2 but is rank 1"):
        tf.svd(tf.zeros([3]))
    with pytest.raises(TypeError, match="has DataType int32 not in list of allowed values"):
        tf.svd(tf.zeros([2, 2], tf.int32))
    empty = run(tf.svd(np.zeros((0, 3))))
    assert [x.shape for x in empty] == [(0,), (0, 0), (3, 0)]


def test_svd_gradient():
    for shape in ((3, 4), (4, 3), (3, 3), (2, 3, 5)):
        x = distinct_shape_input(*shape, dtype=np.float64, seed=2)
        assert _gradient_error(lambda t: tf.svd(t)[0], x) < 1e-6
        assert _gradient_error(lambda t: tf.svd(t, compute_uv=False), x) < 1e-6
        # sign-invariant functions of the singular vectors
        assert _gradient_error(lambda t: tf.square(tf.svd(t)[1]), x) < 1e-6
        assert _gradient_error(lambda t: tf.square(tf.svd(t)[2]), x) < 1e-6
    for shape in ((3, 4), (4, 3)):
        x = distinct_shape_input(*shape, dtype=np.float64, seed=4)
        assert _gradient_error(lambda t: tf.square(tf.svd(t, full_matrices=True)[1]), x) < 1e-6
        assert _gradient_error(lambda t: tf.square(tf.svd(t, full_matrices=True)[2]), x) < 1e-6


def test_svd_gradient_unsupported_cases():
    wide = tf.placeholder(tf.float64, [2, 5])
    with pytest.raises(NotImplementedError, match="svd gradient is not implemented for "
                                                  "abs\\(m - n\\) > 1 when full_matrices is True"):
        tf.gradients(tf.svd(wide, full_matrices=True)[1], wide)
    unknown = tf.placeholder(tf.float64, [None, 3])
    with pytest.raises(NotImplementedError, match="SVD gradient has not been implemented for "
                                                  "input with unknown inner matrix shape"):
        tf.gradients(tf.svd(unknown)[0], unknown)
    complex_input = tf.placeholder(tf.complex128, [3, 3])
    with pytest.raises(NotImplementedError, match="SVD gradient is not implemented for complex "
                                                  "types and compute_uv=True"):
        s = tf.svd(complex_input)[0]
        tf.gradients(s, complex_input, grad_ys=tf.ones([3], tf.complex128))
    # singular values alone: every shape, the full decomposition rebuilt inside the gradient
    g, = tf.gradients(tf.svd(unknown, compute_uv=False), unknown)
    x = distinct_shape_input(4, 3, dtype=np.float64)
    u, _, vh = np.linalg.svd(x, full_matrices=False)
    np.testing.assert_allclose(run(g, {unknown: x}), u @ vh, atol=1e-12)


def test_matrix_solve_batch_mismatch_and_empty_inputs():
    m = tf.placeholder(tf.float64, [None, 2, 2])
    r = tf.placeholder(tf.float64, [None, 2, 1])
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="All input tensors must have the same outer dimensions"):
        run(tf.matrix_solve(m, r), {m: np.stack([np.eye(2)] * 2), r: np.zeros((3, 2, 1))})
    with pytest.raises(ValueError, match="Dimension 0 in both shapes must be equal, but are 2 "
                                         "and 4"):
        tf.matrix_solve(tf.zeros([2, 3, 3]), tf.zeros([4, 3, 1]))
    assert run(tf.matrix_solve(np.zeros((0, 0)), np.zeros((0, 3)))).shape == (0, 3)
    assert run(tf.cholesky(np.zeros((2, 0, 0)))).shape == (2, 0, 0)
