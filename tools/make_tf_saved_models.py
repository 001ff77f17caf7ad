"""Writes SavedModels that real TensorFlow makes, for tests/saved_model to load into minitf.

    TF_USE_LEGACY_KERAS=1 /work/tfenv/bin/python tools/make_tf_saved_models.py

Under tests/golden/tf_saved_model/:
- `mlp/`: `simple_save` of a two-layer MLP (input `x`, outputs `probs` and `asset`, the
  path an ASSET_FILEPATHS tensor holds, which the loader feeds with the copy under `assets/`);
- `lstm/`: `SavedModelBuilder` with an LSTMCell under dynamic_rnn, tags `serve` (predict
  signature) and `train` (a second MetaGraphDef sharing the variables), a main op that
  initializes a local counter;
- `expected.json`: the fixed inputs and TF's outputs.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
from make_tf_meta_graphs import _tf  # the same TF set-up (tools/ is the script's folder)

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "golden" / "tf_saved_model"


def _mlp(tf, expected: dict) -> None:
    rng = np.random.RandomState(0)
    x_value = rng.standard_normal((2, 4)).astype(np.float32)
    with tf.Graph().as_default(), tf.Session() as sess:
        tf.set_random_seed(1)
        x = tf.placeholder(tf.float32, [None, 4], name="x")
        hidden = tf.layers.dense(x, 5, tf.nn.relu, name="hidden")
        probs = tf.nn.softmax(tf.layers.dense(hidden, 3, name="out"), name="probs")
        vocab = OUT / "vocab.txt"
        vocab.write_text("a\nb\n")
        asset = tf.constant(str(vocab), name="vocab_path")
        tf.add_to_collection(tf.GraphKeys.ASSET_FILEPATHS, asset)
        path_out = tf.identity(asset, name="asset_seen")
        sess.run(tf.global_variables_initializer())
        tf.saved_model.simple_save(sess, str(OUT / "mlp"), inputs={"x": x},
                                   outputs={"probs": probs, "asset": path_out})
        expected["mlp"] = {"x": x_value.tolist(), "probs": sess.run(probs, {x: x_value}).tolist()}
    os.remove(vocab)


def _lstm(tf, expected: dict) -> None:
    rng = np.random.RandomState(1)
    x_value = rng.standard_normal((2, 5, 3)).astype(np.float32)
    with tf.Graph().as_default(), tf.Session() as sess:
        tf.set_random_seed(2)
        x = tf.placeholder(tf.float32, [None, 5, 3], name="x")
        _, state = tf.nn.dynamic_rnn(tf.nn.rnn_cell.LSTMCell(4), x, dtype=tf.float32)
        h = tf.identity(state.h, name="h")
        calls = tf.get_local_variable("calls", [], tf.int32, tf.constant_initializer(7))
        sess.run(tf.global_variables_initializer())
        builder = tf.saved_model.Builder(str(OUT / "lstm"))
        signature = tf.saved_model.predict_signature_def({"x": x}, {"h": h})
        main_op = tf.group(tf.local_variables_initializer(), name="main_op")
        builder.add_meta_graph_and_variables(
            sess, [tf.saved_model.SERVING], {"serving_default": signature}, main_op=main_op)
        builder.add_meta_graph([tf.saved_model.TRAINING])
        builder.save()
        expected["lstm"] = {"x": x_value.tolist(), "h": sess.run(h, {x: x_value}).tolist(),
                            "calls": 7, "local": calls.name}


def main() -> None:
    tf = _tf()
    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    expected: dict = {"tensorflow": tf.VERSION}
    _mlp(tf, expected)
    _lstm(tf, expected)
    (OUT / "expected.json").write_text(json.dumps(expected, indent=1) + "\n")


if __name__ == "__main__":
    main()
