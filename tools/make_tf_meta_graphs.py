"""Writes the MetaGraphs, checkpoints and frozen GraphDefs that real TensorFlow makes, for
tests/train/test_meta_graph.py and tests/framework/test_importer.py to load into minitf.

    TF_USE_LEGACY_KERAS=1 /work/tfenv/bin/python tools/make_tf_meta_graphs.py

Under tests/golden/tf_meta/:
- `mlp/model-3.meta` + its checkpoint: a two-layer MLP trained 3 Adam steps (global step,
  a `pred` collection, a summary, a string and an int collection), saved by `Saver.save`;
- `lstm/model-2.meta` + its checkpoint: an LSTMCell under dynamic_rnn, trained 2 Adam steps
  (TF's gradient while loop with its stacks is in the graph);
- `mlp_frozen.pb`, `lstm_frozen.pb`: the same models frozen with
  `graph_util.convert_variables_to_constants` (binary GraphDefs);
- `loop_cond.pb`: a while loop beside a cond on a placeholder (no variables);
- `cond_train.pb`: a cond in a GradientDescent training graph (TF's gradient cond);
- `expected.json`: the fixed inputs, the outputs TF computed after saving, the loss after one
  more training step from the saved state, variable and collection names, the cond graph's
  losses over three steps for either predicate.
"""
from __future__ import annotations

import json
import os
import shutil
import warnings
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "golden" / "tf_meta"


def _tf():
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    warnings.filterwarnings("ignore")
    import tensorflow.compat.v1 as tf
    tf.disable_v2_behavior()
    tf.get_logger().setLevel("ERROR")
    return tf


def _inputs() -> dict:
    rng = np.random.RandomState(3)
    return {"mlp_x": rng.uniform(-1, 1, (4, 5)).astype(np.float32),
            "mlp_y": np.array([0, 2, 1, 2], dtype=np.int32),
            "lstm_x": rng.uniform(-1, 1, (2, 4, 3)).astype(np.float32)}


def _mlp(tf, data: dict) -> dict:
    graph = tf.Graph()
    with graph.as_default():
        tf.set_random_seed(5)
        x = tf.placeholder(tf.float32, [None, 5], name="x")
        y = tf.placeholder(tf.int32, [None], name="y")
        with tf.variable_scope("hidden"):
            w1 = tf.get_variable("weights", [5, 8])
            b1 = tf.get_variable("biases", [8], initializer=tf.zeros_initializer())
            h = tf.nn.relu(tf.matmul(x, w1) + b1)
        with tf.variable_scope("out"):
            w2 = tf.get_variable("weights", [8, 3])
            b2 = tf.get_variable("biases", [3], initializer=tf.zeros_initializer())
            logits = tf.identity(tf.matmul(h, w2) + b2, name="logits")
        pred = tf.argmax(logits, 1, name="pred")
        loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(
            labels=y, logits=logits), name="loss")
        step = tf.train.get_or_create_global_step()
        train = tf.train.AdamOptimizer(0.1).minimize(loss, global_step=step, name="train")
        tf.add_to_collection("pred", pred)
        tf.add_to_collection("logits", logits)
        tf.add_to_collection("notes", "mlp")
        tf.add_to_collection("sizes", 8)
        tf.summary.scalar("loss", loss)
        feed = {x: data["mlp_x"], y: data["mlp_y"]}
        saver = tf.train.Saver()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(3):
                sess.run(train, feed)
            saver.save(sess, str(OUT / "mlp" / "model"), global_step=step)
            values = sess.run({"logits": logits, "pred": pred, "loss": loss}, feed)
            frozen = tf.graph_util.convert_variables_to_constants(
                sess, graph.as_graph_def(), ["out/logits", "pred"])
            sess.run(train, feed)
            next_loss = sess.run(loss, feed)
        (OUT / "mlp_frozen.pb").write_bytes(frozen.SerializeToString())
        return {"logits": values["logits"].tolist(), "pred": values["pred"].tolist(),
                "loss": float(values["loss"]), "loss_after_one_more_step": float(next_loss),
                "global_variables": [v.name for v in tf.global_variables()],
                "trainable_variables": [v.name for v in tf.trainable_variables()],
                "collections": sorted(graph.get_all_collection_keys()),
                "frozen_nodes": [n.name for n in frozen.node]}


