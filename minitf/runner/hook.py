"""The import hook: `tensorflow` and its public TF1 modules resolved to minitf.

Each TF module name maps to a minitf module (or to a bare namespace such as
`tensorflow.python`, or, for TF's protobuf modules, to TensorBoard's copy). Scripts get a
proxy module per TF name that reads attributes from the minitf module behind it, so TF's
module layout is served without touching minitf's own modules; a name minitf lacks raises
`MissingSymbolError`, and an unknown `tensorflow.*` module `MissingModuleError`, both naming
the symbol.
"""
from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
import types
from typing import Any

__all__ = ["MODULES", "MissingSymbolError", "MissingModuleError", "TFModuleFinder", "install",
           "uninstall", "installed"]

_DOCS = "docs/running-tf1-code.md lists what minitf supports"

# TF module name -> minitf module name (None: a namespace with only the submodules below)
MODULES: dict[str, str | None] = {
    "tensorflow": "minitf",
    "tensorflow.compat": "minitf.compat",
    "tensorflow.compat.v1": "minitf",
    "tensorflow.app": "minitf.app",
    "tensorflow.flags": "minitf.flags",
    "tensorflow.logging": "minitf.logging",
    "tensorflow.gfile": "minitf.gfile",
    "tensorflow.test": "minitf.test",
    "tensorflow.errors": "minitf.framework.errors",
    "tensorflow.nn": "minitf.nn",
    "tensorflow.nn.rnn_cell": "minitf.nn.rnn_cell",
    "tensorflow.train": "minitf.train",
    "tensorflow.saved_model": "minitf.saved_model",
    "tensorflow.saved_model.builder": "minitf.saved_model.builder",
    "tensorflow.saved_model.loader": "minitf.saved_model.loader",
    "tensorflow.saved_model.utils": "minitf.saved_model.utils",
    "tensorflow.saved_model.signature_def_utils": "minitf.saved_model.signature_def_utils",
    "tensorflow.saved_model.signature_constants": "minitf.saved_model.signature_constants",
    "tensorflow.saved_model.tag_constants": "minitf.saved_model.tag_constants",
    "tensorflow.saved_model.main_op": "minitf.saved_model.main_op",
    "tensorflow.saved_model.constants": "minitf.saved_model.constants",
    "tensorflow.summary": "minitf.summary",
    "tensorflow.layers": "minitf.layers",
    "tensorflow.losses": "minitf.losses",
    "tensorflow.initializers": "minitf.initializers",
    "tensorflow.random": "minitf.random",
    "tensorflow.strings": "minitf.strings",
    "tensorflow.lookup": "minitf.lookup",
    "tensorflow.keras": "minitf.keras",
    "tensorflow.keras.backend": "minitf.keras.backend",
    "tensorflow.keras.utils": "minitf.keras.utils",
    "tensorflow.keras.preprocessing": "minitf.keras.preprocessing",
    "tensorflow.keras.preprocessing.sequence": "minitf.keras.preprocessing.sequence",
    "tensorflow.keras.preprocessing.text": "minitf.keras.preprocessing.text",
    "tensorflow.contrib": "minitf.contrib",
    "tensorflow.contrib.rnn": "minitf.contrib.rnn",
    "tensorflow.contrib.crf": "minitf.contrib.crf",
    "tensorflow.contrib.layers": "minitf.contrib.layers",
    "tensorflow.contrib.seq2seq": "minitf.contrib.seq2seq",
    "tensorflow.contrib.legacy_seq2seq": "minitf.contrib.legacy_seq2seq",
    # the seq2seq modules NMT-style code imports by file (`...python.ops import helper`)
    "tensorflow.contrib.seq2seq.python": None,
    "tensorflow.contrib.seq2seq.python.ops": None,
    **{f"tensorflow.contrib.seq2seq.python.ops.{m}": f"minitf.contrib.seq2seq.{m}"
       for m in ("attention_wrapper", "basic_decoder", "beam_search_decoder", "decoder",
                 "helper", "loss")},
    "tensorflow.contrib.framework": "minitf.contrib.framework",
    "tensorflow.contrib.training": "minitf.contrib.training",
    "tensorflow.contrib.tensorboard": "minitf.contrib.tensorboard",
    "tensorflow.contrib.tensorboard.plugins": "minitf.contrib.tensorboard.plugins",
    "tensorflow.contrib.tensorboard.plugins.projector":
        "minitf.contrib.tensorboard.plugins.projector",
    "tensorflow.contrib.data": "minitf.contrib.data",
    "tensorflow.data": "minitf.data",
    "tensorflow.data.experimental": "minitf.data.experimental",
    "tensorflow.contrib.lookup": "minitf.contrib.lookup",
    "tensorflow.contrib.learn": "minitf.contrib.learn",
    "tensorflow.contrib.learn.preprocessing": "minitf.contrib.learn.preprocessing",
    "tensorflow.contrib.learn.datasets": "minitf.contrib.learn.datasets",
    "tensorflow.contrib.learn.datasets.base": "minitf.contrib.learn.datasets.base",
    "tensorflow.contrib.learn.datasets.mnist": "minitf.examples.tutorials.mnist.input_data",
    # where TF1 pickles of VocabularyProcessor point
    "tensorflow.contrib.learn.python": None,
    "tensorflow.contrib.learn.python.learn": "minitf.contrib.learn",
    "tensorflow.contrib.learn.python.learn.preprocessing": "minitf.contrib.learn.preprocessing",
    "tensorflow.contrib.learn.python.learn.preprocessing.text":
        "minitf.contrib.learn.preprocessing",
    "tensorflow.contrib.learn.python.learn.preprocessing.categorical_vocabulary":
        "minitf.contrib.learn.preprocessing",
    "tensorflow.examples": "minitf.examples",
    "tensorflow.examples.tutorials": "minitf.examples.tutorials",
    "tensorflow.examples.tutorials.mnist": "minitf.examples.tutorials.mnist",
    "tensorflow.examples.tutorials.mnist.input_data":
        "minitf.examples.tutorials.mnist.input_data",
    "tensorflow.python": None,
    "tensorflow.python.ops": None,
    "tensorflow.python.ops.rnn": "minitf.nn.rnn",
    "tensorflow.python.ops.rnn_cell": "minitf.nn.rnn_cell",
    "tensorflow.python.ops.rnn_cell_impl": "minitf.nn.rnn_cell_impl",
    "tensorflow.python.ops.array_ops": "minitf.ops.array",
    "tensorflow.python.ops.math_ops": "minitf.ops.math",
    "tensorflow.python.ops.nn_ops": "minitf.ops.nn",
    "tensorflow.python.ops.nn_impl": "minitf.ops.nn_impl",
    "tensorflow.python.ops.nn": "minitf.nn",
    "tensorflow.python.ops.init_ops": "minitf.ops.init",
    "tensorflow.python.ops.random_ops": "minitf.ops.random",
    "tensorflow.python.ops.clip_ops": "minitf.ops.clip",
    "tensorflow.python.ops.state_ops": "minitf.ops.state",
    "tensorflow.python.ops.variables": "minitf.ops.state",
    "tensorflow.python.ops.variable_scope": "minitf.ops.variable_scope",
    "tensorflow.python.ops.control_flow_ops": "minitf.ops.control_flow",
    "tensorflow.python.ops.tensor_array_ops": "minitf.ops.tensor_array",
    "tensorflow.python.ops.embedding_ops": "minitf.ops.nn_impl",
    "tensorflow.python.layers": None,
    "tensorflow.python.layers.base": "minitf.nn.layers",
    "tensorflow.python.layers.core": "minitf.nn.layers",
    "tensorflow.python.layers.layers": "minitf.layers",
    "tensorflow.python.framework": None,
    "tensorflow.python.framework.ops": "minitf",
    "tensorflow.python.framework.dtypes": "minitf.framework.dtypes",
    "tensorflow.python.framework.tensor_shape": "minitf.framework.tensor_shape",
    "tensorflow.python.framework.errors": "minitf.framework.errors",
    "tensorflow.python.framework.errors_impl": "minitf.framework.errors",
    "tensorflow.graph_util": "minitf.framework.graph_util",
    "tensorflow.python.framework.graph_util": "minitf.framework.graph_util",
    "tensorflow.python.framework.graph_util_impl": "minitf.framework.graph_util",
    "tensorflow.python.framework.importer": "minitf.framework.importer",
    "tensorflow.python.framework.meta_graph": "minitf.train.meta_graph",
    "tensorflow.python.saved_model": "minitf.saved_model",
    "tensorflow.python.saved_model.simple_save": "minitf.saved_model.builder",
    "tensorflow.python.saved_model.builder": "minitf.saved_model.builder",
    "tensorflow.python.saved_model.builder_impl": "minitf.saved_model.builder",
    "tensorflow.python.saved_model.loader": "minitf.saved_model.loader",
    "tensorflow.python.saved_model.tag_constants": "minitf.saved_model.tag_constants",
    "tensorflow.python.saved_model.signature_constants":
        "minitf.saved_model.signature_constants",
    "tensorflow.python.platform": None,
    "tensorflow.python.platform.flags": "minitf.flags",
    "tensorflow.python.platform.gfile": "minitf.gfile",
    "tensorflow.python.platform.tf_logging": "minitf.logging",
    "tensorflow.python.platform.test": "minitf.test",
    "tensorflow.python.util": None,
    "tensorflow.python.util.nest": "minitf.framework.nest",
    "tensorflow.python.util.compat": "minitf.compat",
    "tensorflow.python.client": None,
    "tensorflow.python.client.device_lib": "minitf.device_lib",
    # TF's protobuf modules: TensorBoard's copies of the messages minitf reads and writes;
    # config_pb2 gives minitf's own ConfigProto, GPUOptions, RunOptions and RunMetadata.
    "tensorflow.core": None,
    "tensorflow.core.framework": None,
    "tensorflow.core.protobuf": None,
    "tensorflow.core.util": None,
    **{f"tensorflow.core.framework.{m}": f"tensorboard.compat.proto.{m}"
       for m in ("attr_value_pb2", "graph_pb2", "node_def_pb2", "summary_pb2", "tensor_pb2",
                 "tensor_shape_pb2", "types_pb2", "variable_pb2")},
    **{f"tensorflow.core.protobuf.{m}": f"tensorboard.compat.proto.{m}"
       for m in ("meta_graph_pb2", "saver_pb2", "rewriter_config_pb2")},
    "tensorflow.core.protobuf.config_pb2": "minitf",
    "tensorflow.core.util.event_pb2": "tensorboard.compat.proto.event_pb2",
}


