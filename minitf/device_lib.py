"""`tensorflow.python.client.device_lib`: the devices a session can place ops on (mirrors
tensorflow/python/client/device_lib.py of TF 1.15), which scripts list to decide whether to
build for a GPU. minitf's devices are the CPU (numpy) and, where CuPy sees them, the GPUs."""
from __future__ import annotations

import random
from typing import Any

from .runtime.backend import cupy_backend

__all__ = ["DeviceAttributes", "list_local_devices"]

_CPU_MEMORY_LIMIT = 268435456  # what TF 1.15 reports for its CPU device


class DeviceAttributes:
    """TF's DeviceAttributes message: the fields scripts read, printed in protobuf text
    format as TF prints the message."""

    def __init__(self, name: str, device_type: str, memory_limit: int,
                 physical_device_desc: str = ""):
        self.name = name
        self.device_type = device_type
        self.memory_limit = memory_limit
        self.incarnation = random.getrandbits(63)
        self.physical_device_desc = physical_device_desc

    def __str__(self) -> str:
        text = (f'name: "{self.name}"\ndevice_type: "{self.device_type}"\n'
                f"memory_limit: {self.memory_limit}\nlocality {{\n}}\n"
                f"incarnation: {self.incarnation}\n")
        if self.physical_device_desc:
            text += f'physical_device_desc: "{self.physical_device_desc}"\n'
        return text

    __repr__ = __str__


def _gpus() -> list[DeviceAttributes]:
    backend = cupy_backend()
    if backend is None:
        return []
    runtime = backend.xp.cuda.runtime
    devices = []
    for i in range(runtime.getDeviceCount()):
        props = runtime.getDeviceProperties(i)
        name = props["name"].decode() if isinstance(props["name"], bytes) else props["name"]
        devices.append(DeviceAttributes(
            f"/device:GPU:{i}", "GPU", int(props["totalGlobalMem"]),
            f"device: {i}, name: {name}, compute capability: {props['major']}.{props['minor']}"))
    return devices


def list_local_devices(session_config: Any = None) -> list[DeviceAttributes]:
    """The local devices, CPU first; `session_config` is accepted as TF's is."""
    return [DeviceAttributes("/device:CPU:0", "CPU", _CPU_MEMORY_LIMIT)] + _gpus()
