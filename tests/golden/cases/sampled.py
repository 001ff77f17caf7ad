"""Candidate samplers, compute_accidental_hits, nce_loss and sampled_softmax_loss
(minitf/ops/candidate_sampling_ops.py, minitf/ops/sampled_losses.py).

Seeded samplers give TF's candidates and expected counts: a first run, a second run (the
generator moved on by 512 blocks per candidate) and a new session (back to the start; the learned
sampler's counts too). Ops carry explicit op seeds, and nce_loss (which takes no seed) gets its
`sampled_values` from a seeded sampler: with only a graph seed, seed2 comes from an op counter that
TF 2.x counts differently from 1.15. Gradient cases are `"names": False`.
"""
import os
import tempfile

import numpy as np

from . import case, fetched_tensors, ints, normal

LABELS = np.array([[1, 4], [3, 0], [9, 9]], np.int64)


def _runs(tf, fetch, feed=None, init=False, runs=2):
    """`runs` runs of `fetch` in one session, then a new session's first run."""
    def run(sess):
        if init:
            sess.run(tf.global_variables_initializer())
        out = {f"run{i}": sess.run(fetch, feed) for i in range(runs)}
        with tf.Session(graph=sess.graph) as other:
            if init:
                other.run(tf.global_variables_initializer())
            out["new_session"] = other.run(fetch, feed)
        return out
    return run


def _tuple_facts(result):
    return {"type": type(result).__name__, "fields": list(result._fields),
            "names": [t.name for t in result]}


# ---- the samplers

@case
def uniform_streams(tf, rng):
    tf.set_random_seed(42)
    tc = tf.constant([[1], [5], [17]], tf.int64)
    u = tf.nn.uniform_candidate_sampler(tc, 1, 8, True, 40, seed=4)
    n = tf.nn.uniform_candidate_sampler(tc, 1, 8, False, 40, seed=4)
    p2 = tf.nn.uniform_candidate_sampler(tc, 1, 20, True, 64, seed=5)  # a power of two
    big = tf.nn.uniform_candidate_sampler(tc, 1, 30, False, 10**12 + 7, seed=6)
    return {"run": _runs(tf, {"unique": u, "repeats": n, "pow2": p2, "big": big}),
            "facts": _tuple_facts(u)}


@case
def log_uniform_streams(tf, rng):
    tf.set_random_seed(42)
    tc = tf.constant(LABELS)
    u = tf.nn.log_uniform_candidate_sampler(tc, 2, 8, True, 40, seed=3)
    n = tf.nn.log_uniform_candidate_sampler(tc, 2, 8, False, 40, seed=3)
    return {"run": _runs(tf, {"unique": u, "repeats": n}), "facts": _tuple_facts(u)}


@case
def log_uniform_large(tf, rng):
    """Many unique draws from a large range: long rejection streams and num_tries-based counts."""
    tc = tf.constant([[0], [7], [99999]], tf.int64)
    s = tf.random.log_uniform_candidate_sampler(tc, 1, 300, True, 100000, seed=11)
    tight = tf.random.log_uniform_candidate_sampler(tc, 1, 60, True, 100000, seed=12)
    return {"run": _runs(tf, {"large": s, "tight": tight})}


@case
def log_uniform_exhaust(tf, rng):
    """`unique` with num_sampled == range_max: every class, after many redraws."""
    tc = tf.constant([[0], [3]], tf.int64)
    return {"run": _runs(tf, tf.nn.log_uniform_candidate_sampler(tc, 1, 12, True, 12, seed=2))}


@case
def fixed_unigram_streams(tf, rng):
    tf.set_random_seed(7)
    tc = tf.constant([[1], [5], [17]], tf.int64)
    counts = [float(c) for c in rng.randint(1, 50, 40)]
    f = tf.nn.fixed_unigram_candidate_sampler(tc, 1, 8, False, 40, unigrams=counts, seed=5)
    u = tf.nn.fixed_unigram_candidate_sampler(tc, 1, 8, True, 40, unigrams=counts, seed=5)
    d = tf.random.fixed_unigram_candidate_sampler(tc, 1, 12, True, 40, distortion=0.75,
                                                  unigrams=counts, seed=6)
    z = tf.nn.fixed_unigram_candidate_sampler(tc, 1, 6, False, 40, distortion=0.0,
                                              unigrams=counts, seed=7)
    return {"run": _runs(tf, {"repeats": f, "unique": u, "distorted": d, "uniform": z}),
            "facts": _tuple_facts(f)}


