"""`tf.saved_model.builder.SavedModelBuilder` and `simple_save` (mirrors
saved_model/builder_impl.py and simple_save.py of TF 1.15): an export directory holding
`saved_model.pb` (MetaGraphDefs tagged for their use, with signatures), `variables/` (one
checkpoint of the variables) and `assets/` (files the graph reads, such as vocabularies).

The variables are written as TensorFlow's own V2 checkpoint (byte for byte what TF writes), so
TensorFlow and TF Serving load minitf's SavedModels, and minitf loads TensorFlow's.
"""
from __future__ import annotations

import logging
import os
import shutil
from typing import Any

from ..framework.graph import GraphKeys, Operation, add_to_collection, get_collection
from ..framework.graph_def import protos
from ..ops import state as state_ops
from . import constants
from .saved_model_proto import saved_model_class
from .signature_def_utils import predict_signature_def

__all__ = ["SavedModelBuilder", "simple_save"]

_log = logging.getLogger("tensorflow")


def _asset_source_path(tensor: Any) -> str:
    """The file a constant string asset tensor names."""
    from ..framework.convert import constant_value  # noqa: PLC0415
    value = constant_value(tensor)
    if value is None or value.size != 1:
        raise ValueError(f"Invalid asset filepath tensor {tensor}")
    path = value.reshape(-1)[0]
    return path.decode("utf-8") if isinstance(path, bytes) else str(path)


