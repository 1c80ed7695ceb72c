#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""oracle.t - the built-in VirtIO spec against an independent transition model

Random sequences of status writes (values 0..0xff, resets included, each
sequence one device, a thousand devices per trace) are checked by ccsl-check
with the default spec and by a VMM-style table of legal transitions written
here from the VirtIO status protocol, not from the spec:

  the common core every VMM accepts: 0 -> 0x01 -> 0x03 -> 0x0b -> 0x0f, any
  write that only adds FAILED, any write of 0;
  and what the spec adds, from the driver's side of the specification:
  rewriting the current value changes nothing; a legacy driver goes 0x03 ->
  0x07 (without feature writes a trace cannot tell legacy from modern);
  FAILED may come with a step's bits; after FAILED only a reset.

For every sequence the index of the first illegal write must equal the step
of the first error the spec reports on that device (or both must be absent).

The second test adds what the device answers and the driver's feature writes:
status reads that differ from the last write (a reset not finished yet,
FEATURES_OK refused, DEVICE_NEEDS_RESET set by the device), drivers that
react to them rightly or wrongly, and random writes and reads. Its model keeps
what the driver wrote apart from what it last saw, and names the rules each
illegal write breaks; for every device the record of the first error and the
set of rules broken there must equal the spec's (rule, device and record).

