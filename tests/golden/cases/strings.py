"""Golden cases: strings. The string ops (StringToNumber, AsString, StringJoin, ReduceJoin,
Substr, the hash buckets, the regular expressions, StringLength/Strip/Lower/Upper,
StringSplitV2), SelectV2 (`tf.where_v2`), and the lookup tables: StaticHashTable and
`tf.contrib.lookup`'s HashTable, vocabulary tables from tensors and files with and without
out-of-vocabulary buckets, IdTableWithHashBuckets, StaticVocabularyTable, MutableHashTable,
`tables_initializer`, and their errors.

TF 2.x has no `tf.contrib`: its cases read `tf.contrib.lookup`'s functions from
tensorflow.python.ops.lookup_ops, where TF 1.15's contrib.lookup found them too."""
import importlib
import os
import tempfile

import numpy as np

from . import case, case_with, normal, tf_add_is_add

add_case = case_with(tf_add_is_add)


def _lookup(tf):
    """`tf.contrib.lookup` (TF 1.15 and minitf), else TF 2.x's lookup_ops module."""
    if hasattr(tf, "contrib"):
        return tf.contrib.lookup
    return importlib.import_module("tensorflow.python.ops.lookup_ops")


def _initialized(tf, fetch, feed=None):
    """Runs `tables_initializer()` (built here, with the graph) before fetching `fetch`."""
    init = tf.tables_initializer()

    def run(sess):
        sess.run(init)
        return sess.run(fetch, feed)
    return {"fetch": fetch, "run": run}


def _file(lines):
    path = os.path.join(tempfile.mkdtemp(), "vocab.txt")
    with open(path, "w") as f:
        f.write("".join(line + "\n" for line in lines))
    return path


def _sorted_export(tf, keys, values, extra=None):
    """Export results in key order (TF's order is its hash map's)."""
    init = tf.tables_initializer()

    def run(sess):
        sess.run(init)
        k, v = sess.run([keys, values])
        order = np.argsort(k, kind="stable")
        return [k[order], v[order]] + ([sess.run(extra)] if extra is not None else [])
    return {"fetch": [keys, values], "run": run}


# ---- StringToNumber

@case
def string_to_number_floats(tf, rng):
    x = tf.string_to_number(["1.5", " -2e3 ", "inf", "0x10", "1e40", ".5"])
    return {"fetch": {"f32": x, "f64": tf.strings.to_number(["1e40", "-0.25"], tf.float64)},
            "facts": {"repr": repr(x)}}


@case
def string_to_number_ints(tf, rng):
    return {"fetch": [tf.string_to_number(["7", "+5", "-2147483648"], out_type=tf.int32),
                      tf.string_to_number(["2147483648", " 12 "], tf.int64, name="big")]}


@case
def string_to_number_fed(tf, rng):
    s = tf.placeholder(tf.string, [None, 2])
    return {"fetch": tf.string_to_number(s, tf.float64),
            "feed": {s: np.array([[b"1", b"2.5"], [b"-3", b"4e-2"]], dtype=object)}}


@case(error="StringToNumberOp could not correctly convert string: 1.5x")
def string_to_number_bad(tf, rng):
    return {"fetch": tf.string_to_number(["2", "1.5x"])}


@case(error="StringToNumberOp could not correctly convert string: 2147483648")
def string_to_number_int32_overflow(tf, rng):
    return {"fetch": tf.string_to_number(["2147483648"], tf.int32)}


@case(error="StringToNumberOp could not correctly convert string: 3.0")
def string_to_number_int_from_float(tf, rng):
    return {"fetch": tf.string_to_number(["3.0"], tf.int64)}


# ---- AsString

@case
def as_string_floats(tf, rng):
    x = np.array([1.5, -2.25, 1234.5678, 1e10], np.float32)
    return {"fetch": {"plain": tf.as_string(x), "precision": tf.as_string(x, precision=2),
                      "scientific": tf.as_string(x, scientific=True),
                      "shortest": tf.as_string(x, shortest=True),
                      "width": tf.as_string(x, width=12, precision=1),
                      "fill": tf.as_string(x, width=12, fill="0", precision=3),
                      "left": tf.as_string(x, width=12, fill="-", precision=3),
                      "f64": tf.as_string(np.array([0.1, np.nan, -np.inf]))}}


@case
def as_string_ints_and_bools(tf, rng):
    return {"fetch": [tf.as_string([-42, 0, 42], width=4, fill="0"),
                      tf.as_string(np.array([7, -12345678901], np.int64), width=6),
                      tf.as_string([3, -3], fill="+", width=3),
                      tf.as_string([True, False]),
                      tf.as_string(np.array([[1, 2]], np.int8), name="small")]}


