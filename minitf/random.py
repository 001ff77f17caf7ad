"""`tf.random`: the same functions as `tf.random_normal` & co. under TF 1.15's short names."""
from .ops.random import get_seed, normal, set_random_seed, shuffle, truncated_normal, uniform  # noqa: F401
from .ops.candidate_sampling_ops import (all_candidate_sampler,  # noqa: F401
                                        fixed_unigram_candidate_sampler,
                                        learned_unigram_candidate_sampler,
                                        log_uniform_candidate_sampler, uniform_candidate_sampler)
