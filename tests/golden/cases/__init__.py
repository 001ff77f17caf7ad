"""Golden cases: small TF1 programs that real TensorFlow (tools/make_golden.py) and minitf
(tests/golden/test_golden.py) both run through the same recorder, so the two records compare.

A case is `fn(tf, rng) -> dict`, where `tf` is the TF1 API (`tensorflow.compat.v1` or `minitf`)
and `rng` a numpy RandomState seeded from the case id. It builds a graph and returns:

- `fetch`: name -> tensor, op, tensor name or any nest of them, run in a Session;
- `feed`: placeholder -> numpy value (drawn from `rng`, so both sides feed the same numbers);
- `run`: a function `sess -> nest of values`, run instead of fetching `fetch` (which is then
  only described), for session behaviour and sequences of runs;
- `facts`: name -> JSON-able Python value observed while building (`repr(t)`, names ...);
- `values=False`: record shapes and dtypes of the results but not their numbers (random ops);
- `names=False`: record the graph's op types but not its op list, and fetched tensors without
  their names and op types (gradient graphs: TF 2.x builds them differently from 1.15, minitf's
  model, with the same numbers);
- `init=True`: run `global_variables_initializer()` first; `tol`: rtol and atol for floats.

Every record also lists the graph's ops (`name (Type)`, in creation order). A case registered
with `error="fragment"` must raise (while building or running); the record keeps the exception's
class name, the stage and the message line holding the fragment, which must occur in the
messages of both implementations.
"""
from __future__ import annotations

import collections.abc as cabc
import dataclasses
import importlib
import json
import zlib
from typing import Any, Callable

import numpy as np

FAMILIES = ("array", "math", "nn", "random", "state", "graph", "session", "grad_math",
            "grad_array", "grad_nn", "losses", "layers", "train", "tensor_array", "control_flow",
            "rnn_cell", "rnn", "rnn_extra", "saver", "summary", "numerics", "conv", "surface",
            "math_extra", "array_extra", "data_extra", "layers_extra", "misc_extra",
            "sparse_extra", "random_streams", "rnn_raw", "pipes")


@dataclasses.dataclass(frozen=True)
class Case:
    family: str
    name: str
    fn: Callable[[Any, np.random.RandomState], dict | None]
    error: str | None = None
    tf115: Callable[[dict], None] | None = None

    @property
    def id(self) -> str:
        return f"{self.family}/{self.name}"


_CASES: dict[str, Case] = {}


def case(fn: Callable | None = None, *, name: str | None = None, error: str | None = None,
         tf115: Callable[[dict], None] | None = None):
    """Registers `fn` as a case of the family module it is defined in (`@case` or
    `case(name=..., error=...)(fn)` for cases generated in loops).

    `tf115(record)` edits TensorFlow 2.x's record in place where TF 1.15, minitf's model, is
    known (from its source) to differ; the generator applies it and marks the record."""
    def register(f: Callable) -> Callable:
        family = f.__module__.rsplit(".", 1)[-1]
        c = Case(family, name or f.__name__, f, error, tf115)
        if c.id in _CASES:
            raise ValueError(f"duplicate golden case {c.id}")
        _CASES[c.id] = c
        return f
    return register(fn) if fn is not None else register


def all_cases() -> dict[str, Case]:
    """Every case of every family, by id (`math/add_broadcast`)."""
    for family in FAMILIES:
        importlib.import_module(f"{__name__}.{family}")
    return dict(_CASES)


def fetched_tensors(record: dict) -> list[dict]:
    """The descriptions of a record's fetched tensors (for `tf115` patches to edit in place)."""
    found: list[dict] = []

    def walk(x: Any) -> None:
        if isinstance(x, dict):
            if "tensor" in x:
                found.append(x)
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)
    walk(record.get("fetch"))
    return found


def rename_ops(record: dict, renames: dict[str, str]) -> None:
    """A `tf115` helper: renames ops in a record's graph list and fetched tensor names."""
    def op_name(name: str) -> str:
        return renames.get(name, name)

    graph = []
    for entry in record["graph"]:
        name, _, rest = entry.partition(" (")
        graph.append(f"{op_name(name)} ({rest}")
    record["graph"] = graph
    for t in fetched_tensors(record):
        name, _, index = t["tensor"].rpartition(":")
        t["tensor"] = f"{op_name(name)}:{index}"