@case(error="precision not supported for datatype int32")
def as_string_int_precision(tf, rng):
    return {"fetch": tf.as_string([5], precision=3)}


@case(error="Cannot select both scientific and shortest notation")
def as_string_scientific_and_shortest(tf, rng):
    return {"fetch": tf.as_string([1.5], scientific=True, shortest=True)}


@case(error='Fill argument not supported: "x"')
def as_string_bad_fill(tf, rng):
    return {"fetch": tf.as_string([1.5], width=5, fill="x")}


# ---- StringJoin

@case
def string_join_broadcast(tf, rng):
    a = tf.placeholder(tf.string, [None, 2])
    j = tf.string_join([a, "-", [["x", "y"], ["z", "w"]]], separator="|")
    return {"fetch": {"fed": j, "scalars": tf.string_join(["a", "b", "c"]),
                      "strings_join": tf.strings.join([["p", "q"], "!"])},
            "feed": {a: np.array([[b"1", b"2"], [b"3", b"4"]], dtype=object)},
            "facts": {"shape": str(j.shape)}}


@case(error="Input shapes do not match: [3] vs. [2]")
def string_join_fed_mismatch(tf, rng):
    a = tf.placeholder(tf.string)
    return {"fetch": tf.string_join([a, ["a", "b"]]),
            "feed": {a: np.array([b"x", b"y", b"z"], dtype=object)}}


@case(error="Dimension 0 in both shapes must be equal, but are 2 and 3")
def string_join_static_mismatch(tf, rng):
    tf.string_join([["a", "b"], ["c", "d", "e"]])


# ---- ReduceJoin

_WORDS = [["a", "b", "c"], ["d", "e", "f"]]


@case
def reduce_join_axes(tf, rng):
    return {"fetch": {"all": tf.reduce_join(_WORDS), "axis0": tf.reduce_join(_WORDS, 0),
                      "axis1": tf.reduce_join(_WORDS, axis=-1, separator=" "),
                      "both": tf.reduce_join(_WORDS, [0, 1]),
                      "reversed": tf.reduce_join(_WORDS, [1, 0]),
                      "keep": tf.reduce_join(_WORDS, [0], keep_dims=True, separator=","),
                      "none": tf.reduce_join(_WORDS, []),
                      "strings": tf.strings.reduce_join(_WORDS, 1, keepdims=True,
                                                        name="rj")}}


@case
def reduce_join_unknown_rank(tf, rng):
    x = tf.placeholder(tf.string)
    return {"fetch": tf.reduce_join(x), "feed": {x: np.array([[b"ab", b"c"], [b"d", b"ef"]],
                                                             dtype=object)}}


@case
def reduce_join_shapes(tf, rng):
    x = tf.placeholder(tf.string, [2, None, 3])
    return {"facts": {"axis1": str(tf.reduce_join(x, 1).shape),
                      "keep": str(tf.reduce_join(x, [0, -1], keep_dims=True).shape),
                      "fed_axis": str(tf.reduce_join(x, tf.placeholder(tf.int32)).shape)}}


@case(error="Duplicate reduction dimension 1")
def reduce_join_duplicate_axis(tf, rng):
    return {"fetch": tf.reduce_join(_WORDS, [1, 1])}


@case(error="Invalid reduction dimension 2 for input with 2 dimensions")
def reduce_join_axis_out_of_range(tf, rng):
    tf.reduce_join(_WORDS, 2)


# ---- Substr

@case
def substr_forms(tf, rng):
    words = ["hello", "world"]
    return {"fetch": {"scalar": tf.substr(words, 1, 3), "negative": tf.substr(words, -3, 2),
                      "end": tf.substr(words, 5, 2), "long": tf.substr(words, 1, -1),
                      "vectors": tf.substr(words, [1, 2], [2, 3]),
                      "broadcast": tf.substr([words, ["abcde", "fghij"]], [1, 2], [2, 3]),
                      "int64": tf.strings.substr(words, np.int64(0), np.int64(2))}}


@case
def substr_utf8(tf, rng):
    text = ["h\u00e9llo w\u00f6rld"]
    return {"fetch": [tf.strings.substr(text, 1, 2, unit="UTF8_CHAR"),
                      tf.strings.substr(text, -3, 2, unit="UTF8_CHAR"),
                      tf.strings.substr(text, 1, 2)]}


