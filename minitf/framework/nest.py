"""Nested structures (mirrors tensorflow/python/util/nest.py): lists, tuples, namedtuples and
mappings are containers, everything else is a leaf; mappings flatten in sorted key order."""
from __future__ import annotations

import collections
import collections.abc as cabc
from typing import Any, Callable


def is_namedtuple(x: Any) -> bool:
    return isinstance(x, tuple) and hasattr(type(x), "_fields")


def is_sequence(x: Any) -> bool:
    if isinstance(x, (str, bytes)):
        return False
    return isinstance(x, (list, tuple, cabc.Mapping)) or _is_attrs(x)


is_nested = is_sequence


def _is_attrs(x: Any) -> bool:
    return hasattr(type(x), "__attrs_attrs__")


def _children(x: Any) -> list:
    if isinstance(x, cabc.Mapping):
        return [x[k] for k in _sorted_keys(x)]
    if _is_attrs(x):
        return [getattr(x, a.name) for a in type(x).__attrs_attrs__]
    return list(x)


def _sorted_keys(m: cabc.Mapping) -> list:
    try:
        return sorted(m)
    except TypeError as e:
        raise TypeError("nest only supports dicts with sortable keys.") from e


def flatten(structure: Any, expand_composites: bool = False) -> list:
    """All leaves of `structure` in TF's order; a leaf becomes `[leaf]`. There are no
    composite tensors to expand here, so `expand_composites` changes nothing."""
    out: list = []
    _flatten_into(structure, out)
    return out


def _flatten_into(x: Any, out: list) -> None:
    if is_sequence(x):
        for c in _children(x):
            _flatten_into(c, out)
    else:
        out.append(x)


def _rebuild(like: Any, children: list) -> Any:
    if isinstance(like, cabc.Mapping):
        values = dict(zip(_sorted_keys(like), children))
        result = {k: values[k] for k in like}
        if type(like) is dict:
            return result
        if isinstance(like, collections.defaultdict):
            d = collections.defaultdict(like.default_factory)
            d.update(result)
            return d
        return type(like)(result)
    if is_namedtuple(like):
        return type(like)(*children)
    if _is_attrs(like):
        return type(like)(*children)
    if isinstance(like, tuple):
        return tuple(children)
    return list(children)


def pack_sequence_as(structure: Any, flat_sequence: Any, expand_composites: bool = False) -> Any:
    """`flat_sequence`'s items in the shape of `structure` (the inverse of `flatten`)."""
    flat = list(flat_sequence)
    if not is_sequence(structure):
        if len(flat) != 1:
            raise ValueError(f"Structure is a scalar but len(flat_sequence) == {len(flat)} > 1")
        return flat[0]
    n = len(flatten(structure))
    if n != len(flat):
        raise ValueError(f"Could not pack sequence. Structure had {n} elements, but "
                         f"flat_sequence had {len(flat)} elements.  Structure: {structure}, "
                         f"flat_sequence: {flat}.")
    it = iter(flat)

    def build(x):
        if is_sequence(x):
            return _rebuild(x, [build(c) for c in _children(x)])
        return next(it)
    return build(structure)


def assert_same_structure(nest1: Any, nest2: Any, check_types: bool = True,
                          expand_composites: bool = False) -> None:
    """Raises ValueError (TypeError for differing sequence types) unless the two nests have the
    same shape. As TF: namedtuples of one name and fields count as one type, so do two lists
    or two mappings."""
    def fail(why: str, error: type = ValueError):
        raise error(f"The two structures don't have the same nested structure.\n\n"
                    f"First structure: {nest1}\n\nSecond structure: {nest2}\n\n"
                    f"More specifically: {why}\n"
                    f"Entire first structure:\n{_dots(nest1)}\n"
                    f"Entire second structure:\n{_dots(nest2)}")

    def walk(a, b):
        sa, sb = is_sequence(a), is_sequence(b)
        if sa != sb:
            fail(f"Substructure \"{a if sa else b}\" is a sequence, while substructure "
                 f"\"{b if sa else a}\" is not")
        if not sa:
            return
        if check_types and not _same_sequence_type(a, b):
            fail(f"The two namedtuples don't have the same sequence type. First structure "
                 f"{a} has type {type(a).__name__}, while second structure {b} has type "
                 f"{type(b).__name__}", TypeError)
        if isinstance(a, cabc.Mapping) and isinstance(b, cabc.Mapping) and set(a) != set(b):
            fail(f"The two dictionaries don't have the same set of keys. First structure has "
                 f"keys {list(a)}, while second structure has keys {list(b)}")
        ca, cb = _children(a), _children(b)
        if len(ca) != len(cb):
            fail(f"The two structures don't have the same number of elements. First "
                 f"structure: {a}. Second structure: {b}")
        for x, y in zip(ca, cb):
            walk(x, y)
    walk(nest1, nest2)


def _same_sequence_type(a: Any, b: Any) -> bool:
    if is_namedtuple(a) and is_namedtuple(b):
        return type(a).__name__ == type(b).__name__ and a._fields == b._fields
    return type(a) is type(b) or (isinstance(a, list) and isinstance(b, list)) or \
        (isinstance(a, cabc.Mapping) and isinstance(b, cabc.Mapping))


class _Dot:
    """Stands for a leaf where an error prints a structure's shape."""
    def __repr__(self) -> str:
        return "."


def _dots(structure: Any) -> str:
    return str(pack_sequence_as(structure, [_Dot()] * len(flatten(structure))))


def map_structure(func: Callable, *structures: Any, check_types: bool = True,
                  expand_composites: bool = False) -> Any:
    """`func` applied leaf-wise across structures of the same shape, packed like the first."""
    if not structures:
        raise ValueError("Must provide at least one structure")
    for s in structures[1:]:
        assert_same_structure(structures[0], s, check_types=check_types)
    flats = [flatten(s) for s in structures]
    return pack_sequence_as(structures[0], [func(*xs) for xs in zip(*flats)])

