"""Lookup tables: per-session state (each session initializes its own; a shared name shares a
table within a session), lookups inside loops, text-file parsing and its errors, mutable
tables, the out-of-vocabulary buckets, and the construction errors of TF 1.15. Values and op
names against TF are in tests/golden/cases/strings.py."""
import re

import pytest

import minitf as tf
from minitf.framework import errors
from minitf.ops.fingerprint import fingerprint64
from tests.harness import run, session

lookup = tf.contrib.lookup


def _vocab_file(tmp_path, text, name="vocab.txt"):
    path = tmp_path / name
    path.write_bytes(text.encode())
    return str(path)


def _kv_table(keys=("a", "b"), values=(1, 2), default=-1):
    return lookup.HashTable(lookup.KeyValueTensorInitializer(list(keys), list(values)),
                            default)


def test_each_session_initializes_its_own_table(backend):
    table = _kv_table()
    ids = table.lookup(tf.constant(["b", "z", "a"]))
    init = tf.tables_initializer()
    with session(backend) as first, session(backend) as second:
        first.run(init)
        assert first.run(ids).tolist() == [2, -1, 1]
        assert second.run(table.size()) == 0
        with pytest.raises(errors.FailedPreconditionError, match="Table not initialized."):
            second.run(ids)
        second.run(table.init)
        assert second.run(ids).tolist() == [2, -1, 1]


def test_tables_from_the_same_file_share_one_table(tmp_path):
    path = _vocab_file(tmp_path, "x\ny\n")
    first = lookup.index_table_from_file(path)
    second = lookup.index_table_from_file(path)
    other = _kv_table()
    assert first.resource_handle.op.get_attr("shared_name") == f"hash_table_{path}_-2_-1"
    with tf.Session() as sess:
        sess.run(first.initializer)  # TF's shared_name makes both the same resource
        assert sess.run(second.lookup(tf.constant(["y", "x"]))).tolist() == [1, 0]
        with pytest.raises(errors.FailedPreconditionError, match="Table not initialized."):
            sess.run(other.lookup(tf.constant(["a"])))


def test_lookup_inside_a_while_loop(backend):
    table = lookup.index_table_from_tensor(["a", "b", "c"], num_oov_buckets=2)
    words = tf.constant(["c", "x", "a", "b"])

    def body(i, total):
        return i + 1, total + table.lookup(words[i:i + 1])[0]
    _, total = tf.while_loop(lambda i, _: i < 4, body, [0, tf.constant(0, tf.int64)])
    with session(backend) as sess:
        sess.run(tf.tables_initializer())
        assert sess.run(total) == 2 + (3 + fingerprint64(b"x") % 2) + 0 + 1


def test_table_created_inside_a_cond_is_initialized_outside():
    def branch():
        table = _kv_table(default=0)
        return table.lookup(tf.constant(["b"]))
    out = tf.cond(tf.constant(True), branch, lambda: tf.constant([5]))
    init_ops = tf.get_collection(tf.GraphKeys.TABLE_INITIALIZERS)
    # lifted out of the branch, under the branch's name scope (TF's init_scope keeps it)
    assert [(op.name, op._control_flow_context) for op in init_ops] == [
        ("cond/key_value_init/LookupTableImportV2", None)]
    with tf.Session() as sess:
        sess.run(tf.tables_initializer())
        assert sess.run(out).tolist() == [2]


def test_names_collections_and_namespaces():
    table = _kv_table()
    assert (table.name, table.init.name, table.initializer.name) == (
        "hash_table", "key_value_init/LookupTableImportV2", "key_value_init/LookupTableImportV2")
    assert table.resource_handle.op.get_attr("shared_name") == ""
    static = tf.lookup.StaticHashTable(tf.lookup.KeyValueTensorInitializer(["a"], [1]), -1)
    assert static.resource_handle.op.get_attr("shared_name").startswith("hash_table_")
    assert static.name == "hash_table_1"
    assert tf.tables_initializer().name == "init_all_tables"
    assert tf.initialize_all_tables().name == "init_all_tables_1"
    assert tf.lookup.KeyValueTensorInitializer is lookup.KeyValueTensorInitializer
    assert tf.lookup.TextFileIndex is lookup.TextFileIndex
    assert issubclass(lookup.HashTable, tf.lookup.StaticHashTable)
    assert lookup.TextFileIndex.WHOLE_LINE == -2 and lookup.TextFileIndex.LINE_NUMBER == -1


