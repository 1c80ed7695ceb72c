# SPDX-License-Identifier: GPL-2.0-or-later
"""uprobes.py - the recording contract's events as uprobes on tests/standin/standin

For tests on kernels with uprobe events and no kprobes: the events get the contract's group,
names and fields (virtio:set_status dev status devid parent, ...), so that what ccsl-check
reads from them is what it reads from a kprobe recording. x86_64 only (arguments in %di,
%si). Imported by the tests; `python3 uprobes.py define|remove BINARY` by hand.
"""
import os
import subprocess
import sys

TRACEFS = "/sys/kernel/tracing"
GROUP = "virtio"

# event: (kind, function, fetch arguments)
EVENTS = {
    "set_status": ("p", "vp_set_status",
                   "dev=+0(%di):string status=%si:u8 devid=+16(%di):u32 parent=+0(+24(%di)):string"),
    "get_status": ("p", "vp_get_status", "dev=+0(%di):string"),
    "get_status_ret": ("r", "vp_get_status", "status=$retval:u8"),
    "set_features": ("p", "vp_set_features", "dev=+0(%di):string features=%si:x64"),
    "get_features_ret": ("r", "vp_get_features", "features=$retval:x64"),
    "notify": ("p", "vp_notify",
               "dev=+0(+8(%di)):string vq=+0(+0(%di)):string vq_index=+16(%di):u32"),
    "del_vqs": ("p", "vp_del_vqs", "dev=+0(%di):string"),
}


def available():
    """why uprobes cannot be used here, or None"""
    if os.uname().machine != "x86_64":
        return "not x86_64"
    if not os.access(os.path.join(TRACEFS, "uprobe_events"), os.W_OK):
        return f"no writable {TRACEFS}/uprobe_events (tracefs, CONFIG_UPROBE_EVENTS, root)"
    if os.path.exists(os.path.join(TRACEFS, "events", GROUP)):
        return f"events of the group {GROUP} exist already (a recording in progress?)"
    return None


def file_offset(binary, symbol):
    """the file offset of a function, as uprobe_events wants it"""
    nm = subprocess.run(["nm", binary], capture_output=True, text=True, check=True).stdout
    addr = next(int(l.split()[0], 16) for l in nm.splitlines()
                if l.split()[-1] == symbol and l.split()[1] in "Tt")
    ph = subprocess.run(["readelf", "-lW", binary], capture_output=True, text=True,
                        check=True).stdout
    for line in ph.splitlines():
        f = line.split()
        if f and f[0] == "LOAD":
            off, vaddr, memsz = int(f[1], 16), int(f[2], 16), int(f[5], 16)
            if vaddr <= addr < vaddr + memsz:
                return addr - vaddr + off
    raise ValueError(f"{symbol} is in no LOAD segment of {binary}")


def write(line):
    """one line to uprobe_events: appended, as `>>` does (Python's "a" mode seeks, which
    tracefs refuses)"""
    fd = os.open(os.path.join(TRACEFS, "uprobe_events"), os.O_WRONLY | os.O_APPEND)
    try:
        os.write(fd, line.encode())
    finally:
        os.close(fd)


def define(binary):
    """define every event; the names created (remove them with remove())"""
    binary = os.path.realpath(binary)
    made = []
    try:
        for name, (kind, func, args) in EVENTS.items():
            write(f"{kind}:{GROUP}/{name} {binary}:{file_offset(binary, func):#x} {args}\n")
            made.append(name)
    except Exception:
        remove(made)
        raise
    return made


def remove(names):
    """remove the events named (of the group), leaving every other uprobe alone"""
    for name in names:
        try:
            write(f"-:{GROUP}/{name}\n")
        except OSError:
            pass


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("define", "remove"):
        sys.exit("usage: uprobes.py define|remove BINARY")
    if sys.argv[1] == "define":
        print("\n".join(define(sys.argv[2])))
    else:
        remove(list(EVENTS))
