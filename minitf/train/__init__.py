"""`tf.train`: the global step, the optimizers, moving averages, the learning-rate schedules,
checkpoints, the queue input pipelines with their runners, coordinator and Supervisor, the
monitored sessions with their hooks, and the Example protobuf classes (loaded on first use)."""
from .adadelta import *  # noqa: F401,F403
from .adagrad import *  # noqa: F401,F403
from .adagrad_da import *  # noqa: F401,F403
from .adam import *  # noqa: F401,F403
from .ftrl import *  # noqa: F401,F403
from .gradient_descent import *  # noqa: F401,F403
from .learning_rate_decay import *  # noqa: F401,F403
from .momentum import *  # noqa: F401,F403
from .moving_averages import *  # noqa: F401,F403
from .optimizer import *  # noqa: F401,F403
from .proximal_adagrad import *  # noqa: F401,F403
from .proximal_gradient_descent import *  # noqa: F401,F403
from .rmsprop import *  # noqa: F401,F403
from .training_util import *  # noqa: F401,F403
from .saver import *  # noqa: F401,F403
from .graph_io import *  # noqa: F401,F403
from .coordinator import *  # noqa: F401,F403
from .input import *  # noqa: F401,F403
from .queue_runner import *  # noqa: F401,F403

# The session machinery of long training runs, imported on first use (import time):
# module -> its `__all__`
_LAZY_MODULES = {
    "meta_graph": ["export_meta_graph", "import_meta_graph"],
    "checkpoint_utils": ["init_from_checkpoint"],
    "supervisor": ["Supervisor"],
    "session_manager": ["SessionManager"],
    "session_run_hook": ["SessionRunHook", "SessionRunArgs", "SessionRunContext",
                         "SessionRunValues"],
    "basic_session_run_hooks": [
        "SecondOrStepTimer", "LoggingTensorHook", "StopAtStepHook", "CheckpointSaverListener",
        "CheckpointSaverHook", "StepCounterHook", "NanLossDuringTrainingError", "NanTensorHook",
        "SummarySaverHook", "GlobalStepWaiterHook", "FinalOpsHook", "FeedFnHook"],
    "monitored_session": ["Scaffold", "SessionCreator", "ChiefSessionCreator",
                          "WorkerSessionCreator", "MonitoredSession", "SingularMonitoredSession",
                          "MonitoredTrainingSession"],
    "example": ["BytesList", "Example", "Feature", "FeatureList", "FeatureLists", "Features",
                "FloatList", "Int64List", "SequenceExample"],
}
_LAZY = {name: module for module, names in _LAZY_MODULES.items() for name in names}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib  # noqa: PLC0415
        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'minitf.train' has no attribute '{name}'")


def __dir__() -> list:
    return sorted(set(globals()) | set(_LAZY))
