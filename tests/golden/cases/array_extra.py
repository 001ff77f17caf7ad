"""Array and linear-algebra ops beyond the core: gather_nd, scatter_nd, broadcast_to,
segment_sum, linspace, the matrix diagonal ops, inverse, determinant, eye, trace,
matrix_transpose, tensordot, einsum, and map_fn / scan / foldl / foldr."""
import numpy as np

from . import case, fetched_tensors, ints, normal
from .rnn import _stack_115

# TF 2.x builds the V3 diagonal ops with constant `k`, `num_rows`, `num_cols` and
# `padding_value` inputs; TF 1.15 (array_ops.matrix_diag & co, forward compatibility not yet
# reached) builds MatrixDiag, MatrixDiagPart and MatrixSetDiag without them.
_V3 = {"MatrixDiagV3": "MatrixDiag", "MatrixDiagPartV3": "MatrixDiagPart",
       "MatrixSetDiagV3": "MatrixSetDiag"}
_V3_ARGS = ("/k (Const)", "/num_rows (Const)", "/num_cols (Const)", "/padding_value (Const)")


def _diag_v1(record):
    graph = []
    for entry in record["graph"]:
        if entry.endswith(_V3_ARGS):
            continue
        for new, old in _V3.items():
            entry = entry.replace(f"({new})", f"({old})")
        graph.append(entry)
    record["graph"] = graph
    for t in fetched_tensors(record):
        t["type"] = _V3.get(t.get("type"), t.get("type"))


def _einsum_v1(graph, fetched):
    """TF 1.15's einsum is the legacy Python one (transposes, reshapes, MatMul) where TF 2.x
    builds one Einsum op: `graph` is 1.15's op list after the inputs, `fetched` its output."""
    def patch(record):
        kept = [g for g in record["graph"] if not g.startswith("einsum/")]
        record["graph"] = kept + graph
        for t in fetched_tensors(record):
            if t["tensor"].startswith("einsum/"):
                t["tensor"], t["type"] = fetched
    return patch


# ---- gather_nd, scatter_nd

@case
def gather_nd_elements(tf, rng):
    p = tf.placeholder(tf.float32, [3, 4])
    y = tf.gather_nd(p, [[1, 2], [0, 3], [2, 0]])
    return {"fetch": {"y": y}, "feed": {p: normal(rng, 3, 4)}}


@case
def gather_nd_slices(tf, rng):
    p = tf.placeholder(tf.float32, [3, 4, 2])
    idx = tf.placeholder(tf.int64, [2, 2, 1])
    y = tf.gather_nd(p, idx, name="rows")
    return {"fetch": {"y": y}, "feed": {p: normal(rng, 3, 4, 2),
                                        idx: np.array([[[2], [0]], [[1], [1]]], np.int64)}}


@case
def gather_nd_unknown(tf, rng):
    p = tf.placeholder(tf.float32, [None, 4])
    idx = tf.placeholder(tf.int32, [None, 1])
    return {"fetch": {"y": tf.gather_nd(p, idx)},
            "feed": {p: normal(rng, 3, 4), idx: np.array([[2], [0]], np.int32)}}


@case(error="does not index into param shape")
def gather_nd_error_out_of_range(tf, rng):
    p = tf.placeholder(tf.float32, [3, 2])
    return {"fetch": tf.gather_nd(p, [[0, 1], [3, 0]]), "feed": {p: normal(rng, 3, 2)}}


@case(error="must be <= params.rank")
def gather_nd_error_depth(tf, rng):
    tf.gather_nd(tf.zeros([3, 2]), [[0, 1, 0]])


@case
def gather_nd_gradient(tf, rng):
    p = tf.placeholder(tf.float32, [3, 4])
    y = tf.gather_nd(p, [[1, 2], [1, 2], [2, 0]]) * [1.0, 2.0, 3.0]
    rows = tf.gather_nd(p, [[2], [0]])
    g = tf.gradients([y, rows], p)
    return {"fetch": {"g": tf.convert_to_tensor(g[0])}, "feed": {p: normal(rng, 3, 4)},
            "names": False}


@case
def scatter_nd_values(tf, rng):
    u = tf.placeholder(tf.float32, [3, 2])
    y = tf.scatter_nd([[1], [3], [1]], u, [5, 2])
    z = tf.scatter_nd(tf.constant([[0, 1], [2, 2]], tf.int64), [4, 5], tf.constant([3, 3],
                                                                                  tf.int64))
    return {"fetch": {"y": y, "z": z}, "feed": {u: normal(rng, 3, 2)}}


