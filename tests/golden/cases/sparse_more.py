"""Golden cases: `tf.edit_distance` (op EditDistance) — TF's docstring example normalized and
not, integer labels fed through sparse placeholders (a CTC tutorial's label error rate), an
empty hypothesis and truth, and its argument errors."""
import numpy as np

from . import case


def _example(tf):
    hypothesis = tf.SparseTensor([[0, 0, 0], [1, 0, 0]], ["a", "b"], [2, 1, 1])
    truth = tf.SparseTensor([[0, 1, 0], [1, 0, 0], [1, 0, 1], [1, 1, 0]],
                            ["a", "b", "c", "a"], [2, 2, 2])
    return hypothesis, truth


@case
def docstring_example(tf, rng):
    hypothesis, truth = _example(tf)
    normalized = tf.edit_distance(hypothesis, truth)
    plain = tf.edit_distance(hypothesis, truth, normalize=False, name="plain")
    return {"fetch": {"normalized": normalized, "plain": plain},
            "facts": {"repr": repr(normalized)}}


@case
def label_error_rate_fed(tf, rng):
    decoded = tf.sparse_placeholder(tf.int64, name="decoded")
    labels = tf.sparse_placeholder(tf.int32, name="labels")
    ler = tf.reduce_mean(tf.edit_distance(tf.cast(decoded, tf.int32), labels))
    dist = tf.edit_distance(tf.cast(decoded, tf.int32), labels, normalize=False)
    d_val = (np.array([[0, 0], [0, 1], [0, 2], [1, 0], [2, 0], [2, 1]], np.int64),
             np.array([3, 1, 4, 1, 5, 9], np.int64), np.array([3, 3], np.int64))
    l_val = (np.array([[0, 0], [0, 1], [1, 0], [1, 1], [1, 2], [2, 0], [2, 1]], np.int64),
             np.array([3, 4, 2, 1, 7, 5, 9], np.int32), np.array([3, 3], np.int64))
    return {"fetch": {"ler": ler, "dist": dist}, "feed": {decoded: d_val, labels: l_val},
            "facts": {"dist": repr(dist)}}


@case(error="Hypothesis must be a SparseTensor")
def dense_hypothesis(tf, rng):
    hypothesis, truth = _example(tf)
    tf.edit_distance(tf.constant([["a"]]), truth)


@case(error="Truth must be a SparseTensor")
def dense_truth(tf, rng):
    hypothesis, truth = _example(tf)
    tf.edit_distance(hypothesis, tf.constant([["a"]]))


def _logits(rng, t=6, b=3, c=5):
    return (rng.standard_normal((t, b, c)) * 2).astype(np.float32)


@case
def ctc_beam_search_top_paths(tf, rng):
    x = tf.placeholder(tf.float32, [None, 3, 5], name="logits")
    decoded, log_prob = tf.nn.ctc_beam_search_decoder(x, [6, 4, 2], beam_width=4, top_paths=3)
    return {"fetch": {"decoded": decoded, "log_prob": log_prob}, "feed": {x: _logits(rng)},
            "facts": {"log_prob": repr(log_prob), "n": len(decoded)}}


@case
def ctc_beam_search_no_merge_and_label_error_rate(tf, rng):
    x = tf.placeholder(tf.float32, [6, 2, 4], name="logits")
    labels = tf.SparseTensor([[0, 0], [0, 1], [1, 0]], [1, 2, 0], [2, 2])
    decoded, log_prob = tf.nn.ctc_beam_search_decoder(x, [6, 5], beam_width=10, top_paths=2,
                                                      merge_repeated=False)
    ler = tf.reduce_mean(tf.edit_distance(tf.cast(decoded[0], tf.int32), labels))
    return {"fetch": {"decoded": decoded[1], "log_prob": log_prob, "ler": ler},
            "feed": {x: _logits(rng, 6, 2, 4)}}


@case(error="requested more paths than the beam width")
def ctc_beam_search_more_paths_than_beams(tf, rng):
    decoded, _ = tf.nn.ctc_beam_search_decoder(tf.zeros([2, 1, 3]), [2], beam_width=2,
                                               top_paths=3)
    return {"fetch": decoded[0].values}
