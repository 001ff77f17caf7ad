"""tf.train.Example and its parts: TF's full names and field numbers, so that serialized
bytes equal TF 2.21's (hex below from its classes), text format, pickling, and protobuf
loaded only when the classes are first used."""
import os
import pickle
import subprocess
import sys

import minitf as tf

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_serializes_as_tf_does():
    example = tf.train.Example(features=tf.train.Features(feature={
        "age": tf.train.Feature(int64_list=tf.train.Int64List(value=[3, -1])),
        "kw": tf.train.Feature(bytes_list=tf.train.BytesList(value=[b"a", b"bc"])),
        "x": tf.train.Feature(float_list=tf.train.FloatList(value=[1.5, 2.5]))}))
    # TF 2.21's tensorflow.core.example classes, SerializeToString(deterministic=True)
    assert example.SerializeToString(deterministic=True).hex() == (
        "0a3c0a160a03616765120f1a0d0a0b03ffffffffffffffffff010a0f0a026b7712090a070a01610a"
        "0262630a110a0178120c120a0a080000c03f00002040")
    again = tf.train.Example.FromString(example.SerializeToString())
    assert list(again.features.feature["age"].int64_list.value) == [3, -1]
    assert again.features.feature["x"].WhichOneof("kind") == "float_list"
    assert (type(example).DESCRIPTOR.full_name, tf.train.Example.__module__) == \
        ("tensorflow.Example", "minitf.train.example")
    assert pickle.loads(pickle.dumps(example)) == example
    assert 'key: "kw"' in str(example)


def test_sequence_example():
    seq = tf.train.SequenceExample()
    seq.context.feature["n"].int64_list.value.append(2)
    frames = seq.feature_lists.feature_list["frames"]
    frames.feature.add().float_list.value.extend([0.5, 1.5])
    frames.feature.add().bytes_list.value.append(b"z")
    assert seq.SerializeToString(deterministic=True).hex() == (
        "0a0c0a0a0a016e12051a030a010212210a1f0a066672616d657312150a0c120a0a080000003f0000c0"
        "3f0a050a030a017a")
    assert isinstance(frames, tf.train.FeatureList)
    assert isinstance(seq.feature_lists, tf.train.FeatureLists)
    assert "Example" in dir(tf.train)


def _python(code: str) -> str:
    env = dict(os.environ, PYTHONPATH=ROOT)
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_protobuf_loads_on_first_use_and_says_how_to_install():
    out = _python("import sys\nimport minitf as tf\n"
                  "print('google.protobuf' in sys.modules)\n"
                  "tf.train.Example\nprint('google.protobuf' in sys.modules)\n")
    assert out.split() == ["False", "True"]
    out = _python("import sys\nsys.modules['google.protobuf'] = None\nimport minitf as tf\n"
                  "try:\n    tf.train.Example\nexcept ImportError as e:\n    print(e)\n")
    assert "need the `protobuf` package" in out
