"""logging_ops ops."""
__all__ = []
