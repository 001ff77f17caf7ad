"""Random ops: names, static shapes, dtypes and seed attrs, sample statistics, and TF1's seeding
rules (new values per run, the same values in a new session when seeded). The seeded values
themselves (TF's Philox streams) are random_streams.py's."""
import numpy as np

from . import case

RANDOM_TYPES = ("RandomStandardNormal", "TruncatedNormal", "RandomUniform", "RandomUniformInt",
                "RandomShuffle")


def _seeds(tf):
    """`[seed, seed2]` of every random op of the default graph."""
    return [[op.get_attr("seed"), op.get_attr("seed2")]
            for op in tf.get_default_graph().get_operations() if op.type in RANDOM_TYPES]


def _stats(sample, bounded):
    """Mean and std (and, for bounded distributions, min and max) of a large sample."""
    stats = [sample.mean(), sample.std()] + ([sample.min(), sample.max()] if bounded else [])
    return np.array(stats, np.float64)


def _tf115(rec):
    """TF 1.15 ends random_normal, truncated_normal and random_uniform with `math_ops.add`, the
    op type `Add` (TF 2.x: AddV2), and always scales random_uniform as
    `RandomUniform * (max - min) + min`, the Add taking the name `random_uniform`; TF 2.x skips
    the scaling for [0, 1) and only multiplies (`random_uniform/Mul`) when minval is 0."""
    names = {g.partition(" (")[0] for g in rec.get("graph", [])}
    scaled = {}  # TF 2.x output op -> the op TF 1.15 returns
    graph = []
    for g in rec.get("graph", []):
        g = g.replace("(AddV2)", "(Add)")
        name = g.partition(" (")[0]
        if name.endswith("/RandomUniform") and name[:-14] + "/sub" not in names:
            scope = name[:-14]
            if scope + "/min" not in names:
                graph += [f"{scope}/min (Const)", f"{scope}/max (Const)"]
            graph += [g, f"{scope}/sub (Sub)", f"{scope}/mul (Mul)", f"{scope} (Add)"]
            scaled[scope + "/Mul" if scope + "/Mul" in names else name] = scope
        elif name not in scaled:
            graph.append(g)
    if "graph" in rec:
        rec["graph"] = graph
    for leaf in rec.get("fetch", {}).get("items", {}).values():
        if leaf.get("type") == "AddV2":
            leaf["type"] = "Add"
        op_name = leaf.get("tensor", "").rpartition(":")[0]
        if op_name in scaled:
            leaf["tensor"], leaf["type"] = scaled[op_name] + ":0", "Add"


def rcase(fn=None, **kwargs):
    """`case` with the TF 1.15 patch above."""
    return case(fn, tf115=kwargs.pop("tf115", _tf115), **kwargs)


# ---- names, shapes, dtypes

@rcase
def random_default_names(tf, rng):
    n = tf.random_normal([2, 3])
    t = tf.truncated_normal([4])
    u = tf.random_uniform([3, 1])
    s = tf.random_shuffle(tf.constant([[1, 2], [3, 4], [5, 6]]))
    return {"fetch": {"n": n, "t": t, "u": u, "s": s}, "values": False,
            "facts": {"seeds": _seeds(tf)}}


@rcase
def random_arguments(tf, rng):
    n = tf.random_normal([2, 3], mean=2.0, stddev=0.5, dtype=tf.float64, seed=3, name="noise")
    t = tf.truncated_normal((3, 2), 1.0, 2.0, seed=4)
    u = tf.random_uniform([5], -1.0, 2.0, seed=5)
    i = tf.random_uniform([2, 2], 0, 10, dtype=tf.int32, seed=6)
    j = tf.random_uniform([3], minval=-5, maxval=5, dtype=tf.int64)
    return {"fetch": {"n": n, "t": t, "u": u, "i": i, "j": j}, "values": False,
            "facts": {"seeds": _seeds(tf)}}


@rcase
def random_partial_shapes(tf, rng):
    x = tf.placeholder(tf.float32, [None, 3])
    s = tf.placeholder(tf.int32, [2])
    return {"fetch": {"like_x": tf.random_normal(tf.shape(x)), "dyn": tf.random_uniform(s),
                      "batch": tf.truncated_normal([tf.shape(x)[0], 4])},
            "feed": {x: np.zeros((5, 3), np.float32), s: np.array([2, 6], np.int32)},
            "values": False}


@rcase
def random_shuffle_values(tf, rng):
    v = np.arange(12, dtype=np.float32).reshape(6, 2)
    s = tf.random_shuffle(v, seed=1)
    p = tf.placeholder(tf.int32, [None])
    q = tf.random_shuffle(p)

    def run(sess):
        rows = sess.run(s)
        flat = sess.run(q, {p: np.arange(7, dtype=np.int32)})
        return {"rows": rows[np.argsort(rows[:, 0])], "flat": np.sort(flat)}
    return {"fetch": {"s": s, "q": q}, "run": run}


