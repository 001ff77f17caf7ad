"""The graph core: dtypes, shapes, Graph/Operation/Tensor, registry, conversion, errors."""
