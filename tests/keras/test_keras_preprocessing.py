"""`tf.keras.preprocessing`: pad_sequences, text_to_word_sequence and Tokenizer give Keras's
results. The expected values were made by running the same calls with TF 2.21's tf_keras
(`TF_USE_LEGACY_KERAS=1`, `from tf_keras.preprocessing.sequence import pad_sequences`, ...),
whose preprocessing code is Keras 2.x's, as TF 1.15's was."""
import numpy as np
import pytest

import minitf as tf

pad_sequences = tf.keras.preprocessing.sequence.pad_sequences
text = tf.keras.preprocessing.text

SEQS = [[1, 2, 3], [4, 5], [], [6, 7, 8, 9, 10]]


@pytest.mark.parametrize("kwargs,expected,dtype", [
    ({}, [[0, 0, 1, 2, 3], [0, 0, 0, 4, 5], [0, 0, 0, 0, 0], [6, 7, 8, 9, 10]], "int32"),
    ({"maxlen": 3}, [[1, 2, 3], [0, 4, 5], [0, 0, 0], [8, 9, 10]], "int32"),
    ({"maxlen": 3, "truncating": "post"}, [[1, 2, 3], [0, 4, 5], [0, 0, 0], [6, 7, 8]],
     "int32"),
    ({"padding": "post"}, [[1, 2, 3, 0, 0], [4, 5, 0, 0, 0], [0, 0, 0, 0, 0],
                           [6, 7, 8, 9, 10]], "int32"),
    ({"maxlen": 6, "padding": "post", "truncating": "post", "value": -1},
     [[1, 2, 3, -1, -1, -1], [4, 5, -1, -1, -1, -1], [-1, -1, -1, -1, -1, -1],
      [6, 7, 8, 9, 10, -1]], "int32"),
    ({"maxlen": 2, "dtype": "float32", "value": 0.5},
     [[2.0, 3.0], [4.0, 5.0], [0.5, 0.5], [9.0, 10.0]], "float32")])
def test_pad_sequences(kwargs, expected, dtype):
    out = pad_sequences(SEQS, **kwargs)
    assert (out.tolist(), str(out.dtype)) == (expected, dtype)


def test_pad_sequences_of_vectors_and_strings():
    assert pad_sequences([[[1, 2], [3, 4]], [[5, 6]]], maxlen=3).tolist() == [
        [[0, 0], [1, 2], [3, 4]], [[0, 0], [0, 0], [5, 6]]]
    assert pad_sequences([["a", "b"], ["c"]], dtype=object, value="<pad>").tolist() == [
        ["a", "b"], ["<pad>", "c"]]


@pytest.mark.parametrize("call,message", [
    (lambda: pad_sequences(5), "`sequences` must be iterable."),
    (lambda: pad_sequences([[1], 5]),
     "`sequences` must be a list of iterables. Found non-iterable: 5"),
    (lambda: pad_sequences([[1]], padding="mid"), 'Padding type "mid" not understood'),
    (lambda: pad_sequences([[1, 2]], maxlen=1, truncating="x"),
     'Truncating type "x" not understood'),
    (lambda: pad_sequences([[1]], value="x"),
     "`dtype` int32 is not compatible with `value`'s type: <class 'str'>\nYou should set "
     "`dtype=object` for variable length strings."),
    (lambda: pad_sequences([[[1, 2]], [[1, 2, 3]]]),
     "Shape of sample (3,) of sequence at position 1 is different from expected shape (2,)")])
def test_pad_sequences_errors(call, message):
    with pytest.raises(ValueError) as info:
        call()
    assert str(info.value) == message


def test_text_to_word_sequence():
    assert text.text_to_word_sequence("Hello, World! It's   a\ttest.") == [
        "hello", "world", "it's", "a", "test"]
    assert text.text_to_word_sequence("A-B c", filters="-", lower=False) == ["A", "B", "c"]
    assert text.text_to_word_sequence("a,b,,c", split=",") == ["a", "b", "c"]


TEXTS = ["The cat sat on the mat.", "The dog ate my homework!", "Cat and dog, friends?"]
PROBE = ["the cat and a bird", "Dog dog DOG"]
WORDS = ["the", "cat", "dog", "sat", "on", "mat", "ate", "my", "homework", "and", "friends"]


