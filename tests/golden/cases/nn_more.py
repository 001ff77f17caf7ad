"""Golden cases: nn_more. `tf.nn.conv3d` (Conv3D) and its gradients (Conv3DBackpropInputV2,
Conv3DBackpropFilterV2); `depth_to_space` / `space_to_depth` (and their tf.nn aliases);
`tf.nn.depthwise_conv2d_native` and its gradients (DepthwiseConv2dNativeBackpropInput/Filter);
`tf.nn.max_pool_with_argmax` (MaxPoolWithArgmax) and its gradient (MaxPoolGradWithArgmax; TF has
no gradient for that, nor a CPU kernel for MaxPoolGradGradWithArgmax); `tf.scatter_nd_update` on a variable;
`tf.sparse_reduce_sum` (SparseReduceSum); `tf.sparse_tensor_dense_matmul` with its adjoints
and gradient; `tf.nn.embedding_lookup_sparse` with each combiner, with and without weights, and
its gradient w.r.t. params (SparseSegmentSum/Mean/SqrtN and the Mean/SqrtN grads).

Gradient graphs are recorded with names=False (TF 2.x builds them differently from 1.15).
embedding_lookup_sparse is fed no empty rows (1.15 and 2.x differ there for mean/sqrtn), and
its params are placed on a device of their own to keep TF 2.x off its fast path (see
`_lookup_inputs`)."""
import numpy as np

from . import case, edit_graph, normal


def _ph(tf, shape, value):
    return tf.placeholder(tf.as_dtype(value.dtype), shape), value


def _distinct(rng, *shape):
    """Pooling inputs without ties, so that every window has one maximum on both sides."""
    n = int(np.prod(shape))
    return (rng.permutation(n).reshape(shape) * 0.25).astype(np.float32)


# ---- conv3d

@case
def conv3d_forward(tf, rng):
    x, xv = _ph(tf, [None, 4, 5, 4, 2], normal(rng, 2, 4, 5, 4, 2))
    f = tf.constant(normal(rng, 2, 3, 2, 2, 3))
    return {"fetch": {"same": tf.nn.conv3d(x, f, [1, 1, 1, 1, 1], "SAME"),
                      "valid": tf.nn.conv3d(x, f, strides=[1, 1, 1, 1, 1], padding="VALID",
                                            name="c3"),
                      "same_s2": tf.nn.conv3d(x, f, [1, 2, 1, 2, 1], "SAME"),
                      "valid_s2": tf.nn.conv3d(x, f, [1, 1, 2, 1, 1], "VALID")},
            "feed": {x: xv}, "tol": 1e-5}


@case
def conv3d_grads(tf, rng):
    x, xv = _ph(tf, [2, 4, 5, 4, 2], normal(rng, 2, 4, 5, 4, 2))
    f, fv = _ph(tf, [2, 3, 2, 2, 3], normal(rng, 2, 3, 2, 2, 3))
    outs = {}
    for key, strides, padding in (("same", [1, 2, 1, 1, 1], "SAME"),
                                  ("valid", [1, 1, 1, 2, 1], "VALID")):
        y = tf.nn.conv3d(x, f, strides, padding)
        dy = tf.constant(normal(rng, *y.shape.as_list()))
        outs[key] = tf.gradients(y, [x, f], grad_ys=dy)
    return {"fetch": outs, "feed": {x: xv, f: fv}, "names": False, "tol": 1e-4}


# ---- depth_to_space / space_to_depth

@case
def depth_space(tf, rng):
    x, xv = _ph(tf, [2, 2, 3, 8], normal(rng, 2, 2, 3, 8))
    s, sv = _ph(tf, [1, 4, 6, 3], normal(rng, 1, 4, 6, 3))
    i = tf.constant(rng.randint(-9, 9, (1, 2, 2, 4)).astype(np.int32))
    return {"fetch": {"d2s": tf.depth_to_space(x, 2),
                      "d2s_nn": tf.nn.depth_to_space(x, block_size=2, name="d2s"),
                      "s2d": tf.space_to_depth(s, 2),
                      "s2d_nn": tf.nn.space_to_depth(s, 2, name="s2d"),
                      "d2s_int": tf.depth_to_space(i, 2),
                      "roundtrip": tf.space_to_depth(tf.depth_to_space(x, 2), 2)},
            "feed": {x: xv, s: sv}}


@case
def depth_space_grads(tf, rng):
    x, xv = _ph(tf, [2, 2, 3, 8], normal(rng, 2, 2, 3, 8))
    s, sv = _ph(tf, [1, 4, 6, 3], normal(rng, 1, 4, 6, 3))
    w1 = tf.constant(normal(rng, 2, 4, 6, 2))
    w2 = tf.constant(normal(rng, 1, 2, 3, 12))
    return {"fetch": tf.gradients(tf.reduce_sum(tf.depth_to_space(x, 2) * w1)
                                  + tf.reduce_sum(tf.space_to_depth(s, 2) * w2), [x, s]),
            "feed": {x: xv, s: sv}, "names": False}


# ---- depthwise_conv2d_native

