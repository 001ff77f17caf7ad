"""`tf.train`: the global step, the optimizers, the learning-rate schedules and checkpoints."""
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