@case(error="does not index into shape")
def scatter_nd_error_out_of_range(tf, rng):
    return {"fetch": tf.scatter_nd([[1], [6]], [1.0, 2.0], [5])}


@case
def scatter_nd_gradient(tf, rng):
    u = tf.placeholder(tf.float32, [3, 2])
    y = tf.scatter_nd([[1], [3], [1]], u, [5, 2]) * np.arange(10, dtype=np.float32).reshape(5, 2)
    return {"fetch": {"g": tf.gradients(y, u)[0]}, "feed": {u: normal(rng, 3, 2)},
            "names": False}


# ---- broadcast_to, segment_sum, linspace, is_tensor

@case
def broadcast_to_values(tf, rng):
    x = tf.placeholder(tf.float32, [3, 1])
    y = tf.broadcast_to(x, [2, 3, 4])
    s = tf.placeholder(tf.int32, [3])
    z = tf.broadcast_to([1, 2], s)
    return {"fetch": {"y": y, "z": z}, "feed": {x: normal(rng, 3, 1), s: [2, 2, 2]},
            "facts": {"is_tensor": [tf.is_tensor(y), tf.is_tensor(np.ones(2)),
                                    tf.is_tensor(3.0)]}}


@case(error="Dimensions must be equal, but are 2 and 4")
def broadcast_to_error_shape(tf, rng):
    tf.broadcast_to(tf.zeros([2, 3]), [4, 3])


@case
def broadcast_to_gradient(tf, rng):
    x = tf.placeholder(tf.float32, [3, 1])
    y = tf.broadcast_to(x, [2, 3, 4]) * np.arange(24, dtype=np.float32).reshape(2, 3, 4)
    return {"fetch": {"g": tf.gradients(y, x)[0]}, "feed": {x: normal(rng, 3, 1)},
            "names": False}


@case
def segment_sum_values(tf, rng):
    d = tf.placeholder(tf.float32, [5, 2])
    y = tf.segment_sum(d, [0, 0, 1, 3, 3])
    return {"fetch": {"y": y}, "feed": {d: normal(rng, 5, 2)}}


@case(error="segment ids are not increasing")
def segment_sum_error_unsorted(tf, rng):
    return {"fetch": tf.segment_sum([1.0, 2.0, 3.0], [0, 2, 1])}


@case
def unsorted_segment_sum_values(tf, rng):
    d = tf.placeholder(tf.float32, [5, 2])
    return {"fetch": {"y": tf.unsorted_segment_sum(d, [3, 0, 3, -1, 1], 4)},
            "feed": {d: normal(rng, 5, 2)}}


_LINSPACE_115 = ["Placeholder (Placeholder)", "LinSpace/start (Const)", "LinSpace/stop (Const)",
                 "LinSpace/num (Const)", "LinSpace (LinSpace)", "ls/start (Const)",
                 "ls/stop (Const)", "ls (LinSpace)", "Const (Const)", "LinSpace_1/stop (Const)",
                 "LinSpace_1/num (Const)", "LinSpace_1 (LinSpace)"]


def _linspace_115(record):
    """TF 1.15's `tf.linspace` is the LinSpace op; TF 2.x's compat.v1 builds linspace_nd."""
    record["graph"] = list(_LINSPACE_115)
    names = {"linspace/Slice:0": "LinSpace:0", "ls/Slice:0": "ls:0",
             "linspace_1/Slice:0": "LinSpace_1:0"}
    for t in fetched_tensors(record):
        t["tensor"], t["type"] = names[t["tensor"]], "LinSpace"


@case(tf115=_linspace_115)
def linspace_values(tf, rng):
    n = tf.placeholder(tf.int32, [])
    return {"fetch": {"a": tf.linspace(1.0, 4.0, 7), "b": tf.lin_space(-2.0, 2.0, n, name="ls"),
                      "c": tf.linspace(tf.constant(0.0, tf.float64), 1.0, 1)},
            "feed": {n: 5}}


# ---- matrices