def test_text_file_parsing(tmp_path):
    path = _vocab_file(tmp_path, "a;1,0.5\r\nb,2;1e3\r\n")
    lines_path = _vocab_file(tmp_path, "a;1\r\n\nb\n", "lines.txt")
    by_int = lookup.HashTable(lookup.TextFileInitializer(path, tf.string, 0, tf.int32, 1,
                                                         delimiter=",;"), -1)
    by_float = lookup.HashTable(lookup.TextFileInitializer(path, tf.string, 0, tf.float64, 2,
                                                           delimiter=",;"), 0.0)
    lines = lookup.index_to_string_table_from_file(lines_path)
    got = run_initialized([by_int.lookup(tf.constant(["a", "b", ""])),
                           by_float.lookup(tf.constant(["b", "a"])),
                           lines.lookup(tf.constant([0, 1, 2, 3], tf.int64))])
    assert got[0].tolist() == [1, 2, -1] and got[1].tolist() == [1000.0, 0.5]
    assert got[2].tolist() == [b"a;1", b"", b"b", b"UNK"]


def run_initialized(fetches):
    with tf.Session() as sess:
        sess.run(tf.tables_initializer())
        return sess.run(fetches)


@pytest.mark.parametrize("text,dtype,message", [
    ("a x\n", tf.int64, "Field x in line 0 is not a valid int64."),
    ("a 1\nb y\n", tf.float32, "Field y in line 1 is not a valid float."),
    ("a 1\nb\n", tf.int64, r"Invalid number of columns in .* line 1 \(b\) : expected 1 got 1")])
def test_text_file_errors(tmp_path, text, dtype, message):
    path = _vocab_file(tmp_path, text)
    table = lookup.HashTable(lookup.TextFileInitializer(path, tf.string, 0, dtype, 1,
                                                        delimiter=" "), -1)
    with pytest.raises(errors.InvalidArgumentError, match=message):
        run(table.init)


@pytest.mark.parametrize("build,error,message", [
    (lambda: lookup.TextFileInitializer("", tf.string, 0, tf.int64, 1, name="t"), ValueError,
     "Filename required for t."),
    (lambda: lookup.TextFileInitializer("f", tf.string, -3, tf.int64, 1), ValueError,
     "Invalid key index -3."),
    (lambda: lookup.TextFileInitializer("f", tf.string, -1, tf.int64, 1), ValueError,
     "Signature mismatch. Keys must be dtype <dtype: 'int64'>, got <dtype: 'string'>."),
    (lambda: lookup.TextFileInitializer("f", tf.float32, -2, tf.int64, 1), ValueError,
     "Signature mismatch. Keys must be integer or string, got <dtype: 'float32'>."),
    (lambda: lookup.TextFileInitializer("f", tf.string, 0, tf.int64, -2), ValueError,
     "Signature mismatch. Values must be dtype <dtype: 'string'>, got <dtype: 'int64'>."),
    (lambda: lookup.TextFileInitializer("f", tf.string, 0, tf.int64, 1, vocab_size=0),
     ValueError, "Invalid vocab_size 0."),
    (lambda: lookup.index_table_from_file("f", num_oov_buckets=-1), ValueError,
     "num_oov_buckets must be greater or equal than 0, got -1."),
    (lambda: lookup.index_table_from_file("f", vocab_size=0), ValueError,
     "vocab_size must be greater than 0, got 0. vocabulary_file: f"),
    (lambda: lookup.index_table_from_file("f", key_dtype=tf.float32), TypeError,
     "Only integer and string keys are supported."),
    (lambda: lookup.index_to_string_table_from_file(None), ValueError,
     "vocabulary_file must be specified and must not be empty."),
    (lambda: lookup.index_table_from_tensor(None), ValueError, "mapping must be specified."),
    (lambda: lookup.index_table_from_tensor([1, 2]), ValueError,
     "Expected non-integer, got <dtype: 'int32'>."),
    (lambda: lookup.index_table_from_tensor(["a"], dtype=tf.int64), ValueError,
     "Expected integer, got <dtype: 'string'>."),
    (lambda: lookup.index_to_string_table_from_tensor(None), ValueError,
     "mapping must be specified."),
    (lambda: lookup.StrongHashSpec([1]), ValueError, "key must have size 2, got 1."),
    (lambda: lookup.StrongHashSpec([1, "2"]), TypeError,
     "Invalid key [1, '2']. Must be unsigned integer values."),
    (lambda: lookup.IdTableWithHashBuckets(None, 3, hasher_spec="fast"), TypeError,
     "hasher_spec must be of type HasherSpec, got fast"),
    (lambda: lookup.IdTableWithHashBuckets(_kv_table(), 3), TypeError,
     "Invalid value dtype, expected <dtype: 'int64'> but got <dtype: 'int32'>."),
    (lambda: lookup.IdTableWithHashBuckets(None, 3, key_dtype=tf.float32), TypeError,
     "Invalid key_dtype, expected integer or string, got <dtype: 'float32'>."),
    (lambda: tf.lookup.StaticVocabularyTable(None, 0), ValueError, "oov_buckets must be > 0."),
    (lambda: lookup.KeyValueTensorInitializer(["a"], [1]).initialize(
        lookup.MutableHashTable(tf.string, tf.int64, -1)), TypeError,
     "Invalid value dtype, expected <dtype: 'int64'> but got <dtype: 'int32'>."),
])
def test_construction_errors(build, error, message):
    with pytest.raises(error, match="^" + re.escape(message)):
        build()


