"""Candidate samplers and accidental hits, the ingredients of sampled losses (mirrors
candidate_sampling_ops.py of TF 1.15 with the kernels of candidate_sampler_ops.cc and
range_sampler.cc).

A sampler op owns a Philox generator keyed by its `seed`/`seed2` attrs, as the random ops do
(ops/random.py). Each run reserves 2048 * num_sampled 32-bit samples (512 * num_sampled blocks)
and reads the words one at a time, as TF's SimplePhilox does, so seeded candidates are TF's:

- uniform: an exact uniform integer (rejection over 64-bit words) below range_max;
- log-uniform: floor(exp(u * log(range_max + 1))) - 1 for a double u;
- fixed unigram: Walker's alias table over the given weights (a float, then an exact uniform
  bucket over 32-bit words);
- learned unigram: a weighted pick over per-session counts, all 1 at first, each true class
  adding 1 after the run that saw it;
- all: the whole range, every count 1.

`unique` redraws values already taken. Expected counts are p * num_sampled, or with `unique`
and redraws, 1 - (1 - p)**num_tries in float32 (log1p and expm1 of float32 values, as TF's).
"""
from __future__ import annotations

import collections
import math
import numbers
from typing import Any

import numpy as np

from ..framework import dtypes as _dtypes
from ..framework import errors, registry
from ..framework.graph import get_default_graph
from ..framework.tensor_shape import TensorShape
from .array import _fixed_input
from .random import _generator, _seed_attrs

__all__: list[str] = []
_SAMPLERS = ["uniform_candidate_sampler", "log_uniform_candidate_sampler",
             "learned_unigram_candidate_sampler", "fixed_unigram_candidate_sampler",
             "all_candidate_sampler"]
NN_ALL = _SAMPLERS + ["compute_accidental_hits"]  # the samplers are also under tf.random

_INT32_MAX = 2**31 - 1
_FLT_MAX = float(np.finfo(np.float32).max)
_SAMPLES32_PER_CANDIDATE = 2048  # TF's conservative estimate of the words a draw may need
_SAMPLED_FIELDS = ["sampled_candidates", "true_expected_count", "sampled_expected_count"]


# ---- SimplePhilox's word stream

class _Words:
    """One run's stream of 32-bit Philox words in SimplePhilox's order, computed a chunk of
    blocks at a time. Reading past the run's reservation goes on into the next blocks, as TF's
    copy of the generator does."""

    _CHUNK = 64  # blocks

    def __init__(self, xp: Any, philox: Any):
        self._xp = xp
        self._philox = philox
        self._words: list[int] = []
        self._pos = 0
        self._next_block = 0

    def rand32(self) -> int:
        if self._pos == len(self._words):
            xp = self._xp
            offsets = xp.arange(self._next_block, self._next_block + self._CHUNK, dtype=xp.uint64)
            self._words = self._philox.blocks(xp, offsets).T.reshape(-1).tolist()
            self._pos = 0
            self._next_block += self._CHUNK
        word = self._words[self._pos]
        self._pos += 1
        return word

    def rand64(self) -> int:
        low = self.rand32()
        return low | (self.rand32() << 32)

    def rand_float(self) -> float:
        """A float32 in [0, 1) from 23 mantissa bits (exact as a Python float)."""
        return (self.rand32() & 0x7FFFFF) * 2.0**-23

    def rand_double(self) -> float:
        """A double in [0, 1): 20 bits of the first word and all of the second."""
        high = self.rand32() & 0xFFFFF
        return ((high << 32) | self.rand32()) * 2.0**-52

    def uniform(self, n: int, bits: int = 32) -> int:
        """An exact uniform integer in [0, n): low bits for a power of two, else words below
        (2**bits - 1) % n + 1 are rejected."""
        draw = self.rand32 if bits == 32 else self.rand64
        if n & (n - 1) == 0:
            return draw() & (n - 1)
        reject_below = ((1 << bits) - 1) % n + 1
        while True:
            word = draw()
            if word >= reject_below:
                return word % n


# ---- the range samplers

