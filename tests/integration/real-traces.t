#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""real-traces.t - the built-in VirtIO spec on the real traces in testdata/: golden verdicts

Every real trace must give exactly the findings listed in testdata/expected.json
(instance -> the rules violated there, with severity), nothing more, and mark as
partly observed exactly the instances listed (a recording that starts after the
device was acknowledged), and list as not or partly checked exactly the rules of
"undecided" (a rule that read a register before the trace gave it a value). For the
stock balloon driver's early stats-queue notification, the finding must name the
device, the queue and the notify's timestamp, and the records after it must hold
the later DRIVER_OK write, both timestamps as trace-cmd report prints them.
A trace in testdata/ without an entry fails: golden results are kept for all.
TAP output.
"""
import glob
import json
import os
import re
import subprocess
import sys

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CHECK = os.path.join(TOP, "ccsl-check")
DRIVER_OK = 0x04


def report_times(path):
    """(event, dev, vq or status) -> timestamps in ns, from trace-cmd report -t"""
    out = subprocess.run(["trace-cmd", "report", "-t", path], capture_output=True, text=True,
                         check=True).stdout
    times = {}
    for line in out.splitlines():
        m = re.search(r"\s(\d+)\.(\d+):\s+(\w+):.*dev=\"(\w+)\"(.*)$", line)
        if not m:
            continue
        ts = int(m[1]) * 10**9 + int(m[2].ljust(9, "0"))
        rest = m[5]
        key = re.search(r'vq="(\w+)"', rest) or re.search(r"status=(\d+)", rest)
        times.setdefault((m[3], m[4], key[1] if key else None), []).append(ts)
    return times


def check_balloon(v, times, problems):
    """the early stats notify: device, queue, timestamps of it and of the DRIVER_OK after it"""
    dev, rec = v["_instance"], v
    if rec["event"] != "virtio:notify" or rec["fields"].get("vq") != "stats":
        problems.append(f"{v['constraint']}: reported at {rec['event']} {rec['fields']}")
        return
    if rec["ts"] not in times.get(("notify", dev, "stats"), []):
        problems.append(f"{v['constraint']}: notify ts {rec['ts']} not in trace-cmd report")
    later = [a for a in v["after"] if a["event"] == "virtio:set_status"
             and a["fields"]["status"] & DRIVER_OK]
    if not later or later[0]["ts"] <= rec["ts"]:
        problems.append(f"{v['constraint']}: no DRIVER_OK write after the notify in the report")
        return
    if later[0]["ts"] not in times.get(("set_status", dev, str(later[0]["fields"]["status"])),
                                       []):
        problems.append(f"{v['constraint']}: DRIVER_OK ts {later[0]['ts']} not in the report")


def main():
    with open(os.path.join(TOP, "testdata", "expected.json")) as f:
        expected = json.load(f)
    traces = sorted(os.path.relpath(p, os.path.join(TOP, "testdata"))
                    for p in glob.glob(os.path.join(TOP, "testdata", "**", "*.dat"),
                                       recursive=True))
    print(f"1..{len(traces)}")
    failed = 0
    for n, name in enumerate(traces, 1):
        path = os.path.join(TOP, "testdata", name)
        problems = []
        want = expected.get(name)
        if want is None:
            problems.append("no golden result in testdata/expected.json")
        else:
            res = subprocess.run([CHECK, "-f", "json", path], capture_output=True, text=True)
            doc = json.loads(res.stdout)
            times = report_times(path)
            got = {}
            for inst in doc["traces"][0]["instances"]:
                found = sorted({f"{v['constraint']}:{v['severity']}" for v in inst["violations"]})
                if found or inst["instance"] in want["instances"]:
                    got[inst["instance"]] = found
                if not found and inst["verdict"] != "conforms":
                    problems.append(f"{inst['instance']}: {inst['verdict']}, pending "
                                    f"{[p['constraint'] for p in inst['pending']]}")
                for v in inst["violations"]:
                    v["_instance"] = inst["instance"]
                    if v["constraint"] in ("NONOTIFY", "BALLOON-STATS") and v["nth"] == 1:
                        check_balloon(v, times, problems)
            partial = sorted(i["instance"] for i in doc["traces"][0]["instances"]
                             if i["partial_history"])
            if partial != want["partial"]:
                problems.append(f"partly observed {partial} != expected {want['partial']}")
            undecided = {i["instance"]: sorted(f"{u['constraint']}:{u['checked']}"
                                               for u in i["undecided"])
                         for i in doc["traces"][0]["instances"] if i["undecided"]}
            if undecided != want.get("undecided", {}):
                problems.append(f"undecided {undecided} != expected {want.get('undecided', {})}")
            if got != want["instances"]:
                problems.append(f"findings {got} != expected {want['instances']}")
            if res.returncode != want["exit"]:
                problems.append(f"exit {res.returncode} != {want['exit']}")
        if problems:
            failed += 1
            print(f"not ok {n} - {name}")
            for p in problems[:6]:
                print(f"# {p}")
        else:
            print(f"ok {n} - {name}: {want['instances'] or 'conforms'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
