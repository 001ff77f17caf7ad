"""Every cell class in tf.nn.rnn_cell and tf.contrib.rnn has TF 1.15's `__init__` signature:
parameter names, order, kinds and defaults (read off TF 1.15's rnn_cell_impl.py,
contrib/rnn/python/ops/lstm_ops.py, gru_ops.py, core_rnn_cell.py, fused_rnn_cell.py and
rnn_cell.py). Scripts
inspect them (`'reuse' in inspect.getargspec(BasicLSTMCell.__init__).args`)."""
import inspect

import pytest

import minitf as tf

_E = inspect.Parameter.empty
# name -> [(parameter, default or _E, kind)], `self` left out
_POS, _VAR, _KW = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.VAR_POSITIONAL,
                   inspect.Parameter.VAR_KEYWORD)
TF115 = {
    "RNNCell": [("trainable", True, _POS), ("name", None, _POS), ("dtype", None, _POS),
                ("kwargs", _E, _KW)],
    "BasicRNNCell": [("num_units", _E, _POS), ("activation", None, _POS),
                     ("reuse", None, _POS), ("name", None, _POS), ("dtype", None, _POS),
                     ("kwargs", _E, _KW)],
    "GRUCell": [("num_units", _E, _POS), ("activation", None, _POS), ("reuse", None, _POS),
                ("kernel_initializer", None, _POS), ("bias_initializer", None, _POS),
                ("name", None, _POS), ("dtype", None, _POS), ("kwargs", _E, _KW)],
    "BasicLSTMCell": [("num_units", _E, _POS), ("forget_bias", 1.0, _POS),
                      ("state_is_tuple", True, _POS), ("activation", None, _POS),
                      ("reuse", None, _POS), ("name", None, _POS), ("dtype", None, _POS),
                      ("kwargs", _E, _KW)],
    "LSTMCell": [("num_units", _E, _POS), ("use_peepholes", False, _POS),
                 ("cell_clip", None, _POS), ("initializer", None, _POS),
                 ("num_proj", None, _POS), ("proj_clip", None, _POS),
                 ("num_unit_shards", None, _POS), ("num_proj_shards", None, _POS),
                 ("forget_bias", 1.0, _POS), ("state_is_tuple", True, _POS),
                 ("activation", None, _POS), ("reuse", None, _POS), ("name", None, _POS),
                 ("dtype", None, _POS), ("kwargs", _E, _KW)],
    "MultiRNNCell": [("cells", _E, _POS), ("state_is_tuple", True, _POS)],
    "DropoutWrapper": [("args", _E, _VAR), ("kwargs", _E, _KW)],
    "ResidualWrapper": [("args", _E, _VAR), ("kwargs", _E, _KW)],
    "DeviceWrapper": [("args", _E, _VAR), ("kwargs", _E, _KW)],
}
CONTRIB_ONLY = {
    "LSTMBlockCell": [("num_units", _E, _POS), ("forget_bias", 1.0, _POS),
                      ("cell_clip", None, _POS), ("use_peephole", False, _POS),
                      ("dtype", None, _POS), ("reuse", None, _POS),
                      ("name", "lstm_cell", _POS)],
    "GRUBlockCell": [("num_units", None, _POS), ("cell_size", None, _POS),
                     ("reuse", None, _POS), ("name", "gru_cell", _POS)],
    "GRUBlockCellV2": [("num_units", None, _POS), ("cell_size", None, _POS),
                       ("reuse", None, _POS), ("name", "gru_cell", _POS)],
    "LayerNormBasicLSTMCell": [("num_units", _E, _POS), ("forget_bias", 1.0, _POS),
                               ("input_size", None, _POS), ("activation", tf.tanh, _POS),
                               ("layer_norm", True, _POS), ("norm_gain", 1.0, _POS),
                               ("norm_shift", 0.0, _POS), ("dropout_keep_prob", 1.0, _POS),
                               ("dropout_prob_seed", None, _POS), ("reuse", None, _POS)],
    "NASCell": [("num_units", _E, _POS), ("num_proj", None, _POS), ("use_bias", False, _POS),
                ("reuse", None, _POS), ("kwargs", _E, _KW)],
    "OutputProjectionWrapper": [("cell", _E, _POS), ("output_size", _E, _POS),
                                ("activation", None, _POS), ("reuse", None, _POS)],
    "InputProjectionWrapper": [("cell", _E, _POS), ("num_proj", _E, _POS),
                               ("activation", None, _POS), ("input_size", None, _POS),
                               ("reuse", None, _POS)],
    "EmbeddingWrapper": [("cell", _E, _POS), ("embedding_classes", _E, _POS),
                         ("embedding_size", _E, _POS), ("initializer", None, _POS),
                         ("reuse", None, _POS)],
    "LayerRNNCell": [("trainable", True, _POS), ("name", None, _POS), ("dtype", None, _POS),
                     ("kwargs", _E, _KW)],
    "CoupledInputForgetGateLSTMCell": [
        ("num_units", _E, _POS), ("use_peepholes", False, _POS), ("initializer", None, _POS),
        ("num_proj", None, _POS), ("proj_clip", None, _POS), ("num_unit_shards", 1, _POS),
        ("num_proj_shards", 1, _POS), ("forget_bias", 1.0, _POS),
        ("state_is_tuple", True, _POS), ("activation", tf.tanh, _POS), ("reuse", None, _POS),
        ("layer_norm", False, _POS), ("norm_gain", 1.0, _POS), ("norm_shift", 0.0, _POS)],
    "TimeFreqLSTMCell": [
        ("num_units", _E, _POS), ("use_peepholes", False, _POS), ("cell_clip", None, _POS),
        ("initializer", None, _POS), ("num_unit_shards", 1, _POS), ("forget_bias", 1.0, _POS),
        ("feature_size", None, _POS), ("frequency_skip", 1, _POS), ("reuse", None, _POS)],
    "GridLSTMCell": [
        ("num_units", _E, _POS), ("use_peepholes", False, _POS),
        ("share_time_frequency_weights", False, _POS), ("cell_clip", None, _POS),
        ("initializer", None, _POS), ("num_unit_shards", 1, _POS), ("forget_bias", 1.0, _POS),
        ("feature_size", None, _POS), ("frequency_skip", None, _POS),
        ("num_frequency_blocks", None, _POS), ("start_freqindex_list", None, _POS),
        ("end_freqindex_list", None, _POS), ("couple_input_forget_gates", False, _POS),
        ("state_is_tuple", True, _POS), ("reuse", None, _POS)],
    "AttentionCellWrapper": [
        ("cell", _E, _POS), ("attn_length", _E, _POS), ("attn_size", None, _POS),
        ("attn_vec_size", None, _POS), ("input_size", None, _POS),
        ("state_is_tuple", True, _POS), ("reuse", None, _POS)],
    "HighwayWrapper": [("cell", _E, _POS), ("couple_carry_transform_gates", True, _POS),
                       ("carry_bias_init", 1.0, _POS)],
    "CompiledWrapper": [("cell", _E, _POS), ("compile_stateful", False, _POS)],
    "UGRNNCell": [("num_units", _E, _POS), ("initializer", None, _POS),
                  ("forget_bias", 1.0, _POS), ("activation", tf.tanh, _POS),
                  ("reuse", None, _POS)],
    "IntersectionRNNCell": [("num_units", _E, _POS), ("num_in_proj", None, _POS),
                            ("initializer", None, _POS), ("forget_bias", 1.0, _POS),
                            ("y_activation", tf.nn.relu, _POS), ("reuse", None, _POS)],
    "PhasedLSTMCell": [("num_units", _E, _POS), ("use_peepholes", False, _POS),
                       ("leak", 0.001, _POS), ("ratio_on", 0.1, _POS),
                       ("trainable_ratio_on", True, _POS), ("period_init_min", 1.0, _POS),
                       ("period_init_max", 1000.0, _POS), ("reuse", None, _POS)],
    "ConvLSTMCell": [("conv_ndims", _E, _POS), ("input_shape", _E, _POS),
                     ("output_channels", _E, _POS), ("kernel_shape", _E, _POS),
                     ("use_bias", True, _POS), ("skip_connection", False, _POS),
                     ("forget_bias", 1.0, _POS), ("initializers", None, _POS),
                     ("name", "conv_lstm_cell", _POS)],
    "Conv1DLSTMCell": [("name", "conv_1d_lstm_cell", _POS), ("kwargs", _E, _KW)],
    "Conv2DLSTMCell": [("name", "conv_2d_lstm_cell", _POS), ("kwargs", _E, _KW)],
    "Conv3DLSTMCell": [("name", "conv_3d_lstm_cell", _POS), ("kwargs", _E, _KW)],
    "GLSTMCell": [("num_units", _E, _POS), ("initializer", None, _POS),
                  ("num_proj", None, _POS), ("number_of_groups", 1, _POS),
                  ("forget_bias", 1.0, _POS), ("activation", tf.tanh, _POS),
                  ("reuse", None, _POS)],
    "SRUCell": [("num_units", _E, _POS), ("activation", None, _POS), ("reuse", None, _POS),
                ("name", None, _POS), ("kwargs", _E, _KW)],
    "IndRNNCell": [("num_units", _E, _POS), ("activation", None, _POS), ("reuse", None, _POS),
                   ("name", None, _POS), ("dtype", None, _POS)],
    "IndyGRUCell": [("num_units", _E, _POS), ("activation", None, _POS), ("reuse", None, _POS),
                    ("kernel_initializer", None, _POS), ("bias_initializer", None, _POS),
                    ("name", None, _POS), ("dtype", None, _POS)],
    "IndyLSTMCell": [("num_units", _E, _POS), ("forget_bias", 1.0, _POS),
                     ("activation", None, _POS), ("reuse", None, _POS),
                     ("kernel_initializer", None, _POS), ("bias_initializer", None, _POS),
                     ("name", None, _POS), ("dtype", None, _POS)],
    # fused cells (not RNNCells)
    "LSTMBlockFusedCell": [("num_units", _E, _POS), ("forget_bias", 1.0, _POS),
                           ("cell_clip", None, _POS), ("use_peephole", False, _POS),
                           ("reuse", None, _POS), ("dtype", None, _POS),
                           ("name", "lstm_fused_cell", _POS)],
    "FusedRNNCellAdaptor": [("cell", _E, _POS), ("use_dynamic_rnn", False, _POS)],
    "TimeReversedFusedRNN": [("cell", _E, _POS)],
}
# GridLSTMCell's, with `backward_slice_offset=0` where it has `state_is_tuple=True`.
CONTRIB_ONLY["BidirectionalGridLSTMCell"] = [
    ("backward_slice_offset", 0, _POS) if p[0] == "state_is_tuple" else p
    for p in CONTRIB_ONLY["GridLSTMCell"]]


def _signature(cls):
    params = list(inspect.signature(cls.__init__).parameters.values())[1:]
    return [(p.name, p.default, p.kind) for p in params]


@pytest.mark.parametrize("name", sorted(TF115))
def test_nn_rnn_cell_signatures(name):
    assert _signature(getattr(tf.nn.rnn_cell, name)) == TF115[name]
    assert getattr(tf.contrib.rnn, name) is getattr(tf.nn.rnn_cell, name)


@pytest.mark.parametrize("name", sorted(CONTRIB_ONLY))
def test_contrib_rnn_cell_signatures(name):
    assert _signature(getattr(tf.contrib.rnn, name)) == CONTRIB_ONLY[name]


def test_every_cell_class_is_listed():
    listed = set(TF115) | set(CONTRIB_ONLY)
    for module in (tf.nn.rnn_cell, tf.contrib.rnn):
        cells = {n for n, v in vars(module).items() if isinstance(v, type) and
                 issubclass(v, tf.nn.rnn_cell.RNNCell) and not n.startswith("_")}
        assert cells <= listed, sorted(cells - listed)


def test_getargspec_style_check_of_tutorials():
    assert "reuse" in inspect.getfullargspec(tf.contrib.rnn.BasicLSTMCell.__init__).args
