"""Sparse tensors, string splitting and CTC: SparseTensor construction (names, static shapes),
sparse placeholders fed from values and triples, fetched SparseTensorValues, SparseToDense
(values, index validation errors, gradients), StringSplit, CTCLoss (values, flags, gradients,
errors) and CTCGreedyDecoder."""
import numpy as np

from . import case, edit_graph, ints, normal


def _labels(tf, rows):
    """An int32 SparseTensor of label sequences, one per batch entry."""
    indices = [[b, i] for b, row in enumerate(rows) for i in range(len(row))]
    values = [v for row in rows for v in row]
    width = max(len(row) for row in rows)
    return tf.SparseTensor(tf.constant(indices, tf.int64), tf.constant(values, tf.int32),
                           tf.constant([len(rows), width], tf.int64))


# ---- SparseTensor and sparse_placeholder

@case
def sparse_tensor_from_lists(tf, rng):
    st = tf.SparseTensor([[0, 1], [1, 2], [2, 0]], normal(rng, 3), [3, 4])
    return {"fetch": {"st": st, "dense": tf.sparse_tensor_to_dense(st, default_value=-1.0)},
            "facts": {"str": str(st), "shape": str(st.get_shape()), "dtype": st.dtype.name,
                      "op": st.op.name}}


@case
def sparse_tensor_second_scope(tf, rng):
    tf.SparseTensor([[0]], [1], [2])
    st = tf.SparseTensor([[0, 0]], [2.5], [1, 3])
    return {"fetch": st, "facts": {"str": str(st)}}


@case(error="must have rank 2")
def sparse_tensor_indices_rank(tf, rng):
    tf.SparseTensor([0, 1], [1.0, 2.0], [4])


@case
def sparse_placeholder_feed_triple(tf, rng):
    sp = tf.sparse_placeholder(tf.float32)
    value = (np.array([[0, 0], [1, 2]], np.int64), normal(rng, 2), np.array([2, 3], np.int64))
    return {"fetch": {"sp": sp, "dense": tf.sparse_tensor_to_dense(sp, default_value=0.5)},
            "feed": {sp: value}, "facts": {"str": str(sp), "shape": str(sp.shape)}}


@case
def sparse_placeholder_feed_value(tf, rng):
    sp = tf.sparse_placeholder(tf.int32, name="ids")
    value = tf.SparseTensorValue(np.array([[0, 1], [2, 0], [2, 1]], np.int64),
                                 ints(rng, 0, 9, 3), np.array([3, 2], np.int64))
    return {"fetch": [sp, tf.sparse_tensor_to_dense(sp, default_value=7)],
            "feed": {sp: value}, "facts": {"str": str(sp)}}


_RENAME_SHAPE = edit_graph(drop=("x/shape_default (Const)",),
                           retype={"x/shape (PlaceholderWithDefault)": "x/shape (Const)"})


def _shape_const(record):
    """TF 2.x keeps a known shape in a PlaceholderWithDefault over a Const; TF 1.15 makes it
    the Const itself, named `<name>/shape`, whose value SparseToDense's static shape reads."""
    _RENAME_SHAPE(record)
    record["fetch"]["shape"] = [3, 4]


@case(tf115=_shape_const)
def sparse_placeholder_known_shape(tf, rng):
    sp = tf.sparse_placeholder(tf.float32, shape=[3, 4], name="x")
    value = (np.array([[1, 1], [2, 3]], np.int64), normal(rng, 2), np.array([3, 4], np.int64))
    return {"fetch": tf.sparse_tensor_to_dense(sp, default_value=0.0), "feed": {sp: value},
            "facts": {"shape": str(sp.get_shape()), "indices": str(sp.indices)}}


# ---- SparseToDense

@case
def sparse_to_dense_matrix(tf, rng):
    return {"fetch": tf.sparse_to_dense([[0, 1], [1, 0], [1, 3]], [2, 4], ints(rng, 1, 9, 3),
                                        default_value=-1)}


@case
def sparse_to_dense_vector_scalar_value(tf, rng):
    return {"fetch": tf.sparse_to_dense([1, 3, 4], [6], 2.5, name="flags")}


