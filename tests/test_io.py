"""tf.io, tf.python_io and tf.queue: TF 1.15's namespaces hold the very same objects as
tf.*, tf.train.* and the TFRecord module, and load only when first used."""
import os
import subprocess
import sys

import minitf as tf

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_aliases_are_the_same_objects():
    for name in ("read_file", "write_file", "matching_files", "decode_csv", "decode_raw",
                 "parse_example", "parse_single_example", "FixedLenFeature", "VarLenFeature",
                 "FixedLenSequenceFeature", "PaddingFIFOQueue", "RandomShuffleQueue",
                 "QueueBase"):
        assert getattr(tf.io, name) is getattr(tf, name), name
    assert tf.io.match_filenames_once is tf.train.match_filenames_once
    for name in tf.python_io.__all__:
        assert getattr(tf.io, name) is getattr(tf.python_io, name), name
    assert tf.queue.FIFOQueue is tf.FIFOQueue
    assert {"io", "python_io", "queue"} <= set(dir(tf))


def test_file_families_load_on_first_use():
    env = dict(os.environ, PYTHONPATH=ROOT)
    code = ("import sys\nimport minitf as tf\n"
            "mods = ('minitf.ops.io_ops', 'minitf.ops.parsing_ops', 'minitf.framework.tf_record',"
            " 'minitf.io', 'minitf.python_io', 'minitf.train.example')\n"
            "print([m for m in mods if m in sys.modules])\n"
            "tf.python_io.TFRecordWriter\nprint([m for m in mods if m in sys.modules])\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "[]", "['minitf.framework.tf_record', 'minitf.python_io']"]
