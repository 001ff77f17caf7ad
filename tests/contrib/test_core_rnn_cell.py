"""tf.contrib.rnn's projection/embedding wrappers and stacked bidirectional RNNs: sizes,
variables, namespaces and argument errors (their values and names against TensorFlow are in
the golden family rnn_extra)."""
import numpy as np
import pytest

import minitf as tf
from tests.harness import session

rnn = tf.contrib.rnn


def test_namespaces_as_in_tf115():
    for name in ("OutputProjectionWrapper", "InputProjectionWrapper", "EmbeddingWrapper",
                 "stack_bidirectional_dynamic_rnn", "stack_bidirectional_rnn"):
        assert hasattr(rnn, name)
        assert not hasattr(tf.nn.rnn_cell, name)


def test_output_projection_wrapper_sizes_and_weights():
    cell = rnn.OutputProjectionWrapper(rnn.LSTMCell(4), 2)
    assert cell.output_size == 2 and cell.state_size == rnn.LSTMStateTuple(4, 4)
    zero = cell.zero_state(3, tf.float32)
    assert zero.c.name == "OutputProjectionWrapperZeroState/LSTMCellZeroState/zeros:0"
    out, state = cell(tf.zeros([3, 5]), zero)
    assert out.shape.as_list() == [3, 2]
    assert [v.name for v in cell.trainable_weights] == [
        "output_projection_wrapper/lstm_cell/kernel:0",
        "output_projection_wrapper/lstm_cell/bias:0",
        "output_projection_wrapper/kernel:0", "output_projection_wrapper/bias:0"]
    cell(tf.zeros([3, 5]), state)  # the second step reuses the projection
    assert len(tf.global_variables()) == 4


def test_embedding_wrapper_takes_int_ids_and_embeds_on_the_cpu():
    cell = rnn.EmbeddingWrapper(rnn.BasicRNNCell(3), embedding_classes=5, embedding_size=2)
    ids = tf.constant([[1], [4]])
    out, _ = cell(ids, cell.zero_state(2, tf.float32))
    table = tf.global_variables()[0]
    assert (table.name, table.shape.as_list()) == ("embedding_wrapper/embedding:0", [5, 2])
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        values = sess.run(table)
        assert np.all(np.abs(values) <= np.sqrt(3)) and sess.run(out).shape == (2, 3)


@pytest.mark.parametrize("make,error,match", [
    (lambda: rnn.OutputProjectionWrapper(object(), 2), TypeError,
     "The parameter cell is not RNNCell."),
    (lambda: rnn.OutputProjectionWrapper(rnn.GRUCell(2), 0), ValueError,
     r"Parameter output_size must be > 0: 0\."),
    (lambda: rnn.InputProjectionWrapper(3, 2), TypeError, "The parameter cell is not RNNCell."),
    (lambda: rnn.EmbeddingWrapper(rnn.GRUCell(2), 0, 3), ValueError,
     r"Both embedding_classes and embedding_size must be > 0: 0, 3\."),
])
def test_wrapper_argument_errors(make, error, match):
    with pytest.raises(error, match=match):
        make()


def test_input_projection_wrapper_rejects_unknown_depth():
    cell = rnn.InputProjectionWrapper(rnn.GRUCell(2), 3)
    with pytest.raises(ValueError, match=r"linear expects shape\[1\] to be provided"):
        cell(tf.placeholder(tf.float32, [2, None]), cell.zero_state(2, tf.float32))


def _cells(n):
    return [rnn.BasicRNNCell(2) for _ in range(n)]


@pytest.mark.parametrize("fn", [rnn.stack_bidirectional_dynamic_rnn,
                                rnn.stack_bidirectional_rnn])
@pytest.mark.parametrize("args,match", [
    (([], _cells(1)), "Must specify at least one fw cell for BidirectionalRNN."),
    ((_cells(1), []), "Must specify at least one bw cell for BidirectionalRNN."),
    ((tuple(_cells(1)), _cells(1)), r"cells_fw must be a list of RNNCells \(one per layer\)."),
    ((_cells(1), tuple(_cells(1))), r"cells_bw must be a list of RNNCells \(one per layer\)."),
    ((_cells(2), _cells(1)), "Forward and Backward cells must have the same depth."),
])
def test_stack_bidirectional_argument_errors(fn, args, match):
    with pytest.raises(ValueError, match=match):
        fn(*args, [tf.zeros([2, 3])], dtype=tf.float32)


def test_stack_bidirectional_initial_states_must_be_one_per_layer():
    with pytest.raises(ValueError, match=r"initial_states_fw must be a list of state tensors"):
        rnn.stack_bidirectional_dynamic_rnn(_cells(1), _cells(1), tf.zeros([2, 3, 4]),
                                            initial_states_fw=[], dtype=tf.float32)


def test_stack_bidirectional_dynamic_rnn_shapes_and_states():
    out, fw, bw = rnn.stack_bidirectional_dynamic_rnn(
        [rnn.BasicRNNCell(3), rnn.BasicRNNCell(2)], [rnn.GRUCell(3), rnn.GRUCell(2)],
        tf.zeros([2, 5, 4]), dtype=tf.float32, time_major=False)
    assert out.name == "stack_bidirectional_rnn/cell_1/concat:0"
    assert out.shape.as_list() == [2, 5, 4]
    assert [s.shape.as_list() for s in fw + bw] == [[2, 3], [2, 2], [2, 3], [2, 2]]
