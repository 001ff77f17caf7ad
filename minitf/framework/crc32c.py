"""CRC-32C (Castagnoli), the checksum of TF's file formats (TFRecord files, checkpoint tables
and tensors), and TF's masked form of it, stored next to data that may itself hold CRCs.

Table-driven; data of 64 KiB or more is vectorized with numpy across chunks."""
from __future__ import annotations

import functools
from typing import Any

import numpy as np

__all__ = ["crc32c", "mask", "masked_crc32c"]

_MASK_DELTA = 0xa282ead8


def _crc_table() -> list[int]:
    table = []
    for n in range(256):
        c = n
        for _ in range(8):
            c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
        table.append(c)
    return table


_TABLE = _crc_table()
_NP_TABLE = np.array(_TABLE, dtype=np.uint64)
_CHUNK = 256  # bytes per chunk that numpy runs in parallel (a multiple of 8)
_BATCH = 16384  # chunks per numpy pass
_PARALLEL_FROM = 1 << 16  # bytes; shorter data is checked byte by byte in Python


def _crc_bytes(data: Any, reg: int) -> int:
    """The CRC register after `data` (no pre- or post-inversion)."""
    table = _TABLE
    for b in bytes(data):
        reg = table[(reg ^ b) & 0xFF] ^ (reg >> 8)
    return reg


@functools.cache
def _chunk_shift_tables() -> tuple[list[int], ...]:
    """Four byte-indexed tables of the (linear) map that runs the register through _CHUNK zero
    bytes, built from the images of the 32 one-bit registers."""
    reg = np.uint64(1) << np.arange(32, dtype=np.uint64)
    for _ in range(_CHUNK):
        reg = _NP_TABLE[reg & np.uint64(0xFF)] ^ (reg >> np.uint64(8))
    values = np.arange(256, dtype=np.uint64)
    tables = []
    for byte in range(4):
        table = np.zeros(256, dtype=np.uint64)
        for bit in range(8):
            table[(values >> np.uint64(bit)) & np.uint64(1) == 1] ^= reg[8 * byte + bit]
        tables.append(table.tolist())
    return tuple(tables)


def _crc_parallel(data: bytes, reg: int) -> int:
    """The register after `data`: numpy runs up to _BATCH chunks of _CHUNK bytes at once (each
    from a zero register, reading 8-byte words of a transposed batch), then the chunks are
    folded in order: reg <- shift(reg, _CHUNK bytes) ^ chunk's register."""
    chunks = len(data) // _CHUNK
    words = np.frombuffer(data, "<u8", chunks * _CHUNK // 8).reshape(chunks, _CHUNK // 8)
    t0, t1, t2, t3 = _chunk_shift_tables()
    eight, low = np.uint64(8), np.uint64(0xFF)
    shifts = [np.uint64(s) for s in range(0, 64, 8)]
    for start in range(0, chunks, _BATCH):
        batch = words[start:start + _BATCH].T.copy()
        regs = np.zeros(batch.shape[1], dtype=np.uint64)
        for column in batch:
            for s in shifts:
                regs = _NP_TABLE[(regs ^ (column >> s)) & low] ^ (regs >> eight)
        for r in regs.tolist():
            reg = (t0[reg & 0xFF] ^ t1[(reg >> 8) & 0xFF] ^ t2[(reg >> 16) & 0xFF]
                   ^ t3[reg >> 24]) ^ r
    return _crc_bytes(memoryview(data)[chunks * _CHUNK:], reg)


def crc32c(data: bytes, crc: int = 0) -> int:
    """CRC-32C (Castagnoli) of `data`, continuing from `crc`."""
    reg = crc ^ 0xFFFFFFFF
    reg = _crc_parallel(data, reg) if len(data) >= _PARALLEL_FROM else _crc_bytes(data, reg)
    return reg ^ 0xFFFFFFFF


def mask(crc: int) -> int:
    """`crc` masked as TF stores it."""
    return (((crc >> 15) | (crc << 17)) + _MASK_DELTA) & 0xFFFFFFFF


def masked_crc32c(data: bytes) -> int:
    """TF's masked CRC32C, as stored next to data that may itself contain CRCs."""
    return mask(crc32c(data))
