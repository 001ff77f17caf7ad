"""`tf.train.Saver` and the checkpoint functions of `tf.train` (mirrors saver.py,
checkpoint_management.py and checkpoint_utils.py of TF 1.15).

As in TF1, saving and restoring are ops in the graph: a Saver builds, under its `save` scope,
the filename placeholder `save/Const`, `save/SaveV2` (whose kernel writes the checkpoint) and
`save/control_dependency` (the path, once saved), then `save/RestoreV2` (whose kernel reads it)
and one `save/Assign*` per variable grouped in `save/restore_all`. Checkpoint keys are the
variables' op names, so a graph built again by the same code restores by name. The files are
minitf's format (checkpoint_format.py); TF's own V2 checkpoints are read as well
(tf_checkpoint.py). Writes are atomic and durable; the `checkpoint` state file, TF's text
format, is replaced only once the checkpoint it names is on disk. `save` also writes the
graph's MetaGraphDef, `<prefix>.meta` (meta_graph.py).
"""
from __future__ import annotations

import glob
import logging
import os
import re
import time
from typing import Any

import numpy as np

from ..framework import dtypes as _dtypes
from ..framework import errors, registry
from ..framework.convert import constant, constant_value
from ..framework.graph import (GraphKeys, Operation, Tensor, control_dependencies,
                               get_default_graph)
from ..framework.tensor_shape import TensorShape, unknown_shape
from ..ops import array as array_ops
from ..ops import state as state_ops
from ..ops.control_flow import group, with_dependencies
from ..ops.partitioned_variables import PartitionedVariable
from ..runtime.session import BaseSession
from .training_util import global_step as _global_step_value


def _format() -> Any:
    """checkpoint_format, imported on first use: `import minitf` need not load json and
    zlib for programs that never save."""
    from . import checkpoint_format  # noqa: PLC0415
    return checkpoint_format

__all__ = ["Saver", "SaverDef", "latest_checkpoint", "get_checkpoint_state",
           "update_checkpoint_state", "generate_checkpoint_state_proto", "get_checkpoint_mtimes",
           "checkpoint_exists", "remove_checkpoint", "list_variables", "load_variable",
           "load_checkpoint", "NewCheckpointReader"]


# --------------------------------------------------------------------------------------------
# SaveV2 and RestoreV2

def _text(value: Any) -> str:
    """A scalar string tensor's value as text."""
    value = value.item() if hasattr(value, "item") else value
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def _texts(value: Any) -> list[str]:
    return [_text(v) for v in value.reshape(-1).tolist()] if hasattr(value, "reshape") \
        else [_text(v) for v in value]


def _check_ranks(prefix: Tensor, names: Tensor, slices: Tensor) -> None:
    for t, rank in ((prefix, 0), (names, 1), (slices, 1)):
        if t.shape.ndims is not None and t.shape.ndims != rank:
            raise ValueError(f"Shape must be rank {rank} but is rank {t.shape.ndims}")


def _save_infer(op: Operation):
    prefix, names, slices = op.inputs[:3]
    _check_ranks(prefix, names, slices)
    n = len(op.inputs) - 3
    for t in (names, slices):
        dim = t.shape.dims[0].value if t.shape.ndims == 1 else None
        if dim is not None and dim != n:
            raise ValueError(f"Dimension 0 in both shapes must be equal, but are {dim} and {n}")
    return []


def _os_error(e: OSError, path: str) -> errors.OpError:
    if isinstance(e, FileNotFoundError):
        return errors.NotFoundError(None, None, f"{os.path.dirname(path) or '.'}; No such file "
                                                f"or directory")
    if isinstance(e, NotADirectoryError):
        return errors.FailedPreconditionError(None, None, f"{os.path.dirname(path)} is not a "
                                                          f"directory")
    if isinstance(e, PermissionError):
        return errors.PermissionDeniedError(None, None, f"{path}; Permission denied")
    return errors.UnknownError(None, None, f"{path}; {e.strerror or e}")


def _io_arguments(prefix: Any, tensor_names: Any, shape_and_slices: Any, count: int,
                  what: str) -> tuple[str, list[str], list[str]]:
    """The path, tensor names and slice specs of a SaveV2/RestoreV2 run, checked against the
    `count` tensors or dtypes the op has."""
    path, names, specs = _text(prefix), _texts(tensor_names), _texts(shape_and_slices)
    if len(names) != count:
        raise errors.InvalidArgumentError(
            None, None, f"Got {len(names)} tensor names but {count} {what}")
    return path, names, specs


def parse_shape_and_slice(spec: str) -> tuple[list[int], list[slice]]:
    """A checkpoint slice spec, `"4 3 0,2:-"` (the full shape, then `start,length` or `-` per
    dimension), as the full shape and the index of the slice; ValueError and InternalError
    with TF's messages where it is malformed (TF raises them when the op is built)."""
    tokens = spec.split(" ")
    if len(tokens) < 2:
        raise ValueError(f"Need least two elements in shape_and_slice specification: {spec}")
    try:
        full = [int(t) for t in tokens[:-1]]
    except ValueError:
        raise ValueError(f"Could not parse shape in shape_and_slice specification: "
                         f"{spec}") from None
    shown = "[" + ",".join(str(d) for d in full) + "]"
    index = []
    for part in tokens[-1].split(":"):
        bounds = part.split(",")
        if part == "-":
            index.append(None)
        elif len(bounds) == 2 and all(re.fullmatch(r"-?\d+", b) for b in bounds):
            index.append((int(bounds[0]), int(bounds[1])))
        else:
            raise ValueError(f"Expected a pair of numbers or '-' but got '{part}': string = "
                             f"{tokens[-1]}")
    if len(index) != len(full):
        raise errors.InternalError(None, None, f"Mismatching ranks: shape = {shown}, slice = "
                                               f"{tokens[-1]}")
    for d, (dim, bounds) in enumerate(zip(full, index)):
        if bounds is not None and (bounds[0] < 0 or bounds[1] < 0 or sum(bounds) > dim):
            raise errors.InternalError(None, None, f"Extent in dimension {d} out of bounds: "
                                                   f"shape = {shown}, slice = {tokens[-1]}")
    return full, [slice(None) if b is None else slice(b[0], b[0] + b[1]) for b in index]


