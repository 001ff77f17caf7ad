"""`tf.contrib.learn`: the vocabulary, categorical and byte processors (ids as TF1 assigns
them), the CSV loaders, and TF1 pickles of a VocabularyProcessor read back under the runner."""
import pickle

import numpy as np
import pytest

import minitf as tf
from minitf import runner

learn = tf.contrib.learn
DOCS = ["a b c", "a\nb\nc", "a, b - c"]


def test_tokenizer_splits_words_camel_case_and_caps():
    words = list(learn.preprocessing.tokenizer(
        DOCS + ["фыв выф", "你好 怎么样", "don't stop-words", "HTTPServer CamelCase"]))
    assert words == [["a", "b", "c"], ["a", "b", "c"], ["a", "b", "-", "c"], ["фыв", "выф"],
                     ["你好", "怎么样"], ["don't", "stop-words"],
                     ["HTTP", "Server", "Camel", "Case"]]


def test_vocabulary_processor_ids_padding_and_cut():
    vp = learn.preprocessing.VocabularyProcessor(max_document_length=4)
    ids = list(vp.fit_transform(DOCS + ["c b a c b a"]))
    assert all(row.dtype == np.int64 for row in ids)
    np.testing.assert_array_equal(ids, [[1, 2, 3, 0], [1, 2, 3, 0], [1, 2, 4, 3],
                                        [3, 2, 1, 3]])
    assert len(vp.vocabulary_) == 5
    # frozen after fit: unseen words are the unknown id 0
    np.testing.assert_array_equal(list(vp.transform(["a zebra c"])), [[1, 0, 3, 0]])
    assert list(vp.reverse([[1, 2, 4, 0]])) == ["a b - <UNK>"]


def test_vocabulary_processor_min_frequency_renumbers_by_count():
    vp = learn.preprocessing.VocabularyProcessor(max_document_length=4, min_frequency=1)
    np.testing.assert_array_equal(list(vp.fit_transform(DOCS)),
                                  [[1, 2, 3, 0], [1, 2, 3, 0], [1, 2, 0, 3]])
    vp = learn.preprocessing.VocabularyProcessor(max_document_length=3, min_frequency=1)
    ids = list(vp.fit_transform(["z y", "y x", "x y", "w"]))
    # counts y 3, x 2, z 1, w 1: ids by falling count, words seen once dropped
    np.testing.assert_array_equal(ids, [[0, 1, 0], [1, 2, 0], [2, 1, 0], [0, 0, 0]])


def test_vocabulary_processor_given_vocabulary_and_tokenizer():
    vocab = learn.preprocessing.CategoricalVocabulary()
    vocab.get("A")
    vocab.get("B")
    vocab.freeze()
    vp = learn.preprocessing.VocabularyProcessor(4, vocabulary=vocab, tokenizer_fn=list)
    np.testing.assert_array_equal(list(vp.fit_transform(["ABC", "CBABAF"])),
                                  [[1, 2, 0, 0], [0, 2, 1, 2]])


def test_vocabulary_processor_save_restore(tmp_path):
    vp = learn.preprocessing.VocabularyProcessor(4, min_frequency=1)
    list(vp.fit_transform(DOCS))
    path = str(tmp_path / "vocab")
    vp.save(path)
    back = learn.preprocessing.VocabularyProcessor.restore(path)
    np.testing.assert_array_equal(list(back.transform(["a b c"])), [[1, 2, 3, 0]])


def test_tf1_pickle_restores_under_the_runner(tmp_path):
    vp = learn.preprocessing.VocabularyProcessor(3)
    list(vp.fit_transform(["x y", "y z"]))
    # A TF1 pickle names TF's modules: protocol 0 writes module paths as plain lines.
    data = pickle.dumps(vp, protocol=0)
    assert b"minitf.contrib.learn.preprocessing\n" in data
    tf1 = data.replace(b"minitf.contrib.learn.preprocessing\nVocabularyProcessor",
                       b"tensorflow.contrib.learn.python.learn.preprocessing.text\n"
                       b"VocabularyProcessor")
    tf1 = tf1.replace(b"minitf.contrib.learn.preprocessing\nCategoricalVocabulary",
                      b"tensorflow.contrib.learn.python.learn.preprocessing."
                      b"categorical_vocabulary\nCategoricalVocabulary")
    tf1 = tf1.replace(b"minitf.contrib.learn.preprocessing\ntokenizer",
                      b"tensorflow.contrib.learn.python.learn.preprocessing.text\ntokenizer")
    assert b"minitf" not in tf1
    runner.install()
    try:
        back = pickle.loads(tf1)
    finally:
        runner.uninstall()
    np.testing.assert_array_equal(list(back.transform(["z x"])), [[3, 1, 0]])


