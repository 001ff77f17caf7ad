"""`tf.keras.preprocessing.text`: `Tokenizer`, `text_to_word_sequence` and
`tokenizer_from_json`, with Keras 2.x's vocabularies, indices and matrices."""
from __future__ import annotations

import collections
import json
from typing import Any, Callable, Iterable, Iterator

import numpy as np

__all__ = ["Tokenizer", "text_to_word_sequence", "tokenizer_from_json"]

FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n'


def text_to_word_sequence(input_text: str, filters: str = FILTERS, lower: bool = True,
                          split: str = " ") -> list:
    """The words of `input_text`: every character of `filters` becomes `split`, then the text
    is cut at `split`, dropping empty words."""
    if lower:
        input_text = input_text.lower()
    input_text = input_text.translate(str.maketrans(dict.fromkeys(filters, split)))
    return [w for w in input_text.split(split) if w]


class Tokenizer:
    """Keras's text tokenizer: `fit_on_texts` counts words and numbers them from 1 by
    decreasing count (ties in order of first appearance; `oov_token`, when given, is 1);
    `texts_to_sequences` maps texts to those numbers, keeping only numbers below
    `num_words` (others become `oov_token`'s number, or are dropped)."""

    def __init__(self, num_words: int | None = None, filters: str = FILTERS,
                 lower: bool = True, split: str = " ", char_level: bool = False,
                 oov_token: str | None = None, analyzer: Callable | None = None,
                 **kwargs: Any):
        if "nb_words" in kwargs:
            num_words = kwargs.pop("nb_words")
        document_count = kwargs.pop("document_count", 0)
        if kwargs:
            raise TypeError("Unrecognized keyword arguments: " + str(kwargs))
        self.word_counts: collections.OrderedDict = collections.OrderedDict()
        self.word_docs: collections.defaultdict = collections.defaultdict(int)
        self.filters = filters
        self.split = split
        self.lower = lower
        self.num_words = num_words
        self.document_count = document_count
        self.char_level = char_level
        self.oov_token = oov_token
        self.index_docs: collections.defaultdict = collections.defaultdict(int)
        self.word_index: dict = {}
        self.index_word: dict = {}
        self.analyzer = analyzer

    def _tokens(self, text: Any) -> Any:
        """A text's tokens: a list is taken as tokens already, a string is split in words
        (or characters, with `char_level`)."""
        if self.char_level or isinstance(text, list):
            if self.lower:
                text = [t.lower() for t in text] if isinstance(text, list) else text.lower()
            return text
        if self.analyzer is not None:
            return self.analyzer(text)
        return text_to_word_sequence(text, filters=self.filters, lower=self.lower,
                                     split=self.split)

    def fit_on_texts(self, texts: Iterable) -> None:
        """Counts the words of `texts` (strings, or lists of tokens) and renumbers them."""
        for text in texts:
            self.document_count += 1
            tokens = self._tokens(text)
            for w in tokens:
                self.word_counts[w] = self.word_counts.get(w, 0) + 1
            for w in set(tokens):
                self.word_docs[w] += 1
        by_count = sorted(self.word_counts.items(), key=lambda item: item[1], reverse=True)
        vocabulary = ([] if self.oov_token is None else [self.oov_token]) + \
            [w for w, _ in by_count]
        self.word_index = {w: i for i, w in enumerate(vocabulary, 1)}
        self.index_word = {i: w for w, i in self.word_index.items()}
        for w, c in self.word_docs.items():
            self.index_docs[self.word_index[w]] = c

    def fit_on_sequences(self, sequences: list) -> None:
        """Counts, per word number, the sequences holding it (for `sequences_to_matrix`)."""
        self.document_count += len(sequences)
        for seq in sequences:
            for i in set(seq):
                self.index_docs[i] += 1

    def texts_to_sequences(self, texts: Iterable) -> list:
        """Each text as the list of its words' numbers."""
        return list(self.texts_to_sequences_generator(texts))

    def _keep(self, out: list, number: Any, value: Any, oov: Any, oov_value: Callable) -> None:
        """Keras's rule for one token: `value` when its word `number` is known and below
        `num_words`, else `oov_token`'s entry when it has one."""
        if value is None:
            if self.oov_token is not None:
                out.append(oov_value())
        elif not (self.num_words and number >= self.num_words):
            out.append(value)
        elif oov is not None:
            out.append(oov_value())

    def texts_to_sequences_generator(self, texts: Iterable) -> Iterator[list]:
        """`texts_to_sequences`, one text at a time."""
        oov = self.word_index.get(self.oov_token)
        for text in texts:
            ids: list = []
            for w in self._tokens(text):
                i = self.word_index.get(w)
                self._keep(ids, i, i, oov, lambda: oov)
            yield ids

    def sequences_to_texts(self, sequences: Iterable) -> list:
        """Each sequence of word numbers as a text, words joined by spaces."""
        return list(self.sequences_to_texts_generator(sequences))

    def sequences_to_texts_generator(self, sequences: Iterable) -> Iterator[str]:
        """`sequences_to_texts`, one sequence at a time."""
        oov = self.word_index.get(self.oov_token)
        for seq in sequences:
            words: list = []
            for i in seq:
                self._keep(words, i, self.index_word.get(i), oov, lambda: self.index_word[oov])
            yield " ".join(words)

    def texts_to_matrix(self, texts: Iterable, mode: str = "binary") -> np.ndarray:
        """One row per text over the word numbers: `binary`, `count`, `freq` or `tfidf`."""
        return self.sequences_to_matrix(self.texts_to_sequences(texts), mode=mode)

    def sequences_to_matrix(self, sequences: list, mode: str = "binary") -> np.ndarray:
        """One row per sequence over the word numbers: `binary`, `count`, `freq` or `tfidf`."""
        if self.num_words:
            num_words = self.num_words
        elif self.word_index:
            num_words = len(self.word_index) + 1
        else:
            raise ValueError("Specify a dimension (`num_words` argument), or fit on some text "
                             "data first.")
        if mode == "tfidf" and not self.document_count:
            raise ValueError("Fit the Tokenizer on some data before using tfidf mode.")
        x = np.zeros((len(sequences), num_words))
        for row, seq in enumerate(sequences):
            if not seq:
                continue
            counts = collections.Counter(j for j in seq if j < num_words)
            for j, c in counts.items():
                if mode == "count":
                    x[row][j] = c
                elif mode == "freq":
                    x[row][j] = c / len(seq)
                elif mode == "binary":
                    x[row][j] = 1
                elif mode == "tfidf":
                    idf = np.log(1 + self.document_count / (1 + self.index_docs.get(j, 0)))
                    x[row][j] = (1 + np.log(c)) * idf
                else:
                    raise ValueError("Unknown vectorization mode:", mode)
        return x

    def get_config(self) -> dict:
        """The settings and the counts (as JSON strings), as Keras stores them."""
        return {"num_words": self.num_words, "filters": self.filters, "lower": self.lower,
                "split": self.split, "char_level": self.char_level,
                "oov_token": self.oov_token, "document_count": self.document_count,
                "word_counts": json.dumps(self.word_counts),
                "word_docs": json.dumps(self.word_docs),
                "index_docs": json.dumps(self.index_docs),
                "index_word": json.dumps(self.index_word),
                "word_index": json.dumps(self.word_index)}

    def to_json(self, **kwargs: Any) -> str:
        """The configuration as a JSON string (read back by `tokenizer_from_json`)."""
        return json.dumps({"class_name": type(self).__name__, "config": self.get_config()},
                          **kwargs)


def tokenizer_from_json(json_string: str) -> Tokenizer:
    """The Tokenizer that `Tokenizer.to_json` wrote."""
    config = json.loads(json_string).get("config")
    state = {k: json.loads(config.pop(k)) for k in
             ("word_counts", "word_docs", "index_docs", "index_word", "word_index")}
    tokenizer = Tokenizer(**config)
    tokenizer.word_counts = state["word_counts"]
    tokenizer.word_docs = state["word_docs"]
    tokenizer.index_docs = {int(k): v for k, v in state["index_docs"].items()}
    tokenizer.index_word = {int(k): v for k, v in state["index_word"].items()}
    tokenizer.word_index = state["word_index"]
    return tokenizer