def _read_slice(name: str, value: np.ndarray, spec: str) -> np.ndarray:
    """The part of the stored `value` that `spec` asks for (all of it for an empty spec)."""
    if not spec:
        return value
    try:
        full, index = parse_shape_and_slice(spec)
    except (ValueError, errors.InternalError) as e:  # a fed spec: the kernel's own check
        raise errors.InvalidArgumentError(None, None, getattr(e, "message", str(e))) from None
    if list(value.shape) != full:
        stored = "[" + ",".join(str(d) for d in value.shape) + "]"
        raise errors.InvalidArgumentError(
            None, None, f"tensor_name = {name}; shape in shape_and_slice spec "
                        f"[{','.join(str(d) for d in full)}] does not match the shape stored "
                        f"in checkpoint: {stored}")
    return value[tuple(index)]


def _make_parent(path: str) -> None:
    """Creates the prefix's directory when only it is missing, as TF's checkpoint writer does
    (`saver.save(sess, "model/model.ckpt")` into a new `model/`); a deeper missing path stays
    an error."""
    parent = os.path.dirname(path)
    if parent and not os.path.isdir(parent):
        try:
            os.mkdir(parent)
        except FileExistsError:
            pass


def _save_kernel(ctx: registry.KernelContext):
    dtypes = ctx.attrs["dtypes"]
    to_host = ctx.resources.backend.to_host

    def save_v2(prefix, tensor_names, shape_and_slices, *tensors):
        path, names, specs = _io_arguments(prefix, tensor_names, shape_and_slices,
                                           len(tensors), "tensors")
        try:
            values = whole_tensors(names, specs, [to_host(v) for v in tensors])
        except (ValueError, errors.InternalError) as e:  # a malformed spec
            raise errors.InvalidArgumentError(None, None, getattr(e, "message", str(e))) \
                from None
        dtype_of = dict(zip(names, dtypes))
        try:
            _make_parent(path)
            _format().write_checkpoint(path, {n: (dtype_of[n], v) for n, v in values.items()})
        except OSError as e:
            raise _os_error(e, path) from None
    return save_v2


def _restore_infer(op: Operation):
    """Each tensor's shape is its slice's where the specs are constants, as TF infers it."""
    _check_ranks(*op.inputs)
    specs = constant_value(op.inputs[2])
    dtypes = op.get_attr("dtypes")
    shapes = [unknown_shape()] * len(dtypes)
    if specs is not None and specs.shape == (len(dtypes),):
        shapes = [unknown_shape() if not spec else
                  TensorShape([len(range(*index.indices(dim))) for dim, index in
                               zip(*parse_shape_and_slice(spec))])
                  for spec in _texts(specs)]
    return list(zip(dtypes, shapes))


def _restore_kernel(ctx: registry.KernelContext):
    dtypes = ctx.attrs["dtypes"]
    to_device = ctx.resources.backend.to_device

    def restore_v2(prefix, tensor_names, shape_and_slices):
        path, names, specs = _io_arguments(prefix, tensor_names, shape_and_slices,
                                           len(dtypes), "dtypes")
        try:
            reader = _format().open_checkpoint(path)
        except OSError as e:
            raise _os_error(e, path) from None
        values = []
        stored = reader.variables()
        for name, dtype, spec in zip(names, dtypes, specs):
            if name not in stored:
                raise errors.NotFoundError(None, None, f"Key {name} not found in checkpoint")
            if stored[name][0] != dtype:
                raise errors.InvalidArgumentError(
                    None, None, f"tensor_name = {name}; expected dtype {dtype.tf_name} does "
                                f"not equal original dtype {stored[name][0].tf_name}")
            value = _read_slice(name, reader.tensor(name), spec)
            values.append(value if dtype == _dtypes.string else to_device(value))
        return values[0] if len(values) == 1 else tuple(values)
    return restore_v2


registry.register("SaveV2", infer=_save_infer, kernel=_save_kernel,
                  grad=registry.NOT_DIFFERENTIABLE, stateful=True)
registry.register("RestoreV2", infer=_restore_infer, kernel=_restore_kernel,
                  grad=registry.NOT_DIFFERENTIABLE, stateful=True)


# The file-name ops of TF's sharded savers (`Saver(sharded=True)`, SavedModels): graphs that
# TensorFlow wrote name them, so imported ones must build and run.

def _scalar_string(op: Operation):
    return [(_dtypes.string, TensorShape([]))]


def _sharded_filename_kernel(ctx: registry.KernelContext):
    def sharded_filename(basename, shard, num_shards):
        return np.array(f"{_text(basename)}-{int(shard):05d}-of-{int(num_shards):05d}"
                        .encode(), dtype=object)
    return sharded_filename


def _merge_infer(op: Operation):
    return []


def _merge_kernel(ctx: registry.KernelContext):
    """One checkpoint at the destination prefix holding every shard's tensors; the shards are
    then deleted (with their folder, when `delete_old_dirs` and it is left empty)."""
    delete_old_dirs = ctx.attrs.get("delete_old_dirs", True)

    def merge_v2_checkpoints(checkpoint_prefixes, destination_prefix):
        sources = _texts(checkpoint_prefixes)
        destination = _text(destination_prefix)
        tensors: dict = {}
        for source in sources:
            reader = _format().open_checkpoint(source)
            for name, (dtype, _) in reader.variables().items():
                tensors[name] = (dtype, reader.tensor(name))
        try:
            _format().write_checkpoint(destination, tensors)
            for source in sources:
                for path in glob.glob(glob.escape(source) + ".data-*") + \
                        [source + ".index"]:
                    if os.path.exists(path) and not path.startswith(destination + "."):
                        os.remove(path)
                folder = os.path.dirname(source)
                if delete_old_dirs and folder and folder != os.path.dirname(destination) and \
                        os.path.isdir(folder) and not os.listdir(folder):
                    os.rmdir(folder)
        except OSError as e:
            raise _os_error(e, destination) from None
    return merge_v2_checkpoints


registry.register("ShardedFilename", infer=_scalar_string, kernel=_sharded_filename_kernel,
                  grad=registry.NOT_DIFFERENTIABLE)
