"""tf.train.Saver: TF1's graph ops and names, save/restore round trips, var_list forms, the
state file, max_to_keep and keep_checkpoint_every_n_hours, the reading functions, TF1's errors,
and training that resumes exactly after a restore (Adam's slots are saved)."""
import os

import numpy as np
import pytest

import minitf as tf
from minitf.framework import errors
from minitf.train.saver import CheckpointState
from tests.harness import session


def _vars():
    w = tf.Variable([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], name="w")
    with tf.variable_scope("layer"):
        b = tf.get_variable("b", [4], initializer=tf.constant_initializer(0.5))
    n = tf.Variable(7, name="n")
    return w, b, n


def test_graph_ops_are_tf1s_under_save_scopes():
    w, b, _ = _vars()
    tf.train.Saver()
    tf.train.Saver({"bias": b})
    ops = [(op.name, op.type) for op in tf.get_default_graph().get_operations()
           if op.name.startswith("save")]
    assert ops[:10] == [
        ("save/filename/input", "Const"), ("save/filename", "PlaceholderWithDefault"),
        ("save/Const", "PlaceholderWithDefault"), ("save/SaveV2/tensor_names", "Const"),
        ("save/SaveV2/shape_and_slices", "Const"), ("save/SaveV2", "SaveV2"),
        ("save/control_dependency", "Identity"), ("save/RestoreV2/tensor_names", "Const"),
        ("save/RestoreV2/shape_and_slices", "Const"), ("save/RestoreV2", "RestoreV2")]
    assert ops[10:14] == [("save/Assign", "Assign"), ("save/Assign_1", "Assign"),
                          ("save/Assign_2", "Assign"), ("save/restore_all", "NoOp")]
    assert ("save_1/SaveV2", "SaveV2") in ops and ("save_1/Assign", "Assign") in ops
    g = tf.get_default_graph()
    # Keys sorted by name, the variables' ref outputs saved as TF1 does.
    assert [t.name for t in g.get_operation_by_name("save/SaveV2").inputs[3:]] == \
        ["layer/b:0", "n:0", "w:0"]
    assert [t.name for t in g.get_operation_by_name("save_1/SaveV2").inputs[3:]] == \
        ["layer/b:0"]
    assert g.get_tensor_by_name("save/RestoreV2:1").dtype == tf.int32


def test_saver_def_names_the_ops():
    _vars()
    sd = tf.train.Saver(max_to_keep=3).saver_def
    assert (sd.filename_tensor_name, sd.save_tensor_name, sd.restore_op_name) == \
        ("save/Const:0", "save/control_dependency:0", "save/restore_all")
    assert sd.max_to_keep == 3 and sd.version == tf.train.SaverDef.V2
    assert 'restore_op_name: "save/restore_all"' in repr(sd)


def test_save_and_restore_round_trip_with_global_step(tmp_path):
    w, b, n = _vars()
    saver = tf.train.Saver()
    step = tf.Variable(42, name="global_step", trainable=False)
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        path = saver.save(sess, str(tmp_path / "model"), global_step=3)
        assert path == str(tmp_path / "model-3")
        assert sorted(os.listdir(tmp_path)) == ["checkpoint", "model-3.data-00000-of-00001",
                                                "model-3.index", "model-3.meta"]
        assert saver.save(sess, str(tmp_path / "model"), global_step=step) == \
            str(tmp_path / "model-42")
        sess.run([tf.assign(w, tf.zeros([2, 3])), tf.assign(b, tf.ones([4])),
                  tf.assign(n, 0)])
        saver.restore(sess, path)
        np.testing.assert_array_equal(sess.run(w), [[1, 2, 3], [4, 5, 6]])
        np.testing.assert_array_equal(sess.run(b), [0.5] * 4)
        assert sess.run(n) == 7 and sess.run(n).dtype == np.int32


def test_round_trip_on_each_backend(tmp_path, backend):
    w, b, n = _vars()
    saver = tf.train.Saver()
    with session(backend) as sess:
        sess.run(tf.global_variables_initializer())
        path = saver.save(sess, str(tmp_path / "m"))
        sess.run(tf.assign(w, tf.zeros([2, 3])))
        saver.restore(sess, path)
        total = sess.run(tf.reduce_sum(w) + tf.reduce_sum(b) + tf.cast(n, tf.float32))
    assert total == 21.0 + 2.0 + 7.0
    np.testing.assert_array_equal(tf.train.load_variable(path, "layer/b"), [0.5] * 4)


