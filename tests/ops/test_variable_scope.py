"""tf.variable_scope and tf.get_variable: scope names apart from name scopes, default-name
uniquification, reuse rules, the variable store, custom getters, and TF 1.15's error texts."""
import numpy as np
import pytest

import minitf as tf
from minitf.ops import variable_scope as vs
from tests.harness import session

ONE = tf.constant_initializer(1.0)


def _ops():
    return [(op.name, op.type) for op in tf.get_default_graph().get_operations()]


def _name_scope():
    return tf.get_default_graph().get_name_scope()


# ---- names

def test_scope_names_and_name_scopes():
    with tf.variable_scope("foo") as s:
        assert (s.name, s.original_name_scope, _name_scope()) == ("foo", "foo/", "foo")
        v = tf.get_variable("v", [1], initializer=ONE)
        x = tf.constant(1.0, name="x")
        u = tf.Variable(0.0, name="u")
        with tf.variable_scope("bar") as b:
            assert (b.name, b.original_name_scope) == ("foo/bar", "foo/bar/")
            w = tf.get_variable("w", [1], initializer=ONE)
            y = tf.identity(x)
    with tf.variable_scope("foo") as s2:
        assert (s2.name, s2.original_name_scope) == ("foo", "foo_1/") and s2 is not s
        z = tf.constant(2.0, name="z")
        k = tf.get_variable("k", [1], initializer=ONE)
    with tf.variable_scope("foo/"):
        q = tf.constant(3.0, name="q")
    assert [t.name for t in (v, x, u, w, y, z, k, q)] == [
        "foo/v:0", "foo/x:0", "foo/u:0", "foo/bar/w:0", "foo/bar/Identity:0", "foo_1/z:0",
        "foo/k:0", "foo/q:0"]
    assert tf.get_variable_scope().name == "" and _name_scope() == ""


def test_get_variable_ignores_name_scopes():
    with tf.name_scope("ns"):
        a = tf.get_variable("a", [1], initializer=ONE)
        b = tf.Variable(1.0, name="b")
        with tf.variable_scope("vs"):
            c = tf.get_variable("c", [1], initializer=ONE)
            d = tf.Variable(1.0, name="d")
            e = tf.add(1.0, 2.0)
    assert [t.name for t in (a, b, c, d, e)] == ["a:0", "ns/b:0", "vs/c:0", "ns/vs/d:0",
                                                "ns/vs/Add:0"]
    assert ("a/Initializer/Const", "Const") in _ops()
    assert ("vs/c/Initializer/Const", "Const") in _ops()


def test_entering_a_scope_object():
    with tf.variable_scope("foo") as s1:
        pass
    with tf.variable_scope(s1) as s3:
        assert (s3.name, s3.original_name_scope, _name_scope()) == ("foo", "foo/", "foo_1")
        assert s3 is not s1
        with tf.variable_scope("inner") as s4:
            assert (s4.name, s4.original_name_scope) == ("foo/inner", "foo_1/inner/")
    with tf.name_scope("bi"):
        with tf.variable_scope(s4) as s5:
            assert (s5.name, s5.original_name_scope) == ("foo/inner", "foo_1/inner/")
            assert tf.constant(1).name == "bi/inner/Const:0"
            v = tf.get_variable("v", [1], initializer=ONE)
        with tf.variable_scope(s4, auxiliary_name_scope=False) as s6:
            assert s6.name == "foo/inner" and tf.constant(1).name == "bi/Const:0"
        with tf.variable_scope("new", auxiliary_name_scope=False) as s7:
            assert (s7.name, s7.original_name_scope) == ("new", "bi/")
            assert tf.constant(1).name == "bi/Const_1:0"
    assert v.name == "foo/inner/v:0"
    root = tf.get_variable_scope()
    with tf.variable_scope("x"):
        with tf.variable_scope(root) as r:
            assert (r.name, r.original_name_scope, _name_scope()) == ("", "", "x")
            assert tf.get_variable("top", [1], initializer=ONE).name == "top:0"


