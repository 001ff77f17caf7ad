"""RNN cells (mirrors rnn_cell_impl.py of TF 1.15; the seed tutorial's TF 1.2-1.4 where it
prints something)."""
__all__: list = []
