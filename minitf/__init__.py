"""minitf: TensorFlow 1.x's define-then-run API on numpy (and CuPy).

`import minitf as tf` gives the TF1 namespace; this module only re-exports.
"""
from .framework import errors  # noqa: F401
from .framework import registry as _registry
from .framework.convert import constant, convert_to_tensor, register_tensor_conversion_function  # noqa: F401
from .framework.convert import static_value as get_static_value  # noqa: F401
from .framework.dtypes import *  # noqa: F401,F403
from .framework.graph import (Graph, GraphKeys, Operation, Tensor, add_to_collection,  # noqa: F401
                              add_to_collections, control_dependencies, device,
                              get_collection, get_collection_ref, get_default_graph,
                              get_default_session, name_scope, reset_default_graph,
                              colocate_with)
from .framework.indexed_slices import IndexedSlices, IndexedSlicesValue  # noqa: F401
from .framework.sparse_tensor import SparseTensor, SparseTensorValue  # noqa: F401
from .framework.tensor_shape import (Dimension, TensorShape, dimension_at_index,  # noqa: F401
                                     dimension_value)
from .autodiff.gradients import *  # noqa: F401,F403
from .ops.array import *  # noqa: F401,F403
from .ops.clip import *  # noqa: F401,F403
from .ops.confusion_matrix import *  # noqa: F401,F403
from .ops.control_flow import *  # noqa: F401,F403
from .ops.data_flow import *  # noqa: F401,F403
from .ops.init import *  # noqa: F401,F403
from .ops.linalg import *  # noqa: F401,F403
from .ops.logging_ops import *  # noqa: F401,F403
from .ops.math import *  # noqa: F401,F403
from .ops.nn import *  # noqa: F401,F403
from .ops.numerics import *  # noqa: F401,F403
from .ops.random import *  # noqa: F401,F403
from .ops.sparse_ops import *  # noqa: F401,F403
from .ops.state import *  # noqa: F401,F403
from .ops.tensor_array import *  # noqa: F401,F403
from .ops.variable_scope import *  # noqa: F401,F403
from .ops.partitioned_variables import (fixed_size_partitioner,  # noqa: F401
                                         min_max_variable_partitioner,
                                         variable_axis_size_partitioner)
from .ops.template import *  # noqa: F401,F403
from .runtime.session import (ConfigProto, GPUOptions, InteractiveSession, RunMetadata,  # noqa: F401
                              RunOptions, Session)
from . import initializers, layers, linalg, losses, nn, random, test, train  # noqa: F401,E402
from . import app, compat, flags, gfile, logging, nest  # noqa: F401,E402
from . import debugging, dtypes, math, sparse  # noqa: F401,E402
from .compat import (disable_eager_execution, disable_v2_behavior,  # noqa: F401,E402
                     enable_eager_execution, enable_v2_behavior, executing_eagerly)


# Public names whose modules load on first use, to keep `import minitf` fast: name -> module
# (relative to this package). A family listed here declares exactly its `__all__`.
_LAZY: dict[str, str] = {}


def _lazy(module: str, names: list[str]) -> None:
    _registry.add_lazy_family(f"{__name__}{module}")
    _LAZY.update(dict.fromkeys(names, module))


_lazy(".ops.functional", ["map_fn", "scan", "foldl", "foldr"])
_lazy(".ops.script_ops", ["py_func", "numpy_function"])
_lazy(".ops.string_ops", ["string_split", "string_to_number", "as_string", "string_join",
                           "reduce_join", "substr", "string_to_hash_bucket_fast",
                           "string_to_hash_bucket_strong", "regex_replace", "string_strip"])
_lazy(".ops.lookup_ops", ["tables_initializer", "initialize_all_tables"])
_lazy(".autodiff.hessians", ["hessians"])
_lazy(".autodiff.custom_gradient", ["custom_gradient"])
_lazy(".framework.tensor_util", ["make_tensor_proto", "make_ndarray"])
_lazy(".framework.importer", ["import_graph_def"])
_lazy(".ops.io_ops", ["FixedLengthRecordReader", "IdentityReader", "ReaderBase", "TFRecordReader",
                      "TextLineReader", "WholeFileReader", "matching_files", "read_file",
                      "write_file"])
_lazy(".ops.parsing_ops", ["FixedLenFeature", "FixedLenSequenceFeature", "VarLenFeature",
                           "decode_csv", "decode_raw", "parse_example", "parse_single_example",
                           "parse_single_sequence_example"])
_registry.add_lazy_family(f"{__name__}.summary.summary_ops")  # tf.summary's op types
_registry.add_lazy_family(f"{__name__}.ops.image_ops")  # tf.image's

# Namespaces imported on first use: name -> module
_LAZY_MODULES = {name: f".{name}" for name in ("contrib", "viz", "data", "summary", "metrics",
                                               "strings", "lookup", "keras", "saved_model",
                                               "io", "python_io", "queue", "image")}
_LAZY_MODULES["graph_util"] = ".framework.graph_util"


def __getattr__(name: str):
    """`tf.contrib`, `tf.data`, `tf.summary`, ... (`_LAZY_MODULES`), `minitf.viz` and the names
    in `_LAZY` are imported on first use, so that the core never depends on them."""
    import importlib
    if name in _LAZY_MODULES:
        return importlib.import_module(_LAZY_MODULES[name], __name__)
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name], __name__), name)
        globals()[name] = value
        return value
    if name in ("Summary", "SessionLog", "Event"):  # TF1's protobuf classes, loaded on first use
        return getattr(importlib.import_module(".summary", __name__), name)
    if name in ("GraphDef", "NodeDef", "MetaGraphDef", "AttrValue"):
        from .framework.graph_def import protos
        pb = protos()
        return {"GraphDef": pb.graph_pb2.GraphDef, "NodeDef": pb.node_def_pb2.NodeDef,
                "MetaGraphDef": pb.meta_graph_pb2.MetaGraphDef,
                "AttrValue": pb.attr_value_pb2.AttrValue}[name]
    raise AttributeError(f"module 'minitf' has no attribute '{name}'")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY) | set(_LAZY_MODULES) - {"viz"})


__version__ = VERSION = "1.15.0"  # the TF release whose behaviour minitf follows
__git_version__ = GIT_VERSION = "v1.15.0-rc3-22-g590d6eef7e"
