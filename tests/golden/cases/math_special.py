"""Special functions and linear algebra added together: Lgamma, Digamma, Polygamma, log_sigmoid,
reduce_variance/reduce_std, Bitcast, UniqueWithCounts, Cholesky, MatrixSolve, Svd, their
gradients and tf.hessians. Singular vectors are fetched through Abs (their signs are LAPACK's
choice); Polygamma is recorded for x > 0 only (TF's float32 kernel loses all accuracy near the
poles of negative x)."""
import numpy as np

from . import case, ints, normal, uniform


def _ph(tf, shape, value):
    return tf.placeholder(tf.as_dtype(value.dtype), shape), value


def _spd(rng, *shape, dtype=np.float64):
    a = rng.standard_normal(shape)
    return (a @ np.swapaxes(a, -1, -2) + shape[-1] * np.eye(shape[-1])).astype(dtype)


for _dt in ("float32", "float64"):
    def _gamma_case(tf, rng, dt=_dt):
        pos, pv = _ph(tf, [None, 4], uniform(rng, 0.05, 9.0, 3, 4, dtype=dt))
        neg, nv = _ph(tf, [2, 3], (-uniform(rng, 0.0, 4.0, 2, 3, dtype="float64").astype(int)
                                   - uniform(rng, 0.2, 0.8, 2, 3, dtype="float64")).astype(dt))
        return {"fetch": {"lgamma": tf.lgamma(pos), "digamma": tf.digamma(pos),
                          "lgamma_neg": tf.lgamma(neg), "digamma_neg": tf.digamma(neg, name="dg"),
                          "math": tf.math.lgamma(neg)},
                "feed": {pos: pv, neg: nv}, "tol": 2e-6}
    case(name=f"lgamma_digamma_{_dt}")(_gamma_case)

    def _polygamma_case(tf, rng, dt=_dt):
        n = tf.constant(np.array([[0.0], [1.0], [2.0], [3.0]], dt))
        x, xv = _ph(tf, [None], uniform(rng, 0.2, 6.0, 5, dtype=dt))
        return {"fetch": {"p": tf.polygamma(n, x), "m": tf.math.polygamma(n, x, name="pg")},
                "feed": {x: xv}, "tol": 2e-6}
    case(name=f"polygamma_{_dt}")(_polygamma_case)


@case
def special_function_edges(tf, rng):
    x = tf.constant([0.0, -1.0, -3.0, 1.0, 2.0, np.inf, -np.inf, np.nan], tf.float64)
    n = tf.constant([1.0, 1.0, 2.0, 1.5, -1.0, 1.0, 0.0], tf.float64)
    px = tf.constant([0.0, -1.0, 0.0, 2.0, 2.0, np.inf, np.inf], tf.float64)
    return {"fetch": {"lgamma": tf.lgamma(x), "digamma": tf.digamma(x),
                      "polygamma": tf.polygamma(n, px)}}


@case(error="not in list of allowed values")
def lgamma_of_ints(tf, rng):
    tf.lgamma(tf.constant([1, 2]))


@case
def log_sigmoid_and_moments(tf, rng):
    x, v = _ph(tf, [2, 3, 4], normal(rng, 2, 3, 4))
    return {"fetch": {"ls": tf.log_sigmoid(x), "ls_math": tf.math.log_sigmoid(x, name="l"),
                      "var": tf.math.reduce_variance(x), "std": tf.math.reduce_std(x, axis=1),
                      "std_keep": tf.math.reduce_std(x, axis=[0, 2], keepdims=True),
                      "edges": tf.log_sigmoid(tf.constant([-30.0, 0.0, 40.0]))},
            "feed": {x: v}}


@case
def bitcast(tf, rng):
    f, fv = _ph(tf, [2, 3], normal(rng, 2, 3))
    p, pv = _ph(tf, [3, 2], ints(rng, -50, 50, 3, 2))
    return {"fetch": {"bytes": tf.bitcast(f, tf.uint8), "same": tf.bitcast(f, tf.int32),
                      "wide": tf.bitcast(p, tf.int64), "scalar": tf.bitcast(tf.constant(7),
                                                                           tf.int8),
                      "unknown": tf.bitcast(tf.placeholder_with_default(pv, None), tf.uint16)},
            "feed": {f: fv, p: pv}}


@case(error="Cannot bitcast")
def bitcast_bad_shape(tf, rng):
    tf.bitcast(tf.zeros([2, 3], tf.int32), tf.int64)


