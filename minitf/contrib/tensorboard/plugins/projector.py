"""`tf.contrib.tensorboard.plugins.projector` (mirrors tensorflow/contrib/tensorboard/plugins/
projector/__init__.py of TF 1.15): scripts describe their embedding variables in a
ProjectorConfig and `visualize_embeddings` leaves it in the writer's logdir, where TensorBoard's
projector finds it. The messages are TensorBoard's own copies of TF's."""
from __future__ import annotations

import os
from typing import Any

from ....framework.graph_def import protos
from ....gfile import GFile

protos()  # the ImportError naming the tensorboard extra, and TensorBoard pinned to its stub
from google.protobuf import text_format  # noqa: E402
from tensorboard.plugins.projector.projector_config_pb2 import (  # noqa: E402
    EmbeddingInfo,
    ProjectorConfig,
    SpriteMetadata,
)

__all__ = ["EmbeddingInfo", "ProjectorConfig", "SpriteMetadata", "visualize_embeddings"]

PROJECTOR_FILENAME = "projector_config.pbtxt"  # the name TensorBoard's projector reads


def visualize_embeddings(summary_writer: Any, config: Any) -> None:
    """Writes `config` as `projector_config.pbtxt` (protobuf text) into the logdir of
    `summary_writer`, as TF 1.15 does; ValueError when the writer has no logdir."""
    logdir = summary_writer.get_logdir()
    if logdir is None:
        raise ValueError("Summary writer must have a logdir")
    with GFile(os.path.join(logdir, PROJECTOR_FILENAME), "w") as f:
        f.write(text_format.MessageToString(config))
