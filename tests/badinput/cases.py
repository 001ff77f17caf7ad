"""The bad-input matrix (issue 9, item 5): every public entry point a user feeds, given wrong
shapes, dtypes, Python objects, ragged lists, None, strings, huge or negative sizes, foreign
graphs, missing names, a closed session, uninitialized variables and unfeedable tensors.

A case is `fn(tf, env)` written against the TF1 API passed in (minitf here; real TensorFlow in
tools/check_bad_input.py, which checks each expected class) and the error it must raise: its
class name (`tf.errors.X` or a builtin) and a regex its message matches, naming what was wrong.
This module imports neither minitf nor TensorFlow.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import numpy as np


@dataclasses.dataclass(frozen=True)
class Bad:
    id: str
    fn: Callable[[Any, Any], Any]
    error: str
    match: str


class Env:
    """A small graph of every kind of tensor a case can misuse, and a session on it with `v`
    initialized (`w` is left uninitialized)."""

    def __init__(self, tf: Any):
        self.graph = tf.Graph()
        with self.graph.as_default():
            self.x = tf.placeholder(tf.float32, [2, 3], name="x")
            self.n = tf.placeholder(tf.float32, [None, 3], name="n")
            self.u = tf.placeholder(tf.float32, None, name="u")
            self.i = tf.placeholder(tf.int32, [2], name="i")
            self.k = tf.placeholder(tf.int32, None, name="k")
            self.s = tf.placeholder(tf.string, [2], name="s")
            self.b = tf.placeholder(tf.bool, [], name="b")
            self.y = self.x * 2.0
            self.z = tf.reduce_sum(self.n, axis=1)
            self.c = tf.constant([1.0, 2.0, 3.0], name="c")
            self.v = tf.Variable(np.ones((2, 3), np.float32), name="v")
            self.w = tf.Variable(np.ones((2, 3), np.float32), name="w")
            self.hidden = tf.identity(self.x, name="hidden")
            self.graph.prevent_feeding(self.hidden)
        self.other = tf.Graph()
        with self.other.as_default():
            self.foreign = tf.constant(1.0, name="foreign")
            self.foreign_ph = tf.placeholder(tf.float32, [2, 3], name="x")
        self.sess = tf.Session(graph=self.graph)
        self.sess.run(self.v.initializer)

    def feed(self, tensor: Any, value: Any) -> Any:
        return self.sess.run(tensor, {tensor: value})


def _feeding(target: str, value: Any) -> Callable:
    """A case feeding `value` to the Env's placeholder `target` and fetching it."""
    return lambda tf, e: e.feed(getattr(e, target), value)


def _feeds(name: str, target: str, values: list, error: str, match: str) -> list[Bad]:
    return [Bad(f"feed/{name}/{k}", _feeding(target, v), error, match) for k, v in values]


CASES: list[Bad] = []
_add = CASES.extend

# ---- feeds of the wrong shape (x: float32 [2, 3]; n: [?, 3]; i: int32 [2])
_SHAPE = r"Cannot feed value of shape \(.*\) for Tensor '{}:0', which has shape '\({}\)'"
_add(_feeds("x_shape", "x", [
    ("3x2", np.zeros((3, 2))), ("2", np.zeros(2)), ("6", np.zeros(6)),
    ("2x3x1", np.zeros((2, 3, 1))),
    ("scalar", 1.0), ("0x3", np.zeros((0, 3))), ("2x0", np.zeros((2, 0))), ("1x3", [[1, 2, 3]]),
    ("list_2x2", [[1, 2], [3, 4]]), ("none", None), ("empty_list", []),
    ("1x2x3", np.zeros((1, 2, 3))), ("4x3", np.zeros((4, 3), np.float32)),
], "ValueError", _SHAPE.format("x", r"2, 3")))
_add(_feeds("n_shape", "n", [
    ("3x2", np.zeros((3, 2))), ("3", np.zeros(3)), ("1x1x3", np.zeros((1, 1, 3))),
    ("scalar", 2.0), ("5x4", np.zeros((5, 4))),
], "ValueError", _SHAPE.format("n", r"\?, 3")))
_add(_feeds("i_shape", "i", [("3", [1, 2, 3]), ("scalar", 1), ("2x1", [[1], [2]])],
            "ValueError", _SHAPE.format("i", r"2,")))

# ---- feeds that are not numbers of the placeholder's type
_add(_feeds("x_value", "x", [
    ("strings", [["a", "b", "c"], ["d", "e", "f"]]), ("bytes", [[b"a"] * 3] * 2),
], "ValueError", "could not convert string to float"))
_add(_feeds("x_object", "x", [
    ("object", object()), ("dict", {"a": 1}), ("set", {1, 2}), ("lambda", lambda: 1),
    ("objects_in_list", [[object()] * 3] * 2),
], "TypeError", "float\\(\\) argument must be a string or a (real )?number"))
_add(_feeds("x_ragged", "x", [
    ("rows", [[1, 2, 3], [1, 2]]), ("deep", [[1, 2, 3], [1, [2, 3], 4]]),
], "ValueError", "setting an array element with a sequence|inhomogeneous"))
_add(_feeds("i_value", "i", [
    ("strings", ["1x", "2y"]), ("float_string", ["1.5", "a"]),
], "ValueError", "invalid literal for int"))
_add(_feeds("k_scalar", "k", [("too_big", 1 << 40), ("too_small", -(1 << 40))], "TypeError",
            r"Type of feed value -?\d+ with type <class 'int'> is not compatible with Tensor "
            r"type <class 'numpy.int32'>"))
_add([Bad(f"feed/int_changes/{name}", _feeding(t, v), "TypeError",
          f"Type of feed value {v} with type <class 'int'> is not compatible with "
                       "Tensor type <class '(numpy.bool_?|object)'>\\. Try explicitly")
      for name, t, v in [("bool_5", "b", 5), ("bool_minus_1", "b", -1), ("string", "s", 3)]])
