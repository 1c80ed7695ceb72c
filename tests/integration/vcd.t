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
  - `violation` rises at the JSON violations (one edge per violating step);
  - each register's bus is x, then the value of the records that write or read it (as
    --list-clocks lists them) as it changes, and its string the bit names of that value;
  - module `events`: a wire per event, rising at its records and nowhere else;
  - module `violations`: a wire per rule, one edge per violation (the JSON's total), at
    least at the listed ones;
  - module `windows`: 0, 1 or x, never x again once known, moving only where a clock ticks.
A spec of the tests' own (windows of both kinds, one checked per queue) on a synthetic
trace: each window wire, a window per queue, the violation wires and the status bus are
those of a model of the windows (windows_model.py), and so are the JSON violations.
When GTKWave's vcd2fst and fst2vcd are installed the file also goes through them and
must give the same edges and values (GTKWave's reader sees what this parser sees). TAP.
"""
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import windows_model  # noqa: E402

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
# The modules an instance's scope may hold (the samples: check_options.samples).
MODULES = ("events", "windows", "violations")
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
    """(vars {id: (scope path, name)}, changes [(time, id, value)], kinds {id: (kind, size)});
    raises on bad syntax. A value is 0, 1 or "x" for a 1-bit wire, an int or "x" for a bus,
    a str for a string variable. ccsl-check never uses "$" as an id code (fst2vcd does)"""
    toks = text.split()
    i, scope, ids, kinds, changes = 0, [], {}, {}, []
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
            end = toks.index("$end", i)
            kind, size, code, name = toks[i + 1:i + 5]
            rng = toks[i + 5:end]
            if ours and (kind not in ("wire", "string") or "$" in code):
                raise ValueError(f"bad $var {toks[i:end + 1]}")
            if kind == "string" and ((ours and size != "1") or rng):
                raise ValueError(f"bad string $var {toks[i:end + 1]}")
            if kind != "string" and int(size) > 1 and ours and rng != [f"[{int(size) - 1}:0]"]:
                raise ValueError(f"bus without its range {toks[i:end + 1]}")
            if code in ids:
                raise ValueError(f"id {code} declared twice")
            if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
                raise ValueError(f"name {name!r} is not an identifier")
            if len(scope) not in (2, 3) or (len(scope) == 3 and scope[2] not in MODULES):
                raise ValueError(f"{name} in scope {scope}")
            ids[code] = (tuple(scope), name)
            kinds[code] = (kind, int(size))
            i = end + 1
        elif t == "$enddefinitions":
            if toks[i + 1] != "$end" or scope:
                raise ValueError("bad $enddefinitions")
            i += 2
            break
        else:
            raise ValueError(f"unexpected {t!r} in the header")
    if not seen_timescale:
        raise ValueError("no $timescale")
    now = None

    def change(code, v):
        if now is None:
            raise ValueError("a change before the first #time")
        if code not in ids:
            raise ValueError(f"undeclared id {code!r}")
        changes.append((now, code, v))

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
        elif t[0] in "01xX" and len(t) > 1:
            change(t[1:], "x" if t[0] in "xX" else int(t[0]))
        elif t[0] in "bB":
            bits, code = t[1:], toks[i]
            i += 1
            if kinds.get(code, ("", 0))[0] != "wire" or not re.fullmatch(
                    r"[01]+|x" if ours else r"[01xX]+", bits):
                raise ValueError(f"bad bus value {t} {code}")
            change(code, "x" if "x" in bits.lower() else int(bits, 2))
        elif t[0] == "s":
            code = toks[i]
            i += 1
            if kinds.get(code, ("", 0))[0] != "string":
                raise ValueError(f"a string value for {code}")
            change(code, t[1:])
        else:
            raise ValueError(f"unexpected {t!r} in the body")
    return ids, changes, kinds


def pulse_wire(key, kind):
    """whether a variable pulses (clocks, events, violations) rather than holds a level"""
    return kind == ("wire", 1) and (len(key[0]) == 2 or key[0][2] != "windows")


def edges(ids, changes, kinds):
    """{(scope path, name): [rising edge times]} of the pulse wires; checks their initial
    values and pulse widths"""
    value, rose = {}, {}
    out = {k: [] for c, k in ids.items() if pulse_wire(k, kinds[c])}
    for time, code, v in changes:
        key = ids[code]
        if key not in out:
            continue
        if code not in value:
            if v != 0:
                raise ValueError(f"{key} starts at {v}")
            value[code] = 0
            continue
        if v == 1 and value[code] == 0:
            out[key].append(time)
            rose[code] = time
        elif v == 0 and value[code] == 1 and time != rose[code] + 1 and \
                time != rose[code]:
            raise ValueError(f"{key}: a pulse from {rose[code]} to {time}")
        elif v not in (0, 1):
            raise ValueError(f"{key}: {v!r} on a pulse wire")
        value[code] = v
    if set(value) != {c for c in ids if ids[c] in out}:
        raise ValueError("ids without an initial value")
    if any(value.values()):
        raise ValueError("a wire is still 1 at the end")
    return out


def levels(ids, changes, kinds):
    """{(scope path, name): [(time, value)]} of the level variables (registers, their bit
    names, windows): the value each time ends with, the first one the initial value"""
    out = {k: [] for c, k in ids.items() if not pulse_wire(k, kinds[c])}
    for time, code, v in changes:
        seq = out.get(ids[code])
        if seq is None:
            continue
        if seq and seq[-1][0] == time:
            seq[-1] = (time, v)
        else:
            seq.append((time, v))
    return out


def runs(seq):
    """a level's values with repeats (several changes at one time, the same value again)
    left out, the initial one kept"""
    out = []
    for t, v in seq:
        if not out or out[-1][1] != v:
            out.append((t, v))
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


def registers(spec_args):
    """{register: ([(event, field)], [(bit name, mask)])} as --list-clocks lists them"""
    out = subprocess.run([CHECK, "--list-clocks"] + spec_args, capture_output=True, text=True,
                         check=True).stdout
    regs, last, section = {}, None, None
    for line in out.splitlines():
        if not line.startswith(" "):
            section = line
            continue
        m = re.match(r"  (\w+) +((?:write|read) .*)$", line)
        if section == "registers:" and m:
            last = m.group(1)
            acc = [tuple(a.split(" ", 1)[1].rsplit(".", 1)) for a in m.group(2).split(", ")]
            regs[last] = (acc, [])
        elif section == "registers:" and line.strip().startswith("bits ") and last:
            regs[last][1].extend((n, int(v, 16)) for n, v in
                                 re.findall(r"(\w+)=(0x[0-9a-f]+)", line))
    return regs


def bit_names(value, bits):
    """a register value's bit names as the VCD string shows them ("0x30" if none)"""
    names = [n for n, m in bits if (m and value & m == m) or (not m and value == 0)]
    return "|".join(names) if names else f"0x{value:x}"


def expected_registers(tl, regs):
    """{register: [(ts, value as last written or read)]} of an instance's timeline; of the
    records of one timestamp, the last one's value (VCD shows one value per time)"""
    want = {}
    for r in tl:
        for reg, (acc, _) in regs.items():
            for event, field in acc:
                v = r["fields"].get(field)
                if r["event"] != event or not isinstance(v, int):
                    continue
                seq = want.setdefault(reg, [])
                if seq and seq[-1][0] == r["ts"]:
                    seq.pop()
                seq.append((r["ts"], v))
    return want


def value_at(seq, t):
    """a level's value at time t (after the changes at t)"""
    v = None
    for time, x in seq:
        if time > t:
            break
        v = x
    return v


def check_samples(err, where, path, inst, got, lv, regs):
    """the registers, events, windows and violations of an instance against its JSON"""
    mine = {name: seq for (p, name), seq in lv.items() if p == path}
    for reg, (_, bits) in regs.items():
        want = runs(expected_registers(inst["timeline"], regs).get(reg, []))
        seq = runs(mine.get(reg, []))
        if not seq or seq[0][1] != "x" or seq[1:] != want:
            err.append(f"{where}: register {reg} is {seq}, want x then {want}")
        if not bits:
            continue
        names = mine.get(reg + "_bits", [])
        bad = [(t, v) for t, v in want if value_at(names, t) != bit_names(v, bits)]
        if bad:
            err.append(f"{where}: {reg}_bits wrong at {bad[:3]}: {names[:6]}")
    events = {name: e for (p, name), e in got.items() if p == path + ("events",)}
    want = {}
    for r in inst["timeline"]:
        want.setdefault(sanitize(r["event"]), []).append(r["ts"])
    if events != want:
        err.append(f"{where}: events {sorted(events)} rise otherwise than their records")
    viol = {name: e for (p, name), e in got.items() if p == path + ("violations",)}
    total, listed = {}, {}
    for v in inst["violations"]:
        name = sanitize(v["constraint"])
        total[name] = total.get(name, 0) + (v["nth"] == 1 and v["total"]) - v["at_end"]
        if not v["at_end"]:
            listed.setdefault(name, []).append(v["ts"])
    for name, e in viol.items():
        if len(e) != total.get(name, 0) or any(ts not in e for ts in listed.get(name, [])):
            err.append(f"{where}: violations/{name} rises at {e}, want {total.get(name, 0)} "
                       f"edges with {listed.get(name)}")
    ticks = {t for (p, _), e in got.items() if p == path for t in e}
    for (p, name), seq in lv.items():
        if p != path + ("windows",):
            continue
        vals = [v for _, v in seq]
        known = [i for i, v in enumerate(vals) if v != "x"]
        if set(vals) - {0, 1, "x"} or (known and "x" in vals[known[0]:]):
            err.append(f"{where}: window {name} goes {vals}")
        moved = [t for (t, v), (_, u) in zip(seq[1:], seq) if v != u and u != "x"]
        if set(moved) - ticks:
            err.append(f"{where}: window {name} moves at {sorted(set(moved) - ticks)}, "
                       "where no clock ticks")


def check(vcd_text, doc, regs):
    """problems of the VCD of a run against its JSON"""
    err = []
    ids, changes, kinds = parse_vcd(vcd_text)
    got = edges(ids, changes, kinds)
    lv = levels(ids, changes, kinds)
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
            check_samples(err, where, path, inst, got, lv, regs)
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
    err = [f"GTKWave reads other edges on {k}: {b.get(k)} != {a.get(k)}" for k in diff]
    a, b = levels(*mine), levels(*theirs)
    diff = sorted(k for k in set(a) | set(b) if runs(a.get(k, [])) != runs(b.get(k, [])))
    return err + [f"GTKWave reads other values on {k}: {runs(b.get(k, []))[:4]} != "
                  f"{runs(a.get(k, []))[:4]}" for k in diff]


def check_own(tmp, ok):
    """the VCD and the JSON of the own spec's run against the windows model"""
    spec, dat = windows_model.make(tmp, TRACEGEN)
    vcd, text, doc = run(tmp, ["-s", spec, dat])
    ids, changes, kinds = parse_vcd(text)
    lv, got = levels(ids, changes, kinds), edges(ids, changes, kinds)
    path = (sanitize(os.path.basename(dat)), "virtio0")
    steps = windows_model.model()
    err = []
    for name in steps[-1][1]:
        want = runs([(ts, win[name]) for ts, win, *_ in steps if name in win])
        seq = runs(lv.get((path + ("windows",), name), []))
        if not seq or seq[0][1] != "x" or seq[1:] != want:
            err.append(f"window {name}: {seq}, want x then {want}")
    for rule in windows_model.RULES:
        want = [ts for ts, _, bad, *_ in steps if rule in bad]
        if got.get((path + ("violations",), rule)) != want:
            err.append(f"violations/{rule}: {got.get((path + ('violations',), rule))}, "
                       f"want {want}")
    want = runs([(ts, status) for ts, *_, status in steps])
    if runs(lv.get((path, "status"), []))[1:] != want:
        err.append(f"status: {lv.get((path, 'status'))}")
    ok(not err, "own spec: windows (and a window per queue) and violations as defined", err)
    inst = doc["traces"][0]["instances"][0]
    got_v = [(v["ts"], v["constraint"], v["per_value"]) for v in inst["violations"]]
    want_v = sorted((ts, rule, q.rsplit("_", 1)[1] if rule == "Q" else None)
                    for ts, _, bad, q, _ in steps for rule in bad)
    ok(sorted(got_v) == want_v, "own spec: the JSON violations are the model's", got_v)


def run(tmp, traces):
    """ccsl-check --timeline -f json --vcd: (VCD path, VCD text, JSON)"""
    vcd, js = os.path.join(tmp, "r.vcd"), os.path.join(tmp, "r.json")
    for old in (vcd, js):       # never read an earlier run's
        if os.path.exists(old):
            os.unlink(old)
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
    print(f"1..{2 * len(cases) + 2}")
    regs = registers([])
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
                errors = check(text, doc, regs)
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
        for _ in range(2):
            if not have_tracegen:
                n += 1
                print(f"ok {n} - own spec # SKIP no {TRACEGEN}")
        if have_tracegen:
            def own_ok(cond, name, diag):
                nonlocal n, failed
                n += 1
                print(f"{'ok' if cond else 'not ok'} {n} - {name}")
                if not cond:
                    print(f"# {diag}")
                failed += not cond
            check_own(tmp, own_ok)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
