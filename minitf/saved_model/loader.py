"""`tf.saved_model.loader` (mirrors saved_model/loader_impl.py of TF 1.15): the MetaGraphDef of
a tag set imported into a session's graph, its variables restored and its main op run, with
the asset files' paths fed."""
from __future__ import annotations

import logging
import os
from typing import Any

from ..framework.graph import get_collection
from ..framework.graph_def import protos
from . import constants
from .saved_model_proto import saved_model_class

__all__ = ["SavedModelLoader", "load", "maybe_saved_model_directory"]

_log = logging.getLogger("tensorflow")


def maybe_saved_model_directory(export_dir: str) -> bool:
    """Whether `export_dir` holds a `saved_model.pb` or `saved_model.pbtxt`."""
    return any(os.path.isfile(os.path.join(os.fspath(export_dir), name))
               for name in (constants.SAVED_MODEL_FILENAME_PB,
                            constants.SAVED_MODEL_FILENAME_PBTXT))


def parse_saved_model(export_dir: str) -> Any:
    """The SavedModel message of `export_dir` (binary or text)."""
    export_dir = os.fspath(export_dir)
    pb = os.path.join(export_dir, constants.SAVED_MODEL_FILENAME_PB)
    pbtxt = os.path.join(export_dir, constants.SAVED_MODEL_FILENAME_PBTXT)
    message = saved_model_class()()
    if os.path.isfile(pb):
        from google.protobuf.message import DecodeError  # noqa: PLC0415
        with open(pb, "rb") as f:
            try:
                message.ParseFromString(f.read())
            except DecodeError as e:
                raise OSError(f"Cannot parse file {pb}: {e}.") from None
    elif os.path.isfile(pbtxt):
        from google.protobuf import text_format  # noqa: PLC0415
        with open(pbtxt) as f:
            text_format.Merge(f.read(), message)
    else:
        raise OSError(f"SavedModel file does not exist at: {export_dir}/"
                      f"{{{constants.SAVED_MODEL_FILENAME_PBTXT}|"
                      f"{constants.SAVED_MODEL_FILENAME_PB}}}")
    return message


class SavedModelLoader:
    """Loads the MetaGraphDefs of the SavedModel in `export_dir`."""

    def __init__(self, export_dir: str):
        self._export_dir = os.fspath(export_dir)
        self._variables_path = os.path.join(self._export_dir, constants.VARIABLES_DIRECTORY,
                                            constants.VARIABLES_FILENAME)
        self._saved_model = parse_saved_model(self._export_dir)

    @property
    def export_dir(self) -> str:
        return self._export_dir

    @property
    def variables_path(self) -> str:
        return self._variables_path

    @property
    def saved_model(self) -> Any:
        return self._saved_model

    def get_meta_graph_def_from_tags(self, tags: list) -> Any:
        """The MetaGraphDef tagged exactly `tags` (in any order)."""
        for meta in self._saved_model.meta_graphs:
            if set(meta.meta_info_def.tags) == set(tags):
                return meta
        raise RuntimeError(f"MetaGraphDef associated with tags {str(list(tags)).strip('[]')} "
                           f"could not be found in SavedModel. To inspect available tag-sets in "
                           f"the SavedModel, please use the SavedModel CLI: `saved_model_cli`")

    def load_graph(self, graph: Any, tags: list, import_scope: str | None = None,
                   **saver_kwargs: Any) -> tuple:
        """Imports the tagged MetaGraphDef into `graph`: `(saver, None)`."""
        from ..train.meta_graph import _import_meta_graph_with_return_elements  # noqa: PLC0415
        meta = self.get_meta_graph_def_from_tags(tags)
        with graph.as_default():
            return _import_meta_graph_with_return_elements(meta, import_scope=import_scope,
                                                           **saver_kwargs)

    def restore_variables(self, sess: Any, saver: Any, import_scope: str | None = None) -> None:
        from ..train.saver import Saver  # noqa: PLC0415
        with sess.graph.as_default():
            if saver is None and not sess.graph.get_collection("variables", scope=import_scope):
                _log.info("The specified SavedModel has no variables; no checkpoints were "
                          "restored.")
            elif isinstance(saver, Saver):
                saver.restore(sess, self._variables_path)
            else:
                raise ValueError("No tf.train.Saver object was passed to the function "
                                 "`SavedModelLoader.restore_variables`. Since there are variables "
                                 "in the graph, a saver is required.")

    def run_init_ops(self, sess: Any, tags: list, import_scope: str | None = None) -> None:
        """Runs the main op (or legacy init op) with the asset tensors fed their paths."""
        meta = self.get_meta_graph_def_from_tags(tags)
        with sess.graph.as_default():
            assets = _asset_tensors(self._export_dir, meta, import_scope)
            for key in (constants.MAIN_OP_KEY, constants.LEGACY_INIT_OP_KEY):
                if key in meta.collection_def:
                    ops = meta.collection_def[key].node_list.value
                    if len(ops) != 1:
                        raise RuntimeError(f"Expected exactly one SavedModel init op. Found: "
                                           f"{list(ops)}")
                    sess.run([get_collection(key)[0]], feed_dict=assets)
                    return

    def load(self, sess: Any, tags: list, import_scope: str | None = None,
             **saver_kwargs: Any) -> Any:
        """Imports, restores and initializes; returns the MetaGraphDef."""
        with sess.graph.as_default():
            saver, _ = self.load_graph(sess.graph, tags, import_scope, **saver_kwargs)
            self.restore_variables(sess, saver, import_scope)
            self.run_init_ops(sess, tags, import_scope)
        return self.get_meta_graph_def_from_tags(tags)


def _asset_tensors(export_dir: str, meta: Any, import_scope: str | None) -> dict:
    """{asset tensor name: path of its file under `assets/`} (AssetFileDefs, or the
    `saved_model_assets` collection of older exports)."""
    assets = list(meta.asset_file_def)
    if not assets and constants.ASSETS_KEY in meta.collection_def:
        for packed in meta.collection_def[constants.ASSETS_KEY].any_list.value:
            # packed as `tensorflow.AssetFileDef`, TensorBoard's copy is `tensorboard.*`
            assets.append(protos().meta_graph_pb2.AssetFileDef.FromString(packed.value))
    folder = os.path.join(export_dir, constants.ASSETS_DIRECTORY)
    return {(f"{import_scope}/{a.tensor_info.name}" if import_scope else a.tensor_info.name):
            os.path.join(folder, a.filename) for a in assets}


def load(sess: Any, tags: list, export_dir: str, import_scope: str | None = None,
         **saver_kwargs: Any) -> Any:
    """`tf.saved_model.loader.load`: the SavedModel's `tags` graph into `sess`, restored and
    initialized; returns its MetaGraphDef (signatures in `.signature_def`)."""
    return SavedModelLoader(export_dir).load(sess, tags, import_scope, **saver_kwargs)