def edit_graph(drop: tuple = (), retype: dict | None = None,
               insert_after: dict | None = None) -> Callable[[dict], None]:
    """A `tf115` patch on a record's op list: drop entries, replace entries (`retype`, old entry
    -> new entry, e.g. a Pack that 1.15 built as a Const), insert entries after others."""
    def patch(record: dict) -> None:
        out = []
        for entry in record["graph"]:
            if entry in drop:
                continue
            out.append((retype or {}).get(entry, entry))
            out.extend((insert_after or {}).get(entry, ()))
        record["graph"] = out
    return patch


def normal(rng: np.random.RandomState, *shape: int, dtype: Any = np.float32) -> np.ndarray:
    return rng.standard_normal(shape).astype(dtype)


def uniform(rng: np.random.RandomState, lo: float, hi: float, *shape: int,
            dtype: Any = np.float32) -> np.ndarray:
    return rng.uniform(lo, hi, shape).astype(dtype)


def ints(rng: np.random.RandomState, lo: int, hi: int, *shape: int,
         dtype: Any = np.int32) -> np.ndarray:
    return rng.randint(lo, hi, shape).astype(dtype)


def tf_add_is_add(record: dict) -> None:
    """A `tf115` patch: TF 1.15's `tf.add` is the generated op `Add` (TF 2.x builds `AddV2`, as
    `+` does); retypes the AddV2 ops named `Add`, `Add_1`, ... and the fetched ones."""
    def is_tf_add(op_name: str) -> bool:
        return op_name.rpartition("/")[2].split("_")[0] == "Add"
    if "graph" in record:
        record["graph"] = [g.replace("(AddV2)", "(Add)") if is_tf_add(g.partition(" (")[0])
                           else g for g in record["graph"]]
    for t in fetched_tensors(record):
        if t.get("type") == "AddV2" and is_tf_add(t["tensor"].rpartition(":")[0]):
            t["type"] = "Add"


def initializer_add(record: dict) -> None:
    """A `tf115` patch: TF 1.15's initializers end random_uniform with `math_ops.add`, the op type
    `Add` (TF 2.x: AddV2)."""
    if "graph" in record:
        record["graph"] = [g.replace("(AddV2)", "(Add)") if "/Initializer/" in g else g
                           for g in record["graph"]]


def case_with(*patches: Callable[[dict], None]) -> Callable:
    """A `case` decorator that applies `patches` to every record of a family, then the case's own
    `tf115` patch."""
    def decorate(fn: Callable | None = None, *, tf115: Callable[[dict], None] | None = None,
                 **kwargs: Any):
        steps = patches + ((tf115,) if tf115 is not None else ())

        def patch(record: dict) -> None:
            for step in steps:
                step(record)
        patch.__name__ = "_".join(step.__name__ for step in steps)
        return case(fn, tf115=patch, **kwargs)
    return decorate


def raises(fn: Callable[[], Any]) -> str | None:
    """The builtin exception class (TypeError, KeyError ...) that what `fn()` raises derives
    from, or None: for facts about errors whose wording and TF-specific subclass (TF 2.x's
    OperatorNotAllowedInGraphError is a TypeError) differ between TensorFlow versions."""
    try:
        fn()
    except Exception as e:  # noqa: BLE001
        return next(c.__name__ for c in type(e).__mro__ if c.__module__ == "builtins")
    return None


# ---- the recorder

def record(tf: Any, c: Case) -> dict:
    """Builds and runs case `c` with the API `tf`; returns its JSON-able record."""
    rng = np.random.RandomState(zlib.crc32(c.id.encode()))
    g = tf.Graph()
    with g.as_default():
        try:
            spec = c.fn(tf, rng) or {}
        except Exception as e:  # noqa: BLE001 - the record says what was raised
            return {"error": _error("build", e, c.error)}
        names = spec.get("names", True)
        if names:
            rec: dict = {"graph": [f"{op.name} ({op.type})" for op in g.get_operations()]}
        else:
            rec = {"op_types": sorted({op.type for op in g.get_operations()})}
        if "facts" in spec:
            rec["facts"] = jsonable(spec["facts"])
        if "tol" in spec:
            rec["tol"] = spec["tol"]
        fetch = spec.get("fetch")
        if fetch is not None:
            rec["fetch"] = describe_fetch(fetch, names)
        if fetch is None and "run" not in spec:
            return rec
        try:
            with tf.Session(graph=g) as sess:
                if spec.get("init"):
                    sess.run(tf.global_variables_initializer())
                if "run" in spec:
                    result = spec["run"](sess)
                else:
                    result = sess.run(fetch, feed_dict=spec.get("feed"))
        except Exception as e:  # noqa: BLE001
            rec["error"] = _error("run", e, c.error)
            return rec
        rec["values"] = describe_value(result, spec.get("values", True))
    return rec