class _UniformSampler:
    def __init__(self, range_max: int):
        self.range = range_max
        self._p = np.float32(1.0 / range_max)

    def sample(self, words: _Words) -> int:
        return words.uniform(self.range, 64)

    def probability(self, xp: Any, values: Any) -> Any:
        return xp.full(values.shape, self._p, dtype=xp.float32)


class _LogUniformSampler:
    def __init__(self, range_max: int):
        self.range = range_max
        self._log_range = math.log1p(range_max)

    def sample(self, words: _Words) -> int:
        return (int(math.exp(words.rand_double() * self._log_range)) - 1) % self.range

    def probability(self, xp: Any, values: Any) -> Any:
        v = values.astype(xp.float64)
        return (xp.log((v + 2.0) / (v + 1.0)) / self._log_range).astype(xp.float32)


class _LearnedUnigramSampler:
    """TF's WeightedPicker over counts: a pick is the class whose running count first exceeds
    an exact uniform integer below the total, found in a Fenwick tree of the counts."""

    def __init__(self, range_max: int):
        self.range = range_max
        self._counts = [1] * range_max
        self._total = range_max
        self._tree = [0] + [i & -i for i in range(1, range_max + 1)]  # partial sums of 1s
        self._top = 1 << (range_max.bit_length() - 1)

    def sample(self, words: _Words) -> int:
        rest = words.uniform(self._total)
        tree, n = self._tree, self.range
        index, step = 0, self._top
        while step:
            nxt = index + step
            if nxt <= n and tree[nxt] <= rest:
                index = nxt
                rest -= tree[nxt]
            step >>= 1
        return index

    def probability(self, xp: Any, values: Any) -> Any:
        counts = xp.asarray([self._counts[v] for v in values.reshape(-1).tolist()],
                            dtype=xp.float32).reshape(values.shape)
        return counts / xp.float32(self._total)

    def update(self, values: list[int]) -> None:
        """Adds 1 to each value's count, while the total stays within int32."""
        tree, n = self._tree, self.range
        for v in values[:max(_INT32_MAX - self._total, 0)]:
            self._counts[v] += 1
            self._total += 1
            i = v + 1
            while i <= n:
                tree[i] += 1
                i += i & -i


class _FixedUnigramSampler:
    """Walker's alias table over fixed float32 weights, paired as TF's DistributionSampler
    pairs them (the last short bucket with the last long one)."""

    def __init__(self, range_max: int, weights: np.ndarray):
        self.range = range_max
        self._weights = weights
        self._total = np.cumsum(weights, dtype=np.float32)[-1]  # summed in order, as TF
        n = weights.size
        total = np.cumsum(weights, dtype=np.float64)[-1]
        scaled = ((weights * np.float32(n)).astype(np.float64) / total).tolist()
        alias = [-1] * n
        low = [i for i, p in enumerate(scaled) if p < 1.0]
        high = [i for i, p in enumerate(scaled) if p >= 1.0]
        while low and high:
            short, long_ = low.pop(), high.pop()
            alias[short] = long_
            scaled[long_] -= 1.0 - scaled[short]
            (low if scaled[long_] < 1.0 else high).append(long_)
        prob = np.float32(scaled).tolist()
        for i in high + low:  # rounding leftovers keep their own bucket
            prob[i], alias[i] = 1.0, i
        self._prob, self._alias = prob, alias

    def sample(self, words: _Words) -> int:
        r = words.rand_float()
        bucket = words.uniform(len(self._prob))
        return bucket if r < self._prob[bucket] else self._alias[bucket]

    def probability(self, xp: Any, values: Any) -> Any:
        return xp.asarray(self._weights)[values] / xp.float32(self._total)


