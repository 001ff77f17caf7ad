"""tf.saved_model: SavedModels minitf writes (simple_save, the builder with several tag sets,
assets, main ops, text format) load back with their signatures, variables and init ops;
SavedModels TensorFlow wrote (tools/make_tf_saved_models.py) load and give TF's outputs; the
signature helpers and every error path."""
import json
import os
from pathlib import Path

import numpy as np
import pytest

import minitf as tf

pytest.importorskip("tensorboard", reason="SavedModels are protobufs (TensorBoard's copies)")
sm = tf.saved_model
TF_MODELS = Path(__file__).resolve().parent.parent / "golden" / "tf_saved_model"


def _model():
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    w = tf.Variable(np.arange(6, dtype=np.float32).reshape(3, 2), name="w")
    y = tf.nn.softmax(tf.matmul(x, w), name="y")
    return x, w, y


def _signature_io(sess, meta, key="serving_default"):
    sig = meta.signature_def[key]
    return ({k: sm.utils.get_tensor_from_tensor_info(v, sess.graph) for k, v in sig.inputs.items()},
            {k: sm.utils.get_tensor_from_tensor_info(v, sess.graph) for k, v in sig.outputs.items()})


def test_simple_save_round_trip(tmp_path):
    x, w, y = _model()
    export = str(tmp_path / "export")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(w.assign(w * 2))
        sm.simple_save(sess, export, inputs={"x": x}, outputs={"y": y})
        want = sess.run(y, {x: [[1, 2, 3]]})
    assert sorted(os.listdir(export)) == ["saved_model.pb", "variables"]
    from minitf.train import tf_checkpoint  # the variables are TF's own V2 checkpoint
    assert tf_checkpoint.is_tf_checkpoint(os.path.join(export, "variables", "variables"))
    assert sm.contains_saved_model(export) and sm.loader.maybe_saved_model_directory(export)
    with tf.Session(graph=tf.Graph()) as sess:
        meta = sm.loader.load(sess, [sm.tag_constants.SERVING], export)
        assert list(meta.meta_info_def.tags) == ["serve"]
        sig = meta.signature_def["serving_default"]
        assert sig.method_name == "tensorflow/serving/predict"
        assert sig.inputs["x"].name == "x:0" and sig.outputs["y"].name == "y:0"
        assert [d.size for d in sig.inputs["x"].tensor_shape.dim] == [-1, 3]
        inputs, outputs = _signature_io(sess, meta)
        np.testing.assert_allclose(sess.run(outputs["y"], {inputs["x"]: [[1, 2, 3]]}), want)
        assert [v.name for v in tf.global_variables()] == ["w:0"]


def test_builder_tags_main_op_assets_and_scope(tmp_path):
    x, w, y = _model()
    counter = tf.get_local_variable("counter", [], tf.int32, tf.constant_initializer(5))
    vocab = tmp_path / "vocab.txt"
    vocab.write_text("a\nb\n")
    asset = tf.constant(str(vocab), name="vocab_path")
    seen = tf.Variable(asset, trainable=False, collections=[tf.GraphKeys.LOCAL_VARIABLES],
                       name="seen")  # what a table initializer would read
    export = str(tmp_path / "built")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        builder = sm.builder.SavedModelBuilder(export)
        main = sm.main_op.main_op()
        builder.add_meta_graph_and_variables(
            sess, ["serve", "gpu"], {"predict": sm.predict_signature_def({"x": x}, {"y": y})},
            assets_collection=[asset], main_op=main)
        with pytest.raises(AssertionError, match="has already been saved"):
            builder.add_meta_graph_and_variables(sess, ["x"])
        builder.add_meta_graph(["train"])
        assert builder.save(as_text=True).endswith("saved_model.pbtxt")
    assert sorted(os.listdir(export)) == ["assets", "saved_model.pbtxt", "variables"]
    assert (Path(export) / "assets" / "vocab.txt").read_text() == "a\nb\n"
    with tf.Session(graph=tf.Graph()) as sess:
        meta = sm.load(sess, ["gpu", "serve"], export, import_scope="m")
        assert sess.run("m/counter:0") == 5  # the main op ran
        assert sess.run("m/seen:0").decode().endswith(os.path.join(
            "built", "assets", "vocab.txt"))  # the main op ran with the asset's new path
        np.testing.assert_allclose(sess.run("m/w:0"), np.arange(6).reshape(3, 2))
        assert meta.signature_def["predict"].outputs["y"].name == "y:0"
        inputs = {k: sm.get_tensor_from_tensor_info(v, import_scope="m")
                  for k, v in meta.signature_def["predict"].inputs.items()}
        assert inputs["x"].name == "m/x:0"
    with tf.Session(graph=tf.Graph()) as sess:
        meta = sm.loader.load(sess, ["train"], export)
        assert list(meta.meta_info_def.tags) == ["train"]
    with tf.Session(graph=tf.Graph()) as sess:
        with pytest.raises(RuntimeError, match="MetaGraphDef associated with tags 'serve' could "
                                               "not be found in SavedModel"):
            sm.loader.load(sess, ["serve"], export)


