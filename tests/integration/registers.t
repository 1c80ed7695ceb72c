#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""registers.t - three-valued registers: a rule that read a register before it had a value

A user rule compares the features the driver wrote with the features the device offered
(@offered, read from get_features_ret). Where the trace has no such read before the write,
the rule cannot be decided: it is "not checked" (never decided) or "partly checked" (some
steps undecided) in the text, JSON and JUnit reports and the verdict is inconclusive, never
a silent pass. Where it was decided, it is judged as usual. Also: `per FIELD` checks a rule
per value of the field (a violation names the value), `subject device` is reported as the
device's fault, a rule per a field no event of the trace has is not checked, and a spec
whose rules split by different fields is refused.
"""
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tap import Tap  # noqa: E402

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CHECK = os.path.join(TOP, "ccsl-check")
TRACEGEN = os.path.join(TOP, os.environ.get("BUILD", "build"), "tracegen")

SPEC = """spec user "user rules on device answers"
instance per dev
pair virtio:get_features_ret with virtio:*
register offered read virtio:get_features_ret.features
clock extra = virtio:set_features[(features & ~@offered) != 0]
rule SUBSET: forbid extra
\tmessage "the driver accepted a feature the device did not offer"
"""
HEADER = """cpus 1
event virtio set_status kprobe dev:string status:u8 devid:u32 parent:string
event virtio get_features kprobe dev:string
event virtio get_features_ret kretprobe features:x64
event virtio set_features kprobe dev:string features:x64
event virtio notify kprobe dev:string vq:string vq_index:u32
event virtio vring_interrupt kprobe dev:string vq:string vq_index:u32
"""
WRITE = "virtio:set_features dev=virtio0 features={}"
OFFER = ["virtio:get_features dev=virtio0", "virtio:get_features_ret features={}"]


def trace(tmp, name, lines):
    """a trace.dat of the records, one microsecond apart"""
    desc, dat = os.path.join(tmp, name + ".txt"), os.path.join(tmp, name + ".dat")
    with open(desc, "w") as f:
        f.write(HEADER)
        for i, r in enumerate(lines):
            f.write(f"{(i + 1) * 1000}ns 0 1 {r}\n")
    subprocess.run([TRACEGEN, "-o", dat, desc], check=True, capture_output=True)
    return dat


def check(spec, dat, *args):
    res = subprocess.run([CHECK, "-s", spec, *args, dat], capture_output=True, text=True)
    return res.returncode, res.stdout, res.stderr


def instance(spec, dat):
    code, out, _ = check(spec, dat, "-f", "json")
    return code, json.loads(out)["traces"][0]["instances"][0]


def main():
    t = Tap()
    with tempfile.TemporaryDirectory() as tmp:
        spec = os.path.join(tmp, "user.ccsl")
        with open(spec, "w") as f:
            f.write(SPEC)
        never = trace(tmp, "never", [WRITE.format(0x100000000)])
        code, inst = instance(spec, never)
        t.ok(code == 3 and inst["verdict"] == "inconclusive" and not inst["violations"] and
             inst["undecided"] == [{"constraint": "SUBSET", "steps": 1, "checked": "no",
                                    "optional": False}],
             "no offer read before the write: SUBSET not checked, inconclusive (JSON)", inst)
        code, out, _ = check(spec, never)
        t.ok(code == 3 and "not checked: SUBSET (1 step read a register before it had a value)"
             in out, "the text report says the rule was not checked", out)
        xml = os.path.join(tmp, "never.xml")
        check(spec, never, "-q", "--junit", xml)
        with open(xml) as f:
            junit = f.read()
        t.ok('skipped="1"' in junit and '<skipped message="not checked' in junit,
             "JUnit marks the rule skipped", junit)

        partly = trace(tmp, "partly", [WRITE.format(1), OFFER[0], OFFER[1].format(3),
                                       WRITE.format(3)])
        code, inst = instance(spec, partly)
        t.ok(code == 3 and [u["checked"] for u in inst["undecided"]] == ["partly"] and
             inst["undecided"][0]["steps"] == 1, "one write before the offer: partly checked",
             inst)
        decided = trace(tmp, "decided", [OFFER[0], OFFER[1].format(3), WRITE.format(1),
                                         WRITE.format(3)])
        code, inst = instance(spec, decided)
        t.ok(code == 0 and inst["verdict"] == "conforms" and not inst["undecided"],
             "offer read first, subset written: conforms", inst)
        bad = trace(tmp, "bad", [OFFER[0], OFFER[1].format(3), WRITE.format(5)])
        code, inst = instance(spec, bad)
        t.ok(code == 1 and [v["constraint"] for v in inst["violations"]] == ["SUBSET"] and
             inst["violations"][0]["step"] == 2, "a feature not offered: violated at the write",
             inst)

        # per FIELD and subject device
        per = os.path.join(tmp, "per.ccsl")
        with open(per, "w") as f:
            f.write("spec per \"per queue\"\ninstance per dev\n"
                    "clock kick = virtio:notify\nclock irq = virtio:vring_interrupt\n"
                    "rule IRQ.after-kick: kick < irq\n\tper vq_index\n\tsubject device\n"
                    "\tmessage \"an interrupt on a queue never notified\"\n")
        dat = trace(tmp, "per", ["virtio:notify dev=virtio0 vq=a vq_index=0",
                                 "virtio:vring_interrupt dev=virtio0 vq=a vq_index=0",
                                 "virtio:notify dev=virtio0 vq=a vq_index=0",
                                 "virtio:vring_interrupt dev=virtio0 vq=b vq_index=1"])
        code, inst = instance(per, dat)
        v = inst["violations"]
        t.ok(code == 1 and len(v) == 1 and v[0]["per_value"] == "1" and
             v[0]["subject"] == "device" and v[0]["step"] == 3,
             "per vq_index: queue 1's interrupt is judged on queue 1 alone", inst)
        code, out, _ = check(per, dat)
        t.ok("device error: IRQ.after-kick (vq_index 1)" in out,
             "the text report names the device as the subject and the queue", out)
        # a field no event has (a typo): the rule can judge nothing, so it is not checked
        typo = os.path.join(tmp, "typo.ccsl")
        with open(typo, "w") as f:
            f.write("spec typo\ninstance per dev\nclock kick = virtio:notify\n"
                    "clock irq = virtio:vring_interrupt\nrule IRQ: kick < irq\n\tper vq_idx\n")
        code, inst = instance(typo, dat)
        t.ok(code == 3 and not inst["violations"] and inst["verdict"] == "inconclusive" and
             [u["reason"] for u in inst["unchecked"]] ==
             ["no event of the trace has the field 'vq_idx' it is checked per"],
             "per a field no event has: not checked, inconclusive", inst)
        with open(per, "a") as f:
            f.write("rule BAD: irq < kick\n\tper vq\n")
        res = subprocess.run([CHECK, "--check-spec", per], capture_output=True, text=True)
        code, err = res.returncode, res.stderr
        t.ok(code == 2 and "per.ccsl:10:" in err and "must name the same field" in err,
             "two rules per different fields are refused at the second one's line", err)
    return t.done()


if __name__ == "__main__":
    sys.exit(main())