class SavedModelBuilder:
    """Builds a SavedModel in `export_dir` (new or empty): `add_meta_graph_and_variables`
    once, then `add_meta_graph` for more tag sets of the same variables, then `save`."""

    def __init__(self, export_dir: str):
        self._export_dir = os.fspath(export_dir)
        self._saved_model = saved_model_class()(
            saved_model_schema_version=constants.SAVED_MODEL_SCHEMA_VERSION)
        if os.path.exists(self._export_dir):
            if os.listdir(self._export_dir):
                raise AssertionError(
                    f"Export directory already exists, and isn't empty. Please choose a "
                    f"different export directory, or delete all the contents of the specified "
                    f"directory: {self._export_dir}")
        else:
            os.makedirs(self._export_dir)
        self._has_saved_variables = False
        self._assets: dict[str, str] = {}  # filename in assets/ -> source path

    def _validate_signature_def_map(self, signature_def_map: dict) -> None:
        for signature in signature_def_map.values():
            for info in list(signature.inputs.values()) + list(signature.outputs.values()):
                if (not info.name and info.WhichOneof("encoding") != "coo_sparse") or \
                        info.dtype == 0:
                    raise AssertionError("All TensorInfo protos used in the SignatureDefs must "
                                         "have the name and dtype fields set.")

    def _add_main_op(self, main_op: Any) -> None:
        if main_op is None:
            return
        if not isinstance(main_op, Operation):
            raise TypeError(f"main_op needs to be an Operation: {main_op!r}")
        if get_collection(constants.MAIN_OP_KEY):
            raise ValueError(f"Graph already contains one or more main ops under the collection "
                             f"{constants.MAIN_OP_KEY}.")
        add_to_collection(constants.MAIN_OP_KEY, main_op)

    def _asset_defs(self, assets_collection: Any) -> list:
        """AssetFileDefs of the asset tensors (each file listed once under its base name, a
        suffix added when two files share one), the files remembered for `save`."""
        defs = []
        for tensor in assets_collection or ():
            source = _asset_source_path(tensor)
            name, n = os.path.basename(source), 1
            while name in self._assets and self._assets[name] != source:
                stem, ext = os.path.splitext(os.path.basename(source))
                name, n = f"{stem}_{n}{ext}", n + 1
            self._assets[name] = source
            asset = protos().meta_graph_pb2.AssetFileDef(filename=name)
            asset.tensor_info.name = tensor.name
            defs.append(asset)
        return defs

    def _saver(self, saver: Any) -> Any:
        if saver:
            return saver
        from ..train.saver import Saver  # noqa: PLC0415
        return Saver(state_ops.global_variables() +
                     get_collection(GraphKeys.SAVEABLE_OBJECTS), sharded=True,
                     allow_empty=True)

    def _add(self, saver: Any, tags: list, signature_def_map: dict | None,
             assets_collection: Any, main_op: Any, clear_devices: bool,
             strip_default_attrs: bool) -> None:
        signature_def_map = signature_def_map or {}
        self._validate_signature_def_map(signature_def_map)
        self._add_main_op(main_op)
        assets = self._asset_defs(assets_collection)
        meta = saver.export_meta_graph(clear_devices=clear_devices,
                                       strip_default_attrs=strip_default_attrs)
        meta.meta_info_def.tags.extend(tags)
        for key, signature in signature_def_map.items():
            meta.signature_def[key].CopyFrom(signature)
        meta.asset_file_def.extend(assets)
        self._saved_model.meta_graphs.add().CopyFrom(meta)

    def add_meta_graph_and_variables(self, sess: Any, tags: list,
                                     signature_def_map: dict | None = None,
                                     assets_collection: Any = None, legacy_init_op: Any = None,
                                     clear_devices: bool = False, main_op: Any = None,
                                     strip_default_attrs: bool = False,
                                     saver: Any = None) -> None:
        """Saves the variables' values in `sess` and the graph, tagged `tags`, with
        `signature_def_map`; `main_op` (or `legacy_init_op`) runs after loading."""
        if self._has_saved_variables:
            raise AssertionError("Graph state including variables and assets has already been "
                                 "saved. Please invoke `add_meta_graph()` instead.")
        saver = self._saver(saver)
        os.makedirs(os.path.join(self._export_dir, constants.VARIABLES_DIRECTORY), exist_ok=True)
        saver.save_tf_format(sess, os.path.join(self._export_dir, constants.VARIABLES_DIRECTORY,
                                                constants.VARIABLES_FILENAME))
        self._add(saver, tags, signature_def_map, assets_collection, main_op or legacy_init_op,
                  clear_devices, strip_default_attrs)
        self._has_saved_variables = True

    def add_meta_graph(self, tags: list, signature_def_map: dict | None = None,
                       assets_collection: Any = None, legacy_init_op: Any = None,
                       clear_devices: bool = False, main_op: Any = None,
                       strip_default_attrs: bool = False, saver: Any = None) -> None:
        """Adds the current graph, tagged `tags`, reusing the variables saved before."""
        if not self._has_saved_variables:
            raise AssertionError("Graph state including variables and assets has not been saved "
                                 "yet. Please invoke `add_meta_graph_and_variables()` first.")
        self._add(self._saver(saver), tags, signature_def_map, assets_collection,
                  main_op or legacy_init_op, clear_devices, strip_default_attrs)

    def save(self, as_text: bool = False) -> str:
        """Writes `saved_model.pb` (or `.pbtxt`) and copies the assets; returns the path."""
        if self._assets:
            assets_dir = os.path.join(self._export_dir, constants.ASSETS_DIRECTORY)
            os.makedirs(assets_dir, exist_ok=True)
            for name, source in self._assets.items():
                target = os.path.join(assets_dir, name)
                if not os.path.exists(target):
                    shutil.copyfile(source, target)
        if as_text:
            from google.protobuf import text_format  # noqa: PLC0415
            path = os.path.join(self._export_dir, constants.SAVED_MODEL_FILENAME_PBTXT)
            with open(path, "w") as f:
                f.write(text_format.MessageToString(self._saved_model))
        else:
            path = os.path.join(self._export_dir, constants.SAVED_MODEL_FILENAME_PB)
            with open(path, "wb") as f:
                f.write(self._saved_model.SerializeToString())
        _log.info("SavedModel written to: %s", path)
        return path


def simple_save(session: Any, export_dir: str, inputs: dict, outputs: dict,
                legacy_init_op: Any = None) -> None:
    """A serving SavedModel of the session's graph and variables with one predict signature
    (`serving_default`) from `inputs` and `outputs` (name -> Tensor), devices cleared."""
    signatures = {constants.DEFAULT_SERVING_SIGNATURE_DEF_KEY:
                  predict_signature_def(inputs, outputs)}
    builder = SavedModelBuilder(export_dir)
    builder.add_meta_graph_and_variables(
        session, tags=[constants.SERVING], signature_def_map=signatures,
        assets_collection=get_collection(GraphKeys.ASSET_FILEPATHS),
        main_op=legacy_init_op, clear_devices=True)
    builder.save()