@rcase(error="Must specify maxval for integer dtype")
def random_uniform_error_int_without_maxval(tf, rng):
    tf.random_uniform([2], dtype=tf.int32)


# ---- seeds: TF1's (graph seed, op seed) rules

@rcase
def seed_op_only(tf, rng):
    tf.random_normal([2], seed=7)
    tf.random_uniform([2], seed=0, maxval=2.0)
    return {"facts": {"seeds": _seeds(tf)}}


@rcase
def seed_graph_and_op(tf, rng):
    tf.set_random_seed(42)
    tf.random_normal([2], seed=7)
    tf.truncated_normal([2], seed=2 ** 31 + 5)
    return {"facts": {"seeds": _seeds(tf)}}


@rcase
def seed_graph_zero_and_op_zero(tf, rng):
    tf.set_random_seed(0)
    tf.random_normal([2], seed=0)
    return {"facts": {"seeds": _seeds(tf)}}


@rcase
def seed_none(tf, rng):
    tf.random_normal([2])
    tf.random_shuffle([1, 2, 3])
    return {"facts": {"seeds": _seeds(tf)}}


def _graph_seed_115(rec):
    """TF 1.15 takes the op seed from the graph's op counter (`_last_id`: the number of ops
    created so far, i.e. the random op's own position); TF 2.x counts random ops instead."""
    types = [g.partition(" (")[2].rstrip(")") for g in rec["graph"]]
    positions = [i for i, t in enumerate(types) if t in RANDOM_TYPES]
    rec["facts"]["seeds"] = [[seed, pos] for (seed, _), pos in zip(rec["facts"]["seeds"],
                                                                   positions)]
    _tf115(rec)


@rcase(tf115=_graph_seed_115)
def seed_graph_only(tf, rng):
    tf.set_random_seed(42)
    tf.random_normal([2])
    tf.constant(1.0)
    tf.random_uniform([3], maxval=4.0)
    return {"facts": {"seeds": _seeds(tf)}}


def _reruns(tf, r):
    """Whether `r` changes from run to run, and whether a new session repeats the first run."""
    def run(sess):
        first, second = sess.run(r), sess.run(r)
        with tf.Session(graph=sess.graph) as other:
            again = other.run(r)
        return {"new_values_per_run": bool(not np.array_equal(first, second)),
                "same_in_new_session": bool(np.array_equal(first, again))}
    return run


@rcase
def rerun_seeded_op(tf, rng):
    return {"run": _reruns(tf, tf.random_normal([20], seed=3))}


@rcase
def rerun_graph_seed(tf, rng):
    tf.set_random_seed(1)
    return {"run": _reruns(tf, tf.random_uniform([20]))}


@rcase
def rerun_unseeded(tf, rng):
    return {"run": _reruns(tf, tf.truncated_normal([20]))}


@rcase
def rerun_shuffle_seeded(tf, rng):
    return {"run": _reruns(tf, tf.random_shuffle(tf.range(30), seed=9))}


@rcase
def seeded_ops_are_independent(tf, rng):
    a = tf.random_normal([50], seed=1)
    b = tf.random_normal([50], seed=2)
    c = tf.random_normal([50], seed=1)

    def run(sess):
        av, bv, cv = sess.run([a, b, c])
        return {"a_b_differ": bool(not np.array_equal(av, bv)),
                "a_c_same": bool(np.array_equal(av, cv))}
    return {"run": run}


# ---- statistics of large samples (loose tolerance)

STATS = {
    "normal": lambda tf: tf.random_normal([20000], mean=2.0, stddev=3.0, seed=1),
    "normal_float64": lambda tf: tf.random_normal([20000], dtype=tf.float64, seed=2),
    "truncated": lambda tf: tf.truncated_normal([20000], mean=-1.0, stddev=2.0, seed=3),
    "uniform": lambda tf: tf.random_uniform([20000], minval=-2.0, maxval=3.0, seed=4),
    "uniform_default": lambda tf: tf.random_uniform([20000], seed=5),
    "uniform_int": lambda tf: tf.random_uniform([20000], minval=-3, maxval=4, dtype=tf.int32,
                                                seed=6),
}

for _name, _build in STATS.items():
    def _stats_case(tf, rng, build=_build, name=_name):
        r = build(tf)
        bounded = "normal" not in name or "truncated" in name
        return {"run": lambda sess: _stats(sess.run(r).astype(np.float64), bounded), "tol": 0.06}
    rcase(name=f"stats_{_name}")(_stats_case)