@case
def unique_with_counts(tf, rng):
    x, v = _ph(tf, [None], ints(rng, 0, 5, 12))
    u = tf.unique_with_counts(x)
    w = tf.unique_with_counts(tf.constant([2.5, -1.0, 2.5, 7.0]), out_idx=tf.int64, name="u64")
    return {"fetch": {"y": u.y, "idx": u.idx, "count": u.count, "w": list(w)},
            "feed": {x: v}}


@case
def cholesky_and_solve(tf, rng):
    a, av = _ph(tf, [2, 3, 3], _spd(rng, 2, 3, 3))
    b, bv = _ph(tf, [2, 3, 4], normal(rng, 2, 3, 4, dtype=np.float64))
    return {"fetch": {"chol": tf.cholesky(a), "chol_linalg": tf.linalg.cholesky(a, name="c"),
                      "solve": tf.matrix_solve(a, b),
                      "solve_adj": tf.linalg.solve(a * tf.constant([1.0, 2.0, 3.0],
                                                                   tf.float64), b,
                                                   adjoint=True)},
            "feed": {a: av, b: bv}}


@case(error="Input matrix is not invertible")
def matrix_solve_singular(tf, rng):
    with tf.Session() as sess:
        sess.run(tf.matrix_solve([[1.0, 2.0], [2.0, 4.0]], [[1.0], [1.0]]))


@case
def svd(tf, rng):
    a, av = _ph(tf, [3, 5], normal(rng, 3, 5, dtype=np.float64))
    t, tv = _ph(tf, [2, 4, 3], normal(rng, 2, 4, 3, dtype=np.float64))
    s, u, v = tf.svd(a)
    sf, uf, vf = tf.linalg.svd(t, full_matrices=True)
    return {"fetch": {"s": s, "u": tf.abs(u), "v": tf.abs(v), "sf": sf, "uf": tf.abs(uf),
                      "vf": tf.abs(vf), "only_s": tf.svd(t, compute_uv=False, name="sv")},
            "feed": {a: av, t: tv}}


def _weighted(tf, rng, y):
    w = tf.constant(normal(rng, *y.shape.as_list(), dtype=np.float64))
    return tf.reduce_sum(y * w)


@case
def special_and_linalg_gradients(tf, rng):
    x, xv = _ph(tf, [2, 3], uniform(rng, 0.3, 5.0, 2, 3, dtype=np.float64))
    a, av = _ph(tf, [3, 3], _spd(rng, 3, 3))
    b, bv = _ph(tf, [3, 2], normal(rng, 3, 2, dtype=np.float64))
    m, mv = _ph(tf, [3, 4], normal(rng, 3, 4, dtype=np.float64))
    n = tf.constant([[1.0], [2.0]], tf.float64)
    sym = 0.5 * (a + tf.transpose(a))
    grads = {
        "lgamma": tf.gradients(_weighted(tf, rng, tf.lgamma(x)), x),
        "digamma": tf.gradients(_weighted(tf, rng, tf.digamma(x)), x),
        "polygamma": tf.gradients(_weighted(tf, rng, tf.polygamma(n, x)), x),
        "log_sigmoid": tf.gradients(_weighted(tf, rng, tf.log_sigmoid(x)), x),
        "cholesky": tf.gradients(_weighted(tf, rng, tf.cholesky(sym)), a),
        "solve": tf.gradients(_weighted(tf, rng, tf.matrix_solve(a, b)), [a, b]),
        "solve_adj": tf.gradients(_weighted(tf, rng, tf.matrix_solve(a, b, adjoint=True)),
                                  [a, b]),
        "svd_s": tf.gradients(_weighted(tf, rng, tf.svd(m)[0]), m),
        "svd_values": tf.gradients(_weighted(tf, rng, tf.svd(m, compute_uv=False)), m),
        "svd_uv": tf.gradients(tf.reduce_sum(tf.square(tf.svd(m)[1]) * 2.0)
                               + _weighted(tf, rng, tf.square(tf.svd(m)[2])), m),
    }
    return {"fetch": grads, "feed": {x: xv, a: av, b: bv, m: mv}, "names": False, "tol": 1e-6}


@case
def hessians(tf, rng):
    x, xv = _ph(tf, [2, 3], normal(rng, 2, 3, dtype=np.float64))
    w, wv = _ph(tf, [3], normal(rng, 3, dtype=np.float64))
    y = tf.reduce_sum(tf.tanh(x) * x) + tf.reduce_sum(tf.square(w) * tf.reduce_sum(x))
    return {"fetch": {"h": tf.hessians(y, [x, w])}, "feed": {x: xv, w: wv}, "names": False,
            "tol": 1e-8}
