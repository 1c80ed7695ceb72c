#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""live.t - ccsl-check --live on this machine's kernel, with uprobes on tests/standin

Where tracefs and uprobe events can be used (root, a writable uprobe_events: see
tests/standin/uprobes.py), the recording contract's events are defined by hand, as uprobes on
build/standin in the group virtio, before ccsl-check runs: they are events it did not create,
to be used as they are and left alone. Then live runs of standin's bring-ups: a conforming one;
a violating one whose stderr line must come while the command still runs (it sleeps 3 s after
the early notification); the final report equal to the offline report of the --record file
(and trace-cmd reads that file); --kmsg lines in the kernel log; --duration without a
command; SIGINT and SIGTERM in the middle; a crashed command; a full disk under --record;
lost events (the reader stopped while a small buffer overflows); a spec that does not fit
(the command never runs); a user who is not root. After every case: no instance of ccsl-check
left, the hand-made uprobes still there and enabled nowhere, no standin left running.

Elsewhere (no root, no uprobe events, not x86_64, events of the group virtio in use): one
skipped test that says why. TAP output.
"""
import fcntl
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(TOP, "tests", "integration"))
sys.path.insert(0, os.path.join(TOP, "tests", "standin"))
from tap import Tap  # noqa: E402
import uprobes  # noqa: E402

CHECK = os.path.join(TOP, "ccsl-check")
STANDIN = os.path.join(TOP, os.environ.get("BUILD", "build"), "standin")
INSTANCES = os.path.join(uprobes.TRACEFS, "instances")
LOCK = "/run/lock/ccsl-check-live.t.lock"
# early-notify: the call after which the stats queue was notified before DRIVER_OK
EARLY_CALL = 11
tap = Tap()


def run(args, **kw):
    """ccsl-check with args; (exit status, stdout, stderr)"""
    res = subprocess.run([CHECK] + args, capture_output=True, text=True, timeout=120, **kw)
    return res.returncode, res.stdout, res.stderr


def instances():
    """the instances of ccsl-check that exist"""
    return sorted(n for n in os.listdir(INSTANCES) if n.startswith("ccsl-check-"))


def enabled_anywhere(names):
    """the test's events enabled at the top level or in any instance"""
    bad = []
    tops = [uprobes.TRACEFS] + [os.path.join(INSTANCES, n) for n in os.listdir(INSTANCES)]
    for top in tops:
        for name in names:
            try:
                with open(os.path.join(top, "events", uprobes.GROUP, name, "enable")) as f:
                    if f.read().strip() != "0":
                        bad.append(f"{top}:{name}")
            except FileNotFoundError:
                pass
    return bad


def standins(tag):
    """standin processes of this test still running (their device name is the tag)"""
    out = subprocess.run(["pgrep", "-f", f"{STANDIN} .*{tag}"], capture_output=True,
                         text=True).stdout
    return out.split()


def check_clean(what, names, tag):
    """after a case: nothing of ccsl-check left, the hand-made events kept and disabled"""
    left = instances()
    have = [n for n in names if os.path.isdir(os.path.join(uprobes.TRACEFS, "events",
                                                            uprobes.GROUP, n))]
    on = enabled_anywhere(names)
    procs = standins(tag)
    tap.ok(not left and have == names and not on and not procs,
           f"{what}: no instance left, the uprobes defined by hand kept and disabled, no "
           "command left running",
           f"instances {left}, uprobes {have} of {names}, enabled {on}, processes {procs}")


def json_doc(text, what):
    """a JSON report, or None with a failed test"""
    try:
        return json.loads(text)
    except ValueError as e:
        tap.ok(False, f"{what}: a JSON report", f"{e}: {text[:300]}")
        return None


def verdicts(doc):
    """{instance: verdict} of the first trace"""
    return {i["instance"]: i["verdict"] for i in doc["traces"][0]["instances"]}


def case_conform(tmp, names, tag):
    """a conforming bring-up: exit 0, no violation line"""
    rc, out, err = run(["-f", "json", "--live", "--", STANDIN, "conform", tag])
    doc = json_doc(out, "conform")
    tap.ok(rc == 0 and doc and verdicts(doc) == {tag: "conforms"} and
           " error " not in err and doc["traces"][0]["events_read"] >= 19,
           "a conforming bring-up conforms, live (exit 0, no violation on stderr)",
           f"exit {rc}: {err}\n{out[:500]}")
    check_clean("conform", names, tag)