registry.register("MergeV2Checkpoints", infer=_merge_infer, kernel=_merge_kernel,
                  grad=registry.NOT_DIFFERENTIABLE, stateful=True)


def _string_list(values: list[str], name: str) -> Tensor:
    return constant(values, dtype=_dtypes.string, name=name)


def save_v2(prefix: Tensor, tensor_names: list[str], shape_and_slices: list[str],
            tensors: list[Tensor], name: str | None = None) -> Operation:
    """The SaveV2 op writing `tensors` under `tensor_names` to the checkpoint `prefix`."""
    g = get_default_graph()
    with g.name_scope(name or "SaveV2") as scope:
        names = _string_list(tensor_names, "tensor_names")
        slices = _string_list(shape_and_slices, "shape_and_slices")
        return g.create_op("SaveV2", [prefix, names, slices, *tensors],
                           {"dtypes": [t.dtype.base_dtype for t in tensors]}, name=scope)


def restore_v2(prefix: Any, tensor_names: list[str], shape_and_slices: list[str],
               dtypes: list[Any], name: str | None = None) -> list[Tensor]:
    """The RestoreV2 op reading `tensor_names` from the checkpoint `prefix` (a string
    tensor, or a path, which becomes the constant `<name>/prefix`)."""
    g = get_default_graph()
    with g.name_scope(name or "RestoreV2") as scope:
        if not isinstance(prefix, Tensor):
            prefix = constant(prefix, dtype=_dtypes.string, name="prefix")
        names = _string_list(tensor_names, "tensor_names")
        slices = _string_list(shape_and_slices, "shape_and_slices")
        op = g.create_op("RestoreV2", [prefix, names, slices],
                         {"dtypes": [_dtypes.as_dtype(d).base_dtype for d in dtypes]},
                         name=scope)
        return list(op.outputs)


def merge_v2_checkpoints(checkpoint_prefixes: Any, destination_prefix: Tensor,
                         delete_old_dirs: bool = True, name: str | None = None) -> Operation:
    """The MergeV2Checkpoints op gathering the shards `checkpoint_prefixes` into one
    checkpoint at `destination_prefix`."""
    g = get_default_graph()
    with g.name_scope(name or "MergeV2Checkpoints") as scope:
        prefixes = array_ops.stack(list(checkpoint_prefixes), name="checkpoint_prefixes")
        return g.create_op("MergeV2Checkpoints", [prefixes, destination_prefix],
                           {"delete_old_dirs": bool(delete_old_dirs)}, name=scope)


def _sharded_save(prefix: Tensor, keys: list[str], specs: list[str], refs: list) -> Tensor:
    """TF's sharded save (one shard: minitf keeps every variable on one device): SaveV2 into
    `<prefix>_temp/part-00000-of-00001` (`<prefix>.part-...` on S3), then MergeV2Checkpoints
    into `prefix`; the returned tensor is `prefix` once merged."""
    from ..ops import string_ops  # noqa: PLC0415 - a lazily loaded family
    g = get_default_graph()
    suffix = array_ops.where(string_ops.regex_full_match(prefix, "^s3://.*"),
                             constant(".part"), constant(os.path.normpath("_temp/part")))
    temp_prefix = string_ops.string_join([prefix, suffix])
    num_shards = constant(1, name="num_shards")
    with g.name_scope("ShardedFilename") as scope:
        shard = constant(0, name="shard")
        shard_prefix = g.create_op("ShardedFilename", [temp_prefix, shard, num_shards], {},
                                   name=scope).outputs[0]
    saved = with_dependencies([save_v2(shard_prefix, keys, specs, refs)],
                              shard_prefix)
    with control_dependencies([saved.op]):
        merged = merge_v2_checkpoints([shard_prefix], prefix)
    with control_dependencies([merged]):
        return array_ops.identity(prefix)


# --------------------------------------------------------------------------------------------
# The checkpoint state file

class CheckpointState:
    """The `checkpoint` file's content (TF's CheckpointState proto): the latest checkpoint and
    the ones still kept, oldest first."""

    def __init__(self, model_checkpoint_path: str = "",
                 all_model_checkpoint_paths: list[str] | None = None,
                 all_model_checkpoint_timestamps: list[float] | None = None,
                 last_preserved_timestamp: float = 0.0):
        self.model_checkpoint_path = model_checkpoint_path
        self.all_model_checkpoint_paths = list(all_model_checkpoint_paths or [])
        self.all_model_checkpoint_timestamps = list(all_model_checkpoint_timestamps or [])
        self.last_preserved_timestamp = last_preserved_timestamp

    def __str__(self) -> str:
        lines = []
        if self.model_checkpoint_path:
            lines.append(f"model_checkpoint_path: {_quote(self.model_checkpoint_path)}")
        lines += [f"all_model_checkpoint_paths: {_quote(p)}"
                  for p in self.all_model_checkpoint_paths]
        lines += [f"all_model_checkpoint_timestamps: {t!r}"
                  for t in self.all_model_checkpoint_timestamps]
        if self.last_preserved_timestamp:
            lines.append(f"last_preserved_timestamp: {self.last_preserved_timestamp!r}")
        return "".join(line + "\n" for line in lines)

    __repr__ = __str__

    def __eq__(self, other: Any) -> bool:
        return isinstance(other, CheckpointState) and str(self) == str(other)


_ESCAPES = {ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t", ord('"'): '\\"',
            ord("'"): "\\'", ord("\\"): "\\\\"}
_UNESCAPES = {"n": 10, "r": 13, "t": 9, '"': 34, "'": 39, "\\": 92, "a": 7, "b": 8, "f": 12,
              "v": 11}


def _quote(text: str) -> str:
    """A string as protobuf's text format writes it: C escapes, octal for other bytes."""
    out = []
    for b in text.encode("utf-8"):
        if b in _ESCAPES:
            out.append(_ESCAPES[b])
        elif 32 <= b < 127:
            out.append(chr(b))
        else:
            out.append(f"\\{b:03o}")
    return '"' + "".join(out) + '"'