def _unigram_weights(attrs: dict) -> np.ndarray:
    """The fixed sampler's weights: reserved ids (weight 0) of this shard, then this shard's
    ids of the vocabulary file or `unigrams`, each raised to `distortion` in float32. As in TF,
    the ids after the reserved ones are counted from the reserved weights kept."""
    vocab_file, unigrams = attrs["vocab_file"], list(attrs["unigrams"])
    if not vocab_file and not unigrams:
        raise errors.InvalidArgumentError(None, None,
                                          "Must provide either vocab_file or unigrams.")
    if vocab_file and unigrams:
        raise errors.InvalidArgumentError(None, None,
                                          "Must only provide one of vocab_file and unigrams.")
    shards, shard = attrs["num_shards"], attrs["shard"]
    kept = sum(1 for i in range(attrs["num_reserved_ids"]) if i % shards == shard)
    values = _vocab_weights(vocab_file) if vocab_file else np.float32(unigrams)
    ids = np.arange(kept, kept + values.size)
    mine = values[ids % shards == shard]
    distorted = np.power(mine, np.float32(attrs["distortion"]), dtype=np.float32)
    return np.concatenate([np.zeros(kept, np.float32), distorted])


def _vocab_weights(path: str) -> np.ndarray:
    """The last comma-separated field of each line of a vocabulary file, as float32."""
    try:
        with open(path, "rb") as f:
            text = f.read().decode("latin-1")
    except FileNotFoundError:
        raise errors.NotFoundError(None, None, f"{path}; No such file or directory") from None
    lines = text.split("\n")
    if lines and not lines[-1]:
        lines.pop()
    weights = []
    for line in lines:
        line = line.removesuffix("\r")
        try:
            weights.append(float(line.rsplit(",", 1)[-1]))
        except ValueError:
            raise errors.InvalidArgumentError(
                None, None, f"Wrong vocabulary format at line: {line}") from None
    return np.float32(weights)


# ---- the sampler ops

def _sampler_infer(op):
    true_classes = op.inputs[0]
    ndims = true_classes.shape.ndims
    if ndims is not None and ndims != 2:
        raise ValueError(f"Shape must be rank 2 but is rank {ndims}")
    batch = true_classes.shape.dims[0].value if ndims == 2 else None
    num_sampled = TensorShape([op.get_attr("num_sampled")])
    return [(_dtypes.int64, num_sampled),
            (_dtypes.float32, TensorShape([batch, op.get_attr("num_true")])),
            (_dtypes.float32, num_sampled)]


def _sample_batch(sampler: Any, words: _Words, num_sampled: int,
                  unique: bool) -> tuple[list[int], int]:
    """`num_sampled` draws, and the number of tries they took (with `unique`, each value
    already taken is drawn again)."""
    if not unique:
        return [sampler.sample(words) for _ in range(num_sampled)], num_sampled
    taken: set[int] = set()
    batch: list[int] = []
    tries = 0
    while len(batch) < num_sampled:
        tries += 1
        value = sampler.sample(words)
        if value not in taken:
            taken.add(value)
            batch.append(value)
    return batch, tries


def _expected_count(xp: Any, p: Any, num_sampled: int, tries: int) -> Any:
    """p * num_sampled; after redraws, the chance to be among `tries` draws, in float32."""
    if tries == num_sampled:
        return p * xp.float32(num_sampled)
    return -xp.expm1(xp.float32(tries) * xp.log1p(-p))


def _check_true_classes(true_classes: Any, num_true: int, num_sampled: int, unique: bool,
                        range_max: int) -> list[int]:
    """TF's run-time checks of the true classes, which it returns flattened."""
    if true_classes.ndim != 2:
        raise errors.InvalidArgumentError(None, None, "true_classes must be a matrix")
    if true_classes.shape[1] != num_true:
        raise errors.InvalidArgumentError(
            None, None, f"true_classes must have num_true columns, expected: "
                        f"{true_classes.shape[1]} was: {num_true}")
    if unique and num_sampled > range_max:
        raise errors.InvalidArgumentError(None, None, "Sampler's range is too small.")
    flat = true_classes.reshape(-1).tolist()
    for value in flat:
        if not 0 <= value < range_max:
            raise errors.InvalidArgumentError(
                None, None, f"`true_candidate` out of range [0, {range_max}), received {value}")
    return flat


