"""tf.Print, tf.print, tf.check_numerics, tf.Assert and the assert_* checks: TF1's printed
formats (recorded from TensorFlow), names, and build-time and run-time errors."""
import logging
import re
import sys

import numpy as np
import pytest

import minitf as tf
from minitf.framework import registry
from minitf.ops.logging_ops import summarize_value
from tests.harness import run, session

A24 = np.arange(24).reshape(2, 3, 4)


@pytest.mark.parametrize("value, n, text", [
    (np.array([1, 2, 3, 4.5, 1e10, 0.1], np.float32), 3, "1 2 3..."),
    (np.array([[1, 2, 3], [4, 5, 6]]), 4, "[1 2 3][4...]..."),
    (A24, 5, "[[0 1 2 3][4...]]..."),
    (A24, -1, "[[0 1 2 3][4 5 6 7][8 9 10 11]][[12 13 14 15][16 17 18 19][20 21 22 23]]"),
    (np.zeros((0, 3)), 3, ""),
    (np.arange(6.0).reshape(2, 3) / 3, 10,
     "[0 0.33333333333333331 0.66666666666666663][1 1.3333333333333333 1.6666666666666667]"),
    ((np.arange(6.0).reshape(2, 3) / 3).astype(np.float32), 10,
     "[0 0.333333343 0.666666687][1 1.33333337 1.66666663]"),
    (np.array([1e-5, 1e20, -0.0, np.inf, -np.inf, np.nan, 123456789.0], np.float32), 10,
     "1e-05 1e+20 -0 inf -inf nan 123456792"),
    (np.array([1e-5, 123456789.0, 0.1]), 10, "1e-05 123456789 0.1"),
    (np.array([b"a\nb", b"q'\"", b"\xff"], dtype=object), 3, "a\\nb q\\'\\\" \\377"),
    (np.array(True), 3, "1"), (np.array([True, False]), 3, "1 0"),
    (np.array([1.5], np.float16), 3, "1.5"), (np.array(7, np.int64), 0, "..."),
    (np.array([1 + 2j, 3j], np.complex64), 1, "?..."),
])
def test_summarize_like_print(value, n, text):
    assert summarize_value(value, n) == text


@pytest.mark.parametrize("value, n, text", [
    (A24, 3, "[[[0 1 2 3]\n  [4 5 6 7]\n  [8 9 10 11]]\n\n [[12 13 14 15]\n  [16 17 18 19]\n"
             "  [20 21 22 23]]]"),
    (np.arange(240).reshape(2, 3, 40), 2,
     "[[[0 1 ... 38 39]\n  [40 41 ... 78 79]\n  [80 81 ... 118 119]]\n\n"
     " [[120 121 ... 158 159]\n  [160 161 ... 198 199]\n  [200 201 ... 238 239]]]"),
    (np.arange(20), -1, "[" + " ".join(str(i) for i in range(20)) + "]"),
    (np.arange(7), 3, "[0 1 2 ... 4 5 6]"), (np.arange(6), 3, "[0 1 2 3 4 5]"),
    (np.array(b"str", dtype=object), 3, '"str"'),
    (np.array([b"a", b"b"], dtype=object), 3, '["a" "b"]'),
    (np.array([True, False]), 3, "[1 0]"), (np.array(3.5, np.float32), 3, "3.5"),
    (np.array([0.1, 1 / 3]), 3, "[0.1 0.33333333333333331]"),
    (np.zeros((2, 0)), 3, "[\n ...]"), (np.zeros((0, 2)), 3, "[]"),
    (np.array([1 + 2j], np.complex64), 3, "[?]"),
])
def test_summarize_like_tf_print(value, n, text):
    assert summarize_value(value, n, v2=True) == text