def test_default_name_uniquification():
    names = []
    for name in (None, None, "blk_3", None, None):
        with tf.variable_scope(name, default_name="blk") as s:
            names.append((s.name, s.original_name_scope))
    for _ in range(2):
        with tf.variable_scope("outer"):
            with tf.variable_scope(None, default_name="blk") as s:
                names.append((s.name, s.original_name_scope))
    with tf.variable_scope("Blk") as s:
        names.append((s.name, s.original_name_scope))
    with tf.variable_scope(None, default_name="Blk") as s:
        names.append((s.name, s.original_name_scope))
    with tf.name_scope("blk_9"):
        pass
    with tf.variable_scope(None, default_name="blk_9") as s:
        names.append((s.name, s.original_name_scope))
    assert names == [("blk", "blk/"), ("blk_1", "blk_1/"), ("blk_3", "blk_3/"), ("blk_2", "blk_2/"),
                     ("blk_4", "blk_4/"), ("outer/blk", "outer/blk/"),
                     ("outer/blk", "outer_1/blk/"), ("Blk", "Blk_5/"), ("Blk_1", "Blk_6/"),
                     ("blk_9", "blk_9_1/")]


def test_default_name_with_name_and_values_graph():
    with tf.variable_scope("given", default_name="dflt") as s:
        assert s.name == "given"
    g = tf.Graph()
    with g.as_default():
        c = tf.constant(1.0)
    with tf.variable_scope(None, default_name="dflt", values=[c]) as s:
        assert tf.get_default_graph() is g and s.name == "dflt"
        v = tf.get_variable("v", [1], initializer=ONE)
    assert v.graph is g and tf.get_default_graph() is not g


def test_scope_state_is_restored_after_an_exception():
    with pytest.raises(RuntimeError):
        with tf.variable_scope("a"):
            with tf.variable_scope("b"):
                raise RuntimeError("boom")
    assert tf.get_variable_scope().name == "" and _name_scope() == ""


# ---- reuse

def test_reuse_inheritance():
    root = tf.get_variable_scope()
    assert root.reuse is False
    with tf.variable_scope("a") as a:
        assert a.reuse is False
        with tf.variable_scope("b", reuse=True) as b:
            assert b.reuse is True
            with tf.variable_scope("c", reuse=False) as c:
                assert c.reuse is True
            with tf.variable_scope("d", reuse=tf.AUTO_REUSE) as d:
                assert d.reuse is tf.AUTO_REUSE
        with tf.variable_scope("e", reuse=tf.AUTO_REUSE):
            with tf.variable_scope("f", reuse=True) as f:
                assert f.reuse is True
            with tf.variable_scope("g") as g:
                assert g.reuse is tf.AUTO_REUSE
        assert tf.get_variable_scope().reuse is False
        tf.get_variable_scope().reuse_variables()
        assert tf.get_variable_scope().reuse is True and a.reuse is True
    with tf.variable_scope("a") as again:
        assert again.reuse is False
    assert tf.get_variable_scope().reuse is False


def test_reuse_of_a_scope_object_is_its_own():
    with tf.variable_scope("s") as s:
        pass
    with tf.variable_scope("t", reuse=True) as t:
        pass
    with tf.variable_scope("r", reuse=True):
        with tf.variable_scope(s) as s2:
            assert s2.reuse is False
    with tf.variable_scope(t) as t2:
        assert t2.reuse is True
    with tf.variable_scope(t, reuse=False) as t3:
        assert t3.reuse is True
    with tf.variable_scope(s, reuse=True) as s3:
        assert s3.reuse is True
    with tf.variable_scope("w", reuse=True):
        with tf.variable_scope(None, default_name="d") as d:
            assert d.reuse is True and d.name == "w/d"


def test_reuse_returns_the_same_variable():
    with tf.variable_scope("s"):
        v = tf.get_variable("v", [2], initializer=ONE)
    with tf.variable_scope("s", reuse=True):
        assert tf.get_variable("v", [2]) is v
        assert tf.get_variable("v") is v
        assert tf.get_variable("v", [None]) is v
    with tf.variable_scope("s") as s:
        s.reuse_variables()
        assert tf.get_variable("v") is v
    assert tf.global_variables() == [v]


def test_auto_reuse():
    def layer():
        with tf.variable_scope("layer", reuse=tf.AUTO_REUSE):
            return tf.get_variable("w", [3], initializer=ONE)
    a, b = layer(), layer()
    assert a is b and tf.global_variables() == [a]
    assert repr(tf.AUTO_REUSE) == "<_ReuseMode.AUTO_REUSE: 1>"


