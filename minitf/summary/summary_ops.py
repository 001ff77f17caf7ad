"""`tf.summary.scalar`, `histogram`, `image`, `audio`, `text`, `tensor_summary`, `merge` and
`merge_all`: graph ops whose value is a serialized `Summary` protobuf (mirrors
tensorflow/python/summary/summary.py, summary_op_util.py and the kernels of
tensorflow/core/kernels/summary_op.cc, summary_image_op.cc, summary_audio_op.cc,
lib/wav/wav_io.cc and lib/histogram/histogram.cc).

The Summary messages are TensorBoard's copies of TF's protos, loaded when a plan first compiles
a summary op. As all string values in minitf, a summary is a host value (a 0-d numpy object
array holding bytes) whatever the backend.
"""
from __future__ import annotations

import contextlib
import logging
import re
import struct
import sys
import zlib
from collections.abc import Iterator
from typing import Any

import numpy as np

from ..framework import dtypes as _dtypes
from ..framework import errors, registry
from ..framework.convert import constant, convert_to_tensor
from ..framework.graph import (
    GraphKeys,
    Tensor,
    get_collection,
    get_default_graph,
    name_scope,
)
from ..framework.graph_def import _tensor_proto, protos
from ..framework.tensor_shape import TensorShape
from ..ops.common_shapes import check_dtype_allowed, shape_str

__all__ = ["scalar", "histogram", "image", "audio", "text", "tensor_summary", "merge",
           "merge_all"]

_REAL_NUMBER_TYPES = ("float32", "float64", "int32", "uint8", "int16", "int8", "int64",
                      "bfloat16", "uint16", "float16", "uint32", "uint64")


def _scalar_string(op):
    return [(_dtypes.string, TensorShape([]))]


def _serialized(summary: Any) -> Any:
    return np.array(summary.SerializeToString(), dtype=object)


def _host_list(value: Any) -> list:
    flat = value.reshape(-1)
    return flat.tolist()


# ---- ScalarSummary

def _scalar_summary_kernel(ctx: registry.KernelContext):
    summary_pb2 = protos().summary_pb2

    def legacy_scalar(x) -> bool:  # TF takes a shape [] and a shape [1] as the same here
        return x.ndim <= 1 and x.size == 1

    def scalar_summary(tags, values):
        if tuple(tags.shape) != tuple(values.shape) and not (legacy_scalar(tags)
                                                             and legacy_scalar(values)):
            tag_list = _host_list(tags)
            single = f" (tag '{tag_list[0].decode('utf-8', 'replace')}')" \
                if len(tag_list) == 1 else ""
            raise errors.InvalidArgumentError(
                None, None, f"tags and values not the same shape: {shape_str(tags.shape)} != "
                            f"{shape_str(values.shape)}{single}")
        summary = summary_pb2.Summary()
        for tag, value in zip(_host_list(tags), _host_list(values)):
            summary.value.add(tag=tag, simple_value=float(value))
        return _serialized(summary)
    return scalar_summary


registry.register("ScalarSummary", infer=_scalar_string, kernel=_scalar_summary_kernel,
                  grad=registry.NOT_DIFFERENTIABLE)


# ---- HistogramSummary: TF's default buckets (10% apart from 1e-12 to 1e20, both signs)

def _default_bucket_limits() -> list[float]:
    positive = []
    v = 1.0e-12
    while v < 1.0e20:
        positive.append(v)
        v *= 1.1
    positive.append(sys.float_info.max)
    return [-x for x in reversed(positive)] + [0.0] + positive


_BUCKET_LIMITS = _default_bucket_limits()


def _histogram_proto(summary_pb2: Any, counts: list, stats: tuple) -> Any:
    """A HistogramProto as TF's `Histogram::EncodeToProto` writes it: each run of empty buckets
    collapsed into its last one, at least one bucket."""
    low, high, num, total, squares = stats
    histo = summary_pb2.HistogramProto(min=low, max=high, num=num, sum=total,
                                       sum_squares=squares)
    i, n = 0, len(counts)
    while i < n:
        end, count = _BUCKET_LIMITS[i], counts[i]
        i += 1
        if count <= 0:
            while i < n and counts[i] <= 0:
                end, count = _BUCKET_LIMITS[i], counts[i]
                i += 1
        histo.bucket_limit.append(end)
        histo.bucket.append(count)
    if not histo.bucket:
        histo.bucket_limit.append(sys.float_info.max)
        histo.bucket.append(0.0)
    return histo