@case(error="pos 6 out of range for string b'hello' at index 0")
def substr_pos_out_of_range(tf, rng):
    return {"fetch": tf.substr(["hello"], 6, 2)}


@case(error="Dimensions must be equal, but are 2 and 3")
def substr_pos_shape(tf, rng):
    tf.substr(["hello", "world"], [1, 2, 3], [2, 3, 4])


@case(error="Shape must be rank 0 but is rank 1")
def substr_pos_len_ranks(tf, rng):
    tf.substr(["hello", "world"], [1, 2], 2)


# ---- StringToHashBucketFast, StringToHashBucketStrong

_HASHED = ["", "a", "abc", "hello", "emerson", "0123456789abcdef", "seventeen chars!!",
           "a string of thirty-three bytes..", "x" * 64, "y" * 65, "z" * 200,
           "caf\u00e9 \u00fcber", "\u00e9"]


@case
def hash_bucket_fast(tf, rng):
    return {"fetch": {"1000": tf.string_to_hash_bucket_fast(_HASHED, 1000),
                      "big": tf.strings.to_hash_bucket_fast(_HASHED, 2 ** 62 + 7),
                      "matrix": tf.string_to_hash_bucket_fast([["a", "b"], ["c", "d"]], 3)}}


@case
def hash_bucket_strong(tf, rng):
    return {"fetch": [tf.string_to_hash_bucket_strong(_HASHED, 1000, [1, 2]),
                      tf.strings.to_hash_bucket_strong(_HASHED, 2 ** 62 + 7,
                                                       [0x0123456789ABCDEF, 99])]}


@case(error="less than minimum 1")
def hash_bucket_zero_buckets(tf, rng):
    tf.string_to_hash_bucket_fast(["a"], 0)


@case(error="Key must have 2 elements")
def hash_bucket_strong_key_size(tf, rng):
    return {"fetch": tf.string_to_hash_bucket_strong(["a"], 3, [1, 2, 3])}


# ---- Regular expressions

@case
def regex_static(tf, rng):
    return {"fetch": {"swap": tf.regex_replace(["hello world"], r"(\w+) (\w+)", r"\2 \1"),
                      "first": tf.regex_replace(["aaa"], "a", "b", replace_global=False),
                      "whole": tf.strings.regex_replace(["abc"], "b", r"[\0]"),
                      "empty": tf.regex_replace(["abc"], "x*", "-"),
                      "backslash": tf.regex_replace(["a.c"], r"\.", r"\\"),
                      "missing_group": tf.regex_replace(["abc"], "(b)", r"\2"),
                      "unmatched_group": tf.regex_replace(["abc"], "(a)|(z)", r"[\2]"),
                      "utf8": tf.regex_replace(["h\u00e9llo", "a1_\u00e9"], r"h.l|\w", "X"),
                      "match": tf.strings.regex_full_match(["abc", "x", "a"], "a.*")}}


@case
def regex_dynamic(tf, rng):
    pattern = tf.placeholder_with_default("l+", [])
    return {"fetch": [tf.regex_replace(["hello", "ball"], pattern, "L"),
                      tf.strings.regex_full_match(["hell", "lll"], pattern)]}


@case(error="Invalid pattern: (")
def regex_invalid_pattern(tf, rng):
    return {"fetch": tf.regex_replace(["abc"], "(", "x")}


@case(error="Pattern must be scalar, but received [1]")
def regex_pattern_not_scalar(tf, rng):
    pattern = tf.placeholder(tf.string)
    return {"fetch": tf.regex_replace(["abc"], pattern, "x"),
            "feed": {pattern: np.array([b"a"], dtype=object)}}


# ---- StringLength, StringStrip, StringLower, StringUpper, StringSplitV2

@case
def length_strip_case(tf, rng):
    words = [["ab", "h\u00e9llo"], ["", "\u00c0BC"]]
    return {"fetch": {"bytes": tf.strings.length(words),
                      "chars": tf.strings.length(words, unit="UTF8_CHAR"),
                      "strip": tf.string_strip(["\t a b \n", "  "]),
                      "strings_strip": tf.strings.strip(" x "),
                      "lower": tf.strings.lower(words), "upper": tf.strings.upper(words),
                      "lower_utf8": tf.strings.lower(words, encoding="utf-8"),
                      "upper_utf8": tf.strings.upper(words, encoding="utf-8")}}


@case(error="Attr 'unit' of 'StringLength' Op passed string 'CHAR' not in")
def length_bad_unit(tf, rng):
    tf.strings.length(["a"], unit="CHAR")


