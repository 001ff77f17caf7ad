"""minitf against golden records from real TensorFlow (tests/golden/<family>.json, made by
tools/make_golden.py). Every case is rebuilt and rerun with minitf through the same recorder:

- `test_golden`: fetched tensors' names, op types, static shapes and dtypes; result types and
  values; facts; and for error cases the exception class, the stage (build or run) and the
  fragment the case chose;
- `test_golden_ops`: the whole op list of the graph (names and types, in creation order), kept
  apart so that a helper-op naming difference does not hide a wrong value.
"""
from __future__ import annotations

import functools
import json
import sys
from pathlib import Path

import numpy as np
import pytest

import minitf as tf

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import cases  # noqa: E402

CASES = cases.all_cases()
GOLDEN = {f"{family}/{name}": {k: v for k, v in rec.items() if k != "tf115_patch"}
          for family in cases.FAMILIES if (HERE / f"{family}.json").exists()
          for name, rec in json.loads((HERE / f"{family}.json").read_text())["cases"].items()}
RTOL, ATOL = 1e-5, 1e-6


@functools.lru_cache(maxsize=None)
def _minitf_record(case_id: str) -> dict:
    tf.reset_default_graph()
    return cases.record(tf, CASES[case_id])


def _case(case_id: str) -> tuple[cases.Case, dict, dict]:
    assert case_id in CASES, f"{case_id} is recorded but no longer defined; rerun the generator"
    return CASES[case_id], GOLDEN[case_id], _minitf_record(case_id)


def _diff(want, got, path: str, tol: tuple[float, float], out: list[str]) -> None:
    """Appends a line per difference between two records (floats compared with `tol`)."""
    if isinstance(want, dict) and isinstance(got, dict):
        if "data" in want and str(want.get("dtype", "")).startswith("float"):
            rest_w = {k: v for k, v in want.items() if k != "data"}
            rest_g = {k: v for k, v in got.items() if k != "data"}
            _diff(rest_w, rest_g, path, tol, out)
            if "data" not in got or rest_w != rest_g:
                return
            w = np.array(want["data"], dtype=np.float64)
            g = np.array(got["data"], dtype=np.float64)
            if not np.allclose(g, w, rtol=tol[0], atol=tol[1], equal_nan=True):
                out.append(f"{path}: values differ\n    want {want['data']}\n    got  {got['data']}")
            return
        for k in sorted(set(want) | set(got)):
            if k not in got:
                out.append(f"{path}.{k}: missing (want {want[k]!r})")
            elif k not in want:
                out.append(f"{path}.{k}: unexpected {got[k]!r}")
            else:
                _diff(want[k], got[k], f"{path}.{k}", tol, out)
    elif isinstance(want, list) and isinstance(got, list) and len(want) == len(got):
        for i, (w, g) in enumerate(zip(want, got)):
            _diff(w, g, f"{path}[{i}]", tol, out)
    elif want != got:
        out.append(f"{path}: want {want!r}, got {got!r}")


# Cases whose TF program needs an API that a later issue brings; the reason names it.
PENDING: dict[str, str] = {}

# Cases whose op lists differ from TF 1.15's on purpose; values are still compared.
OPS_DIFFER = {
    "random_streams/dropout_mask": "TF 2.x's compat.v1 dropout keeps by SelectV2 on "
                                   "`random_uniform >= rate`; TF 1.15 (dropout_v2), minitf's "
                                   "model, multiplies by the scale and the cast mask (values "
                                   "agree)",
    "state/variable_initialized_value": "TF 1.15 copies an initial value that reads another "
                                        "variable behind `initialized_value` conds (w/cond/..., "
                                        "mul_w); minitf's plans read variables in order instead",
    **{f"misc_extra/{name}": "weights broadcast to 2-D predictions: TF 2.21 builds "
                             "assert_broadcastable's has_invalid_dims from ExpandDims/ones_like, "
                             "minitf from Equal ops (values agree; not checked against 1.15)"
       for name in ("metrics_auc", "metrics_auc_static_2d")},
    **{f"misc_extra/{name}": "TF 2.x builds compat.v1's bincount as DenseBincount in a "
                             "`bincount` scope; TF 1.15 (math_ops.bincount), minitf's model, "
                             "builds an unscoped Bincount, or UnsortedSegmentSum with weights"
       for name in ("bincount_forms",)},
    "misc_extra/sort_unknown_rank": "TF 2.x swaps the axes of a sort of unknown rank with a "
                                    "TensorScatterUpdate; TF 1.15, minitf's model, concatenates "
                                    "ranges",
    **{f"image/{name}": "TF 2.x's saturate_cast clamps with ClipByValue; TF 1.15, minitf's "
                        "model, with Maximum and Minimum (values agree)"
       for name in ("contrast_and_grayscale", "convert_image_dtype")},
    "image/crops_and_pads": "TF 2.x reads a static image's dimensions through Shape and "
                            "StridedSlice ops; TF 1.15, minitf's model, as Python ints (values "
                            "agree)",
}