def _histogram_summary_kernel(ctx: registry.KernelContext):
    summary_pb2 = protos().summary_pb2
    xp = ctx.xp
    limits = xp.asarray(_BUCKET_LIMITS)
    op_name = ctx.op_name

    def histogram_summary(tag, values):
        if tag.ndim != 0:
            raise errors.InvalidArgumentError(None, None, "tags must be scalar")
        flat = xp.asarray(values).reshape(-1).astype(xp.float64)
        nan, inf = bool(xp.isnan(flat).any()), bool(xp.isinf(flat).any())
        if nan or inf:  # TF stops at the first non-finite value; NaN wins when both occur first
            bad = xp.logical_not(xp.isfinite(flat))
            first = flat[int(xp.argmax(bad))]
            kind = "Nan" if bool(xp.isnan(first)) else "Infinity"
            raise errors.InvalidArgumentError(None, None,
                                              f"{kind} in summary histogram for: {op_name}")
        counts = xp.bincount(xp.searchsorted(limits, flat, side="right"),
                             minlength=len(_BUCKET_LIMITS)).astype(xp.float64)
        if flat.size:  # TF adds values one by one: sequential sums, not numpy's pairwise ones
            stats = (float(flat.min()), float(flat.max()), float(flat.size),
                     float(xp.cumsum(flat)[-1]), float(xp.cumsum(flat * flat)[-1]))
        else:
            stats = (sys.float_info.max, -sys.float_info.max, 0.0, 0.0, 0.0)
        summary = summary_pb2.Summary()
        summary.value.add(tag=_host_list(tag)[0],
                          histo=_histogram_proto(summary_pb2, counts.tolist(), stats))
        return _serialized(summary)
    return histogram_summary


registry.register("HistogramSummary", infer=_scalar_string, kernel=_histogram_summary_kernel,
                  grad=registry.NOT_DIFFERENTIABLE)


# ---- ImageSummary: each image as a PNG, floats mapped into [0, 255] image by image

_BAD_COLOR = np.array([255, 0, 0, 255], dtype=np.uint8)  # TF's default: opaque red


def _png(pixels: np.ndarray) -> bytes:
    """An 8-bit grayscale, RGB or RGBA PNG of `pixels` [height, width, channels] (rows
    unfiltered, zlib's default compression)."""
    height, width, channels = pixels.shape

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + \
            struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    header = struct.pack(">IIBBBBB", width, height, 8, {1: 0, 3: 2, 4: 6}[channels], 0, 0, 0)
    rows = b"".join(b"\x00" + pixels[r].tobytes() for r in range(height))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + \
        chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def _as_uint8(image: np.ndarray, bad_color: np.ndarray) -> np.ndarray:
    """TF's NormalizeFloatImage: all finite values >= 0 scale by 255 / max, else by
    127 / max |value| around 128 (a range under 1e-6 gives 0); a pixel with a non-finite
    channel takes `bad_color`."""
    dtype = image.dtype.type
    pixels = image.reshape(-1, image.shape[-1])
    finite = np.isfinite(pixels).all(axis=1)
    values = pixels[finite]
    low = values.min() if values.size else np.inf
    high = values.max() if values.size else -np.inf
    if low < 0:
        largest = max(abs(float(low)), abs(float(high)))
        scale, offset = (0.0 if largest < 1e-6 else np.float32(127.0) / np.float32(largest)), 128.0
    else:
        scale, offset = (0.0 if high < 1e-6 else np.float32(255.0) / np.float32(high)), 0.0
    out = (pixels * dtype(scale) + dtype(offset)).astype(np.uint8)
    out[~finite] = bad_color[:pixels.shape[1]]
    return out.reshape(image.shape)


def _image_summary_kernel(ctx: registry.KernelContext):
    summary_pb2 = protos().summary_pb2
    max_images = ctx.attrs["max_images"]
    bad_color = np.asarray(ctx.attrs["bad_color"], dtype=np.uint8)
    to_host = ctx.resources.backend.to_host

    def image_summary(tag, tensor):
        images = np.asarray(to_host(tensor))
        if images.ndim != 4 or images.shape[-1] not in (1, 3, 4):
            raise errors.InvalidArgumentError(
                None, None, f"Tensor must be 4-D with last dim 1, 3, or 4, not "
                            f"{shape_str(images.shape)}")
        base = _host_list(tag)[0].decode("utf-8")
        count = min(max_images, images.shape[0])
        summary = summary_pb2.Summary()
        for i in range(count):
            image = images[i] if images.dtype == np.uint8 else _as_uint8(images[i], bad_color)
            value = summary.value.add(tag=f"{base}/image" if max_images == 1
                                      else f"{base}/image/{i}")
            value.image.height, value.image.width, value.image.colorspace = image.shape
            value.image.encoded_image_string = _png(np.ascontiguousarray(image))
        return _serialized(summary)
    return image_summary


