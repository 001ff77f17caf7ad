"""TF1's OpError hierarchy (`tf.errors`), raised by sessions and kernels."""
import warnings


class OpError(Exception):
    """A failure while running an op; carries the op at fault, as TF1's do."""

    error_code = 2

    def __init__(self, node_def: object, op: object, message: str, error_code: int | None = None):
        super().__init__(message)
        self._node_def = node_def
        self._op = op
        self._message = message
        if error_code is not None:
            self.error_code = error_code

    @property
    def message(self) -> str:
        return self._message

    @property
    def op(self) -> object:
        return self._op

    @property
    def node_def(self) -> object:
        return self._node_def

    def __str__(self) -> str:
        return self._message

    def __reduce__(self):
        return type(self), (self._node_def, self._op, self._message)


def _make(name: str, code: int) -> type:
    def __init__(self, node_def, op, message, *args, **kwargs):
        OpError.__init__(self, node_def, op, message, code)
    return type(name, (OpError,), {"__init__": __init__, "error_code": code,
                                   "__module__": __name__})


CancelledError = _make("CancelledError", 1)
UnknownError = _make("UnknownError", 2)
InvalidArgumentError = _make("InvalidArgumentError", 3)
DeadlineExceededError = _make("DeadlineExceededError", 4)
NotFoundError = _make("NotFoundError", 5)
AlreadyExistsError = _make("AlreadyExistsError", 6)
PermissionDeniedError = _make("PermissionDeniedError", 7)
ResourceExhaustedError = _make("ResourceExhaustedError", 8)
FailedPreconditionError = _make("FailedPreconditionError", 9)
AbortedError = _make("AbortedError", 10)
OutOfRangeError = _make("OutOfRangeError", 11)
UnimplementedError = _make("UnimplementedError", 12)
InternalError = _make("InternalError", 13)
UnavailableError = _make("UnavailableError", 14)
DataLossError = _make("DataLossError", 15)
UnauthenticatedError = _make("UnauthenticatedError", 16)

(CANCELLED, UNKNOWN, INVALID_ARGUMENT, DEADLINE_EXCEEDED, NOT_FOUND, ALREADY_EXISTS,
 PERMISSION_DENIED, RESOURCE_EXHAUSTED, FAILED_PRECONDITION, ABORTED, OUT_OF_RANGE,
 UNIMPLEMENTED, INTERNAL, UNAVAILABLE, DATA_LOSS, UNAUTHENTICATED) = range(1, 17)
OK = 0

_CODE_TO_CLASS: dict[int, type] = {cls.error_code: cls for cls in (
    CancelledError, UnknownError, InvalidArgumentError, DeadlineExceededError, NotFoundError,
    AlreadyExistsError, PermissionDeniedError, ResourceExhaustedError, FailedPreconditionError,
    AbortedError, OutOfRangeError, UnimplementedError, InternalError, UnavailableError,
    DataLossError, UnauthenticatedError)}


def exception_type_from_error_code(error_code: int) -> type:
    """`tf.errors.exception_type_from_error_code`: the OpError class of a status code (how
    QueueRunnerDefs name their exception types); a KeyError for an unknown code, as TF's."""
    return _CODE_TO_CLASS[error_code]


def error_code_from_exception_type(cls: type) -> int | OpError:
    """`tf.errors.error_code_from_exception_type`: the status code of an OpError class; for
    any other class TF warns and returns an UnknownError instance, and so does minitf."""
    if cls in _CODE_TO_CLASS.values():
        return cls.error_code
    warnings.warn("Unknown class exception")
    return UnknownError(None, None, "Unknown class exception", None)