_add([Bad("feed/x/a_tensor", lambda tf, e: e.sess.run(e.y, {e.x: e.y}), "TypeError",
          "The value of a feed cannot be a tf.Tensor object"),
      Bad("feed/x/a_variable", lambda tf, e: e.sess.run(e.y, {e.x: e.v}), "ValueError",
          "setting an array element with a sequence")])

# ---- feed_dict keys
_KEY = "Cannot interpret feed_dict key as Tensor"
_add([
    Bad("feed_key/object", lambda tf, e: e.sess.run(e.y, {object(): 1}), "TypeError", _KEY),
    Bad("feed_key/int", lambda tf, e: e.sess.run(e.y, {3: 1}), "TypeError", _KEY),
    Bad("feed_key/float", lambda tf, e: e.sess.run(e.y, {3.5: 1}), "TypeError", _KEY),
    Bad("feed_key/none", lambda tf, e: e.sess.run(e.y, {None: 1}), "TypeError", _KEY),
    Bad("feed_key/missing_name", lambda tf, e: e.sess.run(e.y, {"nosuch:0": 1}), "TypeError",
        _KEY + ".*nosuch"),
    Bad("feed_key/bad_index", lambda tf, e: e.sess.run(e.y, {"x:4": 1}), "TypeError",
        _KEY + ".*x:4"),
    Bad("feed_key/op_name", lambda tf, e: e.sess.run(e.y, {"x": np.ones((2, 3))}), "TypeError",
        _KEY + ".*refers to an Operation"),
    Bad("feed_key/malformed", lambda tf, e: e.sess.run(e.y, {"x:0:1": 1}), "TypeError", _KEY),
    Bad("feed_key/foreign_tensor",
        lambda tf, e: e.sess.run(e.y, {e.foreign_ph: np.ones((2, 3))}), "TypeError",
        _KEY + ".*is not an element of this graph"),
    Bad("feed_key/op", lambda tf, e: e.sess.run(e.y, {e.x.op: np.ones((2, 3))}), "TypeError",
        _KEY),
    Bad("feed_key/unfeedable", lambda tf, e: e.sess.run(e.y, {e.hidden: np.ones((2, 3))}),
        "ValueError", "may not be fed"),
    Bad("feed_key/unfeedable_fetched", lambda tf, e: e.feed(e.hidden, np.ones((2, 3))),
        "ValueError", "hidden:0.* may not be fed"),
    Bad("feed_dict/not_a_dict", lambda tf, e: e.sess.run(e.y, [(e.x, np.ones((2, 3)))]),
        "AttributeError|TypeError", "items|dict"),
])

# ---- fetches
_FETCH_TYPE = "Fetch argument .* has invalid type"
_add([
    Bad("fetch/object", lambda tf, e: e.sess.run(object()), "TypeError", _FETCH_TYPE),
    Bad("fetch/int", lambda tf, e: e.sess.run(3), "TypeError", _FETCH_TYPE + ".*int"),
    Bad("fetch/float", lambda tf, e: e.sess.run(3.5), "TypeError", _FETCH_TYPE + ".*float"),
    Bad("fetch/none", lambda tf, e: e.sess.run(None), "TypeError",
        "Fetch argument None has invalid type"),
    Bad("fetch/ndarray", lambda tf, e: e.sess.run(np.ones(2)), "TypeError", _FETCH_TYPE),
    Bad("fetch/none_in_list", lambda tf, e: e.sess.run([e.c, None]), "TypeError",
        "Fetch argument None has invalid type"),
    Bad("fetch/int_in_dict", lambda tf, e: e.sess.run({"a": e.c, "b": 7}), "TypeError",
        _FETCH_TYPE),
    Bad("fetch/object_nested", lambda tf, e: e.sess.run([(e.c, [object()])]), "TypeError",
        _FETCH_TYPE),
    Bad("fetch/missing_name", lambda tf, e: e.sess.run("nosuch:0"), "ValueError",
        "Fetch argument 'nosuch:0' cannot be interpreted as a Tensor.*nosuch"),
    Bad("fetch/missing_op_name", lambda tf, e: e.sess.run("nosuch"), "ValueError",
        "Fetch argument 'nosuch' cannot be interpreted as a Tensor.*nosuch"),
    Bad("fetch/bad_output_index", lambda tf, e: e.sess.run("c:3"), "ValueError",
        "Fetch argument 'c:3' cannot be interpreted as a Tensor.*c:3"),
    Bad("fetch/malformed_name", lambda tf, e: e.sess.run("c:0:0"), "ValueError",
        "Fetch argument 'c:0:0' cannot be interpreted as a Tensor"),
    Bad("fetch/foreign_tensor", lambda tf, e: e.sess.run(e.foreign), "ValueError",
        "cannot be interpreted as a Tensor.*is not an element of this graph"),
    Bad("fetch/foreign_op", lambda tf, e: e.sess.run(e.foreign.op), "ValueError",
        "cannot be interpreted as a Tensor.*is not an element of this graph"),
    Bad("fetch/foreign_in_list", lambda tf, e: e.sess.run([e.c, e.foreign]), "ValueError",
        "is not an element of this graph"),
    Bad("fetch/unfed_placeholder", lambda tf, e: e.sess.run(e.y), "InvalidArgumentError",
        "You must feed a value for placeholder tensor 'x' with dtype float and shape \\[2,3\\]"),
    Bad("fetch/unfed_placeholder_in_list", lambda tf, e: e.sess.run([e.c, e.z]),
        "InvalidArgumentError", "You must feed a value for placeholder tensor 'n'"),
])

