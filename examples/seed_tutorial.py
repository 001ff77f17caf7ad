"""The seed tutorial (docs/seed-tutorial.md), end to end on minitf.

Each code block of the tutorial "TensorFlow 中 RNN&LSTM 的使用" is built, as written there, with
`import minitf as tf`, each in a fresh graph since the tutorial's snippets are independent; the
lines the tutorial prints come out the same (its second block constructs `BasicRNNCell` by a
slip: it means, and prints the results of, `BasicLSTMCell`). Then every block runs in a Session
on random data and the shapes of the results are printed.

    python examples/seed_tutorial.py
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

import minitf as tf

BATCH, MAX_TIME, DEPTH = 32, 10, 100


def rnn_cell_block() -> dict:
    """一、1: one step of a BasicRNNCell through its `call`."""
    cell = tf.contrib.rnn.BasicRNNCell(num_units=128)
    print(cell.state_size)  # 128

    inputs = tf.placeholder(shape=[32, 100], dtype=tf.float32)  # 32 是 batch_size
    h0 = cell.zero_state(batch_size=32, dtype=tf.float32)

    output, h1 = cell.call(inputs=inputs, state=h0)
    print(h1.shape)  # (32, 128)
    print(output == h1)  # True
    return {"output": output, "h1": h1}


def lstm_cell_block() -> dict:
    """一、2: one step of a BasicLSTMCell through its `call`."""
    lstm_cell = tf.contrib.rnn.BasicLSTMCell(num_units=128)
    print(lstm_cell.output_size)  # 128
    print(lstm_cell.state_size)  # LSTMStateTuple(c=128, h=128)

    inputs = tf.placeholder(shape=[32, 100], dtype=tf.float32)  # 32 是 batch_size
    h0 = lstm_cell.zero_state(batch_size=32, dtype=tf.float32)
    print(h0)

    new_h, new_state = lstm_cell.call(inputs=inputs, state=h0)
    print(new_h.shape)  # (32, 128)
    print(new_state.h)  # Tensor("mul_2:0", shape=(32, 128), dtype=float32)
    print(new_state.c)  # Tensor("add_1:0", shape=(32, 128), dtype=float32)
    return {"new_h": new_h, "new_state": new_state}


def dynamic_rnn_block() -> dict:
    """二、1: many steps at once with `tf.nn.dynamic_rnn` (batch-major inputs)."""
    cell = tf.nn.rnn_cell.BasicLSTMCell(num_units=128)
    inputs = tf.placeholder(tf.float32, shape=[BATCH, MAX_TIME, DEPTH])  # [batch, time, depth]
    outputs, state = tf.nn.dynamic_rnn(cell, inputs, dtype=tf.float32)
    print(outputs.shape)  # (32, 10, 128)
    print(state.c.shape, state.h.shape)  # (32, 128) (32, 128)
    # time_major=False: the inputs are transposed to [time, batch, depth] and the outputs back.
    print([op.name for op in tf.get_default_graph().get_operations() if op.type == "Transpose"])
    return {"outputs": outputs, "state": state}


def bidirectional_block() -> dict:
    """二、2: a bidirectional LSTM with `tf.nn.bidirectional_dynamic_rnn`."""
    cell_fw = tf.nn.rnn_cell.BasicLSTMCell(num_units=128)
    cell_bw = tf.nn.rnn_cell.BasicLSTMCell(num_units=128)
    inputs = tf.placeholder(tf.float32, shape=[BATCH, MAX_TIME, DEPTH])
    sequence_length = tf.fill([BATCH], MAX_TIME)  # 每一个值为 time_steps
    outputs, output_states = tf.nn.bidirectional_dynamic_rnn(
        cell_fw, cell_bw, inputs, sequence_length=sequence_length, dtype=tf.float32)
    output_fw, output_bw = outputs
    print(output_fw.shape, output_bw.shape)  # (32, 10, 128) (32, 10, 128)
    print(tf.concat(outputs, 2).shape)  # (32, 10, 256)
    return {"outputs": outputs, "output_states": output_states}


def multi_rnn_cell_block() -> dict:
    """三: two stacked LSTMCells of 128 and 256 units with `MultiRNNCell`."""
    data = tf.placeholder(tf.float32, shape=[BATCH, MAX_TIME, DEPTH])
    rnn_layers = [tf.nn.rnn_cell.LSTMCell(size) for size in [128, 256]]
    multi_rnn_cell = tf.nn.rnn_cell.MultiRNNCell(rnn_layers)
    outputs, state = tf.nn.dynamic_rnn(cell=multi_rnn_cell, inputs=data, dtype=tf.float32)
    print(outputs.shape)  # (32, 10, 256)
    print(len(state), state[0].h.shape, state[1].h.shape)  # 2 (32, 128) (32, 256)
    return {"outputs": outputs, "state": state}


BLOCKS: list[tuple[str, Callable[[], dict]]] = [
    ("BasicRNNCell.call", rnn_cell_block),
    ("BasicLSTMCell.call", lstm_cell_block),
    ("dynamic_rnn", dynamic_rnn_block),
    ("bidirectional_dynamic_rnn", bidirectional_block),
    ("MultiRNNCell", multi_rnn_cell_block),
]


def shapes(value: Any) -> Any:
    """The fetched structure with each array replaced by its shape (namedtuples kept)."""
    if isinstance(value, dict):
        return {k: shapes(v) for k, v in value.items()}
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        return type(value)(*(shapes(v) for v in value))
    if isinstance(value, (tuple, list)):
        return type(value)(shapes(v) for v in value)
    return value.shape


def main() -> None:
    built = []
    for title, block in BLOCKS:
        print(f"--- {title}")
        graph = tf.Graph()
        with graph.as_default():
            fetches = block()
            init = tf.global_variables_initializer()
        built.append((title, graph, fetches, init))

    print("--- running each block in a Session on random data")
    rng = np.random.RandomState(0)
    for title, graph, fetches, init in built:
        placeholders = [op.outputs[0] for op in graph.get_operations()
                        if op.type == "Placeholder"]
        feed = {p: rng.standard_normal(p.shape.as_list()).astype(np.float32)
                for p in placeholders}
        with tf.Session(graph=graph) as sess:
            sess.run(init)
            print(f"{title}: {shapes(sess.run(fetches, feed))}")


if __name__ == "__main__":
    main()