def watch(args, signal_after=None):
    """run ccsl-check, timing each stderr line; signal_after: (pattern, signal) to send once
    a line matches; (exit status, stdout, [(seconds since the start, line, CLOCK_MONOTONIC
    at its arrival)], seconds at exit)"""
    t0 = time.monotonic()
    p = subprocess.Popen([CHECK] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True)
    lines = []
    for line in p.stderr:
        now = time.monotonic()
        lines.append((now - t0, line.rstrip("\n"), now))
        if signal_after and re.search(signal_after[0], line):
            p.send_signal(signal_after[1])
            signal_after = None
    out = p.stdout.read()
    rc = p.wait(timeout=60)
    return rc, out, lines, time.monotonic() - t0


def case_violate(tmp, names, tag):
    """a violating bring-up: the line while the command sleeps; the report as offline"""
    rec = os.path.join(tmp, "violate.dat")
    rc, out, lines, end = watch(["-f", "json", "--record", rec, "--live", "--", STANDIN,
                                 "--sleep-after", f"{EARLY_CALL}:3000", "early-notify", tag])
    # the line's time is the event's, on the instance's clock (mono: CLOCK_MONOTONIC)
    hit = [(t, now - float(m.group(1))) for t, line, now in lines
           if (m := re.search(rf"ccsl-check: (\d+\.\d+) {tag} .*error NONOTIFY: "
                              r"a queue was notified before DRIVER_OK "
                              r"\[VIRTIO 1\.2 3\.1\.1\]; virtio:notify", line))]
    tap.ok(rc == 1 and hit and end - hit[0][0] > 2.0 and -0.01 < hit[0][1] < 1.0,
           "the violation's line (time, device, rule, message, reference) comes on stderr "
           "within a second of its event, while the command still runs",
           f"exit {rc}, line at {hit[:1]} (since start, after the event), exit at {end:.2f}: "
           f"{lines}")
    live = json_doc(out, "violate")
    rc2, off, err2 = run(["-f", "json", rec])
    offline = json_doc(off, "violate offline")
    tap.ok(live and offline and rc2 == rc and live == offline and
           verdicts(live) == {tag: "violated"},
           "the final JSON report equals the offline report of the --record file; same exit",
           f"exit {rc} and {rc2}: {err2}\n{out[:400]}\n{off[:400]}")
    rc3, text, _ = run(["--live", "--record", rec, "--", STANDIN, "early-notify", tag])
    rc4, text_off, _ = run([rec])
    tap.ok(rc3 == rc4 == 1 and text == text_off and "not checked: QUEUES" in text,
           "the text report too, with the rules of events that exist nowhere not checked",
           f"exit {rc3} and {rc4}\n{text[:400]}\n---\n{text_off[:400]}")
    report = subprocess.run(["trace-cmd", "report", rec], capture_output=True, text=True)
    notify = [l for l in report.stdout.splitlines() if "notify:" in l and tag in l]
    tap.ok(report.returncode == 0 and len(notify) == 3,
           "trace-cmd report reads the --record file: the three notifications",
           f"exit {report.returncode}: {report.stderr[:300]} {notify}")
    check_clean("violate", names, tag)


def kmsg_lines(tag):
    """the kernel log's ccsl-check lines about the device tag"""
    out = subprocess.run(["dmesg"], capture_output=True, text=True).stdout
    return [l for l in out.splitlines() if "ccsl-check: " in l and f" {tag} " in l]


def case_kmsg(tmp, names, tag):
    """--kmsg: each violation in the kernel log too"""
    rc, _, err = run(["-q", "--kmsg", "--live", "--", STANDIN, "early-notify", tag])
    got = []
    for _ in range(20):	# the log is written at once; dmesg may lag behind a little
        got = kmsg_lines(tag)
        if len(got) >= 2:
            break
        time.sleep(0.1)
    tap.ok(rc == 1 and len(got) == 2 and any("NONOTIFY" in l for l in got) and
           any("BALLOON-STATS" in l for l in got),
           "--kmsg: both violations in the kernel log with the ccsl-check: prefix",
           f"exit {rc}: {got}\n{err}")
    check_clean("kmsg", names, tag)