# ---- uninitialized variables: FailedPreconditionError naming the variable
_UNINIT = "Attempting to use uninitialized value w"
_add([
    Bad("uninitialized/fetch", lambda tf, e: e.sess.run(e.w), "FailedPreconditionError", _UNINIT),
    Bad("uninitialized/read", lambda tf, e: e.sess.run(e.w + 1.0), "FailedPreconditionError",
        _UNINIT),
    Bad("uninitialized/with_initialized", lambda tf, e: e.sess.run(e.w * e.v),
        "FailedPreconditionError", _UNINIT),
    Bad("uninitialized/assign_add", lambda tf, e: e.sess.run(tf.assign_add(e.w, e.v)),
        "FailedPreconditionError", _UNINIT),
    Bad("uninitialized/assign_sub", lambda tf, e: e.sess.run(e.w.assign_sub(e.v)),
        "FailedPreconditionError", _UNINIT),
    Bad("uninitialized/scatter", lambda tf, e: e.sess.run(tf.scatter_add(e.w, [0], [[1.0] * 3])),
        "FailedPreconditionError", _UNINIT),
    Bad("uninitialized/sgd_step", lambda tf, e: e.sess.run(
        tf.train.GradientDescentOptimizer(0.1).minimize(tf.reduce_sum(e.w))),
        "FailedPreconditionError", _UNINIT),
    Bad("uninitialized/in_feed_graph", lambda tf, e: e.sess.run(e.y * e.w, {e.x: np.ones((2, 3))}),
        "FailedPreconditionError", _UNINIT),
])


def _closed(run: Callable) -> Callable:
    def fn(tf, e):
        sess = tf.Session(graph=e.graph)
        sess.close()
        return run(tf, e, sess)
    return fn


_CLOSED = "Attempted to use a closed Session"
_add([
    Bad("closed/run", _closed(lambda tf, e, s: s.run(e.c)), "RuntimeError", _CLOSED),
    Bad("closed/run_with_feed", _closed(lambda tf, e, s: s.run(e.y, {e.x: np.ones((2, 3))})),
        "RuntimeError", _CLOSED),
    Bad("closed/run_list", _closed(lambda tf, e, s: s.run([e.c, e.v])), "RuntimeError", _CLOSED),
    Bad("closed/make_callable", _closed(lambda tf, e, s: s.make_callable(e.c)()),
        "CancelledError", "^Session has been closed.$"),
    Bad("closed/callable_made_before", lambda tf, e: _call_after_close(tf, e), "CancelledError",
        "^Session has been closed.$"),
    Bad("closed/context_exit", lambda tf, e: _run_after_with(tf, e), "RuntimeError", _CLOSED),
    Bad("session/graph_not_a_graph", lambda tf, e: tf.Session(graph=3), "TypeError",
        "graph must be a tf.Graph"),
    Bad("session/config_not_a_proto", lambda tf, e: tf.Session(config=3), "TypeError",
        "config must be a tf.ConfigProto"),
    Bad("session/feed_list_not_a_list", lambda tf, e: e.sess.make_callable(e.y, e.x),
        "TypeError", "`feed_list` must be a list or tuple"),
])


def _call_after_close(tf, e):
    sess = tf.Session(graph=e.graph)
    call = sess.make_callable(e.c)
    sess.close()
    return call()


def _run_after_with(tf, e):
    with tf.Session(graph=e.graph) as sess:
        pass
    return sess.run(e.c)


# ---- op builders: static shapes and types that cannot work (errors while building)
def _build(op_id: str, fn: Callable, error: str, match: str) -> Bad:
    return Bad(f"build/{op_id}", lambda tf, e: fn(tf, e), error, match)


