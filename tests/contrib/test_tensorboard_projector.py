"""tf.contrib.tensorboard.plugins.projector: the ProjectorConfig an embedding-visualising script
writes next to its event files, as TF 1.15 writes it."""
import types

import pytest

import minitf as tf

pytest.importorskip("tensorboard", reason="the projector's messages are TensorBoard's")
from minitf.contrib.tensorboard.plugins import projector  # noqa: E402


def test_visualize_embeddings_writes_the_config_as_protobuf_text(tmp_path):
    emb = tf.Variable(tf.zeros([5, 3]), name="word_embedding")
    config = projector.ProjectorConfig()
    embedding = config.embeddings.add()
    embedding.tensor_name = emb.name
    embedding.metadata_path = "metadata.tsv"
    embedding.sprite.single_image_dim.extend([4, 4])
    writer = tf.summary.FileWriter(str(tmp_path))
    projector.visualize_embeddings(writer, config)
    writer.close()
    assert (tmp_path / "projector_config.pbtxt").read_text() == (
        'embeddings {\n  tensor_name: "word_embedding:0"\n  metadata_path: "metadata.tsv"\n'
        "  sprite {\n    single_image_dim: 4\n    single_image_dim: 4\n  }\n}\n")
    assert tf.contrib.tensorboard.plugins.projector.ProjectorConfig is projector.ProjectorConfig
    assert isinstance(embedding, projector.EmbeddingInfo)
    assert isinstance(embedding.sprite, projector.SpriteMetadata)


def test_a_writer_without_logdir_is_a_value_error():
    with pytest.raises(ValueError, match="^Summary writer must have a logdir$"):
        projector.visualize_embeddings(types.SimpleNamespace(get_logdir=lambda: None),
                                       projector.ProjectorConfig())
