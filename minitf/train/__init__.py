"""`tf.train`: the global step, the optimizers, the learning-rate schedules, checkpoints, and
the queue input pipelines with their runners, coordinator and Supervisor, and the Example
protobuf classes (loaded on first use)."""
from .adadelta import *  # noqa: F401,F403
from .adagrad import *  # noqa: F401,F403
from .adam import *  # noqa: F401,F403
from .gradient_descent import *  # noqa: F401,F403
from .learning_rate_decay import *  # noqa: F401,F403
from .momentum import *  # noqa: F401,F403
from .optimizer import *  # noqa: F401,F403
from .rmsprop import *  # noqa: F401,F403
from .training_util import *  # noqa: F401,F403
from .saver import *  # noqa: F401,F403
from .graph_io import *  # noqa: F401,F403
from .coordinator import *  # noqa: F401,F403
from .input import *  # noqa: F401,F403
from .queue_runner import *  # noqa: F401,F403
from .supervisor import *  # noqa: F401,F403


_EXAMPLE = ("BytesList", "Example", "Feature", "FeatureList", "FeatureLists", "Features",
            "FloatList", "Int64List", "SequenceExample")


def __getattr__(name: str):
    """`tf.train.Example` and its parts, whose protobuf classes are built on first use."""
    if name in _EXAMPLE:
        import importlib  # noqa: PLC0415
        return getattr(importlib.import_module(f"{__name__}.example"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXAMPLE))