registry.register("ImageSummary", infer=_scalar_string, kernel=_image_summary_kernel,
                  grad=registry.NOT_DIFFERENTIABLE)


# ---- AudioSummaryV2: each clip as a 16-bit PCM WAV file

def _wav(frames: np.ndarray, sample_rate: int) -> bytes:
    """A 16-bit little-endian PCM WAV of `frames` [length, channels] in [-1, 1], each sample
    rounded from `x * 32768` and clamped to int16, as TF's EncodeAudioAsS16LEWav does."""
    length, channels = frames.shape
    samples = np.clip(np.round(frames.astype(np.float32) * np.float32(32768.0)), -32768, 32767)
    data = samples.astype("<i2").tobytes()
    header = struct.pack("<4sI4s4sIHHIIHH4sI", b"RIFF", 36 + len(data), b"WAVE", b"fmt ", 16,
                         1, channels, sample_rate, sample_rate * channels * 2, channels * 2, 16,
                         b"data", len(data))
    return header + data


def _audio_summary_kernel(ctx: registry.KernelContext):
    summary_pb2 = protos().summary_pb2
    max_outputs = ctx.attrs["max_outputs"]
    to_host = ctx.resources.backend.to_host

    def audio_summary(tag, tensor, sample_rate):
        clips = np.asarray(to_host(tensor))
        if clips.ndim not in (2, 3):
            raise errors.InvalidArgumentError(
                None, None, f"Tensor must be 3-D or 2-D, got: {shape_str(clips.shape)}")
        rate = np.asarray(to_host(sample_rate))
        if rate.size != 1:
            raise errors.InvalidArgumentError(
                None, None, "sample_rate must be rank-0 or contain a single value")
        rate = float(rate.reshape(()))
        if not rate > 0.0:
            raise errors.InvalidArgumentError(None, None, "sample_rate must be > 0")
        if clips.ndim == 2:
            clips = clips[:, :, None]
        base = _host_list(tag)[0].decode("utf-8")
        summary = summary_pb2.Summary()
        wav_rate = max(int(np.rint(np.float32(rate))), 1)
        for i in range(min(max_outputs, clips.shape[0])):
            value = summary.value.add(tag=f"{base}/audio/{i}" if max_outputs > 1
                                      else f"{base}/audio")
            value.audio.sample_rate = rate
            value.audio.num_channels = clips.shape[2]
            value.audio.length_frames = clips.shape[1]
            value.audio.content_type = "audio/wav"
            value.audio.encoded_audio_string = _wav(clips[i], wav_rate)
        return _serialized(summary)
    return audio_summary


registry.register("AudioSummaryV2", infer=_scalar_string, kernel=_audio_summary_kernel,
                  grad=registry.NOT_DIFFERENTIABLE)


# ---- TensorSummaryV2 (what `tf.summary.text` builds): the tensor itself, with plugin metadata

def _tensor_summary_kernel(ctx: registry.KernelContext):
    pb = protos()
    to_host = ctx.resources.backend.to_host

    def tensor_summary(tag, tensor, serialized_summary_metadata):
        summary = pb.summary_pb2.Summary()
        value = summary.value.add(tag=_host_list(tag)[0].decode("utf-8"))
        value.metadata.ParseFromString(_host_list(serialized_summary_metadata)[0])
        value.tensor.CopyFrom(_tensor_proto(pb, np.asarray(to_host(tensor))))
        return _serialized(summary)
    return tensor_summary


registry.register("TensorSummaryV2", infer=_scalar_string, kernel=_tensor_summary_kernel,
                  grad=registry.NOT_DIFFERENTIABLE)


# ---- MergeSummary

def _merge_summary_kernel(ctx: registry.KernelContext):
    summary_pb2 = protos().summary_pb2
    from google.protobuf.message import DecodeError  # noqa: PLC0415 - protobuf loads lazily

    def merge_summary(*inputs):
        merged = summary_pb2.Summary()
        tags: set = set()
        for value in inputs:
            for raw in _host_list(value):
                part = summary_pb2.Summary()
                try:
                    part.ParseFromString(raw)
                except DecodeError:
                    raise errors.InvalidArgumentError(
                        None, None, "Could not parse one of the summary inputs") from None
                for v in part.value:
                    if v.tag and v.tag in tags:
                        raise errors.InvalidArgumentError(
                            None, None, f"Duplicate tag {v.tag} found in summary inputs ")
                    tags.add(v.tag)
                    merged.value.add().CopyFrom(v)
        return _serialized(merged)
    return merge_summary


