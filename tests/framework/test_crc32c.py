"""CRC-32C: the standard check values, continuation, TF's mask, and the vectorized path for
large data against the bytewise loop."""
import numpy as np

from minitf.framework import crc32c


def test_check_values_continuation_and_mask():
    assert crc32c.crc32c(b"123456789") == 0xE3069283
    assert crc32c.crc32c(b"") == 0
    assert crc32c.crc32c(b"6789", crc32c.crc32c(b"12345")) == 0xE3069283
    assert crc32c.masked_crc32c(b"") == 0xA282EAD8
    assert crc32c.masked_crc32c(b"123456789") == crc32c.mask(0xE3069283)


def test_large_data_matches_the_bytewise_loop():
    data = np.random.RandomState(3).randint(0, 256, 100003).astype(np.uint8).tobytes()
    bytewise = crc32c._crc_bytes(data, 0xFFFFFFFF) ^ 0xFFFFFFFF
    assert len(data) >= crc32c._PARALLEL_FROM
    assert crc32c.crc32c(data) == bytewise
    assert crc32c.crc32c(data[70000:], crc32c.crc32c(data[:70000])) == bytewise
