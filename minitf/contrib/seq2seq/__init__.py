"""`tf.contrib.seq2seq` (mirrors tensorflow/contrib/seq2seq of TF 1.15): `sequence_loss`, the
decoding API (`dynamic_decode`, `BasicDecoder`, helpers) and attention wrappers."""
from .attention_wrapper import (
    AttentionMechanism,
    AttentionWrapper,
    AttentionWrapperState,
    BahdanauAttention,
    LuongAttention,
    hardmax,
)
from .basic_decoder import BasicDecoder, BasicDecoderOutput
from .decoder import Decoder, dynamic_decode
from .helper import (
    CustomHelper,
    GreedyEmbeddingHelper,
    Helper,
    SampleEmbeddingHelper,
    TrainingHelper,
)
from .loss import sequence_loss

__all__ = [
    "AttentionMechanism",
    "AttentionWrapper",
    "AttentionWrapperState",
    "BahdanauAttention",
    "BasicDecoder",
    "BasicDecoderOutput",
    "CustomHelper",
    "Decoder",
    "GreedyEmbeddingHelper",
    "Helper",
    "LuongAttention",
    "SampleEmbeddingHelper",
    "TrainingHelper",
    "dynamic_decode",
    "hardmax",
    "sequence_loss",
]
