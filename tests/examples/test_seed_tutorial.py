"""examples/seed_tutorial.py prints the lines the seed tutorial prints, then runs every block."""
import os
import runpy

EXAMPLE = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "seed_tutorial.py")

ZERO_STATE = ("LSTMStateTuple(c=<tf.Tensor 'BasicLSTMCellZeroState/zeros:0' shape=(32, 128) "
              "dtype=float32>, h=<tf.Tensor 'BasicLSTMCellZeroState/zeros_1:0' shape=(32, 128) "
              "dtype=float32>)")

BUILT = [
    "--- BasicRNNCell.call",
    "128",  # the seed's lines from here ...
    "(32, 128)",
    "True",
    "--- BasicLSTMCell.call",
    "128",
    "LSTMStateTuple(c=128, h=128)",
    ZERO_STATE,
    "(32, 128)",
    'Tensor("mul_2:0", shape=(32, 128), dtype=float32)',
    'Tensor("add_1:0", shape=(32, 128), dtype=float32)',  # ... to here
    "--- dynamic_rnn",
    "(32, 10, 128)",
    "(32, 128) (32, 128)",
    "['rnn/transpose', 'rnn/transpose_1']",
    "--- bidirectional_dynamic_rnn",
    "(32, 10, 128) (32, 10, 128)",
    "(32, 10, 256)",
    "--- MultiRNNCell",
    "(32, 10, 256)",
    "2 (32, 128) (32, 256)",
]

RUN = [
    "--- running each block in a Session on random data",
    "BasicRNNCell.call: {'output': (32, 128), 'h1': (32, 128)}",
    ("BasicLSTMCell.call: {'new_h': (32, 128), "
     "'new_state': LSTMStateTuple(c=(32, 128), h=(32, 128))}"),
    "dynamic_rnn: {'outputs': (32, 10, 128), 'state': LSTMStateTuple(c=(32, 128), h=(32, 128))}",
    ("bidirectional_dynamic_rnn: {'outputs': ((32, 10, 128), (32, 10, 128)), 'output_states': "
     "(LSTMStateTuple(c=(32, 128), h=(32, 128)), LSTMStateTuple(c=(32, 128), h=(32, 128)))}"),
    ("MultiRNNCell: {'outputs': (32, 10, 256), 'state': (LSTMStateTuple(c=(32, 128), "
     "h=(32, 128)), LSTMStateTuple(c=(32, 256), h=(32, 256)))}"),
]


def test_prints_the_seeds_lines_then_runs_every_block(capsys):
    runpy.run_path(EXAMPLE, run_name="__main__")
    assert capsys.readouterr().out.splitlines() == BUILT + RUN