@case
def fixed_unigram_reserved_shards(tf, rng):
    """Reserved ids of weight 0, then one shard's ids: 1 reserved id (1 of 0..2) and 5 of the
    10 unigrams are shard 1's, so range_max is 6."""
    tc = tf.constant([[1, 2], [5, 0]], tf.int64)
    s = tf.nn.fixed_unigram_candidate_sampler(
        tc, 2, 5, False, 6, num_reserved_ids=3, num_shards=2, shard=1,
        unigrams=[3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0, 5.0, 3.0], seed=9)
    r = tf.nn.fixed_unigram_candidate_sampler(
        tc, 2, 4, True, 8, num_reserved_ids=2, unigrams=[1.0, 2.0, 3.0, 4.0, 5.0, 6.0], seed=10)
    return {"run": _runs(tf, {"sharded": s, "reserved": r})}


@case
def fixed_unigram_vocab_file(tf, rng):
    path = os.path.join(tempfile.mkdtemp(), "vocab.csv")
    with open(path, "w") as f:
        f.write("".join(f"w{i},x,{c}\n" for i, c in enumerate([10, 3, 7, 1, 1, 25, 4, 2])))
    tc = tf.constant([[2], [5]], tf.int64)
    s = tf.nn.fixed_unigram_candidate_sampler(tc, 1, 5, True, 9, vocab_file=path,
                                              num_reserved_ids=1, seed=3)
    return {"run": _runs(tf, s)}


@case
def learned_unigram_streams(tf, rng):
    """The counts grow by each run's true classes, and start over in a new session."""
    tf.set_random_seed(42)
    tc = tf.constant([[1], [5], [17], [5]], tf.int64)
    u = tf.nn.learned_unigram_candidate_sampler(tc, 1, 8, True, 40, seed=6)
    n = tf.random.learned_unigram_candidate_sampler(tc, 1, 8, False, 40, seed=7)
    return {"run": _runs(tf, {"unique": u, "repeats": n}, runs=4), "facts": _tuple_facts(u)}


@case
def all_candidates(tf, rng):
    tc = tf.constant([[1, 2], [5, 0]], tf.int64)
    a = tf.nn.all_candidate_sampler(tc, 2, 6, True)
    b = tf.random.all_candidate_sampler(tc, 2, 9, False, seed=3, name="everything")
    return {"fetch": {"a": a, "b": b}, "facts": _tuple_facts(a)}


@case
def sampler_shapes_and_names(tf, rng):
    tc = tf.placeholder(tf.int64, [None, 2])
    s = tf.nn.log_uniform_candidate_sampler(tc, 2, 5, True, 30, seed=1, name="cands")
    lst = tf.nn.uniform_candidate_sampler([[1, 2]], 2, 3, False, 30, seed=2)
    unknown = tf.nn.uniform_candidate_sampler(tf.placeholder(tf.int64), 3, 4, False, 30, seed=3)
    feed = {tc: ints(rng, 0, 30, 4, 2, dtype=np.int64)}
    return {"fetch": {"s": s, "list": lst}, "feed": feed,
            "facts": {"unknown": [str(t.shape) for t in unknown],
                      "attrs": [s[0].op.get_attr(a) for a in ("num_true", "num_sampled",
                                                               "unique", "range_max", "seed",
                                                               "seed2")]}}


# ---- compute_accidental_hits

@case
def accidental_hits(tf, rng):
    true = tf.constant([[1, 2], [3, 3], [7, 0]], tf.int64)
    hits = tf.nn.compute_accidental_hits(true, [3, 1, 3, 5, 0], 2)
    none = tf.nn.compute_accidental_hits([[4]], tf.constant([1, 2], tf.int64), 1, name="none")
    return {"fetch": {"hits": hits, "none": none}, "facts": _tuple_facts(hits)}