def _error(stage: str, e: BaseException, fragment: str | None) -> dict:
    """Class, stage and the message line holding `fragment` (else the first line: TF 2.x puts
    "Graph execution error:" and a traceback before a kernel's own text)."""
    lines = [ln.strip() for ln in str(e).strip().splitlines() if ln.strip()] or [""]
    line = next((ln for ln in lines if fragment and fragment in ln), lines[0])
    return {"stage": stage, "type": type(e).__name__, "message": line}


def _is_namedtuple(x: Any) -> bool:
    return isinstance(x, tuple) and hasattr(type(x), "_fields")


def _nest(x: Any, leaf: Callable[[Any], Any]) -> Any:
    """Walks lists, tuples, namedtuples and mappings (sorted keys), applying `leaf`."""
    if isinstance(x, cabc.Mapping):
        return {"mapping": type(x).__name__,
                "items": {str(k): _nest(x[k], leaf) for k in sorted(x, key=str)}}
    if _is_namedtuple(x):
        return {"namedtuple": type(x).__name__,
                "items": {f: _nest(getattr(x, f), leaf) for f in x._fields}}
    if isinstance(x, (list, tuple)):
        return {type(x).__name__: [_nest(v, leaf) for v in x]}
    return leaf(x)


def describe_fetch(fetch: Any, names: bool = True) -> Any:
    """Static facts of each fetched element: tensor name, op type (unless not `names`), static
    shape, dtype."""
    def leaf(x: Any) -> dict:
        if isinstance(x, str):
            return {"by_name": x}
        if hasattr(x, "outputs") and hasattr(x, "type"):
            return {"op": x.name, "type": x.type} if names else {"op": True}
        if type(x).__name__ == "SparseTensor":  # its three tensors and its dense shape
            shape = x.shape
            return {"sparse": {k: leaf(getattr(x, k)) for k in ("indices", "values",
                                                                 "dense_shape")},
                    "shape": None if shape.ndims is None else shape.as_list()}
        shape = x.shape
        out = {"dtype": x.dtype.name, "shape": None if shape.ndims is None else shape.as_list()}
        if names:
            out.update(tensor=x.name, type=x.op.type)
        return out
    return _nest(fetch, leaf)


def _data(a: np.ndarray) -> list:
    if a.dtype.kind == "f":
        # numpy's shortest repr per dtype keeps float32 values exact and the file small
        return [float(str(v)) for v in a.ravel()]
    if a.dtype.kind in "OSU":
        return [v.decode("latin-1") if isinstance(v, bytes) else str(v) for v in a.ravel()]
    return a.ravel().tolist()


def describe_value(result: Any, with_data: bool = True) -> Any:
    """The Python type, dtype, shape and (unless `with_data` is false) numbers of each result."""
    def leaf(v: Any) -> Any:
        if v is None:
            return {"py": "None"}
        if isinstance(v, (np.ndarray, np.generic)):
            a = np.asarray(v)
            out = {"py": "ndarray" if isinstance(v, np.ndarray) else "scalar",
                   "dtype": str(a.dtype), "shape": list(a.shape)}
            if with_data:
                out["data"] = _data(a)
            return out
        if isinstance(v, bytes):
            return {"py": "bytes", "data": v.decode("latin-1")}
        if isinstance(v, (bool, int, float, str)):
            return {"py": type(v).__name__, "data": v}
        raise TypeError(f"unexpected result type {type(v).__name__}: {v!r}")
    return _nest(result, leaf)


def jsonable(x: Any) -> Any:
    """`x` as it reads back from JSON (tuples become lists, numpy scalars Python numbers)."""
    def default(o: Any) -> Any:
        if isinstance(o, np.generic):
            return o.item()
        if isinstance(o, np.ndarray):
            return o.tolist()
        raise TypeError(f"facts must be plain Python values, got {type(o).__name__}: {o!r}")
    return json.loads(json.dumps(x, default=default))