def test_restore_needs_no_initializer_and_fills_a_graph_built_again(tmp_path):
    _vars()
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        path = tf.train.Saver().save(sess, str(tmp_path / "m"))
    assert path == str(tmp_path / "m")
    tf.reset_default_graph()
    w, b, n = _vars()
    saver = tf.train.Saver()
    with session() as sess:
        saver.restore(sess, path)
        assert sess.run(w)[1, 2] == 6.0 and sess.run(n) == 7


def test_var_list_as_dict_and_subset(tmp_path):
    w, b, n = _vars()
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        path = tf.train.Saver({"weights": w, "bias": b}).save(sess, str(tmp_path / "d"))
    assert tf.train.list_variables(path) == [("bias", [4]), ("weights", [2, 3])]
    tf.reset_default_graph()
    with tf.variable_scope("other"):
        w2 = tf.Variable(tf.zeros([2, 3]), name="renamed")
    extra = tf.Variable(9.0, name="extra")
    with session() as sess:
        sess.run(extra.initializer)
        tf.train.Saver({"weights": w2}).restore(sess, path)
        assert sess.run(w2)[0, 1] == 2.0 and sess.run(extra) == 9.0


def test_var_list_of_variables_or_ref_tensors(tmp_path):
    w, b, n = _vars()
    with pytest.raises(ValueError, match="^At least two variables have the same name: w$"):
        tf.train.Saver([w, n._ref(), w])  # TF 1.15 refuses a repeated variable too
    saver = tf.train.Saver([w, n._ref()])
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        path = saver.save(sess, str(tmp_path / "l"))
    assert [k for k, _ in tf.train.list_variables(path)] == ["n", "w"]


def test_optimizer_slots_are_saved_and_training_resumes_exactly(tmp_path):
    def build():
        tf.reset_default_graph()
        rng = np.random.RandomState(0)
        x = tf.constant(rng.randn(6, 4).astype(np.float32))
        y = tf.constant(rng.randn(6, 3).astype(np.float32))
        h = tf.layers.dense(x, 5, activation=tf.tanh,
                            kernel_initializer=tf.constant_initializer(rng.randn(4, 5)))
        out = tf.layers.dense(h, 3, kernel_initializer=tf.constant_initializer(rng.randn(5, 3)))
        loss = tf.reduce_mean(tf.square(out - y))
        step = tf.train.get_or_create_global_step()
        train = tf.train.AdamOptimizer(0.05).minimize(loss, global_step=step)
        return loss, train, tf.train.Saver()

    def steps(sess, loss, train, n):
        return [sess.run([loss, train])[0] for _ in range(n)]

    loss, train, saver = build()
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        steps(sess, loss, train, 4)
        path = saver.save(sess, str(tmp_path / "adam"), global_step=tf.train.get_global_step())
        uninterrupted = steps(sess, loss, train, 5)
    assert path.endswith("adam-4")
    keys = [k for k, _ in tf.train.list_variables(path)]
    assert {"dense/kernel/Adam", "dense/kernel/Adam_1", "beta1_power", "beta2_power",
            "global_step"} <= set(keys)
    loss, train, saver = build()
    with session() as sess:
        saver.restore(sess, tf.train.latest_checkpoint(str(tmp_path)))
        assert steps(sess, loss, train, 5) == uninterrupted