def test_id_table_with_int_keys_and_strong_hash():
    table = lookup.index_table_from_tensor(tf.constant([10, 20], tf.int64), num_oov_buckets=3,
                                           dtype=tf.int64,
                                           hasher_spec=lookup.StrongHashSpec((3, 4)))
    ids = table.lookup(tf.constant([20, 5, 10], tf.int64))
    from minitf.ops.fingerprint import siphash24
    assert run_initialized(ids).tolist() == [1, 2 + siphash24((3, 4), b"5") % 3, 0]
    with pytest.raises(TypeError, match="Signature mismatch. Keys must be dtype <dtype: "
                                        "'int64'>, got <dtype: 'int32'>."):
        table.lookup(tf.constant([1]))


def test_static_vocabulary_table_without_initializer():
    table = tf.lookup.StaticVocabularyTable(None, 4)
    ids = table.lookup(tf.constant(["p", "q"]))
    assert (table.name, ids.op.name, table.initializer.type) == (
        "hash_bucket", "hash_bucket_Lookup/hash_bucket", "NoOp")
    assert run([ids, table.size()])[0].tolist() == [fingerprint64(b"p") % 4,
                                                      fingerprint64(b"q") % 4]


def test_mutable_hash_table(backend):
    table = lookup.MutableHashTable(tf.string, tf.float32, 0.5, name="scores")
    keys = tf.placeholder(tf.string, [None])
    values = tf.placeholder(tf.float32, [None])
    insert = table.insert(keys, values)
    found = table.lookup(["b", "x"])
    exported = table.export()
    assert (found.shape.as_list(), table.name) == ([2], "scores")
    with session(backend) as sess:
        assert sess.run(found).tolist() == [0.5, 0.5]  # mutable tables need no initializer
        sess.run(insert, {keys: ["a", "b"], values: [1.0, 2.0]})
        sess.run(insert, {keys: ["b"], values: [3.0]})
        assert sess.run(found).tolist() == [3.0, 0.5]
        assert sess.run(table.size()) == 2
        k, v = sess.run(exported)
        assert dict(zip(k.tolist(), v.tolist())) == {b"a": 1.0, b"b": 3.0}
        sess.run(table.remove(tf.constant(["a", "zz"])))
        assert sess.run(table.size()) == 1
    with pytest.raises(TypeError, match="Signature mismatch. Keys must be dtype"):
        table.remove(tf.constant([1]))


def test_mutable_hash_table_of_vectors():
    table = lookup.MutableHashTable(tf.int64, tf.int32, [0, 0, 0])
    assert table.resource_handle.op.type == "MutableHashTableOfTensorsV2"
    insert = table.insert(tf.constant([4], tf.int64), tf.constant([[1, 2, 3]]))
    with tf.control_dependencies([insert]):
        found = table.lookup(tf.constant([[4, 5]], tf.int64))
    assert found.shape.as_list() == [1, 2, 3]
    assert run(found).tolist() == [[[1, 2, 3], [0, 0, 0]]]
    bad = table.insert(tf.constant([4], tf.int64), tf.constant([[1, 2]]))
    with pytest.raises(errors.InvalidArgumentError,
                       match=r"Expected shape \[1,3\] for value, got \[1,2\]"):
        run(bad)


def test_deprecated_contrib_helpers():
    ids = lookup.string_to_index(tf.constant(["b", "q"]), mapping=["a", "b"])
    words = lookup.index_to_string(tf.constant([1, 7], tf.int64), mapping=["a", "b"],
                                   default_value="?")
    table = lookup.string_to_index_table_from_tensor(["x"], num_oov_buckets=1)
    got = run_initialized([ids, words, table.lookup(tf.constant(["x", "y"]))])
    assert [g.tolist() for g in got] == [[1, -1], [b"b", b"?"], [0, 1]]
    with pytest.raises(ValueError, match="string_to_index_table_from_tensor requires string."):
        lookup.string_to_index_table_from_tensor([1])