@case
def sparse_to_dense_unvalidated(tf, rng):
    return {"fetch": tf.sparse_to_dense([[1, 0], [0, 1]], [2, 2], normal(rng, 2),
                                        validate_indices=False)}


@case(error="is out of order")
def sparse_to_dense_out_of_order(tf, rng):
    return {"fetch": tf.sparse_to_dense([[1, 0], [0, 1]], [2, 2], normal(rng, 2))}


@case(error="is repeated")
def sparse_to_dense_repeated(tf, rng):
    return {"fetch": tf.sparse_to_dense([[0, 1], [0, 1]], [2, 2], normal(rng, 2))}


@case(error="is out of bounds")
def sparse_to_dense_out_of_bounds(tf, rng):
    return {"fetch": tf.sparse_to_dense([[0, 1], [2, 1]], [2, 2], normal(rng, 2))}


@case
def sparse_to_dense_grad(tf, rng):
    values = tf.constant(normal(rng, 3))
    default = tf.constant(0.25)
    y = tf.sparse_to_dense([[0, 0], [1, 2], [2, 1]], [3, 3], values, default)
    w = tf.constant(normal(rng, 3, 3))
    return {"fetch": tf.gradients(tf.reduce_sum(y * w), [values, default]), "names": False}


# ---- StringSplit

@case
def string_split_default(tf, rng):
    st = tf.string_split(["hello world", "  a b  c ", ""])
    return {"fetch": st, "facts": {"str": str(st), "shape": str(st.shape)}}


@case
def string_split_keep_empty(tf, rng):
    return {"fetch": tf.string_split(["a,,b", ",c"], ",", skip_empty=False)}


@case
def string_split_any_char_fed(tf, rng):
    source = tf.placeholder(tf.string, [None])
    st = tf.string_split(source, delimiter=",;")
    return {"fetch": [st, tf.sparse_tensor_to_dense(st, default_value="-")],
            "feed": {source: np.array([b"x,y;z", b"w;;v"], dtype=object)}}


@case
def string_split_chars(tf, rng):
    return {"fetch": tf.string_split(["abc", "de"], "")}


@case(error="must be rank 1")
def string_split_matrix(tf, rng):
    tf.string_split([["a b"]])


# ---- CTCLoss

def _ctc_inputs(rng, *shape):
    return normal(rng, *shape) * 2


@case
def ctc_loss_time_major(tf, rng):
    x = tf.placeholder(tf.float32, [5, 3, 4])
    loss = tf.nn.ctc_loss(_labels(tf, [[0, 1], [2, 2], [1]]), x, [5, 4, 3])
    return {"fetch": loss, "feed": {x: _ctc_inputs(rng, 5, 3, 4)}}


@case
def ctc_loss_batch_major(tf, rng):
    x = tf.placeholder(tf.float32, [2, 6, 5])
    loss = tf.nn.ctc_loss(_labels(tf, [[3, 1, 3], [0]]), x, [6, 6], time_major=False)
    return {"fetch": loss, "feed": {x: _ctc_inputs(rng, 2, 6, 5)}}


@case
def ctc_loss_collapse_repeated(tf, rng):
    x = tf.placeholder(tf.float32, [4, 2, 3])
    loss = tf.nn.ctc_loss(_labels(tf, [[1, 1, 0], [0, 0]]), x, [4, 3],
                          preprocess_collapse_repeated=True)
    return {"fetch": loss, "feed": {x: _ctc_inputs(rng, 4, 2, 3)}}


@case
def ctc_loss_no_merge_repeated(tf, rng):
    x = tf.placeholder(tf.float32, [6, 2, 4])
    loss = tf.nn.ctc_loss(_labels(tf, [[1, 1], [2, 0, 2]]), x, [6, 5], ctc_merge_repeated=False)
    return {"fetch": loss, "feed": {x: _ctc_inputs(rng, 6, 2, 4)}}


@case
def ctc_loss_impossible_path(tf, rng):
    # [1, 1] needs a blank between the repeats: three steps, and only two are given
    x = tf.placeholder(tf.float32, [2, 1, 3])
    loss = tf.nn.ctc_loss(_labels(tf, [[1, 1]]), x, [2])
    return {"fetch": [loss, tf.gradients(loss, x)[0]], "feed": {x: _ctc_inputs(rng, 2, 1, 3)},
            "names": False}


