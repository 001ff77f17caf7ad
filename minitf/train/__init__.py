"""`tf.train`: the global step, the optimizers, moving averages, the learning-rate schedules,
checkpoints, and the queue input pipelines with their runners, coordinator and Supervisor."""
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
from .supervisor import *  # noqa: F401,F403
