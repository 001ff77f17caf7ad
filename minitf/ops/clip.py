"""clip ops."""
__all__ = []