@case
def accidental_hits_of_a_sampler(tf, rng):
    true = tf.constant([[0, 1], [2, 1]], tf.int64)
    s = tf.nn.uniform_candidate_sampler(true, 2, 5, True, 6, seed=8)
    return {"run": _runs(tf, {"sampled": s.sampled_candidates,
                              "hits": tf.nn.compute_accidental_hits(true, s[0], 2)})}


# ---- errors

@case(error="Sampler's range is too small.")
def error_unique_range_too_small(tf, rng):
    tc = tf.constant([[1], [3]], tf.int64)
    return {"fetch": tf.nn.uniform_candidate_sampler(tc, 1, 5, True, 4, seed=1)}


@case(error="true_classes must have num_true columns, expected: 1 was: 2")
def error_num_true_columns(tf, rng):
    tc = tf.placeholder_with_default(tf.constant([[1], [3]], tf.int64), [None, None])
    return {"fetch": tf.nn.log_uniform_candidate_sampler(tc, 2, 3, False, 10, seed=1)}


@case(error="`true_candidate` out of range [0, 10), received 17")
def error_true_candidate_out_of_range(tf, rng):
    tc = tf.constant([[1], [17]], tf.int64)
    return {"fetch": tf.nn.uniform_candidate_sampler(tc, 1, 3, True, 10, seed=1)}


@case(error="`true_candidate` out of range [0, 5), received 5")
def error_all_candidates_out_of_range(tf, rng):
    return {"fetch": tf.nn.all_candidate_sampler(tf.constant([[5]], tf.int64), 1, 5, True)}


@case(error="true_classes must be a matrix")
def error_true_classes_not_a_matrix(tf, rng):
    tc = tf.placeholder_with_default(tf.constant([1, 3], tf.int64), None)
    return {"fetch": tf.nn.uniform_candidate_sampler(tc, 1, 3, True, 10, seed=1)}


@case(error="Must provide either vocab_file or unigrams.")
def error_fixed_without_weights(tf, rng):
    tc = tf.constant([[1]], tf.int64)
    return {"fetch": tf.nn.fixed_unigram_candidate_sampler(tc, 1, 2, True, 4, seed=1)}


@case(error="Must only provide one of vocab_file and unigrams.")
def error_fixed_with_both(tf, rng):
    tc = tf.constant([[1]], tf.int64)
    return {"fetch": tf.nn.fixed_unigram_candidate_sampler(tc, 1, 2, True, 4, vocab_file="v",
                                                           unigrams=[1.0] * 4, seed=1)}


@case(error="range is 40 must be equal to weights size  30")
def error_fixed_range_mismatch(tf, rng):
    tc = tf.constant([[1]], tf.int64)
    return {"fetch": tf.nn.fixed_unigram_candidate_sampler(tc, 1, 4, True, 40,
                                                           unigrams=[1.0] * 30, seed=1)}


@case(error="Wrong vocabulary format at line: w2,many")
def error_fixed_vocab_format(tf, rng):
    path = os.path.join(tempfile.mkdtemp(), "vocab.csv")
    with open(path, "w") as f:
        f.write("w0,3\nw1,4\nw2,many\n")
    tc = tf.constant([[1]], tf.int64)
    return {"fetch": tf.nn.fixed_unigram_candidate_sampler(tc, 1, 2, True, 3, vocab_file=path)}


@case(error="Shape must be rank 2 but is rank 1")
def error_sampler_rank(tf, rng):
    tf.nn.log_uniform_candidate_sampler(tf.constant([1, 2], tf.int64), 1, 4, True, 40)


@case(error="Attr 'num_sampled' of 'LogUniformCandidateSampler' Op passed 0 less than minimum 1.")
def error_sampler_num_sampled_zero(tf, rng):
    tf.nn.log_uniform_candidate_sampler([[1]], 1, 0, True, 40)


@case(error="Attr 'range_max' of 'UniformCandidateSampler' Op passed 0 less than minimum 1.")
def error_sampler_range_zero(tf, rng):
    tf.nn.uniform_candidate_sampler([[1]], 1, 2, False, 0)