def test_state_file_is_tf_text_format_and_paths_resolve(tmp_path, monkeypatch):
    _vars()
    saver = tf.train.Saver()
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        saver.save(sess, str(tmp_path / "a"), global_step=1)
        saver.save(sess, str(tmp_path / "a"), global_step=2)
        text = (tmp_path / "checkpoint").read_text()
        assert text == (f'model_checkpoint_path: "{tmp_path}/a-2"\n'
                        f'all_model_checkpoint_paths: "{tmp_path}/a-1"\n'
                        f'all_model_checkpoint_paths: "{tmp_path}/a-2"\n')
        state = tf.train.get_checkpoint_state(str(tmp_path))
        assert state.model_checkpoint_path == f"{tmp_path}/a-2"
        assert state.all_model_checkpoint_paths == [f"{tmp_path}/a-1", f"{tmp_path}/a-2"]
        # A relative save path is recorded relative to its folder, as TF1 does.
        monkeypatch.chdir(tmp_path)
        os.mkdir("rel")
        assert saver.save(sess, "rel/m", global_step=5) == "rel/m-5"
        assert (tmp_path / "rel" / "checkpoint").read_text().startswith(
            'model_checkpoint_path: "m-5"\n')
        assert tf.train.latest_checkpoint("rel") == os.path.join("rel", "m-5")
        assert saver.save(sess, "rel/m", global_step=6, latest_filename="other",
                          write_state=True) == "rel/m-6"
        assert tf.train.latest_checkpoint("rel", "other") == os.path.join("rel", "m-6")
        assert saver.save(sess, "rel/nostate", write_state=False) == "rel/nostate"
        assert tf.train.latest_checkpoint("rel") == os.path.join("rel", "m-5")


def test_pad_step_number_and_relative_paths(tmp_path):
    _vars()
    saver = tf.train.Saver(pad_step_number=True, save_relative_paths=True)
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        assert saver.save(sess, str(tmp_path / "p"), global_step=12).endswith("p-00000012")
    assert 'model_checkpoint_path: "p-00000012"' in (tmp_path / "checkpoint").read_text()
    assert tf.train.latest_checkpoint(str(tmp_path)) == str(tmp_path / "p-00000012")


def test_max_to_keep_deletes_the_oldest(tmp_path):
    _vars()
    saver = tf.train.Saver(max_to_keep=2)
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        paths = [saver.save(sess, str(tmp_path / "k"), global_step=i) for i in range(4)]
    assert saver.last_checkpoints == paths[2:]
    assert [tf.train.checkpoint_exists(p) for p in paths] == [False, False, True, True]
    assert sorted(os.listdir(tmp_path)) == ["checkpoint"] + sorted(
        f"k-{i}.{s}" for i in (2, 3) for s in ("data-00000-of-00001", "index", "meta"))
    assert tf.train.get_checkpoint_state(str(tmp_path)).all_model_checkpoint_paths == paths[2:]


def test_max_to_keep_none_keeps_every_file(tmp_path):
    _vars()
    saver = tf.train.Saver(max_to_keep=None)
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        paths = [saver.save(sess, str(tmp_path / "k"), global_step=i) for i in range(3)]
    assert all(tf.train.checkpoint_exists(p) for p in paths) and saver.last_checkpoints == []
    assert tf.train.get_checkpoint_state(str(tmp_path)).all_model_checkpoint_paths == paths[2:]


def test_keep_checkpoint_every_n_hours_keeps_one_per_period(tmp_path):
    _vars()
    # A period of ~0.4 ms: every checkpoint pushed out is older than the next keep time.
    saver = tf.train.Saver(max_to_keep=1, keep_checkpoint_every_n_hours=1e-7)
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        paths = []
        for i in range(3):
            paths.append(saver.save(sess, str(tmp_path / "h"), global_step=i))
            saver._next_checkpoint_time = 0.0 if i == 0 else float("inf")
    # h-0 was pushed out after its keep time (kept); h-1 before the next one (deleted).
    assert [tf.train.checkpoint_exists(p) for p in paths] == [True, False, True]


def test_recover_last_checkpoints_lets_a_new_saver_delete_old_ones(tmp_path):
    _vars()
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        first = tf.train.Saver(max_to_keep=2)
        old = [first.save(sess, str(tmp_path / "r"), global_step=i) for i in range(2)]
        second = tf.train.Saver(max_to_keep=2)
        second.recover_last_checkpoints(
            tf.train.get_checkpoint_state(str(tmp_path)).all_model_checkpoint_paths +
            [str(tmp_path / "gone")])
        assert second.last_checkpoints == old
        assert len(tf.train.get_checkpoint_mtimes(old + [str(tmp_path / "gone")])) == 2
        second.save(sess, str(tmp_path / "r"), global_step=2)
    assert not tf.train.checkpoint_exists(old[0]) and tf.train.checkpoint_exists(old[1])
    second.set_last_checkpoints(["x"])
    assert second.last_checkpoints == ["x"] and second._last_checkpoints == [("x", np.inf)]
    with pytest.raises(TypeError, match="last_checkpoints must be a list"):
        second.set_last_checkpoints("x")
    with pytest.raises(TypeError, match="last_checkpoints_with_time must be a list"):
        second.set_last_checkpoints_with_time("x")


