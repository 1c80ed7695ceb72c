#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""vcd.t - the VCD timing diagram (--vcd) read back by a parser of its own

The parser here is independent of ccsl-check: header ($scope, $var, $upscope,
$enddefinitions), then #time and 0/1 changes. For every trace in testdata/ and
synthetic ones (tracegen: equal and adjacent timestamps), checked with --timeline
-f json in the same run:
  - ids are declared once, used only as declared, time never goes back;
  - each pulse is 1 ns long (or cut by the next tick of the same wire);
  - the bound clocks rise exactly at their records of the JSON timeline: `reset` at
    every set_status of status 0 of that device, `status_set` at the others,
    `status_zero` at every get_status_ret of 0, `feature_write` at set_features;
  - every other clock rises only at timestamps of the device's records;
  - `violation` rises at the JSON violations (one edge per violating step).
When GTKWave's vcd2fst and fst2vcd are installed the file also goes through them and
must give the same edges (GTKWave's reader sees what this parser sees). TAP output.
"""
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.environ.get("BUILD", "build")
CHECK = os.path.join(TOP, "ccsl-check")
TRACEGEN = os.path.join(TOP, BUILD, "tracegen")

HEADER = """cpus 2
event virtio set_status kprobe dev:string status:u8 devid:u32 parent:string
event virtio get_status kprobe dev:string
event virtio get_status_ret kretprobe status:u8
event virtio set_features kprobe dev:string features:x64
event virtio notify kprobe dev:string vq:string vq_index:u32
comm 100 insmod
comm 101 modprobe
"""
# Resets of one device at equal (2000, 2000) and adjacent (2001, 2002) timestamps, a
# second device interleaved at the same times, notifications before DRIVER_OK twice at
# one timestamp (two violating steps, two edges at one time).
RECORDS = """
1000ns 0 100 virtio:set_status dev=virtio0 status=0 devid=5 parent=0000:00:02.0
1000ns 1 101 virtio:set_status dev=virtio1 status=0 devid=4 parent=0000:00:03.0
2000ns 0 100 virtio:set_status dev=virtio0 status=0 devid=5 parent=0000:00:02.0
2000ns 0 100 virtio:set_status dev=virtio0 status=0 devid=5 parent=0000:00:02.0
2001ns 0 100 virtio:set_status dev=virtio0 status=0 devid=5 parent=0000:00:02.0
2001ns 1 101 virtio:set_status dev=virtio1 status=1 devid=4 parent=0000:00:03.0
2002ns 0 100 virtio:set_status dev=virtio0 status=0 devid=5 parent=0000:00:02.0
2003ns 0 100 virtio:get_status dev=virtio0
2003ns 0 100 virtio:get_status_ret status=0
2004ns 0 100 virtio:set_status dev=virtio0 status=1 devid=5 parent=0000:00:02.0
2005ns 0 100 virtio:set_status dev=virtio0 status=3 devid=5 parent=0000:00:02.0
2006ns 0 100 virtio:set_features dev=virtio0 features=0x100000000
2007ns 0 100 virtio:notify dev=virtio0 vq=inflate vq_index=0
2007ns 0 100 virtio:notify dev=virtio0 vq=inflate vq_index=0
2008ns 0 100 virtio:notify dev=virtio0 vq=inflate vq_index=0
2009ns 1 101 virtio:set_status dev=virtio1 status=0 devid=4 parent=0000:00:03.0
"""


def parse_vcd(text, ours=True):
    """(vars {id: (scope path, name)}, changes [(time, id, value)]); raises on bad syntax.
    ccsl-check never uses "$" as an id code (fst2vcd does)"""
    toks = text.split()
    i, scope, ids, changes = 0, [], {}, []
    seen_timescale = False
    while True:
        if i >= len(toks):
            raise ValueError("no $enddefinitions")
        t = toks[i]
        if t in ("$date", "$version", "$comment"):
            i = toks.index("$end", i) + 1
        elif t == "$timescale":
            end = toks.index("$end", i)
            if "".join(toks[i + 1:end]) != "1ns":
                raise ValueError(f"timescale {toks[i + 1:end]}")
            seen_timescale = True
            i = end + 1
        elif t == "$scope":
            if toks[i + 1] != "module" or toks[i + 3] != "$end":
                raise ValueError(f"bad $scope {toks[i:i + 4]}")
            scope.append(toks[i + 2])
            i += 4
        elif t == "$upscope":
            if not scope or toks[i + 1] != "$end":
                raise ValueError("unbalanced $upscope")
            scope.pop()
            i += 2
        elif t == "$var":
            kind, size, code, name, end = toks[i + 1:i + 6]
            if kind != "wire" or size != "1" or end != "$end" or (ours and "$" in code):
                raise ValueError(f"bad $var {toks[i:i + 6]}")
            if code in ids:
                raise ValueError(f"id {code} declared twice")
            if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
                raise ValueError(f"name {name!r} is not an identifier")
            if len(scope) != 2:
                raise ValueError(f"{name} at scope depth {len(scope)}")
            ids[code] = (tuple(scope), name)
            i += 6
        elif t == "$enddefinitions":
            if toks[i + 1] != "$end" or scope:
                raise ValueError("bad $enddefinitions")
            i += 2
            break
        else:
            raise ValueError(f"unexpected {t!r} in the header")
    if not seen_timescale:
        raise ValueError("no $timescale")
    now, initial = None, set()
    while i < len(toks):
        t = toks[i]
        i += 1
        if t.startswith("#"):
            time = int(t[1:])
            if now is not None and time < now:
                raise ValueError(f"time goes back from {now} to {time}")
            now = time
        elif t in ("$dumpvars", "$end"):
            continue
        elif t[0] in "01" and len(t) > 1:
            if now is None:
                raise ValueError("a change before the first #time")
            if t[1:] not in ids:
                raise ValueError(f"undeclared id {t[1:]!r}")
            changes.append((now, t[1:], int(t[0])))
        else:
            raise ValueError(f"unexpected {t!r} in the body")
    return ids, changes


def edges(ids, changes):
    """{(scope path, name): [rising edge times]}; checks initial values and pulse widths"""
    value, rose, out = {}, {}, {k: [] for k in ids.values()}
    for time, code, v in changes:
        key = ids[code]
        if code not in value:
            if v != 0:
                raise ValueError(f"{key} starts at 1")
            value[code] = 0
            continue
        if v == 1 and value[code] == 0:
            out[key].append(time)
            rose[code] = time
        elif v == 0 and value[code] == 1 and time != rose[code] + 1 and \
                time != rose[code]:
            raise ValueError(f"{key}: a pulse from {rose[code]} to {time}")
        value[code] = v
    if set(value) != set(ids):
        raise ValueError(f"ids without an initial value: {set(ids) - set(value)}")
    if any(value.values()):
        raise ValueError("a wire is still 1 at the end")
    return out


def sanitize(s):
    s = re.sub(r"[^A-Za-z0-9_]", "_", s)
    return "_" + s if not s or s[0].isdigit() else s


def expected_clocks(tl):
    """rising edges of the bound clocks the timeline determines alone"""
    want = {"reset": [], "status_set": [], "status_zero": [], "feature_write": []}
    for r in tl:
        f = r["fields"]
        if r["event"] == "virtio:set_status":
            want["reset" if f["status"] == 0 else "status_set"].append(r["ts"])
        elif r["event"] == "virtio:get_status_ret" and f["status"] == 0:
            want["status_zero"].append(r["ts"])
        elif r["event"] == "virtio:set_features":
            want["feature_write"].append(r["ts"])
    return want


def check(vcd_text, doc):
    """problems of the VCD of a run against its JSON"""
    err = []
    ids, changes = parse_vcd(vcd_text)
    got = edges(ids, changes)
    names = {}
    for tr in doc["traces"]:
        if tr["verdict"] == "error":
            continue
        scope = sanitize(os.path.basename(tr["file"]))
        n = 2
        while scope in names:
            scope = f"{sanitize(os.path.basename(tr['file']))}_{n}"
            n += 1
        names[scope] = tr
        for inst in tr["instances"]:
            path = (scope, sanitize(inst["instance"]))
            where = f"{os.path.basename(tr['file'])} {inst['instance']}"
            wires = {name: e for (p, name), e in got.items() if p == path}
            if "violation" not in wires:
                err.append(f"{where}: no violation wire ({path})")
                continue
            stamps = {r["ts"] for r in inst["timeline"]}
            for clock, want in expected_clocks(inst["timeline"]).items():
                if wires.get(clock) != want:
                    err.append(f"{where}: {clock} rises at {wires.get(clock)}, want {want}")
            for clock, e in wires.items():
                if set(e) - stamps:
                    err.append(f"{where}: {clock} rises at {sorted(set(e) - stamps)}, no record")
            steps = {}
            for v in inst["violations"]:
                if not v["at_end"]:
                    steps[v["step"]] = v["ts"]
            want = sorted(steps.values())
            if wires["violation"] != want:
                err.append(f"{where}: violation rises at {wires['violation']}, want {want}")
    scopes = {p[0] for p, _ in ids.values()}
    if scopes - set(names):
        err.append(f"scopes without a trace: {scopes - set(names)}")
    return err


def gtkwave_check(tmp, vcd_path, vcd_text):
    """None when GTKWave is not installed, else the problems of its round trip"""
    if not (shutil.which("vcd2fst") and shutil.which("fst2vcd")):
        return None
    fst = os.path.join(tmp, "r.fst")
    res = subprocess.run(["vcd2fst", vcd_path, fst], capture_output=True, text=True)
    if res.returncode:
        return [f"vcd2fst exit {res.returncode}: {res.stderr.strip()}"]
    back = subprocess.run(["fst2vcd", fst], capture_output=True, text=True, check=True).stdout
    mine, theirs = parse_vcd(vcd_text), parse_vcd(back, ours=False)
    a, b = edges(*mine), edges(*theirs)
    diff = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
    return [f"GTKWave reads other edges on {k}: {b.get(k)} != {a.get(k)}" for k in diff]


def run(tmp, traces):
    vcd, js = os.path.join(tmp, "r.vcd"), os.path.join(tmp, "r.json")
    res = subprocess.run([CHECK, "--timeline", "-f", "json", "-o", js, "--vcd", vcd] + traces,
                         capture_output=True, text=True)
    if res.returncode not in (0, 1, 2, 3):
        raise RuntimeError(f"exit {res.returncode}: {res.stderr.strip()}")
    with open(js) as f:
        doc = json.load(f)
    with open(vcd) as f:
        text = f.read()
    return vcd, text, doc


def main():
    traces = sorted(glob.glob(os.path.join(TOP, "testdata", "**", "*.dat"), recursive=True))
    have_tracegen = os.access(TRACEGEN, os.X_OK)
    cases = [(os.path.relpath(t, TOP), [t]) for t in traces]
    cases += [("synthetic: equal and adjacent timestamps, two devices", ["@synthetic"]),
              ("all traces, a name twice and an unreadable one in one file",
               traces + ["@synthetic", "@synthetic-copy", "/dev/null"])]
    print(f"1..{2 * len(cases)}")
    failed = n = 0
    with tempfile.TemporaryDirectory() as tmp:
        synth = []
        if have_tracegen:
            desc = os.path.join(tmp, "s.txt")
            with open(desc, "w") as f:
                f.write(HEADER + RECORDS)
            for d in ("a", "b"):
                os.mkdir(os.path.join(tmp, d))
                dat = os.path.join(tmp, d, "synthetic.dat")
                subprocess.run([TRACEGEN, "-o", dat, desc], check=True, capture_output=True)
                synth.append(dat)
        for name, args in cases:
            if "@synthetic" in args and not synth:
                for _ in range(2):
                    n += 1
                    print(f"ok {n} - {name} # SKIP no {TRACEGEN}")
                continue
            args = [synth[0] if a == "@synthetic" else synth[1] if a == "@synthetic-copy" else a
                    for a in args]
            try:
                vcd, text, doc = run(tmp, args)
                errors = check(text, doc)
            except Exception as e:
                vcd, text, errors = None, None, [f"{type(e).__name__}: {e}"]
            n += 1
            print(f"{'not ok' if errors else 'ok'} {n} - {name}")
            for e in errors[:6]:
                print(f"# {e}")
            failed += bool(errors)
            n += 1
            try:
                gerr = gtkwave_check(tmp, vcd, text) if vcd else ["no VCD"]
            except Exception as e:
                gerr = [f"{type(e).__name__}: {e}"]
            if gerr is None:
                print(f"ok {n} - {name}: vcd2fst # SKIP gtkwave is not installed")
            else:
                print(f"{'not ok' if gerr else 'ok'} {n} - {name}: vcd2fst round trip")
                for e in gerr[:3]:
                    print(f"# {e}")
                failed += bool(gerr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