def case_duration(tmp, names, tag):
    """--duration without a command: what ran meanwhile is checked"""
    t0 = time.monotonic()
    p = subprocess.Popen([CHECK, "-f", "json", "--live", "--duration", "3"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(1.5)
    subprocess.run([STANDIN, "conform", tag], check=True)
    out, err = p.communicate(timeout=30)
    took = time.monotonic() - t0
    doc = json_doc(out, "duration")
    tap.ok(p.returncode == 0 and doc and verdicts(doc) == {tag: "conforms"} and 3 <= took < 8,
           "--duration 3: a run of 3 s checks what ran meanwhile",
           f"exit {p.returncode} after {took:.1f} s: {err}\n{out[:300]}")
    check_clean("duration", names, tag)


def case_sigint(tmp, names, tag):
    """SIGINT after the first violation: the command stopped, the report of what was read"""
    rec = os.path.join(tmp, "int.dat")
    rc, out, lines, _ = watch(["-f", "json", "--record", rec, "--live", "--", STANDIN,
                               "--sleep-after", f"{EARLY_CALL}:30000", "early-notify", tag],
                              (r"NONOTIFY", signal.SIGINT))
    text = "\n".join(l for _, l, _ in lines)
    live = json_doc(out, "sigint")
    rc2, off, _ = run(["-f", "json", rec])
    tap.ok(rc == rc2 == 1 and live and live == json_doc(off, "sigint offline") and
           "stopping" in text and "killed by signal 2" in text,
           "SIGINT in the middle: the command stopped and said, the report of what was "
           "read (as offline), exit 1", f"exit {rc}/{rc2}: {text}\n{out[:300]}")
    check_clean("SIGINT", names, tag)


def case_sigterm(tmp, names, tag):
    """SIGTERM without a command: a clean stop with the report"""
    p = subprocess.Popen([CHECK, "-q", "--live"], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    time.sleep(1.5)
    subprocess.run([STANDIN, "early-notify", tag], check=True)
    time.sleep(0.5)
    p.send_signal(signal.SIGTERM)
    out, err = p.communicate(timeout=30)
    tap.ok(p.returncode == 1 and f"{tag} (balloon, 0000:00:02.0): VIOLATED" in out,
           "SIGTERM: the run stops cleanly and reports (exit 1)",
           f"exit {p.returncode}: {err}\n{out}")
    check_clean("SIGTERM", names, tag)


def case_crash(tmp, names, tag):
    """a crashed command: said on stderr; the report as usual"""
    rc, out, err = run(["-q", "--live", "--", "sh", "-c",
                        f"{STANDIN} conform {tag}; kill -SEGV $$"])
    tap.ok(rc == 0 and "sh was killed by signal 11" in err and "CONFORMS" in out,
           "a command killed by a signal: said on stderr, the check's own exit status",
           f"exit {rc}: {err}\n{out}")
    rc, out, err = run(["-q", "--live", "--", "sh", "-c", "exit 7"])
    tap.ok(rc == 3 and "sh exited with status 7" in err,
           "a command that fails: its status said, the check's exit status (3: nothing seen)",
           f"exit {rc}: {err}")
    check_clean("crashed command", names, tag)


def case_full_disk(tmp, names, tag):
    """--record on a full file system: exit 2, no file, the check still reported"""
    mnt = os.path.join(tmp, "full")
    os.mkdir(mnt)
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=12k", "tmpfs", mnt],
                      capture_output=True).returncode:
        tap.ok(True, "# SKIP a full disk: cannot mount a small tmpfs here")
        return
    try:
        rc, out, err = run(["-q", "--record", os.path.join(mnt, "t.dat"), "--live", "--",
                            STANDIN, "cycles:300", tag])
        files = os.listdir(mnt)
    finally:
        subprocess.run(["umount", mnt])
    tap.ok(rc == 2 and not files and "t.dat: not written" in err and "CONFORMS" in out,
           "--record on a full disk: exit 2, said, no file (nor temporary file) left, the "
           "check reported", f"exit {rc}, files {files}: {err}\n{out}")
    check_clean("full disk", names, tag)


def case_lost(tmp, names, tag):
    """an overrun while the reader is stopped: every lost event counted, as offline"""
    rec = os.path.join(tmp, "lost.dat")
    rc, out, err = run(["-f", "json", "--buffer-size", "16", "--record", rec, "--live", "--",
                        "sh", "-c", f"kill -STOP $PPID; {STANDIN} cycles:300 {tag}; "
                        "kill -CONT $PPID"])
    doc = json_doc(out, "lost")
    rc2, off, _ = run(["-f", "json", rec])
    t = doc["traces"][0] if doc else {}
    # cycles:300: 25 events a cycle (calls, del_vqs included, and the returns of get_status,
    # get_features)
    # the kernel stores the count on the first page read after the loss when it has room
    # for it: then read + lost = written; else the page says "lost, how many unknown"
    counted = (t.get("lost_events", 0) > 0 and not t.get("lost_unknown") and
               t["lost_events"] + t["events_read"] == 7500)
    unknown = t.get("lost_unknown") and t.get("events_read", 7500) < 7500
    tap.ok(rc == rc2 == 3 and doc == json_doc(off, "lost offline") and (counted or unknown) and
           "counted" not in err,
           "an overrun while the reader was stopped: every lost event counted (read + lost = "
           "written, or an unknown number where the page had no room for the count), "
           "inconclusive, as offline",
           f"exit {rc}/{rc2}: {err}\n{json.dumps(t.get('lost'))} read {t.get('events_read')}")
    check_clean("lost events", names, tag)


def case_misfit(tmp, names, tag):
    """a spec that does not fit: exit 2, and the command never ran"""
    spec = os.path.join(tmp, "misfit.ccsl")
    mark = os.path.join(tmp, "ran")
    with open(spec, "w") as f:
        f.write('spec misfit "a field the events lack"\ninstance per dev\n'
                "clock s = virtio:set_status[nosuchfield == 1]\nclock t = virtio:notify\n"
                "rule R: s < t\n")
    rc, _, err = run(["-s", spec, "--live", "--", "touch", mark])
    tap.ok(rc == 2 and "does not fit" in err and not os.path.exists(mark),
           "a spec that does not fit: exit 2, the command never started",
           f"exit {rc}, ran {os.path.exists(mark)}: {err}")
    check_clean("misfit", names, tag)


def case_not_root(tmp, names, tag):
    """without root: one line that says why, exit 2, nothing touched"""
    if subprocess.run(["sh", "-c", "command -v setpriv"], capture_output=True).returncode:
        tap.ok(True, "# SKIP not root: no setpriv here")
        return
    res = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", CHECK,
                          "--live", "--", STANDIN, "conform", tag], capture_output=True,
                         text=True, timeout=60)
    tap.ok(res.returncode == 2 and "live mode needs root" in res.stderr and not res.stdout,
           "not root: exit 2, one line that says live mode needs root, no report",
           f"exit {res.returncode}: {res.stderr}{res.stdout}")
    check_clean("not root", names, tag)