_INCOMPAT = "Dimensions must be equal"
_add([
    _build("reshape/size", lambda tf, e: tf.reshape(e.x, [4, 2]), "ValueError",
           "Cannot reshape a tensor with 6 elements to shape \\[4,2\\] \\(8 elements\\)"),
    _build("reshape/not_divisible", lambda tf, e: tf.reshape(e.x, [4, -1]), "ValueError",
           "Dimension size must be evenly divisible by 4 but is 6"),
    _build("reshape/negative", lambda tf, e: tf.reshape(e.x, [-2, 3]), "ValueError",
           "Invalid value in tensor used for shape: -2"),
    _build("reshape/float_shape", lambda tf, e: tf.reshape(e.x, [2.0, 3.0]), "TypeError",
           "Value passed to parameter 'shape' has DataType float32 not in list of allowed values"),
    _build("reshape/rank2_shape", lambda tf, e: tf.reshape(e.x, [[2, 3]]), "ValueError",
           "Shape must be rank 1 but is rank 2"),
    _build("concat/ranks", lambda tf, e: tf.concat([e.x, e.c], 0), "ValueError",
           "Shape must be rank 2 but is rank 1"),
    _build("concat/dims", lambda tf, e: tf.concat([e.x, tf.zeros([2, 4])], 0), "ValueError",
           "Dimension 0 in both shapes must be equal, but are 3 and 4"),
    _build("concat/axis_range", lambda tf, e: tf.concat([e.x, e.x], 2), "ValueError",
           "Shape must be at least rank 3 but is rank 2"),
    _build("concat/dtypes", lambda tf, e: tf.concat([e.x, e.i], 0), "TypeError|ValueError",
           "int32.*float32|float32.*int32"),
    _build("concat/empty", lambda tf, e: tf.concat([], 0), "ValueError",
           "List argument 'values' to 'ConcatV2' Op with length 0 shorter than minimum length 2"),
    _build("stack/shapes", lambda tf, e: tf.stack([e.x, tf.zeros([3, 2])]), "ValueError",
           "Shapes must be equal rank|Dimension 0 in both shapes must be equal"),
    _build("matmul/inner", lambda tf, e: tf.matmul(e.x, e.x), "ValueError",
           _INCOMPAT + ", but are 3 and 2 for '.*MatMul.*' \\(op: 'MatMul'\\)"),
    _build("matmul/rank1", lambda tf, e: tf.matmul(e.x, e.c), "ValueError",
           "Shape must be rank 2 but is rank 1"),
    _build("matmul/dtypes", lambda tf, e: tf.matmul(e.x, tf.ones([3, 2], tf.int32)),
           "TypeError|ValueError", "int32.*float32|float32.*int32"),
    _build("matmul/transpose", lambda tf, e: tf.matmul(e.x, e.x, transpose_a=True,
                                                       transpose_b=True), "ValueError",
           _INCOMPAT + ", but are 2 and 3"),
    _build("add/broadcast", lambda tf, e: e.x + tf.zeros([4]), "ValueError",
           _INCOMPAT + ", but are 3 and 4"),
    _build("mul/broadcast", lambda tf, e: e.x * tf.zeros([3, 3]), "ValueError",
           _INCOMPAT + ", but are 2 and 3"),
    _build("sub/dtypes", lambda tf, e: e.x - e.i, "TypeError|ValueError",
           "int32.*float32|float32.*int32"),
    _build("add/string", lambda tf, e: e.x + "a", "TypeError|ValueError", "string|str"),
    _build("reduce_sum/axis", lambda tf, e: tf.reduce_sum(e.x, axis=2), "ValueError",
           "Invalid reduction dimension 2 for input with 2 dimensions"),
    _build("reduce_mean/axis_negative", lambda tf, e: tf.reduce_mean(e.x, axis=-3), "ValueError",
           "Invalid reduction dimension -3 for input with 2 dimensions"),
    _build("reduce_max/float_axis", lambda tf, e: tf.reduce_max(e.x, axis=1.0), "TypeError",
           "DataType float32 not in list of allowed values"),
    _build("transpose/perm_length", lambda tf, e: tf.transpose(e.x, [1, 0, 2]), "ValueError",
           "Dimension must be 2 but is 3"),
    _build("transpose/perm_range", lambda tf, e: tf.transpose(e.x, [0, 2]), "ValueError",
           "out of range|perm"),
    _build("tile/multiples_length", lambda tf, e: tf.tile(e.x, [2]), "ValueError",
           "Shape must be rank 2 but is rank 1|Dimension must be 2 but is 1|equal"),
    _build("squeeze/non_one", lambda tf, e: tf.squeeze(e.x, [0]), "ValueError",
           "Can not squeeze dim\\[0\\], expected a dimension of 1, got 2"),
    _build("squeeze/range", lambda tf, e: tf.squeeze(e.x, [5]), "ValueError",
           "squeeze_dims\\[0\\] not in \\[-2,2\\)"),
    _build("expand_dims/range", lambda tf, e: tf.expand_dims(e.x, 4), "ValueError",
           "-3 <= dim <= 2|dim"),
    _build("slice/begin_length", lambda tf, e: tf.slice(e.x, [0], [1, 1]), "ValueError",
           "Shapes must be equal rank|Dimension 0 in both shapes must be equal"),
    _build("strided_slice/index", lambda tf, e: e.x[5], "ValueError",
           "slice index 5 of dimension 0 out of bounds"),
    _build("strided_slice/too_many", lambda tf, e: e.x[0, 0, 0], "ValueError",
           "Index out of range using input dim 2"),
    _build("gather/indices_dtype", lambda tf, e: tf.gather(e.x, [0.5]), "TypeError",
           "Value passed to parameter 'indices' has DataType float32 not in list"),
    _build("split/uneven", lambda tf, e: tf.split(e.x, 4, axis=1), "ValueError",
           "Dimension size must be evenly divisible by 4 but is 3"),
    _build("split/axis", lambda tf, e: tf.split(e.x, 2, axis=3), "ValueError",
           "Dimension size, given by scalar input 3 must be in range \\[-2, 2\\)"),
    _build("one_hot/indices_float", lambda tf, e: tf.one_hot(e.c, 3), "TypeError",
           "DataType float32 not in list of allowed values"),
    _build("cast/bad_dtype", lambda tf, e: tf.cast(e.x, "float33"), "TypeError",
           "Cannot convert value 'float33' to a TensorFlow DType|float33"),
    _build("placeholder/bad_dtype", lambda tf, e: tf.placeholder("flaot32"), "TypeError",
           "flaot32"),
    _build("placeholder/bad_shape", lambda tf, e: tf.placeholder(tf.float32, [2, "a"]),
           "TypeError|ValueError", "a"),
    _build("constant/ragged", lambda tf, e: tf.constant([[1, 2], [3]]), "ValueError|TypeError",
           "sequence|inhomogeneous|Argument must be a dense tensor"),
    _build("constant/object", lambda tf, e: tf.constant(object()), "TypeError",
           "Failed to convert (elements of )?<object object .*> to (a )?[Tt]ensor|object"),
    _build("constant/shape_mismatch", lambda tf, e: tf.constant([1, 2, 3], shape=[2]),
           "TypeError|ValueError", "Too many elements provided. Needed at most 2, but received 3"),
    _build("convert/object", lambda tf, e: tf.convert_to_tensor(object()), "TypeError",
           "object"),
    _build("convert/none", lambda tf, e: tf.convert_to_tensor(None), "ValueError",
           "None values not supported"),
    _build("convert/dtype_clash", lambda tf, e: tf.convert_to_tensor(e.x, tf.int32), "ValueError",
           "Tensor conversion requested dtype int32 for Tensor with dtype float32"),
    _build("convert/foreign", lambda tf, e: e.x + e.foreign, "ValueError",
           "must be from the same graph"),
    _build("convert/none_in_op", lambda tf, e: e.x * None, "ValueError|TypeError",
           "None"),
    _build("variable/none", lambda tf, e: tf.Variable(None), "ValueError",
           "initial_value must be specified"),
    _build("variable/callable_bad", lambda tf, e: tf.Variable(lambda: object()), "TypeError",
           "object"),
    _build("get_variable/no_shape", lambda tf, e: tf.get_variable("gv", dtype=tf.float32),
           "ValueError", "fully defined"),
    _build("get_variable/twice", lambda tf, e: [tf.get_variable("g2", [1]),
                                               tf.get_variable("g2", [1])], "ValueError",
           "Variable g2 already exists"),
    _build("get_variable/reuse_missing", lambda tf, e: _reuse_missing(tf), "ValueError",
           "Variable scope/missing does not exist"),
    _build("assign/shape", lambda tf, e: tf.assign(e.v, tf.zeros([3, 2])), "ValueError",
           "Dimension 0 in both shapes must be equal, but are 2 and 3"),
    _build("assign/dtype", lambda tf, e: tf.assign(e.v, tf.zeros([2, 3], tf.int32)),
           "TypeError|ValueError", "int32.*float32|float32.*int32"),
    _build("softmax/int", lambda tf, e: tf.nn.softmax(e.i), "TypeError",
           "DataType int32 not in list of allowed values"),
    _build("relu/string", lambda tf, e: tf.nn.relu(e.s), "TypeError",
           "DataType string not in list of allowed values"),
    _build("sqrt/int", lambda tf, e: tf.sqrt(e.i), "TypeError",
           "DataType int32 not in list of allowed values"),
    _build("log/bool", lambda tf, e: tf.log(e.b), "TypeError",
           "DataType bool not in list of allowed values"),
    _build("logical_and/float", lambda tf, e: tf.logical_and(e.x, e.x), "TypeError|ValueError",
           "bool"),
    _build("xent/shapes", lambda tf, e: tf.nn.softmax_cross_entropy_with_logits_v2(
        labels=tf.zeros([2, 4]), logits=e.x), "ValueError",
           _INCOMPAT + ", but are 3 and 4|Dimension 1 in both shapes must be equal"),
    _build("sparse_xent/rank", lambda tf, e: tf.nn.sparse_softmax_cross_entropy_with_logits(
        labels=tf.zeros([2, 3], tf.int32), logits=e.x), "ValueError",
           "Rank mismatch: Rank of labels \\(received 2\\) should equal rank of logits minus 1 "
           "\\(received 2\\)"),
    _build("gradients/foreign", lambda tf, e: tf.gradients(e.foreign, e.x), "ValueError",
           "must be from the same graph"),
    _build("optimizer/no_variables", lambda tf, e: tf.train.GradientDescentOptimizer(0.1)
           .minimize(tf.reduce_sum(e.x * 2.0), var_list=[]), "ValueError",
           "No variables to optimize"),
    _build("optimizer/no_gradients", lambda tf, e: tf.train.GradientDescentOptimizer(0.1)
           .minimize(tf.reduce_sum(e.x), var_list=[e.v]), "ValueError",
           "No gradients provided for any variable"),
    _build("while_loop/structure", lambda tf, e: tf.while_loop(lambda a: a < 3, lambda a: [a, a],
                                                               [tf.constant(0)]), "ValueError",
           "The two structures don't have the same (nested structure|number of elements)"),
    _build("cond/pred_shape", lambda tf, e: tf.cond(tf.constant([True, False]), lambda: e.c,
                                                    lambda: e.c), "ValueError",
           "Shape must be rank 0 but is rank 1"),
    _build("cond/structures", lambda tf, e: tf.cond(e.b, lambda: e.c, lambda: [e.c, e.c]),
           "ValueError", "(Outputs of true_fn and false_fn must have the same structure|"
                         "don't have the same nested structure)"),
])


