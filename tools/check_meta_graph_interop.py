"""Checks that MetaGraphs minitf writes run in real TensorFlow as they run in minitf.

    TF_USE_LEGACY_KERAS=1 /work/tfenv/bin/python tools/check_meta_graph_interop.py

For an MLP, minitf (run by the plain `python3`, which has the tensorboard extra) trains two Adam
steps, saves (`Saver.save`, which writes `<prefix>.meta`), and records its outputs, the loss
after one more step and the saved values; for a dynamic_rnn LSTM, whose gradient loop uses
minitf's own op types that TF lacks (docs/meta-graphs.md), the same without training. TensorFlow then imports the
`.meta` with `tf.train.import_meta_graph`, loads each variable of the collection `variables`
with minitf's saved value (TF reads only its own checkpoint format, so the values come through
minitf's reader and `Variable.load`), and computes the same outputs and training step from the
collections `pred` and `train_op`. Prints the largest differences; exits non-zero when one
exceeds 1e-5.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
TOL = 1e-5


def _models(tf, kind: str):
    tf.set_random_seed(4)
    if kind == "mlp":
        x = tf.placeholder(tf.float32, [None, 5], name="x")
        h = tf.layers.dense(x, 8, activation=tf.nn.relu, name="hidden")
        pred = tf.layers.dense(h, 3, name="out")
        value = np.random.RandomState(1).uniform(-1, 1, (4, 5)).astype(np.float32)
    else:
        x = tf.placeholder(tf.float32, [None, 4, 3], name="x")
        pred, _ = tf.nn.dynamic_rnn(tf.nn.rnn_cell.LSTMCell(5), x, dtype=tf.float32)
        value = np.random.RandomState(1).uniform(-1, 1, (2, 4, 3)).astype(np.float32)
    loss = tf.reduce_mean(tf.square(pred - 0.25), name="loss")
    train = tf.train.AdamOptimizer(0.05).minimize(loss) if kind == "mlp" else None
    tf.add_to_collection("pred", pred)
    return x, value, loss, train


def _minitf_side(folder: str, kind: str) -> None:
    """Run by `python3 tools/check_meta_graph_interop.py --minitf FOLDER KIND`: writes
    FOLDER/KIND.meta, its checkpoint and FOLDER/KIND.npz (input, outputs, values)."""
    import minitf as mtf
    x, value, loss, train = _models(mtf, kind)
    with mtf.Session() as sess:
        sess.run(mtf.global_variables_initializer())
        for _ in range(2 if train is not None else 0):
            sess.run(train, {x: value})
        path = mtf.train.Saver().save(sess, os.path.join(folder, kind))
        pred = sess.run(mtf.get_collection("pred")[0], {x: value})
        if train is not None:
            sess.run(train, {x: value})
        after = sess.run(loss, {x: value})
    reader = mtf.train.load_checkpoint(path)
    np.savez(os.path.join(folder, kind + ".npz"), x=value, pred=pred, after=after,
             **{"var:" + n: reader.get_tensor(n) for n in reader.get_variable_to_shape_map()})


def _run_minitf(folder: str, kind: str) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    subprocess.run(["python3", __file__, "--minitf", folder, kind], env=env, check=True)
    data = np.load(os.path.join(folder, kind + ".npz"))
    return {"path": os.path.join(folder, kind), "x": data["x"], "pred": data["pred"],
            "after": data["after"],
            "values": {k[4:]: data[k] for k in data.files if k.startswith("var:")}}


def _tf_side(tf, mine: dict) -> dict:
    graph = tf.Graph()
    with graph.as_default():
        tf.train.import_meta_graph(mine["path"] + ".meta")
        feed = {"x:0": mine["x"]}
        with tf.Session() as sess:
            for var in tf.global_variables():
                var.load(mine["values"][var.op.name], sess)
            pred = sess.run(tf.get_collection("pred")[0], feed)
            for train in tf.get_collection("train_op"):
                sess.run(train, feed)
            after = sess.run("loss:0", feed)
    return {"pred": pred, "after": after}


def main() -> int:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    warnings.filterwarnings("ignore")
    import tensorflow.compat.v1 as tf
    tf.disable_v2_behavior()
    tf.get_logger().setLevel("ERROR")
    worst = 0.0
    with tempfile.TemporaryDirectory() as folder:
        for kind in ("mlp", "lstm"):
            mine = _run_minitf(folder, kind)
            theirs = _tf_side(tf, mine)
            d_pred = float(np.abs(mine["pred"] - theirs["pred"]).max())
            d_loss = abs(float(mine["after"]) - float(theirs["after"]))
            worst = max(worst, d_pred, d_loss)
            print(f"{kind}: outputs differ by {d_pred:.2e}, loss (after one more Adam step for "
                  f"the MLP) {float(mine['after']):.7f} (minitf) vs {float(theirs['after']):.7f} "
                  f"(TF)")
    return 0 if worst <= TOL else 1


if __name__ == "__main__":
    if sys.argv[1:2] == ["--minitf"]:
        _minitf_side(*sys.argv[2:4])
    else:
        sys.exit(main())
