"""tf.summary's ops: names, tags, collections, values (Summary protobufs) and run-time errors.
Byte-for-byte agreement with TensorFlow is in tests/golden (family `summary`)."""
import sys

import numpy as np
import pytest

import minitf as tf

pytest.importorskip("tensorboard", reason="summary values are TensorBoard's Summary protos")
from tensorboard.compat.proto import summary_pb2  # noqa: E402


def _run(fetch, feed=None):
    with tf.Session() as sess:
        return sess.run(fetch, feed)


def test_scalar_names_tag_collection_and_value():
    x = tf.placeholder(tf.float32, [4], name="x")
    s = tf.summary.scalar("loss", tf.reduce_sum(x))
    assert s.op.name == "loss" and s.op.type == "ScalarSummary"
    assert s.op.inputs[0].op.name == "loss/tags"
    assert s.dtype == tf.string and s.shape.as_list() == []
    assert tf.get_collection(tf.GraphKeys.SUMMARIES) == [s]
    raw = _run(s, {x: np.array([1, 2, 3, 4.5], np.float32)})
    assert isinstance(raw, bytes)
    value, = summary_pb2.Summary.FromString(raw).value
    assert (value.tag, value.simple_value) == ("loss", 10.5)


def test_scalar_takes_one_element_vectors_as_scalars():
    s = tf.summary.scalar("one", tf.constant([2.5]))
    assert [(v.tag, v.simple_value) for v in summary_pb2.Summary.FromString(_run(s)).value] == \
        [("one", 2.5)]


def test_family_cleaned_names_and_collections():
    a = tf.summary.scalar("a b:c", 1.0, family="fam")
    b = tf.summary.scalar("/x", 2, collections=["mine"])
    assert a.op.name == "fam/a_b_c" and b.op.name == "x"
    assert tf.get_collection(tf.GraphKeys.SUMMARIES) == [a]
    assert tf.get_collection("mine") == [b]
    tags = [v.tag for v in summary_pb2.Summary.FromString(_run(a)).value]
    assert tags == ["fam/fam/a_b_c"]


def test_histogram_buckets_follow_tf():
    h = tf.summary.histogram("w", tf.constant([-1.0, 0.0, 0.5, 7.0]))
    assert h.op.inputs[0].op.name == "w/tag"
    histo = summary_pb2.Summary.FromString(_run(h)).value[0].histo
    assert (histo.min, histo.max, histo.num, histo.sum, histo.sum_squares) == \
        (-1.0, 7.0, 4.0, 6.5, 50.25)
    assert sum(histo.bucket) == 4
    assert histo.bucket_limit[-1] == sys.float_info.max


def test_merge_and_merge_all():
    assert tf.summary.merge_all() is None
    s = tf.summary.scalar("s", 1.5)
    h = tf.summary.histogram("h", [1.0, 2.0])
    m = tf.summary.merge([s, h], name="both")
    assert m.op.name == "both/both" and m.op.get_attr("N") == 2
    merged = tf.summary.merge_all()
    assert merged.op.name == "Merge/MergeSummary"
    assert tf.summary.merge_all(scope="h").op.inputs == (h,)
    tags = [v.tag for v in summary_pb2.Summary.FromString(_run(merged)).value]
    assert tags == ["s", "h"]


def test_summary_proto_classes_are_tensorboards():
    assert tf.summary.Summary is summary_pb2.Summary
    assert tf.Summary is summary_pb2.Summary
    assert tf.summary.Event.__name__ == "Event"
    with pytest.raises(AttributeError, match="has no attribute 'Nope'"):
        tf.summary.Nope  # noqa: B018


def test_build_time_errors():
    with pytest.raises(TypeError, match="parameter 'values' has DataType string"):
        tf.summary.scalar("s", tf.constant("a"))
    with pytest.raises(TypeError, match="parameter 'values' has DataType bool"):
        tf.summary.histogram("h", tf.constant([True]))
    with pytest.raises(ValueError, match="length 0 shorter than minimum length 1"):
        tf.summary.merge([])


def test_run_time_errors():
    x = tf.placeholder(tf.float32, None, name="x")
    bad = tf.summary.scalar("bad", x)
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"tags and values not the same shape: \[\] != \[1,3\] \(tag 'bad'\)"):
        _run(bad, {x: np.ones((1, 3), np.float32)})
    h = tf.summary.histogram("hist", x)
    with pytest.raises(tf.errors.InvalidArgumentError, match="Nan in summary histogram for: hist"):
        _run(h, {x: np.array([1.0, np.nan], np.float32)})
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="Infinity in summary histogram for: hist"):
        _run(h, {x: np.array([np.inf, np.nan], np.float32)})
    tags = tf.placeholder(tf.string, [2], name="tags")
    two = tf.get_default_graph().create_op("HistogramSummary", [tags, x], {"T": tf.float32})
    with pytest.raises(tf.errors.InvalidArgumentError, match="tags must be scalar"):
        _run(two.outputs[0], {tags: np.array([b"a", b"b"], object), x: np.ones(2, np.float32)})
    s = tf.summary.scalar("dup", 1.0)
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="Duplicate tag dup found in summary inputs"):
        _run(tf.summary.merge([s, s]))
    garbage = tf.summary.merge([tf.constant(b"\xff\xff")])
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="Could not parse one of the summary inputs"):
        _run(garbage)


def test_missing_tensorboard_says_how_to_install(monkeypatch):
    s = tf.summary.scalar("s", 1.0)
    monkeypatch.setitem(sys.modules, "tensorboard.compat.proto", None)
    with pytest.raises(ImportError, match=r'pip install "minitf\[tensorboard\]"'):
        _run(s)