def test_reader_functions(tmp_path):
    w, b, n = _vars()
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        path = tf.train.Saver().save(sess, str(tmp_path / "m"), global_step=1)
    assert tf.train.list_variables(str(tmp_path)) == [("layer/b", [4]), ("n", []),
                                                      ("w", [2, 3])]
    np.testing.assert_array_equal(tf.train.load_variable(str(tmp_path), "w:0"),
                                  [[1, 2, 3], [4, 5, 6]])
    scalar = tf.train.load_variable(path, "n")
    assert scalar == 7 and isinstance(scalar, np.int32)
    reader = tf.train.NewCheckpointReader(path)
    assert reader.has_tensor("w") and not reader.has_tensor("nope")
    assert reader.get_variable_to_shape_map() == {"w": [2, 3], "layer/b": [4], "n": []}
    assert reader.get_variable_to_dtype_map()["n"] == tf.int32
    assert tf.train.load_checkpoint(path).get_tensor("layer/b").dtype == np.float32
    with pytest.raises(errors.NotFoundError, match="Key nope not found in checkpoint"):
        reader.get_tensor("nope")
    with pytest.raises(errors.NotFoundError, match="Failed to find any matching files for"):
        tf.train.load_variable(str(tmp_path / "absent"), "w")
    os.mkdir(tmp_path / "empty")
    with pytest.raises(ValueError, match="Couldn't find 'checkpoint' file or checkpoints"):
        tf.train.list_variables(str(tmp_path / "empty"))


def test_string_variables_round_trip(tmp_path):
    s = tf.Variable([b"a\x00b", b"", "\u00e9".encode()], name="s")
    saver = tf.train.Saver([s])
    with session() as sess:
        sess.run(s.initializer)
        path = saver.save(sess, str(tmp_path / "s"))
        sess.run(tf.assign(s, [b"x", b"y", b"z"]))
        saver.restore(sess, path)
        assert list(sess.run(s)) == [b"a\x00b", b"", "\u00e9".encode()]
    assert list(tf.train.load_variable(path, "s")) == [b"a\x00b", b"", b"\xc3\xa9"]


def test_update_and_parse_checkpoint_state(tmp_path):
    odd = str(tmp_path / 'we"ird\\na\u00efme\n')
    tf.train.update_checkpoint_state(str(tmp_path), odd, [str(tmp_path / "old")],
                                     all_model_checkpoint_timestamps=[1.5, 2.5],
                                     last_preserved_timestamp=0.25)
    text = (tmp_path / "checkpoint").read_text()
    assert '\\"' in text and "\\303\\257" in text and "\\n" in text
    state = tf.train.get_checkpoint_state(str(tmp_path))
    assert state.model_checkpoint_path == odd
    assert state.all_model_checkpoint_paths == [str(tmp_path / "old"), odd]
    assert state.all_model_checkpoint_timestamps == [1.5, 2.5]
    assert state.last_preserved_timestamp == 0.25
    assert state == CheckpointState(odd, [str(tmp_path / "old"), odd], [1.5, 2.5], 0.25)
    assert tf.train.generate_checkpoint_state_proto("rel", "rel/b", ["rel/a"]) == \
        CheckpointState("b", ["a", "b"])
    assert tf.train.get_checkpoint_mtimes([str(tmp_path / "nothing")]) == []
    assert tf.train.get_checkpoint_state(str(tmp_path / "none")) is None
    assert tf.train.latest_checkpoint(str(tmp_path)) is None  # the named files do not exist
    (tmp_path / "checkpoint").write_text("garbage without colon\n")
    assert tf.train.get_checkpoint_state(str(tmp_path)) is None
    (tmp_path / "checkpoint").write_text('all_model_checkpoint_paths: "x"\n')
    with pytest.raises(ValueError, match="Invalid checkpoint state loaded from"):
        tf.train.get_checkpoint_state(str(tmp_path))
    with pytest.raises(RuntimeError, match="conflicts with path used for checkpoint state"):
        tf.train.update_checkpoint_state(str(tmp_path), str(tmp_path / "checkpoint"))


