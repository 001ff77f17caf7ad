"""`tf.Session` and `tf.InteractiveSession` (mirrors tensorflow/python/client/session.py).

A session owns its variable values and random generators (`Resources`), checks feeds once at
the door, and runs cached plans. Plans are keyed by (fetched tensors, target ops, fed tensors).
"""
from __future__ import annotations

import os
import threading
from typing import Any

import numpy as np

from ..framework import dtypes as _dtypes
from ..framework import errors
from ..framework import graph as _graph
from ..framework import nest
from ..framework.graph import Graph, Tensor
from . import backend as _backend
from ..framework import philox as _philox
from .fetches import FetchMapper, mapper_key
from .plan import Plan


class Resources:
    """Per-session state that stateful kernels keep: variable values, queues, lookup tables
    and random generators.

    Stored variable arrays are read-only: an assignment stores a new array and optimizer
    updates write in place through a view, while fetches copy read-only arrays, so a value
    fetched earlier never changes under the user.
    """

    def __init__(self, backend: _backend.Backend):
        self.backend = backend
        self.variables: dict[str, Any] = {}
        self.queues: dict[str, Any] = {}  # queue ops' queues (minitf/ops/data_flow.py)
        self.iterators: dict[str, Any] = {}  # tf.data iterators (minitf/ops/dataset_ops.py)
        self.samplers: dict[str, Any] = {}  # learned candidate samplers' counts
        self.tables: dict[str, Any] = {}  # lookup tables (minitf/ops/lookup_ops.py)
        self.readers: dict[str, Any] = {}  # readers (minitf/ops/io_ops.py)
        self._rngs: dict[str, Any] = {}
        self.lock = threading.RLock()

    def rng(self, op_name: str, seed: int | None, seed2: int | None) -> Any:
        """The Philox generator state of one random op in this session, from its
        (seed, seed2); both None: random seeds (framework/philox.py)."""
        gen = self._rngs.get(op_name)
        if gen is None:
            if seed is None and seed2 is None:
                gen = _philox.PhiloxState.unseeded()
            else:
                gen = _philox.PhiloxState(seed or 0, seed2 or 0)
            self._rngs[op_name] = gen
        return gen


class ConfigProto:
    """Session options. TF's fields are accepted and recorded; minitf reads `backend` ('numpy'
    or 'cupy') and `device_count={'GPU': 0}` (never use a GPU)."""

    def __init__(self, **kwargs: Any):
        self.allow_soft_placement = kwargs.pop("allow_soft_placement", False)
        self.log_device_placement = kwargs.pop("log_device_placement", False)
        self.device_count = dict(kwargs.pop("device_count", {}) or {})
        self.gpu_options = kwargs.pop("gpu_options", None) or GPUOptions()
        self.backend = kwargs.pop("backend", None)
        self.intra_op_parallelism_threads = kwargs.pop("intra_op_parallelism_threads", 0)
        self.inter_op_parallelism_threads = kwargs.pop("inter_op_parallelism_threads", 0)
        for k, v in kwargs.items():
            setattr(self, k, v)


class GPUOptions:
    def __init__(self, **kwargs: Any):
        self.allow_growth = kwargs.pop("allow_growth", False)
        self.per_process_gpu_memory_fraction = kwargs.pop("per_process_gpu_memory_fraction", 1.0)
        for k, v in kwargs.items():
            setattr(self, k, v)


class RunOptions:
    FULL_TRACE = 3
    NO_TRACE = 0

    def __init__(self, **kwargs: Any):
        self.trace_level = kwargs.pop("trace_level", 0)
        for k, v in kwargs.items():
            setattr(self, k, v)


class RunMetadata:
    def __init__(self):
        self.step_stats = None
        self.partition_graphs = []


