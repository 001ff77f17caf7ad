"""tensorflow.python.client.device_lib: the local devices as TF 1.15 lists them."""
import minitf.device_lib as device_lib
from minitf.runtime.backend import cupy_backend


def test_list_local_devices_starts_with_tfs_cpu_device():
    devices = device_lib.list_local_devices()
    cpu = devices[0]
    assert (cpu.name, cpu.device_type, cpu.memory_limit) == ("/device:CPU:0", "CPU", 268435456)
    assert str(cpu).startswith('name: "/device:CPU:0"\ndevice_type: "CPU"\n'
                               'memory_limit: 268435456\nlocality {\n}\nincarnation: ')
    assert repr(devices) == f"[{cpu}]" or len(devices) > 1
    gpus = [d.name for d in devices if d.device_type == "GPU"]
    assert len(gpus) == (0 if cupy_backend() is None
                         else cupy_backend().xp.cuda.runtime.getDeviceCount())
    assert gpus == [f"/device:GPU:{i}" for i in range(len(gpus))]
