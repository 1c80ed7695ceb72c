#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""junit.t - the JUnit XML report (--junit) against the JSON report of the same run

Every trace in testdata/ and synthetic ones written with tracegen are checked with
--junit and -f json -o at once. The XML is parsed with xml.etree.ElementTree and must
have one <testsuite> per trace, one <testcase> per instance and rule, counts that add
up, and exactly the JSON's violated rules as <failure>s (with the JSON's message,
severity, records and reasons in them), except violated warnings (SHOULD rules), which are
passed tests with a <system-out> unless --warnings-as-errors makes them failures too: the
test view is red exactly when the exit status says violated. Pending and unchecked rules
are <skipped>. Each trace also has a <properties> verdict equal to the JSON's.
A spec and a trace full of <&"'> and a tab check the escaping. TAP output.
"""
import glob
import json
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.environ.get("BUILD", "build")
CHECK = os.path.join(TOP, "ccsl-check")
TRACEGEN = os.path.join(TOP, BUILD, "tracegen")

VIRTIO_HEADER = """cpus 2
event virtio set_status kprobe dev:string status:u8 devid:u32 parent:string
event virtio get_status kprobe dev:string
event virtio get_status_ret kretprobe status:u8
event virtio set_features kprobe dev:string features:x64
event virtio notify kprobe dev:string vq:string vq_index:u32
comm 100 insmod
comm 101 modprobe
"""
# Two devices: virtio0 conforms, virtio1 notifies before DRIVER_OK (twice) and clears
# DRIVER; virtio2 never reaches DRIVER_OK (INIT.complete, an at-end warning).
VIRTIO_RECORDS = """
1000ns 0 100 virtio:set_status dev=virtio0 status=0 devid=5 parent=0000:00:02.0
1001ns 1 101 virtio:set_status dev=virtio1 status=0 devid=4 parent=0000:00:03.0
1002ns 0 100 virtio:get_status dev=virtio0
1003ns 0 100 virtio:get_status_ret status=0
1004ns 1 101 virtio:get_status dev=virtio1
1005ns 1 101 virtio:get_status_ret status=0
2000ns 0 100 virtio:set_status dev=virtio0 status=1 devid=5 parent=0000:00:02.0
2000ns 1 101 virtio:set_status dev=virtio1 status=1 devid=4 parent=0000:00:03.0
2001ns 0 100 virtio:set_status dev=virtio0 status=3 devid=5 parent=0000:00:02.0
2001ns 1 101 virtio:set_status dev=virtio1 status=3 devid=4 parent=0000:00:03.0
2002ns 0 100 virtio:set_features dev=virtio0 features=0x100000000
2003ns 0 100 virtio:set_status dev=virtio0 status=11 devid=5 parent=0000:00:02.0
2004ns 0 100 virtio:get_status dev=virtio0
2005ns 0 100 virtio:get_status_ret status=11
2006ns 0 100 virtio:set_status dev=virtio0 status=15 devid=5 parent=0000:00:02.0
2007ns 1 101 virtio:notify dev=virtio1 vq=req vq_index=0
2008ns 1 101 virtio:notify dev=virtio1 vq=req vq_index=0
2009ns 1 101 virtio:set_status dev=virtio1 status=1 devid=4 parent=0000:00:03.0
3000ns 0 100 virtio:set_status dev=virtio2 status=0 devid=1 parent=LNRO0005:00
3001ns 0 100 virtio:get_status dev=virtio2
3002ns 0 100 virtio:get_status_ret status=0
3003ns 0 100 virtio:set_status dev=virtio2 status=1 devid=1 parent=LNRO0005:00
3004ns 0 100 virtio:set_status dev=virtio2 status=3 devid=1 parent=LNRO0005:00
"""

# A spec whose texts need escaping, and a pending obligation (PEND has no `expect`).
HOSTILE_MESSAGE = "bad <&\"'> thing \\ here ]]>"
HOSTILE_SPEC = r'''spec hostile "a <title> & more"
instance per dev
clock one = virtio:set_status[status == 1]
clock two = virtio:set_status[status == 2]
clock kick = virtio:notify
rule BAD: forbid kick
	message "bad <&\"'> thing \\ here ]]>"
	ref "ref <&\"'>"
rule PEND: one < two
	message "pending \"p\" <x>"
rule QUIET: forbid two
	message "never"
	severity warning
'''
HOSTILE_DEV = "v<&\"'>\t0"
HOSTILE_TRACE = r'''cpus 1
event virtio set_status kprobe dev:string status:u8
event virtio notify kprobe dev:string vq:string
comm 100 "in<s&>"
1000ns 0 100 virtio:set_status dev="v<&\"'>\t0" status=1
1001ns 0 100 virtio:notify dev="v<&\"'>\t0" vq="q\n<1>"
1001ns 0 100 virtio:notify dev="v<&\"'>\t0" vq="&amp;"
'''


def rule_count(spec_args):
    """The number of rules of a spec, from --check-spec"""
    out = subprocess.run([CHECK, "--check-spec"] + spec_args, capture_output=True, text=True,
                         check=True).stdout
    return int(re.search(r"(\d+) rules", out)[1])


def run(tmp, spec_args, traces, extra=()):
    """ccsl-check --junit and -f json -o at once: (xml root, json doc, exit status, xml bytes)"""
    xml_path, json_path = os.path.join(tmp, "r.xml"), os.path.join(tmp, "r.json")
    for p in (xml_path, json_path):
        if os.path.exists(p):
            os.unlink(p)
    res = subprocess.run([CHECK, "-q", "--junit", xml_path, "-f", "json", "-o", json_path] +
                         list(extra) + spec_args + traces, capture_output=True, text=True)
    if res.returncode not in (0, 1, 2, 3):
        raise RuntimeError(f"exit {res.returncode}: {res.stderr.strip()}")
    with open(json_path) as f:
        doc = json.load(f)
    with open(xml_path, "rb") as f:
        data = f.read()
    return ET.fromstring(data), doc, res.returncode, data


def ts_text(ns):
    """seconds.microseconds, rounded as trace-cmd prints them"""
    us = (ns + 500) // 1000
    return f"{us // 10**6}.{us % 10**6:06d}"


def classname(inst):
    return f"{inst['instance']} ({inst['label']})" if inst["label"] else inst["instance"]


def check_failure(err, where, fail, inst, viols, warned=False):
    """A <failure> (or a warning's <system-out>) against the JSON violations of its rule"""
    v0 = viols[0]
    text = fail.text or ""
    if warned:
        if not text.startswith(f"warning: {v0['message'] or v0['relation']}\n"):
            err.append(f"{where}: system-out does not start with the warning: {text[:80]!r}")
    elif fail.get("message") != (v0["message"] or v0["relation"]):
        err.append(f"{where}: message {fail.get('message')!r} != {v0['message']!r}")
    if not warned and fail.get("type") != v0["severity"]:
        err.append(f"{where}: type {fail.get('type')} != {v0['severity']}")
    want = [v0["relation"]] + ([v0["reference"]] if v0["reference"] else [])
    for v in viols:
        want.append(v["why"])
        if not v["at_end"]:
            want += [f"{ts_text(v['ts'])} [{v['cpu']:03d}] {v['comm']}-{v['pid']} {v['event']}",
                     f"at step {v['step']}:"]
            for k, val in v["fields"].items():
                want.append(f'{k}="{val}"' if isinstance(val, str) else f"{k}=")
        else:
            want.append("at end of trace")
    for w in want:
        if w not in text:
            err.append(f"{where}: failure text lacks {w!r}")
    if v0["total"] > len(viols) and f"violated {v0['total']} times" not in text:
        err.append(f"{where}: failure text does not say {v0['total']} times")


def check_suite(err, suite, tr, nrules, werror):
    """One <testsuite> against one JSON trace"""
    cases = suite.findall("testcase")
    counts = {k: int(suite.get(k, "-1")) for k in ("tests", "failures", "errors", "skipped")}
    got = {"tests": len(cases), "failures": len(suite.findall("testcase/failure")),
           "errors": len(suite.findall("testcase/error")),
           "skipped": len(suite.findall("testcase/skipped"))}
    if counts != got:
        err.append(f"{tr['file']}: attributes {counts} but elements {got}")
    if suite.get("name") != tr["file"]:
        err.append(f"suite name {suite.get('name')!r} != {tr['file']!r}")
    verdict = [p.get("value") for p in suite.findall("properties/property")
               if p.get("name") == "verdict"]
    if verdict != [tr["verdict"]]:
        err.append(f"{tr['file']}: verdict property {verdict} != {tr['verdict']!r}")
    if tr["verdict"] == "error":
        if got != {"tests": 1, "failures": 0, "errors": 1, "skipped": 0}:
            err.append(f"{tr['file']}: an unreadable trace is not one error: {got}")
        e = suite.find("testcase/error")
        if e is not None and e.get("message") != tr["error"]:
            err.append(f"{tr['file']}: error message {e.get('message')!r}")
        return
    if not tr["instances"]:
        if got != {"tests": 1, "failures": 0, "errors": 0, "skipped": 1}:
            err.append(f"{tr['file']}: no instance is not one skipped test: {got}")
        return
    if len(cases) != nrules * len(tr["instances"]):
        err.append(f"{tr['file']}: {len(cases)} testcases for {len(tr['instances'])} "
                   f"instances x {nrules} rules")
    by_cls = {}
    for c in cases:
        by_cls.setdefault(c.get("classname"), {})[c.get("name")] = c
    for inst in tr["instances"]:
        where = f"{os.path.basename(tr['file'])} {inst['instance']}"
        mine = by_cls.get(classname(inst), {})
        if len(mine) != nrules:
            err.append(f"{where}: {len(mine)} distinct rules, want {nrules}")
        viols = {}
        for v in inst["violations"]:
            viols.setdefault(v["constraint"], []).append(v)
        pending = {p["constraint"] for p in inst["pending"]} - set(viols)
        unchecked = {u["constraint"] for u in inst["unchecked"]} - set(viols) - pending
        # rules that read a register before it had a value: not (or partly) checked
        unchecked |= {u["constraint"] for u in inst["undecided"]} - set(viols) - pending
        warned = {n for n, vs in viols.items() if vs[0]["severity"] == "warning" and not werror}
        failed = {n for n, c in mine.items() if c.find("failure") is not None}
        outs = {n for n, c in mine.items() if c.find("system-out") is not None}
        skipped = {n for n, c in mine.items() if c.find("skipped") is not None}
        if failed != set(viols) - warned:
            err.append(f"{where}: failures {sorted(failed)} != violated "
                       f"{sorted(set(viols) - warned)}")
        if outs != warned:
            err.append(f"{where}: system-out {sorted(outs)} != warned {sorted(warned)}")
        if skipped != pending | unchecked:
            err.append(f"{where}: skipped {sorted(skipped)} != {sorted(pending | unchecked)}")
        for name in failed & set(viols):
            check_failure(err, f"{where} {name}", mine[name].find("failure"), inst, viols[name])
        for name in outs & warned:
            check_failure(err, f"{where} {name}", mine[name].find("system-out"), inst,
                          viols[name], warned=True)
        for name in pending & skipped:
            if not mine[name].find("skipped").get("message", "").startswith("pending"):
                err.append(f"{where} {name}: pending skip does not say pending")
        for u in inst["undecided"]:
            msg = mine.get(u["constraint"])
            msg = msg.find("skipped").get("message", "") if msg is not None and \
                msg.find("skipped") is not None else ""
            want = "not checked" if u["checked"] == "no" else "partly checked"
            if u["constraint"] in skipped and not msg.startswith(want):
                err.append(f"{where} {u['constraint']}: undecided skip says '{msg}'")


def check_report(root, doc, nrules, data, werror=False):
    """The whole document; a list of problems"""
    err = []
    if root.tag != "testsuites":
        return [f"root is <{root.tag}>"]
    suites = root.findall("testsuite")
    if len(suites) != len(doc["traces"]):
        return [f"{len(suites)} testsuites for {len(doc['traces'])} traces"]
    for suite, tr in zip(suites, doc["traces"]):
        check_suite(err, suite, tr, nrules, werror)
    for k in ("tests", "failures", "errors", "skipped"):
        if int(root.get(k, "-1")) != sum(int(s.get(k)) for s in suites):
            err.append(f"<testsuites {k}> is not the sum of the suites'")
    if re.search(rb"timestamp=|time=|hostname=", data):
        err.append("the report has a timestamp, a time or a host name")
    return err


def tracegen(tmp, name, text):
    desc, dat = os.path.join(tmp, name + ".txt"), os.path.join(tmp, name + ".dat")
    with open(desc, "w") as f:
        f.write(text)
    subprocess.run([TRACEGEN, "-o", dat, desc], check=True, capture_output=True)
    return dat


def case_trace(tmp, builtin_rules, trace):
    """one trace of testdata/ with the built-in spec"""
    root, doc, status, data = run(tmp, [], [trace])
    err = check_report(root, doc, builtin_rules, data)
    if status != doc["exit_status"]:
        err.append(f"exit {status} but the JSON says {doc['exit_status']}")
    return err


def case_hostile(tmp, builtin_rules):
    """escaping: a spec message with <&"'> and a device name with a tab, parsed back exactly"""
    spec = os.path.join(tmp, "hostile.ccsl")
    with open(spec, "w") as f:
        f.write(HOSTILE_SPEC)
    dat = tracegen(tmp, "hostile", HOSTILE_TRACE)
    root, doc, status, data = run(tmp, ["-s", spec], [dat])
    err = check_report(root, doc, 3, data)
    cases = {c.get("name"): c for c in root.iter("testcase")}
    if set(cases) != {"BAD", "PEND", "QUIET"}:
        return err + [f"testcases {sorted(cases)}"]
    if any(c.get("classname") != HOSTILE_DEV for c in cases.values()):
        err.append(f"classname {cases['BAD'].get('classname')!r} != {HOSTILE_DEV!r}")
    fail = cases["BAD"].find("failure")
    if fail is None or fail.get("message") != HOSTILE_MESSAGE:
        err.append(f"message {fail is not None and fail.get('message')!r}")
    elif "in<s&>-100" not in fail.text or 'vq="&amp;"' not in fail.text or \
            "ref <&\"'>" not in fail.text:
        err.append(f"failure text not escaped back: {fail.text!r}")
    skip = cases["PEND"].find("skipped")
    if skip is None or "pending" not in skip.get("message", ""):
        err.append("PEND is not a pending skip")
    if status != 1:
        err.append(f"exit {status}")
    return err


def case_synthetic(tmp, builtin_rules):
    """two devices violating, one at-end warning, one conforming (tracegen)"""
    dat = tracegen(tmp, "virtio", VIRTIO_HEADER + VIRTIO_RECORDS)
    err = []
    for werror in (False, True):
        root, doc, status, data = run(tmp, [], [dat], ["--warnings-as-errors"] if werror else [])
        err += check_report(root, doc, builtin_rules, data, werror)
        failed = {(c.get("classname").split()[0], c.get("name")) for c in root.iter("testcase")
                  if c.find("failure") is not None}
        want = [("virtio1", "NONOTIFY"), ("virtio1", "NOCLEAR")]
        if werror:
            want.append(("virtio2", "INIT.complete"))
        elif ("virtio2", "INIT.complete") in failed:
            err.append("a warning is a failure without --warnings-as-errors")
        for w in want:
            if w not in failed:
                err.append(f"{w} not a failure (failures: {sorted(failed)})")
        if any(cls == "virtio0" for cls, _ in failed):
            err.append("the conforming virtio0 has failures")
    return err


def case_multi(tmp, builtin_rules, traces):
    """several traces and an unreadable one in one run; the same bytes twice"""
    args = traces + [dat for dat in glob.glob(os.path.join(tmp, "virtio.dat"))] + ["/dev/null"]
    root, doc, status, data = run(tmp, [], args)
    err = check_report(root, doc, builtin_rules, data)
    _, _, _, again = run(tmp, [], args)
    if again != data:
        err.append("two runs gave different XML")
    if status != 2:
        err.append(f"exit {status} with an unreadable trace")
    return err


def case_unwritable(tmp, builtin_rules, traces):
    """--junit into a missing directory: exit 2 before any trace is read, nothing written"""
    out = os.path.join(tmp, "u.json")
    res = subprocess.run([CHECK, "--junit", os.path.join(tmp, "no", "such", "r.xml"), "-f", "json",
                          "-o", out, traces[0]], capture_output=True, text=True)
    err = []
    lines = res.stderr.splitlines()
    if res.returncode != 2 or len(lines) != 1 or "--junit" not in lines[0] or \
            "r.xml" not in lines[0]:
        err.append(f"exit {res.returncode}, stderr {res.stderr.strip()!r}")
    if os.path.exists(out) or res.stdout:
        err.append("a report was written")
    return err


def main():
    traces = sorted(glob.glob(os.path.join(TOP, "testdata", "**", "*.dat"), recursive=True))
    have_tracegen = os.access(TRACEGEN, os.X_OK)
    print(f"1..{len(traces) + 4}")
    failed = 0
    n = 0
    nrules = rule_count([])
    with tempfile.TemporaryDirectory() as tmp:
        cases = [(os.path.relpath(t, TOP), lambda t=t: case_trace(tmp, nrules, t))
                 for t in traces]
        cases += [("synthetic: " + case_synthetic.__doc__, lambda: case_synthetic(tmp, nrules)),
                  ("hostile: " + case_hostile.__doc__, lambda: case_hostile(tmp, nrules)),
                  ("multi: " + case_multi.__doc__, lambda: case_multi(tmp, nrules, traces)),
                  ("unwritable: " + case_unwritable.__doc__,
                   lambda: case_unwritable(tmp, nrules, traces))]
        for name, fn in cases:
            n += 1
            if not have_tracegen and name.startswith(("synthetic", "hostile")):
                print(f"ok {n} - {name} # SKIP no {TRACEGEN} (make BUILD={BUILD} {BUILD}/tracegen)")
                continue
            try:
                errors = fn()
            except Exception as e:
                errors = [f"{type(e).__name__}: {e}"]
            if errors:
                failed += 1
                print(f"not ok {n} - {name}")
                for e in errors[:8]:
                    print(f"# {e}")
            else:
                print(f"ok {n} - {name}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
