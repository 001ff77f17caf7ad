"""`BasicDecoder` (mirrors contrib/seq2seq/python/ops/basic_decoder.py of TF 1.15): one cell
step, an optional output layer, then the helper's sample and next inputs."""
from __future__ import annotations

import collections
from typing import Any

from ...framework import nest
from ...framework.graph import Tensor, name_scope
from ...framework.tensor_shape import TensorShape
from ...nn.layers import Layer
from ...nn.rnn import _assert_like_rnncell
from . import decoder
from .helper import Helper

__all__ = ["BasicDecoder", "BasicDecoderOutput"]


def rnn_output_size(cell: Any, output_layer: Any) -> Any:
    """The size of a decoder's outputs: the cell's, or what `output_layer` makes of it."""
    size = cell.output_size
    if output_layer is None:
        return size
    with_batch = nest.map_structure(lambda s: TensorShape([None]).concatenate(s), size)
    layer_shape = output_layer.compute_output_shape(with_batch)
    return nest.map_structure(lambda s: s[1:], layer_shape)


class BasicDecoderOutput(collections.namedtuple("BasicDecoderOutput",
                                                ("rnn_output", "sample_id"))):
    """One step's (or, stacked, all steps') cell outputs and sampled ids."""
    __slots__ = ()


class BasicDecoder(decoder.Decoder):
    """Runs `cell` from `initial_state` on what `helper` feeds it; `output_layer` (a
    `tf.layers.Layer`, e.g. `Dense(vocab_size)`) maps cell outputs to logits before sampling."""

    def __init__(self, cell: Any, helper: Helper, initial_state: Any,
                 output_layer: Layer | None = None):
        _assert_like_rnncell("cell", cell)
        if not isinstance(helper, Helper):
            raise TypeError(f"helper must be a Helper, received: {type(helper)}")
        if output_layer is not None and not isinstance(output_layer, Layer):
            raise TypeError(f"output_layer must be a Layer, received: {type(output_layer)}")
        self._cell = cell
        self._helper = helper
        self._initial_state = initial_state
        self._output_layer = output_layer

    @property
    def batch_size(self) -> Any:
        return self._helper.batch_size

    def _rnn_output_size(self) -> Any:
        return rnn_output_size(self._cell, self._output_layer)

    @property
    def output_size(self) -> BasicDecoderOutput:
        return BasicDecoderOutput(rnn_output=self._rnn_output_size(),
                                  sample_id=self._helper.sample_ids_shape)

    @property
    def output_dtype(self) -> BasicDecoderOutput:
        dtype = nest.flatten(self._initial_state)[0].dtype
        return BasicDecoderOutput(nest.map_structure(lambda _: dtype, self._rnn_output_size()),
                                  self._helper.sample_ids_dtype)

    def initialize(self, name: str | None = None) -> tuple:
        return self._helper.initialize() + (self._initial_state,)

    def step(self, time: Tensor, inputs: Any, state: Any, name: str | None = None) -> tuple:
        with name_scope(name, "BasicDecoderStep", (time, inputs, state)):
            cell_outputs, cell_state = self._cell(inputs, state)
            if self._output_layer is not None:
                cell_outputs = self._output_layer(cell_outputs)
            sample_ids = self._helper.sample(time=time, outputs=cell_outputs, state=cell_state)
            finished, next_inputs, next_state = self._helper.next_inputs(
                time=time, outputs=cell_outputs, state=cell_state, sample_ids=sample_ids)
        outputs = BasicDecoderOutput(cell_outputs, sample_ids)
        return outputs, next_state, next_inputs, finished
