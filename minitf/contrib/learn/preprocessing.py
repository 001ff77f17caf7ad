"""`tf.contrib.learn.preprocessing` (mirrors contrib/learn/python/learn/preprocessing of TF 1.15):
turning documents and categorical columns into int64 id arrays before they reach a graph.

Ids are assigned in order of first appearance, with 0 kept for the unknown token; `trim`
renumbers by falling frequency (ties in sorted order) and keeps only counts above the minimum,
as TF1's vocabulary does, so ids saved by a TF1 pipeline mean the same words here.
"""
from __future__ import annotations

import collections
import math
import pickle
import re
from typing import Any, Callable, Iterable, Iterator

import numpy as np

from ... import gfile

__all__ = ["CategoricalVocabulary", "CategoricalProcessor", "ByteProcessor",
           "VocabularyProcessor", "tokenizer", "TOKENIZER_RE"]

# Upper-case runs, CamelCase heads, then runs of word characters, apostrophes and hyphens.
TOKENIZER_RE = re.compile(r"[A-Z]{2,}(?![a-z])|[A-Z][a-z]+(?=[A-Z])|[\'\w\-]+", re.UNICODE)


def tokenizer(iterator: Iterable[str]) -> Iterator[list[str]]:
    """The tokens of each document, split by `TOKENIZER_RE`."""
    for value in iterator:
        yield TOKENIZER_RE.findall(value)


class CategoricalVocabulary:
    """A growing map from categories to ids (0 is `unknown_token`) with their counts; once
    frozen, unseen categories map to 0."""

    def __init__(self, unknown_token: Any = "<UNK>", support_reverse: bool = True) -> None:
        self._unknown_token = unknown_token
        self._mapping = {unknown_token: 0}
        self._support_reverse = support_reverse
        if support_reverse:
            self._reverse_mapping = [unknown_token]
        self._freq: Any = collections.defaultdict(int)
        self._freeze = False

    def __len__(self) -> int:
        return len(self._mapping)

    def freeze(self, freeze: bool = True) -> None:
        self._freeze = freeze

    def get(self, category: Any) -> int:
        """The id of `category`, given a new id first unless the vocabulary is frozen."""
        if category not in self._mapping:
            if self._freeze:
                return 0
            self._mapping[category] = len(self._mapping)
            if self._support_reverse:
                self._reverse_mapping.append(category)
        return self._mapping[category]

    def add(self, category: Any, count: int = 1) -> None:
        """Counts `count` more sightings of `category` (never of the unknown token)."""
        if self.get(category) > 0:
            self._freq[category] += count

    def trim(self, min_frequency: int, max_frequency: int = -1) -> None:
        """Renumbers ids 1..n by falling count, keeping the categories seen more than
        `min_frequency` times and, when `max_frequency > 0`, fewer than `max_frequency`."""
        by_name = sorted(self._freq.items(), key=lambda kv: (isinstance(kv[0], str), kv[0]))
        ranked = sorted(by_name, key=lambda kv: kv[1], reverse=True)
        self._mapping = {self._unknown_token: 0}
        if self._support_reverse:
            self._reverse_mapping = [self._unknown_token]
        kept = 0
        for category, count in ranked:
            if max_frequency > 0 and count >= max_frequency:
                continue
            if count <= min_frequency:
                break
            kept += 1
            self._mapping[category] = kept
            if self._support_reverse:
                self._reverse_mapping.append(category)
        # TF1 keeps the counts of the first `kept` ranked entries, skipped ones included.
        self._freq = dict(ranked[:kept])

    def reverse(self, class_id: int) -> Any:
        """The category behind `class_id`."""
        if not self._support_reverse:
            raise ValueError("This vocabulary wasn't initalized with support_reverse to "
                             "support reverse() function.")
        return self._reverse_mapping[class_id]


def _is_nan(value: Any) -> bool:
    return isinstance(value, float) and math.isnan(value)


def _rows(x: Any) -> Iterable[Any]:
    """Rows of a matrix, a DataFrame or an iterable of rows."""
    values = getattr(x, "values", None)
    return values if isinstance(values, np.ndarray) else x


