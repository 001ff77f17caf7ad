"""Philox4x32-10 (minitf/framework/philox.py): Random123's known answers, TF's seeding of key and
counter, the 128-bit counter's carries and the per-run reservation."""
import numpy as np

from minitf.framework.philox import Philox, PhiloxState


def _block(key, counter, offset=0):
    return [int(v) for v in Philox(key, counter).blocks(np, [offset])[:, 0]]


def test_known_answers():
    assert _block((0, 0), 0) == [0x6627E8D5, 0xE169C58D, 0xBC57AC4C, 0x9B00DBD8]
    counter = 0x243F6A88 | 0x85A308D3 << 32 | 0x13198A2E << 64 | 0x03707344 << 96
    assert _block((0xA4093822, 0x299F31D0), counter) == [0xD16CFE09, 0x94FDCCEB, 0x5001E420,
                                                         0x24126EA1]


def test_seeds_set_key_and_counter_high_words():
    s = PhiloxState(5 | 7 << 32, 9 | 11 << 32)
    assert s.key == (5, 7) and s.counter == (9 | 11 << 32) << 64


def test_offsets_carry_through_the_128_bit_counter():
    start = (1 << 64) - 2
    got = Philox((3, 4), start).blocks(np, np.arange(4, dtype=np.uint64))
    for i in range(4):
        assert [int(v) for v in got[:, i]] == _block((3, 4), start + i)


def test_reserve_moves_256_blocks_an_output():
    s = PhiloxState(1, 2)
    first = s.reserve(10)
    second = s.reserve(3)
    assert second.counter - first.counter == 2560 and s.counter - second.counter == 768