def _sampler_kernel(make_sampler):
    """A candidate sampler's kernel. `make_sampler(ctx)` builds the range sampler on the first
    run (TF builds it with the kernel, whose construction errors show at the first run)."""
    def factory(ctx: registry.KernelContext):
        xp, attrs = ctx.xp, ctx.attrs
        num_true, num_sampled, unique = attrs["num_true"], attrs["num_sampled"], attrs["unique"]
        state = _generator(ctx)
        sampler = None

        def candidate_sampler(true_classes):
            nonlocal sampler
            if sampler is None:
                sampler = make_sampler(ctx)
            flat = _check_true_classes(true_classes, num_true, num_sampled, unique,
                                       sampler.range)
            words = _Words(xp, state.reserve(_SAMPLES32_PER_CANDIDATE * num_sampled // 4, 1))
            batch, tries = _sample_batch(sampler, words, num_sampled, unique)
            sampled = xp.asarray(batch, dtype=xp.int64)
            true_p = sampler.probability(xp, true_classes)
            sampled_p = sampler.probability(xp, sampled)
            if hasattr(sampler, "update"):
                sampler.update(flat)
            return (sampled, _expected_count(xp, true_p, num_sampled, tries),
                    _expected_count(xp, sampled_p, num_sampled, tries))
        return candidate_sampler
    return factory


def _learned_sampler(ctx: registry.KernelContext) -> _LearnedUnigramSampler:
    """The session's counts of this op (kept across runs and plans, as TF's shared kernel)."""
    range_max = ctx.attrs["range_max"]
    if range_max >= _INT32_MAX:
        raise errors.InvalidArgumentError(
            None, None, f"range_max must be less than {_INT32_MAX} for unigram samplers, got "
                        f"{range_max}")
    samplers = ctx.resources.samplers
    if ctx.op_name not in samplers:
        samplers[ctx.op_name] = _LearnedUnigramSampler(range_max)
    return samplers[ctx.op_name]


def _fixed_sampler(ctx: registry.KernelContext) -> _FixedUnigramSampler:
    range_max = ctx.attrs["range_max"]
    weights = _unigram_weights(ctx.attrs)
    if weights.size != range_max:
        raise errors.InvalidArgumentError(
            None, None, f"range is {range_max} must be equal to weights size  {weights.size}")
    return _FixedUnigramSampler(range_max, weights)


def _all_kernel(ctx: registry.KernelContext):
    """AllCandidateSampler: the classes 0..num_sampled-1, every expected count 1."""
    xp, attrs = ctx.xp, ctx.attrs
    num_true, num_sampled = attrs["num_true"], attrs["num_sampled"]

    def all_candidate_sampler(true_classes):
        _check_true_classes(true_classes, num_true, num_sampled, False, num_sampled)
        return (xp.arange(num_sampled, dtype=xp.int64),
                xp.ones(true_classes.shape, dtype=xp.float32),
                xp.ones(num_sampled, dtype=xp.float32))
    return all_candidate_sampler


for _op_type, _kernel in (
        ("UniformCandidateSampler", _sampler_kernel(lambda ctx: _UniformSampler(
            ctx.attrs["range_max"]))),
        ("LogUniformCandidateSampler", _sampler_kernel(lambda ctx: _LogUniformSampler(
            ctx.attrs["range_max"]))),
        ("LearnedUnigramCandidateSampler", _sampler_kernel(_learned_sampler)),
        ("FixedUnigramCandidateSampler", _sampler_kernel(_fixed_sampler)),
        ("AllCandidateSampler", _all_kernel)):
    registry.register(_op_type, infer=_sampler_infer, kernel=_kernel,
                      grad=registry.NOT_DIFFERENTIABLE, stateful=True)

_OUTPUTS = {op_type: collections.namedtuple(op_type, _SAMPLED_FIELDS) for op_type in (
    "UniformCandidateSampler", "LogUniformCandidateSampler", "LearnedUnigramCandidateSampler",
    "FixedUnigramCandidateSampler", "AllCandidateSampler")}


def _int_attr(op_type: str, name: str, value: Any, minimum: int | None = None) -> int:
    """An int attr checked as TF's op-definition library checks it."""
    if not isinstance(value, numbers.Integral) or isinstance(value, bool):
        raise TypeError(f"Expected int for argument '{name}' not {value!r}.")
    if minimum is not None and value < minimum:
        raise ValueError(f"Attr '{name}' of '{op_type}' Op passed {value} less than minimum "
                         f"{minimum}.")
    return int(value)


def _sampler_op(op_type: str, true_classes: Any, num_true: Any, num_sampled: Any, unique: Any,
                attrs: dict, seed: int | None, name: str | None) -> Any:
    """Creates a sampler op (its true classes as int64, named `<op>/true_classes` when
    converted) and returns its outputs as TF's named tuple."""
    if not isinstance(unique, (bool, np.bool_)):
        raise TypeError(f"Expected bool for argument 'unique' not {unique!r}.")
    attrs = {"num_true": _int_attr(op_type, "num_true", num_true, 1),
             "num_sampled": _int_attr(op_type, "num_sampled", num_sampled, 1),
             "unique": bool(unique), **attrs, **_seed_attrs(seed)}
    g = get_default_graph()
    with g.name_scope(name or op_type) as scope:
        true_classes = _fixed_input(true_classes, "true_classes", op_type, _dtypes.int64)
        op = g.create_op(op_type, [true_classes], attrs, name=scope)
    return _OUTPUTS[op_type](*op.outputs)


def _range_sampler_op(op_type: str, true_classes: Any, num_true: Any, num_sampled: Any,
                      unique: Any, range_max: Any, seed: int | None, name: str | None) -> Any:
    """A sampler op whose only other attr is `range_max`."""
    return _sampler_op(op_type, true_classes, num_true, num_sampled, unique,
                       {"range_max": _int_attr(op_type, "range_max", range_max, 1)}, seed, name)


def uniform_candidate_sampler(true_classes: Any, num_true: int, num_sampled: int, unique: bool,
                              range_max: int, seed: int | None = None,
                              name: str | None = None) -> Any:
    """`tf.nn.uniform_candidate_sampler` (op UniformCandidateSampler): `num_sampled` classes
    drawn uniformly from [0, range_max) (without repeats when `unique`), with the expected
    counts of the true and the sampled classes."""
    return _range_sampler_op("UniformCandidateSampler", true_classes, num_true, num_sampled,
                             unique, range_max, seed, name)


def log_uniform_candidate_sampler(true_classes: Any, num_true: int, num_sampled: int,
                                  unique: bool, range_max: int, seed: int | None = None,
                                  name: str | None = None) -> Any:
    """`tf.nn.log_uniform_candidate_sampler` (op LogUniformCandidateSampler): classes drawn
    with P(c) = log((c + 2) / (c + 1)) / log(range_max + 1), Zipf-like for classes sorted by
    decreasing frequency."""
    return _range_sampler_op("LogUniformCandidateSampler", true_classes, num_true, num_sampled,
                             unique, range_max, seed, name)


def learned_unigram_candidate_sampler(true_classes: Any, num_true: int, num_sampled: int,
                                      unique: bool, range_max: int, seed: int | None = None,
                                      name: str | None = None) -> Any:
    """`tf.nn.learned_unigram_candidate_sampler` (op LearnedUnigramCandidateSampler): classes
    drawn in proportion to counts that start at 1 and grow by each true class seen, per
    session. A range beyond int32 is refused (TF 1.15's kernel aborts the process)."""
    if isinstance(range_max, numbers.Integral) and range_max > _INT32_MAX:
        raise ValueError(f"Value of range_max:{range_max} is too large to handle")
    return _range_sampler_op("LearnedUnigramCandidateSampler", true_classes, num_true,
                             num_sampled, unique, range_max, seed, name)


def fixed_unigram_candidate_sampler(true_classes: Any, num_true: int, num_sampled: int,
                                    unique: bool, range_max: int, vocab_file: str = "",
                                    distortion: float = 1.0, num_reserved_ids: int = 0,
                                    num_shards: int = 1, shard: int = 0, unigrams: Any = (),
                                    seed: int | None = None, name: str | None = None) -> Any:
    """`tf.nn.fixed_unigram_candidate_sampler` (op FixedUnigramCandidateSampler): classes drawn
    in proportion to fixed weights, `unigrams` or the last field of each line of `vocab_file`
    (exactly one of them), raised to `distortion`, after `num_reserved_ids` ids of weight 0;
    with `num_shards`, the ids of `shard` only. The weights must number `range_max`."""
    op_type = "FixedUnigramCandidateSampler"
    attrs = {"range_max": _int_attr(op_type, "range_max", range_max, 1),
             "vocab_file": str(vocab_file), "distortion": float(distortion),
             "num_reserved_ids": _int_attr(op_type, "num_reserved_ids", num_reserved_ids),
             "num_shards": _int_attr(op_type, "num_shards", num_shards, 1),
             "shard": _int_attr(op_type, "shard", shard, 0),
             "unigrams": [float(u) for u in unigrams]}
    return _sampler_op(op_type, true_classes, num_true, num_sampled, unique, attrs, seed, name)


def all_candidate_sampler(true_classes: Any, num_true: int, num_sampled: int, unique: bool,
                          seed: int | None = None, name: str | None = None) -> Any:
    """`tf.nn.all_candidate_sampler` (op AllCandidateSampler): every class of [0, num_sampled),
    each with expected count 1 (for testing sampled losses against full ones)."""
    return _sampler_op("AllCandidateSampler", true_classes, num_true, num_sampled, unique, {},
                       seed, name)


# ---- ComputeAccidentalHits

def _accidental_hits_infer(op):
    true_classes, sampled = op.inputs
    shape = true_classes.shape
    if shape.ndims is not None and shape.ndims != 2:
        raise ValueError(f"Shape must be rank 2 but is rank {shape.ndims}")
    num_true = op.get_attr("num_true")
    if shape.ndims == 2 and shape.dims[1].value not in (None, num_true):
        raise ValueError(f"Dimension must be {num_true} but is {shape.dims[1].value}")
    if sampled.shape.ndims is not None and sampled.shape.ndims != 1:
        raise ValueError(f"Shape must be rank 1 but is rank {sampled.shape.ndims}")
    hits = TensorShape([None])
    return [(_dtypes.int32, hits), (_dtypes.int64, hits), (_dtypes.float32, hits)]


def _accidental_hits_kernel(ctx: registry.KernelContext):
    xp = ctx.xp
    num_true = ctx.attrs["num_true"]

    def compute_accidental_hits(true_classes, sampled):
        if true_classes.ndim != 2 or true_classes.shape[1] != num_true:
            raise errors.InvalidArgumentError(
                None, None, "true_candidates must be a batch_size * num_true matrix")
        if sampled.ndim != 1:
            raise errors.InvalidArgumentError(
                None, None, "sampled_candidates must be a vector, which is typically an "
                            "output from CandidateSampler")
        position = {c: i for i, c in enumerate(sampled.tolist())}  # a repeat: its last place
        rows, ids = [], []
        for row, classes in enumerate(true_classes.tolist()):
            for c in classes:
                if c in position:
                    rows.append(row)
                    ids.append(position[c])
        return (xp.asarray(rows, dtype=xp.int32), xp.asarray(ids, dtype=xp.int64),
                xp.full(len(rows), -_FLT_MAX, dtype=xp.float32))
    return compute_accidental_hits


registry.register("ComputeAccidentalHits", infer=_accidental_hits_infer,
                  kernel=_accidental_hits_kernel, grad=registry.NOT_DIFFERENTIABLE)

_HITS = collections.namedtuple("ComputeAccidentalHits", ["indices", "ids", "weights"])


def compute_accidental_hits(true_classes: Any, sampled_candidates: Any, num_true: int,
                            seed: int | None = None, name: str | None = None) -> Any:
    """`tf.nn.compute_accidental_hits` (op ComputeAccidentalHits): where a sampled candidate is
    one of its row's true classes, as (row `indices`, position `ids`, `weights` of -FLT_MAX)
    to add to the sampled logits."""
    op_type = "ComputeAccidentalHits"
    attrs = {"num_true": _int_attr(op_type, "num_true", num_true), **_seed_attrs(seed)}
    g = get_default_graph()
    with g.name_scope(name or op_type) as scope:
        true_classes = _fixed_input(true_classes, "true_classes", op_type, _dtypes.int64)
        sampled = _fixed_input(sampled_candidates, "sampled_candidates", op_type,
                               _dtypes.int64)
        op = g.create_op(op_type, [true_classes, sampled], attrs, name=scope)
    return _HITS(*op.outputs)