@case
def depthwise_native_forward(tf, rng):
    x, xv = _ph(tf, [None, 5, 6, 3], normal(rng, 2, 5, 6, 3))
    f = tf.constant(normal(rng, 3, 2, 3, 2))
    return {"fetch": {"same": tf.nn.depthwise_conv2d_native(x, f, [1, 1, 1, 1], "SAME"),
                      "valid_s2": tf.nn.depthwise_conv2d_native(x, f, [1, 2, 2, 1], "VALID",
                                                                name="dw")},
            "feed": {x: xv}}


@case
def depthwise_native_grads(tf, rng):
    x, xv = _ph(tf, [2, 5, 6, 3], normal(rng, 2, 5, 6, 3))
    f, fv = _ph(tf, [3, 2, 3, 2], normal(rng, 3, 2, 3, 2))
    outs = {}
    for key, strides, padding in (("same", [1, 1, 1, 1], "SAME"),
                                  ("valid", [1, 2, 2, 1], "VALID")):
        y = tf.nn.depthwise_conv2d_native(x, f, strides, padding)
        dy = tf.constant(normal(rng, *y.shape.as_list()))
        outs[key] = tf.gradients(y, [x, f], grad_ys=dy)
    return {"fetch": outs, "feed": {x: xv, f: fv}, "names": False, "tol": 1e-4}


# ---- max_pool_with_argmax

@case
def max_pool_with_argmax_forward(tf, rng):
    x, xv = _ph(tf, [2, 5, 4, 3], _distinct(rng, 2, 5, 4, 3))
    same = tf.nn.max_pool_with_argmax(x, [1, 3, 2, 1], [1, 2, 1, 1], "SAME")
    valid = tf.nn.max_pool_with_argmax(x, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1],
                                       padding="VALID", name="mpa")
    batch = tf.nn.max_pool_with_argmax(x, [1, 2, 2, 1], [1, 1, 1, 1], "VALID",
                                       include_batch_in_index=True)
    return {"fetch": {"same": list(same), "valid": list(valid), "batch": list(batch)},
            "feed": {x: xv}}


@case
def max_pool_with_argmax_grads(tf, rng):
    """MaxPoolGradWithArgmax only: TensorFlow (1.15 and 2.x) registers no gradient for it, and
    MaxPoolGradGradWithArgmax has a GPU kernel only, so no TF record can show the latter."""
    x, xv = _ph(tf, [2, 5, 4, 3], _distinct(rng, 2, 5, 4, 3))
    outs, feeds = {}, {x: xv}
    for key, padding, batch in (("same", "SAME", False), ("valid", "VALID", True)):
        y, _ = tf.nn.max_pool_with_argmax(x, [1, 3, 2, 1], [1, 2, 1, 1], padding,
                                          include_batch_in_index=batch)
        dy, dyv = _ph(tf, y.shape.as_list(), normal(rng, *y.shape.as_list()))
        outs[key] = tf.gradients(y, x, grad_ys=dy)[0]  # MaxPoolGradWithArgmax
        feeds[dy] = dyv
    return {"fetch": outs, "feed": feeds, "names": False}


# ---- scatter_nd_update

@case
def scatter_nd_update_variable(tf, rng):
    v = tf.Variable(normal(rng, 4, 3), name="v")
    elems = tf.Variable(np.arange(8, dtype=np.int32), name="elems")
    rows = tf.scatter_nd_update(v, tf.constant([[2], [0]]), tf.constant(normal(rng, 2, 3)))
    # no name=: TF 2.21's compat.v1 passes it positionally as bad_indices_policy
    one = tf.scatter_nd_update(elems, [[1], [6], [3]], [10, 60, 30])

    def run(sess):
        return {"rows": sess.run(rows), "v": sess.run(v), "one": sess.run(one),
                "elems": sess.run(elems)}
    return {"fetch": {"rows": rows, "one": one}, "run": run, "init": True}


# ---- sparse_reduce_sum

def _sparse(tf, rng):
    return tf.SparseTensor([[0, 0, 1], [0, 2, 0], [1, 1, 1], [1, 2, 0], [1, 2, 1]],
                           normal(rng, 5), [2, 3, 2])


@case
def sparse_reduce_sum_axes(tf, rng):
    sp = _sparse(tf, rng)
    return {"fetch": {"all": tf.sparse_reduce_sum(sp),
                      "axis1": tf.sparse_reduce_sum(sp, axis=1),
                      "axis1_keep": tf.sparse_reduce_sum(sp, axis=1, keep_dims=True),
                      "axes": tf.sparse.reduce_sum(sp, axis=[0, 2]),
                      "neg_keep": tf.sparse.reduce_sum(sp, axis=-1, keepdims=True),
                      "reduction_axes": tf.sparse_reduce_sum(sp, reduction_axes=0)}}


@case
def sparse_reduce_sum_fed(tf, rng):
    sp = tf.sparse_placeholder(tf.float32, name="sp")
    value = tf.SparseTensorValue(np.array([[0, 1], [1, 0], [1, 3], [2, 2]], np.int64),
                                 normal(rng, 4), np.array([3, 4], np.int64))
    return {"fetch": {"rows": tf.sparse_reduce_sum(sp, 1),
                      "cols_keep": tf.sparse_reduce_sum(sp, 0, keep_dims=True)},
            "feed": {sp: value}}