def _unquote(token: str, path: str) -> str:
    if len(token) < 2 or token[0] not in "\"'" or token[-1] != token[0]:
        raise ValueError(f"{path}: expected a quoted string, got {token!r}")
    body, out, i = token[1:-1], bytearray(), 0
    while i < len(body):
        c = body[i]
        if c != "\\":
            out += c.encode("utf-8")
            i += 1
        elif body[i + 1:i + 2] in _UNESCAPES:
            out.append(_UNESCAPES[body[i + 1]])
            i += 2
        elif body[i + 1:i + 2].isdigit():
            j = i + 1
            while j < min(i + 4, len(body)) and body[j] in "01234567":
                j += 1
            out.append(int(body[i + 1:j], 8) & 0xFF)
            i = j
        else:
            raise ValueError(f"{path}: bad escape in {token!r}")
    return out.decode("utf-8", "replace")


def _parse_state(text: str, path: str) -> CheckpointState:
    """Parses the text format of the `checkpoint` file (ValueError when malformed)."""
    state = CheckpointState()
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        field, sep, value = line.partition(":")
        field, value = field.strip(), value.strip()
        if not sep:
            raise ValueError(f"{path}: expected 'field: value', got {line!r}")
        if field == "model_checkpoint_path":
            state.model_checkpoint_path = _unquote(value, path)
        elif field == "all_model_checkpoint_paths":
            state.all_model_checkpoint_paths.append(_unquote(value, path))
        elif field == "all_model_checkpoint_timestamps":
            state.all_model_checkpoint_timestamps.append(float(value))
        elif field == "last_preserved_timestamp":
            state.last_preserved_timestamp = float(value)
        else:
            raise ValueError(f"{path}: unknown field {field!r}")
    return state


def _state_path(checkpoint_dir: str, latest_filename: str | None) -> str:
    return os.path.join(checkpoint_dir, latest_filename or "checkpoint")


def generate_checkpoint_state_proto(save_dir: str, model_checkpoint_path: str,
                                    all_model_checkpoint_paths: list[str] | None = None,
                                    all_model_checkpoint_timestamps: list[float] | None = None,
                                    last_preserved_timestamp: float | None = None) \
        -> CheckpointState:
    """The CheckpointState to record: the latest path is appended to the kept ones unless it
    is already last, and with a relative `save_dir` relative paths become relative to it (so
    that get_checkpoint_state(save_dir) finds them again)."""
    return _state(save_dir, model_checkpoint_path, all_model_checkpoint_paths,
                  all_model_checkpoint_timestamps, last_preserved_timestamp, relative=False)


def _state(save_dir: str, model_checkpoint_path: str, all_paths: list[str] | None,
           timestamps: list[float] | None, last_preserved: float | None,
           relative: bool) -> CheckpointState:
    """generate_checkpoint_state_proto; `relative` (save_relative_paths) makes absolute
    paths relative to save_dir as well."""
    all_paths = list(all_paths or [])
    if not all_paths or all_paths[-1] != model_checkpoint_path:
        all_paths.append(model_checkpoint_path)

    def rel(p: str) -> str:
        if os.path.isabs(p):
            return os.path.relpath(p, save_dir) if relative else p
        return p if os.path.isabs(save_dir) else os.path.relpath(p, save_dir)
    return CheckpointState(rel(model_checkpoint_path), [rel(p) for p in all_paths], timestamps,
                           last_preserved or 0.0)


def update_checkpoint_state(save_dir: str, model_checkpoint_path: str,
                            all_model_checkpoint_paths: list[str] | None = None,
                            latest_filename: str | None = None,
                            all_model_checkpoint_timestamps: list[float] | None = None,
                            last_preserved_timestamp: float | None = None) -> None:
    """Writes the `checkpoint` state file of `save_dir` atomically and durably (see
    generate_checkpoint_state_proto for what it records)."""
    _write_state(save_dir, latest_filename, _state(
        save_dir, model_checkpoint_path, all_model_checkpoint_paths,
        all_model_checkpoint_timestamps, last_preserved_timestamp, relative=False))


def _write_state(save_dir: str, latest_filename: str | None, state: CheckpointState) -> None:
    path = _state_path(save_dir, latest_filename)
    if path == state.model_checkpoint_path:
        raise RuntimeError(f"Save path '{state.model_checkpoint_path}' conflicts with path used "
                           f"for checkpoint state.  Please use a different save path.")
    blob = str(state).encode("utf-8")
    _format().write_atomically(path, lambda f: f.write(blob))


def get_checkpoint_state(checkpoint_dir: str,
                         latest_filename: str | None = None) -> CheckpointState | None:
    """The parsed `checkpoint` file of `checkpoint_dir` (relative paths made relative to that
    folder), or None when there is none or it cannot be read."""
    path = _state_path(checkpoint_dir, latest_filename)
    try:
        with open(path, "rb") as f:
            text = f.read().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    try:
        state = _parse_state(text, path)
    except ValueError:
        return None
    if not state.model_checkpoint_path:
        raise ValueError(f"Invalid checkpoint state loaded from {checkpoint_dir}")
    if not os.path.isabs(state.model_checkpoint_path):
        state.model_checkpoint_path = os.path.join(checkpoint_dir, state.model_checkpoint_path)
    state.all_model_checkpoint_paths = [p if os.path.isabs(p) else os.path.join(checkpoint_dir,
                                                                                 p)
                                        for p in state.all_model_checkpoint_paths]
    return state


def get_checkpoint_mtimes(checkpoint_prefixes: list[str]) -> list[float]:
    """The modification times of the checkpoints that exist among `checkpoint_prefixes`."""
    times = []
    for prefix in checkpoint_prefixes:
        try:
            times.append(os.path.getmtime(prefix + _format().INDEX_SUFFIX))
        except OSError:
            continue
    return times


def checkpoint_exists(checkpoint_prefix: str) -> bool:
    """Whether a checkpoint `checkpoint_prefix` is on disk (its `.index` file, or a V1 file)."""
    prefix = os.fspath(checkpoint_prefix)
    return os.path.isfile(prefix + _format().INDEX_SUFFIX) or bool(glob.glob(prefix))