def test_variable_scope_errors():
    with pytest.raises(TypeError, match="^If default_name is None then name_or_scope is "
                                        "required$"):
        tf.variable_scope(None)
    for bad in ("yes", 1):
        with pytest.raises(ValueError, match="^The reuse parameter must be True or False or "
                                             "None.$"):
            tf.variable_scope("s", reuse=bad)
    for reuse in (True, tf.AUTO_REUSE):
        with pytest.raises(ValueError, match="^reuse=True cannot be used without a "
                                             "name_or_scope$"):
            with tf.variable_scope(None, default_name="d", reuse=reuse):
                pass
    with pytest.raises(TypeError, match="^VariableScope: name_or_scope must be a string or "
                                        "VariableScope.$"):
        with tf.variable_scope(5):
            pass
    with pytest.raises(TypeError, match="The auxiliary_name_scope must be `True` or `False`, "
                                        "while get 1"):
        tf.variable_scope("s", auxiliary_name_scope=1)
    with pytest.raises(ValueError, match="'_' is not a valid scope name"):
        with tf.variable_scope("_"):
            pass
    assert tf.get_variable_scope().name == ""


# ---- get_variable errors

def _make():
    return tf.get_variable("x", [2], initializer=ONE)  # the creating line


def test_get_variable_exists_error_names_the_creating_code():
    with tf.variable_scope("foo"):
        _make()
        with pytest.raises(ValueError) as info:
            _make()
    message = str(info.value)
    assert message.startswith(
        "Variable foo/x already exists, disallowed. Did you mean to set reuse=True or "
        "reuse=tf.AUTO_REUSE in VarScope? Originally defined at:\n\n  File \"")
    lines = message.split("Originally defined at:\n\n")[1].splitlines()
    assert lines[0].endswith(f"test_variable_scope.py\", line "
                             f"{_make.__code__.co_firstlineno + 1}, in _make")
    assert lines[1] == '    return tf.get_variable("x", [2], initializer=ONE)  # the creating line'
    assert "in test_get_variable_exists_error_names_the_creating_code" in lines[2]
    assert len(lines) <= 10 and "/minitf/" not in message  # minitf's own frames are left out


def test_get_variable_missing_and_sharing_errors():
    with tf.variable_scope("s", reuse=True):
        with pytest.raises(ValueError, match=r"^Variable s/w does not exist, or was not created "
                                             r"with tf\.get_variable\(\)\. Did you mean to set "
                                             r"reuse=tf\.AUTO_REUSE in VarScope\?$"):
            tf.get_variable("w", [1])
    with tf.variable_scope("s"):
        tf.get_variable("v", [1], initializer=ONE)
    with tf.variable_scope("s", reuse=True):
        with pytest.raises(ValueError, match=r"^Trying to share variable s/v, but specified shape "
                                             r"\(2,\) and found shape \(1,\)\.$"):
            tf.get_variable("v", [2])
        with pytest.raises(ValueError, match="^Trying to share variable s/v, but specified dtype "
                                             "float64 and found dtype float32_ref.$"):
            tf.get_variable("v", [1], dtype=tf.float64)


def test_get_variable_initializer_errors():
    with pytest.raises(ValueError, match="^If initializer is a constant, do not specify shape.$"):
        tf.get_variable("a", [2], initializer=tf.constant([1.0, 2.0]))
    with pytest.raises(ValueError, match="^If initializer is a constant, do not specify shape.$"):
        tf.get_variable("b", [], initializer=5)
    invalid = ("^The initializer passed is not valid. It should be a callable with no arguments "
               "and the shape should not be provided or an instance of "
               r"`tf\.keras\.initializers\.\*' and `shape` should be fully defined\.$")
    with pytest.raises(ValueError, match=invalid):
        tf.get_variable("c")
    with pytest.raises(ValueError, match=invalid):
        tf.get_variable("d", [None, 2], initializer=ONE)
    with pytest.raises(ValueError, match=invalid):
        tf.get_variable("e", initializer=lambda x: tf.constant([2.0]))
    with pytest.raises(ValueError, match="^An initializer for variable f of <dtype: 'complex64'> "
                                         "is required$"):
        tf.get_variable("f", [2], dtype=tf.complex64)
    with pytest.raises(ValueError, match="^Initializer type '<dtype: 'float32'>' and explicit "
                                         "dtype '<dtype: 'float64'>' don't match.$"):
        tf.get_variable("g", initializer=[1.0, 2.0], dtype=tf.float64)
    with pytest.raises(ValueError, match="^Passed a custom_getter which is not callable: 5$"):
        tf.get_variable("h", [2], custom_getter=5)
    with pytest.raises(ValueError, match=r"^Partitioner returned a partition list that does "
                                         r"not match the Variable's rank: \[2, 1\] vs\. "
                                         r"\(4,\)$"):
        tf.get_variable("i", [4], initializer=ONE, partitioner=lambda shape, dtype: [2, 1])


