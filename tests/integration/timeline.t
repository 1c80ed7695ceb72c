#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""timeline.t - ccsl-check --timeline against trace-cmd report, on every trace in testdata/

For each trace, every record trace-cmd report prints for the virtio events must appear
in ccsl-check's timeline of its device, in the same order, with the same timestamp, CPU,
pid and field values; return probes (no dev field) must land on the device whose entry
probe ran last on the same CPU and task. TAP output.
"""
import glob
import json
import os
import re
import subprocess
import sys

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CHECK = os.path.join(TOP, "ccsl-check")
LINE = re.compile(r"^\s*(?P<comm>.*?)-(?P<pid>\d+)\s+\[(?P<cpu>\d+)\]\s+(?P<ts>\d+\.\d+):"
                  r"\s+(?P<event>\w+):\s+\([^)]*\)\s*(?P<fields>.*)$")
FIELD = re.compile(r'(\w+)=("(?:[^"\\]|\\.)*"|\S+)')
PAIRED = {"get_status_ret": "get_status", "dev_probe_ret": "dev_probe",
          "driver_probe_ret": "driver_probe", "generation_ret": "generation",
          "detach_buf_ret": "detach_buf", "vring_interrupt_ret": "vring_interrupt",
          "vq_add_ret": "vq_add", "vq_get_ret": "vq_get"}


def report_records(path):
    """The virtio records of trace-cmd report, with fields parsed."""
    out = subprocess.run(["trace-cmd", "report", "-t", "-N", path], capture_output=True,
                         text=True, check=True).stdout
    recs = []
    for line in out.splitlines():
        m = LINE.match(line)
        if not m:
            continue
        fields = {}
        for k, v in FIELD.findall(m["fields"]):
            fields[k] = v[1:-1] if v.startswith('"') else int(v, 0)
        sec, frac = m["ts"].split(".")
        recs.append({"ts": int(sec) * 10**9 + int(frac.ljust(9, "0")), "cpu": int(m["cpu"]),
                     "pid": int(m["pid"]), "event": "virtio:" + m["event"], "fields": fields})
    return recs


def json_value(x):
    """a field of the JSON report: an unsigned number above INT64_MAX comes as its digits"""
    if isinstance(x, str) and x.isdigit() and int(x) > 2**63 - 1:
        return int(x)
    return x


def expected_devices(recs):
    """Group records by device the way the built-in spec's pairing rules do."""
    by_dev, last_entry, last_any = {}, {}, {}
    for r in recs:
        task = (r["cpu"], r["pid"])
        name = r["event"].split(":")[1]
        dev = r["fields"].get("dev")
        if dev is not None:
            last_any[task] = dev
            last_entry[(task, name)] = dev
        elif name in PAIRED:
            dev = last_entry.pop((task, PAIRED[name]), None)
        else:
            dev = last_any.get(task)
        if dev is not None:
            by_dev.setdefault(dev, []).append(r)
    return by_dev


def timeline(path):
    res = subprocess.run([CHECK, "--timeline", "-f", "json", path], capture_output=True,
                         text=True)
    if res.returncode not in (0, 1, 3):
        raise RuntimeError(f"exit {res.returncode}: {res.stderr.strip()}")
    doc = json.loads(res.stdout)
    return {i["instance"]: i["timeline"] for i in doc["traces"][0]["instances"]}


def same(exp, got):
    if (exp["ts"], exp["cpu"], exp["pid"], exp["event"]) != \
       (got["ts"], got["cpu"], got["pid"], got["event"]):
        return False
    return all(json_value(got["fields"].get(k)) == v for k, v in exp["fields"].items())


def main():
    traces = sorted(glob.glob(os.path.join(TOP, "testdata", "**", "*.dat"), recursive=True))
    print(f"1..{len(traces)}")
    failed = 0
    for n, path in enumerate(traces, 1):
        name = os.path.relpath(path, TOP)
        try:
            exp, got = expected_devices(report_records(path)), timeline(path)
            problems = []
            if sorted(exp) != sorted(got):
                problems.append(f"devices {sorted(exp)} != {sorted(got)}")
            for dev in exp:
                e, g = exp[dev], got.get(dev, [])
                if len(e) != len(g):
                    problems.append(f"{dev}: {len(e)} records in the report, {len(g)} in the timeline")
                for i, (a, b) in enumerate(zip(e, g)):
                    if not same(a, b):
                        problems.append(f"{dev} record {i}: {a} != {b}")
                        break
        except Exception as e:  # a crash of either tool is a failure of this case
            problems = [str(e)]
        if problems:
            failed += 1
            print(f"not ok {n} - {name}")
            for p in problems[:5]:
                print(f"# {p}")
        else:
            print(f"ok {n} - {name}: {sum(len(v) for v in got.values())} records, "
                  f"{len(got)} devices")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
