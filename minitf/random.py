"""`tf.random`: the same functions as `tf.random_normal` & co. under TF 1.15's short names, and
the candidate samplers of `tf.nn`."""
from .ops.random import (categorical, gamma, get_seed, multinomial, normal, poisson,  # noqa: F401
                         set_random_seed, shuffle, truncated_normal, uniform)
from .ops.candidate_sampling_ops import (  # noqa: F401
    all_candidate_sampler, fixed_unigram_candidate_sampler, learned_unigram_candidate_sampler,
    log_uniform_candidate_sampler, uniform_candidate_sampler)