# ---- get_variable initial values

def test_initializer_given_as_a_value_or_tensor():
    t = tf.constant([1.0, 2.0])
    a = tf.get_variable("a", initializer=t)
    assert a.initial_value is t and a.shape.as_list() == [2]
    b = tf.get_variable("b", initializer=[1, 2, 3])
    c = tf.get_variable("c", initializer=np.ones((2, 2)))
    d = tf.get_variable("d", initializer=5.0)
    e = tf.get_variable("e", initializer=[1.0, 2.0], dtype=tf.float32)
    assert [v.initial_value.name for v in (b, c, d, e)] == [
        "b/initial_value:0", "c/initial_value:0", "d/initial_value:0", "e/initial_value:0"]
    assert [v.dtype.name for v in (b, c, d, e)] == ["int32_ref", "float64_ref", "float32_ref",
                                                    "float32_ref"]
    assert ("Const_1", "Const") in _ops()  # the explicit-dtype check converts the value once
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run(b).tolist() == [1, 2, 3] and sess.run(e).tolist() == [1.0, 2.0]


def test_callable_initializers():
    a = tf.get_variable("a", initializer=lambda: tf.constant([1.0, 2.0, 3.0]))
    b = tf.get_variable("b", initializer=lambda x=True: [2.0])
    c = tf.get_variable("c", [2], initializer=lambda shape, dtype: tf.constant(7.0, dtype,
                                                                              shape))
    d = tf.get_variable("d", [2], dtype=tf.float64,
                        initializer=lambda shape, dtype, partition_info: tf.constant(
                            1.0, dtype, shape))
    e = tf.get_variable("e", [3], initializer=tf.constant_initializer)  # a class: instantiated
    assert a.initial_value.name == "a/Initializer/Const:0" and a.shape.as_list() == [3]
    assert b.initial_value.name == "b/Initializer/initial_value:0"
    assert (c.dtype.name, d.dtype.name) == ("float32_ref", "float64_ref")
    assert e.initial_value.name == "e/Initializer/Const:0"
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run(c).tolist() == [7.0, 7.0] and sess.run(e).tolist() == [0.0, 0.0, 0.0]


def test_scope_initializer_and_dtype_are_inherited():
    with tf.variable_scope("s", initializer=tf.constant_initializer(3.0)) as s:
        a = tf.get_variable("a", [2])
        with tf.variable_scope("t"):
            b = tf.get_variable("b", [1])
            c = tf.get_variable("c", [1], initializer=tf.constant_initializer(0.5))
        with tf.variable_scope("k", dtype=tf.float64) as k:
            d = tf.get_variable("d", [2])
            e = tf.get_variable("e", [2], dtype=tf.float32)
            assert k.dtype == tf.float64
        s.set_initializer(tf.constant_initializer(-1.0))
        f = tf.get_variable("f", [1])
    assert (d.dtype.name, e.dtype.name) == ("float64_ref", "float32_ref")
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        assert [sess.run(v).tolist() for v in (a, b, c, f)] == [[3.0, 3.0], [3.0], [0.5], [-1.0]]


def test_trainable_collections_and_local_variables():
    a = tf.get_variable("a", [1], initializer=ONE)
    b = tf.get_variable("b", [1], initializer=ONE, trainable=False)
    c = tf.get_variable("c", [1], initializer=ONE, collections=[tf.GraphKeys.LOCAL_VARIABLES])
    d = tf.get_local_variable("d", [1], initializer=ONE)
    e = tf.get_local_variable("e", [1], initializer=ONE, collections=["extra"])
    assert tf.global_variables() == [a, b]
    assert tf.trainable_variables() == [a, c]
    assert tf.local_variables() == [c, d, e]
    assert tf.get_collection("extra") == [e] and not d.trainable


def test_regularizer_adds_a_loss():
    with tf.variable_scope("s", regularizer=lambda v: tf.identity(v, name="loss")):
        a = tf.get_variable("a", [2], initializer=ONE)
        tf.get_variable("b", [2], initializer=ONE, regularizer=tf.no_regularizer)
    losses = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
    assert [t.name for t in losses] == ["s/a/Regularizer/loss:0"]
    assert losses[0].op.inputs[0] is a.value()
    assert tf.no_regularizer(a) is None