def _reuse_missing(tf):
    with tf.variable_scope("scope", reuse=True):
        return tf.get_variable("missing", [1])


# ---- sizes: negative and huge (huge = beyond a 47-bit address space, so that no allocator
# can promise it lazily, whatever the machine's overcommit setting). TF 2.x's graph optimizer
# folds a huge zeros/ones into a Const it then cannot parse (InvalidArgumentError); TF 1.15's
# leaves outputs that large unfolded, so the Fill runs out of memory as the others do.
_add([
    _build("zeros/negative", lambda tf, e: tf.zeros([-1, 2]), "ValueError",
           "Dimension -1 must be >= 0|negative"),
    _build("ones/negative", lambda tf, e: tf.ones([2, -3]), "ValueError",
           "Dimension -3 must be >= 0|negative"),
    _build("fill/negative", lambda tf, e: tf.fill([-2], 1.0), "ValueError",
           "Invalid value in tensor used for shape: -2"),
    _build("random_normal/negative", lambda tf, e: tf.random_normal([-4]), "ValueError",
           "Invalid value in tensor used for shape: -4"),
    _build("placeholder/negative", lambda tf, e: tf.placeholder(tf.float32, [-2]), "ValueError",
           "Dimension -2 must be >= 0|negative"),
    _build("variable/negative", lambda tf, e: tf.get_variable("neg", [-1, 2]), "ValueError",
           "Dimension -1 must be >= 0|negative"),
    _build("one_hot/negative_depth", lambda tf, e: tf.one_hot([0, 1], -2), "ValueError",
           "depth|negative|-2"),
    _build("range/zero_delta", lambda tf, e: tf.range(0, 5, 0), "ValueError|InvalidArgumentError",
           "Requires delta != 0"),
    Bad("run/zeros_fed_negative", lambda tf, e: e.sess.run(tf.zeros(e.k), {e.k: [-1, 2]}),
        "InvalidArgumentError", "Dimension -1 must be >= 0|negative"),
    Bad("run/huge_zeros", lambda tf, e: e.sess.run(tf.reduce_sum(tf.zeros([1 << 46]))),
        "ResourceExhaustedError", "OOM when (allocating|running)"),
    Bad("run/huge_ones", lambda tf, e: e.sess.run(tf.reduce_sum(tf.ones([1 << 23, 1 << 23]))),
        "ResourceExhaustedError", "OOM when (allocating|running)"),
    Bad("run/huge_fill_fed", lambda tf, e: e.sess.run(tf.reduce_sum(tf.fill(e.k, 1.0)),
                                                      {e.k: [1 << 23, 1 << 23]}),
        "ResourceExhaustedError", "OOM when (allocating|running)"),
    Bad("run/huge_random", lambda tf, e: e.sess.run(tf.reduce_sum(tf.random_uniform([1 << 46]))),
        "ResourceExhaustedError", "OOM when (allocating|running)"),
    Bad("run/huge_tile",
        lambda tf, e: e.sess.run(tf.reduce_sum(tf.tile(tf.ones([2, 3]), [1 << 22, 1 << 22]))),
        "ResourceExhaustedError", "OOM when (allocating|running)"),
    Bad("run/range_zero_delta_fed", lambda tf, e: e.sess.run(
        tf.range(0, 5, tf.placeholder_with_default(0, []))),
        "InvalidArgumentError", "Requires delta != 0"),
])