@case
def strings_split_forms(tf, rng):
    st = tf.strings.split(["a  b\tc\n d ", "", "  "])
    return {"fetch": {"whitespace": st,
                      "sep": tf.strings.split(["a<>b<><>c", ""], sep="<>"),
                      "maxsplit": tf.strings.split([" a b  c  "], maxsplit=1),
                      "no_split": tf.strings.split(["a,b,c"], sep=",", maxsplit=0)},
            "facts": {"str": str(st)}}


# ---- SelectV2

@case
def where_v2_broadcast(tf, rng):
    x = tf.placeholder(tf.float32, [None, 3])
    return {"fetch": [tf.where_v2([True, False, True], x, 0.5),
                      tf.where_v2([[True], [False]], 1, [7, 8, 9], name="picked"),
                      tf.where_v2([[True, False]])],
            "feed": {x: normal(rng, 2, 3)}}


@case
def where_v2_grad(tf, rng):
    x = tf.constant(normal(rng, 2, 3))
    y = tf.constant(0.5)
    z = tf.where_v2(tf.constant([True, False, True]), x, y)
    w = tf.constant(normal(rng, 2, 3))
    return {"fetch": tf.gradients(tf.reduce_sum(z * w), [x, y]), "names": False}


@case(error="must be broadcastable")
def where_v2_not_broadcastable(tf, rng):
    x = tf.placeholder(tf.float32)
    return {"fetch": tf.where_v2([True, False], x, 1.0), "feed": {x: [1.0, 2.0, 3.0]}}


# ---- Lookup tables from tensors

@case
def static_hash_table(tf, rng):
    init = tf.lookup.KeyValueTensorInitializer(["a", "b", "c"], [7, 8, 9])
    table = tf.lookup.StaticHashTable(init, default_value=-1)
    ids = table.lookup(tf.constant([["a", "z"], ["c", "b"]]))
    spec = _initialized(tf, {"ids": ids, "size": table.size()})
    spec["facts"] = {"name": table.name, "init": table.initializer.name,
                     "dtypes": [table.key_dtype.name, table.value_dtype.name],
                     "collection": [op.name for op in
                                    tf.get_collection(tf.GraphKeys.TABLE_INITIALIZERS)]}
    return spec


@case
def hash_table_named_and_shared(tf, rng):
    lookup = _lookup(tf)
    init = lookup.KeyValueTensorInitializer(tf.constant([3, 1], tf.int64),
                                            tf.constant(["three", "one"]), name="kv")
    with tf.name_scope("outer"):
        table = lookup.HashTable(init, "none", name="numbers")
        words = table.lookup(tf.constant([1, 2, 3], tf.int64), name="find")
    return _initialized(tf, {"words": words, "size": table.size(name="count")})


@case
def hash_table_sparse_keys(tf, rng):
    table = _lookup(tf).index_table_from_tensor(["a", "b"])
    st = tf.string_split(["a b c", "b"])
    return _initialized(tf, table.lookup(st))


@case
def hash_table_export(tf, rng):
    table = tf.lookup.StaticHashTable(
        tf.lookup.KeyValueTensorInitializer(["x", "y", "w"], [1.5, 2.5, 3.5]), 0.0)
    keys, values = table.export()
    return _sorted_export(tf, keys, values)


@case(error="Table not initialized.")
def hash_table_not_initialized(tf, rng):
    table = tf.lookup.StaticHashTable(tf.lookup.KeyValueTensorInitializer(["a"], [1]), -1)
    return {"fetch": [table.size(), table.lookup(tf.constant(["a"]))]}


@case
def hash_table_size_before_init(tf, rng):
    table = tf.lookup.StaticHashTable(tf.lookup.KeyValueTensorInitializer(["a"], [1]), -1)
    return {"fetch": table.size()}


def _initialized_twice(tf, keys, values):
    table = tf.lookup.StaticHashTable(tf.lookup.KeyValueTensorInitializer(keys, values), -1)
    ids = table.lookup(tf.constant(["a", "b"]))
    init = tf.tables_initializer()

    def run(sess):
        sess.run(init)
        sess.run(init)
        return sess.run(ids)
    return {"fetch": ids, "run": run}


@case
def hash_table_initialized_twice(tf, rng):
    return _initialized_twice(tf, ["a", "b"], [1, 2])


@case(error="Table was already initialized with different data.")
def hash_table_reinitialized_differently(tf, rng):
    # a repeated key (same value) leaves fewer entries than the initializer holds
    return _initialized_twice(tf, ["a", "a"], [1, 1])


