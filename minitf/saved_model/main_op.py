"""`tf.saved_model.main_op`: ops a loaded SavedModel can run after its variables are restored."""
from __future__ import annotations

from typing import Any

from ..framework.graph import (GraphKeys, control_dependencies, get_collection,
                               get_default_graph)
from ..ops import control_flow as control_flow_ops
from ..ops import state as state_ops

__all__ = ["main_op", "main_op_with_restore"]


def main_op() -> Any:
    """Initializes the global and local variables and the lookup tables."""
    tables = get_collection(GraphKeys.TABLE_INITIALIZERS)
    tables_init = control_flow_ops.group(*tables, name="init_all_tables") if tables else \
        control_flow_ops.no_op(name="init_all_tables")
    return control_flow_ops.group(state_ops.global_variables_initializer(),
                                  state_ops.local_variables_initializer(), tables_init)


def main_op_with_restore(restore_op_name: str) -> Any:
    """The op named `restore_op_name`, run after `main_op()`."""
    with control_dependencies([main_op()]):
        return control_flow_ops.group(get_default_graph().as_graph_element(restore_op_name))
