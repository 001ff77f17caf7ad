"""Gradient checks of the ops of minitf/ops/init.py (Qr, DiagPart, and the Diag,
MatrixBandPart and MatrixTriangularSolve their gradients build) and minitf/ops/logging_ops.py
(Print, CheckNumerics)."""
import numpy as np

import minitf as tf

from . import GradCase

_rng = np.random.RandomState(4321)


def _well_conditioned(*shape):
    """Random matrices near 2 * I (the identity's first rows for tall ones): far from
    singular, so differences are accurate."""
    return _rng.standard_normal(shape) * 0.3 + 2 * np.eye(*shape[-2:])


def _print(x, other):
    return tf.Print(x, [x, other], message="grad table: ", first_n=0)


CASES = [
    GradCase("DiagPart", tf.diag_part, [(2, 3, 2, 3)]),
    GradCase("Diag", tf.diag, [(2, 3)]),
    GradCase("Qr", lambda a: tf.qr(a)[0], [(3, 3)], values=[_well_conditioned(3, 3)],
             label="square_q"),
    GradCase("Qr", lambda a: tf.qr(a)[1], [(3, 3)], values=[_well_conditioned(3, 3)],
             label="square_r"),
    GradCase("Qr", lambda a: tf.qr(a)[0], [(5, 3)], values=[_well_conditioned(5, 3)],
             label="tall_q"),
    GradCase("Qr", lambda a: tf.qr(a)[1], [(2, 4, 3)], values=[_well_conditioned(2, 4, 3)],
             label="batch_r"),
    GradCase("Qr", lambda a: tf.qr(a, full_matrices=True)[0], [(3, 3)],
             values=[_well_conditioned(3, 3)], label="full_square"),
    GradCase("MatrixBandPart", lambda x: tf.matrix_band_part(x, 1, 0), [(2, 3, 4)]),
    GradCase("MatrixBandPart", lambda x: tf.matrix_band_part(x, -1, 2), [(4, 3)],
             label="upper"),
    GradCase("MatrixTriangularSolve", tf.matrix_triangular_solve, [(3, 3), (3, 2)],
             values=[_well_conditioned(3, 3), _rng.standard_normal((3, 2))]),
    GradCase("MatrixTriangularSolve",
             lambda a, b: tf.matrix_triangular_solve(a, b, lower=False, adjoint=True),
             [(2, 3, 3), (2, 3, 4)],
             values=[_well_conditioned(2, 3, 3), _rng.standard_normal((2, 3, 4))],
             label="upper_adjoint"),
    GradCase("MatrixTriangularSolve",
             lambda a, b: tf.matrix_triangular_solve(a, b, lower=True, adjoint=True),
             [(3, 3), (3, 1)], values=[_well_conditioned(3, 3), _rng.standard_normal((3, 1))],
             label="lower_adjoint"),
    GradCase("Print", _print, [(2, 3), (4,)]),
    GradCase("CheckNumerics", lambda x: tf.check_numerics(x, "checked"), [(3, 2)]),
]