# ---- run time: shapes only known when fed, indices, integer division
def _run(op_id: str, fn: Callable, error: str, match: str) -> Bad:
    return Bad(f"run/{op_id}", lambda tf, e: fn(tf, e), error, match)


_IA = "InvalidArgumentError"
_add([
    _run("add/broadcast", lambda tf, e: e.sess.run(e.x + e.n, {e.x: np.ones((2, 3)),
                                                               e.n: np.ones((4, 3))}),
         _IA, "Incompatible shapes: \\[2,3\\] vs. \\[4,3\\]"),
    _run("matmul/inner", lambda tf, e: e.sess.run(tf.matmul(e.u, e.u), {e.u: np.ones((2, 3))}),
         _IA, "Matrix size-incompatible: In\\[0\\]: \\[2,3\\], In\\[1\\]: \\[2,3\\]"),
    _run("matmul/rank", lambda tf, e: e.sess.run(tf.matmul(e.u, e.u), {e.u: np.ones(3)}),
         _IA, "In\\[0\\] ndims must be >= 2: 1"),
    _run("reshape/size", lambda tf, e: e.sess.run(tf.reshape(e.u, [2, 3]), {e.u: np.ones(5)}),
         _IA, "Input to reshape is a tensor with 5 values, but the requested shape has 6"),
    _run("reshape/fed_shape", lambda tf, e: e.sess.run(tf.reshape(e.x, e.k),
                                                       {e.x: np.ones((2, 3)), e.k: [4, 2]}),
         _IA, "Input to reshape is a tensor with 6 values, but the requested shape has 8"),
    _run("gather/index", lambda tf, e: e.sess.run(tf.gather(e.c, e.k), {e.k: [0, 7]}),
         _IA, "indices\\[1\\] = 7 is not in \\[0, 3\\)"),
    _run("gather/negative", lambda tf, e: e.sess.run(tf.gather(e.c, e.k), {e.k: [-1]}),
         _IA, "indices\\[0\\] = -1 is not in \\[0, 3\\)"),
    _run("concat/fed", lambda tf, e: e.sess.run(tf.concat([e.u, e.u * 2.0], 0),
                                                {e.u: np.ones(())}),
         _IA, "(Concat|ConcatOp).*(rank|dimension)|non-scalar|Ranks"),
    _run("floordiv/zero", lambda tf, e: e.sess.run(e.k // e.k, {e.k: [1, 0]}), _IA,
         "Integer division by zero"),
    _run("mod/zero", lambda tf, e: e.sess.run(tf.mod(e.k, e.k), {e.k: [3, 0]}), _IA,
         "Integer division by zero"),
    _run("one_hot/fed_depth", lambda tf, e: e.sess.run(tf.one_hot([0, 1], e.k), {e.k: -3}),
         _IA, "depth must be non-negative, got: -3"),
    _run("slice/fed", lambda tf, e: e.sess.run(tf.slice(e.u, [0], [4]), {e.u: np.ones(3)}),
         _IA, "Expected size\\[0\\] in \\[0, 3\\], but got 4"),
    _run("strided_slice/fed", lambda tf, e: e.sess.run(e.u[5], {e.u: np.ones(3)}), _IA,
         "slice index 5 of dimension 0 out of bounds"),
    _run("transpose/fed", lambda tf, e: e.sess.run(tf.transpose(e.u, [1, 0]), {e.u: np.ones(3)}),
         _IA, "transpose expects a vector of size 1. But input\\(1\\) is a vector of size 2"),
    _run("tile/fed", lambda tf, e: e.sess.run(tf.tile(e.u, [2, 2]), {e.u: np.ones(3)}), _IA,
         "Expected multiples argument to be a vector of length 1 but got length 2"),
    _run("reduce/axis_fed", lambda tf, e: e.sess.run(tf.reduce_sum(e.x, e.k),
                                                     {e.x: np.ones((2, 3)), e.k: 3}),
         _IA, "Invalid reduction dimension \\(3 for input with 2 dimension\\(s\\)"),
    _run("split/fed", lambda tf, e: e.sess.run(tf.split(e.u, 2), {e.u: np.ones(3)}), _IA,
         "Number of ways to split should evenly divide the split dimension, but got split_dim 0 "
         "\\(size = 3\\) and num_split 2"),
    _run("squeeze/fed", lambda tf, e: e.sess.run(tf.squeeze(e.u, [0]), {e.u: np.ones((2, 1))}),
         _IA, "Can not squeeze dim\\[0\\], expected a dimension of 1, got 2"),
    _run("expand_dims/fed", lambda tf, e: e.sess.run(tf.expand_dims(e.u, e.k),
                                                     {e.u: np.ones(3), e.k: 5}),
         _IA, "Tried to expand dim index 5 for tensor with 1 dimensions"),
    _run("sparse_xent/label", lambda tf, e: e.sess.run(
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=e.i, logits=e.x),
        {e.i: [0, 3], e.x: np.ones((2, 3))}), _IA,
         "Received a label value of 3 which is outside the valid range of \\[0, 3\\)"),
    _run("assign/fed_shape", lambda tf, e: e.sess.run(tf.assign(e.v, e.u, validate_shape=True),
                                                      {e.u: np.ones(4)}), _IA,
         "Assign requires shapes of both tensors to match. lhs shape= \\[2,3\\] "
         "rhs shape= \\[4\\]"),
    _run("scatter/index", lambda tf, e: e.sess.run(tf.scatter_update(e.v, [5], [[1.0] * 3])),
         _IA, "indices\\[0\\] = 5 is not in \\[0, 2\\)"),
    _run("assert/fails", lambda tf, e: e.sess.run(tf.assert_positive(e.u, message="must be >0"),
                                                  {e.u: [-1.0]}), _IA, "must be >0"),
    _run("check_numerics/nan", lambda tf, e: e.sess.run(tf.check_numerics(e.u, "fed u"),
                                                        {e.u: [np.nan]}), _IA,
         "fed u : Tensor had NaN values"),
    _run("reshape/two_unknown", lambda tf, e: e.sess.run(tf.reshape(e.x, [-1, -1]),
                                                         {e.x: np.ones((2, 3))}), _IA,
         "Only one input size may be -1, not both 0 and 1"),
    _run("slice/size", lambda tf, e: e.sess.run(tf.slice(e.x, [0, 0], [3, 3]),
                                                {e.x: np.ones((2, 3))}), _IA,
         "Expected size\\[0\\] in \\[0, 2\\], but got 3"),
])