def test_print_passes_value_through_and_prints(backend, capsys):
    x = tf.placeholder(tf.float32, [None])
    y = tf.Print(x, [x, "str", tf.constant([[1, 2, 3], [4, 5, 6]]), tf.constant(True)], "m2 ",
                 summarize=4)
    assert y.name == "Print:0" and y.shape.as_list() == [None] and y.op.type == "Print"
    assert [t.name for t in y.op.inputs] == ["Placeholder:0", "Placeholder:0", "Print/data_1:0",
                                             "Const:0", "Const_1:0"]
    assert y.op.get_attr("summarize") == 4 and y.op.get_attr("first_n") == -1
    value = np.array([1.0, 2.0, 3.0, 4.5, 1e10], np.float32)
    out = run(y, {x: value}, backend=backend)
    np.testing.assert_array_equal(out, value)
    assert capsys.readouterr().err == "m2 [1 2 3 4.5...][str][[1 2 3][4...]...][1]\n"


def test_print_first_n_counts_per_session(capsys):
    x = tf.constant([1, 2, 3, 4])
    y = tf.Print(x, [x], "once", first_n=2)
    with session() as sess:
        for _ in range(3):
            sess.run(y)
        sess.run([y, x])  # another plan of the same session
    with session() as sess:
        sess.run(y)
    assert capsys.readouterr().err == "once[1 2 3...]\n" * 3
    assert tf.Print(x, [], name="p").name == "p:0"


def test_print_v2_graph_and_output(backend, capsys):
    x = tf.constant(np.arange(24).reshape(2, 3, 4))
    op = tf.print(x)
    assert repr(op) == "<tf.Operation 'PrintV2' type=PrintV2>" and op.outputs == []
    fmt = op.inputs[0].op
    assert fmt.name == "StringFormat" and fmt.type == "StringFormat"
    assert fmt.get_attr("template") == "{}" and fmt.get_attr("summarize") == 3
    assert op.get_attr("output_stream") == "stderr" and op.get_attr("end") == "\n"
    named = tf.print("a", x, name="pp")
    assert named.name == "pp" and named.inputs[0].op.name == "pp_format"
    run(op, backend=backend)
    assert capsys.readouterr().err == ("[[[0 1 2 3]\n  [4 5 6 7]\n  [8 9 10 11]]\n\n"
                                       " [[12 13 14 15]\n  [16 17 18 19]\n  [20 21 22 23]]]\n")


def test_print_v2_templates(backend, capsys):
    x = tf.constant([1.0, 2.0, 3.0, 4.5, 1e10, 0.1])
    op = tf.print("hello", 3, [1, 2], {"b": x, "a": 1}, tf.constant("str"),
                  tf.constant(["a", "b"]), tf.constant([True, False]), output_stream=sys.stdout)
    run([op, tf.print("{}", x), tf.print(tf.constant("only string")),
         tf.print(tf.constant(np.arange(20)), summarize=-1)], backend=backend)
    run(tf.print("x:", tf.constant([1, 2]), sep="|", end="END\n"), backend=backend)
    out = capsys.readouterr()
    assert out.out == ("hello 3 [1, 2] {'a': 1, 'b': [1 2 3 4.5 1e+10 0.1]} \"str\" "
                       "[\"a\" \"b\"] [1 0]\n")
    lines = out.err.splitlines()
    assert sorted(lines) == sorted(["{} [1 2 3 4.5 1e+10 0.1]", "only string",
                                    "[" + " ".join(str(i) for i in range(20)) + "]",
                                    "x:|[1 2]END"])
    assert tf.get_default_graph().get_operation_by_name("PrintV2_1").inputs[0].op.get_attr(
        "placeholder") == "{}9"


def test_print_v2_to_file_and_log(tmp_path, caplog):
    path = tmp_path / "out.txt"
    x = tf.constant([1, 2])
    with session() as sess:
        sess.run(tf.print("x", x, output_stream=f"file://{path}"))
        sess.run(tf.print("again", output_stream=f"file://{path}"))
        with caplog.at_level(logging.INFO, logger="tensorflow"):
            sess.run(tf.print("logged", x, output_stream=logging.INFO))
            sess.run(tf.print("warned", output_stream=logging.warning))
    assert path.read_text() == "x [1 2]\nagain\n"
    assert "logged [1 2]" in caplog.text and "warned" in caplog.text


def test_print_v2_errors():
    with pytest.raises(ValueError, match=r"^Unsupported output stream, logging level, or "
                                         r"file\.foo\. Supported streams are sys\.stdout"):
        tf.print(1, output_stream="foo")
    with pytest.raises(ValueError, match=r"^Unrecognized keyword arguments for tf.print: "
                                         r"\{'foo': 1\}$"):
        tf.print(1, foo=1)


