"""String ops: tf.string_split (tokens as a SparseTensor of bytes, delimiters, empty tokens),
tf.strings.split, StringToNumber, AsString, StringJoin, ReduceJoin, Substr, the hash buckets,
the regular expressions, StringLength/Strip/Lower/Upper; values against references written
here, static shapes by the harness, and TF's errors."""
import itertools

import numpy as np
import pytest

import minitf as tf
from minitf.framework import errors
from minitf.ops.fingerprint import fingerprint64, siphash24
from tests.harness import check_op, run


def test_string_split_default_and_names():
    st = tf.string_split(["a bc", "", " d  e "])
    assert [op.name for op in tf.get_default_graph().get_operations()] == [
        "StringSplit/Const", "StringSplit/Const_1", "StringSplit/StringSplit"]
    assert st.shape.as_list() == [None, None]
    value = run(st)
    assert value.indices.tolist() == [[0, 0], [0, 1], [2, 0], [2, 1]]
    assert value.values.tolist() == [b"a", b"bc", b"d", b"e"]
    assert value.dense_shape.tolist() == [3, 2]


def test_string_split_delimiters():
    assert run(tf.string_split(["a,;b"], ",;", skip_empty=False)).values.tolist() == [
        b"a", b"", b"b"]
    assert run(tf.string_split(["ab"], delimiter="")).values.tolist() == [b"a", b"b"]
    empty = run(tf.string_split(["", ""]))
    assert empty.indices.shape == (0, 2) and empty.dense_shape.tolist() == [2, 0]


def test_string_split_errors():
    with pytest.raises(ValueError, match="Shape must be rank 1 but is rank 2"):
        tf.string_split([["a"]])
    source = tf.placeholder(tf.string)
    st = tf.string_split(source)
    with pytest.raises(errors.InvalidArgumentError, match=r"input must be a vector, got shape: "
                                                          r"\[1,1\]"):
        run(st, {source: np.array([[b"a"]], dtype=object)})


# ---- the other string ops: values against references written here, shapes by the harness

def _obj(rows):
    return np.array(rows, dtype=object)


def _bytes(rows):
    return np.vectorize(lambda s: s.encode(), otypes=[object])(np.array(rows))


def test_string_to_number(backend):
    text = _bytes([[" 1.5", "-2e3", "0x10"], ["inf", ".5 ", "1e40"]])
    check_op(lambda s: tf.string_to_number(s), [text],
             lambda s: np.array([[1.5, -2e3, 16.0], [np.inf, 0.5, np.inf]], np.float32),
             backend=backend)
    ints = _bytes([["7", "+5", " -2147483648 "]])
    check_op(lambda s: tf.strings.to_number(s, tf.int32), [ints],
             lambda s: np.array([[7, 5, -2 ** 31]], np.int32), backend=backend)
    check_op(lambda s: tf.string_to_number(s, out_type=tf.int64), [_bytes(["2147483648"])],
             lambda s: np.array([2 ** 31], np.int64), backend=backend)


@pytest.mark.parametrize("text,out_type", [("1_000", tf.float32), ("", tf.float64),
                                           ("3.0", tf.int32), ("2147483648", tf.int32),
                                           ("nan", tf.int64)])
def test_string_to_number_refuses(text, out_type):
    with pytest.raises(errors.InvalidArgumentError,
                       match=f"StringToNumberOp could not correctly convert string: {text}\n"):
        run(tf.string_to_number([text], out_type))


def test_string_to_number_types_and_names():
    with pytest.raises(TypeError, match="Value passed to parameter 'out_type' has DataType int8 "
                                        "not in list of allowed values: float32, float64, "
                                        "int32, int64"):
        tf.string_to_number(["1"], tf.int8)
    with pytest.raises(TypeError, match="Expected string passed to parameter 'string_tensor' of "
                                        "op 'StringToNumber'"):
        tf.string_to_number([1.0])
    x = tf.strings.to_number(input=["1"], name="n")
    assert x.name == "n:0" and tf.get_default_graph().get_operations()[0].name == "n/string_tensor"
    # TF's shape inference never evaluates string ops: no constant folding
    from minitf.framework.convert import constant_value
    assert constant_value(x) is None