def _skip_pending(case_id: str) -> None:
    if case_id in PENDING:
        pytest.skip(PENDING[case_id])


@pytest.mark.parametrize("case_id", sorted(GOLDEN))
def test_golden(case_id: str) -> None:
    _skip_pending(case_id)
    c, want, got = _case(case_id)
    want = {k: v for k, v in want.items() if k not in ("graph", "op_types")}
    got = {k: v for k, v in got.items() if k not in ("graph", "op_types")}
    tol = (want["tol"], want["tol"]) if "tol" in want else (RTOL, ATOL)
    problems: list[str] = []
    want_err, got_err = want.pop("error", None), got.pop("error", None)
    if want_err is not None and got_err is None:
        problems.append(f"error: want {want_err['type']} at {want_err['stage']} "
                        f"({want_err['message']!r}), minitf raised nothing")
    elif got_err is not None and want_err is None:
        pytest.fail(f"unexpected {got_err['type']} at {got_err['stage']}: {got_err['message']}")
    elif want_err is not None:
        # TF 1.15 and 2.x word many messages differently: compare the class, the stage and the
        # fragment the case chose.
        if (want_err["type"], want_err["stage"]) != (got_err["type"], got_err["stage"]) or \
                c.error not in got_err["message"]:
            problems.append(f"error: want {want_err['type']} at {want_err['stage']} containing "
                            f"{c.error!r} (TF: {want_err['message']!r}),\n    got "
                            f"{got_err['type']} at {got_err['stage']}: {got_err['message']!r}")
    _diff(want, got, case_id, tol, problems)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("case_id", sorted(k for k, v in GOLDEN.items() if "graph" in v))
def test_golden_ops(case_id: str) -> None:
    _skip_pending(case_id)
    if case_id in OPS_DIFFER:
        pytest.skip(OPS_DIFFER[case_id])
    _, want, got = _case(case_id)
    want_ops, got_ops = want["graph"], got.get("graph")
    assert got_ops is not None, f"minitf failed while building: {got.get('error')}"
    missing = [x for x in want_ops if x not in got_ops]
    extra = [x for x in got_ops if x not in want_ops]
    assert got_ops == want_ops, (f"ops differ\n  want {want_ops}\n  got  {got_ops}\n"
                                 f"  missing {missing}\n  extra {extra}")


def test_every_case_is_recorded() -> None:
    missing = sorted(set(CASES) - set(GOLDEN))
    assert not missing, f"cases without golden records (run tools/make_golden.py): {missing}"


# Op types no record from TensorFlow can show; each entry says why.
_LOOP_VALUES = ("minitf's own: a loop keeps the values its gradient needs as it runs (TF 1.15 "
                "pushes them on stacks, StackPushV2/StackPopV2, which minitf does not build)")
UNRECORDABLE: dict[str, str] = {
    "LoopCount": _LOOP_VALUES, "LoopHistory": _LOOP_VALUES, "HistoryRead": _LOOP_VALUES,
    "HistoryConcat": _LOOP_VALUES,
    "BranchValue": "minitf's own: a cond's gradient reads the forward branch's values through "
                   "it (TF 1.15 reads them across its Switch/Merge dataflow graph)",
    "TFRecordDataset": "built only inside the function TFRecordDataset flat-maps over its file "
                       "names (TF 1.15 and 2.x alike), which a record's op list does not show; "
                       "pipes/tfrecord_dataset checks its values",
    "GeneratorDataset": "minitf's `Dataset.from_generator` runs the Python generator in one op; "
                        "TF builds it from py_funcs inside a flat_map (the golden case "
                        "data_more/from_generator checks its values against TF's)",
    "GatherTree": "tf.contrib.seq2seq's op: TF 2.x has no contrib and no GatherTree op "
                  "(tf.raw_ops lacks it); tests/contrib/test_beam_search.py checks it against "
                  "TF 1.15's kernel test and a numpy reading of that kernel",
    "MaxPoolGradGradWithArgmax": "TF has only a GPU kernel for it, and no gradient builds it; "
                                 "tests/ops/test_conv.py checks it in a user's unpooling "
                                 "gradient and against a numpy reading of the kernel",
}


def test_every_registered_op_type_has_a_golden_record() -> None:
    from minitf.framework import registry
    recorded = {entry.rpartition(" (")[2].rstrip(")")
                for rec in GOLDEN.values() for entry in rec.get("graph", ())}
    recorded.update(t for rec in GOLDEN.values() for t in rec.get("op_types", ()))
    missing = sorted(set(registry.registered_ops()) - recorded - set(UNRECORDABLE)
                     - {k for k in registry.registered_ops() if k.startswith("Test")})
    assert not missing, f"op types with no golden case from real TensorFlow: {missing}"
