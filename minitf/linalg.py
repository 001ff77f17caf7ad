"""`tf.linalg`: re-exports TF 1.15's `tf.linalg.*` names that minitf implements, the very same
objects as their `tf.*` aliases (`tf.linalg.inv is tf.matrix_inverse`)."""
from .ops.clip import global_norm  # noqa: F401
from .ops.init import diag as tensor_diag, diag_part as tensor_diag_part  # noqa: F401
from .ops.init import matrix_band_part as band_part, qr  # noqa: F401
from .ops.init import matrix_triangular_solve as triangular_solve  # noqa: F401
from .ops.linalg import adjoint, einsum, eye, tensordot, trace  # noqa: F401
from .ops.linalg import cholesky, matrix_solve as solve, svd  # noqa: F401
from .ops.linalg import matrix_determinant as det, matrix_diag as diag  # noqa: F401
from .ops.linalg import matrix_diag_part as diag_part, matrix_inverse as inv  # noqa: F401
from .ops.linalg import matrix_set_diag as set_diag, matrix_transpose  # noqa: F401
from .ops.linalg import matrix_transpose as transpose  # noqa: F401
from .ops.math import cross, matmul, norm  # noqa: F401
from .ops.nn_impl import l2_normalize  # noqa: F401