registry.register("MergeSummary", infer=_scalar_string, kernel=_merge_summary_kernel,
                  grad=registry.NOT_DIFFERENTIABLE)


# ---- builders

_INVALID_TAG_CHARACTERS = re.compile(r"[^-/\w\.]")


def _clean_tag(name: str | None) -> str | None:
    """TF's summary names: characters other than `\\w - / .` become `_`, no leading `/`."""
    if name is None:
        return None
    new_name = _INVALID_TAG_CHARACTERS.sub("_", name).lstrip("/")
    if new_name != name:
        logging.getLogger("tensorflow").info("Summary name %s is illegal; using %s instead.",
                                             name, new_name)
    return new_name


@contextlib.contextmanager
def _summary_scope(name: str, family: str | None, default_name: str | None,
                   values: list) -> Iterator[tuple[str, str]]:
    """The summary's name scope (`family/name` when a family is given) and its tag."""
    name, family = _clean_tag(name), _clean_tag(family)
    base = name if family is None else f"{family}/{name}"
    with name_scope(base, default_name, values=values) as scope:
        tag = scope.rstrip("/") if family is None else f"{family}/{scope.rstrip('/')}"
        yield tag, scope


def _collect(value: Tensor, collections: list | None, default: list) -> None:
    for key in default if collections is None else collections:
        get_default_graph().add_to_collection(key, value)


def _summary_op(op_type: str, tag_input: str, name: str, values: Any,
                collections: list | None, family: str | None,
                default_name: str | None) -> Tensor:
    """A summary op of real numbers named by its summary scope, its tag a Const input named
    `tag_input`, added to `collections` (default: `GraphKeys.SUMMARIES`)."""
    with _summary_scope(name, family, default_name, [values]) as (tag, scope):
        tag_t = constant(tag, name=tag_input)
        values = convert_to_tensor(values, name="values")
        check_dtype_allowed(values.dtype, "values", _REAL_NUMBER_TYPES)
        val = get_default_graph().create_op(op_type, [tag_t, values],
                                            {"T": values.dtype.base_dtype}, name=scope).outputs[0]
        _collect(val, collections, [GraphKeys.SUMMARIES])
    return val


def scalar(name: str, tensor: Any, collections: list | None = None,
           family: str | None = None) -> Tensor:
    """A ScalarSummary of the real number `tensor`, tagged with the summary's scope name,
    added to `collections` (default: `GraphKeys.SUMMARIES`)."""
    return _summary_op("ScalarSummary", "tags", name, tensor, collections, family, None)


def histogram(name: str, values: Any, collections: list | None = None,
              family: str | None = None) -> Tensor:
    """A HistogramSummary of `values` (TF's exponential buckets), added to `collections`
    (default: `GraphKeys.SUMMARIES`); a NaN or infinite value fails the run."""
    return _summary_op("HistogramSummary", "tag", name, values, collections, family,
                       "HistogramSummary")


def image(name: str, tensor: Any, max_outputs: int = 3, collections: list | None = None,
          family: str | None = None) -> Tensor:
    """An ImageSummary of the first `max_outputs` images of `tensor` [batch, height, width,
    1 | 3 | 4] (uint8 as they are, floats mapped into [0, 255] image by image), tagged
    `<name>/image` for one image, else `<name>/image/<i>`."""
    if max_outputs < 1:
        raise ValueError(f"Attr 'max_images' of 'ImageSummary' Op passed {max_outputs} less "
                         f"than minimum 1.")
    with _summary_scope(name, family, None, [tensor]) as (tag, scope):
        tag_t = constant(tag, name="tag")
        tensor = convert_to_tensor(tensor, name="tensor")
        check_dtype_allowed(tensor.dtype, "T", ("uint8", "float32", "float16", "float64"))
        val = get_default_graph().create_op(
            "ImageSummary", [tag_t, tensor],
            {"max_images": int(max_outputs), "T": tensor.dtype.base_dtype,
             "bad_color": _BAD_COLOR.copy()}, name=scope).outputs[0]
        _collect(val, collections, [GraphKeys.SUMMARIES])
    return val