@case(tf115=_diag_v1)
def matrix_diag_ops(tf, rng):
    d = tf.placeholder(tf.float32, [2, 3])
    x = tf.placeholder(tf.float32, [2, 3, 4])
    return {"fetch": {"diag": tf.matrix_diag(d), "part": tf.matrix_diag_part(x),
                      "set": tf.matrix_set_diag(x, d), "ldiag": tf.linalg.diag(d)},
            "feed": {d: normal(rng, 2, 3), x: normal(rng, 2, 3, 4)}}


@case(tf115=_diag_v1)
def matrix_diag_unknown(tf, rng):
    x = tf.placeholder(tf.float32, [None, None, 3])
    return {"fetch": {"part": tf.matrix_diag_part(x)}, "feed": {x: normal(rng, 2, 4, 3)}}


@case(tf115=_diag_v1)
def eye_variants(tf, rng):
    n = tf.placeholder(tf.int32, [])
    return {"fetch": {"square": tf.eye(3), "wide": tf.eye(2, 4, dtype=tf.float64),
                      "batch": tf.eye(2, batch_shape=[3]), "dynamic": tf.eye(n),
                      "linalg": tf.linalg.eye(2, 3, batch_shape=[2], dtype=tf.int32)},
            "feed": {n: 3}}


@case(tf115=_diag_v1)
def trace_and_transpose(tf, rng):
    x = tf.placeholder(tf.float32, [2, 3, 3])
    u = tf.placeholder(tf.float32, None)
    return {"fetch": {"trace": tf.trace(x), "t": tf.matrix_transpose(x),
                      "lt": tf.linalg.transpose(x, name="lt"), "u": tf.matrix_transpose(u),
                      "adj": tf.linalg.adjoint(x)},
            "feed": {x: normal(rng, 2, 3, 3), u: normal(rng, 2, 4)}}


@case
def matrix_inverse_determinant(tf, rng):
    x = tf.placeholder(tf.float64, [2, 3, 3])
    value = normal(rng, 2, 3, 3, dtype=np.float64) + 3 * np.eye(3)
    return {"fetch": {"inv": tf.matrix_inverse(x), "adj": tf.matrix_inverse(x, adjoint=True),
                      "linv": tf.linalg.inv(x), "det": tf.matrix_determinant(x),
                      "ldet": tf.linalg.det(x)},
            "feed": {x: value}, "tol": 1e-7}


@case
def matrix_inverse_gradients(tf, rng):
    x = tf.placeholder(tf.float64, [3, 3])
    value = normal(rng, 3, 3, dtype=np.float64) + 3 * np.eye(3)
    w = np.arange(9.0).reshape(3, 3)
    g_inv = tf.gradients(tf.matrix_inverse(x) * w, x)[0]
    g_det = tf.gradients(tf.matrix_determinant(x), x)[0]
    return {"fetch": {"inv": g_inv, "det": g_det}, "feed": {x: value}, "names": False,
            "tol": 1e-7}


@case(error="Input is not invertible")
def matrix_inverse_error_singular(tf, rng):
    return {"fetch": tf.matrix_inverse([[1.0, 2.0], [2.0, 4.0]])}


@case(error="Dimensions must be equal")
def matrix_inverse_error_not_square(tf, rng):
    tf.matrix_inverse(tf.zeros([2, 3]))


@case
def tensordot_static(tf, rng):
    a = tf.placeholder(tf.float32, [2, 3, 4, 5])
    b = tf.placeholder(tf.float32, [5, 6, 3])
    return {"fetch": {"y": tf.tensordot(a, b, [[3, 1], [0, 2]])},
            "feed": {a: normal(rng, 2, 3, 4, 5), b: normal(rng, 5, 6, 3)}, "tol": 1e-5}


@case
def tensordot_unknown(tf, rng):
    a = tf.placeholder(tf.float32, [None, 3])
    b = tf.placeholder(tf.float32, None)
    return {"fetch": {"y": tf.tensordot(a, b, 1), "z": tf.linalg.tensordot(a, b, [[1], [0]])},
            "feed": {a: normal(rng, 2, 3), b: normal(rng, 3, 4)}, "tol": 1e-5}


@case(tf115=_einsum_v1(["einsum/MatMul (MatMul)"], ["einsum/MatMul:0", "MatMul"]))
def einsum_matmul(tf, rng):
    a = tf.placeholder(tf.float32, [2, 3])
    b = tf.placeholder(tf.float32, [3, 4])
    return {"fetch": {"y": tf.einsum("ij,jk->ik", a, b)},
            "feed": {a: normal(rng, 2, 3), b: normal(rng, 3, 4)}}


