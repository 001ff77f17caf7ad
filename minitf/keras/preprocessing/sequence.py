"""`tf.keras.preprocessing.sequence`: `pad_sequences`, with Keras 2.x's results and errors."""
from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["pad_sequences"]


def _lengths(sequences: Any) -> tuple[list, tuple]:
    """Each sequence's length, and the shape of one step (that of the first non-empty
    sequence after its first axis)."""
    lengths: list = []
    step: tuple | None = None
    for x in sequences:
        try:
            lengths.append(len(x))
        except TypeError:
            raise ValueError(f"`sequences` must be a list of iterables. Found non-iterable: "
                             f"{x}") from None
        if step is None and lengths[-1]:
            step = np.asarray(x).shape[1:]
    return lengths, step if step is not None else ()


def pad_sequences(sequences: Any, maxlen: int | None = None, dtype: Any = "int32",
                  padding: str = "pre", truncating: str = "pre", value: Any = 0.0
                  ) -> np.ndarray:
    """The sequences as one array `[len(sequences), maxlen, ...]`: each cut to `maxlen`
    steps (dropping its start with `truncating='pre'`, its end with 'post') and filled with
    `value` before (`padding='pre'`) or after ('post'); `maxlen` defaults to the longest."""
    if not hasattr(sequences, "__len__"):
        raise ValueError("`sequences` must be iterable.")
    lengths, sample_shape = _lengths(sequences)
    if maxlen is None:
        maxlen = np.max(lengths)
    is_str = np.issubdtype(dtype, np.str_)
    if isinstance(value, str) and dtype != object and not is_str:
        raise ValueError(f"`dtype` {dtype} is not compatible with `value`'s type: "
                         f"{type(value)}\nYou should set `dtype=object` for variable length "
                         f"strings.")
    out = np.full((len(sequences), maxlen) + sample_shape, value, dtype=dtype)
    for i, s in enumerate(sequences):
        if not len(s):
            continue
        if truncating == "pre":
            kept = s[-maxlen:]
        elif truncating == "post":
            kept = s[:maxlen]
        else:
            raise ValueError(f'Truncating type "{truncating}" not understood')
        kept = np.asarray(kept, dtype=dtype)
        if kept.shape[1:] != sample_shape:
            raise ValueError(f"Shape of sample {kept.shape[1:]} of sequence at position {i} "
                             f"is different from expected shape {sample_shape}")
        if padding == "post":
            out[i, :len(kept)] = kept
        elif padding == "pre":
            out[i, -len(kept):] = kept
        else:
            raise ValueError(f'Padding type "{padding}" not understood')
    return out