def latest_checkpoint(checkpoint_dir: str, latest_filename: str | None = None) -> str | None:
    """The prefix of the newest checkpoint that the state file names and that exists."""
    state = get_checkpoint_state(checkpoint_dir, latest_filename)
    if state is not None and state.model_checkpoint_path and \
            checkpoint_exists(state.model_checkpoint_path):
        return state.model_checkpoint_path
    return None


def remove_checkpoint(checkpoint_prefix: str, checkpoint_format_version: int = 2,
                      meta_graph_suffix: str = "meta") -> None:
    """Deletes the files of the checkpoint `checkpoint_prefix` (index, data shards, .meta)."""
    paths = [checkpoint_prefix + _format().INDEX_SUFFIX,
             f"{checkpoint_prefix}.{meta_graph_suffix}"]
    paths += glob.glob(glob.escape(checkpoint_prefix) + ".data-?????-of-?????")
    paths += glob.glob(glob.escape(checkpoint_prefix + _format().DATA_SUFFIX +
                                   _format().STAGED) + "*")
    for path in paths:
        try:
            os.remove(path)
        except FileNotFoundError:
            pass


# --------------------------------------------------------------------------------------------
# Reading checkpoints without a graph

class CheckpointReader:
    """`tf.train.NewCheckpointReader`'s reader: the tensors of one checkpoint as numpy values."""

    def __init__(self, filepattern: str):
        self._reader = _format().open_checkpoint(os.fspath(filepattern))

    def get_variable_to_shape_map(self) -> dict[str, list[int]]:
        return {name: list(shape) for name, (_, shape) in self._reader.variables().items()}

    def get_variable_to_dtype_map(self) -> dict[str, _dtypes.DType]:
        return {name: dtype for name, (dtype, _) in self._reader.variables().items()}

    def has_tensor(self, tensor_str: str) -> bool:
        return self._reader.has_tensor(tensor_str)

    def get_tensor(self, tensor_str: str) -> np.ndarray:
        value = self._reader.tensor(tensor_str)
        return value[()] if value.ndim == 0 else value


def NewCheckpointReader(filepattern: str) -> CheckpointReader:
    """A reader of the checkpoint with prefix `filepattern` (minitf's or TF's V2 format)."""
    return CheckpointReader(filepattern)


def _checkpoint_prefix(ckpt_dir_or_file: str) -> str:
    if os.path.isdir(ckpt_dir_or_file):
        found = latest_checkpoint(ckpt_dir_or_file)
        if found is None:
            raise ValueError(f"Couldn't find 'checkpoint' file or checkpoints in given "
                             f"directory {ckpt_dir_or_file}")
        return found
    return ckpt_dir_or_file


def load_checkpoint(ckpt_dir_or_file: str) -> CheckpointReader:
    """A reader of the checkpoint `ckpt_dir_or_file` (a prefix, or a folder: its latest)."""
    return NewCheckpointReader(_checkpoint_prefix(os.fspath(ckpt_dir_or_file)))


def load_variable(ckpt_dir_or_file: str, name: str) -> np.ndarray:
    """The value saved under `name` (a trailing `:0` is dropped) as a numpy value."""
    return load_checkpoint(ckpt_dir_or_file).get_tensor(name.removesuffix(":0"))


def list_variables(ckpt_dir_or_file: str) -> list[tuple[str, list[int]]]:
    """(name, shape) of every tensor in the checkpoint, sorted by name."""
    shapes = load_checkpoint(ckpt_dir_or_file).get_variable_to_shape_map()
    return [(name, shapes[name]) for name in sorted(shapes)]


# --------------------------------------------------------------------------------------------
# Saver

class SaverDef:
    """The names a Saver's ops have in the graph, and its keeping policy (TF's SaverDef)."""
    V1, V2 = 1, 2

    def __init__(self, filename_tensor_name: str = "", save_tensor_name: str = "",
                 restore_op_name: str = "", max_to_keep: int = 0, sharded: bool = False,
                 keep_checkpoint_every_n_hours: float = 0.0, version: int = 2):
        self.filename_tensor_name = filename_tensor_name
        self.save_tensor_name = save_tensor_name
        self.restore_op_name = restore_op_name
        self.max_to_keep = max_to_keep
        self.sharded = sharded
        self.keep_checkpoint_every_n_hours = keep_checkpoint_every_n_hours
        self.version = version

    def __repr__(self) -> str:
        return (f'filename_tensor_name: "{self.filename_tensor_name}"\n'
                f'save_tensor_name: "{self.save_tensor_name}"\n'
                f'restore_op_name: "{self.restore_op_name}"\n'
                f"max_to_keep: {self.max_to_keep}\n"
                + ("sharded: true\n" if self.sharded else "") +
                f"keep_checkpoint_every_n_hours: {self.keep_checkpoint_every_n_hours:g}\n"
                f"version: V{self.version}\n")


def _saver_def_in_scope(saver_def: Any, scope: str | None) -> SaverDef:
    """`saver_def` (TF's SaverDef message becomes minitf's), its names put under `scope` when
    given, in place as TF does: a Saver named after an import scope restores the imported
    ops."""
    from .meta_graph import prepend_scope, saver_def_from_proto  # noqa: PLC0415
    if not isinstance(saver_def, SaverDef):
        return saver_def_from_proto(saver_def, scope)
    if scope:
        for field in ("filename_tensor_name", "save_tensor_name", "restore_op_name"):
            setattr(saver_def, field, prepend_scope(getattr(saver_def, field), scope))
    return saver_def


_meta_graph_warned = False  # Saver.save has said that it cannot write `.meta` files


class _CheckpointNotFoundError(errors.NotFoundError, ValueError):
    """Restoring from a prefix with no checkpoint: TF 1.15 raises ValueError, earlier TF1
    releases NotFoundError from the restore op; this is both, so either `except` works."""


def _variable_ref(var: Any, what: str) -> Tensor:
    """The ref tensor of a variable to save (a tf.Variable or a VariableV2's output)."""
    if isinstance(var, state_ops.Variable):
        return var._ref()
    if isinstance(var, Tensor) and var.dtype._is_ref_dtype and var.op.type == "VariableV2":
        return var
    raise TypeError(f"Variable to save is not a Variable: {what}")