def test_as_string(backend):
    x = np.array([[1.5, -2.25, 1234.5678]], np.float32)
    for kwargs, fmt in [({}, "%f"), ({"precision": 2}, "%.2f"), ({"scientific": True}, "%e"),
                        ({"shortest": True}, "%g"), ({"width": 12, "fill": "0"}, "%012f"),
                        ({"width": 12, "fill": "-", "precision": 1}, "%-12.1f")]:
        check_op(lambda v, kw=kwargs: tf.as_string(v, **kw), [x],
                 lambda v, f=fmt: np.vectorize(lambda e: (f % e).encode(), otypes=[object])(v),
                 backend=backend)
    check_op(lambda v: tf.as_string(v, width=4, fill="0"), [np.array([-42, 0, 42], np.int64)],
             lambda v: _obj([b"-042", b"0000", b"0042"]), backend=backend)
    check_op(lambda v: tf.as_string(v), [np.array([True, False])],
             lambda v: _obj([b"true", b"false"]), backend=backend)
    check_op(lambda v: tf.as_string(v, precision=1), [np.array([1 + 2j], np.complex64)],
             lambda v: _obj([b"(1.0,2.0)"]), backend=backend)


@pytest.mark.parametrize("kwargs,message", [
    ({"precision": 3}, "precision not supported for datatype int32"),
    ({"shortest": True}, "scientific and shortest format not supported for datatype int32"),
    ({"fill": "ab"}, "Fill string must be one or fewer characters"),
    ({"fill": "x"}, 'Fill argument not supported: "x"')])
def test_as_string_attr_errors(kwargs, message):
    with pytest.raises(errors.InvalidArgumentError, match=message):
        run(tf.as_string([5], **kwargs))


def test_as_string_type_error():
    with pytest.raises(TypeError, match="Value passed to parameter 'input' has DataType string "
                                        "not in list of allowed values: int8, int16"):
        tf.as_string(["a"])


def test_string_join(backend):
    a, b = _bytes([["x", "y"], ["z", "w"]]), _bytes([["1", "2"], ["3", "4"]])
    check_op(lambda p, q: tf.string_join([p, "-", q], separator="|"), [a, b],
             lambda p, q: np.vectorize(lambda u, v: u + b"|-|" + v, otypes=[object])(p, q),
             backend=backend)
    assert run(tf.string_join(["a", "b"], separator=" ")) == b"a b"
    assert tf.strings.join is tf.string_join
    assert tf.string_join([tf.placeholder(tf.string, [None, 2]),
                           tf.placeholder(tf.string, [3, None])]).shape.as_list() == [3, 2]
    assert tf.string_join([tf.placeholder(tf.string), "b"]).shape.ndims is None


def test_string_join_errors():
    with pytest.raises(ValueError, match=r"Dimension 0 in both shapes must be equal, but are 2 "
                                         r"and 3. Shapes are \[2\] and \[3\]. for 'StringJoin'"):
        tf.string_join([["a", "b"], ["c", "d", "e"]])
    with pytest.raises(TypeError, match=r"Tensors in list passed to 'inputs' of 'StringJoin' Op "
                                        r"have types \[string, int32\]"):
        tf.string_join(["a", 1])
    p = tf.placeholder(tf.string)
    with pytest.raises(errors.InvalidArgumentError,
                       match=r"Input shapes do not match: \[3\] vs. \[2\]"):
        run(tf.string_join([p, ["a", "b"]]), {p: ["x", "y", "z"]})


def _joined(x, axes, sep=b""):
    """Brute-force ReduceJoin: for each kept index, the reduced elements with the first
    listed axis varying fastest."""
    axes = [a % x.ndim for a in axes]
    kept = [i for i in range(x.ndim) if i not in axes]
    out = np.empty([x.shape[i] for i in kept], dtype=object)
    for index in np.ndindex(*out.shape):
        parts = []
        for red in itertools.product(*[range(x.shape[a]) for a in reversed(axes)]):
            full = [0] * x.ndim
            for i, v in zip(kept, index):
                full[i] = v
            for a, v in zip(reversed(axes), red):
                full[a] = v
            parts.append(x[tuple(full)])
        out[index] = sep.join(parts)
    return out


def test_reduce_join_against_brute_force(backend):
    x = np.array([[[f"{i}{j}{k}".encode() for k in range(4)] for j in range(3)]
                  for i in range(2)], dtype=object)
    for axes in ([0], [2], [-1], [0, 1], [1, 0], [2, 0], []):
        check_op(lambda s, a=axes: tf.reduce_join(s, a, separator=","), [x],
                 lambda s, a=axes: _joined(s, a, b","), backend=backend)
    assert run(tf.reduce_join(x), backend=backend) == _joined(x, [2, 1, 0])[()]
    assert run(tf.reduce_join(x, [2, 0, 1]), backend=backend) == _joined(x, [2, 0, 1])[()]
    check_op(lambda s: tf.strings.reduce_join(s, 1, keepdims=True), [x],
             lambda s: _joined(s, [1])[:, None, :], backend=backend)


