"""tf.errors: TF1's OpError hierarchy, codes and attributes."""
import pickle

import pytest

import minitf as tf
from minitf.framework import errors

CLASSES = [
    ("CancelledError", 1), ("UnknownError", 2), ("InvalidArgumentError", 3),
    ("DeadlineExceededError", 4), ("NotFoundError", 5), ("AlreadyExistsError", 6),
    ("PermissionDeniedError", 7), ("ResourceExhaustedError", 8), ("FailedPreconditionError", 9),
    ("AbortedError", 10), ("OutOfRangeError", 11), ("UnimplementedError", 12),
    ("InternalError", 13), ("UnavailableError", 14), ("DataLossError", 15),
    ("UnauthenticatedError", 16),
]


@pytest.mark.parametrize("name, code", CLASSES)
def test_error_classes(name, code):
    cls = getattr(tf.errors, name)
    err = cls(None, None, "msg")
    assert isinstance(err, tf.errors.OpError) and isinstance(err, Exception)
    assert cls.error_code == code and err.error_code == code
    assert str(err) == "msg" and err.message == "msg" and err.op is None and err.node_def is None
    assert cls.__name__ == name and cls.__module__ == "minitf.framework.errors"
    again = pickle.loads(pickle.dumps(err))
    assert type(again) is cls and str(again) == "msg"


def test_codes_and_op_error():
    assert (errors.OK, errors.INVALID_ARGUMENT, errors.NOT_FOUND, errors.FAILED_PRECONDITION,
            errors.OUT_OF_RANGE, errors.UNAUTHENTICATED) == (0, 3, 5, 9, 11, 16)
    base = errors.OpError("node", "op", "text", errors.ABORTED)
    assert base.error_code == 10 and base.op == "op" and base.node_def == "node"
    assert errors.OpError(None, None, "x").error_code == errors.UNKNOWN
    with pytest.raises(tf.errors.OpError, match="^boom$"):
        raise tf.errors.NotFoundError(None, None, "boom")
    assert tf.errors is errors


def test_error_codes_and_classes_map_both_ways():
    assert tf.errors.exception_type_from_error_code(11) is tf.errors.OutOfRangeError
    assert tf.errors.error_code_from_exception_type(tf.errors.CancelledError) == 1
    for name, code in CLASSES:
        cls = getattr(tf.errors, name)
        assert tf.errors.exception_type_from_error_code(code) is cls
        assert tf.errors.error_code_from_exception_type(cls) == code
    with pytest.raises(KeyError):
        tf.errors.exception_type_from_error_code(0)
    with pytest.warns(UserWarning, match="Unknown class exception"):
        unknown = tf.errors.error_code_from_exception_type(KeyError)
    assert isinstance(unknown, tf.errors.UnknownError)  # TF returns an instance, not a code
