#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""virtio-rules.t - every rule of the built-in VirtIO spec on synthetic traces

Each scenario is a short driver-side story written as operations; the test
turns it into a tracegen description, writes the trace.dat, checks it with the
default spec and asserts exactly which rules are violated, on which device and
at which step (the index of the record among the device's records). TAP output.

Operations: "W v" status write; "R v" status read (get_status and its return);
"F v" driver features written; "GF v" device features read (return only);
"N queue index" notification; "Q index [enable]" queue_enable (default 1); "QR index"
queue reset; "D" del_vqs; "X index buf" detach_buf and its return; "CW offset len" and
"CR offset len" configuration write and read; "G gen" generation read and its return;
"I index ret" vring_interrupt and its return; "A index" vq_add; "U index buf" vq_get and
its return; "FZ" freeze; "RS" restore. A "!" after the operation
marks the record a violation is expected at: "W! 0x0f" with the rules in the
scenario's list. A leading "@virtio1" runs the operation on another device.
"""
import json
import os
import subprocess
import sys
import tempfile

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.environ.get("BUILD", "build")
CHECK = os.path.join(TOP, "ccsl-check")
TRACEGEN = os.path.join(TOP, BUILD, "tracegen")

V1 = 1 << 32            # VIRTIO_F_VERSION_1
STATS = 1 << 1          # VIRTIO_BALLOON_F_STATS_VQ

HEADER = """cpus 1
event virtio set_status kprobe dev:string status:u8 devid:u32 parent:string
event virtio get_status kprobe dev:string
event virtio get_status_ret kretprobe status:u8
event virtio set_features kprobe dev:string features:x64
event virtio get_features_ret kretprobe features:x64
event virtio queue_enable kprobe dev:string vq_index:u32 enable:u16
event virtio notify kprobe dev:string vq:string vq_index:u32
event virtio queue_reset kprobe dev:string vq_index:u32
event virtio del_vqs kprobe dev:string
event virtio detach_buf kprobe dev:string vq:string vq_index:u32
event virtio detach_buf_ret kretprobe buf:x64
event virtio config_write kprobe dev:string offset:u32 len:u32
event virtio config_read kprobe dev:string offset:u32 len:u32
event virtio generation kprobe dev:string
event virtio generation_ret kretprobe gen:u32
event virtio vring_interrupt kprobe dev:string vq:string vq_index:u32
event virtio vring_interrupt_ret kretprobe ret:s32
event virtio freeze kprobe dev:string
event virtio restore kprobe dev:string
event virtio vq_add kprobe dev:string vq:string vq_index:u32
event virtio vq_get kprobe dev:string vq:string vq_index:u32
event virtio vq_get_ret kretprobe buf:x64
comm 100 insmod
"""
DEVICES = {"virtio0": (5, "0000:00:02.0"), "virtio1": (4, "0000:00:03.0"),
           "virtio2": (5, "LNRO0005:00"), "virtio3": (1, "0000:00:04.0")}
CTRL_VQ, CTRL_RX = 1 << 17, 1 << 18

# A conforming modern bring-up as stock Linux does it (read-modify-write).
MODERN = ["W 0", "R 0", "R 0", "W 1", "R 1", "W 3", f"GF {V1 | STATS}", f"F {V1 | STATS}",
          "R 3", "W 0xb", "R 0xb", "R 0xb", "W 0xf", "N inflate 0", "N stats 2"]
UP_TO_FOK = MODERN[:12]
LEGACY = ["W 0", "R 0", "W 1", "R 1", "W 3", f"F {STATS}", "R 3", "W 7", "N stats 2"]

# name, operations, expected [(rule, device[, which "!" mark or "end"; default the first])]
SCENARIOS = [
    ("modern bring-up conforms", MODERN, []),
    ("legacy bring-up conforms (no FEATURES_OK)", LEGACY, []),
    ("mmio-like device conforms", [f"@virtio2 {op}" for op in LEGACY], []),
    ("two devices interleaved conform", [x for pair in zip(MODERN, [f"@virtio1 {o}" for o in MODERN])
                                         for x in pair], []),
    ("rmmod/insmod cycle conforms", MODERN + ["N deflate 1", "W 0", "R 0", "R 0", "W 1"] + MODERN[4:],
     []),
    ("INIT.ack: ACKNOWLEDGE again without a reset", ["W 0", "R 0", "W 1", "W 3", "W! 2", "W! 3"],
     [("NOCLEAR", "virtio0", 0), ("INIT.ack", "virtio0", 1), ("INIT.complete", "virtio0", "end")]),
    ("INIT.driver: ACKNOWLEDGE and DRIVER in one write", ["W 0", "R 0", "W! 3"],
     [("INIT.driver", "virtio0"), ("INIT.complete", "virtio0", "end")]),
    ("INIT.features_ok: FEATURES_OK before DRIVER", ["W 0", "R 0", "W 1", "W! 9"],
     [("INIT.features_ok", "virtio0")]),
    ("INIT.driver_ok: DRIVER_OK before DRIVER", ["W 0", "R 0", "W 1", "W! 5"],
     [("INIT.driver_ok", "virtio0"), ("INIT.complete", "virtio0")]),
    ("INIT.driver_ok_modern and REREAD.read: modern DRIVER_OK without FEATURES_OK",
     ["W 0", "R 0", "W 1", "W 3", f"F {V1}", "W! 7"],
     [("INIT.driver_ok_modern", "virtio0"), ("REREAD.read", "virtio0")]),
    ("INIT.complete: never reaches DRIVER_OK (warning at the end)",
     ["W 0", "R 0", "W 1", "W 3", f"F {V1}", "W 0xb", "R 0xb"],
     [("INIT.complete", "virtio0", "end")]),
    ("NOCLEAR: DRIVER cleared without a reset", ["W 0", "R 0", "W 1", "W 3", "W! 1"],
     [("NOCLEAR", "virtio0"), ("INIT.complete", "virtio0", "end")]),
    ("FAILED: continues after FAILED", ["W 0", "R 0", "W 1", "W 3", "W 0x83", "W! 0x8b"],
     [("FAILED", "virtio0"), ("INIT.complete", "virtio0", "end")]),
    ("FAILED conforms: reset after FAILED", ["W 0", "R 0", "W 1", "W 3", "W 0x83", "W 0", "R 0",
                                             "W 1"], []),
    ("REREAD.read: DRIVER_OK without re-reading FEATURES_OK",
     ["W 0", "R 0", "W 1", "W 3", f"F {V1}", "W 0xb", "W! 0xf"], [("REREAD.read", "virtio0")]),
    ("REREAD.rejected: DRIVER_OK although FEATURES_OK was refused",
     ["W 0", "R 0", "W 1", "W 3", f"F {V1}", "W 0xb", "R 0xb", "R 3", "W! 7"],
     [("REREAD.rejected", "virtio0")]),
    ("NOFEAT: features written before DRIVER", ["W 0", "R 0", "W 1", f"F! {V1}"],
     [("NOFEAT", "virtio0")]),
    ("NOFEAT: features written after FEATURES_OK",
     ["W 0", "R 0", "W 1", "W 3", f"F {V1}", "W 0xb", f"F! {V1}"],
     [("NOFEAT", "virtio0"), ("INIT.complete", "virtio0", "end")]),
    ("NONOTIFY: notification before DRIVER_OK (not the balloon)",
     [f"@virtio1 {o}" for o in ["W 0", "R 0", "W 1", "W 3", f"F {V1}", "W 0xb", "R 0xb",
                                "N! req 0", "W 0xf"]], [("NONOTIFY", "virtio1")]),
    ("BALLOON-STATS and NONOTIFY: the stock balloon's early stats notify",
     ["W 0", "R 0", "W 1", "W 3", f"F {V1 | STATS}", "W 0xb", "R 0xb", "N! stats 2", "W 0xf"],
     [("NONOTIFY", "virtio0"), ("BALLOON-STATS", "virtio0")]),
    ("BALLOON-STATS not without STATS_VQ negotiated",
     ["W 0", "R 0", "W 1", "W 3", f"F {V1}", "W 0xb", "R 0xb", "N! stats 2", "W 0xf"],
     [("NONOTIFY", "virtio0")]),
    ("RESETWAIT: re-initialised without reading 0 (warning)", ["W 0", "W! 1"],
     [("RESETWAIT", "virtio0")]),
    ("RESETWAIT.pci: a modern PCI device re-initialised without waiting",
     MODERN + ["W 0", "W! 1"], [("RESETWAIT", "virtio0"), ("RESETWAIT.pci", "virtio0")]),
    ("QUEUES: queue enabled before FEATURES_OK", ["W 0", "R 0", "W 1", "W 3", "Q! 0"],
     [("QUEUES", "virtio0"), ("INIT.complete", "virtio0", "end")]),
    ("QUEUES conforms: between FEATURES_OK and DRIVER_OK",
     ["W 0", "R 0", "W 1", "W 3", f"F {V1}", "W 0xb", "R 0xb", "Q 0", "W 0xf"], []),
    ("LEGACY: a legacy driver sets FEATURES_OK (warning)",
     ["W 0", "R 0", "W 1", "W 3", f"F {STATS}", "W! 0xb"], [("LEGACY", "virtio0"), ("INIT.complete", "virtio0", "end")]),
    # Device answers that differ from the driver's writes (issue 12): a write is judged by
    # what the driver wrote before it, a bit the device changed is not the driver's doing.
    ("RESETWAIT.pci: the device answers 1 after the reset and the driver writes ACKNOWLEDGE",
     MODERN + ["W 0", "R 1", "W! 1", "W 3", f"F {V1}", "W 0xb", "R 0xb", "W 0xf"],
     [("RESETWAIT", "virtio0"), ("RESETWAIT.pci", "virtio0")]),
    ("RESETWAIT conforms: the device is still resetting when read twice, then 0",
     MODERN + ["W 0", "R 1", "R 1", "R 0", "W 1", "W 3", f"F {V1}", "W 0xb", "R 0xb", "W 0xf"],
     []),
    ("the device refuses FEATURES_OK, the driver sets FAILED on what it read and resets",
     ["W 0", "R 0", "W 1", "W 3", f"F {V1}", "W 0xb", "R 3", "W 0x83", "W 0", "R 0"], []),
    ("NOCLEAR: the driver clears FEATURES_OK the device had accepted",
     ["W 0", "R 0", "W 1", "W 3", f"F {V1}", "W 0xb", "R 0xb", "W! 0x83", "W 0", "R 0"],
     [("NOCLEAR", "virtio0")]),
    ("DEVICE_NEEDS_RESET set by the device and written back with FAILED conforms",
     MODERN + ["R 0x4f", "W 0xcf", "W 0", "R 0"], []),
    ("STATUS.bits: the driver sets DEVICE_NEEDS_RESET itself",
     MODERN + ["R 0xf", "W! 0x4f", "W 0", "R 0"], [("STATUS.bits", "virtio0")]),
    # Cleanup, queues, features, configuration, the balloon, the device (contract v2).
    ("CLEANUP: virtqueues deleted while live", MODERN + ["D!"], [("CLEANUP", "virtio0")]),
    ("CLEANUP conforms: reset, then del_vqs; del_vqs during probe at FEATURES_OK",
     UP_TO_FOK + ["D", "Q 0", "W 0xf", "W 0", "R 0", "D"], []),
    ("CLEANUP: freeze deletes the queues without a reset (virtio_input before its fix)",
     MODERN + ["FZ", "D!"], [("CLEANUP", "virtio0")]),
    ("freeze and restore with a reset conform",
     MODERN + ["FZ", "W 0", "R 0", "D", "RS", "W 0", "R 0"] + MODERN[3:], []),
    ("CLEANUP.detach: a buffer taken back from a live queue", MODERN + ["X! 0 0xff00"],
     [("CLEANUP.detach", "virtio0")]),
    ("CLEANUP.detach conforms: after that queue's reset, after a device reset, or nothing",
     MODERN + ["X 0 0", "QR 1", "X 1 0xff00", "Q 1", "W 0", "R 0", "X 0 0xff00"], []),
    ("CLEANUP.detach: another queue's reset does not count", MODERN + ["QR 1", "X! 0 0xff00"],
     [("CLEANUP.detach", "virtio0")]),
    ("QUEUES: a queue enabled at DRIVER_OK without a reset", MODERN + ["Q! 1"],
     [("QUEUES", "virtio0")]),
    ("QUEUES conforms: re-enabled after its own reset (ethtool -G)", MODERN + ["QR 1", "Q 1"], []),
    ("QUEUES: re-enabling queue 0 after queue 1's reset", MODERN + ["QR 1", "Q! 0"],
     [("QUEUES", "virtio0")]),
    ("QUEUES.disable: 0 written to queue_enable", UP_TO_FOK + ["Q! 0 0", "W 0xf"],
     [("QUEUES.disable", "virtio0")]),
    ("FEAT.subset: a feature the device did not offer",
     ["W 0", "R 0", "W 1", "W 3", f"GF {V1}", f"F! {V1 | STATS}"],
     [("FEAT.subset", "virtio0"), ("INIT.complete", "virtio0", "end")]),
    ("FEAT.v1: VERSION_1 offered, the driver goes on as legacy",
     ["W 0", "R 0", "W 1", "W 3", f"GF {V1 | STATS}", f"F {STATS}", "W! 7"],
     [("FEAT.v1", "virtio0")]),
    ("FEAT.deps: net CTRL_RX without CTRL_VQ",
     [f"@virtio3 {o}" for o in ["W 0", "R 0", "W 1", "W 3", f"GF {V1 | CTRL_RX}",
                                f"F! {V1 | CTRL_RX}", "W 0xb", "R 0xb", "W 0xf"]],
     [("FEAT.deps", "virtio3")]),
    ("FEAT.deps conforms: net CTRL_RX with CTRL_VQ",
     [f"@virtio3 {o}" for o in ["W 0", "R 0", "W 1", "W 3", f"GF {V1 | CTRL_RX | CTRL_VQ}",
                                f"F {V1 | CTRL_RX | CTRL_VQ}", "W 0xb", "R 0xb", "W 0xf"]], []),
    ("CFG.early: configuration written before FEATURES_OK",
     ["W 0", "R 0", "W 1", "W 3", f"GF {V1}", f"F {V1}", "CW! 0 4", "W 0xb", "R 0xb", "W 0xf"],
     [("CFG.early", "virtio0")]),
    ("CFG.early conforms: written after FEATURES_OK, and after a reset",
     UP_TO_FOK + ["CW 0 4", "W 0xf", "W 0", "CW 4 4"], []),
    ("CFG.generation: an 8-byte field read without the counter (warning)",
     MODERN + ["G 0", "CR 0 8", "G 0", "CR 4 4", "CR! 8 8"], [("CFG.generation", "virtio0")]),
    ("CFG.generation conforms: inside the loop, retried",
     MODERN + ["G 0", "CR 0 8", "G 1", "G 1", "CR 0 8", "G 1", "CR 4 4"], []),
    ("BALLOON.poison: poison_val written after DRIVER_OK", MODERN + ["CW! 12 4"],
     [("BALLOON.poison", "virtio0")]),
    ("BALLOON.poison conforms: before DRIVER_OK; another device's offset 12 any time",
     UP_TO_FOK + ["CW 12 4", "W 0xf"] + [f"@virtio3 {o}" for o in MODERN[:13] + ["CW 12 4"]],
     []),
    ("BALLOON.stats-one: a second stats buffer before the first came back",
     MODERN + ["A 2", "U 2 0", "A! 2"], [("BALLOON.stats-one", "virtio0")]),
    ("BALLOON.stats-one conforms: add, used, add; other queues and other devices any time",
     MODERN + ["A 2", "A 0", "A 0", "U 0 0xff", "U 2 0xff00", "A 2", "U 2 0", "A 1"] +
     [f"@virtio3 {o}" for o in MODERN[:13] + ["A 2", "A 2"]], []),
    ("DEVICE.early-irq: a used buffer before DRIVER_OK (the device's fault)",
     UP_TO_FOK + ["I! 0 1", "W 0xf"], [("DEVICE.early-irq", "virtio0")]),
    ("DEVICE.early-irq conforms: IRQ_NONE before, handled after DRIVER_OK, late after a reset",
     UP_TO_FOK + ["I 0 0", "W 0xf", "I 0 1", "W 0", "I 0 1"], []),
    ("partial history: the trace starts after ACKNOWLEDGE",
     ["R 1", "W 3", f"F {V1 | STATS}", "R 3", "W 0xb", "R 0xb", "N! stats 2", "R 0xb", "W 0xf"],
     [("NONOTIFY", "virtio0"), ("BALLOON-STATS", "virtio0")]),
    ("partial history: the trace starts after DRIVER_OK", ["N inflate 0", "R 0xf", "N stats 2"],
     []),
]


def records(ops):
    """tracegen record lines; per device, the step of each "!" mark"""
    lines, marks, count = [], [], {}
    ts = 1_000_000
    for op in ops:
        dev = "virtio0"
        if op.startswith("@"):
            dev, op = op[1:].split(" ", 1)
        kind, *args = op.split()
        mark = kind.endswith("!")
        kind = kind.rstrip("!")
        devid, parent = DEVICES[dev]
        if kind == "W":
            recs = [f"virtio:set_status dev={dev} status={int(args[0], 0)} devid={devid} "
                    f"parent={parent}"]
        elif kind == "R":
            recs = [f"virtio:get_status dev={dev}", f"virtio:get_status_ret status={int(args[0], 0)}"]
        elif kind == "F":
            recs = [f"virtio:set_features dev={dev} features={int(args[0], 0)}"]
        elif kind == "GF":
            recs = [f"virtio:get_features_ret features={int(args[0], 0)}"]
        elif kind == "N":
            recs = [f"virtio:notify dev={dev} vq={args[0]} vq_index={args[1]}"]
        elif kind == "Q":
            enable = args[1] if len(args) > 1 else 1
            recs = [f"virtio:queue_enable dev={dev} vq_index={args[0]} enable={enable}"]
        elif kind == "QR":
            recs = [f"virtio:queue_reset dev={dev} vq_index={args[0]}"]
        elif kind == "D":
            recs = [f"virtio:del_vqs dev={dev}"]
        elif kind == "X":
            recs = [f"virtio:detach_buf dev={dev} vq=q{args[0]} vq_index={args[0]}",
                    f"virtio:detach_buf_ret buf={int(args[1], 0)}"]
        elif kind in ("CW", "CR"):
            ev = "config_write" if kind == "CW" else "config_read"
            recs = [f"virtio:{ev} dev={dev} offset={args[0]} len={args[1]}"]
        elif kind == "G":
            recs = [f"virtio:generation dev={dev}", f"virtio:generation_ret gen={args[0]}"]
        elif kind == "I":
            recs = [f"virtio:vring_interrupt dev={dev} vq=q{args[0]} vq_index={args[0]}",
                    f"virtio:vring_interrupt_ret ret={args[1]}"]
        elif kind == "A":
            recs = [f"virtio:vq_add dev={dev} vq=q{args[0]} vq_index={args[0]}"]
        elif kind == "U":
            recs = [f"virtio:vq_get dev={dev} vq=q{args[0]} vq_index={args[0]}",
                    f"virtio:vq_get_ret buf={int(args[1], 0)}"]
        elif kind in ("FZ", "RS"):
            recs = [f"virtio:{'freeze' if kind == 'FZ' else 'restore'} dev={dev}"]
        else:
            raise ValueError(op)
        for r in recs:
            ts += 1000
            lines.append(f"{ts}ns 0 100 {r}")
        n = count.get(dev, 0) + len(recs)
        count[dev] = n
        if mark:
            marks.append((dev, n - 1))
    return "\n".join(lines) + "\n", marks


def run(tmp, name, ops):
    text, marks = records(ops)
    desc = os.path.join(tmp, "t.txt")
    dat = os.path.join(tmp, "t.dat")
    with open(desc, "w") as f:
        f.write(HEADER + text)
    subprocess.run([TRACEGEN, "-o", dat, desc], check=True, capture_output=True)
    res = subprocess.run([CHECK, "-f", "json", dat], capture_output=True, text=True)
    if res.returncode not in (0, 1, 3):
        raise RuntimeError(f"ccsl-check exit {res.returncode}: {res.stderr.strip()}")
    return json.loads(res.stdout), marks, res.returncode


def found(doc):
    """(rule, device, step or 'end') of every first violation"""
    out = []
    for inst in doc["traces"][0]["instances"]:
        for v in inst["violations"]:
            if v["nth"] == 1:
                out.append((v["constraint"], inst["instance"], "end" if v["at_end"] else v["step"]))
    return sorted(out, key=str)


def expected(rules, marks):
    """(rule, device, step or 'end') the scenario expects"""
    out = []
    for rule, dev, *at in rules:
        at = at[0] if at else 0
        out.append((rule, dev, "end" if at == "end" else marks[at][1]))
    return sorted(out, key=str)


def merged_steps(tmp):
    """ACKNOWLEDGE and DRIVER written at one timestamp: one step only when merging"""
    lines = [f"{ts}ns 0 100 virtio:set_status dev=virtio0 status={v} devid=5 parent=p"
             for ts, v in [(1000, 0), (2000, 1), (2000, 3), (3000, 0xb)]]
    desc, dat = os.path.join(tmp, "m.txt"), os.path.join(tmp, "m.dat")
    with open(desc, "w") as f:
        f.write(HEADER + "\n".join(lines) + "\n")
    subprocess.run([TRACEGEN, "-o", dat, desc], check=True, capture_output=True)
    out = {}
    for args in ([], ["--merge-equal-timestamps"]):
        res = subprocess.run([CHECK, "-f", "json"] + args + [dat], capture_output=True, text=True)
        out[bool(args)] = found(json.loads(res.stdout))
    return out


def names(tmp):
    """labels of devices whose ids VIRTIO 1.2 section 5 defines: {device: label}"""
    ids = {"virtio0": 23, "virtio1": 24, "virtio2": 25, "virtio3": 26, "virtio4": 42}
    lines = [f"{1000 + i}ns 0 100 virtio:set_status dev={d} status=0 devid={v} parent=p"
             for i, (d, v) in enumerate(ids.items())]
    desc, dat = os.path.join(tmp, "n.txt"), os.path.join(tmp, "n.dat")
    with open(desc, "w") as f:
        f.write(HEADER + "\n".join(lines) + "\n")
    subprocess.run([TRACEGEN, "-o", dat, desc], check=True, capture_output=True)
    res = subprocess.run([CHECK, "-f", "json", dat], capture_output=True, text=True)
    return {i["instance"]: i["label"] for i in json.loads(res.stdout)["traces"][0]["instances"]}


def main():
    print(f"1..{len(SCENARIOS) + 3}")
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for n, (name, ops, rules) in enumerate(SCENARIOS, 1):
            try:
                doc, marks, status = run(tmp, name, ops)
                got, want = found(doc), expected(rules, marks)
                errors = any(v["severity"] == "error" for i in doc["traces"][0]["instances"]
                             for v in i["violations"])
                ok = got == want and status == doc["exit_status"] and (status == 1) == errors
            except Exception as e:
                ok, got, want = False, str(e), rules
            if ok:
                print(f"ok {n} - {name}")
            else:
                failed += 1
                print(f"not ok {n} - {name}\n# want {want}\n# got  {got}")
        # A trace without notify events: the notification rules are unchecked, never passed.
        n = len(SCENARIOS) + 1
        global HEADER
        HEADER = "\n".join(l for l in HEADER.splitlines() if "notify" not in l) + "\n"
        doc, _, status = run(tmp, "no notify", [o for o in MODERN if not o.startswith("N")])
        unchecked = {u["constraint"]: u["reason"] for u in doc["traces"][0]["instances"][0]["unchecked"]}
        if status == 3 and unchecked.get("NONOTIFY") == "trace has no virtio:notify events" and \
                "BALLOON-STATS" in unchecked and doc["verdict"] == "inconclusive":
            print(f"ok {n} - rules on missing events are 'not checked' and the verdict inconclusive")
        else:
            failed += 1
            print(f"not ok {n} - missing events\n# {status} {unchecked}")
        n += 1
        got = merged_steps(tmp)
        if not [r for r in got[False] if r[0] == "INIT.driver"] and \
                ("INIT.driver", "virtio0", 1) in got[True]:
            print(f"ok {n} - --merge-equal-timestamps: one write's bits, two records, one step")
        else:
            failed += 1
            print(f"not ok {n} - merged steps\n# {got}")
        n += 1
        got = names(tmp)
        want = {"virtio0": "iommu, p", "virtio1": "mem, p", "virtio2": "sound, p",
                "virtio3": "fs, p", "virtio4": "rdma, p"}
        if got == want:
            print(f"ok {n} - device ids 23-26 and 42 are named as VIRTIO 1.2 section 5 says")
        else:
            failed += 1
            print(f"not ok {n} - device names\n# {got}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