# ---- sparse_tensor_dense_matmul

@case
def sparse_dense_matmul_adjoints(tf, rng):
    sp = tf.SparseTensor([[0, 1], [1, 0], [1, 2], [2, 3]], normal(rng, 4), [3, 4])
    b, bv = _ph(tf, [4, 2], normal(rng, 4, 2))
    bt, btv = _ph(tf, [2, 4], normal(rng, 2, 4))
    c, cv = _ph(tf, [3, 5], normal(rng, 3, 5))
    ct, ctv = _ph(tf, [5, 3], normal(rng, 5, 3))
    return {"fetch": {"plain": tf.sparse_tensor_dense_matmul(sp, b),
                      "adj_b": tf.sparse_tensor_dense_matmul(sp, bt, adjoint_b=True),
                      "adj_a": tf.sparse_tensor_dense_matmul(sp, c, adjoint_a=True,
                                                             name="mm"),
                      "adj_both": tf.sparse.sparse_dense_matmul(sp, ct, adjoint_a=True,
                                                                adjoint_b=True)},
            "feed": {b: bv, bt: btv, c: cv, ct: ctv}}


@case
def sparse_dense_matmul_grads(tf, rng):
    vals, vv = _ph(tf, [4], normal(rng, 4))
    sp = tf.SparseTensor([[0, 1], [1, 0], [1, 2], [2, 3]], vals, [3, 4])
    b, bv = _ph(tf, [4, 2], normal(rng, 4, 2))
    c, cv = _ph(tf, [5, 3], normal(rng, 5, 3))
    outs = {}
    for key, dense, adj_a, adj_b in (("plain", b, False, False), ("adj_both", c, True, True)):
        y = tf.sparse_tensor_dense_matmul(sp, dense, adjoint_a=adj_a, adjoint_b=adj_b)
        w = tf.constant(normal(rng, *y.shape.as_list()))
        outs[key] = tf.gradients(tf.reduce_sum(y * w), [vals, dense])
    return {"fetch": outs, "feed": {vals: vv, b: bv, c: cv}, "names": False}


# ---- embedding_lookup_sparse (SparseSegmentSum / Mean / SqrtN)

_ROWS = [[0, 0], [0, 1], [1, 0], [2, 0], [2, 1], [2, 2], [3, 0]]


def _lookup_inputs(tf, rng):
    # TF 2.x (forward-compatible since 2023) reduces unweighted lookups straight over `params`
    # (no Unique, no gather; sparse_gradient=True) when params sit on the ids' device; TF 1.15,
    # minitf's model, always uniques and gathers: a device of its own keeps 2.x on that path.
    with tf.device("/cpu:0"):
        params, pv = _ph(tf, [6, 3], normal(rng, 6, 3))
    ids = tf.SparseTensor(_ROWS, np.array([1, 4, 2, 0, 4, 5, 1], np.int64), [4, 3])
    weights = tf.SparseTensor(_ROWS, np.abs(normal(rng, 7)) + 0.5, [4, 3])
    return params, pv, ids, weights


# TF 1.15 casts the int64 segment ids to int32 right after slicing them, before Unique; TF 2.x
# casts only for weighted lookups.
_CAST_SEGMENT_IDS = edit_graph(insert_after={
    f"embedding_lookup_sparse{s}/strided_slice (StridedSlice)":
        (f"embedding_lookup_sparse{s}/Cast (Cast)",) for s in ("", "_1", "_2")})


@case(tf115=_CAST_SEGMENT_IDS)
def embedding_lookup_sparse_combiners(tf, rng):
    params, pv, ids, _ = _lookup_inputs(tf, rng)
    return {"fetch": {c: tf.nn.embedding_lookup_sparse(params, ids, None, combiner=c)
                      for c in ("sum", "mean", "sqrtn")},
            "feed": {params: pv}}


@case
def embedding_lookup_sparse_weighted(tf, rng):
    params, pv, ids, weights = _lookup_inputs(tf, rng)
    return {"fetch": {c: tf.nn.embedding_lookup_sparse(params, ids, weights, combiner=c)
                      for c in ("sum", "mean", "sqrtn")},
            "feed": {params: pv}, "names": False, "tol": 1e-5}


@case
def embedding_lookup_sparse_grads(tf, rng):
    params, pv, ids, weights = _lookup_inputs(tf, rng)
    outs = {}
    for c in ("sum", "mean", "sqrtn"):
        for key, w in (("plain", None), ("weighted", weights)):
            y = tf.nn.embedding_lookup_sparse(params, ids, w, combiner=c)
            up = tf.constant(normal(rng, 4, 3))
            g = tf.gradients(tf.reduce_sum(y * up), params)[0]
            outs[f"{c}_{key}"] = tf.convert_to_tensor(g)
    return {"fetch": outs, "feed": {params: pv}, "names": False, "tol": 1e-5}