class CategoricalProcessor:
    """Maps each column of categorical rows to ids, one vocabulary per column (or one shared
    when `share`); NaN is the unknown category."""

    def __init__(self, min_frequency: int = 0, share: bool = False,
                 vocabularies: list[CategoricalVocabulary] | None = None) -> None:
        self.min_frequency = min_frequency
        self.share = share
        self.vocabularies_ = vocabularies

    def freeze(self, freeze: bool = True) -> None:
        for vocab in self.vocabularies_ or ():
            vocab.freeze(freeze)

    def fit(self, x: Any, unused_y: Any = None) -> "CategoricalProcessor":
        for row in _rows(x):
            if self.vocabularies_ is None:
                shared = CategoricalVocabulary()
                self.vocabularies_ = [shared if self.share else CategoricalVocabulary()
                                      for _ in row]
            for idx, value in enumerate(row):
                if not _is_nan(value):
                    self.vocabularies_[idx].add(value)
        if self.min_frequency > 0:
            for vocab in self.vocabularies_ or ():
                vocab.trim(self.min_frequency)
        self.freeze()
        return self

    def fit_transform(self, x: Any, unused_y: Any = None) -> Iterator[np.ndarray]:
        self.fit(x)
        return self.transform(x)

    def transform(self, x: Any) -> Iterator[np.ndarray]:
        """Yields one int64 id row per input row."""
        self.freeze()
        for row in _rows(x):
            yield np.array([0 if _is_nan(value) else self.vocabularies_[idx].get(value)
                            for idx, value in enumerate(row)], dtype=np.int64)


class ByteProcessor:
    """Documents as their UTF-8 bytes, cut or zero-padded to `max_document_length`."""

    def __init__(self, max_document_length: int) -> None:
        self.max_document_length = max_document_length

    def fit(self, x: Any) -> None:
        """Nothing to learn."""

    def fit_transform(self, x: Iterable[Any]) -> Iterator[np.ndarray]:
        return self.transform(x)

    def reverse(self, x: Iterable[Any]) -> Iterator[str]:
        """The text of each byte-id row, trailing zeros dropped ('' when not UTF-8)."""
        for data in x:
            document = np.trim_zeros(np.asarray(data).astype(np.int8), trim="b").tobytes()
            try:
                yield document.decode("utf-8")
            except UnicodeDecodeError:
                yield ""

    def transform(self, x: Iterable[Any]) -> Iterator[np.ndarray]:
        """Yields one uint8 row of length `max_document_length` per document."""
        for document in x:
            if isinstance(document, str):
                document = document.encode("utf-8")
            head = np.frombuffer(memoryview(document)[:self.max_document_length], dtype=np.uint8)
            yield np.pad(head, (0, self.max_document_length - len(head)), "constant")


class VocabularyProcessor:
    """Maps documents to rows of `max_document_length` word ids (0-padded, cut when longer),
    learning the vocabulary in `fit`."""

    def __init__(self, max_document_length: int, min_frequency: int = 0,
                 vocabulary: CategoricalVocabulary | None = None,
                 tokenizer_fn: Callable[[Iterable[str]], Iterable[list[str]]] | None = None
                 ) -> None:
        self.max_document_length = max_document_length
        self.min_frequency = min_frequency
        self.vocabulary_ = vocabulary if vocabulary else CategoricalVocabulary()
        self._tokenizer = tokenizer_fn if tokenizer_fn else tokenizer

    def fit(self, raw_documents: Iterable[str], unused_y: Any = None) -> "VocabularyProcessor":
        """Adds every token of `raw_documents`, trims to `min_frequency`, then freezes."""
        for tokens in self._tokenizer(raw_documents):
            for token in tokens:
                self.vocabulary_.add(token)
        if self.min_frequency > 0:
            self.vocabulary_.trim(self.min_frequency)
        self.vocabulary_.freeze()
        return self

    def fit_transform(self, raw_documents: Iterable[str], unused_y: Any = None
                      ) -> Iterator[np.ndarray]:
        self.fit(raw_documents)
        return self.transform(raw_documents)

    def transform(self, raw_documents: Iterable[str]) -> Iterator[np.ndarray]:
        """Yields one int64 row of word ids per document."""
        for tokens in self._tokenizer(raw_documents):
            word_ids = np.zeros(self.max_document_length, np.int64)
            for idx, token in zip(range(self.max_document_length), tokens):
                word_ids[idx] = self.vocabulary_.get(token)
            yield word_ids

    def reverse(self, documents: Iterable[Iterable[int]]) -> Iterator[str]:
        """The words of each id row, joined by spaces (padding shows as the unknown token)."""
        for item in documents:
            yield " ".join(str(self.vocabulary_.reverse(class_id)) for class_id in item)

    def save(self, filename: str) -> None:
        """Pickles the processor, vocabulary included, to `filename`."""
        with gfile.Open(filename, "wb") as f:
            f.write(pickle.dumps(self))

    @classmethod
    def restore(cls, filename: str) -> "VocabularyProcessor":
        with gfile.Open(filename, "rb") as f:
            return pickle.loads(f.read())