def test_check_numerics(backend):
    p = tf.placeholder(tf.float32)
    y = tf.check_numerics(p, "chk")
    assert y.name == "CheckNumerics:0" and y.op.get_attr("message") == "chk"
    np.testing.assert_array_equal(run(y, {p: [1.0, 2.0]}, backend=backend), [1.0, 2.0])
    for value, what in [([1.0, np.nan], "NaN"), ([1.0, np.inf], "Inf"),
                        ([-np.inf, np.nan], "Inf and NaN")]:
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match=f"^chk : Tensor had {what} values\n\t \\[\\[node CheckNumerics"):
            run(y, {p: value}, backend=backend)
    assert tf.check_numerics([1.0], "m").op.inputs[0].name == "CheckNumerics_1/tensor:0"


def test_check_numerics_dtype_error():
    with pytest.raises(TypeError, match="^Value passed to parameter 'tensor' has DataType int32 "
                                        "not in list of allowed values: bfloat16, float16, "
                                        "float32, float64$"):
        tf.check_numerics(tf.constant([1]), "bad")


def test_assert_graph():
    op = tf.Assert(True, ["a", tf.constant([1, 2])])
    assert repr(op) == "<tf.Operation 'Assert/Assert' type=Assert>"
    assert [o.name for o in tf.get_default_graph().get_operations()] == [
        "Const", "Assert/Const", "Assert/Assert/condition", "Assert/Assert/data_0",
        "Assert/Assert"]
    assert op.get_attr("summarize") == 3 and op.outputs == []
    assert tf.Assert(True, [], name="chk").name == "chk/Assert"
    assert registry.lookup("Assert").stateful


def test_assert_run(backend):
    c = tf.placeholder(tf.bool)
    op = tf.Assert(c, ["hello", tf.constant([1, 2, 3, 4, 5])])  # int32 and strings: no guard
    guarded = tf.Assert(c, ["hello", tf.constant([1, 2, 3, 4, 5]), tf.constant(2.5)])
    with session(backend) as sess:
        assert sess.run([op, guarded], {c: True}) == [None, None]
        assert sess.run(op, {c: [True]}) is None  # a legacy scalar
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match=r"^assertion failed: \[hello\] \[1 2 3\.\.\.\]\n\t "
                                 r"\[\[node Assert/Assert "):
            sess.run(op, {c: False})
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match=r"^assertion failed: \[hello\] \[1 2 3\.\.\.\] \[2\.5\]\n\t "
                                 r"\[\[node Assert_1/AssertGuard/Assert "):
            sess.run(guarded, {c: False})
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match=r"^In\[0\] should be a scalar: \[2\]"):
            sess.run(op, {c: [False, True]})
        for value in ([True], [False, True]):  # the guard's Switch takes a scalar only
            with pytest.raises(tf.errors.InvalidArgumentError,
                               match=r"^The second input must be a scalar, but it has shape "
                                     rf"\[{len(value)}\]"):
                sess.run(guarded, {c: value})
    wide = tf.Assert(False, [tf.constant([1, 2, 3, 4, 5])], summarize=10)
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"assertion failed: \[1 2 3 4 5\]\n"):
        run(wide, backend=backend)


def test_assert_guard_graph():
    """Data other than int32 and strings: the Assert sits in the false branch of a cond
    `AssertGuard`, and tf.Assert returns the cond's Merge."""
    x = tf.placeholder(tf.float32, [2], name="x")
    op = tf.Assert(x[0] > 0, [x, "msg"])
    assert repr(op) == "<tf.Operation 'Assert/AssertGuard/Merge' type=Merge>"
    names = [o.name for o in tf.get_default_graph().get_operations()]
    assert names[names.index("Assert/Const"):] == [
        "Assert/Const", "Assert/AssertGuard/Switch", "Assert/AssertGuard/switch_t",
        "Assert/AssertGuard/switch_f", "Assert/AssertGuard/pred_id", "Assert/AssertGuard/NoOp",
        "Assert/AssertGuard/control_dependency", "Assert/AssertGuard/Assert/data_1",
        "Assert/AssertGuard/Assert", "Assert/AssertGuard/Assert/Switch",
        "Assert/AssertGuard/Assert/Switch_1", "Assert/AssertGuard/control_dependency_1",
        "Assert/AssertGuard/Merge"]
    assert tf.Assert(True, [1.0], name="chk").name == "chk/AssertGuard/Merge"
    assert tf.get_default_graph().get_operation_by_name("chk/Condition").type == "Const"