# ---- values that are not errors: NaN and Inf propagate as numpy's do, empty tensors run,
# ints and bools are converted as TF1 converts them
@dataclasses.dataclass(frozen=True)
class Ok:
    id: str
    fn: Callable[[Any, Any], tuple]  # -> (minitf's result, numpy's)


NAN_INF = np.array([[np.nan, np.inf, -np.inf], [0.0, -0.0, 1.0]], np.float32)
_NP_UNARY = [("log", np.log), ("sqrt", np.sqrt), ("exp", np.exp), ("tanh", np.tanh),
             ("abs", np.abs), ("negative", np.negative), ("square", np.square),
             ("sign", np.sign), ("floor", np.floor), ("reciprocal", np.reciprocal)]
OK: list[Ok] = []


def _unary(name: str, fn: Callable) -> Ok:
    return Ok(f"nan_inf/{name}", lambda tf, e: (
        e.sess.run(getattr(tf, name)(e.x), {e.x: NAN_INF}), fn(NAN_INF)))


OK.extend(_unary(name, fn) for name, fn in _NP_UNARY)
OK.extend([
    Ok("nan_inf/div_by_zero", lambda tf, e: (e.sess.run(e.x / 0.0, {e.x: NAN_INF}),
                                             NAN_INF / np.float32(0))),
    Ok("nan_inf/matmul", lambda tf, e: (e.sess.run(tf.matmul(e.x, e.x, transpose_b=True),
                                                   {e.x: NAN_INF}), NAN_INF @ NAN_INF.T)),
    Ok("nan_inf/reduce_sum", lambda tf, e: (e.sess.run(tf.reduce_sum(e.x, 1), {e.x: NAN_INF}),
                                            NAN_INF.sum(1))),
    Ok("nan_inf/reduce_max", lambda tf, e: (e.sess.run(tf.reduce_max(e.x, 0), {e.x: NAN_INF}),
                                            NAN_INF.max(0))),
    Ok("nan_inf/softmax", lambda tf, e: (e.sess.run(tf.nn.softmax(e.n), {e.n: NAN_INF[1:]}),
                                         np.exp(NAN_INF[1:]) / np.exp(NAN_INF[1:]).sum())),
    Ok("nan_inf/maximum", lambda tf, e: (e.sess.run(tf.maximum(e.x, 0.0), {e.x: NAN_INF}),
                                         np.maximum(NAN_INF, 0))),
    Ok("nan_inf/equal_nan", lambda tf, e: (e.sess.run(tf.equal(e.x, e.x), {e.x: NAN_INF}),
                                           np.equal(NAN_INF, NAN_INF))),
    Ok("nan_inf/is_nan", lambda tf, e: (e.sess.run(tf.is_nan(e.x), {e.x: NAN_INF}),
                                        np.isnan(NAN_INF))),
    Ok("nan_inf/float64_feed", lambda tf, e: (e.sess.run(e.y, {e.x: NAN_INF.astype(np.float64)}),
                                              NAN_INF * 2)),
    Ok("nan_inf/variable_assign", lambda tf, e: (e.sess.run(tf.assign(e.w, e.x) * 1.0,
                                                            {e.x: NAN_INF}), NAN_INF)),
    Ok("empty/feed_rows", lambda tf, e: (e.sess.run(e.z, {e.n: np.zeros((0, 3))}),
                                          np.zeros(0, np.float32))),
    Ok("empty/unknown_rank", lambda tf, e: (e.sess.run(tf.reduce_sum(e.u), {e.u: np.zeros((4, 0))}),
                                            np.float32(0))),
    Ok("empty/reduce_max", lambda tf, e: (e.sess.run(tf.reduce_max(e.n, 0),
                                                     {e.n: np.zeros((0, 3))}),
                                          np.full(3, -np.inf, np.float32))),
    Ok("empty/matmul", lambda tf, e: (e.sess.run(tf.matmul(e.n, e.n, transpose_b=True),
                                                 {e.n: np.zeros((0, 3))}),
                                      np.zeros((0, 0), np.float32))),
    Ok("empty/concat", lambda tf, e: (e.sess.run(tf.concat([e.n, e.x], 0),
                                                 {e.n: np.zeros((0, 3)), e.x: np.ones((2, 3))}),
                                      np.ones((2, 3), np.float32))),
    Ok("empty/gather", lambda tf, e: (e.sess.run(tf.gather(e.c, e.k), {e.k: np.zeros(0, int)}),
                                      np.zeros(0, np.float32))),
    Ok("empty/zeros", lambda tf, e: (e.sess.run(tf.zeros(e.k), {e.k: [0, 5]}),
                                     np.zeros((0, 5), np.float32))),
    Ok("empty/string", lambda tf, e: (e.sess.run(tf.reshape(e.s, [2, 1]), {e.s: ["", "é"]}),
                                      np.array([[b""], ["é".encode()]], object))),
    Ok("convert/float_to_int_feed", lambda tf, e: (e.feed(e.i, [1.7, -2.2]),
                                                   np.array([1, -2], np.int32))),
    Ok("convert/big_ints_in_a_list_wrap", lambda tf, e: (e.feed(e.i, [1 << 40, 1]),
                                                         np.array([0, 1], np.int32))),
    Ok("convert/one_to_bool", lambda tf, e: (e.feed(e.b, 1), np.bool_(True))),
    Ok("convert/true_to_float", lambda tf, e: (e.sess.run(e.y, {e.x: [[True] * 3] * 2}),
                                               np.full((2, 3), 2, np.float32))),
    Ok("convert/bool_to_float", lambda tf, e: (e.feed(e.x, np.ones((2, 3), bool)),
                                               np.ones((2, 3), np.float32))),
    Ok("convert/nested_tuple_feed", lambda tf, e: (
        e.feed(e.x, ((1, 2, 3), (4, 5, 6))), np.arange(1, 7, dtype=np.float32).reshape(2, 3))),
    Ok("convert/feed_a_constant", lambda tf, e: (e.sess.run(e.c * 2.0, {e.c: [0.0, 1.0, 2.0]}),
                                                 np.float32([0, 2, 4]))),
])