def _slices(key: str, shards: Any) -> list[tuple[str, str, Tensor]]:
    """`(key, slice spec, ref)` of each shard of one partitioned variable saved as `key`."""
    whole = None
    out = []
    for shard in shards:
        if not isinstance(shard, state_ops.Variable):
            raise ValueError(f"Slices must all be Variables: {shard}")
        info = shard._save_slice_info
        if info is None:
            raise ValueError(f"Slices must all be slices: {shard}")
        if whole is None:
            whole = info.full_name
        elif whole != info.full_name:
            raise ValueError(f"Slices must all be from the same tensor: {whole} != "
                             f"{info.full_name}")
        out.append((key, info.spec, shard._ref()))
    return out


def _saveables(var_list: Any) -> list[tuple[str, str, Tensor]]:
    """`(checkpoint key, slice spec, ref tensor)` of everything to save, sorted by key, as TF
    1.15 names them: a list's variables by their op names, a partitioned variable (or its
    shards, found in a list) by its own name with each shard's slice spec; a dict's by its
    keys (a partitioned variable or a list of shards saved in slices)."""
    if isinstance(var_list, dict):
        named = {}
        for key, var in var_list.items():
            if not isinstance(key, str):
                raise TypeError(f"Checkpoint keys must be strings, got {key!r}")
            named[key] = var
    elif isinstance(var_list, (list, tuple, set, frozenset)):
        named = {}
        for var in var_list:
            info = getattr(var, "_save_slice_info", None)
            if isinstance(var, PartitionedVariable):
                name = var.name
            elif info is not None:  # a shard: saved with the others under the whole's name
                if not isinstance(named.setdefault(info.full_name, []), list):
                    raise ValueError(f"Mixing slices and non-slices with the same name: "
                                     f"{info.full_name}")
                named[info.full_name].append(var)
                continue
            else:
                name = _variable_ref(var, str(var)).op.name
            if name in named:  # the same variable twice too, as TF 1.15's op_list_to_dict
                raise ValueError(f"At least two variables have the same name: {name}")
            named[name] = var
    else:
        raise TypeError(f"Variables to save should be passed in a dict or a list: {var_list}")
    out = []
    for key in sorted(named):
        var = named[key]
        if isinstance(var, (list, tuple, PartitionedVariable)):
            out.extend(_slices(key, var))
        else:
            out.append((key, "", _variable_ref(var, str(var))))
    seen = set()
    for key, _, ref in out:
        if ref in seen:
            raise ValueError(f"The same saveable will be restored with two names: {key}")
        seen.add(ref)
    return out


def whole_tensors(names: list[str], specs: list[str], values: list) -> dict:
    """`{name: value}`: each name's value, its slices (from partitioned variables) put
    together into the whole tensor, as minitf's checkpoints keep them."""
    whole: dict = {}
    parts: dict = {}
    for name, spec, value in zip(names, specs, values):
        if name in whole or (not spec and name in parts):
            raise errors.InvalidArgumentError(None, None, f"Duplicate tensor names: {names}")
        if not spec:
            whole[name] = value
        else:
            parts.setdefault(name, []).append((spec, value))
    for name, slices in parts.items():
        full = None
        for spec, value in slices:
            shape, index = parse_shape_and_slice(spec)
            if full is None:
                full, covered = np.zeros(shape, value.dtype), np.zeros(shape, bool)
            if list(full.shape) != shape or full[tuple(index)].shape != value.shape:
                raise errors.InvalidArgumentError(
                    None, None, f"The slices of {name} disagree: {[s for s, _ in slices]}")
            full[tuple(index)] = value
            covered[tuple(index)] = True
        if not covered.all():
            raise errors.UnimplementedError(
                None, None, f"minitf saves whole tensors only: the slices of {name} saved "
                            f"together ({[s for s, _ in slices]}) do not cover it")
        whole[name] = full
    return whole


def _all_saveables(graph: Any) -> list:
    return list(graph.get_collection(GraphKeys.GLOBAL_VARIABLES)) + \
        list(graph.get_collection(GraphKeys.SAVEABLE_OBJECTS))


