"""The string hashes TF's hash-bucket ops use, on Python bytes: `fingerprint64` (FarmHash's
Fingerprint64, farmhashna's 64-bit hash, which `StringToHashBucketFast` and the lookup
tables' out-of-vocabulary buckets use) and `siphash24` (SipHash-2-4 keyed by two 64-bit words,
which `StringToHashBucketStrong` uses). Both are written from the published algorithms; the
tests check them against values from TensorFlow.
"""
from __future__ import annotations

_MASK = (1 << 64) - 1
_K0 = 0xC3A5C85C97CB3127
_K1 = 0xB492B66FBE98F273
_K2 = 0x9AE16A3B2F90404F
_KMUL = 0x9DDFEA08EB382D69


def _rotr(v: int, shift: int) -> int:
    return v if shift == 0 else ((v >> shift) | (v << (64 - shift))) & _MASK


def _shift_mix(v: int) -> int:
    return v ^ (v >> 47)


def _u64(data: bytes, i: int) -> int:
    return int.from_bytes(data[i:i + 8], "little")


def _u32(data: bytes, i: int) -> int:
    return int.from_bytes(data[i:i + 4], "little")


def _mix16(u: int, v: int, mul: int = _KMUL) -> int:
    """Two words folded into one (farmhash's HashLen16)."""
    a = ((u ^ v) * mul) & _MASK
    a ^= a >> 47
    b = ((v ^ a) * mul) & _MASK
    b ^= b >> 47
    return (b * mul) & _MASK


def _len_0_to_16(s: bytes) -> int:
    n = len(s)
    if n >= 8:
        mul = _K2 + n * 2
        a = (_u64(s, 0) + _K2) & _MASK
        b = _u64(s, n - 8)
        c = (_rotr(b, 37) * mul + a) & _MASK
        d = ((_rotr(a, 25) + b) * mul) & _MASK
        return _mix16(c, d, mul)
    if n >= 4:
        mul = _K2 + n * 2
        return _mix16(n + (_u32(s, 0) << 3), _u32(s, n - 4), mul)
    if n > 0:
        y = (s[0] + (s[n >> 1] << 8)) & 0xFFFFFFFF
        z = (n + (s[n - 1] << 2)) & 0xFFFFFFFF
        return (_shift_mix(((y * _K2) ^ (z * _K0)) & _MASK) * _K2) & _MASK
    return _K2


def _ends(s: bytes, a_mul: int) -> tuple[int, int, int, int]:
    """What the 17-32 and 33-64 byte hashes mix from both ends of `s`: their multiplier, the
    scaled first word and the two words to fold."""
    n = len(s)
    mul = _K2 + n * 2
    a = (_u64(s, 0) * a_mul) & _MASK
    b = _u64(s, 8)
    c = (_u64(s, n - 8) * mul) & _MASK
    d = (_u64(s, n - 16) * _K2) & _MASK
    return (mul, a, (_rotr((a + b) & _MASK, 43) + _rotr(c, 30) + d) & _MASK,
            (a + _rotr((b + _K2) & _MASK, 18) + c) & _MASK)


def _len_17_to_32(s: bytes) -> int:
    mul, _, u, v = _ends(s, _K1)
    return _mix16(u, v, mul)


def _len_33_to_64(s: bytes) -> int:
    n = len(s)
    mul, a, y, v = _ends(s, _K2)
    z = _mix16(y, v, mul)
    e = (_u64(s, 16) * mul) & _MASK
    f = _u64(s, 24)
    g = ((y + _u64(s, n - 32)) * mul) & _MASK
    h = ((z + _u64(s, n - 24)) * mul) & _MASK
    return _mix16((_rotr((e + f) & _MASK, 43) + _rotr(g, 30) + h) & _MASK,
                  (e + _rotr((f + a) & _MASK, 18) + g) & _MASK, mul)


def _weak32(s: bytes, i: int, a: int, b: int) -> tuple[int, int]:
    """farmhash's WeakHashLen32WithSeeds over the 32 bytes at `i`."""
    w, x, y, z = _u64(s, i), _u64(s, i + 8), _u64(s, i + 16), _u64(s, i + 24)
    a = (a + w) & _MASK
    b = _rotr((b + a + z) & _MASK, 21)
    c = a
    a = (a + x + y) & _MASK
    b = (b + _rotr(a, 44)) & _MASK
    return (a + z) & _MASK, (b + c) & _MASK