def audio(name: str, tensor: Any, sample_rate: Any, max_outputs: int = 3,
          collections: list | None = None, family: str | None = None) -> Tensor:
    """An AudioSummaryV2 of the first `max_outputs` clips of the float `tensor` [batch,
    frames] or [batch, frames, channels] (values in [-1, 1]) as WAV files, tagged
    `<name>/audio` for one clip, else `<name>/audio/<i>`."""
    if max_outputs < 1:
        raise ValueError(f"Attr 'max_outputs' of 'AudioSummaryV2' Op passed {max_outputs} less "
                         f"than minimum 1.")
    with _summary_scope(name, family, None, [tensor]) as (tag, scope):
        sample_rate = convert_to_tensor(sample_rate, dtype=_dtypes.float32, name="sample_rate")
        tag_t = constant(tag, name="tag")
        tensor = convert_to_tensor(tensor, name="tensor")
        if tensor.dtype.base_dtype != _dtypes.float32:
            raise TypeError(f"Input 'tensor' of 'AudioSummaryV2' Op has type "
                            f"{tensor.dtype.base_dtype.name} that does not match expected type "
                            f"of float32.")
        val = get_default_graph().create_op(
            "AudioSummaryV2", [tag_t, tensor, sample_rate], {"max_outputs": int(max_outputs)},
            name=scope).outputs[0]
        _collect(val, collections, [GraphKeys.SUMMARIES])
    return val


def _tensor_summary_v2(name: str, tensor: Tensor, metadata: bytes, collections: list | None,
                       family: str | None) -> Tensor:
    with _summary_scope(name, family, None, [tensor]) as (tag, scope):
        tag_t = constant(tag, name="tag")
        metadata_t = constant(metadata, name="serialized_summary_metadata")
        val = get_default_graph().create_op(
            "TensorSummaryV2", [tag_t, tensor, metadata_t], {"T": tensor.dtype.base_dtype},
            name=scope).outputs[0]
        _collect(val, collections, [GraphKeys.SUMMARIES])
    return val


def tensor_summary(name: str, tensor: Any, summary_description: str | None = None,
                   collections: list | None = None, summary_metadata: Any = None,
                   family: str | None = None, display_name: str | None = None) -> Tensor:
    """A TensorSummaryV2 of `tensor` itself, with `summary_metadata` (a SummaryMetadata
    message) and its description and display name."""
    tensor = convert_to_tensor(tensor)
    if summary_metadata is None and summary_description is None and display_name is None:
        metadata = b""  # an empty SummaryMetadata, without loading the protobuf classes
    else:
        if summary_metadata is None:
            summary_metadata = protos().summary_pb2.SummaryMetadata()
        if summary_description is not None:
            summary_metadata.summary_description = summary_description
        if display_name is not None:
            summary_metadata.display_name = display_name
        metadata = summary_metadata.SerializeToString()
    return _tensor_summary_v2(name, tensor, metadata, collections, family)


# SummaryMetadata(plugin_data=PluginData(plugin_name="text")), serialized while building
# without loading the protobuf classes
_TEXT_PLUGIN_METADATA = b"\n\x06\n\x04text"


def text(name: str, tensor: Any, collections: list | None = None) -> Tensor:
    """A TensorSummaryV2 of the strings `tensor` for TensorBoard's text plugin, added to
    `collections` (default: `GraphKeys.SUMMARIES`)."""
    tensor = convert_to_tensor(tensor)
    if tensor.dtype.base_dtype != _dtypes.string:
        raise ValueError(f"Expected tensor {tensor.name} to have dtype string, got "
                         f"{tensor.dtype!r}")
    return _tensor_summary_v2(name, tensor, _TEXT_PLUGIN_METADATA, collections, None)


def merge(inputs: list, collections: list | None = None, name: str | None = None) -> Tensor:
    """One Summary holding the values of all `inputs` (serialized Summary strings); a tag
    occurring twice fails the run."""
    name = _clean_tag(name)
    inputs = list(inputs)
    with name_scope(name, "Merge", inputs):
        g = get_default_graph()
        tensors = [convert_to_tensor(x, dtype=_dtypes.string) for x in inputs]
        if not tensors:
            raise ValueError("List argument 'inputs' to 'MergeSummary' Op with length 0 shorter "
                             "than minimum length 1.")
        val = g.create_op("MergeSummary", tensors, {"N": len(tensors)},
                          name=name or "MergeSummary").outputs[0]
        _collect(val, collections, [])
    return val


def merge_all(key: str = GraphKeys.SUMMARIES, scope: str | None = None,
              name: str | None = None) -> Tensor | None:
    """`merge` of the summaries in collection `key` (those whose name matches `scope`), or None
    when there are none."""
    summary_ops = get_collection(key, scope=scope)
    if not summary_ops:
        return None
    return merge(summary_ops, name=name)