@pytest.mark.parametrize("name", ["mlp", "lstm"])
def test_savedmodels_tensorflow_wrote(name):
    expected = json.loads((TF_MODELS / "expected.json").read_text())[name]
    with tf.Session(graph=tf.Graph()) as sess:
        meta = sm.loader.load(sess, [sm.SERVING], str(TF_MODELS / name))
        inputs, outputs = _signature_io(sess, meta)
        got = sess.run(outputs, {inputs["x"]: expected["x"]})
        if name == "mlp":
            np.testing.assert_allclose(got["probs"], expected["probs"], rtol=1e-5, atol=1e-6)
            # without a main op nothing reads the asset: the tensor keeps TF's original path
            assert got["asset"].decode().endswith("vocab.txt")
            # TF's v1 builder lists assets in a collection of packed AssetFileDefs
            assert sm.loader._asset_tensors(str(TF_MODELS / "mlp"), meta, None) == {
                "vocab_path:0": str(TF_MODELS / "mlp" / "assets" / "vocab.txt")}
            assert (TF_MODELS / "mlp" / "assets" / "vocab.txt").read_text() == "a\nb\n"
        else:
            np.testing.assert_allclose(got["h"], expected["h"], rtol=1e-5, atol=1e-6)
            assert sess.run(expected["local"]) == expected["calls"]


def test_signature_helpers_and_errors(tmp_path):
    x, w, y = _model()
    examples = tf.placeholder(tf.string, [None], name="examples")
    classes = tf.as_string(tf.argmax(y, 1)) if hasattr(tf, "as_string") else examples
    predict = sm.predict_signature_def({"x": x}, {"y": y})
    classify = sm.classification_signature_def(examples, classes, y)
    regress = sm.regression_signature_def(examples, tf.reduce_sum(y, 1))
    assert classify.method_name == sm.CLASSIFY_METHOD_NAME
    assert set(classify.outputs) == {"classes", "scores"}
    assert all(sm.is_valid_signature(s) for s in (predict, classify, regress))
    assert not sm.is_valid_signature(sm.build_signature_def({}, {}, "unknown"))
    sparse = tf.sparse_placeholder(tf.float32, name="sp")
    info = sm.build_tensor_info(sparse)
    assert info.WhichOneof("encoding") == "coo_sparse"
    assert isinstance(sm.get_tensor_from_tensor_info(info), tf.SparseTensor)
    with pytest.raises(ValueError, match="Prediction inputs cannot be None or empty"):
        sm.predict_signature_def({}, {"y": y})
    with pytest.raises(ValueError, match="Prediction outputs cannot be None or empty"):
        sm.predict_signature_def({"x": x}, None)
    with pytest.raises(ValueError, match="Classification examples must be a string Tensor"):
        sm.classification_signature_def(x, None, y)
    with pytest.raises(ValueError, match="Classification classes and scores cannot both be "
                                         "None"):
        sm.classification_signature_def(examples, None, None)
    with pytest.raises(ValueError, match="Classification scores must be a float Tensor"):
        sm.classification_signature_def(examples, None, examples)
    with pytest.raises(ValueError, match="Regression output must be a float Tensor"):
        sm.regression_signature_def(examples, examples)
    with pytest.raises(ValueError, match="Regression examples cannot be None"):
        sm.regression_signature_def(None, y)
    with pytest.raises(ValueError, match="Invalid TensorInfo.encoding: None"):
        sm.get_tensor_from_tensor_info(sm.build_signature_def().inputs["none"])
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "f").write_text("x")
    with pytest.raises(AssertionError, match="Export directory already exists, and isn't "
                                             "empty"):
        sm.Builder(str(tmp_path / "full"))
    builder = sm.Builder(str(tmp_path / "new"))
    with pytest.raises(AssertionError, match="has not been saved yet"):
        builder.add_meta_graph(["serve"])
    bad = sm.build_signature_def({"x": sm.build_tensor_info(x)}, {})
    bad.inputs["x"].dtype = 0
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        with pytest.raises(AssertionError, match="must have the name and dtype fields set"):
            builder.add_meta_graph_and_variables(sess, ["serve"], {"bad": bad})
        with pytest.raises(TypeError, match="main_op needs to be an Operation"):
            sm.Builder(str(tmp_path / "other")).add_meta_graph_and_variables(
                sess, ["serve"], main_op="init")
    with pytest.raises(OSError, match="SavedModel file does not exist at"):
        sm.loader.load(tf.Session(), ["serve"], str(tmp_path / "nothing"))