@case
def ctc_loss_ignore_longer(tf, rng):
    x = tf.placeholder(tf.float32, [3, 2, 4])
    loss = tf.nn.ctc_loss(_labels(tf, [[0, 1, 2, 0], [1]]), x, [3, 2],
                          ignore_longer_outputs_than_inputs=True)
    return {"fetch": [loss, tf.gradients(loss, x)[0]], "feed": {x: _ctc_inputs(rng, 3, 2, 4)},
            "names": False}


@case
def ctc_loss_grad(tf, rng):
    x = tf.placeholder(tf.float32, [5, 2, 4])
    loss = tf.nn.ctc_loss(_labels(tf, [[0, 2], [1, 1, 2]]), x, [4, 5])
    w = tf.constant(normal(rng, 2))
    return {"fetch": tf.gradients(loss * w, x), "feed": {x: _ctc_inputs(rng, 5, 2, 4)},
            "names": False}


@case
def ctc_loss_float64_static_shapes(tf, rng):
    x = tf.placeholder(tf.float64, [None, None, 3])
    seq = tf.placeholder(tf.int32, [2])
    loss = tf.nn.ctc_loss(_labels(tf, [[0], [1, 0]]), x, seq)
    return {"fetch": loss, "feed": {x: _ctc_inputs(rng, 4, 2, 3).astype(np.float64),
                                    seq: np.array([4, 3], np.int32)}}


@case(error="Not enough time for target transition sequence")
def ctc_loss_not_enough_time(tf, rng):
    x = tf.placeholder(tf.float32, [3, 1, 4])
    return {"fetch": tf.nn.ctc_loss(_labels(tf, [[0, 1, 2, 0]]), x, [3]),
            "feed": {x: _ctc_inputs(rng, 3, 1, 4)}}


@case(error="len(sequence_length) != batch_size")
def ctc_loss_sequence_length_size(tf, rng):
    x = tf.placeholder(tf.float32, [3, None, 4])
    seq = tf.placeholder(tf.int32, [None])
    return {"fetch": tf.nn.ctc_loss(_labels(tf, [[0], [1]]), x, seq),
            "feed": {x: _ctc_inputs(rng, 3, 2, 4), seq: np.array([3, 3, 3], np.int32)}}


@case(error="to be a SparseTensor")
def ctc_loss_dense_labels(tf, rng):
    tf.nn.ctc_loss(tf.constant([[0, 1]]), tf.constant(normal(rng, 3, 1, 4)), [3])


@case(error="Dimensions must be equal")
def ctc_loss_batch_mismatch(tf, rng):
    tf.nn.ctc_loss(_labels(tf, [[0], [1]]), tf.constant(normal(rng, 3, 2, 4)), [3, 3, 3])


# ---- CTCGreedyDecoder

@case
def ctc_greedy_decoder_merge(tf, rng):
    x = tf.placeholder(tf.float32, [6, 3, 4])
    decoded, neg_sum = tf.nn.ctc_greedy_decoder(x, [6, 4, 0])
    return {"fetch": {"decoded": decoded, "neg_sum_logits": neg_sum},
            "feed": {x: _ctc_inputs(rng, 6, 3, 4)},
            "facts": {"str": str(decoded[0]), "shape": str(decoded[0].shape)}}


@case
def ctc_greedy_decoder_no_merge(tf, rng):
    logits = np.full((5, 1, 3), -1.0, np.float32)
    for t, c in enumerate([0, 0, 2, 0, 1]):
        logits[t, 0, c] = 1.0
    decoded, neg_sum = tf.nn.ctc_greedy_decoder(tf.constant(logits), [5], merge_repeated=False)
    merged, _ = tf.nn.ctc_greedy_decoder(tf.constant(logits), [5])
    return {"fetch": [decoded[0], neg_sum, merged[0]]}


@case(error="sequence_length(")
def ctc_greedy_decoder_sequence_too_long(tf, rng):
    x = tf.placeholder(tf.float32, [3, 2, 4])
    decoded, _ = tf.nn.ctc_greedy_decoder(x, [3, 4])
    return {"fetch": decoded[0], "feed": {x: _ctc_inputs(rng, 3, 2, 4)}}
