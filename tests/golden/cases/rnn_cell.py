"""Golden cases: rnn_cell."""