def test_assert_condition_errors():
    with pytest.raises(TypeError, match="^Input 'condition' of 'Assert' Op has type int32 that "
                                        "does not match expected type of bool.$"):
        tf.Assert(tf.constant(1), ["a"])
    with pytest.raises(TypeError, match="Expected bool, got 1 of type 'int' instead"):
        tf.Assert(1, ["a"])
    for condition in (tf.constant(1.0), 1):  # guarded: the cond's Switch checks the type
        with pytest.raises(TypeError, match="^Input 'pred' of 'Switch' Op has type (float32|int32) "
                                            "that does not match expected type of bool.$"):
            tf.Assert(condition, [tf.constant(1.0)])


def test_assert_equal_static():
    op = tf.assert_equal([1, 2], [1, 2])
    assert op.type == "Assert" and op.name == "assert_equal/Assert/Assert"
    with pytest.raises(tf.errors.InvalidArgumentError) as info:
        tf.assert_equal([1, 2], [1, 3])
    assert info.value.message == ("\nCondition x == y did not hold element-wise:\n"
                                  "x (assert_equal_1/x:0) = \n[1 2]\ny (assert_equal_1/y:0) = \n"
                                  "[1 3]")
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"^mm\nCondition x == y"):
        tf.assert_equal(tf.constant([1.0, 2.0]), [1.0, 3.0], message="mm", name="nm")


def test_assert_equal_shape_mismatch():
    with pytest.raises(ValueError, match="Dimensions must be equal, but are 2 and 3"):
        tf.assert_equal([1, 2], [1, 2, 3])


def test_assert_equal_run(backend):
    p = tf.placeholder(tf.int32, [None])
    op = tf.assert_equal(p, [1, 2])
    with session(backend) as sess:
        sess.run(op, {p: [1, 2]})
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match=r"^assertion failed: \[\] \[Condition x == y did not hold "
                                 r"element-wise:\] \[x \(Placeholder:0\) = \] \[1 5\] "
                                 r"\[y \(assert_equal/y:0\) = \] \[1 2\]"):
            sess.run(op, {p: [1, 5]})
    q = tf.placeholder(tf.float32, [None])
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"^assertion failed: \[fm\] "):
        run(tf.assert_equal(q, 1.0, message="fm"), {q: [1.0, 2.0]}, backend=backend)
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"^assertion failed: \[dd\] \[3 2\]\n"):
        run(tf.assert_equal(p, [1, 2], data=["dd", p]), {p: [3, 2]}, backend=backend)


def test_assert_less_and_positive(backend):
    u = tf.placeholder(tf.float32)
    pos = tf.assert_positive(u)
    assert pos.name == "assert_positive/assert_less/Assert/AssertGuard/Merge"  # float data
    with session(backend) as sess:
        sess.run(pos, {u: [1.0, 2.0]})
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match=r"^assertion failed: \[\] \[Condition x > 0 did not hold "
                                 r"element-wise:\] \[x \(Placeholder:0\) = \] \[1 -2\]"):
            sess.run(pos, {u: [1.0, -2.0]})
    less = tf.assert_less([1, 2], [2, 2])
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"Condition x < y did not hold element-wise:\] "
                             r"\[x \(assert_less/x:0\) = \] \[1 2\]"):
        run(less, backend=backend)
    run(tf.assert_less([1, 2], [2, 3]), backend=backend)


