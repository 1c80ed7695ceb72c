#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""devices.py - tracegen input for a trace of many devices, each one conforming init cycle

    bench/devices.py N [--cpus C] | build/tracegen -o many.dat -

Writes the tracegen text language (tests/fixture/README.md) on stdout: N virtio devices
(virtio0 ... virtioN-1), each probed once, by one of 16 tasks, with the 24 records of a modern
driver's conforming init cycle (the sequence of tracegen's bench mode: reset, ACKNOWLEDGE,
DRIVER, features, FEATURES_OK, DRIVER_OK, then notifies), one device after the other,
spread round-robin over C CPUs (default 4). Every device conforms to the built-in spec, so
the memory ccsl-check needs per device is the cost of an instance without violations: what
bench/run's "devices" section measures, and what the out-of-memory test runs into.
"""
import signal
import sys

DECLS = [
    "event virtio set_status kprobe dev:string status:u8 devid:u32 parent:string",
    "event virtio get_status kprobe dev:string",
    "event virtio get_status_ret kretprobe status:u8",
    "event virtio set_features kprobe dev:string features:x64",
    "event virtio get_features_ret kretprobe features:x64",
    "event virtio notify kprobe dev:string vq:string vq_index:u32",
]

# (event, status): one init cycle, as tracegen's bench_script
SCRIPT = [("set", 0), ("get", 0), ("ret", 0), ("get", 0), ("ret", 0), ("set", 1),
          ("get", 0), ("ret", 1), ("set", 3), ("feat_ret", 0), ("feat", 0), ("get", 0),
          ("ret", 3), ("set", 0xb), ("get", 0), ("ret", 0xb), ("get", 0), ("ret", 0xb),
          ("set", 0xf), ("notify", 0), ("notify", 1), ("notify", 2), ("notify", 0),
          ("notify", 1)]

FEATURES = 0x130000006
VQS = ("inflate", "deflate", "stats")
T0 = 5_000_000_000      # ns after boot
DT = 1000               # 1 us between records
PID0 = 1000
TASKS = 16              # the probing tasks (a worker pool): a trace names few tasks


def record(d, step, ev, val):
    """one record line of device d's init cycle"""
    name = "virtio%d" % d
    if ev == "set":
        args = "virtio:set_status dev=%s status=%d devid=5 parent=0000:00:%02x.%d" % (
            name, val, d % 32, d % 8)
    elif ev == "get":
        args = "virtio:get_status dev=%s" % name
    elif ev == "ret":
        args = "virtio:get_status_ret status=%d" % val
    elif ev == "feat":
        args = "virtio:set_features dev=%s features=0x%x" % (name, FEATURES & ~2)
    elif ev == "feat_ret":
        args = "virtio:get_features_ret features=0x%x" % FEATURES
    else:
        args = "virtio:notify dev=%s vq=%s vq_index=%d" % (name, VQS[val], val)
    return args


def main(argv):
    """write the trace description of argv[1] devices"""
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    cpus = 4
    args = argv[1:]
    if len(args) == 3 and args[1] == "--cpus":
        cpus = int(args[2])
        args = args[:1]
    if len(args) != 1 or not args[0].isdigit() or cpus < 1:
        sys.stderr.write("usage: devices.py N [--cpus C]\n")
        return 2
    n = int(args[0])
    out = sys.stdout
    out.write("cpus %d\n" % cpus)
    out.write("\n".join(DECLS) + "\n")
    out.write("".join("comm %d kworker/u%d:%d\n" % (PID0 + t, cpus, t) for t in range(TASKS)))
    ts = T0
    lines = []
    for d in range(n):
        cpu = d % cpus
        pid = PID0 + d % TASKS
        for step, (ev, val) in enumerate(SCRIPT):
            lines.append("%dns %d %d %s\n" % (ts, cpu, pid, record(d, step, ev, val)))
            ts += DT
        if len(lines) > 50000:
            out.write("".join(lines))
            lines = []
    out.write("".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