CCSL_ORACLE_SEQS sequences per test (default 2000; `make verify` runs 100000),
seed CCSL_ORACLE_SEED. TAP output.
"""
import json
import os
import random
import subprocess
import sys
import tempfile

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.environ.get("BUILD", "build")
CHECK = os.path.join(TOP, "ccsl-check")
TRACEGEN = os.path.join(TOP, BUILD, "tracegen")
PER_TRACE = 1000
FAILED = 0x80
STEPS = {(0x00, 0x01), (0x01, 0x03), (0x03, 0x0b), (0x0b, 0x0f), (0x03, 0x07)}


def first_illegal(writes):
    """index of the first write the transition model refuses, or None"""
    s, failed = None, False
    for i, v in enumerate(writes):
        if v == 0:
            s, failed = 0, False
            continue
        if s is None or failed:
            return i
        if v != s and not ((s & ~FAILED, v & ~FAILED) in STEPS or v & ~FAILED == s & ~FAILED):
            return i
        if v & ~s & FAILED:
            failed = True
        s = v
    return None


NEXT = {0x00: 0x01, 0x01: 0x03, 0x03: 0x0b, 0x0b: 0x0f}


def random_sequence(rng):
    """a reset, then writes that follow the protocol for a while and then may not"""
    seq = [0]
    for _ in range(rng.randint(1, 12)):
        r, last = rng.random(), seq[-1]
        if r < 0.5 and last & ~FAILED in NEXT:
            seq.append(NEXT[last & ~FAILED] | last & FAILED)
        elif r < 0.55 and last & ~FAILED == 0x03:
            seq.append(0x07 | last & FAILED)
        elif r < 0.62:
            seq.append(0)
        elif r < 0.72:
            seq.append(last | FAILED)
        elif r < 0.77:
            seq.append(last)
        else:
            seq.append(rng.randrange(256))
    return seq


def checked_instances(tmp, lines):
    """the JSON instances of ccsl-check on the trace tracegen writes from lines"""
    desc, dat = os.path.join(tmp, "o.txt"), os.path.join(tmp, "o.dat")
    with open(desc, "w") as f:
        f.write("\n".join(lines) + "\n")
    subprocess.run([TRACEGEN, "-o", dat, desc], check=True, capture_output=True)
    res = subprocess.run([CHECK, "-f", "json", "--context", "0", dat], capture_output=True,
                         text=True)
    if res.returncode not in (0, 1, 3):
        raise RuntimeError(f"ccsl-check exit {res.returncode}: {res.stderr.strip()}")
    return json.loads(res.stdout)["traces"][0]["instances"]


def check(tmp, seqs):
    """first error step per sequence, as ccsl-check reports it"""
    lines = ["cpus 1",
             "event virtio set_status kprobe dev:string status:u8 devid:u32 parent:string",
             "comm 1 sh"]
    ts = 1000
    for n, seq in enumerate(seqs):
        for v in seq:
            ts += 1000
            lines.append(f"{ts}ns 0 1 virtio:set_status dev=d{n} status={v} devid=4 parent=p")
    got = {}
    for inst in checked_instances(tmp, lines):
        steps = [v["step"] for v in inst["violations"]
                 if v["severity"] == "error" and not v["at_end"]]
        got[int(inst["instance"][1:])] = (min(steps) if steps else None,
                                          sorted({v["constraint"] for v in inst["violations"]}))
    return got


ACK, DRV, FOK, DOK, NEEDS_RESET = 0x01, 0x02, 0x08, 0x04, 0x40
V1 = 1 << 32
PCI = "0000:00:02.0"


def answer_model(ops, parent):
    """(index of the first op with an error, the rules it breaks) or (None, [])

    The driver's side of VIRTIO 1.2 2.1, 2.4.2, 3.1.1, 4.1.4.3.2, judged on what the
    driver wrote (bits it adds) and on what it last saw (bits it clears or sets that
    are the device's): an op breaks a rule if
      FAILED: a non-zero write after the driver set FAILED, before a reset;
      STATUS.bits: a write sets DEVICE_NEEDS_RESET or a reserved bit it did not see;
      NOCLEAR: a non-zero write clears a bit it saw set;
      INIT.ack: ACKNOWLEDGE added a second time in a cycle;
      INIT.driver / INIT.features_ok / INIT.driver_ok: DRIVER, FEATURES_OK, DRIVER_OK added
        without ACKNOWLEDGE, DRIVER, DRIVER added by an earlier write of the cycle;
      INIT.order: FEATURES_OK added with or after DRIVER_OK;
      INIT.driver_ok_modern / REREAD.read: DRIVER_OK added by a driver that wrote
        VERSION_1 without FEATURES_OK added before / without a read showing FEATURES_OK;
      REREAD.rejected: DRIVER_OK added after a read without FEATURES_OK that the
        driver had written;
      RESETWAIT.pci: ACKNOWLEDGE added on PCI by a driver known modern (features written
        in an earlier cycle) before a read of 0 after the reset;
      NOFEAT: features written outside DRIVER added .. FEATURES_OK added.
    Whether the driver is modern before its first feature write is unknown: rules that
    depend on it are undecided there, never violated.
    """
    w = seen = None
    failed = zero = rejected = reread = False
    risen, feat = 0, None
    for i, (kind, v) in enumerate(ops):
        if kind == "R":
            seen = v
            zero |= v == 0
            rejected |= bool(w is not None and w & FOK and not v & FOK)
            reread |= bool(v & FOK)
            continue
        if kind == "F":
            feat = v
            if not (risen & DRV) or risen & FOK:
                return i, ["NOFEAT"]
            continue
        if v == 0:
            w = seen = 0
            failed = zero = rejected = reread = False
            risen = 0
            continue
        errs = set()
        rise = v & ~w
        modern = feat is not None and feat & V1
        if failed:
            errs.add("FAILED")
        if v & 0x70 & ~seen:
            errs.add("STATUS.bits")
        if seen & ~v:
            errs.add("NOCLEAR")
        if rise & ACK:
            if risen & ACK:
                errs.add("INIT.ack")
            if not zero and modern and parent == PCI:
                errs.add("RESETWAIT.pci")
        if rise & DRV and not risen & ACK:
            errs.add("INIT.driver")
        if rise & FOK:
            if not risen & DRV:
                errs.add("INIT.features_ok")
            if (risen | rise) & DOK:
                errs.add("INIT.order")
        if rise & DOK:
            if not risen & DRV:
                errs.add("INIT.driver_ok")
            if modern and not risen & FOK:
                errs.add("INIT.driver_ok_modern")
            if modern and not reread:
                errs.add("REREAD.read")
            if rejected:
                errs.add("REREAD.rejected")
        if errs:
            return i, sorted(errs)
        failed |= bool(rise & FAILED)
        risen |= rise
        w = seen = v
    return None, []


def device_answer(rng, w, before):
    """what a device might answer to a status read after the driver wrote w"""
    r = rng.random()
    if w == 0:
        return rng.choice([0, 0, ACK, before or ACK])
    if w & ~FAILED == 0x0b and r < 0.4:
        return w & ~FOK
    if w & DOK and r < 0.3:
        return w | NEEDS_RESET
    if r < 0.05:
        return rng.randrange(256)
    return w


def random_answers(rng):
    """a driver's status writes, feature writes and status reads, with device answers

    Mostly a Linux-like driver (each status write is the value it last read plus the
    next step's bit, add_status()), with the device answering differently at times and
    the driver now and then doing something else.
    """
    ops, w, before, seen, feat = [("W", 0)], 0, None, 0, False
    for _ in range(rng.randint(2, 20)):
        r = rng.random()
        step = NEXT.get(w & ~FAILED & 0x0f)
        if r < 0.35:
            seen = device_answer(rng, w, before)
            ops.append(("R", seen))
            continue
        if (r < 0.5 and w & ~FAILED == 0x03 and not feat) or 0.9 <= r < 0.92:
            ops.append(("F", rng.choice([V1, V1 | 2, 2, 0])))
            feat = True
            continue
        if r < 0.75 and step is not None:
            v = seen | (step & ~(w & 0x0f)) if rng.random() < 0.8 else w | step
            if w & ~FAILED == 0x03 and rng.random() < 0.3:
                v = seen | 0x04                 # a legacy driver: DRIVER_OK after DRIVER
        elif r < 0.82:
            v = seen | FAILED                   # add_status(FAILED) on what it read
        elif r < 0.87:
            v = 0
        elif r < 0.95:
            v = rng.randrange(256)
        else:
            v = 0x0f
        if v == 0:
            before, feat = w, False
        ops.append(("W", v))
        w = seen = v
    return ops


def check_answers(tmp, seqs):
    """(step of the first error, the error rules at that step) per device, as ccsl-check says"""
    lines = ["cpus 1",
             "event virtio set_status kprobe dev:string status:u8 devid:u32 parent:string",
             "event virtio get_status kprobe dev:string",
             "event virtio get_status_ret kretprobe status:u8",
             "event virtio set_features kprobe dev:string features:x64",
             "comm 1 sh"]
    ts = 1000
    for n, (ops, parent) in enumerate(seqs):
        for kind, v in ops:
            if kind == "W":
                recs = [f"virtio:set_status dev=d{n} status={v} devid=4 parent={parent}"]
            elif kind == "F":
                recs = [f"virtio:set_features dev=d{n} features={v}"]
            else:
                recs = [f"virtio:get_status dev=d{n}", f"virtio:get_status_ret status={v}"]
            for rec in recs:
                ts += 1000
                lines.append(f"{ts}ns 0 1 {rec}")
    got = {}
    for inst in checked_instances(tmp, lines):
        errs = [v for v in inst["violations"] if v["severity"] == "error" and not v["at_end"]]
        step = min((v["step"] for v in errs), default=None)
        got[int(inst["instance"][1:])] = (step, sorted({v["constraint"] for v in errs
                                                        if v["step"] == step}))
    return got


def op_steps(ops):
    """the device's record index of each op (a read is two records: the return's)"""
    out, n = [], 0
    for kind, _ in ops:
        n += 2 if kind == "R" else 1
        out.append(n - 1)
    return out


def run_answers(rng, total):
    """the second test: disagreements between the spec and answer_model"""
    bad = []
    with tempfile.TemporaryDirectory() as tmp:
        done = 0
        while done < total:
            seqs = [(random_answers(rng), rng.choice([PCI, "LNRO0005:00"]))
                    for _ in range(min(PER_TRACE, total - done))]
            got = check_answers(tmp, seqs)
            for n, (ops, parent) in enumerate(seqs):
                at, rules = answer_model(ops, parent)
                want = (None if at is None else op_steps(ops)[at], rules)
                if got.get(n, (None, [])) != want:
                    bad.append((ops, parent, want, got.get(n)))
            done += len(seqs)
    return bad


def main():
    total = int(os.environ.get("CCSL_ORACLE_SEQS", "2000"))
    seed = int(os.environ.get("CCSL_ORACLE_SEED", "1"))
    rng = random.Random(seed)
    print("1..2")
    print(f"# {total} sequences, seed {seed}")
    bad = []
    with tempfile.TemporaryDirectory() as tmp:
        done = 0
        while done < total:
            seqs = [random_sequence(rng) for _ in range(min(PER_TRACE, total - done))]
            got = check(tmp, seqs)
            for n, seq in enumerate(seqs):
                want = first_illegal(seq)
                step, rules = got.get(n, (None, []))
                if step != want:
                    bad.append((seq, want, step, rules))
            done += len(seqs)
    failed = 0
    if bad:
        failed += 1
        print(f"not ok 1 - {len(bad)} of {total} sequences disagree")
        for seq, want, step, rules in bad[:10]:
            print(f"# {[hex(v) for v in seq]}: model {want}, spec {step} {rules}")
    else:
        print(f"ok 1 - {total} random status sequences: 0 disagreements")
    bad = run_answers(rng, total)
    if bad:
        failed += 1
        print(f"not ok 2 - {len(bad)} of {total} sequences with device answers disagree")
        for ops, parent, want, got in bad[:10]:
            print(f"# {parent} {[(k, hex(v)) for k, v in ops]}: model {want}, spec {got}")
    else:
        print(f"ok 2 - {total} random sequences with device answers: same record, device and "
              "rules")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
