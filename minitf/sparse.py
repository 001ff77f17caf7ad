"""`tf.sparse`: TF 1.15's `tf.sparse.*` names that minitf implements, the very same objects as
their `tf.*` forms (`tf.sparse.to_dense is tf.sparse_tensor_to_dense`)."""
from .framework.sparse_tensor import SparseTensor  # noqa: F401
from .ops.sparse_ops import sparse_placeholder as placeholder  # noqa: F401
from .ops.sparse_ops import sparse_tensor_to_dense as to_dense  # noqa: F401
from .ops.sparse_ops import sparse_reduce_sum as reduce_sum  # noqa: F401
from .ops.sparse_ops import sparse_tensor_dense_matmul as matmul  # noqa: F401
from .ops.sparse_ops import sparse_tensor_dense_matmul as sparse_dense_matmul  # noqa: F401