def _pixels(png: bytes) -> list:
    """The values of an 8-bit PNG with unfiltered rows, as minitf writes them."""
    import struct
    import zlib
    pos, data, header = 8, b"", None
    while pos < len(png):
        size, = struct.unpack(">I", png[pos:pos + 4])
        kind, body = png[pos + 4:pos + 8], png[pos + 8:pos + 8 + size]
        pos += 12 + size
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            data += body
    width, height, channels = header[0], header[1], {0: 1, 2: 3, 6: 4}[header[3]]
    raw, row = zlib.decompress(data), width * channels + 1
    assert all(raw[r * row] == 0 for r in range(height))
    return [v for r in range(height) for v in raw[r * row + 1:(r + 1) * row]]


def test_image_pixels_are_tfs():
    """Floats map into [0, 255] image by image as TF's kernel maps them: the pixels below are
    the ones TF 2.21's PNGs of the same images decode to (non-finite: the bad color)."""
    x = tf.placeholder(tf.float32, [None, 2, 3, 1])
    s = tf.summary.image("img", x, max_outputs=3)
    images = np.array([[[[0.0], [0.5], [1.0]], [[2.0], [np.nan], [-1.0]]],
                       [[[0.0], [1.0], [2.0]], [[3.0], [4.0], [8.0]]],
                       [[[1e-7], [0.0], [0.0]], [[0.0], [0.0], [0.0]]],
                       [[[1.0], [1.0], [1.0]], [[1.0], [1.0], [1.0]]]], np.float32)
    values = summary_pb2.Summary.FromString(_run(s, {x: images})).value
    assert [v.tag for v in values] == ["img/image/0", "img/image/1", "img/image/2"]
    assert [(v.image.height, v.image.width, v.image.colorspace) for v in values] == [(2, 3, 1)] * 3
    assert [_pixels(v.image.encoded_image_string) for v in values] == [
        [128, 159, 191, 255, 255, 64], [0, 31, 63, 95, 127, 255], [0] * 6]
    rgb = np.zeros([1, 1, 2, 3], np.uint8)
    rgb[0, 0, 1] = [1, 2, 3]
    value, = summary_pb2.Summary.FromString(_run(tf.summary.image("rgb", rgb, max_outputs=1))).value
    assert value.tag == "rgb/image" and value.image.colorspace == 3
    assert _pixels(value.image.encoded_image_string) == [0, 0, 0, 1, 2, 3]
    bad = np.array([[[[np.inf, 0.0, 0.0, 0.5]]]], np.float32)  # RGBA: the whole bad color
    value, = summary_pb2.Summary.FromString(_run(tf.summary.image("bad", bad))).value
    assert _pixels(value.image.encoded_image_string) == [255, 0, 0, 255]


def test_image_errors():
    with pytest.raises(ValueError, match="^Attr 'max_images' of 'ImageSummary' Op passed 0 "):
        tf.summary.image("img", tf.zeros([1, 2, 2, 1]), max_outputs=0)
    with pytest.raises(TypeError, match="int32 not in list of allowed values"):
        tf.summary.image("img", tf.zeros([1, 2, 2, 1], tf.int32))
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"^Tensor must be 4-D with last dim 1, 3, or 4, not \[1,2,2,2\]"):
        _run(tf.summary.image("two", tf.zeros([1, 2, 2, 2])))


def test_text_is_a_tensor_summary_for_the_text_plugin():
    t = tf.summary.text("notes", tf.constant([["a", "b"]]), collections=["mine"])
    assert t.op.type == "TensorSummaryV2" and [x.name for x in tf.get_collection("mine")] == \
        ["notes:0"] and tf.get_collection(tf.GraphKeys.SUMMARIES) == []
    value, = summary_pb2.Summary.FromString(_run(t)).value
    assert value.tag == "notes" and value.metadata.plugin_data.plugin_name == "text"
    assert list(value.tensor.string_val) == [b"a", b"b"]
    assert [d.size for d in value.tensor.tensor_shape.dim] == [1, 2]
    with pytest.raises(ValueError, match="^Expected tensor Const_1:0 to have dtype string, got "
                                         "tf.float32$"):
        tf.summary.text("x", tf.constant(1.0))


def test_audio_wav_reads_back_and_argument_errors():
    import io
    import wave
    clip = tf.placeholder(tf.float32, [None, 4, 2])
    s = tf.summary.audio("a", clip, 16000, max_outputs=1)
    with tf.Session() as sess:
        raw = sess.run(s, {clip: np.full((3, 4, 2), 0.5, np.float32)})
    summary = tf.summary.Summary.FromString(raw)
    assert [v.tag for v in summary.value] == ["a/audio"]
    with wave.open(io.BytesIO(summary.value[0].audio.encoded_audio_string)) as w:
        assert (w.getnchannels(), w.getframerate(), w.getnframes(), w.getsampwidth()) == \
            (2, 16000, 4, 2)
        assert np.frombuffer(w.readframes(4), "<i2").tolist() == [16384] * 8
    with pytest.raises(ValueError, match="Attr 'max_outputs' of 'AudioSummaryV2' Op passed 0 "
                                         "less than minimum 1"):
        tf.summary.audio("a", clip, 16000, max_outputs=0)
    with pytest.raises(TypeError, match="has type int32 that does not match expected type of "
                                        "float32"):
        tf.summary.audio("a", tf.zeros([1, 4], tf.int32), 16000)
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match="Tensor must be 3-D or 2-D, "
                                                                 "got: \\[4\\]"):
            sess.run(tf.summary.audio("b", tf.zeros([4]), 8000))