@case(error="HashTable has different value for same key. Key a has 1 and trying to add value 2")
def hash_table_duplicate_key(tf, rng):
    table = tf.lookup.StaticHashTable(tf.lookup.KeyValueTensorInitializer(["a", "a"], [1, 2]),
                                      -1)
    return _initialized(tf, table.lookup(tf.constant(["a"])))


@case(error="<dtype: 'string'>")
def hash_table_wrong_key_dtype(tf, rng):
    table = tf.lookup.StaticHashTable(tf.lookup.KeyValueTensorInitializer(["a"], [1]), -1)
    table.lookup(tf.constant([1]))


@case(error="Shapes (2,) and () are not compatible")
def hash_table_vector_default(tf, rng):
    tf.lookup.StaticHashTable(tf.lookup.KeyValueTensorInitializer(["a"], [1]), [1, 2])


@case(error="Dimensions must be equal, but are 2 and 1")
def hash_table_keys_values_mismatch(tf, rng):
    tf.lookup.StaticHashTable(tf.lookup.KeyValueTensorInitializer(["a", "b"], [1]), -1)


@add_case
def index_table_oov_buckets(tf, rng):
    table = _lookup(tf).index_table_from_tensor(["emerson", "lake", "palmer"],
                                                num_oov_buckets=3)
    ids = table.lookup(tf.constant(["emerson", "lake", "and", "palmer", "king", "crimson"]))
    spec = _initialized(tf, {"ids": ids, "size": table.size()})
    spec["facts"] = {"name": table.name, "init": table.initializer.name}
    return spec


@add_case
def index_table_int_keys(tf, rng):
    table = _lookup(tf).index_table_from_tensor(tf.constant([10, 20, 30], tf.int64),
                                                num_oov_buckets=2, dtype=tf.int64)
    return _initialized(tf, table.lookup(tf.constant([20, 7, 30, 99], tf.int64)))


@add_case
def index_table_strong_hash(tf, rng):
    lookup = _lookup(tf)
    table = lookup.index_table_from_tensor(["a", "b"], num_oov_buckets=4,
                                           hasher_spec=lookup.StrongHashSpec((7, 11)),
                                           name="vocab")
    return _initialized(tf, table.lookup(tf.constant(["a", "q", "b", "r", "s"])))


@case
def index_table_no_buckets(tf, rng):
    table = _lookup(tf).index_table_from_tensor(tf.constant(["a", "b", "c"]), default_value=-7)
    return _initialized(tf, table.lookup(tf.constant([["a", "zz"], ["c", "b"]])))


@case
def index_to_string_table(tf, rng):
    table = _lookup(tf).index_to_string_table_from_tensor(["a", "b", "c"])
    return _initialized(tf, table.lookup(tf.constant([[0, 5], [2, -1]], tf.int64)))


@case
def buckets_without_table(tf, rng):
    table = _lookup(tf).IdTableWithHashBuckets(None, 5)
    return {"fetch": {"ids": table.lookup(tf.constant(["x", "y", "hello"])),
                      "size": table.size()},
            "facts": {"init": table.initializer.name}}


@add_case
def static_vocabulary_table(tf, rng):
    init = tf.lookup.KeyValueTensorInitializer(["a", "b"], tf.constant([0, 1], tf.int64))
    table = tf.lookup.StaticVocabularyTable(init, num_oov_buckets=4)
    return _initialized(tf, {"ids": table.lookup(tf.constant(["b", "c", "a", "d"])),
                             "size": table.size()})


@case(error="must be > 0 if no")
def buckets_without_table_or_buckets(tf, rng):
    _lookup(tf).IdTableWithHashBuckets(None, 0)


@case
def tables_initializer_without_tables(tf, rng):
    return {"fetch": [tf.tables_initializer(), tf.initialize_all_tables(name="tables")]}


# ---- Lookup tables from files

@add_case
def index_table_from_file_buckets(tf, rng):
    path = _file(["emerson", "lake", "palmer"])
    table = _lookup(tf).index_table_from_file(path, num_oov_buckets=1)
    spec = _initialized(tf, table.lookup(tf.constant(["emerson", "and", "palmer", "lake"])))
    spec["facts"] = {"assets": len(tf.get_collection(tf.GraphKeys.ASSET_FILEPATHS))}
    return spec