@case(error="has type int32 that does not match expected type of int64")
def error_sampler_int32_classes(tf, rng):
    tf.nn.uniform_candidate_sampler(tf.constant([[1]]), 1, 2, False, 4)


@case(error="true_candidates must be a batch_size * num_true matrix")
def error_accidental_hits_shape(tf, rng):
    true = tf.placeholder_with_default(tf.constant([[1], [2]], tf.int64), None)
    return {"fetch": tf.nn.compute_accidental_hits(true, [1, 2], 2)}


@case(error="Dimension must be 2 but is 1")
def error_accidental_hits_num_true(tf, rng):
    tf.nn.compute_accidental_hits(tf.constant([[1], [2]], tf.int64), [1, 2], 2)


@case(error="Shape must be rank 1 but is rank 2")
def error_accidental_hits_sampled_rank(tf, rng):
    tf.nn.compute_accidental_hits(tf.constant([[1], [2]], tf.int64), [[1, 2]], 1)


# ---- nce_loss and sampled_softmax_loss

def _tf115(rec):
    """TF 1.15 ends sigmoid_cross_entropy_with_logits (`sampled_losses`) with `math_ops.add`,
    the op type `Add` (TF 2.x: AddV2), and names ones_like's folded shape `ones_like/Shape`."""
    rec["graph"] = [g.replace("sampled_losses (AddV2)", "sampled_losses (Add)")
                    .replace("/Shape/shape_as_tensor (", "/Shape (") for g in rec["graph"]]
    for t in fetched_tensors(rec):
        if t.get("tensor", "").startswith("sampled_losses:") and t.get("type") == "AddV2":
            t["type"] = "Add"


def _model(tf, rng, num_classes=10, dim=4, batch=3, num_true=2, shards=None):
    """Class weights (a variable or shards), biases, and fed inputs and labels."""
    if shards:
        weights = [tf.Variable(normal(rng, n, dim), name=f"w_{i}") for i, n in enumerate(shards)]
    else:
        weights = tf.Variable(normal(rng, num_classes, dim), name="w")
    biases = tf.Variable(normal(rng, num_classes), name="b")
    x = tf.placeholder(tf.float32, [batch, dim], name="x")
    y = tf.placeholder(tf.int64, [batch, num_true], name="y")
    feed = {x: normal(rng, batch, dim), y: ints(rng, 0, num_classes, batch, num_true,
                                                 dtype=np.int64)}
    return weights, biases, x, y, feed


def _grads(tf, loss, weights, biases, x):
    """Dense gradients of the summed loss for the weights (each shard), biases and inputs."""
    ws = weights if isinstance(weights, list) else [weights]
    grads = tf.gradients(tf.reduce_sum(loss), ws + [biases, x])
    return [tf.convert_to_tensor(g) for g in grads]


@case(tf115=_tf115)
def nce_loss_graph(tf, rng):
    """The op list of nce_loss with its default sampler, accidental hits removed (its values
    depend on an op-counter seed; the cases below fix the samples)."""
    weights, biases, x, y, feed = _model(tf, rng)
    loss = tf.nn.nce_loss(weights, biases, y, x, num_sampled=5, num_classes=10, num_true=2,
                          remove_accidental_hits=True)
    return {"fetch": loss, "feed": feed, "init": True, "values": False}


