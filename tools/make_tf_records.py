"""Writes the TFRecord files that tests/framework/test_tf_record.py reads with minitf.

    TF_USE_LEGACY_KERAS=1 /work/tfenv/bin/python tools/make_tf_records.py

Real TensorFlow writes the same serialized tf.train.Examples (and a few raw records) once
uncompressed, once GZIP- and once ZLIB-compressed under tests/framework/data/; expected.json
keeps the records (hex) and the file sizes, so that the test checks minitf's reader on files
it did not write itself.
"""
from __future__ import annotations

import json
import os
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "framework" / "data"


def main() -> None:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    warnings.filterwarnings("ignore")
    import tensorflow.compat.v1 as tf
    tf.disable_v2_behavior()
    records = [b"", b"raw bytes \x00\xff", bytes(range(256)) * 3]
    for i in range(3):
        example = tf.train.Example(features=tf.train.Features(feature={
            "id": tf.train.Feature(int64_list=tf.train.Int64List(value=[i, -i])),
            "x": tf.train.Feature(float_list=tf.train.FloatList(value=[i / 4, 1.5])),
            "name": tf.train.Feature(bytes_list=tf.train.BytesList(value=[b"n%d" % i]))}))
        records.append(example.SerializeToString(deterministic=True))
    OUT.mkdir(parents=True, exist_ok=True)
    sizes = {}
    for kind in ("NONE", "GZIP", "ZLIB"):
        path = OUT / f"{kind.lower()}.tfrecord"
        options = tf.python_io.TFRecordOptions("" if kind == "NONE" else kind)
        with tf.python_io.TFRecordWriter(str(path), options) as writer:
            for record in records:
                writer.write(record)
        sizes[kind] = path.stat().st_size
    expected = {"records": [r.hex() for r in records], "sizes": sizes,
                "tensorflow": tf.__version__}
    (OUT / "expected.json").write_text(json.dumps(expected, indent=1) + "\n")


if __name__ == "__main__":
    main()
