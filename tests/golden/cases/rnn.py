"""Golden cases: rnn."""