def fingerprint64(s: bytes) -> int:
    """FarmHash Fingerprint64 of `s`, an unsigned 64-bit int."""
    n = len(s)
    if n <= 16:
        return _len_0_to_16(s)
    if n <= 32:
        return _len_17_to_32(s)
    if n <= 64:
        return _len_33_to_64(s)
    seed = 81
    x = seed
    y = (seed * _K1 + 113) & _MASK
    z = (_shift_mix((y * _K2 + 113) & _MASK) * _K2) & _MASK
    v0 = v1 = w0 = w1 = 0
    x = (x * _K2 + _u64(s, 0)) & _MASK
    end = ((n - 1) // 64) * 64
    last64 = end + ((n - 1) & 63) - 63
    i = 0
    while True:
        x = (_rotr((x + y + v0 + _u64(s, i + 8)) & _MASK, 37) * _K1) & _MASK
        y = (_rotr((y + v1 + _u64(s, i + 48)) & _MASK, 42) * _K1) & _MASK
        x ^= w1
        y = (y + v0 + _u64(s, i + 40)) & _MASK
        z = (_rotr((z + w0) & _MASK, 33) * _K1) & _MASK
        v0, v1 = _weak32(s, i, (v1 * _K1) & _MASK, (x + w0) & _MASK)
        w0, w1 = _weak32(s, i + 32, (z + w1) & _MASK, (y + _u64(s, i + 16)) & _MASK)
        z, x = x, z
        i += 64
        if i == end:
            break
    mul = _K1 + ((z & 0xFF) << 1)
    i = last64
    w0 = (w0 + ((n - 1) & 63)) & _MASK
    v0 = (v0 + w0) & _MASK
    w0 = (w0 + v0) & _MASK
    x = (_rotr((x + y + v0 + _u64(s, i + 8)) & _MASK, 37) * mul) & _MASK
    y = (_rotr((y + v1 + _u64(s, i + 48)) & _MASK, 42) * mul) & _MASK
    x ^= (w1 * 9) & _MASK
    y = (y + v0 * 9 + _u64(s, i + 40)) & _MASK
    z = (_rotr((z + w0) & _MASK, 33) * mul) & _MASK
    v0, v1 = _weak32(s, i, (v1 * mul) & _MASK, (x + w0) & _MASK)
    w0, w1 = _weak32(s, i + 32, (z + w1) & _MASK, (y + _u64(s, i + 16)) & _MASK)
    z, x = x, z
    return _mix16((_mix16(v0, w0, mul) + _shift_mix(y) * _K0 + z) & _MASK,
                  (_mix16(v1, w1, mul) + x) & _MASK, mul)


def _rotl(v: int, shift: int) -> int:
    return ((v << shift) | (v >> (64 - shift))) & _MASK


def siphash24(key: tuple[int, int], s: bytes) -> int:
    """SipHash-2-4 of `s` under the 128-bit key given as two little-endian 64-bit words."""
    k0, k1 = key[0] & _MASK, key[1] & _MASK
    v = [k0 ^ 0x736F6D6570736575, k1 ^ 0x646F72616E646F6D,
         k0 ^ 0x6C7967656E657261, k1 ^ 0x7465646279746573]

    def rounds(count: int) -> None:
        for _ in range(count):
            v[0] = (v[0] + v[1]) & _MASK
            v[1] = _rotl(v[1], 13) ^ v[0]
            v[0] = _rotl(v[0], 32)
            v[2] = (v[2] + v[3]) & _MASK
            v[3] = _rotl(v[3], 16) ^ v[2]
            v[0] = (v[0] + v[3]) & _MASK
            v[3] = _rotl(v[3], 21) ^ v[0]
            v[2] = (v[2] + v[1]) & _MASK
            v[1] = _rotl(v[1], 17) ^ v[2]
            v[2] = _rotl(v[2], 32)

    n = len(s)
    full = n - n % 8
    for i in range(0, full, 8):
        m = _u64(s, i)
        v[3] ^= m
        rounds(2)
        v[0] ^= m
    last = ((n & 0xFF) << 56) | int.from_bytes(s[full:], "little")
    v[3] ^= last
    rounds(2)
    v[0] ^= last
    v[2] ^= 0xFF
    rounds(4)
    return v[0] ^ v[1] ^ v[2] ^ v[3]