@case
def index_to_string_table_from_file(tf, rng):
    path = _file(["emerson", "lake", "palmer"])
    table = _lookup(tf).index_to_string_table_from_file(path, default_value="UNKNOWN")
    return _initialized(tf, table.lookup(tf.constant([1, 5, 0], tf.int64)))


@case
def text_file_columns(tf, rng):
    path = _file(["a 10 x", "b 20 y", "c 30 z"])
    lookup = _lookup(tf)
    by_column = lookup.HashTable(lookup.TextFileInitializer(path, tf.string, 0, tf.int64, 1,
                                                            delimiter=" "), -1)
    by_line = lookup.HashTable(lookup.TextFileInitializer(
        path, tf.string, lookup.TextFileIndex.WHOLE_LINE, tf.int64,
        lookup.TextFileIndex.LINE_NUMBER, vocab_size=2, name="lines"), -1)
    return _initialized(tf, [by_column.lookup(tf.constant(["b", "q", "c"])),
                             by_line.lookup(tf.constant(["a 10 x", "b 20 y", "c 30 z"])),
                             by_line.size()])


@case
def text_file_export(tf, rng):
    path = _file(["emerson", "lake", "palmer"])
    lookup = _lookup(tf)
    table = lookup.HashTable(lookup.TextFileInitializer(
        path, tf.string, -2, tf.int64, -1, delimiter=" "), -1)
    keys, values = table.export()
    return _sorted_export(tf, keys, values)


@case(error="Invalid vocab_size in")
def text_file_vocab_size_too_big(tf, rng):
    table = _lookup(tf).index_table_from_file(_file(["a", "b"]), vocab_size=5)
    return _initialized(tf, table.lookup(tf.constant(["a"])))


@case(error="No such file or directory")
def text_file_missing(tf, rng):
    table = _lookup(tf).index_table_from_file(os.path.join(tempfile.mkdtemp(), "none.txt"))
    return _initialized(tf, table.lookup(tf.constant(["a"])))


def _two_columns(tf, lines):
    """A table from a file of `key value` lines."""
    lookup = _lookup(tf)
    table = lookup.HashTable(lookup.TextFileInitializer(_file(lines), tf.string, 0, tf.int64, 1,
                                                        delimiter=" "), -1)
    return _initialized(tf, table.lookup(tf.constant(["a"])))


@case(error="is not a valid int64.")
def text_file_bad_number(tf, rng):
    return _two_columns(tf, ["a 1", "b x"])


@case(error="Invalid number of columns in")
def text_file_too_few_columns(tf, rng):
    return _two_columns(tf, ["a 1", "b"])


@case(error="HashTable has different value for same key. Key b has 1 and trying to add value 2")
def text_file_duplicate_line(tf, rng):
    table = _lookup(tf).index_table_from_file(_file(["a", "b", "b"]))
    return _initialized(tf, table.lookup(tf.constant(["a"])))


@case(error="must be specified and must not be empty.")
def text_file_no_name(tf, rng):
    _lookup(tf).index_table_from_file("")


# ---- MutableHashTable

@case
def mutable_hash_table(tf, rng):
    table = _lookup(tf).MutableHashTable(tf.string, tf.int64, -1)
    insert = table.insert(tf.constant(["x", "y", "z"]), tf.constant([1, 2, 3], tf.int64))
    remove = table.remove(tf.constant(["y", "nope"]))
    found = table.lookup(tf.constant(["x", "q", "y", "z"]))
    keys, values = table.export()

    def run(sess):
        before = sess.run([found, table.size()])
        sess.run(insert)
        middle = sess.run([found, table.size()])
        sess.run(remove)
        k, v = sess.run([keys, values])
        order = np.argsort(k)
        return before, middle, sess.run([found, table.size()]), [k[order], v[order]]
    return {"fetch": [found, keys, values], "run": run,
            "facts": {"name": table.name, "size": table.size().name}}


@case
def mutable_hash_table_of_tensors(tf, rng):
    table = _lookup(tf).MutableHashTable(tf.int64, tf.float32, [0.0, -1.0], name="vectors")
    insert = table.insert(tf.constant([1, 2], tf.int64), normal(rng, 2, 2))
    with tf.control_dependencies([insert]):
        found = table.lookup(tf.constant([[2], [9]], tf.int64))
    return {"fetch": found}


@case(error="Expected shape [2] for value, got [1]")
def mutable_hash_table_bad_insert(tf, rng):
    table = _lookup(tf).MutableHashTable(tf.string, tf.int64, -1)
    return {"fetch": table.insert(tf.constant(["x", "y"]), tf.constant([1], tf.int64))}
