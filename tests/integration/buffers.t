#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""buffers.t - ccsl-check reads ftrace instance buffers (trace-cmd record -B) with the top one

testdata/fixtures/instance.txt splits one balloon bring-up between the top buffer and the
instance "virtio", interleaved in time. tracegen writes it; the timeline of virtio0 must
hold every record of both buffers in timestamp order (checked against the description),
and the findings must be those of the story: the stats queue notified before DRIVER_OK
(NONOTIFY and BALLOON-STATS at that notify), nothing else. TAP output.
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
DESC = os.path.join(TOP, "testdata", "fixtures", "instance.txt")
STATS_NOTIFY = 8020800000  # the notify of the stats queue, before DRIVER_OK


def parse_ts(word):
    """A tracegen timestamp (seconds with up to 9 decimals, or NNNns) in nanoseconds."""
    if word.endswith("ns"):
        return int(word[:-2])
    sec, _, frac = word.partition(".")
    return int(sec) * 10**9 + int(frac.ljust(9, "0") if frac else 0)


def description_records(path):
    """The records of the description: (ts, event, buffer), in file order."""
    recs, buffer = [], "top"
    with open(path, encoding="utf-8") as f:
        for line in f:
            words = line.split()
            words = words[:next((i for i, w in enumerate(words) if w.startswith("#")),
                                len(words))]
            if not words:
                continue
            if words[0] == "buffer":
                buffer = words[1]
            elif words[0][0].isdigit():
                recs.append((parse_ts(words[0]), words[3], buffer))
    return recs


def run_check(args, path):
    res = subprocess.run([CHECK, *args, path], capture_output=True, text=True)
    return res.returncode, res.stdout, res.stderr


def main():
    if not os.access(TRACEGEN, os.X_OK):
        print(f"Bail out! {TRACEGEN} not found (make BUILD=... .../tracegen)")
        return 1
    if not os.access(CHECK, os.X_OK):
        print(f"Bail out! {CHECK} not found (make)")
        return 1
    print("1..8")
    tap = Tap()
    exp = description_records(DESC)
    buffers = {b for _, _, b in exp}
    with tempfile.TemporaryDirectory() as tmp:
        dat = os.path.join(tmp, "instance.dat")
        res = subprocess.run([TRACEGEN, "-o", dat, DESC], capture_output=True, text=True)
        tap.ok(res.returncode == 0 and not res.stderr and buffers == {"top", "virtio"},
               f"tracegen writes the trace: {len(exp)} records in buffers {sorted(buffers)}",
               res.stderr)

        st, out, err = run_check(["--timeline", "-f", "json"], dat)
        try:
            trace = json.loads(out)["traces"][0]
            insts = {i["instance"]: i for i in trace["instances"]}
        except (ValueError, KeyError, IndexError) as e:
            trace, insts = {}, {}
            err += f"\nbad JSON: {e}"
        tap.ok(st in (0, 1) and not trace.get("error") and list(insts) == ["virtio0"],
               "ccsl-check --timeline reads the trace: one device, virtio0",
               f"exit {st}, instances {list(insts)}\n{err}")
        tap.ok(trace.get("events_read") == len(exp),
               f"it reads all {len(exp)} records of both buffers",
               f"events_read {trace.get('events_read')}")
        got = [(r["ts"], r["event"]) for r in insts.get("virtio0", {}).get("timeline", [])]
        want = sorted((ts, ev) for ts, ev, _ in exp)
        tap.ok(len(got) == len(want),
               f"the timeline of virtio0 holds {len(want)} records",
               f"{len(got)} records")
        tap.ok(got == want, "in timestamp order, the two buffers interleaved",
               "\n".join(f"{i}: want {w}, got {g}"
                         for i, (w, g) in enumerate(zip(want, got)) if w != g))

        st, out, err = run_check(["-f", "json"], dat)
        try:
            doc = json.loads(out)
            dev = {i["instance"]: i for i in doc["traces"][0]["instances"]}["virtio0"]
        except (ValueError, KeyError, IndexError) as e:
            doc, dev = {}, {}
            err += f"\nbad JSON: {e}"
        tap.ok(st == 1 and doc.get("verdict") == "violated",
               "ccsl-check reports the trace violated (exit 1)", f"exit {st}\n{err}")
        viol = dev.get("violations", [])
        found = sorted((v["constraint"], v["ts"], v["event"], v["fields"].get("vq"))
                       for v in viol)
        tap.ok(("NONOTIFY", STATS_NOTIFY, "virtio:notify", "stats") in found,
               "NONOTIFY on virtio0 at the notify of the stats queue (instance buffer)",
               f"violations {found}")
        tap.ok(found == [("BALLOON-STATS", STATS_NOTIFY, "virtio:notify", "stats"),
                         ("NONOTIFY", STATS_NOTIFY, "virtio:notify", "stats")] and
               dev.get("warnings") == 0 and not dev.get("pending"),
               "and nothing else: BALLOON-STATS at the same record, no warnings, none pending",
               f"violations {found}, warnings {dev.get('warnings')}, "
               f"pending {dev.get('pending')}")
    return 1 if tap.failed else 0


if __name__ == "__main__":
    sys.exit(main())