@pytest.mark.parametrize("kwargs,index,seqs,texts", [
    ({}, dict(zip(WORDS, range(1, 12))), [[1, 2, 10], [3, 3, 3]],
     ["the cat and", "dog dog dog", "the cat"]),
    ({"num_words": 4}, dict(zip(WORDS, range(1, 12))), [[1, 2], [3, 3, 3]],
     ["the cat", "dog dog dog", "the cat"]),
    ({"oov_token": "<OOV>"}, dict(zip(["<OOV>"] + WORDS, range(1, 13))),
     [[2, 3, 11, 1, 1], [4, 4, 4]],
     ["the cat and <OOV> <OOV>", "dog dog dog", "<OOV> the <OOV>"]),
    ({"num_words": 4, "oov_token": "<OOV>"}, dict(zip(["<OOV>"] + WORDS, range(1, 13))),
     [[2, 3, 1, 1, 1], [1, 1, 1]],
     ["the cat <OOV> <OOV> <OOV>", "<OOV> <OOV> <OOV>", "<OOV> the <OOV>"]),
    ({"char_level": True, "num_words": 6},
     dict(zip(" teaohdnmcsgr.ywk!,fi?", range(1, 23))),
     [[2, 3, 1, 4, 2, 1, 4, 1, 4, 1], [5, 1, 5, 1, 5]],
     ["t e   a t   a   a  ", "o   o   o", "  t"])])
def test_tokenizer(kwargs, index, seqs, texts):
    tokenizer = text.Tokenizer(**kwargs)
    tokenizer.fit_on_texts(TEXTS)
    assert tokenizer.word_index == index
    assert tokenizer.index_word == {i: w for w, i in index.items()}
    got = tokenizer.texts_to_sequences(PROBE)
    assert got == seqs
    assert tokenizer.sequences_to_texts(got + [[1, 2, 99]]) == texts
    assert tokenizer.document_count == 3


def test_tokenizer_counts_and_matrices():
    tokenizer = text.Tokenizer(num_words=6)
    tokenizer.fit_on_texts(TEXTS)
    assert list(tokenizer.word_counts.items())[:4] == [("the", 3), ("cat", 2), ("sat", 1),
                                                       ("on", 1)]
    assert dict(tokenizer.word_docs) == {"the": 2, "cat": 2, "sat": 1, "on": 1, "mat": 1,
                                         "dog": 2, "ate": 1, "my": 1, "homework": 1, "and": 1,
                                         "friends": 1}
    assert tokenizer.index_docs[1] == 2 and tokenizer.index_docs[3] == 2
    expected = {"binary": [[0, 1, 1, 0, 0, 0], [0, 0, 0, 1, 0, 0]],
                "count": [[0, 1, 1, 0, 0, 0], [0, 0, 0, 3, 0, 0]],
                "freq": [[0, 0.5, 0.5, 0, 0, 0], [0, 0, 0, 1, 0, 0]],
                "tfidf": [[0, 0.693147, 0.693147, 0, 0, 0], [0, 0, 0, 1.454647, 0, 0]]}
    for mode, rows in expected.items():
        np.testing.assert_allclose(tokenizer.texts_to_matrix(PROBE, mode=mode), rows,
                                   atol=1e-6)
    with pytest.raises(ValueError, match="Unknown vectorization mode:"):
        tokenizer.texts_to_matrix(PROBE, mode="bits")
    with pytest.raises(ValueError, match=r"Specify a dimension \(`num_words` argument\)"):
        text.Tokenizer().sequences_to_matrix([[1]])
    with pytest.raises(ValueError, match="Fit the Tokenizer on some data before using tfidf"):
        text.Tokenizer(num_words=3).sequences_to_matrix([[1]], mode="tfidf")
    with pytest.raises(TypeError, match="Unrecognized keyword arguments: {'foo': 1}"):
        text.Tokenizer(foo=1)


def test_tokenizer_token_lists_sequences_and_json():
    tokenizer = text.Tokenizer()
    tokenizer.fit_on_texts([["Alpha", "beta"], ["beta", "gamma"]])
    assert tokenizer.word_index == {"beta": 1, "alpha": 2, "gamma": 3}
    assert tokenizer.texts_to_sequences([["beta", "alpha", "zeta"]]) == [[1, 2]]
    tokenizer.fit_on_sequences([[1, 2, 2], [2, 3]])
    assert tokenizer.document_count == 4 and tokenizer.index_docs[2] == 3
    copy = text.tokenizer_from_json(tokenizer.to_json())
    assert (copy.word_index, copy.index_word, copy.document_count) == (
        tokenizer.word_index, tokenizer.index_word, 4)
    assert copy.texts_to_sequences(["gamma beta"]) == [[3, 1]]