for _num_true in (1, 2):
    for _remove in (False, True):
        def _nce(tf, rng, num_true=_num_true, remove=_remove):
            weights, biases, x, y, feed = _model(tf, rng, num_classes=8, num_true=num_true)
            sampled = tf.nn.log_uniform_candidate_sampler(y, num_true, 6, True, 8, seed=21)
            loss = tf.nn.nce_loss(weights, biases, y, x, 6, 8, num_true=num_true,
                                  sampled_values=sampled, remove_accidental_hits=remove)
            return {"run": _runs(tf, {"loss": loss, "sampled": sampled[0]}, feed, init=True,
                                 runs=1),
                    "facts": {"name": loss.name, "shape": loss.shape.as_list()}}
        case(name=f"nce_loss_true{_num_true}_{'removed' if _remove else 'kept'}",
             tf115=_tf115)(_nce)

        def _nce_grad(tf, rng, num_true=_num_true, remove=_remove):
            weights, biases, x, y, feed = _model(tf, rng, num_classes=8, num_true=num_true)
            sampled = tf.nn.log_uniform_candidate_sampler(y, num_true, 6, True, 8, seed=22)
            loss = tf.nn.nce_loss(weights, biases, y, x, 6, 8, num_true=num_true,
                                  sampled_values=sampled, remove_accidental_hits=remove)
            return {"fetch": {"loss": loss, "grads": _grads(tf, loss, weights, biases, x)},
                    "feed": feed, "init": True, "names": False}
        case(name=f"nce_loss_true{_num_true}_{'removed' if _remove else 'kept'}_grad")(
            _nce_grad)

        def _softmax(tf, rng, num_true=_num_true, remove=_remove):
            weights, biases, x, y, feed = _model(tf, rng, num_classes=9, num_true=num_true)
            loss = tf.nn.sampled_softmax_loss(weights, biases, y, x, 5, 9, num_true=num_true,
                                              remove_accidental_hits=remove, seed=23)
            return {"run": _runs(tf, loss, feed, init=True),
                    "facts": {"name": loss.name, "shape": loss.shape.as_list()}}
        case(name=f"sampled_softmax_true{_num_true}_{'removed' if _remove else 'kept'}",
             tf115=_tf115)(_softmax)

        def _softmax_grad(tf, rng, num_true=_num_true, remove=_remove):
            weights, biases, x, y, feed = _model(tf, rng, num_classes=9, num_true=num_true)
            sampled = tf.nn.uniform_candidate_sampler(y, num_true, 5, True, 9, seed=24)
            loss = tf.nn.sampled_softmax_loss(weights, biases, y, x, 5, 9, num_true=num_true,
                                              sampled_values=sampled,
                                              remove_accidental_hits=remove)
            return {"fetch": {"loss": loss, "grads": _grads(tf, loss, weights, biases, x)},
                    "feed": feed, "init": True, "names": False}
        case(name=f"sampled_softmax_true{_num_true}_{'removed' if _remove else 'kept'}_grad")(
            _softmax_grad)


for _strategy in ("mod", "div"):
    def _sharded(tf, rng, strategy=_strategy):
        weights, biases, x, y, feed = _model(tf, rng, num_classes=7, shards=(3, 2, 2))
        sampled = tf.nn.fixed_unigram_candidate_sampler(y, 2, 4, True, 7, seed=25,
                                                        unigrams=[5.0, 1, 2, 2, 3, 1, 1])
        nce = tf.nn.nce_loss(weights, biases, y, x, 4, 7, num_true=2, sampled_values=sampled,
                             partition_strategy=strategy, name="nce")
        soft = tf.nn.sampled_softmax_loss(weights, biases, y, x, 4, 7, num_true=2,
                                          sampled_values=sampled, partition_strategy=strategy)
        return {"fetch": {"nce": nce, "softmax": soft,
                          "nce_grads": _grads(tf, nce, weights, biases, x),
                          "softmax_grads": _grads(tf, soft, weights, biases, x)},
                "feed": feed, "init": True, "names": False}
    case(name=f"sampled_losses_sharded_{_strategy}")(_sharded)


@case(tf115=_tf115)
def sampled_softmax_graph_unknown_batch(tf, rng):
    """Labels of any batch size (shape ops at run time) and int32 labels cast to int64."""
    w = tf.Variable(normal(rng, 6, 3), name="w")
    b = tf.Variable(normal(rng, 6), name="b")
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    y = tf.placeholder(tf.int32, [None, 1], name="y")
    loss = tf.nn.sampled_softmax_loss(w, b, y, x, 3, 6, seed=4, name="ssl")
    feed = {x: normal(rng, 4, 3), y: ints(rng, 0, 6, 4, 1)}
    return {"run": _runs(tf, loss, feed, init=True),
            "facts": {"name": loss.name, "shape": loss.shape.as_list(),
                      "dtype": loss.dtype.name}}
