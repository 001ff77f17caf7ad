"""tf.logging: levels, verbosity and the "tensorflow" logger."""
import logging

import pytest

import minitf as tf


@pytest.fixture
def logger():
    log = tf.logging.get_logger()
    old = log.level
    yield log
    log.setLevel(old)


def test_levels_and_verbosity(logger):
    assert (tf.logging.DEBUG, tf.logging.INFO, tf.logging.WARN, tf.logging.ERROR,
            tf.logging.FATAL) == (10, 20, 30, 40, 50)
    assert logger is logging.getLogger("tensorflow")
    tf.logging.set_verbosity(tf.logging.ERROR)
    assert tf.logging.get_verbosity() == 40
    tf.logging.set_verbosity(tf.logging.DEBUG)
    assert tf.logging.get_verbosity() == 10


def test_functions_log_at_their_level(logger, caplog):
    tf.logging.set_verbosity(tf.logging.DEBUG)
    with caplog.at_level(logging.DEBUG, logger="tensorflow"):
        tf.logging.debug("d %d", 1)
        tf.logging.info("i %s", "x")
        tf.logging.warning("w")
        tf.logging.warn("w2")
        tf.logging.error("e")
        tf.logging.fatal("f")
        tf.logging.log(tf.logging.INFO, "l")
        tf.logging.vlog(tf.logging.INFO, "v")
    assert [(r.levelno, r.getMessage()) for r in caplog.records] == [
        (10, "d 1"), (20, "i x"), (30, "w"), (30, "w2"), (40, "e"), (50, "f"), (20, "l"),
        (20, "v")]
    assert {r.name for r in caplog.records} == {"tensorflow"}


def test_verbosity_filters(logger, caplog):
    tf.logging.set_verbosity(tf.logging.WARN)
    with caplog.at_level(logging.NOTSET):
        tf.logging.info("hidden")
        tf.logging.warning("shown")
    assert [r.getMessage() for r in caplog.records] == ["shown"]


def test_log_every_n_and_first_n(logger, caplog):
    tf.logging.set_verbosity(tf.logging.INFO)
    with caplog.at_level(logging.INFO, logger="tensorflow"):
        for i in range(7):
            tf.logging.log_every_n(tf.logging.INFO, "every %d", 3, i)
        for i in range(5):
            tf.logging.log_first_n(tf.logging.INFO, "first %d", 2, i)
        tf.logging.log_if(tf.logging.INFO, "if", False)
    assert [r.getMessage() for r in caplog.records] == [
        "every 0", "every 3", "every 6", "first 0", "first 1"]
