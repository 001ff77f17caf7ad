"""Kills saving processes and checks what survives (run by test_saver_durability.py).

    python -m tests.train.saver_kill_driver FOLDER RANDOM_KILLS SEED

Builds one graph and Saver, then forks children that save checkpoints in a loop into FOLDER
(max_to_keep=3, so old ones are also deleted), each step also overwriting the one checkpoint
`fixed` (no global_step, no state file), and kills each child with SIGKILL:
- at every call of os.fsync / os.replace / os.remove during its first saves (deterministic
  points: before each durability step of the data file, the index, the state file, and the
  deletion of old checkpoints);
- after a random delay (random points, anywhere in a save or between saves).
After each kill the parent checks that the state file parses and that every checkpoint it
names restores, with each variable holding the step it was saved at, and that `fixed`, once
written, always restores one whole step. Prints a JSON summary.
"""
from __future__ import annotations

import glob
import json
import os
import random
import signal
import sys
import time

import minitf as tf

SIZE = 48
DETERMINISTIC_POINTS = 40  # more than the fsync/replace/remove calls of two steps


def _child(folder: str, saver: tf.train.Saver, fixed: tf.train.Saver, set_step, step_feed,
           first: int, crash_at: int | None) -> None:
    """Saves steps first, first+1, ... forever; with crash_at, SIGKILLs itself at that call of
    os.fsync/os.replace/os.remove."""
    if crash_at is not None:
        calls = [0]

        def hooked(fn):
            def call(*args, **kwargs):
                calls[0] += 1
                if calls[0] == crash_at:
                    os.kill(os.getpid(), signal.SIGKILL)
                return fn(*args, **kwargs)
            return call
        os.fsync, os.replace, os.remove = (hooked(os.fsync), hooked(os.replace),
                                           hooked(os.remove))
    sess = tf.Session()
    state = tf.train.get_checkpoint_state(folder)
    if state is not None:
        saver.recover_last_checkpoints(state.all_model_checkpoint_paths)
    step = first
    while True:
        sess.run(set_step, {step_feed: step})
        saver.save(sess, os.path.join(folder, "model"), global_step=step)
        fixed.save(sess, os.path.join(folder, "fixed"), write_state=False)
        step += 1


def _verify_fixed(folder: str, sess: tf.Session, fixed: tf.train.Saver, weights,
                  step_var) -> int:
    """Checks the overwritten checkpoint `fixed` holds one whole step; 1 if it exists."""
    path = os.path.join(folder, "fixed")
    if not os.path.exists(path + ".index"):
        return 0
    fixed.restore(sess, path)
    w, s = sess.run([weights, step_var])
    if not (w == s).all():
        raise AssertionError(f"fixed restored step {s}, weights {w.min()}..{w.max()}")
    return 1


def _verify(folder: str, sess: tf.Session, saver: tf.train.Saver, weights, step_var) -> int:
    """Checks the survivors; returns how many checkpoints the state file names."""
    state_file = os.path.join(folder, "checkpoint")
    if not os.path.exists(state_file):
        return 0
    state = tf.train.get_checkpoint_state(folder)
    if state is None:
        with open(state_file, "rb") as f:
            raise AssertionError(f"state file does not parse: {f.read()!r}")
    paths = state.all_model_checkpoint_paths
    if not paths or paths[-1] != state.model_checkpoint_path:
        raise AssertionError(f"inconsistent state file: {state}")
    if tf.train.latest_checkpoint(folder) != state.model_checkpoint_path:
        raise AssertionError(f"latest checkpoint missing: {state.model_checkpoint_path}")
    for path in paths:
        step = int(path.rsplit("-", 1)[1])
        saver.restore(sess, path)
        w, s = sess.run([weights, step_var])
        if s != step or not (w == step).all():
            raise AssertionError(f"{path} restored step {s}, weights {w.min()}..{w.max()}")
    return len(paths)


def main(folder: str, random_kills: int, seed: int) -> dict:
    rng = random.Random(seed)
    weights = tf.Variable(tf.zeros([SIZE, SIZE]), name="weights")
    step_var = tf.Variable(0, name="step")
    step_feed = tf.placeholder(tf.int32, [])
    set_step = tf.group(tf.assign(weights, tf.fill([SIZE, SIZE], tf.cast(step_feed,
                                                                         tf.float32))),
                        tf.assign(step_var, step_feed))
    saver = tf.train.Saver(max_to_keep=3)
    fixed = tf.train.Saver()
    sess = tf.Session()
    plan = [("fsync/replace/remove call", n) for n in range(1, DETERMINISTIC_POINTS + 1)]
    plan += [("random delay", None)] * random_kills
    summary = {"kills": 0, "deterministic": 0, "random": 0, "mid_file_write": 0,
               "checkpoints_verified": 0, "fixed_verified": 0}
    for i, (kind, crash_at) in enumerate(plan):
        pid = os.fork()
        if pid == 0:
            try:
                _child(folder, saver, fixed, set_step, step_feed, (i + 1) * 1000, crash_at)
            finally:
                os._exit(1)
        if crash_at is None:
            time.sleep(rng.uniform(0.0, 0.03))
            os.kill(pid, signal.SIGKILL)
            _, status = os.waitpid(pid, 0)
        else:
            deadline = time.time() + 10
            while True:
                done, status = os.waitpid(pid, os.WNOHANG)
                if done:
                    break
                if time.time() > deadline:
                    os.kill(pid, signal.SIGKILL)
                    raise AssertionError(f"child never reached call {crash_at}")
                time.sleep(0.001)
        if not (os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL):
            raise AssertionError(f"child {i} ended with status {status}, not killed: it failed")
        summary["kills"] += 1
        summary["deterministic" if crash_at else "random"] += 1
        leftovers = glob.glob(os.path.join(folder, "*.tmp*"))
        summary["mid_file_write"] += bool(leftovers)
        for path in leftovers:
            os.remove(path)
        summary["checkpoints_verified"] += _verify(folder, sess, saver, weights, step_var)
        summary["fixed_verified"] += _verify_fixed(folder, sess, fixed, weights, step_var)
    return summary


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))))