def test_remove_checkpoint(tmp_path):
    _vars()
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        path = tf.train.Saver().save(sess, str(tmp_path / "x"))
    (tmp_path / "x.meta").write_text("")
    tf.train.remove_checkpoint(path)
    assert sorted(os.listdir(tmp_path)) == ["checkpoint"]
    tf.train.remove_checkpoint(path)  # nothing left: no error


def test_saver_from_a_saver_def_uses_the_ops_in_the_graph(tmp_path):
    w, _, _ = _vars()
    first = tf.train.Saver()
    second = tf.train.Saver(saver_def=first.saver_def)
    assert second.as_saver_def() is first.saver_def
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        path = second.save(sess, str(tmp_path / "sd"))
        sess.run(tf.assign(w, tf.zeros([2, 3])))
        second.restore(sess, path)
        assert sess.run(w)[1, 2] == 6.0
    assert not any(op.name.startswith("save_1") for op in
                   tf.get_default_graph().get_operations())


def test_defer_build_and_allow_empty(tmp_path):
    saver = tf.train.Saver(defer_build=True)
    with session() as sess:
        with pytest.raises(RuntimeError, match="`build\\(\\)` should be called before save"):
            saver.save(sess, str(tmp_path / "x"))
    w, _, _ = _vars()
    saver.build()
    saver.build()
    assert saver.as_saver_def().restore_op_name == "save/restore_all"
    with pytest.raises(ValueError, match="build cannot be deferred"):
        tf.train.Saver([w], defer_build=True)
    empty = tf.train.Saver([], allow_empty=True)
    with session() as sess:
        assert empty.save(sess, str(tmp_path / "e")) is None
        empty.restore(sess, str(tmp_path / "e"))
    assert not os.path.exists(tmp_path / "e.index")


def test_reshape_restores_a_differently_shaped_variable(tmp_path):
    w = tf.Variable(np.arange(6.0, dtype=np.float32).reshape(2, 3), name="w")
    with session() as sess:
        sess.run(w.initializer)
        path = tf.train.Saver().save(sess, str(tmp_path / "r"))
    tf.reset_default_graph()
    w = tf.Variable(tf.zeros([3, 2]), name="w")
    with session() as sess:
        tf.train.Saver(reshape=True).restore(sess, path)
        np.testing.assert_array_equal(sess.run(w), [[0, 1], [2, 3], [4, 5]])


# ---- errors

def test_build_errors():
    w, b, n = _vars()
    with pytest.raises(ValueError, match="At least two variables have the same name: w"):
        tf.train.Saver([w, _same_name()])
    with pytest.raises(TypeError, match="Variables to save should be passed in a dict or a list"):
        tf.train.Saver(w)
    with pytest.raises(TypeError, match="Variable to save is not a Variable: Tensor"):
        tf.train.Saver([tf.constant(1.0)])
    with pytest.raises(TypeError, match="Variable to save is not a Variable"):
        tf.train.Saver({"x": tf.constant(1.0)})
    with pytest.raises(TypeError, match="Checkpoint keys must be strings"):
        tf.train.Saver({1: w})
    tf.reset_default_graph()
    with pytest.raises(ValueError, match="No variables to save"):
        tf.train.Saver()


def _same_name():
    """A second variable whose op is named like `w`'s (in another graph, as names are unique
    in one graph)."""
    g = tf.Graph()
    with g.as_default():
        return tf.Variable(1.0, name="w")


def test_save_errors(tmp_path):
    _vars()
    saver = tf.train.Saver()
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        with pytest.raises(ValueError, match="Parent directory of .*no/dir/model doesn't exist"):
            saver.save(sess, str(tmp_path / "no" / "dir" / "model"))
        assert not (tmp_path / "no").exists()
        # one missing level is created, as TF's checkpoint writer does
        assert saver.save(sess, str(tmp_path / "new" / "model")) == str(tmp_path / "new" / "model")
        assert (tmp_path / "new" / "checkpoint").exists()
        with pytest.raises(ValueError, match="'latest_filename' must not contain path"):
            saver.save(sess, str(tmp_path / "m"), latest_filename="a/b")
        with pytest.raises(ValueError, match="'latest_filename' collides with 'save_path'"):
            saver.save(sess, str(tmp_path / "checkpoint"))
        with pytest.raises(TypeError, match="'sess' must be a Session; 3"):
            saver.save(3, str(tmp_path / "m"))
    with session() as sess:
        with pytest.raises(errors.FailedPreconditionError, match="uninitialized value"):
            saver.save(sess, str(tmp_path / "m"))


