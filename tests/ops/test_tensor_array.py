"""tf.TensorArray and the TensorArray*V3 ops: names, static shapes, values, TF1's errors and the
gradients of tensor_array_grad.py."""
import re

import numpy as np
import pytest

import minitf as tf
from minitf.framework import errors
from tests.harness import session


def _ops():
    return [(op.name, op.type) for op in tf.get_default_graph().get_operations()]


def _run(fetches, feed=None, backend="numpy"):
    with session(backend) as sess:
        return sess.run(fetches, feed)


def _raises(cls, message, fetches, feed=None):
    with pytest.raises(cls, match=re.escape(message)):
        _run(fetches, feed)


X = np.arange(12, dtype=np.float32).reshape(3, 4) / 4  # distinct sizes per axis


# ---- graph: ops, names, attrs, reprs

def test_constructor_ops_names_and_reprs():
    ta = tf.TensorArray(tf.float32, size=3)
    assert _ops() == [("TensorArray/size", "Const"), ("TensorArray", "TensorArrayV3")]
    assert str(ta.handle) == 'Tensor("TensorArray:0", shape=(2,), dtype=resource)'
    assert str(ta.flow) == 'Tensor("TensorArray:1", shape=(), dtype=float32)'
    assert re.fullmatch(r"<tensorflow\.python\.ops\.tensor_array_ops\.TensorArray object at "
                        r"0x[0-9a-f]+>", repr(ta))
    assert ta.dtype == tf.float32 and str(ta.element_shape) == "<unknown>"
    assert ta.dynamic_size is False
    op = ta.handle.op
    assert op.get_attr("dtype") == tf.float32 and op.get_attr("dynamic_size") is False
    assert op.get_attr("clear_after_read") is True
    assert op.get_attr("identical_element_shapes") is True
    assert op.get_attr("tensor_array_name") == ""
    assert op.get_attr("element_shape").ndims is None
    assert 'key: "element_shape"' in str(op) and "unknown_rank: true" in str(op)
    tb = tf.TensorArray(tf.int32, 2, dynamic_size=True, clear_after_read=False,
                        tensor_array_name="foo", infer_shape=False, element_shape=[None, 4],
                        name="arr")
    op = tb.handle.op
    assert op.name == "arr" and tb.flow.name == "arr:1" and tb.dtype == tf.int32
    assert op.get_attr("tensor_array_name") == "foo"
    assert op.get_attr("dynamic_size") is True and op.get_attr("clear_after_read") is False
    assert op.get_attr("identical_element_shapes") is False
    assert op.get_attr("element_shape").as_list() == [None, 4]
    assert tf.TensorArray(tf.float32, 1).handle.op.name == "TensorArray_1"
    assert tf.TensorArray("float64", tf.constant(2)).dtype == tf.float64


def test_method_op_names():
    x = tf.constant(X, name="x")
    ta = tf.TensorArray(tf.float32, size=3)
    w = ta.write(0, [1.0, 2.0, 3.0, 4.0])
    assert w is not ta and w.handle is ta.handle and w.flow.name == \
        "TensorArrayWrite/TensorArrayWriteV3:0"
    r = w.read(0)
    s = w.stack()
    u = tf.TensorArray(tf.float32, size=3).unstack(x)
    g = u.gather([2, 0])
    c = u.concat()
    n = u.size()
    sp = tf.TensorArray(tf.float32, size=2, infer_shape=False).split(x, [1, 2])
    sc = tf.TensorArray(tf.float32, size=3).scatter([1, 2], x[:2])
    i = sc.identity()
    cl = sc.close()
    names = [name for name, _ in _ops()]
    for name in ["TensorArrayWrite/value", "TensorArrayWrite/TensorArrayWriteV3/index",
                 "TensorArrayWrite/TensorArrayWriteV3", "TensorArrayReadV3/index",
                 "TensorArrayReadV3", "TensorArrayStack/TensorArraySizeV3",
                 "TensorArrayStack/range/start", "TensorArrayStack/range/delta",
                 "TensorArrayStack/range", "TensorArrayStack/TensorArrayGatherV3",
                 "TensorArrayUnstack/Shape", "TensorArrayUnstack/strided_slice",
                 "TensorArrayUnstack/range",
                 "TensorArrayUnstack/TensorArrayScatter/TensorArrayScatterV3",
                 "TensorArrayGatherV3/indices", "TensorArrayGatherV3", "TensorArrayConcatV3",
                 "TensorArraySizeV3", "TensorArraySplit/Cast/x", "TensorArraySplit/Cast",
                 "TensorArraySplit/TensorArraySplitV3",
                 "TensorArrayScatter/TensorArrayScatterV3/indices",
                 "TensorArrayScatter/TensorArrayScatterV3", "Identity", "TensorArrayCloseV3"]:
        assert name in names, name
    assert (r.op.type, s.op.type, g.op.type, c.op.type, n.op.type, cl.type) == (
        "TensorArrayReadV3", "TensorArrayGatherV3", "TensorArrayGatherV3",
        "TensorArrayConcatV3", "TensorArraySizeV3", "TensorArrayCloseV3")
    assert i.flow.op.type == "Identity" and i.handle is sc.handle
    assert c.op.outputs[1].dtype == tf.int64 and c.op.outputs[1].shape.as_list() == [None]
    assert n.dtype == tf.int32 and n.shape.ndims == 0
    assert sp.flow.op.inputs[2].dtype == tf.int64
    assert all(op.get_attr(k) for op in [tf.get_default_graph().get_operation_by_name(
        "TensorArrayWrite/TensorArrayWriteV3")] for k in ["T"])