def test_assert_rank_static():
    x = tf.placeholder(tf.float32, [2, 3])
    ok = tf.assert_rank(x, 2)
    assert repr(ok) == "<tf.Operation 'assert_rank/static_checks_determined_all_ok' type=NoOp>"
    assert tf.get_default_graph().get_operation_by_name(
        "assert_rank/assert_type/statically_determined_correct_type").type == "NoOp"
    with pytest.raises(ValueError, match=r"^\.  Tensor Placeholder:0 must have rank 3\.  "
                                         r"Received rank 2, shape \(2, 3\)$"):
        tf.assert_rank(x, 3)
    with pytest.raises(ValueError, match=r"^mmm\.  Tensor Const:0 must have rank 3\."):
        tf.assert_rank(tf.constant([1, 2]), 3, message="mmm")
    with pytest.raises(ValueError, match="^Rank must be a scalar.$"):
        tf.assert_rank(x, [3])
    with pytest.raises(TypeError, match=r"^  assert_rank_4/rank:0 must be of type "
                                        r"<dtype: 'int32'>$"):
        tf.assert_rank(x, np.int64(2))
    with pytest.raises(ValueError, match=r"Tensor Placeholder_1:0 must have rank 0\.  "
                                         r"Received rank 1"):
        tf.assert_rank(x, tf.placeholder(tf.int32, [2]))


def test_assert_rank_run(backend):
    u = tf.placeholder(tf.float32)
    op = tf.assert_rank(u, 2)
    assert op.type == "Assert"
    with session(backend) as sess:
        sess.run(op, {u: np.zeros((2, 2))})
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match=r"^assertion failed: \[\] \[Tensor Placeholder:0 must have "
                                 r"rank\] \[2\] \[Received shape: \] \[3\]"):
            sess.run(op, {u: np.zeros(3)})
    r = tf.placeholder(tf.int32)
    dynamic = tf.assert_rank(u, r)
    with session(backend) as sess:
        sess.run(dynamic, {u: np.zeros((2, 2)), r: 2})
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match=r"Rank must be a scalar\. Received rank: \] \[2 2\]"):
            sess.run(dynamic, {u: np.zeros((2, 2)), r: [2, 2]})


def test_assert_type():
    x = tf.constant([1.0])
    assert tf.assert_type(x, tf.float32).name == "assert_type/statically_determined_correct_type"
    with pytest.raises(TypeError, match=r"^mm  Const:0 must be of type <dtype: 'int32'>$"):
        tf.assert_type(x, tf.int32, message="mm")


def test_namespace():
    for name in ["Print", "print", "check_numerics", "Assert", "assert_equal", "assert_rank",
                 "assert_positive", "assert_less", "assert_type"]:
        assert callable(getattr(tf, name))
    assert tf.print.__name__ == "print_v2"


def test_assert_less_equal_and_greater_equal(backend):
    p = tf.placeholder(tf.float32, [None])
    le = tf.assert_less_equal(p, 1.0, message="too big")
    ge = tf.assert_greater_equal(p, 0.0)
    assert le.name == "assert_less_equal/Assert/AssertGuard/Merge"  # float data: guarded
    assert ge.name == "assert_greater_equal/Assert/AssertGuard/Merge"
    with session(backend) as sess:
        sess.run([le, ge], {p: [0.0, 1.0]})
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match=r"^assertion failed: \[too big\] \[Condition x <= y did not "
                                 r"hold element-wise:\] \[x \(Placeholder:0\) = \] \[0 1.5\]"):
            sess.run(le, {p: [0.0, 1.5]})
        with pytest.raises(tf.errors.InvalidArgumentError, match=r"Condition x >= y"):
            sess.run(ge, {p: [-1.0]})


def test_assert_rank_in():
    x = tf.placeholder(tf.float32, [2, 3])
    ok = tf.assert_rank_in(x, (1, 2))
    assert ok.name == "assert_rank_in/static_checks_determined_all_ok"
    with pytest.raises(ValueError, match=r"^Tensor Placeholder:0 must have rank in \(0, 1\)\.  "
                                         r"Received rank 2, shape \(2, 3\)$"):
        tf.assert_rank_in(x, (0, 1))
    with pytest.raises(ValueError, match="Rank must be a scalar"):
        tf.assert_rank_in(x, ([2],))
    u = tf.placeholder(tf.float32)
    check = tf.assert_rank_in(u, (0, 2))
    assert check.type == "Assert"
    with tf.Session() as sess:
        sess.run(check, {u: np.zeros((2, 2))})
        with pytest.raises(tf.errors.InvalidArgumentError, match="must have rank in"):
            sess.run(check, {u: np.zeros(3)})