def test_restore_missing_checkpoint_is_not_found_and_value_error(tmp_path):
    _vars()
    saver = tf.train.Saver()
    with session() as sess:
        with pytest.raises(errors.NotFoundError,
                           match="The passed save_path is not a valid checkpoint: .*absent"):
            saver.restore(sess, str(tmp_path / "absent"))
        with pytest.raises(ValueError, match="not a valid checkpoint"):
            saver.restore(sess, str(tmp_path / "absent"))
        with pytest.raises(ValueError, match="Can't load save_path when it is None"):
            saver.restore(sess, None)


def test_restore_key_absent_names_it(tmp_path):
    w, _, _ = _vars()
    with session() as sess:
        sess.run(w.initializer)
        path = tf.train.Saver([w]).save(sess, str(tmp_path / "w"))
    saver = tf.train.Saver()
    with session() as sess:
        with pytest.raises(errors.NotFoundError,
                           match="(?s)a Variable name or other graph key that is missing.*"
                                 "Key layer/b not found in checkpoint"):
            saver.restore(sess, path)


def test_restore_shape_and_dtype_mismatch_name_the_key(tmp_path):
    w, _, n = _vars()
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        path = tf.train.Saver([w, n]).save(sess, str(tmp_path / "w"))
    tf.reset_default_graph()
    w = tf.Variable(tf.zeros([3, 2]), name="w")
    with session() as sess:
        with pytest.raises(errors.InvalidArgumentError,
                           match="(?s)mismatch between the current graph and the graph.*"
                                 r"lhs shape= \[3,2\] rhs shape= \[2,3\].*checkpoint key w"):
            tf.train.Saver([w]).restore(sess, path)
    n = tf.Variable(0.5, name="n")
    with session() as sess:
        with pytest.raises(errors.InvalidArgumentError,
                           match="tensor_name = n; expected dtype float does not equal "
                                 "original dtype int32"):
            tf.train.Saver([n]).restore(sess, path)


# ---- the SaveV2 and RestoreV2 ops

def _prefix(tmp_path, name="m"):
    return tf.constant(str(tmp_path / name))


def test_save_v2_and_restore_v2_shape_rules(tmp_path):
    from minitf.train import saver as saver_module
    x = tf.constant([1.0, 2.0])
    with pytest.raises(ValueError, match="Shape must be rank 0 but is rank 1"):
        saver_module.save_v2(tf.constant(["a", "b"]), ["x"], [""], [x])
    with pytest.raises(ValueError, match="Dimension 0 in both shapes must be equal, but are 2 "
                                         "and 1"):
        saver_module.save_v2(_prefix(tmp_path), ["x", "y"], ["", ""], [x])
    with pytest.raises(ValueError, match="Shape must be rank 1 but is rank 0"):
        tf.get_default_graph().create_op(
            "RestoreV2", [_prefix(tmp_path), tf.constant("x"), tf.constant("")],
            {"dtypes": [tf.float32]})
    restored = saver_module.restore_v2(_prefix(tmp_path), ["x", "n"], ["", ""],
                                       [tf.float32, tf.int32], name="r")
    assert [t.name for t in restored] == ["r:0", "r:1"]
    assert restored[0].shape.ndims is None and restored[1].dtype == tf.int32


def test_save_v2_and_restore_v2_kernels(tmp_path):
    from minitf.train import saver as saver_module
    x = tf.constant([1.0, 2.0])
    names = tf.placeholder(tf.string, [None])
    save = tf.get_default_graph().create_op(
        "SaveV2", [_prefix(tmp_path), names, tf.constant([""]), x], {"dtypes": [tf.float32]})
    restore = tf.get_default_graph().create_op(
        "RestoreV2", [_prefix(tmp_path), names, tf.constant([""])], {"dtypes": [tf.float32]})
    sliced = saver_module.save_v2(_prefix(tmp_path), ["x"], ["4 0,2"], [x])
    with session() as sess:
        sess.run(save, {names: ["x"]})
        np.testing.assert_array_equal(sess.run(restore.outputs[0], {names: ["x"]}), [1, 2])
        with pytest.raises(errors.InvalidArgumentError, match="Got 2 tensor names but 1 "
                                                              "tensors"):
            sess.run(save, {names: ["x", "y"]})
        with pytest.raises(errors.InvalidArgumentError, match="Got 2 tensor names but 1 "
                                                              "dtypes"):
            sess.run(restore.outputs[0], {names: ["x", "x"]})
        with pytest.raises(errors.UnimplementedError, match=r"the slices of x saved together "
                                                             r"\(\['4 0,2'\]\) do not cover it"):
            sess.run(sliced)
    dup = saver_module.save_v2(_prefix(tmp_path), ["x", "x"], ["", ""], [x, x])
    with session() as sess:
        with pytest.raises(errors.InvalidArgumentError, match="Duplicate tensor names"):
            sess.run(dup)