def _missing_message(symbol: str) -> str:
    return f"minitf does not provide {symbol} (a TensorFlow symbol); {_DOCS}"


class MissingSymbolError(AttributeError):
    """A TF symbol minitf does not provide (an AttributeError, so `hasattr` still works)."""


class MissingModuleError(ImportError):
    """A `tensorflow.*` module minitf does not provide."""


class _TFModule(types.ModuleType):
    """A TF module as the script sees it: attributes come from the minitf module behind it,
    submodules from MODULES; anything else is a MissingSymbolError naming it."""

    def __init__(self, name: str, target: types.ModuleType | None):
        super().__init__(name, getattr(target, "__doc__", None))
        self.__dict__["_minitf_target"] = target
        self.__path__: list = []

    def __getattr__(self, name: str) -> Any:
        child = f"{self.__name__}.{name}"
        target = self.__dict__["_minitf_target"]
        if child in MODULES:
            value: Any = importlib.import_module(child)
        elif target is not None and hasattr(target, name):
            value = getattr(target, name)
        elif name == "__all__":  # `from tensorflow import *`
            value = [n for n in dir(self) if not n.startswith("_")]
        elif name.startswith("__"):
            raise AttributeError(f"module '{self.__name__}' has no attribute '{name}'")
        else:
            raise MissingSymbolError(_missing_message(child))
        self.__dict__[name] = value
        return value

    def __dir__(self) -> list:
        target = self.__dict__["_minitf_target"]
        prefix = self.__name__ + "."
        children = [n[len(prefix):] for n in MODULES
                    if n.startswith(prefix) and "." not in n[len(prefix):]]
        return sorted(set(dir(target) if target is not None else []) | set(children))


