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
CCSL_ORACLE_SEQS sequences (default 2000; `make verify` runs 100000), seed
CCSL_ORACLE_SEED. TAP output.
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
    desc, dat = os.path.join(tmp, "o.txt"), os.path.join(tmp, "o.dat")
    with open(desc, "w") as f:
        f.write("\n".join(lines) + "\n")
    subprocess.run([TRACEGEN, "-o", dat, desc], check=True, capture_output=True)
    res = subprocess.run([CHECK, "-f", "json", "--context", "0", dat], capture_output=True,
                         text=True)
    if res.returncode not in (0, 1, 3):
        raise RuntimeError(f"ccsl-check exit {res.returncode}: {res.stderr.strip()}")
    got = {}
    for inst in json.loads(res.stdout)["traces"][0]["instances"]:
        steps = [v["step"] for v in inst["violations"]
                 if v["severity"] == "error" and not v["at_end"]]
        got[int(inst["instance"][1:])] = (min(steps) if steps else None,
                                          sorted({v["constraint"] for v in inst["violations"]}))
    return got


def main():
    total = int(os.environ.get("CCSL_ORACLE_SEQS", "2000"))
    seed = int(os.environ.get("CCSL_ORACLE_SEED", "1"))
    rng = random.Random(seed)
    print("1..1")
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
    if bad:
        print(f"not ok 1 - {len(bad)} of {total} sequences disagree")
        for seq, want, step, rules in bad[:10]:
            print(f"# {[hex(v) for v in seq]}: model {want}, spec {step} {rules}")
        return 1
    print(f"ok 1 - {total} random status sequences: 0 disagreements")
    return 0


if __name__ == "__main__":
    sys.exit(main())
