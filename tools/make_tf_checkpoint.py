"""Writes the TensorFlow V2 checkpoints that tests/train/test_saver_tf.py restores into minitf.

    TF_USE_LEGACY_KERAS=1 /work/tfenv/bin/python tools/make_tf_checkpoint.py

Trains tests/train/lstm_model.py's LSTM for a few Adam steps in real TensorFlow (v1 graph mode),
saves it with `tf.train.Saver` (Adam's slots included) under tests/train/data/tf_lstm/, adds a
string variable for the reader's string path, and records the graph's outputs on the fixed
input and the loss of one more training step in expected.json. A second checkpoint,
tests/train/data/tf_partitioned/, holds two partitioned variables as TF saves them, in slices:
`E` [7, 3] float32 in 3 shards along rows and `F` [2, 5] float64 in 2 along columns, shard `i`
holding `arange(size) + 100 * i` (row-major, in the shard's shape).
"""
from __future__ import annotations

import importlib.util
import json
import os
import shutil
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "train" / "data" / "tf_lstm"
PARTITIONED = ROOT / "tests" / "train" / "data" / "tf_partitioned"
STEPS = 5


def _model():
    spec = importlib.util.spec_from_file_location("lstm_model",
                                                  ROOT / "tests" / "train" / "lstm_model.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    warnings.filterwarnings("ignore")
    import tensorflow.compat.v1 as tf
    tf.disable_v2_behavior()
    tf.get_logger().setLevel("ERROR")
    model = _model()
    x, y = model.inputs()
    tf.set_random_seed(1)
    m = model.build(tf)
    tf.Variable([b"minitf", b"", b"\x00bytes\xff"], name="notes")
    feed = {m["x"]: x, m["y"]: y}
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(STEPS):
            sess.run(m["train"], feed)
        saver = tf.train.Saver()
        saver.save(sess, str(OUT / "model.ckpt"), global_step=STEPS, write_meta_graph=False)
        outputs, state_h, logits, loss = sess.run(
            [m["outputs"], m["state_h"], m["logits"], m["loss"]], feed)
        sess.run(m["train"], feed)
        next_loss = sess.run(m["loss"], feed)
        shapes = dict(tf.train.list_variables(str(OUT)))
    # The state file names the checkpoint by its path on this machine; tests use the prefix.
    (OUT / "checkpoint").unlink()
    expected = {"outputs": outputs.tolist(), "state_h": state_h.tolist(),
                "logits": logits.tolist(), "loss": float(loss),
                "loss_after_one_more_step": float(next_loss),
                "variables": {k: list(v) for k, v in sorted(shapes.items())}}
    (OUT / "expected.json").write_text(json.dumps(expected, indent=1) + "\n")
    print(f"wrote {sorted(p.name for p in OUT.iterdir())}")
    _partitioned(tf)


def _partitioned(tf) -> None:
    import numpy as np  # noqa: PLC0415
    if PARTITIONED.exists():
        shutil.rmtree(PARTITIONED)
    PARTITIONED.mkdir(parents=True)
    with tf.Graph().as_default():
        e = tf.get_variable("E", [7, 3], partitioner=tf.fixed_size_partitioner(3))
        f = tf.get_variable("F", [2, 5], tf.float64,
                            partitioner=tf.fixed_size_partitioner(2, axis=1))
        shards = list(e) + list(f)
        fill = [s.assign(np.arange(s.shape.num_elements()).reshape(s.shape.as_list()) + 100 * i)
                for variable in (e, f) for i, s in enumerate(variable)]
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            sess.run(fill)
            tf.train.Saver(shards).save(sess, str(PARTITIONED / "model.ckpt"),
                                        write_meta_graph=False)
    (PARTITIONED / "checkpoint").unlink()
    print(f"wrote {sorted(p.name for p in PARTITIONED.iterdir())}")


if __name__ == "__main__":
    main()
