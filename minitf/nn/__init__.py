"""`tf.nn`: re-exports the names each op family lists in its `NN_ALL`."""
from ..ops import array as _array, math as _math, nn as _nn, nn_impl as _nn_impl, random as _random
from ..ops import batch_norm as _batch_norm, conv as _conv, ctc_ops as _ctc_ops
from ..ops import candidate_sampling_ops as _candidate_sampling_ops
from ..ops import sampled_losses as _sampled_losses
from ..ops import sparse_ops as _sparse_ops
from . import rnn as _rnn, rnn_cell  # noqa: F401


def _export(modules) -> None:
    for mod in modules:
        for name in getattr(mod, "NN_ALL", ()):
            globals()[name] = getattr(mod, name)


_export((_array, _math, _nn, _nn_impl, _random, _rnn, _conv, _batch_norm, _ctc_ops,
         _candidate_sampling_ops, _sampled_losses, _sparse_ops))
# TF 1.x has no `tf.nn.rnn` (TF 0.x's static RNN, now `static_rnn`): old scripts probe for it
# (`try: tf.nn.rnn(...) except AttributeError:`), so the implementation module's attribute,
# set by the import above, goes; `from minitf.nn.rnn import ...` still finds the module.
del rnn  # noqa: F821
