"""`tf.contrib`: the contrib modules TF1 tutorials use, each imported on first use."""
import importlib as _importlib
import pkgutil as _pkgutil

_MODULES = sorted(m.name for m in _pkgutil.iter_modules(__path__) if not m.name.startswith("_"))


def __getattr__(name: str):
    if name in _MODULES:
        return _importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'minitf.contrib' has no attribute '{name}'")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_MODULES))