def _lstm(tf, data: dict) -> dict:
    graph = tf.Graph()
    with graph.as_default():
        tf.set_random_seed(9)
        x = tf.placeholder(tf.float32, [None, 4, 3], name="x")
        cell = tf.nn.rnn_cell.LSTMCell(5)
        outputs, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
        outputs = tf.identity(outputs, name="outputs")
        loss = tf.reduce_mean(tf.square(outputs - 0.5), name="loss")
        train = tf.train.AdamOptimizer(0.05).minimize(loss, name="train")
        tf.add_to_collection("outputs", outputs)
        feed = {x: data["lstm_x"]}
        saver = tf.train.Saver()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(2):
                sess.run(train, feed)
            saver.save(sess, str(OUT / "lstm" / "model"), global_step=2)
            out, last_h, value = sess.run([outputs, state.h, loss], feed)
            frozen = tf.graph_util.convert_variables_to_constants(
                sess, graph.as_graph_def(), ["outputs"])
            sess.run(train, feed)
            next_loss = sess.run(loss, feed)
        (OUT / "lstm_frozen.pb").write_bytes(frozen.SerializeToString())
        return {"outputs": out.tolist(), "state_h": last_h.tolist(), "loss": float(value),
                "loss_after_one_more_step": float(next_loss),
                "global_variables": [v.name for v in tf.global_variables()],
                "state_h_name": state.h.name}


def _loop_cond(tf) -> dict:
    graph = tf.Graph()
    with graph.as_default():
        x = tf.placeholder(tf.float32, [None, 3], name="x")
        flag = tf.placeholder(tf.bool, [], name="flag")
        _, total = tf.while_loop(lambda i, a: i < 4,
                                 lambda i, a: (i + 1, a * 2.0 + tf.reduce_sum(x)),
                                 [tf.constant(0), tf.constant(1.0)], name="loop")
        tf.identity(total, name="total")
        picked = tf.cond(flag, lambda: x * 3.0, lambda: tf.constant([[7.0, 8.0, 9.0]]),
                         name="pick")
        tf.identity(picked, name="picked")
        value = np.array([[1.0, 2.0, 3.0]], dtype=np.float32)
        with tf.Session() as sess:
            found = {str(f): sess.run(["total:0", "picked:0"], {x: value, flag: f})
                     for f in (True, False)}
    (OUT / "loop_cond.pb").write_bytes(graph.as_graph_def().SerializeToString())
    return {"x": value.tolist(),
            "results": {k: [float(v[0]), v[1].tolist()] for k, v in found.items()}}


def _cond_train(tf) -> dict:
    """A cond in a training graph: TF's gradient of the cond is a second cond on the same
    predicate, whose branches read the forward branches' values."""
    graph = tf.Graph()
    with graph.as_default():
        x = tf.placeholder(tf.float32, [None, 3], name="x")
        flag = tf.placeholder_with_default(True, [], name="flag")
        w = tf.Variable([[0.5, -1.0], [1.0, 0.25], [-0.5, 2.0]], name="w")
        h = tf.matmul(x, w)
        y = tf.cond(flag, lambda: tf.tanh(h) * 2.0, lambda: h - 1.0)
        loss = tf.reduce_mean(tf.square(y), name="loss")
        tf.train.GradientDescentOptimizer(0.1).minimize(loss, name="train")
        tf.variables_initializer([w], name="init")
        value = np.array([[1.0, 2.0, -1.0], [0.5, 0.0, 1.0]], dtype=np.float32)
        losses = {}
        with tf.Session() as sess:
            for f in (True, False):
                sess.run("init")
                found = []
                for _ in range(3):
                    sess.run("train", {x: value, flag: f})
                    found.append(float(sess.run(loss, {x: value, flag: f})))
                losses[str(f)] = found
    (OUT / "cond_train.pb").write_bytes(graph.as_graph_def().SerializeToString())
    return {"x": value.tolist(), "losses": losses}


def main() -> None:
    tf = _tf()
    if OUT.exists():
        shutil.rmtree(OUT)
    (OUT / "mlp").mkdir(parents=True)
    (OUT / "lstm").mkdir()
    data = _inputs()
    expected = {"inputs": {k: v.tolist() for k, v in data.items()}, "mlp": _mlp(tf, data),
                "lstm": _lstm(tf, data), "loop_cond": _loop_cond(tf),
                "cond_train": _cond_train(tf)}
    for sub in ("mlp", "lstm"):  # the state file names this machine's paths
        (OUT / sub / "checkpoint").unlink()
    (OUT / "expected.json").write_text(json.dumps(expected, indent=1) + "\n")
    sizes = {str(p.relative_to(OUT)): p.stat().st_size for p in sorted(OUT.rglob("*"))
             if p.is_file()}
    print(json.dumps(sizes, indent=1))


if __name__ == "__main__":
    main()