def test_reduce_join_names_and_errors():
    r = tf.reduce_join([["a", "b"]], name="rj")
    assert r.name == "ReduceJoin/rj:0"
    assert [op.name for op in tf.get_default_graph().get_operations()] == [
        "ReduceJoin/Const", "ReduceJoin/Const_1", "ReduceJoin/rj"]
    with pytest.raises(ValueError, match="Invalid reduction dimension 2 for input with 2 "
                                         "dimensions."):
        tf.reduce_join([["a"]], 2)
    with pytest.raises(errors.InvalidArgumentError, match="Duplicate reduction dimension 1"):
        run(tf.reduce_join([["a", "b"]], [1, -1]))
    axes = tf.placeholder(tf.int32)
    with pytest.raises(errors.OutOfRangeError, match=r"Invalid reduction dimension -3 for input "
                                                     r"with 2 dimension\(s\)"):
        run(tf.reduce_join([["a", "b"]], axes), {axes: [-3]})


def _cut(s, p, n):
    p = p + len(s) if p < 0 else p
    return s[p:] if n < 0 else s[p:p + n]


def test_substr(backend):
    words = _bytes([["hello", "world", "abc"], ["kites", "moons", "xyz"]])
    check_op(lambda s: tf.substr(s, 1, 3), [words],
             lambda s: np.vectorize(lambda e: e[1:4], otypes=[object])(s), backend=backend)
    pos, size = np.array([0, -2, 1], np.int32), np.array([2, 5, -1], np.int32)
    check_op(lambda s, p, n: tf.strings.substr(s, p, n), [words, pos, size],
             lambda s, p, n: np.vectorize(_cut, otypes=[object])(s, p, n), backend=backend)
    text = ["h\u00e9llo w\u00f6rld"]
    assert run(tf.substr(text, 1, 2, unit="UTF8_CHAR")).tolist() == ["\u00e9l".encode()]
    assert run(tf.substr(text, -3, 2, unit="UTF8_CHAR")).tolist() == [b"rl"]
    assert run(tf.substr(text, 1, 2)).tolist() == ["\u00e9".encode()]


def test_substr_errors():
    with pytest.raises(errors.InvalidArgumentError,
                       match="pos 6 out of range for string b'hello' at index 0"):
        run(tf.substr(["hello"], 6, 2))
    with pytest.raises(errors.InvalidArgumentError,
                       match="pos -3 out of range for string at index 1"):
        run(tf.substr(["abc", "\u00e9\u00e9"], -3, 1, unit="UTF8_CHAR"))
    with pytest.raises(ValueError, match=r"pos and len shapes must match: \[2\] vs. \[3\]"):
        tf.substr(["a", "b"], [1, 2], [1, 2, 3])
    with pytest.raises(ValueError, match="Shape must be rank 0 but is rank 1"):
        tf.substr(["a", "b"], [1, 2], 2)
    with pytest.raises(ValueError, match=r"Attr 'unit' of 'Substr' Op passed string 'X' not "
                                         r"in: \"BYTE\", \"UTF8_CHAR\"."):
        tf.substr(["a"], 0, 1, unit="X")


def test_hash_buckets(backend):
    words = _bytes([["", "a", "hello"], ["x" * 40, "y" * 70, "caf\u00e9"]])
    check_op(lambda s: tf.string_to_hash_bucket_fast(s, 1000), [words],
             lambda s: np.vectorize(lambda e: fingerprint64(e) % 1000, otypes=[np.int64])(s),
             backend=backend)
    check_op(lambda s: tf.strings.to_hash_bucket_strong(s, 77, [5, 6]), [words],
             lambda s: np.vectorize(lambda e: siphash24((5, 6), e) % 77, otypes=[np.int64])(s),
             backend=backend)
    # TF 2.21's buckets for these words
    assert run(tf.string_to_hash_bucket_fast(["a", "hello", "", "world"], 1000)).tolist() == [
        939, 296, 263, 598]
    assert run(tf.string_to_hash_bucket_strong(["a", "hello"], 1000, [1, 2])).tolist() == [
        646, 622]


def test_hash_bucket_errors():
    with pytest.raises(ValueError, match="Attr 'num_buckets' of 'StringToHashBucketFast' Op "
                                         "passed 0 less than minimum 1."):
        tf.string_to_hash_bucket_fast(["a"], 0)
    with pytest.raises(errors.InvalidArgumentError, match="Key must have 2 elements"):
        run(tf.string_to_hash_bucket_strong(["a"], 3, [1, 2, 3]))