def test_categorical_vocabulary_trim_and_reverse():
    vocab = learn.preprocessing.CategoricalVocabulary()
    for word, count in [("b", 3), ("a", 3), ("c", 1), ("stop", 9)]:
        vocab.add(word, count)
    vocab.add("<UNK>")  # never counted
    vocab.trim(min_frequency=0, max_frequency=5)
    vocab.freeze()
    assert [vocab.get(w) for w in ["a", "b", "c", "stop"]] == [1, 2, 3, 0]
    assert [vocab.reverse(i) for i in range(4)] == ["<UNK>", "a", "b", "c"]
    plain = learn.preprocessing.CategoricalVocabulary(support_reverse=False)
    with pytest.raises(ValueError, match="support_reverse"):
        plain.reverse(0)


def test_categorical_processor_columns_shared_and_nan():
    rows = [["red", "s"], ["blue", float("nan")], ["red", "m"]]
    ids = list(learn.preprocessing.CategoricalProcessor().fit_transform(rows))
    np.testing.assert_array_equal(ids, [[1, 1], [2, 0], [1, 2]])
    shared = learn.preprocessing.CategoricalProcessor(share=True)
    np.testing.assert_array_equal(list(shared.fit_transform([["a", "b"], ["b", "c"]])),
                                  [[1, 2], [2, 3]])
    frozen = list(learn.preprocessing.CategoricalProcessor().fit(rows).transform([["green", "m"]]))
    np.testing.assert_array_equal(frozen, [[0, 2]])


def test_byte_processor_round_trip():
    bp = learn.preprocessing.ByteProcessor(max_document_length=8)
    rows = list(bp.fit_transform(["abc", "фыва", b"abc", "12345678901234567890"]))
    np.testing.assert_array_equal(rows, [[97, 98, 99, 0, 0, 0, 0, 0],
                                         [209, 132, 209, 139, 208, 178, 208, 176],
                                         [97, 98, 99, 0, 0, 0, 0, 0],
                                         [49, 50, 51, 52, 53, 54, 55, 56]])
    assert list(bp.reverse(rows)) == ["abc", "фыва", "abc", "12345678"]
    assert list(bp.reverse([[209, 0]])) == [""]


def test_csv_loaders_and_split(tmp_path):
    with_header = tmp_path / "iris.csv"
    with_header.write_text("3,2,setosa,versicolor\n5.1,3.5,0\n4.9,3.0,1\n6.2,2.9,2\n")
    ds = learn.datasets.base.load_csv_with_header(str(with_header), np.int64, np.float32)
    assert ds.data.dtype == np.float32 and ds.data.shape == (3, 2)
    np.testing.assert_array_equal(ds.target, [0, 1, 2])
    plain = tmp_path / "rows.csv"
    plain.write_text("1,0.5,0.25\n0,1.5,2.5\n")
    ds = learn.datasets.load_csv_without_header(str(plain), np.float64, np.float64,
                                                target_column=0)
    np.testing.assert_array_equal(ds.data, [[0.5, 0.25], [1.5, 2.5]])
    np.testing.assert_array_equal(ds.target, [1, 0])
    train, test = learn.datasets.base.split_into_train_and_test(ds, test_ratio=0.5)
    assert train.data.shape == test.data.shape == (1, 2)
    with pytest.raises(ValueError, match="test_ratio value is out of bounds: 1.5"):
        learn.datasets.base.split_into_train_and_test(ds, test_ratio=1.5)
    learn.datasets.base.shrink_csv(str(plain), 2)
    assert (tmp_path / "rows_small.csv").read_text().splitlines() == ["1,0.5,0.25"]


def test_maybe_download_never_downloads(tmp_path):
    (tmp_path / "have.txt").write_text("x")
    base = learn.datasets.base
    assert base.maybe_download("have.txt", str(tmp_path), "http://x") == str(tmp_path / "have.txt")
    with pytest.raises(FileNotFoundError, match="never downloads: fetch http://x/y.txt"):
        base.maybe_download("y.txt", str(tmp_path), "http://x/y.txt")


def test_import_paths_under_the_runner():
    runner.install()
    try:
        from tensorflow.contrib import learn as tf_learn
        from tensorflow.contrib.learn.datasets import mnist
        assert tf_learn.preprocessing.VocabularyProcessor is \
            learn.preprocessing.VocabularyProcessor
        assert mnist.read_data_sets is tf.examples.tutorials.mnist.input_data.read_data_sets
    finally:
        runner.uninstall()