# ---- the other check_ops asserts (TF 1.15's data, names and errors)

@pytest.mark.parametrize("fn, good, bad, sentence", [
    (tf.assert_negative, [-1.0], [-1.0, 0.0], r"\[Condition x < 0 did not hold element-wise:\] "
                                               r"\[x \(Placeholder:0\) = \] \[-1 0\]"),
    (tf.assert_non_negative, [0.0], [-1.0, 0.0], r"\[Condition x >= 0 did not hold element-wise:"
                                                 r"\] \[x \(Placeholder:0\) = \] \[-1 0\]"),
    # TF 1.15 joins the sentence and "x (...) = " into one datum for assert_non_positive
    (tf.assert_non_positive, [0.0], [1.0], r"\[Condition x <= 0 did not hold element-wise:x "
                                           r"\(Placeholder:0\) = \] \[1\]"),
])
def test_unary_asserts(backend, fn, good, bad, sentence):
    x = tf.placeholder(tf.float32)
    check = fn(x)
    assert check.name.startswith(fn.__name__ + "/assert_less")
    with session(backend) as sess:
        sess.run(check, {x: good})
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match=r"^assertion failed: \[\] " + sentence):
            sess.run(check, {x: bad})
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"^assertion failed: \[mm\]"):
        run(fn(x, message="mm"), {x: bad}, backend=backend)


def test_binary_asserts(backend):
    x, y = tf.placeholder(tf.int32, [None]), tf.placeholder(tf.int32, [None])
    greater = tf.assert_greater(x, y)
    none_equal = tf.assert_none_equal(x, y, message="ne")
    assert greater.type == "Assert" and greater.name == "assert_greater/Assert/Assert"
    with session(backend) as sess:
        sess.run([greater, none_equal], {x: [3, 4], y: [1, 2]})
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match=r"^assertion failed: \[\] \[Condition x > y did not hold "
                                 r"element-wise:x \(Placeholder:0\) = \] \[3 1\] \[y "
                                 r"\(Placeholder_1:0\) = \] \[1 2\]"):
            sess.run(greater, {x: [3, 1], y: [1, 2]})
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match=r"^assertion failed: \[ne\] \[Condition x != y did not hold for "
                                 r"every single element:\] \[x \(Placeholder:0\) = \]"):
            sess.run(none_equal, {x: [3, 2], y: [1, 2]})
    # known values are not checked while building (TF 1.15 checks assert_equal only)
    assert tf.assert_greater(1, 2).type == "Assert"


def test_assert_near(backend):
    x = tf.placeholder(tf.float32, [2])
    near = tf.assert_near(x, [1.0, 2.0])
    g = tf.get_default_graph()
    assert g.get_operation_by_name("assert_near/rtol").get_attr("value").item() == \
        pytest.approx(10 * np.finfo(np.float32).eps)
    with session(backend) as sess:
        sess.run(near, {x: [1.0, 2.0000005]})
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match=r"\[x and y not equal to tolerance rtol = "
                                 r"Tensor\(\\\"assert_near/rtol:0\\\", shape=\(\), "
                                 r"dtype=float32\), atol = Tensor\(\\\"assert_near/atol:0"):
            sess.run(near, {x: [1.0, 2.1]})
    loose = tf.assert_near(x, [1.0, 2.0], rtol=0.1, atol=0.0, name="loose")
    run(loose, {x: [1.0, 2.1]}, backend=backend)