@case(tf115=_einsum_v1(["einsum/MatMul (BatchMatMulV2)"], ["einsum/MatMul:0", "BatchMatMulV2"]))
def einsum_batch_matmul(tf, rng):
    a = tf.placeholder(tf.float32, [5, 2, 3])
    b = tf.placeholder(tf.float32, [5, 3, 4])
    return {"fetch": {"y": tf.einsum("bij,bjk->bik", a, b)},
            "feed": {a: normal(rng, 5, 2, 3), b: normal(rng, 5, 3, 4)}}


@case(tf115=_einsum_v1(["einsum/transpose/perm (Const)", "einsum/transpose (Transpose)"],
                       ["einsum/transpose:0", "Transpose"]))
def einsum_transpose(tf, rng):
    a = tf.placeholder(tf.float32, [2, 3])
    return {"fetch": {"y": tf.einsum("ij->ji", a)}, "feed": {a: normal(rng, 2, 3)}}


@case(error="have incorrect format")
def einsum_error_equation(tf, rng):
    tf.einsum("ij,jk=>ik", tf.zeros([2, 3]), tf.zeros([3, 4]))


@case
def einsum_gradient(tf, rng):
    a = tf.placeholder(tf.float32, [2, 3])
    b = tf.placeholder(tf.float32, [3, 4])
    y = tf.einsum("ij,jk->ik", a, b)
    return {"fetch": {"g": tf.gradients(y * np.arange(8, dtype=np.float32).reshape(2, 4),
                                        [a, b])},
            "feed": {a: normal(rng, 2, 3), b: normal(rng, 3, 4)}, "names": False,
            "tol": 1e-5}


# ---- map_fn, scan, foldl, foldr

@case(tf115=_stack_115)
def map_fn_values(tf, rng):
    x = tf.placeholder(tf.float32, [4, 3])
    y = tf.map_fn(lambda r: r * 2.0 + 1.0, x)
    s = tf.map_fn(lambda r: tf.reduce_sum(r), x, dtype=tf.float32, name="sums")
    return {"fetch": {"y": y, "s": s}, "feed": {x: normal(rng, 4, 3)}}


@case(tf115=_stack_115)
def map_fn_nested(tf, rng):
    x = tf.placeholder(tf.float32, [None, 2])
    k = tf.placeholder(tf.int32, [None])
    out = tf.map_fn(lambda t: (t[0] * tf.cast(t[1], tf.float32), t[1] + 1), (x, k),
                    dtype=(tf.float32, tf.int32))
    return {"fetch": {"out": out}, "feed": {x: normal(rng, 3, 2), k: ints(rng, 0, 5, 3)}}


@case(error="1+ dimensional Tensor")
def map_fn_error_scalar(tf, rng):
    tf.map_fn(lambda r: r, tf.constant(1.0))


@case
def map_fn_gradient(tf, rng):
    x = tf.placeholder(tf.float32, [4, 3])
    y = tf.map_fn(lambda r: tf.tanh(r) * r, x)
    return {"fetch": {"g": tf.gradients(y, x)[0]}, "feed": {x: normal(rng, 4, 3)},
            "names": False}


@case(tf115=_stack_115)
def scan_values(tf, rng):
    x = tf.placeholder(tf.float32, [4, 3])
    return {"fetch": {"cum": tf.scan(lambda a, r: a + r, x),
                      "rev": tf.scan(lambda a, r: a * 0.5 + r, x, initializer=tf.ones([3]),
                                     reverse=True)},
            "feed": {x: normal(rng, 4, 3)}}


@case
def scan_gradient(tf, rng):
    x = tf.placeholder(tf.float32, [4, 3])
    w = tf.placeholder(tf.float32, [3])
    y = tf.scan(lambda a, r: tf.tanh(a * w + r), x, initializer=tf.zeros([3]))
    return {"fetch": {"g": tf.gradients(y, [x, w])},
            "feed": {x: normal(rng, 4, 3), w: normal(rng, 3)}, "names": False}


@case
def fold_values(tf, rng):
    x = tf.placeholder(tf.float32, [4, 3])
    return {"fetch": {"l": tf.foldl(lambda a, r: a * 0.5 + r, x),
                      "r": tf.foldr(lambda a, r: a * 0.5 + r, x, initializer=tf.zeros([3]))},
            "feed": {x: normal(rng, 4, 3)}}