# ---- layers, losses, nn helpers, TensorArrays and loops
def _ta_read_past_end(tf, e):
    ta = tf.TensorArray(tf.float32, size=2).unstack(e.c[:2])
    return e.sess.run(ta.read(5))


def _ta_write_twice(tf, e):
    ta = tf.TensorArray(tf.float32, size=2).write(0, 1.0).write(0, 2.0)
    return e.sess.run(ta.stack())


_add([
    _build("layers/dense_rank1", lambda tf, e: tf.layers.dense(e.c, 4), "ValueError",
           "expected min_ndim=2, found ndim=1"),
    _build("layers/dense_unknown_last", lambda tf, e: tf.layers.dense(
        tf.placeholder(tf.float32, [2, None]), 4), "ValueError",
           "The last dimension of the inputs to `Dense` should be defined. Found `None`"),
    _build("layers/dense_int", lambda tf, e: tf.layers.dense(e.i[None], 4), "TypeError|ValueError",
           "int32"),
    _build("losses/mse_shapes", lambda tf, e: tf.losses.mean_squared_error(e.x, tf.zeros([3, 2])),
           "ValueError", "(Shapes \\(3, 2\\) and \\(2, 3\\) are incompatible|"
                         "Dimensions must be equal)"),
    _build("nn/dropout_keep_prob", lambda tf, e: tf.nn.dropout(e.x, keep_prob=2.0), "ValueError",
           "(keep_prob|rate) must be .*range"),
    _build("nn/embedding_ids_float", lambda tf, e: tf.nn.embedding_lookup(e.x, e.c), "TypeError",
           "DataType float32 not in list of allowed values"),
    _run("nn/embedding_id_range", lambda tf, e: e.sess.run(tf.nn.embedding_lookup(e.v, e.k),
                                                           {e.k: [0, 4]}), _IA,
         "indices\\[1\\] = 4 is not in \\[0, 2\\)"),
    _build("nn/bias_add_shape", lambda tf, e: tf.nn.bias_add(e.x, tf.zeros([4])), "ValueError",
           "Dimensions must be equal, but are 3 and 4"),
    _build("while_loop/cond_not_bool", lambda tf, e: tf.while_loop(lambda a: a, lambda a: a + 1,
                                                                   [tf.constant(0)]),
           "TypeError|ValueError", "bool|boolean"),
    _build("while_loop/body_not_callable", lambda tf, e: tf.while_loop(lambda a: a < 3, 3,
                                                                       [tf.constant(0)]),
           "TypeError", "body must be callable"),
    _build("while_loop/shape_invariant", lambda tf, e: tf.while_loop(
        lambda a: tf.size(a) < 8, lambda a: tf.concat([a, a], 0), [e.c]), "ValueError",
           "Input tensor 'c:0' enters the loop with shape \\(3,\\), but has shape \\(6,\\) after "
           "one iteration"),
    _build("cond/fn_not_callable", lambda tf, e: tf.cond(e.b, 1, lambda: e.c), "TypeError",
           "true_fn must be callable"),
    _run("tensor_array/read_past_end", _ta_read_past_end, _IA,
         "Tried to read from index 5 but array size is: 2"),
    _run("tensor_array/write_twice", _ta_write_twice, _IA,
         "Could not write to TensorArray index 0 because it has already been written to"),
    _build("gradients/not_a_tensor", lambda tf, e: tf.gradients(object(), e.x), "TypeError",
           "object"),
    _build("optimizer/bad_loss", lambda tf, e: tf.train.GradientDescentOptimizer(0.1).minimize(
        object()), "TypeError|AttributeError|ValueError", "object|loss"),
])