def test_static_asserts():
    i = tf.constant([1, 2])
    assert tf.assert_integer(i).name == "assert_integer/statically_determined_was_integer"
    with pytest.raises(TypeError, match=r'^mm  Expected "x" to be integer type.  Found: '
                                        r"Const_1:0 of dtype <dtype: 'float32'>$"):
        tf.assert_integer(tf.constant([1.0]), message="mm")
    s = tf.assert_scalar(3.0)
    assert s.op.name == "assert_scalar" and s.op.type == "Const"
    with pytest.raises(ValueError, match=r"^Expected scalar shape for Const_2:0, saw shape: "
                                         r"\(2,\).$"):
        tf.assert_scalar(tf.constant([1, 2]))
    with pytest.raises(ValueError, match=r"^mmExpected scalar shape for Placeholder:0, saw "
                                         r"shape: <unknown>.$"):
        tf.assert_scalar(tf.placeholder(tf.float32), message="mm")
    tf.assert_proper_iterable([1, 2])
    tf.assert_proper_iterable((i,))
    for bad, message in ((i, '"proper" iterable.  Found: '), (np.ones(2), "numpy.ndarray"),
                         ("ab", "<class 'str'>"), (3, 'to be iterable.  Found: <class')):
        with pytest.raises(TypeError, match=re.escape(message)):
            tf.assert_proper_iterable(bad)


def test_assert_rank_at_least():
    x = tf.placeholder(tf.float32, [2, 3])
    assert tf.assert_rank_at_least(x, 1).name == \
        "assert_rank_at_least/static_checks_determined_all_ok"
    with pytest.raises(ValueError, match=r"^\.  Tensor Placeholder:0 must have rank at least 3\.  "
                                         r"Received rank 2, shape \(2, 3\)$"):
        tf.assert_rank_at_least(x, 3)
    u = tf.placeholder(tf.float32)
    check = tf.assert_rank_at_least(u, 2)
    with tf.Session() as sess:
        sess.run(check, {u: np.zeros((1, 1, 1))})
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match=r"\[Tensor Placeholder_1:0 must have rank at least\] \[2\]"):
            sess.run(check, {u: np.zeros(3)})


def test_assert_same_float_dtype():
    a, b = tf.constant(1.0), tf.constant(2.0)
    assert tf.assert_same_float_dtype([a, None, b]) == tf.float32
    assert tf.assert_same_float_dtype() == tf.float32
    assert tf.assert_same_float_dtype(dtype=tf.float64) == tf.float64
    with pytest.raises(ValueError, match=r"^Const_2:0, type=<dtype: 'float64'>, must be of the "
                                         r"same type \(<dtype: 'float32'>\) as Const:0.$"):
        tf.assert_same_float_dtype([a, tf.constant(1.0, tf.float64)])
    with pytest.raises(ValueError, match="^Expected floating point type, got <dtype: 'int32'>.$"):
        tf.assert_same_float_dtype([tf.constant(1)])


def test_monotonic_checks(backend):
    x = tf.placeholder(tf.float32)
    inc, nondec = tf.is_strictly_increasing(x), tf.is_non_decreasing(x)
    assert inc.op.name == "is_strictly_increasing/All" and nondec.dtype == tf.bool
    with session(backend) as sess:
        for value, want in (([1, 2, 2], (False, True)), ([[1, 2], [3, 4]], (True, True)),
                            ([3], (True, True)), ([2, 1], (False, False))):
            assert tuple(sess.run([inc, nondec], {x: value})) == want
    assert tf.is_numeric_tensor(x) and not tf.is_numeric_tensor(tf.constant(True))
    assert not tf.is_numeric_tensor(1.0)
    with pytest.raises(TypeError, match="Expected x to be numeric, instead found: "):
        tf.is_non_decreasing(tf.constant([True, False]))
    assert tf.math.is_non_decreasing is tf.is_non_decreasing


def test_debugging_namespace():
    names = ["Assert", "assert_all_finite", "assert_equal", "assert_greater",
             "assert_greater_equal", "assert_integer", "assert_less", "assert_less_equal",
             "assert_near", "assert_negative", "assert_non_negative", "assert_non_positive",
             "assert_none_equal", "assert_positive", "assert_proper_iterable", "assert_rank",
             "assert_rank_at_least", "assert_rank_in", "assert_same_float_dtype",
             "assert_scalar", "assert_type", "check_numerics", "is_finite", "is_inf", "is_nan",
             "is_non_decreasing", "is_numeric_tensor", "is_strictly_increasing"]
    for name in names:
        assert getattr(tf.debugging, name) is getattr(
            tf, "verify_tensor_all_finite" if name == "assert_all_finite" else name)