class _FeedSpec:
    """How to check and convert the values fed to one tensor (built once per plan)."""

    __slots__ = ("tensor", "np_dtype", "dims", "is_int")

    def __init__(self, tensor: Tensor):
        self.tensor = tensor
        self.np_dtype = _dtypes.np_dtype(tensor.dtype)
        shape = tensor.shape
        self.dims = None if shape.ndims is None else tuple(d.value for d in shape.dims)
        self.is_int = tensor.dtype.base_dtype.is_integer

    def convert(self, value: Any, key: Any) -> Any:
        if type(value) is np.ndarray and value.dtype == self.np_dtype != object:
            arr = value
        else:
            if isinstance(value, Tensor):
                raise TypeError(f"The value of a feed cannot be a tf.Tensor object. Acceptable feed"
                                f" values include Python scalars, strings, lists, numpy ndarrays, "
                                f"or TensorHandles. For reference, the tensor object was {value} "
                                f"which was passed to the feed with key {key}.")
            if isinstance(value, int) and not self._holds(value):
                raise TypeError(f"Type of feed value {value} with type {type(value)} is not "
                                f"compatible with Tensor type "
                                f"{object if self.np_dtype == object else self.np_dtype.type}. Try "
                                f"explicitly setting the type of the feed tensor to a larger "
                                f"type (e.g. int64).")
            if self.np_dtype == object:
                arr = np.asarray(value, dtype=object)
                if arr.size:
                    arr = np.array(_encode(arr.tolist()), dtype=object).reshape(arr.shape)
            else:
                try:
                    arr = np.asarray(value, dtype=self.np_dtype)
                except OverflowError:  # ints in a list are cast without a check, as TF1 does
                    arr = np.asarray(value).astype(self.np_dtype)
        dims = self.dims
        if dims is not None:
            shp = arr.shape
            if len(shp) != len(dims) or any(d is not None and d != s for d, s in zip(dims, shp)):
                raise ValueError(f"Cannot feed value of shape {shp} for Tensor "
                                 f"'{self.tensor.name}', which has shape '{self.tensor.shape}'")
        return arr

    def _holds(self, value: int) -> bool:
        """Whether a Python int fed to this tensor keeps its value, as TF1 checks it (so 5 is
        not a bool, nor a string)."""
        if self.is_int:
            info = np.iinfo(self.np_dtype)
            return bool(info.min <= value <= info.max)
        if self.np_dtype == object:
            return False
        return bool(self.np_dtype.type(value) == value)


def _read_only(arr: Any) -> Any:
    """A read-only view of a fed array: a fetched result that shares its memory (a Reshape of
    a feed) is then copied, so it never changes with the caller's array."""
    if getattr(arr, "flags", None) is None or not arr.flags.writeable:
        return arr
    view = arr.view()
    view.flags.writeable = False
    return view


def _encode(value: Any) -> Any:
    """Fed strings become bytes, as TF returns them."""
    if isinstance(value, str):
        return value.encode("utf-8")
    if isinstance(value, list):
        return [_encode(v) for v in value]
    return value