class _AliasLoader(importlib.abc.Loader):
    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        target = MODULES[spec.name]
        return _TFModule(spec.name, None if target is None else importlib.import_module(target))

    def exec_module(self, module: types.ModuleType) -> None:
        """Nothing to run: the proxy reads the already imported minitf module."""


class TFModuleFinder(importlib.abc.MetaPathFinder):
    """Claims `tensorflow` and every `tensorflow.*` module name."""

    _loader = _AliasLoader()

    def find_spec(self, fullname: str, path: Any, target: Any = None) -> Any:
        if fullname != "tensorflow" and not fullname.startswith("tensorflow."):
            return None
        if fullname not in MODULES:
            raise MissingModuleError(_missing_message(fullname), name=fullname)
        return importlib.machinery.ModuleSpec(fullname, self._loader, is_package=True)


def installed() -> bool:
    """Whether `import tensorflow` currently resolves to minitf in this process."""
    return any(isinstance(f, TFModuleFinder) for f in sys.meta_path)


def install() -> None:
    """Puts the finder first on `sys.meta_path` (once): `import tensorflow` gives minitf."""
    if not installed():
        sys.meta_path.insert(0, TFModuleFinder())


def uninstall() -> None:
    """Removes the finder and the `tensorflow*` modules it made."""
    sys.meta_path[:] = [f for f in sys.meta_path if not isinstance(f, TFModuleFinder)]
    for name in [n for n, m in sys.modules.items() if isinstance(m, _TFModule)]:
        del sys.modules[name]
