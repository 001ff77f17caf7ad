"""`tf.saved_model.utils`: TensorInfo protos naming a graph's tensors in signatures, and the
tensors they name in a graph that imported them."""
from __future__ import annotations

from typing import Any

from ..framework.graph import get_default_graph
from ..framework.graph_def import protos
from ..framework.sparse_tensor import SparseTensor

__all__ = ["build_tensor_info", "get_tensor_from_tensor_info"]


def build_tensor_info(tensor: Any) -> Any:
    """A TensorInfo of `tensor` (name, dtype, static shape); for a SparseTensor, the names
    of its indices, values and dense shape."""
    info = protos().meta_graph_pb2.TensorInfo()
    info.dtype = tensor.dtype.as_datatype_enum
    info.tensor_shape.CopyFrom(_shape_proto(tensor.get_shape()))
    if isinstance(tensor, SparseTensor):
        info.coo_sparse.values_tensor_name = tensor.values.name
        info.coo_sparse.indices_tensor_name = tensor.indices.name
        info.coo_sparse.dense_shape_tensor_name = tensor.dense_shape.name
    else:
        info.name = tensor.name
    return info


def _shape_proto(shape: Any) -> Any:
    proto = protos().tensor_shape_pb2.TensorShapeProto()
    if shape.ndims is None:
        proto.unknown_rank = True
    else:
        for d in shape.as_list():
            proto.dim.add(size=-1 if d is None else d)
    return proto


def _scoped(name: str, import_scope: str | None) -> str:
    return f"{import_scope}/{name}" if import_scope else name


def get_tensor_from_tensor_info(tensor_info: Any, graph: Any = None,
                                import_scope: str | None = None) -> Any:
    """The Tensor (or SparseTensor) `tensor_info` names, in `graph` under `import_scope`."""
    graph = graph or get_default_graph()

    def tensor(name: str) -> Any:
        return graph.get_tensor_by_name(_scoped(name, import_scope))
    encoding = tensor_info.WhichOneof("encoding")
    if encoding == "name":
        return tensor(tensor_info.name)
    if encoding == "coo_sparse":
        sparse = tensor_info.coo_sparse
        return SparseTensor(tensor(sparse.indices_tensor_name),
                            tensor(sparse.values_tensor_name),
                            tensor(sparse.dense_shape_tensor_name))
    raise ValueError(f"Invalid TensorInfo.encoding: {encoding}")