class BaseSession:
    """The engine behind Session and InteractiveSession."""

    def __init__(self, target: str = "", graph: Graph | None = None, config: Any = None):
        self._graph = graph if graph is not None else _graph.get_default_graph()
        if not isinstance(self._graph, Graph):
            raise TypeError(f"graph must be a tf.Graph, but got {type(self._graph)}")
        if config is not None and not isinstance(config, ConfigProto):
            raise TypeError(f"config must be a tf.ConfigProto, but got {type(config)}")
        self._target = target
        self._config = config
        self._closed = False
        self._plans: dict = {}
        self._mappers: dict = {}
        self._backend_choice = getattr(config, "backend", None)
        self._no_gpu = (getattr(config, "device_count", None) or {}).get("GPU", 1) == 0
        self._backend: _backend.Backend | None = None
        self._resources: Resources | None = None
        self._lock = threading.RLock()
        self._default_ctx: list = []

    # ---- properties
    @property
    def graph(self) -> Graph:
        return self._graph

    @property
    def graph_def(self) -> Any:
        return self._graph.as_graph_def() if hasattr(self._graph, "as_graph_def") else None

    @property
    def sess_str(self) -> str:
        return self._target

    @property
    def backend(self) -> _backend.Backend:
        """The array backend; fixed on the first run (GPU placement can decide it)."""
        if self._backend is None:
            wants_gpu = not self._no_gpu and any(
                "GPU" in op.device for op in self._graph._ops)
            self._backend = _backend.select(self._backend_choice, wants_gpu)
            self._resources = Resources(self._backend)
            _backend.keep_freed_memory()
        return self._backend

    @property
    def resources(self) -> Resources:
        self.backend  # noqa: B018 - fixes the backend and creates the store
        return self._resources

    def list_devices(self) -> list:
        devs = [_DeviceAttributes("/job:localhost/replica:0/task:0/device:CPU:0", "CPU")]
        if self.backend.name == "cupy":
            devs.append(_DeviceAttributes("/job:localhost/replica:0/task:0/device:GPU:0", "GPU"))
        return devs

    # ---- run
    def run(self, fetches: Any, feed_dict: Any = None, options: Any = None,
            run_metadata: Any = None) -> Any:
        """Runs the ops needed for `fetches` and returns their values in the same structure."""
        if self._closed:
            raise RuntimeError("Attempted to use a closed Session.")
        if not self._graph._ops:
            raise RuntimeError("The Session graph is empty.  Add operations to the graph before "
                               "calling run().")
        mapper = self._mapper(fetches)
        feed_tensors, feed_values = self._feed_items(feed_dict)
        if not mapper.tensors and not mapper.targets:
            return mapper.build(())
        plan, specs = self._plan(mapper.tensors, mapper.targets, feed_tensors)
        return self._execute(plan, specs, feed_tensors, feed_values, mapper)

    def _execute(self, plan: Plan, specs: list, feed_tensors: tuple, feed_values: Any,
                 mapper: FetchMapper) -> Any:
        """Checks and converts the feeds, runs the plan, returns the user's structure."""
        be = self._backend
        host = [spec.convert(v, t) for spec, v, t in zip(specs, feed_values, feed_tensors)]
        dev = [_read_only(h) for h in host] if be is _backend.NUMPY else \
            [be.to_device(h) for h in host]
        with be.errstate():
            results = plan(*dev)
        fed = [(i, host[j]) for i, j in plan.fed_fetches] if plan.fed_fetches else None
        return mapper.build(results, be.to_host, fed)

    def _mapper(self, fetches: Any) -> FetchMapper:
        """The FetchMapper of `fetches`, reused for a tensor, an op or a flat list of them."""
        key = mapper_key(fetches)
        if key is None:
            return FetchMapper(self._graph, fetches)
        mapper = self._mappers.get(key)
        if mapper is None:
            mapper = self._mappers[key] = FetchMapper(self._graph, fetches)
        return mapper

    def _feed_items(self, feed_dict: Any) -> tuple[tuple, list]:
        if not feed_dict:
            return (), []
        tensors, values = [], []
        g = self._graph
        items = feed_dict.items()
        if any(isinstance(k, tuple) for k in feed_dict):
            items = _flatten_feed_dict(feed_dict).items()
        for key, value in items:
            t = key if type(key) is Tensor and key.graph is g else _feed_key(g, key)
            if isinstance(t, tuple):  # a SparseTensor-like key fed part by part
                for sub_t, sub_v in zip(t, value):
                    tensors.append(sub_t)
                    values.append(sub_v)
                continue
            tensors.append(t)
            values.append(value)
        return tuple(tensors), values

    def _plan(self, tensors: tuple, targets: tuple, feeds: tuple) -> tuple[Plan, list]:
        key = (tensors, targets, feeds, self._graph._rewires)
        entry = self._plans.get(key)
        if entry is None:
            with self._lock:
                entry = self._plans.get(key)
                if entry is None:
                    for t in feeds:
                        if not self._graph.is_feedable(t):
                            raise ValueError(f"Tensor {t} may not be fed.")
                    be = self.backend
                    with be.errstate():  # the plan computes constant subgraphs once
                        plan = Plan(tensors, targets, feeds, be.xp, self._resources,
                                    self._compile_subplan)
                    entry = self._plans[key] = (plan, [_FeedSpec(t) for t in feeds])
        return entry

    def _compile_subplan(self, fetches, feeds, targets=(), level=None) -> Plan:
        """The compile callback handed to control-flow kernels: the plan of a loop body or a
        branch (`level`, its context), fed with the values the construct passes in."""
        return Plan(fetches, targets, feeds, self.backend.xp, self._resources,
                    self._compile_subplan, level)

    def make_callable(self, fetches: Any, feed_list: Any = None, accept_options: bool = False):
        """A function running `fetches` with positional feeds, skipping per-call lookups."""
        if feed_list is not None and not isinstance(feed_list, (list, tuple)):
            raise TypeError("`feed_list` must be a list or tuple.")
        if self._closed:
            raise _session_closed()
        feed_list = list(feed_list or [])
        feed_tensors = tuple(_feed_key(self._graph, k) for k in feed_list)
        mapper = FetchMapper(self._graph, fetches)
        if not mapper.tensors and not mapper.targets:
            return lambda *args, **kw: mapper.build(())
        plan, specs = self._plan(mapper.tensors, mapper.targets, feed_tensors)

        def call(*args: Any, **kwargs: Any) -> Any:
            if self._closed:
                raise _session_closed()
            if len(args) != len(specs):  # TF1 zips the feeds: a missing one fails in the run
                return self.run(fetches, dict(zip(feed_list, args)))
            return self._execute(plan, specs, feed_tensors, args, mapper)
        return call

    # ---- lifecycle
    def close(self) -> None:
        self._closed = True
        self._plans.clear()
        self._mappers.clear()

    def as_default(self):
        return _graph.default_session(self)

    def __enter__(self) -> "BaseSession":
        graph_ctx = self._graph.as_default()
        sess_ctx = self.as_default()
        graph_ctx.__enter__()
        sess_ctx.__enter__()
        self._default_ctx.append((graph_ctx, sess_ctx))
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        graph_ctx, sess_ctx = self._default_ctx.pop()
        sess_ctx.__exit__(exc_type, exc, tb)
        graph_ctx.__exit__(exc_type, exc, tb)
        self.close()