def test_custom_getters():
    calls = []

    def rename(getter, name, *args, **kwargs):
        calls.append((name, sorted(kwargs)))
        return getter(name + "_x", *args, **kwargs)

    def outer(getter, name, *args, **kwargs):
        calls.append(("outer", name))
        return getter(name, *args, **kwargs)

    a = tf.get_variable("a", [2], initializer=ONE, custom_getter=rename)
    assert a.name == "a_x:0"
    assert calls[0] == ("a", ["aggregation", "caching_device", "collections", "constraint",
                              "dtype", "initializer", "partitioner", "regularizer", "reuse",
                              "shape", "synchronization", "trainable", "use_resource",
                              "validate_shape"])
    calls.clear()
    with tf.variable_scope("s", custom_getter=rename) as s:
        with tf.variable_scope("t", custom_getter=outer):
            b = tf.get_variable("b", [2], initializer=ONE)
    assert b.name == "s/t/b_x:0" and calls[0] == ("outer", "s/t/b") and calls[1][0] == "s/t/b"
    assert s.custom_getter is rename

    def narrow(getter, name, shape=None, dtype=None, initializer=None, regularizer=None,
               reuse=None, trainable=None, collections=None, caching_device=None,
               partitioner=None, validate_shape=True, use_resource=None, synchronization=None,
               aggregation=None):
        return getter(name, shape=shape, dtype=dtype, initializer=initializer)
    assert tf.get_variable("n", [1], initializer=ONE, custom_getter=narrow).name == "n:0"
    with tf.variable_scope("bad", custom_getter=3):
        with pytest.raises(ValueError, match="^Passed a custom_getter which is not callable: 3$"):
            tf.get_variable("b", [1], initializer=ONE)


def test_variable_store_is_per_graph():
    a = tf.get_variable("a", [1], initializer=ONE)
    outer_scope = tf.get_variable_scope()
    g = tf.Graph()
    with g.as_default():
        b = tf.get_variable("a", [1], initializer=ONE)
        assert tf.get_variable_scope() is not outer_scope
    assert a.graph is not b.graph and b.name == "a:0"
    tf.reset_default_graph()
    assert tf.get_variable("a", [1], initializer=ONE).name == "a:0"


def test_get_variable_ignores_control_dependencies():
    x = tf.constant(1.0)
    with tf.control_dependencies([x]):
        v = tf.get_variable("v", [1], initializer=ONE)
    assert all(not op.control_inputs for op in tf.get_default_graph().get_operations())
    assert v.initializer.control_inputs == []


def test_variable_scope_object_api():
    reg = lambda v: None  # noqa: E731
    getter = lambda getter, *a, **k: getter(*a, **k)  # noqa: E731
    with tf.variable_scope("api", initializer=ONE, regularizer=reg, caching_device="/cpu:0",
                           dtype=tf.float64, use_resource=False, constraint=abs,
                           custom_getter=getter) as s:
        v = tf.get_variable("v", [1])
        w = tf.get_local_variable("w", [1])
    assert isinstance(s, tf.VariableScope)
    assert (s.initializer, s.regularizer, s.caching_device, s.dtype, s.use_resource,
            s.constraint, s.custom_getter, s.partitioner) == (ONE, reg, "/cpu:0", tf.float64,
                                                              False, abs, getter, None)
    assert v.value().device == "/device:CPU:0" and v.constraint is abs
    assert s.global_variables() == [v] and s.trainable_variables() == [v]
    assert s.local_variables() == [w] and s.get_collection(tf.GraphKeys.GLOBAL_VARIABLES) == [v]
    s.set_dtype(tf.int32)
    s.set_use_resource(None)
    s.set_regularizer(None)
    s.set_caching_device(None)
    s.set_partitioner(None)
    s.set_custom_getter(None)
    assert (s.dtype, s.use_resource, s.regularizer, s.caching_device, s.partitioner,
            s.custom_getter) == (tf.int32, None, None, None, None, None)
    scope = tf.VariableScope(True, name="manual", initializer=ONE)
    with tf.variable_scope(scope):
        assert tf.get_variable_scope().name == "manual"
        with pytest.raises(ValueError, match="does not exist"):
            tf.get_variable("m", [1])
    assert scope.get_variable(vs._variable_store(), "m", [1], reuse=False).name == "manual/m:0"
