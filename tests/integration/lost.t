#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""lost.t - lost events are counted per CPU and never allow a plain "conforms"

testdata/fixtures/lost-events.txt loses 12 events on CPU 1 and an unknown number on CPU 0.
The report must say so per CPU with the time window, and a trace with lost events is
inconclusive (exit 3) unless something is violated. Also: --warnings-as-errors turns a
SHOULD rule's violation into exit 1. TAP output.
"""
import json
import os
import subprocess
import sys
import tempfile

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CHECK = os.path.join(TOP, "ccsl-check")
TRACEGEN = os.path.join(TOP, os.environ.get("BUILD", "build"), "tracegen")


def tap(n, ok, what, detail=""):
    print(f"{'ok' if ok else 'not ok'} {n} - {what}")
    if not ok and detail:
        print(f"# {detail}")
    return ok


def main():
    print("1..4")
    good = True
    with tempfile.TemporaryDirectory() as tmp:
        dat = os.path.join(tmp, "lost.dat")
        subprocess.run([TRACEGEN, "-o", dat, os.path.join(TOP, "testdata", "fixtures",
                                                          "lost-events.txt")], check=True)
        res = subprocess.run([CHECK, "-f", "json", dat], capture_output=True, text=True)
        t = json.loads(res.stdout)["traces"][0]
        lost = {(l["cpu"], l["count"], l["unknown"]) for l in t["lost"]}
        good &= tap(1, lost == {(1, 12, 0), (0, 0, 1)} and t["lost_events"] == 12 and
                    t["lost_unknown"] and all(l["first_ts"] for l in t["lost"]),
                    "lost events per CPU, counted and unknown, with their time", t["lost"])
        # virtio1 conforms by its own records, yet events were lost: inconclusive
        v1 = [i for i in t["instances"] if i["instance"] == "virtio1"][0]
        good &= tap(2, res.returncode in (1, 3) and v1["verdict"] == "inconclusive" and
                    not v1["errors"], "no plain 'conforms' over lost events",
                    f"exit {res.returncode}, virtio1 {v1['verdict']}")
        text = subprocess.run([CHECK, dat], capture_output=True, text=True).stdout
        good &= tap(3, "12+ events LOST" in text and "cpu 1 lost 12 events" in text,
                    "the text report says what was lost", text[:300])
        # A warning only (RESETWAIT: no read of 0 after the reset) is exit 0 without,
        # exit 1 with --warnings-as-errors. The driver reads the offer and writes its features
        # (legacy), or whether it is modern would be unknown and the verdict inconclusive.
        desc = os.path.join(tmp, "w.txt")
        with open(desc, "w") as f:
            f.write("cpus 1\nevent virtio set_status kprobe dev:string status:u8 devid:u32 "
                    "parent:string\nevent virtio get_status kprobe dev:string\n"
                    "event virtio get_status_ret kretprobe status:u8\n"
                    "event virtio set_features kprobe dev:string features:x64\n"
                    "event virtio get_features_ret kretprobe features:x64\n"
                    "event virtio notify kprobe dev:string vq:string vq_index:u32\n")
            rows = [("set_status", "status=0"), ("set_status", "status=1"),
                    ("set_status", "status=3"), ("get_features_ret", "features=0"),
                    ("set_features", "features=0"),
                    ("set_status", "status=7")]
            for k, (ev, f_) in enumerate(rows):
                extra = " devid=4 parent=p" if ev == "set_status" else ""
                dev = "" if ev.endswith("_ret") else "dev=virtio0 "
                f.write(f"{1000 * (k + 1)}ns 0 1 virtio:{ev} {dev}{f_}{extra}\n")
        wdat = os.path.join(tmp, "w.dat")
        subprocess.run([TRACEGEN, "-o", wdat, desc], check=True)
        plain = subprocess.run([CHECK, "-q", wdat], capture_output=True, text=True)
        strict = subprocess.run([CHECK, "-q", "--warnings-as-errors", wdat],
                                capture_output=True, text=True)
        good &= tap(4, plain.returncode == 0 and strict.returncode == 1 and
                    "1 warning" in plain.stdout,
                    "--warnings-as-errors makes a SHOULD violation fail",
                    f"{plain.returncode} {strict.returncode} {plain.stdout[:200]}")
    return 0 if good else 1


if __name__ == "__main__":
    sys.exit(main())
