"""`tf.make_tensor_proto` and `tf.make_ndarray`: numpy values and TF's TensorProto (the
protobuf modules load with the first call)."""
from __future__ import annotations

from typing import Any

import numpy as np

from . import dtypes as _dtypes
from .convert import to_ndarray
from .graph_def import _tensor_proto, protos, tensor_from_proto

__all__ = ["make_tensor_proto", "make_ndarray"]


def make_tensor_proto(values: Any, dtype: Any = None, shape: Any = None,
                      verify_shape: bool = False, allow_broadcast: bool = False) -> Any:
    """`values` (a TensorProto is returned as is) as a TensorProto of `dtype` and `shape`; as
    TF's, fewer values than the shape holds are stored as given and read back repeating the
    last one."""
    pb = protos()
    if isinstance(values, pb.tensor_pb2.TensorProto):
        return values
    arr = to_ndarray(values, None if dtype is None else _dtypes.as_dtype(dtype))
    if shape is None:
        return _tensor_proto(pb, arr)
    shape = [int(d) for d in shape]
    size = int(np.prod(shape, dtype=np.int64))
    if allow_broadcast:
        if arr.shape not in ((1,), ()) and arr.size != size:
            raise TypeError(f"Expected Tensor's shape: {tuple(shape)}, got {arr.shape}.")
    else:
        if verify_shape and arr.shape != tuple(shape):
            raise TypeError(f"Expected Tensor's shape: {tuple(shape)}, got {arr.shape}.")
        if arr.size > size:
            raise ValueError(f"Too many elements provided. Needed at most {size}, but received "
                             f"{arr.size}")
    if arr.size == size:
        return _tensor_proto(pb, arr.reshape(shape))
    return _tensor_proto(pb, arr.reshape(-1), shape)


def make_ndarray(tensor: Any) -> np.ndarray:
    """The numpy array a TensorProto holds."""
    return tensor_from_proto(tensor)