def _session_closed() -> errors.CancelledError:
    """What TF's C API answers a callable of a closed session (run() says RuntimeError)."""
    return errors.CancelledError(None, None, "Session has been closed.")


def _flatten_feed_dict(feed_dict: Any) -> dict:
    """TF1 feeds a tuple key (an LSTMStateTuple of placeholders, say) leaf by leaf from a value
    of the same structure."""
    flat: dict = {}
    for key, value in feed_dict.items():
        if nest.is_sequence(key):
            keys, vals = nest.flatten(key), nest.flatten(value)
            if len(keys) != len(vals):
                raise ValueError(f"Could not flatten dictionary. Key had {len(keys)} elements, "
                                 f"but value had {len(vals)} elements. Key: {keys}, value: "
                                 f"{vals}.")
        else:
            keys, vals = [key], [value]
        for k, v in zip(keys, vals):
            if k in flat:
                raise ValueError(f"Could not flatten dictionary: key {k} is not unique.")
            flat[k] = v
    return flat


def _feed_key(graph: Graph, key: Any) -> Any:
    """Resolves a feed_dict key (tensor, name, variable, ...) to a tensor of this graph."""
    conv = getattr(key, "_feed_tensors", None)
    if conv is not None:
        return tuple(conv())
    if not isinstance(key, (Tensor, str)):
        ref = getattr(key, "_ref", None) or getattr(key, "_as_graph_element", None)
        if ref is None:
            raise TypeError(f"Cannot interpret feed_dict key as Tensor: Can not convert a "
                            f"{type(key).__name__} into a Tensor.")
        key = ref()
    try:
        t = graph.as_graph_element(key, allow_tensor=True, allow_operation=False)
    except (ValueError, KeyError) as e:
        msg = e.args[0] if e.args else str(e)
        raise TypeError(f"Cannot interpret feed_dict key as Tensor: {msg}") from None
    return t


class _DeviceAttributes:
    def __init__(self, name: str, device_type: str):
        self.name = name
        self.device_type = device_type
        self.memory_limit_bytes = 0

    def __repr__(self) -> str:
        return f"_DeviceAttributes({self.name}, {self.device_type}, {self.memory_limit_bytes})"


class Session(BaseSession):
    """`tf.Session(target='', graph=None, config=None)`."""


class InteractiveSession(BaseSession):
    """A session that makes itself the default on construction (for shells and notebooks)."""

    def __init__(self, target: str = "", graph: Graph | None = None, config: Any = None):
        super().__init__(target, graph, config)
        _graph.push_default_session(self)
        self._graph_ctx = self._graph.as_default()
        self._graph_ctx.__enter__()

    def close(self) -> None:
        if not self._closed:
            _graph.pop_default_session(self)
            try:
                self._graph_ctx.__exit__(None, None, None)
            except (IndexError, ValueError):
                pass
        super().close()

