# SPDX-License-Identifier: GPL-2.0-or-later
"""windows_model.py - a spec of the tests' own, its trace, and a model of its windows
(imported by vcd.t and html.t, not run by prove)

Windows of both kinds and a rule checked per queue, with no restart and no partial
history, so that what the timing diagrams show follows from the definition alone
(ccsl-spec(5): a window is opened by a and closed by b; forbid: x must not tick inside it,
allow: x must not tick outside it; with one record a step, x never shares a step with a or
b). The records are one microsecond apart. Q is about the device and its message holds
markup, for the HTML report's escaping.
"""
import os
import subprocess

SPEC = """spec own "windows and queues"
instance per dev
const ACK = 1
const DRIVER_OK = 4
register status write virtio:set_status.status
register status bits ACK DRIVER_OK
default restart never
clock reset = writes(status, 0)
clock dok = rises(status, DRIVER_OK)
clock kick = virtio:notify
clock enable = virtio:queue_enable
rule EARLY: forbid kick in [reset, dok[
\tref "own 1.1"
rule LATE: allow kick in ]dok, reset]
\tref "own 1.2"
rule Q: allow kick in ]enable, reset]
\tper vq_index
\tsubject device
\tmessage "a <queue> & its \\"kick\\" before <script>enable</script>"
\tref "own 2"
"""
HEADER = """cpus 1
event virtio set_status kprobe dev:string status:u8
event virtio notify kprobe dev:string vq_index:u32
event virtio queue_enable kprobe dev:string vq_index:u32
"""
RECORDS = ["set_status status=0", "notify vq_index=0", "queue_enable vq_index=0",
           "set_status status=1", "set_status status=5", "notify vq_index=0",
           "notify vq_index=1", "queue_enable vq_index=1", "notify vq_index=1",
           "set_status status=0", "notify vq_index=1"]
RULES = ("EARLY", "LATE", "Q")


def make(tmp, tracegen):
    """the spec and the trace.dat (made by tracegen) in tmp: their paths"""
    spec, desc = os.path.join(tmp, "own.ccsl"), os.path.join(tmp, "own.txt")
    dat = os.path.join(tmp, "own.dat")
    with open(spec, "w") as f:
        f.write(SPEC)
    with open(desc, "w") as f:
        f.write(HEADER)
        for i, r in enumerate(RECORDS):
            f.write(f"{(i + 1) * 1000}ns 0 1 virtio:{r.replace(' ', ' dev=virtio0 ', 1)}\n")
    subprocess.run([tracegen, "-o", dat, desc], check=True, capture_output=True)
    return spec, dat


def model():
    """per record: (ts, {window: 0 or 1 after it}, [rules it violates], its queue's window
    name or None, status after it). Windows are named as the VCD names them: EARLY, LATE,
    Q_vq_index_N (a queue's, from its first record on)"""
    status, win, steps = None, {"EARLY": 0, "LATE": 0}, []
    for i, text in enumerate(RECORDS):
        event, *fields = text.split()
        f = {k: int(v) for k, v in (x.split("=") for x in fields)}
        reset = event == "set_status" and f["status"] == 0
        dok = event == "set_status" and bool(f["status"] & 4) and not (status or 0) & 4
        if event == "set_status":
            status = f["status"]
        q = f"Q_vq_index_{f['vq_index']}" if "vq_index" in f else None
        if q and q not in win:
            win[q] = 0          # a new queue starts where the others did: after a reset
        bad = []
        if event == "notify":
            bad += ["EARLY"] if win["EARLY"] else []
            bad += [] if win["LATE"] else ["LATE"]
            bad += [] if win[q] else ["Q"]
        for name, a, b in (("EARLY", reset, dok), ("LATE", dok, reset)):
            win[name] = 0 if b else 1 if a else win[name]
        for name in win:
            if name.startswith("Q_") and (reset or (event == "queue_enable" and name == q)):
                win[name] = 0 if reset else 1
        steps.append(((i + 1) * 1000, dict(win), bad, q, status))
    return steps