def test_regex_replace_and_full_match(backend):
    words = _bytes([["hello world", "aaa"], ["a.c", "h\u00e9llo"]])
    check_op(lambda s: tf.regex_replace(s, r"(\w+) (\w+)", r"\2 \1"), [words],
             lambda s: _bytes([["world hello", "aaa"], ["a.c", "h\u00e9llo"]]), backend=backend)
    check_op(lambda s: tf.strings.regex_replace(s, "a", "b", replace_global=False), [words],
             lambda s: _bytes([["hello world", "baa"], ["b.c", "h\u00e9llo"]]), backend=backend)
    check_op(lambda s: tf.strings.regex_full_match(s, "h.l+o.*"), [words],
             lambda s: np.array([[True, False], [False, True]]), backend=backend)
    assert run(tf.regex_replace(["abc"], "b", r"[\0]")).tolist() == [b"a[b]c"]
    assert run(tf.regex_replace(["abc"], "x*", "-")).tolist() == [b"-a-b-c-"]
    assert run(tf.regex_replace(["abc"], "(b)", r"\2")).tolist() == [b"abc"]  # no group 2
    assert run(tf.regex_replace(["abc"], "b", r"x\n")).tolist() == [b"axc"]  # bad escape
    assert run(tf.regex_replace(["a1_\u00e9"], r"\w", "X")).tolist() == ["XXX\u00e9".encode()]
    pattern = tf.placeholder(tf.string)
    replaced = tf.regex_replace(["hello"], pattern, "L")
    matched = tf.strings.regex_full_match(["hell", "lll"], pattern)
    assert (replaced.op.type, matched.op.type) == ("RegexReplace", "RegexFullMatch")
    assert run([replaced, matched], {pattern: "l+"})[0].tolist() == [b"heLo"]
    with pytest.raises(errors.InvalidArgumentError, match=r"Pattern must be scalar, but "
                                                          r"received \[1\]"):
        run(replaced, {pattern: ["l"]})
    with pytest.raises(errors.InvalidArgumentError, match=r"Invalid pattern: \(, error: "):
        run(tf.regex_replace(["abc"], "(", "x"))


def test_length_strip_lower_upper(backend):
    words = _bytes([["ab", "h\u00e9LLo"], ["\t x \n", "\u00c0BC"]])
    check_op(lambda s: tf.strings.length(s), [words],
             lambda s: np.vectorize(len, otypes=[np.int32])(s), backend=backend)
    check_op(lambda s: tf.strings.length(s, unit="UTF8_CHAR"), [words],
             lambda s: np.vectorize(lambda e: len(e.decode()), otypes=[np.int32])(s),
             backend=backend)
    check_op(lambda s: tf.string_strip(s), [words],
             lambda s: np.vectorize(bytes.strip, otypes=[object])(s), backend=backend)
    check_op(lambda s: tf.strings.lower(s), [words],
             lambda s: np.vectorize(bytes.lower, otypes=[object])(s), backend=backend)
    check_op(lambda s: tf.strings.upper(s, encoding="utf-8"), [words],
             lambda s: np.vectorize(lambda e: e.decode().upper().encode(), otypes=[object])(s),
             backend=backend)
    with pytest.raises(ValueError, match="Attr 'unit' of 'StringLength' Op passed string 'CHAR'"):
        tf.strings.length(["a"], unit="CHAR")


def test_strings_split():
    source = ["a  b\tc\n d ", "", " x,,y "]
    for kwargs, sep in [({}, None), ({"sep": ","}, b","), ({"maxsplit": 1}, None),
                        ({"sep": ",", "maxsplit": 0}, b",")]:
        value = run(tf.strings.split(source, **kwargs))
        rows = [s.encode().split(sep, kwargs.get("maxsplit", -1)) for s in source]
        assert value.values.tolist() == [t for row in rows for t in row]
        assert value.indices.tolist() == [[b, i] for b, row in enumerate(rows)
                                          for i in range(len(row))]
        assert value.dense_shape.tolist() == [3, max(len(r) for r in rows)]
    assert [op.name for op in tf.get_default_graph().get_operations()][:3] == [
        "StringSplit/input", "StringSplit/Const", "StringSplit/StringSplitV2"]


def test_strings_split_limits():
    with pytest.raises(ValueError, match="returns a SparseTensor for a vector of known rank 1 "
                                         "only"):
        tf.strings.split([["a b"]])
    with pytest.raises(ValueError, match="returns a SparseTensor for a vector"):
        tf.strings.split(["a b"], result_type="RaggedTensor")
    with pytest.raises(ValueError, match="result_type must be 'RaggedTensor' or 'SparseTensor'."):
        tf.strings.split(["a b"], result_type="dense")


def test_strings_namespace_is_the_same_functions():
    assert tf.strings.to_number is tf.string_to_number
    assert tf.strings.substr is tf.substr and tf.strings.strip is tf.string_strip
    assert tf.strings.to_hash_bucket_fast is tf.string_to_hash_bucket_fast
    assert tf.strings.regex_replace is tf.regex_replace
    assert tf.strings.reduce_join is tf.reduce_join and tf.strings.as_string is tf.as_string
    assert sorted(tf.strings.__all__) == sorted(
        n for n in dir(tf.strings) if not n.startswith("_") and callable(getattr(tf.strings, n)))