def test_named_methods():
    ta = tf.TensorArray(tf.float32, size=2, name="ta")
    w = ta.write(0, 1.0, name="w")
    assert w.flow.name == "w/w:0"
    assert w.read(0, name="r").name == "r:0"
    assert w.stack(name="s").name == "s/s:0"
    assert w.concat(name="c").name == "c:0"
    assert w.size(name="n").name == "n:0"


def test_writes_are_placed_with_the_first_written_value():
    v = tf.constant([1.0], name="v")
    ta = tf.TensorArray(tf.float32, size=2)
    w = ta.write(0, v).write(1, tf.constant([2.0], name="u"))
    assert w.flow.op.colocation_groups() == [b"loc:@v"]
    assert ta.handle.op.colocation_groups() == [b"loc:@TensorArray"]
    s = w.stack()
    assert s.op.colocation_groups() == [b"loc:@TensorArray"]
    free = tf.TensorArray(tf.float32, size=1, colocate_with_first_write_call=False).write(0, [3.0])
    assert free.flow.op.colocation_groups() == [b"loc:@" + free.flow.op.name.encode()]


# ---- static shapes

def test_element_shape_inference():
    ta = tf.TensorArray(tf.float32, size=3)
    w = ta.write(0, tf.placeholder(tf.float32, [None, 4]))
    assert w.element_shape.as_list() == [None, 4] and ta.element_shape.as_list() == [None, 4]
    w = w.write(1, tf.zeros([3, 4]))
    assert ta.element_shape.as_list() == [3, 4]  # the shape is shared by the whole array
    assert w.read(2).shape.as_list() == [3, 4]
    assert w.stack().shape.as_list() == [None, 3, 4]
    assert w.gather([0, 2]).shape.as_list() == [None, 3, 4]  # TF: only a declared shape
    assert tf.TensorArray(tf.float32, 3, element_shape=[4]).gather([0, 2]).shape.as_list() == \
        [2, 4]
    assert w.concat().shape.as_list() == [None, 4]
    with pytest.raises(ValueError, match=re.escape("Inconsistent shapes: saw (3,) but expected "
                                                   "(3, 4)")):
        w.write(2, [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match=re.escape("Inconsistent shapes: saw (3,) but expected "
                                                   "(2,)")):
        tf.TensorArray(tf.float32, 2).write(0, [1.0, 2.0]).write(1, [1.0, 2.0, 3.0])
    u = tf.TensorArray(tf.float32, size=3).unstack(tf.zeros([3, 2, 5]))
    assert u.element_shape.as_list() == [2, 5] and u.read(0).shape.as_list() == [2, 5]


def test_declared_and_free_element_shapes():
    ta = tf.TensorArray(tf.float32, 3, element_shape=tf.TensorShape([None, 2]))
    assert ta.read(0).shape.as_list() == [None, 2]
    assert ta.stack().shape.as_list() == [None, None, 2]
    assert ta.gather([1]).shape.as_list() == [1, None, 2]
    assert ta.concat().shape.as_list() == [None, 2]
    free = tf.TensorArray(tf.float32, 3, infer_shape=False).write(0, [1.0, 2.0])
    assert free.element_shape.ndims is None and free.read(0).shape.ndims is None
    assert free.stack().shape.ndims is None and free.concat().shape.ndims is None
    free.write(1, [[1.0]])  # shapes may differ
    with pytest.raises(ValueError, match=re.escape("Inconsistent shapes: saw (3,) but expected "
                                                   "(2,)")):
        tf.TensorArray(tf.float32, 2, element_shape=[2], infer_shape=False).write(0, [1., 2., 3.])
    scalars = tf.TensorArray(tf.float32, 2).write(0, 1.0)
    assert scalars.stack().shape.as_list() == [None] and scalars.concat().shape.as_list() == [None]
    split = tf.TensorArray(tf.float32, 2).split(tf.zeros([6, 5]), [3, 3])
    assert split.element_shape.as_list() == [3, 5]
    varied = tf.TensorArray(tf.float32, 2).split(tf.zeros([6, 5]), [2, 4])
    assert varied.element_shape.ndims is None


def test_build_errors():
    with pytest.raises(ValueError, match="Cannot construct with both handle and "
                                         "tensor_array_name"):
        tf.TensorArray(tf.float32, handle=tf.TensorArray(tf.float32, 1).handle,
                       tensor_array_name="a")
    with pytest.raises(TypeError, match="Handle must be a Tensor"):
        tf.TensorArray(tf.float32, handle=3)
    with pytest.raises(ValueError, match="Size must be provided if handle is not provided"):
        tf.TensorArray(tf.float32)
    h = tf.TensorArray(tf.float32, 1)
    for kwargs, what in (({"size": 2}, "size"), ({"element_shape": [2]}, "element_shape"),
                         ({"dynamic_size": True}, "dynamic_size"),
                         ({"clear_after_read": False}, "clear_after_read")):
        with pytest.raises(ValueError, match=f"Cannot provide both a handle and {what} at the "
                                             f"same time"):
            tf.TensorArray(tf.float32, handle=h.handle, flow=h.flow, **kwargs)
    with pytest.raises(ValueError, match="flow must not be None if handle is not None."):
        tf.TensorArray(tf.float32, handle=h.handle)
    with pytest.raises(ValueError, match=r"Shape must be rank 0 but is rank 1 for 'TensorArray_\d' "
                                         r"\(op: 'TensorArrayV3'\)"):
        tf.TensorArray(tf.float32, [3])
    with pytest.raises(TypeError, match="Expected int32 passed to parameter 'index' of op "
                                        "'TensorArrayReadV3'"):
        h.read(1.0)
    with pytest.raises(ValueError, match="Shape must be rank 0 but is rank 1"):
        h.write([0], 1.0)
    with pytest.raises(ValueError, match="Shape must be rank 1 but is rank 2"):
        h.gather([[0]])
    with pytest.raises(ValueError, match="Shape must be rank 1 but is rank 2"):
        tf.TensorArray(tf.float32, 3).scatter([[0]], [[1.0]])
    with pytest.raises(ValueError, match="Shape must be at least rank 1 but is rank 0"):
        tf.TensorArray(tf.float32, 3).scatter([0], 1.0)
    with pytest.raises(ValueError, match="Dimensions must be equal, but are 3 and 2"):
        tf.TensorArray(tf.float32, 3).scatter([0, 1], [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="Expected op/tensor name to start with gradients"):
        x = tf.constant(X)
        tf.gradients(tf.TensorArray(tf.float32, 3).unstack(x).read(1), x, name="foo")


# ---- values

def test_write_read_stack_concat_size(backend):
    ta = tf.TensorArray(tf.float32, size=3)
    w = ta.write(0, [1.0, 2.0]).write(2, tf.constant([3.0, 4.0]))
    r, s, c, n = w.read(2), w.stack(), w.concat(), w.size()
    assert np.array_equal(_run(r, backend=backend), [3.0, 4.0])
    assert np.array_equal(_run(s, backend=backend), [[1.0, 2.0], [0.0, 0.0], [3.0, 4.0]])
    assert np.array_equal(_run(c, backend=backend), [1.0, 2.0, 0.0, 0.0, 3.0, 4.0])
    _, lengths = _run(list(c.op.outputs), backend=backend)
    assert lengths.dtype == np.int64 and lengths.tolist() == [2, 2, 2]
    assert _run(n, backend=backend) == 3 and _run(n, backend=backend).dtype == np.int32
    ints = tf.TensorArray(tf.int32, 2).write(0, 1).write(1, 2).stack()
    bools = tf.TensorArray(tf.bool, 2).write(0, True).write(1, False).stack()
    got = _run([ints, bools], backend=backend)
    assert got[0].dtype == np.int32 and got[0].tolist() == [1, 2]
    assert got[1].dtype == np.bool_ and got[1].tolist() == [True, False]
    # Python numbers are written in the array's dtype
    assert _run(tf.TensorArray(tf.float32, 1).write(0, [1, 2]).stack(),
                backend=backend).tolist() == [[1.0, 2.0]]


def test_unstack_gather_scatter_split(backend):
    x = tf.placeholder(tf.float32, [None, 4])
    u = tf.TensorArray(tf.float32, size=3, clear_after_read=False).unstack(x)
    feed = {x: X}
    r1, st, ga = u.read(1), u.stack(), u.gather([2, 0, 2])
    got = _run([r1, st, ga], feed, backend)
    assert np.array_equal(got[0], X[1]) and np.array_equal(got[1], X)
    assert np.array_equal(got[2], X[[2, 0, 2]])
    sc = tf.TensorArray(tf.float32, size=4).scatter([3, 0], X[:2]).stack()
    assert np.array_equal(_run(sc, backend=backend),
                          [X[1], np.zeros(4), np.zeros(4), X[0]])
    bigger = tf.TensorArray(tf.float32, size=5).unstack(X).stack()
    assert np.array_equal(_run(bigger, backend=backend), np.concatenate([X, np.zeros((2, 4))]))
    sp = tf.TensorArray(tf.float32, 2, clear_after_read=False, infer_shape=False).split(X, [1, 2])
    got = _run([sp.read(1), sp.concat()], backend=backend)
    assert np.array_equal(got[0], X[1:]) and np.array_equal(got[1], X)
    even = tf.TensorArray(tf.float32, size=3).split(X, [1, 1, 1]).stack()
    assert np.array_equal(_run(even, backend=backend), X[:, None, :])


def test_dynamic_size_grows(backend):
    ta = tf.TensorArray(tf.float32, size=1, dynamic_size=True)
    w = ta.write(3, [1.0]).write(0, [2.0])
    assert ta.dynamic_size is True and w.dynamic_size is True
    got = _run([w.stack(), w.size()], backend=backend)
    assert np.array_equal(got[0], [[2.0], [0.0], [0.0], [1.0]]) and got[1] == 4
    u = tf.TensorArray(tf.float32, size=0, dynamic_size=True).unstack(X)
    got = _run([u.size(), u.stack()], backend=backend)
    assert got[0] == 3 and np.array_equal(got[1], X)
    many = tf.TensorArray(tf.float32, size=0, dynamic_size=True)
    for i in range(9):
        many = many.write(i, [float(i)])
    assert np.array_equal(_run(many.stack(), backend=backend), np.arange(9.0)[:, None])
    grown = tf.TensorArray(tf.float32, 1, dynamic_size=True).scatter([0, 4], [[1.0], [2.0]])
    assert np.array_equal(_run(grown.stack(), backend=backend), [[1.0], [0], [0], [0], [2.0]])


def test_unwritten_elements_read_as_zeros_once_their_shape_is_known(backend):
    declared = tf.TensorArray(tf.float32, 3, element_shape=[2])
    assert np.array_equal(_run(declared.read(1), backend=backend), [0.0, 0.0])
    assert np.array_equal(_run(declared.stack(), backend=backend), np.zeros((3, 2)))
    inferred = tf.TensorArray(tf.float32, 3).write(1, [1.0, 2.0])
    assert np.array_equal(_run(inferred.read(0), backend=backend), [0.0, 0.0])
    empty = tf.TensorArray(tf.float32, 0, element_shape=[3])
    got = _run([empty.stack(), empty.concat()], backend=backend)
    assert got[0].shape == (0, 3) and got[1].shape == (0,)
    assert _run(tf.TensorArray(tf.float32, 0, element_shape=[2, 3]).concat(),
                backend=backend).shape == (0, 3)
    free = tf.TensorArray(tf.float32, 2, infer_shape=False, element_shape=[2])
    assert np.array_equal(_run(free.write(0, [1.0, 2.0]).stack(), backend=backend),
                          [[1.0, 2.0], [0.0, 0.0]])


def test_free_shapes_stack_and_concat(backend):
    free = tf.TensorArray(tf.float32, 2, infer_shape=False)
    w = free.write(0, [[1.0, 2.0]]).write(1, [[3.0, 4.0], [5.0, 6.0]])
    assert np.array_equal(_run(w.concat(), backend=backend), [[1, 2], [3, 4], [5, 6]])
    same = free.write(0, [1.0]).write(1, [2.0])
    assert np.array_equal(_run(same.stack(), backend=backend), [[1.0], [2.0]])


def test_each_run_has_its_own_array_and_fetched_values_stay():
    ta = tf.TensorArray(tf.float32, 2).write(0, [1.0]).write(1, [2.0])
    s = ta.stack()
    with tf.Session() as sess:
        first = sess.run(s)
        again = sess.run(s)
        first_copy = first.copy()
        sess.run(s)
    assert np.array_equal(first, first_copy) and np.array_equal(again, first)


def test_fetching_flow_and_handle():
    ta = tf.TensorArray(tf.float32, 2, tensor_array_name="foo")
    w = ta.write(0, [1.0])
    flow, wflow, handle = _run([ta.flow, w.flow, ta.handle])
    assert flow == 0.0 and flow.dtype == np.float32 and wflow == 0.0
    assert handle.shape == (2,) and handle[0] == b"_tensor_arrays"
    assert re.fullmatch(rb"foo_\d+", handle[1])
    g = ta.grad("gradients")
    gh = _run(g.handle)
    assert re.fullmatch(rb"foo_\d+@gradients", gh[1])


def test_clear_after_read_false_allows_many_reads():
    ta = tf.TensorArray(tf.float32, 2, clear_after_read=False).write(1, [5.0])
    got = _run([ta.read(1), ta.read(1), ta.stack(), ta.gather([1, 1])])
    assert got[0] == 5.0 and got[1] == 5.0 and np.array_equal(got[3], [[5.0], [5.0]])


# ---- run-time errors (TF1's texts)

def test_write_errors():
    ta = tf.TensorArray(tf.float32, 3, tensor_array_name="arr")
    with pytest.raises(errors.InvalidArgumentError,
                       match=r"TensorArray arr_\d+: Tried to write to index 5 but array is not "
                             r"resizeable and size is: 3"):
        _run(ta.write(5, 1.0).flow)
    with pytest.raises(errors.InvalidArgumentError, match="Tried to write to index -1 but array "
                                                          "is not resizeable and size is: 3"):
        _run(tf.TensorArray(tf.float32, 3, dynamic_size=True).write(-1, 1.0).flow)
    with pytest.raises(errors.InvalidArgumentError,
                       match=r"TensorArray TensorArray_[0-9_]+: Could not write to TensorArray "
                             r"index 0 because it has already been written to\."):
        _run(tf.TensorArray(tf.float32, 3).write(0, 1.0).write(0, 2.0).flow)
    _raises(errors.InvalidArgumentError, "TensorArray dtype is float but Op is trying to write "
                                         "dtype int32.",
            tf.TensorArray(tf.float32, 3).write(0, tf.constant(1)).flow)
    read_then_write = tf.TensorArray(tf.float32, 2).write(0, 1.0)
    r = read_then_write.read(0)
    with tf.control_dependencies([r]):
        again = read_then_write.write(0, 2.0)
    _raises(errors.InvalidArgumentError, "Could not write to TensorArray index 0 because it has "
                                         "already been read.", again.flow)
    p, q = tf.placeholder(tf.float32), tf.placeholder(tf.float32)
    w = tf.TensorArray(tf.float32, 2).write(0, p).write(1, q)
    _raises(errors.InvalidArgumentError,
            "Could not write to TensorArray index 1 because the value shape is [1] which is "
            "incompatible with the TensorArray's inferred element shape: [2] (consider setting "
            "infer_shape=False).", w.flow, {p: [1.0, 2.0], q: [1.0]})
    declared = tf.TensorArray(tf.float32, 2, element_shape=[None, 2]).write(0, p)
    _raises(errors.InvalidArgumentError, "because the value shape is [3] which is incompatible "
                                         "with the TensorArray's inferred element shape: [?,2]",
            declared.flow, {p: [1.0, 2.0, 3.0]})
    _raises(errors.InvalidArgumentError, "Size should be >= 0.",
            tf.TensorArray(tf.float32, -1).flow)


def test_read_errors():
    once = tf.TensorArray(tf.float32, 3).write(1, 1.0)
    _raises(errors.InvalidArgumentError, "Could not read index 1 twice because it was cleared "
                                         "after a previous read (perhaps try setting "
                                         "clear_after_read = false?).",
            [once.read(1), once.read(1)])
    w = tf.TensorArray(tf.float32, 3).write(1, [1.0])
    _raises(errors.InvalidArgumentError, "Could not read index 1 twice", [w.stack(), w.read(1)])
    _raises(errors.InvalidArgumentError, "Could not read index 0 twice",
            tf.TensorArray(tf.float32, 3).write(0, 1.0).gather([0, 0]))
    unknown = ("Could not read from TensorArray index 1.  Furthermore, the element shape is not "
               "fully defined: <unknown>.  It is possible you are working with a resizeable "
               "TensorArray and stop_gradients is not allowing the gradients to be written.  If "
               "you set the full element_shape property on the forward TensorArray, the proper "
               "all-zeros tensor will be returned instead of incurring this error.")
    _raises(errors.InvalidArgumentError, unknown, tf.TensorArray(tf.float32, 3).read(1))
    _raises(errors.InvalidArgumentError, unknown,
            tf.TensorArray(tf.float32, 3, infer_shape=False).write(0, [1.0]).stack())
    _raises(errors.InvalidArgumentError, "the element shape is not fully defined: [?,2]",
            tf.TensorArray(tf.float32, 3, element_shape=[None, 2]).read(1))
    _raises(errors.InvalidArgumentError, "Tried to read from index 5 but array size is: 3",
            tf.TensorArray(tf.float32, 3).write(0, 1.0).read(5))
    _raises(errors.InvalidArgumentError, "Tried to read from index -1 but array size is: 3",
            tf.TensorArray(tf.float32, 3).write(0, 1.0).gather([-1]))
    h = tf.TensorArray(tf.float32, 2).write(0, 1.0)
    _raises(errors.InvalidArgumentError, "TensorArray dtype is float but Op requested dtype "
                                         "double.",
            tf.TensorArray(tf.float64, handle=h.handle, flow=h.flow).read(0))


def test_stack_concat_errors():
    _raises(errors.UnimplementedError, "TensorArray has size zero, but element shape <unknown> "
                                       "is not fully defined. Currently only static shapes are "
                                       "supported when packing zero-size TensorArrays.",
            tf.TensorArray(tf.float32, 0).stack())
    _raises(errors.UnimplementedError, "element shape [?,3] is not fully defined",
            tf.TensorArray(tf.float32, 0, element_shape=[None, 3]).stack())
    _raises(errors.UnimplementedError, "TensorArray has size zero, but element_shape_except0 "
                                       "<unknown> is not fully defined. Currently only static "
                                       "shapes are supported when concatenating zero-size "
                                       "TensorArrays.",
            tf.TensorArray(tf.float32, 0).concat())
    free = tf.TensorArray(tf.float32, 2, infer_shape=False)
    _raises(errors.InvalidArgumentError, "TensorArray has inconsistent shapes.  Index 0 has "
                                         "shape: [2] but index 1 has shape: [1]",
            free.write(0, [1.0, 2.0]).write(1, [1.0]).stack())
    _raises(errors.InvalidArgumentError, "TensorArray has inconsistent shapes.  Index 0 has "
                                         "(excepting dimension 0) shape: [2] but index 1 has "
                                         "(excepting dimension 0) shape: [1]",
            free.write(0, [[1.0, 2.0]]).write(1, [[1.0]]).concat())
    _raises(errors.InvalidArgumentError, "Concat saw a scalar shape at index 0 but requires at "
                                         "least vectors.  Did you mean to call pack?",
            tf.TensorArray(tf.float32, 2).write(0, 1.0).write(1, 2.0).concat())
    _raises(errors.InvalidArgumentError, "Concat saw a scalar shape at index 0",
            free.write(0, 1.0).write(1, 2.0).concat())


def test_scatter_and_split_errors():
    _raises(errors.InvalidArgumentError, "Max scatter index must be < array size (4 vs. 3)",
            tf.TensorArray(tf.float32, 3).scatter([0, 4], [1.0, 2.0]).flow)
    _raises(errors.InvalidArgumentError, "Max scatter index must be < array size (2 vs. 2)",
            tf.TensorArray(tf.float32, 2).unstack([1.0, 2.0, 3.0]).flow)
    _raises(errors.InvalidArgumentError, "Could not write to TensorArray index 0 because it has "
                                         "already been written to.",
            tf.TensorArray(tf.float32, 3).scatter([0, 0], [1.0, 2.0]).flow)
    _raises(errors.InvalidArgumentError, "Tried to write to index -1 but array is not "
                                         "resizeable and size is: 3",
            tf.TensorArray(tf.float32, 3).scatter([-1], [1.0]).flow)
    i, v = tf.placeholder(tf.int32), tf.placeholder(tf.float32)
    sc = tf.TensorArray(tf.float32, 3).scatter(i, v).flow
    _raises(errors.InvalidArgumentError, "Expected indices to be a vector, but received shape: "
                                         "[1,1]", sc, {i: [[0]], v: [[1.0]]})
    _raises(errors.InvalidArgumentError, "Expected value to be at least a vector, but received "
                                         "shape: []", sc, {i: [0], v: 1.0})
    _raises(errors.InvalidArgumentError, "Expected len(indices) == values.shape[0], but saw: 2 "
                                         "vs. 3", sc, {i: [0, 1], v: [1.0, 2.0, 3.0]})
    _raises(errors.InvalidArgumentError, "Expected sum of lengths to be equal to values.shape[0]"
                                         ", but sum of lengths is 2 and value's shape is: [3]",
            tf.TensorArray(tf.float32, 2).split([1.0, 2.0, 3.0], [1, 1]).flow)
    _raises(errors.InvalidArgumentError, "Expected value to be at least a vector, but received "
                                         "shape: []",
            tf.TensorArray(tf.float32, 2).split(1.0, [1, 1]).flow)
    _raises(errors.InvalidArgumentError, "TensorArray's size is not equal to the size of lengths "
                                         "(3 vs. 2), and the TensorArray is not marked as "
                                         "dynamically resizeable",
            tf.TensorArray(tf.float32, 3).split([1.0, 2.0, 3.0], [1, 2]).flow)
    lengths = tf.placeholder(tf.int64)
    _raises(errors.InvalidArgumentError, "Expected lengths to be a vector, received shape: [1,2]",
            tf.TensorArray(tf.float32, 2).split([1.0, 2.0], lengths).flow, {lengths: [[1, 1]]})
    grown = tf.TensorArray(tf.float32, 1, dynamic_size=True, infer_shape=False)
    assert np.array_equal(_run(grown.split([1.0, 2.0, 3.0], [1, 2]).concat()), [1.0, 2.0, 3.0])


# ---- gradients

SCATTER_GRAD = "gradients/TensorArrayUnstack/TensorArrayScatter/TensorArrayScatterV3_grad"


def test_gradient_of_an_unstacked_read():
    x = tf.constant(X)
    y = tf.TensorArray(tf.float32, size=3).unstack(x).read(1) * 2.0
    gx, = tf.gradients(y, x)
    expected = np.zeros_like(X)
    expected[1] = 2.0
    assert np.array_equal(_run(gx), expected)
    names = [name for name, _ in _ops()]
    for name in ["gradients/TensorArrayReadV3_grad/TensorArrayGrad/TensorArrayGradV3",
                 "gradients/TensorArrayReadV3_grad/TensorArrayGrad/gradient_flow",
                 "gradients/TensorArrayReadV3_grad/TensorArrayWrite/TensorArrayWriteV3",
                 f"{SCATTER_GRAD}/flow_out", f"{SCATTER_GRAD}/write_barrier",
                 f"{SCATTER_GRAD}/TensorArrayGatherV3"]:
        assert name in names, name
    g = tf.get_default_graph()
    grad_op = g.get_operation_by_name("gradients/TensorArrayReadV3_grad/TensorArrayGrad/"
                                      "TensorArrayGradV3")
    assert grad_op.get_attr("source") == "gradients"
    assert grad_op.colocation_groups() == [b"loc:@TensorArray"]
    flow = g.get_operation_by_name("gradients/TensorArrayReadV3_grad/TensorArrayGrad/"
                                   "gradient_flow")
    assert flow.control_inputs == [grad_op]
    barrier = g.get_operation_by_name(f"{SCATTER_GRAD}/write_barrier")
    assert [c.name for c in barrier.control_inputs] == [f"{SCATTER_GRAD}/flow_out"]


def test_gradient_of_written_and_stacked(backend):
    a, b = tf.constant([1.0, 2.0]), tf.constant([3.0, 4.0])
    st = tf.TensorArray(tf.float32, size=2).write(0, a).write(1, b).stack()
    ga, gb = _run(tf.gradients(st, [a, b]), backend=backend)
    assert np.array_equal(ga, [1.0, 1.0]) and np.array_equal(gb, [1.0, 1.0])
    ga, gb = _run(tf.gradients(st * st, [a, b]), backend=backend)
    assert np.array_equal(ga, [2.0, 4.0]) and np.array_equal(gb, [6.0, 8.0])
    ta = tf.TensorArray(tf.float32, size=2).write(0, a).write(1, b)
    ga, gb = _run(tf.gradients(ta.read(0) * 3.0, [a, b]), backend=backend)
    assert np.array_equal(ga, [3.0, 3.0]) and np.array_equal(gb, [0.0, 0.0])  # never read


def test_gradients_add_up_over_repeated_reads():
    x = tf.constant(X)
    u = tf.TensorArray(tf.float32, size=3, clear_after_read=False).unstack(x)
    y = u.read(1) * u.read(1) + u.read(0)
    gx, = tf.gradients(y, x)
    assert any(op.type == "AddN" for op in tf.get_default_graph().get_operations())
    expected = np.zeros_like(X)
    expected[0] = 1.0
    expected[1] = 2 * X[1]
    assert np.allclose(_run(gx), expected)
    g2, = tf.gradients(u.gather([0, 0, 2]) * 2.0, x)
    expected = np.zeros_like(X)
    expected[0], expected[2] = 4.0, 2.0
    assert np.array_equal(_run(g2), expected)


def test_gradients_of_concat_split_gather_scatter(backend):
    x = tf.constant(X)
    c = tf.TensorArray(tf.float32, size=3).unstack(x).concat()
    gc, = tf.gradients(c * c, x)
    assert np.allclose(_run(gc, backend=backend), 2 * X)
    sp = tf.TensorArray(tf.float32, size=2, infer_shape=False).split(x, [1, 2]).concat()
    gs, = tf.gradients(sp * 3.0, x)
    assert np.array_equal(_run(gs, backend=backend), np.full_like(X, 3.0))
    ga = tf.TensorArray(tf.float32, size=3).scatter([2, 0], x[:2]).gather([0, 2])
    gg, = tf.gradients(ga * 5.0, x)
    assert np.array_equal(_run(gg, backend=backend), [[5.0] * 4, [5.0] * 4, [0.0] * 4])
    sr = tf.TensorArray(tf.float32, size=2, infer_shape=False).split(x, [2, 1]).read(0)
    g0, = tf.gradients(sr, x)
    assert np.array_equal(_run(g0, backend=backend), [[1.0] * 4, [1.0] * 4, [0.0] * 4])


def test_each_gradients_call_has_its_own_gradient_arrays():
    x = tf.constant(X)
    y = tf.TensorArray(tf.float32, size=3).unstack(x).read(1)
    g1 = tf.gradients(y, x)[0]
    g2 = tf.gradients(y * 2.0, x)[0]
    sources = sorted({op.get_attr("source") for op in tf.get_default_graph().get_operations()
                      if op.type == "TensorArrayGradV3"})
    assert sources == ["gradients", "gradients_1"]
    got = _run([g1, g2])
    assert got[0][1].tolist() == [1.0] * 4 and got[1][1].tolist() == [2.0] * 4
    assert not got[0][[0, 2]].any() and not got[1][[0, 2]].any()


def test_gradient_arrays_add_writes_and_read_zeros():
    ta = tf.TensorArray(tf.float32, size=3, tensor_array_name="foo", infer_shape=False)
    g = ta.grad("grad")
    assert g.handle.op.type == "TensorArrayGradV3" and g.handle.op.name == \
        "TensorArrayGrad/TensorArrayGradV3"
    assert g.flow.op.name == "TensorArrayGrad/gradient_flow"
    w = g.write(2, 3.0).write(2, 4.0).write(2, 5.0)
    assert _run(w.read(2)) == 12.0
    bad = g.write(1, 1.0).write(1, [1.0])
    _raises(errors.InvalidArgumentError, "Could not aggregate to TensorArray index 1 because the "
                                         "existing shape is [] but the new input shape is [1].",
            bad.flow)
    shaped = tf.TensorArray(tf.float32, size=2, element_shape=[2]).grad("gradients")
    assert np.array_equal(_run(shaped.read(3)), [0.0, 0.0])  # past the end: zeros
    fwd = tf.TensorArray(tf.float32, size=2, infer_shape=False).write(0, [1.0, 2.0, 3.0])
    per_element = fwd.grad("gradients")
    assert np.array_equal(_run(per_element.read(0)), [0.0, 0.0, 0.0])