def test_restore_v2_reads_slices_of_a_saved_tensor(tmp_path):
    from minitf.train import saver as saver_module
    a = tf.Variable(np.arange(12, dtype=np.float32).reshape(4, 3), name="a")
    with session() as sess:
        sess.run(a.initializer)
        path = tf.train.Saver([a]).save(sess, str(tmp_path / "m"))
    rows, cols, whole = saver_module.restore_v2(
        path, ["a", "a", "a"], ["4 3 1,2:-", "4 3 -:0,2", ""], [tf.float32] * 3)
    # the static shape is the slice's, as TF infers it from the constant specs
    assert rows.shape.as_list() == [2, 3] and cols.shape.as_list() == [4, 2]
    assert whole.shape.ndims is None
    spec = tf.placeholder(tf.string, [1])
    fed = tf.get_default_graph().create_op("RestoreV2", [tf.constant(path), tf.constant(["a"]),
                                                         spec], {"dtypes": [tf.float32]})
    with session() as sess:
        got = sess.run([rows, cols, whole])
        np.testing.assert_array_equal(got[0], [[3, 4, 5], [6, 7, 8]])
        np.testing.assert_array_equal(got[1], [[0, 1], [3, 4], [6, 7], [9, 10]])
        np.testing.assert_array_equal(got[2], np.arange(12).reshape(4, 3))
        np.testing.assert_array_equal(sess.run(fed.outputs[0], {spec: ["4 3 3,1:2,1"]}),
                                      [[11]])
        with pytest.raises(errors.InvalidArgumentError,
                           match=r"tensor_name = a; shape in shape_and_slice spec \[5,3\] "
                                 r"does not match the shape stored in checkpoint: \[4,3\]"):
            sess.run(fed.outputs[0], {spec: ["5 3 0,2:-"]})
        with pytest.raises(errors.InvalidArgumentError, match="Mismatching ranks"):
            sess.run(fed.outputs[0], {spec: ["4 3 0,2"]})


@pytest.mark.parametrize("spec, error, message", [
    ("abc", ValueError, "Need least two elements in shape_and_slice specification: abc"),
    ("4 3", ValueError, "Expected a pair of numbers or '-' but got '3': string = 3"),
    ("4 3 x,2:0,3", ValueError, "Expected a pair of numbers or '-' but got 'x,2'"),
    ("4 3 0,2", errors.InternalError, r"Mismatching ranks: shape = \[4,3\], slice = 0,2"),
    ("4 3 0,5:0,3", errors.InternalError,
     r"Extent in dimension 0 out of bounds: shape = \[4,3\], slice = 0,5:0,3"),
])
def test_restore_v2_refuses_a_malformed_slice_spec_when_built(tmp_path, spec, error, message):
    from minitf.train import saver as saver_module
    with pytest.raises(error, match=message):
        saver_module.restore_v2(_prefix(tmp_path), ["a"], [spec], [tf.float32])


def test_restore_read_errors_become_tf_errors(tmp_path, monkeypatch):
    from minitf.train import checkpoint_format
    w, _, _ = _vars()
    saver = tf.train.Saver([w])
    with session() as sess:
        sess.run(w.initializer)
        path = saver.save(sess, str(tmp_path / "m"))

        def unreadable(prefix):
            raise PermissionError(13, "Permission denied")
        monkeypatch.setattr(checkpoint_format, "CheckpointFileReader", unreadable)
        with pytest.raises(errors.PermissionDeniedError, match="m; Permission denied"):
            sess.run(saver.saver_def.restore_op_name,
                     {saver.saver_def.filename_tensor_name: path})
