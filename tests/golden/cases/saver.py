"""Golden cases: saver. tf.train.Saver's graph (save/SaveV2, save/RestoreV2, save/Assign*,
save_1 for a second Saver), its saver_def, save and restore through a session (values, the
returned path's step suffix, list_variables, load_variable, the state file's paths), and the
errors of restoring a key the checkpoint lacks or a different shape or dtype."""
import os
import tempfile

import numpy as np

from . import case, normal


def _model(tf, rng):
    w = tf.Variable(normal(rng, 2, 3), name="w")
    with tf.variable_scope("layer"):
        b = tf.get_variable("b", [4], initializer=tf.constant_initializer(0.5))
    n = tf.Variable(7, name="n")
    return w, b, n


@case
def saver_graph(tf, rng):
    w, b, n = _model(tf, rng)
    saver = tf.train.Saver(max_to_keep=3)
    tf.train.Saver({"bias": b, "weights": w})
    sd = saver.saver_def
    return {"fetch": {"w": w, "b": b, "n": n}, "init": True,
            "facts": {"filename": sd.filename_tensor_name, "save": sd.save_tensor_name,
                      "restore": sd.restore_op_name, "max_to_keep": sd.max_to_keep}}


@case
def saver_save_restore(tf, rng):
    w, b, n = _model(tf, rng)
    saver = tf.train.Saver()
    reset = tf.group(tf.assign(w, tf.zeros([2, 3])), tf.assign(n, 0))

    def run(sess):
        folder = tempfile.mkdtemp()
        path = saver.save(sess, os.path.join(folder, "model"), global_step=12)
        sess.run(reset)
        saver.restore(sess, path)
        state = tf.train.get_checkpoint_state(folder)
        return {"suffix": os.path.basename(path), "w": sess.run(w), "n": sess.run(n),
                "b": sess.run(b), "listed": [[k, s] for k, s in tf.train.list_variables(path)],
                "loaded": tf.train.load_variable(folder, "layer/b"),
                "state": [os.path.basename(p) for p in state.all_model_checkpoint_paths]}
    return {"run": run, "init": True}


@case(error="Key layer/b not found in checkpoint")
def saver_restore_missing_key(tf, rng):
    w, b, n = _model(tf, rng)
    partial = tf.train.Saver([w])
    full = tf.train.Saver()

    def run(sess):
        path = partial.save(sess, os.path.join(tempfile.mkdtemp(), "m"))
        full.restore(sess, path)
    return {"run": run, "init": True}


@case(error="Assign requires shapes of both tensors to match")
def saver_restore_shape_mismatch(tf, rng):
    tf.Variable(np.zeros((2, 3), np.float32), name="w")
    saver = tf.train.Saver()
    g = tf.Graph()
    with g.as_default():
        w2 = tf.Variable(np.zeros((3, 2), np.float32), name="w")
        other = tf.train.Saver([w2])

    def run(sess):
        path = saver.save(sess, os.path.join(tempfile.mkdtemp(), "m"))
        with tf.Session(graph=g) as s2:
            other.restore(s2, path)
    return {"run": run, "init": True}


@case(error="expected dtype double does not equal original dtype float")
def saver_restore_dtype_mismatch(tf, rng):
    tf.Variable(np.zeros(3, np.float32), name="v")
    saver = tf.train.Saver()
    g = tf.Graph()
    with g.as_default():
        other = tf.train.Saver([tf.Variable(np.zeros(3), name="v")])

    def run(sess):
        path = saver.save(sess, os.path.join(tempfile.mkdtemp(), "m"))
        with tf.Session(graph=g) as s2:
            other.restore(s2, path)
    return {"run": run, "init": True}


@case
def saver_sharded(tf, rng):
    """TF's sharded save graph (what SavedModels and monitored sessions use): one shard written
    under `<prefix>_temp/`, then merged into the prefix."""
    w, b, n = _model(tf, rng)
    saver = tf.train.Saver(sharded=True)
    reset = tf.group(tf.assign(w, tf.zeros([2, 3])), tf.assign(n, 0))

    def run(sess):
        folder = tempfile.mkdtemp()
        path = saver.save(sess, os.path.join(folder, "model"), global_step=3)
        files = sorted(f for f in os.listdir(folder) if not f.endswith(".meta"))
        sess.run(reset)
        saver.restore(sess, path)
        return {"files": files, "path": os.path.basename(path), "w": sess.run(w),
                "n": sess.run(n)}
    sd = saver.saver_def
    return {"run": run, "init": True,
            "facts": {"save": sd.save_tensor_name, "restore": sd.restore_op_name,
                      "sharded": bool(sd.sharded)}}
