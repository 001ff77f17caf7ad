"""Golden cases: tf.summary's ops. Their values are serialized Summary protobufs, compared byte
for byte (TensorFlow's C++ histogram buckets, sums and bucket runs included)."""
import numpy as np

from . import case, normal


@case
def scalar(tf, rng):
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    s = tf.summary.scalar("loss", tf.reduce_mean(x))
    return {"fetch": s, "feed": {x: normal(rng, 4, 3)},
            "facts": {"collected": [t.name for t in tf.get_collection(tf.GraphKeys.SUMMARIES)]}}


@case
def scalar_int_family_and_cleaned_name(tf, rng):
    n = tf.constant(7, name="n")
    a = tf.summary.scalar("steps taken:", n, family="train")
    b = tf.summary.scalar("/lr", 0.5, collections=["mine"])
    return {"fetch": [a, b], "facts": {
        "summaries": [t.name for t in tf.get_collection(tf.GraphKeys.SUMMARIES)],
        "mine": [t.name for t in tf.get_collection("mine")]}}


@case
def histogram(tf, rng):
    x = tf.placeholder(tf.float32, [5, 7], name="x")
    v = np.concatenate([normal(rng, 30) * 100, [0.0, 0.0, 1e-13, -1e-13, 3e25]]).reshape(5, 7)
    return {"fetch": tf.summary.histogram("weights", x), "feed": {x: v.astype(np.float32)}}


@case
def histogram_int64_and_empty(tf, rng):
    a = tf.summary.histogram("counts", tf.constant([3, 1, 4, 1, 5, 9, 2, 6], tf.int64))
    b = tf.summary.histogram("nothing", tf.zeros([0, 2]))
    return {"fetch": [a, b]}


@case
def merge_and_merge_all(tf, rng):
    x = tf.placeholder(tf.float64, [6], name="x")
    with tf.name_scope("stats"):
        s = tf.summary.scalar("mean", tf.reduce_mean(x))
        h = tf.summary.histogram("x", x)
    m = tf.summary.merge([h, s], name="both")
    merged = tf.summary.merge_all()
    return {"fetch": {"m": m, "all": merged}, "feed": {x: rng.standard_normal(6)},
            "facts": {"none": tf.summary.merge_all(key="empty") is None}}


@case(error="Nan in summary histogram for: hist")
def histogram_nan(tf, rng):
    x = tf.placeholder(tf.float32, [3], name="x")
    return {"fetch": tf.summary.histogram("hist", x),
            "feed": {x: np.array([1.0, np.nan, 2.0], np.float32)}}


# TF 1.15: "Infinity in summary histogram for: hist"; TF 2.x: "Infinity in Histogram for: hist"
@case(error="Infinity in")
def histogram_inf(tf, rng):
    x = tf.placeholder(tf.float32, [3], name="x")
    return {"fetch": tf.summary.histogram("hist", x),
            "feed": {x: np.array([1.0, -np.inf, 2.0], np.float32)}}


@case(error="Duplicate tag loss found in summary inputs")
def merge_duplicate_tag(tf, rng):
    s = tf.summary.scalar("loss", 1.0)
    return {"fetch": tf.summary.merge([s, s])}


@case(error="the same shape: [] != [1,3] (tag 'bad')")
def scalar_of_a_matrix(tf, rng):
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    return {"fetch": tf.summary.scalar("bad", x), "feed": {x: normal(rng, 1, 3)}}


@case
def image_graph(tf, rng):
    """The ops and attrs of an image summary (its PNG bytes depend on the zlib build, so the
    pixels are checked in tests/summary against the ones TF's PNGs decode to)."""
    x = tf.placeholder(tf.float32, [None, 2, 3, 1], name="x")
    s = tf.summary.image("img", x, max_outputs=2, family="inputs")
    one = tf.summary.image("one", tf.zeros([1, 2, 2, 3], tf.uint8), max_outputs=1)
    return {"fetch": tf.shape(x), "feed": {x: normal(rng, 3, 2, 3, 1).astype(np.float32)},
            "facts": {"names": [s.name, one.name], "max_images": s.op.get_attr("max_images"),
                      "dtype": s.dtype.name,
                      "collected": [t.name for t in tf.get_collection(tf.GraphKeys.SUMMARIES)]}}


@case
def text(tf, rng):
    notes = tf.placeholder(tf.string, [None], name="notes")
    with tf.name_scope("outer"):
        t = tf.summary.text("run notes", notes)
    one = tf.summary.text("title", tf.constant("hello"), collections=["mine"])
    return {"fetch": [t, one], "feed": {notes: np.array([b"a b", b"c"], dtype=object)},
            "facts": {"summaries": [x.name for x in tf.get_collection(tf.GraphKeys.SUMMARIES)],
                      "mine": [x.name for x in tf.get_collection("mine")]}}


@case(error="to have dtype string")
def text_of_numbers(tf, rng):
    return {"fetch": tf.summary.text("x", tf.constant(1.0))}


@case
def audio(tf, rng):
    mono = tf.placeholder(tf.float32, [None, 6], name="mono")
    stereo = tf.placeholder(tf.float32, [None, 5, 2], name="stereo")
    a = tf.summary.audio("voice", mono, 8000, max_outputs=2)
    b = tf.summary.audio("duet", stereo, tf.constant(44100.4), max_outputs=1, family="music")
    clip = np.array([[0.0, 0.5, -0.5, 1.0, -1.0, 2.0], [0.25, -0.25, 1e-5, -3.0, 0.999, 0.0],
                     [0.1, 0.1, 0.1, 0.1, 0.1, 0.1]], np.float32)
    return {"fetch": [a, b], "feed": {mono: clip, stereo: normal(rng, 2, 5, 2) * 0.4},
            "facts": {"names": [a.name, b.name], "max_outputs": a.op.get_attr("max_outputs"),
                      "inputs": [t.name for t in a.op.inputs]}}


@case(error="sample_rate must be > 0")
def audio_zero_sample_rate(tf, rng):
    return {"fetch": tf.summary.audio("a", tf.zeros([1, 4]), 0.0)}


@case
def tensor_summary(tf, rng):
    x = tf.placeholder(tf.float32, [2, 2], name="x")
    plain = tf.summary.tensor_summary("weights", x)
    described = tf.summary.tensor_summary("w2", tf.constant([1, 2, 3]), family="fam",
                                          summary_description="the weights",
                                          display_name="W", collections=["mine"])
    return {"fetch": [plain, described], "feed": {x: normal(rng, 2, 2)},
            "facts": {"names": [plain.name, described.name],
                      "inputs": [t.name for t in described.op.inputs],
                      "mine": [t.name for t in tf.get_collection("mine")]}}