class Saver:
    """Saves and restores variables (`tf.train.Saver`), with TF1's signature.

    `var_list`, `max_to_keep`, `keep_checkpoint_every_n_hours`, `name`, `saver_def` (a Saver
    over ops already in the graph), `defer_build`, `allow_empty`, `reshape`,
    `pad_step_number`, `save_relative_paths` and `filename` act as in TF1. minitf always writes
    its own format; `sharded=True` builds TF's sharded graph (one shard, written under
    `<prefix>_temp/` and merged into `<prefix>`), as SavedModels and monitored sessions use.
    `write_version`, `restore_sequentially` and `builder` only describe TF's own machinery;
    `sharded` and `write_version` are recorded in `saver_def`.
    """

    def __init__(self, var_list: Any = None, reshape: bool = False, sharded: bool = False,
                 max_to_keep: int | None = 5, keep_checkpoint_every_n_hours: float = 10000.0,
                 name: str | None = None, restore_sequentially: bool = False,
                 saver_def: SaverDef | None = None, builder: Any = None,
                 defer_build: bool = False, allow_empty: bool = False,
                 write_version: int = SaverDef.V2, pad_step_number: bool = False,
                 save_relative_paths: bool = False, filename: str | None = None):
        if defer_build and var_list is not None:
            raise ValueError("If `var_list` is provided then build cannot be deferred. Either "
                             "set defer_build=False or var_list=None.")
        self._var_list = var_list
        self._reshape = reshape
        self._sharded = sharded
        self._max_to_keep = max_to_keep
        self._keep_hours = keep_checkpoint_every_n_hours
        self._name = name
        self._allow_empty = allow_empty
        self._write_version = write_version
        self._pad_step_number = pad_step_number
        self._save_relative_paths = save_relative_paths
        self._filename = filename
        if saver_def is not None:
            saver_def = _saver_def_in_scope(saver_def, name)
        self.saver_def = saver_def
        self._is_empty = False
        self._keys_of_assigns: dict[str, str] = {}
        self._saved_tensors: list | None = None  # (key, slice spec, what is saved), once built
        self._last_checkpoints: list[tuple[str, float]] = []
        self._checkpoints_to_be_deleted: list[tuple[str, float]] = []
        self._next_checkpoint_time = time.time() + keep_checkpoint_every_n_hours * 3600
        if saver_def is None and not defer_build:
            self.build()

    def build(self) -> None:
        """Adds the save and restore ops to the default graph (once)."""
        if self.saver_def is not None:
            return
        graph = get_default_graph()
        var_list = _all_saveables(graph) if self._var_list is None else self._var_list
        saveables = _saveables(var_list)
        if not saveables:
            if not self._allow_empty:
                raise ValueError("No variables to save")
            self._is_empty = True
            self._saved_tensors = []
            self.saver_def = SaverDef(max_to_keep=self._max_to_keep or 0,
                                      keep_checkpoint_every_n_hours=self._keep_hours)
            return
        keys, specs, refs = (list(column) for column in zip(*saveables))
        self._saved_tensors = saveables  # (checkpoint key, slice spec, what is saved)
        with graph.name_scope(self._name or "save"):
            filename = array_ops.placeholder_with_default(self._filename or "model", shape=(),
                                                          name="filename")
            filename = array_ops.placeholder_with_default(filename, shape=(), name="Const")
            if self._sharded:
                save_tensor = _sharded_save(filename, keys, specs, refs)
            else:
                saved = save_v2(filename, keys, specs, refs)
                save_tensor = with_dependencies([saved], filename)
            restored = restore_v2(filename, keys, specs,
                                  [r.dtype.base_dtype for r in refs])
            assigns = []
            for key, ref, value in zip(keys, refs, restored):
                validate = ref.shape.is_fully_defined()
                if self._reshape:
                    value, validate = array_ops.reshape(value, ref.shape), False
                assign = state_ops.assign(ref, value, validate_shape=validate)
                self._keys_of_assigns[assign.op.name] = key
                assigns.append(assign)
            if self._sharded:
                assigns = [group(*assigns, name="restore_shard")]
            restore_op = group(*assigns, name="restore_all")
        self.saver_def = SaverDef(filename.name, save_tensor.name, restore_op.name,
                                  self._max_to_keep or 0, self._sharded, self._keep_hours,
                                  self._write_version)

    def save_tf_format(self, sess: Any, prefix: str) -> None:
        """Writes this Saver's variables in `sess` as a TensorFlow V2 checkpoint at `prefix`
        (byte for byte what TF writes), which TensorFlow itself can restore; `restore` reads it
        too. SavedModels keep their variables so."""
        tensors = self._saved_tensors
        if tensors is None:
            raise ValueError("This Saver was made from a SaverDef: it does not know its "
                             "variables, so it cannot write them in TensorFlow's format")
        if not tensors:
            return
        from . import tf_checkpoint  # noqa: PLC0415
        keys, specs, refs = zip(*tensors)
        values = whole_tensors(list(keys), list(specs), sess.run(list(refs)))
        dtypes = {key: ref.dtype.base_dtype for key, _, ref in tensors}
        data, index = tf_checkpoint.tf_checkpoint_files(
            {k: (dtypes[k], values[k]) for k in values})
        _make_parent(prefix)
        for suffix, content in ((".data-00000-of-00001", data), (".index", index)):
            _format().write_atomically(prefix + suffix, lambda f, c=content: f.write(c))

    def as_saver_def(self) -> SaverDef:
        return self.saver_def

    def to_proto(self, export_scope: str | None = None) -> Any:
        """TF's SaverDef message of this Saver, its names relative to `export_scope` (None
        when its ops are outside that scope)."""
        from .meta_graph import saver_def_proto  # noqa: PLC0415
        return saver_def_proto(self.saver_def, export_scope)

    @staticmethod
    def from_proto(saver_def: Any, import_scope: str | None = None) -> "Saver":
        """A Saver over the ops a SaverDef message names (under `import_scope`)."""
        return Saver(saver_def=saver_def, name=import_scope)

    def export_meta_graph(self, filename: str | None = None,
                          collection_list: list | None = None, as_text: bool = False,
                          export_scope: str | None = None, clear_devices: bool = False,
                          clear_extraneous_savers: bool = False,
                          strip_default_attrs: bool = False,
                          save_debug_info: bool = False) -> Any:
        """The default graph's MetaGraphDef with this Saver's SaverDef, written to `filename`
        when given (`tf.train.export_meta_graph`)."""
        from .meta_graph import export_meta_graph  # noqa: PLC0415
        graph = get_default_graph()
        return export_meta_graph(filename=filename, graph_def=graph.as_graph_def(add_shapes=True),
                                 saver_def=self.saver_def, collection_list=collection_list,
                                 as_text=as_text, graph=graph, export_scope=export_scope,
                                 clear_devices=clear_devices,
                                 clear_extraneous_savers=clear_extraneous_savers,
                                 strip_default_attrs=strip_default_attrs,
                                 save_debug_info=save_debug_info)

    @property
    def last_checkpoints(self) -> list[str]:
        """The checkpoints this Saver still keeps, oldest first."""
        return [p for p, _ in self._last_checkpoints]

    def set_last_checkpoints(self, last_checkpoints: list[str]) -> None:
        """Deprecated in TF1: replaces the kept list; as in TF1 these have an infinite
        timestamp, so that keep_checkpoint_every_n_hours never deletes them."""
        if not isinstance(last_checkpoints, list):
            raise TypeError(f"last_checkpoints must be a list: {last_checkpoints}")
        self._last_checkpoints = [(p, float("inf")) for p in last_checkpoints]

    def set_last_checkpoints_with_time(self,
                                       last_checkpoints_with_time: list[tuple[str, float]]) \
            -> None:
        if not isinstance(last_checkpoints_with_time, list):
            raise TypeError(f"last_checkpoints_with_time must be a list: "
                            f"{last_checkpoints_with_time}")
        self._last_checkpoints = list(last_checkpoints_with_time)

    def recover_last_checkpoints(self, checkpoint_paths: list[str]) -> None:
        """Adopts the checkpoints of an earlier run that still exist (by their files' mtimes),
        so that max_to_keep also deletes those."""
        found = [p for p in checkpoint_paths if checkpoint_exists(p)]
        self.set_last_checkpoints_with_time(list(zip(found, get_checkpoint_mtimes(found))))

    def _record_last_checkpoint(self, path: str) -> None:
        if not self.saver_def.max_to_keep:
            return
        self._last_checkpoints = [c for c in self._last_checkpoints if c[0] != path]
        self._last_checkpoints.append((path, time.time()))
        if len(self._last_checkpoints) > self.saver_def.max_to_keep:
            self._checkpoints_to_be_deleted.append(self._last_checkpoints.pop(0))

    def _maybe_delete_old_checkpoints(self, meta_graph_suffix: str) -> None:
        """Deletes the checkpoints pushed out of the kept list, except one every
        `keep_checkpoint_every_n_hours`."""
        while self._checkpoints_to_be_deleted:
            path, stamp = self._checkpoints_to_be_deleted.pop(0)
            if stamp > self._next_checkpoint_time:
                self._next_checkpoint_time += self.saver_def.keep_checkpoint_every_n_hours * 3600
                continue
            remove_checkpoint(path, self.saver_def.version, meta_graph_suffix)

    def save(self, sess: Any, save_path: str, global_step: Any = None,
             latest_filename: str | None = None, meta_graph_suffix: str = "meta",
             write_meta_graph: bool = True, write_state: bool = True,
             strip_default_attrs: bool = False, save_debug_info: bool = False) -> str | None:
        """Saves the variables' values in `sess` to `save_path` (`save_path-<global_step>`
        when a step is given) and returns that prefix; then records it in the state file,
        deletes checkpoints beyond `max_to_keep` and, with `write_meta_graph`, writes the
        graph's MetaGraphDef to `<prefix>.<meta_graph_suffix>`."""
        if self.saver_def is None:
            raise RuntimeError("`build()` should be called before save if defer_build==True")
        latest_filename = latest_filename or "checkpoint"
        if os.path.split(latest_filename)[0]:
            raise ValueError("'latest_filename' must not contain path components")
        save_path = os.fspath(save_path)
        if global_step is not None:
            if not isinstance(global_step, (int, np.integer)):
                global_step = _global_step_value(sess, global_step)
            step = f"{int(global_step):08d}" if self._pad_step_number else str(int(global_step))
            checkpoint_file = f"{save_path}-{step}"
        else:
            checkpoint_file = save_path
            if os.path.basename(save_path) == latest_filename and not self._sharded:
                raise ValueError(f"'latest_filename' collides with 'save_path': "
                                 f"'{latest_filename}' and '{save_path}'")
        if not isinstance(sess, BaseSession):
            raise TypeError(f"'sess' must be a Session; {sess}")
        path = None
        if not self._is_empty:
            path = self._save_checkpoint(sess, save_path, checkpoint_file, latest_filename,
                                         meta_graph_suffix, write_state)
        if write_meta_graph:
            self._write_meta_graph(sess, f"{checkpoint_file}.{meta_graph_suffix}",
                                   strip_default_attrs, save_debug_info)
        return path

    def _write_meta_graph(self, sess: Any, filename: str, strip_default_attrs: bool,
                          save_debug_info: bool) -> None:
        """The `.meta` file of a save; without the protobuf messages (the tensorboard extra)
        the checkpoint is saved without it, and a warning says so once."""
        global _meta_graph_warned
        try:
            with sess.graph.as_default():
                self.export_meta_graph(filename, strip_default_attrs=strip_default_attrs,
                                       save_debug_info=save_debug_info)
        except ImportError as e:
            if not _meta_graph_warned:
                _meta_graph_warned = True
                logging.getLogger("tensorflow").warning(
                    "Saver.save wrote no MetaGraph (.meta) file: %s", e)

    def _save_checkpoint(self, sess: Any, save_path: str, checkpoint_file: str,
                         latest_filename: str, meta_graph_suffix: str, write_state: bool) -> str:
        parent = os.path.dirname(save_path)
        try:
            path = _text(sess.run(self.saver_def.save_tensor_name,
                                  {self.saver_def.filename_tensor_name: checkpoint_file}))
        except (errors.FailedPreconditionError, errors.NotFoundError):
            if parent and not os.path.isdir(parent):
                raise ValueError(f"Parent directory of {save_path} doesn't exist, can't save.") \
                    from None
            raise
        if write_state:
            self._record_last_checkpoint(path)
            _write_state(parent, latest_filename,
                         _state(parent, path, self.last_checkpoints, None, None,
                                self._save_relative_paths))
            self._maybe_delete_old_checkpoints(meta_graph_suffix)
        return path

    def restore(self, sess: Any, save_path: str) -> None:
        """Restores the variables in `sess` from the checkpoint `save_path` (minitf's format
        or TF's V2). A variable missing from the checkpoint is a NotFoundError, a shape or dtype
        that differs an InvalidArgumentError, both naming the checkpoint key."""
        if self._is_empty:
            return
        if save_path is None:
            raise ValueError("Can't load save_path when it is None.")
        save_path = os.fspath(save_path)
        if not checkpoint_exists(save_path):
            raise _CheckpointNotFoundError(
                None, None, f"The passed save_path is not a valid checkpoint: {save_path}")
        logging.getLogger("tensorflow").info("Restoring parameters from %s", save_path)
        try:
            sess.run(self.saver_def.restore_op_name,
                     {self.saver_def.filename_tensor_name: save_path})
        except errors.NotFoundError as err:
            raise self._restore_error(err, "a Variable name or other graph key that is "
                                           "missing") from None
        except errors.InvalidArgumentError as err:
            raise self._restore_error(err, "a mismatch between the current graph and the "
                                           "graph") from None

    def _restore_error(self, err: errors.OpError, what: str) -> errors.OpError:
        """TF1's wrapping of a failed restore, plus the checkpoint key of a failed Assign."""
        message = (f"Restoring from checkpoint failed. This is most likely due to {what} from "
                   f"the checkpoint. Please ensure that you have not altered the graph expected "
                   f"based on the checkpoint. Original error:\n\n{err.message}")
        key = self._keys_of_assigns.get(getattr(err.op, "name", None))
        if key is not None:
            message += f"\n(restoring checkpoint key {key})"
        return type(err)(err.node_def, err.op, message)