def main():
    why = None
    if os.geteuid():
        why = "not root"
    elif not os.path.exists(STANDIN):
        why = f"no {STANDIN} (make {STANDIN})"
    lock = open(LOCK, "w") if not why else None
    if lock:
        fcntl.flock(lock, fcntl.LOCK_EX)	# another run of this test: wait for it
        why = uprobes.available()
    if why:
        print(f"1..0 # SKIP live mode needs tracefs and uprobe events: {why}")
        return 0
    names = []

    def on_term(sig, frame):
        uprobes.remove(names)
        sys.exit(1)

    signal.signal(signal.SIGTERM, on_term)
    tag = f"lv{os.getpid() % 100000}"
    try:
        names += uprobes.define(STANDIN)
        with tempfile.TemporaryDirectory() as tmp:
            for case in (case_conform, case_violate, case_kmsg, case_duration, case_sigint,
                         case_sigterm, case_crash, case_full_disk, case_lost, case_misfit,
                         case_not_root):
                case(tmp, names, tag)
    finally:
        uprobes.remove(names)
    with open(os.path.join(uprobes.TRACEFS, "uprobe_events")) as f:
        left = [l for l in f if f":{uprobes.GROUP}/" in l]
    tap.ok(not left, "the test's uprobes removed", left)
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
